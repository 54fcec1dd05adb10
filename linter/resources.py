"""Locate bundled resources: the `grammars` package data (installed wheel or checkout)."""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def read_grammar(name: str) -> str:
    """Text of grammars/<name>.lark (`name` with or without the suffix)."""
    fname = name if name.endswith(".lark") else name + ".lark"
    try:
        return resources.files("grammars").joinpath(fname).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        # Running from a checkout where `grammars` is not importable (e.g. another cwd).
        path = Path(__file__).resolve().parents[1] / "grammars" / fname
        return path.read_text(encoding="utf-8")
