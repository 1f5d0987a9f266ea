"""`python -m generator rename pattern|topic|quote OLD NEW`: one id changed everywhere it is named.

Edits the YAML as text, line by line, so comments and layout stay as the
contributor wrote them: the id line of the thing itself (plus `former_ids`, so
its published URLs keep working), every reference in patterns/, content/quotes/
and content/claims.yml, the checker's code (generator/check/*.py names pattern
ids as quoted strings), content/checker.yml's links, the docs, and
published-urls.txt. Each file keeps its line endings and its byte order mark.

Nothing in the project changes until the new texts are known to validate: they
are checked in a copy of the data folders with the loader `validate` uses
(generator/project.py), and only then written, all or none, by
transaction.write_all (a full disk, Ctrl-C or SIGTERM leave every file as it was).
"""

from __future__ import annotations

import difflib
import re
import shutil
import tempfile
from pathlib import Path

from . import loading, manifest, transaction
from .models import ID_PATTERN, RELATION_TYPES
from .problems import DataError
from .yamlfile import read_regular

KINDS = ("pattern", "topic", "quote")
# Keys whose value, or whose list items, name an id of each kind.
_REFS = {
    "pattern": {"related", "patterns", "pattern", "former_ids", *RELATION_TYPES},
    "topic": {"topics", "topic"},
    "quote": {"quote", "quotes"},  # quotes: a list of ids (by-document.yml); a quote file's entries are `- id:` keys
}
_CHECKER = "content/checker.yml"  # its links: <finding>: <pattern id>
_BOM = "\ufeff"
_MAX_BYTES = 8 * 1024 * 1024  # docs and the checker's calibration data are bigger than a data file
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


def _former_ids_at(lines: list[str], id_line: int) -> tuple[int | None, int]:
    """(0-based line of `former_ids:` in the mapping whose `id:` is on id_line, or None; the column of its keys)."""
    head = _KEY.match(lines[id_line].rstrip("\r\n"))
    col = len(head.group("indent")) + len(head.group("dash") or "")
    for at in range(id_line + 1, len(lines)):
        body = lines[at].rstrip("\r\n")
        indent = len(body) - len(body.lstrip(" "))
        if not body.strip() or body.lstrip().startswith("#"):
            continue
        if indent < col:
            break  # the mapping ended, or the next item of its list began
        match = _KEY.match(body)
        if match and indent == col and not match.group("dash") and match.group("key") == "former_ids":
            return at, col
    return None, col


def drop_former_id(text: str, id_line: int, ident: str) -> str:
    """Take `ident` out of the former_ids of the mapping whose `id:` is on 0-based id_line (a rename back);
    the key goes when its list is left empty."""
    lines = text.splitlines(keepends=True)
    at, col = _former_ids_at(lines, id_line)
    if at is None:
        return text
    end = lines[at][len(lines[at].rstrip("\r\n")):]
    rest = lines[at].rstrip("\r\n").split(":", 1)[1].split("#")[0].strip()
    if rest.startswith("["):
        items = [i.strip() for i in rest.strip("[]").split(",") if i.strip().strip("'\"") != ident and i.strip()]
        if items:
            lines[at] = f"{' ' * col}former_ids: [{', '.join(items)}]{end}"
        else:
            del lines[at]
        return "".join(lines)
    items = []
    for i in range(at + 1, len(lines)):
        match = _ITEM.match(lines[i].rstrip("\r\n"))
        if not match:
            break
        items.append(i)
    def item(i: int) -> str:
        return _ITEM.match(lines[i].rstrip("\r\n")).group("rest").split("#")[0].strip().strip("'\"")

    keep = [i for i in items if item(i) != ident]
    for i in reversed(items):
        if i not in keep:
            del lines[i]
    if not keep:
        del lines[at]
    return "".join(lines)


def add_former_id(text: str, id_line: int, old: str) -> str:
    """Record `old` in the former_ids of the mapping whose `id:` is on 0-based `id_line`."""
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\n"
    at, col = _former_ids_at(lines, id_line)
    if at is None:
        lines.insert(id_line + 1, f"{' ' * col}former_ids: [{old}]{newline}")
    elif (rest := lines[at].rstrip("\r\n").split(":", 1)[1].split("#")[0].strip()).startswith("["):
        items = [i.strip() for i in rest.strip("[]").split(",") if i.strip()]
        lines[at] = f"{' ' * col}former_ids: [{', '.join([*items, old])}]{newline}"
    else:  # a block list follows
        lines.insert(at + 1, f"{' ' * col}- {old}{newline}")
    return "".join(lines)


def _id_line(text: str, ident: str) -> int | None:
    for i, line in enumerate(text.removeprefix(_BOM).splitlines()):
        match = _KEY.match(line)
        if match and match.group("key") == "id" and match.group("rest").strip().strip("'\"") == ident:
            return i
    return None


def _read(path: Path) -> str:
    """The file's text as stored: CRLF stays CRLF, and a byte order mark stays in front (`_edit` sets it aside).

    Raises RenameError for a file rename must not follow or cannot edit: a symbolic link (to /dev/zero, or
    outside the project), a device, a file over 8 MB, a file that is not UTF-8.
    """
    raw, refusal = read_regular(path, _MAX_BYTES)
    if refusal:
        raise RenameError(f"{path}: {refusal}; nothing was changed")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise RenameError(f"{path}: not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start}): save it as UTF-8; "
                          "nothing was changed") from None


def _edit(text: str, change, *args) -> str:
    """change(text, *args) on the text without its byte order mark, which is put back in front."""
    mark = _BOM if text.startswith(_BOM) else ""
    return mark + change(text[len(mark):], *args)


def _plan(root: Path, kind: str, old: str, new: str) -> dict[Path, str | None]:
    """Path -> its new text (None: delete it), for the files that change. A renamed file appears twice:
    the old path None, the new path its text."""
    edits: dict[Path, str | None] = {}
    # Every YAML file of the data (patterns/, content/: topics, quotes, claims, checker.yml, by-document.yml,
    # and any added later), edited by key: `pattern:`, `patterns:`, relation types, `quote:`, `topic:`...
    data_files = sorted(p for folder in (loading.PATTERNS_DIR, "content") for p in (root / folder).rglob("*.yml")
                        if not any(part.startswith(".") for part in p.relative_to(root).parts))
    for path in data_files:
        keys = _REFS[kind] - {"former_ids"}
        if kind == "pattern" and path == root / _CHECKER:
            from .checker import Links  # the keys of `links:` are kinds of finding; each value is a pattern id

            keys = keys | set(Links.model_fields)
        edits[path] = _edit(_read(path), replace_refs, keys, old, new)
    own = {"pattern": root / loading.PATTERNS_DIR / f"{old}.yml", "topic": root / loading.TOPICS_FILE}.get(kind)
    if kind == "quote":
        own = next((p for p in data_files if p.parent.name == "quotes" and _id_line(edits[p], old) is not None), None)
    if own is None or not own.is_file() or _id_line(edits[own], old) is None:
        raise RenameError(f"no {kind} with id '{old}'")
    line = _id_line(edits[own], old)

    def own_id(text: str) -> str:
        lines = text.splitlines(keepends=True)
        lines[line] = _token(old).sub(new, lines[line], count=1)
        return add_former_id(drop_former_id("".join(lines), line, new), line, old)  # a rename back drops `new`

    edits[own] = _edit(edits[own], own_id)
    _move(edits, own, root / loading.PATTERNS_DIR / f"{new}.yml" if kind == "pattern" else None)
    if kind == "topic":
        quotes_file = root / loading.QUOTES_DIR / f"{old}.yml"
        if quotes_file in edits:
            edits[quotes_file] = _edit(edits[quotes_file], replace_refs, {"topic"}, old, new)
            _move(edits, quotes_file, root / loading.QUOTES_DIR / f"{new}.yml")
    _edit_code_and_docs(root, kind, old, new, edits)
    return {path: text for path, text in edits.items() if text is None or not path.is_file() or _read(path) != text}


def _move(edits: dict, source: Path, target: Path | None) -> None:
    if target is None:
        return
    if target.exists():
        raise RenameError(f"{target.name} already exists")
    edits[target], edits[source] = edits[source], None


def _edit_code_and_docs(root: Path, kind: str, old: str, new: str, edits: dict) -> None:
    """Quoted pattern ids in the checker's code; ids and their paths in the docs and pages."""
    if kind == "pattern":
        # The checker's own data (generator/check/calibration/*.yml lists the patterns each paragraph uses).
        for path in sorted((root / "generator" / "check").rglob("*.yml")):
            edits[path] = _edit(_read(path), replace_refs, _REFS[kind] - {"former_ids"}, old, new)
        for path in sorted((root / "generator" / "check").rglob("*.py")):
            text = _read(path)
            if "-" in old:  # a kebab-case id is unmistakable, in strings and in comments alike
                edits[path] = _token(old).sub(new, text)
            else:
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
        text = _read(path)
        for before, after in forms:
            text = text.replace(before, after)
        if "-" in old:  # a kebab-case id is unmistakable as a word; "code" is not
            text = _token(old).sub(new, text)
        else:  # only where it stands as an id: `code` and table cells | code |
            text = text.replace(f"`{old}`", f"`{new}`").replace(f"| {old} |", f"| {new} |")
        edits[path] = text


def _checked_manifest(root: Path, edits: dict[Path, str | None]) -> str:
    """Load the renamed data with the loader `validate` uses, in a copy of the data folders (the project
    is not touched); returns published-urls.txt with the new URLs added. Raises RenameError."""
    from ..project import DATA_PATHS, load_project  # the check loads everything `validate` loads

    with tempfile.TemporaryDirectory(prefix="rename-check-") as scratch:
        copy = Path(scratch)
        for name in DATA_PATHS:
            if (root / name).is_dir():
                shutil.copytree(root / name, copy / name, symlinks=True)
        for path, text in edits.items():
            rel = path.relative_to(root)
            if rel.parts[0] not in DATA_PATHS:
                continue
            if text is None:
                (copy / rel).unlink()
            else:
                (copy / rel).write_bytes(text.encode("utf-8"))
        try:
            catalog = load_project(copy)
        except DataError as err:
            raise RenameError("the rename would leave these problems, so nothing was changed:\n"
                              + err.report(outcome="")) from None
    path = root / manifest.MANIFEST
    try:
        return manifest.updated_text(catalog, manifest.manifest_text(path))
    except DataError as err:
        raise RenameError(err.report(outcome="nothing was changed")) from None


def rename(root: Path, kind: str, old: str, new: str) -> list[Path]:
    """Rename one id everywhere, all files or none; returns the files written or removed.

    Raises RenameError (bad id, unknown id, the result would not validate) or, with every file
    as it was, OSError (a full disk) or transaction.Interrupted (SIGTERM, SIGHUP).
    """
    if kind not in KINDS:
        raise RenameError(f"cannot rename a '{kind}': choose one of {', '.join(KINDS)}")
    if not re.fullmatch(ID_PATTERN.strip("^$"), new) or len(new) > 64:  # fullmatch: "x\n" is not an id
        raise RenameError(f"'{new}' is not a valid id: use lowercase a-z, 0-9 and single hyphens")
    root = Path(root)
    if not root.is_dir():
        raise RenameError(f"{root} is not a folder: run this in the project's root folder, or pass --root PATH")
    with transaction.lock(root):  # two renames at once would each write over the other's files
        return _rename(root, kind, old, new)


def _rename(root: Path, kind: str, old: str, new: str) -> list[Path]:
    from ..project import load_project

    try:
        before = load_project(root)
    except DataError as err:
        raise RenameError("fix these first:\n" + err.report(outcome="")) from None
    taken = {"pattern": before.patterns, "topic": before.topics, "quote": before.quotes}[kind]
    if new in taken:
        raise RenameError(f"'{new}' is already the id of a {kind}")
    if old not in taken:
        former = {"pattern": before.redirects, "topic": before.topic_redirects, "quote": before.quote_aliases}[kind]()
        if old in former:
            raise RenameError(f"no {kind} with id '{old}': it is a former id of {kind} '{former[old]}'; "
                              f"rename '{former[old]}' instead")
        guess = difflib.get_close_matches(old, list(taken), n=1)
        raise RenameError(f"no {kind} with id '{old}'" + (f" (did you mean '{guess[0]}'?)" if guess else ""))
    edits = _plan(root, kind, old, new)
    edits[root / manifest.MANIFEST] = _checked_manifest(root, edits)
    transaction.write_all(root, {path: None if text is None else text.encode("utf-8") for path, text in edits.items()})
    return sorted(edits)
