"""An agent skill, an AGENTS.md section and a Cursor rule, from the pattern data.

    <name>/SKILL.md                  front matter (name, description, license) + how to write and check
    <name>/references/<pattern>.md   each pattern in full, read by the agent on demand
    AGENTS.md, <name>.mdc            the same instructions as an AGENTS.md section and a Cursor rule

agentskills.io's format (tests/test_skill.py runs its validator, skills-ref): `name` is lowercase
letters, digits and single hyphens, the folder's name, at most 64 characters.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field

import yaml

from .. import paths
from ..data.catalog import Catalog
from ..cite import DATA_LICENSE, DATA_LICENSE_NOTE
from ..i18n import labels
from .markdown import MarkdownWriter, Word, guide_words
from .mdescape import escape

WORDS_IN_BODY = 12  # the skill's body lists this many words to avoid; references/words-to-avoid.md has them all
WORDS_FILE = "references/words-to-avoid.md"

# The file SKILL.md's `license` field points to (agentskills.io: a licence name or a bundled file).
LICENSE_TXT = f"{DATA_LICENSE}\n\n{DATA_LICENSE_NOTE}\n\nFull text: https://creativecommons.org/licenses/by/4.0/legalcode\n"

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed, so the same data gives the same zip, byte for byte


@dataclass
class Selection:
    """Which patterns a skill covers: all of them, or a team's subset (generator/export/team.py)."""

    name: str  # the skill's name and folder
    title: str  # its heading
    adopted: list[str]  # pattern ids, in order
    notes: dict[str, str] = field(default_factory=dict)  # pattern id -> the team's note
    avoided: dict[str, tuple[str, str]] = field(default_factory=dict)  # pattern id -> (its name, why the team avoids it)
    extra_words: list[Word] = field(default_factory=list)  # words to avoid beyond the patterns'


def full_selection(catalog: Catalog, lang: str) -> Selection:
    """The whole guide: every pattern."""
    return Selection(paths.SKILL_NAME[lang], labels(lang)["export"]["skill_title"], list(catalog.patterns))


class SkillWriter:
    """The skill's files for one language and selection; site_root is the language's absolute root."""

    def __init__(self, catalog: Catalog, lang: str, site_root: str, site_name: str, selection: Selection,
                 patterns: dict[str, str] | None = None):
        """patterns: MarkdownWriter.patterns() when already rendered (the references are the same text)."""
        self.md = MarkdownWriter(catalog, lang, site_root)
        self.patterns = patterns or {}
        self.X = self.md.labels["export"]
        self.catalog, self.lang, self.site_name, self.sel = catalog, lang, site_name, selection

    def words(self) -> list[Word]:
        """The words to avoid: the team's own first, then the guide's (when their pattern is adopted)."""
        own = list(self.sel.extra_words)
        known = {w.word for w in own}
        return own + [w for w in guide_words(self.catalog, self.lang, self.sel.adopted) if w.word not in known]

    def body(self, depth: int, ref, words_file: str | None = None) -> str:
        """The instructions; ref(pid) -> the link of a pattern's full text. With words_file, the body
        lists the first WORDS_IN_BODY words to avoid, that file all of them."""
        patterns = {pid: self.catalog.patterns[pid] for pid in self.sel.adopted}
        words = self.words()
        shown = words[:WORDS_IN_BODY] if words_file else words
        para = self.catalog.checker
        return self.md.render("skill-body.md.j2", X=self.X, depth=depth, patterns=patterns, ref=ref,
                              notes=self.sel.notes, avoided=self.sel.avoided, words=shown,
                              words_file=words_file if len(shown) < len(words) else None, words_total=len(words),
                              site=self.md.root, site_name=self.site_name,
                              long_words=para.paragraphs.long_words if para else None,
                              long_sentences=para.paragraphs.long_sentences if para else None)

    def skill_md(self) -> str:
        """SKILL.md: name, description and license front matter, then the body an agent reads first."""
        head = _front_matter(name=self.sel.name, description=self.X["skill_description"].strip(),
                                 license=self.X["skill_license"].strip())
        return f"{head}\n# {escape(self.sel.title)}\n\n" + self.body(2, lambda pid: f"references/{pid}.md", WORDS_FILE)

    def skill_files(self) -> dict[str, str]:
        """Path inside the skill folder -> text."""
        out = {"SKILL.md": self.skill_md(), "LICENSE.txt": LICENSE_TXT}
        out.update({f"references/{pid}.md": self.patterns.get(pid) or self.md.pattern(pid) for pid in self.sel.adopted})
        if words := self.words():
            out[WORDS_FILE] = self.md.render("words.md.j2", X=self.X, words=words)
        return out

    def page(self, pid: str) -> str:
        """The absolute URL of a pattern's Markdown page on the published site."""
        return self.md.abs(paths.markdown(paths.pattern(pid)))

    def agents_md(self) -> str:
        """A section for AGENTS.md: one H2, links to the published Markdown pages."""
        return f"## {escape(self.sel.title)}\n\n" + self.body(3, self.page)

    def cursor_rule(self) -> str:
        """A Cursor project rule (.mdc): front matter, then the instructions."""
        head = _front_matter(description=self.X["cursor_description"].strip(), globs="", alwaysApply=False)
        return f"{head}\n# {escape(self.sel.title)}\n\n" + self.body(2, self.page)


def _front_matter(**fields) -> str:
    """YAML front matter (between --- lines) holding fields in the given order."""
    return "---\n" + yaml.safe_dump(fields, allow_unicode=True, sort_keys=False, width=10_000) + "---\n"


def skill_zip(files: dict[str, str], folder: str) -> bytes:
    """A zip of the skill folder (folder/SKILL.md, folder/references/...), the same bytes for the same files."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for rel in sorted(files):
            info = zipfile.ZipInfo(f"{folder}/{rel}", ZIP_TIME)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            archive.writestr(info, files[rel].encode("utf-8"))
    return buffer.getvalue()


def downloads(catalog: Catalog, lang: str, site_root: str, site_name: str, patterns=None) -> dict[str, str | bytes]:
    """Site path -> content of each download of one language: the skill zip, AGENTS.md, the Cursor rule.
    patterns: MarkdownWriter.patterns() when already rendered."""
    writer = SkillWriter(catalog, lang, site_root, site_name, full_selection(catalog, lang), patterns)
    return {paths.skill_zip(lang): skill_zip(writer.skill_files(), writer.sel.name),
            paths.agents_md(): writer.agents_md(),
            paths.cursor_rules(lang): writer.cursor_rule()}
