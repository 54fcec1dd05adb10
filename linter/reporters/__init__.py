"""Output formats: each is one `render(results, *, color, rules) -> str` over the same records."""
from __future__ import annotations

import os
import sys
from typing import Callable

from . import concise, github, gitlab, json_, junit, sarif, text

REPORTERS: dict[str, Callable] = {
    "text": text.render,
    "concise": concise.render,
    "json": json_.render,
    "github": github.render,
    "gitlab": gitlab.render,
    "sarif": sarif.render,
    "junit": junit.render,
}


def pick(name: str, *, stream=sys.stdout, env=os.environ) -> str:
    """Resolve `auto`: github under GitHub Actions, text on a terminal, concise when piped."""
    if name != "auto":
        return name
    if env.get("GITHUB_ACTIONS") == "true" and "github" in REPORTERS:
        return "github"
    return "text" if stream.isatty() else "concise"
