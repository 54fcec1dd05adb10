"""One sentence as the matchers see it (`Sent`), the claims of a document grouped by
sentence, and `_rel`, which builds a Relation.

`Sent` answers the questions every matcher asks (is this claim a count? a label? where
does its noun phrase end?), so that each matcher asks them the same way.
"""
from __future__ import annotations

from typing import Iterable, Iterator

from ..claims import Claim, ClaimSet, Relation
from ..document import Document
from ..spans import Span
from .tokens import _WINDOW, _WINDOW_EVENTS, tokenize
from .words import ID_WORDS, UNIT_WORDS, head


class Sent:
    """One sentence as a token list, with the questions the matchers ask of it."""

    def __init__(self, doc: Document, span: Span, claims: list[Claim]) -> None:
        self.doc = doc
        self.span = span
        self.toks = toks = tokenize(doc.masked, span, claims,
                                    _WINDOW if doc.period is None else _WINDOW_EVENTS)
        self.n = len(toks)
        self.words = [t.text if t.claim is None else "" for t in toks]
        self.claims = [t.claim for t in toks]
        self.claim_at = [i for i, c in enumerate(self.claims) if c is not None]

    def __len__(self) -> int:
        return self.n

    def word(self, i: int) -> str:
        """The word at i ("" for a claim or out of range)."""
        return self.words[i] if 0 <= i < self.n else ""

    def claim(self, i: int) -> Claim | None:
        return self.claims[i] if 0 <= i < self.n else None

    def claims_of(self, *kinds: str) -> Iterator[tuple[int, Claim]]:
        """(index, claim) of the claim tokens of these kinds, in order."""
        cl = self.claims
        for i in self.claim_at:
            if cl[i].kind in kinds:
                yield i, cl[i]

    def prev_word(self, i: int, skip: frozenset[str] = frozenset()) -> tuple[int, str]:
        j = i - 1
        while j >= 0 and self.toks[j].claim is None and self.toks[j].text in skip:
            j -= 1
        return j, self.word(j)

    def is_identifier(self, i: int) -> bool:
        """A number that labels something ("article 15", "5/1", "(3)") rather than counts."""
        t = self.toks[i]
        _, w = self.prev_word(i, frozenset((".", "(", "#", "n", "\u00b0", "º")))
        if w in ID_WORDS:
            return True
        nxt = self.word(i + 1)
        if nxt == "/" or (nxt == "." and self.word(i + 2).isdigit()):
            return True
        if nxt == ")" and self.word(i - 1) == "(" and t.claim is not None \
                and t.claim.kind == "number":  # "(3)": an item number
            return True
        if self.word(i - 1) in ("/", "\u00a7"):
            return True
        if nxt in ("-", "\u2013") and self.word(i + 2).isdigit():
            return True
        return t.text.startswith("(") and t.text.endswith(")")

    def is_count(self, i: int, allow_money: bool = False) -> bool:
        """A plain counted quantity (not a label, a modifier, a year or an age)."""
        c = self.claim(i)
        if c is None or c.value is None or c.adjectival:
            return False
        if c.kind == "money":
            return allow_money and c.rate is None  # "$1.27 a share": a rate, not an amount
        if c.kind != "number" or c.unit not in (None, ""):
            return False
        if c.value != int(c.value):  # "93.15 Prioritize ...": a paragraph label, not a count
            return False
        if head(c.noun) in UNIT_WORDS or self.word(i + 1) in UNIT_WORDS:
            return False  # "85 kD": a measure the grammar did not read as one
        if self.is_identifier(i):
            return False
        if self.word(i + 1) in ("years", "year") and self.word(i + 2) == "old":
            return False
        return self.word(i + 1) not in ("th", "st", "nd", "rd")

    def noun_end(self, i: int) -> int:
        """Index after claim i's counted noun phrase (i + 1 when it has none)."""
        j = i + 1
        while j < len(self.toks) and self.toks[j].in_noun:
            j += 1
        return j


def _sentences(doc: Document, claims: ClaimSet) -> Iterator[tuple[Span, list[Claim]]]:
    """Each sentence that holds at least one claim, with its claims."""
    sents = doc.sentences
    j, cur, out = 0, -1, []
    for c in claims:
        while j < len(sents) and sents[j].span.end <= c.span.start:
            j += 1
        if j >= len(sents):
            break
        if sents[j].span.start > c.span.start:
            continue
        if j != cur:
            if out:
                yield sents[cur].span, out
            cur, out = j, []
        out.append(c)
    if out:
        yield sents[cur].span, out


def _rel(kind: str, members: Iterable[Claim], **attrs: object) -> Relation:
    ms = tuple(members)
    span = Span(min(m.span.start for m in ms), max(m.span.end for m in ms))
    return Relation(kind, span, ms, tuple(attrs.items()))
