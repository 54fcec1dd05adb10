"""CI output formats (sarif, github, gitlab, junit), checked against their consumers' contracts.

Findings are built by hand so these tests pin the formats, not the rules.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace

import jsonschema
import pytest

from linter.findings import FileResult, Finding, Severity
from linter.reporters import REPORTERS, pick
from linter.reporters import github, gitlab, junit, sarif
from linter.rules import load_rules
from linter.spans import LineIndex, Span

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text("utf-8"))

TEXT = ("# Hearing\n\n"
        "The hearing was held on February 30, 2019.\n"
        "A second hearing was held on February 30, 2019, in Tirana.\n"
        "Costs rose 100% <&> \"quoted\", too.\n")


def doc(text: str, path: str):
    return SimpleNamespace(path=path, text=text, lines=LineIndex(text))


def finding(text: str, needle: str, *, nth: int = 0, path: str = "drafts/report.md",
            rule: tuple[str, str] = ("T001", "impossible-date"), severity=Severity.ERROR,
            message: str | None = None, suggestion: str | None = "Check the day and month.",
            replace: str | None = None) -> Finding:
    start = -1
    for _ in range(nth + 1):
        start = text.index(needle, start + 1)
    end = start + len(needle)
    idx = LineIndex(text)
    return Finding(rule[0], rule[1], "temporal", severity, path, Span(start, end),
                   message or f"'{needle}' is not a date in the calendar: February has 28 days.",
                   idx.position(start), idx.position(end), suggestion, replace)


def results(text: str = TEXT, path: str = "drafts/report.md") -> list[FileResult]:
    fs = [finding(text, "February 30, 2019", path=path, replace="February 28, 2019"),
          finding(text, "February 30, 2019", nth=1, path=path),
          finding(text, "100% <&> \"quoted\", too", path=path, rule=("X002", "input-warning"),
                  severity=Severity.WARNING, message="odd: 100%, a:b\nnext line <&>", suggestion=None),
          finding(text, "Costs", path=path, rule=("X001", "unknown-suppression"),
                  severity=Severity.INFO, message="an info note", suggestion=None)]
    return [FileResult(path, fs, doc(text, path)), FileResult("clean.md", [], doc("Fine.\n", "clean.md"))]


@pytest.fixture(scope="module")
def rules():
    return load_rules()


# ---------------------------------------------------------------- registry

def test_formats_are_registered():
    for name in ("sarif", "github", "gitlab", "junit"):
        assert name in REPORTERS


def test_auto_picks_github_under_actions():
    tty = SimpleNamespace(isatty=lambda: True)
    assert pick("auto", stream=tty, env={"GITHUB_ACTIONS": "true"}) == "github"
    assert pick("auto", stream=tty, env={}) == "text"
    assert pick("sarif", stream=tty, env={"GITHUB_ACTIONS": "true"}) == "sarif"


# ---------------------------------------------------------------- SARIF

def test_sarif_validates_against_the_2_1_0_schema(rules):
    log = json.loads(sarif.render(results(), rules=rules))
    jsonschema.Draft4Validator(SCHEMA, format_checker=jsonschema.FormatChecker()).validate(log)
    assert log["version"] == "2.1.0"


def test_sarif_rule_metadata_comes_from_the_rule_doc(rules):
    run = sarif.build(results(), rules)["runs"][0]
    driver = run["tool"]["driver"]
    assert driver["name"] == "reportlint" and driver["version"]
    ids = [r["id"] for r in driver["rules"]]
    t001 = driver["rules"][ids.index("T001")]
    assert t001["name"] == "impossible-date"
    assert t001["defaultConfiguration"]["level"] == "error"
    assert "do not exist in the calendar" in t001["fullDescription"]["text"]
    assert "February 30, 2019" in t001["help"]["text"]            # doc.fail example
    assert "`The hearing was held on February 28, 2019.`" in t001["help"]["markdown"]  # doc.pass
    for res in run["results"]:                                     # ruleIndex points at its rule
        assert driver["rules"][res["ruleIndex"]]["id"] == res["ruleId"]


def test_sarif_regions_are_one_based_with_exclusive_end_column(rules):
    run = sarif.build(results(), rules)["runs"][0]
    first = run["results"][0]
    assert first["level"] == "error"
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "drafts/report.md", "uriBaseId": "%SRCROOT%"}
    line3 = TEXT.splitlines()[2]
    col = line3.index("February") + 1
    assert loc["region"] == {"startLine": 3, "startColumn": col, "endLine": 3,
                             "endColumn": col + len("February 30, 2019")}
    assert run["columnKind"] == "unicodeCodePoints"
    assert [r["level"] for r in run["results"]] == ["error", "error", "warning", "note"]
    assert first["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {
        "text": "February 28, 2019"}
    fps = [r["partialFingerprints"]["reportlintFingerprint/v1"] for r in run["results"]]
    assert len(set(fps)) == len(fps)


def test_sarif_uris_are_percent_encoded_and_rules_without_metadata_still_described():
    text = "On February 30, 2019.\n"
    res = [FileResult("my drafts/é.md", [finding(text, "February 30, 2019", path="my drafts/é.md")],
                      doc(text, "my drafts/é.md"))]
    log = sarif.build(res, rules=None)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    run = log["runs"][0]
    assert run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "my%20drafts/%C3%A9.md"
    assert run["tool"]["driver"]["rules"][0]["id"] == "T001"


def test_sarif_multi_line_and_empty_spans():
    text = "line one\nline two\n"
    idx = LineIndex(text)
    whole = Finding("X002", "input-warning", "internal", Severity.WARNING, "a.txt", Span(0, 9), "m",
                    idx.position(0), idx.position(9))   # ends right after the first line break
    empty = Finding("X000", "internal-error", "internal", Severity.ERROR, "a.txt", Span(0, 0), "m",
                    idx.position(0), idx.position(0))
    log = sarif.build([FileResult("a.txt", [empty, whole], doc(text, "a.txt"))])
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    regions = [r["locations"][0]["physicalLocation"]["region"] for r in log["runs"][0]["results"]]
    assert regions[0] == {"startLine": 1, "startColumn": 1}
    assert regions[1] == {"startLine": 1, "startColumn": 1, "endLine": 1}


def test_sarif_reports_unreadable_files_as_notifications(rules):
    log = sarif.build([FileResult("gone.md", error="cannot read: permission denied")], rules)
    jsonschema.Draft4Validator(SCHEMA).validate(log)
    inv = log["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    assert "permission denied" in inv["toolExecutionNotifications"][0]["message"]["text"]


# ---------------------------------------------------------------- GitHub

def test_github_annotations():
    out = github.render(results()).splitlines()
    assert len(out) == 4
    line3 = TEXT.splitlines()[2]
    col = line3.index("February") + 1
    assert out[0] == (f"::error file=drafts/report.md,line=3,endLine=3,col={col},"
                      f"endColumn={col + len('February 30, 2019') - 1},title=T001 impossible-date::"
                      "'February 30, 2019' is not a date in the calendar: February has 28 days."
                      "%0Ahelp: Check the day and month.")
    assert out[2].startswith("::warning ")
    assert out[2].endswith("::odd: 100%25, a:b%0Anext line <&>")  # data: only % CR LF escaped
    assert out[3].startswith("::notice ")


def test_github_escapes_properties():
    assert github.escape_property("a,b:c%d\ne") == "a%2Cb%3Ac%25d%0Ae"
    text = "On February 30, 2019.\n"
    res = [FileResult("x,y:z.md", [finding(text, "February 30, 2019", path="x,y:z.md")], doc(text, "x"))]
    line = github.render(res)
    assert line.startswith("::error file=x%2Cy%3Az.md,line=1,")
    props = line.split("::")[1].split(" ", 1)[1]
    assert all("=" in p for p in props.split(","))  # no stray separators from the path


def test_github_multi_line_spans_omit_columns_and_errors_are_annotated():
    text = "one\ntwo three\n"
    idx = LineIndex(text)
    f = Finding("T001", "impossible-date", "temporal", Severity.ERROR, "a.md", Span(1, 7), "m",
                idx.position(1), idx.position(7))
    out = github.render([FileResult("a.md", [f], doc(text, "a.md")),
                         FileResult("b.md", error="not UTF-8")]).splitlines()
    assert out[0] == "::error file=a.md,line=1,endLine=2,title=T001 impossible-date::m"
    assert out[1] == "::error file=b.md,title=reportlint input error::reportlint could not lint this file: not UTF-8"


# ---------------------------------------------------------------- GitLab

GITLAB_ISSUE = {  # the fields GitLab's Code Quality report requires (docs: "Code Quality report format")
    "type": "object",
    "required": ["description", "check_name", "fingerprint", "severity", "location"],
    "properties": {
        "description": {"type": "string", "minLength": 1},
        "check_name": {"type": "string", "minLength": 1},
        "fingerprint": {"type": "string", "minLength": 1},
        "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
        "location": {"type": "object", "required": ["path", "lines"], "properties": {
            "path": {"type": "string"},
            "lines": {"type": "object", "required": ["begin"],
                      "properties": {"begin": {"type": "integer", "minimum": 1}}}}},
    },
}


def test_gitlab_code_quality_shape():
    issues = json.loads(gitlab.render(results()))
    jsonschema.validate(issues, {"type": "array", "items": GITLAB_ISSUE})
    assert [i["severity"] for i in issues] == ["major", "major", "minor", "info"]
    assert issues[0]["location"] == {"path": "drafts/report.md", "lines": {"begin": 3}}
    assert issues[0]["check_name"] == "T001"
    assert len({i["fingerprint"] for i in issues}) == len(issues)  # same text twice: still unique


def test_gitlab_fingerprints_survive_unrelated_edits_but_not_a_changed_finding():
    before = json.loads(gitlab.render(results()))
    edited = TEXT.replace("# Hearing\n", "# Hearing\n\nA new paragraph, added above.\n")
    after = json.loads(gitlab.render(results(edited)))
    assert [i["location"]["lines"]["begin"] for i in after] != [i["location"]["lines"]["begin"] for i in before]
    assert [i["fingerprint"] for i in after] == [i["fingerprint"] for i in before]
    other = json.loads(gitlab.render(results(path="drafts/other.md")))
    assert not {i["fingerprint"] for i in other} & {i["fingerprint"] for i in before}
    fixed = TEXT.replace("held on February 30", "held on February 31")
    changed = json.loads(gitlab.render([FileResult("drafts/report.md", [
        finding(fixed, "February 31, 2019")], doc(fixed, "drafts/report.md"))]))
    assert changed[0]["fingerprint"] not in {i["fingerprint"] for i in before}


def test_gitlab_empty_run_is_an_empty_list():
    assert json.loads(gitlab.render([])) == []


# ---------------------------------------------------------------- JUnit

def test_junit_counts_and_escaping():
    res = results() + [FileResult("broken.md", error="bad \x01 bytes & <more>")]
    root = ET.fromstring(junit.render(res).encode("utf-8"))
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    assert (suite.get("tests"), suite.get("failures"), suite.get("errors")) == ("3", "1", "1")
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == ["drafts/report.md", "clean.md", "broken.md"]
    fail = cases[0].find("failure")
    assert fail.get("message") == "4 findings" and fail.get("type") == "error"
    assert "drafts/report.md:3:" in fail.text and "next line <&>" in fail.text
    assert cases[1].find("failure") is None and cases[1].find("error") is None
    assert cases[2].find("error").get("message") == "bad  bytes & <more>"


def test_junit_empty_run():
    root = ET.fromstring(junit.render([]))
    assert root.find("testsuite").get("tests") == "0"
