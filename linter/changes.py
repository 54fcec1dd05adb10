"""`--diff REF`: which lines of each input changed since a git ref, to report only those.

Documents are still linted whole (a changed figure must be checked against the unchanged
text around it); only the findings are filtered, so this module never touches linting.

What counts as changed, per input file:
- lines added or modified between REF and the working tree (`git diff REF`, so staged and
  unstaged edits count); where lines were only deleted, the two lines either side of the gap;
- every line of a file git does not track, and of a file outside any git repository (there
  is nothing to compare it with, so it is treated as new);
- nothing, in a tracked file without changes: such files are not linted at all.
`REF...` (three dots) means "since the merge base of REF and HEAD", as in `git diff REF...`,
which is what a pull-request check wants. A ref that does not resolve is a usage error.
"""
from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError
from .findings import FileResult, Finding

ALL = None  # marker: every line of the file counts as changed
HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
_ESCAPES = {"a": "\a", "b": "\b", "t": "\t", "n": "\n", "v": "\v", "f": "\f", "r": "\r",
            '"': '"', "\\": "\\"}


def _git(args: list[str], cwd: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["git", "-c", "core.quotepath=off", *args], cwd=cwd,
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise UsageError(None, "--diff needs git, which was not found on PATH") from None


def unquote(name: str) -> str:
    """Undo git's C-style quoting of a path ("a\\tb", octal UTF-8 bytes) in diff headers."""
    if not (len(name) >= 2 and name[0] == name[-1] == '"'):
        return name
    out, i, body = bytearray(), 0, name[1:-1]
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            if re.fullmatch(r"[0-7]{3}", body[i + 1:i + 4]):
                out.append(int(body[i + 1:i + 4], 8))
                i += 4
                continue
            out.extend(_ESCAPES.get(nxt, nxt).encode("utf-8"))
            i += 2
            continue
        out.extend(ch.encode("utf-8"))
        i += 1
    return out.decode("utf-8", errors="surrogateescape")


def parse_diff(text: str) -> dict[str, set[int]]:
    """Changed new-side line numbers per path (relative to the repository root) from
    `git diff --unified=0` output."""
    changed: dict[str, set[int]] = {}
    current: set[int] | None = None
    for line in text.splitlines():
        if line.startswith("+++ "):
            target = line[4:].rstrip("\t")
            if target == "/dev/null":  # the file was deleted: nothing of it is left to report
                current = None
                continue
            target = unquote(target)
            current = changed.setdefault(target[2:] if target.startswith("b/") else target, set())
        elif line.startswith("diff --git "):
            current = None
        elif current is not None:
            m = HUNK.match(line)
            if not m:
                continue
            start, count = int(m.group(1)), int(m.group(2) or 1)
            if count:
                current.update(range(start, start + count))
            else:  # pure deletion after line `start`: the seam touches both neighbours
                current.update(n for n in (start, start + 1) if n >= 1)
    return changed


@dataclass
class Changes:
    """Changed lines per input (keyed by Input.display); ALL (None) means the whole file."""

    ref: str
    lines: dict[str, frozenset[int] | None] = field(default_factory=dict)

    def lines_for(self, display: str) -> frozenset[int] | None:
        return self.lines.get(display, ALL)

    def needs_lint(self, display: str) -> bool:
        lines = self.lines_for(display)
        return lines is ALL or bool(lines)

    def keep(self, f: Finding, lines: frozenset[int] | None) -> bool:
        if lines is ALL:
            return True
        if f.span.end <= f.span.start and f.span.start == 0:
            return bool(lines)  # a remark on the whole file (X002 input warning, X000): file changed
        last = f.end.line - 1 if f.end.line > f.start.line and f.end.column == 1 else f.end.line
        return any(n in lines for n in range(f.start.line, last + 1))

    def filter(self, res: FileResult) -> FileResult:
        lines = self.lines_for(res.path)
        if lines is ALL:
            return res
        return FileResult(res.path, [f for f in res.findings if self.keep(f, lines)],
                          res.document, res.error)


def _toplevel(folder: str, memo: dict[str, str | None]) -> str | None:
    if folder not in memo:
        proc = _git(["rev-parse", "--show-toplevel"], folder) if os.path.isdir(folder) else None
        memo[folder] = (os.path.realpath(proc.stdout.decode().strip())
                        if proc is not None and proc.returncode == 0 else None)
    return memo[folder]


def _resolve_ref(ref: str, top: str) -> str:
    """A commit id for REF (or for the merge base of REF and HEAD, for `REF...`)."""
    if not ref or ref.startswith("-"):
        raise UsageError(None, f"--diff: '{ref}' is not a git revision")
    base = ref[:-3] if ref.endswith("...") else None
    proc = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{base or ref}^{{commit}}"], top)
    if proc.returncode != 0:
        raise UsageError(None, f"--diff: '{base or ref}' is not a commit in the repository at {top}",
                         hint="give a branch, tag or commit, e.g. --diff HEAD or --diff origin/main...")
    commit = proc.stdout.decode().strip()
    if base is None:
        return commit
    proc = _git(["merge-base", commit, "HEAD"], top)
    if proc.returncode != 0:
        raise UsageError(None, f"--diff: '{base}' and HEAD have no common ancestor in {top}")
    return proc.stdout.decode().strip()


def _repo_changes(top: str, ref: str) -> tuple[dict[str, set[int]], set[str]]:
    commit = _resolve_ref(ref, top)
    proc = _git(["diff", "--unified=0", "--no-color", "--no-ext-diff", "--no-textconv", "--text",
                 "-M", "--src-prefix=a/", "--dst-prefix=b/", commit, "--"], top)
    if proc.returncode != 0:
        raise UsageError(None, f"--diff: git diff failed in {top}: "
                         f"{proc.stderr.decode(errors='replace').strip()}")
    changed = parse_diff(proc.stdout.decode("utf-8", errors="surrogateescape"))
    tracked = _git(["ls-files", "-z"], top)
    names = {n.decode("utf-8", errors="surrogateescape")
             for n in tracked.stdout.split(b"\0") if n}
    return changed, names


def changed_lines(inputs, ref: str) -> Changes:
    """Changed lines of every input since `ref` (stdin is treated as wholly changed)."""
    out = Changes(ref)
    memo: dict[str, str | None] = {}
    repos: dict[str, tuple[dict[str, set[int]], set[str]]] = {}
    for inp in inputs:
        if inp.path is None:
            continue  # stdin: nothing to compare with, report everything
        real = os.path.realpath(inp.path)
        top = _toplevel(os.path.dirname(real), memo)
        if top is None:
            continue  # not in a repository: treated as new
        if top not in repos:
            repos[top] = _repo_changes(top, ref)
        changed, tracked = repos[top]
        rel = Path(os.path.relpath(real, top)).as_posix()
        if rel not in tracked:
            continue  # untracked: wholly new
        out.lines[inp.display] = frozenset(changed.get(rel, ()))
    return out
