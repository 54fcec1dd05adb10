"""The token stream a sentence is read as: its claims, one token each, and the words and
punctuation near them.

Matchers walk tokens rather than text so that a claim is never split, and text far from
any claim becomes one GAP token that no matcher crosses.
"""
from __future__ import annotations

import re
from typing import Iterable

from ..claims import Claim
from ..spans import Span


_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*|\d+(?:[.,]\d+)*|[^\sA-Za-z\d]")


class Tok:
    """A word, a punctuation mark, or one whole claim."""

    __slots__ = ("text", "start", "end", "claim", "in_noun")

    def __init__(self, text: str, start: int, end: int, claim: Claim | None = None,
                 in_noun: bool = False) -> None:
        self.text = text  # lowercased word or punctuation; the claim's text for a claim token
        self.start = start
        self.end = end
        self.claim = claim
        self.in_noun = in_noun  # a word of the preceding claim's counted noun phrase

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


GAP = "\u2026gap"  # stands for text skipped between two claims far apart
# Characters of context read before and after a claim. Dates need only their
# preposition and a weekday; quantities need their clause (connectors, change verbs).
_WINDOW = {"date": (25, 20), "period": (25, 20)}
# With a report period, dates need the clause before them (tense, "to begin in 2013").
_WINDOW_EVENTS = {"date": (90, 30), "period": (60, 30)}
_WIDE = (150, 160)


def tokenize(masked: str, span: Span, claims: Iterable[Claim],
             windows: dict[str, tuple[int, int]] = _WINDOW) -> list[Tok]:
    """Tokens of `masked[span]`: claims as single tokens, the rest as words/punctuation.

    Only the context near claims is read: a stretch of words far from any claim becomes
    one GAP token, which no matcher crosses (it is not a connector, number or comma).
    """
    toks: list[Tok] = []
    append = toks.append
    finditer = _WORD.finditer
    noun_a = noun_b = -1

    def words(a: int, b: int) -> None:
        # No token crosses a space: a piece between spaces that is all ASCII letters or
        # all digits (most are) is one token, read without the regex (~2,500 instructions
        # a match).
        for piece in masked[a:b].split(" "):
            en = a + len(piece)
            if piece.isascii() and (piece.isalpha() or piece.isdigit()):
                append(Tok(piece.lower(), a, en, None, noun_a <= a and en <= noun_b))
            elif piece:
                for m in finditer(masked, a, en):
                    st, e = m.span()
                    append(Tok(m.group().lower(), st, e, None, noun_a <= st and e <= noun_b))
            a = en + 1

    pos = span.start
    after = 0  # context owed after the previous claim
    for c in claims:
        cs = c.span.start
        if cs < pos:  # overlapping claims: keep the first
            continue
        before, nxt = windows.get(c.kind, _WIDE)
        if cs - pos > before + after + 20:
            if after:
                cut = masked.find(" ", pos + after, cs)
                words(pos, cut)
            else:
                cut = pos
            append(Tok(GAP, cut, cut))
            words(max(masked.find(" ", cs - before, cs), pos), cs)
        else:
            words(pos, cs)
        append(Tok(c.text, cs, c.span.end, c))
        pos = c.span.end
        after = nxt
        if c.noun_span is not None and c.noun_span.start >= pos:
            noun_a, noun_b = c.noun_span.start, c.noun_span.end
    end = span.end
    if end - pos > after + 20:
        cut = masked.find(" ", pos + after, end)
        if cut > 0:
            words(pos, cut)
            append(Tok(GAP, cut, cut))
            return toks
    words(pos, end)
    return toks
