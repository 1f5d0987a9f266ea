"""Load and check every data file, then hand back one Catalog or raise DataError.

Two phases, like Pelican: every file is read and checked before anything is
rendered, and every problem is reported, not just the first.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pydantic

from . import models
from .. import paths
from .models import Claim, ClaimFile, Pattern, Quote, QuoteFile, Topic, TopicFile
from .problems import DataError, Problem
from .relations import Graph, check_relations
from .yamlfile import YamlFile, read_yaml


@dataclass
class Catalog:
    """Everything the site is made of, checked and cross-linked."""

    root: Path
    patterns: dict[str, Pattern]  # id -> pattern, sorted by id
    topics: dict[str, Topic]  # id -> topic, in the order of topics.yml
    quotes: dict[str, Quote]  # id -> quote, in file order
    quote_topic: dict[str, str]  # quote id -> topic id
    sources: dict[str, str] = field(default_factory=dict)  # "pattern:<id>" / "quote:<id>" / "topic:<id>" -> file
    claims: dict[str, Claim] = field(default_factory=dict)  # id -> claim (content/claims.yml), in file order
    claims_pattern: str | None = None  # the pattern the claims practise, if claims.yml names one
    relations: Graph = field(default_factory=dict)  # id -> type -> related ids, both directions (relations.py)

    def relations_of(self, pattern_id: str) -> dict[str, list[str]]:
        """type -> ids of related patterns, sorted, every type present; stated and derived links alike."""
        return self.relations.get(pattern_id) or {kind: [] for kind in models.RELATION_TYPES}

    def quotes_for_pattern(self, pattern_id: str) -> list[Quote]:
        return self._by_pattern.get(pattern_id, [])

    def quotes_for_topic(self, topic_id: str) -> list[Quote]:
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
        """former id -> current id"""
        return {old: p.id for p in self.patterns.values() for old in p.former_ids}


# -- schema check: pydantic errors -> file:line:field problems -----------------

_KNOWN_FIELDS = sorted(
    {name for model in vars(models).values() if isinstance(model, type) and issubclass(model, pydantic.BaseModel)
     for name in model.model_fields}
)

_PATTERN_HINTS = {
    models.ID_PATTERN: "must be kebab-case: lowercase a-z, 0-9 and single hyphens",
}


def _message(err: dict) -> str:
    kind, value = err["type"], err.get("input")
    if kind == "missing":
        return "required"
    if kind == "extra_forbidden":
        key = str(err["loc"][-1])
        guess = difflib.get_close_matches(key, _KNOWN_FIELDS, n=1)
        return "unknown field" + (f" (did you mean '{guess[0]}'?)" if guess else "")
    if kind == "string_pattern_mismatch":
        pattern = err.get("ctx", {}).get("pattern", "")
        if pattern in _PATTERN_HINTS:
            hint = _PATTERN_HINTS[pattern]
        elif "https?" in pattern:
            hint = "must be an http:// or https:// URL"
        elif pattern.startswith(r"^\d{4}"):
            hint = "must be a date written YYYY, YYYY-MM or YYYY-MM-DD"
        else:
            hint = f"must match {pattern}"
        return f"{hint}, found {value!r}"
    if kind in ("string_type", "list_type", "model_type", "dict_type", "bool_type", "literal_error", "model_attributes_type"):
        expected = {
            "string_type": "text", "list_type": "a list", "bool_type": "true or false",
            "model_type": "a mapping", "dict_type": "a mapping", "model_attributes_type": "a mapping",
        }.get(kind)
        if kind == "literal_error":
            expected = "one of " + err["ctx"]["expected"]
        return f"expected {expected}, found {_kind_of(value)} {value!r}"[:200]
    if kind == "too_short":
        return f"needs at least {err['ctx']['min_length']} item(s)" if isinstance(value, list) else "must not be empty"
    if kind == "string_too_long":
        return f"too long: {len(value)} characters, the limit is {err['ctx']['max_length']}"
    if kind == "value_error":
        return str(err["ctx"]["error"])
    return err["msg"]


def _kind_of(value) -> str:
    return {str: "text", bool: "boolean", int: "number", float: "number", list: "list", dict: "mapping",
            type(None): "nothing"}.get(type(value), type(value).__name__)


def _data_path(data, loc: tuple) -> tuple:
    """Pydantic adds union member names to locations; keep only real keys and indexes."""
    path, here = [], data
    for i, part in enumerate(loc):
        if isinstance(here, list) and isinstance(part, int) and part < len(here):
            here = here[part]
        elif isinstance(here, dict) and part in here:
            here = here[part]
        elif i == len(loc) - 1 and isinstance(here, dict):
            pass  # a missing key: keep it in the path
        else:
            continue
        path.append(part)
    return tuple(path)


def check_schema(model: type[pydantic.BaseModel], doc: YamlFile):
    """Return the model instance, or None after adding problems to doc."""
    if not isinstance(doc.data, dict):
        doc.problems.append(Problem(doc.path, 1, "", f"expected a mapping of fields, found {_kind_of(doc.data)}"))
        return None
    try:
        return model.model_validate(doc.data)
    except pydantic.ValidationError as exc:
        for err in exc.errors():
            doc.problems.append(doc.problem(_data_path(doc.data, err["loc"]), _message(err)))
        return None


# -- loading -------------------------------------------------------------------


def _fold(ident: str) -> str:
    """Ids that differ only by case or look-alike characters collide."""
    return unicodedata.normalize("NFKC", ident).casefold()


def _did_you_mean(name: str, known) -> str:
    guess = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean '{guess[0]}'?)" if guess else ""


def load_catalog(root: Path) -> Catalog:
    """Read patterns/, content/topics.yml and content/quotes/ under root."""
    root = Path(root)
    docs: list[YamlFile] = []

    def read(path: Path) -> YamlFile:
        doc = read_yaml(path, path.relative_to(root).as_posix())
        docs.append(doc)
        return doc

    # Topics
    topics: dict[str, Topic] = {}
    topic_docs: dict[str, tuple[YamlFile, int]] = {}
    topics_path = root / "content" / "topics.yml"
    if topics_path.exists():
        doc = read(topics_path)
        if doc.data is not None and (parsed := check_schema(TopicFile, doc)):
            for i, topic in enumerate(parsed.topics):
                if topic.id in topics:
                    doc.problems.append(doc.problem(("topics", i, "id"), f"duplicate topic id '{topic.id}'"))
                topics[topic.id] = topic
                topic_docs[topic.id] = (doc, i)
    else:
        docs.append(YamlFile("content/topics.yml", problems=[Problem("content/topics.yml", 0, "", "file is missing")]))

    # Patterns
    patterns: dict[str, Pattern] = {}
    pattern_docs: dict[str, YamlFile] = {}
    # Ids of files that exist, valid or not: a broken file is reported once,
    # not again by every reference to it.
    pattern_ids = {p.stem for p in (root / "patterns").glob("*.yml")}
    quote_ids: set[str] = set()
    folded: dict[str, str] = {}
    for path in sorted((root / "patterns").glob("*")):
        if path.suffix == ".yaml" or (path.suffix != ".yml" and path.is_file() and not path.name.startswith(".")):
            docs.append(YamlFile(path.relative_to(root).as_posix(), problems=[
                Problem(path.relative_to(root).as_posix(), 0, "", "pattern files must be named <id>.yml")]))
            continue
        if path.suffix != ".yml":
            continue
        doc = read(path)
        if doc.data is None or not (pattern := check_schema(Pattern, doc)):
            continue
        if pattern.id != path.stem:
            doc.problems.append(doc.problem(("id",), f"'{pattern.id}' must equal the file name '{path.stem}'"))
            continue
        if pattern.id in paths.RESERVED_PATTERN_IDS:
            doc.problems.append(doc.problem(("id",), f"'{pattern.id}' is reserved: patterns/{pattern.id}/ is another page"))
            continue
        key = _fold(pattern.id)
        if key in folded:
            doc.problems.append(doc.problem(("id",), f"id '{pattern.id}' collides with pattern '{folded[key]}'"))
            continue
        folded[key] = pattern.id
        patterns[pattern.id] = pattern
        pattern_docs[pattern.id] = doc

    # Former ids, known before any reference is checked, so every "unknown pattern" can say where it went.
    former: dict[str, str] = {}
    for pid, pattern in patterns.items():
        doc = pattern_docs[pid]
        for i, old in enumerate(pattern.former_ids):
            if old in patterns or _fold(old) in folded:
                doc.problems.append(doc.problem(("former_ids", i), f"'{old}' is the id of a current pattern"))
            elif old in former:
                doc.problems.append(doc.problem(("former_ids", i), f"'{old}' is already a former id of '{former[old]}'"))
            else:
                former[old] = pid

    def unknown_pattern(name: str) -> str:
        hint = f" (it was renamed to '{former[name]}')" if name in former else _did_you_mean(name, patterns)
        return f"unknown pattern '{name}'{hint}"

    def unknown_topic(name: str) -> str:
        return f"unknown topic '{name}'" + _did_you_mean(name, topics)

    # Quotes
    quotes: dict[str, Quote] = {}
    quote_topic: dict[str, str] = {}
    quote_docs: dict[str, tuple[YamlFile, int]] = {}
    for path in sorted((root / "content" / "quotes").glob("*.yml")):
        doc = read(path)
        if isinstance(doc.data, dict) and isinstance(doc.data.get("quotes"), list):
            quote_ids.update(q["id"] for q in doc.data["quotes"] if isinstance(q, dict) and isinstance(q.get("id"), str))
        if doc.data is None or not (parsed := check_schema(QuoteFile, doc)):
            continue
        if parsed.topic != path.stem:
            doc.problems.append(doc.problem(("topic",), f"'{parsed.topic}' must equal the file name '{path.stem}'"))
        elif parsed.topic not in topics:
            doc.problems.append(doc.problem(("topic",), unknown_topic(parsed.topic)))
        for i, quote in enumerate(parsed.quotes):
            if quote.id in quotes:
                other = quote_docs[quote.id][0].path
                doc.problems.append(doc.problem(("quotes", i, "id"), f"duplicate quote id '{quote.id}' (also in {other})"))
                continue
            quotes[quote.id] = quote
            quote_topic[quote.id] = parsed.topic
            quote_docs[quote.id] = (doc, i)

    # Claims for the "measured or predicted?" quiz (optional file)
    claims: dict[str, Claim] = {}
    claims_pattern: str | None = None
    claims_path = root / "content" / "claims.yml"
    if claims_path.exists():
        doc = read(claims_path)
        if doc.data is not None and (parsed := check_schema(ClaimFile, doc)):
            if parsed.pattern is not None and parsed.pattern not in pattern_ids:
                doc.problems.append(doc.problem(("pattern",), unknown_pattern(parsed.pattern)))
            elif parsed.pattern in patterns:
                claims_pattern = parsed.pattern
            for i, claim in enumerate(parsed.claims):
                if claim.id in claims:
                    doc.problems.append(doc.problem(("claims", i, "id"), f"duplicate claim id '{claim.id}'"))
                    continue
                if claim.topic not in topics:
                    doc.problems.append(doc.problem(("claims", i, "topic"), unknown_topic(claim.topic)))
                claims[claim.id] = claim

    # Cross-references, once everything is known
    graph = check_relations(patterns, pattern_docs, pattern_ids, unknown_pattern)
    for pid, pattern in patterns.items():
        doc = pattern_docs[pid]
        for i, topic in enumerate(pattern.topics):
            if topic not in topics:
                doc.problems.append(doc.problem(("topics", i), unknown_topic(topic)))
        for i, example in enumerate(pattern.examples):
            quote = quotes.get(example.quote)
            if quote is None and example.quote in quote_ids:
                continue  # its file is broken and already reported
            if quote is None:
                doc.problems.append(doc.problem(("examples", i, "quote"), f"unknown quote '{example.quote}'" + _did_you_mean(example.quote, quotes)))
            elif pid not in quote.patterns:
                qdoc, qi = quote_docs[example.quote]
                doc.problems.append(doc.problem(("examples", i, "quote"),
                    f"quote '{example.quote}' does not list '{pid}' in its patterns ({qdoc.path}:{qdoc.line(('quotes', qi, 'patterns'))})"))

    for qid, quote in quotes.items():
        doc, qi = quote_docs[qid]
        for i, pid in enumerate(quote.patterns):
            if pid not in pattern_ids:
                doc.problems.append(doc.problem(("quotes", qi, "patterns", i), unknown_pattern(pid)))
        src = quote.source
        if src.verified:
            for name in ("url", "date"):
                if getattr(src, name) is None:
                    doc.problems.append(doc.problem(("quotes", qi, "source", name), "required when verified is true"))
            if src.confidence not in ("verified", "auto-transcript"):
                doc.problems.append(doc.problem(("quotes", qi, "source", "verified"),
                    f"cannot be true when confidence is '{src.confidence}'"))

    problems = [p for doc in docs for p in doc.problems]
    if problems:
        raise DataError(problems)

    sources = {f"pattern:{pid}": d.path for pid, d in pattern_docs.items()}
    sources.update({f"quote:{qid}": d.path for qid, (d, _) in quote_docs.items()})
    sources.update({f"topic:{tid}": d.path for tid, (d, _) in topic_docs.items()})
    if claims:
        sources["claims"] = "content/claims.yml"
    return Catalog(root, dict(sorted(patterns.items())), topics, quotes, quote_topic, sources,
                   claims=claims, claims_pattern=claims_pattern, relations=graph)
