"""Word lists as regex tries: shared prefixes factored out ("t(?:en|hree|wo)").

Python's `re` tries every alternative at every position, so a trie is much faster than
a flat alternation; the tokenizer's pre-scan and the hedge lexicons both use it.
"""
from __future__ import annotations

import re
from typing import Iterable


def char_trie(words: Iterable[str]) -> str:
    """A regex (no anchors) that matches exactly the given words."""
    root: dict = {}
    for w in words:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if "" in node else body

    return emit(root)
