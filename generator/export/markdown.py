"""Markdown twins: every pattern, topic and quiz page as clean Markdown beside its HTML page (paths.markdown).

No theme chrome and no HTML, quotes as blockquotes with their source, and absolute links, so a page
pasted into a chat still points at the published site. The same pattern text makes up llms-full.txt
and the skill's references.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .. import paths
from ..data.catalog import Catalog
from ..data.models import GRADES, Source
from ..cite import source_label
from ..i18n import labels
from ..quiz import build_quizzes
from . import mdescape

NOTE_LINK = re.compile(r"\[([^\[\]]*)\]\(quote:([^)\s]*)\)")  # [words](quote:id) in a quote note

TEMPLATES = Path(__file__).parent / "templates"


@functools.cache
def environment() -> jinja2.Environment:
    """Jinja for Markdown: every printed value Markdown-escaped (mdescape.finalize) unless it is
    mdescape.Markdown we built. Autoescape is on only so that macros return Markup (ours)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, finalize=mdescape.finalize,
        undefined=jinja2.StrictUndefined, keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True,
        comment_start_string="{##", comment_end_string="##}",
    )
    env.globals["heading"] = lambda level: mdescape.Markdown("#" * level)
    env.globals["prose"] = mdescape.prose
    return env


@dataclass(frozen=True)
class Word:
    """A business word and what to write instead, in one language."""
    word: str  # a word or phrase to avoid
    instead: str  # the plain word to use, in the page's language


_CJK = re.compile(r"[\u3400-\u9fff]")


def guide_words(catalog: Catalog, lang: str, adopted=None) -> list[Word]:
    """The checker's words to avoid (content/checker.yml) with the plain word in lang: English ones for en,
    Chinese then English for zh. Empty without the file, or when adopted (pattern ids) leaves out their pattern."""
    data = catalog.checker
    if data is None or (adopted is not None and data.links.avoid_word not in adopted):
        return []
    words = [Word(a.word, a.instead.get(lang).strip()) for a in data.avoid_words]
    if lang == paths.DEFAULT_LANG:
        return [w for w in words if not _CJK.search(w.word)]
    return sorted(words, key=lambda w: not _CJK.search(w.word))


def _squeeze(text: str) -> str:
    """No trailing spaces, at most one blank line in a row, one newline at the end."""
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in text.strip().split("\n"))) + "\n"


class MarkdownWriter:
    """Renders the exported Markdown of one language; site_root is that language's absolute root URL."""

    def __init__(self, catalog: Catalog, lang: str, site_root: str):
        self.catalog, self.lang, self.root = catalog, lang, site_root.rstrip("/") + "/"
        self.labels = labels(lang)
        self.words_pattern = catalog.checker.links.avoid_word if catalog.checker else None  # its page lists them

    def abs(self, path: str) -> mdescape.Markdown:
        """An absolute URL of a site path in this language, ready for a link destination."""
        return mdescape.url(paths.join(self.root, path))

    def cite(self, source: Source) -> mdescape.Markdown:
        """'Andrej Karpathy, [Blog post: Title](url), 2019-04-25' with the confidence when unverified."""
        L, esc = self.labels, mdescape.escape
        label = source_label(source, L)
        text = mdescape.link(label, source.url) if source.url else f"{esc(label)} ({esc(L['no_url'])})"
        line = ", ".join(p for p in (esc(L["author"]), text, esc(source.date or "")) if p)
        return mdescape.Markdown(line if source.verified else f"{line} ({esc(L[source.confidence])})")

    def links(self, text: str) -> mdescape.Markdown:
        """A note as Markdown: its prose escaped, each [words](quote:id) a link to that quote's card."""
        out, end = [], 0
        for m in NOTE_LINK.finditer(text):
            url = paths.join(self.root, paths.quote(self.catalog.quote_topic[m[2]], m[2]))
            out += [mdescape.escape(text[end:m.start()]), mdescape.link(m[1], url)]
            end = m.end()
        return mdescape.Markdown("".join(out) + mdescape.escape(text[end:]))

    def render(self, template: str, **context) -> str:
        """Render one of generator/export/templates/ with the writer's catalog, language and link helpers."""
        text = environment().get_template(template).render(
            c=self.catalog, L=self.labels, lang=self.lang, path=paths, abs=self.abs, cite=self.cite, links=self.links,
            t=lambda b: b.get(self.lang), GRADES=GRADES, **context)
        return _squeeze(text)

    def pattern(self, pid: str) -> str:
        """One pattern in full, its name an H1: its Markdown twin and the skill's reference file."""
        words = guide_words(self.catalog, self.lang) if pid == self.words_pattern else []
        return self.render("pattern.md.j2", p=self.catalog.patterns[pid], words=words)

    def patterns(self) -> dict[str, str]:
        """Pattern id -> pattern(id), for every pattern: rendered once, then passed to each export
        that holds them (twins, llms-full.txt, the skill's references)."""
        return {pid: self.pattern(pid) for pid in self.catalog.patterns}

    def pages(self, patterns: dict[str, str] | None = None, quizzes=None) -> dict[str, str]:
        """Site path of each Markdown twin -> its text: every pattern, topic and quiz. patterns:
        self.patterns() when already rendered; quizzes: build_quizzes' when already built."""
        cat = self.catalog
        patterns = patterns or self.patterns()
        out = {paths.markdown(paths.pattern(pid)): text for pid, text in patterns.items()}
        # A renamed pattern's old Markdown URL keeps working: the same text at the former id.
        out.update({paths.markdown(paths.pattern(old)): out[paths.markdown(paths.pattern(new))]
                    for old, new in cat.redirects().items()})
        for tid, topic in cat.topics.items():
            out[paths.markdown(paths.topic(tid))] = self.render(
                "topic.md.j2", topic=topic, quotes=cat.quotes_for_topic(tid))
        for quiz in build_quizzes(cat, self.lang) if quizzes is None else quizzes:
            out[paths.markdown(paths.quiz(quiz.id))] = self.render("quiz.md.j2", quiz=quiz)
        # A renamed topic's old Markdown URLs (its gallery and its quiz) keep working too.
        for old, new in cat.topic_redirects().items():
            for page in (paths.topic, paths.quiz):
                if (text := out.get(paths.markdown(page(new)))) is not None:
                    out[paths.markdown(page(old))] = text
        return out


def demote(markdown: str) -> str:
    """Exported Markdown with every heading one level down (H1 -> H2), for a page inside another.
    Only our headings start a line with '#': escape() puts a backslash before a field's."""
    return re.sub(r"^#", "##", markdown, flags=re.MULTILINE)
