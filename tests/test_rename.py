"""`python -m generator rename`: a pattern, a topic and a quote renamed in a copy of the project (issue 13).

After the three renames, with no other edit, validate, urls --check and the strict
build pass, and the old URLs (with ?h=x#examples) land on the new pages in both
languages, in a real browser.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT, built_and_served, run_cli

from generator.data.manifest import MANIFEST, read_manifest

RENAMES = [("pattern", "precise-number-shrug", "hands-down-numbers"), ("topic", "code", "code-craft"),
           ("quote", "dont-be-a-hero", "no-heroes")]
SKIP = {".venv", "site", ".cache", "node_modules", ".git", ".bench", "build", "__pycache__"}


@pytest.fixture(scope="module")
def renamed(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("rename") / "project"
    # Output folders are skipped at the top only: generator/site/ is code (skipping it made the copy import
    # the site package of whatever checkout the venv's editable install points at).
    shutil.copytree(ROOT, root, ignore=lambda folder, names: [
        n for n in names if n in SKIP and (Path(folder) == ROOT or n == "__pycache__")])
    for kind, old, new in RENAMES:
        result = run_cli(root, "rename", kind, old, new)
        assert result.returncode == 0, result.stderr
        assert (f"renamed {kind} '{old}' to '{new}'; '{old}' is kept in former_ids, so its links keep working\n"
                f"to undo: python -m generator rename {kind} {new} {old} ") in result.stdout
    return root


@pytest.fixture(scope="module")
def renamed_site(renamed, tmp_path_factory):
    yield from built_and_served(renamed, tmp_path_factory.mktemp("rename-site") / "site")


def test_validate_and_urls_check_pass_with_no_other_edit(renamed):
    assert run_cli(renamed, "validate").returncode == 0
    check = run_cli(renamed, "urls", "--check")
    assert check.returncode == 0, check.stderr


def test_every_reference_moved_and_the_old_ids_are_kept(renamed):
    pattern = yaml.safe_load((renamed / "patterns" / "hands-down-numbers.yml").read_text(encoding="utf-8"))
    assert pattern["former_ids"] == ["precise-number-shrug"]
    assert not (renamed / "patterns" / "precise-number-shrug.yml").exists()
    topics = yaml.safe_load((renamed / "content" / "topics.yml").read_text(encoding="utf-8"))["topics"]
    assert {"id": "code-craft", "former_ids": ["code"]}.items() <= next(t for t in topics if t["id"] == "code-craft").items()
    quotes = yaml.safe_load((renamed / "content" / "quotes" / "code-craft.yml").read_text(encoding="utf-8"))
    assert quotes["topic"] == "code-craft"
    assert next(q for q in quotes["quotes"] if q["id"] == "no-heroes")["former_ids"] == ["dont-be-a-hero"]
    for folder in ("patterns", "content", "docs", "generator/check"):
        for path in (renamed / folder).rglob("*"):
            if path.is_file() and path.suffix in (".yml", ".md", ".py"):
                text = path.read_text(encoding="utf-8")
                for old in ("precise-number-shrug", "dont-be-a-hero"):
                    stale = [line for line in text.splitlines() if old in line and "former_ids" not in line]
                    assert not stale, (path, stale)
    listed = read_manifest(renamed / MANIFEST)
    assert "topics/code/#dont-be-a-hero" in listed and "zh/topics/code-craft/#no-heroes" in listed


def test_a_plain_word_id_is_renamed_where_it_is_an_id_and_not_in_prose(renamed):
    """Topic 'code': the list of topic ids and the topic column change; `` `code` `` (how to write inline code)
    and a table header named "code" stay."""
    contributing = (renamed / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert "`learning`, `hype`, `code-craft`)" in contributing
    assert "`` `code` ``" in contributing
    assert "| where | how | code |" in (renamed / "docs" / "checker.md").read_text(encoding="utf-8")
    assert "| adam-3e-4 | #26 | code-craft |" in (renamed / "docs" / "ids.md").read_text(encoding="utf-8")


def test_the_checker_still_knows_the_renamed_pattern(renamed, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text("It is the best model, hands down.\n", encoding="utf-8")
    result = run_cli(renamed, "check", "--format", "json", "--fail-on", "never", str(draft), cwd=renamed)
    assert result.returncode == 0, result.stderr
    assert '"pattern": "hands-down-numbers"' in result.stdout


@pytest.mark.parametrize("prefix", ["", "zh/"])
@pytest.mark.parametrize("old, new", [
    ("patterns/precise-number-shrug/?h=x#examples", "patterns/hands-down-numbers/?h=x#examples"),
    ("topics/code/?h=x#examples", "topics/code-craft/?h=x#examples"),
    ("quiz/code/?h=x#examples", "quiz/code-craft/?h=x#examples"),
    ("topics/code/#dont-be-a-hero", "topics/code-craft/#dont-be-a-hero"),
])
def test_old_urls_land_on_the_new_pages(renamed_site, page, prefix, old, new):
    _, base = renamed_site
    page.goto(f"{base}{prefix}{old}")
    page.wait_for_url(f"{base}{prefix}{new}")
    anchor = new.partition("#")[2]
    if anchor != "examples":  # a quote link: the note under its old id leads to the quote
        note = page.locator(f"[id='{anchor}'] a")
        assert note.get_attribute("href").endswith("#no-heroes")
        note.click()
        page.wait_for_url(f"{base}{prefix}topics/code-craft/#no-heroes")
        assert page.locator("[id='no-heroes']").is_visible()
