"""A stamp of some files, to know when data read once per process must be read again.

`mkdocs serve` rebuilds in one long-lived process: the catalog, the checker's word
lists and the UI text are read once and kept until one of their files changes.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path


def stamp(paths: Iterable[Path]) -> tuple:
    """((path, mtime in ns, size in bytes, inode), ...) for each of paths that is a file, in the order
    given; a missing path is left out. Equal stamps: no file was edited, replaced, added or removed."""
    out = []
    for path in paths:
        try:
            st = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            continue
        if path.is_file():
            out.append((str(path), st.st_mtime_ns, st.st_size, st.st_ino))
    return tuple(out)
