"""Precision of the consistency rules on published reports: no false alarms.

Published, edited reports are almost always internally consistent, so every error or
warning the Q/T consistency rules raise on ../shared is either a real inconsistency
(listed in ALLOWED, with why it is real) or a false alarm that must be fixed.
Skips cleanly when ../shared is not beside the checkout.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from linter.document import parse_document
from linter.engine import RuleSet, lint_document
from linter.findings import Severity
from linter.reader import read_path
from linter.rules import load_rules

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
RULE_IDS = {"Q001", "Q002", "Q003", "Q004", "Q005", "Q006", "Q007", "Q008",
            "T001", "T002", "T003", "T004"}

# (file, line, rule): real inconsistencies in the corpus, each checked by hand.
ALLOWED: dict[tuple[str, int, str], str] = {}


@pytest.fixture(scope="module")
def rules() -> RuleSet:
    # X000 too: a check that raises on a real report is reported, not silently skipped
    return RuleSet([r for r in load_rules() if r.id in RULE_IDS | {"X000"}])


def _findings(path: Path, rules: RuleSet, period: str | None = None) -> list[tuple[str, int, str, str]]:
    text, warnings = read_path(str(path))
    doc = parse_document(text, path.name)
    doc.period = doc.period or period
    return [(path.name, f.start.line, f.rule_id, f.message) for f in lint_document(doc, rules)
            if f.severity >= Severity.WARNING and f.rule_id in RULE_IDS | {"X000"}]


@pytest.mark.parametrize("period", [None, "2019"])
def test_example_report_is_clean(rules, period):
    path = SHARED / "examples" / "crt-2019-kazakhstan.txt"
    if not path.is_file():
        pytest.skip("../shared/examples is not present beside the checkout")
    assert _findings(path, rules, period) == []


def _file_year(path: Path) -> str | None:
    m = re.search(r"(19|20)\d\d", path.name)
    return m.group() if m else None


@pytest.mark.parametrize("period", ["none", "file-year"])
def test_corpus_has_only_known_inconsistencies(rules, period):
    """With no period (T004 off), and with the year in each file name as its period, which
    exercises T004: those reports cannot tell of events after the year they were issued."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus is not present beside the checkout")
    found = [f for p in sorted(corpus.iterdir()) if p.is_file()
             for f in _findings(p, rules, _file_year(p) if period == "file-year" else None)]
    unexpected = [f for f in found if f[:3] not in ALLOWED]
    assert unexpected == [], "false alarms (or new real findings to add to ALLOWED):\n" + \
        "\n".join(f"{n}:{line}: {rid} {msg}" for n, line, rid, msg in unexpected)
    missing = set(ALLOWED) - {f[:3] for f in found}
    assert not missing, f"allowed findings no longer reported: {sorted(missing)}"
