"""The JSON report of `python -m generator check --format json`, as pydantic models.

Its schema is published as api/schema/check.json (generator/site/api.py). The
CLI writes the same JSON without pydantic (report.format_json); report.report()
builds a validated Report for callers that want the model.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ..paths import LANGS
from .rules import SCHEMA_VERSION, Level, Strict


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
