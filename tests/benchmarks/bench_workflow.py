"""Speed of big runs: 2 jobs against 1, and a cached run against a cold one.

    python tests/benchmarks/bench_workflow.py [--corpus DIR] [--repeat N]

Measures the lint phase in-process (runner.run) and the whole command (a subprocess, so
Python start-up and rule loading are included; a fully cached command loads no rules). The cache lives in a temporary folder,
so the benchmark never touches a real .reportlint_cache/. Needs the package installed
(pip install -e .), as the bundled rules and grammars are found as package data.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from linter.config import load_config, select_rules
from linter.engine import RuleSet
from linter.rules import load_rules
from linter.runner import discover, run

ROOT = Path(__file__).resolve().parents[2]


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    corpus = args.corpus.resolve()
    with tempfile.TemporaryDirectory() as tmp:
        os.chdir(tmp)  # the cache goes to the config root, here the working folder
        cfg = load_config(None)
        rules = RuleSet(select_rules(cfg, load_rules()))
        inputs = discover([str(corpus)], cfg)
        size = sum(i.path.stat().st_size for i in inputs)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"corpus: {len(inputs)} files, {size / 1e6:.1f} MB, {os.cpu_count()} CPUs, "
              f"load average {load:.1f} (other work on the machine lowers the --jobs gain)")

        run(inputs[:2], cfg, rules)  # warm-up: imports, grammar construction
        cpu1 = _cpu()
        one = timed(lambda: run(inputs, cfg, rules, jobs=1), args.repeat)
        cpu2 = _cpu()
        two = timed(lambda: run(inputs, cfg, rules, jobs=2), args.repeat)
        cpu3 = _cpu()
        same = ([[f.to_dict() for f in r.findings] for r in run(inputs, cfg, rules, jobs=1)]
                == [[f.to_dict() for f in r.findings] for r in run(inputs, cfg, rules, jobs=2)])
        print(f"lint phase, --jobs 1: {one:7.2f} s")
        print(f"lint phase, --jobs 2: {two:7.2f} s   speed-up {one / two:.2f}x   same findings: {same}")
        c1, c2 = (cpu2 - cpu1) / args.repeat, (cpu3 - cpu2) / args.repeat
        print(f"CPU time per run: --jobs 1 {c1:.2f} s, --jobs 2 {c2:.2f} s (all processes): "
              f"on an idle machine --jobs 2 could reach about {2 * c1 / c2:.2f}x")

        cold = timed(lambda: (_clear(tmp), run(inputs, cfg, rules, jobs=1, cache=True)), 1)
        warm = timed(lambda: run(inputs, cfg, rules, jobs=1, cache=True), args.repeat)
        print(f"lint phase, cold cache (--jobs 1, filling it): {cold:7.2f} s")
        print(f"lint phase, warm cache:                        {warm:7.3f} s   speed-up {cold / warm:.0f}x")

        cmd = [sys.executable, "-m", "linter", "check", str(corpus), "--format", "concise", "-j", "1"]
        # As installed (pip compiles bytecode): a PYTHONDONTWRITEBYTECODE in the environment
        # would make every run recompile the modules it imports, which is not a user's set-up.
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        subprocess.run(cmd + ["--no-cache"], cwd=tmp, env=env, capture_output=True)  # writes .pyc
        _clear(tmp)
        c_cold = timed(lambda: subprocess.run(cmd, cwd=tmp, env=env, capture_output=True), 1)
        c_warm = timed(lambda: subprocess.run(cmd, cwd=tmp, env=env, capture_output=True), args.repeat)
        c_none = timed(lambda: subprocess.run(cmd + ["--no-cache"], cwd=tmp, env=env,
                                              capture_output=True), 1)
        print(f"whole command, --no-cache: {c_none:6.2f} s; cold cache: {c_cold:6.2f} s; "
              f"warm cache: {c_warm:6.2f} s   speed-up {c_cold / c_warm:.0f}x")
    return 0


def _cpu() -> float:
    """CPU seconds of this process and of its finished children (the worker processes)."""
    import resource

    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _clear(folder: str) -> None:
    import shutil

    shutil.rmtree(Path(folder) / ".reportlint_cache", ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
