"""Everything `validate` checks, loaded in one call: the one loader of every command that must agree with
`validate` (rename's check of the renamed project, urls, export), so none misses a file another reads."""

from __future__ import annotations

from pathlib import Path

from . import bydocument, checker, loading, transaction
from .catalog import Catalog, load_catalog
from .problems import DataError, Problem

# The folders and files load_project reads, relative to the project root: `rename` checks a copy of them.
DATA_PATHS = ("patterns", "content")
_INTERRUPTED = ("a rename was interrupted before it finished, so some files may be renamed and others not: "
                "run `python -m generator rename --recover` to put them back as they were")


def load_project(root: Path) -> Catalog:
    """The checked catalog under root, content/by-document.yml checked against it; DataError with every
    problem, also when an interrupted rename left its journal (the files may be half renamed)."""
    if transaction.pending(root):
        raise DataError([Problem(transaction.JOURNAL, 0, "", _INTERRUPTED)])
    # Any other .yml file directly in content/ is refused by name rather than ignored.
    stray = loading.stray_files(Path(root), {loading.TOPICS_FILE, loading.CLAIMS_FILE, checker.PATH, bydocument.PATH})
    try:
        catalog = load_catalog(root)
        bydocument.load(root, catalog)
    except DataError as err:
        raise DataError(err.problems + stray) from None
    if stray:
        raise DataError(stray)
    return catalog
