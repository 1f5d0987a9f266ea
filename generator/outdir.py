"""Every folder a command writes (build, export, team): refused when unsafe (check), written whole
or not at all (writing): a fresh folder beside the target is swapped in only on success; a failure or
SIGTERM/SIGINT/SIGHUP leaves the old one as it was. Errors are OutputError.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import threading
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

from .check.report import visible

MARKER = ".generator-output"
MARKER_FORMAT = "generator-output 2"  # its first line; then # comments and one written path a line (percent-encoded)
# Folders of the project that hold its sources: an output may not be, hold or lie inside one.
DATA_FOLDERS = ("patterns", "content", "generator", "overrides", "tests", ".git", ".github")
WRITING, REPLACED = ".writing-", ".replaced-"  # then secrets.token_hex(6)
LEGACY = ".building-"  # then 8 of tempfile.mkdtemp's [a-z0-9_]: what builds before this module left (issue 22)
_PLACE = "write to a folder of its own, such as build/"
_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class OutputError(Exception):
    """An output folder that is refused or cannot be written; str() is one line for the user."""


def _resolved(path: Path) -> Path:
    return Path(os.path.abspath(path)).resolve()


def check(target: Path, project: Path | list[Path], owned: bool = True, legacy: tuple[str, ...] = ()) -> Path:
    """The resolved target, or OutputError: it is or holds a project root, lies in one of its DATA_FOLDERS
    or under a file; with owned (it is replaced whole), it holds a file git tracks or MARKER does not list.
    legacy: paths that, all present, mark a site built before MARKER."""
    shown, final = visible(str(target)), _resolved(target)  # one line, whatever the name holds
    roots = [_resolved(root) for root in (project if isinstance(project, list) else [project])]
    for root in roots:
        if final == root:
            raise OutputError(f"{shown}: is the project folder ({visible(str(root))}); {_PLACE}")
        if final in root.parents:
            raise OutputError(f"{shown}: holds the project ({visible(str(root))}); {_PLACE}")
        for name in DATA_FOLDERS:
            if final == root / name or root / name in final.parents:
                where = "is" if final == root / name else "is inside"
                raise OutputError(f"{shown}: {where} the project's {name}/ folder, which holds its sources; {_PLACE}")
    for above in final.parents:  # --out under a file
        if above.exists() and not above.is_dir():
            raise OutputError(f"{shown}: {visible(str(above))} is a file, not a folder")
    if not owned or not (final.exists() or final.is_symlink()):
        return final
    if not final.is_dir():
        raise OutputError(f"{shown}: is not a folder")
    for root in roots:
        if tracked := _tracked(final, root):
            raise OutputError(f"{shown}: holds {visible(tracked)}, which git tracks in the project; {_PLACE}")
    listed = _listed(final)
    if listed is None and legacy and all((final / rel).exists() for rel in legacy):
        return final  # a site built before markers listed their files
    if listed is None and not (final / MARKER).exists():
        try:
            empty = not os.listdir(final)
        except OSError as err:
            raise OutputError(f"{final}: cannot read: {err.strerror or err}") from None
        if not empty:
            raise OutputError(f"{shown}: is not empty and was not written by this generator (no {MARKER} in "
                              "it); choose a new folder, or empty this one first")
    elif foreign := next((rel for rel in _files(final) if rel not in (listed or ()) and rel != MARKER), None):
        raise OutputError(f"{shown}: holds {visible(foreign)}, which this generator did not write (its {MARKER} "
                          "does not list it); choose a new folder, or move that file out first")
    return final


def check_input(file: Path, target: Path) -> None:
    """OutputError if the input file lies inside target, the folder a command is about to replace."""
    if _resolved(target) in _resolved(file).parents:
        raise OutputError(f"{visible(str(file))}: lies inside the output folder {visible(str(target))}, "
                          "which is replaced whole; keep the input outside it")


def _tracked(folder: Path, root: Path) -> str | None:
    """The first file under folder (relative to it) that git tracks in root; None when none is, or git
    cannot tell (the marker rule still holds). A pull request could add a marker that lists tracked files."""
    if root not in folder.parents:
        return None
    try:
        found = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--", str(folder.relative_to(root))],
                               capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError):
        return None
    names = sorted(n for n in os.fsdecode(found.stdout).split("\0") if n) if found.returncode == 0 else []
    return os.path.relpath(root / names[0], folder) if names else None


def _files(folder: Path) -> list[str]:
    """Every file under folder (links too, not followed), as sorted relative paths with /."""
    def unreadable(err: OSError):
        raise OutputError(f"{err.filename}: cannot read: {err.strerror or err}")

    out = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable):
        for name in [*filenames, *(d for d in dirnames if os.path.islink(os.path.join(dirpath, d)))]:
            out.append(Path(os.path.relpath(os.path.join(dirpath, name), folder)).as_posix())
    return sorted(out)


def _listed(folder: Path) -> set[str] | None:
    """The files folder's MARKER lists; None without one, or for one that lists no files (an older format)."""
    try:
        lines = (folder / MARKER).read_text(encoding="utf-8", errors="replace").split("\n")
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return None
    except OSError as err:
        raise OutputError(f"{folder / MARKER}: cannot read: {err.strerror or err}") from None
    if lines[0] != MARKER_FORMAT:
        return None
    return {urllib.parse.unquote(line) for line in lines[1:] if line and not line.startswith("#")}


def _marker(folder: Path, command: str) -> str:
    """MARKER's text for folder: the format line, what wrote it, and every file in it."""
    return "\n".join([
        MARKER_FORMAT,
        f"# Written by `python -m generator {command}`. Its next run replaces this folder whole if it holds",
        "# only the files listed below; delete this file to keep the folder from being replaced.",
        *(urllib.parse.quote(rel, safe="/ ") for rel in _files(folder)), ""])


@contextlib.contextmanager
def writing(target: Path, project: Path | list[Path], command: str, given: Path | None = None,
            legacy: tuple[str, ...] = ()) -> Iterator[Path]:
    """Yield an empty folder beside target (`.NAME.writing-*`); when the block ends without an error, it
    gets MARKER (naming command) and replaces target. given: the folder the user named, when target is
    inside it (export vale --out DIR writes DIR/Karpathy). Raises OutputError, the old target untouched."""
    if given is not None:
        check(given, project, owned=False)
    final = check(target, project, legacy=legacy)
    shown = visible(str(target))
    made = [folder for folder in final.parents if not folder.exists()]  # removed again unless we succeed
    fresh, hold, handlers, done, stopped = None, None, {}, False, None
    try:
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            with _locked(final.parent):
                _remove_stale(final)
                fresh = final.parent / f".{final.name}{WRITING}{secrets.token_hex(6)}"
                fresh.mkdir()
                hold = os.open(fresh, os.O_RDONLY)
                fcntl.flock(hold, fcntl.LOCK_EX)  # while this process lives: the folder is not stale
        except OSError as err:
            raise OutputError(f"{shown}: cannot write: {err.strerror or err}") from None
        handlers = _catch_signals()
        yield fresh
        (fresh / MARKER).write_text(_marker(fresh, command), encoding="utf-8")
        with _blocked(), _locked(final.parent):
            check(target, project, legacy=legacy)  # again: the folder may have changed while we wrote
            aside, replacing = fresh.with_name(fresh.name.replace(WRITING, REPLACED)), final.exists()
            if replacing:
                final.rename(aside)
            try:
                fresh.rename(final)
            except OSError:
                if replacing:
                    aside.rename(final)  # the old folder back in place
                raise
            shutil.rmtree(aside, ignore_errors=True)
        done = True
    except OSError as err:
        raise OutputError(f"{shown}: cannot write: {err.strerror or err}; nothing was changed") from None
    except _Signal as signalled:
        stopped = signalled.args[0]
        raise
    finally:
        _clean(fresh, hold, handlers, [] if done else made)
        if stopped:
            signal.signal(stopped, signal.SIG_DFL)
            print(f"stopped by signal {stopped}: {shown} was left as it was", file=sys.stderr, flush=True)
            os.kill(os.getpid(), stopped)  # end as the signal would have ended us


def write_files(files: dict[str, str | bytes], target: Path, project: Path | list[Path], command: str,
                given: Path | None = None) -> list[Path]:
    """Write relative path -> content as the folder target (through writing()); returns the final paths.
    Raises OutputError as writing() does, and for a path that would leave the folder."""
    with writing(target, project, command, given) as fresh:
        for rel in files:
            if Path(rel).is_absolute() or ".." in Path(rel).parts:
                raise OutputError(f"{rel}: not a path inside {target}")
        for rel, content in files.items():
            path = fresh / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return [Path(target) / rel for rel in files]


def _clean(fresh: Path | None, hold: int | None, handlers: dict, made: list[Path]) -> None:
    """Undo writing()'s setup: the fresh folder, its lock, the signal handlers, the parents we made."""
    with _blocked():
        if fresh is not None:
            shutil.rmtree(fresh, ignore_errors=True)
        if hold is not None:
            with contextlib.suppress(OSError):
                os.close(hold)
        while handlers:
            signal.signal(*handlers.popitem())
        for folder in made:
            with contextlib.suppress(OSError):
                folder.rmdir()


def _remove_stale(final: Path) -> None:
    """Remove the folders writing() left beside final whose process is gone (SIGKILL: their flock is free):
    only names it makes for final, so no other folder is touched. An old output a killed swap moved aside
    (it holds MARKER) goes back in place if nothing took its name."""
    ours = re.compile(re.escape(f".{final.name}") + rf"(?:({re.escape(WRITING)}|{re.escape(REPLACED)})[0-9a-f]{{12}}"
                      rf"|{re.escape(LEGACY)}[a-z0-9_]{{8}})")
    with contextlib.suppress(OSError), os.scandir(final.parent) as entries:
        candidates = [(Path(e.path), match[1]) for e in entries
                      if (match := ours.fullmatch(e.name)) and e.is_dir(follow_symlinks=False)]
    for path, tag in candidates:
        try:
            fd = os.open(path, os.O_RDONLY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            continue  # a live process is writing it
        finally:
            os.close(fd)
        if tag == REPLACED and not os.path.lexists(final) and _listed(path) is not None:
            try:
                path.rename(final)
                continue
            except OSError:
                pass  # it cannot go back: removed as any other leftover
        shutil.rmtree(path, ignore_errors=True)


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An flock on folder: one command at a time creates, cleans or swaps in it (released if we die)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


class _Signal(BaseException):
    """One of _SIGNALS arrived while writing; args[0] is its number."""


def _raise(signum, frame):
    raise _Signal(signum)


def _catch_signals() -> dict:
    """Turn _SIGNALS that have their default handler into _Signal (main thread only); returns the old handlers."""
    if threading.current_thread() is not threading.main_thread():
        return {}
    return {signum: signal.signal(signum, _raise) for signum in _SIGNALS
            if signal.getsignal(signum) in (signal.SIG_DFL, signal.default_int_handler)}


@contextlib.contextmanager
def _blocked() -> Iterator[None]:
    """Hold _SIGNALS back until the block ends: the swap and the cleanup are not cut."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
