"""The emoji index of the site's Markdown: Material's icons only, no emoji.

pymdownx.emoji turns `:smile:` into an <img> loaded from a CDN, so a data field
could make every reader's browser ask another host for a picture. Material's
icons (`:material-download:`, used by the home page's grid cards) are drawn as
inline SVG from files in the theme, so they stay; every emoji shortname stays
text. Named in mkdocs.yml as pymdownx.emoji's `emoji_index`.
"""

from __future__ import annotations

from material.extensions.emoji import twemoji


def material_icons(options: dict, md) -> dict:
    """Material's twemoji index (same signature) keeping the theme's icons, which have a file path, and
    dropping the emoji, which have a Unicode code point and an image on a CDN."""
    index = twemoji(options, md)
    icons = {name: entry for name, entry in index["emoji"].items() if "path" in entry and "unicode" not in entry}
    return {"name": index["name"], "emoji": icons, "aliases": {}}
