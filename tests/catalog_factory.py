"""Build small valid catalogs in a temporary folder, for tests to break on purpose."""

from __future__ import annotations

from pathlib import Path

import yaml


def bi(text: str) -> dict:
    return {"en": text, "zh": f"{text}(中文)"}


def pattern(pid: str, related=(), quote="q-one", **overrides) -> dict:
    data = {
        "id": pid,
        "name": bi(f"Name of {pid}"),
        "summary": bi(f"Summary of {pid}."),
        "definition": bi(f"Definition of {pid}."),
        "examples": [{"quote": quote, "note": bi("Notice this.")}],
        "effect": bi("The reader keeps reading."),
        "when_to_use": bi("When it helps."),
        "when_not_to_use": bi("When it does not."),
        "rewrite": {"plain": bi("Plain."), "styled": bi("Styled."), "decoy": bi("Decoy.")},
        "related": list(related),
        "topics": ["alpha"],
    }
    data.update(overrides)
    return data


def quote(qid: str, patterns, **source) -> dict:
    src = {"venue": "tweet", "title": "Tweet", "date": "2023-01-24", "url": "https://example.com/status/1",
           "confidence": "verified", "verified": True}
    src.update(source)
    return {"id": qid, "text": f"Text of {qid}.", "zh": f"{qid} 的译文。", "patterns": list(patterns), "source": src}


def dump(path: Path, data) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_catalog(root: Path) -> Path:
    """Two topics, three patterns, three quotes: the smallest catalog that uses every feature."""
    dump(root / "content" / "topics.yml", {"topics": [
        {"id": "alpha", "title": bi("Alpha"), "intro": bi("Quotes about alpha.")},
        {"id": "beta", "title": bi("Beta"), "intro": bi("Quotes about beta.")},
    ]})
    dump(root / "patterns" / "first-pattern.yml", pattern("first-pattern", related=["second-pattern"]))
    dump(root / "patterns" / "second-pattern.yml", pattern("second-pattern", related=["first-pattern"], quote="q-two"))
    dump(root / "patterns" / "third-pattern.yml", pattern("third-pattern", quote="q-three", topics=["beta"]))
    dump(root / "content" / "quotes" / "alpha.yml", {"topic": "alpha", "quotes": [
        quote("q-one", ["first-pattern", "second-pattern"]),
        quote("q-two", ["second-pattern"], confidence="corroborated", verified=False),
    ]})
    dump(root / "content" / "quotes" / "beta.yml", {"topic": "beta", "quotes": [
        quote("q-three", ["third-pattern", "first-pattern"], confidence="unverified", verified=False, url=None, date=None),
    ]})
    return root
