"""Benchmark: peak memory of `python -m generator check` against the size of the draft.

    python tests/benchmarks/check_memory.py [--kb 1024]

Runs the CLI as a fresh process (from a folder outside the project, so with the
rules of the package's own data) on drafts of --kb kilobytes (default: just under the 1 MiB limit,
generator/check/cli.MAX_DRAFT) in several shapes, and prints each one's peak
resident memory (the kernel's ru_maxrss for that process), the same for a
one-line draft (the interpreter and the rules), and the difference per byte of
draft. Not a test: numbers to track (docs/checker.md quotes them).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from generator.check.cli import MAX_DRAFT  # noqa: E402

PROSE = ("We utilize the new cache in every run. Imo the loss curve is kind of like a hockey stick. "
         "It will definitely ship next year. We measured 40% less memory, which might be noise. ")
PLAIN = "The model trains on one GPU. We measured the loss at each step and wrote it down. "


def shapes(size: int) -> dict[str, str]:
    def fill(unit: str, sep: str = "") -> str:
        text = sep.join([unit] * (size // len((unit + sep).encode()) + 1))
        return text.encode()[:size].decode("utf-8", "ignore")

    return {
        "prose, a finding per sentence": fill(PROSE * 3, "\n\n"),
        "plain prose": fill(PLAIN * 3, "\n\n"),
        "one paragraph without a full stop": fill("word "),
        "a one-letter word every 2 bytes": fill("a "),
        "Chinese, no paragraph breaks": fill("我们测量了损失。"),
        "one line: \\( then letters": "\\(" + fill("a")[2:],
        "one line: \\( then a\\b": "\\(" + fill("a\\b")[2:],
    }


def peak_kb(draft: Path, cwd: Path) -> int:
    """Peak resident memory (KB) of one `check` process on draft."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen([sys.executable, "-m", "generator", "check", "--format", "json", "--fail-on", "never",
                                str(draft)], cwd=cwd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, draft
    return usage.ru_maxrss


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--kb", type=int, default=MAX_DRAFT // 1024)
    size = min(parser.parse_args().kb * 1024, MAX_DRAFT)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "tiny.md").write_text("We utilize it.\n", encoding="utf-8")
        base = peak_kb(folder / "tiny.md", folder)
        print(f"one-line draft: {base:,} KB peak; drafts of {size:,} bytes:\n")
        print("| draft | peak RSS (KB) | above the one-line draft, per byte of draft |")
        print("|---|---:|---:|")
        for name, text in shapes(size).items():
            path = folder / "draft.md"
            path.write_text(text, encoding="utf-8")
            kb = peak_kb(path, folder)
            print(f"| {name} | {kb:,} | {(kb - base) * 1024 / path.stat().st_size:.1f} |")


if __name__ == "__main__":
    main()
