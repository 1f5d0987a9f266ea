"""Problems found in the data, reported all at once as `file:line: field 'x': message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # path relative to the project root, as the contributor sees it
    line: int  # 1-based; 0 when the whole file is at fault
    field: str  # dotted path such as "examples[0].note.zh"; "" for the file itself
    message: str

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

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        n = len(self.problems)
        lines.append(f"{n} problem{'s' if n != 1 else ''} found; nothing was built.")
        return "\n".join(lines)


def field_path(parts: tuple) -> str:
    """('examples', 0, 'note') -> 'examples[0].note'"""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
