"""What crawlers read: the languages of every page, the sitemap index and robots.txt.

A page's alternates are the same path under each language's root (generator/paths.py); each language's
build writes its own sitemap.xml (overrides/sitemap.xml), the English one the index and robots.txt.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

from .. import paths


def languages(site_url: str, lang: str) -> dict:
    """The languages as overrides/main.html and partials/alternate.html read them (config.extra.kp.langs).

    {"current": lang, "default": "en", "scope": <path of the root, e.g. '/repo/'>,
     "list": [{"lang", "hreflang", "prefix" (its folder under the root, paths.PREFIX),
               "root" (absolute URL of that language's site)}]}
    """
    root = paths.english_root(site_url, lang)
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
    """robots.txt: every crawler welcome, the sitemap index by its absolute URL (read only at a host's root)."""
    return f"User-agent: *\nDisallow:\n\nSitemap: {paths.absolute(site_url, paths.DEFAULT_LANG, paths.SITEMAP_INDEX)}\n"
