"""Chinese search finds phrases: a 3-10 character phrase copied from a page finds that
page among the first 3 results, in Chromium, for every page type.

Material splits a Chinese query into the index's words and ORs them as prefixes;
our worker (overrides/assets/javascripts/workers/kp-search.js) ranks the sections
that hold the whole phrase first. Phrases come from the data and the locale, so an
edited text changes the phrase, not the test.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup
from conftest import ROOT, shipped_catalog
from playwright.sync_api import expect

from generator import paths
from generator.i18n import labels

CATALOG = shipped_catalog()
L = labels("zh")
HAN = re.compile(r"[\u4e00-\u9fff]{3,}")


def phrase(text: str, size: int = 6) -> str:
    """The first run of Chinese characters in text, cut to `size` (3 to 10 characters, no punctuation)."""
    runs = HAN.findall(text)
    assert runs, text
    return max(runs, key=len)[:size]


def home_text() -> str:
    lines = (ROOT / "content/zh/index.md").read_text(encoding="utf-8").split("---", 2)[2].splitlines()
    return next(line for line in lines if line and not line.startswith("#"))


PHRASES = [
    # the failures: a gallery card and three pattern summaries
    ("别逞英雄", paths.topic("code")),
    ("带画面的短名字", paths.pattern("coin-a-name")),
    (phrase(CATALOG.patterns["kind-of-like"].summary.zh), paths.pattern("kind-of-like")),
    ("先接住大家都认的说法", paths.pattern("reverse-common-sense")),
    (phrase(CATALOG.patterns["plain-words"].summary.zh, 8), paths.pattern("plain-words")),
    (phrase(CATALOG.patterns["measured-vs-predicted"].definition.zh), paths.pattern("measured-vs-predicted")),
    (phrase(home_text()), ""),
    (phrase(L["pattern_table_intro"]), paths.PATTERNS),
    (phrase(L["topics_intro"]), paths.TOPICS),
    (phrase(L["check_intro"]), paths.CHECK),
    (phrase(L["cheatsheet_intro"].split("。")[-2]), paths.CHEATSHEET),
    (phrase(L["quiz_intro_which_rewrite"]), paths.quiz("which-rewrite")),
    (phrase(L["quiz_intro_measured_or_predicted"].split("。")[-1]), paths.quiz("measured-or-predicted")),
    ("调研日期", paths.ABOUT),
]


def test_phrases_are_on_their_pages(site):
    out, _ = site
    assert len(PHRASES) >= 12 and len({p for _, p in PHRASES}) >= 12
    for text, path in PHRASES:
        assert 3 <= len(text) <= 10, text
        html = (out / paths.in_lang("zh", path) / "index.html").read_text(encoding="utf-8")
        assert text in BeautifulSoup(html, "html.parser").get_text(), (text, path)


def result_pages(page, base: str) -> list[str]:
    pages: list[str] = []
    for href in page.eval_on_selector_all("li.md-search-result__item > a.md-search-result__link", "els => els.map(e => e.href)"):
        path = href.split("#")[0].split("?")[0][len(base) + len(paths.PREFIX["zh"]):]
        if path not in pages:
            pages.append(path)
    return pages


def test_a_copied_phrase_finds_its_page_in_the_top_3(site, page):
    _, base = site
    page.goto(base + paths.PREFIX["zh"])
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box, meta = page.locator("input.md-search__input"), page.locator(".md-search-result__meta")
    ranks = {}
    for text, path in PHRASES:
        box.fill("")
        box.press("End")
        expect(meta).not_to_contain_text("符合条件")
        box.fill(text)
        box.press("End")  # the worker may start late; a key press makes the query run
        expect(meta).to_contain_text(re.compile(r"\d+ 个符合条件的结果"), timeout=15_000)
        found = result_pages(page, base)
        ranks[text] = found.index(path) + 1 if path in found else None
    missed = {text: rank for text, rank in ranks.items() if rank is None or rank > 3}
    assert not missed, ranks
