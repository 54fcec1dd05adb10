"""SARIF 2.1.0 for code-scanning services (GitHub code scanning, Azure DevOps, IDE viewers).

Columns are counted in Unicode code points, like every other reportlint output, so the run
says `columnKind: unicodeCodePoints`; SARIF's endColumn is exclusive, as is our end position.
"""
from __future__ import annotations

import json
import os
from pathlib import PurePosixPath
from urllib.parse import quote

from .. import __version__
from ._common import fingerprints

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVEL = {"error": "error", "warning": "warning", "info": "note"}
SRCROOT = "%SRCROOT%"


def _information_uri() -> str | None:
    """The project's home page from the installed metadata (SARIF wants an absolute URI)."""
    try:
        from importlib.metadata import PackageNotFoundError, metadata

        meta = metadata("reportlint")
    except (ImportError, PackageNotFoundError):
        return None
    urls = [meta.get("Home-page")] + [u.split(",", 1)[-1].strip()
                                      for u in meta.get_all("Project-URL") or []]
    return next((u for u in urls if u and u.startswith(("http://", "https://"))), None)


def _artifact(path: str) -> dict:
    """Relative paths resolve against %SRCROOT% (the checkout); others become file: URIs."""
    if os.path.isabs(path):
        from pathlib import Path

        return {"uri": Path(path).as_uri()}
    posix = PurePosixPath(path.replace("\\", "/"))
    return {"uri": quote(str(posix), safe="/"), "uriBaseId": SRCROOT}


def _region(start, end) -> dict:
    region = {"startLine": start.line, "startColumn": start.column}
    if end.offset <= start.offset:
        return region  # a whole-file remark (input warning, internal error): a point, not a range
    end_line = end.line - 1 if end.line > start.line and end.column == 1 else end.line
    region["endLine"] = end_line
    if end_line == end.line:
        region["endColumn"] = end.column
    # else the span ends with a line break: no endColumn means "to the end of endLine"
    return region


def _first_sentence(text: str) -> str:
    text = " ".join(text.split())
    cut = text.find(". ")
    return text if cut < 0 else text[: cut + 1]


def _descriptor(rule, rule_id: str, name: str, severity: str) -> dict:
    d: dict = {"id": rule_id, "name": name,
               "defaultConfiguration": {"level": LEVEL[severity]}}
    doc = getattr(rule, "doc", None)
    if doc is None:
        d["shortDescription"] = {"text": name.replace("-", " ")}
        return d
    examples_text = ["Flagged:"] + [f"  {t}" for t in doc.fail] + ["Not flagged:"] + [f"  {t}" for t in doc.pass_]
    examples_md = (["**Flagged:**", ""] + [f"- `{t}`" for t in doc.fail]
                   + ["", "**Not flagged:**", ""] + [f"- `{t}`" for t in doc.pass_])
    what, why = " ".join(doc.what.split()), " ".join(doc.why.split())
    d["shortDescription"] = {"text": _first_sentence(doc.what)}
    d["fullDescription"] = {"text": what}
    d["help"] = {
        "text": "\n".join([what, "", f"Why: {why}", "", *examples_text]),
        "markdown": "\n".join([f"## {rule_id} {name}", "", what, "", "**Why:** " + why, "",
                               *examples_md]),
    }
    d["properties"] = {"tags": [rule.category]}
    return d


def _fix(f, artifact: dict) -> dict:
    return {"description": {"text": f.suggestion or f"Replace with {f.replace!r}."},
            "artifactChanges": [{"artifactLocation": artifact, "replacements": [{
                "deletedRegion": _region(f.start, f.end), "insertedContent": {"text": f.replace}}]}]}


def build(results, rules=None) -> dict:
    """The SARIF log as a dict (render() serialises it; tests validate it against the schema)."""
    known = {r.id: r for r in (rules or [])}
    order: list[str] = [r.id for r in (rules or []) if r.enabled]
    seen_ids = set(order)
    for res in results:  # rules that fired but were not passed in (API callers) still get a descriptor
        for f in res.findings:
            if f.rule_id not in seen_ids:
                seen_ids.add(f.rule_id)
                order.append(f.rule_id)
    index = {rid: i for i, rid in enumerate(order)}
    first = {}
    for res in results:
        for f in res.findings:
            first.setdefault(f.rule_id, f)
    descriptors = []
    for rid in order:
        rule = known.get(rid)
        if rule is not None:
            descriptors.append(_descriptor(rule, rid, rule.name, str(rule.severity)))
        else:
            f = first[rid]
            descriptors.append(_descriptor(None, rid, f.rule_name, str(f.severity)))

    out_results, notes = [], []
    for res in results:
        if res.error:
            notes.append({"level": "error", "message": {"text": f"{res.path}: {res.error}"},
                          "locations": [{"physicalLocation": {"artifactLocation": _artifact(res.path)}}]})
            continue
        for f, fp in zip(res.findings, fingerprints(res)):
            artifact = _artifact(f.path)
            r = {"ruleId": f.rule_id, "ruleIndex": index[f.rule_id], "level": LEVEL[str(f.severity)],
                 "message": {"text": f.message + (f"\nhelp: {f.suggestion}" if f.suggestion else "")},
                 "locations": [{"physicalLocation": {"artifactLocation": artifact,
                                                     "region": _region(f.start, f.end)}}],
                 "partialFingerprints": {"reportlintFingerprint/v1": fp}}
            if f.related:
                r["relatedLocations"] = [
                    {"id": i, "physicalLocation": {"artifactLocation": artifact,
                                                  "region": _region(s, e)}}
                    for i, (s, e) in enumerate(f.related)]
            if f.replace is not None:
                r["fixes"] = [_fix(f, artifact)]
            out_results.append(r)

    driver = {"name": "reportlint", "version": __version__, "semanticVersion": __version__,
              "rules": descriptors}
    uri = _information_uri()
    if uri:
        driver["informationUri"] = uri
    run = {"tool": {"driver": driver},
           "invocations": [{"executionSuccessful": not notes,
                            **({"toolExecutionNotifications": notes} if notes else {})}],
           "originalUriBaseIds": {SRCROOT: {"description": {
               "text": "The folder reportlint ran in (normally the repository root)."}}},
           "columnKind": "unicodeCodePoints",
           "results": out_results}
    return {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}


def render(results, *, color: bool = False, rules=None) -> str:
    return json.dumps(build(results, rules), indent=2, ensure_ascii=False) + "\n"
