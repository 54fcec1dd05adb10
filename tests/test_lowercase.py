"""Offset-keeping lower-casing in pieces (linter/lowercase.py), for the hedge rules' anchor
scan."""
from __future__ import annotations

import random

from linter import lowercase


def _reference(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # "İ" lowers to two characters: keep it as it is
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return low


def test_pieces_read_as_the_whole_text(monkeypatch):
    monkeypatch.setattr(lowercase, "PIECE", 8)  # many piece boundaries
    words = ["ΣΑΣ", "Σ", "İstanbul", "İ", "May", "ÉTÉ", "é", "x", "OSCE", "’s", "naïve"]
    rnd = random.Random(3)
    for _ in range(800):
        text = "".join(rnd.choice(words) + rnd.choice([" ", "  ", "\n", "-", ""]) for _ in range(12))
        pieces = list(lowercase.lower_pieces(text))
        assert "".join(p for _, p in pieces) == _reference(text)
        assert [at for at, _ in pieces] == [sum(len(p) for _, p in pieces[:k]) for k in range(len(pieces))]


def test_the_one_widening_character_keeps_offsets():
    text = "In İzmir, 5 PEOPLE."
    low = "".join(p for _, p in lowercase.lower_pieces(text))
    assert len(low) == len(text) and low[3] == "İ" and low.index("people") == text.index("PEOPLE")
