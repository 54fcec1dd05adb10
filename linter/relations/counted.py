"""Counts with their event context ("a bomb killed 12 people in Kabul"), the key by which
the restated-figures rule finds the same event counted twice.
"""
from __future__ import annotations

from ..claims import Relation
from .sentence import Sent, _rel
from .tokens import GAP, Tok
from .words import DETERMINERS, _CLAUSE_END, head, is_past_word


_CTX_SKIP = DETERMINERS | frozenset(("a", "total", "of", "some", "approximately", "about", "nearly",
                                     "almost", "over", "more", "than", "least", "at", "up", "to",
                                     "an", "estimated", "another", "additional", "further"))


def _counted(s: Sent, out: list[Relation]) -> None:
    times = tuple(sorted(t.claim.timex or f"{t.claim.from_}/{t.claim.to_}" for t in s.toks
                         if t.claim is not None and t.claim.kind in ("date", "period")))
    masked = s.doc.masked
    for i in s.claim_at:
        t = s.toks[i]
        c = t.claim
        if c is None or c.noun is None or c.bound != "exact" or not s.is_count(i):
            continue
        if c.value is None or c.value < 10:  # small counts repeat for different events
            continue
        left: list[Tok] = []
        j = i - 1
        while j >= 0 and len(left) < 2 and s.toks[j].claim is None:
            w = s.toks[j].text
            if w in _CLAUSE_END or w in (",", "(", ")", GAP):
                break
            if w not in _CTX_SKIP:
                left.append(s.toks[j])
            j -= 1
        left.reverse()
        right: list[Tok] = []
        j = s.noun_end(i)
        while j < len(s) and len(right) < 3 and s.toks[j].claim is None:
            w = s.toks[j].text
            if w in _CLAUSE_END or w in (",", "(", ")", "and", "including", GAP):
                break
            right.append(s.toks[j])
            j += 1
        ctx = [k.text for k in left + right]
        if len(ctx) < 3 or not any(is_past_word(w) for w in ctx):
            continue
        # Same words alone are weak evidence ("a bomb killed 12 people" happens twice): ask
        # for a date in the sentence or a name ("from Syria") in the context as well.
        named = any(masked[k.start].isupper() for k in left + right if k.start != s.span.start)
        if not times and not named:
            continue
        key = (head(c.noun), tuple(k.text for k in left), tuple(ctx[len(left):]), times)
        out.append(_rel("counted", (c,), key=key))
