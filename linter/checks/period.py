"""Events dated after the reporting period the document says it covers."""
from __future__ import annotations

import re
from typing import Iterator

from .base import CheckContext, Hit, check

_YM = re.compile(r"^(\d{4})(?:-(\d{2}))?")


def period_end(period: str | None) -> tuple[int, int] | None:
    """(year, last month) of a period such as "2019", "2019-06" or "2019-01/2019-06"."""
    if not period:
        return None
    m = _YM.match(period.split("/")[-1].strip())
    if not m:
        return None
    return int(m.group(1)), int(m.group(2) or 12)


def after(timex: str | None, end: tuple[int, int]) -> bool:
    """Whether a dated timex lies wholly after the period's end month."""
    m = _YM.match(timex or "")
    if not m:
        return False
    year, month = int(m.group(1)), m.group(2)
    if year != end[0]:
        return year > end[0]
    return month is not None and int(month) > end[1]


def months_after(timex: str, end: tuple[int, int]) -> int:
    m = _YM.match(timex)
    year, month = int(m.group(1)), int(m.group(2) or 1)
    return (year * 12 + month) - (end[0] * 12 + end[1])


@check("date_within_period", fields=("date", "period", "after"))
def date_within_period(ctx: CheckContext) -> Iterator[Hit]:
    """An event told in the past tense should not be dated after the period the report
    covers; plans and deadlines ("will", "by March 2020") are left alone. Off when the
    period is unknown (no `period:` in front matter or config)."""
    end = period_end(ctx.doc.period)
    if end is None:
        return
    for rel in ctx.claims.relations_of("event"):
        claim = rel.members[0]
        if after(claim.timex, end):
            n, unit = months_after(claim.timex, end), "month"
            if not _YM.match(claim.timex).group(2):  # a bare year: count in years
                n, unit = int(claim.timex[:4]) - end[0], "year"
            yield ctx.hit(claim.span, date=claim.text, period=ctx.doc.period,
                          after=f"{n} {unit}{'' if n == 1 else 's'}")
