"""Builds cannot collide or lose the last good site (issue 13)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from generator.site import build as site_build

ROOT = Path(__file__).resolve().parent.parent


def start(site: Path) -> subprocess.Popen:
    env = {**os.environ, "SITE_URL": "http://127.0.0.1:8000/"}
    return subprocess.Popen([sys.executable, "-m", "generator", "build", "--site-dir", str(site)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8")


def files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_two_builds_half_a_second_apart(tmp_path):
    # Both used to build in one .site.building folder: a partial site and two exit codes 0.
    site = tmp_path / "site"
    first = start(site)
    assert first.wait() == 0, first.stderr.read()
    complete = files(site)
    assert len(complete) > 200
    for _ in range(2):
        a = start(site)
        time.sleep(0.5)
        b = start(site)
        codes = (a.wait(), b.wait())
        assert codes == (0, 0), (a.stderr.read(), b.stderr.read())  # each waits for the other's swap, none fails
        assert files(site) == complete
        assert [p.name for p in tmp_path.iterdir()] == ["site"]  # each build cleans up its own folder


def complete_site(folder: Path, marker: str) -> Path:
    for page in site_build.missing_pages(folder):
        (folder / page).parent.mkdir(parents=True, exist_ok=True)
        (folder / page).write_text(marker, encoding="utf-8")
    return folder


def test_an_incomplete_build_is_not_swapped_in(tmp_path):
    assert site_build.missing_pages(complete_site(tmp_path / "ok", "x")) == []
    partial = complete_site(tmp_path / "partial", "x")
    (partial / "zh" / "index.html").unlink()
    assert site_build.missing_pages(partial) == ["zh/index.html"]
