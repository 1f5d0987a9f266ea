"""What crawlers read: the language pairs of every page, the sitemap index and robots.txt.

Both languages have the same paths (generator/paths.py), so a page's alternates
are the same path under each language's root. The English build writes the
sitemap index and robots.txt at the root; each build writes its own sitemap.xml,
with the alternates of every URL (overrides/sitemap.xml).
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from .. import paths


def english_root(site_url: str, lang: str) -> str:
    """The root of the whole site from one build's site_url: 'https://x.org/repo/zh/' -> 'https://x.org/repo/'.

    site_url is the build's own root (MkDocs' config.site_url; the Chinese build's ends
    in paths.PREFIX['zh']); an empty site_url gives '/'.
    """
    url = (site_url or "/").rstrip("/") + "/"
    prefix = paths.PREFIX[lang]
    return url[: -len(prefix)] if prefix and url.endswith(prefix) else url


def languages(site_url: str, lang: str) -> dict:
    """The languages as overrides/main.html and partials/alternate.html read them (config.extra.kp.langs).

    {"current": lang, "default": "en", "scope": <path of the root, e.g. '/repo/'>,
     "list": [{"lang", "hreflang", "prefix" (its folder under the root, paths.PREFIX),
               "root" (absolute URL of that language's site)}]}
    """
    root = english_root(site_url, lang)
    return {
        "current": lang,
        "default": paths.DEFAULT_LANG,
        # Material keeps reader preferences (colour scheme) under this path: one for both languages.
        "scope": urlsplit(root).path or "/",
        "list": [{"lang": code, "hreflang": paths.HREFLANG[code], "prefix": paths.PREFIX[code],
                  "root": paths.site_root(root, code)}
                 for code in paths.LANGS],
    }


def sitemap_index(site_url: str) -> str:
    """The sitemap index (XML text): one <sitemap> per language's sitemap.xml, absolute URLs."""
    entries = "".join(f"  <sitemap><loc>{escape(paths.absolute(site_url, lang, paths.SITEMAP))}</loc></sitemap>\n"
                      for lang in paths.LANGS)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{entries}</sitemapindex>\n")


def robots_txt(site_url: str) -> str:
    """robots.txt (text): every crawler welcome; names the sitemap index by its absolute URL.

    Crawlers read robots.txt only at a host's root: under a sub-path (a GitHub project
    page) the file is still written, for a host that serves it.
    """
    return f"User-agent: *\nDisallow:\n\nSitemap: {paths.absolute(site_url, paths.DEFAULT_LANG, paths.SITEMAP_INDEX)}\n"
