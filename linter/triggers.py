"""The claim pre-scan over a whole document: where lexicon.TRIGGER_PATTERN (a run of
digits and currency signs, or a trigger word) hits each sentence.

Scanning each sentence with one pattern (lexicon.trigger_spans) cost more than a quarter
of extraction: it started a match attempt at every character outside a-z, spaces
included, and its first class needed a Unicode category lookup at every character. Here
two patterns read the whole text once: trigger words after a space (a literal first
character, which `re` finds with a tight loop), and the rest after a character that is
neither a-z nor a space (digits, signs, punctuation). The hits are handed out to the
sentences; a sentence whose edge cuts a word or a run of digits in two (rare: sentences
end at spaces and stops) is scanned on its own, so every sentence gets exactly the hits
of TRIGGER_PATTERN in its own text (tests/test_triggers.py).
"""
from __future__ import annotations

import re
from bisect import bisect_right
from operator import attrgetter, itemgetter, le
from typing import Iterator

from .lexicon import SIGNS, TRIGGER_WORDS
from .tries import char_trie

_TRIE = char_trie(TRIGGER_WORDS)
_DIGIT = r"[\d" + SIGNS + "]"
_AFTER_SPACE = re.compile(" (" + _TRIE + r")\b")
# A run of digits and signs, or a trigger word after any other non-word character
# ("(two", "-year"); a trigger word right after a sign ("$ten") is looked up in Python.
_AFTER_OTHER = re.compile(r"[^a-z ](?:(?<=" + _DIGIT + ")" + _DIGIT + r"*|(?<=\W)(" + _TRIE
                          + r")\b)")
_WORD_RUN = re.compile(r"\w+")
_TRIGGER_SET = frozenset(TRIGGER_WORDS)
_WORD_CHAR = re.compile(r"\w")


def scan_lower(text: str) -> str:
    """`text` with A-Z lowered (and the Kelvin sign, which lowers to "k"): to the
    pre-scan the same as str.lower(), as no other character lowers to or from a-z, a
    digit, a sign or a space, or stops or starts being a word character by lowering
    (tests/test_triggers.py checks every code point). A fifth of the cost of lowering a
    text that is not all ASCII, as long as `text`, and at most two UTF-8 copies of it
    alive at a time."""
    if text.isascii():
        return text.lower()
    data = text.encode("utf-8", "surrogatepass")
    data = data.lower()
    low = data.decode("utf-8", "surrogatepass")
    return low.replace("\u212a", "k") if "\u212a" in low else low


def _spans(low: str) -> list[tuple[int, int]]:
    """The hits of TRIGGER_PATTERN in the whole of `low`, in order."""
    spans = [m.span(1) for m in _AFTER_SPACE.finditer(low)]
    for m in _AFTER_OTHER.finditer(low):
        if m.lastindex:
            spans.append(m.span(1))
            continue
        e = m.end()
        spans.append((m.start(), e))
        if low[e - 1] in SIGNS:  # a sign: a word right after it stands alone
            w = _WORD_RUN.match(low, e)
            if w is not None and w.group() in _TRIGGER_SET:
                spans.append(w.span())
    m = _WORD_RUN.match(low)  # a trigger word opening the text has nothing before it
    if m is not None and m.group() in _TRIGGER_SET:
        spans.append(m.span())
    spans.sort()
    return spans


def _alone(low: str, lo: int, hi: int) -> list[tuple[int, int]]:
    """The hits of TRIGGER_PATTERN.finditer(low, lo, hi): those of low[lo:hi] as a text
    of its own, but for a word at `lo` glued to the word character before it."""
    hits = [(s + lo, e + lo) for s, e in _spans(low[lo:hi])]
    if hits and hits[0][0] == lo and "a" <= low[lo] <= "z" and lo and _WORD_CHAR.match(low, lo - 1):
        del hits[0]
    return hits


def _cut_words(low: str, his: list[int]) -> list[int]:
    """Indexes of the sentences whose end cuts a word in two: the part inside may be a
    trigger word on its own ("ten" of "tens"). One regex pass over the characters just
    after each end (a space standing in after the text)."""
    after = "".join(itemgetter(*his)(low + " ")) if len(his) > 1 else (low + " ")[his[0]]
    return [m.start() for m in _WORD_CHAR.finditer(after)
            if _WORD_CHAR.match(low, his[m.start()] - 1)]


def by_sentence(low: str, spans: list) -> Iterator[tuple[int, list[tuple[int, int]]]]:
    """(k, hits) for each of the sentence spans whose text low[lo:hi] has hits: the spans
    of TRIGGER_PATTERN.finditer(low, lo, hi). Sentences without hits (most of them) cost
    no Python step of their own."""
    los = list(map(attrgetter("start"), spans))
    his = list(map(attrgetter("end"), spans))
    if not los:
        return
    if not (all(map(le, los, his)) and all(map(le, his[:-1], los[1:]))):
        for k, lo, hi in zip(range(len(los)), los, his):  # each on its own
            hits = _alone(low, lo, hi)
            if hits:
                yield k, hits
        return
    groups: dict[int, list[tuple[int, int]]] = {}
    alone = set(_cut_words(low, his))  # read alone: the whole text's hits may differ there
    last = len(los) - 1
    k, hi = -1, -1
    for hit in _spans(low):
        s, e = hit
        if s >= hi:
            k = bisect_right(los, s) - 1
            hi = his[k] if k >= 0 else -1
        j = k + 1
        while j <= last and los[j] < e:
            alone.add(j)  # a run of digits reaching into a later sentence
            j += 1
        if s >= hi:
            continue  # between sentences
        if e > hi:
            alone.add(k)  # cut by the sentence end
        group = groups.get(k)
        if group is None:
            groups[k] = [hit]
        else:
            group.append(hit)
    for k in alone:
        hits = _alone(low, los[k], his[k])
        if hits:
            groups[k] = hits
        else:
            groups.pop(k, None)
    yield from (sorted(groups.items()) if alone else groups.items())
