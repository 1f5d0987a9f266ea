"""Redirect pages: each URL of a former id (`former_ids`) of a pattern, a topic's gallery or its quiz
gets a small static page that forwards to the new one, ?query and #anchor included.
"""

from __future__ import annotations

from .. import paths
from ..data.catalog import Catalog
from ..i18n import labels
from .render import Page, template_environment


def redirect_pages(catalog: Catalog, lang: str, site_url: str | None) -> list[Page]:
    """One page per former id, <section>/<old>/index.html -> <section>/<new>/; site_url: this language's root,
    or None (no SITE_URL): then no canonical link, which takes an absolute URL."""
    moves = [(paths.pattern(old), paths.pattern(new), catalog.patterns[new].name.get(lang))
             for old, new in sorted(catalog.redirects().items())]
    for old, new in sorted(catalog.topic_redirects().items()):
        title = catalog.topics[new].title.get(lang)
        moves.append((paths.topic(old), paths.topic(new), title))
        if catalog.quotes_for_topic(new):  # a topic's quiz exists when it has quotes
            moves.append((paths.quiz(old), paths.quiz(new), title))
    template = template_environment().get_template("pages/redirect.html.j2")
    pages = []
    for old, new, title in moves:
        target = "../" + new.rstrip("/").rsplit("/", 1)[-1] + "/"  # relative: the site works under any sub-path
        canonical = paths.join(site_url, new) if site_url else None
        content = template.render(lang=lang, title=title, target=target, canonical=canonical,
                                  moved=labels(lang)["moved"])
        pages.append(Page(old + "index.html", content, None))
    return pages
