"""The draft checker: `check(text, ruleset)` -> Findings, with the text engine (engine.py).

overrides/assets/kp/check.js is the same `check` in JavaScript; docs/checker.md explains each heuristic.
"""

from __future__ import annotations

from operator import itemgetter

from . import engine
from .report import Finding, Report, checked  # noqa: F401 (the API)
from .rules import RuleSet
from .rules import build as rules  # noqa: F401 (the API: rules(catalog, lang, site_url))


def _match_hits(masked: str, ruleset: RuleSet, sentences: list[tuple[int, int]]) -> list[tuple]:
    """(start, end, rule index, {}) for each `find` phrase its sentence allows, outside technical senses."""
    ends = [end for _, end in sentences]
    gates, finds, reach = set(), [], {}  # reach: rule -> the end of its last find kept
    ignore_end, s, last = -1, 0, len(ends)
    for start, end, rule, role in engine.find_phrases(masked, ruleset):  # by start, rule, longest first
        while s < last and ends[s] <= start:  # the phrase's sentence: the first to end after its start
            s += 1
        if role == "ignore":
            ignore_end = max(ignore_end, end)
        elif role != "find":
            gates.add((role, s, rule))
        elif end > ignore_end and end > reach.get(rule, -1):  # not inside a longer find of its rule
            reach[rule] = end  # ("in one file" is one use, not two with "one file")
            finds.append((start, end, rule, s))
    when, unless = [bool(r.when) for r in ruleset.rules], [bool(r.unless) for r in ruleset.rules]
    return [(start, end, rule, {}) for start, end, rule, s in finds
            if (not when[rule] or ("when", s, rule) in gates) and not (unless[rule] and ("unless", s, rule) in gates)]


def _paragraph_hits(masked: str, ruleset: RuleSet, sentences: list[tuple[int, int]]) -> list[tuple]:
    """Long paragraphs and one-liners, at their first sentence.
    A one-liner is a paragraph of one short sentence: with its closing punctuation in a
    text of several paragraphs, right after a prose paragraph of at least `after_words`
    words (the pattern sets a short line down after a long stretch, not after a heading,
    a list or code), or a whole text that is one line with no closing punctuation (a
    title-like line set down alone, as in a tweet or a section head), unless it ends with
    a colon: that line introduces a list or code, it makes no point alone."""
    paragraphs: list[list[tuple[int, int]]] = []
    breaks = engine._compile(ruleset.paragraph_break)
    for sentence in sentences:
        if paragraphs and not breaks.search(masked, paragraphs[-1][-1][1], sentence[0]):
            paragraphs[-1].append(sentence)
        else:
            paragraphs.append([sentence])
    word = engine._compile(ruleset.word)
    not_prose, ends = engine._compile(ruleset.not_prose), engine._compile(ruleset.ends_sentence)
    hits, size, end = [], 0, -1  # size: _short_size of the last paragraph (0: none, or not prose)
    sized = [(index, rule) for index, rule in enumerate(ruleset.rules) if rule.kind in ("long", "short")]
    for para in paragraphs:
        body = masked[para[0][0]:para[-1][1]]
        # Only one paragraph break between: code, math or a block quote in between were masked to blank lines.
        right_after = masked.count("\n", end, para[0][0]) <= 3 if end >= 0 else False
        end, above, size = para[-1][1], size if right_after else 0, 0  # above: the one just before, if prose
        if not_prose.search(body):
            continue
        found, count = word.findall(body), len(para)
        words, size = len(found), _short_size(found)
        for index, rule in sized:  # a few of ~150 rules, chosen once: this loop runs per paragraph
            if rule.kind == "long" and (words > rule.max_words or count > rule.max_sentences):
                hits.append((para[0][0], para[0][1], index, {"words": words, "sentences": count}))
            elif rule.kind == "short" and count == 1 and 0 < size <= rule.max_words and (
                    ends.search(body) and above >= (rule.after_words or 0) if len(paragraphs) > 1
                    else "\n" not in body and not ends.search(body)
                    and not body.endswith((":", "\uff1a"))):  # a line ending in a colon leads into what follows
                hits.append((para[0][0], para[0][1], index, {}))
    return hits


def _short_size(words: list[str]) -> float:
    """Length of a short sentence in words; two Chinese characters count as one word (the ratio in our translations)."""
    return sum(0.5 if len(w) == 1 and "\u3400" <= w <= "\u9fff" else 1 for w in words)


def check(text: str, ruleset: RuleSet) -> list[Finding]:
    """Findings (see Finding) for one draft, Markdown or plain text, sorted by position then rule order."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    masked = engine.mask(text, ruleset)
    sentences = [(m.start(), m.start() + len(m.group().rstrip(" \t")))  # (start, end) of each, spaces after it cut
                 for m in engine._compile(ruleset.sentence).finditer(masked)]
    hits = _match_hits(masked, ruleset, sentences) + _paragraph_hits(masked, ruleset, sentences)
    shared = [(r.message, r.level, r.id, r.pattern, r.url) for r in ruleset.rules]
    new = tuple.__new__  # a Finding without the Python call NamedTuple makes of it: a third of the time
    findings, line, line_start, pos = [], 1, 0, 0
    for start, end, index, values in sorted(hits, key=itemgetter(0, 2)):
        newlines = text.count("\n", pos, start)
        if newlines:
            line += newlines
            line_start = text.rfind("\n", pos, start) + 1
        pos = start
        found = text[start:end]
        message, level, rule, pattern, url = shared[index]
        message = message.replace("{match}", found)
        for key, value in values.items() if values else ():
            message = message.replace("{" + key + "}", str(value))
        findings.append(new(Finding, (line, start - line_start + 1, end - start, found, level, rule, pattern, message,
                                      url)))
    return findings
