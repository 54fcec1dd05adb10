"""Inline suppressions written as HTML comments, in Markdown and plain text alike.

    <!-- reportlint-disable Q001 hedged-statement -->  ...  <!-- reportlint-enable Q001 -->
    <!-- reportlint-disable-next-line H001 -->
    <!-- reportlint-disable-file -->

The yamllint-style spelling `<!-- reportlint: disable Q001 -->` is accepted too. No
rule list means every rule. Rules are named by id or name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import Document
from .spans import Span

DIRECTIVE = re.compile(
    r"^\s*reportlint(?:-|:\s*)(disable-next-line|disable-file|disable|enable)\b(.*)$", re.S)
ALL = "*"


@dataclass(frozen=True)
class Directive:
    action: str
    rules: tuple[tuple[str, Span], ...]  # names with their spans; empty = all rules
    span: Span


@dataclass
class Suppressions:
    intervals: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    directives: list[Directive] = field(default_factory=list)

    def covers(self, rule_id: str, rule_name: str, offset: int) -> bool:
        for key in (ALL, rule_id, rule_name):
            for start, end in self.intervals.get(key, ()):
                if start <= offset < end:
                    return True
        return False

    def named_rules(self):
        """Every (name, span) a directive names, so unknown ones can be reported."""
        for d in self.directives:
            yield from d.rules


def parse_directives(doc: Document) -> list[Directive]:
    out = []
    for c in doc.comments:
        m = DIRECTIVE.match(c.body)
        if not m:
            continue
        body_start = c.span.start + 4  # after "<!--"
        names = []
        for n in re.finditer(r"[A-Za-z][A-Za-z0-9_-]*", m.group(2)):
            st = body_start + m.start(2) + n.start()
            names.append((n.group(), Span(st, st + len(n.group()))))
        out.append(Directive(m.group(1), tuple(names), c.span))
    return out


def build(doc: Document) -> Suppressions:
    sup = Suppressions(directives=parse_directives(doc))
    open_: dict[str, int] = {}
    end = len(doc.text)

    def add(key: str, start: int, stop: int) -> None:
        sup.intervals.setdefault(key, []).append((start, stop))

    for d in sup.directives:
        keys = [n for n, _ in d.rules] or [ALL]
        if d.action == "disable-file":
            for k in keys:
                add(k, 0, end)
        elif d.action == "disable":
            for k in keys:
                open_.setdefault(k, d.span.end)
        elif d.action == "enable":
            targets = list(open_) if not d.rules else keys
            for k in targets:
                if k in open_:
                    add(k, open_.pop(k), d.span.start)
        else:  # disable-next-line: the first line after the comment that holds text
            line = doc.lines.position(d.span.end).line + 1
            while line <= doc.lines.line_count():
                ls = doc.lines.line_span(line)
                if doc.text[ls.start : ls.end].strip():
                    for k in keys:
                        add(k, ls.start, ls.end)
                    break
                line += 1
    for k, start in open_.items():
        add(k, start, end)
    return sup
