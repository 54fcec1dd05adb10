"""Findings: what a rule reports, serialised once for every output format."""
from __future__ import annotations

from dataclasses import dataclass

# Re-exported: the severity scale and FileResult live in linter.results, which a cached
# run imports without loading this module.
from .results import SEVERITY_NAMES, FileResult, Severity, finding_record, severity_at_least  # noqa: F401
from .spans import Position, Span


@dataclass(frozen=True, slots=True)
class Finding:
    rule_id: str
    rule_name: str
    category: str
    severity: Severity
    path: str
    span: Span
    message: str
    start: Position
    end: Position
    suggestion: str | None = None
    replace: str | None = None
    related: tuple[tuple[Position, Position], ...] = ()

    def sort_key(self) -> tuple:
        return (self.path, self.span.start, self.span.end, self.rule_id, self.message)

    def to_dict(self) -> dict:
        """The public JSON record (see README, `--format json`)."""
        return finding_record(self)
