"""`python -m generator team team.yml --out DIR` (issue 15), on the README's example and on bad input."""

from __future__ import annotations

import json
import re
import shutil

import pytest
import yaml
from conftest import ROOT, run_cli
from skills_ref import validate

from generator import paths

EXAMPLE = ROOT / "examples" / "team.yml"


@pytest.fixture(scope="module")
def team_out(site, tmp_path_factory):
    """The example's output, linked to the served test site (so its links can be checked there)."""
    out, base = site
    folder = tmp_path_factory.mktemp("team")
    result = run_cli(ROOT, "team", str(EXAMPLE), "--out", str(folder), "--site-url", base)
    assert result.returncode == 0, result.stderr
    return folder, result.stdout


def resolves(out, base, url: str) -> bool:
    rel, _, anchor = url[len(base):].partition("#")
    path = out / rel / "index.html" if rel.endswith("/") else out / rel
    if not path.is_file():
        return False
    return not anchor or f'id="{anchor}"' in path.read_text(encoding="utf-8")


def test_readme_example_writes_every_file(team_out):
    folder, stdout = team_out
    for rel in ("guide.md", "selection.json", "vale/Karpathy/PlainWords.yml", "vale/Karpathy/TeamWords.yml",
                "skill/acme-docs-style/SKILL.md"):
        assert (folder / rel).is_file(), rel
        assert f"wrote {folder / rel}" in stdout


def test_team_guide_links_each_adopted_pattern_and_anchor_on_the_site(site, team_out):
    out, base = site
    folder, _ = team_out
    team = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    guide = (folder / "guide.md").read_text(encoding="utf-8")
    urls = re.findall(r"\]\((http[^)]+)\)", guide)
    assert urls and all(url.startswith(base) for url in urls)
    broken = [url for url in urls if not resolves(out, base, url)]
    assert not broken, broken
    for pid in team["adopt"]:
        for anchor in paths.PATTERN_ANCHORS:
            assert f"({base}{paths.pattern(pid, anchor)})" in guide
    assert team["notes"]["plain-words"] in guide
    assert "ecosystem → the tools we support" in guide


def test_team_skill_vale_and_json_are_limited_to_the_choices(team_out):
    folder, _ = team_out
    team = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    skill_dir = folder / "skill" / "acme-docs-style"
    assert validate(skill_dir) == []
    assert sorted(p.stem for p in (skill_dir / "references").glob("*.md")) == sorted([*team["adopt"], "words-to-avoid"])
    words = (skill_dir / "references" / "words-to-avoid.md").read_text(encoding="utf-8")
    assert "- ecosystem → the tools we support" in words and "- leverage → " in words  # the team's and the guide's
    body = (skill_dir / "SKILL.md").read_text(encoding="utf-8")
    assert "(`kind-of-like`)" not in body and "(`internet-words`)" in body  # listed as avoided, not taught
    vale = {p.name for p in (folder / "vale" / "Karpathy").glob("*.yml")}
    assert vale == {"PlainWords.yml", "PaddingWords.yml", "CertainPrediction.yml", "HedgedMeasurement.yml",
                    "LongParagraph.yml", "TeamWords.yml"}
    selection = json.loads((folder / "selection.json").read_text(encoding="utf-8"))
    assert [p["id"] for p in selection["adopted"]] == team["adopt"]
    assert [p["id"] for p in selection["avoided"]] == team["avoid"]


BAD = """\
name: Bad team
adopt:
  - plain-word
  - measured-vs-predicted
  - plain-words
  - plain-words
avoid:
  - measured-vs-predicted
notes:
  cosmic-scale-joke: not listed anywhere
  no-such-thing: typo
adpot: []
"""


def test_bad_team_file_gets_every_problem_with_line_and_suggestion(tmp_path):
    path = tmp_path / "team.yml"
    path.write_text(BAD, encoding="utf-8")
    result = run_cli(ROOT, "team", str(path), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"{path}:3: field 'adopt[0]': unknown pattern 'plain-word' (did you mean 'plain-words'?)",
        f"{path}:6: field 'adopt[3]': 'plain-words' is listed twice",
        f"{path}:8: field 'avoid[0]': 'measured-vs-predicted' is both adopted and avoided: keep it in one list",
        f"{path}:10: field 'notes.cosmic-scale-joke': 'cosmic-scale-joke' is neither adopted nor avoided: add it to adopt or avoid",
        f"{path}:11: field 'notes.no-such-thing': unknown pattern 'no-such-thing'",
        f"{path}:12: field 'adpot': unknown field (did you mean 'adopt'?)",
        "6 problems found; nothing was written.",
    ]
    assert not (tmp_path / "out").exists()


def test_missing_team_file_is_one_line_not_a_traceback(tmp_path):
    result = run_cli(ROOT, "team", str(tmp_path / "nope.yml"), "--out", str(tmp_path / "out"))
    assert result.returncode == 1 and result.stderr.strip() == f"{tmp_path / 'nope.yml'}: no such file"


def test_team_schema_is_exported_and_the_example_follows_it():
    import jsonschema

    schema = json.loads((ROOT / "generator/data/schema/team.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")), schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"name": "x", "adopt": ["plain-words"], "colour": 1}, schema)


def readme_blocks() -> list[tuple[str, str]]:
    """(info string, text) of each fenced block in docs/tools.md's section on a team's guide."""
    readme = (ROOT / "docs/tools.md").read_text(encoding="utf-8")
    section = readme.split("## A team's own guide", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```(\w*)\n(.*?)```", section, flags=re.S)


def test_readme_team_example_runs_as_written(tmp_path):
    """The documented example file, command, output and error messages, run in a fresh folder as a user would."""
    blocks = readme_blocks()
    example, command, output, bad, errors = (text for _, text in blocks)
    assert yaml.safe_load(example) == yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    (tmp_path / "examples").mkdir()
    shutil.copy(EXAMPLE, tmp_path / "examples" / "team.yml")
    argv = command.split()[1:]  # `.venv/bin/python -m generator team ...`
    assert argv[:2] == ["-m", "generator"]
    result = run_cli(ROOT, *argv[2:], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == output
    (tmp_path / "team.yml").write_text(bad, encoding="utf-8")
    result = run_cli(ROOT, "team", "team.yml", "--out", "bad", cwd=tmp_path)
    assert result.returncode == 1 and result.stderr == errors
    assert not (tmp_path / "bad").exists()
