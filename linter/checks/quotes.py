"""Quotations: where they are, and which short ones are scare quotes.

Quote marks are paired per block (paragraph), not per sentence, because a sentence
splitter may cut `"extremism."` between the full stop and the closing mark; the
pairs are found once per document and shared by every rule that asks.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from ..spans import Span
from .base import CheckContext, DocIndex, Hit, Params, check

# Straight double quotes toggle; curly and guillemet pairs are explicit; single quotes
# count only at word edges, so that apostrophes ("Kazakhstan's", "don't") never open one.
_QUOTE_RE = re.compile(
    r'["“”„«»]'
    r"|(?P<o>(?<![\w’'])[‘'](?=\w))"  # an opening single quote before a word
    r"|(?P<c>(?<=[\w.,;:!?])[’'](?![\w’']))"  # a closing single quote after a word
)


_OPENING_MARKS = "\"“'‘«„"


@dataclass(frozen=True, slots=True)
class Quote:
    """A quoted stretch: `span` covers the marks, `inner` the text between them."""

    span: Span
    inner: Span


def _pair(text: str, offset: int) -> list[Quote]:
    """Pair the quote marks of one block; unbalanced marks are dropped, never guessed."""
    out: list[Quote] = []
    straight: int | None = None
    stack: list[tuple[str, int]] = []

    def close(at: int, pos: int) -> None:
        out.append(Quote(Span(offset + at, offset + pos + 1), Span(offset + at + 1, offset + pos)))

    for m in _QUOTE_RE.finditer(text):
        ch, pos, kind = m.group(), m.start(), m.lastgroup
        if ch == '"':
            if straight is None:
                straight = pos
            else:
                close(straight, pos)
                straight = None
        elif kind == "o":
            stack.append(("'", pos))
        elif kind == "c":
            if stack and stack[-1][0] == "'":
                close(stack.pop()[1], pos)
        elif ch in "”»" or (ch == "“" and stack and stack[-1][0] == "„"):
            want = "«" if ch == "»" else "“„"
            for k in range(len(stack) - 1, -1, -1):  # close the nearest matching opener
                if stack[k][0] in want:
                    close(stack[k][1], pos)
                    del stack[k:]
                    break
        else:  # “ „ «
            stack.append((ch, pos))
    out.sort(key=lambda q: q.span.start)
    return out


def _mark_offsets(text: str) -> list[int]:
    """Offsets of every opening mark, sorted: one str.find loop per mark (memchr speed)
    costs a tenth of a regex character class over the whole text."""
    out: list[int] = []
    find, append = text.find, out.append
    for ch in _OPENING_MARKS:
        i = find(ch)
        while i >= 0:
            append(i)
            i = find(ch, i + 1)
    out.sort()
    return out


def document_quotes(index: DocIndex) -> list[Quote]:
    """Every paired quotation in the document, in order; cached on the shared index."""
    cached = index.__dict__.get("_reportlint_quotes")
    if cached is not None:
        return cached
    doc = index.doc
    masked = doc.masked
    quotes: list[Quote] = []
    blocks = doc.blocks or []
    if blocks:
        # Only blocks with an opening mark can hold a quotation: find the marks in one
        # pass rather than copying and searching every block.
        marks = _mark_offsets(masked)
        for b in blocks:
            k = bisect_left(marks, b.span.start)
            if k < len(marks) and marks[k] < b.span.end:
                quotes.extend(_pair(masked[b.span.start : b.span.end], b.span.start))
    else:
        quotes = _pair(masked, 0)
    index.__dict__["_reportlint_quotes"] = quotes
    index.__dict__["_reportlint_quote_starts"] = [q.span.start for q in quotes]
    return quotes


def quoted_at(index: DocIndex, start: int, end: int) -> Quote | None:
    """The quotation whose inner text holds [start, end), if any (quotes do not nest deeply)."""
    quotes = document_quotes(index)
    if not quotes:
        return None
    starts = index.__dict__["_reportlint_quote_starts"]
    i = bisect_right(starts, start) - 1
    # Walk back over a few earlier quotes: an outer quote may start before an inner one.
    for j in range(i, max(-1, i - 4), -1):
        q = quotes[j]
        if q.inner.start <= start and end <= q.inner.end:
            return q
    return None


def quotes_in(index: DocIndex, span: Span) -> Iterator[Quote]:
    """Quotations whose opening mark lies inside `span`."""
    quotes = document_quotes(index)
    if not quotes:
        return
    starts = index.__dict__["_reportlint_quote_starts"]
    i = bisect_right(starts, span.start - 1)
    while i < len(quotes) and quotes[i].span.start < span.end:
        yield quotes[i]
        i += 1


# ------------------------------------------------------------------ scare quotes

@dataclass(frozen=True)
class ScareParams(Params):
    """Options of `scare_quotes`: what makes a short quotation someone else's words."""

    max_words: int = 4
    # Words that, in the same sentence, attribute the quotation to a speaker or text.
    attribution: tuple[str, ...] = ()
    # Words just before the quote that make it a definition ("known as", "termed").
    defining: tuple[str, ...] = ()
    # Capitalised words just before the quote that make it a name ("Operation", "Law").
    name_words: tuple[str, ...] = ()
    # Words just after the quote that make it a name: the "zero hunger" programme.
    name_words_after: tuple[str, ...] = ()
    # Words just before the quote that make it a scare quote whatever else holds.
    doubting: tuple[str, ...] = ()
    # How many words before the opening mark to look at for defining/name/doubting words.
    lookbehind: int = 3
    # How many words from the quote an attribution word may be, in the same sentence.
    attribution_window: int = 10
    titles_are_names: bool = True  # "Operation Zhusan", "On Countering Extremism"

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.max_words < 1:
            raise ValueError("max_words must be at least 1")
        if self.lookbehind < 0:
            raise ValueError("lookbehind must be 0 or more")

    def prepare(self, compile_all: bool) -> list:
        """Compile the word lists now (see linter.checks.prepare); no lexicon to scan with."""
        if compile_all:
            for words in (self.attribution, self.defining, self.doubting):
                _words_re(words)
            _after_re(self.name_words_after)
        return []


_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?|\d[\w.,-]*")
_SMALL = frozenset("a an and as at but by for from in into of on or the to with against".split())


@lru_cache(maxsize=64)
def _words_re(words: tuple[str, ...], case_sensitive: bool = False) -> re.Pattern | None:
    """One regex for a word list (phrases allowed), matched as whole words."""
    from .phrases import compile_phrases

    return compile_phrases(words, case_sensitive=case_sensitive) if words else None


@lru_cache(maxsize=64)
def _after_re(words: tuple[str, ...]) -> re.Pattern | None:
    """Matches right after a closing mark when one of `words` is the next word."""
    if not words:
        return None
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"[ \t]+(?:{alts})(?![\w-])", re.I)


def _is_title(words: list[str]) -> bool:
    """Title case: every word capitalised except small function words (not the first)."""
    if not words:
        return False
    for k, w in enumerate(words):
        if w[0].isupper() or w[0].isdigit():
            continue
        if k > 0 and w.lower() in _SMALL:
            continue
        return False
    return True


@check("scare_quotes", params=ScareParams, fields=("term",))
def scare_quotes(ctx: CheckContext) -> Iterator[Hit]:
    """Short quoted terms used as the writer's own words with doubt (scare quotes).

    Real quotations (attributed in the sentence, or long), names and titles, and terms
    being defined are someone else's words or a label, and are left alone.
    """
    p: ScareParams = ctx.params  # type: ignore[assignment]
    attrib = _words_re(p.attribution)
    defining = _words_re(p.defining)
    doubting = _words_re(p.doubting)
    names = frozenset(p.name_words)
    after_names = _after_re(p.name_words_after)
    masked = ctx.doc.masked
    quotes = document_quotes(ctx.index)
    if not quotes:
        return
    from .phrases import scope_spans

    scope = scope_spans(ctx)
    for q in quotes:
        unit = scope.at(q.span.start)
        if unit is None:
            continue  # not in prose this rule reads
        inner = masked[q.inner.start : q.inner.end]
        words = _WORD.findall(inner)
        if not words or len(words) > p.max_words:
            continue
        before = masked[max(q.span.start - 80, 0) : q.span.start]
        prev = _WORD.findall(before)[-p.lookbehind :] if p.lookbehind else []
        prev_text = " ".join(prev)
        doubted = doubting is not None and prev and _ends_with(doubting, prev_text)
        if not doubted:
            if p.titles_are_names and _is_title(words) and not _sentence_initial_single(words, before):
                continue  # a name or a title: "Operation Zhusan", "On Countering Extremism"
            if prev and prev[-1] in names:
                continue  # Operation "Zhusan", the Law "On Religion"
            if (after_names is not None and inner.rstrip()[-1:] not in (".", "!", "?")
                    and after_names.match(masked, q.span.end)):
                continue  # the "zero hunger" programme, a "no drop" policy
            if defining is not None and prev and _ends_with(defining, prev_text):
                continue  # a term being defined: known as "the Fund"
            if attrib is not None and _attributed(attrib, masked, Span(*unit), q, p.attribution_window):
                continue  # someone's words: what officials called "extremism"
        # The reported span is the term itself, without marks or trailing punctuation.
        lead = len(inner) - len(inner.lstrip())
        term = inner.strip().rstrip(".,;:!?")
        if term:
            start = q.inner.start + lead
            yield ctx.hit(Span(start, start + len(term)), term=term)


def _ends_with(pattern: re.Pattern, text: str) -> bool:
    """Does one of `pattern`'s phrases end exactly at the end of `text`?"""
    for m in pattern.finditer(text):
        if m.end() == len(text):
            return True
    return False


def _sentence_initial_single(words: list[str], before: str) -> bool:
    """A one-word quote that opens a sentence is capitalised for that reason alone."""
    if len(words) != 1:
        return False
    tail = before.rstrip()
    return not tail or tail[-1] in ".!?:"


_SPACE_RUN = re.compile(r"\s+")


def _attributed(attrib: re.Pattern, masked: str, unit: Span, q: Quote, window: int) -> bool:
    """An attribution word within `window` words of the quotation, in its sentence."""
    for m in attrib.finditer(masked, unit.start, max(unit.end, q.span.end)):
        if m.lastgroup != "c" or q.span.start <= m.start() < q.span.end:
            continue
        gap = masked[m.end() : q.span.start] if m.end() <= q.span.start else masked[q.span.end : m.start()]
        if len(_SPACE_RUN.findall(gap.strip())) < window:
            return True
    return False
