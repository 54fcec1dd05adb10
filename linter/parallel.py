"""Linting many files: the cache lookup, and worker processes for `--jobs N`.

Linting is pure CPU work in Python, so only processes give a speed-up. Config, rules and
cache are sent once to each worker by the pool initializer (all picklable); each task is a
chunk of inputs, largest files first so that no worker is left with a big file at the end.
Results come back as (index, FileResult) and are put back in input order, so the output is
the same, byte for byte, as with `--jobs 1`. Workers send LightDocuments, not parsed
Documents: reporters need only the text, and pickling a whole parse tree costs time.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Callable

from .cache import Cache, LightDocument, light
from .findings import FileResult
from .runner import Input, lint_input

_STATE: tuple | None = None  # (cfg, rules, cache) in a worker process


def default_jobs() -> int:
    """CPUs this process may use (the affinity mask respects container limits)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def lint_one(inp: Input, cfg, rules, cache: Cache | None) -> FileResult:
    """lint_input, answered from the cache when the file's bytes were linted before."""
    if cache is None or inp.path is None:
        return lint_input(inp, cfg, rules)
    try:
        data = inp.path.read_bytes()
    except OSError:
        return lint_input(inp, cfg, rules)  # the reader words the error
    key = cache.key(inp.display, data)
    found = cache.get(key)
    if found is not None:
        return FileResult(inp.display, found, LightDocument(inp.display, source=inp))
    res = lint_input(inp, cfg, rules)
    if res.error is None:
        cache.put(key, res.findings)
    return res


def _init(cfg, rules, cache) -> None:
    global _STATE
    _STATE = (cfg, rules, cache)


def _lint_chunk(chunk: list[tuple[int, Input]]) -> list[tuple[int, FileResult]]:
    cfg, rules, cache = _STATE
    out = []
    for i, inp in chunk:
        res = lint_one(inp, cfg, rules, cache)
        res.document = light(res.document)
        out.append((i, res))
    return out


def _size(inp: Input) -> int:
    try:
        return inp.path.stat().st_size
    except OSError:
        return 0


def lint_all(inputs: list[Input], cfg, rules, *, jobs: int = 1, cache: Cache | None = None,
             advance: Callable[[int], None] | None = None) -> list[FileResult]:
    """FileResults in input order; `advance(n)` is called as n more files are done."""
    advance = advance or (lambda n: None)
    results: list[FileResult | None] = [None] * len(inputs)
    local = [(i, inp) for i, inp in enumerate(inputs) if inp.path is None]  # stdin stays here
    remote = [(i, inp) for i, inp in enumerate(inputs) if inp.path is not None]
    jobs = min(jobs, len(remote))
    if jobs <= 1:
        local, remote = list(enumerate(inputs)), []
    for i, inp in local:
        results[i] = lint_one(inp, cfg, rules, cache)
        advance(1)
    if remote:
        remote.sort(key=lambda item: -_size(item[1]))
        size = max(1, min(16, len(remote) // (jobs * 8)))
        chunks = [remote[k:k + size] for k in range(0, len(remote), size)]
        with ProcessPoolExecutor(max_workers=jobs, initializer=_init,
                                 initargs=(cfg, rules, cache)) as pool:
            futures = [pool.submit(_lint_chunk, c) for c in chunks]
            try:
                for fut in as_completed(futures):
                    done = fut.result()
                    for i, res in done:
                        results[i] = res
                    advance(len(done))
            except BaseException:
                for fut in futures:
                    fut.cancel()
                raise
    return results  # type: ignore[return-value]
