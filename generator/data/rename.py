"""`python -m generator rename pattern|topic|quote OLD NEW`: one id changed everywhere it is named.

Edits the YAML as text, line by line, so comments and layout stay as the
contributor wrote them: the id line of the thing itself (plus `former_ids`, so
its published URLs keep working), every reference in patterns/, content/quotes/
and content/claims.yml, the checker's code (generator/check/*.py names pattern
ids as quoted strings), the docs, and published-urls.txt. Afterwards the whole
catalog is loaded; if it does not validate, every file is put back and
RenameError says why.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import loading, manifest
from .catalog import load_catalog
from .models import ID_PATTERN, RELATION_TYPES
from .problems import DataError

KINDS = ("pattern", "topic", "quote")
# Keys whose value, or whose list items, name an id of each kind.
_REFS = {
    "pattern": {"related", "patterns", "pattern", "former_ids", *RELATION_TYPES},
    "topic": {"topics", "topic"},
    "quote": {"quote"},
}
_KEY = re.compile(r"^(?P<indent>\s*)(?P<dash>-\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*):(?P<rest>.*)$")
_ITEM = re.compile(r"^(?P<indent>\s*)-\s+(?P<rest>.*)$")


class RenameError(Exception):
    """The rename cannot be done; nothing was changed."""


def _token(ident: str) -> re.Pattern:
    return re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(ident)}(?![A-Za-z0-9_-])")


def replace_refs(text: str, keys: set[str], old: str, new: str) -> str:
    """Replace `old` by `new` where it is the value, or a list item, of one of `keys`.

    Handles `key: old`, `key: [a, old]`, `- key: old` and block lists under `key:`.
    """
    token, out, parent = _token(old), [], []  # parent: (indent, key) of open mappings
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        key_match, item_match = _KEY.match(body), _ITEM.match(body)
        indent = len(body) - len(body.lstrip(" "))
        if body.strip() and not body.lstrip().startswith("#"):
            while parent and (parent[-1][0] > indent or (parent[-1][0] == indent and not item_match)):
                parent.pop()
        if key_match:
            key_indent = indent + (len(key_match.group("dash")) if key_match.group("dash") else 0)
            parent.append((key_indent, key_match.group("key")))
            if key_match.group("key") in keys:
                value = key_match.group("rest")
                line = body[: len(body) - len(value)] + token.sub(new, value) + line[len(body):]
        elif item_match and parent and parent[-1][1] in keys:
            line = line[: len(body) - len(item_match.group("rest"))] + token.sub(new, item_match.group("rest")) \
                + line[len(body):]
        out.append(line)
    return "".join(out)


def add_former_id(text: str, id_line: int, old: str) -> str:
    """Record `old` in the former_ids of the mapping whose `id:` is on 0-based `id_line`."""
    lines = text.splitlines(keepends=True)
    head = _KEY.match(lines[id_line].rstrip("\r\n"))
    col = len(head.group("indent")) + len(head.group("dash") or "")  # the column of this mapping's keys
    for at in range(id_line + 1, len(lines)):
        body = lines[at].rstrip("\r\n")
        indent = len(body) - len(body.lstrip(" "))
        if not body.strip() or body.lstrip().startswith("#"):
            continue
        if indent < col:
            break  # the mapping ended, or the next item of its list began
        match = _KEY.match(body)
        if match and indent == col and not match.group("dash") and match.group("key") == "former_ids":
            rest = match.group("rest").split("#")[0].strip()
            if rest.startswith("["):
                items = [i.strip() for i in rest.strip("[]").split(",") if i.strip()]
                lines[at] = f"{' ' * col}former_ids: [{', '.join([*items, old])}]\n"
            else:  # a block list follows
                lines.insert(at + 1, f"{' ' * col}- {old}\n")
            return "".join(lines)
    lines.insert(id_line + 1, f"{' ' * col}former_ids: [{old}]\n")
    return "".join(lines)


def _id_line(text: str, ident: str) -> int | None:
    for i, line in enumerate(text.splitlines()):
        match = _KEY.match(line)
        if match and match.group("key") == "id" and match.group("rest").strip().strip("'\"") == ident:
            return i
    return None


def _plan(root: Path, kind: str, old: str, new: str) -> dict[Path, str | None]:
    """Path -> its new text (None: delete it). Renamed files appear twice: old None, new text."""
    edits: dict[Path, str | None] = {}
    data_files = [*sorted((root / loading.PATTERNS_DIR).glob("*.yml")), *sorted((root / loading.QUOTES_DIR).glob("*.yml"))]
    for extra in (loading.TOPICS_FILE, loading.CLAIMS_FILE):
        if (root / extra).is_file():
            data_files.append(root / extra)
    for path in data_files:
        text = path.read_text(encoding="utf-8")
        edits[path] = replace_refs(text, _REFS[kind] - {"former_ids"}, old, new) if kind != "pattern" else \
            replace_refs(text, _REFS["pattern"] - {"former_ids"}, old, new)
    own = {"pattern": root / loading.PATTERNS_DIR / f"{old}.yml", "topic": root / loading.TOPICS_FILE}.get(kind)
    if kind == "quote":
        own = next((p for p in data_files if p.parent.name == "quotes" and _id_line(edits[p], old) is not None), None)
    if own is None or not own.is_file() or _id_line(edits[own], old) is None:
        raise RenameError(f"no {kind} with id '{old}'")
    line = _id_line(edits[own], old)
    text = edits[own].splitlines(keepends=True)
    text[line] = _token(old).sub(new, text[line], count=1)
    edits[own] = add_former_id("".join(text), line, old)
    _move(edits, own, root / loading.PATTERNS_DIR / f"{new}.yml" if kind == "pattern" else None)
    if kind == "topic":
        quotes_file = root / loading.QUOTES_DIR / f"{old}.yml"
        if quotes_file in edits:
            edits[quotes_file] = replace_refs(edits[quotes_file], {"topic"}, old, new)
            _move(edits, quotes_file, root / loading.QUOTES_DIR / f"{new}.yml")
    _edit_code_and_docs(root, kind, old, new, edits)
    return {path: text for path, text in edits.items() if text is None or not path.is_file()
            or path.read_text(encoding="utf-8") != text}


def _move(edits: dict, source: Path, target: Path | None) -> None:
    if target is None:
        return
    if target.exists():
        raise RenameError(f"{target.name} already exists")
    edits[target], edits[source] = edits[source], None


def _edit_code_and_docs(root: Path, kind: str, old: str, new: str, edits: dict) -> None:
    """Quoted pattern ids in the checker's code; ids and their paths in the docs and pages."""
    if kind == "pattern":
        for path in sorted((root / "generator" / "check").glob("*.py")):
            text = path.read_text(encoding="utf-8")
            edits[path] = text.replace(f'"{old}"', f'"{new}"').replace(f"'{old}'", f"'{new}'")
    folder = {"pattern": "patterns", "topic": "topics"}.get(kind)
    forms = [(f"{folder}/{old}/", f"{folder}/{new}/")] if folder else []
    if kind == "pattern":
        forms.append((f"patterns/{old}.yml", f"patterns/{new}.yml"))
    if kind == "topic":
        forms.append((f"quotes/{old}.yml", f"quotes/{new}.yml"))
    # The docs, and the pages under content/<lang>/ (the front page lists featured pattern ids).
    docs = [*sorted((root / "docs").glob("*.md")), *sorted((root / "content").glob("*/**/*.md")),
            root / "README.md", root / "CONTRIBUTING.md"]
    for path in (p for p in docs if p.is_file()):
        text = path.read_text(encoding="utf-8")
        for before, after in forms:
            text = text.replace(before, after)
        if "-" in old:  # a kebab-case id is unmistakable as a word; "code" is not
            text = _token(old).sub(new, text)
        else:  # only where it stands as an id: `code` and table cells | code |
            text = text.replace(f"`{old}`", f"`{new}`").replace(f"| {old} |", f"| {new} |")
        edits[path] = text


def rename(root: Path, kind: str, old: str, new: str) -> list[Path]:
    """Rename one id everywhere; returns the files written or removed. Raises RenameError."""
    if kind not in KINDS:
        raise RenameError(f"cannot rename a '{kind}': choose one of {', '.join(KINDS)}")
    if not re.match(ID_PATTERN, new) or len(new) > 64:
        raise RenameError(f"'{new}' is not a valid id: use lowercase a-z, 0-9 and single hyphens")
    root = Path(root)
    try:
        before = load_catalog(root)
    except DataError as err:
        raise RenameError("fix these first:\n" + err.report(outcome="")) from None
    taken = {"pattern": before.patterns, "topic": before.topics, "quote": before.quotes}[kind]
    if new in taken:
        raise RenameError(f"'{new}' is already the id of a {kind}")
    edits = _plan(root, kind, old, new)
    originals = {path: path.read_bytes() if path.is_file() else None for path in edits}
    _write(edits)
    try:
        catalog = load_catalog(root)
    except DataError as err:
        _write({path: None if data is None else data.decode("utf-8") for path, data in originals.items()})
        raise RenameError("the rename would leave these problems, so nothing was changed:\n" + err.report(outcome="")) from None
    manifest.update(catalog, root / manifest.MANIFEST)
    return sorted(edits) + [root / manifest.MANIFEST]


def _write(edits: dict[Path, str | None]) -> None:
    for path, text in edits.items():
        if text is None:
            path.unlink(missing_ok=True)
        else:
            path.write_text(text, encoding="utf-8", newline="")
