"""The checker's word lists: content/checker.yml, declared, loaded and checked here.

The file holds what is not a pattern's own signal: which pattern page each kind
of finding links to, the paragraph thresholds, the certainty / hedge / future /
measured word lists, technical senses that are never business words, and the
business words with a bilingual `instead`. Each pattern's signals live in its
own YAML (`signals:`, generator/data/models.py).

Every entry is a Phrase (models.PHRASE_PATTERN): words with single separators,
matched token by token, so no entry can make matching slower than linear.
"""

from __future__ import annotations

import re
from pathlib import Path

from typing import Literal

from pydantic import Field, model_validator

from ..data.catalog import Catalog, check_schema
from ..data.models import Bilingual, Id, Phrase, Strict
from ..data.problems import DataError
from ..data.yamlfile import read_yaml

PATH = "content/checker.yml"


class WordList(Strict):
    """Phrases in English and in Chinese drafts; a draft is checked against both."""

    en: list[Phrase] = Field(default_factory=list)
    zh: list[Phrase] = Field(default_factory=list)

    def all(self) -> list[str]:
        """Every phrase of the list, English then Chinese."""
        return [*self.en, *self.zh]


class Words(Strict):
    """The word lists the sentence rules use (content/checker.yml `words`)."""
    certain: WordList = Field(description="words that state a claim as certain: definitely, inevitably")
    future: WordList = Field(description="words that put a claim in the future: will, next year, by 2030")
    hedge: WordList = Field(description="words that hedge a claim: imo, I suspect, probably")
    measured: WordList = Field(description="signs that a sentence reports a measurement: we measured, # ms, #%")
    technical: WordList = Field(description="technical senses that are never business words: loss landscape")


class Evidence(Strict):
    """Why a word is in the warning tier: how often it appears in his calibration text and in corporate prose.

    tests/test_checker_tiers.py recounts both with the checker itself, so the numbers cannot drift.
    """

    his: int = Field(ge=0, description="findings of the word in his calibration text "
                                        "(generator/check/calibration/paragraphs.yml, both parts); a warning needs 0")
    corporate: int = Field(ge=0, description="findings in tests/data/corporate-paragraphs.md")
    sense: str | None = Field(None, description="a sense of the word he does use, which the entry does not match")


class AvoidWord(Strict):
    """A business word the style avoids, and the plain word to use instead.

    tier `warning`: a word or construction he does not use in any sense (synergy, circle back); it states its
    evidence. tier `note`: usually padding, but with a plain or technical sense he uses (landscape, in order to):
    the checker reports it at level info.
    """

    word: Phrase = Field(description="English words inflect (utilize -> utilized, utilization); Chinese ones do not")
    tier: Literal["warning", "note"] = Field(description="warning: never his in any sense; note: padding with a plain "
                                                         "or technical sense he uses")
    instead: Bilingual
    evidence: Evidence | None = Field(None, description="required for the warning tier")
    nouns: bool = Field(True, description="false: the verb's forms only (utilize, utilized), not its -ation noun, "
                                          "when the noun has a technical sense he uses (GPU utilization); the "
                                          "reason is written next to the entry")

    def forms(self) -> list[str]:
        """Every form the entry matches, longest first (word_forms, without -ation nouns when nouns is false)."""
        return word_forms(self.word, nouns=self.nouns)

    @model_validator(mode="after")
    def _warning_has_evidence(self):
        if self.tier == "warning" and self.evidence is None:
            raise ValueError("a warning-tier word states its evidence: {his: N, corporate: N}")
        return self


class Links(Strict):
    """The pattern page each kind of finding links to (ids in patterns/)."""

    avoid_word: Id
    certain_prediction: Id
    hedged_measurement: Id
    long_paragraph: Id
    short_paragraph: Id


class Paragraphs(Strict):
    """Paragraph thresholds in words and sentences (content/checker.yml `paragraphs`), calibrated on his own prose."""
    long_words: int = Field(ge=10, description="a prose paragraph of more words than this gets a note")
    long_sentences: int = Field(ge=2, description="a prose paragraph of more sentences than this gets a note")
    short_words: int = Field(ge=1, description="a one-sentence paragraph of at most this many words is a one-liner")


class PairedSignal(Strict):
    """A pattern shown by two things in one sentence, neither enough alone: a casual word next to a precise
    figure (precise-number-shrug), a hedge on a forecast (measured-vs-predicted)."""

    pattern: Id
    find: WordList = Field(description="the words reported")
    when: WordList = Field(description="reported only in a sentence with one of these")


class CheckerData(Strict):
    """content/checker.yml: the draft checker's word lists and thresholds."""

    links: Links
    paragraphs: Paragraphs
    words: Words
    paired_signals: list[PairedSignal] = Field(default_factory=list)
    avoid_words: list[AvoidWord] = Field(min_length=1)


# The last result per file: a build asks for the same data a few dozen times (pages,
# exports, rules). Keyed by the file's bytes and the catalog object it was checked against,
# so an edit under `mkdocs serve` or a new catalog reads it again.
_LOADED: dict[Path, tuple[bytes, Catalog, CheckerData | DataError]] = {}


def load(root: Path, catalog: Catalog) -> CheckerData | None:
    """Read content/checker.yml under root and check it against the catalog; None if there is no such file
    (then the checker has only the patterns' signals).

    Raises DataError (file:line: field: message problems) when the file is
    malformed, links to an unknown pattern or lists a word twice. The result is
    kept until the file or the catalog changes.
    """
    path = Path(root) / PATH
    try:
        key = path.read_bytes()
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    if (hit := _LOADED.get(path)) and hit[0] == key and hit[1] is catalog and hit[2] is not None:
        if isinstance(hit[2], DataError):
            raise hit[2]
        return hit[2]
    try:
        result = _read(path, catalog)
    except DataError as err:
        _LOADED[path] = (key, catalog, err)
        raise
    _LOADED[path] = (key, catalog, result)
    return result


def _read(path: Path, catalog: Catalog) -> CheckerData:
    doc = read_yaml(path, PATH)
    data = check_schema(CheckerData, doc) if doc.data is not None else None
    if data is not None:
        for name, pid in data.links:
            if pid not in catalog.patterns:
                doc.problems.append(doc.problem(("links", name), f"unknown pattern '{pid}'"))
        for i, pair in enumerate(data.paired_signals):
            if pair.pattern not in catalog.patterns:
                doc.problems.append(doc.problem(("paired_signals", i, "pattern"), f"unknown pattern '{pair.pattern}'"))
        seen: dict[str, int] = {}
        for i, avoid in enumerate(data.avoid_words):
            if avoid.word in seen:
                doc.problems.append(doc.problem(("avoid_words", i, "word"),
                                                f"'{avoid.word}' is listed twice (also avoid_words[{seen[avoid.word]}])"))
            seen.setdefault(avoid.word, i)
    if doc.problems:
        raise DataError(doc.problems)
    return data


# -- word forms ------------------------------------------------------------------

_CJK = re.compile(r"[\u3400-\u9fff]")


def _inflect(word: str, nouns: bool = True) -> set[str]:
    """utilize -> utilize, utilizes, utilized, utilizing, utilization, utilise, ...

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
    (paradigm shift) its last word.
    """
    if _CJK.search(entry) or "-" in entry or re.search(r"[0-9#%'.]", entry):
        return [entry]
    words = entry.split()
    if len(words) == 1:
        forms = _inflect(words[0], nouns)
    elif words[-1] in PARTICLES:
        forms = {" ".join([w, *words[1:]]) for w in _inflect(words[0], nouns)}
    else:
        forms = {" ".join([*words[:-1], w]) for w in _inflect(words[-1], nouns)}
    return sorted(forms, key=lambda f: (-len(f), f))
