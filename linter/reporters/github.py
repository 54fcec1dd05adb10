"""GitHub Actions workflow commands: one `::error`/`::warning`/`::notice` annotation per finding.

GitHub shows these on the pull request's changed lines. Values are escaped as the Actions
toolkit does (data: % CR LF; properties also : and ,), so a message can never end or forge a
command. `col`/`endColumn` are only sent for one-line spans (GitHub refuses them otherwise);
endColumn is the column of the last flagged character.
"""
from __future__ import annotations

from ._common import last_line

COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(kind: str, message: str, **props) -> str:
    body = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items() if v is not None)
    return f"::{kind}{' ' + body if body else ''}::{escape_data(message)}"


def render(results, *, color: bool = False, rules=None) -> str:
    lines = []
    for res in results:
        if res.error:
            lines.append(command("error", f"reportlint could not lint this file: {res.error}",
                                 file=res.path, title="reportlint input error"))
            continue
        for f in res.findings:
            end_line = last_line(f)
            one_line = end_line == f.start.line
            props = {"file": f.path, "line": f.start.line, "endLine": end_line,
                     "col": f.start.column if one_line else None,
                     "endColumn": max(f.start.column, f.end.column - 1)
                     if one_line and f.span.end > f.span.start else None,
                     "title": f"{f.rule_id} {f.rule_name}"}
            message = f.message + (f"\nhelp: {f.suggestion}" if f.suggestion else "")
            lines.append(command(COMMAND[str(f.severity)], message, **props))
    return "\n".join(lines) + ("\n" if lines else "")
