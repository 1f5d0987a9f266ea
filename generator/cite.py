"""How a quote's source is named on the site: one formatter for pages, cards and quizzes."""

from __future__ import annotations

import re

from .data.models import Source
from .i18n import Labels


def source_label(source: Source, L: Labels) -> str:
    """'Talk: Software Is Changing (Again)'; just the venue ('Tweet') when the title says no more, just
    the title when it names its kind ('nanoGPT README'). L: the page language's labels."""
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
    """'Andrej Karpathy, Talk: Title, 2025-06-17, https://…' as one line of plain text, the URL unless
    url=False, an unverified source's confidence in brackets unless confidence=False."""
    parts = [L["author"], source_label(source, L), source.date, source.url if url else None]
    if confidence and not source.verified:
        parts.append(f"({L[source.confidence]})")
    return ", ".join(p for p in parts if p)


# The licence of our prose and data, as the API and the agent skill state it.
DATA_LICENSE = "CC-BY-4.0"
DATA_LICENSE_NOTE = ("Our prose and data (pattern texts, examples, translations, notes) are licensed under CC BY 4.0, "
                     "https://creativecommons.org/licenses/by/4.0/: reuse them with credit to this site. "
                     "The quotes remain Andrej Karpathy's words, quoted with their sources.")
