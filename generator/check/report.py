"""What a check found, and how the CLI prints it: text, JSON (`Report`) or GitHub annotations."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..paths import LANGS
from .rules import LEVELS, SCHEMA_VERSION, Level, Strict, messages


class Finding(Strict):
    """One finding: where (1-based line and column), which rule, its level, the message and the pattern page it links to."""
    line: int = Field(ge=1)
    column: int = Field(ge=1, description="in characters (code points), from 1")
    length: int = Field(ge=0, description="in characters")
    text: str = Field(description="the text the finding is about")
    level: Level
    rule: str
    pattern: str
    message: str
    url: str


class ReportFinding(Finding):
    """A finding with the path of the draft it was found in."""
    path: str = Field(description="the file checked, or '-' for standard input")


class Report(Strict):
    """Output of `python -m generator check --format json`."""

    schema_version: Literal[2] = SCHEMA_VERSION
    lang: Literal[LANGS]
    findings: list[ReportFinding]
    counts: dict[Level, int] = Field(description="number of findings per level")


def report(results: dict[str, list[Finding]], lang: str) -> Report:
    """path -> findings (in check order) as one Report, with counts per level."""
    findings = [ReportFinding(path=path, **f.model_dump()) for path, items in results.items() for f in items]
    counts = {level: sum(f.level == level for f in findings) for level in LEVELS}
    return Report(lang=lang, findings=findings, counts=counts)


_COLORS = {"warning": "33", "info": "36", "good": "32"}  # yellow, cyan, green


def format_text(result: Report, color: bool = False) -> str:
    """One line per finding, as compilers print them: path:line:column: level: message [rule] url; then the counts."""
    lines = []
    for f in result.findings:
        level = f"\033[{_COLORS[f.level]}m{f.level}\033[0m" if color else f.level
        lines.append(f"{f.path}:{f.line}:{f.column}: {level}: {f.message} [{f.rule}] {f.url}")
    lines.append(summary(result))
    return "\n".join(lines)


def summary(result: Report) -> str:
    """'2 warnings, 1 note, 6 patterns used': the counts in the report's language (generator/check/locales)."""
    text = messages(result.lang)
    parts = []
    for level, n in result.counts.items():
        forms = text[f"count_{level}"]
        parts.append((forms["one"] if n == 1 and result.lang == "en" else forms["other"]).format(n=n))
    return text["count_separator"].join(parts)


_GITHUB = {"warning": "warning", "info": "notice", "good": "notice"}


def _escape(text: str, prop: bool = False) -> str:
    """GitHub workflow-command escaping (% \\r \\n, and : , in properties)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def format_github(result: Report) -> str:
    """GitHub Actions annotations: ::warning file=F,line=L,col=C,endColumn=E,title=rule::message (one per finding)."""
    lines = []
    for f in result.findings:
        props = f"file={_escape(f.path, True)},line={f.line},col={f.column},endColumn={f.column + f.length}," \
                f"title={_escape(f.rule, True)}"
        lines.append(f"::{_GITHUB[f.level]} {props}::{_escape(f.message)} {f.url}")
    return "\n".join(lines)
