"""Checks that turn silent MkDocs fallbacks into errors: front matter it cannot read (it drops it
without a word), two files at one URL (the later one wins), files content/ may not publish.
No MkDocs imports."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml
from markupsafe import Markup

from ..data.problems import Problem

# As MkDocs 1.6 finds and reads front matter (mkdocs/utils/meta.py): libyaml when PyYAML has it.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_JSON_ESCAPES = {ord(char): f"\\u{ord(char):04x}" for char in "<>&'"}  # as Jinja's tojson writes them


class SiteError(Exception):
    """A generated page or file that would be published wrong."""


def yaml_text(text: str) -> Markup:
    """A YAML double-quoted scalar for front matter, emoji written as themselves (Jinja's `tojson` writes
    surrogate-pair escapes, which YAML rejects); <, >, & and ' escaped as in tojson."""
    return Markup(json.dumps(str(text), ensure_ascii=False).translate(_JSON_ESCAPES))


def front_matter(text: str) -> tuple[dict, str, int]:
    """(the front matter as MkDocs reads it, the Markdown after it, the lines it took); ({}, text, 0) without.
    Raises ValueError when YAML cannot read it as a mapping (MkDocs would drop it without a word)."""
    match = _FRONT.match(text)
    if not match:
        return {}, text, 0
    try:
        meta = yaml.load(match.group(1), _LOADER)
        json.dumps(meta, ensure_ascii=False).encode("utf-8")  # lone surrogates cannot be written out
    except (yaml.YAMLError, UnicodeEncodeError) as err:
        raise ValueError(f"front matter is not valid YAML: {str(err).splitlines()[0]}") from None
    if not isinstance(meta, dict):
        raise ValueError("front matter must be a mapping of keys to values")
    return meta, text[match.end():], match.group().count("\n")


def check_front_matter(src_uri: str, content: str) -> None:
    """Raise SiteError when a generated page's front matter is not closed or not a YAML mapping."""
    if content.startswith("---") and not _FRONT.match(content):
        raise SiteError(f"{src_uri}: front matter is not closed with '---'")
    try:
        front_matter(content)
    except ValueError as err:
        raise SiteError(f"{src_uri}: {err}") from None


def check_unique_urls(files: list[tuple[str, str]]) -> None:
    """files: (url, source) pairs; raise SiteError naming every URL written by more than one file."""
    seen: dict[str, list[str]] = {}
    for url, source in files:
        seen.setdefault(url, []).append(source)
    clashes = {url: sources for url, sources in seen.items() if len(sources) > 1}
    if clashes:
        raise SiteError("two files would be published at one URL: " + "; ".join(
            f"/{url} from {' and '.join(sources)}" for url, sources in sorted(clashes.items())))
    # A file's URL may not be another file's folder: 'llms.txt' and 'llms.txt/index.html' cannot both be written.
    for url, source in sorted(files):
        parts = url.split("/")
        for parent in ("/".join(parts[:i]) for i in range(1, len(parts))):
            if parent in seen:
                raise SiteError(f"a file and a folder would be published at one URL: /{parent} from "
                                f"{seen[parent][0]}, and /{url} from {source}")


# -- content/<lang>/: Markdown pages and images only -------------------------------------

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")  # not .svg: an SVG can hold script


def check_content(docs_dir: Path, shown_as: str) -> list[Problem]:
    """Problems with the files under content/<lang>/ (shown_as: "content/en"): only Markdown pages and
    raster images are published from there, never a script, stylesheet or SVG (which can hold script)."""
    problems = []
    for path in sorted(docs_dir.rglob("*")):
        where = f"{shown_as}/{path.relative_to(docs_dir).as_posix()}"
        if path.is_symlink():
            problems.append(Problem(where, 0, "", "is a symbolic link; content/<lang>/ holds regular files only"))
        elif path.is_dir():
            continue
        elif path.suffix.lower() not in (".md", *IMAGE_SUFFIXES):
            problems.append(Problem(where, 0, "", f"only Markdown pages (.md) and images "
                                    f"({', '.join(IMAGE_SUFFIXES)}) are published from content/<lang>/"))
    return problems
