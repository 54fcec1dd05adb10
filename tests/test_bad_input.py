"""Hostile inputs through the CLI: no traceback, no hang, no file skipped in silence.

Each input ends with exit 0/1 (linted) or 2 with one stderr line naming the file (not
lintable, the others still linted). Big inputs are timed at N and 4N: the ratio must
stay well under quadratic (< 8, generous for a shared machine); these are guards
against blow-ups, not the speed benchmark (tests/benchmarks/).
"""
from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from linter.cli import main

BAD = "The hearing was held on February 30, 2019."
CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def check(tmp_path, capsys, monkeypatch, *paths, fmt="json"):
    """Run `reportlint check` in-process in tmp_path; (exit code, findings or text, stderr)."""
    monkeypatch.chdir(tmp_path)
    code = main(["check", "--no-cache", "-j", "1", "--format", fmt, *map(str, paths)])
    out, err = capsys.readouterr()
    return code, (json.loads(out) if fmt == "json" else out), err


def by_rule(findings, rule):
    return [f for f in findings if f["rule"] == rule]


def timed(fn) -> float:
    start = time.process_time()  # CPU time: other work on the machine does not count
    fn()
    return max(time.process_time() - start, 1e-3)


def assert_linear(tmp_path, capsys, monkeypatch, make, n: int, name: str = "big.txt"):
    """Lint make(n) and make(4n); 4x the input may not take 8x the time."""
    times = []
    for size in (n, 4 * n):
        path = tmp_path / name
        data = make(size)
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        res = {}
        times.append(timed(lambda: res.update(r=check(tmp_path, capsys, monkeypatch, name,
                                                      fmt="concise"))))
        code, _, err = res["r"]
        assert code in (0, 1) and "Traceback" not in err, err
    assert times[1] / times[0] < 8, times
    return times


def prose(chars: int, sep: str = "\n") -> str:
    """Report prose: corpus text when ../shared is there, else a generated paragraph."""
    if CORPUS.is_dir():
        text = "\n\n".join(p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))[:12])
    else:
        text = ("In 2019, the office received 1,204 complaints, 35 percent more than in 2018. "
                "Of these, 812 concerned detention and about 400 were reportedly resolved.\n\n")
    text = (text * (chars // len(text) + 1))[:chars]
    return text.replace("\n", sep) if sep != "\n" else text


# ---------------------------------------------------------------- unlintable inputs


def test_binary_file_exit_2_one_line_and_others_still_linted(tmp_path, capsys, monkeypatch):
    (tmp_path / "a.md").write_text(BAD)
    (tmp_path / "b.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 40)
    code, found, err = check(tmp_path, capsys, monkeypatch, ".")
    assert code == 2
    assert err.splitlines() == ["b.txt: error: binary file, not linted"]
    assert [f["path"] for f in by_rule(found, "T001")] == ["a.md"]


def test_file_deleted_between_discovery_and_read(tmp_path, capsys, monkeypatch):
    import linter.cli as cli

    (tmp_path / "a.md").write_text(BAD)
    (tmp_path / "gone.md").write_text(BAD)
    real = cli.discover

    def discover_then_delete(*args, **kwargs):
        found = real(*args, **kwargs)
        (tmp_path / "gone.md").unlink()
        return found

    monkeypatch.setattr(cli, "discover", discover_then_delete)
    code, found, err = check(tmp_path, capsys, monkeypatch, ".")
    assert code == 2
    assert err.splitlines() == ["gone.md: error: No such file or directory"]
    assert [f["path"] for f in by_rule(found, "T001")] == ["a.md"]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads chmod 000 files")
def test_unreadable_file(tmp_path, capsys, monkeypatch):
    (tmp_path / "a.md").write_text(BAD)
    locked = tmp_path / "locked.md"
    locked.write_text(BAD)
    locked.chmod(0)
    try:
        code, found, err = check(tmp_path, capsys, monkeypatch, ".")
    finally:
        locked.chmod(0o644)
    assert code == 2 and err.splitlines() == ["locked.md: error: Permission denied"]
    assert [f["path"] for f in by_rule(found, "T001")] == ["a.md"]


def test_symlink_loops_in_a_folder(tmp_path, capsys, monkeypatch):
    d = tmp_path / "d"
    d.mkdir()
    (d / "a.md").write_text(BAD)
    os.symlink(d, d / "again")  # a folder loop: not followed
    os.symlink(d / "y.md", d / "x.md")  # a file loop: named, and refused
    os.symlink(d / "x.md", d / "y.md")
    code, found, err = check(tmp_path, capsys, monkeypatch, "d")
    assert code == 2
    assert sorted(err.splitlines()) == ["d/x.md: error: Too many levels of symbolic links",
                                        "d/y.md: error: Too many levels of symbolic links"]
    assert [f["path"] for f in by_rule(found, "T001")] == ["d/a.md"]


# ---------------------------------------------------------------- encodings and line breaks


def test_invalid_utf8_is_linted_with_a_warning_and_right_positions(tmp_path, capsys, monkeypatch):
    data = b"Caf\xe9 \xff\xfe report.\n\xc3(bad) " + BAD.encode() + b"\n"
    (tmp_path / "a.txt").write_bytes(data)
    code, found, err = check(tmp_path, capsys, monkeypatch, "a.txt")
    assert code == 1 and err == ""
    text = data.decode("utf-8", errors="replace")
    (t001,) = by_rule(found, "T001")
    start = text.index("February")
    assert t001["start"] == {"line": 2, "column": start - text.index("\n"), "offset": start}
    assert "invalid UTF-8 at byte 3" in by_rule(found, "X002")[0]["message"]


@pytest.mark.parametrize("bom,encoding", [
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
])
def test_byte_order_marks(tmp_path, capsys, monkeypatch, bom, encoding):
    (tmp_path / "a.md").write_bytes(bom + f"# Ünïcode\n\n{BAD}\n".encode(encoding))
    code, found, _ = check(tmp_path, capsys, monkeypatch, "a.md")
    assert code == 1
    (t001,) = by_rule(found, "T001")
    assert t001["start"] == {"line": 3, "column": 25, "offset": 35}


@pytest.mark.parametrize("nl", ["\r\n", "\r", "\n"])
def test_line_endings(tmp_path, capsys, monkeypatch, nl):
    text = nl.join(["Title", "", "Some words here,", BAD, ""])
    (tmp_path / "a.txt").write_bytes(text.encode())
    code, found, _ = check(tmp_path, capsys, monkeypatch, "a.txt")
    (t001,) = by_rule(found, "T001")
    assert code == 1 and t001["start"]["line"] == 4 and t001["start"]["column"] == 25
    assert text[t001["start"]["offset"]:t001["end"]["offset"]] == "February 30, 2019"


def test_empty_and_blank_files(tmp_path, capsys, monkeypatch):
    (tmp_path / "empty.md").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"\r\n \n\t\r")
    (tmp_path / "bom.md").write_bytes(b"\xef\xbb\xbf")
    code, found, err = check(tmp_path, capsys, monkeypatch, ".")
    assert (code, found, err) == (0, [], "")


# ---------------------------------------------------------------- odd structure


def test_unterminated_front_matter_is_read_as_text(tmp_path, capsys, monkeypatch):
    (tmp_path / "a.md").write_text(f"---\ntitle: Draft\nperiod: 2019\n\n{BAD}\n")
    code, found, _ = check(tmp_path, capsys, monkeypatch, "a.md")
    assert code == 1 and by_rule(found, "T001")
    assert "front matter is not terminated" in by_rule(found, "X002")[0]["message"]


def test_front_matter_with_an_impossible_date_is_ignored_with_its_line(tmp_path, capsys, monkeypatch):
    """Found by fuzzing: PyYAML resolves "2020-06-64" as a date, then fails to build it
    with a ValueError (not a YAMLError), which used to end the whole run."""
    (tmp_path / "a.md").write_text(f"---\ntitle: Draft\npublished: 2020-06-64\n---\n\n{BAD}\n")
    code, found, _ = check(tmp_path, capsys, monkeypatch, "a.md")
    assert code == 1 and by_rule(found, "T001")
    assert "front matter is not valid YAML (line 3): day is out of range" in by_rule(found, "X002")[0]["message"]


@pytest.mark.parametrize("make", [
    lambda n: "".join("  " * i + f"- item {i} of {n}\n" for i in range(n)),
    lambda n: "".join(">" * i + f" quote {i}\n" for i in range(n)),
    lambda n: ">" * n + " " + "- " * n + BAD + "\n",
], ids=["lists", "quotes", "quoted-lists"])
def test_thousand_levels_of_nesting(tmp_path, capsys, monkeypatch, make):
    (tmp_path / "deep.md").write_text(make(1000))
    code, found, err = check(tmp_path, capsys, monkeypatch, "deep.md")
    assert code in (0, 1) and err == ""
    assert not by_rule(found, "X000")


def test_half_written_and_huge_tables(tmp_path, capsys, monkeypatch):
    (tmp_path / "half.md").write_text("| a | b |\n|---|\n| 1 | 2 | 3 |\n| 4\n|\n| --- |\n")
    code, found, err = check(tmp_path, capsys, monkeypatch, "half.md")
    assert code in (0, 1) and not by_rule(found, "X000")

    def table(rows):
        return "| region | cases |\n|---|---:|\n" + "".join(f"| r{i} | {i * 7} |\n" for i in range(rows))

    assert_linear(tmp_path, capsys, monkeypatch, table, 1_000, "table.md")


@pytest.mark.slow
def test_ten_thousand_row_table(tmp_path, capsys, monkeypatch):
    rows = "".join(f"| r{i} | {i * 7} |\n" for i in range(10_000))
    (tmp_path / "t.md").write_text("| region | cases |\n|---|---:|\n" + rows + "| total | 1 |\n")
    code, found, err = check(tmp_path, capsys, monkeypatch, "t.md")
    assert code in (0, 1) and err == "" and not by_rule(found, "X000")


# ---------------------------------------------------------------- size


def test_hundred_thousand_digit_number(tmp_path, capsys, monkeypatch):
    assert_linear(tmp_path, capsys, monkeypatch,
                  lambda n: f"The office counted {'7' * n} complaints, {'1' * n}.{'2' * n} percent.\n",
                  10_000)
    (tmp_path / "num.txt").write_text(f"The office counted {'9' * 100_000} complaints.\n")
    code, found, err = check(tmp_path, capsys, monkeypatch, "num.txt")
    assert code in (0, 1) and err == "" and not by_rule(found, "X000")


def test_many_short_number_tokens(tmp_path, capsys, monkeypatch):
    assert_linear(tmp_path, capsys, monkeypatch,
                  lambda n: " ".join(str(i % 1000) for i in range(n)), 10_000)


def test_long_single_line_scales_linearly(tmp_path, capsys, monkeypatch):
    assert_linear(tmp_path, capsys, monkeypatch, lambda n: prose(n, sep=" "), 125_000)


def test_large_file_scales_linearly(tmp_path, capsys, monkeypatch):
    assert_linear(tmp_path, capsys, monkeypatch, prose, 250_000, "big.md")


@pytest.mark.slow
def test_one_million_number_tokens(tmp_path, capsys, monkeypatch):
    (tmp_path / "n.txt").write_text(" ".join(str(i % 1000) for i in range(1_000_000)))
    code, found, err = check(tmp_path, capsys, monkeypatch, "n.txt", fmt="concise")
    assert code in (0, 1) and "X000" not in found and err == ""


@pytest.mark.slow
def test_five_megabyte_single_line(tmp_path, capsys, monkeypatch):
    assert_linear(tmp_path, capsys, monkeypatch, lambda n: prose(n, sep=" "), 1_250_000)


@pytest.mark.slow
def test_fifty_megabyte_file(tmp_path, capsys, monkeypatch):
    (tmp_path / "big.txt").write_text(prose(50_000_000))
    res = {}
    seconds = timed(lambda: res.update(r=check(tmp_path, capsys, monkeypatch, "big.txt", fmt="concise")))
    code, out, err = res["r"]
    assert code in (0, 1) and err == "" and "X000" not in out
    assert seconds < 1200


# ---------------------------------------------------------------- found by fuzzing


@pytest.mark.parametrize("text", [
    "It was the 303.5th day of 2019.", "The 1,000th visitor came.", "12.5nd and .5th place.",
    "The 1\u00a0000th visitor.",
])
def test_ordinal_suffix_on_a_decimal_or_separated_figure(tmp_path, capsys, monkeypatch, text):
    """tests/fuzz: int('303.5') in the tokenizer crashed the whole file."""
    (tmp_path / "a.txt").write_text(text)
    code, found, err = check(tmp_path, capsys, monkeypatch, "a.txt")
    assert code in (0, 1) and err == "" and not by_rule(found, "X000")


def test_a_grammar_crash_is_an_internal_error_finding_not_a_traceback(tmp_path, capsys, monkeypatch):
    import linter.engine as engine

    def broken(doc):
        raise ValueError("boom")

    monkeypatch.setattr(engine, "extract", broken)
    (tmp_path / "a.md").write_text(BAD)
    (tmp_path / "b.md").write_text(BAD)
    code, found, err = check(tmp_path, capsys, monkeypatch, ".")
    assert err == "" and code == 1
    assert [f["path"] for f in by_rule(found, "X000")] == ["a.md", "b.md"]
    assert "claim extraction failed on this file" in by_rule(found, "X000")[0]["message"]
