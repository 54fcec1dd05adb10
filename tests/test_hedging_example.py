"""The hedging rules on the report that started the project (CRT 2019, Kazakhstan).

Every weak statement a reviewer marked must be surfaced by the rule meant for it, and
the report's plain statements of fact must draw no hedging finding at all.
"""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = (ROOT / "examples" / "crt-2019-kazakhstan.txt",
              ROOT.parent / "shared" / "examples" / "crt-2019-kazakhstan.txt")
EXAMPLE = next((p for p in CANDIDATES if p.is_file()), None)

pytestmark = pytest.mark.skipif(EXAMPLE is None, reason="crt-2019-kazakhstan.txt is not present")

HEDGING = ("H001", "H002", "H003", "H004", "H005")  # the rules on by default

# (rule, exact text of the span, a few words of its sentence to tell repeats apart)
SURFACED = [
    ("H002", "approximately 600", "Penitentiary Committee reported"),
    ("H001", "remained unknown", "the extent to which this occurred"),
    ("H001", "difficult to verify", "the nature of such charges"),
    ("H001", "appeared", "appeared to be connected"),
    ("H003", "some outside experts", "concerns among some outside experts"),
    ("H001", "may", "efforts may be counterproductive"),
    ("H003", "Local researchers estimate", "Local researchers estimate"),
    ("H002", "as many as 90 percent", "as many as 90 percent of charges"),
    ("H002", "more than 90", "KNB publicly estimated"),
    ("H004", "extremism", "promotion of \"extremism\" online"),
    ("H004", "extremism", "terrorism and \"extremism.\""),
    ("H004", "radicalism", "alternatives to \"radicalism\""),
    ("H004", "extremist", "reduce \"extremist\" messaging"),
]

PLAIN_FACTS = [
    "Kazakhstan has a comprehensive CT legal framework.",
    "Kazakhstani law bans citizens from fighting in foreign wars.",
    "The government has not yet deprived anyone of citizenship in connection with such cases.",
    "In November, the government facilitated the return of 14 Kazakhstani children from Iraq",
    "Kazakhstan belongs to the EAG.",
    "The Crime Statistics Committee of the Prosecutor General's Office reported that three "
    "terrorist financing cases were transferred",
    "The government's Committee on Religious Affairs conducted direct outreach in communities "
    "across the country.",
    "On December 10-11, the government hosted a regional SCN workshop in Almaty",
    "The country's lead agency for counterterrorism is the Committee for National Security (KNB)",
    "Kazakhstan also hosted a UNODC-administered regional workshop on detection and prevention "
    "of terrorist travel in Almaty in April 2019.",
    "Between January and June, Kazakhstan carried out \"Operation Zhusan,\" which repatriated 595 "
    "Kazakhstani citizens from Syria, including 33 male FTFs.",
    "In 2017, the president signed a law that allows the government to deprive Kazakhstanis of "
    "citizenship",
]


@pytest.fixture(scope="module")
def report():
    from linter.config import Config, select_rules
    from linter.document import parse_document
    from linter.engine import RuleSet, lint_document
    from linter.rules import load_rules

    text = EXAMPLE.read_text(encoding="utf-8")
    rules = RuleSet(select_rules(Config(), load_rules(), extra_select=HEDGING))
    found = [f for f in lint_document(parse_document(text, EXAMPLE.name), rules) if f.rule_id in HEDGING]
    return text, found


def _sentence_around(text: str, at: int) -> str:
    start = max(text.rfind(". ", 0, at), text.rfind("\n", 0, at)) + 1
    end = min(x for x in (text.find(". ", at), text.find("\n", at), len(text)) if x >= 0)
    return text[start : end + 1]


@pytest.mark.parametrize("rule,span,context", SURFACED, ids=[f"{r}:{s}" for r, s, _ in SURFACED])
def test_weak_statement_is_surfaced(report, rule, span, context):
    text, found = report
    hits = [f for f in found if f.rule_id == rule and text[f.span.start : f.span.end] == span
            and context in _sentence_around(text, f.span.start)]
    assert hits, f"{rule} did not report {span!r} near {context!r}"
    assert span.split()[0].lower() in hits[0].message.lower(), "the message must name the cue"


def test_named_source_is_not_unattributed(report):
    text, found = report
    at = text.index("KNB publicly estimated")
    sentence = (at, text.index(".", at))
    assert not [f for f in found if f.rule_id == "H003" and sentence[0] <= f.span.start < sentence[1]]


@pytest.mark.parametrize("fact", PLAIN_FACTS, ids=lambda s: s[:40])
def test_plain_fact_is_left_alone(report, fact):
    text, found = report
    start = text.index(fact)
    end = start + len(fact)
    inside = [(f.rule_id, text[f.span.start : f.span.end]) for f in found if start <= f.span.start < end]
    assert not inside, f"hedging findings on a plain statement of fact: {inside}"
