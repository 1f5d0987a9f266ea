"""Typed links between patterns: check what the files state, derive the rest.

Every relation type is symmetric: "a complements b" in patterns/a.yml means "b complements a" too.
A pair may be stated from either side or both, always with one type.
"""

from __future__ import annotations

from collections.abc import Callable

from .models import RELATION_TYPES, Pattern
from .yamlfile import YamlFile

# pattern id -> relation type -> ids of the other patterns, sorted
Graph = dict[str, dict[str, list[str]]]


def check_relations(patterns: dict[str, Pattern], docs: dict[str, YamlFile], known: set[str],
                    unknown_pattern: Callable[[str], str]) -> Graph:
    """Check every pattern's `relations` (problems go on docs[id]) and return the symmetric graph, without the
    links that fail; known: ids of every pattern file, valid or not (a link to a broken file is not reported)."""
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
                if other not in known:
                    doc.problems.append(doc.problem(where, unknown_pattern(other)))
                    continue
                if other not in patterns:
                    continue  # its file is broken and already reported
                pair = frozenset((pid, other))
                if pair in stated and stated[pair][0] != kind:
                    first_kind, first_id, first_where = stated[pair]
                    first_doc = docs[first_id]
                    doc.problems.append(doc.problem(where, (
                        f"'{other}' is already linked to '{pid}' as {first_kind} "
                        f"({first_doc.path}:{first_doc.line(first_where)}); a pair of patterns has one relation type")))
                    continue
                if pair in stated:
                    continue  # the same link stated from both sides, or twice
                stated[pair] = (kind, pid, where)
                graph[pid][kind].append(other)
                graph[other][kind].append(pid)
    for links in graph.values():
        for kind in links:
            links[kind] = sorted(set(links[kind]))
    return graph
