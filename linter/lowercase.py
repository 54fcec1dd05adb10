"""Lower-casing that keeps every offset, in pieces: the hedge rules' anchor scan reads a
lowered copy of the text at the offsets of the original.

str.lower() of a non-ASCII text allocates 12 bytes a character of scratch (120 MB for a
10 MB report), so the text is lowered in pieces that end just after a space: no casing
rule looks across a space (a final sigma reads only its neighbours), so the pieces read
as the whole would. One character, "İ" (U+0130), lowers to two and would shift every
offset after it; a text holding it is lowered a character at a time, keeping that one
as it is (so is any piece that a future Unicode table lengthens).
"""
from __future__ import annotations

from typing import Iterator

PIECE = 1 << 16  # characters lowered at a time
_WIDENS = "\u0130"  # the only character whose lower() is two characters long


def _per_char(piece: str) -> str:
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in piece)


def lower_pieces(text: str) -> Iterator[tuple[int, str]]:
    """(offset, lowered piece) covering `text`, each piece as long as its source."""
    per_char = _WIDENS in text
    pos, n = 0, len(text)
    while pos < n:
        end = text.find(" ", pos + PIECE) + 1 if pos + PIECE < n else n
        end = end if end > 0 else n
        piece = text[pos:end]
        low = _per_char(piece) if per_char else piece.lower()
        if len(low) != len(piece):
            low = _per_char(piece)
        yield pos, low
        pos = end

