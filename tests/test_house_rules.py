"""House rules: the lexicon, claim and pair check kinds, their load-time errors, packs, test-rules."""
import textwrap
from pathlib import Path

import pytest

import linter.checks.house  # noqa: F401 - registers lexicon, claim, pair
from linter.checks import CHECKS
from linter.checks.base import CheckContext, DocIndex
from linter.checks.house import ClaimParams, LexiconParams, PairParams
from linter.claims import Claim, ClaimSet
from linter.document import parse_document
from linter.errors import ConfigError, RuleFileError
from linter.expr import MAX_SCAN
from linter.spans import Span

ROOT = Path(__file__).resolve().parents[1]
HOUSE = ROOT / "examples" / "house-style"


# ---------------------------------------------------------------- checks on hand-built claims

def make(text, claims=()):
    doc = parse_document(text, "d.txt")
    built = []
    for kind, s, kw in claims:
        i = text.index(s)
        built.append(Claim(kind, Span(i, i + len(s)), s, **kw))
    cs = ClaimSet.build(built)
    return doc, cs, DocIndex(doc, cs)


def hits(kind, params, text, claims=()):
    doc, cs, index = make(text, claims)
    ctx = CheckContext(doc, cs, params, None, index)
    return [(text[h.span.start:h.span.end], h.values, [text[r.start:r.end] for r in h.related])
            for h in CHECKS[kind].func(ctx)]


TEXT = "Over 300 people left over the years. About 45% were women, OVER 12 were men."
CLAIMS = [("number", "Over 300 people", {"value": 300, "noun": "people", "bound": "more_than"}),
          ("percent", "About 45%", {"value": 45, "unit": "%", "bound": "about"}),
          ("number", "12", {"value": 12})]


def test_lexicon_swap_keeps_case_and_only_flags_before_claims():
    got = hits("lexicon", LexiconParams(swap={"over": "more than"}, claim_kinds=("number",)),
               TEXT, CLAIMS)
    assert [(m, v["replacement"]) for m, v, _ in got] == [("Over", "More than"), ("OVER", "MORE THAN")]


def test_lexicon_terms_exceptions_and_case():
    got = hits("lexicon", LexiconParams(terms=("over", "were"), exceptions=("over the years",)), TEXT)
    assert [m for m, _, _ in got] == ["Over", "were", "OVER", "were"]
    got = hits("lexicon", LexiconParams(terms=("over",), ignore_case=False), TEXT)
    assert [m for m, _, _ in got] == ["over"]


def test_lexicon_terms_match_whole_words_and_phrases_across_whitespace():
    text = "The overview was over-long; it was, in  order\nto, rushed."
    got = hits("lexicon", LexiconParams(terms=("over", "in order to")), text)
    assert [m for m, _, _ in got] == ["over", "in  order\nto"]


def test_lexicon_patterns_and_overlapping_exception():
    text = "Debt was 40 per cent of GDP; prices rose 7 per cent."
    got = hits("lexicon", LexiconParams(patterns=(r"(?<=\d)\s?per\s?cent\b",),
                                        exceptions=("per cent of GDP",)), text)
    assert [m for m, _, _ in got] == [" per cent"]  # the first overlaps the exception


def test_lexicon_scans_long_sentences_in_windows_without_missing_or_doubling():
    text = ("word " * 3000).replace("word", "over", 1) + "over."
    doc_text = text.replace("word word", "word over", 1)
    got = hits("lexicon", LexiconParams(terms=("over",)), doc_text)
    assert len(text) > 5 * MAX_SCAN
    assert len(got) == doc_text.count("over")


def test_claim_check_values_and_missing_fields_render_empty():
    got = hits("claim", ClaimParams(when='kind == "percent" and noun is none'), TEXT, CLAIMS)
    [(match, values, _)] = got
    assert match == "About 45%"
    assert values["value"] == 45 and values["noun"] == "" and values["bound"] == "about"
    assert values["line"] == 1 and values["column"] == TEXT.index("About") + 1


def test_claim_check_scope_and_context():
    got = hits("claim", ClaimParams(when='kind == "number" and contains(context, "women")',
                                    scope="sentence"), TEXT, CLAIMS)
    assert [m for m, _, _ in got] == ["12"]
    got = hits("claim", ClaimParams(when='kind == "number" and count("percent") == 1',
                                    scope="document"), TEXT, CLAIMS)
    assert [m for m, _, _ in got] == ["Over 300 people", "12"]


def test_pair_reports_b_with_the_nearest_a_before_it():
    when = 'a.kind == "number" and b.kind != "date" and a.value < 1000'
    got = hits("pair", PairParams(when=when, scope="document"), TEXT, CLAIMS)
    assert [(m, rel) for m, _, rel in got] == [("About 45%", ["Over 300 people"]),
                                             ("12", ["Over 300 people"])]
    [(_, values, _), _] = got
    assert values["a_noun"] == "people" and values["b_unit"] == "%"


def test_pair_never_pairs_a_claim_with_itself_or_a_later_one():
    got = hits("pair", PairParams(when="a.value > b.value", scope="document"), TEXT, CLAIMS)
    assert [(m, rel) for m, _, rel in got] == [("About 45%", ["Over 300 people"]),
                                             ("12", ["About 45%"])]


# ---------------------------------------------------------------- rule-file errors

RULE = """\
id: HS901
name: {name}
check: {check}
category: house
severity: warning
message: "{message}"
params:
{params}
"""


def rule_error(tmp_path, params, check="claim", message="{text}", name="test-rule"):
    folder = tmp_path / "house"
    folder.mkdir(exist_ok=True)
    path = folder / "over.yaml"
    path.write_text(RULE.format(name=name, check=check, message=message, params=params))
    from linter.rules import load_rule_dir

    with pytest.raises(RuleFileError) as info:
        load_rule_dir(folder)
    return str(info.value).replace(str(tmp_path) + "/", "")


@pytest.mark.parametrize("params,expected", [
    ('  when: kind == "money" and vlaue > 1e9',
     "house/over.yaml:8:29: unknown field 'vlaue' in expression (did you mean 'value'?)"),
    ('  when: "kind == \\"money\\" and vlaue > 1e9"',
     "house/over.yaml:8:32: unknown field 'vlaue' in expression (did you mean 'value'?)"),
    ('  when: >-\n    kind == "money"\n    and vlaue > 1e9',
     "house/over.yaml:10:9: unknown field 'vlaue' in expression (did you mean 'value'?)"),
    ('  when: kind == "money" and value >',
     "house/over.yaml:8:36: expression ends too early (expected a value: a field, a number, "
     "a string, ( or [)"),
    ("  when: value >> 3",
     "house/over.yaml:8:16: unexpected '>' in expression"),
    ('  when: yaer(timex) > 2019',
     "house/over.yaml:8:9: unknown function 'yaer' in expression (did you mean 'year'?)"),
    ('  when: year(timex, 2) > 2019',
     "house/over.yaml:8:9: year() takes 1 argument, not 2 (write year(timex))"),
    ('  when: kind == "pecent"',
     "house/over.yaml:8:17: 'pecent' is not a claim kind (did you mean 'percent'?)"),
    ("  scope: sentence",
     "house/over.yaml:8:3: invalid options for check 'claim': 'when' is required"),
])
def test_expression_errors_point_into_the_rule_file(tmp_path, params, expected):
    assert rule_error(tmp_path, params).startswith(expected)


def test_pair_expression_errors(tmp_path):
    msg = rule_error(tmp_path, "  when: a.kind == b.knd", check="pair", message="{b_text}")
    assert msg == "house/over.yaml:8:21: unknown field 'knd' in expression (did you mean 'kind'?)"


@pytest.mark.parametrize("params,expected", [
    ("  patterns: ['over [0-9']",
     "house/over.yaml:8:20: bad regular expression: unterminated character set"),
    ("  patterns: ['ok', '(a+)+$']",
     "house/over.yaml:8:21: pattern may take exponential time: a repeated group contains "
     "another unbounded repeat, like (a+)+"),
    ("  patterns:\n    - '(\\w+\\s?)+$'",
     "house/over.yaml:9:8: pattern may take exponential time: a repeated group contains"),
    ("  patterns: ['\\d+\\d+x']",
     "house/over.yaml:8:15: pattern may take very long on long text"),
    ("  terms: [over]\n  claim_kinds: [numbr]",
     "house/over.yaml:9:17: 'numbr' is not a claim kind (did you mean 'number'?)"),
    ("  swap: {over: [more, than]}",
     "house/over.yaml:8:16: swap must map a word or phrase to its replacement text"),
    ("  scope: sentence",
     "house/over.yaml:8:3: invalid options for check 'lexicon': give the words to flag"),
])
def test_lexicon_errors_point_into_the_rule_file(tmp_path, params, expected):
    assert rule_error(tmp_path, params, check="lexicon", message="{match}").startswith(expected)


def test_message_fields_are_checked_against_the_claim_fields(tmp_path):
    msg = rule_error(tmp_path, "  when: value > 1", message="{vale}")
    assert msg.startswith("house/over.yaml:6:10: message template uses {vale}, which check "
                          "'claim' does not provide (did you mean 'value'?)")


def test_config_override_of_a_condition_is_checked_in_the_config(tmp_path):
    (tmp_path / "house").mkdir()
    (tmp_path / "house" / "r.yaml").write_text(RULE.format(
        name="test-rule", check="claim", message="{text}", params="  when: value > 1"))
    (tmp_path / ".reportlint.yaml").write_text(
        "rule_paths: [house]\nrules:\n  HS901: {when: 'value > 1 and nuon is none'}\n")
    from linter.config import load_config, select_rules, user_rules
    from linter.rules import load_rules

    cfg = load_config(tmp_path / ".reportlint.yaml")
    with pytest.raises(ConfigError) as info:
        select_rules(cfg, load_rules(user_rules(cfg)))
    assert str(info.value).replace(str(tmp_path) + "/", "") == (
        ".reportlint.yaml:3:32: unknown field 'nuon' in expression (did you mean 'noun'?)")


# ---------------------------------------------------------------- packs

def test_extends_a_bundled_pack(tmp_path):
    from linter.config import load_config

    (tmp_path / ".reportlint.yaml").write_text("extends: reportlint:strict\nignore: [H001]\n")
    cfg = load_config(tmp_path / ".reportlint.yaml")
    assert (cfg.select, cfg.fail_on, cfg.ignore) == (("ALL",), "warning", ("H001",))


def test_unknown_pack_is_a_config_error(tmp_path):
    from linter.config import load_config

    (tmp_path / ".reportlint.yaml").write_text("extends: reportlint:strct\n")
    with pytest.raises(ConfigError) as info:
        load_config(tmp_path / ".reportlint.yaml")
    assert str(info.value).endswith(".reportlint.yaml:1:10: unknown pack 'reportlint:strct' "
                                    "(did you mean 'reportlint:strict'?)")


def test_packs_are_not_loaded_as_rules():
    from linter.rules import builtin_rule_files

    assert not any("/packs/" in name for name, _ in builtin_rule_files())


# ---------------------------------------------------------------- the example and the CLI

def test_example_house_rules_pass_their_own_tests(capsys, monkeypatch, run_cli):
    code, out, err = run_cli(["test-rules", "."], HOUSE)
    assert code == 0, out + err
    assert out.splitlines()[-1].endswith("0 failed (8 case files, doc examples of 8 rules)")


def test_example_draft_golden_output(capsys, monkeypatch, run_cli):
    code, out, _ = run_cli(["check", "draft.md", "--format", "concise", "--select", "house"],
                           HOUSE)
    assert code == 1
    assert out == (HOUSE / "expected.txt").read_text(encoding="utf-8")


def test_rules_and_explain_cover_user_rules(capsys, monkeypatch, run_cli):
    code, out, _ = run_cli(["rules", "--format", "json"], HOUSE)
    import json

    rows = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and rows["HS001"]["check"] == "lexicon" and rows["HS001"]["documented"]
    code, out, _ = run_cli(["explain", "percent-needs-group"], HOUSE)
    assert code == 0 and 'when: \'kind == "percent"' in out


HOUSE_RULE = textwrap.dedent("""\
    id: HS900
    name: over-for-count
    check: lexicon
    category: house
    severity: warning
    message: "Write '{replacement}', not '{match}'."
    params:
      swap: {over: "more than"}
    doc:
      what: Flags over.
      why: Style.
      fail: "Over 300 people left."
      pass:
        - "More than 300 people left."
        - "Over 300 people left."
    """)
CASES = textwrap.dedent("""\
    rule: HS900
    cases:
      - name: flagged
        fail: "[[Over]] 300 people left."
      - name: wrong-mark
        fail: "Over [[300]] people left."
      - name: not-flagged
        pass: "More than 300 people left."
    """)


def test_test_rules_reports_each_failing_case(tmp_path, capsys, monkeypatch, run_cli):
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "HS900-over-for-count.yaml").write_text(HOUSE_RULE)
    (tmp_path / "HS900.yaml").write_text(CASES)
    code, out, _ = run_cli(["test-rules", "."], tmp_path)
    assert code == 1
    assert out.splitlines() == [
        "rules/HS900-over-for-count.yaml:15: case HS900 doc.pass[2]: expected no finding of "
        "HS900, got 'Over' (Write 'More than', not 'Over'.)",
        "HS900.yaml:5: case wrong-mark: expected '300', got 'Over' (Write 'More than', not 'Over'.)",
        "6 cases: 4 passed, 2 failed (1 case file, doc examples of 1 rule)",
    ]


def test_test_rules_bad_files_exit_2_and_others_still_run(tmp_path, capsys, monkeypatch, run_cli):
    rule = HOUSE_RULE.replace('    - "Over 300 people left."\n', "")
    (tmp_path / "HS900-over-for-count.yaml").write_text(rule)
    (tmp_path / "cases.yaml").write_text(CASES.replace("HS900", "HS909"))
    (tmp_path / "broken.yaml").write_text("rule: HS900\ncases: [\n")
    code, out, err = run_cli(["test-rules", "."], tmp_path)
    assert code == 2
    assert "broken.yaml:3:1: invalid YAML" in err
    assert "cases.yaml:1:7: case file names unknown rule 'HS909' (did you mean 'HS900'?)" in err
    assert out.splitlines()[-1] == ("2 cases: 2 passed, 0 failed (0 case files, doc examples of 1 rule); "
                                    "2 files could not be loaded")


def test_test_rules_warns_about_a_rule_without_doc(tmp_path, capsys, monkeypatch, run_cli):
    text = HOUSE_RULE.split("doc:")[0]
    (tmp_path / "r.yaml").write_text(text)
    cases = CASES.replace('  - name: wrong-mark\n    fail: "Over [[300]] people left."\n', "")
    (tmp_path / "c.yaml").write_text(cases)
    code, out, err = run_cli(["test-rules", "."], tmp_path)
    assert code == 0, out + err
    assert "r.yaml: warning: rule HS900 (over-for-count) has no doc" in err
