"""Everything `validate` checks, loaded in one call: the catalog, the checker's data, the by-document pages.

The one loader for every command that must agree with `validate` (validate itself,
`rename`'s check of the renamed project, urls, export), so that a file one of them
reads can never be missed by another.
"""

from __future__ import annotations

from pathlib import Path

from .check import lexicon
from .data import bydocument, transaction
from .data.catalog import Catalog, load_catalog
from .data.problems import DataError, Problem

# The folders and files load_project reads, relative to the project root: `rename` checks a copy of them.
DATA_PATHS = ("patterns", "content")
_INTERRUPTED = ("a rename was interrupted before it finished, so some files may be renamed and others not: "
                "run `python -m generator rename --recover` to put them back as they were")


def load_project(root: Path) -> Catalog:
    """The checked catalog under root, after content/checker.yml and content/by-document.yml were checked against it.

    Raises DataError with every problem (file:line: field: message), also when an
    interrupted rename left its journal (the files may be half renamed).
    """
    if transaction.pending(root):
        raise DataError([Problem(transaction.JOURNAL, 0, "", _INTERRUPTED)])
    catalog = load_catalog(root)
    lexicon.load(root, catalog)  # content/checker.yml
    bydocument.load(root, catalog)  # content/by-document.yml
    return catalog
