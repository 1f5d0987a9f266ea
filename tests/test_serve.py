"""The README's first command: the real `mkdocs serve` serves both languages on every rebuild.

Runs `python -m mkdocs serve --livereload` on a free port, in a temporary copy of the
whole project (data, config, theme), with no CI or KP_CARDS in the environment: a
contributor's preview, which must need Python alone (no social cards, no fonts).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, free_port

PATTERN = "plain-words"
PAGES = ("", "zh/", f"zh/patterns/{PATTERN}/", f"patterns/{PATTERN}/")
RELOAD_SECONDS = 3.0  # the promise: a saved edit shows in both languages within this


def fetch(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, ""
    except (urllib.error.URLError, TimeoutError):  # not listening yet, or busy building
        return 0, ""


def wait_for(check, timeout: float, what: str) -> float:
    """Poll check() every 0.1 s; the seconds it took to become true (fails after timeout)."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if check():
            return time.monotonic() - start
        time.sleep(0.1)
    raise AssertionError(f"{what}: not within {timeout} s")


def start_serve(project: Path, **env_extra: str) -> tuple[str, Path, subprocess.Popen]:
    """(base url, log file, process) of `mkdocs serve` started on a copy of the project at project,
    as a user runs it, once it serves both languages."""
    for name in ("mkdocs.yml", "mkdocs.zh.yml"):
        shutil.copy(ROOT / name, project / name)
    for folder in ("overrides", "content", "patterns"):
        shutil.copytree(ROOT / folder, project / folder)
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "KP_CARDS", "SITE_URL", "REPO_URL")}
    env.update(NO_MKDOCS_2_WARNING="1", **env_extra)
    log = project / "serve.log"
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty", "-a", f"127.0.0.1:{port}"],
                                cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_for(lambda: proc.poll() is not None or fetch(base + "zh/")[0] == 200, 180, "first build")
        assert proc.poll() is None, log.read_text(encoding="utf-8")
    except BaseException:
        proc.kill()
        raise
    return base, log, proc


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """(project folder, base url, log file, process) of a running `mkdocs serve`; stopped after the module."""
    project = tmp_path_factory.mktemp("serve")
    base, log, proc = start_serve(project)
    try:
        yield project, base, log, proc
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def edit_summary(project: Path, token: str) -> None:
    """Put token in the pattern's summary, in both languages ("TODO" alone makes the data invalid)."""
    path = project / "patterns" / f"{PATTERN}.yml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = lines.index("summary:\n")
    lines[at + 1: at + 3] = [f"  en: Say it plainly, {token}.\n", f"  zh: 说大白话，{token}。\n"]
    if token == "TODO":
        lines[at + 1] = "  en: TODO\n"
    path.write_text("".join(lines), encoding="utf-8")


def shows(base: str, token: str) -> bool:
    return all(token in fetch(f"{base}{lang}patterns/{PATTERN}/")[1] for lang in ("", "zh/"))


def test_first_load_serves_both_languages(served):
    _, base, log, _ = served
    for path in PAGES:
        assert fetch(base + path)[0] == 200, path
    text = log.read_text(encoding="utf-8")
    assert "Traceback" not in text and "Error" not in text, text
    assert text.count("Social cards are not drawn") == 1, text


def test_edit_shows_in_both_languages_then_broken_edit_then_fix(served):
    project, base, log, proc = served
    edit_summary(project, "EDITED-ONE")
    took = wait_for(lambda: shows(base, "EDITED-ONE"), 30, "the edit in both languages")
    assert took < RELOAD_SECONDS * 4, took  # a loaded 2-core machine; the bench reports the real figure

    # A broken edit: the problem list is logged and the server lives on. (MkDocs then holds
    # page requests until a build succeeds, so the pages are fetched after the fix.)
    before = len(log.read_text(encoding="utf-8"))
    edit_summary(project, "TODO")
    wait_for(lambda: "rebuild" in log.read_text(encoding="utf-8")[before:], 30, "the failed rebuild")
    problems = log.read_text(encoding="utf-8")[before:]
    assert f"patterns/{PATTERN}.yml:7: field 'summary.en': still says TODO" in problems, problems
    assert "Traceback" not in problems, problems
    assert proc.poll() is None

    edit_summary(project, "FIXED-TWO")
    wait_for(lambda: shows(base, "FIXED-TWO"), 30, "the fix in both languages")
    for path in PAGES:
        assert fetch(base + path)[0] == 200, path
    assert "cannot join" not in log.read_text(encoding="utf-8")
