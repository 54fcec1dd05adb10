"""Human output: findings grouped by file with the source line underlined, then a summary."""
from __future__ import annotations

import io
from collections import Counter

from rich.console import Console
from rich.table import Table
from rich.text import Text

STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _excerpt(doc, f) -> tuple[str, int, int] | None:
    """(line text, underline start col, underline length), columns 0-based in the line."""
    if doc is None:
        return None
    span = doc.lines.line_span(f.start.line)
    line = doc.text[span.start : span.end].rstrip("\r\n").replace("\t", " ")
    start = f.start.column - 1
    end = f.end.column - 1 if f.end.line == f.start.line else len(line)
    return line, start, max(1, end - start)


def render(results, *, color: bool = False, rules=None) -> str:
    buf = io.StringIO()
    console = Console(file=buf, force_terminal=color, no_color=not color, width=100,
                      highlight=False, soft_wrap=True, color_system="standard" if color else None)
    counts: Counter = Counter()
    for res in results:
        if not res.findings:
            continue
        console.print(Text(res.path, style="bold underline"))
        for f in res.findings:
            sev = str(f.severity)
            counts[(f.rule_id, f.rule_name, sev)] += 1
            head = Text(f"  {f.start.line}:{f.start.column}  ")
            head.append(sev, style=STYLE[sev])
            head.append(f"  {f.rule_id} {f.rule_name}", style="bold")
            console.print(head)
            ex = _excerpt(res.document, f)
            if ex:
                line, start, length = ex
                num = str(f.start.line)
                gutter = " " * (4 + len(num))
                console.print(Text(f"    {num} | ", style="dim") + Text(line))
                console.print(Text(f"{gutter} | ", style="dim") +
                              Text(" " * start + "^" * length, style=STYLE[sev]))
            console.print(f"  {f.message}")
            if f.suggestion:
                console.print(Text("  help: ", style="green") + Text(f.suggestion))
        console.print()
    if counts:
        table = Table(title="Findings", title_justify="left", show_edge=False)
        for col in ("rule", "name", "severity", "count"):
            table.add_column(col, justify="right" if col == "count" else "left")
        for (rid, name, sev), n in sorted(counts.items()):
            table.add_row(rid, name, Text(sev, style=STYLE[sev]), str(n))
        console.print(table)
        total = sum(counts.values())
        files = sum(1 for r in results if r.findings)
        console.print(f"{total} finding{'s' * (total != 1)} in {files} file{'s' * (files != 1)}.")
    else:
        console.print("No findings.")
    return buf.getvalue()
