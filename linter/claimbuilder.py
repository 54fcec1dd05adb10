"""Transformer of the claim grammar: each reduction of grammars/*.lark becomes a value.

Tokens are linter.lexicon.Tok objects; sub-results are the small classes below. A method
raises Reject when a parse is well-formed but makes no claim ("June five"), and the
driver in linter/grammar.py then tries a shorter prefix.
"""
from __future__ import annotations

import calendar
from dataclasses import replace

from .lexicon import Tok
from .timex import D


class Reject(Exception):
    """A parse that is well-formed but does not make a claim ("June five")."""


# --------------------------------------------------------------------------------------
# Intermediate values built by the transformer


class Q:
    """A figure: value and the token it came from."""

    __slots__ = ("value", "start", "end", "tok")

    def __init__(self, tok: Tok):
        self.value = tok.value
        self.start = tok.start
        self.end = tok.end
        self.tok = tok


class U:
    """A unit: kind "%", "pp", "cur" (code) or "time" (unit name, multiplier)."""

    __slots__ = ("kind", "code", "mult", "start", "end")

    def __init__(self, kind, code=None, mult=1, start=0, end=0):
        self.kind, self.code, self.mult, self.start, self.end = kind, code, mult, start, end


class B:
    __slots__ = ("name", "start", "end")

    def __init__(self, name, start, end):
        self.name, self.start, self.end = name, start, end


class H:
    """The high end of a range: figure, unit after it, currency before it."""

    __slots__ = ("q", "u", "cur", "start", "end")

    def __init__(self, q: Q, u: U | None, cur: U | None):
        self.q, self.u, self.cur = q, u, cur
        self.start = cur.start if cur is not None else q.start
        self.end = u.end if u is not None else q.end


class DT:
    """A date as written, with its span."""

    __slots__ = ("d", "start", "end")

    def __init__(self, d: D, start: int, end: int):
        self.d, self.start, self.end = d, start, end


class R:
    """A raw claim: fields of a Claim plus what the last pass still needs."""

    __slots__ = ("kind", "start", "end", "value", "low", "high", "unit", "bound", "d",
                 "a", "b", "parts", "adjectival", "weekday", "first", "noun", "noun_span",
                 "fraction", "whole", "year_only", "rate")

    def __init__(self, kind, start, end, **kw):
        self.kind = kind
        self.start = start
        self.end = end
        self.value = self.low = self.high = self.unit = None
        self.bound = "exact"
        self.d = self.a = self.b = self.whole = None
        self.parts: list = []
        self.adjectival = False
        self.weekday = None
        self.first: Tok | None = None  # the first figure (identifier checks)
        self.noun = self.noun_span = None
        self.fraction = False
        self.year_only = False
        self.rate = None
        for k, v in kw.items():
            setattr(self, k, v)


def _t(x) -> Tok:
    return x


def _types(c) -> tuple:
    return tuple(x.type if isinstance(x, Tok) else type(x).__name__ for x in c)


def _span(c) -> tuple[int, int]:
    first, last = c[0], c[-1]
    s = first.start if isinstance(first, Tok) else first.start
    e = last.end if isinstance(last, Tok) else last.end
    return s, e


BOUNDS = {
    ("APPROX",): "about", ("ESTIMATED",): "about", ("ART", "ESTIMATED"): "about",
    ("EXACTLY",): "exact", ("MORE", "THAN"): "more_than", ("LESS", "THAN"): "less_than",
    ("OVER",): "more_than", ("UNDER",): "less_than", ("AT", "LEAST"): "at_least",
    ("AT", "MOST"): "at_most", ("UP", "TO"): "at_most", ("AS", "MANY", "AS"): "at_most",
    ("NO", "MORE", "THAN"): "at_most", ("NO", "LESS", "THAN"): "at_least",
}
ORBOUNDS = {"MORE": "at_least", "OVER": "at_least", "LESS": "at_most", "UNDER": "at_most"}
REL_DIR = {"last": -1, "past": -1, "previous": -1, "preceding": -1, "prior": -1,
           "this": 0, "current": 0, "next": 1, "coming": 1, "following": 1}
EDGE_MOD = {"early": "START", "mid": "MID", "late": "END", "end": "END", "beginning": "START",
            "start": "START", "middle": "MID"}


class ClaimBuilder:
    """Transformer: one method per grammar rule (tests/test_grammar.py checks both ways).

    Used inline by the LALR parser (Lark's `transformer=`), so each method gets the
    list of children of one reduction. Raising Reject discards that parse.
    """

    # ---------------------------------------------------------------- numbers.lark
    def num(self, c):
        return Q(_t(c[0]))

    def amount(self, c):
        return c[0] if isinstance(c[0], Q) else Q(_t(c[0]))

    def bound(self, c):
        s, e = _span(c)
        return B(BOUNDS[tuple(x.type for x in c)], s, e)

    def orbound(self, c):
        s, e = _span(c)
        return B(ORBOUNDS[c[1].type], s, e)

    def unit(self, c):
        t = _t(c[0])
        s, e = _span(c)
        if c[0].type == "PERCENT":
            return U("%", start=s, end=e)
        if c[0].type == "PERCENTAGE":
            return U("pp" if len(c) == 2 else "%", start=s, end=e)
        if c[0].type in ("CURWORD", "CURCODE"):
            return U("cur", t.value, start=s, end=e)
        if c[0].type == "MEASURE":
            return U("meas", t.value, start=s, end=e)
        name, mult = t.value
        return U("time", name, mult, s, e)

    def cur(self, c):
        t = _t(c[0])
        return U("cur", t.value, start=t.start, end=t.end)

    def count(self, c):
        s, e = _span(c)
        q = next(x for x in c if isinstance(x, Q))
        b = [x for x in c if isinstance(x, B)]
        if q.tok.type == "YEAR" and q.value % 100 and len(c) == 2 and isinstance(c[0], B) \
                and c[0].name == "at_most":
            raise Reject  # "up to 2016": until a year, not a count (the year is a date)
        return R("number", s, e, value=q.value, bound=b[-1].name if b else "exact", first=q.tok,
                 fraction=q.tok.fraction)

    def measure(self, c):
        s, e = _span(c)
        ty = _types(c)
        if ty == ("ART", "UNIT"):
            name, mult = _t(c[1]).value
            return _duration(s, e, mult, name, "exact", None)
        if ty[-2:] == ("DASH", "UNIT"):
            q = c[0]
            name, mult = _t(c[2]).value
            if c[1].gl is False or _t(c[2]).gl is False:
                raise Reject  # "five - year" is not an adjective
            r = _duration(s, e, q.value * mult, name, "exact", q.tok)
            r.adjectival = True
            return r
        q = next(x for x in c if isinstance(x, Q)) if any(isinstance(x, Q) for x in c) else Q(_t(c[0]))
        bounds = [x for x in c if isinstance(x, B)]
        bound = bounds[0].name if bounds else "exact"
        u = next(x for x in c if isinstance(x, U))
        return _measure(s, e, q, u, bound)

    def range(self, c):
        s, e = _span(c)
        items = [x for x in c if not (isinstance(x, Tok) and x.type in ("FROM", "BETWEEN"))]
        sep = next(i for i, x in enumerate(items) if isinstance(x, Tok))
        if items[sep].type == "DASH" and "," in _t(items[sep]).text:
            raise Reject
        low_items, hh = items[:sep], items[-1]
        hq, hu, hcur = hh.q, hh.u, hh.cur
        lq = next(x for x in low_items if isinstance(x, Q))
        lu = next((x for x in low_items if isinstance(x, U)), None)
        if isinstance(c[0], Tok) and c[0].type == "BETWEEN" and items[sep].type != "AND":
            raise Reject
        high_unit = hu or hcur
        lmult = hmult = None
        if lu and high_unit and (lu.kind, lu.code, lu.mult) != (high_unit.kind, high_unit.code, high_unit.mult):
            # "from six months to two years": both ends in the smaller unit (6..24 month);
            # units with no exact ratio ("three weeks to six months") stay two durations
            if lu.kind != "time" or high_unit.kind != "time":
                raise Reject  # "5% to 8 years"
            lmult, hmult, unit = _common_time(lu, high_unit)
        else:
            unit = lu or high_unit
        low = lq.value
        ltok, htok = lq.tok, hq.tok
        if ltok.scale == 1 and htok.scale >= 1000 and not ltok.fraction:
            if low * htok.scale <= hq.value * 10:
                low = low * htok.scale  # "5-8 million", "$5 to $8 billion"
        high = hq.value
        if lmult is None:
            lmult = hmult = unit.mult if unit is not None and unit.kind == "time" else 1
        framed = isinstance(c[0], Tok) and c[0].type in ("FROM", "BETWEEN")
        if unit is None and not framed and high < low:
            # "17-3", "5-4", "751-613", "two to one": a bare falling pair of figures is a
            # score, vote, ratio or phone number, not a range; it makes no claim at all
            return R(None, s, e)
        r = R("range", s, e, low=_n(low * lmult), high=_n(high * hmult), unit=_unit_name(unit),
              first=ltok)
        end_low = lu.end if lu else lq.end
        r.parts = [("number", lq.start if not low_items or not isinstance(low_items[0], U) else low_items[0].start,
                    end_low, r.low), ("number", items[-1].start, e, r.high)]
        return r

    def high(self, c):
        q = next(x for x in c if isinstance(x, Q))
        u = next((x for x in c if isinstance(x, U) and x.start > q.start), None)
        cur = c[0] if isinstance(c[0], U) else None
        return H(q, u, cur)

    # ---------------------------------------------------------------- dates.lark
    def dcore(self, c):
        s, e = _span(c)
        d = D()
        for x in c:
            if isinstance(x, Q):
                t = x.tok
                if t.type != "INT2" or not 1 <= t.value <= 31:
                    raise Reject  # "June five", "March 45 people"
                d.day = t.value
            elif isinstance(x, Tok):
                t = _t(x)
                ty = x.type
                if ty == "MONTH":
                    d.month = t.value
                elif ty == "YEAR":
                    d.year = t.value
                    d.year_written = True
                elif ty == "ORD":
                    if not 1 <= t.value <= 31:
                        raise Reject
                    d.day = t.value
                elif ty == "ISO":
                    d.year, d.month, d.day = t.value
                    d.year_written = True
        if d.day is not None and d.month is None:
            raise Reject
        return DT(d, s, e)

    def date(self, c):
        s, e = _span(c)
        ty = _types(c)
        if ty == ("DT",):
            return c[0]
        if ty == ("DT", "LPAR", "WEEKDAY", "RPAR"):  # "June 24, 2019 (Monday)"
            d = c[0].d
            if d.day is None:
                raise Reject
            return DT(replace(d, weekday=_t(c[2]).value), s, e)
        first = c[0]
        ft = first.type
        if ft == "WEEKDAY":
            wd = _t(first).value
            if len(c) == 1:
                return DT(D(weekday=wd, rel=("weekday", (wd, 0))), s, e)
            d = c[-1].d
            if d.day is None:
                raise Reject
            return DT(replace(d, weekday=wd), s, e)
        if ft in ("EDGE", "PART", "THE") and isinstance(c[-1], DT):
            word = _t(c[1] if ft == "THE" else first).low
            d = c[-1].d
            if d.day is not None:
                raise Reject
            return DT(replace(d, mod=EDGE_MOD[word]), s, e)
        if ft == "FISCAL":
            return DT(D(year=_t(c[1]).value, year_written=True), s, e)
        # seasons
        season = next(_t(x).value for x in c if isinstance(x, Tok) and x.type == "SEASON")
        year = next((_t(x).value for x in c if isinstance(x, Tok) and x.type == "YEAR"), None)
        return DT(D(year=year, season=season, year_written=year is not None), s, e)

    def period(self, c):
        s, e = _span(c)
        ty = _types(c)
        if len(c) == 1:  # partof
            return c[0]
        head = ty[0]
        if head in ("SINCE", "THROUGH", "UNTIL"):
            x = c[1]
            if isinstance(x, R):  # "through the first 10 months of 2019"
                x.start = s
                return x
            if x.d.rel is not None:
                raise Reject
            if head == "SINCE":
                return R("period", s, e, a=x.d, b=None, parts=[("date", x.start, x.end, x.d), None])
            return R("period", s, e, a=None, b=x.d, parts=[None, ("date", x.start, x.end, x.d)])
        dts = [x for x in c if isinstance(x, DT)]
        slash = "SLASH" in ty
        if slash and not all(x.d.month is None and x.d.year is not None and x.d.season is None for x in dts):
            raise Reject  # "2019/20", "2019/2020": a school or fiscal year
        if len(dts) == 2:
            a, b = dts[0].d, dts[1].d
            if a.rel is not None or b.rel is not None:
                raise Reject
            a, b = _share_year(a, b)
            return R("period", s, e, a=a, b=b,
                     parts=[("date", dts[0].start, dts[0].end, a), ("date", dts[1].start, dts[1].end, b)])
        if len(dts) == 1:  # "December 10-11, 2019", "2019-20"
            first = dts[0]
            q = next(x for x in c if isinstance(x, Q))
            year = next((_t(x).value for x in c if isinstance(x, Tok) and x.type == "YEAR"), None)
            d = first.d
            if d.month is not None and d.day is not None:
                if year is not None and d.year is not None:
                    raise Reject
                if q.tok.type != "INT2":
                    raise Reject
                a = replace(d, year=year, year_written=True) if year is not None else d
                b = replace(a, day=q.value, weekday=None)
                return R("period", s, e, a=a, b=b,
                         parts=[("date", first.start, first.end, a), ("date", q.start, q.end, b)])
            if d.month is None and d.year is not None and d.season is None and year is None:
                txt = q.tok.text
                if q.tok.type != "INT2" or len(txt) != 2:
                    raise Reject
                if txt.startswith("0") and 1 <= q.value <= 12 and d.year % 100 >= q.value and not slash:
                    # "2020-06": an ISO month, not a period
                    dd = D(year=d.year, month=q.value, year_written=True)
                    return R("date", s, e, d=dd)
                b = D(year=d.year // 100 * 100 + q.value, year_written=True)
                return R("period", s, e, a=d, b=b,
                         parts=[("date", first.start, first.end, d), ("date", q.start, q.end, b)])
            raise Reject
        # day spans: "10-11 December 2019", "from 28 to 30 April", "between 10 and 12 May"
        qs = [x for x in c if isinstance(x, Q)]
        month = next(_t(x).value for x in c if isinstance(x, Tok) and x.type == "MONTH")
        year = next((_t(x).value for x in c if isinstance(x, Tok) and x.type == "YEAR"), None)
        if head == "BETWEEN" and "AND" not in ty:
            raise Reject
        q1, q2 = qs
        if q1.tok.type != "INT2" or q2.tok.type != "INT2" or not 1 <= q1.value <= 31:
            raise Reject
        a = D(year=year, month=month, day=q1.value, year_written=year is not None)
        b = replace(a, day=q2.value)
        return R("period", s, e, a=a, b=b, parts=[("date", q1.start, q1.end, a), ("date", q2.start, e, b)])

    def partof(self, c):
        s, e = _span(c)
        ty = _types(c)
        toks = [x for x in c if isinstance(x, Tok)]
        base = next((x.d for x in c if isinstance(x, DT)), None)
        if base is not None and (base.rel is not None or base.day is not None or base.season is not None):
            raise Reject
        year = base.year if base is not None else None
        written = base.year_written if base is not None else False
        if "DECADE" in ty:
            dec = next(_t(x).value for x in toks if x.type == "DECADE")
            whole = D(decade=dec)
            return R("period", s, e, whole=whole, a=D(year=dec * 10, year_written=True),
                     b=D(year=dec * 10 + 9, year_written=True))
        if "QH" in ty:
            letter, n = next(_t(x).value for x in toks if x.type == "QH")
            y = next((_t(x).value for x in toks if x.type == "YEAR"), None)
            whole = D(year=y, quarter=n if letter == "Q" else None, half=n if letter == "H" else None,
                      year_written=y is not None)
            return _whole_period(s, e, whole)
        ordv = next((_t(x).value for x in toks if x.type == "ORD"), None)
        if "QUARTER" in ty or "HALF" in ty:
            if base is not None and base.month is not None:
                raise Reject
            if "QUARTER" in ty:
                if not 1 <= ordv <= 4:
                    raise Reject
                whole = D(year=year, quarter=ordv, year_written=written)
            else:
                if ordv not in (1, 2):
                    raise Reject
                whole = D(year=year, half=ordv, year_written=written)
            return _whole_period(s, e, whole)
        # "the first 10 months of 2019", "the last three months of 2019", "the first week of March"
        q = next((x for x in c if isinstance(x, Q)), None)
        n = q.value if q is not None else 1
        if not isinstance(n, int) or n < 1:
            raise Reject
        rel = next((_t(x).low for x in toks if x.type == "REL"), None)
        if rel is not None and rel not in ("last", "final"):
            raise Reject
        if ordv is not None and ordv != 1:
            raise Reject
        from_end = rel is not None
        name, mult = next(_t(x).value for x in toks if x.type == "UNIT")
        if base.month is None:  # months of a year
            if name != "month" or n > 12:
                raise Reject
            m1, m2 = (13 - n, 12) if from_end else (1, n)
            a = D(year=year, month=m1, year_written=written)
            b = D(year=year, month=m2, year_written=written)
        else:  # days or weeks of a month
            days = n * (7 if name == "week" else 1)
            if name not in ("day", "week") or days > 31:
                raise Reject
            last = calendar.monthrange(year or 2001, base.month)[1]
            d1, d2 = (last - days + 1, last) if from_end else (1, days)
            a = D(year=year, month=base.month, day=d1, year_written=written)
            b = D(year=year, month=base.month, day=d2, year_written=written)
        return R("period", s, e, a=a, b=b)

    def duration(self, c):
        s, e = _span(c)
        toks = [x for x in c if isinstance(x, Tok)]
        q = next(x for x in c if isinstance(x, Q))
        rel = next((_t(x).low for x in toks if x.type == "REL"), None)
        ordv = next((_t(x).value for x in toks if x.type == "ORD"), None)
        if rel is not None and rel not in ("past", "last", "next", "coming", "previous",
                                           "preceding", "following"):
            raise Reject
        if ordv is not None and ordv != 1:
            raise Reject
        name, mult = next(_t(x).value for x in toks if x.type == "UNIT")
        return _duration(s, e, q.value * mult, name, "exact", q.tok)

    def relative(self, c):
        s, e = _span(c)
        toks = [x for x in c if isinstance(x, Tok)]
        ty = tuple(x.type for x in toks)
        if ty == ("DEICTIC",):
            off = {"yesterday": -1, "today": 0, "tomorrow": 1}[_t(toks[0]).low]
            return R("date", s, e, d=D(rel=("day", off)))
        if "AGO" in ty:
            q = next((x for x in c if isinstance(x, Q)), None)
            name, mult = next(_t(x).value for x in toks if x.type == "UNIT")
            value = (q.value if q is not None else 1) * mult
            if name == "hour":
                raise Reject
            return R("date", s, e, d=D(rel=("ago", (value, name))))
        rel = next(_t(x).low for x in toks if x.type == "REL")
        if "WEEKDAY" in ty:
            wd = next(_t(x).value for x in toks if x.type == "WEEKDAY")
            if rel not in REL_DIR:
                raise Reject
            return R("date", s, e, d=D(weekday=wd, rel=("weekday", (wd, REL_DIR[rel]))))
        if "MONTH" in ty:
            m = next(_t(x).value for x in toks if x.type == "MONTH")
            if rel not in ("last", "next", "this", "previous", "coming"):
                raise Reject
            return R("date", s, e, d=D(rel=("month_name", (m, REL_DIR[rel]))))
        if "QUARTER" in ty:
            if rel == "same":
                raise Reject
            if rel not in REL_DIR:
                raise Reject
            return R("date", s, e, d=D(rel=("quarter", REL_DIR[rel])))
        name, mult = next(_t(x).value for x in toks if x.type == "UNIT")
        if mult != 1 or name == "hour":
            raise Reject
        if rel == "same":
            return R("date", s, e, d=D(rel=("same", name)))
        if rel == "past" or rel not in REL_DIR:
            if rel == "past" and ty[0] != "EARLIER":
                return _duration(s, e, 1, name, "exact", None)
            raise Reject
        return R("date", s, e, d=D(rel=(name, REL_DIR[rel])))

    def start(self, c):
        x = c[0]
        if isinstance(x, DT):
            r = R("date", x.start, x.end, d=x.d)
            return r
        return x


def _n(v):
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return int(v)
    if isinstance(v, float):
        return round(v, 10)
    return v


# Time units with an exact ratio, in their smallest unit (minutes; months).
_TIME_SCALE = {"minute": (0, 1), "hour": (0, 60), "day": (0, 1440), "week": (0, 10080),
               "month": (1, 1), "year": (1, 12)}


def _common_time(a: U, b: U) -> tuple[int, int, U]:
    """Multipliers that put two time units on the smaller one: ("month", "year") ->
    (1, 12, month). Reject when they have no exact ratio (weeks and months)."""
    fa, sa = _TIME_SCALE.get(a.code, (None, 0))
    fb, sb = _TIME_SCALE.get(b.code, (None, 0))
    if fa is None or fa != fb:
        raise Reject
    small = a if sa <= sb else b
    ss = min(sa, sb)
    return sa // ss * a.mult, sb // ss * b.mult, U("time", small.code, 1, small.start, small.end)


def _unit_name(u: U | None) -> str | None:
    if u is None:
        return None
    if u.kind == "%":
        return "%"
    if u.kind == "pp":
        return "percentage point"
    return u.code


def _duration(s, e, value, name, bound, tok) -> R:
    value = _n(value)
    r = R("duration", s, e, value=value, unit=name, bound=bound, first=tok)
    return r


def _measure(s, e, q: Q, u: U, bound: str) -> R:
    if u.kind == "time":
        return _duration(s, e, q.value * u.mult, u.code, bound, q.tok)
    if u.kind == "cur":
        return R("money", s, e, value=q.value, unit=u.code, bound=bound, first=q.tok)
    if u.kind == "meas":
        return R("number", s, e, value=q.value, unit=u.code, bound=bound, first=q.tok)
    return R("percent", s, e, value=q.value, unit=_unit_name(u), bound=bound, first=q.tok)


def _whole_period(s, e, whole: D) -> R:
    return R("period", s, e, whole=whole)


def _share_year(a: D, b: D) -> tuple[D, D]:
    """"January to June 2019", "from 28 April to 9 May 2014": one year written for both
    ends; a span that crosses New Year ("December to March 2019") starts a year earlier."""
    if a.year is None and b.year is not None and a.month is not None and a.decade is None:
        y = b.year - 1 if (b.month is not None and a.month > b.month) else b.year
        a = replace(a, year=y, year_written=True)
    elif b.year is None and a.year is not None and b.month is not None and b.decade is None:
        y = a.year + 1 if (a.month is not None and b.month < a.month) else a.year
        b = replace(b, year=y, year_written=True)
    return a, b
