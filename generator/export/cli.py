"""What `python -m generator export skill|llms` and `python -m generator team` do (generator/cli.py parses)."""

from __future__ import annotations

import sys
from pathlib import Path

from .. import outdir
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


def export(what: str, catalog: Catalog, lang: str, site_root: str, out: Path, root: Path) -> list[Path]:
    """skill: OUT/<skill name>/ (SKILL.md, references/); llms: site_files() as OUT.

    The folder is replaced whole, or refused (generator/outdir.py: raises OutputError); root is the project.
    """
    if what == "skill":
        writer = skill.SkillWriter(catalog, lang, site_root, guide_name(lang), skill.full_selection(catalog, lang))
        return outdir.write_files(writer.skill_files(), Path(out) / writer.sel.name, root,
                                  f"export skill --lang {lang}", given=out)
    return outdir.write_files(site_files(catalog, lang, site_root), out, root, f"export llms --lang {lang}")


def team(root: Path, file: Path, site_url: str, out: Path | None) -> int:
    """Check team.yml, write the team's files as the folder out (default build/team-<file name>);
    prints each path, or every problem and returns 1; 2 when out is refused or cannot be written."""
    out = Path("build") / f"team-{Path(file).stem}" if out is None else out  # .gitignore covers build/
    try:
        outdir.check(out, root, owned=False)  # the place first, then the input, then whose folder it is
        outdir.check_input(file, out)
        outdir.check(out, root)
    except outdir.OutputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
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
    try:
        written = outdir.write_files(files, out, root, "team")
    except outdir.OutputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    for path in written:
        print(f"wrote {path}")
    return 0
