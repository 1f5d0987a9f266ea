"""What a check found, and how the CLI prints it: text, JSON or GitHub annotations.

A Finding is a plain tuple and the CLI prints a `Checked`, streaming its lines, so a
large report is never built as pydantic objects or held whole; `Report` is the
published schema of the JSON (api/schema/check.json).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from json.encoder import encode_basestring as _json_str  # the C encoder, non-ASCII kept as it is
from typing import Literal, NamedTuple

from pydantic import Field

from ..data.problems import github_escape
from ..paths import LANGS
from .rules import LEVELS, SCHEMA_VERSION, UNSAFE, Level, Strict, messages


class Finding(NamedTuple):
    """One finding; line and column count from 1, columns and lengths in characters (code points)."""
    line: int
    column: int
    length: int
    text: str  # the text the finding is about
    level: str
    rule: str
    pattern: str
    message: str
    url: str


class Checked(NamedTuple):
    """What `check` prints: a Report's fields as plain data, the findings kept by draft."""
    lang: str
    files: dict[str, list[Finding]]  # the path of each draft ('-' for standard input) -> its findings, in check order
    counts: dict[str, int]  # level -> number of findings, for each of LEVELS in order


def checked(results: dict[str, list[Finding]], lang: str) -> Checked:
    """path -> findings (in check order) as one Checked, with counts per level."""
    levels = [f.level for items in results.values() for f in items]
    return Checked(lang, results, {level: levels.count(level) for level in LEVELS})


class ReportFinding(Strict):
    """A finding with the path of the draft it was found in."""

    line: int = Field(ge=1)
    column: int = Field(ge=1, description="in characters (code points), from 1")
    length: int = Field(ge=0, description="in characters")
    text: str = Field(description="the text the finding is about")
    level: Level
    rule: str
    pattern: str
    message: str
    url: str
    path: str = Field(description="the file checked, or '-' for standard input")


class Report(Strict):
    """Output of `python -m generator check --format json`."""

    schema_version: Literal[2] = SCHEMA_VERSION
    lang: Literal[LANGS]
    findings: list[ReportFinding]
    counts: dict[Level, int] = Field(description="number of findings per level")


_COLORS = {"warning": "33", "info": "36", "good": "32"}  # yellow, cyan, green


def _shown(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep: str = "") -> str:
    """text with every control or invisible character but those in keep written as \\xNN or \\uNNNN."""
    if not UNSAFE.search(text):
        return text
    return UNSAFE.sub(lambda m: m.group() if m.group() in keep else _shown(m), text)


def text_lines(result: Checked, color: bool = False) -> Iterator[str]:
    """Per finding `path:line:column: level: message [rule] url`, then the counts; every field visible()."""
    for path, findings in result.files.items():
        path = visible(path)
        for f in findings:
            level = f"\033[{_COLORS[f.level]}m{f.level}\033[0m" if color else f.level
            yield f"{path}:{f.line}:{f.column}: {level}: {visible(f.message)} [{visible(f.rule)}] {visible(f.url)}"
    yield summary(result)


def summary(result) -> str:
    """'2 warnings, 1 note, 6 patterns used': the counts in the report's language (generator/check/locales)."""
    text = messages(result.lang)
    return text["count_separator"].join(text.plural(f"count_{level}", n) for level, n in result.counts.items())


def json_lines(result: Checked) -> Iterator[str]:
    """What model_dump_json(indent=2) of result's Report gives, a piece a finding, to join with newlines."""
    files = result.files.items()
    left = sum(len(findings) for _, findings in files)
    yield f'{{\n  "schema_version": {SCHEMA_VERSION},\n  "lang": {_json_str(result.lang)},'
    yield '  "findings": [' if left else '  "findings": [],'
    after = ",", "\n  ],"  # what follows a finding: another, or the end of the list
    for path, findings in files:
        path = _json_str(path)
        for f in findings:
            left -= 1
            yield (f'    {{\n      "line": {f.line},\n      "column": {f.column},\n      "length": {f.length},'
                   f'\n      "text": {_json_str(f.text)},\n      "level": {_json_str(f.level)},'
                   f'\n      "rule": {_json_str(f.rule)},\n      "pattern": {_json_str(f.pattern)},'
                   f'\n      "message": {_json_str(f.message)},\n      "url": {_json_str(f.url)},'
                   f'\n      "path": {path}\n    }}{after[not left]}')
    counts = ",\n".join(f"    {_json_str(level)}: {n}" for level, n in result.counts.items())
    yield f'  "counts": {{\n{counts}\n  }}\n}}' if counts else '  "counts": {}\n}'


# "good" findings (a pattern used well) are not annotated: GitHub shows at most ten notices per step,
# and praise would crowd out the notes a writer should read.
_GITHUB = {"warning": "warning", "info": "notice"}


def _escape(text: str, prop: bool = False) -> str:
    """github_escape, other control characters visible(): a field can neither end the command's line nor
    start another (`::add-mask::`, `::error ...`)."""
    return github_escape(visible(text, keep="\r\n"), prop)


def github_lines(result: Checked) -> Iterator[str]:
    """GitHub Actions annotations: ::warning file=F,line=L,col=C,endColumn=E,title=rule::message url for a
    warning, ::notice for an info finding, none for "good"."""
    for path, findings in result.files.items():
        for f in findings:
            if f.level not in _GITHUB:
                continue
            props = f"file={_escape(path, True)},line={f.line},col={f.column},endColumn={f.column + f.length}," \
                    f"title={_escape(f.rule, True)}"
            yield f"::{_GITHUB[f.level]} {props}::{_escape(f.message)} {_escape(f.url)}"
