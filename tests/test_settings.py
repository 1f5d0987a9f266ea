"""SITE_URL (generator/settings.py): with no setting, nothing a user ships links to the local preview's
address; with it set, every output links under it.

Each command runs as a user runs it, in process (`main([...])`), on the shipped data, and every file it
writes (or every line it prints) is read for `127.0.0.1`. So is every file of a real site build (both
engines), which is then served from a sub-path; only `mkdocs serve` previews at its own address.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, copy_project, free_port, run_program, serve

from generator.cli import main

SITE = "https://example.org/guide/"
LOCAL = ("127.0.0.1", "localhost")

# argv after `python -m generator`; "{out}" is a fresh folder
COMMANDS = [
    ["export", "vale", "--out", "{out}"],
    ["export", "api", "--out", "{out}"],
    ["export", "skill", "--lang", "en", "--out", "{out}"],
    ["export", "skill", "--lang", "zh", "--out", "{out}"],
    ["export", "llms", "--lang", "en", "--out", "{out}"],
    ["export", "llms", "--lang", "zh", "--out", "{out}"],
    ["team", str(ROOT / "examples/team.yml"), "--out", "{out}"],
]


def written_text(folder: Path) -> dict[str, str]:
    """path -> text of every file under folder (zip archives read member by member)."""
    found = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for name in archive.namelist():
                    found[f"{rel}!{name}"] = archive.read(name).decode("utf-8", errors="replace")
        else:
            found[rel] = path.read_bytes().decode("utf-8", errors="replace")
    return found


def ids(argv: list[str]) -> str:
    return "-".join(a for a in argv[:4] if not a.startswith("-") and "/" not in a and "{" not in a)


def run(argv: list[str], out: Path) -> int:
    return main(["--root", str(ROOT), *[a.replace("{out}", str(out)) for a in argv]])


@pytest.mark.parametrize("argv", COMMANDS, ids=ids)
def test_without_site_url_writes_no_local_address_and_says_so(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("SITE_URL", raising=False)
    out = tmp_path / "out"
    assert run(argv, out) == 0
    assert "no --site-url and no SITE_URL" in capsys.readouterr().err
    files = written_text(out)
    assert files
    local = [name for name, text in files.items() if any(host in text for host in LOCAL)]
    assert not local, local
    # the links are relative to the site's root, so they are still links
    assert any(re.search(r"(?<![\w.:/])/(zh/)?patterns/[a-z-]+", text) for text in files.values())


@pytest.mark.parametrize("argv", COMMANDS, ids=ids)
def test_with_site_url_links_go_under_it(argv, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SITE_URL", SITE)
    out = tmp_path / "out"
    assert run(argv, out) == 0
    assert "SITE_URL" not in capsys.readouterr().err
    text = "\n".join(written_text(out).values())
    assert SITE in text
    assert not any(host in text for host in LOCAL)
    # Our URL in a sentence is an autolink, <https://...>: bare, GitHub's autolinking would take in the 。 after it.
    bare = re.findall(r"(?<![<(\w/])" + re.escape(SITE) + r"[^\s<>()]*[^\x00-\x7f]", text)
    assert not bare, bare[:3]


def test_no_note_when_nothing_was_written(tmp_path, monkeypatch, capsys):
    """A team.yml that cannot be read prints its error and nothing about links."""
    monkeypatch.delenv("SITE_URL", raising=False)
    assert main(["--root", str(ROOT), "team", str(tmp_path / "missing.yml"), "--out", str(tmp_path / "out")]) == 1
    assert "SITE_URL" not in capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_check_findings_link_relative_without_site_url_and_under_it_with(fmt, tmp_path, monkeypatch, capsys):
    """`check` outside the project (the package's own data) and inside it (the project's data)."""
    draft = tmp_path / "draft.md"
    draft.write_text("We synergize it.\n", encoding="utf-8")
    monkeypatch.delenv("SITE_URL", raising=False)
    for root in (tmp_path, ROOT):
        assert main(["--root", str(root), "check", "--format", fmt, str(draft)]) == 1
        shown = capsys.readouterr().out
        assert "/patterns/plain-words/" in shown and not any(host in shown for host in LOCAL), shown
    monkeypatch.setenv("SITE_URL", SITE)
    for root in (tmp_path, ROOT):
        assert main(["--root", str(root), "check", "--format", fmt, "--lang", "zh", str(draft)]) == 1
        assert f"{SITE}zh/patterns/plain-words/" in capsys.readouterr().out


# -- the site built with no SITE_URL (make build, python -m generator build) ----------------------------

RENAMED = ("kind-of-like", "kind-of-like-renamed")  # old id, new id
SUB = "sub/"  # the built site is served from http://127.0.0.1:<port>/sub/, as on GitHub Pages under /<repo>/


@pytest.fixture(scope="module", params=["generator-build", "zensical", "mkdocs-build"])
def unset_build(request, tmp_path_factory):
    """(site folder, what the build printed, how it was built) of `python -m generator build` (`make build`),
    of `build --engine zensical`, or of `mkdocs build` (our plugin), run with SITE_URL removed from the
    environment; the folder is host/sub/."""
    out = tmp_path_factory.mktemp(request.param) / "host" / SUB
    env = {name: value for name, value in os.environ.items() if name != "SITE_URL"}
    env.update(NO_COLOR="1", NO_MKDOCS_2_WARNING="1")
    # A copy of the project with one pattern renamed, so the site has a redirect page for its old URL.
    project = copy_project(tmp_path_factory.mktemp(request.param + "-project") / "project")
    assert run_program(project, "rename", "pattern", *RENAMED, env=env).returncode == 0
    if request.param == "mkdocs-build":
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(out)], cwd=project,
                                env=env, capture_output=True, text=True, encoding="utf-8", check=False)
    else:
        engine = "zensical" if request.param == "zensical" else "mkdocs"
        result = run_program(project, "build", "--engine", engine, "--site-dir", str(out), env=env)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out, result.stderr, request.param


def test_a_site_built_without_site_url_holds_no_local_address(unset_build):
    site, said, how = unset_build
    files = written_text(site)
    assert len(files) > 200  # pages, API files, Markdown twins, zip members: 349 (MkDocs), 279 (Zensical)
    # Material's bundle ships its source map, whose source comments name "localhost" and "127.0.0.1"
    # (how `mkdocs serve` may be reached): the engine's own text, not a link of ours.
    local = {name: host for name, text in files.items() if not name.endswith(".js.map")
             for host in LOCAL if host in text}
    assert not local, local
    # No sitemap (the protocol takes absolute URLs only), and nothing in a page that needs an absolute URL.
    assert not [name for name in files if name.rpartition("/")[2] in ("sitemap.xml", "sitemap-index.xml")]
    for page in ("index.html", "patterns/plain-words/index.html", "zh/patterns/plain-words/index.html",
                 f"patterns/{RENAMED[0]}/index.html", f"zh/patterns/{RENAMED[0]}/index.html"):  # redirect pages
        head = files[page].partition("</head>")[0]
        for absent in ('rel="canonical"', "hreflang=", "og:image", "og:url", "twitter:image"):
            assert absent not in head, (page, absent)
    if how != "mkdocs-build":  # `python -m generator build` says what the site lacks
        assert "no SITE_URL: the site has no sitemap, canonical links, hreflang alternates or og:image" in said


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def test_a_site_built_without_site_url_works_from_a_sub_path(unset_build, page):
    """Served from /sub/ (the folder's parent is the server's root): on a page in each language, the
    language switch goes to the same page in the other one, and (MkDocs) every link of the page, the
    header, navigation and its scripts' files included, is found under /sub/. Zensical rewrites every
    relative link to a .md file into a page's: with no SITE_URL the Markdown twins and the home page's
    AGENTS.md are linked from the host's root. A renamed pattern's old URL forwards to its new one."""
    site, _, how = unset_build
    port = free_port()
    server = serve(site.parent, port)
    base = f"http://127.0.0.1:{port}/{SUB}"
    try:
        for prefix in ("", "zh/"):
            page.goto(f"{base}{prefix}patterns/{RENAMED[0]}/#anchor")
            page.wait_for_url(f"{base}{prefix}patterns/{RENAMED[1]}/#anchor")
        for here, other in (("patterns/plain-words/", "zh/patterns/plain-words/"),
                            ("zh/topics/code/", "topics/code/"), ("", "zh/")):
            page.goto(base + here)  # after its load event: site.js has set the language links
            switch = page.eval_on_selector_all("a.kp-lang-link", "links => links.map(a => a.href)")
            assert sorted(switch) == sorted([base + here, base + other]), (here, switch)
            if how == "zensical":
                continue
            found = page.eval_on_selector_all(
                "a[href], link[href], script[src], img[src]", "els => els.map(e => (e.href || e.src).split('#')[0])")
            internal = sorted({url for url in found if url.startswith(f"http://127.0.0.1:{port}/")})
            assert len(internal) > 20, internal
            broken = [url for url in internal if not url.startswith(base) or _status(url) != 200]
            assert not broken, (here, broken)
    finally:
        server.shutdown()


# Each was once accepted, and written as it is into pages or exports: another host's scripts
# ('//evil.example/' is a host to a browser), markup, or links that go nowhere.
BAD_URLS = ["javascript:alert(1)//", "data:text/html,x", "example.org", "http://", "https://x.org/a b",
            "https://x.org//evil.example/", "https://x.org/?q=1", "https://x.org/#top", "https://x.org:99999/",
            "https://user@x.org/", "https://x.org/a/../", "javascript://x.org/%0aalert(1);//x"]


def refused(argv, how, bad, out, monkeypatch, capsys) -> None:
    monkeypatch.delenv("SITE_URL", raising=False)
    extra = ["--site-url", bad] if how == "option" else []
    if how == "env":
        monkeypatch.setenv("SITE_URL", bad)
    with pytest.raises(SystemExit) as stop:
        run([*argv, *extra], out)
    assert stop.value.code == 2, bad
    name = "--site-url" if how == "option" else "SITE_URL"
    assert f"error: {name} {bad!r} is not an http(s) URL with a host" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("how", ["option", "env"])
def test_a_site_url_that_is_not_a_web_address_is_refused(how, tmp_path, monkeypatch, capsys):
    for bad in BAD_URLS:
        refused(COMMANDS[0], how, bad, tmp_path / "out", monkeypatch, capsys)


@pytest.mark.parametrize("argv", COMMANDS + [["check", str(ROOT / "README.md")]], ids=ids)
@pytest.mark.parametrize("how", ["option", "env"])
def test_every_command_refuses_it_before_writing(argv, how, tmp_path, monkeypatch, capsys):
    refused(argv, how, BAD_URLS[0], tmp_path / "out", monkeypatch, capsys)


@pytest.mark.parametrize("name, value", [
    ("REPO_URL", 'https://github.com/o/r?"><img src=x onerror=alert(1)>'),  # into the header of every page
    ("REPO_URL", "javascript://github.com/%0aalert(1)//"),  # the header's repository link
    ("SITE_URL", "https://x.org//evil.example/"),  # 404.html would load its scripts from evil.example
])
@pytest.mark.parametrize("command", ["generator build", "mkdocs build"])
def test_the_site_build_refuses_a_url_a_page_cannot_hold(command, name, value, tmp_path):
    """Both ways to build the site (the plugin under `mkdocs build` and `make serve`) refuse it, name it,
    and write no page."""
    import os
    import subprocess
    import sys

    out = tmp_path / "site"
    argv = ([sys.executable, "-m", "generator", "build", "--site-dir", str(out)] if command == "generator build"
            else [sys.executable, "-m", "mkdocs", "build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)])
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", name: value}
    result = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert result.returncode != 0
    said = result.stdout + result.stderr
    assert f"{name} {value!r} is not an http(s) URL with a host" in said or f"({name}) {value!r} is not" in said
    assert not (out.exists() and list(out.rglob("*.html")))  # MkDocs makes the empty folder first
