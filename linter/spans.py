"""Spans and positions: offsets are carried from the reader to the finding, never searched for."""
from __future__ import annotations

import re
from bisect import bisect_right
from collections import deque
from itertools import repeat
from dataclasses import dataclass, fields

from .results import position_record


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


def build_all(cls: type, columns: list, n: int) -> list:
    """`n` instances of the frozen, slotted dataclass `cls` from one value or list per field.

    A document has one Span, and one Sentence or Block, per sentence and paragraph; the
    generated frozen __init__ (a Python frame and an object.__setattr__ per field) made
    them a fifth of parsing. Here allocation and the slot stores run as C loops (map over
    object.__new__ and the slot descriptors), about twice as cheap. `columns` follows the
    field order; a value that is not a list is shared by all instances.
    """
    objs = list(map(object.__new__, repeat(cls, n)))
    for f, col in zip(fields(cls), columns, strict=True):
        setter = getattr(cls, f.name).__set__
        deque(map(setter, objs, col if isinstance(col, list) else repeat(col, n)), 0)
    return objs


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column (in characters), plus the 0-based offset it came from."""

    line: int
    column: int
    offset: int

    def to_dict(self) -> dict:
        return position_record(self)


_BREAK = re.compile(r"\r\n|\r|\n")
_LITERAL_BREAK = {b: re.compile(b) for b in ("\r\n", "\r", "\n")}


class LineIndex:
    """Maps offsets to line/column. "\\r\\n", "\\r" and "\\n" each end one line."""

    def __init__(self, text: str) -> None:
        # C-speed passes: when the file uses a single kind of line break (the usual case)
        # a literal regex, which the engine finds by character search (cheaper than a
        # split, which copies every line), else one scan for any break. Same starts.
        breaks = [b for b in ("\r\n", "\r", "\n") if b in text]
        if len(breaks) == 1 or (breaks[:1] == ["\r\n"] and text.count("\r") == text.count("\n")
                                == text.count("\r\n")):
            self.starts = [0]
            self.starts += [m.end() for m in _LITERAL_BREAK[breaks[0]].finditer(text)]
        else:
            self.starts = [0] + [m.end() for m in _BREAK.finditer(text)]
        self.length = len(text)

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, self.length))
        line = bisect_right(self.starts, offset) - 1
        return Position(line + 1, offset - self.starts[line] + 1, offset)

    def line_span(self, line: int) -> Span:
        """Span of 1-based line `line`, including its line break if it has one."""
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else self.length
        return Span(start, end)

    def line_count(self) -> int:
        return len(self.starts)
