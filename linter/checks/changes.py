"""Changes between two figures against the words that describe them: direction, percent,
factor ("doubled") and fraction ("by a third")."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from ..spans import Span
from .base import CheckContext, Hit, Params, check
from .percents import decimals
from .totals import interval, num

# How far a ratio may stray from the factor a word names, by the hedge in front of it.
_FACTOR_SLACK = {None: (0.875, 1.125), "about": (0.8, 1.2), "nearly": (0.75, 1.02),
                 "more": (0.97, float("inf"))}
_FACTOR_WORDS = {2: "doubled", 3: "tripled", 4: "quadrupled", 0.5: "halved"}


@dataclass(frozen=True)
class ChangeParams(Params):
    """Options of `change_matches_words`."""

    about: float = 0.1  # relative slack for an "about 30 percent" change
    fraction_slack: float = 0.05  # absolute slack for "by a third" (0.333 +- 0.05)


def _pct(v: float) -> str:
    return f"{num(round(v, 1))}%"


@check("change_matches_words", params=ChangeParams,
       fields=("start", "end", "actual", "stated"))
def change_matches_words(ctx: CheckContext) -> Iterator[Hit]:
    """ "rose from 400 to 600, an increase of 30 percent": the direction, the percent, the
    factor or the fraction stated for a change must agree with its two figures."""
    for rel in ctx.claims.relations_of("change"):
        a, b = rel.members[0], rel.members[1]
        if a.value is None or b.value is None or not rel.attr("near"):
            continue
        x, y = float(a.value), float(b.value)
        direction = rel.attr("direction")
        problem = None
        if direction == "up" and y <= x or direction == "down" and y >= x:
            d = f"{num(abs(y - x))}" + (f" ({_pct(abs(y - x) / x * 100)})" if x > 0 else "")
            actual = "no change" if y == x else (f"a decrease of {d}" if y < x else f"an increase of {d}")
            problem = (actual, f"'{rel.attr('verb')}'", None)
        elif x > 0:
            factor = rel.attr("factor")
            fraction = rel.attr("fraction")
            pct = rel.members[2] if len(rel.members) > 2 else None
            if factor is not None:
                # "doubled": to/from; "halved", "a fourfold decline": from/to
                shrink = factor < 1 or direction == "down"
                ratio = (x / y if y else float("inf")) if shrink else y / x
                want = factor if factor >= 1 else 1 / factor
                lo, hi = _FACTOR_SLACK.get(rel.attr("hedge"), _FACTOR_SLACK[None])
                if not (want * lo <= ratio <= want * hi):
                    word = rel.attr("factor_word") or _FACTOR_WORDS.get(factor, f"x{num(factor)}")
                    moved = "a fall" if y < x else "a rise"
                    shown = f"{moved} by a factor of {num(round(max(x, y) / min(x, y), 2))}" \
                        if min(x, y) > 0 else f"{moved} to {num(y)}"
                    problem = (shown, f"'{word}'", None)
            elif fraction is not None:
                got = abs(y - x) / x
                if abs(got - fraction) > ctx.params.fraction_slack:
                    problem = (f"a change of {_pct(got * 100)}",
                               f"a change of {_pct(fraction * 100)} ('{rel.attr('fraction_text')}')", None)
            elif pct is not None and pct.value is not None:
                p = float(pct.value)
                rel_change = abs(y - x) / x * 100
                step = 10 ** -decimals(pct)
                slack = step + (max(2.0, p * ctx.params.about) if pct.bound == "about" else 0)
                # the figures are rounded too ("$1.37 billion"): every change they allow
                (x0, x1), (y0, y1) = interval(a, 0), interval(b, 0)
                rel = [abs(yy - xx) / xx * 100 for xx in (x0, x1) for yy in (y0, y1) if xx > 0]
                points = [abs(yy - xx) for xx in (x0, x1) for yy in (y0, y1)]
                candidates = [(min(rel), max(rel))] if rel else []
                if a.kind == "percent" and b.kind == "percent":
                    candidates.append((min(points), max(points)))  # "rose 10 percent": points?
                if pct.unit == "percentage point":
                    candidates = [(min(points), max(points))]
                ok = any(_within(lo, hi, p, slack, pct.bound) for lo, hi in candidates)
                if not ok and pct.unit == "percentage point":
                    problem = (f"a change of {num(round(abs(y - x), 2))} percentage points", pct.text,
                               pct.span)
                elif not ok:
                    problem = (f"a change of {_pct(rel_change)}", pct.text, pct.span)
        if problem is None:
            continue
        actual, stated, at = problem
        span = at or Span(min(a.span.start, b.span.start), max(a.span.end, b.span.end))
        yield ctx.hit(span, related=[a.span, b.span], start=num(a.value), end=num(b.value),
                      actual=actual, stated=stated)


def _within(lo: float, hi: float, stated: float, slack: float, bound: str) -> bool:
    """Whether some value in [lo, hi] reads as `stated` (with its bound and rounding)."""
    if bound in ("more_than", "at_least"):
        return hi >= stated - slack
    if bound in ("less_than", "at_most"):
        return lo <= stated + slack
    return lo - slack < stated < hi + slack
