"""The agent skill, AGENTS.md section and Cursor rule (issue 15), checked by the reference validator."""

from __future__ import annotations

import io
import zipfile

import pytest
import yaml
from conftest import ROOT, run_cli, shipped_catalog
from skills_ref import validate
from tokens import count

from generator import outdir, paths
from generator.export import skill

BODY_BUDGET = 5_000  # tokens of SKILL.md's body (agentskills.io's advice)


@pytest.fixture(scope="module", params=paths.LANGS)
def exported(request, tmp_path_factory):
    """(lang, skill folder) written by `python -m generator export skill --lang <lang> --out DIR`."""
    lang = request.param
    out = tmp_path_factory.mktemp(f"skill-{lang}")
    result = run_cli(ROOT, "export", "skill", "--lang", lang, "--out", str(out), "--site-url", "https://x.test/")
    assert result.returncode == 0, result.stderr
    return lang, out / paths.SKILL_NAME[lang]


def split(text: str) -> tuple[dict, str]:
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


def test_exported_skill_passes_the_reference_validator(exported):
    lang, folder = exported
    assert validate(folder) == []
    meta, body = split((folder / "SKILL.md").read_text(encoding="utf-8"))
    assert meta["name"] == folder.name and len(meta["description"]) <= 1024 and meta["license"]
    # issue 24: a licence name and the bundled file with its terms (agentskills.io's `license` field)
    assert meta["license"].startswith("CC-BY-4.0") and "LICENSE.txt" in meta["license"]
    assert "CC BY 4.0" in (folder / "LICENSE.txt").read_text(encoding="utf-8")


def test_validator_would_catch_a_wrong_name(exported, tmp_path):
    _, folder = exported
    text = (folder / "SKILL.md").read_text(encoding="utf-8")
    bad = tmp_path / folder.name
    bad.mkdir()
    (bad / "SKILL.md").write_text(text.replace(f"name: {folder.name}", "name: Karpathy--Style"), encoding="utf-8")
    assert validate(bad)


def test_skill_body_is_under_its_token_budget_and_names_every_pattern(exported):
    lang, folder = exported
    catalog = shipped_catalog()
    _, body = split((folder / "SKILL.md").read_text(encoding="utf-8"))
    tokens = count(body)
    print(f"SKILL.md body ({lang}): {tokens} tokens (cl100k_base)")
    assert tokens < BODY_BUDGET
    for pid, pattern in catalog.patterns.items():
        assert f"(`{pid}`)" in body and f"(references/{pid}.md)" in body
        reference = (folder / "references" / f"{pid}.md").read_text(encoding="utf-8")
        assert pattern.definition.get(lang) in reference
    assert "python -m generator check" in body


def test_site_downloads_match_the_export_in_both_languages(site, exported):
    lang, folder = exported
    out, base = site
    archive = zipfile.ZipFile(io.BytesIO((out / paths.in_lang(lang, paths.skill_zip(lang))).read_bytes()))
    names = set(archive.namelist())
    # the export's folder also holds outdir's marker (what it wrote, so a later export may replace it); the zip does not
    assert names == {f"{folder.name}/{p.relative_to(folder).as_posix()}" for p in folder.rglob("*")
                     if p.is_file() and p.name != outdir.MARKER}
    extracted = out.parent / f"unzipped-{lang}"
    archive.extractall(extracted)
    assert validate(extracted / folder.name) == []
    agents = (out / paths.in_lang(lang, paths.agents_md())).read_text(encoding="utf-8")
    assert agents.startswith("## ") and base + paths.in_lang(lang, paths.markdown(paths.pattern("plain-words"))) in agents
    rule_meta, rule_body = split((out / paths.in_lang(lang, paths.cursor_rules(lang))).read_text(encoding="utf-8"))
    assert set(rule_meta) == {"description", "globs", "alwaysApply"} and rule_body.strip()


def test_zip_is_the_same_bytes_for_the_same_files():
    files = {"SKILL.md": "a", "references/x.md": "b"}
    assert skill.skill_zip(files, "s") == skill.skill_zip(dict(reversed(files.items())), "s")
