"""Problems found in the data, reported all at once as `file:line: field 'x': message`."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in the data, printed as `file:line: field 'x': message`."""
    file: str  # path relative to the project root, as the contributor sees it
    line: int  # 1-based; 0 when the whole file is at fault
    field: str  # dotted path such as "examples[0].note.zh"; "" for the file itself
    message: str

    def github(self) -> str:
        """The problem as a GitHub Actions annotation, `::error file=F,line=N,title=field::message`."""
        props = [f"file={github_escape(self.file, True)}"]
        if self.line:
            props.append(f"line={self.line}")
        if self.field:
            props.append(f"title={github_escape(f'field {self.field}', True)}")
        return f"::error {','.join(props)}::{github_escape(str(self))}"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        if self.field:
            return f"{where}: field '{self.field}': {self.message}"
        return f"{where}: {self.message}"


class DataError(Exception):
    """Raised once, after every file was checked, with all problems found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(self.report())

    def report(self, fmt: str = "text", outcome: str = "nothing was built") -> str:
        """Every problem, one a line (fmt "github": as Actions annotations), then the count and the outcome,
        what the command did not do: "nothing was written" (export), or "" (validate only reports)."""
        lines = [p.github() if fmt == "github" else str(p) for p in self.problems]
        n = len(self.problems)
        lines.append(f"{n} problem{'s' if n != 1 else ''} found" + (f"; {outcome}." if outcome else "."))
        return "\n".join(lines)


def github_escape(text: str, prop: bool = False) -> str:
    """Escaped as GitHub workflow commands require: %, CR and LF everywhere; also ':' and ',' in properties."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def field_path(parts: tuple) -> str:
    """('examples', 0, 'note') -> 'examples[0].note'"""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def did_you_mean(name: str, known) -> str:
    """" (did you mean 'x'?)" for the closest of known to name (difflib), or "" when nothing is close."""
    guess = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean '{guess[0]}'?)" if guess else ""
