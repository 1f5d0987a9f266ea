"""What a contributor meets: schema lines, generated schemas, the guide, .github/, pre-commit."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from generator.data.export_schema import schema_text
from generator.data.models import Pattern, QuoteFile

# Data file -> the schema its first line must name (relative to the file, as editors resolve it).
SCHEMA_OF = {
    "patterns/*.yml": "pattern",
    "content/quotes/*.yml": "quotes",
    "content/topics.yml": "topics",
    "content/claims.yml": "claims",
}


def data_files():
    for pattern, schema in SCHEMA_OF.items():
        for path in sorted(ROOT.glob(pattern)):
            yield path, schema


def test_every_data_file_names_its_json_schema():
    files = list(data_files())
    assert any(schema == "pattern" for _, schema in files)
    wrong = []
    for path, schema in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        relative = Path("../" * (len(path.relative_to(ROOT).parts) - 1)) / f"generator/data/schema/{schema}.schema.json"
        expected = f"# yaml-language-server: $schema={relative.as_posix()}"
        if first != expected:
            wrong.append(f"{path.relative_to(ROOT)}: first line must be '{expected}', found '{first}'")
        assert (path.parent / relative).resolve().is_file()
    assert not wrong, "\n".join(wrong)


def test_schema_files_equal_what_the_schema_command_writes():
    folder = ROOT / "generator/data/schema"
    from generator.data.export_schema import SCHEMAS

    assert sorted(p.name for p in folder.glob("*.json")) == sorted(f"{name}.schema.json" for name in SCHEMAS)
    for name in SCHEMAS:
        assert (folder / f"{name}.schema.json").read_text(encoding="utf-8") == schema_text(name), (
            f"generator/data/schema/{name}.schema.json is out of date: run `python -m generator schema`"
        )


# -- CONTRIBUTING.md ---------------------------------------------------------------


def yaml_blocks(text: str) -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", text, flags=re.DOTALL)


def test_contributing_examples_are_valid():
    blocks = yaml_blocks((ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8"))
    pattern = next(b for b in blocks if b.startswith("# yaml-language-server: $schema=../generator/data/schema/pattern"))
    quotes = next(b for b in blocks if b.startswith("# yaml-language-server: $schema=../../generator/data/schema/quotes"))
    data = yaml.safe_load(pattern)
    assert list(data) == list(Pattern.model_fields)  # the full example shows every field, in order
    Pattern.model_validate(data)
    QuoteFile.model_validate(yaml.safe_load(quotes))


def test_contributing_covers_preview_checklist_and_chinese():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    for needle in (
        "make serve",
        "python -m generator new",
        "python -m generator validate",
        "former_ids",
        "urls --check",
        "Verbatim quote",
        "Real source",
        "Fresh prose",
        "## 中文说明",
        "原话逐字",
    ):
        assert needle in text, needle


# -- .github/ ------------------------------------------------------------------------

GITHUB = ROOT / ".github"


def test_workflows_pass_actionlint():
    actionlint = Path(sys.executable).with_name("actionlint")
    assert actionlint.exists(), "actionlint is missing: `make` installs it from requirements.txt"
    workflows = sorted(str(p) for p in (GITHUB / "workflows").glob("*.y*ml"))
    assert workflows
    result = subprocess.run(
        [str(actionlint), "-no-color", "-oneline", "-shellcheck=", "-pyflakes=", *workflows],
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=ROOT,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_bad_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: pull_request_target\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.event.pull_request.title }}\n",
        encoding="utf-8",
    )
    result = subprocess.run(
        [str(Path(sys.executable).with_name("actionlint")), "-no-color", "-oneline", str(bad)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    assert result.returncode == 1 and "potentially untrusted" in result.stdout


ISSUE_FIELD_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


@pytest.mark.parametrize("name", ["propose-a-pattern.yml", "report-a-wrong-quote.yml"])
def test_issue_forms_are_well_formed(name):
    form = yaml.safe_load((GITHUB / "ISSUE_TEMPLATE" / name).read_text(encoding="utf-8"))
    assert {"name", "description", "body"} <= set(form)
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids))
    for item in form["body"]:
        assert item["type"] in ISSUE_FIELD_TYPES
        if item["type"] != "markdown":
            assert item["attributes"]["label"] and "id" in item
        if item["type"] == "dropdown":
            assert item["attributes"]["options"]
    assert any(item.get("validations", {}).get("required") for item in form["body"])


def test_pull_request_template_has_the_checklist():
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    for item in ("Verbatim quote", "Real source", "Fresh prose", "generator validate", "former_ids",
                 "No instructions to a model"):
        assert re.search(rf"^- \[ \] .*{re.escape(item)}", text, re.MULTILINE), item


def test_actions_are_pinned_by_commit_sha_with_the_version_in_a_comment():
    for path in (GITHUB / "workflows").glob("*.y*ml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^\s*(?:-\s+)?uses:\s*([^@\s]+)@(\S+)(.*)$", line)
            if not match:
                continue
            assert re.fullmatch(r"[0-9a-f]{40}", match.group(2)), line
            assert re.match(r"\s+# v\d+\.\d+\.\d+", match.group(3)), line


def test_codeowners_cover_everything_published_or_run():
    rules = [line.split() for line in (GITHUB / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    owned = {rule[0] for rule in rules if len(rule) >= 2 and rule[1].startswith("@")}
    published = {"/content/", "/patterns/", "/published-urls.txt"}
    run = {"/tests/", "/package.json", "/package-lock.json", "/Makefile", "/pyproject.toml", "/requirements.txt",
           "/requirements-test.txt"}
    assert published | run | {"/mkdocs*.yml", "/generator/", "/overrides/", "/.github/"} <= owned
    assert rules[0][0] == "*"  # and a default owner for whatever is added later


# -- pre-commit ------------------------------------------------------------------------


def pins(lines) -> dict[str, str]:
    found = {}
    for line in lines:
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s#]+)", line.strip())
        if match:
            found[match.group(1).lower()] = match.group(2)
    return found


def test_pre_commit_runs_validation_and_ruff_with_pinned_versions():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert "python -m generator validate" in hooks["validate"]["entry"]
    assert hooks["ruff-check"]["entry"].startswith("ruff check")
    assert hooks["ruff-format"]["entry"].startswith("ruff format")
    required = pins((ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines())
    for repo in config["repos"]:
        if repo["repo"] != "local":
            assert re.fullmatch(r"v?\d+(\.\d+)+", repo["rev"]), f"{repo['repo']}: pin a version, not {repo['rev']}"
        for hook in repo["hooks"]:
            for dep in hook.get("additional_dependencies", []):
                name, _, version = dep.partition("==")
                assert version, f"{hook['id']}: '{dep}' is not pinned"
                if name.lower() in required:
                    assert version == required[name.lower()], f"{hook['id']}: {dep} differs from requirements.txt"
