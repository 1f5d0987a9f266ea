"""The "Copy page as Markdown" button (issue 15) in a real headless Chromium."""

from __future__ import annotations

import urllib.request

from playwright.sync_api import expect

from generator import paths


def test_copy_markdown_after_instant_navigation_by_keyboard(site, page):
    _, base = site
    page.goto(base + paths.PATTERNS)
    page.evaluate("window.kpNoReload = true")  # survives only if Material swaps the next page in place
    page.locator(f'article a[href$="plain-words/"]').first.click()
    page.wait_for_url(base + paths.pattern("plain-words"))
    assert page.evaluate("window.kpNoReload === true"), "the page was reloaded, not swapped in"

    button = page.locator("button.kp-markdown__copy")
    expect(button).to_be_visible()
    assert button.evaluate("b => b.tabIndex") == 0
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_text("Copied")
    expect(page.locator("#kp-announcer")).to_have_text("Copied")
    assert page.locator("#kp-announcer").get_attribute("aria-live") == "polite"
    with urllib.request.urlopen(base + paths.markdown(paths.pattern("plain-words"))) as response:
        served = response.read().decode("utf-8")
    assert page.evaluate("navigator.clipboard.readText()") == served
    assert served.startswith("# Plain words\n")


def test_copy_markdown_on_a_chinese_quiz_page(site, page):
    _, base = site
    page.goto(base + paths.in_lang("zh", paths.quiz("hype")))
    button = page.locator("button.kp-markdown__copy")
    button.click()
    expect(page.locator("#kp-announcer")).to_have_text("已复制")
    text = page.evaluate("navigator.clipboard.readText()")
    assert text.startswith("# ") and paths.in_lang("zh", paths.quiz("hype")) in text


def test_markdown_link_opens_the_text_in_the_browser(site, page):
    _, base = site
    page.goto(base + paths.pattern("plain-words"))
    page.locator("a.kp-markdown__link").click()
    page.wait_for_url(base + paths.markdown(paths.pattern("plain-words")))
    assert page.locator("body").inner_text().startswith("# Plain words")
