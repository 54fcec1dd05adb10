"""The token stream's shortcut (pieces between spaces that are plain ASCII words or
numbers, read without the regex) gives the tokens the regex gives."""
from __future__ import annotations

import random
from types import SimpleNamespace

from linter.relations.tokens import _WORD, tokenize
from linter.spans import Span


def test_words_read_without_the_regex_are_the_regex_tokens():
    pieces = ["May", "said", "2019", "1,200", "3.5", "12,", "done.", "don't", "it’s", "(a)",
              "\u0663\u0664", "\u00b2", "caf\u00e9", "x-y", "\n", "\t", "", "Ⅻ", "_", "a_b", "#"]
    rnd = random.Random(5)
    for _ in range(2000):
        text = "".join(rnd.choice(pieces) + rnd.choice([" ", " ", "  ", "", "\n"])
                       for _ in range(rnd.randint(0, 25)))[:150]
        noun = Span(1, 1 + rnd.randint(0, 30))  # words of the first claim's counted noun
        first = SimpleNamespace(span=Span(0, 1), kind="number", text="5", noun_span=noun)
        last = SimpleNamespace(span=Span(len(text) + 1, len(text) + 3), kind="number", text="42",
                               noun_span=None)
        toks = tokenize("5" + text + "42", Span(0, len(text) + 3), [first, last])
        got = [(t.text, t.start, t.end, t.in_noun) for t in toks[1:-1]]
        want = [(m.group().lower(), m.start(), m.end(), noun.start <= m.start() and m.end() <= noun.end)
                for m in _WORD.finditer("5" + text, 1, len(text) + 1)]
        assert got == want, text
        assert toks[0].claim is first and toks[-1].claim is last
