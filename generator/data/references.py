"""The second phase of loading: what files say about each other, checked once every file is indexed.

A reference to an id whose file exists but did not load is not reported: the broken file already
is (one cause, one problem). Problems land on the YamlFile of the reference.
"""

from __future__ import annotations

import re

from .. import paths
from .loading import Loaded, fold
from .lookalike import lookalikes, skeleton
from .problems import did_you_mean

# A link to another quote inside a note: [his line on patience](quote:patience-and-detail).
# The site and the exports turn it into that quote's URL; no reader sees the id.
QUOTE_LINK = re.compile(r"\]\(quote:([^)\s]*)\)")


def unknown_pattern(state: Loaded, name: str) -> str:
    """The message for a reference to a pattern id that does not exist: where it was renamed to, or the closest id."""
    hint = f" (it was renamed to '{state.former[name]}')" if name in state.former else did_you_mean(name, state.patterns)
    return f"unknown pattern '{name}'{hint}"


def unknown_topic(state: Loaded, name: str) -> str:
    """The message for a reference to a topic id that does not exist, with the closest id."""
    return f"unknown topic '{name}'" + did_you_mean(name, state.topics)


def check_former_ids(state: Loaded) -> None:
    """Former ids are never a current id of their kind nor claimed twice. Pattern ones are known (state.former)
    before any reference is checked, so 'unknown pattern' can say where it went."""
    kinds = (
        ("pattern", state.former, lambda old: old in state.patterns or fold(old) in state.folded,
         [(p, state.pattern_docs[pid], ()) for pid, p in state.patterns.items()]),
        ("topic", {}, state.known_topics.__contains__,
         [(t, doc, ("topics", i)) for tid, t in state.topics.items() for doc, i in [state.topic_docs[tid]]]),
        ("quote", {}, state.known_quotes.__contains__,
         [(q, doc, ("quotes", i)) for qid, q in state.quotes.items() for doc, i in [state.quote_docs[qid]]]),
    )
    for kind, claimed, current, items in kinds:
        for item, doc, prefix in items:
            for i, old in enumerate(item.former_ids):
                where = prefix + ("former_ids", i)
                if current(old):
                    doc.problems.append(doc.problem(where, f"'{old}' is the id of a current {kind}"))
                elif old in claimed:
                    doc.problems.append(doc.problem(where, f"'{old}' is already a former id of '{claimed[old]}'"))
                else:
                    claimed[old] = item.id


def check_unique_names(state: Loaded) -> None:
    """Two patterns (or topics) with one name in one language could not be told apart."""
    for items, field in ((((pid, p.name, state.pattern_docs[pid], ()) for pid, p in state.patterns.items()), "name"),
                         (((tid, t.title, d, ("topics", i)) for tid, t in state.topics.items()
                           for d, i in [state.topic_docs[tid]]), "title")):
        seen: dict[tuple[str, str], tuple[str, str]] = {}  # (lang, skeleton) -> (id, text)
        for ident, text, doc, prefix in items:
            for lang in paths.LANGS:
                name = text.get(lang)
                # Case, runs of spaces and look-alike characters (a Cyrillic о for an o) do not make a new name.
                key = (lang, skeleton(fold(" ".join(name.split()))))
                if key not in seen:
                    seen[key] = (ident, name)
                    continue
                other, shown = seen[key]
                if fold(" ".join(name.split())) == fold(" ".join(shown.split())):
                    message = f"'{name}' is also the {field} of '{other}'"
                else:
                    message = (f"'{name}' looks the same as '{shown}', the {field} of '{other}': it differs only by "
                               f"look-alike characters ({', '.join(lookalikes(name, shown))}); choose another {field}")
                doc.problems.append(doc.problem(prefix + (field, lang), message))


def check_pattern_refs(state: Loaded) -> None:
    """topics and examples of every pattern (its relations: relations.py)."""
    for pid, pattern in state.patterns.items():
        doc = state.pattern_docs[pid]
        for i, topic in enumerate(pattern.topics):
            if not state.knows_topic(topic):
                doc.problems.append(doc.problem(("topics", i), unknown_topic(state, topic)))
        for i, example in enumerate(pattern.examples):
            quote = state.quotes.get(example.quote)
            if quote is None and not state.knows_quote(example.quote):
                doc.problems.append(doc.problem(("examples", i, "quote"),
                                                f"unknown quote '{example.quote}'" + did_you_mean(example.quote, state.quotes)))
            elif quote is not None and pid not in quote.patterns:
                qdoc, qi = state.quote_docs[example.quote]
                doc.problems.append(doc.problem(("examples", i, "quote"),
                    f"quote '{example.quote}' does not list '{pid}' in its patterns ({qdoc.path}:{qdoc.line(('quotes', qi, 'patterns'))})"))


def check_quote_refs(state: Loaded) -> None:
    """The topic of every quote file, the patterns and source of every quote."""
    for doc, topic in state.quote_files:
        if not state.knows_topic(topic):
            doc.problems.append(doc.problem(("topic",), unknown_topic(state, topic)))
    for qid, quote in state.quotes.items():
        doc, qi = state.quote_docs[qid]
        for i, pid in enumerate(quote.patterns):
            if pid not in state.known_patterns:
                doc.problems.append(doc.problem(("quotes", qi, "patterns", i), unknown_pattern(state, pid)))
        src = quote.source
        for lang in paths.LANGS if src.note else ():
            for target in QUOTE_LINK.findall(src.note.get(lang)):
                if target not in state.known_quotes:
                    doc.problems.append(doc.problem(("quotes", qi, "source", "note", lang),
                        f"links unknown quote '{target}'" + did_you_mean(target, state.quotes)))
        if src.verified:
            for name in ("url", "date"):
                if getattr(src, name) is None:
                    doc.problems.append(doc.problem(("quotes", qi, "source", name), "required when verified is true"))
            if src.confidence not in ("verified", "auto-transcript"):
                doc.problems.append(doc.problem(("quotes", qi, "source", "verified"),
                    f"cannot be true when confidence is '{src.confidence}'"))


def check_claim_refs(state: Loaded) -> str | None:
    """The pattern and topics claims.yml names; returns the pattern the claims practise, if any."""
    if not state.claims_doc:
        return None
    doc, parsed = state.claims_doc
    claims_pattern = None
    if parsed.pattern is not None and parsed.pattern not in state.known_patterns:
        doc.problems.append(doc.problem(("pattern",), unknown_pattern(state, parsed.pattern)))
    elif parsed.pattern in state.patterns:
        claims_pattern = parsed.pattern
    for i, claim in enumerate(parsed.claims):
        if not state.knows_topic(claim.topic):
            doc.problems.append(doc.problem(("claims", i, "topic"), unknown_topic(state, claim.topic)))
    return claims_pattern
