"""Benchmark: the draft checker is linear in the draft, in Python and in Chromium.

    python tests/benchmarks/check_bench.py [--mb 1] [--repeat 1]

Times checker.check (in this process), the CLI as a fresh process writing JSON
and writing text (`python -m generator check`, from a folder outside the
project, so with the rules of the package's own data), and check-engine.js's kpCheck in headless
Chromium (/usr/bin/chromium) on:
  - a draft of --mb megabytes with a finding in every sentence,
  - 160 KB of unclosed `<!-- `,
  - one line of 160 KB without a space, and 160 KB of backticks,
  - --mb megabytes of tiny paragraphs (`\\n\\n\\n\\n.` and `Intro:\\n\\n` repeated),
with the English rules built from the data. Not a test: it prints
numbers to track, each the best of --repeat runs, and the load average before
and after (numbers taken while others use the machine are slower). The issue's
bar is under 1 s for 1 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generator.check import checker, rules  # noqa: E402
from generator.data.catalog import load_catalog  # noqa: E402

SENTENCES = [
    "We utilize the new cache in every run.",
    "Imo the loss curve is kind of like a hockey stick.",
    "It will definitely ship next year.",
    "We measured 40% less memory, which might be noise.",
    "The 300-line script trains GPT-2 from scratch.",
    "我们要赋能业务，打通全链路。",
]


def drafts(mb: float) -> dict[str, str]:
    paragraph = " ".join(SENTENCES)
    big = "\n\n".join([paragraph] * int(mb * 1_000_000 / (len(paragraph.encode()) + 2)))
    return {
        f"{mb:g} MB, a finding per sentence": big,
        "160 KB of unclosed <!--": "<!-- " * 32_000,
        "160 KB without a space": "a-" * 80_000,
        "160 KB of backticks": "`x " * 53_000,
        # An opener whose closer never comes, on one line: each used to rescan the rest of the line.
        "160 KB of unclosed <a": "<a " * 53_000,
        "160 KB of unclosed \\(": "\\( " * 53_000,
        "160 KB of unclosed ](": "](" * 80_000,
        "160 KB of unclosed \u201c": "\u201ca " * 53_000,
        # ~200k tiny paragraphs: the per-paragraph rules (long, short) must not cost every rule per paragraph.
        f"{mb:g} MB of one-dot paragraphs": "\n\n\n\n." * int(mb * 200_000),
        f"{mb:g} MB of 'Intro:' paragraphs": "Intro:\n\n" * int(mb * 125_000),
    }


def best(run, repeat: int) -> float:
    """The shortest of `repeat` timings of run(), in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def time_python(texts: dict[str, str], ruleset, repeat: int = 1) -> dict[str, float]:
    return {name: best(lambda: checker.check(text, ruleset), repeat) for name, text in texts.items()}


def time_cli(texts: dict[str, str], fmt: str = "json", repeat: int = 1) -> dict[str, float]:
    out = {}
    with tempfile.TemporaryDirectory() as folder:
        for i, (name, text) in enumerate(texts.items()):
            path = Path(folder) / f"d{i}.md"
            path.write_text(text, encoding="utf-8")
            command = [sys.executable, "-m", "generator", "check", "--format", fmt, "--fail-on", "never", str(path)]
            out[name] = best(lambda: subprocess.run(command, cwd=folder, stdout=subprocess.DEVNULL, check=True, env={
                "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}), repeat)
    return out


def time_chromium(texts: dict[str, str], ruleset) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    data = json.loads(ruleset.model_dump_json())
    out = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium")
        page = browser.new_page()
        page.set_content("<!doctype html><title>bench</title>")
        page.add_script_tag(path=str(ROOT / "overrides" / "assets" / "kp" / "check-engine.js"))
        for name, text in texts.items():
            out[name] = page.evaluate("""([t, r]) => { const s = performance.now(); window.kpCheck(t, r);
                                         return (performance.now() - s) / 1000; }""", [text, data])
        browser.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--repeat", type=int, default=1, help="report the best of this many runs of each")
    args = parser.parse_args()
    ruleset = rules.build(load_catalog(ROOT), "en", "/")
    texts = drafts(args.mb)
    load = os.getloadavg()[0]
    python = time_python(texts, ruleset, args.repeat)
    cli, cli_text = time_cli(texts, "json", args.repeat), time_cli(texts, "text", args.repeat)
    chromium = time_chromium(texts, ruleset)
    print("| draft | size | checker.check (s) | CLI process, JSON (s) | CLI process, text (s) | Chromium kpCheck (s) |")
    print("|---|---:|---:|---:|---:|---:|")
    for name, text in texts.items():
        size = f"{len(text.encode()) / 1000:,.0f} KB"
        print(f"| {name} | {size} | {python[name]:.2f} | {cli[name]:.2f} | {cli_text[name]:.2f} | {chromium[name]:.2f} |")
    print(f"\nload average (1 min) {load:.2f} before, {os.getloadavg()[0]:.2f} after; best of {args.repeat}")


if __name__ == "__main__":
    main()
