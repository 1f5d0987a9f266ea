"""What a check found, and how the CLI prints it: text, JSON (`Report`) or GitHub annotations.

A Finding is a plain tuple, and the CLI prints a `Checked` (plain data too),
so `check` never waits for pydantic; `report()` builds the validated pydantic
`Report` (report_model.py, the published schema of the JSON) for callers that
want one, and every format_* function takes either. The CLI writes the
*_lines pieces as they come, never holding the whole output at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from json.encoder import encode_basestring as _json_str  # the C encoder, non-ASCII kept as it is
from typing import TYPE_CHECKING, NamedTuple

from .plain import LEVELS, SCHEMA_VERSION, messages

if TYPE_CHECKING:
    from .report_model import Report


class Finding(NamedTuple):
    """One finding: where (1-based line and column), which rule, its level, the message, the pattern page it links to.

    Columns and lengths count characters (code points); level is one of LEVELS.
    """
    line: int
    column: int
    length: int
    text: str  # the text the finding is about
    level: str
    rule: str
    pattern: str
    message: str
    url: str

    def model_dump(self) -> dict:
        """The fields as a dict, in order (as the pydantic model this replaced gave them)."""
        return self._asdict()


class Checked(NamedTuple):
    """What `check` prints, as plain data: a Report's fields (schema_version is SCHEMA_VERSION), with the
    findings kept by draft."""
    lang: str
    files: dict[str, list[Finding]]  # the path of each draft ('-' for standard input) -> its findings, in check order
    counts: dict[str, int]  # level -> number of findings, for each of LEVELS in order


def checked(results: dict[str, list[Finding]], lang: str) -> Checked:
    """path -> findings (in check order) as one Checked, with counts per level."""
    levels = [f.level for items in results.values() for f in items]
    return Checked(lang, results, {level: levels.count(level) for level in LEVELS})


def _by_file(result: Report | Checked) -> Iterable[tuple[str, list]]:
    """(path, its findings) in order, from a Checked or a Report (whose findings carry their path)."""
    return result.files.items() if isinstance(result, Checked) else [(f.path, [f]) for f in result.findings]


def report(results: dict[str, list[Finding]], lang: str) -> Report:
    """path -> findings (in check order) as one validated pydantic Report, with counts per level."""
    from .report_model import Report, ReportFinding

    findings = [ReportFinding(path=path, **f._asdict()) for path, items in results.items() for f in items]
    return Report(lang=lang, findings=findings, counts=checked(results, lang).counts)


def __getattr__(name: str):
    """Report and ReportFinding, the pydantic models, imported on first use (report_model.py)."""
    if name in ("Report", "ReportFinding"):
        from . import report_model

        return getattr(report_model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_COLORS = {"warning": "33", "info": "36", "good": "32"}  # yellow, cyan, green


def format_text(result: Report | Checked, color: bool = False) -> str:
    """One line per finding, as compilers print them: path:line:column: level: message [rule] url; then the counts."""
    return "\n".join(text_lines(result, color))


# Control and invisible characters: ANSI escapes, line breaks, bidi overrides. A path, a draft's words or
# a --rules file's text could carry them to the terminal or the CI log; they are printed as \\xNN instead.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\ufeff]")


def _shown(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, keep: str = "") -> str:
    """text with every control or invisible character but those in keep written as \\xNN or \\uNNNN."""
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: m.group() if m.group() in keep else _shown(m), text)


def text_lines(result: Report | Checked, color: bool = False) -> Iterator[str]:
    """format_text's lines, one at a time (the CLI writes them as they come); every field is visible()."""
    for path, findings in _by_file(result):
        path = visible(path)
        for f in findings:
            level = f"\033[{_COLORS[f.level]}m{f.level}\033[0m" if color else f.level
            yield f"{path}:{f.line}:{f.column}: {level}: {visible(f.message)} [{visible(f.rule)}] {visible(f.url)}"
    yield summary(result)


def summary(result) -> str:
    """'2 warnings, 1 note, 6 patterns used': the counts in the report's language (generator/check/locales)."""
    text = messages(result.lang)
    parts = []
    for level, n in result.counts.items():
        forms = text[f"count_{level}"]
        parts.append((forms["one"] if n == 1 and result.lang == "en" else forms["other"]).format(n=n))
    return text["count_separator"].join(parts)


def format_json(result: Report | Checked) -> str:
    """The report as JSON, byte for byte what pydantic's Report.model_dump_json(indent=2) writes.

    Strings are escaped as JSON requires (", \\, control characters) and keep their non-ASCII characters.
    """
    return "\n".join(json_lines(result))


def json_lines(result: Report | Checked) -> Iterator[str]:
    """format_json's text in pieces to join with newlines: a piece a finding (the CLI writes them as they come)."""
    files = _by_file(result)
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
    """GitHub workflow-command escaping (% \\r \\n, and : , in properties), other control characters visible():
    a field can neither end the command's line nor start another (`::add-mask::`, `::error ...`)."""
    text = visible(text, keep="\r\n").replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def format_github(result: Report | Checked) -> str:
    """GitHub Actions annotations: ::warning file=F,line=L,col=C,endColumn=E,title=rule::message, one per
    warning, and ::notice for each info finding; "good" findings get none."""
    return "\n".join(github_lines(result))


def github_lines(result: Report | Checked) -> Iterator[str]:
    """format_github's lines, one at a time (the CLI writes them as they come)."""
    for path, findings in _by_file(result):
        for f in findings:
            if f.level not in _GITHUB:
                continue
            props = f"file={_escape(path, True)},line={f.line},col={f.column},endColumn={f.column + f.length}," \
                    f"title={_escape(f.rule, True)}"
            yield f"::{_GITHUB[f.level]} {props}::{_escape(f.message)} {_escape(f.url)}"
