"""Data-driven rule tests: every case in tests/rules/*.yaml, one pytest item each."""
from pathlib import Path

import pytest

from linter.casefile import load_cases, run_case
from linter.rules import load_rules

CASES_DIR = Path(__file__).parent / "rules"
RULES = {r.id: r for r in load_rules()}


def _collect():
    for path in sorted(CASES_DIR.glob("*.yaml")):
        rule_id, cases = load_cases(path.read_text(encoding="utf-8"), str(path))
        for case in cases:
            yield pytest.param(rule_id, case, id=f"{path.stem}:{case.name}")


@pytest.mark.parametrize("rule_id,case", list(_collect()))
def test_case(rule_id, case):
    assert rule_id in RULES, f"case file names unknown rule {rule_id}"
    result = run_case(RULES[rule_id], case, list(RULES.values()))
    assert result.ok, f"{case.name}: {result.problem}\n  text: {case.text}"


def test_every_rule_has_a_case_file_with_near_misses():
    files = {p.name.split("-", 1)[0]: p for p in CASES_DIR.glob("*.yaml")}
    for rule in RULES.values():
        if rule.check == "engine":
            continue
        assert rule.id in files, f"{rule.id} has no case file in tests/rules/"
        name = files[rule.id].stem.split("-", 1)[1]
        assert name == rule.name, f"{files[rule.id].name} does not match rule name {rule.name}"
        _, cases = load_cases(files[rule.id].read_text(encoding="utf-8"), str(files[rule.id]))
        fails = [c for c in cases if c.expected]
        passes = [c for c in cases if not c.expected]
        assert len(fails) >= 3 and len(passes) >= 3, f"{rule.id}: need >= 3 failing and >= 3 passing cases"
