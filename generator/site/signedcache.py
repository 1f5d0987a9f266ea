"""A folder of cached build results that a commit cannot plant.

Each entry is two files in the folder: `<key><suffix>` (the bytes) and `<key>.sig`,
an HMAC-SHA256 of key and bytes under a secret kept outside the project
(~/.cache/karpathy-style-guide/cache.key, or under $XDG_CACHE_HOME). An entry
someone adds to the repository's .cache/ with `git add -f` has no valid signature
on another machine, so it is ignored and rebuilt. Used by the social cards
(site/cards.py), and through JsonStore by the rendered-page and search-entry caches
(site/pagecache.py, site/searchcache.py).

Writes go through unique temporary names and os.replace, so builds writing the
same entry at once do not race; a reader sees the old entry, the new one, or none.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import re
import secrets
import stat
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path


@cache
def _secret() -> bytes:
    """32 random bytes in the user's cache folder, created on first use (the first writer wins)."""
    folder = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "karpathy-style-guide"
    path = folder / "cache.key"
    try:
        secret = path.read_bytes()
        if len(secret) == 32:
            return secret
    except OSError:
        pass
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=".key.")
    with os.fdopen(fd, "wb") as out:
        out.write(secrets.token_bytes(32))
    try:
        os.link(tmp, path)  # first writer wins; the others read its key
    except FileExistsError:
        pass
    finally:
        os.unlink(tmp)
    return path.read_bytes()


def _signature(key: str, data: bytes) -> str:
    return hmac.new(_secret(), key.encode("ascii") + b"\0" + data, hashlib.sha256).hexdigest()


MAX_BYTES = 16 * 1024 * 1024  # the largest entry we write is a few hundred KB (a card, a long page)
_ENTRY = re.compile(r"[0-9a-f]{64}\.(?:json|png|sig)")


def _safe(folder: Path) -> bool:
    """False when folder, or a folder between it and the enclosing `.cache`, is a symlink or not a folder:
    a committed symlink (.cache/pages/en -> ../../..) must not make a build read, write or delete elsewhere."""
    for part in (folder, *folder.parents):
        if part.is_symlink() or (part.exists() and not part.is_dir()):
            return False
        if part.name == ".cache":
            return True
    return not folder.is_symlink()


def _read_file(path: Path, limit: int) -> bytes | None:
    """The bytes of a regular file of at most limit bytes, not followed through a symlink; else None
    (a FIFO would block, /dev/zero or a huge file would fill the memory)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(limit + 1)
        return data if len(data) <= limit else None
    except OSError:
        return None
    finally:
        os.close(fd)


def read(folder: Path, key: str, suffix: str) -> bytes | None:
    """The bytes stored under key (a hex digest), or None: absent, unreadable, not a regular file of at
    most MAX_BYTES, in a symlinked folder, or not signed by us."""
    if not _safe(folder):
        return None
    data = _read_file(folder / f"{key}{suffix}", MAX_BYTES)
    signature = _read_file(folder / f"{key}.sig", 64)
    if data is None or signature is None:
        return None
    try:
        return data if hmac.compare_digest(signature.decode("ascii"), _signature(key, data)) else None
    except UnicodeDecodeError:
        return None


def write(folder: Path, key: str, suffix: str, data: bytes) -> None:
    """Store data under key (a hex digest), creating folder; does nothing in a symlinked folder.
    Raises OSError when the disk refuses, and then leaves no temporary file behind."""
    if not _safe(folder):
        return
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in ((f"{key}{suffix}", data), (f"{key}.sig", _signature(key, data).encode("ascii"))):
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(content)
            os.replace(tmp, folder / name)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise


def prune(folder: Path, keep: Iterable[str]) -> int:
    """Delete every entry of folder (a file named <64 hex digits>.json, .png or .sig) whose key is not in
    keep; returns how many entries went. Nothing else is touched, and nothing in a symlinked folder.
    Entries another build is writing at the same moment may go too: that build only reads a miss later."""
    if not _safe(folder):
        return 0
    keep = set(keep)
    gone = 0
    try:
        names = list(folder.iterdir())
    except OSError:
        return 0
    for path in names:
        if not _ENTRY.fullmatch(path.name) or path.name.split(".", 1)[0] in keep:
            continue
        if path.is_dir() and not path.is_symlink():  # unlink never follows a link: it removes the link
            continue
        try:
            path.unlink()
            gone += path.suffix == ".sig"
        except OSError:
            pass
    return gone


class JsonStore:
    """One build's use of a folder of signed JSON values (the page and search caches): get and put by
    key, then prune() deletes the entries this build did not use."""

    SUFFIX = ".json"

    def __init__(self, folder: Path):
        self.folder = folder
        self._used: set[str] = set()

    def get(self, key: str):
        """The value stored under key (a hex digest), or None: absent, not signed by us, or not JSON."""
        self._used.add(key)
        data = read(self.folder, key, self.SUFFIX)
        try:
            return None if data is None else json.loads(data)
        except ValueError:
            return None

    def put(self, key: str, value) -> None:
        """Store value (JSON-serialisable) under key. A full or read-only disk only costs a later build time."""
        self._used.add(key)
        try:
            write(self.folder, key, self.SUFFIX, json.dumps(value, ensure_ascii=False).encode("utf-8"))
        except OSError:
            pass

    def prune(self) -> None:
        """Delete the entries of the folder this build did not get or put."""
        prune(self.folder, self._used)
