"""Every folder a command writes (build, export, team): refused when unsafe, written whole or not at all.

A command names the folder it owns (site/, an export's folder) and writes into
`writing(target, project)`, which

1. refuses, before anything is written, a folder that is or holds the project, lies
   in one of its data folders (DATA_FOLDERS), is a file, holds a file git tracks in
   the project, or is not ours to replace: it is not empty and holds a file its MARKER
   does not list (MARKER, written into every folder we make, lists every file we
   wrote); symlinks are resolved first, so a link to the project is the project;
2. yields a fresh folder beside the target (`.NAME.writing-*`), so a failure at any
   point (a full disk, a bad template, a signal) leaves the old folder as it was;
3. on success writes MARKER into it and puts it in place with one atomic exchange
   (Linux renameat2), then removes the old folder (now `.NAME.replaced-*`).

SIGTERM and SIGINT while writing remove the fresh folder, then end the process by
that signal. A folder left by SIGKILL or a power cut is unlocked (each live one holds
an flock) and is removed by the next command that writes beside it; .gitignore covers
the names. Errors are OutputError, one line for the user.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import signal
import subprocess
import tempfile
import urllib.parse
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from .check.report import visible

MARKER = ".generator-output"
MARKER_FORMAT = "generator-output 2"  # its first line; then # comments and one written path a line (percent-encoded)
# Folders of the project that hold its sources: an output may not be, hold or lie inside one.
DATA_FOLDERS = ("patterns", "content", "generator", "overrides", "tests", ".git", ".github")
# .NAME.writing-XXXX: a folder being written; .NAME.replaced-XXXX: the old one, on its way out
WRITING, REPLACED = ".writing-", ".replaced-"
_PLACE = "write to a folder of its own, such as build/"
LEGACY = ".building-"  # what builds before this module left behind (issue 22)


class OutputError(Exception):
    """An output folder that is refused or cannot be written; str() is one line for the user."""


def check(target: Path, project: Path | list[Path], owned: bool = True, legacy: tuple[str, ...] = ()) -> Path:
    """The resolved target, or OutputError saying why it may not be written.

    project: the project root(s). owned: the command replaces target whole, so it must be
    absent, empty or marked as ours; False checks the place alone (a parent we only add to).
    legacy: paths that, all present, show a folder the command wrote before MARKER existed.
    """
    shown = visible(str(target))  # one line, whatever the name holds
    final = Path(os.path.abspath(target)).resolve()
    for root in project if isinstance(project, list) else [project]:
        root = Path(os.path.abspath(root)).resolve()
        if final == root:
            raise OutputError(f"{shown}: is the project folder ({visible(str(root))}); {_PLACE}")
        if final in root.parents:
            raise OutputError(f"{shown}: holds the project ({visible(str(root))}); {_PLACE}")
        for name in DATA_FOLDERS:
            data = root / name
            if final == data or data in final.parents:
                where = "is" if final == data else "is inside"
                raise OutputError(f"{shown}: {where} the project's {name}/ folder, which holds its sources; {_PLACE}")
    for above in final.parents:  # --out under a file
        if above.exists() and not above.is_dir():
            raise OutputError(f"{shown}: {visible(str(above))} is a file, not a folder")
    if owned and (final.exists() or final.is_symlink()):
        if not final.is_dir():
            raise OutputError(f"{shown}: is not a folder")
        for root in project if isinstance(project, list) else [project]:
            if tracked := _tracked(final, Path(os.path.abspath(root)).resolve()):
                raise OutputError(f"{shown}: holds {visible(tracked)}, which git tracks in the project; {_PLACE}")
        listed = _listed(final)
        if listed is None and legacy and all((final / rel).exists() for rel in legacy):
            pass  # a site built before markers listed their files
        elif listed is None and not (final / MARKER).exists():
            if _not_empty(final):
                raise OutputError(f"{shown}: is not empty and was not written by this generator (no {MARKER} in "
                                  "it); choose a new folder, or empty this one first")
        elif foreign := next((rel for rel in _files(final) if rel not in (listed or ()) and rel != MARKER), None):
            raise OutputError(f"{shown}: holds {visible(foreign)}, which this generator did not write (its {MARKER} "
                              "does not list it); choose a new folder, or move that file out first")
    return final


def check_input(file: Path, target: Path) -> None:
    """OutputError if the input file lies inside target, the folder a command is about to replace."""
    final, source = Path(os.path.abspath(target)).resolve(), Path(os.path.abspath(file)).resolve()
    if final in source.parents:
        raise OutputError(f"{visible(str(file))}: lies inside the output folder {visible(str(target))}, "
                          "which is replaced whole; keep the input outside it")


def _tracked(folder: Path, root: Path) -> str | None:
    """The first file under folder (relative to it) that git tracks in the project at root; None when
    there is none, folder is outside root, or git cannot tell (no git, not a checkout): the marker rule
    still holds then. Tracked files are the project's, and a pull request could add a marker that lists them."""
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
    out = []
    for dirpath, dirnames, filenames in os.walk(folder, onerror=_unreadable):
        for name in [*filenames, *(d for d in dirnames if os.path.islink(os.path.join(dirpath, d)))]:
            out.append(Path(os.path.relpath(os.path.join(dirpath, name), folder)).as_posix())
    return sorted(out)


def _unreadable(err: OSError) -> None:
    raise OutputError(f"{err.filename}: cannot read: {err.strerror or err}")


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


def _not_empty(folder: Path) -> bool:
    try:
        with os.scandir(folder) as entries:
            return any(True for _ in entries)
    except OSError as err:
        raise OutputError(f"{folder}: cannot read: {err.strerror or err}") from None


@contextlib.contextmanager
def writing(target: Path, project: Path | list[Path], command: str, given: Path | None = None,
            legacy: tuple[str, ...] = ()) -> Iterator[Path]:
    """Yield an empty folder beside target; when the block ends without an error, it becomes target.

    command (e.g. "export llms") goes into MARKER. given: the folder the user named when
    target is a folder inside it (export vale --out DIR writes DIR/Karpathy): checked too. legacy: see check().
    Raises OutputError before anything is written if target may not be written, and
    OutputError (with the old target untouched and nothing left beside it) when writing fails.
    """
    if given is not None:
        check(given, project, owned=False)
    final = check(target, project, legacy=legacy)
    shown = visible(str(target))  # one line, whatever the name holds
    made = [folder for folder in final.parents if not folder.exists()]  # removed again unless we succeed
    fresh, hold, stop, done = None, None, _Stop({}), False
    try:
        try:
            final.parent.mkdir(parents=True, exist_ok=True)
            with _locked(final.parent):
                remove_stale(final.parent)
                fresh = Path(tempfile.mkdtemp(prefix=f".{final.name}{WRITING}", dir=final.parent))
                fresh.chmod(0o777 & ~_umask())  # mkdtemp makes it private (0700); the output is a normal folder
                hold = os.open(fresh, os.O_RDONLY)
                fcntl.flock(hold, fcntl.LOCK_EX)  # while this process lives: the folder is not stale
        except OSError as err:
            raise OutputError(f"{shown}: cannot write: {err.strerror or err}") from None
        stop = _Stop.install()
        yield fresh
        (fresh / MARKER).write_text(_marker(fresh, command), encoding="utf-8")
        with _blocked(), _locked(final.parent):
            check(target, project, legacy=legacy)  # again: the folder may have changed while we wrote
            _put_in_place(fresh, final)
        done = True
    except OSError as err:
        raise OutputError(f"{shown}: cannot write: {err.strerror or err}; nothing was changed") from None
    except _Signal as signalled:
        _clean(fresh, hold, stop, made)
        signal.signal(signalled.signum, signal.SIG_DFL)
        print(f"stopped by signal {signalled.signum}: {shown} was left as it was", file=sys.stderr, flush=True)
        os.kill(os.getpid(), signalled.signum)  # end as the signal would have ended us
        raise
    finally:
        _clean(fresh, hold, stop, [] if done else made)


def _clean(fresh: Path | None, hold: int | None, stop: _Stop, made: list[Path]) -> None:
    """Remove the fresh folder (after an exchange: the old output), release its lock, put the signal
    handlers back, and remove the empty parents we made; signals wait until this is done."""
    with _blocked():
        if fresh is not None:
            shutil.rmtree(fresh, ignore_errors=True)
        if hold is not None:
            with contextlib.suppress(OSError):
                os.close(hold)
        stop.restore()
        for folder in made:
            with contextlib.suppress(OSError):
                folder.rmdir()


def write_files(files: dict[str, str | bytes], target: Path, project: Path | list[Path], command: str,
                given: Path | None = None) -> list[Path]:
    """Write relative path -> content as the folder target (through writing()); returns the final paths.

    Raises OutputError as writing() does, and for a path that would leave the folder.
    """
    with writing(target, project, command, given) as fresh:
        for rel in files:
            if Path(rel).is_absolute() or ".." in Path(rel).parts:
                raise OutputError(f"{rel}: not a path inside {target}")
        for rel, content in files.items():
            path = fresh / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
    return [Path(target) / rel for rel in files]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_stale(folder: Path) -> list[Path]:
    """Remove the .NAME.writing-* and .NAME.replaced-* folders in folder whose process is gone
    (their flock is free), and the .NAME.building-* ones older builds left; returns them."""
    removed = []
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        candidates = [Path(e.path) for e in entries if e.name.startswith(".") and e.is_dir(follow_symlinks=False)
                      and any(tag in e.name for tag in (WRITING, REPLACED, LEGACY))]
    for path in candidates:
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
        shutil.rmtree(path, ignore_errors=True)
        removed.append(path)
    return removed


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An flock on folder: one command at a time creates, cleans or swaps in it (released if we die)."""
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def _put_in_place(fresh: Path, final: Path) -> None:
    """Make fresh the folder at final; afterwards the path fresh holds the old folder, or nothing."""
    if not final.exists():
        fresh.rename(final)
    elif not exchange(fresh, final):  # no atomic exchange here: rename aside, then in
        aside = Path(tempfile.mkdtemp(prefix=f".{final.name}{REPLACED}", dir=final.parent))
        final.replace(aside)
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
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


# -- signals ----------------------------------------------------------------------------

_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)


class _Signal(BaseException):
    """SIGTERM, SIGINT or SIGHUP arrived while writing (raised by _Stop's handler)."""

    def __init__(self, signum: int):
        super().__init__(f"signal {signum}")
        self.signum = signum


class _Stop:
    """Handlers that turn _SIGNALS into _Signal while a folder is written (main thread only),
    so the fresh folder is removed; restore() puts the previous handlers back."""

    def __init__(self, previous: dict):
        self.previous = previous

    @classmethod
    def install(cls) -> _Stop:
        previous = {}
        if threading.current_thread() is threading.main_thread():
            for signum in _SIGNALS:
                if signal.getsignal(signum) in (signal.SIG_DFL, signal.default_int_handler):
                    previous[signum] = signal.signal(signum, cls._raise)
        return cls(previous)

    @staticmethod
    def _raise(signum, frame):
        raise _Signal(signum)

    def restore(self) -> None:
        for signum, handler in self.previous.items():
            signal.signal(signum, handler)
        self.previous = {}


@contextlib.contextmanager
def _blocked() -> Iterator[None]:
    """Hold _SIGNALS back (they arrive after the block): the move into place and the cleanup are not cut."""
    old = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)
