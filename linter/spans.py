"""Spans and positions: offsets are carried from the reader to the finding, never searched for."""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Half-open character range [start, end) into the original file text (0-based)."""

    start: int
    end: int

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, other: "Span") -> bool:
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: "Span") -> bool:
        return self.start < other.end and other.start < self.end

    def shift(self, delta: int) -> "Span":
        return Span(self.start + delta, self.end + delta)


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column (in characters), plus the 0-based offset it came from."""

    line: int
    column: int
    offset: int

    def to_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "offset": self.offset}


class LineIndex:
    """Maps offsets to line/column. "\\r\\n", "\\r" and "\\n" each end one line."""

    def __init__(self, text: str) -> None:
        starts = [0]
        i, n = 0, len(text)
        find = text.find
        # Scan for line breaks without a regex per char; "\r\n" counts once.
        while True:
            j_n = find("\n", i)
            j_r = find("\r", i)
            if j_n < 0 and j_r < 0:
                break
            if j_r >= 0 and (j_n < 0 or j_r < j_n):
                nxt = j_r + 2 if j_r + 1 < n and text[j_r + 1] == "\n" else j_r + 1
            else:
                nxt = j_n + 1
            starts.append(nxt)
            i = nxt
        self.starts = starts
        self.length = n

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, self.length))
        line = bisect_right(self.starts, offset) - 1
        return Position(line + 1, offset - self.starts[line] + 1, offset)

    def line_span(self, line: int) -> Span:
        """Span of 1-based line `line`, without its line break."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else self.length
        return Span(start, end)

    def line_count(self) -> int:
        return len(self.starts)
