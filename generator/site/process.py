"""What one build process keeps across builds, and prepares before it forks.

`mkdocs serve` rebuilds in one long-lived process, and the English build forks the
Chinese one (site/sidecar.py). Both gain from work done once per process: the theme's
compiled templates, the loaded catalog (until a data file changes), jieba's dictionary
and our own compiled page templates. Messages that would repeat on every rebuild are
logged once.
"""

from __future__ import annotations

import logging
from pathlib import Path

import jinja2

from ..data.catalog import Catalog, load_catalog
from ..data.filestamp import stamp
from ..export import markdown as export_markdown
from .render import template_environment


class _MemoryBytecodeCache(jinja2.BytecodeCache):
    """Compiled theme templates, kept across the rebuilds of one `mkdocs serve`.
    Keys include a checksum of the template source, so an edited override recompiles."""

    def __init__(self):
        self._store: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if (data := self._store.get(bucket.key)) is not None:
            bucket.bytecode_from_string(data)

    def dump_bytecode(self, bucket):
        self._store[bucket.key] = bucket.bytecode_to_string()


THEME_BYTECODE = _MemoryBytecodeCache()  # set as the theme environment's bytecode_cache (plugin on_env)

# The English build and the Chinese build it starts read the same files: load them
# once. Keyed by every data file's size and mtime, so an edit under `serve` reloads.
_CATALOGS: dict[Path, tuple[tuple, Catalog]] = {}


def load_catalog_once(root: Path) -> Catalog:
    """The checked catalog of the project at root, loaded again only when a data file under
    patterns/ or content/ (its *.yml and quotes/) changed (data/filestamp.py). Raises DataError as load_catalog."""
    root = root.resolve()
    signature = stamp(sorted([*root.glob("patterns/*"), *root.glob("content/*.yml"), *root.glob("content/quotes/*")]))
    if root in _CATALOGS and _CATALOGS[root][0] == signature:
        return _CATALOGS[root][1]
    catalog = load_catalog(root)
    _CATALOGS[root] = (signature, catalog)
    return catalog


_SAID: set[str] = set()  # messages logged once per process, not once per rebuild
_QUIET = False  # a forked build: the parent says these messages


def say_once(log: logging.Logger, message: str) -> None:
    """Log message at INFO the first time it is said in this process (and never in a quiet one)."""
    if message not in _SAID and not _QUIET:
        _SAID.add(message)
        log.info(message)


def say_nothing_more() -> None:
    """Make say_once silent in this process: called in the forked Chinese build, whose parent says them."""
    global _QUIET
    _QUIET = True


def warm_for_fork() -> None:
    """Load jieba's dictionary (about 1 s; Material's search splits Chinese text with it) and compile
    the page and export templates (about 0.3 s), once per process, so every forked Chinese build
    starts with both instead of doing them itself."""
    try:
        import jieba
    except ImportError:  # the Chinese search index is built without jieba's splitting
        jieba = None
    if jieba is not None and not jieba.dt.initialized:
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
    for env in (template_environment(), export_markdown.environment()):
        for name in env.list_templates(extensions=("j2",)):
            env.get_template(name)
