"""Paper and phones: printing from either colour scheme gives light colours with 4.5:1
contrast (axe-core's color-contrast rule under Chromium's print emulation), and the
pattern table fits a 390 px screen with no sideways scrolling inside it."""

from __future__ import annotations

import pytest
from conftest import ROOT, fresh_page, shipped_catalog

from generator import paths

AXE = ROOT / "node_modules/axe-core/axe.min.js"
PAGE_TYPES = ["", paths.PATTERNS, paths.pattern("kind-of-like"), paths.TOPICS, paths.topic("code"),
              paths.QUIZZES, paths.quiz("name-that-pattern"), paths.CHEATSHEET, paths.CHECK, paths.ABOUT]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", paths.LANGS)
def test_print_has_light_colours_and_enough_contrast(site, browser, scheme, lang):
    _, base = site
    with fresh_page(browser, color_scheme=scheme) as page:
        report = {}
        for path in PAGE_TYPES:
            page.goto(base + paths.in_lang(lang, path))
            assert page.locator("body").get_attribute("data-md-color-scheme") == ("slate" if scheme == "dark" else "default")
            page.emulate_media(media="print")
            background = page.evaluate("getComputedStyle(document.body).backgroundColor")
            assert background in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), (path, background)
            page.add_script_tag(path=str(AXE))
            result = page.evaluate("""axe.run(document, {runOnly: ['color-contrast']}).then(r => ({
                passes: r.passes.reduce((n, rule) => n + rule.nodes.length, 0),
                violations: r.violations.flatMap(v => v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' ' + n.any.map(a => a.message).join(' ')))
            }))""")
            assert result["passes"] > 5, path
            if result["violations"]:
                report[path] = result["violations"]
            page.emulate_media(media="screen")
    assert report == {}


@pytest.mark.parametrize("lang", paths.LANGS)
def test_pattern_table_fits_a_phone(site, browser, lang):
    _, base = site
    with fresh_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True) as page:
        page.goto(base + paths.in_lang(lang, paths.PATTERNS))
        wrap = page.locator(".kp-table-wrap")
        sizes = wrap.evaluate("w => [w.scrollWidth, w.clientWidth, document.documentElement.scrollWidth]")
        assert sizes[0] <= sizes[1] and sizes[2] <= 390, sizes
        headers = page.locator("table.kp-table thead th:visible")
        assert headers.count() == 3  # name, summary, quote count; example and effect are on each pattern page
        boxes = [headers.nth(i).locator("button").bounding_box() for i in range(headers.count())]
        for left, right in zip(boxes, boxes[1:]):
            assert left["x"] + left["width"] <= right["x"], boxes  # header labels do not collide
        rows = page.locator("table.kp-table tbody tr")
        assert rows.count() > 10
        assert rows.first.locator("td:visible").count() == 3


@pytest.mark.parametrize("lang", paths.LANGS)
def test_no_page_is_wider_than_a_phone(site, browser, lang):
    """issue 24: at 390 px no page type scrolls sideways (a topic's filter <select> once made them 572 px)."""
    from generator.data.catalog import load_catalog
    catalog = shipped_catalog()
    pages = [*PAGE_TYPES, paths.PATTERN_MAP, paths.BY_DOCUMENT, paths.quiz("code"),
             *(paths.topic(tid) for tid in catalog.topics)]
    _, base = site
    wide = {}
    with fresh_page(browser, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True) as page:
        for path in dict.fromkeys(pages):
            page.goto(base + paths.in_lang(lang, path))
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide[path] = (width, page.evaluate("""() => [...document.querySelectorAll('.md-content *')]
                    .filter(e => e.getBoundingClientRect().right > 391).slice(0, 3)
                    .map(e => e.tagName + '.' + e.className)"""))
    assert wide == {}
