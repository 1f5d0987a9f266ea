"""Checks on the generated pages that turn silent MkDocs fallbacks into build errors.

MkDocs drops front matter it cannot parse without a word (the page then takes
its title from the file name), and a later file with an earlier file's URL
simply overwrites it. Both raise SiteError here; the plugin reports it as a
PluginError. No MkDocs imports.
"""

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


class SiteError(Exception):
    """A generated page or file that would be published wrong."""


def yaml_text(text: str) -> Markup:
    """A YAML double-quoted scalar for front matter, astral characters (emoji) written as themselves.

    Jinja's `tojson` writes them as surrogate-pair escapes, which YAML rejects:
    MkDocs then drops the whole front matter. <, >, & and ' are escaped as in tojson.
    """
    quoted = json.dumps(str(text), ensure_ascii=False)
    for char in "<>&'":
        quoted = quoted.replace(char, f"\\u{ord(char):04x}")
    return Markup(quoted)


def check_front_matter(src_uri: str, content: str) -> None:
    """Raise SiteError when `content` starts with front matter that YAML cannot read as a mapping."""
    match = _FRONT.match(content)
    if not match:
        if content.startswith("---"):
            raise SiteError(f"{src_uri}: front matter is not closed with '---'")
        return
    try:
        meta = yaml.load(match.group(1), _LOADER)
        json.dumps(meta, ensure_ascii=False).encode("utf-8")  # lone surrogates cannot be written out
    except (yaml.YAMLError, UnicodeEncodeError) as err:
        raise SiteError(f"{src_uri}: front matter does not parse: {err}".replace("\n", " ")) from None
    if not isinstance(meta, dict):
        raise SiteError(f"{src_uri}: front matter is not a mapping of keys")


def check_unique_urls(files: list[tuple[str, str]]) -> None:
    """files: (url, source) pairs; raise SiteError naming every URL written by more than one file."""
    seen: dict[str, list[str]] = {}
    for url, source in files:
        seen.setdefault(url, []).append(source)
    clashes = {url: sources for url, sources in seen.items() if len(sources) > 1}
    if clashes:
        raise SiteError("two files would be published at one URL: " + "; ".join(
            f"/{url} from {' and '.join(sources)}" for url, sources in sorted(clashes.items())))


# -- content/<lang>/: Markdown pages and images only -------------------------------------

PAGE_SUFFIXES = (".md",)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")  # not .svg: an SVG can hold script


def check_content(docs_dir: Path, shown_as: str) -> list[Problem]:
    """Problems with the files under one language's pages folder (content/<lang>/).

    Only Markdown pages and raster images are published from there; a script, a
    stylesheet or an SVG would replace or add code on the site. What a page's
    Markdown renders to is checked by htmlsafety.audit_folder. `shown_as` is the
    folder as the contributor sees it ("content/en").
    """
    problems = []
    for path in sorted(docs_dir.rglob("*")):
        where = f"{shown_as}/{path.relative_to(docs_dir).as_posix()}"
        if path.is_symlink():
            problems.append(Problem(where, 0, "", "is a symbolic link; content/<lang>/ holds regular files only"))
        elif path.is_dir():
            continue
        elif path.suffix.lower() not in PAGE_SUFFIXES + IMAGE_SUFFIXES:
            problems.append(Problem(where, 0, "", f"only Markdown pages (.md) and images "
                                    f"({', '.join(IMAGE_SUFFIXES)}) are published from content/<lang>/"))
    return problems
