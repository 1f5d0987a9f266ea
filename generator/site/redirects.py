"""Redirect pages: a renamed or merged pattern keeps its old URLs working.

A pattern page lives at patterns/<id>/ (and zh/patterns/<id>/). When a
pattern is renamed or merged, its old ids go in `former_ids`, and each old
URL gets a small static page that forwards to the new one, #anchor included.
"""

from __future__ import annotations

from .. import paths
from ..data.catalog import Catalog
from .i18n import labels
from .render import Page, template_environment


def redirect_pages(catalog: Catalog, lang: str, site_url: str | None) -> list[Page]:
    """One static page per former id: patterns/<old>/index.html -> patterns/<new>/."""
    pages = []
    for old, new in sorted(catalog.redirects().items()):
        canonical = paths.join(site_url, paths.pattern(new)) if site_url else f"../{new}/"
        content = template_environment().get_template("pages/redirect.html.j2").render(
            lang=lang,
            title=catalog.patterns[new].name.get(lang),
            target=f"../{new}/",  # relative, so the site works under any sub-path
            canonical=canonical,
            moved=labels(lang)["moved"],
        )
        pages.append(Page(paths.pattern(old) + "index.html", content, None))
    return pages
