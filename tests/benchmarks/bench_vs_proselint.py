"""reportlint against proselint on the same ~1 MB of ../shared/corpus, plus scaling to 10 MB.

Usage: python tests/benchmarks/bench_vs_proselint.py [--mb 1] [--scale 10] [--repeat 3] [--all]

Scaling: the 10 MB text as one document against the same text as ten 1 MB documents,
both in one child (equally long runs, so the machine's drift hits both alike); linear
scaling gives 10x. Each tool runs `--repeat` times, the tools taking turns; the ratio
is taken on median runs (the fastest runs are printed too).

Each measurement runs in a child process of its own, so that its peak memory (maxrss)
is its own and one tool's caches never help the other. Timed: reportlint's full lint
(every rule on, off-by-default ones too, parse + claims + relations + checks), its
claims only (parse + claims), and proselint's lint with all its default checks and no
cap on the number of errors (its default stops at 1000). Loading (imports, grammar
tables, rule files, compiling the rules' regexes) is timed apart: it is paid once per
run, not per megabyte. Throughputs and the ratio use CPU time (the machine is shared;
wall time is printed beside it).
`--all` also runs the other benchmarks of this folder and prints their figures.
proselint is optional (`pip install proselint`); without it its column is skipped.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
GOALS = {"ratio": 10.0, "peak_mb": 150.0, "scaling": 12.0}  # x proselint; MB; 10 MB/1 MB time


def corpus_text(mb: float) -> str:
    """`mb` megabytes (UTF-8) of corpus reports, whole paragraphs, repeated if needed."""
    files = sorted(CORPUS.glob("*.txt"))
    if not files:
        raise SystemExit(f"no corpus at {CORPUS}")
    want = int(mb * 1_000_000)
    parts: list[str] = []
    size = 0
    while size < want:
        for p in files:
            t = p.read_text(encoding="utf-8")
            parts.append(t)
            size += len(t.encode("utf-8")) + 2
            if size >= want:
                break
    text = "\n\n".join(parts)
    data = text.encode("utf-8")[:want].decode("utf-8", "ignore")
    cut = data.rfind("\n\n")
    return data[:cut] if cut > want // 2 else data


def _pieces(text: str, n: int) -> list[str]:
    """`text` cut into `n` nearly equal parts at paragraph breaks."""
    out, start = [], 0
    for k in range(1, n):
        cut = text.find("\n\n", len(text) * k // n)
        if cut < 0:
            break
        out.append(text[start:cut])
        start = cut + 2
    out.append(text[start:])
    return out


# ---------------------------------------------------------------- child side

def _child(tool: str, path: str) -> dict:
    text = Path(path).read_text(encoding="utf-8")
    t0 = time.perf_counter()
    if tool == "proselint":
        from proselint.checks import __register__
        from proselint.config import DEFAULT
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile

        CheckRegistry().register_many(__register__)
        config = dict(DEFAULT, max_errors=None)  # islice(.., None): every error
        load = time.perf_counter() - t0
        c0, t1 = time.process_time(), time.perf_counter()
        found = len(LintFile("bench.txt", text).lint(config))
    else:
        from linter.document import parse_document
        from linter.engine import RuleSet, lint_document
        from linter.grammar import extract, parser
        from linter.rules import load_rules

        rules = RuleSet([r.with_overrides(enabled=True) for r in load_rules()])
        rules.prepare(compile_all=True)  # every regex compiled once per run, not per megabyte
        parser()
        load = time.perf_counter() - t0
        c0, t1 = time.process_time(), time.perf_counter()
        if tool == "pieces":  # the same text as ten documents: per-byte cost at a tenth the size
            found = 0
            for piece in _pieces(text, 10):
                found += len(lint_document(parse_document(piece, "bench.txt"), rules))
        elif tool == "claims":
            found = len(extract(parse_document(text, "bench.txt")))
        else:
            found = len(lint_document(parse_document(text, "bench.txt"), rules))
    wall, cpu = time.perf_counter() - t1, time.process_time() - c0
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    return {"tool": tool, "bytes": len(text.encode("utf-8")), "wall": wall, "cpu": cpu,
            "load": load, "peak_mb": peak_kb / 1024, "found": found}


def measure_once(tool: str, path: Path) -> dict | None:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    proc = subprocess.run([sys.executable, __file__, "--child", tool, str(path)],
                          capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        print(f"{tool}: failed\n{proc.stderr.strip()}", file=sys.stderr)
        return None
    return json.loads(proc.stdout.strip().splitlines()[-1])


def measure(tools: list[str], path: Path, repeat: int) -> dict[str, dict]:
    """Each tool `repeat` times, the tools taking turns, so that a slow spell of a shared
    machine hits all of them alike. Per tool: the fastest run (CPU time), with the median
    CPU time as `median` and the highest peak memory of all runs."""
    runs: dict[str, list[dict]] = {}
    for _ in range(repeat):
        for tool in tools:
            r = measure_once(tool, path)
            if r is not None:
                runs.setdefault(tool, []).append(r)
    best = {}
    for tool, rs in runs.items():
        r = dict(min(rs, key=lambda x: x["cpu"]))
        r["median"] = statistics.median(x["cpu"] for x in rs)
        r["peak_mb"] = max(x["peak_mb"] for x in rs)
        best[tool] = r
    return best


def _have_proselint() -> bool:
    try:
        import proselint  # noqa: F401
    except ImportError:
        return False
    return True


def _row(r: dict) -> str:
    mb = r["bytes"] / 1e6
    return (f"{r['tool']:<11} {mb:6.2f} MB  cpu {r['cpu']:6.2f} s (median {r['median']:6.2f})  "
            f"{mb / r['cpu']:6.3f} MB/s  load {r['load']:4.2f} s  peak {r['peak_mb']:6.1f} MB  "
            f"{r['found']} found")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=1.0, help="size of the comparison text")
    ap.add_argument("--scale", type=float, default=10.0, help="size of the scaling text (0: skip)")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs per measurement, the fastest kept (default 3)")
    ap.add_argument("--all", action="store_true", help="also run the other benchmarks here")
    ap.add_argument("--child", nargs=2, metavar=("TOOL", "PATH"), help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        sys.path.insert(0, str(ROOT))
        print(json.dumps(_child(*args.child)))
        return 0

    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.txt"
        small.write_text(corpus_text(args.mb), encoding="utf-8")
        print(f"text: {args.mb:g} MB of {CORPUS} (one document); fastest of {args.repeat} "
              f"runs each, tools taking turns\n")
        tools = ["reportlint", "claims"] + (["proselint"] if _have_proselint() else [])
        got = measure(tools, small, args.repeat)
        full = got.get("reportlint")  # full lint, every rule on
        claims = got.get("claims")  # parse + claims only
        prose = got.get("proselint")
        for r in (full, claims, prose):
            if r:
                print(_row(r))
        if prose is None:
            print("proselint   skipped: not installed (pip install proselint)")
        print()
        ok = True
        if full and prose:
            fast = prose["cpu"] / full["cpu"]
            ratio = prose["median"] / full["median"]
            ok &= ratio >= GOALS["ratio"]
            print(f"throughput ratio reportlint/proselint: {ratio:.1f}x on median runs, {fast:.1f}x "
                  f"on the fastest (goal >= {GOALS['ratio']:g}x on median runs)")
        if full:
            ok &= full["peak_mb"] < GOALS["peak_mb"]
            print(f"peak memory, full lint of {args.mb:g} MB: {full['peak_mb']:.0f} MB "
                  f"(goal < {GOALS['peak_mb']:g} MB)")
        if args.scale and full:
            big = Path(tmp) / "big.txt"
            big.write_text(corpus_text(args.scale), encoding="utf-8")
            got = measure(["reportlint", "pieces"], big, args.repeat)
            large, pieces = got.get("reportlint"), got.get("pieces")
            if large and pieces:
                pieces["tool"] = "as 10 docs"
                print(_row(large))
                print(_row(pieces))
                # One document of the big size against the same text as ten documents (a
                # tenth the size each): both runs take as long, so machine drift hits both.
                per = large["median"] / pieces["median"]
                ratio = 10 * per
                print(f"time {args.scale:g} MB / {args.scale / 10:g} MB: {ratio:.1f}x (linear = 10x; "
                      f"per byte {per:.2f}x); peak {large['peak_mb']:.0f} MB")
                ok &= ratio <= GOALS["scaling"] and large["peak_mb"] < GOALS["peak_mb"]
    if args.all:
        for script in sorted(HERE.glob("bench_*.py")):
            if script.name != Path(__file__).name:
                print(f"\n== {script.name}")
                sys.stdout.flush()
                subprocess.run([sys.executable, str(script)], cwd=ROOT)
    print("\ngoals met" if ok else "\ngoals NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
