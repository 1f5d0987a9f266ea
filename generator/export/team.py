"""A team's own subset of the guide (`python -m generator team team.yml`).

team.yml (generator/data/schema/team.schema.json) names the patterns a team adopts and avoids, a note
per pattern and more words to avoid. Out come guide.md, vale/Karpathy/*.yml (the adopted patterns'
rules and the team's words), skill/<name>/ and selection.json.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from .. import paths
from ..check import vale
from ..data.catalog import Catalog
from ..data.references import did_you_mean
from ..data.schema_check import check_schema
from ..data.models import TeamFile
from ..data.problems import DataError, Problem
from ..data.yamlfile import YamlFile, read_yaml
from . import mdescape, skill
from .markdown import MarkdownWriter, Word


def load_team(path: Path, catalog: Catalog) -> TeamFile:
    """team.yml, checked against its schema and the catalog's pattern ids; raises DataError listing every
    problem (`team.yml:4: field 'adopt[1]': unknown pattern 'plain-word' (did you mean 'plain-words'?)`)."""
    doc = read_yaml(Path(path), str(path))
    team = check_schema(TeamFile, doc) if doc.data is not None else None
    if isinstance(doc.data, dict):
        _check_ids(doc.data, doc, catalog)
    if doc.problems or team is None:
        raise DataError(doc.problems or [Problem(doc.path, 0, "", "could not be read")])
    return team


def _ids(data: dict, key: str) -> list:
    value = data.get(key)
    return list(value) if isinstance(value, (list, dict)) else []


def _check_ids(data: dict, doc: YamlFile, catalog: Catalog) -> None:
    """Unknown ids (with did-you-mean or the rename), duplicates, an id both adopted and avoided, read
    from the raw YAML so they come with the schema's problems."""
    renamed = catalog.redirects()

    def unknown(pid) -> str | None:
        if not isinstance(pid, str) or pid in catalog.patterns:
            return None
        hint = f" (it was renamed to '{renamed[pid]}')" if pid in renamed else did_you_mean(pid, catalog.patterns)
        return f"unknown pattern '{pid}'{hint}"

    adopt, avoid = _ids(data, "adopt"), _ids(data, "avoid")
    for key, ids in (("adopt", adopt), ("avoid", avoid)):
        for i, pid in enumerate(ids):
            if message := unknown(pid):
                doc.problems.append(doc.problem((key, i), message))
            elif pid in ids[:i]:
                doc.problems.append(doc.problem((key, i), f"'{pid}' is listed twice"))
            elif key == "avoid" and pid in adopt:
                doc.problems.append(doc.problem((key, i), f"'{pid}' is both adopted and avoided: keep it in one list"))
    for pid in _ids(data, "notes"):
        if message := unknown(pid):
            doc.problems.append(doc.problem(("notes", pid), message))
        elif pid not in adopt and pid not in avoid:
            doc.problems.append(doc.problem(("notes", pid), f"'{pid}' is neither adopted nor avoided: add it to adopt or avoid"))


def skill_name(team: TeamFile) -> str:
    """The skill's name: skill_name, else the team's name in lowercase letters, digits and single hyphens."""
    if team.skill_name:
        return team.skill_name
    slug = re.sub(r"[^a-z0-9]+", "-", team.name.lower()).strip("-")[:64].strip("-")
    return slug or "team-style"


def team_files(team: TeamFile, catalog: Catalog, site_url: str, site_name: str) -> dict[str, str | bytes]:
    """Path under DIR -> content of all `team` writes; links go to team.lang's site under site_url (English root)."""
    root = paths.site_root(site_url, team.lang)
    md = MarkdownWriter(catalog, team.lang, root)
    X = md.labels["export"]
    words = [Word(w.word, w.instead) for w in team.avoid_words]
    selection = skill.Selection(skill_name(team), team.name, list(team.adopt),
                                notes={p: n for p, n in team.notes.items() if p in team.adopt},
                                avoided={p: (catalog.patterns[p].name.get(team.lang), team.notes.get(p, "")) for p in team.avoid}, extra_words=words)
    writer = skill.SkillWriter(catalog, team.lang, root, site_name, selection)
    out: dict[str, str | bytes] = {
        "guide.md": md.render("team.md.j2", team=team, X=X, words=writer.words(), root=mdescape.url(root),
                              site_name=site_name),
    }
    out.update({f"skill/{selection.name}/{rel}": text for rel, text in writer.skill_files().items()})
    out.update(_vale(catalog, team, root))
    out["selection.json"] = json.dumps(_selection(team, catalog, md), indent=1, ensure_ascii=False) + "\n"
    return out


def _vale(catalog: Catalog, team: TeamFile, root: str) -> dict[str, str]:
    """The guide's Vale rules whose pattern the team adopted (each rule links its pattern), plus the team's words."""
    adopted = {paths.join(root, paths.pattern(pid)) for pid in team.adopt}
    rules = {name: rule for name, rule in vale.styles(catalog, root).items() if rule.get("link") in adopted}
    if team.avoid_words:
        rules["TeamWords.yml"] = {
            "extends": "substitution", "message": f"{team.name}: use '%s' instead of '%s'.", "level": "warning",
            "ignorecase": True, "swap": {w.word: vale._plain(w.instead) for w in team.avoid_words},
        }
    return {f"vale/{vale.STYLE}/{name}": yaml.safe_dump(rule, allow_unicode=True, sort_keys=False, width=1000)
            for name, rule in rules.items()}


def _selection(team: TeamFile, catalog: Catalog, md: MarkdownWriter) -> dict:
    def entry(pid: str) -> dict:
        return {"id": pid, "name": catalog.patterns[pid].name.get(team.lang), "url": md.abs(paths.pattern(pid)),
                "markdown": md.abs(paths.markdown(paths.pattern(pid))), "note": team.notes.get(pid)}

    return {"name": team.name, "lang": team.lang, "site_url": md.root, "skill": skill_name(team),
            "adopted": [entry(p) for p in team.adopt], "avoided": [entry(p) for p in team.avoid],
            "avoid_words": [w.model_dump() for w in team.avoid_words]}
