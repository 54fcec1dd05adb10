"""Reader: bytes become text without moving the offsets findings will report."""
from __future__ import annotations

import io
from pathlib import Path

import pytest

from linter.document import parse_document
from linter.reader import InputError, read_bytes_as_text, read_path, read_stdin

TEXT = "Wiedner Hauptstraße 32.\r\nIn 2019, 12 cases were reported.\rNur-Sultan — the capital.\n"


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        b"\xff\xfe" + TEXT.encode("utf-16-le"),
        b"\xfe\xff" + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-16"),  # platform BOM
        b"\xff\xfe\x00\x00" + TEXT.encode("utf-32-le"),
    ],
    ids=["utf8", "utf8-bom", "utf16le-bom", "utf16be-bom", "utf16-native", "utf32le-bom"],
)
def test_decodings_give_the_same_text(data: bytes) -> None:
    text, warnings = read_bytes_as_text(data, "x.txt")
    # The BOM is dropped, line endings are kept exactly.
    assert (text, warnings) == (TEXT, [])


def test_invalid_utf8_is_replaced_and_positions_stay_consistent() -> None:
    data = b"Alpha \xff beta.\r\nIn 2019, \xe2\x82 12 cases were reported.\n"
    text, warnings = read_bytes_as_text(data, "x.txt")
    assert warnings == ["invalid UTF-8 at byte 6; replaced with U+FFFD"]
    assert text == "Alpha \ufffd beta.\r\nIn 2019, \ufffd 12 cases were reported.\n"
    doc = parse_document(text, "x.txt")
    p = text.index("12 cases")
    assert doc.masked[p : p + 8] == "12 cases"
    pos = doc.lines.position(p)
    assert (pos.line, pos.column) == (2, len("In 2019, \ufffd ") + 1)
    assert [doc.sentence_text(s) for s in doc.sentences] == [
        "Alpha \ufffd beta.",
        "In 2019, \ufffd 12 cases were reported.",
    ]


def test_invalid_utf8_after_bom_counts_bytes_from_file_start() -> None:
    _, warnings = read_bytes_as_text(b"\xef\xbb\xbfab\xffc", "x.txt")
    assert warnings == ["invalid UTF-8 at byte 5; replaced with U+FFFD"]


def test_binary_content_is_refused() -> None:
    with pytest.raises(InputError) as info:
        read_bytes_as_text(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "chart.png")
    err = info.value
    assert (err.path, err.message) == ("chart.png", "binary file, not linted")
    assert str(err) == "chart.png: binary file, not linted"


def test_nul_after_the_sniffed_prefix_is_text() -> None:
    text, _ = read_bytes_as_text(b"a" * 9000 + b"\x00b", "x.txt")
    assert len(text) == 9002


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.md"
    with pytest.raises(InputError) as info:
        read_path(str(missing))
    assert info.value.path == str(missing)
    assert "\n" not in str(info.value) and "No such file" in info.value.message


def test_directory_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        read_path(str(tmp_path))


def test_read_path_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    assert read_path(str(path)) == (TEXT, [])
    binary = tmp_path / "report.docx"
    binary.write_bytes(b"PK\x03\x04\x00\x00")
    with pytest.raises(InputError, match="binary file, not linted"):
        read_path(str(binary))


def test_read_stdin_binary_and_text_streams() -> None:
    raw = io.BytesIO(b"\xff\xfe" + TEXT.encode("utf-16-le"))
    assert read_stdin(raw) == (TEXT, [])
    wrapped = io.TextIOWrapper(io.BytesIO(b"ab\xffc"), encoding="utf-8")
    assert read_stdin(wrapped) == ("ab\ufffdc", ["invalid UTF-8 at byte 2; replaced with U+FFFD"])
    assert read_stdin(io.StringIO("plain")) == ("plain", [])
    with pytest.raises(InputError, match="<stdin>: binary"):
        read_stdin(io.BytesIO(b"\x00\x01"))
