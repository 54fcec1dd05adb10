"""Phrase lexicons compile lazily, yet report bad phrases at load; the shared anchor
scan is prepared before the first document and lowercases in pieces (memory)."""
from __future__ import annotations

import random
import re

import pytest

from linter import lowercase
from linter.checks import phrases as P
from linter.checks import prepare_checks
from linter.checks.attribution import AttributionParams
from linter.checks.base import DocIndex
from linter.checks.phrases import PhraseError, PhraseParams
from linter.claims import ClaimSet
from linter.document import parse_document
from linter.tries import char_trie


@pytest.mark.parametrize("params, message", [
    (dict(cues=("re:(",)), "phrase 're:(' is not a valid pattern: missing ), unterminated subpattern"),
    (dict(cues=("may", "re:a)b")), "phrase 're:a)b' is not a valid pattern: unbalanced parenthesis"),
    (dict(cues=("some {g}",), groups={"g": ["re:[a-", "experts"]}),
     "phrase 'some {g}' is not a valid pattern: bad character range"),
    (dict(cues=("say",), exceptions=("re:*x",)), "phrase 're:*x' is not a valid pattern: nothing to repeat"),
    (dict(cues=("a (b|c",)), "unbalanced brackets in phrase 'a (b|c'"),
    (dict(cues=("{g}",), groups={"g": ["{g}"]}), "group {g} refers to itself"),
    # a group nested too deeply fails however often it was built before, at any depth
    (dict(cues=("{f}", "{a}"), groups={"a": ["{b}"], "b": ["{c}"], "c": ["{d}"], "d": ["{e}"],
                                        "e": ["{f}"], "f": ["x"]}), "group {f} refers to itself"),
])
def test_a_bad_phrase_is_an_error_when_the_rule_loads(params, message):
    with pytest.raises(PhraseError) as err:
        PhraseParams(**params)
    assert str(err.value).startswith(message)


def test_attribution_reports_a_bad_weasel_at_load():
    with pytest.raises(PhraseError, match=r"^phrase 're:\(' is not a valid pattern"):
        AttributionParams(weasels=("re:(",))


def _found(lex: P.Lexicon, text: str) -> list[tuple[int, int]]:
    doc = parse_document(text, "t.txt")
    index = DocIndex(doc, ClaimSet.build(()))
    spans = P.Spans([s.span.start for s in doc.sentences], [s.span.end for s in doc.sentences])
    return list(lex.find(index, spans))


def test_per_word_regexes_compile_on_first_use_and_match_as_when_compiled_at_once():
    phrases = ("it is [widely] believed", "some {who}", "suggest*", "may well", "may", "* claim")
    groups = {"who": ["experts", "observers", "(human rights|civil society) groups"]}
    text = ("It is widely believed that some experts may well be wrong. Some human rights "
            "groups suggested otherwise; critics claim it. It is believed, May said.")
    lazy = P.Lexicon(phrases, ("may said",), groups, False)
    assert not lazy._first and not lazy._late  # nothing compiled yet
    eager = P.Lexicon(phrases, ("may said",), groups, False)
    eager.compile_all()
    assert _found(lazy, text) == _found(eager, text) != []
    short = P.Lexicon(phrases, ("may said",), groups, False)
    assert _found(short, "It may rain.") == [(3, 6)]
    assert list(short._first) == [("may", False)] and not short._late  # only what occurs


def _old_scan_regexes(exact, prefixes):
    """The scan's regexes as they were: two tries, and `[^\\w -]` before the second."""
    parts = []
    if exact:
        parts.append(char_trie(exact) + r"\b")
    if prefixes:
        parts.append(char_trie(prefixes) + r"\w*")
    body = "(" + "|".join(parts) + ")"
    return re.compile(" " + body), re.compile(r"[^\w -]" + body)


def _old_scan(text: str, exact, prefixes) -> dict:
    """The scan as it was: the whole text lowercased at once, three regexes."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    after_space, after_other = _old_scan_regexes(exact, prefixes)
    where: dict = {}
    m = re.compile(after_space.pattern[1:]).match(low)
    if m:
        where[m.group(1)] = [0]
    for rx in (after_space, after_other):
        for m in rx.finditer(low):
            where.setdefault(m.group(1), []).append(m.start(1))
    for lst in where.values():
        lst.sort()
    return where


def test_the_scan_in_pieces_finds_what_a_whole_text_scan_finds(monkeypatch):
    monkeypatch.setattr(lowercase, "PIECE", 16)  # many piece boundaries
    exact = frozenset("may might it is said some experts σας ι".split())
    prefixes = frozenset(["sugg", "i"])
    words = ["May", "might", "It", "is", "said", "some", "experts", "suggested", "ΣΑΣ", "İ", "İt",
             "x", "-may", "(may", "\n", "  ", "may-be", "“may”", "maybe", "i", "İi"]
    rnd = random.Random(7)
    for _ in range(1500):
        text = "".join(rnd.choice(words) + rnd.choice([" ", "\n", " ", "-", "  ", ".", ""])
                       for _ in range(rnd.randint(0, 40)))
        assert P._scan(text, exact, prefixes) == _old_scan(text, exact, prefixes), text


def test_prepared_checks_scan_a_document_once(monkeypatch):
    from linter.engine import RuleSet, lint_document
    from linter.rules import load_rules

    rules = RuleSet([r.with_overrides(enabled=True) for r in load_rules()])
    prepare_checks(((r.check, r.params) for r in rules.enabled), compile_all=False)
    scans = []
    real = P._scan
    monkeypatch.setattr(P, "_scan", lambda *a: scans.append(a) or real(*a))
    text = "Some experts say it is widely believed that the figure may be 600. Critics disagree."
    assert lint_document(parse_document(text, "t.txt"), rules)
    assert len(scans) == 1


def test_the_byte_scan_finds_what_the_regex_scan_finds():
    from linter.checks.wordscan import _byte_scan

    exact = frozenset("may might it is said some experts suggest 2 a_b".split())
    prefixes = frozenset(["sugg", "sugges", "analy", "i"])
    words = ["May", "MIGHT", "it", "Is", "said", "some", "experts", "suggested", "SUGGEST", "2",
             "a_b", "analyse", "x", "é", "İ", "ß", "ΣΑΣ", "\u212a", "maybe", "2.5", "_may",
             "“", "”", "’", "\u00a0", "?", "(", "\t", "-", "\u2010", "\U0001d400", "\ud800"]
    rnd = random.Random(11)
    decided = 0
    for _ in range(3000):
        text = "".join(rnd.choice(words) + rnd.choice([" ", "\n", " ", "-", "", "", ".", "é"])
                       for _ in range(rnd.randint(0, 30)))
        got = _byte_scan(text, exact, prefixes)
        if got is None:  # only the Kelvin sign, or a prefix's word running on beyond ASCII
            assert "\u212a" in text or re.search(r"\b(?:sugg|analy|i)\w*[^\x00-\x7f]", text.lower())
            continue
        decided += 1
        assert got == _old_scan(text, exact, prefixes), text
    assert decided > 1500
    assert _byte_scan("x", frozenset(["σας"]), frozenset()) is None  # an anchor beyond ASCII
