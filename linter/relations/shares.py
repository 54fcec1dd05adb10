"""Shares: percentages of a group ("90 percent of charges"), told apart from changes and
ratios to a reference ("120 percent of GDP"), which may exceed 100.
"""
from __future__ import annotations

from ..claims import Relation
from .sentence import Sent, _rel
from .words import (
    DETERMINERS, FACTORS, POPULATION, REFERENCE, SHARE_VERBS, _CHANGE_WORDS, _COMPARATIVES,
    _RATE_WORDS)


_CHANGE_BEFORE = _CHANGE_WORDS | frozenset(FACTORS) | frozenset(
    "by more higher over above exceed exceeded exceeding times".split())
_CHANGE_AFTER = _CHANGE_WORDS | _COMPARATIVES | frozenset("greater larger faster points point".split())
_SHARE_SKIP = frozenset("the all its their those these a an".split())


def _shares(s: Sent, out: list[Relation]) -> None:
    """Percentages used as a share of a group ("90 percent of charges", "accounted for 30
    percent"), told apart from changes ("rose 150 percent") and ratios to a reference
    ("120 percent of GDP")."""
    for i, c in s.claims_of("percent"):
        if c.unit not in ("%", None) or c.value is None or c.adjectival:
            continue
        before = {s.word(j) for j in range(max(0, i - 4), i)}
        after = [s.word(j) for j in range(i + 1, min(len(s), i + 4))]
        if before & _CHANGE_BEFORE or set(after[:2]) & _CHANGE_AFTER:
            continue
        if {s.word(j) for j in range(max(0, i - 7), i)} & _RATE_WORDS:
            continue  # "gross enrolment reached 105 percent of children": a rate, not a share
        _, pw = s.prev_word(i, DETERMINERS | {"for", "up", "of"})
        share = pw in SHARE_VERBS  # "accounted for", "made up", "represented"
        if after[:1] == ["of"]:
            for j in range(i + 2, min(len(s), i + 6)):
                w = s.word(j)
                if not w or w in REFERENCE and not (share and w in ("total", "whole")):
                    share = False  # "of GDP", "of capacity", "of the 2018 level"
                    break
                if w in _SHARE_SKIP:
                    continue
                if w in POPULATION or (w.endswith("s") and len(w) > 3 and not w.endswith("ss")):
                    share = True  # "of charges", "of the population"
                    break
        elif after[:1] and after[0] in ("were", "are", "was", "is") and s.word(i - 1) != "by":
            share = True  # "120 per cent were unaware"
        if share:
            out.append(_rel("share", (c,)))
