"""Galleries that read well: a grid on wide screens, a legend, counted filter options, light permalinks."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from conftest import fresh_page, shipped_catalog
from playwright.sync_api import expect

from generator.i18n import labels

CATALOG = shipped_catalog()
TOPIC = max(CATALOG.topics, key=lambda tid: len(CATALOG.quotes_for_topic(tid)))


def card_columns(page) -> int:
    lefts = page.eval_on_selector_all(".kp-gallery .kp-quote", "cards => cards.map(c => Math.round(c.getBoundingClientRect().left))")
    return len(set(lefts))


@pytest.mark.parametrize(("width", "columns"), [(1280, 2), (390, 1)])
def test_cards_form_a_grid_on_wide_screens_and_one_column_on_phones(site, browser, width, columns):
    _, base = site
    with fresh_page(browser, viewport={"width": width, "height": 900}) as page:
        page.goto(f"{base}topics/{TOPIC}/")
        assert card_columns(page) == columns
        # a grid shortens the page: two columns make the gallery about half as tall as its cards stacked
        if width == 1280:
            gallery, stacked = page.evaluate("""() => {
                const cards = [...document.querySelectorAll('.kp-gallery .kp-quote')];
                return [document.querySelector('.kp-gallery').getBoundingClientRect().height,
                        cards.reduce((sum, c) => sum + c.getBoundingClientRect().height, 0)];
            }""")
            assert gallery < 0.7 * stacked


@pytest.mark.parametrize(("lang", "lang_dir"), [("en", ""), ("zh", "zh/")])
def test_legend_explains_every_badge_and_the_dashed_border(site, lang, lang_dir):
    out, _ = site
    L = labels(lang)
    page = BeautifulSoup((out / lang_dir / f"topics/{TOPIC}/index.html").read_text(encoding="utf-8"), "html.parser")
    legend = page.select_one("details.kp-legend")
    assert legend.summary.get_text() == L["legend_title"]
    items = [li.get_text(" ", strip=True) for li in legend.select("li")]
    for confidence in ("verified", "auto-transcript", "corroborated", "unverified"):
        assert f"{L[confidence]} {L[confidence + '_help']}" in items
    assert L["legend_unverified_border"] in items[-1]
    # the legend comes before the cards it explains
    assert str(page).index("kp-legend") < str(page).index('class="kp-gallery"')


def test_filter_options_show_how_many_quotes_each_pattern_has(site):
    out, _ = site
    quotes = CATALOG.quotes_for_topic(TOPIC)
    page = BeautifulSoup((out / f"topics/{TOPIC}/index.html").read_text(encoding="utf-8"), "html.parser")
    options = {o["value"]: o.get_text() for o in page.select("#kp-filter-select option")}
    assert options[""] == f"All patterns ({len(quotes)})"
    for pid, text in options.items():
        if pid:
            count = sum(pid in q.patterns for q in quotes)
            assert text == f"{CATALOG.patterns[pid].name.en} ({count})"


def test_heading_copy_button_is_an_icon_shown_on_hover_and_keyboard_focus(site, page):
    _, base = site
    pid = next(iter(CATALOG.patterns))
    page.goto(f"{base}patterns/{pid}/")
    button = page.get_by_role("button", name="Copy link").nth(1)  # the first is the page title's
    expect(button).to_have_css("opacity", "0")
    assert button.evaluate("b => b.closest('h2').id") == "definition"
    # keyboard: focus it, it shows; its name is still there for screen readers
    button.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    expect(button).to_be_focused()
    expect(button).to_have_css("opacity", "1")
    assert button.bounding_box()["width"] < 40  # an icon, not a boxed label
    # hover on the heading shows the next one
    other = page.locator("#effect .kp-copy")
    page.locator("#effect").hover()
    expect(other).to_have_css("opacity", "1")


def test_quote_card_actions_have_names(site, page):
    _, base = site
    page.goto(f"{base}topics/{TOPIC}/")
    first = CATALOG.quotes_for_topic(TOPIC)[0]
    card = page.locator(f"#{first.id}")
    expect(card.get_by_role("link", name="Permalink")).to_have_attribute("href", re.compile(f"#{first.id}$"))
    expect(card.get_by_role("button", name="Copy link")).to_be_visible()
    expect(card.get_by_role("button", name="Copy as Markdown citation")).to_be_visible()
