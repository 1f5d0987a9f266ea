"""SITE_URL (generator/settings.py): with no setting, nothing a user ships links to the local preview's
address; with it set, every output links under it.

Each command runs as a user runs it, in process (`main([...])`), on the shipped data, and every file it
writes (or every line it prints) is read for `127.0.0.1`. The site build keeps its own preview default
(mkdocs.yml); it is not a shipped output of these commands.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT

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
