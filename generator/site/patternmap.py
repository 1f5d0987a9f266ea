"""The map of the patterns and their (symmetric) relations, laid out by Graphviz's `dot`.

Nodes and edges carry classes (`kp-map__node`, `kp-map__edge--<type>`) that overrides/assets/kp/site.css
paints with the theme's colours; line styles tell the types apart without colour. Same catalog, same bytes.
"""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
import textwrap

import graphviz

from ..data.catalog import Catalog
from ..data.models import RELATION_TYPES

STYLE = {"complements": "solid", "contrasts_with": "dashed", "often_confused_with": "dotted"}
DASHARRAY = {"complements": "none", "contrasts_with": "5,2", "often_confused_with": "1,5"}  # the legend's lines, as Graphviz draws STYLE
WRAP = {"en": 22, "zh": 10}  # characters per line of a node's label
FONT = "Noto Sans CJK SC"  # Debian's fonts-noto-cjk, which the social cards need too; Latin glyphs included


class MapError(Exception):
    """Graphviz is missing or failed; the message says what to install or what it printed."""


def pairs(catalog: Catalog) -> list[tuple[str, str, str]]:
    """Each related pair once, as (type, id, other id) with id < other id, sorted."""
    found = {(kind, min(pid, other), max(pid, other))
             for pid in catalog.patterns
             for kind, others in catalog.relations_of(pid).items() for other in others}
    return sorted(found, key=lambda p: (RELATION_TYPES.index(p[0]), p[1], p[2]))


_ZH_BREAK = "，、；：,;:）) "  # a Chinese line may end after these (a space: before or after a Latin word)


def label_lines(name: str, lang: str) -> list[str]:
    """A node's label as lines of about WRAP[lang] characters: English wraps at spaces; Chinese is cut after
    a comma or space when that gives two fair lines, else into equal lines (never a lone character)."""
    width = WRAP[lang]
    if lang != "zh" or len(name) <= width:
        return textwrap.wrap(name, width) or [name]
    breaks = [i + 1 for i, ch in enumerate(name) if ch in _ZH_BREAK and 0 < i + 1 < len(name)]
    fair = [i for i in breaks if max(i, len(name) - i) <= width + 2]
    if fair:
        cut = min(fair, key=lambda i: abs(len(name) - 2 * i))
        return [name[:cut].strip(), name[cut:].strip()]
    count = -(-len(name) // width)
    size = -(-len(name) // count)
    return [name[i:i + size].strip() for i in range(0, len(name), size)]


def dot_source(catalog: Catalog, lang: str, href) -> str:
    """DOT text of the map. href(pattern id) -> the link of its node, relative to the map page."""
    graph = graphviz.Graph("patterns", graph_attr={
        "layout": "neato", "overlap": "vpsc", "splines": "true", "sep": "+22", "start": "3",
        "bgcolor": "transparent", "pad": "0.2", "fontname": FONT,
    }, node_attr={"shape": "box", "style": "rounded", "fontname": FONT, "fontsize": "12", "margin": "0.12,0.06"})
    for pid, pattern in catalog.patterns.items():
        name = pattern.name.get(lang)
        # Contributed text is never DOT markup: escape() keeps "<...>" from being an HTML-like
        # label and backslashes from being DOT escapes; "\n" (backslash, n) is DOT's line break.
        lines = label_lines(name, lang)
        label = graphviz.nohtml("\\n".join(graphviz.escape(line) for line in lines))
        graph.node(pid, label=label, href=href(pid), target="_top", tooltip=graphviz.escape(pattern.summary.get(lang)),
                   id=f"map-{pid}", **{"class": "kp-map__node"})
    for kind, a, b in pairs(catalog):
        graph.edge(a, b, style=STYLE[kind], id=f"map-{a}--{b}", **{"class": f"kp-map__edge kp-map__edge--{kind}"})
    return graph.source


_COMMENT = re.compile(r"<!--.*?-->\s*", re.S)
_PROLOG = re.compile(r"^.*?(?=<svg)", re.S)


class Drawing:
    """A map being laid out by `dot` in its own process: start it early (it takes 2.5 s for 100 patterns,
    as long as a language's other pages), call result() when the page needs it."""

    def __init__(self, catalog: Catalog, lang: str, href, title: str):
        self.title = title
        with tempfile.TemporaryFile() as source:  # a file, not a pipe: dot starts at once, nothing to feed later
            source.write(dot_source(catalog, lang, href).encode("utf-8"))
            source.seek(0)
            try:
                self._proc = subprocess.Popen(["dot", "-Tsvg"], stdin=source, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            except FileNotFoundError:
                self._proc = None

    def result(self) -> str:
        """The map as an inline <svg> element (no XML prolog, no comments, no blank lines).
        Raises MapError when `dot` is not installed or fails."""
        if self._proc is None:
            raise MapError("Graphviz's `dot` is not installed: apt-get install graphviz (or `make build`)")
        stdout, stderr = self._proc.communicate()
        if self._proc.returncode != 0:
            raise MapError("Graphviz failed to draw the pattern map: " + stderr.decode("utf-8", "replace").strip())
        out = _COMMENT.sub("", _PROLOG.sub("", stdout.decode("utf-8")))
        # The drawing is a group of links; its name comes from us, not from Graphviz's graph title.
        out = re.sub(r"<svg ", f'<svg role="group" aria-label="{html.escape(self.title)}" ', out, count=1)
        out = re.sub(r"<title>patterns</title>\s*", "", out, count=1)
        return "\n".join(line for line in out.splitlines() if line.strip())
