"""Search engines and readers see language pairs, under a sub-path too (a GitHub project page).

The shipped site is built with SITE_URL=https://user.github.io/repo/ and served from
/repo/ of a local server that, like GitHub Pages, answers every missing path (even
under /repo/zh/) with the top-level 404.html.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import ROOT, build_site, free_port
from playwright.sync_api import expect

from generator import paths

DEPLOYED = "https://user.github.io/repo/"
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
HREFLANG = {paths.HREFLANG[lang]: lang for lang in paths.LANGS}


@pytest.fixture(scope="module")
def deployed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("deployed") / "site"
    result = build_site(ROOT, out, DEPLOYED)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def is_redirect(html: str) -> bool:
    return 'http-equiv="refresh"' in html


def themed_pages(out: Path):
    """(language, site path, soup) of every themed page: not redirects, not the 404 pages."""
    for lang in paths.LANGS:
        root = out / paths.PREFIX[lang]
        for file in sorted(root.rglob("index.html")):
            rel = file.relative_to(root).as_posix()
            other = [p for p in paths.PREFIX.values() if p and rel.startswith(p)]
            if other and lang == paths.DEFAULT_LANG:
                continue  # that page belongs to the other language
            html = file.read_text(encoding="utf-8")
            if not is_redirect(html):
                yield lang, rel[: -len("index.html")], BeautifulSoup(html, "html.parser")


def test_every_page_names_itself_in_each_language(deployed):
    seen = 0
    for lang, path, soup in themed_pages(deployed):
        links = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate", hreflang=True)}
        expected = {paths.HREFLANG[code]: paths.absolute(DEPLOYED, code, path) for code in paths.LANGS}
        expected["x-default"] = paths.absolute(DEPLOYED, paths.DEFAULT_LANG, path)
        assert links == expected, (lang, path)
        for code in paths.LANGS:  # each alternate is a real page of the build
            assert (deployed / paths.in_lang(code, path) / "index.html").is_file(), (code, path)
        seen += 1
    assert seen > 60


def test_404_and_redirect_pages_have_no_alternates(deployed):
    for lang in paths.LANGS:
        soup = BeautifulSoup((deployed / paths.PREFIX[lang] / "404.html").read_text(encoding="utf-8"), "html.parser")
        assert not soup.find_all("link", hreflang=True)
    redirects = [f for f in deployed.rglob("index.html") if is_redirect(f.read_text(encoding="utf-8"))]
    for file in redirects:
        assert "hreflang" not in file.read_text(encoding="utf-8"), file


def test_sitemap_index_covers_both_languages_with_alternates(deployed):
    robots = (deployed / paths.ROBOTS).read_text(encoding="utf-8")
    index_url = paths.absolute(DEPLOYED, paths.DEFAULT_LANG, paths.SITEMAP_INDEX)
    assert f"Sitemap: {index_url}" in robots.splitlines()
    index = ET.parse(deployed / paths.SITEMAP_INDEX).getroot()
    sitemaps = [loc.text for loc in index.iter(f"{SM}loc")]
    assert sitemaps == [paths.absolute(DEPLOYED, lang, paths.SITEMAP) for lang in paths.LANGS]
    pages = {(lang, path) for lang, path, _ in themed_pages(deployed)}
    listed = set()
    for lang in paths.LANGS:
        for url in ET.parse(deployed / paths.PREFIX[lang] / paths.SITEMAP).getroot().iter(f"{SM}url"):
            path = url.find(f"{SM}loc").text[len(paths.site_root(DEPLOYED, lang)):]
            listed.add((lang, path))
            alternates = {a.get("hreflang"): a.get("href") for a in url.iter(f"{XHTML}link")}
            assert alternates[paths.HREFLANG["zh"]] == paths.absolute(DEPLOYED, "zh", path)
            assert alternates["x-default"] == alternates[paths.HREFLANG["en"]] == paths.absolute(DEPLOYED, "en", path)
    assert listed == pages


def test_home_title_names_the_site_once(deployed):
    for lang, config in zip(paths.LANGS, ("mkdocs.yml", "mkdocs.zh.yml")):
        name = re.search(r"^site_name: (.+)$", (ROOT / config).read_text(encoding="utf-8"), re.M).group(1)
        soup = BeautifulSoup((deployed / paths.PREFIX[lang] / "index.html").read_text(encoding="utf-8"), "html.parser")
        assert soup.title.string == name


# -- in Chromium, served from a sub-path with GitHub Pages' 404 rule --------------------


class _PagesHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / "repo" / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def pages_host(tmp_path_factory):
    """Base URL 'http://127.0.0.1:<port>/repo/' of the site built for /repo/, served as GitHub Pages would."""
    host = tmp_path_factory.mktemp("host")
    port = free_port()
    out = host / "repo"
    result = build_site(ROOT, out, f"http://127.0.0.1:{port}/repo/")
    assert result.returncode == 0, result.stdout + result.stderr
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(_PagesHandler, directory=str(host)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{port}/repo/"
    server.shutdown()


@pytest.mark.parametrize("missing", ["zh/no-such-page/", "patterns/no-such/deeper/", "no-such-page"])
def test_404_language_links_work_from_any_folder(pages_host, page, missing):
    response = page.goto(pages_host + missing)
    assert response.status == 404
    assert page.locator(".kp-copy").count() == 0  # no copy-link buttons on a 404 page
    for lang in paths.LANGS:
        link = page.locator(f"a.md-select__link[hreflang={lang}]")
        assert link.get_attribute("href") == pages_host + paths.PREFIX[lang]
        body = page.locator(f"[data-kp-not-found] a[hreflang={lang}]")
        assert body.get_attribute("href") == pages_host + paths.PREFIX[lang]
    page.locator("[data-kp-not-found] a[hreflang=zh]").click()
    page.wait_for_url(pages_host + paths.PREFIX["zh"])
    assert page.locator("html").get_attribute("lang") == "zh"


def test_language_switch_keeps_the_page_under_a_sub_path(pages_host, page):
    page.goto(pages_host + paths.PREFIX["zh"] + paths.pattern("plain-words"))
    page.locator(".md-header__option .md-select").hover()
    page.locator("a.md-select__link[hreflang=en]").click()
    page.wait_for_url(pages_host + paths.pattern("plain-words"))
    # after instant navigation the header's links follow the page
    page.locator(f"a[href$='{paths.TOPICS}']").first.click()
    page.wait_for_url(pages_host + paths.TOPICS)
    expect(page.locator("a.md-select__link[hreflang=zh]")).to_have_attribute("href", pages_host + paths.in_lang("zh", paths.TOPICS))


def test_colour_scheme_is_one_preference_for_both_languages(pages_host, page):
    page.goto(pages_host)
    scheme = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("label.md-header__button[for^='__palette']:visible").first.click()
    expect(page.locator("body")).not_to_have_attribute("data-md-color-scheme", scheme)
    chosen = page.locator("body").get_attribute("data-md-color-scheme")
    page.goto(pages_host + paths.PREFIX["zh"] + paths.pattern("plain-words"))
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", chosen)
    page.goto(pages_host)
    expect(page.locator("body")).to_have_attribute("data-md-color-scheme", chosen)
