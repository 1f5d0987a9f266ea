"""Redirect pages: a renamed or merged pattern keeps its old URLs working.

A pattern page lives at patterns/<id>/ (and zh/patterns/<id>/). When a
pattern is renamed or merged, its old ids go in `former_ids`, and each old
URL gets a small static page that forwards to the new one, #anchor included.
"""

from __future__ import annotations

import jinja2

from ..data.catalog import Catalog
from .render import TEMPLATES, Page

MOVED = {"en": "This page has moved to", "zh": "此页面已移至"}

_env = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    comment_start_string="{##",
    comment_end_string="##}",
)


def redirect_pages(catalog: Catalog, lang: str, site_url: str | None) -> list[Page]:
    """One static page per former id: patterns/<old>/index.html -> patterns/<new>/."""
    pages = []
    for old, new in sorted(catalog.redirects().items()):
        canonical = f"{site_url.rstrip('/')}/patterns/{new}/" if site_url else f"../{new}/"
        content = _env.get_template("redirect.html.j2").render(
            lang=lang,
            title=catalog.patterns[new].name.get(lang),
            target=f"../{new}/",  # relative, so the site works under any sub-path
            canonical=canonical,
            moved=MOVED[lang],
        )
        pages.append(Page(f"patterns/{old}/index.html", content, None))
    return pages
