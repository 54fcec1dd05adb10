"""User-facing errors: each prints as one `path:line:col: message` line and exits 2."""
from __future__ import annotations

import os
from collections.abc import Iterable


class UserError(Exception):
    """A mistake in something the user wrote (config, rule file, arguments, input path)."""

    def __init__(self, path: str | None, message: str, line: int | None = None,
                 col: int | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.message = message
        self.line = line
        self.col = col
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path:
            where = display_path(self.path)
            if self.line is not None:
                where += f":{self.line}"
                if self.col is not None:
                    where += f":{self.col}"
            where += ": "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class ConfigError(UserError):
    pass


class RuleFileError(UserError):
    pass


class UsageError(UserError):
    pass


def display_path(path: str) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    p = os.path.abspath(path)
    cwd = os.getcwd()
    if os.path.isabs(path) and (p == cwd or p.startswith(cwd + os.sep)):
        return os.path.relpath(p, cwd).replace(os.sep, "/")
    return path


def did_you_mean(word: str, choices: Iterable[str]) -> str | None:
    """A ruff-style hint naming the closest valid choice, or None."""
    import difflib  # only on an error: a cached run should not pay for it

    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else None
