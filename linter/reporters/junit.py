"""JUnit XML for CI test-report views: one test case per file, failed when it has findings.

Files that could not be read are errors, not failures. Characters that XML 1.0 forbids
(control codes from a damaged draft) are dropped, so the report always parses.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

_INVALID_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(s: str) -> str:
    return _INVALID_XML.sub("", s)


def render(results, *, color: bool = False, rules=None) -> str:
    tests = len(results)
    failures = sum(1 for r in results if not r.error and r.findings)
    errors = sum(1 for r in results if r.error)
    counts = {"tests": str(tests), "failures": str(failures), "errors": str(errors),
              "skipped": "0", "time": "0"}
    root = ET.Element("testsuites", {"name": "reportlint", **counts})
    suite = ET.SubElement(root, "testsuite", {"name": "reportlint", **counts})
    for res in results:
        case = ET.SubElement(suite, "testcase", {"classname": "reportlint", "name": _clean(res.path),
                                                 "file": _clean(res.path), "time": "0"})
        if res.error:
            el = ET.SubElement(case, "error", {"message": _clean(res.error), "type": "input-error"})
            el.text = _clean(f"{res.path}: {res.error}")
        elif res.findings:
            n = len(res.findings)
            worst = str(max(f.severity for f in res.findings))
            el = ET.SubElement(case, "failure", {"message": f"{n} finding{'s' * (n != 1)}",
                                                 "type": worst})
            el.text = _clean("\n".join(
                f"{f.path}:{f.start.line}:{f.start.column}: {f.severity} {f.rule_id} "
                f"{f.rule_name} {f.message}" for f in res.findings))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
