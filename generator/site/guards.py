"""Checks on the generated pages that turn silent MkDocs fallbacks into build errors.

MkDocs drops front matter it cannot parse without a word (the page then takes
its title from the file name), and a later file with an earlier file's URL
simply overwrites it. Both raise SiteError here; the plugin reports it as a
PluginError. No MkDocs imports.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import yaml
from markupsafe import Markup

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


# -- content/<lang>/: Markdown pages, and HTML that cannot run ------------------------

PAGE_SUFFIXES = (".md",)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp", ".gif")  # not .svg: an SVG can hold script
_TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt", "em",
    "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "ins", "kbd", "li", "mark",
    "ol", "p", "pre", "q", "s", "section", "small", "span", "strong", "sub", "summary", "sup", "table",
    "tbody", "td", "th", "thead", "tr", "u", "ul"
})
_ATTRS = frozenset({"class", "id", "href", "src", "alt", "title", "lang", "open", "markdown", "role", "width", "height"})


def check_content(docs_dir: Path, shown_as: str) -> list[str]:
    """Problems with the files under one language's pages folder (content/<lang>/).

    Only Markdown pages and raster images are published from there; a script, a
    stylesheet or an SVG would replace or add code on the site. In pages, HTML is
    limited to tags and attributes that cannot run anything. `shown_as` is the
    folder as the contributor sees it ("content/en").
    """
    problems = []
    for path in sorted(docs_dir.rglob("*")):
        where = f"{shown_as}/{path.relative_to(docs_dir).as_posix()}"
        if path.is_symlink():
            problems.append(f"{where}: is a symbolic link; content/<lang>/ holds regular files only")
        elif path.is_dir():
            continue
        elif path.suffix.lower() not in PAGE_SUFFIXES + IMAGE_SUFFIXES:
            problems.append(f"{where}: only Markdown pages (.md) and images ({', '.join(IMAGE_SUFFIXES)}) "
                            "are published from content/<lang>/")
        elif path.suffix.lower() in PAGE_SUFFIXES:
            problems.extend(f"{where}:{line}: {message}" for line, message in _html_problems(path.read_text(encoding="utf-8")))
    return problems


_FENCE = re.compile(r"^(```|~~~).*?^\1", re.DOTALL | re.MULTILINE)
_CODE_SPAN = re.compile(r"`[^`\n]+`")


def _html_problems(text: str) -> list[tuple[int, str]]:
    """(line, message) for every tag or attribute outside the allowlists, and every script URL."""
    blank = lambda m: re.sub(r"[^\n]", " ", m.group())
    text = _CODE_SPAN.sub(blank, _FENCE.sub(blank, text))
    found: list[tuple[int, str]] = []

    class Parser(HTMLParser):
        def handle_starttag(self, tag, attrs):
            line = self.getpos()[0]
            if tag not in _TAGS:
                found.append((line, f"HTML tag <{tag}> is not allowed in a page; write Markdown"))
            for name, value in attrs:
                if name not in _ATTRS and not name.startswith(("aria-", "data-")):
                    found.append((line, f"HTML attribute '{name}' on <{tag}> is not allowed in a page"))
                elif name in ("href", "src") and (value or "").strip().lower().startswith(("javascript:", "data:", "vbscript:")):
                    found.append((line, f"a {name} that runs script is not allowed in a page"))

        def handle_comment(self, data):
            pass

    Parser(convert_charrefs=True).feed(text)
    return found
