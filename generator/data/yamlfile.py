"""Read one YAML file safely and remember the line of every key and item.

Safe-load semantics only (no Python tags), plus what PyYAML lets through
silently: duplicate keys, anchors and aliases (a "billion laughs" bomb),
non-UTF-8 bytes and huge files are refused with a line number.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

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
    path: str  # as shown in messages, relative to the project root
    data: object = None
    lines: dict[tuple, int] = field(default_factory=dict)  # key path -> 1-based line
    problems: list[Problem] = field(default_factory=list)

    def line(self, parts: tuple) -> int:
        """Line of the deepest known node on this path (the parent for a missing key)."""
        parts = tuple(parts)
        while parts and parts not in self.lines:
            parts = parts[:-1]
        return self.lines.get(parts, 1)

    def problem(self, parts: tuple, message: str) -> Problem:
        return Problem(self.path, self.line(parts), field_path(parts), message)


def read_yaml(file: Path, shown_as: str) -> YamlFile:
    result = YamlFile(shown_as)

    def fail(line: int, message: str) -> YamlFile:
        result.problems.append(Problem(shown_as, line, "", message))
        return result

    raw = file.read_bytes()
    if len(raw) > MAX_BYTES:
        return fail(0, f"file is {len(raw)} bytes; the limit is {MAX_BYTES}")
    try:
        text = raw.decode("utf-8-sig")  # a BOM is harmless; drop it
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return fail(line, f"not UTF-8: byte 0x{raw[err.start]:02x} at offset {err.start}")
    if not text.strip():
        return fail(0, "file is empty")

    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as err:
        return fail(_reader_line(text, err), f"malformed YAML: character U+{err.character:04X} is not allowed")
    try:
        root = loader.get_single_node()
        if root is None:
            return fail(0, "file is empty (only comments)")
        problems: list[Problem] = []
        _walk(root, (), result.lines, problems, shown_as, set())
        if problems:
            result.problems.extend(problems)
            return result
        result.data = loader.construct_document(root)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else 0
        what = err.problem or "malformed YAML"
        if isinstance(err, yaml.constructor.ConstructorError):
            what = f"YAML tag not allowed: {what}"
        return fail(line, f"malformed YAML: {what}")
    except yaml.reader.ReaderError as err:  # libyaml finds bad characters while parsing
        return fail(_reader_line(text, err), f"malformed YAML: character U+{err.character:04X} is not allowed")
    except yaml.YAMLError as err:
        return fail(0, f"malformed YAML: {err}")
    except RecursionError:
        return fail(0, "malformed YAML: nested too deeply")
    finally:
        loader.dispose()
    return result


def _reader_line(text: str, err) -> int:
    return text[: err.position].count("\n") + 1


def _walk(node, parts, lines, problems, shown_as, seen) -> None:
    """Record the line of every key and item; refuse aliases and duplicate keys."""
    if id(node) in seen:
        problems.append(
            Problem(shown_as, node.start_mark.line + 1, "", "anchors and aliases (&, *) are not allowed")
        )
        return
    seen.add(id(node))
    lines.setdefault(parts, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        first_line: dict[object, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else repr(key_node)
            line = key_node.start_mark.line + 1
            if key == "<<":
                problems.append(Problem(shown_as, line, "", "merge keys (<<) are not allowed"))
                continue
            if key in first_line:
                problems.append(
                    Problem(shown_as, line, field_path(parts + (key,)), f"duplicate key (first set on line {first_line[key]})")
                )
                continue
            first_line[key] = line
            lines[parts + (key,)] = line
            _walk(value_node, parts + (key,), lines, problems, shown_as, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _walk(item, parts + (index,), lines, problems, shown_as, seen)

