"""Nothing moves when the scripts run: the page is drawn from the start as they leave it (issue 16).

Layout shift is measured the way browsers report it to Lighthouse (CLS): a PerformanceObserver
on layout-shift entries, installed before the page starts loading, summed once the page's own
script has set the page up. Shifts right after a click or key press do not count (hadRecentInput).
"""

from __future__ import annotations

import pytest
from generator import paths

# Collect every layout-shift entry from the first paint on.
OBSERVE = """
window.__kpShifts = [];
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) {
    window.__kpShifts.push({value: entry.value, input: entry.hadRecentInput,
      nodes: (entry.sources || []).map(s => s.node ? (s.node.className || s.node.nodeName) + "" : "?")});
  }
}).observe({type: "layout-shift", buffered: true});
"""

# (page, the element its script marks data-kp-ready="on" when it has set the page up)
PAGES = {
    "quiz": (paths.quiz("name-that-pattern"), "section.kp-quiz"),
    "gallery": (paths.topic("llm-nature"), "form.kp-filter"),
}
VIEWPORTS = {"phone": {"width": 412, "height": 823}, "desktop": {"width": 1280, "height": 800}}


def layout_shift(browser, url: str, ready: str, viewport: dict) -> tuple[float, list]:
    # A narrow window, not Playwright's is_mobile: with its touch emulation Chromium marks every shift
    # as following input (hadRecentInput), and nothing would be counted.
    context = browser.new_context(viewport=viewport)
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.add_init_script(OBSERVE)
        page.goto(url, wait_until="load")
        page.wait_for_selector(f'{ready}[data-kp-ready="on"]', state="attached")
        # Layout-shift entries are reported after the next frames are drawn.
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 300))))")
        shifts = page.evaluate("window.__kpShifts")
    finally:
        context.close()
    assert not errors, errors
    counted = [s for s in shifts if not s["input"]]
    return sum(s["value"] for s in counted), counted


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("kind", PAGES)
def test_scripts_do_not_move_the_page(site, browser, kind, lang, viewport):
    _, base = site
    path, ready = PAGES[kind]
    total, shifts = layout_shift(browser, base + paths.in_lang(lang, path), ready, VIEWPORTS[viewport])
    assert total < 0.01, (total, shifts)


# Where every box of the quiz is, relative to the page (not the window).
BOXES = """() => [...document.querySelectorAll(".kp-quiz, .kp-quiz *")].filter(e => e.getClientRects().length)
  .map(e => { const r = e.getBoundingClientRect();
    return [e.tagName, e.className + "", Math.round(r.top + scrollY), Math.round(r.left), Math.round(r.height), Math.round(r.width)]; })"""


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_quiz_page_is_drawn_as_quiz_js_leaves_it(site, browser, viewport):
    """CLS counts only what moves inside the window; this checks the whole quiz, box by box."""
    _, base = site
    url = base + paths.quiz("name-that-pattern")
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    try:
        page = context.new_page()
        page.route("**/assets/kp/quiz.js", lambda route: route.abort())  # the page as drawn before quiz.js
        page.goto(url, wait_until="load")
        page.wait_for_function("document.documentElement.classList.contains('js') && window.document$")
        before = page.evaluate(BOXES)
        assert page.locator('section.kp-quiz[data-kp-ready="on"]').count() == 0
        page.unroute("**/assets/kp/quiz.js")
        page.add_script_tag(url=base + "assets/kp/quiz.js")
        page.wait_for_selector('section.kp-quiz[data-kp-ready="on"]', state="attached")
        after = page.evaluate(BOXES)
    finally:
        context.close()
    assert len(before) > 50
    moved = [(b, a) for b, a in zip(before, after) if b != a]
    assert len(before) == len(after) and not moved, moved[:5]
