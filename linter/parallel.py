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
from typing import Callable

from .cache import Cache, LightDocument, light
from .deferred import resolve
from .findings import FileResult
from .runner import Input, lint_input

_STATE: tuple | None = None  # (cfg, rules, cache) in a worker process


def default_jobs() -> int:
    """CPUs this process may use (the affinity mask respects container limits)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def cached(inp: Input, cache: Cache | None) -> tuple[FileResult | None, str | None]:
    """(result from the cache or None, cache key of the file's bytes or None)."""
    if cache is None or inp.path is None:
        return None, None
    try:
        data = inp.path.read_bytes()
    except OSError:
        return None, None  # the reader words the error when the file is linted
    key = cache.key(inp.display, data)
    found = cache.get(key)
    if found is None:
        return None, key
    return FileResult(inp.display, found, LightDocument(inp.display, source=inp)), key


def lint_one(inp: Input, cfg, rules, cache: Cache | None, key: str | None = None) -> FileResult:
    """lint_input, storing the findings under `key` in the cache."""
    res = lint_input(inp, cfg, rules)
    if cache is not None and key is not None and res.error is None:
        cache.put(key, res.findings)
    return res


def _init(cfg, rules, cache) -> None:
    global _STATE
    _STATE = (cfg, rules, cache)


def _lint_chunk(chunk: list[tuple[int, Input, str | None]]) -> list[tuple[int, FileResult]]:
    cfg, rules, cache = _STATE
    out = []
    for i, inp, key in chunk:
        res = lint_one(inp, cfg, rules, cache, key)
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
    """FileResults in input order; `advance(n)` is called as n more files are done.

    Cache hits are answered here, before any worker starts or any rule is loaded (`rules`
    may be a DeferredRules): a run over unchanged files costs a read and a hash per file.
    """
    advance = advance or (lambda n: None)
    results: list[FileResult | None] = [None] * len(inputs)
    todo: list[tuple[int, Input, str | None]] = []
    for i, inp in enumerate(inputs):
        hit, key = cached(inp, cache)
        if hit is None:
            todo.append((i, inp, key))
        else:
            results[i] = hit
    if len(todo) < len(inputs):
        advance(len(inputs) - len(todo))
    if not todo:
        return results  # type: ignore[return-value]
    rules = resolve(rules)
    local = [t for t in todo if t[1].path is None]  # stdin stays here
    remote = [t for t in todo if t[1].path is not None]
    jobs = min(jobs, len(remote))
    if jobs <= 1:
        local, remote = todo, []
    for i, inp, key in local:
        results[i] = lint_one(inp, cfg, rules, cache, key)
        advance(1)
    if remote:
        from concurrent.futures import ProcessPoolExecutor, as_completed

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
