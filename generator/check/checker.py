"""The draft checker: what the guide says about a piece of text.

`rules(catalog, lang, site_url)` turns the pattern data into a RuleSet, plain
data that is also shipped to the browser as /api/check-rules.json.
`check(text, ruleset)` runs it. overrides/assets/kp/check.js runs the same
RuleSet with the same steps, so every regex here is written in the subset
that Python `re` (with re.ASCII) and JavaScript read the same way: no \\s, no
named groups, no lookbehind, and ^ or $ only where a whole line or string is
tested. docs/checker.md explains
each heuristic.

The steps, in both languages:
1. Newlines become \\n. Markdown that is not prose (fenced code, front matter,
   inline code, link targets, URLs, HTML tags) is blanked with spaces, so
   positions do not move.
2. The blanked text is cut into sentences (SENTENCE); a blank line between two
   sentences starts a new paragraph.
3. A "match" rule reports each `find` match in a sentence, if the sentence
   matches `when` (when given) and does not match `unless` (when given).
4. A "long" rule reports a prose paragraph with more than max_words words or
   more than max_sentences sentences; a "short" rule reports a prose
   paragraph of one sentence of at most max_words words, in a text of more
   than one paragraph.
5. Findings are sorted by position, then by rule order. Columns count
   characters (code points) from 1.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .. import paths
from ..data.catalog import Catalog
from ..paths import LANGS

SCHEMA_VERSION = 1
LEVELS = ("warning", "info", "good")  # "good": a pattern the draft uses; never fails a check
Level = Literal["warning", "info", "good"]

# -- how text is cut up (shared with check.js through the RuleSet) -----------------

FENCE = r"^ {0,3}(`{3,}|~{3,})"  # opens or closes a fenced code block (tested on one line)
MASKS = [
    r"<!--(?:[^-]|-(?!->))*-->",  # HTML comments
    r"(`+)(?:[^`]|`(?!\1))*?\1",  # inline code
    r"\]\([^)\n]*\)",  # link and image targets
    r"<code[ >][^<]*</code>",  # HTML code
    r"<[A-Za-z/!?][^>\n]*>",  # HTML tags and autolinks
    r"\bhttps?://[^ \t\n<>()\[\]]+",  # bare URLs
    # Words in quotation marks are mentioned, not used: "say 'use', not 'leverage'".
    r'"[^"\n]*"',
    r"\u201c[^\u201d\n]*\u201d",
    r"(?:^|[ \t\n(\[])'[^' \t\n][^'\n]*'(?![A-Za-z0-9])",
    r"(?:^|[ \t\n(\[])\u2018[^\u2019\n]*\u2019(?![A-Za-z0-9])",
]
# A sentence runs to . ! ? followed by a space or a line end (or to 。！？), and
# never across a blank line. "2.0" and "e.g" stay inside a sentence.
SENTENCE = r"[^ \t\n](?:[^.!?\u3002\uff01\uff1f\n]|[.!?](?=[^ \t\n.!?])|\n(?=[ \t]*[^ \t\n]))*[.!?\u3002\uff01\uff1f]*"
PARAGRAPH_BREAK = r"\n[ \t]*\n"
WORD = r"[A-Za-z0-9]+(?:['\u2019.-][A-Za-z0-9]+)*|[\u3400-\u9fff]"  # a CJK character counts as a word
# Paragraphs that are not prose: headings, tables, lists, quotes, HTML, admonitions, rules.
NOT_PROSE = r"^(?:#|\||<|>|[-*+] |[0-9]+[.)] |!!!|\?\?\?|:::|[-*_=]{3,})"
ENDS_SENTENCE = r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019)*_]*$"

# -- the heuristics ----------------------------------------------------------------

# Words that put a claim in the future.
FUTURE = (r"\b(?:will|won't|shall|going to|gonna|bound to|soon|someday|in the future|in the coming (?:years|months|decade)"
          r"|in [0-9]+ years|next (?:year|decade|quarter|month|generation)|by (?:19|20)[0-9]{2}|(?:year|decade) of)\b")
# Words that state a claim with certainty.
CERTAIN = (r"\b(?:definitely|certainly|undoubtedly|inevitably|inevitable|surely|guaranteed|no doubt"
           r"|without (?:a|any) doubt|for sure|absolutely|clearly|obviously|bound to|there is no way"
           r"|100 percent|is the (?:year|decade) of)\b|\b100 ?%")
# Words that hedge a claim.
HEDGE = (r"\b(?:imo|imho|i think|i suspect|i guess|i expect|i bet|i believe|my guess|probably|maybe"
         r"|perhaps|possibly|likely|might|could|may be|may have|seems?|seemingly|appears? to|arguably|somewhat"
         r"|not sure|i could be wrong|i (?:kind of |sort of )?feel like)\b")
# Signs that a sentence reports something measured.
MEASURED = (r"\b(?:we|i) (?:measured|tested|benchmarked|timed|profiled|observed|found|saw|ran)\b"
            r"|\b(?:in (?:our|my) (?:tests|benchmarks|experiments|runs)"
            r"|(?:data|results?|benchmarks?|experiments?|measurements?|logs?|profiler?) (?:show|shows|showed|says|said))\b"
            r"|[0-9] ?(?:%|percent\b|ms\b|x (?:faster|slower|smaller|bigger|larger|fewer|more)\b"
            r"|times (?:faster|slower|smaller|bigger|larger|fewer|more)\b)")

# Signs that a draft already uses a pattern: pattern id -> (find, when, flags).
USES = {
    "imo-marks-a-claim": (r"\b(?:imo|imho|in my opinion)\b", None, "i"),
    "kind-of-like": (r"\b(?:kind of like|sort of like|in some sense)\b", None, "i"),
    "version-numbers": (r"\b[A-Z][A-Za-z]* [1-9]\.0\b", None, ""),
    "internet-words": (r"\b(?:lol|lmao|omg|skill issue|tldr|tl;dr|fwiw|ngl)\b|\u00af\\_\(\u30c4\)_/\u00af", None, "i"),
    "admit-uncertainty": ((r"\b(?:wide distribution|i could be wrong|i'm not sure|i am not sure|i don't know"
                           r"|(?:no|don't have a) (?:super |very |really )?strong prediction)\b"), None, "i"),
    "computing-history-analogy": (r"\b(?:1[89]|20)[0-9]0s(?:-ish)?(?: era)?\b", None, "i"),
    "precise-number-shrug": (r"\bhands down\b", None, "i"),
    "stretch-the-timeline": (r"\b(?:decade|century) of\b", None, "i"),
    "coin-a-name": (r"\b(?:i call|i'd call|i coined|we call|let's call (?:it|this))\b", None, "i"),
    "reverse-common-sense": (r"\b(?:is not a bug|isn't a bug|is a feature|is all [A-Za-z]+ do)\b", None, "i"),
    "llm-as-computer": (r"\b(?:operating system|CPU|RAM|kernel|context window)\b", r"\bLLMs?\b", ""),
    "minimal-code-proof": (r"\b[0-9]+[- ]lines?\b", None, "i"),
}

LONG_WORDS, LONG_SENTENCES = 120, 5  # a paragraph longer than this should let its point stand alone
SHORT_WORDS = 8  # a one-sentence paragraph this short is the one-line-paragraph pattern

MESSAGES = {
    "en": {
        "avoid-word": '"{match}" is a business word. Instead: {instead}.',
        "certain-prediction": '"{match}" states a prediction as certain. Be certain about what you measured; '
                              'hedge what you predict ("imo", "I suspect").',
        "hedged-measurement": '"{match}" hedges a measured result. State what you measured plainly; keep hedges for predictions.',
        "long-paragraph": "Long paragraph ({words} words, {sentences} sentences). Give the point that matters "
                          "a one-sentence paragraph of its own.",
        "uses-pattern": 'Uses "{name}": "{match}".',
        "short-paragraph": 'Uses "{name}": a one-sentence paragraph.',
    },
    "zh": {
        "avoid-word": "\u201c{match}\u201d是商务腔。换成：{instead}。",
        "certain-prediction": "\u201c{match}\u201d把预测说成了定论。测过的事说死，预测留余地（\u201cimo\u201d\u201cI suspect\u201d）。",
        "hedged-measurement": "\u201c{match}\u201d给测量结果加了含糊其辞。测到什么就直说，含糊留给预测。",
        "long-paragraph": "段落太长（{words} 个词，{sentences} 句）。把最要紧的那句话单独成段。",
        "uses-pattern": "用到了\u201c{name}\u201d：\u201c{match}\u201d。",
        "short-paragraph": "用到了\u201c{name}\u201d：一句话单独成段。",
    },
}


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(Strict):
    id: str = Field(description="avoid-word, certain-prediction, hedged-measurement, long-paragraph, uses-pattern, short-paragraph")
    kind: Literal["match", "long", "short"]
    level: Level
    pattern: str = Field(description="id of the pattern the finding links to")
    name: str = Field(description="that pattern's name")
    url: str = Field(description="absolute URL of that pattern's page")
    message: str = Field(description="with {match}, {words}, {sentences} filled in per finding")
    find: str | None = None
    when: str | None = None
    unless: str | None = None
    flags: Literal["", "i"] = "i"
    max_words: int | None = None
    max_sentences: int | None = None


class RuleSet(Strict):
    """Everything check() and check.js need: published as /api/check-rules.json."""

    schema_version: Literal[1] = SCHEMA_VERSION
    lang: Literal[LANGS]
    fence: str = FENCE
    masks: list[str] = MASKS
    sentence: str = SENTENCE
    paragraph_break: str = PARAGRAPH_BREAK
    word: str = WORD
    not_prose: str = NOT_PROSE
    ends_sentence: str = ENDS_SENTENCE
    rules: list[Rule]


class Finding(Strict):
    line: int = Field(ge=1)
    column: int = Field(ge=1, description="in characters (code points), from 1")
    length: int = Field(ge=0, description="in characters")
    text: str = Field(description="the text the finding is about")
    level: Level
    rule: str
    pattern: str
    message: str
    url: str


# -- rules from the catalog ----------------------------------------------------------


def _inflect(word: str) -> list[str]:
    """utilize -> utilize, utilizes, utilized, utilizing (and utilization, utilise, ...).

    Every word gets verb and noun endings; a form that is not a word matches nothing.
    """
    forms = {word}
    if word.endswith("e"):
        forms |= {word + "s", word + "d", word[:-1] + "ing"}
    elif re.search(r"[^aeiou]y$", word):
        forms |= {word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
    elif re.search(r"(?:s|x|z|ch|sh)$", word):
        forms |= {word + "es", word + "ed", word + "ing"}
    elif re.search(r"^[^aeiou]+[aeiou][bdgklmnprt]$", word):  # ship -> shipped
        forms |= {word + "s", word + word[-1] + "ed", word + word[-1] + "ing"}
    else:
        forms |= {word + "s", word + "ed", word + "ing"}
    if word.endswith("ize"):  # utilize -> utilization, and the British utilise
        forms |= {word[:-1] + "ation", word[:-1] + "ations"}
        forms |= {f.replace("iz", "is") for f in list(forms)}
    elif word.endswith("ate"):  # facilitate -> facilitation
        forms |= {word[:-1] + "ion", word[:-1] + "ions"}
    elif word.endswith("ble"):  # actionable -> actionably
        forms.add(word[:-1] + "y")
    elif word.endswith(("ss", "st")):  # seamless -> seamlessly, robust -> robustness
        forms |= {word + "ly", word + "ness"}
    return sorted(forms, key=lambda f: (-len(f), f))


def instead_text(avoid, lang: str) -> str:
    """The plain word to use: `instead` is bilingual, or one text written 'English / 中文'."""
    if hasattr(avoid.instead, "get"):
        text = avoid.instead.get(lang)
    else:
        en, sep, zh = avoid.instead.rpartition(" / ")
        text = (zh if lang == "zh" else en) if sep else avoid.instead
    return text.strip().rstrip(".\u3002")


PARTICLES = ("out", "back", "up", "down", "in", "on", "off", "over", "through")


def word_forms(entry: str) -> list[str]:
    """Every form of an avoid word. A hyphenated word (best-in-class) does not inflect;
    a phrasal verb (reach out) inflects its verb; another phrase (paradigm shift) its last word."""
    if "-" in entry:
        return [entry]
    words = entry.split()
    if len(words) == 1:
        return _inflect(words[0])
    if words[-1] in PARTICLES:
        forms = {" ".join([w, *words[1:]]) for w in _inflect(words[0])}
    else:
        forms = {" ".join([*words[:-1], w]) for w in _inflect(words[-1])}
    return sorted(forms, key=lambda f: (-len(f), f))


def forms_regex(entry: str) -> str:
    """The alternation of word_forms (no \\b); a space or a hyphen in a phrase matches either, or a line break."""
    return "|".join(re.sub(r"[- ]", lambda _: r"[- \t\n]+", f) for f in word_forms(entry))


def pattern_url(site_url: str, pattern_id: str) -> str:
    return paths.join(site_url, paths.pattern(pattern_id))


def rules(catalog: Catalog, lang: str, site_url: str) -> RuleSet:
    """The checker's rules for one language; site_url is that language's site root."""
    msg = MESSAGES[lang]
    out: list[Rule] = []

    def add(rule_id, pattern_id, kind, level, message, **fields):
        if pattern_id in catalog.patterns:  # a rule links to a page, or it is left out
            out.append(Rule(id=rule_id, kind=kind, level=level, pattern=pattern_id,
                            name=catalog.patterns[pattern_id].name.get(lang),
                            url=pattern_url(site_url, pattern_id), message=message, **fields))

    seen: set[str] = set()
    for pid, pattern in catalog.patterns.items():
        for avoid in pattern.avoid_words:
            forms = set(word_forms(avoid.word))
            if forms <= seen:
                continue
            seen |= forms
            add("avoid-word", pid, "match", "warning",
                msg["avoid-word"].replace("{instead}", instead_text(avoid, lang)),
                find=rf"\b(?:{forms_regex(avoid.word)})\b")
    add("certain-prediction", "measured-vs-predicted", "match", "warning", msg["certain-prediction"],
        find=CERTAIN, when=FUTURE, unless=HEDGE)
    add("hedged-measurement", "measured-vs-predicted", "match", "info", msg["hedged-measurement"],
        find=HEDGE, when=MEASURED, unless=FUTURE)
    add("long-paragraph", "one-line-paragraph", "long", "info", msg["long-paragraph"],
        max_words=LONG_WORDS, max_sentences=LONG_SENTENCES)
    for pid, (find, when, flags) in USES.items():
        if pid in catalog.patterns:
            name = catalog.patterns[pid].name.get(lang)
            add("uses-pattern", pid, "match", "good", msg["uses-pattern"].replace("{name}", name),
                find=find, when=when, flags=flags)
    if "one-line-paragraph" in catalog.patterns:
        name = catalog.patterns["one-line-paragraph"].name.get(lang)
        add("short-paragraph", "one-line-paragraph", "short", "good", msg["short-paragraph"].replace("{name}", name),
            max_words=SHORT_WORDS, max_sentences=1)
    return RuleSet(lang=lang, rules=out)


# -- the check itself ----------------------------------------------------------------


def _compile(source: str, flags: str = "") -> re.Pattern:
    return re.compile(source, re.ASCII | (re.IGNORECASE if "i" in flags else 0))


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def mask(text: str, ruleset: RuleSet) -> str:
    """Blank out what is not prose, keeping every position."""
    lines = text.split("\n")
    fence = _compile(ruleset.fence)
    end_front = None
    if lines[0] == "---":  # YAML front matter, if it is closed
        end_front = next((i for i in range(1, len(lines)) if lines[i] in ("---", "...")), None)
    out, opened = [], None
    for i, line in enumerate(lines):
        m = fence.match(line)
        if end_front is not None and i <= end_front:
            out.append(" " * len(line))
        elif opened:
            out.append(" " * len(line))
            if m and m.group(1)[0] == opened[0] and len(m.group(1)) >= len(opened) and not line[m.end():].strip(" \t"):
                opened = None
        elif m:
            opened = m.group(1)
            out.append(" " * len(line))
        else:
            out.append(line)
    masked = "\n".join(out)
    for source in ruleset.masks:
        masked = _compile(source).sub(_blank, masked)
    return masked


def check(text: str, ruleset: RuleSet) -> list[Finding]:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    masked = mask(text, ruleset)
    sentences = []
    for m in _compile(ruleset.sentence).finditer(masked):
        sentences.append((m.start(), m.start() + len(m.group().rstrip(" \t"))))

    hits = []  # (start, end, rule index, values)
    for index, rule in enumerate(ruleset.rules):
        if rule.kind != "match":
            continue
        find = _compile(rule.find, rule.flags)
        when = rule.when and _compile(rule.when, rule.flags)
        unless = rule.unless and _compile(rule.unless, rule.flags)
        for start, end in sentences:
            chunk = masked[start:end]
            if (when and not when.search(chunk)) or (unless and unless.search(chunk)):
                continue
            hits += [(start + m.start(), start + m.end(), index, {}) for m in find.finditer(chunk) if m.group()]

    paragraphs: list[list[tuple[int, int]]] = []
    breaks = _compile(ruleset.paragraph_break)
    for sentence in sentences:
        if paragraphs and not breaks.search(masked[paragraphs[-1][-1][1]:sentence[0]]):
            paragraphs[-1].append(sentence)
        else:
            paragraphs.append([sentence])
    word, not_prose, ends = _compile(ruleset.word), _compile(ruleset.not_prose), _compile(ruleset.ends_sentence)
    for para in paragraphs:
        body = masked[para[0][0]:para[-1][1]]
        if not_prose.search(body):
            continue
        words, count = len(word.findall(body)), len(para)
        for index, rule in enumerate(ruleset.rules):
            if rule.kind == "long" and (words > rule.max_words or count > rule.max_sentences):
                hits.append((para[0][0], para[0][1], index, {"words": words, "sentences": count}))
            elif (rule.kind == "short" and len(paragraphs) > 1 and count == 1 and 0 < words <= rule.max_words
                  and ends.search(body)):
                hits.append((para[0][0], para[0][1], index, {}))

    findings = []
    for start, end, index, values in sorted(hits, key=lambda h: (h[0], h[2])):
        rule = ruleset.rules[index]
        line_start = text.rfind("\n", 0, start) + 1
        message = rule.message.replace("{match}", text[start:end])
        for key, value in values.items():
            message = message.replace("{" + key + "}", str(value))
        findings.append(Finding(
            line=text.count("\n", 0, start) + 1, column=start - line_start + 1, length=end - start,
            text=text[start:end], level=rule.level, rule=rule.id, pattern=rule.pattern, message=message, url=rule.url,
        ))
    return findings


# -- the JSON report (`check --format json`) --------------------------------------------


class ReportFinding(Finding):
    path: str = Field(description="the file checked, or '-' for standard input")


class Report(Strict):
    """Output of `python -m generator check --format json`."""

    schema_version: Literal[1] = SCHEMA_VERSION
    lang: Literal[LANGS]
    findings: list[ReportFinding]
    counts: dict[Level, int] = Field(description="number of findings per level")


def report(results: dict[str, list[Finding]], lang: str) -> Report:
    findings = [ReportFinding(path=path, **f.model_dump()) for path, items in results.items() for f in items]
    counts = {level: sum(f.level == level for f in findings) for level in LEVELS}
    return Report(lang=lang, findings=findings, counts=counts)


_COLORS = {"warning": "33", "info": "36", "good": "32"}  # yellow, cyan, green


def format_text(result: Report, color: bool = False) -> str:
    """One line per finding, as compilers print them: path:line:column: level: message [rule] url."""
    lines = []
    for f in result.findings:
        level = f"\033[{_COLORS[f.level]}m{f.level}\033[0m" if color else f.level
        lines.append(f"{f.path}:{f.line}:{f.column}: {level}: {f.message} [{f.rule}] {f.url}")
    lines.append(", ".join(f"{n} {level}" for level, n in result.counts.items()))
    return "\n".join(lines)
