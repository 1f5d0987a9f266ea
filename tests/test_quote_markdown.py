"""A quote's Chinese translation follows the same rule as its English text: Markdown
(bold, code, links, sanitised) when the source is a Markdown venue, plain text otherwise,
on every page that shows it (galleries, pattern pages, quizzes, cheat sheet) and in search."""

from __future__ import annotations

import json

from bs4 import BeautifulSoup
from conftest import shipped_catalog

from generator import paths
from generator.site.render import MARKDOWN_VENUES

CATALOG = shipped_catalog()
MD_QUOTES = [q for q in CATALOG.quotes.values() if q.source.venue in MARKDOWN_VENUES and q.zh and "**" in q.zh]


def test_markdown_translations_render_bold_in_every_page(site):
    out, _ = site
    assert MD_QUOTES, "the data has a Markdown quote with a bold Chinese translation"
    seen = 0
    for file in (out / paths.PREFIX["zh"]).rglob("index.html"):
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        for block in soup.select(".kp-quote__translation, .kp-quiz__translation, .kp-cheat__translation"):
            assert "**" not in block.get_text(), (file, block.get_text()[:80])
            seen += 1
    assert seen > 50
    hero = next(q for q in MD_QUOTES if q.id == "dont-be-a-hero")
    page = BeautifulSoup((out / paths.in_lang("zh", paths.topic("code")) / "index.html").read_text(encoding="utf-8"), "html.parser")
    card = page.find(id=hero.id)
    assert card.select_one(".kp-quote__translation strong").get_text() == "别逞英雄"
    assert card.select_one("blockquote strong").get_text() == "Don't be a hero"


def test_search_index_has_no_raw_markdown_in_translations(site):
    out, _ = site
    index = json.loads((out / paths.PREFIX["zh"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    # jieba's segmentation puts zero-width spaces between words
    texts = [doc["text"].replace("\u200b", "") for doc in index["docs"]]
    texts = [t for t in texts if "别逞英雄" in t]
    assert texts
    assert not any("**别逞英雄**" in t for t in texts)
