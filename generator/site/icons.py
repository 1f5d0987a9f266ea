"""pymdownx.emoji's `emoji_index` (mkdocs.yml): Material's icons only, drawn as inline SVG from the theme.

An emoji shortname (`:smile:`) would be an <img> from a CDN, so a data field could make every reader's
browser ask another host for a picture: it stays text.
"""

from __future__ import annotations

from material.extensions.emoji import twemoji


def material_icons(options: dict, md) -> dict:
    """Material's twemoji index (same signature) keeping the theme's icons, which have a file path, and
    dropping the emoji, which have a Unicode code point and an image on a CDN."""
    index = twemoji(options, md)
    icons = {name: entry for name, entry in index["emoji"].items() if "path" in entry and "unicode" not in entry}
    return {"name": index["name"], "emoji": icons, "aliases": {}}
