"""SITE_URL, where the English site is published (the Chinese one under zh/), for the commands whose
output is shipped elsewhere (check, export, team): unset, they link relative to the site's root, never
to the local preview. The site build reads it, and REPO_URL, through mkdocs.yml, and holds both to
url_problem too (generate.check_urls, before it writes a page); CI sets both.
"""

from __future__ import annotations

import os
import sys
from urllib.parse import urlsplit

from .paths import DEFAULT_LANG, site_root

RELATIVE_NOTE = ("note: no --site-url and no SITE_URL: links are written relative to the site's root "
                 "(/patterns/...); set SITE_URL to where the guide is published for absolute links")


def url_problem(name: str, value: str, example: str | None = None, relative: bool = False) -> str | None:
    """Why value cannot be the site's or the repository's URL (SITE_URL, REPO_URL), or None when it can.
    These URLs are written into every page, link and export as they are, so only a plain web address
    passes: http(s), a host, a valid port, no user, query or fragment, and a path of plain segments
    ('//evil.example/' would be another host to a browser; '"><img' would be markup). relative: a
    path from the host's root alone ('/', '/zh/') passes too."""
    example, parts = example or "https://owner.github.io/repo/", urlsplit(value)
    if relative and not parts.scheme and not parts.netloc:
        parts = parts._replace(scheme="https", netloc="x")  # the path is held to the same rules
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        parts = parts._replace(scheme="")
    segments = parts.path.split("/")[1:]
    if (parts.scheme not in ("http", "https") or not parts.hostname or "@" in parts.netloc or not value
            or "?" in value or "#" in value or (parts.path and not parts.path.startswith("/"))
            or any(segment in ("", ".", "..") for segment in segments[:-1]) or segments[-1:] in (["."], [".."])
            or any(ch.isspace() or ord(ch) < 32 or ch in '"<>\'`{}|\\^' for ch in value)):
        return (f"{name} {value!r} is not an http(s) URL with a host, such as {example} "
                "(no user name, query or fragment, and no empty, '.' or '..' part in its path)")
    return None


def site_url(given: str | None = None) -> str:
    """given (a --site-url option), else $SITE_URL, else ''. Exits 2 with url_problem's message for a
    value that is not a plain web address: it would be written into every link a user ships."""
    value = given or os.environ.get("SITE_URL") or ""
    problem = value and url_problem("--site-url" if given else "SITE_URL", value)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        raise SystemExit(2)
    return value


def site_root_of(given: str | None, lang: str = DEFAULT_LANG) -> str:
    """One language's root from site_url(given): 'https://x.org/zh/', or '/zh/' with no setting."""
    return site_root(site_url(given), lang)
