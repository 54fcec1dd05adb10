"""Hedged figures: quantity claims the grammar read as approximate or as a bound.

The hedge comes from the claim's `bound` ("approximately 600" is `about`, "as many as
90 percent" is `at_most`), never from a second word list, so the rule and the grammar
cannot disagree about which words make a figure approximate.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterator

from ..claims import BOUNDS, KINDS
from .base import CheckContext, Hit, Params, check


@dataclass(frozen=True)
class FigureParams(Params):
    """Options of `bounded_figure`."""

    bounds: tuple[str, ...] = ("about", "at_most", "more_than")
    kinds: tuple[str, ...] = ("number", "percent", "money", "range")
    # How each bound reads in the message: {about: "an approximation", ...}.
    describe: dict = field(default_factory=dict)
    skip_quoted: bool = True  # a figure inside a quotation is someone else's

    def __post_init__(self) -> None:
        super().__post_init__()
        for b in self.bounds:
            if b not in BOUNDS:
                raise ValueError(f"bounds: {b!r} is not one of {', '.join(BOUNDS)}")
        for k in self.kinds:
            if k not in KINDS:
                raise ValueError(f"kinds: {k!r} is not one of {', '.join(KINDS)}")
        for k, v in self.describe.items():
            if k not in BOUNDS or not isinstance(v, str):
                raise ValueError(f"describe: {k!r} must be a bound ({', '.join(BOUNDS)}) "
                                 "mapped to a phrase")


@check("bounded_figure", params=FigureParams, fields=("figure", "bound", "bound_text"))
def bounded_figure(ctx: CheckContext) -> Iterator[Hit]:
    """Report quantity claims whose bound is one of `bounds` (approximate, upper, lower)."""
    p: FigureParams = ctx.params  # type: ignore[assignment]
    bounds, kinds = frozenset(p.bounds), frozenset(p.kinds)
    quoted_at = None
    if p.skip_quoted:
        from .quotes import quoted_at
    scope = None
    for claim in ctx.claims:
        if claim.kind not in kinds or claim.bound not in bounds or claim.adjectival:
            continue
        if scope is None:
            from .phrases import scope_spans

            scope = scope_spans(ctx)
        if scope.at(claim.span.start) is None:
            continue  # not in prose this rule reads (the units would drop it too)
        if quoted_at is not None and quoted_at(ctx.index, claim.span.start, claim.span.end):
            continue
        yield ctx.hit(claim.span, figure=" ".join(claim.text.split()), bound=claim.bound,
                      bound_text=p.describe.get(claim.bound, claim.bound.replace("_", " ")))
