"""Table sums: a Total row or column and the cells it adds up, read from the document's
tables or from pipe tables in plain text.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterator

from ..claims import Claim, ClaimSet, Relation
from ..document import Cell, Document, Table
from ..spans import Span
from .sentence import _rel


_CELL_NUM = re.compile(r"\(?([-\u2212]?)(\d{1,3}(?:[,\u00a0 ]\d{3})+|\d+)(\.\d+)?\)?\s*(%?)")
_TOTAL_LABEL = re.compile(r"(?i)^\W*(total|totals|sum|all|overall|grand total)\b")
_SUBTOTAL_LABEL = re.compile(r"(?i)^\W*sub-?\s?totals?\b")
# Columns whose cells do not add up: labels, years, rates, averages, changes, prices.
_NOT_ADDITIVE = re.compile(r"\b(year|years|no|nr|#|rank|code|id|change|growth|rate|rates|average|"
                           r"avg|mean|median|ratio|index|per|density|score|age|price|prices|wage|"
                           r"salary|capita)\b")


def _cell_claim(doc: Document, claims: list[Claim], starts: list[int], span: Span) -> Claim | None:
    """The single number of a table cell (a claim the grammar found, or the cell's numeral)."""
    text = doc.masked[span.start:span.end].strip().strip("*_")
    k = bisect_left(starts, span.start)
    inside = []
    while k < len(claims) and claims[k].span.start < span.end:
        if claims[k].span.end <= span.end:
            inside.append(claims[k])
        k += 1
    if len(inside) == 1 and inside[0].kind in ("number", "percent") and inside[0].value is not None \
            and len(inside[0].text.strip()) >= len(text) - 2:
        return inside[0]
    m = _CELL_NUM.fullmatch(text)
    if not m:
        return None
    value: float = float(re.sub(r"[,\u00a0 ]", "", m.group(2)) + (m.group(3) or ""))
    if m.group(1):
        value = -value
    if value.is_integer() and not m.group(3):
        value = int(value)
    return Claim("percent" if m.group(4) else "number", span, text, value=value,
                 unit="%" if m.group(4) else None)


def _table_sums(doc: Document, claims: ClaimSet) -> Iterator[Relation]:
    cl = claims.claims
    starts = [c.span.start for c in cl]
    tables = doc.tables
    if not tables and doc.format == "text" and ("|-" in doc.masked or "| -" in doc.masked):
        tables = list(_pipe_tables(doc.masked))
    for table in tables:
        yield from _table_relations(doc, table, cl, starts)


_PIPE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.M)
_PIPE_RULE = re.compile(r"^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*(?::?-{3,}:?)?[ \t]*$")


def _pipe_tables(text: str) -> Iterator[Table]:
    """Pipe tables in a plain-text file ("| Region | Cases |" over "|---|---|"), which the
    Markdown reader gives as doc.tables but a .txt reader does not."""
    block: list[re.Match] = []
    pos = 0

    def flush() -> Iterator[Table]:
        if len(block) >= 3 and _PIPE_RULE.match(block[1].group()):
            rows = []
            for m in (block[0], *block[2:]):
                cells, col = [], 0
                line_start = m.start()
                bars = [k for k, ch in enumerate(m.group()) if ch == "|"]
                for a, b in zip(bars, bars[1:]):
                    raw = m.group()[a + 1:b]
                    lead = len(raw) - len(raw.lstrip())
                    st = line_start + a + 1 + lead
                    cells.append(Cell(Span(st, st + len(raw.strip())), len(rows), col))
                    col += 1
                rows.append(tuple(cells))
            yield Table(Span(block[0].start(), block[-1].end()), tuple(rows), 0)

    for m in _PIPE_ROW.finditer(text):
        if block and text[pos:m.start()].strip("\r\n") != "":
            yield from flush()
            block = []
        block.append(m)
        pos = m.end()
    if block:
        yield from flush()


def _label(doc: Document, span: Span) -> str:
    return doc.masked[span.start:span.end].strip().strip("*_ ")


def _table_relations(doc: Document, table: Table, cl: list[Claim], starts: list[int]) -> Iterator[Relation]:
    rows = table.rows
    if len(rows) < 3:
        return
    grid = [[_cell_claim(doc, cl, starts, cell.span) for cell in row] for row in rows]
    header = [_label(doc, c.span).lower() for c in rows[0]]
    width = len(rows[0])
    pct_col = [("%" in h or "percent" in h or "share" in h) for h in header]
    skip_col = [bool(_NOT_ADDITIVE.search(h)) for h in header]
    body = list(range(1, len(rows)))
    labels = [_label(doc, rows[r][0].span) if rows[r] else "" for r in range(len(rows))]
    if any(_SUBTOTAL_LABEL.match(labels[r]) for r in body):
        return  # subtotals and a total: which rows add up to what is not ours to guess
    total_rows = [r for r in body if _TOTAL_LABEL.match(labels[r])]
    # A Total row: each numeric column sums to it.
    if len(total_rows) == 1:
        tr = total_rows[0]
        others = [r for r in body if r != tr]
        for col in range(1, width):
            if skip_col[col] or col >= len(grid[tr]) or grid[tr][col] is None:
                continue
            parts = [grid[r][col] if col < len(grid[r]) else None for r in others]
            if len(parts) < 2 or any(p is None for p in parts):
                continue
            tot = grid[tr][col]
            is_pct = pct_col[col] or all(p.kind == "percent" for p in parts)
            if is_pct and tot.value not in (100, 100.0):
                continue
            if any(p.kind != tot.kind for p in parts) and not is_pct:
                continue
            yield _rel("table_sum", [tot] + parts, percent=is_pct, axis="column")
    # A Total column: the numeric columns of each row sum to it.
    total_cols = [k for k, h in enumerate(header) if _TOTAL_LABEL.match(h)]
    if len(total_cols) == 1:
        tc = total_cols[0]
        cols = [k for k in range(1, width) if k != tc and not skip_col[k] and not pct_col[k]]
        if len(cols) >= 2:
            for r in body:
                row = grid[r]
                if tc >= len(row) or row[tc] is None or row[tc].kind != "number":
                    continue
                parts = [row[k] if k < len(row) else None for k in cols]
                if any(p is None or p.kind != "number" for p in parts):
                    continue
                yield _rel("table_sum", [row[tc]] + parts, percent=False, axis="row")
