"""Relations of dates: a duration and the period it describes ("a five-year (2018-2022)
program"), a date and the weekday written with it, and dates that a past-tense clause
puts an event on (compared with the report period).
"""
from __future__ import annotations

import re

from ..claims import Claim, Relation
from ..spans import Span
from .sentence import Sent, _rel
from .tokens import GAP
from .words import (
    AUX, DETERMINERS, EVENT_BEFORE, FUTURE, IRREGULAR_PAST, NOT_EVENT_BEFORE, WEEKDAYS,
    _CLAUSE_END, is_past_word)


# Durations next to the period they describe: "a five-year (2018-2022) program"

_SPAN_PREPS = frozenset("from between on in during covering spanning for over".split())
_DURATION_NOUN_SKIP = frozenset("""old sentence sentences term terms imprisonment prison jail ban
bans suspension probation detention custody sentence""".split())


_HELD = frozenset("""held conducted organized organised run ran lasted convened hosted took
staged""".split())


def _spans_of(s: Sent, out: list[Relation]) -> None:
    for i in s.claim_at:
        t = s.toks[i]
        c = t.claim
        if c is None or c.kind != "duration" or c.value is None or c.bound != "exact":
            continue
        if s.word(i + 1) in _DURATION_NOUN_SKIP or s.word(i + 1) == "-" and s.word(i + 2) == "old":
            continue
        period = None
        # (a) "five-year (2018-2022)"
        if s.word(i + 1) == "(":
            p = s.claim(i + 2)
            if p is not None and p.kind == "period" and s.word(i + 3) == ")":
                period = p
        # (b) "a three-day workshop on December 10-11" / "an 18-month program from Jan 2019 to ..."
        if period is None:
            j = i + 1
            while j < len(s) and j - i <= 4 and s.toks[j].claim is None \
                    and s.word(j) not in _SPAN_PREPS and s.word(j) not in _CLAUSE_END \
                    and s.word(j) not in (",", "(", "and", "to", "which", "that", GAP) \
                    and s.word(j) not in AUX:
                j += 1
            # "a three-day workshop was held on December 10-11": verbs that place the event
            # itself in time (not "adopted in", which dates a decision about it)
            if j > i + 1 and s.word(j) in ("was", "were", "is") and s.word(j + 1) in _HELD:
                j += 2
            elif j > i + 1 and s.word(j) in _HELD:
                j += 1
            if s.word(j - 1) == "took" and s.word(j) == "place":
                j += 1
            if s.word(j) in (",", "(") and j > i + 1:
                j += 1  # "the six-month moratorium, from January to September 2019"
            p = s.claim(j)
            if p is not None and p.kind == "period" and j > i + 1 \
                    and (p.text.lower().startswith(("from", "between")) or s.word(j - 1) == "("):
                period = p  # the preposition is inside the claim: "from January 2019 to ..."
            elif s.word(j) in _SPAN_PREPS and j > i:
                if s.word(j + 1) == "the" and s.claim(j + 2) is not None:
                    j += 1
                p = s.claim(j + 1)
                if p is not None and p.kind == "period":
                    period = p
                elif s.word(j) in ("from", "between") and p is not None and p.kind == "date":
                    # period written as two date claims: "from January 2019 to March 2020"
                    q = s.claim(j + 3)
                    if s.word(j + 2) in ("to", "until", "through", "and", "till") and q is not None \
                            and q.kind == "date":
                        period = _period_of(p, q)
        # (c) "the 2018-2022 five-year plan"
        if period is None and i > 0:
            p = s.claim(i - 1)
            if p is not None and p.kind == "period":
                period = p
        if period is not None:
            out.append(_rel("span_of", (c, period)))


def _period_of(a: Claim, b: Claim) -> Claim:
    return Claim("period", Span(a.span.start, b.span.end), f"{a.text} .. {b.text}",
                 from_=a.timex, to_=b.timex, parts=(a, b))


# --------------------------------------------------------------------------------------
# Weekdays "on Monday, June 24, 2019"


_YEAR_WRITTEN = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _weekdays(s: Sent, out: list[Relation]) -> None:
    for i in s.claim_at:
        t = s.toks[i]
        c = t.claim
        if c is None or c.kind not in ("date",):
            continue
        name = (c.weekday or "").lower() or None
        at = None
        if name is None:
            j, w = s.prev_word(i, frozenset((",",)))
            if w in WEEKDAYS and i - j <= 2:
                name, at = w, s.toks[j].span
            elif s.word(i + 1) in ("(", ",") and s.word(i + 2) in WEEKDAYS:
                name, at = s.word(i + 2), s.toks[i + 2].span
        if name is None or name not in WEEKDAYS or not _YEAR_WRITTEN.search(c.text):
            continue  # a year the grammar inferred is too weak to call a weekday wrong
        out.append(_rel("weekday", (c,), weekday=name, at=at))


# --------------------------------------------------------------------------------------
# Dated events in past-tense clauses (for "date after the reporting period")


_FUTURE_RE = re.compile(r"(?i)\b(?:" + "|".join(sorted(FUTURE)) + r")\b")
_STATUS_RE = re.compile(r"(?i)\bas\s+(?:of|at)\b")
_PAST_RE = re.compile(r"(?i)\b(?:[a-z]{3,}ed|" + "|".join(sorted(IRREGULAR_PAST)) + r")\b")


def _events(s: Sent, out: list[Relation]) -> None:
    if s.doc.period is None:  # only ever compared with the report period
        return
    dates = [i for i, _ in s.claims_of("date")]
    if not dates:
        return
    text = s.doc.masked[s.span.start:s.span.end]
    if _FUTURE_RE.search(text) or _STATUS_RE.search(text):
        return
    if not any(is_past_word(m.group().lower()) for m in _PAST_RE.finditer(text)):
        return
    for i in dates:
        c = s.toks[i].claim
        j, w = s.prev_word(i, frozenset(("the", "of", "early", "late", "mid", "-", "around")))
        if w in NOT_EVENT_BEFORE or s.word(i - 1) in NOT_EVENT_BEFORE:
            continue
        if w not in EVENT_BEFORE and not (j < 0 or s.word(j) in (",", ";")):
            continue
        if w not in EVENT_BEFORE and len(c.timex or "") == 4:
            continue  # a bare year after a comma is a title's year: "the Anti-Gang Act, 2011"
        if s.word(i + 1) in ("(", ")") or s.word(i - 1) == "(":
            continue
        if _purpose_before(s, i) or _present_clause(s, i) or not _YEAR_WRITTEN.search(c.text):
            continue  # "In March": the year is inferred, so the date is not evidence enough
        out.append(_rel("event", (c,)))


_NOT_VERB_AFTER_TO = DETERMINERS | frozenset("""this that them him it its date which whom what
his her their our my your one two three each every both""".split())


_PRESENT = frozenset("is are am remains remain has have".split())


def _present_clause(s: Sent, i: int) -> bool:
    """ "The issue, which is puttable back in 1999, was priced ...": the date's own clause is
    in the present tense, whatever the tense of the sentence."""
    for j in range(i - 1, max(i - 12, -1), -1):
        w = s.word(j)
        if w in (",", ";", ":", GAP):
            return False
        if w in _PRESENT:
            return True
    return False


def _purpose_before(s: Sent, i: int) -> bool:
    """ "a campaign, to begin in 2013", "activities to be carried out in 2013": an infinitive
    in the date's clause makes the date a plan or purpose, not a past event."""
    masked = s.doc.masked
    for j in range(i - 1, max(i - 14, -1), -1):
        w = s.word(j)
        if w in (",", ";", ":", GAP) or (s.claim(j) is not None and j != i):
            return False
        if w == "to":
            nxt = s.toks[j + 1] if j + 1 < i else None
            if nxt is not None and nxt.claim is None and nxt.text.isalpha() \
                    and nxt.text not in _NOT_VERB_AFTER_TO and not masked[nxt.start].isupper():
                return True
    return False
