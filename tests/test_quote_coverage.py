"""Issue 24's depth targets, read from the shipped YAML, so no edit can quietly undo them.

Every pattern rests on at least three quotes we read in the first-party original
(`confidence: verified` and `verified: true`); every verified quote keeps the URL and
date a reader needs to check it; the collection keeps its size, its share of verified
quotes and a floor per topic. The last test breaks a copy of the data once per rule
and checks that the rule reports it, so the guards are known to fire.
"""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import yaml

from conftest import ROOT

MIN_VERIFIED_PER_PATTERN = 3
MIN_QUOTES = 150
MIN_VERIFIED_SHARE = 0.75
MIN_QUOTES_PER_TOPIC = 15


def load(root: Path) -> tuple[list[dict], list[str], list[str]]:
    """(quotes, pattern ids, topic ids) from root's content/quotes/*.yml, patterns/*.yml and
    content/topics.yml; each quote dict gets a "topic" key from its file's `topic:`."""
    quotes = []
    for path in sorted((root / "content" / "quotes").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        quotes += [{**quote, "topic": data["topic"]} for quote in data["quotes"]]
    patterns = [yaml.safe_load(p.read_text(encoding="utf-8"))["id"] for p in sorted((root / "patterns").glob("*.yml"))]
    topics = [t["id"] for t in yaml.safe_load((root / "content" / "topics.yml").read_text(encoding="utf-8"))["topics"]]
    return quotes, patterns, topics


def is_verified(quote: dict) -> bool:
    """Read in the first-party original by us: both fields say so."""
    source = quote["source"]
    return source.get("confidence") == "verified" and source.get("verified") is True


def patterns_short_of_verified(quotes: list[dict], patterns: list[str]) -> dict[str, int]:
    """{pattern id: number of verified quotes} for every pattern under the minimum."""
    counts = Counter(p for quote in quotes if is_verified(quote) for p in quote["patterns"])
    return {p: counts[p] for p in patterns if counts[p] < MIN_VERIFIED_PER_PATTERN}


def verified_without_url_or_date(quotes: list[dict]) -> list[str]:
    """"id: url" / "id: date" for every quote marked verified (either field) that lacks one."""
    missing = []
    for quote in quotes:
        source = quote["source"]
        if source.get("verified") or source.get("confidence") == "verified":
            missing += [f"{quote['id']}: {field}" for field in ("url", "date") if not source.get(field)]
    return missing


def topics_short_of_quotes(quotes: list[dict], topics: list[str]) -> dict[str, int]:
    """{topic id: number of quotes} for every topic under the minimum."""
    counts = Counter(quote["topic"] for quote in quotes)
    return {t: counts[t] for t in topics if counts[t] < MIN_QUOTES_PER_TOPIC}


QUOTES, PATTERNS, TOPICS = load(ROOT)


def test_every_pattern_has_three_verified_quotes():
    assert patterns_short_of_verified(QUOTES, PATTERNS) == {}


def test_every_verified_quote_keeps_its_url_and_date():
    assert verified_without_url_or_date(QUOTES) == []


def test_at_least_150_quotes_three_quarters_of_them_verified():
    total, verified = len(QUOTES), sum(map(is_verified, QUOTES))
    assert total >= MIN_QUOTES
    assert verified / total >= MIN_VERIFIED_SHARE, f"{verified} of {total} verified"


def test_every_topic_has_15_quotes():
    assert topics_short_of_quotes(QUOTES, TOPICS) == {}


def test_each_rule_reports_a_broken_copy(tmp_path):
    for part in ("content/quotes", "patterns"):
        shutil.copytree(ROOT / part, tmp_path / part)
    shutil.copy(ROOT / "content" / "topics.yml", tmp_path / "content" / "topics.yml")
    demoted, cut = 0, {}
    for path in sorted((tmp_path / "content" / "quotes").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for quote in data["quotes"]:  # one pattern loses every verified quote
            if is_verified(quote) and "imo-marks-a-claim" in quote["patterns"]:
                quote["source"]["confidence"] = "corroborated"
                demoted += 1
        if data["topic"] == "code":  # one topic left with too few quotes, one URL and one date gone
            data["quotes"] = data["quotes"][:MIN_QUOTES_PER_TOPIC - 1]
            cut = {data["quotes"][0]["id"]: "url", data["quotes"][1]["id"]: "date"}
            for quote in data["quotes"][:2]:
                quote["source"].pop(cut[quote["id"]])
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    quotes, patterns, topics = load(tmp_path)
    assert demoted and patterns_short_of_verified(quotes, patterns)["imo-marks-a-claim"] == 0
    assert cut and set(verified_without_url_or_date(quotes)) == {f"{qid}: {field}" for qid, field in cut.items()}
    assert topics_short_of_quotes(quotes, topics) == {"code": MIN_QUOTES_PER_TOPIC - 1}
