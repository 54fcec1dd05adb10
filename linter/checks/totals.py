"""Totals against their parts: subcounts that exceed their total, breakdowns that do not sum.

The relation layer (the linter.relations package) finds which numbers are a total and which its
parts; these checks only do the arithmetic, with each claim's bound ("about", "more
than") and written precision ("1.2 million") turned into an interval first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..claims import Claim
from .base import CheckContext, Hit, Params, check

_SCALED = re.compile(r"(?i)(\d+(?:\.(\d+))?)\s*(thousand|million|billion|trillion|bn|mn|mln|bln|m|k)\b")


def granularity(c: Claim) -> float:
    """Half the step of the last digit the text shows: "1.2 million" -> 50,000; "595" -> 0."""
    m = _SCALED.search(c.text)
    if not m or c.value is None:
        return 0.0
    digits = len(m.group(2) or "")
    num = float(m.group(1))
    if num == 0:
        return 0.0
    scale = abs(c.value) / num
    return scale * 10 ** -digits / 2


def interval(c: Claim, about: float) -> tuple[float, float]:
    """The values a claim allows: its bound widened by `about` (relative) and its rounding."""
    v = float(c.value)
    g = granularity(c)
    lo, hi = v - g, v + g
    b = c.bound
    if b == "about":
        return lo - abs(v) * about, hi + abs(v) * about
    if b in ("more_than", "at_least"):
        return lo, float("inf")
    if b in ("less_than", "at_most"):
        return 0.0, hi
    return lo, hi


def describe(values: list[Claim]) -> str:
    """ "633" or "300 + 400" for a message."""
    return " + ".join(num(c.value) for c in values)


def num(v: float | int | None) -> str:
    if v is None:
        return "?"
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, int):
        return f"{v:,}" if abs(v) >= 1000 else str(v)
    return f"{v:.4g}"


@dataclass(frozen=True)
class TotalParams(Params):
    """Options of the total checks."""

    about: float = 0.1  # relative slack for a figure given as "about" / "approximately"


@check("subcounts_within_total", params=TotalParams, fields=("total", "parts", "parts_sum", "excess"))
def subcounts_within_total(ctx: CheckContext) -> Iterator[Hit]:
    """A subset counted inside a total ("595 citizens, including 33 men") cannot be larger
    than the total, and several disjoint subsets cannot add up to more than it."""
    about = ctx.params.about
    for rel in ctx.claims.relations_of("subcount", "ratio"):
        if rel.kind == "ratio":
            total, parts = rel.members[1], [rel.members[0]]
        else:
            total, parts = rel.members[0], list(rel.members[1:])
        if total.value is None or any(p.value is None for p in parts):
            continue
        _, t_hi = interval(total, about)
        lows = [interval(p, about)[0] for p in parts]
        if rel.kind == "subcount" and len(parts) > 1 and not rel.attr("disjoint"):
            # parts that may overlap ("20 women and 15 students"): only each one alone counts
            k = max(range(len(parts)), key=lambda q: lows[q])
            parts, lows = [parts[k]], [lows[k]]
        # one part alone, or the parts together
        worst = max(range(len(parts)), key=lambda k: lows[k])
        if lows[worst] > t_hi:
            shown = [parts[worst]]
        elif sum(lows) > t_hi:
            shown = parts
        else:
            continue
        s = sum(float(p.value) for p in shown)
        yield ctx.hit(total.span, related=[p.span for p in shown], total=num(total.value),
                      parts=describe(shown) + ("" if len(shown) == 1 else f" = {num(s)}"),
                      parts_sum=num(s), excess=num(s - float(total.value)))


@check("breakdown_sums_to_total", params=TotalParams,
       fields=("total", "parts", "parts_sum", "difference"))
def breakdown_sums_to_total(ctx: CheckContext) -> Iterator[Hit]:
    """A total followed by an exhaustive list of its parts must equal their sum."""
    about = ctx.params.about
    for rel in ctx.claims.relations_of("breakdown"):
        total, parts = rel.members[0], rel.members[1:]
        if total.value is None or any(p.value is None for p in parts):
            continue
        t_lo, t_hi = interval(total, about)
        lo = hi = 0.0
        for p in parts:
            a, b = interval(p, about)
            lo, hi = lo + a, hi + b
        if hi < t_lo or lo > t_hi:
            s = sum(float(p.value) for p in parts)
            yield ctx.hit(total.span, related=[p.span for p in parts], total=num(total.value),
                          parts=describe(list(parts)), parts_sum=num(s),
                          difference=num(abs(s - float(total.value))))
