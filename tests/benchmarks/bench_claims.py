"""Claims extraction speed over ../shared/corpus/*.txt (concatenated), in MB/s.

Usage: python tests/benchmarks/bench_claims.py [--repeat N] [--profile]
Segmentation (parse_document) is timed separately: the target (>= 1 MB/s) is for
`grammar.extract` alone.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from linter.document import parse_document  # noqa: E402
from linter.grammar import extract, parser  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=1)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    corpus = ROOT.parent / "shared" / "corpus"
    files = sorted(corpus.glob("*.txt"))
    if not files:
        print(f"no corpus at {corpus}")
        return 1
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in files) * args.repeat
    mb = len(text.encode("utf-8")) / 1e6
    parser()  # build the grammar once, outside the timing (it is cached per process)
    t0 = time.perf_counter()
    doc = parse_document(text, "corpus.txt")
    t1 = time.perf_counter()
    c1 = time.process_time()
    if args.profile:
        import cProfile
        import pstats

        cProfile.runctx("claims = extract(doc)", globals(), locals(), "/tmp/bench_claims.prof")
        pstats.Stats("/tmp/bench_claims.prof").sort_stats("cumulative").print_stats(25)
        return 0
    claims = extract(doc)
    t2 = time.perf_counter()
    c2 = time.process_time()
    print(f"{len(files)} files, {mb:.2f} MB, {len(doc.sentences)} sentences, {len(claims)} claims")
    print(f"parse_document: {t1 - t0:.2f} s ({mb / (t1 - t0):.2f} MB/s)")
    print(f"extract:        {t2 - t1:.2f} s wall ({mb / (t2 - t1):.2f} MB/s), "
          f"{c2 - c1:.2f} s CPU ({mb / (c2 - c1):.2f} MB/s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
