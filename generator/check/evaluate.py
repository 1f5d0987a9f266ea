"""`python -m generator eval CORPUS_DIR`: measure the checker, next to proselint and write-good.

Prints Markdown tables:
  1. on every *.md under CORPUS_DIR (his own writing): words (whitespace-split,
     as `wc -w`), then findings per 1,000 words for each rule of ours, and the
     findings of proselint and write-good on the same files;
  2. pattern recognition on the site's labelled quotes (content/quotes/*.yml,
     `patterns`), English `text` and Chinese `zh` apart: per pattern and in all,
     true positives, false positives, missed, precision and recall;
  3. with --corporate FILE: the share of its paragraphs that get a business-word warning.
It is a measurement, not a test. proselint and write-good are installed, at
the versions pinned below, into .cache/eval-tools/ the first time (pip and npm).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

from ..data.catalog import Catalog
from ..paths import LANGS
from . import checker
from .rules import RuleSet

PROSELINT = "proselint==0.16.0"
WRITE_GOOD = "write-good@1.0.8"
TOOLS = Path(".cache") / "eval-tools"
RECOGNISING = ("good",)  # findings of this level name a pattern the text uses

_WG_SCRIPT = """const wg = require(require("path").resolve(process.argv[1])); const fs = require("fs");
for (const f of process.argv.slice(2)) console.log(wg(fs.readFileSync(f, "utf8")).length);"""


def words(text: str) -> int:
    """Whitespace-separated words, as `wc -w` counts them."""
    return len(text.split())


def ours(files: list[Path], ruleset: RuleSet) -> Counter:
    """rule id -> number of findings on all files; '_words' -> words."""
    counts: Counter = Counter()
    for path in files:
        text = path.read_text(encoding="utf-8")
        counts["_words"] += words(text)
        for f in checker.check(text, ruleset):
            counts[f.rule] += 1
            counts["_" + f.level] += 1
    return counts


def install_tools(root: Path) -> Path:
    """proselint (pip --target) and write-good (npm --prefix) under root/.cache/eval-tools; returns that folder."""
    folder = Path(root) / TOOLS
    if not (folder / "py" / "proselint").exists():
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--target", str(folder / "py"), PROSELINT],
                       check=True)
    if not (folder / "npm" / "node_modules" / "write-good").exists():
        subprocess.run(["npm", "install", "--silent", "--no-save", "--prefix", str(folder / "npm"), WRITE_GOOD],
                       check=True)
    return folder


def proselint(files: list[Path], tools: Path) -> int:
    """Number of proselint diagnostics on the files."""
    env = {"PYTHONPATH": str(tools / "py"), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-m", "proselint", "check", "-o", "json", *map(str, files)],
                         capture_output=True, text=True, encoding="utf-8", env=env)
    result = json.loads(out.stdout)["result"]
    return sum(len(item.get("diagnostics") or []) for item in result.values())


def write_good(files: list[Path], tools: Path) -> int:
    """Number of write-good suggestions on the files."""
    module = tools / "npm" / "node_modules" / "write-good"
    out = subprocess.run(["node", "-e", _WG_SCRIPT, str(module), *map(str, files)],
                         capture_output=True, text=True, encoding="utf-8", check=True)
    return sum(int(n) for n in out.stdout.split())


def recognition(catalog: Catalog, ruleset: RuleSet, lang: str) -> dict[str, Counter]:
    """pattern id -> Counter(tp, fp, fn) over the labelled quotes, in one language ('en': text, 'zh': zh)."""
    table = {pid: Counter() for pid in catalog.patterns}
    for quote in catalog.quotes.values():
        text = quote.text if lang == "en" else quote.zh
        if text is None:
            continue
        found = {f.pattern for f in checker.check(text, ruleset) if f.level in RECOGNISING}
        labels = set(quote.patterns)
        for pid in table:
            table[pid]["tp"] += pid in found and pid in labels
            table[pid]["fp"] += pid in found and pid not in labels
            table[pid]["fn"] += pid not in found and pid in labels
    return table


def corporate(path: Path, ruleset: RuleSet) -> tuple[int, int, int]:
    """(paragraphs, paragraphs with a business-word warning, business-word warnings) in a Markdown file."""
    paragraphs = [p for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip() and not p.startswith(("#", "<!--"))]
    flagged = uses = 0
    for para in paragraphs:
        n = sum(f.rule == "avoid-word" for f in checker.check(para, ruleset))
        flagged += n > 0
        uses += n
    return len(paragraphs), flagged, uses


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f}%" if b else "-"


def corpus_table(counts: Counter, peers: dict[str, int], files: int) -> str:
    """Markdown: findings per 1,000 words, ours per rule, then the peers."""
    n = counts["_words"]
    rows = [f"{files} files, {n:,} words", "", "| checker | findings | per 1,000 words |", "|---|---:|---:|"]
    for level in ("warning", "info", "good"):
        rows.append(f"| ours: all {level} findings | {counts['_' + level]} | {1000 * counts['_' + level] / n:.2f} |")
    for rule in ("avoid-word", "certain-prediction", "hedged-measurement", "long-paragraph", "uses-pattern",
                 "short-paragraph"):
        rows.append(f"| ours: {rule} | {counts[rule]} | {1000 * counts[rule] / n:.2f} |")
    for name, value in peers.items():
        rows.append(f"| {name} | {value} | {1000 * value / n:.2f} |")
    return "\n".join(rows)


def recognition_table(tables: dict[str, dict[str, Counter]]) -> str:
    """Markdown: per pattern and in all, per language: tp/fp/fn, precision, recall."""
    langs = list(tables)
    head = "| pattern | " + " | ".join(f"{lang}: found / labels (false +) | {lang}: precision | {lang}: recall"
                                      for lang in langs) + " |"
    rows = [head, "|---|" + "---:|---:|---:|" * len(langs)]
    pids = sorted(next(iter(tables.values())))
    for pid in [*pids, "all"]:
        cells = []
        for lang in langs:
            c = sum(tables[lang].values(), Counter()) if pid == "all" else tables[lang][pid]
            cells += [f"{c['tp']} / {c['tp'] + c['fn']} ({c['fp']})", _pct(c["tp"], c["tp"] + c["fp"]),
                      _pct(c["tp"], c["tp"] + c["fn"])]
        rows.append(f"| {'**all**' if pid == 'all' else pid} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def run(root: Path, catalog: Catalog, corpus: Path, corporate_file: Path | None, peers: bool) -> str:
    """The whole measurement as Markdown (the English rules; both languages' quotes)."""
    ruleset = checker.rules(catalog, "en", "https://example.org/")
    files = sorted(Path(corpus).rglob("*.md"))
    files = [f for f in files if f.name != "README.md"]
    counts = ours(files, ruleset)
    others = {}
    if peers:
        tools = install_tools(root)
        others = {PROSELINT: proselint(files, tools), WRITE_GOOD: write_good(files, tools)}
    parts = ["## On the corpus", corpus_table(counts, others, len(files)),
             "## Pattern recognition on the labelled quotes",
             recognition_table({lang: recognition(catalog, ruleset, lang) for lang in LANGS})]
    if corporate_file:
        n, flagged, uses = corporate(corporate_file, ruleset)
        parts += ["## Corporate paragraphs", f"{flagged} of {n} paragraphs flagged ({_pct(flagged, n)}); "
                                             f"{uses} business-word warnings"]
    return "\n\n".join(parts)
