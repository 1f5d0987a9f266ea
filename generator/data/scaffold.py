"""`python -m generator new <id>`: write patterns/<id>.yml with every field, commented. Every text is a
TODO placeholder, and validation refuses TODO in our prose (models.Prose): a scaffold cannot ship by accident."""

from __future__ import annotations

from pathlib import Path

from .. import paths
from .loading import reserved
from .models import ID_MAX, is_id
from .yamlfile import read_yaml


class ScaffoldError(Exception):
    """The id cannot be used; the message says why."""


def _known_ids(root: Path) -> tuple[set[str], dict[str, str]]:
    """Current ids (file names) and former ids -> the file that lists them, read leniently."""
    current, former = set(), {}
    for path in sorted((root / "patterns").glob("*.yml")):
        current.add(path.stem)
        data = read_yaml(path, path.name).data
        olds = data.get("former_ids") if isinstance(data, dict) else None
        for old in olds if isinstance(olds, list) else []:
            if isinstance(old, str):
                former.setdefault(old, f"patterns/{path.name}")
    return current, former


def scaffold(root: Path, pattern_id: str) -> tuple[Path, str]:
    """(patterns/<id>.yml under root, its text), written nowhere; raises ScaffoldError for an id that is
    not kebab-case, reserved, or already used (as an id or a former id)."""
    root = Path(root)
    if not is_id(pattern_id):
        raise ScaffoldError(f"'{pattern_id}' is not a valid id: use kebab-case (lowercase a-z, 0-9, single hyphens), "
                            f"at most {ID_MAX} characters, e.g. 'coin-a-name'")
    if why := reserved(pattern_id, paths.pattern(pattern_id)):
        raise ScaffoldError(why)
    current, former = _known_ids(root)
    path = root / "patterns" / f"{pattern_id}.yml"
    if pattern_id in current:
        raise ScaffoldError(f"patterns/{pattern_id}.yml already exists")
    if pattern_id in former:
        raise ScaffoldError(f"'{pattern_id}' is a former id listed in {former[pattern_id]}: its URL redirects there; "
                            "choose another id")
    text = Path(__file__).with_name("new-pattern.yml.in").read_text(encoding="utf-8")
    return path, text.replace("{id}", pattern_id).replace("{url}", paths.pattern(pattern_id))
