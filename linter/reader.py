"""Reading input files: bytes to text, without moving any offset the linter reports.

Decoding rules (offsets and columns are code points of the decoded text):
- A UTF-8 byte-order mark is dropped: the document text starts after it, so offset 0
  is the first character after the BOM.
- UTF-16 and UTF-32 with a BOM are decoded (BOM dropped the same way).
- Otherwise UTF-8; invalid bytes become U+FFFD (one per bad sequence) with a warning.
- NUL bytes in the first 8 KB without a UTF-16/32 BOM mean a binary file: InputError.
- Line endings are kept as they are (CRLF, lone CR); LineIndex understands all three.
"""
from __future__ import annotations

import codecs
from typing import BinaryIO, TextIO

SNIFF_BYTES = 8192

# Longest BOM first: the UTF-32 LE BOM starts with the UTF-16 LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le", "UTF-32"),
    (codecs.BOM_UTF32_BE, "utf-32-be", "UTF-32"),
    (codecs.BOM_UTF8, "utf-8", "UTF-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16-be", "UTF-16"),
)


class InputError(Exception):
    """A file that cannot be linted at all (missing, unreadable, binary)."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(path, message)
        self.path = path
        self.message = message

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def read_bytes_as_text(data: bytes, path: str) -> tuple[str, list[str]]:
    """Decode file bytes; returns (text, warnings). Raises InputError for binary data."""
    warnings: list[str] = []
    for bom, encoding, name in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], encoding, name, len(bom), warnings), warnings
    if b"\x00" in data[:SNIFF_BYTES]:
        raise InputError(path, "binary file, not linted")
    return _decode(data, "utf-8", "UTF-8", 0, warnings), warnings


def _decode(data: bytes, encoding: str, name: str, skipped: int, warnings: list[str]) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        # Byte offsets count from the start of the file, BOM included.
        warnings.append(f"invalid {name} at byte {exc.start + skipped}; replaced with U+FFFD")
        return data.decode(encoding, errors="replace")


def read_path(path: str) -> tuple[str, list[str]]:
    """Read and decode a file; InputError (one-line message) when it cannot be read."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        message = exc.strerror or str(exc) or type(exc).__name__
        raise InputError(path, " ".join(message.split())) from None
    return read_bytes_as_text(data, path)


def read_stdin(stream: TextIO | BinaryIO, path: str = "<stdin>") -> tuple[str, list[str]]:
    """Read a whole stream (sys.stdin or a binary stream) with the same decoding rules."""
    raw = getattr(stream, "buffer", stream)
    data = raw.read()
    if isinstance(data, str):  # a text stream without a buffer: already decoded
        return data, []
    return read_bytes_as_text(data, path)
