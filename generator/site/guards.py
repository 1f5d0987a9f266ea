"""Checks on the generated pages that turn silent MkDocs fallbacks into build errors.

MkDocs drops front matter it cannot parse without a word (the page then takes
its title from the file name), and a later file with an earlier file's URL
simply overwrites it. Both raise SiteError here; the plugin reports it as a
PluginError. No MkDocs imports.
"""

from __future__ import annotations

import json
import re

import yaml
from markupsafe import Markup

# As MkDocs 1.6 finds and reads front matter (mkdocs/utils/meta.py): libyaml when PyYAML has it.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_FRONT = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)


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
        meta = yaml.load(match.group(1), _LOADER)  # noqa: S506 (a safe loader)
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
