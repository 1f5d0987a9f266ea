"""Build the site into a folder of its own and put it in place only when the build succeeded.

MkDocs cleans site_dir before it writes; a build that fails half-way (a
strict-mode warning, a template error) would leave a half-written site. The build
writes into a fresh folder beside site/ and checks that every language's home and
section pages are there; generator/outdir.py refuses an unsafe site folder before
anything runs and swaps the new site in atomically. MkDocs runs as a child that
dies with this process (generator/children.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .. import children, outdir, paths
from . import htmlsafety


# A site/ that builds wrote before outdir.MARKER existed: both home pages and our theme's assets.
LEGACY_SITE = ("index.html", "zh/index.html", "assets/kp")


class _Failed(Exception):
    """The build ran and failed: its exit code, the site left as it was."""


def commit_time(folder: Path) -> str:
    """Seconds since the epoch of the last commit: the build date of a reproducible build."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=folder, capture_output=True, text=True,
                             encoding="utf-8", check=False)
    except OSError:
        out = None
    return out.stdout.strip() if out and out.returncode == 0 and out.stdout.strip() else "0"


def build(config_file: Path, site_dir: Path, strict: bool = True, root: Path | None = None) -> int:
    """Run `mkdocs build` (plus --strict) into a fresh folder and put it in place as site_dir.

    root: the project (default: the config file's folder), which site_dir may not be, hold or lie in.
    Returns the exit code: 0 only when site_dir now holds the complete new site; 2 when site_dir
    was refused or could not be written (one line on stderr); otherwise site_dir is left as it was.
    """
    project = [Path(config_file).resolve().parent, *([Path(root)] if root is not None else [])]
    try:
        with outdir.writing(site_dir, project, "build", legacy=LEGACY_SITE) as fresh:
            command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file),
                       "--site-dir", str(fresh)]
            if strict:
                command.append("--strict")
            env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KP_CARDS": "true"}  # a published build has its cards
            env.setdefault("SOURCE_DATE_EPOCH", commit_time(config_file.resolve().parent))
            code = children.run(command, env=env)
            missing = missing_pages(fresh) if code == 0 else []
            # The final net: the built pages' content areas against the allowlist (what the engine made of them).
            unsafe = htmlsafety.audit_site(fresh) if code == 0 else []
            for page in missing:
                print(f"build incomplete: {page} was not written", file=sys.stderr)
            for problem in unsafe:
                print(problem, file=sys.stderr)
            if code != 0 or missing or unsafe:
                raise _Failed(code or 1)
    except _Failed as failed:
        print(f"build failed; {site_dir} was left as it was", file=sys.stderr)
        return failed.args[0]
    except outdir.OutputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


def missing_pages(folder: Path) -> list[str]:
    """The home and section pages of every language that a complete site has and `folder` lacks."""
    wanted = [paths.in_lang(lang, page) for lang in paths.LANGS for page in ("", *paths.SECTIONS)]
    return [page + "index.html" for page in wanted if not (folder / page / "index.html").is_file()]
