"""Build the site into a temporary folder and swap it in only when the build succeeded.

MkDocs cleans site_dir before it writes; a build that fails half-way (a
strict-mode warning, a template error) would leave a half-written site. We
build beside it and rename, so site/ is always the last good build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path


def commit_time(folder: Path) -> str:
    """Seconds since the epoch of the last commit: the build date of a reproducible build."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=folder, capture_output=True, text=True, encoding="utf-8")
    except OSError:
        out = None
    return out.stdout.strip() if out and out.returncode == 0 and out.stdout.strip() else "0"


def build(config_file: Path, site_dir: Path, strict: bool = True) -> int:
    final = site_dir.resolve()
    fresh = final.with_name(f".{final.name}.building")
    stale = final.with_name(f".{final.name}.old")
    for folder in (fresh, stale):
        shutil.rmtree(folder, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file), "--site-dir", str(fresh)]
    if strict:
        command.append("--strict")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KP_CARDS": "true"}  # a published build has its cards
    env.setdefault("SOURCE_DATE_EPOCH", commit_time(config_file.resolve().parent))
    result = subprocess.run(command, env=env)
    if result.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        print(f"build failed; {final} was left as it was", file=sys.stderr)
        return result.returncode
    if final.exists():
        final.rename(stale)
    fresh.rename(final)
    shutil.rmtree(stale, ignore_errors=True)
    return 0
