"""Fuzz the whole pipeline: bytes -> reader -> parse_document (Markdown and plain text)
-> claims -> every rule (off-by-default and the example house rules too).

Not collected by pytest (the name does not start with test_). Run with atheris
(`pip install atheris`), which mutates a seed corpus of real reports with coverage
feedback:

    python tests/fuzz/fuzz_pipeline.py -max_total_time=1800 -max_len=4096

or without atheris, a hypothesis-driven loop over random bytes and mutated report text:

    python tests/fuzz/fuzz_pipeline.py --hypothesis --seconds 600

A crash is any exception, an X000 internal-error finding, or a finding whose offsets
lie outside the text or disagree with its line and column. atheris writes the input
to crash-<sha1>; reproduce with `python tests/fuzz/fuzz_pipeline.py crash-<sha1>`.
"""
from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SHARED = ROOT.parent / "shared"


def seed_texts(limit_per_file: int = 3000) -> list[bytes]:
    """Examples and snippets of the corpus: the shapes of real reports."""
    out: list[bytes] = []
    folders = [ROOT / "examples", SHARED / "examples"]
    for folder in folders:
        if folder.is_dir():
            for p in sorted(folder.rglob("*")):
                if p.suffix in (".md", ".txt") and p.is_file():
                    out.append(p.read_bytes()[:limit_per_file * 4])
    corpus = SHARED / "corpus"
    if corpus.is_dir():
        rng = random.Random(7)
        for p in sorted(corpus.glob("*.txt"))[:40]:
            data = p.read_bytes()
            at = rng.randrange(max(1, len(data) - limit_per_file))
            out.append(data[at:at + limit_per_file])
    return out


_RULES = None


def _rules():
    """Every rule enabled: built-in (off-by-default too) and the example house rules."""
    global _RULES
    if _RULES is None:
        from linter.engine import RuleSet
        from linter.rules import load_rule_dir, load_rules

        extra = load_rule_dir(ROOT / "examples" / "house-style" / "rules")
        _RULES = RuleSet([r.with_overrides(enabled=True) for r in load_rules(extra)])
    return _RULES


def _position(text: str, offset: int) -> tuple[int, int]:
    """(line, column), 1-based, recomputed naively: \\r\\n, \\r and \\n each end a line."""
    line, start, i = 1, 0, 0
    while True:
        j = min((k for k in (text.find("\r", i, offset), text.find("\n", i, offset)) if k >= 0),
                default=-1)
        if j < 0:
            return line, offset - start + 1
        nxt = j + 2 if text.startswith("\r\n", j) else j + 1
        if nxt > offset:  # offset sits between \r and \n
            return line, offset - start + 1
        line, start, i = line + 1, nxt, nxt


def check_text(text: str, path: str, fmt: str) -> list:
    """Lint `text` as `fmt`; raise AssertionError on an internal error or a bad position."""
    from linter.document import parse_document
    from linter.engine import lint_document

    doc = parse_document(text, path, fmt)
    findings = lint_document(doc, _rules())
    n = len(text)
    for f in findings:
        assert f.rule_id != "X000", f"internal error: {f.message}"
        assert 0 <= f.span.start <= f.span.end <= n, (f.rule_id, f.span, n)
        for pos, off in ((f.start, f.span.start), (f.end, f.span.end)):
            assert pos.offset == off, (f.rule_id, pos, off)
            assert (pos.line, pos.column) == _position(text, off), (f.rule_id, pos, _position(text, off))
    return findings


def one_input(data: bytes) -> None:
    """The fuzz target: decode like the reader, lint as both formats."""
    from linter.reader import InputError, read_bytes_as_text

    try:
        text, _warnings = read_bytes_as_text(data, "fuzz")
    except InputError:
        return
    check_text(text, "fuzz.md", "markdown")
    check_text(text, "fuzz.txt", "text")


# ---------------------------------------------------------------- without atheris

_TOKENS = ["1", "12", "2019", "1,234", "3.5", "45%", " percent", "$", "USD 2 million", "-", "–",
           "—", " to ", "between ", " and ", "January", "February 30", "Q3", "FY2020", "from ",
           "\"", "“", "”", "'", "(", ")", "[", "]", "*", "**", "_", "`", "```", "#", "> ",
           "- ", "1. ", "| a | b |\n|---|---|\n", "<!-- reportlint-disable -->", "<!--", "-->",
           "---\n", "\n", "\r\n", "\r", "\n\n", " ", "\t", "reportedly", "about ", "of whom ",
           "including ", "total", "increased by ", "years", "months", "twenty-five", "million",
           "\ufeff", "\x00", "\ufffd", "e.g.", "U.S.", "No. 5", "http://x.y/", "a@b.co"]


def _mutate(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(5)
        at = rng.randrange(len(b) + 1)
        if op == 0 and b:
            del b[at:at + rng.randint(1, 16)]
        elif op == 1:
            b[at:at] = rng.choice(_TOKENS).encode("utf-8")
        elif op == 2:
            b[at:at] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
        elif op == 3 and b:
            src = rng.randrange(len(b))
            b[at:at] = b[src:src + rng.randint(1, 64)]
        else:
            b[at:at] = "".join(rng.choice(_TOKENS) for _ in range(rng.randint(1, 12))).encode()
    return bytes(b)


def hypothesis_loop(seconds: float, seed: int = 0) -> int:
    """Random bytes and mutated seeds until time runs out; returns the executions."""
    rng = random.Random(seed)
    seeds = [s[:2000] for s in seed_texts()] or [b"In 2019, 595 people, including 633 men."]
    deadline = time.monotonic() + seconds
    execs = 0
    while time.monotonic() < deadline:
        r = rng.random()
        if r < 0.15:
            data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 300)))
        else:
            data = _mutate(rng, rng.choice(seeds))
        try:
            one_input(data)
        except Exception:
            crash = Path(f"crash-{seed}-{execs}")  # in the working folder
            crash.write_bytes(data)
            print(f"crash after {execs} executions, input in {crash}", file=sys.stderr)
            raise
        execs += 1
    return execs


def main(argv: list[str]) -> None:
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 3000))
    if "--hypothesis" in argv:
        seconds = float(argv[argv.index("--seconds") + 1]) if "--seconds" in argv else 60.0
        start = time.monotonic()
        n = hypothesis_loop(seconds, int(os.environ.get("FUZZ_SEED", "0")))
        print(f"{n} executions in {time.monotonic() - start:.0f} s, no crash")
        return
    files = [a for a in argv[1:] if not a.startswith("-") and Path(a).is_file()]
    if files:  # reproduce
        for f in files:
            one_input(Path(f).read_bytes())
            print(f"{f}: ok")
        return
    import atheris

    with atheris.instrument_imports(include=["linter", "markdown_it"]):
        import linter.document  # noqa: F401
        import linter.engine  # noqa: F401
        import linter.grammar  # noqa: F401
        import linter.reader  # noqa: F401
    _rules()
    corpus_args = [a for a in argv[1:] if not a.startswith("-") and Path(a).is_dir()]
    if not corpus_args:  # a seed corpus of real report text
        seed_dir = Path(os.environ.get("FUZZ_CORPUS", "/tmp/reportlint-fuzz-corpus"))
        seed_dir.mkdir(parents=True, exist_ok=True)
        for i, s in enumerate(seed_texts()):
            (seed_dir / f"seed-{i:03d}").write_bytes(s)
        argv = argv + [str(seed_dir)]
    atheris.Setup(argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main(sys.argv)
