"""Topic galleries: every quote once, with its source, anchors and pattern links."""

from __future__ import annotations

import re

import markdown

from bs4 import BeautifulSoup
from conftest import fresh_page, shipped_catalog
from playwright.sync_api import expect

from generator.site.render import MARKDOWN_VENUES

CATALOG = shipped_catalog()


def shown_text(quote) -> str:
    """The words a reader sees: Markdown marks of blog and README quotes are rendered away."""
    text = quote.text.strip()
    if quote.source.venue in MARKDOWN_VENUES:
        text = BeautifulSoup(markdown.markdown(text), "html.parser").get_text()
    return re.sub(r"\s+", " ", text).strip()


def card_text(figure) -> str:
    quote = figure.find("blockquote")
    for br in quote.find_all("br"):
        br.replace_with("\n")
    return re.sub(r"\s+", " ", quote.get_text()).strip()


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_every_quote_appears_once_in_its_gallery_in_both_languages(site):
    out, _ = site
    for lang_dir in ("", "zh/"):
        seen = []
        for tid in CATALOG.topics:
            page = soup(out / f"{lang_dir}topics/{tid}/index.html")
            cards = page.select(".kp-gallery .kp-quote")
            assert [c["id"] for c in cards] == [q.id for q in CATALOG.quotes_for_topic(tid)]
            seen += [c["id"] for c in cards]
        assert sorted(seen) == sorted(CATALOG.quotes)


def test_cards_show_source_and_link_their_patterns(site):
    out, _ = site
    for tid in CATALOG.topics:
        page = soup(out / f"topics/{tid}/index.html")
        for card in page.select(".kp-gallery .kp-quote"):
            quote = CATALOG.quotes[card["id"]]
            src = quote.source
            caption = card.find("figcaption")
            if src.url:
                assert caption.find("a")["href"] == src.url
            if src.date:
                assert caption.find("time")["datetime"] == src.date
            badge = caption.select_one(".kp-badge")
            assert f"kp-badge--{src.confidence}" in badge["class"]
            if not src.verified:
                assert "kp-quote--unverified" in card["class"]
            chips = [a["href"] for a in card.select("a.kp-chip")]
            assert chips == [f"../../patterns/{pid}/" for pid in quote.patterns]
            assert card.select_one("a.kp-permalink")["href"] == f"#{quote.id}"
            assert card_text(card) == shown_text(quote)


def test_unverified_quotes_are_marked_in_words(site):
    out, _ = site
    unverified = [q for q in CATALOG.quotes.values() if q.source.confidence == "unverified"]
    assert unverified, "the seed has at least one unverified quote"
    for quote in unverified:
        page = soup(out / f"topics/{CATALOG.quote_topic[quote.id]}/index.html")
        assert page.find(id=quote.id).select_one(".kp-badge").get_text(strip=True) == "Unverified"


def test_topic_index_counts_quotes(site):
    out, _ = site
    page = soup(out / "topics/index.html")
    for tid in CATALOG.topics:
        item = page.find("a", href=f"{tid}/").parent
        assert f"{len(CATALOG.quotes_for_topic(tid))} quotes" in item.get_text()


def test_pattern_pages_draw_examples_from_quotes(site):
    out, _ = site
    for pid, pattern in CATALOG.patterns.items():
        page = soup(out / f"patterns/{pid}/index.html")
        shown = [card_text(fig) for fig in page.select(".kp-example .kp-quote")]
        assert shown == [shown_text(CATALOG.quotes[e.quote]) for e in pattern.examples]


def test_filter_copy_permalink_and_land_on_the_quote(site, page):
    _, base = site
    tid = max(CATALOG.topics, key=lambda t: len(CATALOG.quotes_for_topic(t)))
    quotes = CATALOG.quotes_for_topic(tid)
    # a pattern that some but not all quotes of this topic show
    counts = {}
    for q in quotes:
        for pid in q.patterns:
            counts[pid] = counts.get(pid, 0) + 1
    pid = max((p for p, n in counts.items() if n < len(quotes)), key=lambda p: counts[p])
    page.goto(f"{base}topics/{tid}/")
    page.select_option("#kp-filter-select", pid)
    visible = page.locator(".kp-gallery .kp-quote:visible")
    expect(visible).to_have_count(counts[pid])
    expect(page.locator(".kp-filter__count")).to_have_text(f"{counts[pid]} of {len(quotes)} quotes shown")
    assert page.url.endswith(f"?pattern={pid}")

    target = next(q for q in quotes if pid in q.patterns)
    card = page.locator(f"#{target.id}")
    card.locator(".kp-copy--quote").click()
    link = page.evaluate("navigator.clipboard.readText()")
    assert link == f"{base}topics/{tid}/#{target.id}"

    card.locator(".kp-copy--citation").click()
    citation = page.evaluate("navigator.clipboard.readText()")
    assert citation.startswith("> ") and "— Andrej Karpathy" in citation

    # Back to all, then open the permalink fresh: the quote is in view.
    page.select_option("#kp-filter-select", "")
    expect(page.locator(".kp-gallery .kp-quote:visible")).to_have_count(len(quotes))
    fresh = page.context.new_page()
    fresh.goto(link)
    expect(fresh.locator(f"#{target.id}")).to_be_in_viewport()
    assert fresh.evaluate("location.hash") == f"#{target.id}"


def test_gallery_without_javascript_shows_every_quote(site, browser):
    _, base = site
    with fresh_page(browser, java_script_enabled=False) as page:
        tid = next(iter(CATALOG.topics))
        page.goto(f"{base}topics/{tid}/")
        expect(page.locator(".kp-gallery .kp-quote:visible")).to_have_count(len(CATALOG.quotes_for_topic(tid)))
        expect(page.locator("form.kp-filter")).to_be_hidden()


def test_gallery_filter_by_keyboard_alone(site, page):
    _, base = site
    tid = next(iter(CATALOG.topics))
    quotes = CATALOG.quotes_for_topic(tid)
    page.goto(f"{base}topics/{tid}/")
    select = page.locator("#kp-filter-select")
    # Tab from the top of the page until the filter has focus.
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == "kp-filter-select":
            break
    else:
        raise AssertionError("the filter cannot be reached with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "focus must be visible"
    page.keyboard.press("ArrowDown")  # first pattern in the list
    chosen = select.input_value()
    assert chosen
    expected = sum(1 for q in quotes if chosen in q.patterns)
    expect(page.locator(".kp-gallery .kp-quote:visible")).to_have_count(expected)
    expect(page.locator(".kp-filter__count")).to_have_text(f"{expected} of {len(quotes)} quotes shown")
