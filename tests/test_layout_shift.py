"""Nothing moves when the scripts run: the page is drawn from the start as they leave it (issue 16).

Layout shift is measured the way browsers report it to Lighthouse (CLS): a PerformanceObserver
on layout-shift entries, installed before the page starts loading, summed once the page's own
script has set the page up. Shifts right after a click or key press do not count (hadRecentInput).
"""

from __future__ import annotations

import pytest
from conftest import fresh_page

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

# site.js has set a page up once its title has a copy-link button; (page, what else its scripts set up)
TITLE_BUTTON = "article h1 .kp-copy"
PAGES = {
    "home": ("", TITLE_BUTTON),
    "map": (paths.PATTERN_MAP, TITLE_BUTTON),
    "quiz": (paths.quiz("name-that-pattern"), 'section.kp-quiz[data-kp-ready="on"]'),
    "gallery": (paths.topic("llm-nature"), 'form.kp-filter[data-kp-ready="on"]'),
}
# 390 px: a common phone; 412 px: the phone Lighthouse emulates.
VIEWPORTS = {"390": {"width": 390, "height": 844}, "412": {"width": 412, "height": 823},
             "1280": {"width": 1280, "height": 800}}


def layout_shift(browser, url: str, ready: str, viewport: dict) -> tuple[float, list]:
    # A narrow window, not Playwright's is_mobile: with its touch emulation Chromium marks every shift
    # as following input (hadRecentInput), and nothing would be counted.
    errors: list[str] = []
    with fresh_page(browser, viewport=viewport) as page:
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.add_init_script(OBSERVE)
        page.goto(url, wait_until="load")
        page.wait_for_selector(TITLE_BUTTON, state="attached")
        page.wait_for_selector(ready, state="attached")
        # Layout-shift entries are reported after the next frames are drawn.
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(r, 300))))")
        shifts = page.evaluate("window.__kpShifts")
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
    with fresh_page(browser, viewport=VIEWPORTS[viewport]) as page:
        page.route("**/assets/kp/quiz.js", lambda route: route.abort())  # the page as drawn before quiz.js
        page.goto(url, wait_until="load")
        page.wait_for_function("document.documentElement.classList.contains('js') && window.document$")
        before = page.evaluate(BOXES)
        assert page.locator('section.kp-quiz[data-kp-ready="on"]').count() == 0
        page.unroute("**/assets/kp/quiz.js")
        page.add_script_tag(url=base + "assets/kp/quiz.js")
        page.wait_for_selector('section.kp-quiz[data-kp-ready="on"]', state="attached")
        after = page.evaluate(BOXES)
    assert len(before) > 50
    moved = [(b, a) for b, a in zip(before, after) if b != a]
    assert len(before) == len(after) and not moved, moved[:5]


# Per heading with a copy-link button: the top and bottom of its last line of words (not counting
# Material's permalink, hidden until hovered), and the middle of the button.
LAST_LINE = """() => [...document.querySelectorAll("article h1, article h2[id]")].filter(h => h.querySelector(".kp-copy"))
  .map(h => { const walk = document.createTreeWalker(h, NodeFilter.SHOW_TEXT), rects = [];
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      if (n.parentElement.closest(".kp-copy, .headerlink") || !n.textContent.trim()) continue;
      const range = document.createRange(); range.selectNodeContents(n);
      rects.push(...[...range.getClientRects()].filter(r => r.width > 0));
    }
    const last = rects.reduce((a, b) => (b.top > a.top ? b : a)), button = h.querySelector(".kp-copy").getBoundingClientRect();
    return {heading: h.textContent, line: [last.top, last.bottom], button: (button.top + button.bottom) / 2}; })"""


@pytest.mark.parametrize("viewport", ["390", "412"])
@pytest.mark.parametrize("kind", ["home", "map"])
def test_heading_buttons_never_sit_alone_on_a_line(site, browser, kind, viewport):
    """An invisible button (it shows on hover) alone on a line would leave a gap under the title."""
    _, base = site
    with fresh_page(browser, viewport=VIEWPORTS[viewport]) as page:
        page.goto(base + PAGES[kind][0], wait_until="load")
        assert page.evaluate("innerWidth") == VIEWPORTS[viewport]["width"]  # a phone, not the default window
        page.wait_for_selector(TITLE_BUTTON, state="attached")
        headings = page.evaluate(LAST_LINE)
    assert headings
    for h in headings:
        assert h["line"][0] <= h["button"] <= h["line"][1], h
