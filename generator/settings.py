"""SITE_URL, where the English site is published (the Chinese one under zh/), for the commands whose
output is shipped elsewhere (check, export, team): unset, they link relative to the site's root, never
to the local preview. The site build reads it, and REPO_URL, through mkdocs.yml (read_config, as MkDocs
reads it), and holds both to url_problem too (generate.check_urls, before it writes a page); CI sets both.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from .paths import DEFAULT_LANG, site_root

CONFIGS = {"en": "mkdocs.yml", "zh": "mkdocs.zh.yml"}  # each language's engine settings in the project

SITE_URL_HELP = "where the guide is published (default: $SITE_URL; unset: links relative to the site's root)"
RELATIVE_NOTE = ("note: no --site-url and no SITE_URL: links are written relative to the site's root "
                 "(/patterns/...); set SITE_URL to where the guide is published for absolute links")


def url_problem(name: str, value: str, example: str | None = None, relative: bool = False) -> str | None:
    """Why value cannot be the site's or the repository's URL (SITE_URL, REPO_URL), or None when it can.
    They are written into every page and export as they are, so only a plain web address passes: http(s),
    a host, a valid port, no user, query or fragment, and a path of plain segments ('//evil.example/' would
    be another host to a browser, '"><img' markup). relative: a path from the host's root alone ('/',
    '/zh/') passes too."""
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


class PythonName(str):
    """A `!!python/name:` value (a Markdown extension's callable), kept as its dotted name."""


class ConfigLoader(yaml.SafeLoader):
    """An engine config's YAML, as MkDocs (and Zensical) read it: `!ENV` and `!!python/name:`."""


def _env(loader, node):
    """MkDocs's `!ENV [NAME, ..., default]`: the first variable set, else the last item."""
    items = [loader.construct_scalar(n) for n in node.value] if isinstance(node, yaml.SequenceNode) \
        else [loader.construct_scalar(node)]
    names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        if name in os.environ:
            return yaml.safe_load(os.environ[name]) if os.environ[name] else os.environ[name]
    return default


ConfigLoader.add_constructor("!ENV", _env)
ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/name:", lambda loader, suffix, node: PythonName(suffix))


def _merge(base: dict, over: dict) -> dict:
    """MkDocs's INHERIT: mappings merge key by key, anything else is replaced."""
    out = dict(base)
    for key, value in over.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def read_config(path: Path) -> dict:
    """The engine config file at path (mkdocs.yml, mkdocs.zh.yml), the file it INHERITs merged under it."""
    config = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=ConfigLoader) or {}
    if parent := config.pop("INHERIT", None):
        config = _merge(read_config(Path(path).parent / parent), config)
    return config
