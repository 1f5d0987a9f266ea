"""Social cards: the 1200x630 PNG a link preview shows, drawn with Pillow in Noto Sans CJK (fonts-noto-cjk).

Material's social plugin downloads Google Fonts at build time, which we cannot, and they have no Chinese
glyphs. A card depends only on its text: the same data gives the same bytes.
"""

from __future__ import annotations

import bisect
import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from .. import paths
from ..i18n import labels
from .render import plain_words

WIDTH, HEIGHT = 1200, 630
FONT_DIRS = [Path("/usr/share/fonts/opentype/noto"), Path("/usr/share/fonts/opentype/noto-cjk")]
FONT_FILES = {"regular": "NotoSansCJK-Regular.ttc", "bold": "NotoSansCJK-Bold.ttc"}
FACE = "Noto Sans CJK SC"  # the face inside the .ttc for every language: Simplified Chinese glyph forms

# Colours of the site's light scheme (Material "white" primary, "deep orange" accent).
BACKGROUND = (255, 255, 255)
INK = (33, 33, 33)
MUTED = (110, 110, 110)
ACCENT = (255, 87, 34)


class CardError(Exception):
    """The font is missing: say how to install it."""


@dataclass(frozen=True)
class Card:
    """The text of one social card (1200 x 630 px PNG); same card, same bytes."""
    title: str  # the pattern's name, large
    text: str  # its one-line summary (Markdown allowed; drawn as plain text)
    kicker: str  # small line above the title, e.g. "Writing pattern"
    footer: str  # small line at the bottom, e.g. the site name
    lang: str  # "en" or "zh"


# Noto Sans CJK has no emoji (they would be empty boxes): pictographs, dingbats, flags, and the joiners,
# variation selectors and skin tones that build emoji sequences. The page itself keeps them.
_EMOJI = re.compile("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0E\uFE0F\u200D\u20E3\U000E0020-\U000E007F]")


def drawable(text: str) -> str:
    """text without the emoji the card's font cannot draw, spaces squeezed."""
    return " ".join(_EMOJI.sub("", text).split())


@cache
def font_file(weight: str) -> Path:
    """The Noto Sans CJK .ttc file of a weight ('regular' or 'bold'); raises CardError saying how to install it."""
    for folder in FONT_DIRS:
        if (folder / FONT_FILES[weight]).exists():
            return folder / FONT_FILES[weight]
    raise CardError(
        f"font {FONT_FILES[weight]} not found in {', '.join(map(str, FONT_DIRS))}: "
        "install the Debian package fonts-noto-cjk (`make fonts` does)"
    )


@cache
def font(weight: str, size: int, lang: str) -> ImageFont.FreeTypeFont:
    """The Noto Sans CJK SC face at size pixels, laid out without libraqm so every machine draws the same pixels."""
    path = font_file(weight)
    for index in range(10):
        try:
            face = ImageFont.truetype(path, size, index=index, layout_engine=ImageFont.Layout.BASIC)
        except OSError:
            break
        if face.getname()[0] == FACE:
            return face
    return ImageFont.truetype(path, size, index=0, layout_engine=ImageFont.Layout.BASIC)


# A CJK character (or full-width punctuation) is a token of its own; Latin words stay whole.
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_TOKENS = re.compile(rf"[{_CJK}]|\s+|[^\s{_CJK}]+")
_NO_LINE_START = set("，。、；：！？）」』》,.;:!?)")  # hangs at the end of the line instead


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Text as at most max_lines lines no wider than width pixels in face ([] for blank text), greedy:
    breaks between words and between CJK characters, a word wider than a line cut where the line is
    full, closing punctuation hanging past the end rather than starting a line, text past the last
    line cut with "…". Nothing past the last line is measured."""
    lines, line, line_fits = [], "", True
    tokens = _TOKENS.findall(" ".join(text.split()))
    for at, token in enumerate(tokens):
        if len(lines) >= max_lines:
            break
        candidate = line + token
        if _fits(face, candidate, width):
            line, line_fits = candidate, True
        elif token in _NO_LINE_START and line.strip() and line_fits:
            line, line_fits = candidate, False  # one mark hangs
        else:
            if line.strip():
                lines.append(line.rstrip())
            line = ""
            if token.isspace():
                continue
            while len(token) > 1 and len(lines) < max_lines and not _fits(face, token, width):
                cut = max(1, _longest_fit(face, token, width))
                lines.append(token[:cut])
                token = token[cut:]
            line, line_fits = token, True
    else:
        at = len(tokens)
    if line.strip():
        lines.append(line.rstrip())
    if len(lines) > max_lines or at < len(tokens):
        last = lines[max_lines - 1]
        last = last[: _longest_fit(face, last, width, "…")]
        lines = lines[: max_lines - 1] + [last.rstrip(" ,.;:，。；：") + "…"]
    return lines


def _fits(face: ImageFont.FreeTypeFont, text: str, width: int) -> bool:
    """Whether text is at most width pixels wide; more characters than pixels cannot fit and are not
    measured (every glyph is at least a pixel wide; getlength grows faster than the text)."""
    return len(text) <= width and face.getlength(text) <= width


def _longest_fit(face: ImageFont.FreeTypeFont, text: str, width: int, suffix: str = "") -> int:
    """The largest n such that text[:n] + suffix is at most width pixels wide (0 if none): galloping,
    then binary search, so no prefix measured is longer than twice the answer."""
    def fits(n: int) -> bool:
        return _fits(face, text[:n] + suffix, width)

    high = 1
    while high < len(text) and fits(high):
        high *= 2
    first_too_wide = bisect.bisect_left(range(min(high, len(text)) + 1), True, key=lambda n: not fits(n))
    return max(0, first_too_wide - 1)


def draw(card: Card) -> bytes:
    """The card as PNG bytes, WIDTH x HEIGHT pixels; raises CardError when Noto Sans CJK is missing."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    pen = ImageDraw.Draw(image)
    left, right = 96, WIDTH - 96
    pen.rectangle((0, 0, 24, HEIGHT), fill=ACCENT)

    small = font("regular", 30, card.lang)
    pen.text((left, 72), card.kicker, font=small, fill=ACCENT)

    y = 130
    title_face = font("bold", 72 if len(card.title) < 40 else 60, card.lang)
    for line in wrap(drawable(card.title), title_face, right - left, 2):
        pen.text((left, y), line, font=title_face, fill=INK)
        y += int(title_face.size * 1.25)

    y += 24
    text_face = font("regular", 38, card.lang)
    room = max(1, (HEIGHT - 120 - y) // int(text_face.size * 1.45))
    for line in wrap(drawable(plain_words(card.text)), text_face, right - left, min(room, 4)):
        pen.text((left, y), line, font=text_face, fill=MUTED)
        y += int(text_face.size * 1.45)

    pen.line((left, HEIGHT - 96, right, HEIGHT - 96), fill=(224, 224, 224), width=2)
    pen.text((left, HEIGHT - 80), card.footer, font=small, fill=MUTED)

    out = io.BytesIO()
    image.save(out, format="PNG", optimize=False, compress_level=6)  # Pillow writes no timestamp
    return out.getvalue()


def site_cards(catalog, lang: str, site_name: str, site_description: str | None) -> dict[str, Card]:
    """uri -> card: one per pattern, plus one for every other page."""
    L = labels(lang)
    cards = {paths.card(): Card(site_name, site_description or "", L["card_site_kicker"], L["author"], lang)}
    for pid, pattern in catalog.patterns.items():
        cards[paths.card(pid)] = Card(pattern.name.get(lang), pattern.summary.get(lang), L["card_kicker"], site_name, lang)
    return cards
