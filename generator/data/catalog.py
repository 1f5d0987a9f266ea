"""Load and check every data file, then hand back one Catalog or raise DataError with every problem
(two phases, like Pelican: nothing is rendered before every file is checked)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path

from . import loading, models, references
from .checker import CheckerData, read_checker
from .loading import Loaded
from .models import Claim, Pattern, Quote, Topic
from .problems import DataError
from .relations import Graph, check_relations


@dataclass
class Catalog:
    """Everything the site is made of, checked and cross-linked."""

    root: Path
    patterns: dict[str, Pattern]  # id -> pattern, sorted by id
    topics: dict[str, Topic]  # id -> topic, in the order of topics.yml
    quotes: dict[str, Quote]  # id -> quote, in file order
    quote_topic: dict[str, str]  # quote id -> topic id
    sources: dict[str, str] = field(default_factory=dict)  # "pattern:<id>" -> its file; "claims" -> claims.yml
    claims: dict[str, Claim] = field(default_factory=dict)  # id -> claim (content/claims.yml), in file order
    claims_pattern: str | None = None  # the pattern the claims practise, if claims.yml names one
    relations: Graph = field(default_factory=dict)  # id -> type -> related ids, both directions (relations.py)
    checker: CheckerData | None = None  # content/checker.yml, if there is one (checker.py)

    def relations_of(self, pattern_id: str) -> dict[str, list[str]]:
        """type -> ids of related patterns, sorted, every type present; stated and derived links alike."""
        return self.relations.get(pattern_id) or {kind: [] for kind in models.RELATION_TYPES}

    def quotes_for_pattern(self, pattern_id: str) -> list[Quote]:
        """The quotes that list pattern_id in their `patterns`, in file order; [] for none."""
        return self._by_pattern.get(pattern_id, [])

    def quotes_for_topic(self, topic_id: str) -> list[Quote]:
        """The quotes of one topic's file, in file order; [] for none."""
        return self._by_topic.get(topic_id, [])

    # Indexes built once: every pattern page asks, and scanning all quotes per
    # page made rendering quadratic in the catalog size.
    @functools.cached_property
    def _by_pattern(self) -> dict[str, list[Quote]]:
        index: dict[str, list[Quote]] = {}
        for quote in self.quotes.values():
            for pid in dict.fromkeys(quote.patterns):
                index.setdefault(pid, []).append(quote)
        return index

    @functools.cached_property
    def _by_topic(self) -> dict[str, list[Quote]]:
        index: dict[str, list[Quote]] = {}
        for qid, quote in self.quotes.items():
            index.setdefault(self.quote_topic[qid], []).append(quote)
        return index

    def redirects(self) -> dict[str, str]:
        """Former pattern id -> current id."""
        return {old: p.id for p in self.patterns.values() for old in p.former_ids}

    def topic_redirects(self) -> dict[str, str]:
        """Former topic id -> current id (its gallery and its quiz moved)."""
        return {old: t.id for t in self.topics.values() for old in t.former_ids}

    def quote_aliases(self) -> dict[str, str]:
        """Former quote id -> current id."""
        return {old: q.id for q in self.quotes.values() for old in q.former_ids}


def load_catalog(root: Path) -> Catalog:
    """The Catalog of patterns/, content/{topics,claims,checker}.yml and content/quotes/ under root, or
    DataError with every problem: each file is read and checked (loading.py), then references (references.py)."""
    state = Loaded(Path(root))
    for read in (loading.read_topics, loading.read_patterns, loading.read_quotes, loading.read_claims):
        read(state)
    references.check_former_ids(state)
    references.check_unique_names(state)
    graph = check_relations(state)
    references.check_pattern_refs(state)
    references.check_quote_refs(state)
    claims_pattern = references.check_claim_refs(state)
    checker = read_checker(state)

    problems = [p for doc in state.docs for p in doc.problems]
    if problems:
        raise DataError(problems)

    sources = {f"pattern:{pid}": d.path for pid, d in state.pattern_docs.items()}
    if state.claims:
        sources["claims"] = loading.CLAIMS_FILE
    return Catalog(state.root, dict(sorted(state.patterns.items())), state.topics, state.quotes, state.quote_topic,
                   sources, claims=state.claims, claims_pattern=claims_pattern, relations=graph, checker=checker)
