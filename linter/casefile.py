"""Rule test cases: texts that must pass or fail a rule, with the failing spans marked.

A case file (`tests/rules/<ID>-<name>.yaml`, or a team's own) looks like:

    rule: T001
    cases:
      - name: leap-day-in-common-year
        fail: "The trial opened on [[29 February 2019]]."
        message: "'29 February 2019' is not a date in the calendar: ..."   # optional, exact
      - name: leap-day-in-leap-year
        pass: "The trial opened on 29 February 2020."
        period: "2019"           # optional: report period / published date / format
        published: "2020-06-24"
        format: markdown
        options: {scope: paragraph}   # optional rule option overrides

`[[...]]` marks each span the rule must report, no more and no fewer. The same
runner serves our tests and `reportlint test-rules` for house rules.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .config import Config, select_rules
from .document import parse_document
from .engine import RuleSet, lint_document
from .errors import RuleFileError
from .rules import Rule
from .yamlsource import load_yaml

MARK = re.compile(r"\[\[(.*?)\]\]", re.S)
CASE_KEYS = ("name", "pass", "fail", "message", "period", "published", "format", "options")


@dataclass
class Case:
    name: str
    text: str
    expected: list[tuple[int, int]]  # spans that must be reported; empty for a pass case
    message: str | None = None
    period: str | None = None
    published: str | None = None
    format: str = "text"
    options: dict = field(default_factory=dict)
    line: int | None = None


@dataclass
class CaseResult:
    case: Case
    ok: bool
    problem: str = ""


def unmark(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Remove `[[ ]]` marks; return the plain text and the marked spans in it."""
    spans, out, pos, removed = [], [], 0, 0
    for m in MARK.finditer(text):
        out.append(text[pos : m.start()])
        start = m.start() - removed
        spans.append((start, start + len(m.group(1))))
        out.append(m.group(1))
        removed += 4
        pos = m.end()
    out.append(text[pos:])
    return "".join(out), spans


def load_cases(text: str, source: str) -> tuple[str, list[Case]]:
    loc = load_yaml(text, source, RuleFileError)
    data = loc.data
    if not isinstance(data, dict) or "rule" not in data or not isinstance(data.get("cases"), list):
        raise RuleFileError(source, "a case file needs 'rule' and a list of 'cases'", 1, 1)
    cases = []
    for i, raw in enumerate(data["cases"]):
        if not isinstance(raw, dict) or ("pass" in raw) == ("fail" in raw):
            raise loc.error(RuleFileError, ("cases", i), "each case needs exactly one of 'pass' or 'fail'")
        for key in raw:
            if key not in CASE_KEYS:
                raise loc.error(RuleFileError, ("cases", i, key), f"unknown case key '{key}'", key=True)
        line = loc.where(("cases", i))[0]
        if "fail" in raw:
            plain, spans = unmark(str(raw["fail"]))
            if not spans:
                raise loc.error(RuleFileError, ("cases", i, "fail"), "a fail case must mark its span(s) with [[ ]]")
        else:
            plain, spans = str(raw["pass"]), []
        cases.append(Case(str(raw.get("name", f"case {i + 1}")), plain, spans, raw.get("message"),
                          _iso(raw.get("period")), _iso(raw.get("published")),
                          raw.get("format", "text"), raw.get("options") or {}, line))
    return str(data["rule"]), cases


def _iso(value) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def run_case(rule: Rule, case: Case, all_rules: list[Rule]) -> CaseResult:
    cfg = Config(period=case.period, published=case.published)
    if case.options:
        cfg.rules[rule.id] = dict(case.options)
    chosen = select_rules(cfg, all_rules, extra_select=(rule.id,))
    path = "case.md" if case.format == "markdown" else "case.txt"
    doc = parse_document(case.text, path)
    doc.period = doc.period or case.period
    doc.published = doc.published or case.published
    found = [f for f in lint_document(doc, RuleSet(chosen)) if f.rule_id == rule.id]
    got = sorted((f.span.start, f.span.end) for f in found)
    want = sorted(case.expected)
    if got != want:
        def show(spans):
            return ", ".join(repr(case.text[a:b]) for a, b in spans) or "nothing"
        return CaseResult(case, False, f"expected {show(want)}, got {show(got)}"
                          + (f" ({found[0].message})" if found else ""))
    if case.message is not None and found and found[0].message != case.message:
        return CaseResult(case, False, f"message {found[0].message!r} != {case.message!r}")
    return CaseResult(case, True)
