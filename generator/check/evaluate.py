"""`python -m generator eval [FOLDER...]`: measure the checker on his writing, tuning part and held-out part apart.

Prints Markdown tables (docs/checker.md explains them):
  1. findings per 1,000 words on his writing: the labelled paragraphs this repository ships
     (generator/check/calibration/paragraphs.yml), by part (PARTS); then each folder given with
     --tuning, --held-out or as an argument (every *.md under it), as its own column;
  2. pattern recognition on those labelled paragraphs, per pattern, by part;
  3. pattern recognition on the site's quotes (content/quotes/*.yml), English and Chinese: a fit, not a
     measure, since the signals were first written with those quotes in view;
  4. the share of corporate paragraphs (tests/data/corporate-paragraphs.md) that get a warning or a note,
     English and Chinese apart.
Words are whitespace-split, as `wc -w` counts them. It is a measurement, not a test. With --peers, proselint
and write-good run on the folders too (installed into .cache/eval-tools/ the first time, with pip and npm).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import yaml

from ..data.catalog import Catalog
from ..paths import LANGS
from . import checker
from .rules import RuleSet, word_forms

PARAGRAPHS = Path(__file__).parent / "calibration" / "paragraphs.yml"
CORPORATE = Path("tests") / "data" / "corporate-paragraphs.md"
PARTS = ("tuning", "held-out", "fresh-held-out")
# Since round 5 signals may be chosen on the tuning and the old held-out part, so both are a fit; the fresh
# held-out part was labelled blind and is the measure (calibration/README.md).
PART_NAMES = {"tuning": "tuning (fit)", "held-out": "old held-out (fit)", "fresh-held-out": "fresh held-out"}
PROSELINT = "proselint==0.16.0"
WRITE_GOOD = "write-good@1.0.8"
TOOLS = Path(".cache") / "eval-tools"
RECOGNISING = ("good",)  # findings of this level name a pattern the text uses
RULES = ("avoid-word", "padding-word", "certain-prediction", "hedged-measurement", "long-paragraph", "uses-pattern",
         "short-paragraph")
_CJK = re.compile(r"[\u3400-\u9fff]")

_WG_SCRIPT = """const wg = require(require("path").resolve(process.argv[1])); const fs = require("fs");
for (const f of process.argv.slice(2)) console.log(wg(fs.readFileSync(f, "utf8")).length);"""


def labelled(path: Path = PARAGRAPHS) -> list[dict]:
    """The labelled paragraphs: dicts with repo, commit, path, part, picked, patterns (ids), text."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))["paragraphs"]


def ours(texts: list[str], ruleset: RuleSet) -> Counter:
    """rule id -> number of findings on all texts; '_words' -> words; '_<level>' -> findings of that level."""
    counts: Counter = Counter()
    for text in texts:
        counts["_words"] += len(text.split())  # as `wc -w` counts them
        for f in checker.check(text, ruleset):
            counts[f.rule] += 1
            counts["_" + f.level] += 1
    return counts


def folder_texts(folder: Path) -> list[str]:
    """Every *.md under folder (a README.md at its top level describes the folder, so it is left out)."""
    files = sorted(Path(folder).rglob("*.md"))
    return [f.read_text(encoding="utf-8") for f in files if f != Path(folder) / "README.md"]


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


def recognise(items: list[tuple[str, set[str]]], ruleset: RuleSet, pids) -> dict[str, Counter]:
    """pattern id -> Counter(tp, fp, fn) over (text, labels) pairs; found: reported at a RECOGNISING level."""
    table = {pid: Counter() for pid in pids}
    for text, labels in items:
        found = {f.pattern for f in checker.check(text, ruleset) if f.level in RECOGNISING}
        for pid in table:
            table[pid]["tp"] += pid in found and pid in labels
            table[pid]["fp"] += pid in found and pid not in labels
            table[pid]["fn"] += pid not in found and pid in labels
    return table


# His blog posts in ../shared/corpus: the only ones the checker may be tuned on. Quotes from his other
# karpathy.github.io pages are the team's held-out measure (labelled by others, never tuned on).
CORPUS_POSTS = ("2015/05/21/rnn-effectiveness", "2019/04/25/recipe", "2021/03/27/forward-pass",
                "2022/03/14/lecun1989", "2026/02/12/microgpt")
BLOG = "https://karpathy.github.io/"
QUOTE_PARTS = ("fit", "held-out posts")


def quote_part(url: str | None) -> str:
    """'held-out posts' for a quote from a karpathy.github.io page other than the CORPUS_POSTS, else 'fit'."""
    url = str(url or "")
    if url.startswith(BLOG) and not any(url.startswith(BLOG + post) for post in CORPUS_POSTS):
        return "held-out posts"
    return "fit"


def recognition(catalog: Catalog, ruleset: RuleSet, lang: str, part: str | None = None) -> dict[str, Counter]:
    """recognise() on the site's quotes in lang (en: text, zh: zh), of one QUOTE_PARTS part (None: all)."""
    items = [(q.text if lang == "en" else q.zh, set(q.patterns)) for q in catalog.quotes.values()
             if part is None or quote_part(q.source.url) == part]
    return recognise([(text, labels) for text, labels in items if text], ruleset, catalog.patterns)


def corporate(path: Path, ruleset: RuleSet) -> dict[str, tuple[int, int, int, int]]:
    """Per language ('en', 'zh': a paragraph with a CJK character): (paragraphs, paragraphs with a warning or a
    note, warnings, notes) in a Markdown file of corporate paragraphs."""
    out = {lang: [0, 0, 0, 0] for lang in LANGS}
    for para in corporate_texts(path):
        row = out["zh" if _CJK.search(para) else "en"]
        levels = Counter(f.level for f in checker.check(para, ruleset))
        row[0] += 1
        row[1] += bool(levels["warning"] or levels["info"])
        row[2] += levels["warning"]
        row[3] += levels["info"]
    return {lang: tuple(row) for lang, row in out.items()}


def _pct(a: int, b: int) -> str:
    return f"{100 * a / b:.0f}%" if b else "-"


def _rate(n: int, total: int) -> str:
    return f"{n} ({1000 * n / total:.2f})" if total else str(n)


def rates_table(columns: dict[str, Counter], peers: dict[str, dict[str, int]] | None = None) -> str:
    """Markdown: one column per text: words, then findings and findings per 1,000 words, by level and by rule."""
    names = list(columns)
    rows = ["| findings (per 1,000 words) | " + " | ".join(names) + " |", "|---|" + "---:|" * len(names),
            "| words | " + " | ".join(f"{c['_words']:,}" for c in columns.values()) + " |"]
    for label, key in (("warnings", "_warning"), ("notes (level info)", "_info"), ("patterns used", "_good")):
        rows.append(f"| **{label}** | " + " | ".join(_rate(c[key], c["_words"]) for c in columns.values()) + " |")
    for rule in RULES:
        rows.append(f"| {rule} | " + " | ".join(_rate(c[rule], c["_words"]) for c in columns.values()) + " |")
    for tool in (peers or {}).get(names[0], {}) if peers else ():
        rows.append(f"| {tool} | " + " | ".join(_rate(peers.get(n, {}).get(tool, 0), columns[n]["_words"])
                                                 if n in peers else "-" for n in names) + " |")
    return "\n".join(rows)


def recognition_table(tables: dict[str, dict[str, Counter]], leave_out: str | None = None) -> str:
    """Markdown: per pattern, all, all but leave_out; per column: found / labels (false +), precision, recall."""
    names = list(tables)
    head = "| pattern | " + " | ".join(f"{n}: found / labels (false +) | {n}: precision | {n}: recall"
                                      for n in names) + " |"
    rows = [head, "|---|" + "---:|---:|---:|" * len(names)]
    pids = sorted(next(iter(tables.values())))
    totals = ["all"] + ([f"all but {leave_out}"] if leave_out else [])
    for pid in [*pids, *totals]:
        cells = []
        for name in names:
            table = tables[name]
            if pid in totals:
                c = sum((v for k, v in table.items() if pid == "all" or k != leave_out), Counter())
            else:
                c = table[pid]
            cells += [f"{c['tp']} / {c['tp'] + c['fn']} ({c['fp']})", _pct(c["tp"], c["tp"] + c["fp"]),
                      _pct(c["tp"], c["tp"] + c["fn"])]
        rows.append(f"| {'**' + pid + '**' if pid in totals else pid} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def run(root: Path, catalog: Catalog, folders: dict[str, list[Path]] | None = None,
        corporate_file: Path | None = None, peers: bool = False) -> str:
    """The whole measurement as Markdown, with the English rules (a draft is checked against both languages'
    words). folders: column name ('tuning text', 'held-out text', or a folder's path) -> folders of *.md."""
    ruleset = checker.rules(catalog, "en", "https://example.org/")
    paragraphs = labelled()
    columns = {f"{PART_NAMES[part]} paragraphs": ours([p["text"] for p in paragraphs if p["part"] == part], ruleset)
               for part in PARTS}
    peer_counts: dict[str, dict[str, int]] = {}
    tools = install_tools(root) if peers and folders else None
    for name, dirs in (folders or {}).items():
        columns[name] = ours([t for d in dirs for t in folder_texts(d)], ruleset)
        if tools:
            files = [f for d in dirs for f in sorted(Path(d).rglob("*.md"))]
            peer_counts[name] = {PROSELINT: proselint(files, tools), WRITE_GOOD: write_good(files, tools)}
    counts = Counter(p["part"] for p in paragraphs)
    quote_counts = Counter(quote_part(q.source.url) for q in catalog.quotes.values())
    recognised = {PART_NAMES[part]: recognise([(p["text"], set(p["patterns"])) for p in paragraphs
                                              if p["part"] == part], ruleset, catalog.patterns) for part in PARTS}
    parts = ["## His writing: findings per 1,000 words",
             "A warning or a note on his own writing is a false alarm. The paragraph columns are the labelled "
             "paragraphs this repository ships; the other columns are the folders given.",
             rates_table(columns, peer_counts or None),
             "## Pattern recognition on his labelled paragraphs",
             f"{counts['tuning']} tuning, {counts['held-out']} old held-out and {counts['fresh-held-out']} fresh "
             "held-out paragraphs (generator/check/calibration/paragraphs.yml). Signals may be chosen on the tuning "
             "and the old held-out part (a fit); the fresh held-out part was labelled blind and is the measure.",
             recognition_table(recognised, leave_out="plain-words"),
             "## Pattern recognition on the site's quotes",
             f"Fit: quotes from tweets, talks, READMEs and the five blog posts in ../shared/corpus "
             f"({quote_counts['fit']}), which the checker may be tuned on. Held-out posts: quotes from his other "
             f"karpathy.github.io pages ({quote_counts['held-out posts']}), labelled by others, never tuned on.",
             recognition_table({f"{lang} {part}": recognition(catalog, ruleset, lang, part)
                                for part in QUOTE_PARTS for lang in LANGS}, leave_out="plain-words")]
    if corporate_file and Path(corporate_file).exists():
        rows = ["| language | paragraphs | with a warning or a note | warnings | notes |", "|---|---:|---:|---:|---:|"]
        for lang, (n, flagged, warned, noted) in corporate(corporate_file, ruleset).items():
            rows.append(f"| {lang} | {n} | {flagged} ({_pct(flagged, n)}) | {warned} | {noted} |")
        parts += ["## Corporate paragraphs", "\n".join(rows)]
    return "\n\n".join(parts)


def _form(text: str) -> str:
    return re.sub(r"[\s\-]+", " ", text.lower().replace("\u2019", "'"))


def word_counts(texts: list[str], ruleset: RuleSet, data) -> Counter:
    """content/checker.yml word (data: catalog.checker) -> its findings (avoid-word or padding-word) in texts."""
    entry = {_form(form): avoid.word for avoid in data.avoid_words for form in word_forms(avoid.word, avoid.nouns)}
    counts: Counter = Counter()
    for text in texts:
        for f in checker.check(text, ruleset):
            if f.rule in ("avoid-word", "padding-word"):
                counts[entry[_form(f.text)]] += 1
    return counts


def corporate_texts(path: Path) -> list[str]:
    """The paragraphs of a Markdown file of corporate paragraphs (headings and comments left out)."""
    paragraphs = [p.strip() for p in Path(path).read_text(encoding="utf-8").split("\n\n")]
    return [p for p in paragraphs if p and not p.startswith(("#", "<!--"))]
