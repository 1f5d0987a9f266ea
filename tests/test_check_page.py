"""The /check/ page, the API files and the cheat sheet, in a real build and a headless Chromium."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.request

import jsonschema
import pytest
from catalog_factory import CHECKER_IDS, write_checker_catalog
from conftest import ROOT, built_and_served, make_project, shipped_catalog
from playwright.sync_api import expect
from test_checker import DRAFT, LONG, ZH_LONG

from generator.check import checker
from generator.data.catalog import load_catalog

CORPORATE = ("Going forward, we will definitely leverage our synergies to facilitate a seamless, best-in-class "
             "experience that empowers teams to utilize actionable insights.\n\n"
             "We measured a 40% drop in latency, which might possibly be significant.\n")
# 41 words and no finding: a paragraph a one-liner may follow.
QUIET = ("Then we read the old code, wrote the new one, ran the tests on a clean machine, read the logs line by line "
         "and wrote down what we saw, what we changed and what we still do not understand about it.")
DRAFTS = [
    DRAFT,
    CORPORATE,
    "😀 中文 leverage, and\r\nwe will surely utilize it.\r\n\r\nStrap in.\r\n",
    "- a list item that leverages\n- another\n\n> a quote, imo\n\n" + " ".join(["Word."] * 8) + "\n",
    "",
    "神经网络训练失败时悄无声息",  # one-liners: a line set alone (two Chinese characters count as one word)
    "Neural net training fails silently",
    "Once it is compiled, run it:",  # not a one-liner: it leads into what follows
    "Steps:\n- it will run\n- surely on a GPU, 1. maybe\n2. definitely not\n+ ok",  # a list item is a sentence
    # Openers with no closer on one line (each used to rescan the rest of it): the masks must agree too.
    "<a leverage " * 40 + "\\( x " * 40 + "](y " * 40 + "\u201cz " * 40 + "[^n " * 40 + "{: x " * 40 + "\\(a\\) ok <b>c</b>",
    LONG + "\n\n它降到了 2.4。\n",  # a one-liner after a long stretch
    # Two CJK characters are one word: the 54 characters above the last line are short.
    ZH_LONG + "\n\n它降到了 2.4。\n\n" + ZH_LONG[:60] + "。\n\n就这样。",
    LONG + "\n\n```\nrun()\n```\n\nIt dropped to 2.4.\n\nA short one.\n\nDone.",  # not after code or a short line
    # Emoticons are tokens (a signal can name one), but not inside C:Dict, a<30 or (:).
    "It works :) and :D, see C:Dict and a<30 (:) or ;), pytorch <3\n",
    # `#` in a phrase is any number as TOKEN reads it, decimals and thousands too.
    "At 26.2ms/iteration we are, amusingly, as fast. It is 1,000 lines, okay? 2.5% is not bad.\n",
]


@pytest.fixture(scope="module")
def checker_site(tmp_path_factory):
    """(project, out, base url): the site of a catalog with every pattern id, built with --strict."""
    project = make_project(write_checker_catalog(tmp_path_factory.mktemp("checksite") / "project"))
    for out, base in built_and_served(project, project / "out"):
        yield project, out, base


def cli_findings(project, base, text, lang):
    result = subprocess.run(
        [sys.executable, "-m", "generator", "--root", str(project), "check", "--format", "json", "--fail-on", "never",
         "--lang", lang, "--site-url", base, "-"],
        input=text.encode("utf-8"), capture_output=True, cwd=ROOT, check=True)
    findings = json.loads(result.stdout)["findings"]
    for f in findings:
        del f["path"]
    return findings


def open_checker(page, url):
    page.goto(url)
    expect(page.locator("[data-kp-check]")).to_have_attribute("data-kp-loaded", "on")


def run_check(page):
    """Click Check and wait for the worker's answer."""
    page.click(".kp-check__run")
    expect(page.locator("[data-kp-check]")).not_to_have_attribute("data-kp-busy", "on")


def shown(page):
    """The findings as the page lists them."""
    return page.locator(".kp-finding").evaluate_all("""items => items.map(li => ({
        line: Number(li.dataset.line), column: Number(li.dataset.column), rule: li.dataset.rule,
        level: li.dataset.level, message: li.querySelector('.kp-finding__message').textContent,
        url: li.querySelector('a.kp-finding__link').href}))""")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_check_page_finds_what_the_cli_finds(checker_site, page, lang):
    project, _, base = checker_site
    prefix = "zh/" if lang == "zh" else ""
    open_checker(page, f"{base}{prefix}check/")
    for text in DRAFTS:
        expected = cli_findings(project, base, text, lang)
        page.fill("#kp-check-text", text)
        run_check(page)
        keys = ("line", "column", "rule", "level", "message", "url")
        assert shown(page) == [{k: f[k] for k in keys} for f in expected], text
        # The function behind the page gives every field, the same as the JSON output.
        rules = page.evaluate("fetch('../api/check-rules.json').then(r => r.json())")
        assert page.evaluate("([t, r]) => window.kpCheck(t, r)", [text, rules]) == expected
    if lang == "en":
        page.fill("#kp-check-text", CORPORATE)
        run_check(page)
        expect(page.locator(".kp-check__summary")).to_have_text("4 warnings, 7 notes, 1 patterns used")
        expect(page.locator(".kp-finding").nth(1).locator("a.kp-finding__link")).to_have_text(
            "Measured vs predicted pattern")


def test_the_check_page_writes_user_text_as_text(checker_site, page):
    _, _, base = checker_site
    open_checker(page, f"{base}check/")
    page.fill("#kp-check-text", f'We <img src=x onerror="window.pwned=1">leverage it. {QUIET}\n\n<b>Strap in.</b>\n')
    run_check(page)
    expect(page.locator(".kp-finding")).to_have_count(2)  # a business word and a one-liner after a long paragraph
    assert page.locator(".kp-check__findings img, .kp-check__findings b").count() == 0
    assert page.evaluate("window.pwned") is None


def test_the_check_page_checks_as_you_type_after_instant_navigation(checker_site, page):
    _, _, base = checker_site
    # Material intercepts links only once it has fetched the sitemap.
    page.goto(base, wait_until="networkidle")
    page.evaluate("window.kpSamePage = true")
    page.locator("nav.md-nav--primary a[href$='/check/']").first.dispatch_event("click")
    page.wait_for_url(f"{base}check/")
    assert page.evaluate("window.kpSamePage") is True  # swapped in by instant navigation, not reloaded
    expect(page.locator("[data-kp-check]")).to_have_attribute("data-kp-loaded", "on")
    page.locator("#kp-check-text").press_sequentially("We synergize the landscape.")
    expect(page.locator(".kp-finding")).to_have_count(2)
    expect(page.locator(".kp-finding__message").first).to_have_text(
        '"synergize" is a business word. Instead: work together; say on what.')
    # the two tiers are shown apart: a warning and a note, each with its own label and class
    expect(page.locator(".kp-finding__level")).to_have_text(["warning", "note"])
    expect(page.locator(".kp-finding--info .kp-finding__message")).to_contain_text('"landscape" is usually padding')


def test_api_files_are_served_and_validate(checker_site):
    _, _, base = checker_site
    for prefix in ("", "zh/"):
        for name in ("patterns", "quotes", "topics", "check-rules"):
            with urllib.request.urlopen(f"{base}{prefix}api/{name}.json") as response:
                assert response.headers["Content-Type"].startswith("application/json")
                data = json.load(response)
            with urllib.request.urlopen(f"{base}{prefix}api/schema/{name}.json") as response:
                schema = json.load(response)
            jsonschema.validate(data, schema)
        assert data["lang"] == ("zh" if prefix else "en")
    with urllib.request.urlopen(f"{base}api/patterns.json") as response:
        patterns = json.load(response)["patterns"]
    assert [p["id"] for p in patterns] == sorted(CHECKER_IDS)
    assert patterns[0]["url"] == f"{base}patterns/{patterns[0]['id']}/"


def test_nav_has_check_and_cheat_sheet_in_both_languages(checker_site, page):
    _, _, base = checker_site
    for prefix, check, cheat in (("", "Check", "Cheat sheet"), ("zh/", "检查", "速查表")):
        page.goto(f"{base}{prefix}")
        nav = page.locator("nav.md-nav--primary")
        # (instant navigation makes every link absolute)
        assert nav.locator("a", has_text=check).first.get_attribute("href") == f"{base}{prefix}check/"
        assert nav.locator("a", has_text=cheat).first.get_attribute("href") == f"{base}{prefix}cheatsheet/"


def pdf_pages(page) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4", print_background=True)))


def check_cheat_sheet(page, base, catalog):
    for prefix, lang in (("", "en"), ("zh/", "zh")):
        page.goto(f"{base}{prefix}cheatsheet/")
        items = page.locator(".kp-cheat__item")
        expect(items).to_have_count(len(catalog.patterns))
        for pid, pattern in catalog.patterns.items():
            item = page.locator(f"#{pid}")
            expect(item.locator(".kp-cheat__name")).to_have_text(pattern.name.get(lang))
            expect(item.locator(".kp-cheat__example")).not_to_be_empty()
        page.emulate_media(media="print")
        for hidden in (".md-header", ".md-sidebar--primary", ".md-footer", ".kp-cheat__intro"):
            expect(page.locator(hidden).first).to_be_hidden()
        assert 1 <= pdf_pages(page) <= 2, f"{prefix}cheatsheet/ does not fit on two A4 pages"
        page.emulate_media(media="screen")


def test_cheat_sheet_has_every_pattern_and_prints_on_two_pages(checker_site, page):
    project, _, base = checker_site
    check_cheat_sheet(page, base, load_catalog(project))


def test_shipped_cheat_sheet_prints_on_two_pages(site, page):
    _, base = site
    check_cheat_sheet(page, base, shipped_catalog())


def test_shipped_rules_give_the_same_findings_in_the_browser(site, page):
    """The site's own texts, through check.js and through checker.py."""
    _, base = site
    catalog = shipped_catalog()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "content").rglob("*.md"))]
    for pattern in catalog.patterns.values():
        texts += [getattr(pattern, f).get(lang) for f in ("definition", "when_not_to_use") for lang in ("en", "zh")]
        texts += [pattern.rewrite.plain.en, pattern.rewrite.decoy.en, pattern.rewrite.styled.en]
    texts += [q.text for q in catalog.quotes.values()]
    texts += ["The whole guide is in one file. I am not sure it will go brrr."]  # a phrase inside a longer one
    open_checker(page, f"{base}check/")
    data = page.evaluate("fetch('../api/check-rules.json').then(r => r.json())")
    rules = checker.RuleSet.model_validate(data)
    expected = [[f._asdict() for f in checker.check(t, rules)] for t in texts]
    assert page.evaluate("([ts, r]) => ts.map(t => window.kpCheck(t, r))", [texts, data]) == expected
    assert sum(map(len, expected)) > 50  # the texts gave the rules something to find


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_findings_are_marked_in_the_draft_and_reachable_with_the_keyboard(checker_site, page, lang):
    project, _, base = checker_site
    open_checker(page, f"{base}{'zh/' if lang == 'zh' else ''}check/")
    text = f"{QUIET}\n\nWe leverage it here.\n\n我们要赋能业务。\n"
    page.fill("#kp-check-text", text)
    run_check(page)
    marks = page.locator(".kp-check__marked mark")
    expect(marks).to_have_count(len(cli_findings(project, base, text, lang)))
    # A one-liner (after a long paragraph) is marked whole, its words inside it.
    assert marks.all_text_contents() == ["We leverage it here.", "leverage", "赋能"]
    # The marked draft shows the user's text as text, everything outside the marks included.
    assert page.locator(".kp-check__marked").text_content() == text
    page.locator("#kp-check-text").focus()
    page.keyboard.press("Tab")  # the Check button
    page.keyboard.press("Tab")  # the first sentence's mark
    page.keyboard.press("Tab")  # the business word inside it
    assert page.evaluate("document.activeElement.textContent") == "leverage"
    label = page.evaluate("document.activeElement.getAttribute('aria-label')")
    [word] = [f for f in cli_findings(project, base, text, lang) if f["text"] == "leverage"]
    assert label.endswith(": " + word["message"])
    # Each finding in the list links to its mark.
    expect(page.locator(".kp-finding__where").nth(1)).to_have_attribute("href", "#kp-mark-1")
    assert page.evaluate("document.getElementById('kp-mark-1').textContent") == "leverage"


def test_scripts_fetch_only_from_this_site_even_from_a_page_the_build_would_refuse(site, browser):
    """The build refuses these attributes (tests/hostile_corpus.py); check.js and markdown.js refuse them too,
    so a page edited after the build (or an engine without our audit) still asks no other host for anything."""
    from conftest import fresh_page

    out, base = site
    rules = json.dumps({"rules": [{"url": "javascript:alert(1)"}]})
    attack = ('<div data-kp-check data-rules="data:application/json,' + rules.replace('"', "&quot;") + '">'
              '<textarea>We leverage synergy.</textarea><button class="kp-check__run">Run</button></div>'
              '<button class="kp-copy kp-markdown__copy" data-kp-markdown="https://evil.example/x.md">Copy</button>')
    html = (out / "about" / "index.html").read_text(encoding="utf-8").replace("</article>", attack + "</article>", 1)
    with fresh_page(browser) as page:
        asked = []
        page.on("request", lambda request: asked.append(request.url))
        page.on("dialog", lambda dialog: asked.append("dialog: " + dialog.message))
        page.route(f"{base}about/", lambda route: route.fulfill(body=html, content_type="text/html"))
        page.goto(f"{base}about/")
        page.wait_for_load_state("networkidle")
        page.click(".kp-markdown__copy")
        page.click(".kp-check__run")
        page.wait_for_timeout(500)
        assert [url for url in asked if not url.startswith(base)] == []
        assert page.eval_on_selector_all("a[href^='javascript:']", "links => links.length") == 0
