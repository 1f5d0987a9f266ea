"""What `python -m generator export skill|llms` and `python -m generator team` do (generator/cli.py parses)."""

from __future__ import annotations

import sys
from pathlib import Path

from ..data.catalog import Catalog, load_catalog
from ..data.problems import DataError
from ..i18n import labels
from . import llms, markdown, skill, team as team_mod


def guide_name(lang: str) -> str:
    """The guide's name in one language (generator/locales, export.guide_name)."""
    return labels(lang)["export"]["guide_name"]


def site_files(catalog: Catalog, lang: str, site_root: str) -> dict[str, str | bytes]:
    """Site path -> content of every issue-15 file of one language: llms.txt, llms-full.txt,
    the Markdown twins and the downloads. The plugin adds these to the site; `export llms` writes them."""
    name = guide_name(lang)
    out: dict[str, str | bytes] = dict(llms.files(catalog, lang, site_root, name))
    out.update(markdown.markdown_pages(catalog, lang, site_root))
    out.update(skill.downloads(catalog, lang, site_root, name))
    return out


def export(what: str, catalog: Catalog, lang: str, site_root: str, out: Path) -> list[Path]:
    """skill: OUT/<skill name>/ (SKILL.md, references/); llms: site_files() under OUT."""
    if what == "skill":
        writer = skill.SkillWriter(catalog, lang, site_root, guide_name(lang), skill.full_selection(catalog, lang))
        return skill.write(writer.skill_files(), Path(out) / writer.sel.name)
    return skill.write(site_files(catalog, lang, site_root), out)


def team(root: Path, file: Path, site_url: str, out: Path) -> int:
    """Check team.yml, write the team's files under out; prints each path, or every problem and returns 1."""
    if not Path(file).is_file():
        print(f"{file}: no such file", file=sys.stderr)
        return 1
    try:
        catalog = load_catalog(root)
        selection = team_mod.load_team(file, catalog)
    except DataError as err:
        print(err.report(outcome="nothing was written"), file=sys.stderr)
        return 1
    files = team_mod.team_files(selection, catalog, site_url, guide_name(selection.lang))
    for path in skill.write(files, out):
        print(f"wrote {path}")
    return 0
