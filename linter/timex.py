"""Calendar values behind date, period and duration claims, and their TIMEX3 strings.

A `D` keeps the fields exactly as written, even impossible ones ("February 30"), so a
check can flag them; nothing here validates against the calendar. A year left out of
the text stays None until `grammar.extract` fills in the year in force.
"""
from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@dataclass(slots=True)
class D:
    """One date as written. `rel` marks a relative date: (unit, offset) from the document
    date, e.g. ("year", -1) for "last year", or ("same", unit) for "the same month"."""

    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    half: int | None = None
    season: str | None = None
    decade: int | None = None  # 199 for "the 1990s"
    week: int | None = None  # ISO week number ("this week" -> 2019-W44)
    weekday: int | None = None  # 0 = Monday
    mod: str | None = None  # START, MID, END ("early 2020", "mid-2019", "late March")
    rel: tuple | None = None
    year_written: bool = False  # the year is in the text (not anchored)

    def needs_year(self) -> bool:
        return self.year is None and self.rel is None and self.decade is None and (
            self.month is not None or self.quarter is not None or self.half is not None
            or self.season is not None)

    def resolved(self) -> bool:
        return self.rel is None and not (self.weekday is not None and self.month is None
                                          and self.year is None)


def timex(d: D | None) -> str | None:
    """TIMEX3 value: "2019-12-10", "2019-12", "2019", "2019-Q3", "2019-H1", "2019-SU",
    "199X" (a decade), "2019-W44" (a week); "XXXX" stands for a year not known; None
    when unresolved."""
    if d is None or d.rel is not None:
        return None
    if d.decade is not None:
        return f"{d.decade}X"
    if d.week is not None and d.year is not None:
        return f"{d.year:04d}-W{d.week:02d}"
    if d.year is None and d.month is None and d.quarter is None and d.half is None and d.season is None:
        return None
    y = "XXXX" if d.year is None else f"{d.year:04d}"
    if d.month is not None:
        s = f"{y}-{d.month:02d}"
        if d.day is not None:
            s += f"-{d.day:02d}"
        return s
    if d.quarter is not None:
        return f"{y}-Q{d.quarter}"
    if d.half is not None:
        return f"{y}-H{d.half}"
    if d.season is not None:
        return f"{y}-{d.season}"
    return y


def duration_timex(value, unit: str) -> str:
    """ISO 8601 duration: P5Y, P18M, P2W, P3D, PT5H."""
    v = value
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    code = {"year": "Y", "month": "M", "week": "W", "day": "D", "hour": "H", "minute": "M"}[unit]
    return f"PT{v}{code}" if unit in ("hour", "minute") else f"P{v}{code}"


def year_near(d: D, dct: _dt.date) -> int:
    """Year for a month written without one when only the document date is known (news):
    the month falls in the nine months before the document date or the three after."""
    month = d.month or (3 * d.quarter if d.quarter else 6 * d.half if d.half else dct.month)
    return dct.year - 1 if month > dct.month + 3 else dct.year


def parse_iso(value: str | None) -> _dt.date | None:
    """The document date ("2020-06-24", "2020-06" or "2020") as a date, or None."""
    if not value:
        return None
    parts = value.strip()[:10].split("-")
    try:
        y = int(parts[0])
        m = int(parts[1]) if len(parts) > 1 else 1
        d = int(parts[2]) if len(parts) > 2 else 1
        return _dt.date(y, m, d)
    except (ValueError, IndexError):
        return None


def year_of(value: str | None) -> int | None:
    if value and len(value) >= 4 and value[:4].isdigit():
        return int(value[:4])
    return None


def _shift_month(y: int, m: int, delta: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + delta
    return k // 12, k % 12 + 1


def resolve_relative(d: D, dct: _dt.date | None, ref: D | None) -> D | None:
    """Resolve a relative date against the document date `dct` (or, for "the same
    month", the last date written before it, `ref`). None when it cannot be resolved."""
    rel = d.rel
    if rel is None:
        return d
    kind, arg = rel
    if kind == "same":
        if ref is None or ref.year is None:
            return None
        if arg == "year":
            return D(year=ref.year)
        if arg == "month" and ref.month is not None:
            return D(year=ref.year, month=ref.month)
        if arg == "day" and ref.day is not None:
            return D(year=ref.year, month=ref.month, day=ref.day)
        return None
    if dct is None:
        return None
    if kind == "year":
        return D(year=dct.year + arg)
    if kind == "month":
        y, m = _shift_month(dct.year, dct.month, arg)
        return D(year=y, month=m)
    if kind == "day":
        t = dct + _dt.timedelta(days=arg)
        return D(year=t.year, month=t.month, day=t.day)
    if kind == "week":
        iso = (dct + _dt.timedelta(weeks=arg)).isocalendar()
        return D(year=iso[0], week=iso[1])
    if kind == "quarter":
        q = (dct.month - 1) // 3 + arg
        return D(year=dct.year + q // 4, quarter=q % 4 + 1)
    if kind == "weekday":
        # the nearest such day on or before the document date (news convention),
        # or after it for "next Monday"
        wd, direction = arg
        delta = (dct.weekday() - wd) % 7
        if direction > 0:
            t = dct + _dt.timedelta(days=(wd - dct.weekday()) % 7 or 7)
        elif direction < 0:
            t = dct - _dt.timedelta(days=delta or 7)
        else:
            t = dct - _dt.timedelta(days=delta)
        return D(year=t.year, month=t.month, day=t.day, weekday=wd)
    if kind == "month_name":
        # "last June": the latest June before the document date; "next June" the first after
        month, direction = arg
        y = dct.year
        if direction < 0 and month >= dct.month:
            y -= 1
        elif direction > 0 and month <= dct.month:
            y += 1
        return D(year=y, month=month)
    if kind == "ago":
        value, unit = arg
        if unit == "year":
            return D(year=dct.year - int(value)) if float(value).is_integer() else None
        if unit == "month":
            y, m = _shift_month(dct.year, dct.month, -int(value))
            return D(year=y, month=m)
        if unit == "day":
            t = dct - _dt.timedelta(days=int(value))
            return D(year=t.year, month=t.month, day=t.day)
        if unit == "week":
            iso = (dct - _dt.timedelta(weeks=int(value))).isocalendar()
            return D(year=iso[0], week=iso[1])
    return None


def period_ends(d: D) -> tuple[str | None, str | None]:
    """From/to TIMEX3 values of a date that names a stretch of time (quarter, half,
    season, decade); (None, None) for a plain date."""
    y = "XXXX" if d.year is None else f"{d.year:04d}"
    if d.decade is not None:
        return f"{d.decade}0", f"{d.decade}9"
    if d.quarter is not None and d.month is None:
        return f"{y}-{3 * d.quarter - 2:02d}", f"{y}-{3 * d.quarter:02d}"
    if d.half is not None and d.month is None:
        return f"{y}-{6 * d.half - 5:02d}", f"{y}-{6 * d.half:02d}"
    return None, None
