"""content/by-document.yml: which patterns fit each kind of document (/by-document/), loaded and checked."""

from __future__ import annotations

from pathlib import Path

from .catalog import Catalog
from .models import ByDocumentFile
from .problems import DataError
from .schema_check import check_schema
from .yamlfile import read_yaml

PATH = "content/by-document.yml"


def load(root: Path, catalog: Catalog) -> ByDocumentFile | None:
    """The file checked against the catalog, or None when there is none; DataError for a malformed file, an
    unknown pattern or quote, a quote that does not list its pattern, or a document id used twice."""
    path = Path(root) / PATH
    if not path.is_file():
        return None
    doc = read_yaml(path, PATH)
    if (data := check_schema(ByDocumentFile, doc)) is not None:
        seen = set()
        for d, kind in enumerate(data.documents):
            if kind.id in seen:
                doc.problems.append(doc.problem(("documents", d, "id"), f"'{kind.id}' is listed twice"))
            seen.add(kind.id)
            for part in ("fit", "avoid"):
                for i, entry in enumerate(getattr(kind, part)):
                    if entry.pattern not in catalog.patterns:
                        doc.problems.append(doc.problem(("documents", d, part, i, "pattern"),
                                                        f"unknown pattern '{entry.pattern}'"))
            for i, fit in enumerate(kind.fit):
                for j, qid in enumerate(fit.quotes):
                    quote = catalog.quotes.get(qid)
                    if quote is None:
                        doc.problems.append(doc.problem(("documents", d, "fit", i, "quotes", j), f"unknown quote '{qid}'"))
                    elif fit.pattern not in quote.patterns:
                        doc.problems.append(doc.problem(("documents", d, "fit", i, "quotes", j),
                                                        f"quote '{qid}' does not list '{fit.pattern}' in its patterns"))
    if doc.problems:
        raise DataError(doc.problems)
    return data
