"""Fitting text on a social card costs the same for 400 or 4,000 characters (issue 22, item 13).

A 3,996-character name took 59 s to draw: every hanging comma and every character cut off the
last line measured the whole line again. The work now depends on what is drawn, not on the text.
"""

from __future__ import annotations

import pytest

from generator.site import cards


class Counting:
    """A face that counts the characters Pillow is asked to measure."""

    def __init__(self, face):
        self.face, self.measured = face, 0

    def getlength(self, text: str) -> float:
        self.measured += len(text)
        return self.face.getlength(text)


@pytest.mark.parametrize("unit", ["，", "a", "word ", "字", "x" * 100 + " "], ids=["commas", "one-word", "words", "cjk", "long-words"])
def test_measuring_does_not_grow_with_the_text(unit):
    face = cards.font("bold", 60, "zh")
    costs = []
    for length in (400, 4000):
        counting = Counting(face)
        lines = cards.wrap((unit * length)[:length], counting, 1008, 2)
        assert len(lines) == 2 and lines[-1].endswith("…")
        assert all(face.getlength(line) <= 1008 + face.size for line in lines)  # a hanging mark at most
        costs.append(counting.measured)
    assert costs[1] <= costs[0] * 1.1, costs  # ten times the text, the same work
    assert costs[1] < 20_000, costs  # the old code measured ~8 million characters for 4,000 commas


def test_a_word_wider_than_the_card_is_cut_to_fit():
    face = cards.font("bold", 60, "en")
    lines = cards.wrap("a" * 3996, face, 1008, 2)
    assert len(lines) == 2 and lines[1].endswith("…")
    assert all(face.getlength(line) <= 1008 for line in lines)  # was one line 3,996 characters wide


def test_short_text_is_not_cut():
    face = cards.font("regular", 38, "en")
    assert cards.wrap("Plain words.", face, 1008, 2) == ["Plain words."]
    assert cards.wrap("x" * 20, face, 1008, 1) == ["x" * 20]
    assert cards.wrap("", face, 1008, 2) == []
