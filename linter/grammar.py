"""Claim grammar: document text -> typed claims with exact spans (issue #3).

Pipeline (architecture.md 4.5): a compiled regex pre-scan skips sentences with nothing
to read; linter/lexicon.py tokenizes the rest (one terminal per word, each numeral one
token); runs of vocabulary tokens go to a small LALR grammar (grammars/*.lark) fed
through Lark's interactive parser, keeping the longest prefix that parses and starting
again after it (a run LALR cannot parse is shrunk, never a crash). The grammar's
transformer (`ClaimBuilder`) turns each parse into a raw claim; context filters drop
identifiers; a last pass over the document anchors years and resolves relative dates.

Decisions worth knowing:
- Precision over recall for counts. No count is read from identifiers and references:
  a figure after a reference word ("paragraph 15", "resolution 5/1", "No. 5"), after a
  capitalised word inside a sentence ("UNSCR 2178", "Hauptstraße 32"), glued to letters
  or symbols ("C5+1", "#2032497", "A/HRC/WG.6/19"), next to another bare figure
  ("+43 1 589 00 583", the "1–4 3" of a table of contents), alone in its sentence, or
  plain digits of five or more without separators (document ids). "one" counts only
  before a noun ("one of the" is not a count).
- A bare four-digit figure 1800-2199 is a year (a date), not a count ("2019 CIS Summit"),
  unless a bound, a currency or a unit comes with it ("more than 2000", "2000 percent")
  or it is round and counts a plural noun ("2000 people").
- "Five-year", "18-month": duration claims with adjectival=True; a hyphen joining a
  figure to another word ("two-pronged", "15-year-old") drops the figure.
- Time units are singular everywhere ("year", "month", "week", "day", "hour"); "a
  decade" is 10 years (P10Y). Percent unit "%" or "percentage point"; money unit is the
  ISO code. Values are int when exact, else float.
- The decade "the 1990s" is a period 1990..1999 with timex "199".
- Year in force, for a month or day written without a year ("In November",
  "December 10-11"): the year of the nearest preceding date written with month AND year
  ("December 2019") or of a period written with its year ("the first 10 months of 2019")
  in the same section; else the year of doc.period; else the first year in the title
  (a heading, or one of the first short lines: "Country Report on Terrorism 2019");
  else the year of doc.published; else unanchored ("XXXX-11"). Bare years ("In 2017, the
  president signed ...") are background and do not set the year in force.
- Relative dates ("last year", "this month", "yesterday", weekday names, "two years
  ago") resolve against doc.published; "the same month" against the last date written
  before it in the section; unresolved ones keep timex None. A weekday written next to
  a date is kept in Claim.weekday.
- Impossible dates keep their raw fields ("XXXX-02-30", "2019-04-31"); reversed ranges
  and periods keep text order.
- Parsing state lives in one module-level Lark parser (built once, `strict=True`), so
  extraction is not thread-safe per process; run documents in separate processes.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import replace
from functools import lru_cache

from lark import Lark, Token
from lark.exceptions import LarkError
from lark.lexer import Lexer

from .claims import Claim, ClaimSet
from .document import Document, parse_document
from .lexicon import TRIGGER, Tok, classify, raw_tokens
from .resources import read_grammar
from .spans import Span
from .timex import (
    WEEKDAY_NAMES, D, duration_timex, parse_iso, period_ends, resolve_relative, timex,
    year_of,
)

GRAMMAR_FILES = ("claims", "numbers", "dates")


class Reject(Exception):
    """A parse that is well-formed but does not make a claim ("June five")."""


class _NoLexer(Lexer):
    """Tokens come from linter/lexicon.py; Lark only parses."""

    def __init__(self, conf):  # noqa: D401 - Lark API
        pass

    def lex(self, data):
        return iter(data)


class _LTok(Token):
    """A Lark token that carries our `Tok` (value, offsets) as `.t`."""


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
                 "fraction", "whole", "year_only")

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
        for k, v in kw.items():
            setattr(self, k, v)


def _t(x) -> Tok:
    return x.t


def _types(c) -> tuple:
    return tuple(x.type if isinstance(x, Token) else type(x).__name__ for x in c)


def _span(c) -> tuple[int, int]:
    first, last = c[0], c[-1]
    s = first.t.start if isinstance(first, Token) else first.start
    e = last.t.end if isinstance(last, Token) else last.end
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
        name, mult = t.value
        return U("time", name, mult, s, e)

    def cur(self, c):
        t = _t(c[0])
        return U("cur", t.value, start=t.start, end=t.end)

    def count(self, c):
        s, e = _span(c)
        q = next(x for x in c if isinstance(x, Q))
        b = next((x for x in c if isinstance(x, B)), None)
        return R("number", s, e, value=q.value, bound=b.name if b else "exact", first=q.tok,
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
            if c[1].t.gl is False or _t(c[2]).gl is False:
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
        items = [x for x in c if not (isinstance(x, Token) and x.type in ("FROM", "BETWEEN"))]
        sep = next(i for i, x in enumerate(items) if isinstance(x, Token))
        if items[sep].type == "DASH" and "," in _t(items[sep]).text:
            raise Reject
        low_items, hh = items[:sep], items[-1]
        hq, hu, hcur = hh.q, hh.u, hh.cur
        lq = next(x for x in low_items if isinstance(x, Q))
        lu = next((x for x in low_items if isinstance(x, U)), None)
        if isinstance(c[0], Token) and c[0].type == "BETWEEN" and items[sep].type != "AND":
            raise Reject
        high_unit = hu or hcur
        if lu and high_unit and (lu.kind, lu.code) != (high_unit.kind, high_unit.code):
            raise Reject  # "5% to 8 years"
        unit = lu or high_unit
        low = lq.value
        ltok, htok = lq.tok, hq.tok
        if ltok.scale == 1 and htok.scale >= 1000 and not ltok.fraction:
            if low * htok.scale <= hq.value * 10:
                low = low * htok.scale  # "5-8 million", "$5 to $8 billion"
        high = hq.value
        mult = unit.mult if unit is not None and unit.kind == "time" else 1
        r = R("range", s, e, low=_n(low * mult), high=_n(high * mult), unit=_unit_name(unit),
              first=ltok)
        end_low = lu.end if lu else lq.end
        r.parts = [("number", lq.start if not low_items or not isinstance(low_items[0], U) else low_items[0].start,
                    end_low, r.low), ("number", _start_of(items[-1]), e, r.high)]
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
            elif isinstance(x, Token):
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
        season = next(_t(x).value for x in c if isinstance(x, Token) and x.type == "SEASON")
        year = next((_t(x).value for x in c if isinstance(x, Token) and x.type == "YEAR"), None)
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
            year = next((_t(x).value for x in c if isinstance(x, Token) and x.type == "YEAR"), None)
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
                if txt.startswith("0") and 1 <= q.value <= 12 and d.year % 100 >= q.value:
                    # "2020-06": an ISO month, not a period
                    dd = D(year=d.year, month=q.value, year_written=True)
                    return R("date", s, e, d=dd)
                b = D(year=d.year // 100 * 100 + q.value, year_written=True)
                return R("period", s, e, a=d, b=b,
                         parts=[("date", first.start, first.end, d), ("date", q.start, q.end, b)])
            raise Reject
        # day spans: "10-11 December 2019", "from 28 to 30 April", "between 10 and 12 May"
        qs = [x for x in c if isinstance(x, Q)]
        month = next(_t(x).value for x in c if isinstance(x, Token) and x.type == "MONTH")
        year = next((_t(x).value for x in c if isinstance(x, Token) and x.type == "YEAR"), None)
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
        toks = [x for x in c if isinstance(x, Token)]
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
            import calendar

            last = calendar.monthrange(year or 2001, base.month)[1]
            d1, d2 = (last - days + 1, last) if from_end else (1, days)
            a = D(year=year, month=base.month, day=d1, year_written=written)
            b = D(year=year, month=base.month, day=d2, year_written=written)
        return R("period", s, e, a=a, b=b)

    def duration(self, c):
        s, e = _span(c)
        toks = [x for x in c if isinstance(x, Token)]
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
        toks = [x for x in c if isinstance(x, Token)]
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


def _start_of(x) -> int:
    return x.start


def _n(v):
    if isinstance(v, float) and v.is_integer() and abs(v) < 1e15:
        return int(v)
    if isinstance(v, float):
        return round(v, 10)
    return v


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


# --------------------------------------------------------------------------------------
# Parser and driver


@lru_cache(maxsize=1)
def grammar_text() -> str:
    return "\n".join(read_grammar(name) for name in GRAMMAR_FILES)


@lru_cache(maxsize=1)
def parser() -> Lark:
    """The LALR parser, built once; `strict=True` turns any conflict into an error."""
    return Lark(grammar_text(), parser="lalr", lexer=_NoLexer, strict=True,
                transformer=ClaimBuilder())


def _ltok(t: Tok) -> _LTok:
    lt = _LTok(t.type, t.text, start_pos=t.start, end_pos=t.end)
    lt.t = t
    return lt


def _longest(ltoks: list, i: int, j: int):
    """Parse the longest prefix of ltoks[i:j] that makes a claim: (end, R) or None."""
    p = parser()
    ip = p.parse_interactive()
    ends = []
    for k in range(i, j):
        lt = ltoks[k]
        if lt.type not in ip.choices():
            break
        try:
            ip.feed_token(lt)
        except (LarkError, Reject):
            break
        if "$END" in ip.choices():
            ends.append(k + 1)
    for end in reversed(ends):
        ip = p.parse_interactive()
        try:
            for k in range(i, end):
                ip.feed_token(ltoks[k])
            res = ip.feed_eof()
        except (LarkError, Reject):
            continue
        return end, res
    return None


def _parse_runs(toks: list[Tok]) -> list[tuple[int, int, R]]:
    out = []
    n = len(toks)
    ltoks = [_ltok(t) if t.type is not None else None for t in toks]
    i = 0
    while i < n:
        if toks[i].type is None:
            i += 1
            continue
        j = i
        while j < n and toks[j].type is not None:
            j += 1
        pos = i
        while pos < j:
            got = _longest(ltoks, pos, j)
            if got is None:
                pos += 1
                continue
            end, r = got
            out.append((pos, end, r))
            pos = end
        i = j
    return out


# --------------------------------------------------------------------------------------
# Context: identifiers, nouns, pronoun "one", month names used as names

REF_WORDS = set("""
article articles art art. arts arts. section sections sec sec. paragraph paragraphs para
para. paras paras. chapter chapters ch ch. annex annexes page pages p p. pp pp. figure
figures fig fig. table tables resolution resolutions res unscr decision decisions rule
rules item items no no. nos nos. number ref ref. reference recommendation
recommendations box part parts volume vol vol. issue footnote footnotes note notes
appendix clause clauses tel tel. telephone phone fax ext ext. room route flight
version level grade phase stage step round cycle category class type code id doc doc.
document documents series edition amendment amendments session sessions meeting
point points protocol indicator indicators target targets goal goals sdg principle
principles option options question questions objective objectives priority
priorities law laws decree decrees order act acts bill convention conventions
""".split())
_GOOD_LEFT_GLUE = {"(", "[", '"', "“", "‘", "'", "~", "$"}
_GOOD_RIGHT_GLUE = {".", ",", ";", ":", ")", "]", '"', "”", "’", "'", "!", "?", "%"}
_TEMPORAL_BEFORE = {"in", "of", "since", "until", "till", "by", "from", "to", "between",
                    "and", "or", "through", "during", "before", "after", "on", "as", "early",
                    "late", "mid", "last", "next", "this", "each", "every", "throughout",
                    "around", "about", "mid-", "end", "within", "for", "that", "until", "into",
                    "last", "past", "(", ",", "-", "–", "late-", "early-", "circa", "at",
                    "over", "the", "whole", "entire", "also"}
_NOT_AFTER_ONE = {"of", "another", "or", "who", "which", "that", "whose", "and", "to", "in",
                  "on", "at", "by", "is", "was", "has", "had", "would", "will", "could",
                  "should", "must", "can", "may", "might", "does", "did"}
_DETERMINERS = {"the", "this", "that", "no", "any", "each", "every", "which", "someone",
                "anyone", "at", "one", "a", "an", "only", "its", "their", "his", "her", "our",
                "such", "other", "another", "last"}

STOP = set("""
a an the this that these those who whom whose which what it its they them their he him
his she her we us our you your i me my there here in on at by for from to with without
into onto over under during since until till through throughout across against among
amongst between about after before per via within including include includes included
like as than of out up off upon toward towards regarding concerning following
according due despite except beyond around near along behind beside besides
is are was were be been being am has have had having do does did done will would
shall should may might must can could cannot
and or but nor yet so while whereas because if when where although though unless whether
also still already now then only just even not no never ever each every all both either
neither some any many much more most less least few fewer several such same other another
respectively reportedly allegedly approximately about nearly almost roughly around
said says say told reported remained remain remains became become becomes went go goes
came come comes took take takes made make makes got get gets fled died killed left lost
gave give gives held hold holds saw see sees found find finds
""".split())
_LY_NOUNS = {"family", "ally", "assembly", "supply", "italy", "anomaly", "monopoly", "rally",
             "july", "belly", "bully", "jelly", "lily", "reply", "tally"}
_IRREGULAR_PLURALS = {"people", "men", "women", "children", "persons", "police", "staff",
                      "personnel", "media", "data", "criteria", "youth", "cattle", "feet"}


def _plural_like(w: str) -> bool:
    w = w.lower()
    return w in _IRREGULAR_PLURALS or (w.endswith("s") and not w.endswith(("ss", "us", "is")))


def _noun(toks: list[Tok], k: int, after_of: bool) -> tuple[int, int] | None:
    """Span of the counted noun phrase starting at toks[k] ("595 [Kazakhstani FTFs and
    family members] from Syria"). Stops at function words, punctuation, figures, and at
    a verb-like word once a plural noun has been seen ("600 [people] were serving")."""
    n = len(toks)
    if after_of:
        if k >= n or toks[k].low != "of":
            return None
        k += 1
        while k < n and toks[k].low in ("the", "all", "these", "those", "its", "their"):
            k += 1
    words: list[int] = []
    plural = False
    while k < n and len(words) < 7:
        t = toks[k]
        if t.kind == "punct":
            # "terrorism-related", "children's"
            if t.text in "-‐‑'’" and t.gl and k + 1 < n and toks[k + 1].gl and toks[k + 1].kind == "word" and words:
                k += 1
                continue
            break
        if t.kind != "word":
            break
        low = t.low
        if low in ("and", "or"):
            nxt = toks[k + 1] if k + 1 < n else None
            if (not words or nxt is None or nxt.kind != "word" or nxt.low in STOP
                    or nxt.type in ("MONTH", "WEEKDAY", "UNIT")):
                break
            k += 1
            continue
        if low in STOP or t.type in ("MONTH", "WEEKDAY", "UNIT", "PERCENT", "CURWORD",
                                      "DEICTIC", "AGO", "EDGE"):
            break
        if words and plural and (low.endswith(("ed", "ing")) or low in ("ran", "met")
                                 or (low.endswith("ly") and low not in _LY_NOUNS)):
            break
        if low.endswith("ly") and not words:
            # "95 [newly registered voters]" is fine, "3 daily" is not a noun
            nxt = toks[k + 1] if k + 1 < n else None
            if nxt is None or nxt.kind != "word" or nxt.low in STOP:
                break
        words.append(k)
        plural = plural or _plural_like(low)
        k += 1
    if not words:
        return None
    return toks[words[0]].start, toks[words[-1]].end


def _is_sentence_start(toks: list[Tok], k: int) -> bool:
    """toks[k] begins the sentence, or follows a colon, bullet or opening bracket."""
    return k == 0 or (toks[k - 1].kind == "punct" and toks[k - 1].text in ":;(\"“•*–—-")


def _identifier(toks: list[Tok], i: int, j: int) -> bool:
    """The figure tokens toks[i:j] read as an identifier or reference, not a quantity."""
    n = len(toks)
    first = toks[i]
    prev = toks[i - 1] if i else None
    nxt = toks[j] if j < n else None
    if first.type in ("NUM", "INT2", "YEAR"):
        if prev is not None and first.gl and prev.text not in _GOOD_LEFT_GLUE:
            if not (prev.type == "DASH" and i >= 2 and toks[i - 2].type is not None and not prev.gl):
                return True  # "C5", "#2032497", "/19", "CH-1211", "+43"
        if prev is not None and prev.type is None and prev.kind == "word":
            low = prev.low
            if low in REF_WORDS or low.rstrip(".") in REF_WORDS:
                return True
            if prev.text[:1].isupper() and not _is_sentence_start(toks, i - 1) and not low.endswith(("'s", "’s")):
                return True  # "UNSCR 2178", "Hauptstraße 32", "Windows 10"
        if prev is not None and prev.kind == "punct" and prev.text in ".…" and i >= 2 and toks[i - 2].text in ".…":
            return True  # table-of-contents leader "......... 26"
        if prev is not None and prev.type == "COMMA" and i >= 3 and toks[i - 2].kind == "num" \
                and toks[i - 3].kind == "word" and toks[i - 3].text[:1].isupper() and toks[i - 3].type is None:
            return True  # "Hauptstraße 32, 1041 Wien"
    if nxt is not None and nxt.gl:
        if nxt.kind == "word" or nxt.kind == "num":
            return True  # "10km", "3D"
        if nxt.kind == "punct" and nxt.text not in _GOOD_RIGHT_GLUE and nxt.type != "DASH":
            return True  # "5/1", "5+1", "2178*"
        if nxt.text == "." and j + 1 < n and toks[j + 1].gl and toks[j + 1].kind in ("num", "word"):
            return True  # "192.168", "6.a"
        if nxt.type == "DASH" and j + 1 < n and toks[j + 1].gl:
            return True  # "two-pronged", "15-year-old", "1-800"
    return False


def _bare_figure(t: Tok) -> bool:
    return t.type in ("NUM", "INT2", "YEAR") and not t.words


def _keep(r: R, toks: list[Tok], i: int, j: int, has_words: bool) -> bool:
    """Context filters for one parsed claim toks[i:j]."""
    n = len(toks)
    prev = toks[i - 1] if i else None
    nxt = toks[j] if j < n else None
    kind = r.kind
    if kind in ("number", "range", "percent", "money", "duration"):
        if _identifier(toks, i, j):
            return False
    if kind in ("number", "range"):
        if not has_words:
            return False  # a sentence of figures only: page numbers, ids, list markers
        if (nxt is not None and not nxt.gl and _bare_figure(nxt)) or (
                prev is not None and not first_glued(toks, i) and _bare_figure(prev)):
            return False  # "1–4 3", "+43 1 589 00 583"
        if i == 0 or (prev is not None and prev.text == "("):
            if nxt is not None and nxt.gl and nxt.text in (".", ")") and j - i == 1:
                return False  # list markers "1.", "(2)"
        if kind == "number":
            t = r.first
            if t.plain and len(t.text) >= 5 and r.bound == "exact":
                return False  # "2032497": ids are written without separators
            if t.words and t.value == 1 and r.bound == "exact" and j - i == 1:
                if nxt is None or nxt.low in STOP or nxt.kind != "word" or nxt.type is not None:
                    return False
                if prev is not None and prev.low in _DETERMINERS:
                    return False
    if kind == "date" and r.d is not None:
        d = r.d
        if d.month is not None and d.day is None and d.year is None and d.mod is None and j - i == 1:
            # a bare month name: "In November" yes, "June said" no
            if prev is None or prev.low not in _TEMPORAL_BEFORE:
                return False
        if d.season is not None and d.year is None and j - i == 1:
            if prev is None or prev.low not in ("the", "in", "this", "last", "next", "during", "since", "by", "until"):
                return False
        if d.weekday is not None and d.month is None and j - i == 1 and prev is not None and prev.low in ("a", "every", "each"):
            return False
    if kind == "duration" and toks[i].type == "ART":
        if prev is not None and prev.low in ("once", "twice", "per", "times", "than"):
            return False
        if nxt is not None and nxt.low in ("later", "earlier", "before", "after"):
            return False
    return True


def first_glued(toks: list[Tok], i: int) -> bool:
    return toks[i].gl


def _year_as_count(r: R, toks: list[Tok], i: int, j: int) -> bool:
    """"2000 people": a round year-like figure counting a plural noun is a count."""
    d = r.d
    if d is None or d.month is not None or d.year is None or j - i != 1 or toks[i].type != "YEAR":
        return False
    if i and toks[i - 1].low in _TEMPORAL_BEFORE | {"the", "its", "their", "fiscal", "'s"}:
        return False
    v = d.year
    if v % 100 != 0 and 1950 <= v <= 2035:
        return False
    k = j
    return k < len(toks) and toks[k].kind == "word" and toks[k].type is None \
        and toks[k].low not in STOP and _plural_like(toks[k].low) and not toks[k].gl


def _sentence_claims(text: str, lo: int, hi: int) -> list[R]:
    toks = classify(raw_tokens(text, lo, hi))
    if not toks:
        return []
    has_words = any(t.kind == "word" for t in toks)
    out = []
    for i, j, r in _parse_runs(toks):
        if r.kind == "date" and _year_as_count(r, toks, i, j):
            t = toks[i]
            r = R("number", r.start, r.end, value=t.value, first=t)
        if not _keep(r, toks, i, j, has_words):
            continue
        if r.kind in ("number", "range") or (r.kind == "percent") or (r.kind == "number" and r.fraction):
            if r.kind == "range" and r.unit is not None:
                pass
            else:
                span = _noun(toks, j, after_of=(r.kind == "percent" or r.fraction))
                if span is not None:
                    r.noun_span = span
                    r.noun = re.sub(r"\s+", " ", text[span[0]:span[1]])
        if r.kind == "date" and r.d is not None and r.d.weekday is not None and r.d.month is not None:
            r.weekday = WEEKDAY_NAMES[r.d.weekday]
        out.append(r)
    return out


# --------------------------------------------------------------------------------------
# Document pass: year in force, relative dates, Claim objects

_TITLE_YEAR = re.compile(r"(?<![\d#/.\-])(?:19|20)\d\d(?![\d/])")


def _title_year(doc: Document) -> int | None:
    text = doc.masked
    for b in doc.blocks[:8]:
        if b.kind == "heading":
            m = _TITLE_YEAR.search(text, b.span.start, b.span.end)
            if m:
                return int(m.group())
    lines = [ln.strip() for ln in text[:5000].splitlines() if ln.strip()]
    if len(lines) < 4:
        return None  # a snippet, not a report with a title
    for line in lines[:5]:
        if len(line) <= 120 and not line.endswith("."):
            m = _TITLE_YEAR.search(line)
            if m:
                return int(m.group())
    return None


def _dates_of(r: R) -> list[D]:
    return [d for d in (r.d, r.a, r.b, r.whole) if d is not None]


def _anchor_year(r: R) -> int | None:
    """The year a claim sets in force: a date written with month and year, or a
    period (or part of a year) written with its year."""
    if r.kind == "date" and r.d is not None and r.d.year_written and r.d.month is not None:
        return r.d.year
    if r.kind == "period":
        for d in (r.whole, r.a, r.b):
            if d is not None and d.year_written and (d.month is not None or d.quarter or d.half):
                return d.year
    return None


def _finish(rs: list[tuple[R, int]], doc_period: str | None, published: str | None,
            title_year: int | None) -> list[tuple[R, D | None]]:
    """Fill in the year in force and resolve relative dates, in document order."""
    default = year_of(doc_period) or title_year or year_of(published)
    dct = parse_iso(published)
    anchor: dict[int, int] = {}
    last_date: dict[int, D] = {}
    for r, section in rs:
        year = anchor.get(section, default)
        for attr in ("d", "a", "b", "whole"):
            d = getattr(r, attr)
            if d is None:
                continue
            if d.rel is not None:
                d = resolve_relative(d, dct, last_date.get(section)) or d
            elif d.needs_year() and year is not None:
                d = replace(d, year=year)
            setattr(r, attr, d)
        y = _anchor_year(r)
        if y is not None:
            anchor[section] = y
        for d in (r.d, r.b or r.a):
            if d is not None and d.rel is None and d.year is not None and d.month is not None:
                last_date[section] = d
    return rs


def _claim(r: R, text: str) -> Claim:
    span = Span(r.start, r.end)
    kw = dict(kind=r.kind, span=span, text=text[r.start:r.end], bound=r.bound,
              adjectival=r.adjectival, weekday=r.weekday)
    if r.noun_span is not None:
        kw["noun"] = r.noun
        kw["noun_span"] = Span(*r.noun_span)
    if r.kind in ("number", "percent", "money"):
        kw.update(value=r.value, unit=r.unit)
    elif r.kind == "range":
        kw.update(low=r.low, high=r.high, unit=r.unit)
        kw["parts"] = tuple(Claim("number", Span(s, e), text[s:e], value=v, unit=r.unit)
                            for (_, s, e, v) in r.parts)
    elif r.kind == "duration":
        kw.update(value=r.value, unit=r.unit, timex=duration_timex(r.value, r.unit))
    elif r.kind == "date":
        d = r.d
        kw.update(timex=timex(d), mod=d.mod)
        if d.weekday is not None:
            kw["weekday"] = WEEKDAY_NAMES[d.weekday]
        f, t = period_ends(d)
        if f is not None:
            kw.update(from_=f, to_=t)
    elif r.kind == "period":
        if r.whole is not None:
            kw["timex"] = timex(r.whole)
            f, t = period_ends(r.whole)
            kw.update(from_=f, to_=t)
        else:
            kw.update(from_=timex(r.a), to_=timex(r.b))
        parts = []
        for p, d in zip(r.parts, (r.a, r.b)):
            if p is not None:
                _, s, e, _ = p
                parts.append(Claim("date", Span(s, e), text[s:e], timex=timex(d)))
        if len(parts) == 2:
            kw["parts"] = tuple(parts)
    return Claim(**kw)


def extract(doc: Document) -> ClaimSet:
    """Claims from every sentence of `doc` (read in doc.masked), spans absolute in the
    original file, sorted by position."""
    masked = doc.masked
    search = TRIGGER.search
    rs: list[tuple[R, int]] = []
    for sent in doc.sentences:
        lo, hi = sent.span.start, sent.span.end
        if search(masked, lo, hi) is None:
            continue
        for r in _sentence_claims(masked, lo, hi):
            rs.append((r, sent.section))
    rs.sort(key=lambda x: (x[0].start, x[0].end))
    _finish(rs, doc.period, doc.published, _title_year(doc))
    return ClaimSet.build(_claim(r, doc.text) for r, _ in rs)


def extract_text(text: str, *, period: str | None = None, published: str | None = None) -> ClaimSet:
    """Convenience for tests: claims of a plain-text document."""
    doc = parse_document(text, "<text>", "text")
    doc.period = period or doc.period
    doc.published = published or doc.published
    return extract(doc)
