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


def build(config_file: Path, site_dir: Path, strict: bool = True) -> int:
    final = site_dir.resolve()
    fresh = final.with_name(f".{final.name}.building")
    stale = final.with_name(f".{final.name}.old")
    for folder in (fresh, stale):
        shutil.rmtree(folder, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file), "--site-dir", str(fresh)]
    if strict:
        command.append("--strict")
    result = subprocess.run(command, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    if result.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        print(f"build failed; {final} was left as it was", file=sys.stderr)
        return result.returncode
    if final.exists():
        final.rename(stale)
    fresh.rename(final)
    shutil.rmtree(stale, ignore_errors=True)
    return 0
