"""Output formats: each is one `render(results, *, color, rules) -> str` over the same records.

A format's module is imported when it is used: the text reporter pulls in rich, which a
cached run printing `concise` output should not pay for at start-up.
"""
from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Callable, Mapping

_MODULES = {"text": "text", "concise": "concise", "json": "json_", "github": "github",
            "gitlab": "gitlab", "sarif": "sarif", "junit": "junit"}

NEEDS_RULES = frozenset({"sarif"})  # formats that describe every rule of the run, not only those that fired


class _Reporters(Mapping):
    """name -> render function; a format's module is imported on first lookup."""

    def __getitem__(self, name: str) -> Callable:
        return importlib.import_module(f"{__name__}.{_MODULES[name]}").render

    def __iter__(self):
        return iter(_MODULES)

    def __len__(self) -> int:
        return len(_MODULES)


REPORTERS: Mapping[str, Callable] = _Reporters()


def pick(name: str, *, stream=None, env=None) -> str:
    """Resolve `auto`: github under GitHub Actions, text on a terminal, concise when piped.
    `stream` and `env` default to the ones current at the call, not at import."""
    if name != "auto":
        return name
    stream = sys.stdout if stream is None else stream
    env = os.environ if env is None else env
    if env.get("GITHUB_ACTIONS") == "true" and "github" in REPORTERS:
        return "github"
    return "text" if stream.isatty() else "concise"
