"""`validate --format github` (and under GitHub Actions) prints problems as inline annotations (issue 13)."""

from __future__ import annotations

import os

from catalog_factory import write_catalog
from conftest import run_cli


def validate(root, *flags, env=None):
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"} | (env or {})
    return run_cli(root, "validate", *flags, env=env)


def broken(tmp_path):
    root = write_catalog(tmp_path / "mini")
    path = root / "patterns" / "first-pattern.yml"
    text = path.read_text(encoding="utf-8").replace("summary:", "sumary:")
    path.write_text(text.replace("  en: The reader keeps reading.", "  en: Note: the reader, 100% sure"), encoding="utf-8")
    (root / "patterns" / "x.yml").mkdir()
    return root


EXPECTED = [
    ("::error file=patterns/first-pattern.yml,line=17,title=field effect.en::patterns/first-pattern.yml:17: "
    "field 'effect.en': ': ' inside a text starts a new "
    "key in YAML; put the text in quotes: en: \"Note: the reader, 100%25 sure\""),
    "::error file=patterns/x.yml::patterns/x.yml: is a folder; data folders hold regular files only",
    "2 problems found.",
]


def test_format_github_prints_annotations(tmp_path):
    run = validate(broken(tmp_path), "--format", "github")
    assert run.returncode == 1
    assert run.stdout.splitlines() == EXPECTED


def test_github_actions_turns_annotations_on(tmp_path):
    root = broken(tmp_path)
    assert validate(root, env={"GITHUB_ACTIONS": "true"}).stdout.splitlines() == EXPECTED
    plain = validate(root)
    assert plain.stdout == "" and plain.stderr.startswith("patterns/first-pattern.yml:17: ")


def test_field_becomes_the_title(tmp_path):
    root = write_catalog(tmp_path / "mini")
    path = root / "patterns" / "first-pattern.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("summary:", "sumary:"), encoding="utf-8")
    [line, _] = validate(root, "--format", "github").stdout.splitlines()
    assert line == ("::error file=patterns/first-pattern.yml,line=5,title=field sumary::patterns/first-pattern.yml:5: "
                    "field 'sumary': unknown field (did you mean 'summary'?)")
