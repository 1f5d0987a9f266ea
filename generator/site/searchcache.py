"""The search index's entries of each page kept across builds, like its HTML (site/pagecache.py).

Material's search plugin parses every page's HTML on every build and, for Chinese,
splits all its text with jieba: about 0.8 s of a 2 s Chinese rebuild, for pages that
did not change. A page's entries are a function of its HTML, URL, title, table of
contents and front matter, the search plugin's settings (languages, separator, jieba
dictionaries and their contents) and the versions of Material and jieba. The key is
SHA-256 of all of these; the entries are stored as JSON in a signed folder
(site/signedcache.py), one per language.

Material offers no hook for this, so `attach` wraps one method of the plugin's
SearchIndex instance (add_entry_from_context), the one place a page's entries are
made; the index's own code still writes search_index.json from its entries.
"""

from __future__ import annotations

from pathlib import Path

from . import signedcache
from .pagecache import digest, toc_tokens, versions

FORMAT = "1"


def _file_digest(path) -> str | None:
    try:
        return digest(Path(path).read_bytes().hex()) if path else None
    except OSError:
        return None


class SearchCache:
    """Wraps a Material SearchIndex so a page seen before gets its stored entries instead of being parsed."""

    def __init__(self, folder: Path, index, settings: dict):
        """index: Material's SearchIndex (has .entries, a list of dicts, and add_entry_from_context(page));
        settings: the search plugin's config (lang, separator, pipeline, fields, jieba_dict, jieba_dict_user)."""
        self._store, self._index = signedcache.JsonStore(folder), index
        self._add = index.add_entry_from_context
        self._settings = digest(FORMAT, versions(("mkdocs-material", "jieba")),
                                {k: settings.get(k) for k in ("lang", "separator", "pipeline", "fields",
                                                              "jieba_dict", "jieba_dict_user")},
                                _file_digest(settings.get("jieba_dict")), _file_digest(settings.get("jieba_dict_user")))
        index.add_entry_from_context = self.add_entry_from_context

    def key(self, page) -> str:
        """Hex SHA-256 of what the index reads from page: HTML, URL, title, table of contents, front matter."""
        meta = {k: page.meta.get(k) for k in ("search", "tags", "title")}
        return digest(self._settings, page.url, str(page.title), toc_tokens(page.toc), meta, page.content)

    def add_entry_from_context(self, page) -> None:
        """Add page's entries to the index: stored ones when the key is known, else parse it and store them."""
        key = self.key(page)
        entries = self._store.get(key)
        if isinstance(entries, list):
            self._index.entries.extend(entries)
            return
        before = len(self._index.entries)
        self._add(page)
        self._store.put(key, self._index.entries[before:])

    def prune(self) -> None:
        """Delete the entries this build did not use."""
        self._store.prune()


def attach(folder: Path, plugins) -> SearchCache | None:
    """Wrap the search plugin among plugins (MkDocs's PluginCollection) with a cache in folder;
    None when there is no search plugin with an index (search disabled, or another search plugin)."""
    for plugin in plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and hasattr(index, "add_entry_from_context") and isinstance(getattr(index, "entries", None), list):
            return SearchCache(folder, index, dict(plugin.config))
    return None
