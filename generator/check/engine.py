"""The text engine: blank what is not prose, cut sentences, find phrases, in linear time.

overrides/assets/kp/check.js runs the same steps on the same RuleSet; every
regex here is written in the subset Python `re` and JavaScript read alike (no
\\s, no named groups, no lookbehind, ^ and $ only where a whole string is
tested). tests/test_check_page.py compares the two on real drafts.

1. mask(): HTML comments and <pre>/<script>/<style> blocks (found with plain
   string search, so an unclosed `<!--` costs one pass), then line by line front
   matter, fenced code (at any indent, so inside lists and admonitions),
   indented code, $$ math blocks and block quotes (quoted words are mentioned), then the inline masks of the RuleSet
   (code spans, math, link targets, tags, heading ids, quoted mentions), then
   tokens that are addresses (URLs, emails, bare domains) or too long to be
   words. Blanking writes spaces, so positions never move.
2. The masked text is cut into sentences; a blank line starts a paragraph.
3. Phrases are matched token by token through one index (first token ->
   phrases), so the cost is one pass over the tokens whatever the number of
   rules. A phrase's tokens may be apart by at most 3 characters of space,
   hyphen or , ; : (one line break at most); Chinese characters may touch.
   In a phrase, # is any number and * any one word.
4. A "match" rule reports each `find` phrase in a sentence that has a `when`
   phrase (if the rule lists any) and no `unless` phrase; a phrase inside a
   technical sense (RuleSet.ignore) is not reported.
5. "long" and "short" rules look at prose paragraphs.
Columns count characters (code points) from 1.
"""

from __future__ import annotations

import re
from itertools import accumulate
from operator import itemgetter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .rules import RuleSet

_NUMBER_TOKEN = "[0-9]+(?:[.,][0-9]+)*"  # what # stands for: 300, 26.2, 1,000 (as TOKEN reads numbers)
_PIECES = re.compile(r"[ -]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_TRIM_LEAD = "(<[\"'*_"
_TRIM_TRAIL = ".,;:!?)>]\"'*_"
_GAP_CHARS = " \t\n-,;:"
MAX_GAP = 3
MAX_TOKEN = 80  # a run of ASCII without spaces longer than this is not prose (a hash, a path, base64)


def _compile(source: str, flags: str = "") -> re.Pattern:
    return re.compile(source, re.ASCII | (re.IGNORECASE if "i" in flags else 0))


def _blank(text: str) -> str:
    """Spaces for every character of text but its newlines."""
    return " " * len(text) if "\n" not in text else re.sub(r"[^\n]", " ", text)


def _blank_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """Spaces over each span (sorted, not overlapping), newlines kept."""
    out, pos = [], 0
    for start, end in spans:
        out += (text[pos:start], _blank(text[start:end]))
        pos = end
    return "".join(out) + text[pos:]


def _raw_blocks(text: str, ruleset: RuleSet) -> str:
    """Blank HTML comments, then <pre>, <script>, <style> blocks; an unclosed one runs to the end."""
    spans, i = [], text.find("<!--")
    while i >= 0:
        j = text.find("-->", i + 4)
        end = len(text) if j < 0 else j + 3
        spans.append((i, end))
        i = text.find("<!--", end)
    text = _blank_spans(text, spans)
    spans, pos = [], 0
    opener = _compile(ruleset.raw_block, "i")
    while m := opener.search(text, pos):
        closer = _compile("</" + m.group(1) + "[ \t\n]*>", "i").search(text, m.end())
        end = closer.end() if closer else len(text)
        spans.append((m.start(), end))
        pos = end
    return _blank_spans(text, spans)


def _indent(line: str) -> int:
    """Columns of leading spaces and tabs (a tab to the next multiple of 4)."""
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip(" "))


def _mask_lines(text: str, ruleset: RuleSet) -> str:
    """Front matter, fenced and indented code, $$ math blocks: blanked line by line."""
    lines = text.split("\n")
    fence_re, item_re, box_re = _compile(ruleset.fence), _compile(ruleset.list_item), _compile(ruleset.container)
    end_front = -1
    if lines[0] in ("---", "+++"):
        closers = ("---", "...") if lines[0] == "---" else ("+++",)
        end_front = next((i for i in range(1, len(lines)) if lines[i] in closers), -1)
    out, fence, math, container, prev_blank, in_code = [], "", False, 0, True, False
    for i, line in enumerate(lines):
        stripped = line.strip(" \t")
        if i <= end_front:
            hide = True
        elif fence:
            hide = True
            m = fence_re.match(stripped)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence) and not stripped[m.end():].strip(" \t"):
                fence = ""
        elif math:
            hide, math = True, "$$" not in line
        elif stripped.startswith(">"):  # a block quote: someone else's words, mentioned, not used
            hide, in_code = True, False
        elif not stripped:
            out.append(line)
            prev_blank = True
            continue
        elif m := fence_re.match(stripped):
            hide, fence, in_code = True, m.group(1), False
        elif stripped.startswith("$$"):
            hide, math = True, stripped.count("$$") < 2
        elif (prev_blank or in_code) and _indent(line) >= container + 4:
            hide, in_code = True, True
        else:
            hide, in_code = False, False
            item, box = item_re.match(line), box_re.match(line)
            if item:
                container = len(item.group(0))  # the item's content column
            elif box:
                container = _indent(line) + 4
            elif prev_blank and _indent(line) == 0:
                container = 0
        out.append(" " * len(line) if hide else line)
        prev_blank = False
    return "\n".join(out)


def _tokens(masked: str, source: str) -> tuple[list[str], list[int], list[str]]:
    """The tokens (regex `source`) as written; bounds, token i from bounds[2i] to bounds[2i + 1]; the text before
    each token, and the rest. A pattern without groups is split on in C, with itself as the one group."""
    if _compile(source).groups == 0:
        parts = _compile("(" + source + ")").split(masked)  # before token 0, token 0, before token 1, ...
        raw = parts[1::2]
        if "" not in raw:
            return raw, list(accumulate(map(len, parts))), parts[0::2]
    found = list(_compile(source).finditer(masked))
    bounds = [at for m in found for at in m.span()]
    gaps = [masked[a:b] for a, b in zip([0, *bounds[1::2]], [*bounds[0::2], len(masked)])]
    return [m.group() for m in found], bounds, gaps


def _token_cut(token: str, tests: list[re.Pattern]) -> tuple[int, int] | None:
    """The part of one ASCII run to blank, as offsets in it, or None to keep it all."""
    if len(token) > MAX_TOKEN:
        return 0, len(token)
    core = token.lstrip(_TRIM_LEAD)
    start = len(token) - len(core)
    core = core.rstrip(_TRIM_TRAIL)
    if core and any(t.search(core) for t in tests):
        return start, start + len(core)
    return None


def _mask_tokens(text: str, ruleset: RuleSet) -> str:
    """Blank addresses (URLs, emails, bare domains) and over-long runs, one ASCII run at a time."""
    tests = [_compile(source, "i") for source in ruleset.token_masks]
    runs = _compile(ruleset.ascii_run)
    distinct = set(runs.findall(text)) if runs.groups == 0 else {m.group() for m in runs.finditer(text)}
    cuts = {run: cut for run in distinct if (cut := _token_cut(run, tests)) is not None}  # worked out once a run
    if not cuts:
        return text
    spans = [(m.start() + cuts[m.group()][0], m.start() + cuts[m.group()][1]) for m in runs.finditer(text)
             if m.group() in cuts]
    return _blank_spans(text, spans)


def mask(text: str, ruleset: RuleSet) -> str:
    """Blank out what is not prose, keeping every position (text has \\n line ends)."""
    masked = _mask_lines(_raw_blocks(text, ruleset), ruleset)
    for source in ruleset.masks:
        masked = _compile(source).sub(lambda m: _blank(m.group()), masked)
    return _mask_tokens(masked, ruleset)


# -- phrases ------------------------------------------------------------------------


def phrase_tokens(phrase: str) -> list[str]:
    """'kind of like' -> [kind, of, like]; '个人觉得' -> [个, 人, 觉, 得]."""
    out = []
    for piece in _PIECES.split(phrase.lower()):
        out += list(piece) if _CJK.search(piece) else [piece]
    return out


class _Index:
    """Phrases by their first token (one-word phrases) or first two tokens (longer ones).
    Each entry is (tokens, rule index, role); rule -1 is a technical sense. A
    token with # is keyed "#" (any number), a second token * is keyed "*".
    `pairs` holds the longer phrases by first key, then by second key."""

    def __init__(self, ruleset: RuleSet):
        self.single: dict[str, list] = {}
        self.pairs: dict[str, dict[str, list]] = {}
        self.numbers: dict[str, re.Pattern] = {}
        for phrase in ruleset.ignore:
            self._add(phrase, -1, "ignore")
        for index, rule in enumerate(ruleset.rules):
            for role in ("find", "when", "unless"):
                for phrase in getattr(rule, role):
                    self._add(phrase, index, role)

    def _key(self, token: str) -> str:
        if "#" in token:
            if token not in self.numbers:
                self.numbers[token] = re.compile(
                    "^" + _NUMBER_TOKEN.join(part.replace(".", "\\.") for part in token.split("#")) + "$")
            return "#"
        return token

    def _add(self, phrase: str, rule: int, role: str) -> None:
        tokens = phrase_tokens(phrase)
        keys = [self._key(t) for t in tokens]
        if len(tokens) == 1:
            self.single.setdefault(keys[0], []).append((tokens, rule, role))
        else:
            self.pairs.setdefault(keys[0], {}).setdefault(keys[1], []).append((tokens, rule, role))

    def token(self, raw: str) -> tuple:
        """One token as the draft has it -> (its text, lowercased; its one-word hits [(rule, role)] by rule;
        [second key -> entries] for the longer phrases it may start)."""
        text = raw.lower().replace("\u2019", "'")
        keys = (text, "#") if text[0] in "0123456789" else (text,)
        singles = [(rule, role) for key in keys for want, rule, role in self.single.get(key, ())
                   if key != "#" or self.numbers[want[0]].search(text)]  # a "#" key: the number fits
        return text, sorted(singles, key=itemgetter(0)), [self.pairs[key] for key in keys if key in self.pairs]

    def entries(self, firsts: list[dict[str, list]], second: str) -> list[tuple]:
        """The longer phrases to try where a token with these `firsts` is followed by `second` (lowercased):
        (length, rule, role, checks) by rule, longest first; checks: what is left to test, (k, word, number
        pattern or None) for token k of the phrase (a word's gap is tested from the third on)."""
        seconds = (second, "#", "*") if second[0] in "0123456789" else (second, "*")
        return sorted([(len(want), rule, role, [(k, word, self.numbers.get(word)) for k, word in enumerate(want)
                                                if k >= 2 or "#" in word])
                       for by_second in firsts for key2 in seconds for want, rule, role in by_second.get(key2, ())],
                      key=lambda entry: (entry[1], -entry[0]))


def _gap_ok(gap: str) -> bool:
    """May two tokens of a phrase stand this far apart (the text between them)?"""
    return len(gap) <= MAX_GAP and not gap.strip(_GAP_CHARS) and gap.count("\n") <= 1


_LAST: list = [None, None]  # the last ruleset and its _Index: `eval` and `check a.md b.md` reuse one ruleset


def find_phrases(masked: str, ruleset: RuleSet) -> list[tuple[int, int, int, str]]:
    """Every phrase of every rule in the masked text: (start, end, rule index, role), sorted by start, then
    rule index, then the longest first (stable: as the index lists them)."""
    if _LAST[0] is not ruleset:
        _LAST[:] = [ruleset, _Index(ruleset)]
    index = _LAST[1]
    raw, bounds, gaps = _tokens(masked, ruleset.token)
    info = {r: index.token(r) for r in set(raw)}  # each distinct token looked up once
    singles = {r: found for r, (_, found, _) in info.items() if found}
    firsts = {r: {} for r, (_, _, found) in info.items() if found}  # token -> next token -> entries to try
    near = {gap: _gap_ok(gap) for gap in set(gaps)}
    hits, last = [], len(raw) - 1
    for i in [i for i, r in enumerate(raw) if r in singles or r in firsts]:
        r, tries = raw[i], ()
        if r in firsts and i < last and near[gaps[i + 1]]:
            tries = firsts[r].get(raw[i + 1])
            if tries is None:
                tries = firsts[r][raw[i + 1]] = index.entries(info[r][2], info[raw[i + 1]][0])
        start = bounds[2 * i]
        longer = tries and [(start, bounds[2 * (i + length) - 1], rule, role) for length, rule, role, checks in tries
                            if not checks or i + length <= len(raw) and _longer_match(checks, i, raw, info, gaps, near)]
        if r in singles:
            found = [(start, bounds[2 * i + 1], rule, role) for rule, role in singles[r]]
            hits += sorted(found + longer, key=lambda hit: (hit[2], -hit[1])) if longer else found
        else:
            hits += longer
    return hits


def _longer_match(checks: list[tuple], i: int, raw: list[str], info: dict, gaps: list[str], near: dict) -> bool:
    """Do the tokens from i on pass a phrase's checks (_Index.entries)? near: gap -> _gap_ok(gap)."""
    for k, word, number in checks:
        text = info[raw[i + k]][0]
        if k >= 2 and not near[gaps[i + k]] or (number.search(text) is None if number else word not in ("*", text)):
            return False
    return True
