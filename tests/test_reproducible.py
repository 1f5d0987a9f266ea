"""Same commit, same bytes; a failed build leaves the last good site in place."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys

from conftest import ROOT, copy_project, make_project


def digest_tree(folder) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def run_build(project, site_dir, **env):
    return subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir", str(site_dir)],
                          cwd=project, capture_output=True, text=True, encoding="utf-8", env={**os.environ, **env})


def test_two_builds_are_byte_identical(tmp_path):
    # Two copies of the project, built by separate processes: nothing can be shared between the builds but the code.
    first, second = tmp_path / "one/site", tmp_path / "two/site"
    for out in (first, second):
        project = copy_project(out.parent)
        result = run_build(project, out, SITE_URL="https://example.org/guide/", SOURCE_DATE_EPOCH="1700000000")
        assert result.returncode == 0, result.stderr
    a, b = digest_tree(first), digest_tree(second)
    assert a.keys() == b.keys()
    differ = [name for name in a if a[name] != b[name]]
    assert differ == []
    assert "sitemap.xml" in a and "zh/sitemap.xml" in a


def test_sitemap_date_comes_from_source_date_epoch(tmp_path):
    out = tmp_path / "site"
    result = run_build(ROOT, out, SITE_URL="https://example.org/", SOURCE_DATE_EPOCH="1700000000")
    assert result.returncode == 0, result.stderr
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<lastmod>2023-11-14</lastmod>" in sitemap


def test_a_failed_build_leaves_the_last_good_site(mini):
    """A data error stops the build before MkDocs runs; a broken link stops it after MkDocs has emptied its
    output folder. Either way the last good site stays whole and nothing is left beside it."""
    make_project(mini)
    out = mini / "site"
    assert run_build(mini, out).returncode == 0
    before = digest_tree(out)
    assert "zh/patterns/first-pattern/index.html" in before
    pattern = mini / "patterns/first-pattern.yml"
    good = pattern.read_text(encoding="utf-8")
    pattern.write_text(good.replace("effect:", "efect:"), encoding="utf-8")
    bad_data = run_build(mini, out)
    assert bad_data.returncode != 0
    assert "patterns/first-pattern.yml:" in bad_data.stderr and "field 'efect': unknown field" in bad_data.stderr
    assert "Traceback" not in bad_data.stderr
    assert digest_tree(out) == before
    pattern.write_text(good, encoding="utf-8")
    home = mini / "content/en/index.md"
    home.write_text(home.read_text(encoding="utf-8") + "\n[broken](nowhere.md)\n", encoding="utf-8")
    bad_link = run_build(mini, out)
    assert bad_link.returncode != 0
    assert "left as it was" in bad_link.stderr
    assert digest_tree(out) == before
    assert not list(mini.glob(".site.*"))
