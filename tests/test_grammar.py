"""Claim grammar: the data cases in tests/grammar/*.yaml, the grammar/transformer
contract, the example report's acceptance figures, and robustness."""
from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import yaml

from linter.claimbuilder import ClaimBuilder
from linter.document import parse_document
from linter.grammar import extract, extract_text, grammar_text, parser
from linter.lexicon import TERMINALS

HERE = Path(__file__).resolve().parent
CASES = HERE / "grammar"
EXAMPLE = HERE.parents[1] / "shared" / "examples" / "crt-2019-kazakhstan.txt"
KEYS = ("kind", "text", "value", "low", "high", "unit", "noun", "bound", "timex", "from",
        "to", "adjectival", "weekday", "mod", "rate", "parts")


def _fields(c) -> dict:
    return {"kind": c.kind, "text": c.text, "value": c.value, "low": c.low, "high": c.high,
            "unit": c.unit, "noun": c.noun, "bound": c.bound, "timex": c.timex,
            "from": c.from_, "to": c.to_, "adjectival": c.adjectival, "weekday": c.weekday,
            "mod": c.mod, "rate": c.rate,
            "parts": [[p.text, p.value if p.kind != "date" else p.timex, p.unit] for p in c.parts] or None}


def _same(a, b) -> bool:
    if isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def _collect():
    for path in sorted(CASES.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for n, case in enumerate(data["cases"]):
            name = case.get("name") or case["text"][:40]
            yield pytest.param(case, id=f"{path.stem}:{n}:{name}")


@pytest.mark.parametrize("case", list(_collect()))
def test_grammar_case(case):
    claims = extract_text(case["text"], period=case.get("period"), published=case.get("published"),
                          format=case.get("format", "text"))
    got = [_fields(c) for c in claims if not case.get("kinds") or c.kind in case["kinds"]]
    want = case["expect"]
    shown = json.dumps([{k: v for k, v in g.items() if v not in (None, False, "exact")} for g in got],
                       ensure_ascii=False, indent=1)
    assert len(got) == len(want), f"expected {len(want)} claims, got {len(got)}:\n{shown}"
    for g, w in zip(got, want):
        for k, v in w.items():
            assert k in KEYS, f"unknown key {k!r} in case"
            assert _same(g[k], v), f"{k}: expected {v!r}, got {g[k]!r} in\n{shown}"


def _rule_names() -> set[str]:
    return {r.origin.name for r in parser().rules}


def test_every_rule_has_a_builder_method_and_back():
    methods = {m for m in vars(ClaimBuilder) if not m.startswith("_")}
    rules = _rule_names()
    assert rules - methods == set(), f"grammar rules without a ClaimBuilder method: {rules - methods}"
    assert methods - rules == set(), f"ClaimBuilder methods without a grammar rule: {methods - rules}"


def test_declared_terminals_match_the_tokenizer():
    declared = set()
    for line in grammar_text().splitlines():
        if line.startswith("%declare"):
            declared.update(line.split()[1:])
    assert declared == set(TERMINALS)


def test_spans_are_absolute_and_sorted():
    text = "Intro line.\n\nIn 2018, 595 people left. About 90 percent returned by June 2019.\n"
    doc = parse_document(text, "t.txt")
    claims = list(extract(doc))
    assert [c.span.start for c in claims] == sorted(c.span.start for c in claims)
    for c in claims:
        assert text[c.span.start:c.span.end] == c.text
        if c.noun_span is not None:
            assert text[c.noun_span.start:c.noun_span.end] == c.noun


def test_to_dict_keys():
    doc = parse_document("About 90 percent of 595 people left in December 2019.", "t.txt")
    rec = [c.to_dict(doc.path, doc.lines) for c in extract(doc)]
    assert rec and set(rec[0]) == {"path", "kind", "text", "start", "end", "value", "low",
                                   "high", "unit", "noun", "bound", "timex", "from", "to"}
    json.dumps(rec)


@pytest.fixture(scope="module")
def example():
    if not EXAMPLE.is_file():
        pytest.skip("../shared/examples is not present beside the checkout")
    text = EXAMPLE.read_text(encoding="utf-8")
    return text, list(extract(parse_document(text, str(EXAMPLE))))


def _find(claims, kind, text):
    hits = [c for c in claims if c.kind == kind and c.text.replace("\\", "") == text]
    assert hits, f"no {kind} claim {text!r}"
    return hits


def test_example_report_counts(example):
    _, claims = example
    c = _find(claims, "number", "595")[0]
    assert c.value == 595 and "FTFs and family members" in c.noun
    assert _find(claims, "number", "595")[1].noun == "Kazakhstani citizens"
    for text, value, noun in [("33", 33, "male FTFs"), ("14", 14, "Kazakhstani children"),
                              ("six", 6, "women"), ("seven", 7, "individuals"),
                              ("eight", 8, "men"), ("three", 3, "terrorist financing cases"),
                              ("17", 17, "centers")]:
        c = _find(claims, "number", text)[0]
        assert (c.value, c.noun) == (value, noun)
    c = _find(claims, "number", "more than 90")[0]
    assert (c.value, c.bound) == (90, "more_than")
    c = _find(claims, "number", "approximately 600")[0]
    assert (c.value, c.bound) == (600, "about")
    c = _find(claims, "number", "approximately three dozen")[0]
    assert (c.value, c.bound) == (36, "about")
    c = _find(claims, "percent", "as many as 90 percent")[0]
    assert (c.value, c.unit, c.bound) == (90, "%", "at_most")
    c = _find(claims, "money", "$900 million")[0]
    assert (c.value, c.unit) == (900_000_000, "USD")
    r = _find(claims, "range", "from 12 to 18 years")[0]
    assert (r.low, r.high, r.unit) == (12, 18, "year")
    r = _find(claims, "range", "from five to eight years")[0]
    assert (r.low, r.high) == (5, 8)


def test_example_report_time(example):
    _, claims = example
    assert all(c.timex == "P5Y" for c in _find(claims, "duration", "five-year"))
    p = _find(claims, "period", "2018-2022")[0]
    assert (p.from_, p.to_) == ("2018", "2022")
    p = _find(claims, "period", "the first 10 months of 2019")[0]
    assert (p.from_, p.to_) == ("2019-01", "2019-10")
    p = _find(claims, "period", "December 10-11")[0]
    assert (p.from_, p.to_) == ("2019-12-10", "2019-12-11")
    for p in _find(claims, "period", "Between January and June"):
        assert (p.from_, p.to_) == ("2019-01", "2019-06")
    for text, timex in [("December 2019", "2019-12"), ("April 2019", "2019-04"),
                        ("24 June 2020", "2020-06-24"), ("November", "2019-11"),
                        ("January", "2019-01"), ("September", "2019-09"), ("June", "2019-06"),
                        ("August", "2019-08"), ("October", "2019-10")]:
        assert _find(claims, "date", text)[0].timex == timex


def test_example_report_no_identifier_quantities(example):
    text, claims = example
    quantities = [c for c in claims if c.kind in ("number", "range", "percent", "money")]
    for needle in ("2178", "C5+1", "2032497", "589", "583", "1041", "32,"):
        at = [i for i in range(len(text)) if text.startswith(needle, i)]
        for c in quantities:
            assert not any(c.span.start <= i < c.span.end for i in at), f"{c.text!r} read from {needle!r}"


try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    given = None

if given is not None:
    WORDS = ["595", "1,234", "3.5", "five", "twenty-one", "hundred", "million", "dozen",
             "December", "May", "10-11", "2019", "2018-2022", "from", "to", "between", "and",
             "about", "more", "than", "up", "at", "least", "percent", "%", "$", "€", "years",
             "the", "first", "of", "months", "last", "year", "ago", "Monday", ",", "(", ")",
             "-", "–", "people", "UNSCR", "No.", "/", "+", ".", "Q3", "1990s", "mid", "a",
             "decade", "since", "through", "half", "quarter", "third", "per", "cent"]

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(WORDS), max_size=25), st.lists(st.sampled_from([" ", "", "\n"]), min_size=25, max_size=25))
    def test_never_crashes_and_spans_hold(words, seps):
        text = "".join(w + s for w, s in zip(words, seps))
        for c in extract_text(text):
            assert text[c.span.start:c.span.end] == c.text
            assert c.kind in ("number", "range", "percent", "money", "date", "period", "duration")
