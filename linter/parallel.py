"""Linting many files: the cache lookup, and worker processes for `--jobs N`.

Linting is pure CPU work in Python, so only processes give a speed-up. Config and rules
are sent once to each worker by the pool initializer (both picklable); each task is a
chunk of inputs, largest files first so that no worker is left with a big file at the end.
Results come back as (index, FileResult) and are put back in input order, so the output is
the same, byte for byte, as with `--jobs 1`. Workers send LightDocuments, not parsed
Documents: reporters need only the text, and pickling a whole parse tree costs time.
Only this process touches the cache: it stores what the workers send back.
"""
from __future__ import annotations

import os
from collections.abc import Callable

from .cache import Cache, LightDocument, light
from .deferred import resolve
from .results import FileResult
from .runner import Input, lint_input

_STATE: tuple | None = None  # (cfg, rules) in a worker process


def default_jobs() -> int:
    """CPUs this process may use (the affinity mask respects container limits)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def cached(inp: Input, cache: Cache | None) -> tuple[FileResult | None, tuple | None]:
    """(result from the cache or None, cache key of the file's bytes or None)."""
    if cache is None or inp.path is None:
        return None, None
    try:
        with open(inp.path, "rb") as fh:
            data = fh.read()
    except OSError:
        return None, None  # the reader words the error when the file is linted
    key = cache.key(inp.display, data)
    found = cache.get(key)
    if found is None:
        return None, key
    return FileResult(inp.display, found, LightDocument(inp.display, source=inp)), key


def _init(cfg, rules) -> None:
    global _STATE
    _STATE = (cfg, rules)


def _lint_chunk(chunk: list[tuple[int, Input]]) -> list[tuple[int, FileResult]]:
    cfg, rules = _STATE
    out = []
    for i, inp in chunk:
        res = lint_input(inp, cfg, rules)
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
    The files linted are stored in the cache at the end, even when the run is interrupted.
    """
    advance = advance or (lambda n: None)
    results: list[FileResult | None] = []
    keys: list[tuple | None] = []
    for inp in inputs:
        hit, key = cached(inp, cache)
        results.append(hit)
        keys.append(key)
    todo = [(i, inp) for i, (inp, hit) in enumerate(zip(inputs, results)) if hit is None]
    if len(todo) < len(inputs):
        advance(len(inputs) - len(todo))
    if not todo:
        return results  # type: ignore[return-value]

    def done(i: int, res: FileResult) -> None:
        results[i] = res
        if keys[i] is not None and res.error is None:
            cache.put(keys[i], res.findings)

    try:
        _lint_todo(todo, cfg, resolve(rules), jobs, done, advance)
    finally:
        if cache is not None:
            cache.save()
    return results  # type: ignore[return-value]


def _lint_todo(todo: list[tuple[int, Input]], cfg, rules, jobs: int,
               done: Callable[[int, FileResult], None], advance: Callable[[int], None]) -> None:
    local = [t for t in todo if t[1].path is None]  # stdin stays here
    remote = [t for t in todo if t[1].path is not None]
    jobs = min(jobs, len(remote))
    if jobs <= 1:
        local, remote = todo, []
    for i, inp in local:
        done(i, lint_input(inp, cfg, rules))
        advance(1)
    if not remote:
        return
    from concurrent.futures import ProcessPoolExecutor, as_completed

    remote.sort(key=lambda item: -_size(item[1]))
    size = max(1, min(16, len(remote) // (jobs * 8)))
    chunks = [remote[k:k + size] for k in range(0, len(remote), size)]
    with ProcessPoolExecutor(max_workers=jobs, initializer=_init, initargs=(cfg, rules)) as pool:
        futures = [pool.submit(_lint_chunk, c) for c in chunks]
        try:
            for fut in as_completed(futures):
                results = fut.result()
                for i, res in results:
                    done(i, res)
                advance(len(results))
        except BaseException:
            for fut in futures:
                fut.cancel()
            raise
