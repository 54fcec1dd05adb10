"""Extents: ranges and periods that span values or time, told apart from labels, codes,
scores and changes, so that only real ranges are checked for running backwards.
"""
from __future__ import annotations

from ..claims import Relation
from ..spans import Span
from .sentence import Sent, _rel


# Votes and scores: "the vote was split between 55 and 45 percent", "ruled from 5 to 4"
# run high to low, and are not ranges.
_SCORE_WORDS = frozenset("""ruled voted vote votes ruling decision decisions majority won win wins
beat beating defeated defeat lost loss score scored scores victory verdict split tally""".split())


def _extents(s: Sent, out: list[Relation], changed: set[Span]) -> None:
    for i in s.claim_at:
        t = s.toks[i]
        c = t.claim
        if c is None or c.kind not in ("range", "period"):
            continue
        if any(p.span in changed for p in c.parts) or c.span in changed:
            continue
        if s.is_identifier(i) or s.word(i + 1) in ("-", "\u2013", "/", ".") and s.word(i + 2).isdigit():
            continue
        if s.word(i - 1) in ("-", "\u2013", "/", "."):  # the tail of a code: "A/HRC/14/10-12"
            continue
        if c.kind == "range" and not c.text.lower().startswith(("from", "between", "ranging")):
            # "1,141 to 406": a bare pair of numbers is as often a vote, ratio, code or
            # phone number as a range
            continue
        if c.kind == "range" and ((c.low or 0) < 0 or (c.high or 0) < 0):
            continue  # "-326 to -615": positions counted backwards (upstream of a gene)
        if s.word(i + 1) in ("bc", "bce", "b") or s.word(i + 1) == "before" \
                and s.word(i + 2) == "christ":
            continue  # "3000 to 2000 BCE": years counted down
        if c.kind == "range" and ({s.word(i - 1), s.word(i - 2), s.word(i + 1)} & _SCORE_WORDS):
            continue
        out.append(_rel("extent", (c,)))
