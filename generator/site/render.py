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
from dataclasses import dataclass
from pathlib import Path

import jinja2
import markdown
import nh3
from markupsafe import Markup

from .. import paths
from ..check import checker
from ..data import manifest
from ..data.catalog import Catalog
from .guards import check_front_matter, yaml_text
from .i18n import labels
from .quiz import build_quizzes, quiz_for_pattern

TEMPLATES = Path(__file__).parent / "templates"

# Sources written in Markdown: their quote text is rendered, not shown raw.
MARKDOWN_VENUES = ("blog post", "readme", "essay")

# Contributed Markdown may produce only these tags, and links only to http(s).
_ALLOWED_TAGS = {"p", "em", "strong", "code", "a", "br"}
_ALLOWED_ATTRS = {"a": {"href"}}


@dataclass(frozen=True)
class Page:
    src_uri: str  # path under docs_dir, e.g. "patterns/vibe.md"
    content: str  # Markdown (with HTML blocks) for MkDocs
    source: str | None  # the YAML file a reader should edit, relative to the repo root


_MARKDOWN = markdown.Markdown(output_format="html")


@functools.lru_cache(maxsize=65536)
def _sanitised_markdown(text: str) -> str:
    # One Markdown instance, reset per call: building a parser costs more than using it.
    # The same summary is shown on many pages, so results are cached too.
    _MARKDOWN.reset()
    return nh3.clean(
        _MARKDOWN.convert(text), tags=_ALLOWED_TAGS, attributes=_ALLOWED_ATTRS, url_schemes={"http", "https"},
        link_rel="nofollow noopener",
    )


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


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")


def markdown_text(text: str) -> Markup:
    """Text for a Markdown heading: HTML-escaped and Markdown-escaped."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", html.escape(" ".join(text.split()), quote=False)))


def shorten(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:.") + " …"


@functools.lru_cache(maxsize=65536)
def relative_url(from_src_uri: str, to_dir: str) -> str:
    """Link from one page to a site path such as 'patterns/x/' (with optional #anchor)."""
    to_dir, _, anchor = to_dir.partition("#")
    here = paths.page_path(from_src_uri) or "."
    rel = posixpath.relpath(to_dir or ".", here)
    rel = "./" if rel == "." else rel + "/"
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
                       quote_text=plain_html, mdtext=markdown_text, shorten=shorten,
                       yaml_text=yaml_text)
    env.globals["MARKDOWN_VENUES"] = MARKDOWN_VENUES
    return env


class Renderer:
    def __init__(self, catalog: Catalog, lang: str):
        self.catalog = catalog
        self.lang = lang
        self.labels = labels(lang)
        self.env = template_environment()

    def source_label(self, source) -> str:
        """'Talk: Software Is Changing (Again)', or just 'Tweet' when the title says no more."""
        venue = self.labels["venues"][source.venue]
        return venue if source.title.casefold() == venue.casefold() or source.title == source.venue else f"{venue}: {source.title}"

    def citation(self, source) -> str:
        """The attribution line of a Markdown citation."""
        parts = [self.labels["author"], self.source_label(source), source.date, source.url]
        if not source.verified:
            parts.append(f"({self.labels[source.confidence]})")
        return ", ".join(p for p in parts if p)

    def t(self, bilingual) -> str:
        """The text of a Bilingual field in this build's language."""
        return bilingual.get(self.lang)

    def render(self, template: str, src_uri: str, source: str | None, **context) -> Page:
        def url(target: str) -> str:
            return relative_url(src_uri, target)

        content = self.env.get_template(template).render(
            c=self.catalog, L=self.labels, lang=self.lang, t=self.t, url=url, path=paths,
            source_label=self.source_label, citation=self.citation, **context
        )
        check_front_matter(src_uri, content)  # guards.SiteError: MkDocs would drop it silently
        return Page(src_uri, content, source)

    def pages(self) -> list[Page]:
        cat = self.catalog
        quizzes = build_quizzes(cat, self.lang)
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
            used = sorted({pid for q in quotes for pid in q.patterns})
            page = self.render("pages/topic.md.j2", src(paths.topic(tid)), source, topic=topic, quotes=quotes, used=used)
            notes = self.render("partials/moved.html.j2", page.src_uri, None, moved=moved.get(tid, {}))
            pages.append(Page(page.src_uri, page.content + "\n" + notes.content, page.source))
        pages.append(self.render("pages/quizzes.md.j2", src(paths.QUIZZES), None, quizzes=quizzes))
        for quiz in quizzes:
            pages.append(self.render("pages/quiz.md.j2", src(paths.quiz(quiz.id)), quiz.source, quiz=quiz))
        pages.append(self.render("pages/check.md.j2", src(paths.CHECK), None, instead=lambda w: checker.instead_text(w, self.lang),
                                 long_words=checker.LONG_WORDS, long_sentences=checker.LONG_SENTENCES))
        pages.append(self.render("pages/cheatsheet.md.j2", src(paths.CHEATSHEET), None))
        return pages


def render_pages(catalog: Catalog, lang: str) -> list[Page]:
    return Renderer(catalog, lang).pages()
