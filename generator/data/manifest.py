"""published-urls.txt: every pattern URL the site ever published.

Nothing is ever removed from it. `python -m generator urls --check` fails when
a listed URL no longer resolves to a page or to a redirect from a former id;
`--update` adds the current URLs. tests/test_links.py checks the built site too.
"""

from __future__ import annotations

import re
from pathlib import Path

from .catalog import Catalog

MANIFEST = "published-urls.txt"
from .. import paths

_LANG_PREFIXES = "|".join(re.escape(p) for p in paths.PREFIX.values() if p)
_URL = re.compile(rf"^({_LANG_PREFIXES})?{re.escape(paths.PATTERNS)}([a-z0-9]+(?:-[a-z0-9]+)*)/$")
_HEADER = """\
# Every pattern URL this site has published, relative to SITE_URL, in English and Chinese.
# Each one must keep working, as its page or as a redirect from a former id (former_ids).
# Add new ones with `python -m generator urls --update`. Never delete a line.
"""


def current_urls(catalog: Catalog) -> list[str]:
    return [paths.in_lang(lang, paths.pattern(pid)) for pid in catalog.patterns for lang in paths.LANGS] + markdown_urls(catalog)


# -- issue 15: the Markdown twins of pattern, topic and quiz pages (generator/export/markdown.py) --


def markdown_urls(catalog: Catalog, former: bool = False) -> list[str]:
    """'patterns/<id>.md', 'topics/<id>.md', 'quiz/<id>.md' in every language; with former=True
    also the twins kept at the former ids of renamed patterns (they resolve, they are not listed anew)."""
    from ..site.quiz import build_quizzes  # quiz ids come from the catalog's kinds and topics

    pages = [paths.pattern(pid) for pid in catalog.patterns] + [paths.topic(tid) for tid in catalog.topics]
    pages += [paths.quiz(q.id) for q in build_quizzes(catalog, paths.DEFAULT_LANG)]
    if former:
        pages += [paths.pattern(old) for old in catalog.redirects()]
    return [paths.in_lang(lang, paths.markdown(page)) for page in pages for lang in paths.LANGS]


def _markdown_problem(url: str, twins: set[str]) -> str | None:
    """None when url is not a Markdown twin's URL; "" when it resolves (twins: markdown_urls(former=True)); else the problem."""
    if not url.endswith(".md"):
        return None
    if url in twins:
        return ""
    return f"{MANIFEST}: '{url}' was published but no longer resolves: keep the page or its former id"


def read_manifest(path: Path) -> list[str]:
    if not path.exists():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _sort_key(url: str):
    match = _URL.match(url)
    return (match.group(2), match.group(1) or "") if match else ("~", url)


def write_manifest(path: Path, urls) -> None:
    path.write_text(_HEADER + "".join(f"{u}\n" for u in sorted(set(urls), key=_sort_key)), encoding="utf-8")


def resolve(catalog: Catalog, url: str) -> str | None:
    """The URL a published URL now shows: itself, the page its former id moved to, or None."""
    match = _URL.match(url)
    if not match:
        return None
    prefix, pid = match.group(1) or "", match.group(2)
    if pid in catalog.patterns:
        return url
    new = catalog.redirects().get(pid)
    return prefix + paths.pattern(new) if new else None


def check(catalog: Catalog, urls: list[str]) -> list[str]:
    """Problems: published URLs that no longer resolve, and current URLs not yet listed."""
    problems = []
    twins = set(markdown_urls(catalog, former=True))
    for url in urls:
        if (md_problem := _markdown_problem(url, twins)) is not None:
            problems += [md_problem] if md_problem else []
        elif not _URL.match(url):
            problems.append(f"{MANIFEST}: '{url}' is not a pattern URL (expected patterns/<id>/ or zh/patterns/<id>/)")
        elif resolve(catalog, url) is None:
            pid = _URL.match(url).group(2)
            problems.append(
                f"{MANIFEST}: '{url}' was published but no longer resolves: "
                f"add '{pid}' to former_ids of the pattern that replaced it"
            )
    listed = set(urls)
    missing = [u for u in current_urls(catalog) if u not in listed]
    if missing:
        problems.append(
            f"{MANIFEST}: {len(missing)} current URL(s) not listed, e.g. '{missing[0]}': "
            "run `python -m generator urls --update`"
        )
    return problems


def update(catalog: Catalog, path: Path) -> list[str]:
    """Add the current URLs to the manifest, keeping every old one. Returns the URLs added."""
    old = read_manifest(path)
    added = [u for u in current_urls(catalog) if u not in set(old)]
    write_manifest(path, old + added)
    return added
