"""The same count given twice with two values: "repatriated 595 citizens" ... "594 citizens"."""
from __future__ import annotations

from typing import Iterator

from ..claims import Relation
from .base import CheckContext, Hit, check
from .totals import num


@check("figure_restated_consistently", fields=("first", "second", "noun", "line"))
def figure_restated_consistently(ctx: CheckContext) -> Iterator[Hit]:
    """A figure restated later with the same counted noun, the same event words around it
    and the same dates in its sentence must keep its value. Matching is by an index on that
    key, so the whole document is compared in one pass."""
    first: dict[object, Relation] = {}
    for rel in ctx.claims.relations_of("counted"):
        key = rel.attr("key")
        seen = first.get(key)
        if seen is None:
            first[key] = rel
            continue
        a, b = seen.members[0], rel.members[0]
        if a.value == b.value:
            continue
        line = ctx.doc.lines.position(a.span.start).line
        yield ctx.hit(b.span, related=[a.span], first=num(a.value), second=num(b.value),
                      noun=b.noun or "", line=line)
