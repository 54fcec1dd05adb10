"""Claim grammar: document text -> typed claims with exact spans (issue #3).

Pipeline (architecture.md 4.5): a regex pre-scan of doc.masked (triggers.py) finds
candidate spans in each sentence; linter/lexicon.py tokenizes only the
text around them (one terminal per word, each numeral one token, see numwords.py);
runs of vocabulary tokens go to a small LALR grammar (grammars/*.lark, built once with
strict=True) driven by a loop over Lark's table that keeps the longest prefix that
parses and starts again after it (a run LALR cannot parse is shrunk, never a crash).
The transformer (claimbuilder.ClaimBuilder) turns each parse into a raw claim;
claimcontext.py drops identifiers and reads the counted noun; a last pass over the
document anchors years and resolves relative dates (timex.py).

Decisions worth knowing:
- Precision over recall for counts. No count is read from identifiers and references:
  a figure after a reference word ("paragraph 15", "resolution 5/1", "No. 5"), after a
  capitalised word inside a sentence ("UNSCR 2178", "Hauptstraße 32"), glued to letters
  or symbols ("C5+1", "#2032497", "A/HRC/WG.6/19"), next to another bare figure
  ("+43 1 589 00 583", the "1–4 3" of a table of contents), alone in its sentence, or
  plain digits of five or more without separators (document ids). "one" counts only
  before a noun ("one of the" is not a count). A figure alone in a table cell is kept,
  and counts what its column header names (noun = the header cell).
- A bare four-digit figure 1800-2099 is a year (a date), not a count ("2019 CIS Summit"),
  unless a bound, a currency or a unit comes with it ("more than 2000", "2000 percent")
  or it is round and counts a plural noun ("2000 people").
- "Five-year", "18-month": duration claims with adjectival=True; a hyphen joining a
  figure to another word ("two-pronged", "15-year-old") drops the figure.
- Time units are singular everywhere ("year", "month", "week", "day", "hour"); "a
  decade" is 10 years (P10Y). Percent unit "%" or "percentage point"; money unit is the
  ISO code. Values are int when exact, else float.
- A range whose ends are written in different time units is read in the smaller one:
  "from six months to two years" is 6..24 month (parts too: "two years" has value 24,
  unit "month"); units with no exact ratio ("three weeks to six months") stay two
  durations.
- A bare falling pair of figures ("17-3", "5-4", "751-613", "two to one": no unit, no
  currency, no "from"/"between") is a score, vote, ratio or phone number: no claim at
  all. A rising bare pair ("12-18 people") stays a range.
- A figure with a unit of measure ("85 kD", "5 kg", "10km", "37 °C", "300 tonnes") is a
  number with `unit` set (the symbol), not a count; "24 h", "10 min" are durations.
  "m", "t", "s", "l" are too ambiguous to be units.
- A rate after a figure or its counted noun sets Claim.rate: "$1.27 a share" -> "share",
  "per capita" -> "capita", "per annum" -> "year", "12 deaths per 100,000 inhabitants"
  -> "100,000 inhabitants"; the rate's own words make no claim ("a year" is no duration).
- The decade "the 1990s" is a period 1990..1999 with timex "199X" (as TimeBank writes it);
  weeks are ISO weeks ("this week" -> "2019-W44").
- Year in force, for a month or day written without a year ("In November",
  "December 10-11"): the year of the nearest preceding date written with month AND year
  ("December 2019") or of a period written with its year ("the first 10 months of 2019")
  in the same section; else the year of doc.period; else the first year in the title
  (a heading, or one of the first short lines: "Country Report on Terrorism 2019");
  else, from doc.published, the year that puts the month in the nine months before
  the publication date or the three after (news); else unanchored ("XXXX-11"). Bare years ("In 2017, the
  president signed ...") are background and do not set the year in force.
- Relative dates ("last year", "this month", "yesterday", weekday names, "two years
  ago") resolve against doc.published; "the same month" against the last date written
  before it in the section; unresolved ones keep timex None. A weekday written next to
  a date ("Monday, June 24, 2019", "Monday 24 June 2019", "June 24, 2019 (Monday)") is
  kept in Claim.weekday and is part of the date's span, never a claim of its own.
- Impossible dates keep their raw fields ("XXXX-02-30", "2019-04-31"); reversed ranges
  and periods keep text order.
- The Lark parser and its tables are built once per process (`strict=True`) and hold
  no parsing state, so extraction is safe to call from several threads.
"""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from operator import attrgetter

from lark import Lark
from lark.lexer import Lexer
from lark.parsers.lalr_analysis import Shift

from .claimbuilder import ClaimBuilder, R, Reject
from .claimcontext import STOP, keep, noun_span, year_as_count
from .claims import Claim, ClaimSet
from .document import Document, parse_document
from .lexicon import Piece, Tok, tokenize, widen
from .resources import read_grammar
from .spans import Span
from .timex import (
    WEEKDAY_NAMES, D, duration_timex, parse_iso, period_ends, resolve_relative, timex,
    year_near, year_of,
)
from .triggers import by_sentence, scan_lower

GRAMMAR_FILES = ("claims", "numbers", "dates")


class _NoLexer(Lexer):
    """Tokens come from linter/lexicon.py; Lark only builds the LALR tables."""

    def __init__(self, conf):
        pass

    def lex(self, data):
        return iter(data)


@lru_cache(maxsize=1)
def grammar_text() -> str:
    return "\n".join(read_grammar(name) for name in GRAMMAR_FILES)


@lru_cache(maxsize=1)
def parser() -> Lark:
    """The LALR parser, built once; `strict=True` turns any conflict into an error."""
    return Lark(grammar_text(), parser="lalr", lexer=_NoLexer, strict=True,
                transformer=ClaimBuilder())


_UNITS = {"UNIT", "PERCENT", "PERCENTAGE", "CURWORD"}
_PROBE = 24  # terminals of a run looked up at once (claims are shorter)


class _Table:
    """Lark's LALR table flattened for a small driver loop.

    Lark's interactive parser costs more per span than the parse itself; the loops
    below do the same shifts and reductions (see lark.parsers.lalr_parser_state). Which
    prefixes of a run parse, and the steps of a parse, depend on the terminals only, and
    the same few sequences come back all through a document ("NUM", "MONTH INT2 COMMA
    YEAR"): both are worked out on states once per sequence and kept; a parse then only
    replays its reductions with the tokens (callbacks touch no token, so a parse that
    fails needs no replay).
    """

    def __init__(self, lark: Lark):
        p = lark.parser.parser.parser
        table = p.parse_table
        self.start = table.start_states["start"]
        self.end = table.end_states["start"]
        self.states = {}
        for state, actions in table.states.items():
            row = {}
            for sym, (action, arg) in actions.items():
                # plain str keys: Lark's Token keys compare with a Python __eq__
                if action is Shift:
                    row[str(sym)] = (True, arg, 0, None, None)
                else:
                    row[str(sym)] = (False, None, len(arg.expansion), str(arg.origin.name),
                                     p.callbacks[arg])
            self.states[state] = row
        self.first = frozenset(self.states[self.start])  # terminals that can start a claim
        self.ends = lru_cache(maxsize=1 << 12)(self._ends)
        self.steps = lru_cache(maxsize=1 << 12)(self._steps)

    def _ends(self, types: tuple) -> tuple[tuple[int, ...], bool]:
        """Lengths of the prefixes of `types` that parse into a claim, shortest first,
        and whether the parse stopped inside `types` (so that no longer prefix can)."""
        states = self.states
        stack = [self.start]
        ends = []
        for k, ty in enumerate(types):
            while True:
                act = states[stack[-1]].get(ty)
                if act is None:
                    return tuple(ends), True
                if act[0]:
                    stack.append(act[1])
                    break
                size = act[2]
                if size:
                    del stack[-size:]
                stack.append(states[stack[-1]][act[3]][1])
            if "$END" in states[stack[-1]]:
                ends.append(k + 1)
        return tuple(ends), False

    def _steps(self, types: tuple) -> tuple | None:
        """The parse of exactly `types`: None for a shift, (size, callback) for a
        reduction, in order; None when it does not parse."""
        states = self.states
        stack = [self.start]
        steps: list = []
        for ty in types + ("$END",):
            while True:
                act = states[stack[-1]].get(ty)
                if act is None:
                    return None
                shift, arg, size, origin, callback = act
                if shift:
                    if ty == "$END":
                        return None
                    stack.append(arg)
                    steps.append(None)
                    break
                if size:
                    del stack[-size:]
                steps.append((size, callback))
                stack.append(states[stack[-1]][origin][1])
                if ty == "$END" and stack[-1] == self.end:
                    return tuple(steps)
        return None

    def longest(self, toks: list[Tok], types: list, i: int, j: int):
        """Longest prefix of toks[i:j] (`types` their terminals) that parses into a
        claim: (end, R) or None."""
        # keyed by a bounded stretch: a run of thousands of figures costs no quadratic copying
        ends, stopped = self.ends(tuple(types[i:min(j, i + _PROBE)]))
        if not stopped and i + _PROBE < j:
            ends = self._ends(tuple(types[i:j]))[0]  # a claim this long: not kept
        for n in reversed(ends):
            end = i + n
            if end < len(toks) and types[end] in _UNITS:
                continue  # a unit belongs to the figure before it: never stop short of it
            steps = self.steps(tuple(types[i:end]))
            if steps is None:
                continue
            try:
                return end, _replay(steps, toks, i)
            except (Reject, KeyError):
                continue
        return None


def _replay(steps: tuple, toks: list[Tok], i: int):
    """The value of a parse (see _Table._steps) of the tokens from toks[i]."""
    values: list = []
    k = i
    for step in steps:
        if step is None:
            values.append(toks[k])
            k += 1
            continue
        size, callback = step
        if size:
            children = values[-size:]
            del values[-size:]
        else:
            children = []
        values.append(callback(children))
    return values[-1]


@lru_cache(maxsize=1)
def _table() -> _Table:
    return _Table(parser())


def _parse_runs(toks: list[Tok]) -> list[tuple[int, int, R]]:
    """Claims in every run of vocabulary tokens, left to right, longest first."""
    table = _table()
    first = table.first
    out = []
    types = [t.type for t in toks]
    n = len(toks)
    i = 0
    while i < n:
        if types[i] is None:
            i += 1
            continue
        j = i
        while j < n and types[j] is not None:
            j += 1
        pos = i
        while pos < j:
            if types[pos] not in first:
                pos += 1  # nothing starts here ("and", "of", a unit)
                continue
            got = table.longest(toks, types, pos, j)
            if got is None:
                pos += 1
                continue
            end, r = got
            out.append((pos, end, r))
            pos = end
        i = j
    return out


_CORE = {"NUM", "INT2", "YEAR", "ORD", "DECADE", "ISO", "QH", "MONTH", "WEEKDAY", "CURSYM",
         "CURCODE", "CURWORD", "DEICTIC"}


def _first_core(toks: list[Tok]) -> int:
    return next((k for k, t in enumerate(toks) if t.type in _CORE), 0)


def _last_core(toks: list[Tok]) -> int:
    return next((k for k in range(len(toks) - 1, -1, -1) if toks[k].type in _CORE), len(toks) - 1)


_WORDY = re.compile(r"[^\W\d_]{2}")
_LEFT = 36  # characters of context read before a trigger (bound words, "the first")
_RIGHT = 72  # and after it (the rest of the claim and its counted noun)


def _windows(low: str, lo: int, hi: int, hits: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Candidate spans of a sentence: text around each pre-scan hit, merged when close."""
    out: list[tuple[int, int]] = []
    ws = we = -1
    for s, e in hits:
        s = s - _LEFT if s - _LEFT > lo else lo
        e = e + _RIGHT if e + _RIGHT < hi else hi
        if we >= 0 and s <= we:
            we = e
        else:
            if we >= 0:
                out.append((_snap_left(low, lo, ws, we), _snap_right(low, hi, ws, we)))
            ws, we = s, e
    if we >= 0:
        out.append((_snap_left(low, lo, ws, we), _snap_right(low, hi, ws, we)))
    return out


def _snap_left(low: str, lo: int, s: int, e: int) -> int:
    """Move a window start forward to a space so that no word is cut in two."""
    if s <= lo:
        return lo
    k = low.find(" ", s, e)
    return k + 1 if k >= 0 else s


def _snap_right(low: str, hi: int, s: int, e: int) -> int:
    if e >= hi:
        return hi
    k = low.rfind(" ", s, e)
    return k if k > s else e


# "$1.27 a share", "$300 per month", "12 deaths per 100,000 inhabitants": a rate.
_RATE = re.compile(r"[ \t]+(?:(per)|an?)[ \t]+(?:(\d[\d,.]*\d|\d)[ \t]+)?([^\W\d_]+)\b"
                   r"(?![ \t]+(?:ago|earlier|later|before|after)\b)", re.I)
RATE_NOUNS = frozenset("""share head person capita month year week day hour night piece unit kilo
kg ton tonne litre liter barrel household family child pupil student worker employee visit
minute quarter""".split())
_RATE_WORDS = {"annum": "year", "diem": "day", "cent": None, "centum": None}


def _rate(text: str, at: int, hi: int) -> tuple[str, int] | None:
    """The unit of a rate written right after a figure (or its noun), and where it ends."""
    m = _RATE.match(text, at, hi)
    if m is None:
        return None
    word = m.group(3).lower()
    if m.group(1) is None and (m.group(2) is not None or word not in RATE_NOUNS):
        return None  # "a" + a closed list: "$5 a share", "twice a year"
    if word in _RATE_WORDS:
        word = _RATE_WORDS[word]
        if word is None:
            return None
    elif m.group(1) is not None and word in STOP:
        return None
    if m.group(2) is not None:
        word = m.group(2) + " " + word  # "per 100,000 inhabitants"
    return word, m.end()


def _sentence_claims(text: str, low: str, lo: int, hi: int, hits: list[tuple[int, int]],
                     orig: str | None = None, cell: bool = False) -> list[R]:
    """Claims of the sentence text[lo:hi] (masked text; `orig` the file as written; `hits`
    its pre-scan hits). A table cell may hold a figure alone."""
    out = []
    has_words = True if cell else None
    covered = lo  # claims starting before this were judged in an earlier window
    rated = lo  # claims starting before this are part of the rate of an earlier claim
    for s, e in _windows(low, lo, hi, hits):
        piece = Piece(text, s, e)
        toks = piece.toks
        # A run of vocabulary cut by the window edge, or too little context around the
        # figures (a bare figure just before, the counted noun after): widen and re-read.
        margin_left = margin_right = True
        for _ in range(6):
            grow_left = s > lo and toks and (toks[0].type is not None or (
                margin_left and _first_core(toks) < 3))
            grow_right = e < hi and toks and (toks[-1].type is not None or (
                margin_right and len(toks) - _last_core(toks) < 9))
            if not (grow_left or grow_right):
                break
            ns, ne = s, e
            if grow_left:
                ns = _snap_left(low, lo, max(lo, s - _LEFT), s)
                margin_left = False
            if grow_right:
                ne = _snap_right(low, hi, e, min(hi, e + _RIGHT))
                margin_right = False
            piece = widen(text, piece, s, e, ns, ne)
            toks = piece.toks
            s, e = ns, ne
        if not toks:
            continue
        at_start = s == lo
        for i, j, r in _parse_runs(toks):
            if r.start < covered:
                continue  # already read (and kept or dropped) in the previous window
            if r.kind is None:
                continue  # read and dropped by the grammar ("17-3": a score, no range)
            if r.start < rated:
                continue  # "a year" in "$300 a year", "100,000" in "per 100,000 people"
            if r.kind == "date" and year_as_count(r, toks, i, j):
                t = toks[i]
                r = R("number", r.start, r.end, value=t.value, first=t)
            if has_words is None:
                has_words = _WORDY.search(text, lo, hi) is not None
            if not keep(r, toks, i, j, text, has_words, at_start, orig):
                continue
            if r.kind in ("number", "percent") or (r.kind == "range" and r.unit is None):
                # read the noun from its own tokens: the window may end inside it
                span = noun_span(tokenize(text, r.end, min(hi, r.end + 120)), 0,
                                 after_of=(r.kind == "percent" or r.fraction or r.unit is not None))
                if span is not None:
                    r.noun_span = span
                    r.noun = " ".join(text[span[0]:span[1]].split())
            if r.kind in ("money", "number", "percent", "range"):
                rate = _rate(text, r.noun_span[1] if r.noun_span is not None else r.end, hi)
                if rate is not None:
                    r.rate, rated = rate
            out.append(r)
        covered = max(covered, toks[-1].end)
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
            title_year: int | None) -> list[tuple[R, int]]:
    """Fill in the year in force and resolve relative dates, in document order."""
    default = year_of(doc_period) or title_year
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
            elif d.needs_year():
                y = year if year is not None else (year_near(d, dct) if dct else None)
                if y is not None:
                    d = replace(d, year=y)
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
              adjectival=r.adjectival, weekday=r.weekday, rate=r.rate)
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


def _column_headers(doc: Document) -> dict[int, Span]:
    """Start offset of each body cell -> span of its column's header cell (row 0)."""
    out: dict[int, Span] = {}
    for table in doc.tables:
        rows = table.rows
        if len(rows) < 2:
            continue
        head = {c.col: c.span for c in rows[0] if c.span.end > c.span.start}
        for row in rows[1:]:
            for c in row:
                if c.col in head:
                    out[c.span.start] = head[c.col]
    return out


def extract(doc: Document) -> ClaimSet:
    """Claims from every sentence of `doc` (read in doc.masked), spans absolute in the
    original file, sorted by position."""
    masked = doc.masked
    low = scan_lower(masked)
    headers = _column_headers(doc)
    blocks = doc.blocks
    sentences = doc.sentences
    rs: list[tuple[R, int]] = []
    # a sentence without a figure, a sign or a trigger word has no claim
    for k, hits in by_sentence(low, list(map(attrgetter("span"), sentences))):
        sent = sentences[k]
        lo, hi = sent.span.start, sent.span.end
        cell = 0 <= sent.block < len(blocks) and blocks[sent.block].kind == "table_cell"
        for r in _sentence_claims(masked, low, lo, hi, hits, doc.text, cell):
            if cell and r.noun is None and r.kind in ("number", "range"):
                head = headers.get(lo)
                if head is not None:  # a figure in a table counts what its column is headed
                    r.noun, r.noun_span = doc.text[head.start:head.end], (head.start, head.end)
            rs.append((r, sent.section))
    rs.sort(key=lambda x: (x[0].start, x[0].end))
    _finish(rs, doc.period, doc.published, _title_year(doc))
    return ClaimSet.build(_claim(r, doc.text) for r, _ in rs)


def extract_text(text: str, *, period: str | None = None, published: str | None = None,
                 format: str = "text") -> ClaimSet:
    """Convenience for tests: claims of a plain-text (or "markdown") document."""
    doc = parse_document(text, "<text>", format)
    doc.period = period or doc.period
    doc.published = published or doc.published
    return extract(doc)
