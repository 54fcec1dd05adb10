"""Helpers shared by the CI formats: stable fingerprints, flagged text and end positions."""
from __future__ import annotations

import hashlib
from collections import Counter


def flagged_text(res, f) -> str:
    """The text a finding covers; its message for an empty span or a missing document."""
    text = getattr(getattr(res, "document", None), "text", None)
    if text is None or f.span.end <= f.span.start:
        return f.message
    return text[f.span.start:f.span.end]


def fingerprints(res) -> list[str]:
    """One fingerprint per finding of `res`, in order.

    Built from path, rule, the flagged text and how many identical (rule, text) pairs came
    before it in the file, never from line numbers: an edit elsewhere in the draft must not
    make CI servers see an old finding as new (GitLab Code Quality, SARIF partialFingerprints).
    """
    seen: Counter = Counter()
    out = []
    for f in res.findings:
        text = " ".join(flagged_text(res, f).split())  # reflowing a paragraph is not a change
        key = (f.rule_id, text)
        n = seen[key]
        seen[key] += 1
        raw = "\0".join((f.path, f.rule_id, text, str(n)))
        out.append(hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32])
    return out


def last_line(f) -> int:
    """The line of the finding's last character (a span ending right after a line break
    ends on the line before, not at column 1 of the next)."""
    if f.end.line > f.start.line and f.end.column == 1:
        return f.end.line - 1
    return f.end.line
