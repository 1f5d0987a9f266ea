"""llms.txt and llms-full.txt (llmstxt.org), one pair per language.

    llms.txt       H1, a blockquote summary, then H2 sections of links with a one-line
                   note each: patterns (their Markdown twins), topics, quizzes, the
                   checker's rules, the API, the downloads; "Optional" last.
    llms-full.txt  the same heading and summary, then every pattern in full, with its
                   quotes and their sources (the text of the Markdown twins).

Every link is absolute, under the language's site root.
"""

from __future__ import annotations

from .. import paths
from ..check import checker
from ..data.catalog import Catalog
from ..quiz import build_quizzes
from .markdown import MarkdownWriter, guide_words
from .mdescape import escape, link

API_FILES = ("patterns", "quotes", "topics", "check-rules")


def _line(text: str, limit: int = 160) -> str:
    """One line of a note: whitespace folded, cut at a word with an ellipsis past limit characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(",;:.") + " …"


def _link(title: str, url: str, note: str = "") -> str:
    """A list item: the link, then a one-line note; every text escaped (mdescape)."""
    return f"- {link(_line(title), url)}" + (f": {escape(_line(note))}" if note else "")


def _checker_lines(w: MarkdownWriter) -> list[str]:
    """One line per pattern and rule of the checker: what it flags, at which level."""
    L, md = w.labels["export"], lambda pid: w.abs(paths.markdown(paths.pattern(pid)))
    ruleset = checker.rules(w.catalog, w.lang, w.root)
    lines = [_link(L["check_page"], w.abs(paths.CHECK), L["check_page_note"]),
             _link("check-rules.json", w.abs(paths.api("check-rules")), L["check_rules_note"])]
    grouped: dict[tuple[str, str], list] = {}
    for rule in ruleset.rules:
        grouped.setdefault((rule.pattern, rule.id), []).append(rule)
    for (pid, rule_id), rules in grouped.items():
        name = w.catalog.patterns[pid].name.get(w.lang)
        if rule_id == "avoid-word":
            words = [word.word for word in guide_words(w.catalog, w.lang)]
            note = L["rule_avoid_words"].format(n=len(words), words=", ".join(words[:12]))
        else:
            note = rules[0].message.replace("{match}", "…").replace("{words}", "N").replace("{sentences}", "N")
        lines.append(_link(f"{name}: {rule_id} ({rules[0].level})", md(pid), note))
    return lines


def llms_txt(catalog: Catalog, lang: str, site_root: str, site_name: str) -> str:
    """The llms.txt of one language's site (site_root: its absolute root URL)."""
    w = MarkdownWriter(catalog, lang, site_root)
    L, t = w.labels["export"], lambda b: b.get(lang)
    out = [f"# {escape(site_name)}", "", f"> {escape(L['llms_summary'].format(n=len(catalog.patterns)))}", "",
           escape(L["llms_details"].format(full=w.abs(paths.LLMS_FULL))), "", f"## {escape(L['section_patterns'])}", ""]
    out += [_link(t(p.name), w.abs(paths.markdown(paths.pattern(pid))), t(p.summary)) for pid, p in catalog.patterns.items()]
    out += ["", f"## {escape(L['section_topics'])}", ""]
    out += [_link(t(tp.title), w.abs(paths.markdown(paths.topic(tid))), t(tp.intro)) for tid, tp in catalog.topics.items()]
    out += ["", f"## {escape(L['section_quizzes'])}", ""]
    out += [_link(q.title, w.abs(paths.markdown(paths.quiz(q.id))), q.intro) for q in build_quizzes(catalog, lang)]
    out += ["", f"## {escape(L['section_checker'])}", "", *_checker_lines(w)]
    out += ["", f"## {escape(L['section_api'])}", ""]
    out += [_link(f"{name}.json", w.abs(paths.api(name)), L[f"api_{name.replace('-', '_')}"]) for name in API_FILES]
    out += ["", f"## {escape(L['section_downloads'])}", ""]
    out += [_link(title, w.abs(path), note) for title, path, note in downloads(lang, L)]
    # "Optional" is a keyword of the llms.txt format (links a reader may skip), not UI text: never translated.
    out += ["", "## Optional", "", _link(L["full_title"], w.abs(paths.LLMS_FULL), L["full_note"])]
    out += [_link(L[f"other_lang_{other}"], paths.join(_other_root(site_root, lang, other), paths.LLMS))
            for other in paths.LANGS if other != lang]
    return "\n".join(out) + "\n"


def downloads(lang: str, L) -> list[tuple[str, str, str]]:
    """(title, site path, note) of each download of one language (L: the locale's export table)."""
    return [(L["download_skill"], paths.skill_zip(lang), L["download_skill_note"]),
            (L["download_agents"], paths.agents_md(), L["download_agents_note"]),
            (L["download_cursor"], paths.cursor_rules(lang), L["download_cursor_note"])]


def _other_root(site_root: str, lang: str, other: str) -> str:
    """The root of another language's site, from this language's root."""
    base = site_root.rstrip("/") + "/"
    if paths.PREFIX[lang]:
        base = base[: -len(paths.PREFIX[lang])]
    return base + paths.PREFIX[other]


def llms_full_txt(catalog: Catalog, lang: str, site_root: str, site_name: str) -> str:
    """Every pattern in full (definition, examples with quotes and sources, use, misuse, rewrite)."""
    w = MarkdownWriter(catalog, lang, site_root)
    L = w.labels["export"]
    head = [f"# {escape(site_name)}", "", f"> {escape(L['llms_summary'].format(n=len(catalog.patterns)))}", "",
            escape(L["full_details"].format(index=w.abs(paths.LLMS))), ""]
    return "\n".join(head) + "\n" + "\n".join(w.pattern(pid, depth=2) for pid in catalog.patterns)


def files(catalog: Catalog, lang: str, site_root: str, site_name: str) -> dict[str, str]:
    """Site path -> text: llms.txt and llms-full.txt of one language."""
    return {paths.LLMS: llms_txt(catalog, lang, site_root, site_name),
            paths.LLMS_FULL: llms_full_txt(catalog, lang, site_root, site_name)}
