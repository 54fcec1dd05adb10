"""Findings: what a rule reports, serialised once for every output format."""
from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum
from typing import Iterable

from .spans import Position, Span


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, name: str) -> "Severity":
        return cls[name.upper()]


SEVERITY_NAMES = ("error", "warning", "info")


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
        """The public JSON record (see README, `--format json`): keep these keys stable."""
        return {
            "path": self.path,
            "rule": self.rule_id,
            "name": self.rule_name,
            "category": self.category,
            "severity": str(self.severity),
            "message": self.message,
            "start": self.start.to_dict(),
            "end": self.end.to_dict(),
            "suggestion": self.suggestion,
            "related": [{"start": s.to_dict(), "end": e.to_dict()} for s, e in self.related],
        }


@dataclass(slots=True)
class FileResult:
    """Everything a reporter needs about one input: its document (if read) and findings."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    document: object | None = None  # linter.document.Document, None when unreadable
    error: str | None = None  # one-line reason the file could not be linted


def severity_at_least(findings: Iterable[Finding], level: str) -> bool:
    """Does any finding reach `level` (a --fail-on value; "never" never does)?"""
    if level == "never":
        return False
    floor = Severity.parse(level)
    return any(f.severity >= floor for f in findings)
