"""Typed links between patterns: check what the files state, derive the other side (every type is
symmetric). A pair may be stated from either side or both, always with one type."""

from __future__ import annotations

from .loading import Loaded
from .models import RELATION_TYPES
from .references import unknown_pattern

# pattern id -> relation type -> ids of the other patterns, sorted
Graph = dict[str, dict[str, list[str]]]


def check_relations(state: Loaded) -> Graph:
    """Check every pattern's `relations` (problems go on its file) and return the symmetric graph, without the
    links that fail (a link to a pattern whose file is broken is not reported)."""
    patterns, docs = state.patterns, state.pattern_docs
    stated: dict[frozenset, tuple[str, str, tuple]] = {}  # pair -> (type, stating id, field path)
    graph: Graph = {pid: {kind: [] for kind in RELATION_TYPES} for pid in patterns}
    for pid, pattern in patterns.items():
        doc = docs[pid]
        for kind in RELATION_TYPES:
            for i, other in enumerate(getattr(pattern.relations, kind)):
                where = ("relations", kind, i)
                if other == pid:
                    doc.problems.append(doc.problem(where, "a pattern cannot be related to itself"))
                    continue
                if other not in state.known_patterns:
                    doc.problems.append(doc.problem(where, unknown_pattern(state, other)))
                    continue
                if other not in patterns:
                    continue  # its file is broken and already reported
                pair = frozenset((pid, other))
                if pair in stated:  # the same link stated from both sides, or twice, is fine
                    first_kind, first_id, first_where = stated[pair]
                    if first_kind != kind:
                        first_doc = docs[first_id]
                        doc.problems.append(doc.problem(where, (
                            f"'{other}' is already linked to '{pid}' as {first_kind} ({first_doc.path}:"
                            f"{first_doc.line(first_where)}); a pair of patterns has one relation type")))
                    continue
                stated[pair] = (kind, pid, where)
                graph[pid][kind].append(other)
                graph[other][kind].append(pid)
    for links in graph.values():
        for kind in links:
            links[kind] = sorted(set(links[kind]))
    return graph
