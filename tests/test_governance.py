"""Only pages and images are published from content/<lang>/ (what pages render to: test_htmlsafety.py); no two files share a URL (issue 13)."""

from __future__ import annotations

from conftest import build_site, make_project

from generator.cli import main

SITE_URL = "http://127.0.0.1:8000/"


def test_a_script_and_a_page_with_script_fail_the_build(mini, tmp_path):
    project = make_project(mini)
    (project / "content/en/assets/kp").mkdir(parents=True)
    (project / "content/en/assets/kp/site.js").write_text("alert(1)\n", encoding="utf-8")
    (project / "content/en/patterns").mkdir()
    (project / "content/en/patterns/evil.md").write_text("# Evil\n\nText.\n<script>steal()</script>\n", encoding="utf-8")
    result = build_site(project, tmp_path / "out", SITE_URL)
    assert result.returncode != 0
    assert "content/en/assets/kp/site.js: only Markdown pages (.md) and images (.png, .jpg, .jpeg, .webp, .gif) " \
           "are published from content/<lang>/" in result.stderr
    assert "content/en/patterns/evil.md:4: not allowed in the rendered page (removed by the allowlist): <script>" \
        in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out" / "patterns" / "evil").exists()


def test_a_page_at_a_generated_url_fails_the_build(mini, tmp_path):
    project = make_project(mini)
    (project / "content/zh/patterns").mkdir()
    (project / "content/zh/patterns/index.md").write_text("# 替换\n", encoding="utf-8")
    result = build_site(project, tmp_path / "out", SITE_URL)
    assert result.returncode != 0
    assert ("two files would be published at one URL: /patterns/index.html from content/zh/patterns/index.md and "
            "generated patterns/index.md") in result.stderr


def test_a_page_whose_folder_is_a_generated_file_fails_the_build(mini, tmp_path):
    project = make_project(mini)
    (project / "content/en/llms.txt.md").write_text("# Not the llms.txt\n", encoding="utf-8")
    result = build_site(project, tmp_path / "out", SITE_URL)
    assert result.returncode != 0
    assert ("a file and a folder would be published at one URL: /llms.txt from generated llms.txt, and "
            "/llms.txt/index.html from content/en/llms.txt.md") in result.stderr
    assert "Traceback" not in result.stderr


def test_validate_reports_what_the_build_refuses(mini, capsys):
    project = make_project(mini)
    pages = project / "content/en"
    (pages / "photo.png").write_bytes(b"\x89PNG")
    assert main(["--root", str(project), "validate"]) == 0
    capsys.readouterr()
    (pages / "logo.svg").write_text("<svg onload='alert(1)'/>", encoding="utf-8")
    (pages / "link.md").symlink_to(pages / "index.md")
    assert main(["--root", str(project), "validate"]) == 1
    assert capsys.readouterr().err.splitlines()[:2] == [
        "content/en/link.md: is a symbolic link; content/<lang>/ holds regular files only",
        ("content/en/logo.svg: only Markdown pages (.md) and images (.png, .jpg, .jpeg, .webp, .gif) are published "
         "from content/<lang>/"),
    ]


def test_an_id_used_twice_in_a_built_page_fails_the_build(mini, tmp_path, monkeypatch, capsys):
    """The theme's own ids are refused in the page's Markdown (tests/hostile_corpus.py); the built-page
    check also catches any id the page's element shares with another element of the built page."""
    project = make_project(mini)
    about = project / "content/en/about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n## One {#same}\n\n## Two {#same}\n", encoding="utf-8")
    monkeypatch.chdir(project)
    assert main(["build", "--site-dir", str(tmp_path / "out")]) != 0
    assert ('about/index.html: id "same" is used twice in the page; the theme and the scripts use one '
            "element per id (rename the heading or the id)") in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
