"""The whole-document pre-scan (linter/triggers.py) gives each sentence exactly the hits
that lexicon.TRIGGER_PATTERN finds in the sentence's own fully lower-cased text."""
from __future__ import annotations

import random
import re
from operator import attrgetter

import pytest

from linter.document import parse_document
from linter.lexicon import SIGNS, TRIGGER_PATTERN, TRIGGER_WORDS
from linter.spans import Span
from linter.triggers import _alone, by_sentence, scan_lower

TRIGGER = re.compile(TRIGGER_PATTERN)


def lower(text: str) -> str:
    """str.lower(), keeping "İ" (which lowers to two characters) as it is."""
    return "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)


def _reference(text: str, spans: list[Span]) -> list[tuple[int, list[tuple[int, int]]]]:
    low = lower(text)
    out = []
    for k, sp in enumerate(spans):
        hits = [m.span() for m in TRIGGER.finditer(low, sp.start, sp.end)]
        if hits:
            out.append((k, hits))
    return out


def _fast(text: str, spans: list[Span]) -> list[tuple[int, list[tuple[int, int]]]]:
    return [(k, list(h)) for k, h in by_sentence(scan_lower(text), spans)]


def test_corpus_sentences(shared):
    files = sorted((shared / "corpus").glob("*.txt"))[:20]
    assert files
    for path in files:
        doc = parse_document(path.read_text(encoding="utf-8"), str(path))
        spans = list(map(attrgetter("span"), doc.sentences))
        assert _fast(doc.masked, spans) == _reference(doc.masked, spans), path.name


WORDS = sorted(TRIGGER_WORDS)[::2] + ["Ten", "TWELVE", "tens", "often", "tent", "weeK",
                                      "wee\u212a", "İ", "é", "É", "_", "ß", "x", "ΣΑΣ", "two_"]
CHARS = list("0123456789$€£¥₹₸₽₦₩₺₱% -_/.,()\n\t\u00a0\u2013’éÉxX٣١𝟓")


@pytest.mark.parametrize("seed", range(4))
def test_random_texts_and_cuts(seed):
    """Tricky texts (Unicode digits and letters, digits glued to words, signs before words,
    words at both ends) cut into sentences anywhere: inside words and runs of digits,
    touching, empty, and with gaps."""
    rnd = random.Random(seed)
    for _ in range(3000):
        text = "".join(rnd.choice(WORDS) if rnd.random() < 0.5 else rnd.choice(CHARS)
                       for _ in range(rnd.randint(1, 14)))
        cuts = sorted(rnd.randint(0, len(text)) for _ in range(2 * rnd.randint(0, 4)))
        spans = [Span(cuts[i], cuts[i + 1]) for i in range(0, len(cuts), 2)]
        if rnd.random() < 0.2:
            spans = [Span(0, len(text))]
        assert _fast(text, spans) == _reference(text, spans), (text, spans)


def test_a_stretch_read_alone_keeps_the_character_before_it():
    rnd = random.Random(11)
    for _ in range(20000):
        low = lower("".join(rnd.choice(WORDS) if rnd.random() < 0.5 else rnd.choice(CHARS)
                            for _ in range(rnd.randint(1, 8))))
        lo = rnd.randint(0, len(low))
        hi = rnd.randint(lo, len(low))
        assert _alone(low, lo, hi) == [m.span() for m in TRIGGER.finditer(low, lo, hi)], (low, lo, hi)


def test_overlapping_sentences_are_read_one_by_one():
    text = "In 2019, ten people and 5 more"
    spans = [Span(0, 20), Span(3, 30), Span(10, 12)]
    assert _fast(text, spans) == _reference(text, spans)


def test_the_kelvin_sign_lowers_to_k():
    assert scan_lower("Two WEE\u212aS") == "two weeks"
    assert _fast("in two WEE\u212aS", [Span(0, 12)]) == [(0, [(3, 6), (7, 12)])]


def test_scan_lower_reads_as_lower_for_every_code_point():
    """No character but A-Z and the Kelvin sign lowers to or from a-z, a digit, a sign or
    a space, or changes between word and non-word character: ASCII-only lowering is, to
    the pre-scan, the same as str.lower()."""
    text = "".join(map(chr, range(0x110000)))
    fast, full = scan_lower(text), lower(text)
    assert len(fast) == len(full) == len(text)
    for pattern in (r"\w", r"\d"):
        rx = re.compile(pattern)
        assert [m.start() for m in rx.finditer(fast)] == [m.start() for m in rx.finditer(full)]
    plain = re.compile("[\\x00-\\x7f" + SIGNS + "]")  # a-z, spaces, signs: as themselves
    assert [(m.start(), m.group()) for m in plain.finditer(fast)] == [
        (m.start(), m.group()) for m in plain.finditer(full)]
