"""A folder of cached build results that a commit cannot plant.

Each entry is two files in the folder: `<key><suffix>` (the bytes) and `<key>.sig`,
an HMAC-SHA256 of key and bytes under a secret kept outside the project
(~/.cache/karpathy-style-guide/cache.key, or under $XDG_CACHE_HOME). An entry
someone adds to the repository's .cache/ with `git add -f` has no valid signature
on another machine, so it is ignored and rebuilt. Used by the social cards
(site/cards.py) and the rendered-page cache (site/pagecache.py).

Writes go through unique temporary names and os.replace, so builds writing the
same entry at once do not race; a reader sees the old entry, the new one, or none.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
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


def read(folder: Path, key: str, suffix: str) -> bytes | None:
    """The bytes stored under key (a hex digest), or None: absent, unreadable, or not signed by us."""
    try:
        data = (folder / f"{key}{suffix}").read_bytes()
        signature = (folder / f"{key}.sig").read_text(encoding="ascii")
    except (OSError, UnicodeDecodeError):
        return None
    return data if hmac.compare_digest(signature, _signature(key, data)) else None


def write(folder: Path, key: str, suffix: str, data: bytes) -> None:
    """Store data under key (a hex digest), creating folder. Raises OSError when the disk refuses."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in ((f"{key}{suffix}", data), (f"{key}.sig", _signature(key, data).encode("ascii"))):
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as out:
            out.write(content)
        os.replace(tmp, folder / name)


def prune(folder: Path, keep: Iterable[str]) -> int:
    """Delete every entry of folder whose key is not in keep; returns how many entries went.
    Entries another build is writing at the same moment may go too: that build only reads a miss later."""
    keep = set(keep)
    gone = 0
    try:
        names = list(folder.iterdir())
    except OSError:
        return 0
    for path in names:
        if path.name.startswith(".") or path.name.split(".", 1)[0] in keep:
            continue
        try:
            path.unlink()
            gone += path.suffix == ".sig"
        except OSError:
            pass
    return gone
