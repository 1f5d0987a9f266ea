"""Build the site into a folder of its own and swap it in only when the build succeeded.

MkDocs cleans site_dir before it writes; a build that fails half-way (a
strict-mode warning, a template error) would leave a half-written site. Each
build writes into a unique folder beside site/ (two builds at once never share
one), checks that every language's home and section pages are there, then,
holding a lock, swaps it in with one atomic exchange of the two folders. Where
the system cannot exchange, the old site is renamed aside first and put back by
the next build if the swap was interrupted: a complete site is always on disk.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .. import paths
from . import htmlsafety


def commit_time(folder: Path) -> str:
    """Seconds since the epoch of the last commit: the build date of a reproducible build."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=folder, capture_output=True, text=True,
                             encoding="utf-8", check=False)
    except OSError:
        out = None
    return out.stdout.strip() if out and out.returncode == 0 and out.stdout.strip() else "0"


def build(config_file: Path, site_dir: Path, strict: bool = True) -> int:
    """Run `mkdocs build` (plus --strict) into a fresh folder and swap it in as site_dir.

    Returns the exit code: 0 only when site_dir now holds the complete new site;
    otherwise site_dir is left as it was.
    """
    final = site_dir.resolve()
    final.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{final.name}.building-", dir=final.parent))
    try:
        command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file), "--site-dir", str(fresh)]
        if strict:
            command.append("--strict")
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "KP_CARDS": "true"}  # a published build has its cards
        env.setdefault("SOURCE_DATE_EPOCH", commit_time(config_file.resolve().parent))
        code = subprocess.run(command, env=env, check=False).returncode
        missing = missing_pages(fresh) if code == 0 else []
        # The final net: the built pages' content areas against the allowlist (what the engine made of them).
        unsafe = htmlsafety.audit_site(fresh) if code == 0 else []
        if code != 0 or missing or unsafe:
            for page in missing:
                print(f"build incomplete: {page} was not written", file=sys.stderr)
            for problem in unsafe:
                print(problem, file=sys.stderr)
            print(f"build failed; {final} was left as it was", file=sys.stderr)
            return code or 1
        with _locked(final):
            recover(final)
            swap(fresh, final)
        return 0
    finally:
        shutil.rmtree(fresh, ignore_errors=True)  # after an exchange it holds the previous site


def missing_pages(folder: Path) -> list[str]:
    """The home and section pages of every language that a complete site has and `folder` lacks."""
    wanted = [paths.in_lang(lang, page) for lang in paths.LANGS for page in ("", *paths.SECTIONS)]
    return [page + "index.html" for page in wanted if not (folder / page / "index.html").is_file()]


def _aside(final: Path) -> Path:
    return final.with_name(f".{final.name}.old")


@contextlib.contextmanager
def _locked(final: Path):
    """One swap at a time per folder of sites: an flock on that folder (no lock file is left
    behind; the kernel releases it if the process dies)."""
    fd = os.open(final.parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def recover(final: Path) -> None:
    """Put back the site an interrupted swap left aside; drop it when the swap had finished."""
    aside = _aside(final)
    if aside.exists() and not final.exists():
        aside.rename(final)
    shutil.rmtree(aside, ignore_errors=True)


def swap(fresh: Path, final: Path) -> None:
    """Make `fresh` the site at `final`; afterwards `fresh` holds the old site (or is gone)."""
    if not final.exists():
        fresh.rename(final)
    elif not exchange(fresh, final):
        aside = _aside(final)
        final.rename(aside)  # interrupted here: recover() puts it back
        fresh.rename(final)
        shutil.rmtree(aside, ignore_errors=True)


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.EXDEV):
        return False
    raise OSError(err, os.strerror(err), str(a))
