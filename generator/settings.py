"""SITE_URL, where the English site is published (the Chinese one under zh/), for the commands whose
output is shipped elsewhere (check, export, team): unset, they link relative to the site's root, never
to the local preview. The site build reads it, and REPO_URL, through mkdocs.yml; CI sets both.
"""

from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit

from .paths import DEFAULT_LANG, site_root

RELATIVE_NOTE = ("note: no --site-url and no SITE_URL: links are written relative to the site's root "
                 "(/patterns/...); set SITE_URL to where the guide is published for absolute links")


def site_url(given: str | None = None) -> str:
    """given (a --site-url option), else $SITE_URL, else ''. Exits 2 with a message for a value that is not
    an http(s) URL with a host ("javascript:..."): it would be written into every link a user ships."""
    value = given or os.environ.get("SITE_URL") or ""
    parts = urlsplit(value)
    if value and (parts.scheme not in ("http", "https") or not parts.hostname
                  or any(ch.isspace() or ord(ch) < 32 or ch in '"<>\'`{}|\\^' for ch in value)):
        name = "--site-url" if given else "SITE_URL"
        print(f"error: {name} {value!r} is not an http(s) URL with a host, such as https://owner.github.io/repo/",
              file=sys.stderr)
        raise SystemExit(2)
    return value


def site_root_of(given: str | None, lang: str = DEFAULT_LANG) -> str:
    """One language's root from site_url(given): 'https://x.org/zh/', or '/zh/' with no setting."""
    return site_root(site_url(given), lang)
