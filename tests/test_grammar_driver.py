"""grammar._Table, the cached LALR driver, parses every run as Lark's own parser does:
the longest prefix that parses (not stopping short of a unit), and the same claim."""
from __future__ import annotations

import random

from lark.exceptions import LarkError

from linter.claimbuilder import R, Reject
from linter import grammar
from linter.grammar import _UNITS, _table, parser
from linter.lexicon import tokenize

TEXTS = (
    "In 2019, more than 1,200 people, or about 15 per cent of the 8,000 residents, left "
    "between March and June 2020; from six months to two years later, nearly half of them "
    "had returned, and US$ 3.5 million a year was spent over the first 10 months of 2019.",
    "The five-year plan (2018-2021) ran from 1 January 2018 to 31 December 2021, with "
    "at least two-thirds of the budget, 17-3 in the vote, up to 300 tonnes per day.",
    "Last week, on Monday, June 24, 2019, some 40 % of the 12-18 people in the 1990s.",
)


def _claim(r):
    return None if r is None else (r.kind, r.start, r.end, r.value, r.low, r.high, r.unit,
                                   r.bound, repr(r.d), repr(r.a), repr(r.b), repr(r.whole))


def _reference(toks, i, j):
    """toks[i:j]'s longest parse with Lark's interactive parser."""
    for end in range(j, i, -1):
        if end < len(toks) and toks[end].type in _UNITS:
            continue
        ip = parser().parse_interactive()
        try:
            for t in toks[i:end]:
                ip.feed_token(t)
            r = ip.feed_eof()
        except (Reject, KeyError, LarkError):
            continue
        if isinstance(r, R):
            return end, r
    return None


def _check(text: str) -> int:
    table = _table()
    toks = tokenize(text, 0, len(text))
    types = [t.type for t in toks]
    checked = 0
    for i in range(len(toks)):
        if types[i] is None or types[i] not in table.first:
            continue
        j = i
        while j < len(toks) and types[j] is not None:
            j += 1
        got, want = table.longest(toks, types, i, j), _reference(toks, i, j)
        assert (got and (got[0], _claim(got[1]))) == (want and (want[0], _claim(want[1]))), text
        checked += 1
    return checked


def test_driver_equals_lark():
    rnd = random.Random(1)
    words = " ".join(TEXTS).split()
    checked = 0
    for _ in range(150):
        a = rnd.randrange(len(words))
        checked += _check(" ".join(words[a:a + rnd.randint(1, 12)]))
    assert checked > 300


def test_runs_longer_than_a_probe(monkeypatch):
    """Runs of more terminals than are looked up at once (grammar._PROBE)."""
    monkeypatch.setattr(grammar, "_PROBE", 2)
    for text in TEXTS:
        assert _check(text) > 10
    monkeypatch.undo()
    assert _check(" ".join(str(i) for i in range(40))) == 40
    assert _check(" and ".join(f"{i} March 2019" for i in range(1, 12)))
    assert _check(", ".join(f"{i} per cent" for i in range(1, 12)))
