"""Write the full texts of the calibration split, for `eval --tuning DIR --held-out DIR` (docs/checker.md).

    python -m generator.check.calibration.fulltext MIRRORS OUT [--corpus ../shared/corpus]

MIRRORS holds bare git clones named `karpathy+<name>/repo` (as `git clone --bare` into that layout). OUT gets
`tuning/<name>/` and `held-out/<name>/`: every Markdown or README file at HEAD (`doc--<path>.md`), and his commit
bodies (`commits.md`: commits whose author name or email contains "karpathy", 30 words or more). A repository whose
README is in the corpus keeps only its other files, and --corpus is copied into tuning/ (data for measuring, never
for the repository). The split is the one fixed in README.md next to this file.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
from pathlib import Path

TUNING = ("nanoGPT", "llm.c", "micrograd", "minGPT", "minbpe", "makemore", "char-rnn", "convnetjs",
          "arxiv-sanity-preserver", "cryptos", "autoresearch", "lecun1989-repro", "deep-vector-quantization",
          "reinforcejs", "pytorch-made", "covid-sanity", "recurrentjs", "ulogme", "tsnejs", "svmjs", "forestjs",
          "find-birds", "scholaroctopus", "calorie")
HELD_OUT = ("nanochat", "llama2.c", "arxiv-sanity-lite", "nn-zero-to-hero", "LLM101n", "ng-video-lecture",
            "nano-llama31", "build-nanogpt", "rendergit")
IN_CORPUS = ("nanoGPT", "llm.c", "micrograd", "minGPT", "minbpe", "makemore", "nanochat")  # their README.md
DOC = re.compile(r"(?i)(\.md|readme)$")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, encoding="utf-8", check=True).stdout


def write_repo(repo: Path, out: Path, name: str) -> int:
    """One repository's docs and commit bodies into out; returns the number of files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    for path in _git(repo, "ls-tree", "-r", "--name-only", "HEAD").splitlines():
        if not DOC.search(path) or "LICENSE" in path or path.startswith(".") or \
                (path == "README.md" and name in IN_CORPUS):
            continue
        name_md = "doc--" + path.replace("/", "__") + ("" if path.endswith(".md") else ".md")
        (out / name_md).write_text(_git(repo, "show", f"HEAD:{path}"), encoding="utf-8")
        written += 1
    bodies = []
    for entry in _git(repo, "log", "--format=%H%x00%an%x00%ae%x00%B%x01").split("\x01"):
        parts = entry.strip("\n").split("\x00")
        if len(parts) < 4 or "karpathy" not in (parts[1] + parts[2]).lower():
            continue
        subject, _, body = parts[3].strip().partition("\n")
        if len(body.split()) >= 30:
            bodies.append(f"<!-- commit {parts[0]} -->\n\n{subject}\n\n{body.strip()}\n")
    (out / "commits.md").write_text("\n\n".join(bodies), encoding="utf-8")
    return written + 1


def main(argv: list[str] | None = None) -> int:
    """Write OUT/tuning and OUT/held-out from MIRRORS (and --corpus)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mirrors", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--corpus", type=Path, help="../shared/corpus: copied into OUT/tuning/")
    args = parser.parse_args(argv)
    for part, names in (("tuning", TUNING), ("held-out", HELD_OUT)):
        for name in names:
            repo = args.mirrors / f"karpathy+{name}" / "repo"
            if not repo.is_dir():
                print(f"skipped {name}: no {repo}")
                continue
            print(f"{part}/{name}: {write_repo(repo, args.out / part / name, name)} files")
    if args.corpus:
        for sub in ("blog", "readmes"):
            shutil.copytree(args.corpus / sub, args.out / "tuning" / sub, dirs_exist_ok=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
