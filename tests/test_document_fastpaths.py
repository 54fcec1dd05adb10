"""The plain-text fast paths give what the straightforward versions give.

parse_document finds sentence candidates once over the whole text (one literal-prefix
regex per mark), builds Spans/Blocks/Sentences without their __init__, and skips copies
for already-trimmed lines; these tests pin each shortcut to its reference.
"""
import random

from linter.document import (
    _BOUNDARY,
    _candidates,
    _split_into,
    _trim,
    Block,
    Sentence,
    parse_document,
)
from linter.spans import LineIndex, Span, build_all

_ALPHABET = list("ab A.!?\"')]’”» \n\t\u00a012") + [". ", "! ", "?) ", "\r\n", "Mr. ", "e.g. "]


def _random_texts(n, seed=7):
    rnd = random.Random(seed)
    for _ in range(n):
        yield "".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(0, 200)))


def test_candidates_match_one_pass_with_all_marks():
    for text in _random_texts(3000):
        expected = [(m.start(), m.end(1), m.end()) for m in _BOUNDARY.finditer(text)]
        assert _candidates(text) == expected, repr(text)


def test_plain_sentences_match_split_into_per_block():
    for text in _random_texts(1500, seed=11):
        doc = parse_document(text, "x.txt")
        expected = []
        for bi, block in enumerate(doc.blocks):
            spans: list[Span] = []
            _split_into(doc.masked, block.span.start, block.span.end, spans)
            expected += [Sentence(s, bi, 0) for s in spans]
        assert doc.sentences == expected, repr(text)
        for block in doc.blocks:
            assert _trim(doc.masked, block.span.start, block.span.end) == (block.span.start, block.span.end)


def test_trim_matches_strip():
    for text in _random_texts(2000, seed=3):
        for a in range(0, len(text), 7):
            for b in (a, a + 1, a + 5, len(text)):
                b = min(b, len(text))
                piece = text[a:b]
                s = a + len(piece) - len(piece.lstrip())
                want = (s, s + len(piece.strip())) if piece.strip() else (a, a)
                assert _trim(text, a, b) == want


def test_build_all_equals_constructor():
    spans = build_all(Span, [[1, 5], [2, 9]], 2)
    assert spans == [Span(1, 2), Span(5, 9)]
    assert build_all(Block, ["paragraph", spans, 0], 2) == [Block("paragraph", s, 0) for s in spans]
    assert hash(spans[0]) == hash(Span(1, 2)) and spans[0] < spans[1]


def test_line_starts_for_every_kind_of_break():
    for text in ["", "a", "a\n", "a\nb", "a\r\nb\r\n", "a\rb", "a\r\nb\nc\rd", "\n\n\r\n"]:
        starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n" or (c == "\r" and text[i + 1 : i + 2] != "\n")]
        assert LineIndex(text).starts == starts, repr(text)


def test_the_marker_shortcut_skips_only_lines_without_one():
    from linter.document import _MARKER, _marker

    rnd = random.Random(3)
    heads = ["a", "B", "iv", "XII", "c", "Z", "é", "12", "3.2", "(", "I", "x", "Ab", "q"]
    tails = [".", ")", " ", "", ". ", ") ", "x", "\t", ".5 Million", " Title"]
    for _ in range(5000):
        line = "".join(rnd.choice(heads) + rnd.choice(tails) for _ in range(rnd.randint(1, 3)))
        m, ref = _marker(line, 0, len(line)), _MARKER.match(line, 0, len(line))
        assert (m and m.span()) == (ref and ref.span()), line
