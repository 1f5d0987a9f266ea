"""llms.txt and llms-full.txt (llmstxt.org) of one language, and site_files(): every file for agents.

llms.txt has H2 sections of links with a one-line note each (patterns, topics, quizzes, the checker's
rules, the API, the downloads, "Optional"); llms-full.txt every pattern in full. Every link is absolute.
"""

from __future__ import annotations

from .. import paths
from ..check import checker
from ..data.catalog import Catalog
from ..i18n import labels
from ..quiz import build_quizzes
from . import skill
from .markdown import MarkdownWriter, demote, guide_words
from .mdescape import Markdown, escape, link, prose


def _line(text: str, limit: int = 160) -> str:
    """One line of a note: whitespace folded, cut at a word with an ellipsis past limit characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + " …"


def _link(title: str, url: str, note: str = "") -> str:
    """A list item: the link, then a one-line note; every text escaped (mdescape)."""
    return f"- {link(_line(title), url)}" + (f": {escape(_line(note))}" if note else "")


def _checker_lines(w: MarkdownWriter) -> list[str]:
    """One line per pattern and rule of the checker: what it flags, at which level."""
    L = w.labels["export"]
    lines = [_link(L["check_page"], w.abs(paths.CHECK), L["check_page_note"]),
             _link("check-rules.json", w.abs(paths.api("check-rules")), L["check_rules_note"])]
    grouped: dict[tuple[str, str], list] = {}
    for rule in checker.rules(w.catalog, w.lang, w.root).rules:
        grouped.setdefault((rule.pattern, rule.id), []).append(rule)
    for (pid, rule_id), rules in grouped.items():
        if rule_id == "avoid-word":
            words = [word.word for word in guide_words(w.catalog, w.lang)]
            note = L["rule_avoid_words"].format(n=len(words), words=", ".join(words[:12]))
        else:
            note = rules[0].message.replace("{match}", "…").replace("{words}", "N").replace("{sentences}", "N")
        name = w.catalog.patterns[pid].name.get(w.lang)
        lines.append(_link(f"{name}: {rule_id} ({rules[0].level})", w.abs(paths.markdown(paths.pattern(pid))), note))
    return lines


def _head(w: MarkdownWriter, site_name: str, details: Markdown) -> list[str]:
    summary = w.labels["export"]["llms_summary"].format(n=len(w.catalog.patterns))
    return [f"# {escape(site_name)}", "", f"> {escape(summary)}", "", details, ""]


def llms_txt(catalog: Catalog, lang: str, site_root: str, site_name: str, quizzes=None) -> str:
    """The llms.txt of one language's site (site_root: its absolute root URL; quizzes: build_quizzes', if built)."""
    w = MarkdownWriter(catalog, lang, site_root)
    L, t = w.labels["export"], lambda b: b.get(lang)

    def section(key: str, lines: list[str]) -> list[str]:
        return [f"## {escape(L[key])}", "", *lines, ""]

    out = _head(w, site_name, prose(L["llms_details"], full=w.abs(paths.LLMS_FULL)))
    out += section("section_patterns", [_link(t(p.name), w.abs(paths.markdown(paths.pattern(pid))), t(p.summary))
                                        for pid, p in catalog.patterns.items()])
    out += section("section_topics", [_link(t(tp.title), w.abs(paths.markdown(paths.topic(tid))), t(tp.intro))
                                      for tid, tp in catalog.topics.items()])
    out += section("section_quizzes", [_link(q.title, w.abs(paths.markdown(paths.quiz(q.id))), q.intro)
                                       for q in (build_quizzes(catalog, lang) if quizzes is None else quizzes)])
    out += section("section_checker", _checker_lines(w))
    out += section("section_api", [_link(f"{name}.json", w.abs(paths.api(name)), L[f"api_{name.replace('-', '_')}"])
                                   for name in paths.API_DOCUMENTS])
    out += section("section_downloads", [_link(title, w.abs(path), note) for title, path, note in downloads(lang, L)])
    # "Optional" is a keyword of the llms.txt format (links a reader may skip), not UI text: never translated.
    out += ["## Optional", "", _link(L["full_title"], w.abs(paths.LLMS_FULL), L["full_note"])]
    out += [_link(L[f"other_lang_{other}"], paths.join(paths.site_root(paths.english_root(site_root, lang), other),
                                                       paths.LLMS))
            for other in paths.LANGS if other != lang]
    return "\n".join(out) + "\n"


def downloads(lang: str, L) -> list[tuple[str, str, str]]:
    """(title, site path, note) of each download of one language (L: the locale's export table)."""
    return [(L["download_skill"], paths.skill_zip(lang), L["download_skill_note"]),
            (L["download_agents"], paths.agents_md(), L["download_agents_note"]),
            (L["download_cursor"], paths.cursor_rules(lang), L["download_cursor_note"])]


def llms_full_txt(catalog: Catalog, lang: str, site_root: str, site_name: str, patterns: dict[str, str]) -> str:
    """Every pattern in full, each an H2 (patterns: MarkdownWriter.patterns())."""
    w = MarkdownWriter(catalog, lang, site_root)
    head = _head(w, site_name, prose(w.labels["export"]["full_details"], index=w.abs(paths.LLMS)))
    return "\n".join(head) + "\n" + "\n".join(map(demote, patterns.values()))


def site_files(catalog: Catalog, lang: str, site_root: str, quizzes=None) -> dict[str, str | bytes]:
    """Site path -> content of every file for agents of one language: llms.txt, llms-full.txt, the
    Markdown twins and the downloads. generate.py adds them to the site; `export llms` writes them.
    Each pattern is rendered once for all of them. quizzes: build_quizzes' when already built."""
    name = labels(lang)["export"]["guide_name"]
    w = MarkdownWriter(catalog, lang, site_root)
    patterns = w.patterns()
    quizzes = build_quizzes(catalog, lang) if quizzes is None else quizzes
    out: dict[str, str | bytes] = {paths.LLMS: llms_txt(catalog, lang, site_root, name, quizzes),
                                   paths.LLMS_FULL: llms_full_txt(catalog, lang, site_root, name, patterns)}
    out.update(w.pages(patterns, quizzes))
    out.update(skill.downloads(catalog, lang, site_root, name, patterns))
    return out
