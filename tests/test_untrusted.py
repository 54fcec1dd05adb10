"""Rule, config and front-matter files edited in the same PR are untrusted input.

Through the CLI: no YAML tag builds an object, no alias bomb expands, no key or
expression imports, runs or fetches anything, no user regex can hang a run, and every
mistake is one `path:line:col: message` line with exit 2. (tests/test_rulefiles.py and
tests/test_config.py test the loaders directly; this file tests what CI sees.)
"""
from __future__ import annotations

import re
import textwrap
import time

import pytest

from linter.cli import main

TEXT = "Over 300 people were detained. It was February 30, 2019.\n"
RULE = textwrap.dedent("""\
    id: HS901
    name: house-test
    check: lexicon
    category: house
    severity: warning
    message: "Found '{match}'."
    params:
      terms: [detained]
      patterns:
        - "over\\\\s+\\\\d+"
    doc:
      what: A test rule.
      why: Because.
      fail: "Over 300 people were detained."
      pass: "More than 300 people were held."
    """)
POS = re.compile(r"^(?P<path>[^:\n]+):(?P<line>\d+):(?P<col>\d+): (?P<msg>.+)$")


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A folder with a config naming rules/ and a draft; cwd is set to it."""
    (tmp_path / "rules").mkdir()
    (tmp_path / ".reportlint.yaml").write_text("rule_paths: [rules]\n")
    (tmp_path / "a.md").write_text(TEXT)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(capsys, *args):
    code = main(["check", "--no-cache", "-j", "1", "--format", "concise", *args])
    out, err = capsys.readouterr()
    return code, out, err


def one_error(capsys, path: str, *args) -> tuple[int, int, str]:
    """Exit 2 with exactly one `path:line:col: message` line; returns (line, col, message)."""
    code, out, err = run(capsys, "a.md", *args)
    assert code == 2 and out == "", (code, out, err)
    lines = err.splitlines()
    assert len(lines) == 1, err
    m = POS.match(lines[0])
    assert m and m["path"] == path, lines[0]
    return int(m["line"]), int(m["col"]), m["msg"]


def test_a_good_house_rule_runs(project, capsys):
    (project / "rules" / "r.yaml").write_text(RULE)
    code, out, err = run(capsys, "a.md")
    assert code == 1 and err == "" and "HS901" in out


# ---------------------------------------------------------------- no code runs


@pytest.mark.parametrize("value", [
    '!!python/object/apply:os.system ["touch PWNED"]',
    "!!python/name:os.system",
    '!!python/object/new:subprocess.Popen [["touch", "PWNED"]]',
    "!!python/module:os",
])
def test_python_tags_are_refused_everywhere(project, capsys, value):
    (project / "rules" / "r.yaml").write_text(RULE + f"x: {value}\n")
    line, col, msg = one_error(capsys, "rules/r.yaml")
    assert (line, msg.split(":")[0]) == (16, "invalid YAML")
    (project / "rules" / "r.yaml").write_text(RULE)
    (project / ".reportlint.yaml").write_text(f"rule_paths: [rules]\nperiod: {value}\n")
    line, col, msg = one_error(capsys, ".reportlint.yaml")
    assert (line, col, msg.split(":")[0]) == (2, 9, "invalid YAML")
    (project / ".reportlint.yaml").write_text("rule_paths: [rules]\n")
    (project / "fm.md").write_text(f"---\nperiod: {value}\n---\n{TEXT}")
    code, out, err = run(capsys, "fm.md")
    assert code == 1 and err == ""
    assert "X002 input-warning The file was linted, but: front matter is not valid YAML" in out
    assert "T001" in out
    assert not (project / "PWNED").exists()


def test_check_naming_python_code_is_an_unknown_kind(project, capsys):
    (project / "rules" / "r.yaml").write_text(RULE.replace("check: lexicon", "check: os.system"))
    line, col, msg = one_error(capsys, "rules/r.yaml")
    assert (line, col) == (3, 8) and msg.startswith("unknown check kind 'os.system'")


@pytest.mark.parametrize("config", [
    "rule_paths: [rules]\nrules:\n  T001: {check: os.system}\n",
    "rule_paths: [rules]\nplugins: [os]\n",
    "rule_paths: [rules]\nrules:\n  T001: {import: os}\n",
])
def test_config_keys_cannot_name_code(project, capsys, config):
    (project / ".reportlint.yaml").write_text(config)
    line, _, msg = one_error(capsys, ".reportlint.yaml")
    assert line in (2, 3) and "unknown" in msg


@pytest.mark.parametrize("when", [
    '__import__("os")', '__import__("os").system("touch PWNED")', "value.__class__",
    "text.__class__.__mro__", 'open("/etc/passwd")', 'eval("1")', "kind.upper()",
    '"x".__len__()', "exec", "globals", "(lambda: 1)", "[c for c in text]",
])
def test_expressions_cannot_reach_python(project, capsys, when):
    rule = RULE.replace("check: lexicon", "check: claim").replace(
        "  terms: [detained]\n  patterns:\n    - \"over\\\\s+\\\\d+\"\n", f"  when: '{when}'\n")
    (project / "rules" / "r.yaml").write_text(rule)
    line, _, _ = one_error(capsys, "rules/r.yaml")
    assert line == 8
    assert not (project / "PWNED").exists()


# ---------------------------------------------------------------- YAML bombs

BOMB = ("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
        "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n")


def test_billion_laughs_in_config_and_rules(project, capsys):
    (project / "rules" / "r.yaml").write_text(BOMB)
    assert one_error(capsys, "rules/r.yaml") == (2, 8, "YAML aliases (*name) are not allowed "
                                                "(write the value out in full)")
    (project / "rules" / "r.yaml").write_text(RULE)
    (project / ".reportlint.yaml").write_text("rule_paths: [rules]\n" + BOMB)
    line, col, msg = one_error(capsys, ".reportlint.yaml")
    assert (line, col) == (3, 8) and msg.startswith("YAML aliases (*name) are not allowed")


def test_billion_laughs_in_front_matter(project, capsys):
    (project / "fm.md").write_text(f"---\n{BOMB}---\n{TEXT}")
    start = time.process_time()
    code, out, err = run(capsys, "fm.md")
    assert time.process_time() - start < 10
    assert code == 1 and err == "" and "front matter uses YAML anchors/aliases; ignored" in out


def test_deeply_nested_yaml(project, capsys):
    (project / "rules" / "r.yaml").write_text("a: " + "[" * 5000 + "]" * 5000 + "\n")
    _, _, msg = one_error(capsys, "rules/r.yaml")
    assert msg.startswith("invalid YAML")
    (project / "rules" / "r.yaml").write_text(RULE)
    (project / "fm.md").write_text("---\na: " + "[" * 5000 + "]" * 5000 + "\n---\n" + TEXT)
    code, out, err = run(capsys, "fm.md")
    assert code == 1 and err == "" and "X002" in out


# ---------------------------------------------------------------- user regexes


@pytest.mark.parametrize("pattern,why", [
    (r"(a+)+$", "exponential"), (r"(a|aa)*b", "exponential"), (r"(\w+\s?)*$", "exponential"),
    (r"(.*a){20}", "very long"), (r".*a.*b", "very long"), (r"(\d+)\1", "backreferences"),
    (r"over [0-9", "bad regular expression"),
])
def test_dangerous_patterns_are_refused_at_load(project, capsys, pattern, why):
    quoted = pattern.replace("\\", "\\\\")
    (project / "rules" / "r.yaml").write_text(RULE.replace('"over\\\\s+\\\\d+"', f'"{quoted}"'))
    line, col, msg = one_error(capsys, "rules/r.yaml")
    assert line == 10 and col >= 7 and why in msg


def test_allowed_patterns_on_a_one_megabyte_line_are_fast(project, capsys):
    rule = RULE.replace('    - "over\\\\s+\\\\d+"\n', "".join(
        f'    - "{p}"\n' for p in (r"over\\s+\\d+", r"(\\d{1,3},)+\\d{3}", r"\\w+ly\\b",
                                   r"[A-Z]\\w+\\s+[A-Z]\\w+", r"\\d+ .*b")))
    (project / "rules" / "r.yaml").write_text(rule)
    line = ("a" * 300 + " 1,234,567 over 12 " + "x" * 200 + " Ab Cd quickly ") * 2000
    (project / "long.md").write_text(line[:1_000_000] + "\n")
    start = time.process_time()
    code, out, err = run(capsys, "long.md", "--select", "HS901")
    assert time.process_time() - start < 30
    assert code == 0 and err == "" and out.count("HS901") > 1000


# ---------------------------------------------------------------- malformed rule files


@pytest.mark.parametrize("old,new,line,message", [
    ("category: house\n", "category: house\n  bad: indent\n", 5, "invalid YAML"),
    ("severity: warning", "severity: [warning", 6, "invalid YAML"),
    # a date PyYAML resolves but cannot build raises ValueError, with no mark of its own
    ("severity: warning", "severity: warning\nsince: 2019-02-30", 6, "invalid YAML: day is out of range"),
    ("severity: warning", "severty: warning", 5, "unknown key 'severty' (did you mean 'severity'?)"),
    ("  terms: [detained]", "  terms: detained", 8, "option 'terms' of check 'lexicon' must be"),
    ("  terms: [detained]", "  term: [detained]", 8, "unknown option 'term' for check 'lexicon'"),
    ("severity: warning", "severity: 3", 5, "'severity' must be a non-empty string, not 3"),
    ("severity: warning", "severity: fatal", 5, "severity must be error, warning or info, not 'fatal'"),
    ("check: lexicon", "check: lexicn", 3, "unknown check kind 'lexicn' (did you mean 'lexicon'?)"),
    ("{match}", "{matched}", 6, "message template uses {matched}, which check 'lexicon' does not provide"),
    ("{match}", "{match.__class__}", 6, "bad message template"),
    ("{match}", "{0}", 6, "bad message template"),
    ("  terms: [detained]", "  terms: [detained]\n  claim_kinds: [numbr]", 9, "'numbr' is not a claim kind"),
    ("id: HS901", "id: X1", 1, "rule id 'X1' must be"),
])
def test_malformed_rule_files(project, capsys, old, new, line, message):
    assert old in RULE
    (project / "rules" / "r.yaml").write_text(RULE.replace(old, new))
    got_line, _, msg = one_error(capsys, "rules/r.yaml")
    assert got_line == line and msg.startswith(message), msg


def test_duplicate_rule_ids(project, capsys):
    (project / "rules" / "r.yaml").write_text(RULE)
    (project / "rules" / "s.yaml").write_text(RULE.replace("house-test", "house-twin"))
    _, _, msg = one_error(capsys, "rules/s.yaml")
    assert "duplicate rule id 'HS901'" in msg


def test_rule_file_that_is_not_utf8_or_not_a_mapping(project, capsys):
    (project / "rules" / "r.yaml").write_bytes(b"id: HS901\nname: \xff\xfe\n")
    code, out, err = run(capsys, "a.md")
    assert code == 2 and len(err.splitlines()) == 1 and err.startswith("rules/r.yaml")
    (project / "rules" / "r.yaml").write_text("- just\n- a list\n")
    line, col, _ = one_error(capsys, "rules/r.yaml")
    assert (line, col) == (1, 1)


# ---------------------------------------------------------------- malformed config files


@pytest.mark.parametrize("text,line,message", [
    ("rule_paths: [rules\n", 2, "invalid YAML"),
    ("rule_paths: [rules]\nperiod: 2019\npublished: 2020-13-01\n", 3, "invalid YAML: month must be"),
    ("rule_paths: [rules]\nfail_on: error\n", 2, "unknown config key 'fail_on'"),
    ("rule_paths: [rules]\nselect: 3\n", 2, "'select' must be a list of strings"),
    ("rule_paths: [rules]\nrules:\n  T001: {severity: 3}\n", 3, "severity must be"),
    ("rule_paths: [rules]\nrules:\n  HS901: {patterns: ['(a+)+']}\n", 3, "pattern may take exponential"),
    ("rule_paths: [rules]\nrules:\n  HS901: {check: claim}\n", 3, "unknown option 'check'"),
    ("rule_paths: 7\n", 1, "'rule_paths' must be"),
    ("rule_paths: [nowhere]\n", 1, "rule folder"),
])
def test_malformed_config_files(project, capsys, text, line, message):
    (project / "rules" / "r.yaml").write_text(RULE)
    (project / ".reportlint.yaml").write_text(text)
    got_line, _, msg = one_error(capsys, ".reportlint.yaml")
    assert got_line == line and msg.startswith(message), msg
