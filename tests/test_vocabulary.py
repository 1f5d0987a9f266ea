"""No internal vocabulary on the public site: a visitor cannot know what "the seed" or "a persona file" is.

The study the site grew from is named once, on the About page, and elsewhere called
"a 2026 Chinese study of his style". Checks the visible text of every built page in
both languages, and the search indexes (their text becomes search snippets).
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from generator import paths

INTERNAL = re.compile(r"\bseed(s|'s|ed)?\b|\bpersona\b|种子文件|人设文件", re.I)


def visible_text(html: str) -> str:
    soup = BeautifulSoup(html, "html.parser")
    for hidden in soup(["script", "style", "template", "head"]):
        hidden.decompose()
    return soup.get_text(" ")


def test_no_internal_words_on_any_page(site):
    out, _ = site
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 60 and any(p.is_relative_to(out / paths.PREFIX["zh"]) for p in pages)
    found = {}
    for file in pages:
        text = visible_text(file.read_text(encoding="utf-8"))
        hits = sorted({m.group(0) for m in INTERNAL.finditer(text)})
        if hits:
            found[file.relative_to(out).as_posix()] = hits
    assert not found, found
    for lang in paths.LANGS:
        index = (out / paths.PREFIX[lang] / "search" / "search_index.json").read_text(encoding="utf-8")
        assert not INTERNAL.search(index), lang


def test_about_page_names_the_study_and_its_sources(site):
    out, _ = site
    for lang in paths.LANGS:
        html = (out / paths.in_lang(lang, paths.ABOUT) / "index.html").read_text(encoding="utf-8")
        text = visible_text(html)
        assert "2026" in text and "karpathy.ai/tweets.html" in text and "github.com/karpathy/nanoGPT" in text
        # and it is in the navigation of every page
        home = BeautifulSoup((out / paths.PREFIX[lang] / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert home.select_one(f'nav a[href="{paths.ABOUT}"]'), lang
