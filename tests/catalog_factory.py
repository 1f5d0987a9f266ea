"""Build small valid catalogs in a temporary folder, for tests to break on purpose."""

from __future__ import annotations

from pathlib import Path

import yaml


def bi(text: str) -> dict:
    return {"en": text, "zh": f"{text}(中文)"}


def pattern(pid: str, complements=(), quote="q-one", **overrides) -> dict:
    data = {
        "id": pid,
        "name": bi(f"Name of {pid}"),
        "summary": bi(f"Summary of {pid}."),
        "definition": bi(f"Definition of {pid}."),
        "examples": [{"quote": quote, "note": bi("Notice this.")}],
        "effect": bi("The reader keeps reading."),
        "when_to_use": bi("When it helps."),
        "when_not_to_use": bi("When it does not."),
        "graded": {grade: {"text": bi(f"An example {grade}."), "why": bi(f"Why it is {grade}.")}
                   for grade in ("well", "overdone", "misapplied")},
        "rewrite": {"plain": bi("Plain."), "styled": bi("Styled."), "decoy": bi("Decoy.")},
        "relations": {"complements": list(complements)} if complements else {},
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
    dump(root / "patterns" / "first-pattern.yml", pattern("first-pattern", complements=["second-pattern"]))
    dump(root / "patterns" / "second-pattern.yml", pattern("second-pattern", complements=["first-pattern"], quote="q-two"))
    dump(root / "patterns" / "third-pattern.yml", pattern("third-pattern", quote="q-three", topics=["beta"]))
    dump(root / "content" / "quotes" / "alpha.yml", {"topic": "alpha", "quotes": [
        quote("q-one", ["first-pattern", "second-pattern"]),
        quote("q-two", ["second-pattern"], confidence="corroborated", verified=False),
    ]})
    dump(root / "content" / "quotes" / "beta.yml", {"topic": "beta", "quotes": [
        quote("q-three", ["third-pattern", "first-pattern"], confidence="unverified", verified=False, url=None, date=None),
    ]})
    return root


# Every pattern id of docs/ids.md, for the checker (its rules link to these ids)
# and for the cheat sheet (text about as long as the real patterns').
CHECKER_IDS = [
    "coin-a-name", "version-numbers", "reverse-common-sense", "contrarian-with-reasons", "one-line-paragraph",
    "precise-number-shrug", "stretch-the-timeline", "imo-marks-a-claim", "kind-of-like", "admit-uncertainty",
    "internet-words", "computing-history-analogy", "llm-as-computer", "cosmic-scale-joke", "measured-vs-predicted",
    "plain-words", "minimal-code-proof",
]


def _real(pid: str) -> dict:
    """The shipped pattern file's data (for its checker signals)."""
    import yaml

    return yaml.safe_load((Path(__file__).resolve().parents[1] / "patterns" / f"{pid}.yml").read_text(encoding="utf-8"))


def write_checker_catalog(root: Path) -> Path:
    """All seventeen pattern ids, one quote each, with the shipped signals and content/checker.yml."""
    dump(root / "content" / "topics.yml", {"topics": [
        {"id": "alpha", "title": bi("Alpha"), "intro": bi("Quotes about alpha.")},
    ]})
    quotes = []
    for i, pid in enumerate(CHECKER_IDS):
        words = pid.replace("-", " ")
        text = (f"Quote {i} that shows {words}: a sentence of about the length of a real tweet, with a clause "
                f"or two more, so that the cheat sheet is laid out with realistic text.")
        extra = {"signals": _real(pid)["signals"]}
        dump(root / "patterns" / f"{pid}.yml", pattern(
            pid, quote=f"q-{pid}", complements=[CHECKER_IDS[(i + 1) % len(CHECKER_IDS)]],
            name={"en": f"{words.capitalize()} pattern", "zh": f"{words} 模式"},
            summary={"en": f"One line on {words}, about as long as the summaries that the real pattern files carry.",
                     "zh": f"关于 {words} 的一句话,长度和真实模式文件里的概述差不多,大约三十个字。"},
            **extra))
        quotes.append(quote(f"q-{pid}", [pid]) | {"text": text})
    dump(root / "content" / "quotes" / "alpha.yml", {"topic": "alpha", "quotes": quotes})
    shipped = Path(__file__).resolve().parents[1] / "content" / "checker.yml"
    (root / "content" / "checker.yml").write_text(shipped.read_text(encoding="utf-8"), encoding="utf-8")
    return root
