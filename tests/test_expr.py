"""The house-rule condition language: evaluation, missing values, load-time errors, regex guard."""
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.claims import Claim
from linter.expr import (MAX_LENGTH, Env, ExprError, RegexError, compile_condition, safe_regex,
                         yaml_position)
from linter.spans import LineIndex, Span
from linter.yamlsource import load_yaml

TEXT = "Some 55% of 1,200 refugees, $2 billion, on 10 May 2020."


def claim(kind, text, **kw):
    i = TEXT.index(text)
    return Claim(kind, Span(i, i + len(text)), text, **kw)


PCT = claim("percent", "55%", value=55, unit="%", bound="about")
NUM = claim("number", "1,200 refugees", value=1200, noun="refugees")
MONEY = claim("money", "$2 billion", value=2e9)
DATE = claim("date", "10 May 2020", timex="2020-05-10")
ALL = (PCT, NUM, MONEY, DATE)


def ev(expr, c, **env):
    cond = compile_condition(expr)
    e = Env(this=c, context=TEXT, claims=ALL, lines=LineIndex(TEXT), **env)
    return cond.fn(e)


@pytest.mark.parametrize("expr,c,expected", [
    ('kind == "percent" and value > 50 and noun is none', PCT, True),
    ('kind == "money" and value >= 1e9 and unit is none', MONEY, True),
    ('kind == "date" and year(timex) > 2019', DATE, True),
    ("month(timex) == 5 and day(timex) == 10", DATE, True),
    ('bound in ["about", "more_than"]', PCT, True),
    ('bound not in ["about", "more_than"]', PCT, False),
    ('"refugee" in noun and not contains(text, "%")', NUM, True),
    ("value * 2 - 100 == 2300 and -value < 0 and value / 4 == 300", NUM, True),
    ("abs(0 - value) == 55 and round(value / 10) == 6 and max(value, 60) == 60", PCT, True),
    ('lower(upper(noun)) == noun and len(noun) == 8 and startswith(noun, "ref")', NUM, True),
    ('matches(text, "^\\\\d+%$")', PCT, True),
    ('count("date") == 1 and count() == 4 and count("percent", "money") == 2', PCT, True),
    ("line == 1 and column == 6", PCT, True),
    ('contains(context, "refugees") and text + "!" == "55%!"', PCT, True),
    ("(1 + 2) * 3 == 9 and 1 + 2 * 3 == 7 and 8 / 2 / 2 == 2 and 10 - 2 - 3 == 5", PCT, True),
    ("true and not false", PCT, True),
    ("'single' == \"single\"", PCT, True),
])
def test_evaluation(expr, c, expected):
    assert ev(expr, c) is expected


@pytest.mark.parametrize("expr,expected", [
    # a missing value makes an ordering unknown, and unknown never flags
    ("value > 5", None),
    ("not (value > 5)", None),
    ("value > 5 and true", None),
    ("value > 5 and false", False),
    ("value > 5 or true", True),
    ("value + 1 > 0", None),
    ("year(noun) > 2000", None),
    # equality and `is none` are definite
    ('unit == "USD"', False),
    ('unit != "USD"', True),
    ("value is none and unit is none", True),
    ('unit in ["USD"]', False),
    # run-time arithmetic errors are unknown, not exceptions
    ("timex is not none or 1 / 0 > 1", None),
])
def test_missing_values_follow_three_valued_logic(expr, expected):
    assert ev(expr, DATE if "timex" not in expr else NUM) is expected


def test_only_true_flags():
    cond = compile_condition("value > 5")
    assert cond.test(Env(this=PCT)) and not cond.test(Env(this=DATE))


def test_period_and_published_names():
    assert ev("year(timex) != year(period)", DATE, period="2019") is True
    assert ev("timex > published", DATE, published="2020-06-24") is False


def test_pair_conditions_and_conjunct_split():
    cond = compile_condition('a.kind == "number" and b.kind == "percent" and a.value > b.value '
                             'and count("date") > 0', "pair")
    assert cond.fn(Env(a=NUM, b=PCT, claims=ALL)) is True
    assert [sorted(r) for r, _ in cond.conjuncts] == [["a"], ["b"], ["a", "b"], []]


def err(expr, mode="claim"):
    with pytest.raises(ExprError) as info:
        compile_condition(expr, mode)
    e = info.value
    return e.offset, e.message, e.hint


@pytest.mark.parametrize("expr,offset,message,hint", [
    ("vlaue > 5", 0, "unknown field 'vlaue' in expression", "did you mean 'value'?"),
    ('kind == "money" and nuon is none', 20, "unknown field 'nuon' in expression", "did you mean 'noun'?"),
    ("yaer(timex) > 2019", 0, "unknown function 'yaer' in expression", "did you mean 'year'?"),
    ("year(timex, 1) > 2019", 0, "year() takes 1 argument, not 2", "write year(timex)"),
    ("round() > 1", 0, "round() takes 1 or 2 arguments, not 0", "write round(x) or round(x, digits)"),
    ("year(value) > 1", 5, "argument 1 of year() must be a string, not a number", "write year(timex)"),
    ("value >", 7, "expression ends too early", "expected a value: a field, a number, a string, ( or ["),
    ("value > 5 5", 10, "unexpected '5' in expression", None),
    ("value = 5", 6, "unexpected character '=' in expression", "use == to compare"),
    ("value > 1 && value < 3", 10, "unexpected character '&' in expression", "write and"),
    ("1 < value < 3", 10, "unexpected '<' in expression", "comparisons do not chain: write 1 < x and x < 3"),
    ('text == "abc', 8, "string is not closed", 'end it with " on the same line'),
    ("value > 5 AND true", 10, "unexpected 'AND' in expression", "keywords are lower case: and"),
    ("unit is None", 8, "unexpected 'None' in expression", None),
    ("unit == none", 5, "'== none' is not how to test for a missing value", "write x is none"),
    ('value > "5"', 6, "'>' cannot compare a number with a string", None),
    ('value == "5"', 6, "comparing a number with a string is never true", None),
    ('kind == "pecent"', 8, "'pecent' is not a claim kind", "did you mean 'percent'?"),
    ('bound in ["about", "over"]', 19, "'over' is not a claim bound", None),
    ("value and unit is none", 0, "'and' needs a condition, but this is a number", None),
    ("value + 1", 0, "the condition must be true or false, but this is a number", None),
    ('text * 2 == "x"', 0, "arithmetic needs numbers, but this is a string", None),
    ("year > 2019", 0, "'year' is a function", "write year(timex)"),
    ("value(1) > 0", 0, "'value' is a field, not a function", None),
    ('count("dates") > 1', 6, "'dates' is not a claim kind", "did you mean 'date'?"),
    ('matches(text, "(a+)+$")', 15, "pattern may take exponential time", None),
    ('matches(text, "(")', 15, "bad regular expression: missing ), unterminated subpattern", None),
    ("", 0, "expression is empty", None),
])
def test_load_time_errors(expr, offset, message, hint):
    got_offset, got_message, got_hint = err(expr)
    assert got_message.startswith(message)
    assert got_offset == offset
    if hint is not None:
        assert got_hint == hint


@pytest.mark.parametrize("expr,message", [
    ("value > 1", "field 'value' needs a claim in a pair rule"),
    ("a.vlaue > 1", "unknown field 'vlaue' in expression"),
    ("c.value > 1", "unknown claim 'c' in expression"),
    ("a > b", "'a' is a claim; name one of its fields"),
])
def test_pair_mode_errors(expr, message):
    assert err(expr, "pair")[1] == message


def test_claim_mode_refuses_pair_names():
    assert err("a.value > 1")[1] == "'a.value' is not a field"


def test_size_and_depth_are_bounded():
    assert err("value > 1 or " * 300 + "true")[1].startswith(f"expression is longer than {MAX_LENGTH}")
    assert "nested more than" in err("not " * 100 + "true")[1]
    assert "nested more than" in err("abs(" * 100 + "1" + ")" * 100 + " > 0")[1]
    # parentheses alone do not nest the tree
    assert compile_condition("(" * 100 + "true" + ")" * 100).fn(Env()) is True
    # a long flat chain is fine: and/or/+ chains are n-ary, not nested
    long_and = " and ".join(["value > 1"] * 120)
    assert compile_condition(long_and).fn(Env(this=PCT)) is True
    long_sum = " + ".join(["1"] * 400) + " == 400"
    assert compile_condition(long_sum).fn(Env(this=PCT)) is True


# ---------------------------------------------------------------- regex guard

@pytest.mark.parametrize("pattern", [
    r"(a+)+", r"(a*)*", r"(a|a)*", r"(a|aa)*c", r"(a?a)+b", r"(x|xy?)+z", r"(\w+\s?)+$",
    r"(?:\d+,?)+x", r"(x{1,50})*", r"((ab)*)+",
])
def test_catastrophic_patterns_are_refused(pattern):
    with pytest.raises(RegexError, match="exponential time"):
        safe_regex(pattern)


@pytest.mark.parametrize("pattern", [r"\d+\d+x", r"\w+\s*\w+!", r".*.*x", r"\d*\d*\d*x", r".*\d+",
                                     r".*a.*b", r"(.*a){20}", r"\w+.\w+!", r"x(?:.*a|b)c.*d"])
def test_overlapping_neighbour_repeats_are_refused(pattern):
    with pytest.raises(RegexError, match="very long on long text"):
        safe_regex(pattern)


@pytest.mark.parametrize("pattern", [
    r"\bover\b", r"(\d{1,3},)+\d{3}", r"(?:[A-Z]\.)+", r"(foo|bar)+", r"(a|b)+", r"(?:a+)++",
    r"(?>a+)+", r"\d+(?:\.\d+)?\s*(?:%|per ?cent)", r"(?i)\bcirca\b", r"(a|ab)*c", r"(\s?\w)+",
    r"(?:\s|\w|,)+!", r"\bover\s+\d+", r"\d+ .*b", r"[A-Z]\w+\s+[A-Z]\w+", r"(\d+,){3}",
])
def test_ordinary_patterns_are_accepted(pattern):
    safe_regex(pattern)


def test_backreferences_are_refused():
    for pattern in (r"(\d+)\1", r"(?P<x>a)(?P=x)", r"(?:(a)|b)(?:x|\1)"):
        with pytest.raises(RegexError, match="backreferences"):
            safe_regex(pattern)


def test_bad_regex_reports_its_position():
    with pytest.raises(RegexError) as info:
        safe_regex(r"over [0-9")
    assert info.value.message.startswith("bad regular expression") and info.value.offset == 5


def test_accepted_patterns_run_fast_on_hostile_text():
    rx = safe_regex(r"\d+ .*b")  # polynomial of low degree: bounded by MAX_SCAN
    from linter.expr import search_capped

    start = time.perf_counter()
    assert not search_capped(rx, "a" * 100_000)
    assert time.perf_counter() - start < 2


# ---------------------------------------------------------------- positions in YAML files

YAML = '''\
params:
  plain: kind == "money" and vlaue > 1
  double: "kind == \\"money\\" and vlaue > 1"
  single: 'kind == ''money'' and vlaue > 1'
  block: |
    kind == "money"
      and vlaue > 1
  folded: >-
    kind == "money"
    and vlaue > 1
  wrapped: "kind == 'money' and
    vlaue > 1"
'''


@pytest.mark.parametrize("key,line,col", [
    ("plain", 2, 30), ("double", 3, 34), ("single", 4, 34), ("block", 7, 11), ("folded", 10, 9),
    ("wrapped", 12, 5),
])
def test_offsets_map_to_yaml_line_and_column(tmp_path, key, line, col):
    path = tmp_path / "r.yaml"
    path.write_text(YAML)
    loc = load_yaml(YAML, str(path))
    value = loc.data["params"][key]
    got = yaml_position(loc, ("params", key), value, value.index("vlaue"))
    assert got == (line, col, True)
    assert YAML.splitlines()[line - 1][col - 1:].startswith("vlaue")


# ---------------------------------------------------------------- robustness

VALUES = st.one_of(st.none(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                   st.text(max_size=8))
EXPRS = [
    'kind == "percent" and value > 50 and noun is none',
    "value / low > high - 1 or not (value < 0)",
    "year(timex) > 2019 or month(from) == 1 or day(to) < 3",
    'lower(text) in ["a", "b"] or "x" in unit or matches(noun, "^\\\\w+$")',
    "round(value, 2) == abs(low) or min(value, high) > max(low, 1) or len(text) > 3",
]


@settings(max_examples=300, deadline=None)
@given(value=VALUES, low=VALUES, high=VALUES, text=VALUES, unit=VALUES, noun=VALUES,
       timex=VALUES, expr=st.sampled_from(EXPRS))
def test_evaluation_never_raises(value, low, high, text, unit, noun, timex, expr):
    # Even claims with wrongly typed fields only ever give true, false or unknown.
    c = Claim("number", Span(0, 1), text if isinstance(text, str) else "x", value=value, low=low,
              high=high, unit=unit, noun=noun, timex=timex, from_=timex, to_=timex)
    assert compile_condition(expr).fn(Env(this=c)) in (True, False, None)
