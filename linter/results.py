"""What a run hands to the reporters: a FileResult per input, and the severity scale.

No dataclasses here, on purpose: a run answered from the cache imports this module and
never linter.findings, and importing dataclasses (with inspect and ast) plus building
frozen dataclasses were a third of such a run. Findings are read by attribute, so a
reporter takes a Finding or a finding read back from the cache alike; their public JSON
record is built here for both.
"""
from __future__ import annotations

from collections.abc import Iterable
from enum import IntEnum


class Severity(IntEnum):
    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return _LABELS[self]  # Enum.name is a slow descriptor, and every reporter asks

    @classmethod
    def parse(cls, name: str) -> "Severity":
        return cls[name.upper()]


_LABELS = {s: s.name.lower() for s in Severity}
SEVERITY_NAMES = ("error", "warning", "info")


class FileResult:
    """Everything a reporter needs about one input: its document (if read) and findings."""

    __slots__ = ("path", "findings", "document", "error")

    def __init__(self, path: str, findings: list | None = None, document: object | None = None,
                 error: str | None = None) -> None:
        self.path = path
        self.findings = [] if findings is None else findings
        self.document = document  # a Document or cache.LightDocument, None when unreadable
        self.error = error  # one-line reason the file could not be linted


def severity_at_least(findings: Iterable, level: str) -> bool:
    """Does any finding reach `level` (a --fail-on value; "never" never does)?"""
    if level == "never":
        return False
    floor = Severity.parse(level)
    return any(f.severity >= floor for f in findings)


def position_record(p) -> dict:
    return {"line": p.line, "column": p.column, "offset": p.offset}


def finding_record(f) -> dict:
    """The public JSON record of a finding (see README, `--format json`): keep these keys stable."""
    return {
        "path": f.path,
        "rule": f.rule_id,
        "name": f.rule_name,
        "category": f.category,
        "severity": str(f.severity),
        "message": f.message,
        "start": position_record(f.start),
        "end": position_record(f.end),
        "suggestion": f.suggestion,
        "related": [{"start": position_record(s), "end": position_record(e)} for s, e in f.related],
    }
