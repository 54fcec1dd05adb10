"""Relations between the claims of a sentence: totals and parts, ratios, changes, and more.

The claim grammar says *what* each number or date is; this layer says how the claims of
one sentence hang together, so that the consistency checks only compare values. It reads
a token stream per sentence: the sentence's claims, each one token, and between them the
words and punctuation of the masked text. Small matchers walk that stream, anchored on
connector words ("including", "of whom", "from ... to", "(", ":"), and build `Relation`s.

One module per job: tokens (the stream), words (word classes), sentence (`Sent`, what the
matchers ask of a sentence), then one module per family of matchers: counts (subcount,
breakdown, ratio), changes, extents, shares, dates (span_of, weekday, event), counted,
and tables (table_sum).

Every matcher is deliberately narrow: a phrasing it does not know yields no relation,
and so no finding. Better to miss an inconsistency than to flag a consistent report.

Relation kinds and their members / attrs:

- ``subcount``   total, *parts        parts are subsets of the total ("including", "of whom",
                                      "Of the 40 cases, 12 ..."); attrs: connector, disjoint.
- ``breakdown``  total, *parts        an exhaustive list ("17 centers: 5 in A, 6 in B and 4 in C",
                                      "... and the remaining 25"); attrs: remainder (index).
- ``ratio``      part, whole[, pct]   "52 of the 64 detainees (89 percent)".
- ``change``     from, to[, pct]      "rose from 400 to 600, an increase of 50 percent";
                                      attrs: direction, factor, fraction, verb.
- ``extent``     range|period         a range or period that spans values or time (not a label
                                      such as "Law No. 94-12", not a change "from 50 to 12").
- ``share``      pct                  a percentage of a population ("90 percent of charges").
- ``span_of``    duration, period     "a five-year (2018-2022) program".
- ``weekday``    date                 "Monday, June 24, 2019"; attrs: weekday, at (Span).
- ``event``      date                 a date that a past-tense clause puts an event on.
- ``counted``    number               a count with its event context; attrs: key.
- ``table_sum``  total, *parts        a Total row or column of a table and the cells it sums;
                                      attrs: percent (bool), axis.
"""
from __future__ import annotations

from ..claims import ClaimSet, Relation
from ..document import Document
from .changes import _changes
from .counted import _counted
from .counts import _breakdowns, _ratios, _subcounts
from .dates import _events, _spans_of, _weekdays
from .extents import _extents
from .sentence import Sent, _sentences
from .shares import _shares
from .tables import _table_sums
from .words import head

__all__ = ["find_relations", "head"]


def find_relations(doc: Document, claims: ClaimSet) -> list[Relation]:
    """All relations of `doc`, sentence by sentence, then its tables."""
    out: list[Relation] = []
    for span, sclaims in _sentences(doc, claims):
        s = Sent(doc, span, sclaims)
        n0 = len(out)
        _subcounts(s, out)
        taken = {id(r.members[0]) for r in out[n0:]}
        _breakdowns(s, out, taken)
        _ratios(s, out)
        n1 = len(out)
        _changes(s, out)
        changed = {m.span for r in out[n1:] for m in r.members[:2]}
        _extents(s, out, changed)
        _shares(s, out)
        _spans_of(s, out)
        _weekdays(s, out)
        _events(s, out)
        _counted(s, out)
    out.extend(_table_sums(doc, claims))
    return out
