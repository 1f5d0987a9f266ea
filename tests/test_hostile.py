"""Hostile and broken contributions: refused precisely, or rendered with nothing live."""

from __future__ import annotations

import functools
import hashlib
import os
import shutil
import subprocess

import markdown
import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, make_project, run_main
from hostile_corpus import CASES, COMMANDS, SAFE

from generator.data.catalog import load_catalog
from generator.data.problems import DataError
from generator.site.htmlsafety import audit_project
from generator.data.project import load_project
from generator.site.render import render_pages

@functools.cache
def build_markdown() -> markdown.Markdown:
    """Markdown with the extensions and settings of the real build, read by MkDocs from mkdocs.yml (made once,
    reset before each page, as validate does: loading the extensions costs more than a page)."""
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=list(config.markdown_extensions), extension_configs=dict(config.mdx_configs))


def page_live_script(root) -> list[str]:
    """live_script of every page the catalog at root renders to, both languages, with the real build's Markdown."""
    catalog = load_catalog(root)
    return [found for lang in ("en", "zh") for page in render_pages(catalog, lang) for found in _live(page.content)]


@functools.lru_cache(maxsize=4096)
def _live(content: str) -> tuple[str, ...]:
    """live_script of one page's Markdown (its front matter left out). Most pages of a changed catalog are
    the same text as before: converted once, which is most of what a hostile case costs."""
    body = content.split("---", 2)[-1] if content.startswith("---") else content
    return tuple(live_script(build_markdown().reset().convert(body)))


def live_script(html: str) -> list[str]:
    """Everything in the HTML that could run script."""
    found = []
    doc = BeautifulSoup(html, "html.parser")
    for tag in doc.find_all(True):
        if tag.name == "svg":
            # the pattern map's size follows the names in it: record which attributes, not their values
            # (event attributes and script URLs inside are caught below, like everywhere else)
            found.append(f"svg {sorted(tag.attrs)}")
        elif tag.name in ("script", "iframe", "object", "embed", "img", "style", "base", "form", "meta", "link"):
            found.append(str(tag)[:80])
        for attr, value in tag.attrs.items():
            if attr.lower().startswith("on"):
                found.append(f"{tag.name} {attr}")
            if attr in ("href", "src", "action", "formaction", "xlink:href"):
                url = "".join(value if isinstance(value, str) else value).strip().lower()
                if url.startswith(("javascript:", "data:", "vbscript:")):
                    found.append(f"{tag.name} {attr}={url[:40]}")
    return found


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    """What our own templates contain (a form, say); contributed text may add nothing to it."""
    from catalog_factory import write_catalog

    return sorted(page_live_script(write_catalog(tmp_path_factory.mktemp("base"))))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_hostile_contribution(case, mini, baseline):
    if case.file.endswith(".md"):  # a hand-written page: judged by the HTML it renders to, as `validate` does
        make_project(mini)
    (mini / case.file).parent.mkdir(parents=True, exist_ok=True)
    (mini / case.file).write_bytes(case.content)
    if case.expect == SAFE:
        assert sorted(page_live_script(mini)) == baseline
        # and every page's HTML stays inside the allowlist, as `validate` and `build` check it
        assert [str(p) for p in audit_project(make_project(mini), load_catalog(mini))] == []
        return
    if case.file.endswith(".md"):
        messages = [str(p) for p in audit_project(mini, load_catalog(mini))]
    else:
        with pytest.raises(DataError) as info:
            load_project(mini)  # all that `validate` reads
        messages = [str(p) for p in info.value.problems]
    if case.exact:
        wanted = [f"{(rest or [case.file])[0]}" + (f":{line}: " if line else ": ") + (f"field '{field}': " if field else "") + message
                  for line, field, message, *rest in case.expect]
        assert sorted(messages) == sorted(wanted)
        return
    for line, field, fragment in case.expect:
        where = f"{case.file}:{line}: " if line else f"{case.file}:"
        label = f"field '{field}': " if field else ""
        assert any(m.startswith(where) and f"{label}{fragment}" in m for m in messages), (
            f"expected {where}...{label}{fragment}\ngot:\n" + "\n".join(messages))


# -- commands (hostile_corpus.COMMANDS): refused or failed with one line, nothing changed -------------------------


def _git(root, *args) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@t", *args], cwd=root, check=True,
                          capture_output=True, text=True, encoding="utf-8").stdout


def _files(folder) -> dict[str, str]:
    """Every path under folder -> a hash of its content (links: their target; .git's changing index left out)."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, folder)
            if rel == os.path.join(".git", "index") or os.path.ismount(path):
                continue
            if os.path.islink(path):
                out[rel] = "-> " + os.readlink(path)
            elif os.path.isfile(path):
                with open(path, "rb") as file:
                    out[rel] = hashlib.sha256(file.read()).hexdigest()
            else:
                out[rel] = "dir"
    return out


def _state(project) -> tuple:
    return _files(project), _git(project, "status", "--porcelain", "--ignored")


@pytest.fixture(scope="module")
def command_place(tmp_path_factory):
    """A git copy of the project, and beside it the scratch folder of hostile_corpus.Command (two tmpfs mounts)."""
    from conftest import copy_project

    base = tmp_path_factory.mktemp("commands")
    project = copy_project(base / "project")
    shutil.copy(ROOT / ".gitignore", project / ".gitignore")
    shutil.copy(ROOT / "examples" / "team.yml", project / "team.yml")
    _git(project, "init", "-q")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "copy")
    tmp = base / "tmp"
    (tmp / "foreign").mkdir(parents=True)
    (tmp / "foreign" / "notes.txt").write_text("someone else's", encoding="utf-8")
    (tmp / "afile").write_text("a file", encoding="utf-8")
    (tmp / "link").symlink_to(project)
    for name, options in (("full", "size=64k"), ("ro", "size=1m")):
        (tmp / name).mkdir()
        subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(tmp / name)], check=True)
    (tmp / "ro" / "site").mkdir()
    (tmp / "ro" / "site" / ".generator-output").write_text("generator-output 2\nindex.html\n", encoding="utf-8")
    (tmp / "ro" / "site" / "index.html").write_text("the last good site", encoding="utf-8")
    subprocess.run(["mount", "-o", "remount,ro", str(tmp / "ro")], check=True)
    yield project, tmp, _state(project)
    for name in ("full", "ro"):
        subprocess.run(["umount", str(tmp / name)], check=False)


@pytest.mark.parametrize("case", COMMANDS, ids=[c.name for c in COMMANDS])
def test_hostile_command(case, command_place):
    project, tmp, untouched = command_place  # every command leaves the project as the fixture made it
    for rel, content in (case.files or {}).items():
        (tmp / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp / rel).write_bytes(content)
    before = _files(tmp)
    args = [a.format(project=project, tmp=tmp) for a in case.args]
    result = run_main(*args, cwd=project, env={**os.environ, "SITE_URL": "http://127.0.0.1:8000/"})
    assert (result.returncode, result.stdout, result.stderr) == (
        case.status, "", case.message.format(project=project, tmp=tmp) + "\n")
    assert (_state(project), _files(tmp)) == (untouched, before)
