"""What a page costs to load (issue 16): nothing holds up the first paint but the stylesheets.

Speed itself is measured by tests/benchmarks/bench.py --lighthouse, not asserted here.
"""

from __future__ import annotations

from bs4 import BeautifulSoup

from generator import paths

PAGES = ["", paths.pattern("kind-of-like"), paths.topic("llm-nature"), paths.PATTERN_MAP, paths.quiz("name-that-pattern")]


def themed_pages(out):
    for file in sorted(out.rglob("index.html")):
        html = file.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' not in html:  # redirects load no scripts
            yield file, BeautifulSoup(html, "html.parser")


def test_no_script_holds_up_the_first_paint(site):
    """A script without defer or async stops the parser until it is fetched and run: the page
    cannot be drawn past it. Material's bundle and ours are all deferred, in their old order."""
    out, _ = site
    seen = 0
    for file, soup in themed_pages(out):
        scripts = soup.find_all("script", src=True)
        blocking = [s["src"] for s in scripts if not s.has_attr("defer") and not s.has_attr("async")]
        assert not blocking, (file, blocking)
        names = [s["src"].rsplit("/", 1)[-1] for s in scripts]
        assert names[0].startswith("bundle.") and names[1:3] == ["site.js", "markdown.js"], (file, names)
        seen += 1
    assert seen > 60
