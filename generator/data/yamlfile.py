"""Read one YAML file safely (yaml.compose) and keep the line of every key and item.

Refused with a line, beyond safe loading: duplicate keys, anchors and aliases (a
"billion laughs" bomb), tags, values PyYAML cannot make (a number of 5,000 digits,
`!!int abc`), non-UTF-8 bytes and huge files.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import yamlhelp
from .problems import Problem, field_path

MAX_BYTES = 256 * 1024  # a pattern file is ~5 KB; anything this big is a mistake
# libyaml's parser when PyYAML has it (ten times faster), with the same safe constructor.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """SafeLoader that keeps dates as text: we show dates, we never compute with them."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@dataclass
class YamlFile:
    """One data file as read: its data (None when it did not load), the line of every key, its problems."""
    path: str  # as shown in messages, relative to the project root
    data: object = None
    lines: dict[tuple, int] = field(default_factory=dict)  # key path -> 1-based line
    problems: list[Problem] = field(default_factory=list)
    retyped: dict[tuple, str] = field(default_factory=dict)  # key path -> unquoted text YAML read as non-text
    text: str = ""  # the decoded file, kept to find ids in a file that did not load

    def line(self, parts: tuple) -> int:
        """Line of the deepest known node on this path (the parent for a missing key)."""
        parts = tuple(parts)
        while parts and parts not in self.lines:
            parts = parts[:-1]
        return self.lines.get(parts, 1)

    def problem(self, parts: tuple, message: str, line: int | None = None) -> Problem:
        """A Problem at parts (a key path such as ('examples', 0, 'note')), on its line unless line is given."""
        return Problem(self.path, line or self.line(parts), field_path(parts), message)


def read_yaml(file: Path, shown_as: str) -> YamlFile:
    """Read one YAML file (at most MAX_BYTES bytes, UTF-8) with the line of every key; shown_as names it in
    problems. Never raises for bad input: its problems are in YamlFile.problems, and data is None."""
    result = YamlFile(shown_as)

    def fail(line: int, message: str) -> YamlFile:
        result.problems.append(Problem(shown_as, line, "", message))
        return result

    raw, refusal = read_regular(file)
    if refusal:
        return fail(0, refusal)
    # A data file starts with ASCII keys, so its first bytes tell UTF-16 and UTF-32 (json's own test).
    if (encoding := json.detect_encoding(raw)).startswith(("utf-16", "utf-32")):
        return fail(0, f"the file is saved as {encoding[:6].upper()}, not UTF-8: save it as UTF-8 "
                       "(in most editors: Save with Encoding, or File > Save As > Encoding > UTF-8)")
    try:
        text = raw.decode("utf-8-sig")  # a BOM is harmless; drop it
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return fail(line, f"not UTF-8: byte 0x{raw[err.start]:02x} at offset {err.start}; save the file as UTF-8 "
                          "(this byte is from another encoding, such as Latin-1 or GBK)")
    result.text = text
    if not text.strip():
        return fail(0, "file is empty")
    loader = None
    try:
        loader = _Loader(text)
        root = loader.get_single_node()
        if root is None:
            return fail(0, "file is empty (only comments)")
        _walk(root, (), result, text.splitlines(), set())
        if not result.problems:
            result.data = loader.construct_document(root)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 0
        if isinstance(err, yaml.constructor.ConstructorError):
            return fail(line, f"malformed YAML: YAML tag not allowed: {err.problem or 'malformed YAML'}")
        if not (told := yamlhelp.explain(text, err)):
            return fail(line, f"malformed YAML: {err.problem or 'malformed YAML'}")
        line, message = told  # the line of the mistake, which may be above where the parser stopped
        result.problems.append(Problem(shown_as, line, field_path(key_path_at(text, line)), message))
    except yaml.reader.ReaderError as err:  # a character YAML does not allow
        line = text[: err.position].count("\n") + 1
        return fail(line, f"malformed YAML: character U+{err.character:04X} is not allowed")
    except yaml.YAMLError as err:
        return fail(0, f"malformed YAML: {err}")
    except RecursionError:
        return fail(0, "malformed YAML: nested too deeply")
    finally:
        if loader is not None:
            loader.dispose()
    return result


def key_path_at(text: str, line: int) -> tuple:
    """The key path written on 1-based `line` of a file that does not parse, e.g. ('examples', 0, 'note', 'en'),
    from the lines before it plus its key; () when that does not parse either (no field beats a wrong one)."""
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return ()
    match = yamlhelp.KEY_LINE.match(yamlhelp.without_lookalikes(lines[line - 1]))
    if not match:
        return ()
    key = match.group("key")
    loader = _Loader("\n".join(lines[: line - 1] + [f"{match.group('indent')}{key}: x"]))
    placed = YamlFile("")  # _walk records the line of every key, as for a file that loads
    try:
        if root := loader.get_single_node():
            _walk(root, (), placed, lines, set())
    except (yaml.YAMLError, RecursionError):
        return ()
    finally:
        loader.dispose()
    return next((parts for parts, at in placed.lines.items() if at == line and parts and parts[-1] == key), ())


def read_regular(file: Path, limit: int = MAX_BYTES) -> tuple[bytes, str | None]:
    """The bytes of a regular file of at most `limit` bytes, or b"" and why it is refused; symlinks, folders,
    devices and pipes are refused unopened (a link to /dev/zero or outside the project is never followed)."""
    try:
        info = os.lstat(file)
    except OSError as err:
        return b"", f"cannot be read: {err.strerror}"
    if stat.S_ISLNK(info.st_mode):
        return b"", "is a symbolic link; data folders hold regular files only: copy the file here instead"
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder" if stat.S_ISDIR(info.st_mode) else "not a regular file"
        return b"", f"is {kind}; data folders hold regular files only"
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(file, flags)
    except OSError as err:
        return b"", f"cannot be read: {err.strerror}"
    with os.fdopen(fd, "rb") as handle:
        raw = handle.read(limit + 1)  # one byte more tells us it is too big, without reading it all
    if len(raw) > limit:
        return b"", f"file is over the size limit of {limit} bytes"
    return raw, None


def _walk(node, parts: tuple, doc: YamlFile, lines: list[str], seen: set) -> None:
    """Record the line of every key and item; refuse aliases, duplicate keys and text a comment would cut."""
    line = node.start_mark.line + 1
    if id(node) in seen:
        doc.problems.append(Problem(doc.path, line, "", "anchors and aliases (&, *) are not allowed"))
        return
    seen.add(id(node))
    doc.lines.setdefault(parts, line)
    if isinstance(node, yaml.ScalarNode):
        _check_plain(node, parts, doc, lines)
        _check_value(node, parts, doc)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, parts + (index,), doc, lines, seen)
    elif isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                doc.problems.append(Problem(doc.path, line, field_path(parts),
                                            "a key must be a name, not a list or a mapping: write it as `name: value`"))
                continue
            if key_node.style in (None, ""):
                key_node.tag = _STR  # a key is a name as written: `on:` is the key 'on', not true
            key = key_node.value
            if key == "<<":
                doc.problems.append(Problem(doc.path, line, "", "merge keys (<<) are not allowed"))
            elif parts + (key,) in doc.lines:
                first = doc.lines[parts + (key,)]
                doc.problems.append(doc.problem(parts + (key,), f"duplicate key (first set on line {first})", line))
            else:
                doc.lines[parts + (key,)] = line
                _walk(value_node, parts + (key,), doc, lines, seen)


_STR = "tag:yaml.org,2002:str"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()  # for one scalar at a time: it keeps no state for them


def _check_value(node, parts: tuple, doc: YamlFile) -> None:
    """A scalar read as a number, true/false, a date... that PyYAML cannot make into one (it would raise a bare
    ValueError when the file is read): a problem at its line. Python reads at most int_max_str_digits digits."""
    if node.tag == _STR or node.tag not in _CONSTRUCTOR.yaml_constructors:
        return  # text needs nothing; an unknown tag is ConstructorError, told in read_yaml
    try:
        _CONSTRUCTOR.yaml_constructors[node.tag](_CONSTRUCTOR, node)
    except (ValueError, TypeError, KeyError, OverflowError) as err:
        digits, limit = sum(c.isdigit() for c in node.value), sys.get_int_max_str_digits()
        if node.tag == _INT and limit and digits > limit:
            told = f"a number of {digits} digits is too long (at most {limit} digits)"
        else:
            shown = node.value if len(node.value) <= 40 else node.value[:40] + "..."
            told = f"`{shown}` cannot be read as {node.tag.rsplit(':', 1)[-1]}: {err}"
        doc.problems.append(doc.problem(parts, f"{told}; if it is text, put it in quotes", node.start_mark.line + 1))


def _check_plain(node, parts: tuple, doc: YamlFile, lines: list[str]) -> None:
    """A plain scalar: note values YAML retyped; refuse tags and comments that change text."""
    if node.style not in (None, ""):  # libyaml says "" for plain, PyYAML None
        return
    start, end = node.start_mark, node.end_mark
    if node.tag != _STR:
        doc.retyped[parts] = node.value
    if node.tag == _BOOL and node.value.lower() not in ("true", "false"):
        node.tag = _STR  # YAML 1.1's yes/no/on/off/y/n: kept as typed, so a true/false field refuses it by name
    line_text = lines[start.line] if start.line < len(lines) else ""
    source = line_text[start.column:end.column] if start.line == end.line else None
    if source and source[0] in "&!" and source != node.value and node.tag == _STR:
        doc.problems.append(doc.problem(parts,
            f"a text starting with '{source[0]}' must be in quotes ('{source[0]}' means something else in YAML): "
            f"{yamlhelp.corrected(line_text)}", start.line + 1))
        return
    if not parts or parts[-1] not in yamlhelp.TEXT_KEYS or node.tag != _STR:
        return
    end_line = lines[end.line] if end.line < len(lines) else ""
    whole = yamlhelp.comment_cut(end_line, start.column if start.line == end.line else 0, end.column)
    if whole is not None:
        fixed = f"{parts[-1]}: {yamlhelp.quoted(whole)}" if start.line == end.line else "|"
        doc.problems.append(doc.problem(parts, "' #' starts a YAML comment, so the text after it would be dropped; "
                                               f"put the text in quotes (or use a | block): {fixed}", end.line + 1))
