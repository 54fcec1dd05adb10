"""Totals and their parts ("595 citizens, including 33 men"; "17 centers: 5 in A, 6 in B
and 4 in C") and ratios ("52 of the 64 detainees (89 percent)").

These are the relations the Q rules add up; they share the list walker (`_parts_after`)
and the percent-after-a-count lookup (`_percent_near`).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..claims import Claim, Relation
from .sentence import Sent, _rel
from .tokens import GAP
from .words import (
    BREAKERS, CHANGE_NOUNS, COLLECTIVE, DETERMINERS, _CLAUSE_END, _COMPARATIVES, head,
    is_past_word)


# Totals and their parts

_LIST_SKIP = frozenset(("and", ",", "the", "another", "a", "further", "as", "well", "plus"))
_NOT_EXHAUSTIVE = frozenset("""including include includes such e g eg among inter alia example instance
least etc some more over approximately about around nearly almost""".split())
_EXHAUSTIVE_CONNECTORS = {
    ("namely",): "namely", ("comprising",): "comprising", ("consisting", "of"): "consisting of",
    ("composed", "of"): "composed of", ("made", "up", "of"): "made up of",
    ("divided", "into"): "divided into", ("broken", "down", "into"): "broken down into",
    ("i", ".", "e", "."): "i.e.", ("that", "is", ","): "that is",
}
_SUB_CONNECTORS = {
    ("including",): "including", ("incl", "."): "incl.", ("among", "them"): "among them",
    ("among", "whom"): "among whom", ("among", "which"): "among which",
    ("among", "these"): "among these", ("amongst", "them"): "amongst them",
    ("of", "whom"): "of whom", ("of", "which"): "of which", ("of", "these"): "of these",
    ("of", "those"): "of those", ("of", "them"): "of them", ("out", "of", "whom"): "out of whom",
    ("out", "of", "which"): "out of which",
}


def _index(table: dict[tuple[str, ...], str]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, name in table.items():
        by_first.setdefault(words[0], []).append((words, name))
    return by_first


_SUB_INDEX = _index(_SUB_CONNECTORS)
_SUB_FIRST = frozenset(_SUB_INDEX) | {"of", "among", "out"}
_EXHAUSTIVE_INDEX = _index(_EXHAUSTIVE_CONNECTORS)


def _match(s: Sent, i: int, index: dict[str, list[tuple[tuple[str, ...], str]]]) -> tuple[int, str] | None:
    """The connector phrase starting at token i, as (number of tokens, name)."""
    cands = index.get(s.word(i))
    if not cands:
        return None
    for words, name in cands:
        if all(s.word(i + k) == w for k, w in enumerate(words[1:], 1)):
            return len(words), name
    return None


@dataclass
class _Part:
    tok: int
    remainder: bool = False
    others: bool = False  # "and 12 others"
    dated: bool = False  # its phrase holds a date: "40 in April"


def _total_before(s: Sent, i: int, money: bool = True) -> int | None:
    """The count whose noun phrase runs up to token i ("595 citizens from Syria, | including")."""
    j = i - 1
    steps = 0
    while j >= 0 and steps < 9:
        t = s.toks[j]
        if t.claim is not None:
            if t.claim.kind in ("date", "period"):
                j -= 1
                steps += 1
                continue
            if s.is_count(j, allow_money=money) and not _object_of_count(s, j):
                return j
            return None
        if not t.in_noun and (t.text in BREAKERS or t.text in _CLAUSE_END or t.text in ("(", ")")
                              or t.text == GAP):
            return None
        j -= 1
        steps += 1
    return None


_PREPS = frozenset("from of in by with among to for across at on per".split())


def _object_of_count(s: Sent, j: int) -> bool:
    """ "123 recommendations from 60 countries": 60 follows another count's noun and a
    preposition, so "..., 96 of which" may belong to either; the total is ambiguous."""
    k = j - 1
    while k >= 0 and s.word(k) in DETERMINERS:
        k -= 1
    if s.word(k) not in _PREPS:
        return False
    for q in range(k - 1, max(k - 6, -1), -1):
        t = s.toks[q]
        if t.claim is not None:
            return s.is_count(q, allow_money=True)
        if t.text in BREAKERS or t.text in _CLAUSE_END or t.text in (",", "(", ")", GAP):
            return False
    return False


def _parts_after(s: Sent, k: int, money_unit: str | None, limit: int) -> list[_Part]:
    """A coordinated list of counts starting at token k: "33 men, 12 women and 4 children"."""
    parts: list[_Part] = []
    n = min(len(s), limit)
    while k < n:
        remainder = others = False
        skipped = 0
        while k < n and s.toks[k].claim is None and skipped < 5:
            w = s.toks[k].text
            if w in ("remaining", "remainder", "rest"):
                remainder = True
            elif w in ("other",):
                others = True
            elif w not in _LIST_SKIP and w not in ("of", "which", "whom", "them", "these"):
                break
            k += 1
            skipped += 1
        if k >= n:
            break
        c = s.claim(k)
        if c is None:
            break
        ok = s.is_count(k, allow_money=money_unit is not None)
        if ok and money_unit is not None and (c.kind != "money" or c.unit != money_unit):
            ok = False
        if not ok:
            break
        if c.noun and head(c.noun) in ("year", "month", "day", "week", "hour", "time"):
            break
        e = s.noun_end(k)
        if s.word(e) in ("others", "other") or head(c.noun) == "other":
            others = True
        parts.append(_Part(k, remainder, others))
        # Walk this part's phrase to the next separator.
        j, phrase = e, 0
        while j < n and phrase < 12:
            t = s.toks[j]
            if t.claim is not None and t.claim.kind not in ("date", "period"):
                break
            if t.claim is not None:
                parts[-1].dated = True
            if t.claim is None and (t.text in (",", "and") or t.text in _CLAUSE_END or t.text == ")"):
                break
            if t.claim is None and _match(s, j, _SUB_INDEX):
                if len(parts) > 1:  # "..., and 40 in April, including 35 men": a new total
                    parts.pop()
                return parts
            j += 1
            phrase += 1
        if len(parts) > 1 and (_match(s, j + 1, _SUB_INDEX) if s.word(j) == "," else None):
            parts.pop()  # this "part" has subcounts of its own, so it is a second total
            break
        if j >= n or s.word(j) not in (",", "and"):
            break
        # After the separator the next item must start with a count (maybe "and the remaining").
        q = j
        while q < n and s.toks[q].claim is None and s.toks[q].text in ("and", ",", "the", "another",
                                                                        "remaining", "other", "a",
                                                                        "further", "rest", "of"):
            q += 1
        if q >= n or not s.is_count(q, allow_money=money_unit is not None):
            break
        k = j
    return parts


def _phrase_end(s: Sent, i: int) -> int:
    """End of claim i's part phrase in a list: the next ',', 'and', ')' or clause end."""
    j = s.noun_end(i)
    while j < len(s) and s.toks[j].claim is None and s.toks[j].text not in (",", "and", ")") \
            and s.toks[j].text not in _CLAUSE_END:
        j += 1
    return j


def _is_enumeration(s: Sent, parts: list[_Part]) -> bool:
    """"(1) ..., (2) ... and (3) ...": list numbers, not counts."""
    vals = [s.toks[p.tok].claim.value for p in parts]
    return len(vals) >= 2 and all(v == k + 1 for k, v in enumerate(vals))


def _subcounts(s: Sent, out: list[Relation]) -> None:
    toks = s.toks
    words = s.words
    used_totals: set[int] = set()
    for i, t in enumerate(toks):
        if words[i] not in _SUB_FIRST:
            continue
        m = _match(s, i, _SUB_INDEX)
        if m is not None:
            width, name = m
            if s.word(i - 1) in ("not", "without"):
                continue
            # "52 of whom": the count before the connector is a part, the total precedes it.
            if name in ("of whom", "of which", "of them", "of these", "of those", "out of whom",
                        "out of which") and i > 0 and s.is_count(i - 1):
                part = i - 1
                total = _total_before(s, _lead_in(s, part), money=False)
                if total is None or total in used_totals:
                    continue
                _emit_sub(s, out, total, [_Part(part)], name)
                continue
            total = _total_before(s, i)
            if total is None:
                continue
            tc = toks[total].claim
            parts = _parts_after(s, i + width, tc.unit if tc.kind == "money" else None, len(s))
            if parts and not _is_enumeration(s, parts):
                used_totals.add(total)
                _emit_sub(s, out, total, parts, name)
            continue
        # "Of the 40 cases, 52 were transferred": a clause that opens with "of" + total.
        if t.text in ("of", "among", "out") and (i == 0 or s.word(i - 1) in (",", ";", "(")):
            k = i + 1
            while k < len(s) and s.word(k) in ("the", "these", "those", "all", "a", "total", "of"):
                k += 1
            if k >= len(s) or not s.is_count(k):
                continue
            j = s.noun_end(k)
            steps = 0
            while j < len(s) and s.word(j) != "," and steps < 8:
                if s.claim(j) is not None and s.claim(j).kind not in ("date", "period"):
                    break
                if s.word(j) in _CLAUSE_END or s.word(j) in BREAKERS:
                    break
                j += 1
                steps += 1
            if s.word(j) != ",":
                continue
            parts = _parts_after(s, j + 1, None, len(s))
            if parts and not _is_enumeration(s, parts):
                used_totals.add(k)
                _emit_sub(s, out, k, parts, "of")


def _lead_in(s: Sent, part: int) -> int:
    """Token index where the part's lead-in starts: skips a comma before "52 of whom"."""
    j = part
    while j > 0 and s.word(j - 1) in (",", "("):
        j -= 1
    return j


# Groups by sex and age: parts named by these ("300 women and 400 children") are taken as
# disjoint, and so are parts named by other nouns ("journalists and activists") or by
# place ("12 in Almaty and 9 in Astana"); a mix ("20 women and 15 students") may overlap.
_DEMOGRAPHIC = frozenset("man woman boy girl child minor adult male female juvenile".split())


# Totals that count groups or places, not people: "2 families, including 5 children".
CONTAINERS = frozenset("""group team family household unit delegation category type kind batch round
session wave convoy vehicle bus boat flight camp centre center shelter facility prison village
town city district province region country state organization organisation ngo party union
association committee commission court school class ship truck car building home house
community tribe clan""".split())


def _container_of_people(total: Claim, parts: list[Claim]) -> bool:
    return head(total.noun) in CONTAINERS and any(
        head(p.noun) in _DEMOGRAPHIC or head(p.noun) in ("person", "people") for p in parts)


def _disjoint(nouns: list[str | None]) -> bool:
    heads = [h for h in (head(n) for n in nouns) if h is not None]
    if len(set(heads)) < len(heads):
        return False
    demo = [h in _DEMOGRAPHIC for h in heads]
    return all(demo) or not any(demo)


def _emit_sub(s: Sent, out: list[Relation], total: int, parts: list[_Part], connector: str) -> None:
    tc = s.toks[total].claim
    if len(parts) > 1 and any(s.claim(j) is not None and s.claim(j).kind in ("date", "period")
                              for j in range(total + 1, parts[0].tok)):
        # "30 people in March, including 10 women, and 40 in April": a part dated like the
        # total is a parallel total, and the list ends before it.
        cut = next((k for k, p in enumerate(parts) if k and p.dated), len(parts))
        parts = parts[:cut]
    if _container_of_people(tc, [s.toks[p.tok].claim for p in parts]):
        return
    members = [tc] + [s.toks[p.tok].claim for p in parts]
    remainder = next((k + 1 for k, p in enumerate(parts) if p.remainder), None)
    if remainder is not None or any(p.others for p in parts[1:]) and len(parts) >= 2:
        out.append(_rel("breakdown", members, connector=connector, remainder=remainder,
                        exhaustive=True))
        return
    out.append(_rel("subcount", members, connector=connector,
                    disjoint=len(parts) > 1 and _disjoint([m.noun for m in members[1:]])))
    # "Of the 37 secretaries, 17 (45.9 per cent) were women": the part's share of the total.
    if tc.kind == "number" and tc.bound == "exact":
        for p in parts:
            e = s.noun_end(p.tok)
            k = _percent_near(s, e, e + 3)
            if k is not None and s.toks[p.tok].claim.bound == "exact":
                out.append(_rel("ratio", (s.toks[p.tok].claim, tc, s.toks[k].claim)))


_COLLECTIVE_HEADS = frozenset(head(w) for w in COLLECTIVE)


def _breakdowns(s: Sent, out: list[Relation], taken: set[int]) -> None:
    """A total then an exhaustive list: "17 centers: 5 in A, 6 in B and 4 in C"."""
    for i in s.claim_at:
        t = s.toks[i]
        if t.claim is None or id(t.claim) in taken or not s.is_count(i, allow_money=True):
            continue
        e = s.noun_end(i)
        opener = s.word(e)
        width = 1
        form = None
        if opener in (":", "(", "\u2014"):
            form = opener
        elif opener == "," and (conn := _match(s, e + 1, _EXHAUSTIVE_INDEX)):
            form, width = conn[1], 1 + conn[0]
        elif (conn := _match(s, e, _EXHAUSTIVE_INDEX)):
            form, width = conn[1], conn[0]
        elif opener == ",":
            form = ","
        else:
            # "A total of 58 people were killed: 20 in ...": a short verb phrase, then a colon
            k = e
            while k < len(s) and k - e < 4 and s.toks[k].claim is None and s.word(k).isalpha() \
                    and s.word(k) not in BREAKERS and s.word(k) not in _NOT_EXHAUSTIVE:
                k += 1
            if s.word(k) == ":" and k > e and any(is_past_word(s.word(q)) for q in range(e, k)):
                form, e = ":", k
        if form is None:
            continue
        if form == ":" and s.word(e + 1) in ("(", "a", "i"):
            continue
        limit = len(s)
        if form == "(":
            close = next((j for j in range(e + 1, len(s)) if s.word(j) == ")"), None)
            if close is None:
                continue
            limit = close
        money = t.claim.unit if t.claim.kind == "money" else None
        parts = _parts_after(s, e + width, money, limit)
        if len(parts) < 2 or _is_enumeration(s, parts):
            continue
        last = parts[-1].tok
        # Exhaustive only when the last part is joined by "and" and the list ends the clause.
        joined = [s.word(j) for j in range(_phrase_end(s, parts[-2].tok), last)]
        if "and" not in joined:
            continue
        end = _phrase_end(s, last)
        if form == "(" and end != limit:
            continue
        if form != "(" and end < len(s) and s.word(end) not in _CLAUSE_END and s.word(end) != ",":
            continue
        # "..., among others", "etc." right after the list also make it incomplete
        tail = end + 1 if s.word(end) == "," else end
        words = {s.word(j) for j in range(e, min(tail + 2, len(s)))}
        if words & _NOT_EXHAUSTIVE:
            continue
        if any(s.toks[p.tok].claim.bound not in ("exact",) for p in parts):
            continue
        if form == ",":
            # The riskiest shape ("58 people, 20 men, 30 women and 8 children"): the total must
            # be a collective noun and every part a bare "count noun" pair.
            if head(t.claim.noun) not in _COLLECTIVE_HEADS or s.word(i - 1) in (":", ",", ";"):
                continue
            if any(_phrase_end(s, p.tok) - p.tok > 3 or s.toks[p.tok].claim.noun is None
                   for p in parts):
                continue
            if any(head(s.toks[p.tok].claim.noun) == head(t.claim.noun) for p in parts):
                continue
        members = [t.claim] + [s.toks[p.tok].claim for p in parts]
        if _container_of_people(t.claim, members[1:]):
            continue  # "2 groups: 5 men and 3 women"
        remainder = next((k + 1 for k, p in enumerate(parts) if p.remainder), None)
        out.append(_rel("breakdown", members, connector=form, remainder=remainder, exhaustive=True))
        taken.add(id(t.claim))


# --------------------------------------------------------------------------------------
# Ratios "52 of the 64 detainees (89 percent)"

_PCT_LEAD = frozenset("""( , or i e . representing represents which that is some about around
approximately roughly nearly almost just over under — - – accounting account for equivalent to
equal equals amounting amounts making""".split()) | {"\u2014", "\u2013"}


def _percent_near(s: Sent, a: int, b: int) -> int | None:
    """A percent claim in tokens [a, b) reached only over lead-in words, and not a share of
    some other base ("12 percent of whom ...")."""
    for j in range(a, min(b, len(s))):
        c = s.claim(j)
        if c is not None:
            if c.kind != "percent" or c.unit not in ("%", None):
                return None
            if s.word(j + 1) in CHANGE_NOUNS or s.word(j + 1) in _COMPARATIVES:
                return None  # "(40 percent increase)", "(20 percent higher)"
            if s.word(j + 1) == "of" and not (s.word(j + 2) == "all" or s.word(j + 2) == "the"
                                              and s.word(j + 3) in ("total", "whole")):
                return None
            return j
        if s.word(j) not in _PCT_LEAD:
            return None
    return None


def _ratios(s: Sent, out: list[Relation]) -> None:
    for i in s.claim_at:
        t = s.toks[i]
        if t.claim is None or not s.is_count(i):
            continue
        j = s.noun_end(i)
        if s.word(j) == "out":
            j += 1
        elif j > i + 1:
            continue  # "seven regions of seven institutes": a noun between, no ratio
        if s.word(j) != "of":
            continue
        k = j + 1
        while s.word(k) in ("the", "these", "those", "all", "a", "total"):
            k += 1
        if k >= len(s) or not s.is_count(k) or s.claim(k).bound != "exact":
            continue
        part, whole = t.claim, s.claim(k)
        pe = s.noun_end(k)
        # skip a short noun phrase the grammar did not attach: "of 64 detainees held"
        q = pe
        while q < len(s) and q - pe < 4 and s.toks[q].claim is None and s.word(q) not in _PCT_LEAD \
                and s.word(q) not in _CLAUSE_END:
            q += 1
        p = _percent_near(s, q, q + 4)
        pct = s.claim(p) if p is not None else None
        if pct is None:
            # "89 percent (52 of 64)": a percent just before the part.
            b = i - 1
            while b >= 0 and s.word(b) in ("(", ",", "or", "\u2014", "-", "i", "e", "."):
                b -= 1
            c = s.claim(b)
            if c is not None and c.kind == "percent" and b < i - 1 and s.word(i - 1) in ("(", ",",
                                                                                       "\u2014"):
                pct = c
        members = (part, whole) + ((pct,) if pct is not None else ())
        out.append(_rel("ratio", members))
    # "1,200 households, or 15 percent of the 10,000 in the district"
    for p, pct in s.claims_of("percent"):
        if s.word(p + 1) != "of":
            continue
        k = p + 2
        while s.word(k) in ("the", "all", "a", "total"):
            k += 1
        if k >= len(s) or not s.is_count(k) or s.claim(k).bound != "exact":
            continue
        # "40 percent of the 120 detainees, or 60 people" / "(about 640 people)"
        a = s.noun_end(k)
        if s.word(a) in (",", "(") and (s.word(a + 1) == "or" or s.word(a) == "("):
            q = a + 1 + (s.word(a + 1) == "or")
            if s.is_count(q) and s.word(s.noun_end(q)) in (")", ",", ".", ";", "were", "are", "was"):
                out.append(_rel("ratio", (s.claim(q), s.claim(k), pct)))
                continue
        b = p - 1
        while b >= 0 and s.word(b) in ("(", ",", "or", "\u2014", "-", "i", "e", ".", "some"):
            b -= 1
        lead = b
        if s.claim(b) is not None and s.claim(b).kind in ("date", "period") \
                and s.word(b - 1) in ("in", "during", "since"):
            b -= 2  # "1,234 complaints in 2019, or 12 percent of ..."
        while b >= 0 and s.toks[b].in_noun:
            b -= 1
        if lead == p - 1 or b < 0 or not s.is_count(b) or s.claim(b).bound != "exact":
            continue
        out.append(_rel("ratio", (s.claim(b), s.claim(k), pct)))
