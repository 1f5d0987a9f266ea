"""Change several files of the project as one: all of them, or none.

`write_all` writes each new text whole and fsynced beside its target, then moves them in, keeping
a journal (JOURNAL) of what it does. An error, Ctrl-C, SIGTERM or SIGHUP rolls every file back; a
SIGKILL or power cut is rolled back by the next `recover` (`rename --recover`, or the next rename).
Journal states: "staging" (temporaries being written), "committing" (targets being replaced: the
originals come back from hard-linked backups) and "committed" (only the backups are left to remove).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import signal
from pathlib import Path

JOURNAL = ".generator-journal.json"
_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Busy(OSError):
    """Another process is changing the project's files (its lock is held)."""


@contextlib.contextmanager
def lock(root: Path):
    """Hold the project's lock (flock on the root folder: no lock file) for a whole change; raises Busy
    at once when another process holds it."""
    fd = os.open(root, os.O_RDONLY)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Busy(f"another rename or new is changing {root} right now; run this again when it has finished") \
                from None
        yield
    finally:
        os.close(fd)  # releases the lock


class Interrupted(Exception):
    """SIGTERM or SIGHUP arrived while files were being written; they were rolled back."""


def pending(root: Path) -> bool:
    """Whether an interrupted change left its journal under root (then `recover` must run)."""
    return (Path(root) / JOURNAL).exists() or (Path(root) / (JOURNAL + ".new")).exists()


def write_all(root: Path, changes: dict[Path, bytes | None]) -> None:
    """Replace each path (under root) by its bytes, or remove it (None), all or none; the caller holds
    `lock(root)`. OSError, Interrupted (SIGTERM, SIGHUP) and KeyboardInterrupt come after every file is back."""
    root = Path(root)
    recover(root)
    items, entries = sorted(changes.items(), key=lambda item: str(item[0])), []
    for n, (path, data) in enumerate(items):
        target = Path(path)
        stem = f".{target.name}.{os.getpid()}-{n}"
        entries.append({
            "target": _rel(root, target),
            "temp": _rel(root, target.with_name(stem + ".new")) if data is not None else None,
            "backup": _rel(root, target.with_name(stem + ".old")) if target.exists() else None,
        })
    handlers = _raise_on_signals()
    try:
        _save_journal(root, "staging", entries)
        for entry, (_, data) in zip(entries, items):
            if entry["temp"]:
                _write_synced(root / entry["temp"], data)
    except BaseException:
        recover(root)
        _restore(handlers)
        raise
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _SIGNALS)  # a few renames long; delivered when done or undone
    try:
        _save_journal(root, "committing", entries)
        for entry in entries:
            target = root / entry["target"]
            if entry["backup"]:
                _backup(target, root / entry["backup"])
            if entry["temp"]:
                _replace(root / entry["temp"], target)
            else:
                _remove(target)
        for folder in {(root / e["target"]).parent for e in entries}:
            _sync_dir(folder)
        _save_journal(root, "committed", entries)
        recover(root)  # committed: remove the backups and the journal
    except BaseException:
        recover(root)
        raise
    finally:
        # A signal that came during the move now acts, on a project that is whole.
        _restore(handlers)
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def recover(root: Path) -> str | None:
    """Finish or undo an interrupted write_all under root (the caller holds `lock(root)`): "rolled back",
    "completed", or None when there was nothing to do. Raises OSError if the files cannot be restored."""
    root = Path(root)
    journal, half_written = root / JOURNAL, root / (JOURNAL + ".new")
    if half_written.exists():  # killed while saving the journal: the one before it (if any) still holds
        half_written.unlink()
        if not journal.exists():
            _sync_dir(root)
            return "rolled back"  # killed saving the first journal, before any file was written
    if not journal.exists():
        return None
    record = json.loads(journal.read_text(encoding="utf-8"))
    state, entries = record["state"], record["entries"]
    for entry in entries:
        target, temp = root / entry["target"], root / entry["temp"] if entry["temp"] else None
        backup = root / entry["backup"] if entry["backup"] else None
        if state == "committing":
            if backup and backup.exists():
                os.replace(backup, target)  # the original, whatever happened to the target
            elif not backup and temp and not temp.exists() and target.exists():
                target.unlink()  # a new file that was already moved in
        for leftover in filter(None, (temp, backup)):
            leftover.unlink(missing_ok=True)
    for folder in {(root / e["target"]).parent for e in entries} | {root}:
        if folder.is_dir():
            _sync_dir(folder)
    journal.unlink()
    _sync_dir(root)
    return "completed" if state == "committed" else "rolled back"


def _rel(root: Path, path: Path) -> str:
    return Path(os.path.relpath(path, root)).as_posix()


def _replace(source: Path, target: Path) -> None:
    os.replace(source, target)


def _remove(path: Path) -> None:
    path.unlink()


def _write_synced(path: Path, data: bytes) -> None:
    """Write data whole to a new file and fsync it; a partial file is removed before the error is raised."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise
    os.close(fd)


def _save_journal(root: Path, state: str, entries: list[dict]) -> None:
    temp = root / (JOURNAL + ".new")
    temp.unlink(missing_ok=True)
    _write_synced(temp, json.dumps({"state": state, "entries": entries}, indent=1).encode("utf-8"))
    os.replace(temp, root / JOURNAL)
    _sync_dir(root)


def _backup(target: Path, backup: Path) -> None:
    """Keep the original under another name: a hard link (no copy, no space), else a copy."""
    try:
        os.link(target, backup)
    except OSError:
        shutil.copy2(target, backup)  # file systems without hard links
        with open(backup, "rb") as handle:
            os.fsync(handle.fileno())


def _sync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system lets a folder be fsynced
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _raise_interrupted(signum, frame):
    raise Interrupted(f"stopped by signal {signal.Signals(signum).name}; every file is as it was")


def _raise_on_signals() -> dict:
    """Make SIGTERM and SIGHUP raise Interrupted, as SIGINT raises KeyboardInterrupt; returns their handlers."""
    try:
        return {s: signal.signal(s, _raise_interrupted) for s in _SIGNALS if s != signal.SIGINT}
    except ValueError:  # not the main thread: signals stay as they are
        return {}


def _restore(handlers: dict) -> None:
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
