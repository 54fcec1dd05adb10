"""One line per finding: `path:line:col: severity ID name message` (also the golden format)."""
from __future__ import annotations


def render(results, *, color: bool = False, rules=None) -> str:
    lines = []
    for res in results:
        for f in res.findings:
            lines.append(f"{f.path}:{f.start.line}:{f.start.column}: {f.severity} "
                         f"{f.rule_id} {f.rule_name} {f.message}")
    return "\n".join(lines) + ("\n" if lines else "")
