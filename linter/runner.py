"""Find the inputs of a run, read each one and lint it; one bad file never stops the rest."""
from __future__ import annotations

import fnmatch
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from .config import Config, ignored_for
from .errors import UsageError
from .results import FileResult

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which a cached run need not
if TYPE_CHECKING:  # the pipeline is imported when a file is linted, not by a cached run
    from .deferred import DeferredRules
    from .document import Document
    from .engine import RuleSet


class Input:
    """A file to lint, or stdin. Built for every file of every run, cached ones included:
    a plain class, so that such a run need not import dataclasses."""

    __slots__ = ("display", "path")

    def __init__(self, display: str, path: Path | None) -> None:
        self.display = display  # the path as reported (relative to the working folder when inside it)
        self.path = path  # None for stdin


def _display(path: Path) -> str:
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if rel.startswith("..") else rel.replace(os.sep, "/")


def _match(rel: str, globs: Iterable[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    for g in globs:
        g = g.rstrip("/")
        if fnmatch.fnmatch(rel, g) or fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel, g + "/*"):
            return True
        if g.startswith("**/") and fnmatch.fnmatch(rel, g[3:]):
            return True
    return False


def _rel_root(fp: Path, cfg: Config, rel: str) -> str:
    """`fp` relative to the config root, where exclude globs are written from."""
    try:
        return fp.resolve().relative_to(cfg.root).as_posix()
    except (ValueError, OSError, RuntimeError):  # RuntimeError: a symlink loop (3.11)
        return rel


def discover(args: list[str], cfg: Config, *, stdin_filename: str | None = None,
             include: tuple[str, ...] = (), exclude: tuple[str, ...] = ()) -> list[Input]:
    """Inputs in a stable order. Explicit files are always linted; folders are walked
    (hidden folders and .git skipped, symlinked folders not followed, so no loops)."""
    include = include or cfg.include
    exclude = tuple(cfg.exclude) + tuple(exclude)
    out: list[Input] = []
    seen: set[str] = set()
    for arg in args:
        if arg == "-":
            out.append(Input(stdin_filename or "<stdin>", None))
            continue
        p = Path(arg)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    fp = Path(root) / name
                    rel = fp.relative_to(p).as_posix()
                    if name.startswith(".") or not _match(rel, include):
                        continue
                    if exclude and (_match(rel, exclude) or _match(_rel_root(fp, cfg, rel), exclude)):
                        continue
                    key = str(fp)
                    if key not in seen:
                        seen.add(key)
                        out.append(Input(_display(fp), fp))
        elif p.exists() or p.is_symlink():
            if str(p) not in seen:
                seen.add(str(p))
                out.append(Input(_display(p), p))
        else:
            raise UsageError(arg, "no such file or folder")
    return out


def read_input(inp: Input) -> tuple[str, list[str]]:
    from .reader import read_bytes_as_text, read_path  # a cached run reads no text

    if inp.path is None:
        data = sys.stdin.buffer.read() if hasattr(sys.stdin, "buffer") else sys.stdin.read().encode()
        return read_bytes_as_text(data, inp.display)
    return read_path(str(inp.path))


def prepare(text: str, display: str, cfg: Config, warnings: list[str] = ()) -> Document:
    from .document import parse_document

    doc = parse_document(text, display)
    doc.warnings[:0] = list(warnings)
    doc.period = doc.period or cfg.period
    doc.published = doc.published or cfg.published
    return doc


def lint_input(inp: Input, cfg: Config, rules: RuleSet) -> FileResult:
    from .engine import lint_document
    from .reader import InputError

    try:
        text, warnings = read_input(inp)
    except InputError as exc:
        return FileResult(inp.display, error=exc.message)
    doc = prepare(text, inp.display, cfg, warnings)
    findings = lint_document(doc, rules, ignored=ignored_for(cfg, inp.display))
    return FileResult(inp.display, findings, doc)


PROGRESS_MIN_FILES = 20  # fewer files finish before a progress bar would help


def run(inputs: list[Input], cfg: Config, rules: RuleSet | DeferredRules, *, jobs: int = 1, cache: bool = False,
        changes=None, progress: bool = False) -> list[FileResult]:
    """Lint `inputs`; results in input order whatever `jobs` is.

    rules: a RuleSet, or DeferredRules that are loaded only if some file is not cached.
    cache: reuse findings of unchanged files (linter/cache.py). changes: a changes.Changes
    from `--diff`; unchanged files are skipped and findings off the changed lines dropped.
    progress: a bar on stderr when it is a terminal and there are many files.
    """
    from .cache import Cache
    from .deferred import resolve
    from .parallel import lint_all

    todo = [i for i in inputs if changes is None or changes.needs_lint(i.display)]
    if not todo:
        resolve(rules)  # nothing to lint, but broken rule files are still reported
    store = Cache.for_run(cfg, rules) if cache and todo else None
    bar = None
    if progress and len(todo) > PROGRESS_MIN_FILES and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        bar = Progress(TextColumn("linting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                       console=Console(stderr=True), transient=True,
                       auto_refresh=False)  # no refresh thread: the worker pool forks under it
    if bar is None:
        done = lint_all(todo, cfg, rules, jobs=jobs, cache=store)
    else:
        with bar:
            task = bar.add_task("lint", total=len(todo))
            done = lint_all(todo, cfg, rules, jobs=jobs, cache=store,
                            advance=lambda n: (bar.advance(task, n), bar.refresh()))
    if changes is None:
        return done
    linted = {i.display: r for i, r in zip(todo, done)}
    return [changes.filter(linted[i.display]) if i.display in linted else FileResult(i.display)
            for i in inputs]
