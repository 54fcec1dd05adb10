"""A JSON list with one object per finding (keys: see Finding.to_dict; a public interface)."""
from __future__ import annotations

import json


def render(results, *, color: bool = False, rules=None) -> str:
    return json.dumps([f.to_dict() for res in results for f in res.findings],
                      indent=2, ensure_ascii=False) + "\n"
