"""Locate bundled data through importlib.resources, never by a path into the checkout.

rules/ and grammars/ sit at the top of the repository and are installed as the
packages linter.builtin_rules and linter.builtin_grammars (see pyproject.toml), so
the same lookup works from a wheel and from an editable install.
"""
from __future__ import annotations

from importlib import resources

GRAMMARS = "linter.builtin_grammars"


def read_grammar(name: str) -> str:
    """Text of grammars/<name>.lark (`name` with or without the suffix)."""
    fname = name if name.endswith(".lark") else name + ".lark"
    return resources.files(GRAMMARS).joinpath(fname).read_text(encoding="utf-8")
