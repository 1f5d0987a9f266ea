"""Search on the site Zensical builds (`build --engine zensical`), in a real Chromium, in both languages.

Zensical's bundle draws its own search dialog (in a shadow root, which Playwright's CSS locators enter)
when the header's search box is clicked; overrides/partials/search.html gives it Zensical's markup there.
With Material's markup instead, the header showed an unstyled form that stayed at "Initializing search".
"""

from __future__ import annotations

import re

import pytest
from conftest import shipped_catalog
from playwright.sync_api import expect

from generator import paths

CATALOG = shipped_catalog()
HAN = re.compile(r"[\u4e00-\u9fff]+")
# Zensical's own text (zensical/templates/partials/languages/<lang>.html): Material's search markup
# shows it until Material's bundle, which Zensical does not ship, replaces it.
INITIALIZING = {"en": "Initializing search", "zh": "正在初始化搜索引擎"}


def copied_phrase(text: str) -> str:
    """Six characters from the middle of the longest run of Chinese in text: a phrase cut out of a sentence."""
    run = max(HAN.findall(text), key=len)
    middle = len(run) // 2
    return run[max(0, middle - 3): middle + 3]


CASES = [
    ("en", CATALOG.patterns["plain-words"].name.en, "plain-words"),
    ("zh", CATALOG.patterns["plain-words"].name.zh, "plain-words"),
    ("zh", copied_phrase(CATALOG.patterns["coin-a-name"].summary.zh), "coin-a-name"),
]


@pytest.mark.parametrize("lang, query, pid", CASES)
def test_zensical_search_finds_the_pattern_page(zensical_site, page, lang, query, pid):
    _, base = zensical_site
    page.goto(base + paths.PREFIX[lang])
    expect(page.get_by_text(INITIALIZING[lang])).to_have_count(0)
    page.locator("[data-md-component=search] button").click()
    box = page.locator("dialog[open] input")
    box.fill(query)
    target = base + paths.in_lang(lang, paths.pattern(pid))
    results = page.locator("dialog[open] ol a[href]")
    expect(results.first).to_be_visible(timeout=15_000)
    pages: list[str] = []
    for href in results.evaluate_all("els => els.map(e => e.href)"):
        url = href.split("#")[0].split("?")[0]
        if url not in pages:
            pages.append(url)
    assert target in pages[:3], (query, pages[:5])
