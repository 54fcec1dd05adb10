"""numwords.read_numeral's shortcut for a figure followed by no numeral word gives what
the full reading (_cardinal) gives."""
from __future__ import annotations

import random

from linter.lexicon import _raw
from linter.numwords import _cardinal, read_numeral

PIECES = ("5", "2019", "1,200", "3.5", "0.00", "12", "million", "bn", "dozen", "dozens",
          "hundred", "and", "a", "half", "one", "two", "thirds", "quarter", "point", "five",
          "-", ",", "people", "of", "thousand", "and a half", "per cent", "%", "twenty")


def _fields(num):
    return None if num is None else (str(num.value), num.end, num.words, num.scale, num.fraction)


def test_a_figure_reads_as_the_full_reading_does():
    rnd = random.Random(5)
    seen = 0
    for _ in range(3000):
        text = " ".join(rnd.choice(PIECES) for _ in range(rnd.randint(1, 7)))
        raw = _raw(text, 0, len(text))
        for i, t in enumerate(raw):
            if t.kind == "num":
                seen += 1
                assert _fields(read_numeral(raw, i)) == _fields(_cardinal(raw, i)), (text, i)
    assert seen > 2000
