"""The site in a real headless Chromium: links, language switch, copy buttons."""

from __future__ import annotations

import re

from conftest import shipped_catalog
from playwright.sync_api import expect


CATALOG = shipped_catalog()


def test_pattern_page_related_link_and_language_switch(site, page):
    _, base = site
    pid, pattern = next(iter(CATALOG.patterns.items()))
    page.goto(f"{base}patterns/{pid}/")
    expect(page.locator("h1")).to_contain_text(pattern.name.en)

    # Follow the first related pattern (instant navigation swaps the page in place).
    rid = next(ids[0] for ids in CATALOG.relations_of(pid).values() if ids)
    page.locator("ul.kp-related a").first.click()
    page.wait_for_url(f"{base}patterns/{rid}/")
    expect(page.locator("h1")).to_contain_text(CATALOG.patterns[rid].name.en)
    expect(page.locator("#when-not-to-use")).to_be_visible()

    # Switch language: same page, Chinese text.
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.md-select__link[hreflang=zh]").click()
    page.wait_for_url(f"{base}zh/patterns/{rid}/")
    expect(page.locator("h1")).to_contain_text(CATALOG.patterns[rid].name.zh)
    assert page.locator("html").get_attribute("lang") == "zh"

    # And back.
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.md-select__link[hreflang=en]").click()
    page.wait_for_url(f"{base}patterns/{rid}/")


def test_copy_link_button_copies_the_anchor_url(site, page):
    _, base = site
    pid = next(iter(CATALOG.patterns))
    page.goto(f"{base}patterns/{pid}/")
    button = page.locator("#effect .kp-copy")
    button.click()
    expect(button).to_have_text("Copied")
    assert page.evaluate("navigator.clipboard.readText()") == f"{base}patterns/{pid}/#effect"


def test_pattern_table_sorts_by_quote_count(site, page):
    _, base = site
    page.goto(f"{base}patterns/")
    header = page.locator("th", has_text="Quotes")
    header.locator("button").click()
    expect(header).to_have_attribute("aria-sort", "ascending")
    counts = [int(c) for c in page.locator("tbody tr td:last-child").all_inner_texts()]
    assert counts == sorted(counts)
    header.locator("button").click()
    counts = [int(c) for c in page.locator("tbody tr td:last-child").all_inner_texts()]
    assert counts == sorted(counts, reverse=True)


def test_chinese_search_finds_a_chinese_word(site, page):
    _, base = site
    page.goto(f"{base}zh/")
    page.locator("label.md-search__icon, .md-search__input").first.click()
    page.locator("input.md-search__input").fill("模式")
    # Material reads the query on keyup; fill() sends none, so a query typed after the
    # search worker is ready would never run. A key press makes it run, early or late.
    page.locator("input.md-search__input").press("End")
    # "N 个符合条件的结果": Chinese words were segmented and indexed
    expect(page.locator(".md-search-result__meta")).to_contain_text(re.compile(r"\d+ 个符合条件的结果"), timeout=15_000)
    first = page.locator(".md-search-result__item").first
    assert "模式" in first.inner_text().replace("\u200b", "")
