"""Calendar checks over date and period claims: days that do not exist, wrong weekdays."""
from __future__ import annotations

import calendar
import re
from typing import Iterator

from .base import CheckContext, Hit, check

TIMEX_DATE = re.compile(r"^(\d{4}|XXXX)-(\d{2})(?:-(\d{2}))?$")
# A calendar value at any precision: "2019", "2019-12", "XXXX-12-10" (year, month, day groups).
TIMEX_CAL = re.compile(r"^(\d{4}|XXXX)(?:-(\d{2}))?(?:-(\d{2}))?$")
MONTHS = list(calendar.month_name)


def date_problem(timex: str | None) -> str | None:
    """Why the calendar date in `timex` cannot exist, or None when it can (or is vague)."""
    if not timex:
        return None
    m = TIMEX_DATE.match(timex)
    if not m:
        return None
    year = None if m.group(1) == "XXXX" else int(m.group(1))
    month = int(m.group(2))
    if not 1 <= month <= 12:
        return f"there is no month {month}"
    if m.group(3) is None:
        return None
    day = int(m.group(3))
    if day < 1:
        return f"there is no day {day}"
    if month == 2 and day == 29:
        if year is not None and not calendar.isleap(year):
            return f"{year} is not a leap year, so February has 28 days"
        return None
    longest = 29 if (month == 2 and year is None) else calendar.monthrange(year or 2000, month)[1]
    if day > longest:
        return f"{MONTHS[month]} has {longest} days"
    return None


@check("date_exists", fields=("date", "problem"))
def date_exists(ctx: CheckContext) -> Iterator[Hit]:
    """Dates, and the ends of periods, must be days that exist in the calendar."""
    # Each claim is checked on its own, so no scope units are needed (building them is the
    # costliest part of this check on long documents).
    for claim in ctx.claims:
        if claim.kind == "date":
            ends = [(claim, claim.timex)]
        elif claim.kind == "period":
            parts = claim.parts if len(claim.parts) == 2 else (claim, claim)
            ends = [(parts[0], claim.from_), (parts[1], claim.to_)]
        else:
            continue
        for part, timex in ends:
            problem = date_problem(timex)
            if problem:
                yield ctx.hit(part.span, date=part.text, problem=problem)


WEEKDAY_NAMES = [d.lower() for d in calendar.day_name]


def weekday_of(timex: str | None) -> str | None:
    """The weekday of a full calendar date ("2019-06-24" -> "monday"), else None."""
    if not timex:
        return None
    m = TIMEX_DATE.match(timex)
    if not m or m.group(1) == "XXXX" or m.group(3) is None or date_problem(timex):
        return None
    return WEEKDAY_NAMES[calendar.weekday(int(m.group(1)), int(m.group(2)), int(m.group(3)))]


@check("weekday_matches_date", fields=("date", "stated", "actual"))
def weekday_matches_date(ctx: CheckContext) -> Iterator[Hit]:
    """A weekday named with a full date must be that date's weekday in the calendar."""
    for rel in ctx.claims.relations_of("weekday"):
        claim = rel.members[0]
        stated = str(rel.attr("weekday"))
        actual = weekday_of(claim.timex)
        if actual is None or actual == stated:
            continue
        at = rel.attr("at")
        span = claim.span if at is None else type(claim.span)(min(at.start, claim.span.start),
                                                              max(at.end, claim.span.end))
        yield ctx.hit(span, date=claim.text, stated=stated.capitalize(), actual=actual.capitalize())
