"""`mkdocs build` builds the Chinese site too (generator/site/plugin.py, in a process of its own):
its failures fail the whole build with their own message, leaving nothing half-built behind."""

from __future__ import annotations

from conftest import build_site, make_project

SITE_URL = "http://127.0.0.1:8000/"


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
    assert not out.exists() or not [p.name for p in out.iterdir() if p.name.startswith(".")]  # no half-built Chinese folder


def test_a_strict_warning_in_the_chinese_build_fails_the_build(mini, tmp_path):
    project = make_project(mini)
    (project / "content/zh/about.md").write_text("# 关于\n\n[坏链接](nowhere.md)\n", encoding="utf-8")
    result = build_site(project, tmp_path / "out", SITE_URL)
    assert result.returncode == 1
    assert "contains a link 'nowhere.md', but the target is not found" in result.stderr
    assert "Aborted with 1 warnings in strict mode!" in result.stdout + result.stderr
