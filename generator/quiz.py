"""Catalog -> quizzes: pure functions, no templates, no MkDocs.

Every answer comes from the data (a quote's `patterns`, a claim's `kind`, a pattern's `rewrite.styled`
and `decoy`, its `graded` examples), so no answer key can drift from the YAML. Every shuffle is seeded
with a SHA-256 of stable ids, not of the language: both sites ask the same thing in the same order.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass

from . import paths
from .data.catalog import Catalog
from .data.models import GRADES
from .cite import citation
from .excerpt import keys_regex, pattern_keys
from .i18n import labels

KINDS = paths.QUIZ_KINDS
MISUSES = ("overdone", "misapplied")  # the grades of models.Graded that a "spot the misuse" answer picks
CHOICES = 4  # pattern choices per "name that pattern" question
TOPIC_QUOTES = 5  # "name that pattern" questions per topic quiz, at most
KEYS = "abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True)
class Choice:
    """One answer of a question: its text, whether it is right, and why."""
    key: str  # the input's value: "a", "b", ... in page order
    text: str
    markdown: bool  # text is contributed Markdown (sanitised when rendered), else plain text
    correct: bool
    explanation: str  # Markdown: why this choice is right or wrong ("" when the question explains)
    pattern: str | None  # the pattern page that explains it


@dataclass(frozen=True)
class Question:
    """One quiz question with its choices (keyed a, b, c in page order) and explanation."""
    id: str  # unique in its quiz, stable across builds: "quote-<id>", "claim-<id>", "rewrite-<id>"
    kind: str  # one of KINDS
    prompt: str  # plain text
    text: str  # what to judge: a quote (verbatim, plain) or a sentence (Markdown)
    choices: tuple[Choice, ...]
    links: tuple[str, ...]  # the patterns it teaches, to read about
    explanation: str = ""  # Markdown, shown with the answer
    multiple: bool = False  # more than one right answer: checkboxes, not radios
    is_quote: bool = False
    translation: str | None = None  # our Chinese translation of a quote, on the zh site
    cite: str | None = None  # where the quote comes from, plain text
    venue: str | None = None  # a quote's source venue: text and translation are Markdown for Markdown venues

    @property
    def ours(self) -> bool:
        """True when the sentences to judge are examples we wrote (rewrites, graded examples), not his."""
        return self.kind in ("which-rewrite", "spot-the-misuse")

    @property
    def answer(self) -> tuple[str, ...]:
        """The keys of the right choices, sorted ('a', 'c')."""
        return tuple(c.key for c in self.choices if c.correct)


@dataclass(frozen=True)
class Quiz:
    """One quiz page: its id (its URL quiz/<id>/), title, intro and questions."""
    id: str  # its URL: /quiz/<id>/
    title: str
    intro: str
    questions: tuple[Question, ...]
    source: str | None  # the YAML to edit, when one file feeds the whole quiz
    short_title: str  # for links: the kind or the topic, without "Quiz:"
    topic: str | None = None

    @property
    def version(self) -> str:
        """Changes when a question or an answer changes: stored progress for another version is dropped."""
        shape = [[q.id, [c.key for c in q.choices], list(q.answer)] for q in self.questions]
        return hashlib.sha256(json.dumps(shape).encode()).hexdigest()[:12]


def rng(*parts: str) -> random.Random:
    """A random.Random seeded from the parts' SHA-256: the same ids give the same shuffles on every machine."""
    seed = hashlib.sha256("/".join(parts).encode("utf-8")).digest()
    return random.Random(int.from_bytes(seed[:8], "big"))


def _keyed(quiz_id: str, question_id: str, items: list[dict]) -> tuple[Choice, ...]:
    """Shuffle choices with a stable seed, then name them a, b, c in page order."""
    items = list(items)
    rng(quiz_id, question_id, "choices").shuffle(items)
    return tuple(Choice(key=KEYS[i], **item) for i, item in enumerate(items))


class _Builder:
    def __init__(self, catalog: Catalog, lang: str):
        self.c, self.lang, self.L = catalog, lang, labels(lang)

    def t(self, bilingual) -> str:
        return bilingual.get(self.lang)

    # -- one question of each kind --------------------------------------------

    def name_question(self, quiz_id: str, qid: str) -> Question | None:
        """A real quote; its patterns are right, other patterns are the distractors."""
        quote = self.c.quotes[qid]
        right = [pid for pid in dict.fromkeys(quote.patterns) if pid in self.c.patterns]
        others = [pid for pid in self.c.patterns if pid not in right]  # sorted by id
        if not right or not others:
            return None  # nothing to tell apart
        want = min(max(CHOICES, len(right) + 1), len(right) + len(others))
        wrong = sorted(rng(quiz_id, f"quote-{qid}", "distractors").sample(others, want - len(right)))
        items = [self._pattern_choice(pid, pid in right, quote) for pid in right + wrong]
        multiple = len(right) > 1
        return Question(
            f"quote-{qid}", "name-that-pattern", self.L["quiz_name_prompt_many" if multiple else "quiz_name_prompt"],
            quote.text, _keyed(quiz_id, f"quote-{qid}", items), tuple(right), multiple=multiple, is_quote=True,
            translation=quote.zh if self.lang == "zh" else None, venue=quote.source.venue,
            cite=citation(quote.source, self.L, url=False, confidence=False))

    def _pattern_choice(self, pid: str, correct: bool, quote) -> dict:
        """A pattern as an answer, explained: a right one by its note on this quote, else the words that
        show it, else its definition; a wrong one by its summary (what that pattern would look like)."""
        p = self.c.patterns[pid]
        why = self.t(p.summary)
        if correct:
            note = next((ex.note for ex in p.examples if ex.quote == quote.id), None)
            found = None if note else self._shown_by(p, quote.text)
            if note:
                why = self.t(note)
            elif found:
                why = self.L["quiz_shown_by"].format(words=found) + " " + why
            else:
                why = self.t(p.definition)
        return dict(text=self.t(p.name), markdown=False, correct=correct, explanation=why, pattern=pid)

    @staticmethod
    def _shown_by(pattern, text: str) -> str | None:
        """The words of text that show the pattern (its signals, or a phrase its notes quote), or None."""
        flat = " ".join(text.split())
        for group in pattern_keys(pattern):
            if (rx := keys_regex(group)) and (m := rx.search(flat)):
                return m[0]
        return None

    def claim_question(self, quiz_id: str, cid: str) -> Question:
        """State it with certainty when it was measured, hedge it when it is a prediction."""
        claim = self.c.claims[cid]
        choices = tuple(Choice(key=KEYS[i], text=self.L[f"quiz_{kind}"], markdown=False, correct=claim.kind == kind,
                               explanation="", pattern=self.c.claims_pattern)
                        for i, kind in enumerate(("measured", "predicted")))  # in this order: a scale, not a shuffle
        return Question(f"claim-{cid}", "measured-or-predicted", self.L["quiz_claim_prompt"], self.t(claim.text),
                        choices, (self.c.claims_pattern,) if self.c.claims_pattern else (),
                        explanation=self.t(claim.why))

    def rewrite_question(self, quiz_id: str, pid: str) -> Question:
        """Two rewrites of the pattern's plain sentence: `styled` uses the pattern, `decoy` does not."""
        p = self.c.patterns[pid]
        items = [
            dict(text=self.t(p.rewrite.styled), markdown=True, correct=True,
                 explanation=self.t(p.rewrite.why) if p.rewrite.why else self.L["quiz_styled_why"], pattern=pid),
            dict(text=self.t(p.rewrite.decoy), markdown=True, correct=False,
                 explanation=self.L["quiz_decoy_why"], pattern=pid),
        ]
        # Each choice says why: no explanation of the question's own, which would only repeat the page.
        return Question(f"rewrite-{pid}", "which-rewrite", self.L["quiz_rewrite_prompt"].format(pattern=self.t(p.name)),
                        self.t(p.rewrite.plain), _keyed(quiz_id, f"rewrite-{pid}", items), (pid,))

    def misuse_question(self, quiz_id: str, pid: str) -> Question:
        """The pattern's three graded examples: the overdone and the misapplied one are the misuses to pick."""
        p = self.c.patterns[pid]
        items = [
            dict(text=self.t(getattr(p.graded, grade).text), markdown=True, correct=grade in MISUSES,
                 explanation=f"{self.L['grades'][grade]}. {self.t(getattr(p.graded, grade).why)}", pattern=pid)
            for grade in GRADES
        ]
        return Question(f"misuse-{pid}", "spot-the-misuse", self.L["quiz_misuse_prompt"].format(pattern=self.t(p.name)),
                        self.t(p.summary), _keyed(quiz_id, f"misuse-{pid}", items), (pid,),
                        explanation=self.t(p.when_not_to_use), multiple=True)

    # -- whole quizzes ----------------------------------------------------------

    def featured_quotes(self) -> list[str]:
        """One quote per pattern, its first example not already taken: every pattern is a right answer once."""
        taken: list[str] = []
        for p in self.c.patterns.values():
            qid = next((ex.quote for ex in p.examples if ex.quote not in taken and ex.quote in self.c.quotes), None)
            if qid:
                taken.append(qid)
        return taken

    def kind_quiz(self, kind: str) -> Quiz:
        ask, ids = {"name-that-pattern": (self.name_question, self.featured_quotes()),
                    "measured-or-predicted": (self.claim_question, self.c.claims),
                    "spot-the-misuse": (self.misuse_question, self.c.patterns),
                    "which-rewrite": (self.rewrite_question, self.c.patterns)}[kind]
        questions = [ask(kind, ident) for ident in ids]
        source = self.c.sources.get("claims") if kind == "measured-or-predicted" else None
        key = kind.replace("-", "_")
        title = self.L[f"quiz_title_{key}"]
        return Quiz(kind, title, self.L[f"quiz_intro_{key}"], tuple(q for q in questions if q), source, title)

    def topic_quiz(self, tid: str) -> Quiz:
        quotes = [q.id for q in self.c.quotes_for_topic(tid)]
        if len(quotes) > TOPIC_QUOTES:
            chosen = set(rng(tid, "quotes").sample(quotes, TOPIC_QUOTES))
            quotes = [qid for qid in quotes if qid in chosen]  # keep file order
        questions = [self.name_question(tid, qid) for qid in quotes]
        questions += [self.rewrite_question(tid, pid) for pid, p in self.c.patterns.items() if tid in p.topics]
        questions += [self.misuse_question(tid, pid) for pid, p in self.c.patterns.items() if tid in p.topics]
        questions += [self.claim_question(tid, cid) for cid, claim in self.c.claims.items() if claim.topic == tid]
        questions = [q for q in questions if q]
        rng(tid, "order").shuffle(questions)  # mix the kinds
        title = self.t(self.c.topics[tid].title)
        return Quiz(tid, self.L["quiz_title_topic"].format(topic=title),
                    self.L["quiz_intro_topic"].format(topic=title), tuple(questions), None, title, topic=tid)


def build_quizzes(catalog: Catalog, lang: str) -> list[Quiz]:
    """Every quiz of one language's site: the kind quizzes (KINDS order), then one per topic (topics.yml
    order), each with at least one question. (The loader refuses a topic id that is a quiz kind.)"""
    builder = _Builder(catalog, lang)
    quizzes = [builder.kind_quiz(kind) for kind in KINDS]
    quizzes += [builder.topic_quiz(tid) for tid in catalog.topics]
    return [quiz for quiz in quizzes if quiz.questions]


def quiz_for_pattern(quizzes: list[Quiz], pattern) -> Quiz | None:
    """The quiz a pattern page sends readers to: its first topic's quiz that asks about it, else any."""
    order = {tid: i for i, tid in enumerate(pattern.topics)}
    ranked = sorted(quizzes, key=lambda q: order.get(q.topic, len(order)) if q.topic else len(order) + 1)
    return next((q for q in ranked if any(pattern.id in question.links for question in q.questions)), None)
