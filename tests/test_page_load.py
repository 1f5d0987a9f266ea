"""What a page costs to load (issue 16): nothing but the stylesheets and Material's bundle holds up
the first paint, and loading a page asks the server for nothing that is not there.

Speed itself is measured by tests/benchmarks/bench.py --lighthouse, not asserted here.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from generator import paths

PAGES = ["", paths.pattern("kind-of-like"), paths.topic("llm-nature"), paths.PATTERN_MAP, paths.quiz("name-that-pattern")]


def themed_pages(out):
    for file in sorted(out.rglob("index.html")):
        html = file.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' not in html:  # redirects load no scripts
            yield file, BeautifulSoup(html, "html.parser")


def test_only_materials_bundle_holds_up_the_first_paint(site):
    """A script without defer or async stops the parser until it is fetched and run. Ours are deferred
    and run after Material's bundle, which stays parser-blocking at the end of the body: deferred, its
    work falls after the first paint, where Lighthouse counts it as blocking time (overrides/main.html)."""
    out, _ = site
    seen = 0
    for file, soup in themed_pages(out):
        scripts = soup.find_all("script", src=True)
        names = [s["src"].rsplit("/", 1)[-1] for s in scripts]
        assert names[0].startswith("bundle.") and names[1:3] == ["site.js", "markdown.js"], (file, names)
        blocking = [name for s, name in zip(scripts, names) if not s.has_attr("defer") and not s.has_attr("async")]
        assert blocking == [names[0]], (file, blocking)
        seen += 1
    assert seen > 60


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_loading_a_page_asks_for_nothing_missing(site, page, lang, path):
    """Material fetches sitemap.xml beside every <link rel=alternate>; ours name the page itself in each
    language, so without overrides/main.html's redirect to the language root that is a 404 on every page
    (a console error, and Lighthouse's best-practices score drops)."""
    _, base = site
    failed, sitemaps, console = [], [], []
    page.on("response", lambda r: failed.append((r.status, r.url)) if r.status >= 400 else None)
    page.on("request", lambda r: sitemaps.append(r.url) if r.url.endswith("sitemap.xml") else None)
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.goto(base + paths.in_lang(lang, path))
    page.wait_for_load_state("networkidle")
    assert not failed and not console, (failed, console)
    roots = {base + prefix + paths.SITEMAP for prefix in paths.PREFIX.values()}
    assert sitemaps and set(sitemaps) <= roots, sitemaps
