"""Rendered pages kept across builds, so a rebuild converts only the pages whose Markdown changed.

MkDocs converts every page's Markdown on every build; it has no incremental build.
Under `mkdocs serve`, an edit of one pattern re-rendered all 39 pages of each language,
and Python-Markdown was the largest share of a rebuild (about 0.8 s of 2 s per language).

A page's HTML is a function of: its Markdown (after every plugin's on_page_markdown),
its own source and URL, the source and URL of every file of the site (links are resolved
against them), the Markdown extensions with their settings, and the versions of the
packages doing the work. The cache key is SHA-256 of all of these. What Page.render
leaves on the page (HTML, table of contents, title from the first heading, anchor ids,
links to other pages' anchors) is stored as JSON in a signed folder (site/signedcache.py),
one folder per language, so a file planted by a commit is ignored.

A render that logged anything (a broken link, say) is never stored: its message is shown
again on every build, and MkDocs's anchor validation, which runs after all pages are
rendered, still sees every page's anchors and links.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Mapping
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from . import signedcache

FORMAT = "1"  # bump when what is stored changes
PACKAGES = ("mkdocs", "markdown", "pymdown-extensions", "mkdocs-material")  # the code that renders a page


def _plain(obj):
    """JSON for a setting that is not: a mapping (MkDocs's nested config) as a dict, a Python object
    (the emoji extension's functions) as its stable dotted name, never its address."""
    if isinstance(obj, Mapping):
        return dict(obj)
    return f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', type(obj).__name__)}"


def versions(names=PACKAGES) -> list[str]:
    """'name==version' of each installed package in names ('name missing' for the others)."""
    out = []
    for name in names:
        try:
            out.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            out.append(f"{name} missing")
    return out


def digest(*parts) -> str:
    """Hex SHA-256 of parts as sorted JSON: strings, numbers, lists, mappings, objects by dotted name."""
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=_plain, ensure_ascii=False).encode("utf-8")).hexdigest()


class _Recorder(logging.Handler):
    """Counts the records of level INFO and up logged while a page renders."""

    def __init__(self):
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record):
        self.count += 1


_LOGGERS = ("mkdocs", "")  # MkDocs's own (which does not propagate) and the root (Python-Markdown's)


class PageCache:
    """One build's use of the cache folder <root>/.cache/pages/<lang>/.

    Per page: key() before Page.render, then either restore() of a stored entry (and the
    page is rendered from empty Markdown, which costs nothing) or recording() around the
    real render and put() after it. prune() at the end of a good build keeps only the
    entries this build used.
    """

    def __init__(self, folder: Path, config):
        """config: the MkDocs config of this build (its Markdown extensions and URL style)."""
        self._store = signedcache.JsonStore(folder)
        self._settings = digest(FORMAT, versions(), config["markdown_extensions"], config["mdx_configs"],
                                 config["use_directory_urls"], config["validation"])
        self._files: tuple[int, str] | None = None  # (id of the Files, its digest)
        self._recorder: _Recorder | None = None

    def key(self, page, markdown: str, files) -> str:
        """The hex SHA-256 of everything page.render reads: the markdown, the page's source and URL,
        every file's source and URL, the settings and package versions."""
        if self._files is None or self._files[0] != id(files):
            self._files = (id(files), digest(sorted((f.src_uri, f.dest_uri, f.url, str(f.inclusion)) for f in files)))
        return digest(self._settings, self._files[1], page.file.src_uri, page.file.dest_uri, page.url, markdown)

    def get(self, key: str) -> dict | None:
        """The stored entry for key, or None (absent, unsigned, or not the JSON we write)."""
        entry = self._store.get(key)
        return entry if isinstance(entry, dict) and entry.get("format") == FORMAT else None

    def start_recording(self) -> None:
        """Count what is logged from now on (the page's render): a render that logs anything is not stored."""
        self.stop_recording()
        self._recorder = _Recorder()
        for name in _LOGGERS:
            logging.getLogger(name).addHandler(self._recorder)

    def stop_recording(self) -> int:
        """Stop counting; returns how many records were logged since start_recording (0 if not recording)."""
        if self._recorder is None:
            return 0
        for name in _LOGGERS:
            logging.getLogger(name).removeHandler(self._recorder)
        count, self._recorder = self._recorder.count, None
        return count

    def put(self, key: str, page) -> None:
        """Store what page.render left on page under key. A full disk only costs the next build time."""
        entry = {
            "format": FORMAT,
            "html": page.content,
            "toc": toc_tokens(page.toc),
            "title": getattr(page, "_title_from_render", None),
            "anchors": sorted(page.present_anchor_ids or ()),
            "links": {f.src_uri: links for f, links in (page.links_to_anchors or {}).items()},
        }
        self._store.put(key, entry)

    @staticmethod
    def restore(page, entry: dict, files, get_toc) -> str:
        """Put a stored render back on page (after MkDocs rendered it from empty Markdown); returns its HTML.
        get_toc: mkdocs.structure.toc.get_toc (passed in: only the plugin imports mkdocs)."""
        page.toc = get_toc(entry["toc"])
        page._title_from_render = entry["title"]
        page.present_anchor_ids = set(entry["anchors"])
        page.links_to_anchors = {files.get_file_from_path(src): links for src, links in entry["links"].items()
                                 if files.get_file_from_path(src) is not None}
        return entry["html"]

    def prune(self) -> None:
        """Delete the entries this build did not use (older versions of pages)."""
        self._store.prune()


def toc_tokens(toc) -> list[dict]:
    """A table of contents (MkDocs's AnchorLinks) as the tokens mkdocs.structure.toc.get_toc reads."""
    return [{"level": link.level, "id": link.id, "name": link.title, "children": toc_tokens(link.children)}
            for link in toc]
