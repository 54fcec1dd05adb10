"""Percentages: shares above 100 percent, and percentages that disagree with their counts."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..claims import Claim
from .base import CheckContext, Hit, Params, check
from .totals import num


def decimals(c: Claim) -> int:
    """Decimal places the text gives a figure: "81.3 percent" -> 1."""
    m = re.search(r"\d+(?:[.,](\d+))?", c.text)
    if not m or not m.group(1) or "," in m.group(0) and len(m.group(1)) == 3:
        return 0
    return len(m.group(1))


@check("share_at_most_100", fields=("percent", "value", "excess"))
def share_at_most_100(ctx: CheckContext) -> Iterator[Hit]:
    """A share of a whole ("90 percent of charges") cannot exceed 100 percent; a change
    ("rose 150 percent") or a ratio to a reference ("120 percent of GDP") can."""
    for rel in ctx.claims.relations_of("share"):
        c = rel.members[0]
        # "as many as 190 percent" is still impossible; "less than 150 percent" is merely odd
        if c.value is not None and c.value > 100 and c.bound != "less_than":
            yield ctx.hit(c.span, percent=c.text, value=num(c.value), excess=num(c.value - 100))


@dataclass(frozen=True)
class RatioParams(Params):
    """Options of `ratio_matches_percent`."""

    about: float = 5.0  # percentage points of slack for "about 80 percent"


@check("ratio_matches_percent", params=RatioParams,
       fields=("part", "whole", "percent", "actual", "off"))
def ratio_matches_percent(ctx: CheckContext) -> Iterator[Hit]:
    """ "52 of the 64 detainees (89 percent)": the percent must be the part over the whole,
    allowing for the rounding the text itself uses (81 or 81.3 for 81.25)."""
    for rel in ctx.claims.relations_of("ratio"):
        if len(rel.members) < 3:
            continue
        part, whole, pct = rel.members
        if not whole.value or part.value is None or pct.value is None:
            continue
        actual = float(part.value) / float(whole.value) * 100
        p = float(pct.value)
        step = 10 ** -decimals(pct)
        # rounding either way at the precision shown (81.25 -> 81 or 82 both read fine)
        lo, hi = p - step, p + step
        if pct.bound == "about":
            lo, hi = lo - ctx.params.about, hi + ctx.params.about
        elif pct.bound in ("more_than", "at_least"):
            hi = float("inf")
        elif pct.bound in ("less_than", "at_most"):
            lo = float("-inf")
        if whole.bound != "exact" or part.bound not in ("exact", "about"):
            continue
        if part.bound == "about":  # "(about 640 people)": a rounded count, a wider margin
            lo, hi = lo - ctx.params.about, hi + ctx.params.about
        if lo < actual < hi:
            continue
        shown = round(actual, max(1, decimals(pct)))
        text = pct.text
        if text[:1].isupper() and text[1:2].islower():  # "Some 40 percent" opening a sentence
            text = text[0].lower() + text[1:]
        yield ctx.hit(pct.span, related=[part.span, whole.span], part=num(part.value),
                      whole=num(whole.value), percent=text, actual=num(shown),
                      off=num(round(abs(p - actual), 1)))
