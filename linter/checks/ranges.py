"""Ranges and periods that run backwards: "from 18 to 12 years", "2022-2018", "December 11-10"."""
from __future__ import annotations

import re
from typing import Iterator

from ..claims import Claim
from .base import CheckContext, Hit, check
from .dates import TIMEX_CAL
from .durations import period_length
from .totals import num



def timex_order(a: str | None, b: str | None) -> int | None:
    """-1, 0 or 1 comparing two calendar TIMEX values on the precision they share.

    None when they cannot be compared safely: vague values, or an unanchored pair in
    different months ("December 28 - January 3" may cross a year end).
    """
    if not a or not b:
        return None
    ma, mb = TIMEX_CAL.match(a), TIMEX_CAL.match(b)
    if not ma or not mb:
        return None
    ya, yb = ma.group(1), mb.group(1)
    if (ya == "XXXX") != (yb == "XXXX"):
        return None
    fields = []
    if ya != "XXXX":
        fields.append((int(ya), int(yb)))
    for g in (2, 3):
        if ma.group(g) is None or mb.group(g) is None:
            break
        fields.append((int(ma.group(g)), int(mb.group(g))))
    if ya == "XXXX" and len(fields) >= 1 and fields[0][0] != fields[0][1]:
        return None
    for x, y in fields:
        if x != y:
            return -1 if x < y else 1
    return 0


def _abbreviated(c: Claim) -> bool:
    """ "2019-20", "123-45": a dash range whose second end drops the leading digits of the first
    and, read with them, comes after it."""
    if len(c.parts) != 2:
        return False
    between = c.text[c.parts[0].span.end - c.span.start:c.parts[1].span.start - c.span.start]
    if between.strip() not in ("-", "\u2013", "\u2014", "/"):
        return False
    d1 = re.sub(r"\D", "", c.parts[0].text)
    d2 = re.sub(r"\D", "", c.parts[1].text)
    if len(d1) < 3 or not d2 or len(d2) >= len(d1):
        return False
    return int(d1[: len(d1) - len(d2)] + d2) > int(d1)


def _gap(a: str | None, b: str | None) -> str:
    """How far a period's end lies before its start, in its own precision: "4 years"."""
    length = period_length(b, a)  # end to start: the reversed period, read forwards
    if length is None:
        return "earlier"
    unit, _, n = length
    return f"{n} {unit}{'' if n == 1 else 's'} earlier"


@check("range_in_order", fields=("text", "first", "second", "gap"))
def range_in_order(ctx: CheckContext) -> Iterator[Hit]:
    """A range's low end comes first and a period's start comes before its end.

    Only ranges the relation layer reads as extents are checked: not labels ("Law No.
    94-12"), codes, or changes ("fell from 50 to 12 per cent").
    """
    for rel in ctx.claims.relations_of("extent"):
        c = rel.members[0]
        if c.kind == "range":
            if c.low is None or c.high is None or c.low <= c.high or _abbreviated(c):
                continue
            yield ctx.hit(c.span, text=c.text, first=num(c.low), second=num(c.high),
                          gap=f"{num(c.low - c.high)} lower")
        elif c.kind == "period":
            if timex_order(c.from_, c.to_) != 1 or _abbreviated(c):
                continue
            if len(c.parts) == 2:
                first, second = c.parts[0].text, c.parts[1].text
            else:
                first, second = c.from_, c.to_
            yield ctx.hit(c.span, text=c.text, first=first, second=second, gap=_gap(c.from_, c.to_))
