"""Markdown tables: a Total row or column against the cells it sums; percent columns to 100."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

from .base import CheckContext, Hit, Params, check
from .percents import decimals
from .totals import num


@dataclass(frozen=True)
class TableParams(Params):
    """Options of `table_total_matches`."""

    tolerance: float = 0.0  # allowed absolute difference for counts


@check("table_total_matches", params=TableParams, fields=("total", "parts_sum", "line", "difference"))
def table_total_matches(ctx: CheckContext) -> Iterator[Hit]:
    """A cell in a row or column labelled Total (Sum, All) must equal the sum of the other
    cells of its column or row; a percent column whose total is 100 must sum to 100 within
    the rounding of its cells."""
    for rel in ctx.claims.relations_of("table_sum"):
        total, parts = rel.members[0], rel.members[1:]
        if total.value is None or any(p.value is None for p in parts):
            continue
        s = sum(float(p.value) for p in parts)
        if rel.attr("percent"):
            d = max(decimals(p) for p in parts)
            slack = len(parts) * 0.5 * 10 ** -d + 1e-9
        else:
            slack = ctx.params.tolerance + 1e-9
        diff = s - float(total.value)
        if abs(diff) <= slack:
            continue
        line = "column" if rel.attr("axis") == "column" else "row"
        yield ctx.hit(total.span, related=[p.span for p in parts], total=num(total.value),
                      parts_sum=num(round(s, 6)), line=line, difference=num(round(abs(diff), 6)))
