"""Excerpts that keep the point: a quote cut for a table cell or the cheat sheet around the words that
show the pattern (its signals, the phrases its example notes quote), each cut marked with one "…"."""

from __future__ import annotations

import functools
import re

ELLIPSIS = "…"
SLACK = 1.15  # a text at most 15% over the limit is shown whole
_QUOTED = re.compile(r'"([^"]{2,80})"|“([^”]{2,80})”')
_SENTENCE_END = re.compile(r"(?:[.!?…]+[\"'”’)]*\s+|[。！？…]+[”’」』）]*)")
_CJK = re.compile(r"[\u3400-\u9fff]")
_WIDE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")  # Chinese text and punctuation


def _phrase_regex(phrase: str) -> str:
    """A signal phrase (generator/data/models.py PHRASE_PATTERN) as a regex: '#' any number, '*' any one word."""
    words = []
    for word in re.split(r"[ -]", phrase):
        if word == "*":
            words.append(r"\S+")
        else:
            words.append("".join(r"\d+(?:[.,]\d+)*" if ch == "#" else re.escape(ch) for ch in word))
    body = r"[\s-]+".join(words)
    return body if _CJK.search(phrase) else rf"(?<![\w]){body}(?![\w])"


@functools.lru_cache(maxsize=256)
def keys_regex(keys: tuple[str, ...]) -> re.Pattern | None:
    """One case-insensitive regex matching any of keys (None for none)."""
    parts = [k for k in keys if k]
    return re.compile("|".join(f"(?:{p})" for p in parts), re.IGNORECASE) if parts else None


def pattern_keys(pattern) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Regexes of the words that show a pattern, best first: its signals (both languages), then every
    phrase its example notes quote ("I call", “1960s-ish”). pattern: a models.Pattern."""
    signals = tuple(_phrase_regex(s) for s in (*pattern.signals.en, *pattern.signals.zh))
    quoted = []
    for ex in pattern.examples:
        for note in (ex.note.en, ex.note.zh):
            for m in _QUOTED.finditer(note):
                phrase = (m[1] or m[2]).strip(" .,;:…")
                if len(phrase) >= 2:
                    quoted.append(re.escape(phrase))
    return signals, tuple(quoted)


def _finish(cut: str, text: str, start: int, end: int) -> str:
    cut = cut.strip()
    if end < len(text):
        if cut.endswith(ELLIPSIS) or cut.endswith("..."):
            cut = cut.rstrip(",;:")
        else:
            cut = cut.rstrip(",;:.，；：")
            cut += ELLIPSIS if _WIDE.search(cut[-1:]) else " " + ELLIPSIS  # no space in Chinese
    if start > 0 and not cut.startswith(ELLIPSIS):
        cut = ELLIPSIS + ("" if _WIDE.search(cut[:1]) else " ") + cut
    return re.sub(rf"{ELLIPSIS}(\s*{ELLIPSIS})+", ELLIPSIS, cut)


def _cut_end(text: str, start: int, limit: int) -> int:
    """End of a window of at most `limit` characters from start, at a word boundary (any character in Chinese)."""
    end = min(len(text), start + limit)
    if end == len(text):
        return end
    if _CJK.search(text[end - 1:end + 1]):
        return end
    space = text.rfind(" ", start, end + 1)
    return space if space > start else end


def excerpt(text: str, limit: int = 110, keys: tuple[tuple[str, ...], ...] = ()) -> str:
    """text on one line, at most about `limit` characters (whole up to limit * SLACK), keeping the first
    match of the first group of keys (pattern_keys) that matches, else cut from the start; a cut falls at
    a sentence end when one ends in the last fifth of the window."""
    text = " ".join(text.split())
    if len(text) <= limit * SLACK:  # cutting a few words saves nothing and may cut the punchline
        return text
    found = None
    for group in keys:
        if (rx := keys_regex(tuple(group))) and (found := rx.search(text)):
            break
    start = 0
    if found and found.end() > _cut_end(text, 0, limit):
        # Start at the sentence holding the key, or just before the key when that sentence is too long.
        starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text, 0, found.start())]
        start = starts[-1]
        if found.end() - start > limit:
            space = text.rfind(" ", 0, max(found.start() - 1, 0))
            start = space + 1 if space >= 0 else found.start()
        if len(text) - start < limit:  # near the end: fill the window backwards
            back = len(text) - limit
            space = text.find(" ", back)
            start = min(start, space + 1 if 0 <= space < start and not _CJK.search(text[back]) else back)
    end = _cut_end(text, start, limit)
    if found and end < found.end():
        end = found.end()
    if end < len(text):  # prefer a sentence end in the last fifth of the window, after the key
        floor = max(start + limit * 4 // 5, found.end() if found else 0)
        ends = [m.end() for m in _SENTENCE_END.finditer(text, floor, end + 1) if m.end() <= end + 1]
        if ends:
            end = ends[-1]
    return _finish(text[start:end], text, start, end)
