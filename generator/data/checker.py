"""content/checker.yml, the draft checker's data besides the patterns' `signals`: declared here, read and
checked with the catalog. Every entry is a Phrase (models.PHRASE_PATTERN), so none makes matching nonlinear.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from .models import Bilingual, Id, Phrase, Strict
from .schema_check import check_schema

PATH = "content/checker.yml"


class WordList(Strict):
    """Phrases in English and in Chinese drafts; a draft is checked against both."""

    en: list[Phrase] = Field(default_factory=list)
    zh: list[Phrase] = Field(default_factory=list)

    def all(self) -> list[str]:
        """Every phrase of the list, English then Chinese."""
        return [*self.en, *self.zh]


class Words(Strict):
    """The word lists the sentence rules use."""

    certain: WordList = Field(description="words that state a claim as certain: definitely, inevitably")
    future: WordList = Field(description="words that put a claim in the future: will, next year, by 2030")
    hedge: WordList = Field(description="words that hedge a claim: imo, I suspect, probably")
    measured: WordList = Field(description="signs that a sentence reports a measurement: we measured, # ms, #%")
    technical: WordList = Field(description="technical senses that are never business words: loss landscape")


class Evidence(Strict):
    """Why a word is in the warning tier; tests/test_checker_tiers.py recounts both numbers."""

    his: int = Field(ge=0, description="findings of the word in his calibration text "
                                        "(generator/check/calibration/paragraphs.yml, both parts); a warning needs 0")
    corporate: int = Field(ge=0, description="findings in tests/data/corporate-paragraphs.md")
    sense: str | None = Field(None, description="a sense of the word he does use, which the entry does not match")


class AvoidWord(Strict):
    """A business word and the plain word to use instead. Tier `warning`: never his in any sense, with its
    evidence; tier `note`: usually padding, but with a plain or technical sense he uses (level info)."""

    word: Phrase = Field(description="English words inflect (utilize -> utilized, utilization); Chinese ones do not")
    tier: Literal["warning", "note"] = Field(description="warning: never his in any sense; note: padding with a plain "
                                                         "or technical sense he uses")
    instead: Bilingual
    evidence: Evidence | None = Field(None, description="required for the warning tier")
    nouns: bool = Field(True, description="false: the verb's forms only (utilize, utilized), not its -ation noun, "
                                          "when the noun has a technical sense he uses (GPU utilization); the "
                                          "reason is written next to the entry")

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
    """Paragraph thresholds in words and sentences, calibrated on his own prose."""

    long_words: int = Field(ge=10, description="a prose paragraph of more words than this gets a note")
    long_sentences: int = Field(ge=2, description="a prose paragraph of more sentences than this gets a note")
    short_words: int = Field(ge=1, description="a one-sentence paragraph of at most this many words is a one-liner")
    short_after_words: int | None = Field(default=None, ge=1, description="in a text of several paragraphs, a "
                                          "one-liner counts only right after a prose paragraph of this size or more")


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


def read_checker(state) -> CheckerData | None:
    """content/checker.yml under state.root (a loading.Loaded), its problems kept on its file; None when there
    is no such file (then the checker has only the patterns' signals) or it has problems."""
    path = state.root / PATH
    if not path.exists() and not path.is_symlink():
        return None
    doc = state.read(path)
    if (data := check_schema(CheckerData, doc)) is None:
        return None
    refs = [(("links", name), pid) for name, pid in data.links]
    refs += [(("paired_signals", i, "pattern"), pair.pattern) for i, pair in enumerate(data.paired_signals)]
    for where, pid in refs:
        if pid not in state.known_patterns:
            doc.problems.append(doc.problem(where, f"unknown pattern '{pid}'"))
    seen: dict[str, int] = {}
    for i, avoid in enumerate(data.avoid_words):
        if avoid.word in seen:
            doc.problems.append(doc.problem(("avoid_words", i, "word"),
                                            f"'{avoid.word}' is listed twice (also avoid_words[{seen[avoid.word]}])"))
        seen.setdefault(avoid.word, i)
    return data
