"""Catalog -> Markdown pages, through Jinja2 templates. No MkDocs here.

Contributed text reaches a page in one of two ways only: escaped as plain
text, or rendered from inline Markdown and then sanitised with nh3. The
templates autoescape, so forgetting a filter fails safe.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markdown
import nh3
from markupsafe import Markup

from .. import paths
from ..check import rules as checker_rules
from ..data import bydocument, checker, manifest
from ..data.catalog import Catalog
from ..data.models import GRADES, RELATION_TYPES
from ..data.references import QUOTE_LINK
from . import patternmap
from ..cite import citation, source_label
from ..excerpt import excerpt, pattern_keys
from .guards import check_front_matter, yaml_text
from ..i18n import labels
from ..quiz import build_quizzes, quiz_for_pattern

TEMPLATES = Path(__file__).parent / "templates"

# Sources written in Markdown: their quote text is rendered, not shown raw.
MARKDOWN_VENUES = ("blog post", "readme", "essay")

# Contributed Markdown may produce only these tags, and links only to http(s).
_ALLOWED_TAGS = {"p", "em", "strong", "code", "a", "br"}
_ALLOWED_ATTRS = {"a": {"href"}}


@dataclass(frozen=True)
class Page:
    """A generated page: Markdown for MkDocs, or a finished HTML file (redirects)."""
    src_uri: str  # path under docs_dir, e.g. "patterns/vibe.md"
    content: str  # Markdown (with HTML blocks) for MkDocs
    source: str | None  # the YAML file a reader should edit, relative to the repo root


_MARKDOWN = markdown.Markdown(output_format="html")
# One line that starts with nothing that opens a block and holds no inline syntax, nothing to escape
# and no tab or control character: Python-Markdown makes it one <p> (most summaries and notes).
_PLAIN_LINE = re.compile(r"[^\s\d\x00-\x1f\x7f#>*+\-=_`\\\[\]<&!|][^\s\x00-\x1f\x7f\\`*_\[\]<>&]*"
                         r"(?:[ \u3000][^\s\x00-\x1f\x7f\\`*_\[\]<>&]+)*")


@functools.lru_cache(maxsize=65536)
def _sanitised_markdown(text: str) -> str:
    # One Markdown instance, reset per call: building a parser costs more than using it.
    # The same summary is shown on many pages, so results are cached too.
    html = f"<p>{text}</p>" if _PLAIN_LINE.fullmatch(text) else _MARKDOWN.reset().convert(text)
    return nh3.clean(html, tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRS, url_schemes={"http", "https"},
                     link_rel="nofollow noopener")


def markdown_html(text: str, inline: bool = False) -> Markup:
    """Inline Markdown -> sanitised HTML, with no blank lines (they would end an HTML block)."""
    clean = _sanitised_markdown(text)
    if inline:
        # One line of text: paragraphs become line breaks, so nothing nests inside a <p> or <td>.
        clean = re.sub(r"</p>\s*<p>", "<br>", clean.strip())
        clean = re.sub(r"^<p>(.*)</p>$", r"\1", clean, flags=re.DOTALL)
    return Markup(re.sub(r"\n\s*\n", "\n", clean.strip()))


def plain_html(text: str) -> Markup:
    """Verbatim text (a quote): escaped, line breaks kept, no Markdown."""
    return Markup("<br>".join(html.escape(line) for line in text.strip().split("\n")))


def quote_body(text: str, venue: str | None) -> Markup:
    """A quote or its translation as HTML block(s): Markdown (sanitised) when its source is a
    Markdown venue (blog post, README), else verbatim text in one <p>. The same rule for both."""
    return markdown_html(text) if venue in MARKDOWN_VENUES else Markup(f"<p>{plain_html(text)}</p>")


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def markdown_text(text: str) -> Markup:
    """Text for a Markdown heading: HTML-escaped and Markdown-escaped."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False)))


@jinja2.pass_context
def shorten(context, text: str, limit: int = 110, pattern=None) -> str:
    """Text on one line, at most about `limit` characters, cut with one "…" (excerpt.py). Given the
    pattern it illustrates (a models.Pattern), the cut keeps the words that show it; the page's
    Renderer works out each pattern's words once (`pattern_keys` in the context)."""
    return excerpt(text, limit, context["pattern_keys"](pattern) if pattern is not None else ())


def plain_words(text: str) -> str:
    """Inline Markdown -> the words a reader sees (for a description), from the sanitised HTML the page shows."""
    return " ".join(html.unescape(nh3.clean(_sanitised_markdown(text), tags=set())).split())


@functools.lru_cache(maxsize=65536)
def relative_url(from_src_uri: str, to_dir: str, zensical_root: str | None = None) -> str:
    """Link from one page to a site path such as 'patterns/x/' (with optional #anchor).
    zensical_root None: relative to the page's URL, since MkDocs leaves links in raw HTML as written.
    For Zensical, the language's root URL ('https://x.org/repo/zh/'): Zensical resolves links in
    raw HTML from the page's source file, as Markdown links (zensical#258), and turns every link
    to a .md file into a page URL (warning that no such page exists), so links are relative to the
    source file and a .md file (a Markdown twin) gets its full URL, which it leaves alone."""
    to_dir, _, anchor = to_dir.partition("#")
    if zensical_root is not None and to_dir.endswith(".md"):
        return zensical_root + to_dir + (f"#{anchor}" if anchor else "")
    here = (posixpath.dirname(from_src_uri) if zensical_root is not None else paths.page_path(from_src_uri)) or "."
    rel = posixpath.relpath(to_dir or ".", here)
    rel = "./" if rel == "." else rel + ("/" if to_dir.endswith("/") or not to_dir else "")  # a file keeps its name
    return rel + (f"#{anchor}" if anchor else "")


@functools.cache
def template_environment() -> jinja2.Environment:
    """One environment per process: `mkdocs serve` rebuilds reuse the compiled templates
    (auto_reload still picks up an edited template)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # Markdown uses {#id} for heading anchors, so Jinja comments are {## ... ##}.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters.update(md=markdown_html, md_inline=lambda t: markdown_html(t, inline=True),
                       quote_text=plain_html, quote_body=quote_body, mdtext=markdown_text, shorten=shorten,
                       yaml_text=yaml_text, plain=plain_words)
    env.globals.update(MARKDOWN_VENUES=MARKDOWN_VENUES, GRADES=GRADES)
    return env


class Renderer:
    """Renders one language's pages from the checked catalog; see `render_pages`."""

    def __init__(self, catalog: Catalog, lang: str, preview: bool = False, zensical_root: str | None = None):
        self.catalog = catalog
        self.lang = lang
        self.zensical_root = zensical_root  # None for MkDocs, the language's root URL for Zensical (relative_url)
        self.preview = preview  # a local preview may lack Graphviz: the map page then shows its list only
        self.map_skipped: str | None = None  # why the map was not drawn in a preview
        self.labels = labels(lang)
        self.drawing: patternmap.Drawing | None = None
        self._keys: dict[str, tuple] = {}  # pattern id -> excerpt.pattern_keys, worked out on first use

    def keys(self, pattern) -> tuple:
        """The regexes of the words that show a pattern (excerpt.pattern_keys), once per pattern."""
        if pattern.id not in self._keys:
            self._keys[pattern.id] = pattern_keys(pattern)
        return self._keys[pattern.id]

    def start_map(self) -> None:
        """Start `dot` on the map in its own process, so it lays out while the other pages render."""
        if self.drawing is None:
            map_uri = paths.source_uri(paths.PATTERN_MAP)
            self.drawing = patternmap.Drawing(
                self.catalog, self.lang, lambda pid: relative_url(map_uri, paths.pattern(pid), self.zensical_root),
                self.labels["map_title"])

    def render(self, template: str, src_uri: str, source: str | None, **context) -> Page:
        """One page: templates/<template> rendered for the page at src_uri (links made relative to it)."""
        def url(target: str) -> str:
            return relative_url(src_uri, target, self.zensical_root)

        def fetch_url(target: str) -> str:  # for a script's fetch: from the page's URL, which no engine rewrites
            return relative_url(src_uri, target)

        def links(text: str) -> str:  # [words](quote:id) in a note -> a link to that quote's card
            return QUOTE_LINK.sub(lambda m: f"]({url(paths.quote(self.catalog.quote_topic[m[1]], m[1]))})", text)

        content = template_environment().get_template(template).render(
            c=self.catalog, L=self.labels, lang=self.lang, t=lambda field: field.get(self.lang), url=url,
            fetch_url=fetch_url, links=links, path=paths, pattern_keys=self.keys,
            source_label=lambda s: source_label(s, self.labels), citation=lambda s: citation(s, self.labels), **context
        )
        check_front_matter(src_uri, content)  # guards.SiteError: MkDocs would drop it silently
        return Page(src_uri, content, source)

    def pages(self, quizzes=None) -> list[Page]:
        """Every generated page of this language: pattern table and pages, topics, quizzes, check, cheat
        sheet. quizzes: build_quizzes' for this language when already built (the exports use them too)."""
        cat = self.catalog
        self.start_map()
        quizzes = build_quizzes(cat, self.lang) if quizzes is None else quizzes
        src = paths.source_uri
        moved = manifest.moved_anchors(cat, manifest.read_manifest(cat.root / manifest.MANIFEST))
        pages = [self.render("pages/patterns.md.j2", src(paths.PATTERNS), None)]
        for pid, pattern in cat.patterns.items():
            pages.append(self.render("pages/pattern.md.j2", src(paths.pattern(pid)), cat.sources[f"pattern:{pid}"],
                                     p=pattern, quiz=quiz_for_pattern(quizzes, pattern)))
        pages.append(self.render("pages/topics.md.j2", src(paths.TOPICS), "content/topics.yml"))
        for tid, topic in cat.topics.items():
            quotes = cat.quotes_for_topic(tid)
            source = f"content/quotes/{tid}.yml" if quotes else "content/topics.yml"
            # pattern id -> how many of the topic's quotes show it (the filter's counts), by id
            used = {pid: sum(pid in q.patterns for q in quotes) for pid in sorted({pid for q in quotes for pid in q.patterns})}
            page = self.render("pages/topic.md.j2", src(paths.topic(tid)), source, topic=topic, quotes=quotes, used=used)
            notes = self.render("partials/moved.html.j2", page.src_uri, None, moved=moved.get(tid, {}))
            pages.append(Page(page.src_uri, page.content + "\n" + notes.content, page.source))
        pages.append(self.render("pages/quizzes.md.j2", src(paths.QUIZZES), None, quizzes=quizzes))
        for quiz in quizzes:
            pages.append(self.render("pages/quiz.md.j2", src(paths.quiz(quiz.id)), quiz.source, quiz=quiz))
        pages.append(self.render("pages/check.md.j2", src(paths.CHECK), checker.PATH,
                                 checker_data=cat.checker, CL=checker_rules.messages(self.lang)))
        pages.append(self.render("pages/cheatsheet.md.j2", src(paths.CHEATSHEET), None))
        # Always a page (the nav and the home page link it), as /check/ is without content/checker.yml.
        kinds = bydocument.load(cat.root, cat)
        pages.append(self.render("pages/by-document.md.j2", src(paths.BY_DOCUMENT), bydocument.PATH,
                                 documents=kinds.documents if kinds else []))
        pages.append(self.map_page())  # last: `dot` lays the map out while the other pages render
        return pages

    def map_page(self) -> Page:
        """patterns/map/: the relations drawn by Graphviz, then the same relations as a list."""
        src_uri = paths.source_uri(paths.PATTERN_MAP)
        try:
            drawing = Markup(self.drawing.result())  # started by pages()
        except patternmap.MapError as err:
            if not self.preview:
                raise
            drawing, self.map_skipped = None, str(err)
        return self.render("pages/map.md.j2", src_uri, None, drawing=drawing,
                           relation_types=RELATION_TYPES, dasharray=patternmap.DASHARRAY)


def render_pages(catalog: Catalog, lang: str, preview: bool = False, on_skip=None) -> list[Page]:
    """The generated Markdown pages of one language's site, in memory, from the checked catalog.
    Raises jinja2 errors only for a broken template, never for data. A missing Graphviz raises
    patternmap.MapError, except in a preview, where the map page shows its list and on_skip(why) is called."""
    renderer = Renderer(catalog, lang, preview)
    pages = renderer.pages()
    if renderer.map_skipped and on_skip:
        on_skip(renderer.map_skipped)
    return pages


def featured_html(catalog: Catalog, lang: str, src_uri: str, ids, zensical_root: str | None = None) -> str:
    """The featured-patterns cards a hand-written page asks for with `featured: [ids]` in its front matter.
    src_uri: the page's file under docs_dir (links are relative to it; zensical_root as in relative_url).
    Raises ValueError naming the first bad entry when ids is not a list of known pattern ids."""
    if not isinstance(ids, list) or not ids:
        raise ValueError(f"field 'featured': expected a list of pattern ids, found {ids!r}")
    for i, pid in enumerate(ids):
        if pid not in catalog.patterns:
            raise ValueError(f"field 'featured[{i}]': unknown pattern {pid!r}")
    renderer = Renderer(catalog, lang, zensical_root=zensical_root)
    return renderer.render("partials/featured.html.j2", src_uri, None,
                           featured=[catalog.patterns[pid] for pid in ids]).content


EVIDENCE_MARK = "<!-- kp:evidence -->"  # where a hand-written page shows how sure we are of the quotes


def evidence_html(catalog: Catalog, lang: str, src_uri: str, zensical_root: str | None = None) -> str:
    """One paragraph counting the quotes by confidence, from the data, so it stays true as quotes are added.
    Replaces EVIDENCE_MARK in a hand-written page (the home page, /about/)."""
    counts = Counter(quote.source.confidence for quote in catalog.quotes.values())  # 0 for a kind with none
    renderer = Renderer(catalog, lang, zensical_root=zensical_root)
    return renderer.render("partials/evidence.html.j2", src_uri, None, total=len(catalog.quotes),
                           counts=counts).content.strip()
