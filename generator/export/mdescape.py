"""Text into Markdown: the one escaping function of every export (which agents read as instructions).

A field must not open a heading, list, block quote, fence, table, link, image or HTML tag. `escape`
backslash-escapes exactly what could open one (CommonMark lets any ASCII punctuation be escaped) and
leaves emphasis and `code` spans as written; `url` percent-encodes what could end a link destination.
`Markdown` marks Markdown we wrote; the exports' Jinja `finalize` escapes every other printed value.
"""

from __future__ import annotations

import re
import urllib.parse

from markupsafe import Markup

# A backtick run, whole: CommonMark 6.1 opens a code span with a run of N backticks and closes it with
# the next run of exactly N; a run with no such closer is literal backticks.
_TICKS = re.compile(r"`+")
# Inside a line: a backslash (it would undo our escapes), "](" "][" "]:" (a link or image needs one: "[01:02]"
# alone stays as written), "<" (an HTML tag, comment or autolink), "|" (a table cell), an entity.
_INLINE = re.compile(r"\\|\](?=[(\[:])|<|\||&(?=#?\w+;)")
# What opens a block at the start of a line: a heading (also "#word", as Python-Markdown reads it), a quote,
# a list item, a fence, a thematic break or setext underline. Emphasis at the start ("**Bold** text") is left.
# A ``` fence needs no entry: a closed run is a code span (a fence's info string holds no backtick),
# and _inline escapes an unclosed one.
_BLOCK = re.compile(r"#|>|\[|[-+*](?=[ \t]|$)|~{3,}|([-*_=][ \t]*)+$")  # "[": a link reference definition
_ORDERED = re.compile(r"\d+(?=[.)])")  # "1." or "1)": the escape goes before the dot
# One line that starts with none of what opens a block and holds none of what _inline escapes (most
# fields): escape() leaves it as it is.
_NOTHING_TO_ESCAPE = re.compile(r"[^\s\d#>\[\-+*~_=\\\]<|&`][^\n\\\]<|&`]*")


def _code_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each code span CommonMark reads in one line, whose backslashes we escape."""
    runs, spans, i = list(_TICKS.finditer(text)), [], 0
    while i < len(runs):
        closer = next((j for j in range(i + 1, len(runs)) if len(runs[j].group()) == len(runs[i].group())), None)
        if closer is None:
            i += 1  # literal backticks; the next run may still open a span
        else:
            spans.append((runs[i].start(), runs[closer].end()))
            i = closer + 1
    return spans


def _inline(text: str) -> str:
    def plain(part: str) -> str:  # outside code spans: every backtick left is one that opens nothing
        return _INLINE.sub(lambda m: "\\" + m.group(), part).replace("`", "\\`")

    out, end = [], 0
    for start, stop in _code_spans(text):
        out += [plain(text[end:start]), text[start:stop]]
        end = stop
    out.append(plain(text[end:]))
    return "".join(out)


def _line(line: str) -> str:
    # Leading spaces would make an indented code block, or continue an outer list item.
    line = line.lstrip(" \t")
    if number := _ORDERED.match(line):
        return number.group() + "\\" + _inline(line[number.end():])
    return "\\" + _inline(line) if _BLOCK.match(line) else _inline(line)


class Markdown(str):
    """Markdown we wrote or escaped: printed as it is. A plain str subclass, so joining or formatting
    it gives plain text again (escaped once more when printed), never a half-trusted mix."""


def escape(text) -> Markdown:
    """Markdown that shows `text` as written, line for line, and opens no block, link, image, HTML tag
    or table cell of its own (a blank line still ends a paragraph)."""
    if isinstance(text, (Markdown, Markup)):
        return Markdown(text)
    text = str(text)
    if _NOTHING_TO_ESCAPE.fullmatch(text):
        return Markdown(text)  # most fields: the same answer as below, without the per-line work
    return Markdown("\n".join(_line(line) for line in text.split("\n")))


class Url(Markdown):
    """A URL made by url(): a link destination as it is, an autolink in prose (see prose)."""


def url(address: str) -> Url:
    """A URL for a Markdown link destination, (url) or <url>: spaces, parentheses, brackets, angle
    brackets, quotes and backslashes percent-encoded, so it cannot end the link early."""
    return Url(urllib.parse.quote(str(address), safe=":/?#@!$&'*+,;=%~-._"))


def prose(template: str, **values) -> Markdown:
    """Locale text with {fields}, escaped, then filled: a Url as an autolink <https://...> (a bare URL
    would take in the 。 or ） after it, as GitHub's autolinking reads Chinese text), other Markdown as
    it is, anything else escaped. A relative Url (no SITE_URL) stays text: it links nowhere bare."""
    def shown(value):
        if isinstance(value, Url):
            return Markdown(f"<{value}>") if value.startswith(("http://", "https://")) else escape(value)
        return escape(value)
    return Markdown(str.format(escape(template), **{name: shown(value) for name, value in values.items()}))


def link(text: str, address: str) -> Markdown:
    """[text](url), both escaped."""
    return Markdown(f"[{escape(text)}]({url(address)})")


def finalize(value) -> Markup:
    """Jinja's finalize for Markdown templates: every printed value escaped unless it is Markdown we made
    (Markdown, a macro's Markup) or a number; returned as Markup so that autoescape leaves it alone."""
    if isinstance(value, (Markdown, Markup)) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
        return Markup(value)
    return Markup(escape("" if value is None else value))
