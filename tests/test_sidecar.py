"""The Chinese build runs in a forked process beside the English one (generator/site/sidecar.py).

It must give the same site as building the two in order, and its failures must
fail the whole build with their own message, leaving nothing half-built behind.
"""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import build_site, make_project

from generator.site import sidecar

SITE_URL = "http://127.0.0.1:8000/"
IN_ORDER = ("import sys; import generator.site.sidecar as s; s.CAN_FORK = False; "
            "from mkdocs.__main__ import cli; sys.argv = ['mkdocs'] + sys.argv[1:]; cli()")


def files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_forked_and_in_order_builds_give_the_same_site(mini, tmp_path):
    assert sidecar.CAN_FORK  # CI and this machine are Linux: the forked path is the one tested everywhere else
    project = make_project(mini)
    env = {**os.environ, "SITE_URL": SITE_URL, "NO_MKDOCS_2_WARNING": "1", "KP_CARDS": "false",
           "SOURCE_DATE_EPOCH": "1700000000"}
    forked = build_site(project, tmp_path / "forked", SITE_URL, {"KP_CARDS": "false", "SOURCE_DATE_EPOCH": "1700000000"})
    assert forked.returncode == 0, forked.stderr
    in_order = subprocess.run([sys.executable, "-c", IN_ORDER, "build", "--strict", "--site-dir", str(tmp_path / "ordered")],
                              cwd=project, env=env, capture_output=True, text=True, encoding="utf-8")
    assert in_order.returncode == 0, in_order.stderr
    a, b = files(tmp_path / "forked"), files(tmp_path / "ordered")
    assert "zh/index.html" in a and "zh/search/search_index.json" in a
    assert a.keys() == b.keys()
    assert [name for name in a if a[name] != b[name]] == []
    assert not [p for p in (tmp_path / "forked").iterdir() if p.name.startswith(".")]


def test_a_failing_chinese_build_fails_the_build_with_its_message(mini, tmp_path):
    project = make_project(mini)
    (project / "content/zh/evil.md").write_text("# 坏\n\n<script>steal()</script>\n", encoding="utf-8")
    out = tmp_path / "out"
    result = build_site(project, out, SITE_URL)
    assert result.returncode == 1
    assert "content/zh/evil.md:3: not allowed in the rendered page (removed by the allowlist): <script>" in result.stderr
    assert "Aborted with a BuildError!" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert not (out / "zh").exists()
    assert not [p.name for p in out.iterdir() if p.name.startswith(".")]  # no half-built Chinese folder left


def test_a_strict_warning_in_the_chinese_build_fails_the_build(mini, tmp_path):
    project = make_project(mini)
    (project / "content/zh/about.md").write_text("# 关于\n\n[坏链接](nowhere.md)\n", encoding="utf-8")
    result = build_site(project, tmp_path / "out", SITE_URL)
    assert result.returncode == 1
    assert "contains a link 'nowhere.md', but the target is not found" in result.stderr
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr


def test_the_child_reports_its_error_and_never_returns(tmp_path):
    def fail():
        raise ValueError("bad input in the child")

    running = sidecar.start(fail)
    try:
        running.join()
    except sidecar.SidecarError as err:
        assert err.kind == "ValueError"
        assert "bad input in the child" in err.message and "Traceback" in err.message  # not one of ours: traceback
    else:
        raise AssertionError("join() returned for a failed child")
    marker = tmp_path / "ran"
    sidecar.start(lambda: marker.write_text("x", encoding="utf-8")).join()
    assert marker.read_text(encoding="utf-8") == "x"
