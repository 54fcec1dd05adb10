"""Inline suppressions in Markdown and plain text: ranges, next line, whole file, unknown ids."""
import pytest

from linter.config import Config, select_rules
from linter.document import parse_document
from linter.engine import RuleSet, lint_document
from linter.rules import load_rules

BAD = "The hearing was held on February 30, 2019."


def lint(text, path="d.md"):
    rules = RuleSet(select_rules(Config(), load_rules(), extra_select=("T001", "X001")))
    return [(f.rule_id, f.start.line) for f in lint_document(parse_document(text, path), rules)]


@pytest.mark.parametrize("path", ["d.md", "d.txt"])
def test_disable_enable_range_by_id_and_name(path):
    text = (f"{BAD}\n\n<!-- reportlint-disable T001 -->\n\n{BAD}\n\n"
            f"<!-- reportlint-enable T001 -->\n\n{BAD}\n\n"
            f"<!-- reportlint-disable impossible-date -->\n\n{BAD}\n")
    assert lint(text, path) == [("T001", 1), ("T001", 9)]


def test_disable_without_rules_means_all_and_enable_reopens():
    text = f"<!-- reportlint-disable -->\n{BAD}\n<!-- reportlint-enable -->\n\n{BAD}\n"
    assert lint(text) == [("T001", 5)]


def test_disable_next_line_skips_blank_lines_and_only_that_line():
    text = f"<!-- reportlint-disable-next-line T001 -->\n\n{BAD}\n\n{BAD}\n"
    assert lint(text) == [("T001", 5)]


def test_yamllint_style_spelling_and_disable_file():
    assert lint(f"{BAD}\n\n<!-- reportlint: disable-file -->\n") == []
    assert lint(f"<!-- reportlint: disable T001 -->\n{BAD}\n") == []


def test_unknown_rule_in_a_suppression_is_reported_and_not_suppressible():
    text = f"<!-- reportlint-disable-file -->\n<!-- reportlint-disable impossible-dates -->\n{BAD}\n"
    assert lint(text) == [("X001", 2)]


def test_comment_inside_code_is_not_a_suppression():
    text = f"```\n<!-- reportlint-disable-file -->\n```\n\n{BAD}\n"
    assert lint(text) == [("T001", 5)]
