"""The checker's rules: the RuleSet model, built from the data, or read from a stranger's file.

`build(catalog, lang, site_url)` turns patterns' `signals` and content/checker.yml
(catalog.checker) into a RuleSet, plain data also published as /api/check-rules.json.
Messages come from generator/check/locales/<lang>.yml. No pattern id is written
here: every link comes from the data.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .. import paths
from ..data.catalog import Catalog
from ..data.models import PHRASE_PATTERN
from ..i18n import Labels
from ..paths import LANGS

SCHEMA_VERSION = 2
LEVELS = ("warning", "info", "good")  # "good": a pattern the draft uses; never fails a check
LOCALES = Path(__file__).parent / "locales"


class RulesError(Exception):
    """A rules file that cannot be used; str() is one line for the user."""


def messages(lang: str) -> Labels:
    """The checker's UI text in one language (generator/check/locales/<lang>.yml)."""
    return Labels(lang, yaml.safe_load((LOCALES / f"{lang}.yml").read_text(encoding="utf-8")))


Level = Literal["warning", "info", "good"]

# A business word's tier (content/checker.yml) -> its rule id, level and message key.
TIERS = {"warning": ("avoid-word", "warning", "avoid_word"), "note": ("padding-word", "info", "padding_word")}


class Strict(BaseModel):
    """A model that refuses unknown fields."""
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(Strict):
    """One checker rule, as published in api/check-rules.json and read by check.js."""
    id: str = Field(description="avoid-word, padding-word, certain-prediction, hedged-measurement, long-paragraph, "
                                "uses-pattern, short-paragraph")
    kind: Literal["match", "long", "short"]
    level: Level
    pattern: str = Field(description="id of the pattern the finding links to")
    name: str = Field(description="that pattern's name")
    url: str = Field(description="absolute URL of that pattern's page")
    message: str = Field(description="with {match}, {words}, {sentences} filled in per finding")
    find: list[str] = Field(default_factory=list, description="phrases (content/checker.yml's Phrase syntax)")
    when: list[str] = Field(default_factory=list, description="report only in a sentence with one of these")
    unless: list[str] = Field(default_factory=list, description="never in a sentence with one of these")
    max_words: int | None = Field(default=None, ge=1)
    max_sentences: int | None = Field(default=None, ge=1)
    after_words: int | None = Field(default=None, ge=1, description="short: in a text of several paragraphs, only "
                                    "right after a prose paragraph of at least this many words")


class RuleSet(Strict):
    """Everything check() and check.js need: published as /api/check-rules.json."""

    schema_version: Literal[2] = SCHEMA_VERSION
    lang: Literal[LANGS]
    # How text is cut up, shared with check.js. Every mask is linear in the text: one whose opener and closer
    # differ never scans past the next opener, so a line of openers with no closer (`<a <a`, `\\( \\(`) costs one
    # pass (tests/benchmarks/check_bench.py measures such lines).
    fence: str = r"(`{3,}|~{3,})"  # opens or closes a fenced code block (tested on a line without its indent)
    list_item: str = r" {0,3}(?:[-*+]|[0-9]+[.)])(?: +|$)"  # its content column holds indented paragraphs
    container: str = r" *(?:!!!|\?\?\?\+?|:::) "  # an admonition: its body is indented 4 more
    raw_block: str = r"<(pre|script|style|svg|math|textarea)(?![A-Za-z0-9])"
    masks: list[str] = [
        r"```[^\n]*?```|``[^\n]*?``|`[^`\n]*`",  # inline code (a longer run of backticks may hold shorter ones)
        r"\$\$[^$\n]*\$\$",  # display math on one line
        r"\$(?=[^ \t\n$])[^$\n]*[^ \t\n$\\]\$(?![0-9])|\$[^ \t\n$0-9]\$",  # inline math (not "$5 and $10")
        r"\\\([^\\\n]*(?:\\[^()\n][^\\\n]*)*?\\\)|\\\[[^\\\n]*(?:\\[^\[\]\n][^\\\n]*)*?\\\]",  # \( \) and \[ \] math
        r"\]\([^)\]\n]*\)",  # link and image targets
        r"(?:^|\n)[ \t]*\[[^\]\n]+\]:[^\n]*",  # reference link definitions
        r"\[\^[^\[\]\n]*\]",  # footnote marks
        r"<code[ >][^<]*</code>",  # HTML code
        r"<[A-Za-z/!?][^<>\n]*>",  # HTML tags and autolinks
        r"&#?[A-Za-z0-9]+;",  # HTML entities
        r"\{[:#.][^{}\n]*\}",  # heading ids and attribute lists: {#plain-words}, {: .note}
        r"\bhttps?://[^ \t\n<>()\[\]]+",  # bare URLs
        # Words in quotation marks are mentioned, not used: "say 'use', not 'leverage'".
        r'"[^"\n]*"',
        r"\u201c[^\u201c\u201d\n]*\u201d",
        r"(?:^|[ \t\n(\[])'[^' \t\n][^'\n]*'(?![A-Za-z0-9])",
        r"(?:^|[ \t\n(\[])\u2018[^\u2018\u2019\n]*\u2019(?![A-Za-z0-9])",
    ]
    ascii_run: str = r"[!-~]+"
    token_masks: list[str] = [  # tested on one ASCII run, without the punctuation around it
        r"^(?:https?://|www\.|mailto:)",
        r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$",
        r"^(?:[A-Za-z0-9-]+\.)+(?:com|org|net|io|ai|dev|app|co|edu|gov|info|me|ly|sh|so|gg|xyz|tech|cn|uk|de|fr|jp"
        r"|html?)(?:[/:?#][!-~]*)?$",
    ]
    # A word for matching: an emoticon (:) ;) :D :P <3, so a signal can name one), a number with its unit
    # (300, 2.0, 90%, 1960s, 10x), a word (don't), a CJK character.
    token: str = (r"[:;]\)|:[DPdp](?![A-Za-z0-9])|<3(?![0-9])|[0-9]+(?:[.,][0-9]+)*(?:%|[A-Za-z]+)?"
                  r"|[A-Za-z]+(?:['\u2019][A-Za-z]+)*|[\u3400-\u9fff]")
    # A sentence runs to . ! ? and a space or line end (or to 。！？), never across a blank line; "2.0" and "e.g"
    # stay inside. Ordinary characters are taken as runs ([^...]+): Python's re keeps a backtracking entry per
    # repetition, ~120 bytes, so a character a repetition made a 4 MB draft without a full stop take 500 MB.
    # A list item's line starts a new sentence: items are separate claims, whether or not they end with a full stop.
    sentence: str = (r"[^ \t\n](?:[^.!?\u3002\uff01\uff1f\n]+|[.!?](?=[^ \t\n.!?])"
                     r"|\n(?=[ \t]*[^ \t\n])(?![ \t]*(?:[-*+]|[0-9]+[.)])(?:[ \t]|$)))*[.!?\u3002\uff01\uff1f]*")
    paragraph_break: str = r"\n[ \t]*\n"
    word: str = r"[A-Za-z0-9]+(?:['\u2019.-][A-Za-z0-9]+)*|[\u3400-\u9fff]"  # a CJK character counts as a word
    # Paragraphs that are not prose: headings, tables, lists, quotes, HTML, admonitions, rules.
    not_prose: str = r"^(?:#|\||<|>|[-*+] |[0-9]+[.)] |!!!|\?\?\?|:::|[-*_=]{3,})"
    ends_sentence: str = r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019)*_]*$"
    ignore: list[str] = Field(default_factory=list, description="technical senses: a phrase inside one is not reported")
    rules: list[Rule]


def build(catalog: Catalog, lang: str, site_url: str) -> RuleSet:
    """The checker's rules for one language; site_url is that language's site root ("/zh/" or an absolute URL).
    Without content/checker.yml only the patterns' signals are rules."""
    msg, data = messages(lang), catalog.checker
    out: list[Rule] = []

    def add(rule_id: str, pid: str, kind: str, level: str, message: str, **fields) -> None:
        name = catalog.patterns[pid].name.get(lang)
        out.append(Rule(id=rule_id, kind=kind, level=level, pattern=pid, name=name,
                        url=paths.join(site_url, paths.pattern(pid)),
                        message=message.replace("{name}", name), **fields))

    if data is not None:
        links, words, para = data.links, data.words, data.paragraphs
        for avoid in data.avoid_words:  # warning tier: avoid-word; note tier: padding-word, level info
            rule_id, level, key = TIERS[avoid.tier]
            instead = avoid.instead.get(lang).strip().rstrip(".\u3002")
            add(rule_id, links.avoid_word, "match", level, msg[key].replace("{instead}", instead),
                find=word_forms(avoid.word, avoid.nouns))
        add("certain-prediction", links.certain_prediction, "match", "warning", msg["certain_prediction"],
            find=words.certain.all(), when=words.future.all(), unless=words.hedge.all())
        add("hedged-measurement", links.hedged_measurement, "match", "info", msg["hedged_measurement"],
            find=words.hedge.all(), when=words.measured.all(), unless=words.future.all())
        add("long-paragraph", links.long_paragraph, "long", "info", msg["long_paragraph"],
            max_words=para.long_words, max_sentences=para.long_sentences)
    for pid, pattern in catalog.patterns.items():
        if pattern.signals.en or pattern.signals.zh:
            add("uses-pattern", pid, "match", "good", msg["uses_pattern"],
                find=[*pattern.signals.en, *pattern.signals.zh])
    if data is not None:
        for pair in data.paired_signals:
            add("uses-pattern", pair.pattern, "match", "good", msg["uses_pattern"], find=pair.find.all(),
                when=pair.when.all())
        add("short-paragraph", data.links.short_paragraph, "short", "good", msg["short_paragraph"],
            max_words=data.paragraphs.short_words, max_sentences=1, after_words=data.paragraphs.short_after_words)
    return RuleSet(lang=lang, rules=out, ignore=data.words.technical.all() if data else [])


MAX_RULES_FILE = 4 * 1024 * 1024  # bytes; the site's rules are about 80 KB


def read(path: Path) -> RuleSet:
    """A check-rules.json (such as the site's /api/check-rules.json), checked as data from a stranger.
    Raises RulesError with one line, `FILE: field 'rules.3.url': ...` where a field is at fault:
    missing, unreadable or over MAX_RULES_FILE bytes, not JSON, another schema_version, fields that
    do not fit the schema, and (untrusted()) patterns or text the checker would not write itself."""
    try:
        with open(path, "rb") as file:
            data = file.read(MAX_RULES_FILE + 1)
    except OSError as err:
        raise RulesError(f"{path}: cannot read the rules file: {err.strerror or err}") from None
    if len(data) > MAX_RULES_FILE:
        raise RulesError(f"{path}: the rules file is over the size limit of {MAX_RULES_FILE:,} bytes")
    try:
        raw = json.loads(data.decode("utf-8"), object_pairs_hook=_unique_keys)
    except (UnicodeDecodeError, ValueError, RecursionError) as err:
        raise RulesError(f"{path}: not a JSON rules file ({err})") from None
    version = raw.get("schema_version") if isinstance(raw, dict) else None
    if version != SCHEMA_VERSION:
        raise RulesError(f"{path}: schema_version {version!r}, this checker reads schema_version {SCHEMA_VERSION}; "
                         "download the rules file again from the site's /api/check-rules.json")
    try:
        ruleset = RuleSet.model_validate(raw)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise RulesError(f"{path}: field '{where}': {first['msg']}") from None
    if problem := untrusted(ruleset):
        raise RulesError(f"{path}: {problem}")
    return ruleset


def _unique_keys(pairs: list[tuple[str, object]]) -> dict:
    """A JSON object as a dict; ValueError on a repeated key, which json.loads would resolve silently
    to the last value (so a file could show one rule to a reviewer and run another)."""
    counts = Counter(key for key, _ in pairs)
    if repeated := next((key for key, n in counts.items() if n > 1), None):
        raise ValueError(f"the key {repeated!r} appears twice in one object")
    return dict(pairs)


# The fields of a RuleSet that are regular expressions: how text is cut up, which is the checker's
# code, not its rules. A stranger's regex can backtrack for minutes on a few bytes ((a+)+$), and
# even a regex without nested repeats can be quadratic under search (a*b on a line of a), so no
# subset of regex syntax is safe; RE2 would be linear but cannot run ours (they use lookahead).
# A rules file may change rules (phrases, levels, messages, links), not these.
REGEX_FIELDS = [name for name in RuleSet.model_fields if name not in ("schema_version", "lang", "ignore", "rules")]
_PHRASE = re.compile(PHRASE_PATTERN)
# Control and invisible characters: ANSI escapes, line breaks, bidi overrides. Refused in a rules file; written
# as \\xNN in output (report.visible), since a path or a draft's words could carry them to a terminal or CI log.
UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2028\u2029\u2060-\u2064\ufeff]")


def untrusted(ruleset: RuleSet) -> str | None:
    """What in a schema-valid RuleSet the checker would not have written: a regex field that differs from
    this checker's own, a phrase outside the Phrase syntax (models.PHRASE_PATTERN, matched token by token),
    a control or invisible character (ANSI escapes, line breaks, bidi overrides), a link that is not an
    http(s) URL, a long/short rule without its limits. Returns "field 'x': message" or None."""
    for name in REGEX_FIELDS:
        if getattr(ruleset, name) != RuleSet.model_fields[name].default:
            return (f"field '{name}': differs from this checker's own pattern; a rules file may change the rules, "
                    "not how text is cut up: use the check-rules.json of this version, or leave out --rules")
    texts = [("lang", ruleset.lang)] + [(f"rules.{i}.{name}", getattr(rule, name))
                                        for i, rule in enumerate(ruleset.rules)
                                        for name in ("id", "pattern", "name", "url", "message")]
    for where, text in texts:
        if m := UNSAFE.search(text):
            return f"field '{where}': control or invisible character U+{ord(m.group()):04X} is not allowed"
    for where, phrase in [(f"ignore.{i}", p) for i, p in enumerate(ruleset.ignore)] + [
            (f"rules.{i}.{role}.{j}", p) for i, rule in enumerate(ruleset.rules)
            for role in ("find", "when", "unless") for j, p in enumerate(getattr(rule, role))]:
        if len(phrase) > 60 or not _PHRASE.match(phrase):
            return (f"field '{where}': '{phrase[:60]}' is not a phrase (lowercase words, numbers as #, * for any one "
                    "word, single spaces or hyphens between; at most 60 characters)")
    for i, rule in enumerate(ruleset.rules):
        url = urlsplit(rule.url)
        # A path from the site's root is what `export api` writes with no SITE_URL; browsers read "//x" and
        # "/\x" as another host.
        from_root = rule.url.startswith("/") and not rule.url.startswith("//") and "\\" not in rule.url
        if not from_root and (url.scheme not in ("http", "https") or not url.netloc) or " " in rule.url:
            return (f"field 'rules.{i}.url': '{rule.url[:80]}' is not an http:// or https:// URL "
                    "or a path from the site's root (/patterns/...)")
        needs = {"long": ("max_words", "max_sentences"), "short": ("max_words",)}.get(rule.kind, ())
        for name in needs:
            if getattr(rule, name) is None:
                return f"field 'rules.{i}.{name}': required for a rule of kind '{rule.kind}'"
    return None


# -- word forms ------------------------------------------------------------------

def _inflect(word: str, nouns: bool = True) -> set[str]:
    """utilize -> utilize, utilizes, utilized, utilizing, utilization, utilise, ...
    Every word gets verb and noun endings; a form that is not a word matches nothing."""
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
        if nouns:
            forms |= {word[:-1] + "ation", word[:-1] + "ations"}
        forms |= {f.replace("iz", "is") for f in list(forms)}
    elif word.endswith("ate") and nouns:  # facilitate -> facilitation
        forms |= {word[:-1] + "ion", word[:-1] + "ions"}
    elif word.endswith("ble"):  # actionable -> actionably
        forms.add(word[:-1] + "y")
    elif word.endswith(("ss", "st")):  # seamless -> seamlessly, robust -> robustness
        forms |= {word + "ly", word + "ness"}
    return forms


PARTICLES = ("out", "back", "up", "down", "in", "on", "off", "over", "through")


def word_forms(entry: str, nouns: bool = True) -> list[str]:
    """Every form of an avoid word, longest first; nouns=False leaves out the -ation nouns of -ize and -ate verbs.
    A Chinese word, a hyphenated word (best-in-class) or one with a number does
    not inflect; a phrasal verb (reach out) inflects its verb; another phrase
    (paradigm shift) its last word."""
    if re.search(r"[\u3400-\u9fff]", entry) or "-" in entry or re.search(r"[0-9#%'.]", entry):
        return [entry]
    words = entry.split()
    if len(words) == 1:
        forms = _inflect(words[0], nouns)
    elif words[-1] in PARTICLES:
        forms = {" ".join([w, *words[1:]]) for w in _inflect(words[0], nouns)}
    else:
        forms = {" ".join([*words[:-1], w]) for w in _inflect(words[-1], nouns)}
    return sorted(forms, key=lambda f: (-len(f), f))
