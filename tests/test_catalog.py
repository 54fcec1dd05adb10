"""The rule catalogue: names, ids and files agree; every check module is loaded and used."""
import pkgutil
import re

import linter.checks as checks_pkg
from linter.checks import CHECKS
from linter.cli import explain_text
from linter.rules import builtin_rule_files


def test_file_names_match_ids_and_names(all_rules):
    for rule in all_rules:
        if not rule.builtin:
            continue
        name = rule.source.rsplit("/", 1)[-1]
        assert name == f"{rule.id}-{rule.name}.yaml", rule.source


def test_every_check_module_is_imported_and_every_kind_used(all_rules):
    import sys

    modules = {m.name for m in pkgutil.iter_modules(checks_pkg.__path__)}
    for mod in modules:
        assert f"linter.checks.{mod}" in sys.modules, f"linter/checks/{mod}.py is not imported"
    from pathlib import Path

    from linter.rules import load_rule_dir

    # lexicon/claim/pair exist for house rules; the bundled house-style example uses them.
    house = Path(__file__).resolve().parents[1] / "examples" / "house-style" / "rules"
    used = {r.check for r in all_rules} | {r.check for r in load_rule_dir(house)}
    assert set(CHECKS) <= used, f"check kinds no rule uses: {set(CHECKS) - used}"


def test_every_builtin_rule_is_documented_with_examples(all_rules):
    for rule in all_rules:
        assert rule.doc is not None, rule.id
        assert rule.doc.what and rule.doc.why and rule.doc.fail and rule.doc.pass_
        text = explain_text(rule)
        assert rule.doc.fail[0].splitlines()[0] in text


def test_ids_follow_the_family_scheme(all_rules):
    family = {"consistency": "Q", "temporal": "T", "hedge": "H", "attribution": "H",
              "contested": "H", "internal": "X"}
    for rule in all_rules:
        assert re.fullmatch(r"[QTHX]\d{3}", rule.id)
        assert rule.id[0] == family.get(rule.category, rule.id[0]), rule.id


def test_rules_are_found_through_package_resources():
    names = [n for n, _ in builtin_rule_files()]
    assert "rules/temporal/T001-impossible-date.yaml" in names
