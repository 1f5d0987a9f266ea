"""How a quote's source is named on the site: one formatter for pages, cards and quizzes."""

from __future__ import annotations

import re

from .data.models import Source
from .i18n import Labels


def source_label(source: Source, L: Labels) -> str:
    """'Talk: Software Is Changing (Again)', or just the venue ('Tweet') when the title says no more,
    or just the title when it already names its kind ('nanoGPT README', 'Dwarkesh Podcast interview').

    source: a quote's Source (content/quotes/*.yml); L: the page language's labels (venue names, and
    quiz_colon, the language's ': ' or '：').
    """
    venue = L["venues"][source.venue]
    title = source.title.strip()
    words = _WORDS.findall(title.casefold())
    if title.casefold() in (venue.casefold(), source.venue):  # 'Tweet', whatever the page's language
        return venue
    if source.venue.split()[0] in words or venue.casefold() in words:
        return title
    return f"{venue}{L['quiz_colon']}{title}"


_WORDS = re.compile(r"[^\W_]+")


def citation(source: Source, L: Labels, url: bool = True, confidence: bool = True) -> str:
    """'Andrej Karpathy, Talk: Title, 2025-06-17, https://…' as one line of plain text.

    The URL is left out with url=False (a quiz shows the source, not a link); an
    unverified source's confidence is added in brackets unless confidence=False.
    """
    parts = [L["author"], source_label(source, L), source.date, source.url if url else None]
    if confidence and not source.verified:
        parts.append(f"({L[source.confidence]})")
    return ", ".join(p for p in parts if p)


# The licence of our prose and data, as the API and the agent skill state it.
DATA_LICENSE = "CC-BY-4.0"
DATA_LICENSE_NOTE = ("Our prose and data (pattern texts, examples, translations, notes) are licensed under CC BY 4.0, "
                     "https://creativecommons.org/licenses/by/4.0/: reuse them with credit to this site. "
                     "The quotes remain Andrej Karpathy's words, quoted with their sources.")
