"""GitLab Code Quality JSON (`artifacts:reports:codequality`), shown in merge requests.

GitLab matches issues between the base and head pipelines by fingerprint, so it is built
from the flagged text rather than line numbers (see _common.fingerprints): an unrelated edit
above a finding does not make it "new".
"""
from __future__ import annotations

import hashlib
import json

from ._common import fingerprints

# GitLab's scale is info < minor < major < critical < blocker; reportlint has three levels.
SEVERITY = {"error": "major", "warning": "minor", "info": "info"}


def render(results, *, color: bool = False, rules=None) -> str:
    issues = []
    for res in results:
        if res.error:
            issues.append({
                "description": f"reportlint could not lint this file: {res.error}",
                "check_name": "input-error",
                "fingerprint": hashlib.sha256(f"{res.path}\0input-error".encode()).hexdigest()[:32],
                "severity": "major",
                "location": {"path": res.path, "lines": {"begin": 1}}})
            continue
        for f, fp in zip(res.findings, fingerprints(res)):
            issues.append({
                "description": f"{f.rule_id} {f.rule_name}: {f.message}",
                "check_name": f.rule_id,
                "fingerprint": fp,
                "severity": SEVERITY[str(f.severity)],
                "location": {"path": f.path, "lines": {"begin": f.start.line}}})
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
