"""Synthetic catalogs that pass validation: N patterns, 10N quotes, 5-50 topics."""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORDS = ("model data code loss token layer prompt agent weight batch graph kernel compute learning rate "
         "gradient paper demo bug test build ship read write think predict measure").split()


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + "."


def _bi(rng, n=12) -> dict:
    text = _sentence(rng, n)
    return {"en": text, "zh": "中文" + text}


def write_project(folder: Path, n_patterns: int, seed: int = 0) -> Path:
    """A full project (configs, hand-written pages, theme overrides) around a synthetic catalog."""
    rng = random.Random(seed)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name in ("mkdocs.yml", "mkdocs.zh.yml"):
        shutil.copy(ROOT / name, folder / name)
    for sub in ("content/en", "content/zh", "overrides"):
        shutil.copytree(ROOT / sub, folder / sub)
    for home in folder.glob("content/*/index.md"):  # the front page features three real pattern ids
        text = re.sub(r"^featured: \[.*\]$", "featured: [pattern-0000, pattern-0001, pattern-0002]",
                      home.read_text(encoding="utf-8"), count=1, flags=re.MULTILINE)
        home.write_text(text, encoding="utf-8")

    n_topics = max(5, min(50, n_patterns // 20))
    topics = [f"topic-{i:02d}" for i in range(n_topics)]
    pids = [f"pattern-{i:04d}" for i in range(n_patterns)]
    n_quotes = 10 * n_patterns
    quotes_by_topic: dict[str, list] = {t: [] for t in topics}
    first_quote: dict[str, str] = {}
    for q in range(n_quotes):
        pid = pids[q % n_patterns]
        shown = [pid] + rng.sample(pids, k=min(2, n_patterns - 1))
        shown = list(dict.fromkeys(shown))
        qid = f"quote-{q:05d}"
        first_quote.setdefault(pid, qid)
        quotes_by_topic[topics[q % n_topics]].append({
            "id": qid, "text": _sentence(rng, 25), "zh": "译文" + _sentence(rng, 10), "patterns": shown,
            "source": {"venue": "tweet", "title": "Tweet", "date": "2024-01-01", "url": f"https://example.com/{q}",
                       "confidence": "verified", "verified": True},
        })
    (folder / "patterns").mkdir()
    for i, pid in enumerate(pids):
        data = {
            "id": pid, "name": {"en": f"Pattern {i}", "zh": f"模式 {i}"}, "summary": _bi(rng, 10),
            "definition": _bi(rng, 30), "examples": [{"quote": first_quote[pid], "note": _bi(rng, 12)}],
            "effect": _bi(rng, 15), "when_to_use": _bi(rng, 20), "when_not_to_use": _bi(rng, 20),
            "graded": {g: {"text": _bi(rng, 15), "why": _bi(rng, 8)} for g in ("well", "overdone", "misapplied")},
            "rewrite": {"plain": _bi(rng), "styled": _bi(rng), "decoy": _bi(rng)},
            "relations": {"complements": [pids[(i + k) % n_patterns] for k in (1, 2, 3) if n_patterns > k]},
            "topics": [topics[i % n_topics]],
        }
        (folder / "patterns" / f"{pid}.yml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    (folder / "content/quotes").mkdir(parents=True)
    for t, quotes in quotes_by_topic.items():
        (folder / "content/quotes" / f"{t}.yml").write_text(
            yaml.safe_dump({"topic": t, "quotes": quotes}, allow_unicode=True), encoding="utf-8")
    (folder / "content/topics.yml").write_text(yaml.safe_dump({"topics": [
        {"id": t, "title": {"en": f"Topic {t}", "zh": f"主题 {t}"}, "intro": _bi(rng)} for t in topics
    ]}, allow_unicode=True), encoding="utf-8")
    claims = [{"id": f"claim-{i:03d}", "text": _bi(rng), "kind": rng.choice(["measured", "predicted"]),
               "why": _bi(rng), "topic": topics[i % n_topics]} for i in range(3 * n_topics)]
    (folder / "content/claims.yml").write_text(yaml.safe_dump({"claims": claims}, allow_unicode=True), encoding="utf-8")
    return folder
