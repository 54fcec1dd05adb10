"""Changes: "rose from 400 to 600 (up 50 percent)", "doubled", "fell by a third".

Found before extents so that the two ends of a change ("from 50 to 12") are not also
read as a reversed range.
"""
from __future__ import annotations

from dataclasses import replace

from ..claims import Claim, Relation
from .sentence import Sent, _rel
from .tokens import GAP
from .words import FACTORS, FALL, FRACTION_COUNT, RISE, _CHANGE_WORDS, _CLAUSE_END


def _change_words(s: Sent, a: int, b: int) -> tuple[int | None, str | None]:
    """The change word nearest before token b (not before a): (index, direction)."""
    for j in range(b - 1, a - 1, -1):
        w = s.word(j)
        if w in FACTORS:
            return j, ("up" if FACTORS[w] > 1 else "down")
        if w in RISE and not (w == "up" and s.word(j - 1) in ("set", "made", "make", "sets")):
            return j, "up"
        if w in FALL and not (w == "down" and s.word(j - 1) in ("set", "laid", "lay", "handed",
                                                                   "hand", "sets", "lays")):
            return j, "down"
    return None, None


_RANK_WORDS = frozenset("rank ranks ranked ranking rankings place position positions".split())

_HEDGES = {"more": "more", "over": "more", "nearly": "nearly", "almost": "nearly",
           "close": "nearly", "about": "about", "roughly": "about", "approximately": "about",
           "some": "about", "around": "about", "than": "more"}


def _factor(s: Sent, a: int, b: int) -> tuple[float, str, str | None] | None:
    """A factor word in tokens [a, b): "doubled", "a fourfold decline" -> (factor, word, hedge)."""
    for j in range(a, min(b, len(s))):
        w = s.word(j)
        if w in FACTORS:
            return FACTORS[w], w, _HEDGES.get(s.word(j - 1))
    return None


def _pair(a: Claim | None, b: Claim | None) -> tuple[Claim, Claim] | None:
    """The two ends of a change on one scale: "to 9 from 7 percent" reads 9 as 9 percent."""
    if a is None or b is None:
        return None
    if a.kind == "number" and b.kind == "percent" and a.unit is None:
        a = _as_percent(a)
    elif b.kind == "number" and a.kind == "percent" and b.unit is None:
        b = _as_percent(b)
    return (a, b) if _same_kind(a, b) else None


def _same_kind(a: Claim, b: Claim) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "money":
        return a.unit == b.unit
    if a.kind == "duration":
        return a.unit == b.unit
    if a.kind == "percent":
        return a.unit == b.unit
    return a.kind == "number"


def _num(s: Sent, j: int) -> Claim | None:
    c = s.claim(j)
    if c is None or c.value is None or c.kind not in ("number", "percent", "money", "duration"):
        return None
    if c.kind == "number" and (s.is_identifier(j) or c.unit not in (None, "")):
        return None
    return c


def _clause_bounds(s: Sent, i: int) -> tuple[int, int]:
    """Token range of the clause around i: up to 25 tokens back and 16 ahead, not past a
    semicolon, a colon or skipped text."""
    a = i
    while a > 0 and s.word(a - 1) not in (";", ":", GAP) and a > i - 25:
        a -= 1
    b = i
    while b < len(s) and s.word(b) not in (";", GAP) and b < i + 16:
        b += 1
    return a, b


def _changes(s: Sent, out: list[Relation]) -> None:
    words = s.words
    for i, t in enumerate(s.toks):
        if words[i] not in ("from", "to") and (t.claim is None or t.claim.kind != "range"):
            continue
        frm = to = None
        if t.claim is not None and t.claim.kind == "range" and len(t.claim.parts) == 2 \
                and t.claim.text.lower().startswith("from"):
            frm, to = t.claim.parts
            if frm.value is None or to.value is None:
                continue
            # a range's ends may carry the range's unit only on one side
            if t.claim.unit == "%" and (frm.kind != "percent" or to.kind != "percent"):
                frm = _as_percent(frm)
                to = _as_percent(to)
            start, end = i, i + 1
        elif t.claim is None and t.text == "from":
            a = _num(s, i + 1)
            if a is None:
                continue
            k = s.noun_end(i + 1)
            steps = 0
            while k < len(s) and s.word(k) != "to" and steps < 5:
                if s.claim(k) is not None and s.claim(k).kind not in ("date", "period"):
                    break
                if s.word(k) in _CLAUSE_END or s.word(k) in ("and", "from", GAP):
                    break
                k += 1
                steps += 1
            pair = _pair(a, _num(s, k + 1)) if s.word(k) == "to" else None
            if pair is None:
                continue
            (frm, to), start, end = pair, i, s.noun_end(k + 1)
        elif t.claim is None and t.text == "to":
            # "rose to 600 from 400"
            b = _num(s, i + 1)
            k = s.noun_end(i + 1)
            pair = _pair(_num(s, k + 1), b) if b is not None and s.word(k) == "from" else None
            if pair is None:
                continue
            (frm, to), start, end = pair, i, s.noun_end(k + 1)
        else:
            continue
        ca, cb = _clause_bounds(s, start)
        v, direction = _change_words(s, max(ca, start - 10), start)
        near = v is not None and _between_ok(s, v, start)
        if not near:
            # A change word further back in the clause still makes this a change (so not a
            # reversed range), but too loosely tied to it to check the words against it.
            v, direction = _change_words(s, ca, start)
            if v is None:
                continue
            out.append(_rel("change", (frm, to), direction=direction, verb=s.word(v), near=False))
            continue
        if any(s.word(j) in _RANK_WORDS for j in range(ca, min(cb, len(s)))):
            # "rose from 120 to 80 in the ranking": a smaller rank number is a rise; still a
            # change (so not a reversed range), but not one to check the words against
            out.append(_rel("change", (frm, to), direction=direction, verb=s.word(v), near=False))
            continue
        attrs: dict[str, object] = {"direction": direction, "verb": s.word(v), "near": True}
        f = _factor(s, max(ca, v - 3), start) or _factor(s, end, min(cb, end + 4))
        if f is not None:
            attrs["factor"], attrs["factor_word"], attrs["hedge"] = f
        fr = _fraction(s, v + 1, start) or _fraction(s, end, min(cb, end + 5))
        if fr is not None:
            attrs["fraction"], attrs["fraction_text"] = fr
        pct = _change_percent(s, v, start, end, cb)
        members = (frm, to) + ((pct,) if pct is not None else ())
        out.append(_rel("change", members, **attrs))


def _between_ok(s: Sent, v: int, start: int) -> bool:
    """The change word and "from" stay within one verb phrase: few words, no other figure."""
    return start - v <= 8 and not any(
        s.word(j) in (";", "while", "whereas", "but", GAP) or
        (s.claim(j) is not None and s.claim(j).kind not in ("date", "period", "percent")
         and not (s.word(j - 1) == "by" and s.claim(j).value is not None and 0 < s.claim(j).value < 1))
        for j in range(v + 1, start))


def _as_percent(c: Claim) -> Claim:
    return replace(c, kind="percent", unit="%")


_FRACTION_UNITS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
                   "fifth": 5, "fifths": 5}


def _fraction(s: Sent, a: int, b: int) -> tuple[float, str] | None:
    """ "by half", "by a third", "by two thirds" in tokens [a, b) -> (fraction, words)."""
    for j in range(a, min(b, len(s) - 1)):
        if s.word(j) != "by":
            continue
        c = s.claim(j + 1)
        if c is not None and c.kind == "number" and c.value is not None and 0 < c.value < 1:
            return float(c.value), "by " + c.text  # the grammar read "a third" as a numeral
        n, f = s.word(j + 1), s.word(j + 2)
        if n == "half":
            return 0.5, "by half"
        if n in FRACTION_COUNT and f in _FRACTION_UNITS:
            return FRACTION_COUNT[n] / _FRACTION_UNITS[f], f"by {n} {f}"
    return None


def _change_percent(s: Sent, v: int, start: int, end: int, cb: int) -> Claim | None:
    """The percent stating the size of the change, if the clause gives one."""
    # before "from": "rose 50 percent from", "rose by 50 percent from", "a 50 percent increase from"
    for j in range(max(v - 3, 0), start):
        c = s.claim(j)
        if c is not None and c.kind == "percent":
            if j > v and (s.word(j - 1) in ("by", "of") or j == v + 1):
                return c
            if j < v and s.word(j + 1) in _CHANGE_WORDS:  # "a 50 percent increase from"
                return c
    # after the "to" value: ", an increase of 50 percent", "(up 50 percent)", "or 50 percent"
    j, steps = end, 0
    while j < min(cb, len(s)) and steps < 6:
        c = s.claim(j)
        if c is not None:
            if c.kind == "percent":
                lead = [s.word(q) for q in range(end, j)]
                if set(lead) & (_CHANGE_WORDS | {"or", "by"}):
                    return c
            return None
        w = s.word(j)
        if w in _CLAUSE_END or w in ("and", "while", "whereas", "but", "compared", "against"):
            return None
        j += 1
        steps += 1
    return None
