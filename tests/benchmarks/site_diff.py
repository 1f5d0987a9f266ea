"""Build the site at two commits and list every file that differs, in both languages.

    python tests/benchmarks/site_diff.py BEFORE [AFTER]     (AFTER: the working tree; KEEP=DIR keeps both sites)

Each side is `git archive`d into a temporary folder and built with `mkdocs build --strict`
(the same SITE_URL, REPO_URL and SOURCE_DATE_EPOCH, social cards on). A file whose lines are
the same set in another order is reported as "order only". Not a test: it prints.
"""

from __future__ import annotations

import filecmp
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "SITE_URL": "https://example.org/guide/", "NO_MKDOCS_2_WARNING": "1", "KP_CARDS": "true",
       "SOURCE_DATE_EPOCH": "1700000000", "REPO_URL": "https://github.com/karpathy-style-guide/karpathy-style-guide"}


def checkout(ref: str | None, into: Path) -> Path:
    into.mkdir(parents=True)
    if ref is None:
        files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.split(b"\0")
        with tarfile.open(into / "tree.tar", "w") as tar:
            for name in filter(None, files):
                if (ROOT / name.decode()).exists():
                    tar.add(ROOT / name.decode(), arcname=name.decode())
    else:
        (into / "tree.tar").write_bytes(subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True,
                                                       check=True).stdout)
    with tarfile.open(into / "tree.tar") as tar:
        tar.extractall(into / "src", filter="data")
    return into / "src"


def build(src: Path, out: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)], cwd=src,
                            env={**ENV, "PYTHONPATH": str(src)}, capture_output=True, text=True, encoding="utf-8")
    if result.returncode:
        raise SystemExit(f"build failed in {src}:\n{result.stderr[-3000:]}")


def lines(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.name == "search_index.json":
        return sorted(json.dumps(doc, sort_keys=True) for doc in json.loads(text)["docs"])
    return sorted(text.split("<url>") if path.suffix == ".xml" else text.splitlines())


def compare(a: Path, b: Path) -> list[str]:
    out = []
    names = {p.relative_to(a).as_posix() for p in a.rglob("*") if p.is_file()}
    names |= {p.relative_to(b).as_posix() for p in b.rglob("*") if p.is_file()}
    for name in sorted(names):
        pa, pb = a / name, b / name
        if not pa.exists() or not pb.exists():
            out.append(f"{'only after' if pb.exists() else 'only before'}: {name}")
        elif not filecmp.cmp(pa, pb, shallow=False):
            same_set = name.endswith((".json", ".xml", ".html")) and lines(pa) == lines(pb)
            out.append(f"{'order only' if same_set else 'differs'}: {name}")
    return out


def main() -> None:
    before, after = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else None)
    with tempfile.TemporaryDirectory() as tmp:
        sites = []
        for i, ref in enumerate((before, after)):
            src = checkout(ref, Path(tmp) / f"tree{i}")
            build(src, Path(tmp) / f"site{i}")
            sites.append(Path(tmp) / f"site{i}")
        found = compare(*sites)
        if os.environ.get("KEEP"):
            for site in sites:
                shutil.copytree(site, Path(os.environ["KEEP"]) / site.name, dirs_exist_ok=True)
        print("\n".join(found) or "same bytes")
        print(f"{len(found)} file(s) differ", file=sys.stderr)


if __name__ == "__main__":
    main()
