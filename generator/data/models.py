"""The data format, declared once: it validates what contributors write and exports the JSON Schema
editors use (`python -m generator schema`). Every text a reader sees is bilingual: `{en: ..., zh: ...}`."""

from __future__ import annotations

import datetime
import re
import unicodedata
import urllib.parse
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints

from ..paths import DEFAULT_LANG, LANGS

ID_PATTERN, ID_MAX = r"^[a-z0-9]+(?:-[a-z0-9]+)*$", 64
# Raw HTML (a tag, a comment, a doctype) is never allowed in contributed text; "a < b" is fine.
_HTML = re.compile(r"<[A-Za-z!/?]")
# A Markdown link's target, inline or in a reference definition: pages keep http(s) links only (render.py),
# so any other scheme is refused here rather than dropped there unseen. quote:<id> links a quote's card.
_LINK_SCHEME = re.compile(r"\]\(\s*<?([A-Za-z][A-Za-z0-9+.\-]*):|^ {0,3}\[[^\]]+\]:\s*<?([A-Za-z][A-Za-z0-9+.\-]*):",
                          re.MULTILINE)
# Direction overrides make text display other than it says ("Trojan Source").
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")


def _no_html(text: str) -> str:
    if bidi := _BIDI.search(text):
        raise ValueError(f"invisible direction-control character U+{ord(bidi.group()):04X} is not allowed")
    _no_control(text)
    if _HTML.search(text):
        raise ValueError("HTML is not allowed in text; write plain text or Markdown")
    for match in _LINK_SCHEME.finditer(text):
        if (scheme := (match[1] or match[2]).lower()) not in ("http", "https", "quote"):
            raise ValueError(f"a link to '{scheme}:' is not allowed; link to an https:// URL")
    if not text.strip() or all(unicodedata.category(ch)[0] in "ZC" for ch in text):
        raise ValueError("must not be empty")
    return text


def _no_control(text: str) -> None:
    # Control characters (also YAML escapes: "\0", "\e") can forge terminal and HTML output; format
    # characters (zero-width space, BOM) are invisible. A zero-width joiner inside an emoji sequence is kept.
    if text.replace("\n", " ").replace("\t", " ").isprintable():
        return  # isprintable() is False for every Cc and Cf character: nearly all texts stop here, in C
    for i, ch in enumerate(text):
        kind = unicodedata.category(ch)
        if kind == "Cc" and ch not in "\n\t":
            raise ValueError(f"control character U+{ord(ch):04X} is not allowed (at character {i + 1}); remove it")
        if kind == "Cf" and not (ch == "\u200d" and 0 < i < len(text) - 1 and not text[i - 1].isspace()
                                 and not text[i + 1].isspace()):
            raise ValueError(f"invisible format character U+{ord(ch):04X} is not allowed (at character {i + 1}); "
                             "remove it")


def _real_date(text: str) -> str:
    """'2019-02-30' matches YYYY-MM-DD but is no day of any calendar."""
    parts = [int(p) for p in text.split("-")]
    try:
        datetime.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise ValueError(f"'{text}' is not a date on the calendar; write YYYY, YYYY-MM or YYYY-MM-DD") from None
    return text


def _no_placeholder(text: str) -> str:
    # `generator new` fills every text with TODO, so no scaffold ships; a verbatim quote may say anything.
    if re.search(r"\bTODO\b", text):
        raise ValueError("still says TODO, the placeholder from `python -m generator new`: write the text")
    return text


def _no_placeholder_id(value):
    # Checked before the kebab-case pattern, so the scaffold's `TODO-quote-id` says what to do.
    if isinstance(value, str) and value.startswith("TODO"):
        raise ValueError(f"still says {value}, the placeholder from `python -m generator new`: write the id")
    return value


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=ID_MAX), BeforeValidator(_no_placeholder_id)]


Text = Annotated[str, StringConstraints(min_length=1, max_length=4000), AfterValidator(_no_html)]
Prose = Annotated[Text, AfterValidator(_no_placeholder)]  # text we write (not quotes): no placeholders
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
Date = Annotated[str, StringConstraints(pattern=DATE_PATTERN), AfterValidator(_real_date)]
# https only, and nothing that could end a Markdown link or an HTML attribute early (%28 %29 instead).
# The pattern is for editors; _real_url parses it.
URL_PATTERN = r"^https://[^\s<>\"'()\[\]\\`{}|^]+$"


def _real_url(text: str) -> str:
    parts = urllib.parse.urlsplit(text)
    try:
        parts.port  # noqa: B018  (raises ValueError for a port that is not a number)
    except ValueError:
        raise ValueError(f"has a port that is not a number: {text!r}") from None
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"must not hold a user name or password before '@': {text!r}")
    if not parts.hostname or "." not in parts.hostname.strip("."):
        raise ValueError(f"must name a host such as example.org: {text!r}")
    # A look-alike host (Cyrillic х.com for x.com) reads as the real one in review.
    if not parts.hostname.isascii() or any(ord(ch) < 0x21 or ord(ch) == 0x7f for ch in text):
        raise ValueError(f"host and address must be plain ASCII (write an international host as xn--...): {text!r}")
    return text


Url = Annotated[str, StringConstraints(pattern=URL_PATTERN, max_length=500), AfterValidator(_real_url)]


def is_id(text: str) -> bool:
    """Whether text is a valid id (the Id type: kebab-case, at most ID_MAX characters)."""
    return len(text) <= ID_MAX and re.fullmatch(ID_PATTERN, text) is not None


class Strict(BaseModel):
    """A model that refuses unknown fields (a misspelt key) and never coerces (12 is not '12')."""
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Bilingual(Strict):
    """A text shown to readers, in English and Chinese."""

    en: Prose
    zh: Prose

    def get(self, lang: str) -> str:
        """The text in one language ('en' or 'zh')."""
        return getattr(self, lang)


def _one_line(text: str) -> str:
    if any(ch == "\n" or unicodedata.category(ch) in ("Zl", "Zp") for ch in text.strip()):
        raise ValueError("must be one line: it is shown as a heading, a link or a list item; remove the line break")
    return text


Line = Annotated[Text, AfterValidator(_one_line)]  # one line of text: a name, a title
ProseLine = Annotated[Prose, AfterValidator(_one_line)]


class BilingualLine(Bilingual):
    """A one-line text, in English and Chinese."""

    en: ProseLine
    zh: ProseLine


# Display fields (social cards, titles, tables, the map) are bounded at about twice the longest text
# in the data; CONTRIBUTING states the limits.
NAME_MAX, SUMMARY_MAX, TITLE_MAX, SOURCE_TITLE_MAX = 100, 200, 60, 200


class Name(Bilingual):
    """A pattern's one-line name, in English and Chinese: a page title and a social card's headline."""

    en: Annotated[ProseLine, StringConstraints(max_length=NAME_MAX)]
    zh: Annotated[ProseLine, StringConstraints(max_length=NAME_MAX)]


class Summary(Bilingual):
    """A pattern's one-line summary, in English and Chinese: the text of its social card and table row."""

    en: Annotated[ProseLine, StringConstraints(max_length=SUMMARY_MAX)]
    zh: Annotated[ProseLine, StringConstraints(max_length=SUMMARY_MAX)]


class Title(Bilingual):
    """A topic's title, in English and Chinese: a page title and a gallery heading."""

    en: Annotated[ProseLine, StringConstraints(max_length=TITLE_MAX)]
    zh: Annotated[ProseLine, StringConstraints(max_length=TITLE_MAX)]


def _three_to_five(steps: list) -> list:
    if steps and not 3 <= len(steps) <= 5:
        raise ValueError(f"write 3 to 5 steps, found {len(steps)}")
    return steps


class GradedExample(Strict):
    """A short example we write (never a quote), and why it earns its grade."""

    text: Bilingual = Field(description="a sentence or two of our own; a blank line starts a new paragraph")
    why: BilingualLine = Field(description="one line: what makes it good, too much, or wrong here")


GRADES = ("well", "overdone", "misapplied")  # the order of the #graded section


class Graded(Strict):
    """The pattern used well, overdone, and misapplied: what misuse looks like next to good use."""

    well: GradedExample = Field(description="the pattern where it helps")
    overdone: GradedExample = Field(description="the right pattern, used too much")
    misapplied: GradedExample = Field(description="the pattern where it does not belong")


class Example(Strict):
    """A quote that shows the pattern, and what to notice in it."""

    quote: Id = Field(description="id of a quote in content/quotes/*.yml that lists this pattern")
    note: Bilingual = Field(description="what to notice in the quote, in our words")


class Rewrite(Strict):
    """A plain sentence, rewritten with the pattern and rewritten without it."""

    plain: Bilingual = Field(description="the flat original")
    styled: Bilingual = Field(description="the same point, written with this pattern")
    decoy: Bilingual = Field(description="a rewrite that changes words but does not use the pattern (quiz distractor)")
    why: BilingualLine | None = Field(default=None, description="one line: what the styled rewrite does that the plain sentence does not (shown with the rewrite and in the quiz)")


# Every type is symmetric: "a complements b" stated in a.yml also makes b complement a.
RELATION_TYPES = ("complements", "contrasts_with", "often_confused_with")


class Relations(Strict):
    """Typed links to other patterns; each pair is stated once, in either file (the other side is derived)."""

    complements: list[Id] = Field(default_factory=list, description="patterns that work well alongside this one")
    contrasts_with: list[Id] = Field(default_factory=list, description="patterns that pull the other way: choosing between them is the lesson")
    often_confused_with: list[Id] = Field(default_factory=list, description="patterns that look alike but do a different job")


# A phrase the draft checker looks for: lowercase words (# for any number, * after the first word for
# any one word), Chinese characters or an emoticon the checker reads as a token, one space or hyphen
# between words. Single separators keep every rule linear: no entry can make a regex backtrack.
PHRASE_PATTERN = r"^(?:[a-z0-9#%'.]+|[:;]\)|:[dp]|<3|[\u3400-\u9fff]+)(?:[ -](?:[a-z0-9#%'.]+|[\u3400-\u9fff]+|\*))*$"
Phrase = Annotated[str, StringConstraints(pattern=PHRASE_PATTERN, max_length=60)]


class Signals(Strict):
    """Words and phrases that show a draft uses the pattern, in English and Chinese drafts (the checker's `uses-pattern`)."""

    en: list[Phrase] = Field(default_factory=list)
    zh: list[Phrase] = Field(default_factory=list)


class Pattern(Strict):
    """One writing pattern: patterns/<id>.yml."""

    id: Id = Field(description="kebab-case, equal to the file name; part of the URL, never change it")
    former_ids: list[Id] = Field(default_factory=list, description="ids this pattern had before; their URLs redirect here")
    name: Name = Field(description=f"at most {NAME_MAX} characters in each language")
    summary: Summary = Field(description=f"one line, at most {SUMMARY_MAX} characters in each language")
    definition: Bilingual
    examples: list[Example] = Field(min_length=1)
    effect: Bilingual = Field(description="what the pattern does to the reader")
    when_to_use: Bilingual
    when_not_to_use: Bilingual = Field(description="misuse: where the pattern hurts")
    graded: Graded = Field(description="three short examples we write: used well, overdone, misapplied")
    rewrite: Rewrite
    how_to_apply: Annotated[list[BilingualLine], AfterValidator(_three_to_five)] = Field(
        default_factory=list, description="3 to 5 numbered steps, one line each: how to use the pattern in your own draft")
    relations: Relations = Field(default_factory=Relations, description="typed links to other patterns (ids)")
    topics: list[Id] = Field(min_length=1, description="topic ids from content/topics.yml")
    signals: Signals = Field(default_factory=Signals, description="words that show a draft uses this pattern")


Venue = Literal["tweet", "blog post", "talk", "interview", "readme", "essay", "commit message", "code comment"]
Confidence = Literal["verified", "auto-transcript", "corroborated", "unverified"]


class Source(Strict):
    """Where a quote was said. Never guess a URL, status id or date."""

    venue: Venue
    title: Annotated[Line, StringConstraints(max_length=SOURCE_TITLE_MAX)] = Field(
        description=f"at most {SOURCE_TITLE_MAX} characters")
    date: Date | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD, as precise as known")
    url: Url | None = None
    confidence: Confidence = Field(description="how sure we are of the wording; see ../shared/sources/quotes.md")
    verified: bool = Field(description="true only when the wording was read in the primary source")
    note: Bilingual | None = Field(default=None, description="caveats: paraphrase, truncation, transcript slips")


class Quote(Strict):
    """One quote of content/quotes/<topic>.yml: verbatim text, its translation, its source and the patterns it shows."""
    id: Id
    former_ids: list[Id] = Field(default_factory=list, description="ids this quote had before; their anchors still land on it")
    text: Text = Field(description="verbatim, in the original language")
    zh: Text = Field(description="Chinese translation (ours); required, as every text the Chinese site shows")
    patterns: list[Id] = Field(min_length=1, description="ids of the patterns the quote shows")
    source: Source


class QuoteFile(Strict):
    """content/quotes/<topic>.yml: the quotes of one topic."""

    topic: Id = Field(description="equal to the file name")
    quotes: list[Quote] = Field(min_length=1)


class Topic(Strict):
    """One topic of content/topics.yml: its title and intro, and ids it had before."""
    id: Id
    former_ids: list[Id] = Field(default_factory=list, description="ids this topic had before; their URLs redirect here")
    title: Title = Field(description=f"at most {TITLE_MAX} characters in each language")
    intro: Bilingual


class TopicFile(Strict):
    """content/topics.yml: the topics, in gallery order."""

    topics: list[Topic] = Field(min_length=1)


class Claim(Strict):
    """A sentence for the 'measured or predicted?' quiz."""

    id: Id
    text: Bilingual = Field(description="the sentence, in our own words (not a quote)")
    kind: Literal["measured", "predicted"] = Field(description="measured: state it with certainty; predicted: hedge it")
    why: Bilingual = Field(description="why it is measured or predicted; shown after an answer")
    topic: Id = Field(description="topic id from content/topics.yml")


class ClaimFile(Strict):
    """content/claims.yml: sentences to state with certainty or to hedge."""

    pattern: Id | None = Field(default=None, description="id of the pattern these claims practise; the quiz links to it")
    claims: list[Claim] = Field(min_length=1)


class TeamWord(Strict):
    """A word a team avoids, and the plain word to use instead."""

    word: Phrase = Field(description="lowercase words or Chinese characters, as in content/checker.yml")
    instead: Line


class TeamFile(Strict):
    """team.yml: the patterns a team adopts and avoids, for `python -m generator team team.yml --out DIR`."""

    name: Annotated[Line, StringConstraints(max_length=NAME_MAX)] = Field(
        description=f"the team's guide, e.g. 'Acme docs style'; at most {NAME_MAX} characters")
    lang: Literal[LANGS] = Field(default=DEFAULT_LANG, description="language of the guide's pages to link and of the output")
    skill_name: Id | None = Field(default=None, description="name of the team's agent skill; default: from name")
    adopt: list[Id] = Field(min_length=1, description="ids of the patterns the team uses, in the order to list them")
    avoid: list[Id] = Field(default_factory=list, description="ids of patterns the team chooses not to use")
    notes: dict[Id, Text] = Field(default_factory=dict, description="pattern id -> the team's note on it")
    avoid_words: list[TeamWord] = Field(default_factory=list, description="more words to avoid, with the plain word")

class Fit(Strict):
    """A pattern that suits the document, why, and his quotes that show it there."""

    pattern: Id
    why: BilingualLine
    quotes: list[Id] = Field(default_factory=list, description="ids of his quotes that show the pattern (each lists it)")


class Avoid(Strict):
    """A pattern to leave out of the document, and why."""

    pattern: Id
    why: BilingualLine


class DocumentKind(Strict):
    """One kind of document: a README, a blog post, a tweet, a talk, a postmortem, a design doc."""

    id: Id
    title: BilingualLine
    intro: BilingualLine = Field(description="one line: what this document's readers need")
    fit: list[Fit] = Field(min_length=1)
    avoid: list[Avoid] = Field(min_length=1)
    ours: Bilingual | None = Field(default=None, description="a short example we wrote (labelled 'Our example')")


class ByDocumentFile(Strict):
    """content/by-document.yml."""

    documents: list[DocumentKind] = Field(min_length=1)


# One schema file per kind of data file, for editors and the docs.
SCHEMAS = {"pattern": Pattern, "quotes": QuoteFile, "topics": TopicFile, "claims": ClaimFile, "team": TeamFile,
           "by-document": ByDocumentFile}
