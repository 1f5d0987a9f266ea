"""The two settings of a deployment, read from the environment; CI sets both (.github/workflows/).

SITE_URL: where the English site is published ("https://owner.github.io/repo/"); the Chinese one is
under zh/. REPO_URL: the repository, for the header's repository link and the "edit this page" links;
only the site uses it, and mkdocs.yml reads it (`repo_url: !ENV REPO_URL`; unset, no such links).

The site build reads SITE_URL through mkdocs.yml, whose default is the local preview's own address.
Commands whose output is shipped elsewhere (check, export, team) read it here, and with no setting
write links relative to the site's root ("/patterns/x/") rather than to that local address.
"""

from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit

from .paths import DEFAULT_LANG, site_root

RELATIVE_NOTE = ("note: no --site-url and no SITE_URL: links are written relative to the site's root "
                 "(/patterns/...); set SITE_URL to where the guide is published for absolute links")


def site_url(given: str | None = None) -> str:
    """given (a --site-url option), else $SITE_URL, else '' (links relative to the site's root).

    A value that is not an http(s) URL with a host ("javascript:...", "example.org") would be
    written into every link a user ships: print why and exit 2 before anything is written.
    """
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
