"""Durations against the dates they describe: "a five-year (2018-2021) program"."""
from __future__ import annotations

import re
from datetime import date
from typing import Iterator

from .base import CheckContext, Hit, check
from .dates import TIMEX_CAL
from .totals import num

_UNITS = {"year": "year", "years": "year", "yr": "year", "month": "month", "months": "month",
          "week": "week", "weeks": "week", "day": "day", "days": "day"}
_ISO_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day"}
# How many of the period's counting unit one unit of the duration makes, and the slack
# that conversion needs ("a month" is 28 to 31 days).
_CONVERT = {("year", "year"): (1, 0), ("year", "month"): (12, 0), ("month", "month"): (1, 0),
            ("year", "day"): (365.25, 2), ("month", "day"): (30.44, 3), ("week", "day"): (7, 0),
            ("day", "day"): (1, 0)}


def duration_unit(unit: str | None, timex: str | None) -> str | None:
    if unit:
        u = _UNITS.get(unit.lower())
        if u:
            return u
    if timex:
        m = re.fullmatch(r"P(\d+(?:\.\d+)?)([YMWD])", timex)
        if m:
            return _ISO_UNITS[m.group(2)]
    return None


def period_length(a: str | None, b: str | None) -> tuple[str, int, int] | None:
    """(unit, counted with both ends, counted without the last) for a period's two ends."""
    if not a or not b:
        return None
    ma, mb = TIMEX_CAL.match(a), TIMEX_CAL.match(b)
    if not ma or not mb:
        return None
    depth_a = sum(g is not None for g in ma.groups())
    depth_b = sum(g is not None for g in mb.groups())
    if depth_a != depth_b:
        return None
    ya, yb = ma.group(1), mb.group(1)
    if (ya == "XXXX") != (yb == "XXXX"):
        return None
    if depth_a == 1:
        if ya == "XXXX":
            return None
        d = int(yb) - int(ya)
        return ("year", d + 1, d) if d >= 0 else None
    if depth_a == 2:
        y1, y2 = (2001, 2001) if ya == "XXXX" else (int(ya), int(yb))
        d = (y2 * 12 + int(mb.group(2))) - (y1 * 12 + int(ma.group(2)))
        if ya == "XXXX" and d < 0:
            d += 12
        return ("month", d + 1, d) if d >= 0 else None
    try:
        y1, y2 = (2001, 2001) if ya == "XXXX" else (int(ya), int(yb))
        d1 = date(y1, int(ma.group(2)), int(ma.group(3)))
        d2 = date(y2, int(mb.group(2)), int(mb.group(3)))
    except ValueError:
        return None
    d = (d2 - d1).days
    if ya == "XXXX" and d < 0:
        d += 365
    return ("day", d + 1, d) if d >= 0 else None


@check("duration_matches_period", fields=("duration", "period", "inclusive", "exclusive", "unit"))
def duration_matches_period(ctx: CheckContext) -> Iterator[Hit]:
    """A stated length ("three-day", "18-month") must match the dates given with it, counted
    either with both ends (2018-2022 is five years) or without the last (2018-2023)."""
    for rel in ctx.claims.relations_of("span_of"):
        dur, period = rel.members
        unit = duration_unit(dur.unit, dur.timex)
        length = period_length(period.from_, period.to_)
        if unit is None or length is None or dur.value is None:
            continue
        p_unit, incl, excl = length
        conv = _CONVERT.get((unit, p_unit))
        if conv is None:
            # the duration is finer than the dates ("an 18-month plan for 2019-2020"): it only
            # has to fit between the shortest and longest stretch the dates allow.
            fine = {("month", "year"): 12, ("week", "year"): 52.18, ("day", "year"): 365.25,
                    ("week", "month"): 4.35, ("day", "month"): 30.44}.get((unit, p_unit))
            if fine is None:
                continue
            value = float(dur.value) / fine
            if excl - 1 < value <= incl:
                continue
        else:
            factor, slack = conv
            value = float(dur.value) * factor
            if excl - slack <= value <= excl + slack or incl - slack <= value <= incl + slack:
                continue
        yield ctx.hit(dur.span, related=[period.span], duration=dur.text, period=period.text,
                      inclusive=num(incl), exclusive=num(excl), unit=p_unit + "s")
