"""Issue 22, items 1 and 11: what the browser gets from contributed text.

Every page's rendered HTML is held against an allowlist (generator/site/htmlsafety.py); a page
that would lose anything fails `build` and `validate` with the source line. In Chromium: the
attack of the issue never runs on the served site, and no page asks another host for anything.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, build_site, copy_project, fresh_page, free_port, make_project, run_cli, serve
from hostile_corpus import PAGE_ATTACK, REMOVED

from generator import paths
from generator.site import htmlsafety


def generator_build(project: Path, site_dir: Path) -> subprocess.CompletedProcess:
    """`python -m generator build` run in the project as a maintainer runs it."""
    env = {**os.environ, "SITE_URL": "http://127.0.0.1:8000/", "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", str(site_dir)], cwd=project,
                          env=env, capture_output=True, text=True, encoding="utf-8", check=False)


def attack_messages(start: int) -> list[str]:
    """The problems of PAGE_ATTACK appended to content/en/about.md, whose first line is `start`."""
    where = lambda offset: f"content/en/about.md:{start + offset}: {REMOVED}"  # noqa: E731
    return [where(0) + "an HTML comment <!---->", where(0) + "<script>",
            where(1) + """<img alt="i" onerror="document.body.setAttribute('data-x','yes')" src="https://invalid.invalid/x.png">""",
            where(6) + "href=\"javascript:alert('H')\" on <a>", where(8) + "href=\"java\\tscript:alert('D')\" on <a>"]


def append_attack(project: Path) -> int:
    about = project / "content/en/about.md"
    text = about.read_text(encoding="utf-8").rstrip("\n") + "\n\n"
    about.write_text(text + PAGE_ATTACK, encoding="utf-8")
    return text.count("\n") + 1


def test_the_issues_attack_fails_build_and_validate(tmp_path):
    project = copy_project(tmp_path / "project")
    start = append_attack(project)
    result = generator_build(project, tmp_path / "site")
    assert result.returncode != 0
    for message in attack_messages(start):
        assert message in result.stderr, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()
    checked = run_cli(project, "validate")
    assert checked.returncode == 1
    assert checked.stderr.splitlines() == sorted(attack_messages(start)) + ["5 problems found."]


LIVE = """() => {
    const area = document.querySelector("article") || document.body;
    return {
        title: document.title,
        flag: document.body.getAttribute("data-x"),
        scripts: area.querySelectorAll("script").length,
        handlers: [...area.querySelectorAll("*")].flatMap(el => [...el.attributes].map(a => a.name))
            .filter(name => name.startsWith("on")),
        links: [...document.querySelectorAll("a[href]")].map(a => a.protocol)
            .filter(p => !["http:", "https:", "mailto:"].includes(p)),
        text: area.innerText,
    };
}"""


def test_in_chromium_the_attack_never_runs(tmp_path, browser):
    """The served folder is what a maintainer publishes. Before: the second build passed and the page
    ran script, fired onerror and carried javascript: links. Now it fails and the site stays clean."""
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    first = generator_build(project, site)
    assert first.returncode == 0, first.stderr[-3000:]
    append_attack(project)
    generator_build(project, site)
    port = free_port()
    server = serve(site, port)
    try:
        with fresh_page(browser) as page:
            dialogs = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(f"http://127.0.0.1:{port}/about/")
            page.wait_for_load_state("networkidle")
            live = page.evaluate(LIVE)
            page.evaluate("() => document.querySelectorAll('article a').forEach(a => a.protocol === 'javascript:' && a.click())")
    finally:
        server.shutdown()
    assert "PWNED" not in live["title"] and live["flag"] is None and not dialogs
    assert live["scripts"] == 0 and live["handlers"] == [] and live["links"] == []
    title = next(line[2:].split(" {")[0] for line in (project / "content/en/about.md").read_text(encoding="utf-8")
                 .splitlines() if line.startswith("# "))
    assert title in live["text"]  # the real page, not an empty one


def test_the_final_net_reads_the_built_pages(site, tmp_path):
    """What the engine wrote is audited too: a page whose content area gained a handler fails."""
    out, _ = site
    assert htmlsafety.audit_site(out) == []
    copy = tmp_path / "copy"
    shutil.copytree(out / "about", copy / "about")
    page = copy / "about" / "index.html"
    html = page.read_text(encoding="utf-8")
    page.write_text(html.replace("<h2 ", '<h2 onmouseover="steal()" ', 1).replace(
        "</article>", '<a href="javascript:x()">y</a></article>', 1), encoding="utf-8")
    (copy / "other").mkdir()
    (copy / "other" / "index.html").write_text("<html><body><script>steal()</script></body></html>", encoding="utf-8")
    assert htmlsafety.audit_site(copy) == [
        f"about/index.html: {REMOVED}onmouseover=\"steal()\" on <h2>",
        f"about/index.html: {REMOVED}href=\"javascript:x()\" on <a>",
        'other/index.html: no content area (<article class="md-content__inner md-typeset">) to check',
    ]


def test_the_whole_document_net_reads_what_the_browser_gets(site, zensical_site, tmp_path):
    """Outside the content area too (header, navigation, table of contents): no handler, style, <base>,
    script URL, or anything loaded from another host. Both engines' shipped sites pass it."""
    assert htmlsafety.audit_document(site[0], "127.0.0.1") == []
    assert htmlsafety.audit_document(zensical_site[0], "127.0.0.1") == []
    page = tmp_path / "about" / "index.html"
    page.parent.mkdir()
    page.write_text(
        '<html><head><base href="https://evil.example/"><script src="//evil.example/x.js"></script>'
        '<link rel="stylesheet" href="https://127.0.0.1/ok.css"><link rel="stylesheet" href="assets/ok.css"></head>'
        '<body><a class="md-source" href=" java\tscript:x()">repo</a><nav><span title="x" onmouseover="steal()" '
        'style="position:fixed">toc</span></nav><a href="https://example.org/">a source</a></body></html>',
        encoding="utf-8")
    assert htmlsafety.audit_document(tmp_path, "127.0.0.1") == [
        'about/index.html: not allowed anywhere in a built page: href="https://evil.example/" on <base>',
        'about/index.html: not allowed anywhere in a built page: src="//evil.example/x.js" on <script> '
        "(loaded from another host than 127.0.0.1)",
        'about/index.html: not allowed anywhere in a built page: href=" java\\tscript:x()" on <a>',
        'about/index.html: not allowed anywhere in a built page: onmouseover="steal()" on <span>',
        'about/index.html: not allowed anywhere in a built page: style="position:fixed" on <span>',
    ]


def test_a_heading_zensical_turns_into_a_handler_fails_its_build(tmp_path):
    """Zensical's table of contents rewrites heading HTML (it cuts `id=...` out of the label), which made
    this heading, fine as written and under MkDocs, a mouseover handler in the sidebar."""
    project = copy_project(tmp_path / "project")
    about = project / "content/en/about.md"
    about.write_text(about.read_text(encoding="utf-8") + '\n## Hi <span title="id=x" aria-live=" onmouseover='
                     'alert(document.domain) style=display:block;position:fixed;inset:0 x">there</span>\n', encoding="utf-8")
    out = tmp_path / "site"
    result = run_cli(project, "build", "--engine", "zensical", "--site-dir", str(out))  # --root: its mkdocs.yml
    assert result.returncode == 1
    assert ('about/index.html: not allowed anywhere in a built page: onmouseover="alert(document.domain)" on <span>'
            in result.stderr)
    assert not out.exists()


def test_the_allowlist_is_what_the_build_uses(site):
    """Nothing in the allowlist that our pages do not produce: each tag, attribute and class is used."""
    from html.parser import HTMLParser

    out, _ = site
    used: dict[str, set] = {}

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            names = used.setdefault(tag, set())
            for name, value in attrs:
                names.add(name)
                if name == "class":
                    names.update(f".{c}" for c in (value or "").split())

    for file in out.rglob("*.html"):
        area = htmlsafety.content_area(file.read_text(encoding="utf-8"))
        if area:
            Collect().feed(area)
    # Made by branches the shipped data does not reach: a moved quote's old anchor (after a rename),
    # the map's note in a preview without Graphviz.
    for tag, names in {"div": {".kp-moved"}, "p": {"id", ".kp-note"}}.items():
        used.setdefault(tag, set()).update(names)
    unused = [f"<{tag}>" for tag in htmlsafety.ATTRIBUTES if tag not in used]
    unused += [f"{name} on <{tag}>" for tag, names in htmlsafety.ATTRIBUTES.items()
               for name in names if name.lower() not in used.get(tag, set()) and name != "xlink"]
    unused += [f".{name} on <{tag}>" for tag, names in htmlsafety.CLASSES.items()
               for name in names if f".{name}" not in used.get(tag, set())]
    assert unused == []


def test_a_generated_page_names_the_data_file_and_line(mini):
    """Were a template to let a field through as Markdown, the problem names the YAML line it came from."""
    from generator.site.render import Page

    text = (mini / "patterns/first-pattern.yml").read_text(encoding="utf-8")
    line = next(i for i, row in enumerate(text.splitlines(), 1) if row.startswith("definition:")) + 1
    lines = text.splitlines()
    lines[line - 1] = "  en: 'See javascript:alert(1) here'"
    (mini / "patterns/first-pattern.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    page = Page("patterns/first-pattern.md", "---\ntitle: x\n---\n\n# X\n\n[see](javascript:alert(1))\n",
                "patterns/first-pattern.yml")
    config = htmlsafety.markdown_config(ROOT / "mkdocs.yml")
    assert [str(p) for p in htmlsafety.audit_generated([page], mini, config)] == [
        f"patterns/first-pattern.yml:{line}: {REMOVED}href=\"javascript:alert(1)\" on <a> "
        "(generated page patterns/first-pattern.md)"]
    page = Page("patterns/index.md", page.content, None)  # a page of many files: its own line
    assert [str(p) for p in htmlsafety.audit_generated([page], mini, config)] == [
        f"patterns/index.md:7: {REMOVED}href=\"javascript:alert(1)\" on <a> (generated page patterns/index.md)"]


@pytest.mark.parametrize("command", ["mkdocs build", "generator build"])
def test_a_template_slip_fails_the_build_in_both_languages(mini, tmp_path, command):
    """Each page is audited as the engine renders it (the plugin in each language's `mkdocs build`,
    `generator build` on the built site): were a template to print a field as raw Markdown, the
    build fails, naming the YAML line, and no page of it is left."""
    code = tmp_path / "code"
    shutil.copytree(ROOT / "generator", code / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    template = code / "generator/site/templates/pages/pattern.md.j2"
    text = template.read_text(encoding="utf-8")
    template.write_text(text.replace('<div class="kp-text">{{ t(p.definition)|md }}</div>', "{{ t(p.definition) }}"),
                        encoding="utf-8")
    project = make_project(mini)
    data = project / "patterns/first-pattern.yml"
    text = data.read_text(encoding="utf-8")
    # attr_list syntax: plain text to validate (no HTML, no link), a handler once rendered as raw Markdown.
    text = text.replace("Definition of first-pattern.(中文)", '"x\\n{: onclick=alert(2) }"')
    data.write_text(text.replace("Definition of first-pattern.", '"x\\n{: onclick=alert(1) }"'), encoding="utf-8")
    lines = data.read_text(encoding="utf-8").splitlines()
    at = {n: i for i, line in enumerate(lines, 1) for n in (1, 2) if f"alert({n})" in line}
    out = tmp_path / "out"
    if command == "mkdocs build":
        result = build_site(project, out, "http://127.0.0.1:8000/", {"PYTHONPATH": str(code)})
    else:
        env = {**os.environ, "PYTHONPATH": str(code), "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", str(out)], cwd=project,
                                env=env, capture_output=True, text=True, encoding="utf-8", check=False)
    assert result.returncode == 1
    for n in (1, 2):
        assert (f"patterns/first-pattern.yml:{at[n]}: {REMOVED}onclick=\"alert({n})\" on <p> "
                "(generated page patterns/first-pattern.md)") in result.stderr, result.stderr[-3000:]
    assert not list(out.rglob("*.html"))


@pytest.mark.parametrize("config_file", ["mkdocs.yml", "mkdocs.zh.yml"])
def test_markdown_extensions_are_the_builds(config_file):
    """The audit renders with the extensions and settings MkDocs itself reads from the config (the oracle)."""
    from mkdocs.config import load_config

    mkdocs = load_config(str(ROOT / config_file))
    ours = htmlsafety.markdown_config(ROOT / config_file)
    assert sorted(ours.extensions) == sorted(e for e in mkdocs.markdown_extensions if isinstance(e, str))
    assert ours.configs == {name: options for name, options in mkdocs.mdx_configs.items() if options}


# -- item 11: no request to another host -------------------------------------------------

EMOJI_NAME = "Plain words :smile:"


def hostile_project(root: Path) -> Path:
    """The shipped project with emoji and outside images in data fields that reach every page type."""
    project = copy_project(root)
    plain = project / "patterns/plain-words.yml"
    text = plain.read_text(encoding="utf-8")
    name = re.search(r"^name:\n  en: (.*)\n  zh: (.*)$", text, re.MULTILINE)
    text = text.replace(name.group(0), f"name:\n  en: \"{EMOJI_NAME}\"\n  zh: \"{name.group(2)} :smile:\"", 1)
    summary = re.search(r"^summary:\n  en: (.*)$", text, re.MULTILINE)
    text = text.replace(summary.group(0), "summary:\n  en: \"Short words :+1: ![x](https://evil.example/p.png)\"", 1)
    plain.write_text(text, encoding="utf-8")
    topics = project / "content/topics.yml"
    topics.write_text(topics.read_text(encoding="utf-8").replace("intro:\n      en: >-\n        ",
                                                                  "intro:\n      en: >-\n        :tada: ", 1), encoding="utf-8")
    return project


PAGES = ["", paths.PATTERNS, paths.pattern("plain-words"), paths.PATTERN_MAP, paths.TOPICS, paths.topic("llm-nature"),
         paths.QUIZZES, paths.quiz("name-that-pattern"), paths.CHECK, paths.CHEATSHEET, "about/", "404.html"]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile")
    project = hostile_project(root / "project")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    result = build_site(project, root / "site", base)
    assert result.returncode == 0, result.stderr[-3000:]
    server = serve(root / "site", port)
    yield root / "site", base
    server.shutdown()


@pytest.mark.parametrize("lang", paths.LANGS)
def test_no_page_asks_another_host_for_anything(hostile_site, browser, lang):
    out, base = hostile_site
    assert ":smile:" in (out / paths.in_lang(lang, paths.pattern("plain-words")) / "index.html").read_text(encoding="utf-8")
    outside: dict[str, list] = {}
    for path in PAGES:
        requests: list[str] = []
        with fresh_page(browser) as page:
            page.on("request", lambda r: requests.append(r.url))
            response = page.goto(base + paths.in_lang(lang, path))
            assert response.status == 200, path
            page.wait_for_load_state("networkidle")
        assert requests, path  # the recorder saw the page itself
        if seen := [url for url in requests if not url.startswith((base, "data:"))]:
            outside[path] = seen
    assert outside == {}
