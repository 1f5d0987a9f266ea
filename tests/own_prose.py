"""Our own prose, field by field: every text the site shows that is not one of his quotes (issue 24).

Left out on purpose: the quotes and their translations (his words), rewrite.plain and
rewrite.decoy and the overdone and misapplied graded examples (written to be flat or wrong),
the claims of the 'measured or predicted?' quiz (half are meant to be hedged), and the
checker's own word lists (they name the words).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.data.catalog import Catalog

PATTERN_FIELDS = ("summary", "definition", "effect", "when_to_use", "when_not_to_use")


def _strings(value, where: str):
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{where}[{i}]")


def own_prose(catalog: Catalog, lang: str) -> list[tuple[str, str]]:
    """(where, text) for each piece of our prose in one language."""
    root = Path(catalog.root)
    out = []
    for path in sorted((root / "content" / lang).rglob("*.md")):
        out.append((path.relative_to(root).as_posix(), path.read_text(encoding="utf-8")))
    for pid, p in catalog.patterns.items():
        where = f"patterns/{pid}.yml"
        out += [(f"{where} {name}.{lang}", getattr(p, name).get(lang)) for name in PATTERN_FIELDS]
        out += [(f"{where} examples[{i}].note.{lang}", ex.note.get(lang)) for i, ex in enumerate(p.examples)]
        out += [(f"{where} graded.{g}.why.{lang}", getattr(p.graded, g).why.get(lang)) for g in ("well", "overdone", "misapplied")]
        out.append((f"{where} graded.well.text.{lang}", p.graded.well.text.get(lang)))
        out.append((f"{where} rewrite.styled.{lang}", p.rewrite.styled.get(lang)))
        for i, step in enumerate(getattr(p, "how_to_apply", None) or []):
            out.append((f"{where} how_to_apply[{i}].{lang}", step.get(lang)))
    for qid, q in catalog.quotes.items():
        if q.source.note:
            out.append((f"quote {qid} source.note.{lang}", q.source.note.get(lang)))
    for tid, t in catalog.topics.items():
        out.append((f"content/topics.yml {tid}.intro.{lang}", t.intro.get(lang)))
    locale = root / "generator" / "locales" / f"{lang}.yml"
    out += [(f"{locale.relative_to(root).as_posix()} {w}", s) for w, s in _strings(yaml.safe_load(locale.read_text(encoding="utf-8")), "")]
    docs = root / "content" / "by-document.yml"
    if docs.exists():
        data = yaml.safe_load(docs.read_text(encoding="utf-8"))
        out += [(f"content/by-document.yml {w}", s) for w, s in _strings(data, "") if w.endswith(f".{lang}")]
    return out
