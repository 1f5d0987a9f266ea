"""Quizzes in headless Chromium: instant navigation, keyboard only, feedback, score, progress, no JavaScript."""

from __future__ import annotations

import re

import pytest
from conftest import fresh_page, shipped_catalog
from playwright.sync_api import expect

from generator.i18n import labels
from generator.quiz import build_quizzes, quiz_for_pattern

CATALOG = shipped_catalog()
QUIZZES = {q.id: q for q in build_quizzes(CATALOG, "en")}
L = labels("en")


def score_text(right: int, answered: int, total: int) -> str:
    return L["js"]["quiz_score"].format(right=right, answered=answered, total=total)


def active(page) -> dict:
    return page.evaluate("""() => { const e = document.activeElement;
        return {tag: e.tagName, type: e.type || "", value: e.value || "", name: e.name || "",
                action: e.getAttribute("data-kp-action") || "", outline: getComputedStyle(e).outlineStyle}; }""")


def tab_until(page, wanted, limit=20) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if wanted(active(page)):
            return
    raise AssertionError(f"Tab never reached the element; focus is on {active(page)}")


def answer_by_keyboard(page, question, keys) -> None:
    """Choose `keys` and press Check using only the keyboard, from the question's first choice."""
    fieldset = page.locator(f"fieldset#{question.id}")
    order = [c.key for c in question.choices]  # server order; quiz.js keeps it until "try again"
    fieldset.locator("input").first.focus()  # where a reader arrives by Tab
    if question.multiple:
        for i, key in enumerate(order):
            if i:
                page.keyboard.press("Tab")
            assert active(page)["value"] == key
            if key in keys:
                page.keyboard.press("Space")
    else:
        [key] = keys
        page.keyboard.press("Space")
        for _ in range(order.index(key)):
            page.keyboard.press("ArrowDown")  # moves within the radio group and selects
        assert active(page)["value"] == key
    assert active(page)["outline"] != "none", "focus must be visible"
    tab_until(page, lambda el: el["action"] == "check")
    assert active(page)["outline"] != "none", "focus must be visible"
    page.keyboard.press("Enter")


def wrong_keys(question) -> list[str]:
    return [next(c.key for c in question.choices if not c.correct)]


def test_reach_a_quiz_by_instant_navigation_and_answer_by_keyboard(site, page):
    _, base = site
    quiz = QUIZZES["which-rewrite"]
    total = len(quiz.questions)
    page.goto(base)
    page.wait_for_load_state("networkidle")  # Material intercepts links only once it has the sitemap
    page.evaluate("window.__kpMarker = 'no reload'")

    # Nav -> quiz index -> quiz: Material swaps the page in place, the script must still set it up.
    # (Material makes every href absolute once the page loads.)
    page.locator('.md-sidebar--primary a.md-nav__link[href$="/quiz/"]').click()
    page.wait_for_url(f"{base}quiz/")
    expect(page.locator("article h1")).to_have_text(re.compile(L["quiz"]))
    link = page.locator(f'article a[href$="/quiz/{quiz.id}/"]')
    expect(link.locator("xpath=..")).to_contain_text(f"{total} questions")
    link.click()
    page.wait_for_url(f"{base}quiz/{quiz.id}/")
    assert page.evaluate("window.__kpMarker") == "no reload"
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1

    status = page.locator(".kp-quiz__status")
    expect(status).to_have_text(score_text(0, 0, total))
    expect(status).to_have_attribute("aria-live", "polite")
    first, second = quiz.questions[0], quiz.questions[1]
    q1 = page.locator(f"fieldset#{first.id}")
    expect(q1.locator("details")).to_be_hidden()  # predict first

    # Check with nothing chosen: a hint, no answer given away.
    q1.locator("[data-kp-action=check]").focus()
    page.keyboard.press("Enter")
    expect(q1.locator(".kp-quiz__feedback")).to_have_text(L["js"]["quiz_choose"])
    expect(q1.locator("details")).to_be_hidden()

    # Right answer
    answer_by_keyboard(page, first, first.answer)
    feedback = q1.locator(".kp-quiz__feedback")
    expect(feedback).to_have_attribute("aria-live", "polite")
    expect(feedback).to_contain_text(L["js"]["quiz_right"])
    expect(q1.locator("details")).to_be_visible()
    expect(q1.locator("details")).to_have_attribute("open", "")
    pattern_id = first.links[0]
    expect(q1.locator(f'details a[href$="/patterns/{pattern_id}/"]')).to_be_visible()
    expect(status).to_have_text(score_text(1, 1, total))
    expect(q1.locator("input").first).to_be_disabled()

    # Wrong answer: the right choice is marked, the explanation shows
    q2 = page.locator(f"fieldset#{second.id}")
    answer_by_keyboard(page, second, wrong_keys(second))
    expect(q2.locator(".kp-quiz__feedback")).to_contain_text(L["js"]["quiz_wrong"])
    expect(q2.locator(".kp-quiz__choice--right input")).to_have_attribute("value", second.answer[0])
    expect(q2.locator(".kp-quiz__choice--wrong input")).to_have_attribute("value", wrong_keys(second)[0])
    # the explanation: the question's own, or (a which-rewrite question) one reason per choice
    expect(q2.locator("details .kp-quiz__explanation, details .kp-quiz__why").first).to_be_visible()
    expect(status).to_have_text(score_text(1, 2, total))

    # A reload keeps the progress
    page.reload()
    expect(status).to_have_text(score_text(1, 2, total))
    expect(q1.locator(f'input[value="{first.answer[0]}"]')).to_be_checked()
    expect(q1.locator(".kp-quiz__feedback")).to_contain_text(L["js"]["quiz_right"])
    expect(q2.locator(".kp-quiz__feedback")).to_contain_text(L["js"]["quiz_wrong"])
    expect(q2.locator("details")).to_be_visible()
    expect(page.locator(f"fieldset#{quiz.questions[2].id} details")).to_be_hidden()
    stored = page.evaluate(f"JSON.parse(localStorage.getItem('kp-quiz:en:{quiz.id}'))")
    assert stored["answers"] == {first.id: list(first.answer), second.id: wrong_keys(second)}

    # Start over, by keyboard: everything open again, choices reshuffled and remembered
    page.locator(".kp-quiz__bar [data-kp-action=reset]").focus()
    page.keyboard.press("Enter")
    expect(status).to_contain_text(L["js"]["quiz_restarted"])
    expect(status).to_contain_text(score_text(0, 0, total))
    expect(q1.locator("details")).to_be_hidden()
    expect(q1.locator("input").first).to_be_enabled()
    expect(q1.locator("input:checked")).to_have_count(0)
    expect(q1.locator(".kp-quiz__feedback")).to_have_text("")
    stored = page.evaluate(f"JSON.parse(localStorage.getItem('kp-quiz:en:{quiz.id}'))")
    assert stored["answers"] == {}
    for q in quiz.questions:
        shown = page.locator(f"fieldset#{q.id} input").evaluate_all("els => els.map(e => e.value)")
        assert stored["order"][q.id] == shown and sorted(shown) == [c.key for c in q.choices]
        assert shown != [c.key for c in q.choices], "two choices: a reshuffle swaps them"
    assert page.evaluate("document.activeElement.name") == quiz.questions[0].id
    page.reload()  # the new order survives a reload too
    expect(status).to_have_text(score_text(0, 0, total))
    assert page.locator(f"fieldset#{first.id} input").evaluate_all("els => els.map(e => e.value)") == \
        stored["order"][first.id]


def test_pattern_page_links_to_its_quiz_and_the_quiz_ends_with_a_result(site, page):
    _, base = site
    pid, pattern = next((pid, p) for pid, p in CATALOG.patterns.items())
    quiz = quiz_for_pattern(list(QUIZZES.values()), pattern)
    page.goto(f"{base}patterns/{pid}/")
    page.wait_for_load_state("networkidle")  # Material intercepts links only once it has the sitemap
    page.evaluate("window.__kpMarker = 'no reload'")
    page.locator(".kp-test-yourself a").click()
    page.wait_for_url(f"{base}quiz/{quiz.id}/")
    expect(page.locator(".kp-quiz__bar")).to_be_visible()  # quiz.js set up the swapped-in page
    assert page.evaluate("window.__kpMarker") == "no reload"
    assert any(pid in q.links for q in quiz.questions)

    # A question with several right answers uses checkboxes; tick exactly the right ones.
    multi = next(q for q in quiz.questions if q.multiple)
    assert page.locator(f"fieldset#{multi.id} input[type=checkbox]").count() == len(multi.choices)
    answer_by_keyboard(page, multi, multi.answer)
    expect(page.locator(f"fieldset#{multi.id} .kp-quiz__feedback")).to_contain_text(L["js"]["quiz_right"])

    # Answer the rest, right and wrong in turn: the result counts them.
    right = 1
    result = page.locator(".kp-quiz__result")
    for i, q in enumerate(q for q in quiz.questions if q.id != multi.id):
        expect(result).to_be_hidden()
        keys = list(q.answer) if i % 2 else wrong_keys(q)
        right += keys == list(q.answer)
        for key in keys:
            page.locator(f'fieldset#{q.id} input[value="{key}"]').check()
        page.locator(f"fieldset#{q.id} [data-kp-action=check]").click()
    done = L["js"]["quiz_result"].format(right=right, total=len(quiz.questions))
    expect(result).to_be_visible()
    expect(result.locator(".kp-quiz__result-text")).to_have_text(done)
    expect(page.locator(".kp-quiz__status")).to_have_text(done)

    result.locator("[data-kp-action=reset]").click()
    expect(result).to_be_hidden()
    expect(page.locator(".kp-quiz details:visible")).to_have_count(0)


def test_progress_is_kept_per_quiz_and_language(site, page):
    _, base = site
    quiz = QUIZZES["measured-or-predicted"]
    first = quiz.questions[0]
    page.goto(f"{base}zh/quiz/{quiz.id}/")
    page.locator(f'fieldset#{first.id} input[value="{first.answer[0]}"]').check()
    page.locator(f"fieldset#{first.id} [data-kp-action=check]").click()
    expect(page.locator(f"fieldset#{first.id} .kp-quiz__feedback")).to_contain_text(labels("zh")["js"]["quiz_right"])
    expect(page.locator(f"fieldset#{first.id} .kp-quiz__explanation")).to_contain_text(
        CATALOG.claims[first.id.removeprefix("claim-")].why.zh)
    page.goto(f"{base}quiz/{quiz.id}/")  # English: its own progress
    expect(page.locator(".kp-quiz__status")).to_have_text(score_text(0, 0, len(quiz.questions)))
    keys = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('kp-quiz:')).sort()")
    assert keys == [f"kp-quiz:zh:{quiz.id}"]


def test_stale_or_corrupt_progress_is_ignored(site, page):
    _, base = site
    quiz = QUIZZES["which-rewrite"]
    page.goto(f"{base}quiz/{quiz.id}/")
    q, other = quiz.questions[0], quiz.questions[1]
    key = f"kp-quiz:en:{quiz.id}"
    page.evaluate(f"""localStorage.setItem('{key}', JSON.stringify(
        {{v: 'old', answers: {{'{q.id}': ['a']}}, order: {{}}}}))""")
    page.reload()
    expect(page.locator(".kp-quiz__status")).to_have_text(score_text(0, 0, len(quiz.questions)))
    # Right version, junk inside: no error (the page fixture fails on any), junk ignored.
    page.evaluate(f"""localStorage.setItem('{key}', JSON.stringify(
        {{v: '{quiz.version}', answers: {{'{q.id}': '"]', '{other.id}': [5]}}, order: {{'{q.id}': ['"]', null]}}}}))""")
    page.reload()
    expect(page.locator(".kp-quiz__status")).to_have_text(score_text(0, 0, len(quiz.questions)))
    expect(page.locator(f"fieldset#{q.id} input:checked")).to_have_count(0)
    expect(page.locator(f"fieldset#{q.id} input")).to_have_count(len(q.choices))
    page.evaluate(f"localStorage.setItem('{key}', '{{not json')")
    page.reload()
    expect(page.locator(".kp-quiz__status")).to_have_text(score_text(0, 0, len(quiz.questions)))


def test_without_javascript_answers_are_in_collapsible_blocks(site, browser):
    _, base = site
    with fresh_page(browser, java_script_enabled=False) as page:
        quiz = QUIZZES["name-that-pattern"]
        page.goto(f"{base}quiz/{quiz.id}/")
        expect(page.locator(".kp-quiz fieldset")).to_have_count(len(quiz.questions))
        details = page.locator(".kp-quiz details.kp-quiz__answer")
        expect(details).to_have_count(len(quiz.questions))
        expect(page.locator(".kp-quiz__actions").first).to_be_hidden()  # no Check button that cannot work
        expect(page.locator(".kp-quiz__bar")).to_be_hidden()
        first = quiz.questions[0]
        block = page.locator(f"fieldset#{first.id} details")
        expect(block).to_be_visible()
        expect(block.locator(".kp-quiz__correct")).to_be_hidden()  # collapsed: predict first
        block.locator("summary").click()
        for choice in first.choices:
            if choice.correct:
                expect(block.locator(".kp-quiz__correct")).to_contain_text(choice.text)
                expect(block.locator(f'a[href="../../patterns/{choice.pattern}/"]')).to_be_visible()
        expect(page.locator(f"fieldset#{first.id} input").first).to_be_enabled()


_CONTRAST = """el => {
  const rgba = s => (s.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => {
    const f = c => { c /= 255; return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const blend = (top, bottom) => { const a = top.length > 3 ? top[3] : 1;
    return [0, 1, 2].map(i => top[i] * a + bottom[i] * (1 - a)); };
  // Background: the first opaque one up the tree, blended down from the page.
  const layers = [];
  for (let n = el; n; n = n.parentElement) {
    const c = rgba(getComputedStyle(n).backgroundColor);
    if (c.length && (c.length < 4 || c[3] > 0)) layers.push(c);
  }
  let bg = [255, 255, 255];
  for (const c of layers.reverse()) bg = blend(c, bg);
  const fg = blend(rgba(getComputedStyle(el).color), bg);
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


@pytest.mark.parametrize("scheme,material", [("light", "default"), ("dark", "slate")])
def test_readable_in_both_colour_schemes(site, browser, scheme, material):
    _, base = site
    errors: list[str] = []
    with fresh_page(browser, color_scheme=scheme) as page:
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        quiz = QUIZZES["which-rewrite"]
        page.goto(f"{base}quiz/{quiz.id}/")
        assert page.locator("body").get_attribute("data-md-color-scheme") == material
        q = quiz.questions[0]
        page.locator(f'fieldset#{q.id} input[value="{q.answer[0]}"]').check()
        check = page.locator(f"fieldset#{q.id} [data-kp-action=check]")
        assert check.evaluate(_CONTRAST) >= 4.5
        check.click()
        for selector in (f"fieldset#{q.id} label", f"fieldset#{q.id} .kp-quiz__feedback",
                         f"fieldset#{q.id} .kp-quiz__correct", ".kp-quiz__status", f"fieldset#{q.id} legend",
                         ".kp-quiz__bar [data-kp-action=reset]"):
            ratio = page.locator(selector).first.evaluate(_CONTRAST)
            assert ratio >= 4.5, f"{scheme}: {selector} contrast {ratio:.2f}"
    assert not errors, errors
