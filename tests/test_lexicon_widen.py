"""Shortcuts in linter/lexicon.py give exactly what the plain way gives.

lexicon.widen must give exactly the tokens of tokenizing the whole widened window.

Claim windows are widened by tokenizing only the added stretches and joining them; any
interaction across the cut (a numeral, "per cent", a unit after a figure, "May", "US $")
must fall back to tokenizing everything. Random texts built from such tricky pieces,
cut at random places, check it token by token, every attribute.
"""
from __future__ import annotations

import random

import pytest

from linter.lexicon import Piece, Tok, tokenize, widen

PIECES = (
    "three hundred and forty", "half", "of", "a", "an", "one", "two", "thirds", "million",
    "bn", "per", "cent", "Canadian", "dollars", "US", "$", "U.S.", "May", "may", "2019", "/",
    "20", "-", "\u2212", "5", "°", "C", "%", "w/v", "km", "h", "kg", "twenty", "first", "and",
    "point", "five", "dozen", "a dozen", "quarter", "minus", "the", "than", "more", "people",
    "in", "Q", "3", "H1", "1990s", "5th", "2019-05-01", "1,200", "3.5", "€", "US$", "March",
    "Monday", "spring", "USD", "yen", "Japanese", "rupees", "per cent", "–", ",", ".", "(",
    ")", "approx.", "Jan.", "no.", "Friday's", "10km", "24", "min", "2", "m2", "km2", "ninety",
    "nine", "hundred", "thousand", "fifth", "a fifth", "country", "twenty-one", "tenths",
    "lakh", "12", "18", "2019/20",
)
SEPARATORS = (" ", " ", " ", "", "  ", "\n", ", ")


def _key(toks: list[Tok]) -> list[tuple]:
    return [tuple(getattr(t, a) for a in Tok.__slots__) for t in toks]


@pytest.mark.parametrize("seed", range(4))
def test_widen_equals_tokenizing_the_whole_window(seed):
    rnd = random.Random(seed)
    joined = 0
    for _ in range(2500):
        text = "".join(rnd.choice(PIECES) + rnd.choice(SEPARATORS)
                       for _ in range(rnd.randint(3, 14)))
        spaces = [i for i, ch in enumerate(text) if ch == " "]
        if len(spaces) < 2:
            continue
        a, b = sorted(rnd.sample(spaces, 2))
        s, e = a + rnd.choice((0, 1)), b + rnd.choice((0, 1))  # cuts next to a space, as windows are
        if rnd.random() < 0.2:
            s, e = sorted(rnd.sample(range(len(text) + 1), 2))  # anywhere
        if s >= e:
            continue
        ns, ne = rnd.randint(0, s), rnd.randint(e, len(text))
        piece = Piece(text, s, e)
        first, last = piece.first, piece.last
        got = widen(text, piece, s, e, ns, ne)
        joined += (got.first is first or got.last is last) and (ns, ne) != (s, e)
        assert _key(got.toks) == _key(tokenize(text, ns, ne)), (text[ns:s], text[s:e], text[e:ne])
    assert joined > 300  # the old tokens were reused: joining really is exercised
