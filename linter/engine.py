"""The pipeline for one document: claims -> rule checks -> findings, with suppressions.

A check that raises does not stop the run: it becomes an X000 internal-error finding,
so CI still sees it and every other rule still reports.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any, Iterable

from . import suppress
from .checks import CHECKS, CheckContext
from .checks.base import DocIndex, Hit
from .claims import ClaimSet
from .document import Document
from .findings import Finding, severity_at_least  # noqa: F401 - re-exported for API callers
from .grammar import extract
from .relations import find_relations
from .rules import Rule
from .spans import Span

INTERNAL_ERROR = "X000"
UNKNOWN_SUPPRESSION = "X001"
INPUT_WARNING = "X002"


_LINE_BREAK = re.compile(r"\s*[\r\n\u2028\u2029]+\s*")


def _fmt(value: Any) -> Any:
    """Values read naturally in one-line messages: 600 not 600.0, 12.5 not
    12.500000001, and text quoted from hard-wrapped prose on one line."""
    if isinstance(value, str):
        return _LINE_BREAK.sub(" ", value)
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return float(f"{value:.4g}")
    return value


@dataclass
class RuleSet:
    """The rules of a run: all known (for suppressions and X-rules) and those enabled."""

    all: list[Rule]

    def __post_init__(self) -> None:
        self.by_key = {r.id: r for r in self.all} | {r.name: r for r in self.all}
        self._prepared_in: int | None = None  # pid: a worker process prepares its own

    def prepare(self, *, compile_all: bool = False) -> None:
        """Ready the checks once per process before the first document (the phrase rules'
        shared scan learns every lexicon at once). `compile_all` also compiles what is
        otherwise compiled on first use: for benchmarks and long runs."""
        if self._prepared_in == os.getpid() and not compile_all:
            return
        from .checks import prepare_checks

        prepare_checks(((r.check, r.params) for r in self.enabled), compile_all=compile_all)
        self._prepared_in = os.getpid()

    @property
    def enabled(self) -> list[Rule]:
        return [r for r in self.all if r.enabled and r.check != "engine"]

    def get(self, key: str) -> Rule | None:
        return self.by_key.get(key)


def _param_values(rule: Rule) -> dict[str, Any]:
    """The rule's own template values, formatted: once per rule and document, not per
    finding (a lexicon rule's params hold long phrase lists)."""
    return {k: _fmt(getattr(rule.params, k)) for k in rule.raw_params}


def _finding(doc: Document, rule: Rule, hit: Hit, params: dict[str, Any] | None = None) -> Finding:
    if params is None:
        params = _param_values(rule)
    values = {**params, **{k: _fmt(v) for k, v in hit.values.items()}}
    position = doc.lines.position
    span = hit.span
    return Finding(
        rule_id=rule.id, rule_name=rule.name, category=rule.category, severity=rule.severity,
        path=doc.path, span=span, message=rule.message.format_map(values),
        start=position(span.start), end=position(span.end),
        suggestion=rule.suggestion.format_map(values) if rule.suggestion else None,
        related=tuple((position(s.start), position(s.end)) for s in hit.related),
    )


def lint_document(doc: Document, rules: RuleSet, *, ignored: Iterable[str] = (),
                  claims: ClaimSet | None = None) -> list[Finding]:
    """Every finding for `doc` from the enabled rules, suppressions applied, sorted."""
    ignored = tuple(ignored)
    rules.prepare()
    failed: Exception | None = None
    if claims is None:
        try:
            claims = extract(doc)
            claims.relations.extend(find_relations(doc, claims))
        except Exception as exc:  # noqa: BLE001 - a grammar bug must not end the run either
            claims, failed = ClaimSet.build(()), exc
    index = DocIndex(doc, claims)
    sup = suppress.build(doc)
    found: list[Finding] = []

    def internal(rule_id: str, span: Span, **values: Any) -> None:
        rule = rules.get(rule_id)
        if rule is not None and rule.enabled:
            found.append(_finding(doc, rule, Hit(span, values)))

    if failed is not None:  # the rules still run, on no claims
        internal(INTERNAL_ERROR, Span(0, 0), rule="claim extraction",
                 problem=f"{type(failed).__name__}: {failed}")
    for warning in doc.warnings:
        internal(INPUT_WARNING, Span(0, 0), problem=warning)
    for name, span in sup.named_rules():
        if rules.get(name) is None:
            internal(UNKNOWN_SUPPRESSION, span, rule=name)
    for rule in rules.enabled:
        if any(rule.matches(k) for k in ignored):
            continue
        ctx = CheckContext(doc, claims, rule.params, rule, index)
        params: dict[str, Any] | None = None
        try:
            for hit in CHECKS[rule.check].func(ctx):
                if params is None:
                    params = _param_values(rule)
                found.append(_finding(doc, rule, hit, params))
        except Exception as exc:  # noqa: BLE001 - one broken check must not stop the run
            internal(INTERNAL_ERROR, Span(0, 0), rule=rule.id,
                     problem=f"{type(exc).__name__}: {exc}")
    # X rules report on the run itself (bad input, bad suppressions): never suppressed.
    kept = [f for f in found
            if f.rule_id.startswith("X") or not sup.covers(f.rule_id, f.rule_name, f.span.start)]
    kept.sort(key=Finding.sort_key)
    return kept
