"""Rule files: every mistake is one `path:line:col: message` line, with a hint where one helps."""
import textwrap

import pytest

from linter.errors import RuleFileError
from linter.rules import parse_rule

GOOD = textwrap.dedent("""\
    id: T901
    name: test-rule
    check: date_exists
    category: temporal
    severity: error
    message: "'{date}' is wrong: {problem}."
    params:
      scope: sentence
    doc:
      what: A test rule.
      why: Because.
      fail: "February 30, 2019"
      pass: "February 28, 2019"
    """)


def err(text: str) -> str:
    with pytest.raises(RuleFileError) as info:
        parse_rule(text, "r.yaml")
    return str(info.value)


def test_good_rule_parses():
    rule = parse_rule(GOOD, "r.yaml")
    assert (rule.id, rule.name, rule.params.scope) == ("T901", "test-rule", "sentence")


@pytest.mark.parametrize("old,new,expected", [
    ("severity: error", "severty: error", "r.yaml:5:1: unknown key 'severty' (did you mean 'severity'?)"),
    ("check: date_exists", "check: date_exist", "r.yaml:3:8: unknown check kind 'date_exist' (did you mean 'date_exists'?)"),
    ("severity: error", "severity: fatal", "r.yaml:5:11: severity must be error, warning or info, not 'fatal'"),
    ("  scope: sentence", "  scope: sentense", "r.yaml:8:3: invalid options for check 'date_exists': scope must be one of"),
    ("  scope: sentence", "  scop: sentence", "r.yaml:8:3: unknown option 'scop' for check 'date_exists' (did you mean 'scope'?)"),
    ("  scope: sentence", "  scope: 3", "r.yaml:8:10: option 'scope' of check 'date_exists' must be a string, not 3"),
    ("{problem}", "{problm}", "r.yaml:6:10: message template uses {problm}, which check 'date_exists' does not provide (did you mean 'problem'?)"),
    ("name: test-rule", "name: Test Rule", "r.yaml:2:7: rule name 'Test Rule' must be kebab-case"),
    ("id: T901", "id: 901", "r.yaml:1:5: 'id' must be a non-empty string, not 901"),
    ("  why: Because.\n", "", "r.yaml:9:1: doc is missing 'why'"),
    ("message: \"'{date}' is wrong: {problem}.\"", "message: \"{date\"", "r.yaml:6:10: bad message template"),
    ("id: T901", "id: Q1", "r.yaml:1:5: rule id 'Q1' must be a capital letter family and three digits"),
    ("id: T901", "id: [T901", "r.yaml:2:5: invalid YAML"),
])
def test_rule_file_errors(old, new, expected):
    text = GOOD.replace(old, new)
    assert text != GOOD
    assert err(text).startswith(expected.split(" (")[0] if "(did" not in expected else expected)


def test_alias_bomb_is_refused_before_expansion():
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: [*b, *b, *b]\n"
    assert err(bomb).startswith("r.yaml:2:8: YAML aliases (*name) are not allowed")


def test_python_object_tags_are_refused():
    assert "invalid YAML" in err(GOOD + "x: !!python/object/apply:os.system ['echo hi']\n")


def test_missing_required_key():
    assert err(GOOD.replace("category: temporal\n", "")) == "r.yaml:1:1: missing required key 'category'"


def test_duplicate_ids_are_refused(tmp_path):
    from linter.rules import load_rule_dir, load_rules

    (tmp_path / "a.yaml").write_text(GOOD.replace("T901", "T001"))
    with pytest.raises(RuleFileError) as info:
        load_rules(load_rule_dir(tmp_path))
    assert "duplicate rule id 'T001'" in str(info.value)
