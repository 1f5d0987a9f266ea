"""`python -m generator rename pattern|topic|quote OLD NEW`: one id changed everywhere it is named.

The YAML is edited as text, so comments, layout, line endings and a byte order mark stay: the
thing's own id (kept in its `former_ids`, so its URLs keep working), every reference in the data,
the checker's code and data, the docs and published-urls.txt. The new texts are checked first, in
a copy of the data folders with the loader `validate` uses, then written all or none (transaction.py).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

import yaml

from .. import paths
from . import checker, loading, manifest, transaction
from .models import RELATION_TYPES, is_id
from .problems import DataError, did_you_mean
from .project import DATA_PATHS, load_project  # the check loads everything `validate` loads
from .yamlfile import read_regular

# Keys whose value, or whose list items, name an id of each kind.
_REFS = {
    "pattern": {"related", "patterns", "pattern", *RELATION_TYPES},
    "topic": {"topics", "topic"},
    "quote": {"quote", "quotes"},  # quotes: a list of ids (by-document.yml); a quote file's entries are `- id:` keys
}
_BOM = "\ufeff"
_MAX_BYTES = 8 * 1024 * 1024  # docs and the checker's calibration data are bigger than a data file
_KEY = re.compile(r"^(?P<indent>\s*)(?P<dash>-\s+)?(?P<key>[A-Za-z_][A-Za-z0-9_]*):(?P<rest>.*)$")
_ITEM = re.compile(r"^(?P<indent>\s*)-\s+(?P<rest>.*)$")


class RenameError(Exception):
    """The rename cannot be done; nothing was changed."""


def _token(ident: str) -> re.Pattern:
    return re.compile(rf"(?<![A-Za-z0-9_-]){re.escape(ident)}(?![A-Za-z0-9_-])")


def replace_refs(text: str, keys: set[str], old: str, new: str) -> str:
    """Replace `old` by `new` where it is the value, or a list item, of one of `keys`: `key: old`,
    `key: [a, old]`, `- key: old` and block lists under `key:`."""
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


def _renamed_own(text: str, old: str, new: str) -> str | None:
    """The text with the `id: old` of its mapping made `new`, and `old` added to that mapping's former_ids
    (and `new` dropped from them: a rename back); None when no mapping in the text has the id `old`."""
    mapping = _with_id(yaml.compose(text, Loader=yaml.SafeLoader), old)
    if mapping is None:
        return None
    fields = {key.value: (key, value) for key, value in mapping.value}
    id_key = fields["id"][0]
    lines = text.splitlines(keepends=True)
    lines[id_key.start_mark.line] = _token(old).sub(new, lines[id_key.start_mark.line], count=1)
    newline = "\r\n" if "\r\n" in text else "\n"
    key, listed = fields.get("former_ids", (id_key, None))
    if listed is None or listed.flow_style or not listed.value:  # a flow list (or none): written anew in place
        items = [item.value for item in listed.value if item.value != new] if listed else []
        end = (listed.end_mark.line if listed else key.start_mark.line) + 1
        start = key.start_mark.line if listed else end
        lines[start:end] = [f"{' ' * id_key.start_mark.column}former_ids: [{', '.join([*items, old])}]{newline}"]
        return "".join(lines)
    # A block list keeps its lines: `old` goes after the last item, as that item is written; `new` goes.
    last = listed.value[-1].start_mark
    lines.insert(last.line + 1, lines[last.line][: last.column] + old + newline)
    for item in reversed(listed.value):
        if item.value == new:
            del lines[item.start_mark.line]
    return "".join(lines)


def _with_id(node, ident: str):
    """The first mapping node under node (a composed YAML document) whose `id` is ident, or None."""
    if isinstance(node, yaml.SequenceNode):
        return next((found for item in node.value if (found := _with_id(item, ident))), None)
    if not isinstance(node, yaml.MappingNode):
        return None
    if any(key.value == "id" and value.value == ident for key, value in node.value):
        return node
    return next((found for _, value in node.value if (found := _with_id(value, ident))), None)


def _read(path: Path) -> str:
    """The file's text as stored (CRLF and a byte order mark kept); RenameError for a file read_regular
    refuses (a symbolic link, a device, over 8 MB) or one that is not UTF-8."""
    raw, refusal = read_regular(path, _MAX_BYTES)
    if refusal:
        raise RenameError(f"{path}: {refusal}; nothing was changed")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as err:
        raise RenameError(f"{path}: not UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start}): save it as UTF-8; "
                          "nothing was changed") from None


def _edit(text: str, change, *args) -> str | None:
    """change(text, *args) on the text without its byte order mark, which is put back in front."""
    mark = _BOM if text.startswith(_BOM) else ""
    changed = change(text[len(mark):], *args)
    return None if changed is None else mark + changed


def _plan(root: Path, kind: str, old: str, new: str) -> dict[Path, str | None]:
    """Path -> its new text (None: delete it), for the files that change. A renamed file appears twice:
    the old path None, the new path its text."""
    edits: dict[Path, str | None] = {}
    # Every YAML file of the data, edited by key: `pattern:`, `patterns:`, relation types, `quote:`, `topic:`...,
    # and the checker's own (generator/check/calibration/*.yml lists the patterns each paragraph uses).
    folders = (loading.PATTERNS_DIR, "content", *(["generator/check"] if kind == "pattern" else []))
    data_files = sorted(p for folder in folders for p in (root / folder).rglob("*.yml")
                        if not any(part.startswith(".") for part in p.relative_to(root).parts))
    for path in data_files:
        keys = _REFS[kind]
        if kind == "pattern" and path == root / checker.PATH:
            keys = keys | set(checker.Links.model_fields)  # `links:` maps each kind of finding to a pattern id
        edits[path] = _edit(_read(path), replace_refs, keys, old, new)
    own = {"pattern": root / loading.PATTERNS_DIR / f"{old}.yml", "topic": root / loading.TOPICS_FILE}.get(kind)
    if kind == "quote":
        quote_files = [p for p in data_files if p.parent == root / loading.QUOTES_DIR]
        own = next((p for p in quote_files if _edit(edits[p], _renamed_own, old, new) is not None), None)
    renamed = _edit(edits[own], _renamed_own, old, new) if own in edits else None
    if renamed is None:
        raise RenameError(f"no {kind} with id '{old}'")
    edits[own] = renamed
    if kind == "pattern":
        _move(edits, own, root / loading.PATTERNS_DIR / f"{new}.yml")
    if kind == "topic":
        quotes_file = root / loading.QUOTES_DIR / f"{old}.yml"
        if quotes_file in edits:
            edits[quotes_file] = _edit(edits[quotes_file], replace_refs, {"topic"}, old, new)
            _move(edits, quotes_file, root / loading.QUOTES_DIR / f"{new}.yml")
    _edit_code_and_docs(root, kind, old, new, edits)
    return {path: text for path, text in edits.items() if text is None or not path.is_file() or _read(path) != text}


def _move(edits: dict, source: Path, target: Path) -> None:
    if target.exists():
        raise RenameError(f"{target.name} already exists")
    edits[target], edits[source] = edits[source], None


# A CommonMark code span: a run of backticks, its text, the same run again (not part of a longer run).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(.+?)(?<!`)\1(?!`)")
_DELIMITER_ROW = re.compile(r"\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")  # under a table's header row


def _edit_code_and_docs(root: Path, kind: str, old: str, new: str, edits: dict) -> None:
    """Quoted pattern ids in the checker's code; ids and their paths in the docs and pages."""
    if kind == "pattern":
        for path in sorted((root / "generator" / "check").rglob("*.py")):
            text = _read(path)
            if "-" in old:  # a kebab-case id is unmistakable, in strings and in comments alike
                edits[path] = _token(old).sub(new, text)
            else:
                edits[path] = text.replace(f'"{old}"', f'"{new}"').replace(f"'{old}'", f"'{new}'")
    forms = {"pattern": (paths.pattern, lambda ident: f"patterns/{ident}.yml"),
             "topic": (paths.topic, lambda ident: f"quotes/{ident}.yml")}.get(kind, ())
    # The docs (also the generator's own, such as the calibration notes), and the pages under content/<lang>/
    # (the front page lists featured pattern ids).
    docs = [*sorted((root / "docs").glob("*.md")), *sorted((root / "generator").rglob("*.md")),
            *sorted((root / "content").glob("*/**/*.md")), root / "README.md", root / "CONTRIBUTING.md"]
    for path in (p for p in docs if p.is_file()):
        text = _read(path)
        for form in forms:
            text = text.replace(form(old), form(new))
        if "-" in old:  # a kebab-case id is unmistakable as a word; "code" is not
            text = _token(old).sub(new, text)
        else:  # only where it stands as an id: a code span that is the id alone (`code`, not `` `code` ``)
            text = _CODE_SPAN.sub(lambda m: f"{m[1]}{new}{m[1]}" if m[2] == old else m[0], text)
            lines = text.splitlines(keepends=True)  # and table cells, but not a header's ("| where | code |")
            text = "".join(line if _DELIMITER_ROW.match(after) else line.replace(f"| {old} |", f"| {new} |")
                           for line, after in zip(lines, [*lines[1:], ""]))
        edits[path] = text


def _checked_manifest(root: Path, edits: dict[Path, str | None]) -> str:
    """Load the renamed data with the loader `validate` uses, in a copy of the data folders (the project
    is not touched); returns published-urls.txt with the new URLs added. Raises RenameError."""
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
        return manifest.with_urls(manifest.manifest_text(path), manifest.current_urls(catalog))
    except DataError as err:
        raise RenameError(err.report(outcome="nothing was changed")) from None


def rename(root: Path, kind: str, old: str, new: str) -> list[Path]:
    """Rename one id of a "pattern", "topic" or "quote" everywhere, all files or none; returns the files written
    or removed. Raises RenameError (bad or unknown id, a result that would not validate), OSError or
    transaction.Interrupted (files as they were)."""
    if not is_id(new):
        raise RenameError(f"'{new}' is not a valid id: use lowercase a-z, 0-9 and single hyphens")
    root = Path(root)
    if not root.is_dir():
        raise RenameError(f"{root} is not a folder: run this in the project's root folder, or pass --root PATH")
    with transaction.lock(root):  # two renames at once would each write over the other's files
        try:
            before = load_project(root)
        except DataError as err:
            raise RenameError("fix these first:\n" + err.report(outcome="")) from None
        taken = {"pattern": before.patterns, "topic": before.topics, "quote": before.quotes}[kind]
        if new in taken:
            raise RenameError(f"'{new}' is already the id of a {kind}")
        if old not in taken:
            former = {"pattern": before.redirects, "topic": before.topic_redirects,
                      "quote": before.quote_aliases}[kind]()
            if old in former:
                raise RenameError(f"no {kind} with id '{old}': it is a former id of {kind} '{former[old]}'; "
                                  f"rename '{former[old]}' instead")
            raise RenameError(f"no {kind} with id '{old}'" + did_you_mean(old, taken))
        edits = _plan(root, kind, old, new)
        edits[root / manifest.MANIFEST] = _checked_manifest(root, edits)
        transaction.write_all(root, {path: None if text is None else text.encode("utf-8")
                                     for path, text in edits.items()})
        return sorted(edits)
