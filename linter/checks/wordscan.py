"""The shared anchor-word scan: where each anchor word of the phrase lexicons in use
starts in a document (phrases: a rule tries its phrases only where its anchors stand).

An anchor word starts after a space, after any other non-word character but "-", or at
the start of the text; compared lower-cased, an exact word ends before a non-word
character, a prefix (`suggest*`) takes the whole word run.

Fast path, on bytes (`_byte_scan`): the text as ASCII ("?" for every character beyond
it), lower-cased and with every non-word byte but "-" made a space, by `encode` and
`translate` in C; then ONE regex, a space and the anchor trie. The regex path on the
text itself needs a lower-cased copy and a second regex for words after punctuation,
whose leading class is tested at every character: nearly twice the cost. Beside an
anchor word, a "?" that stood for a character beyond ASCII is read in the text:
lower-casing keeps every character a word character or not (true of all of Unicode),
so a word character there cancels the anchor (none is ASCII-only, then).

Left to the regex path (`_text_scan`): an anchor word beyond ASCII; a text with a Kelvin
sign, the one character that lower-cases into ASCII ("K" -> "k"); a prefix's word that
runs on beyond ASCII ("analysé"), whose key depends on how the whole text lower-cases.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..lowercase import lower_pieces

_ASCII_WORD = re.compile(r"[a-z0-9_]+\Z")
_INTO_ASCII = "\u212a"  # the one character whose lower() is ASCII
_UNKNOWN = ord("?")  # what encode puts for a character beyond ASCII
_FOLD = bytes(  # lower-case; every non-word byte but "-" a space
    b + 32 if 65 <= b <= 90 else b if 97 <= b <= 122 or 48 <= b <= 57 or b in b"_-" else 32
    for b in range(256))


def scan(text: str, exact: frozenset[str], prefixes: frozenset[str]) -> dict[str, list[int]]:
    """Where each anchor word starts in `text`, by lower-cased word, in order."""
    where = _byte_scan(text, exact, prefixes)
    return where if where is not None else _text_scan(text, exact, prefixes)


def prepare_scan(exact: frozenset[str], prefixes: frozenset[str]) -> None:
    """Compile the scan for these words now (~15 ms), not in the first document."""
    _byte_regex(exact, prefixes)


def _trie(exact: frozenset[str], prefixes: frozenset[str]) -> str:
    """One trie for both kinds of anchor word, matching the whole word run: a word
    (then a word boundary) or a prefix (then `\\w*`, which makes the words under it
    redundant). The same matches as `(exact-trie\\b|prefix-trie\\w*)`, with a third
    fewer branches tried at each space (the two tries shared most first letters)."""
    root: dict = {}
    for w in prefixes:
        node = root
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = "prefix"
    for w in exact:
        node = root
        for ch in w:
            if node.get("") == "prefix":
                break
            node = node.setdefault(ch, {})
        else:
            node.setdefault("", "word")

    def emit(node: dict) -> str:
        if node.get("") == "prefix":
            return r"\w*"
        alts = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            alts.append(r"\b")
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(root)


@lru_cache(maxsize=32)
def _byte_regex(exact: frozenset[str], prefixes: frozenset[str]) -> re.Pattern | None:
    """A space, then an anchor word (None: a word beyond ASCII)."""
    if not exact and not prefixes:
        return re.compile(b"(?!)")
    if not all(_ASCII_WORD.match(w) for w in exact | prefixes):
        return None
    return re.compile(b" " + _trie(exact, prefixes).encode())


def _byte_scan(text: str, exact: frozenset[str], prefixes: frozenset[str]) -> dict[str, list[int]] | None:
    rx = _byte_regex(exact, prefixes)
    if rx is None or _INTO_ASCII in text:
        return None
    raw = text.encode("ascii", "replace")
    low = b" " + raw.translate(_FOLD)  # the space: the text's first word is after one
    n = len(raw)
    where: dict[str, list[int]] = {}
    for m in rx.finditer(low):
        s, e = m.span()  # in `text`, the word is [s, e - 1)
        e -= 1
        if s and raw[s - 1] == _UNKNOWN and text[s - 1].isalnum():
            continue
        word = low[s + 1 : e + 1]
        if e < n and raw[e] == _UNKNOWN and text[e].isalnum():
            if word.startswith(tuple(p.encode() for p in prefixes)):
                return None
            continue
        key = word.decode()
        lst = where.get(key)
        if lst is None:
            where[key] = [s]
        else:
            lst.append(s)
    return where


@lru_cache(maxsize=32)
def _text_regexes(exact: frozenset[str], prefixes: frozenset[str]) -> tuple[re.Pattern, ...]:
    """The anchor words after a space, and after any other non-word character. `re`
    finds a one-character literal prefix (the space) with a fast memchr-like loop; the
    second pattern's first character is a plain class, `[^a-z0-9_ -]`: a class with `\\w`
    in it costs a Unicode category lookup at every character of the text (a third of the
    whole scan). The plain class also lets through word characters beyond ASCII ("é"):
    the caller drops those matches."""
    if not exact and not prefixes:
        never = re.compile(r"(?!)")
        return never, never
    body = "(" + _trie(exact, prefixes) + ")"
    return re.compile(" " + body), re.compile(r"[^a-z0-9_ \-]" + body)


_LEAD_RUN = re.compile(r"\w*")


def _text_scan(text: str, exact: frozenset[str], prefixes: frozenset[str]) -> dict[str, list[int]]:
    """The scan on the text, compared lower-cased a piece at a time (no lowered copy of
    the whole text is kept)."""
    after_space, after_other = _text_regexes(exact, prefixes)
    where: dict[str, list[int]] = {}
    get = where.get
    for at, low in lower_pieces(text):
        # A word at the very start (of the text, or of a piece, after a space): as if
        # after a space. An anchor word is letters, digits and "_" only, so its match
        # ends at the first other character, or at the end.
        lead = _LEAD_RUN.match(low).end()
        first = after_space.match(" " + low[: lead + 1])
        if first is not None:
            lst = get(first.group(1))
            if lst is None:
                where[first.group(1)] = [at]
            else:
                lst.append(at)
        for rx in (after_space, after_other):
            for m in rx.finditer(low):
                if rx is after_other:  # a word character beyond ASCII: not after a non-word
                    c = low[m.start()]
                    if c.isalnum() or c == "_":
                        continue
                w = m.group(1)
                lst = get(w)
                if lst is None:
                    where[w] = [at + m.start(1)]
                else:
                    lst.append(at + m.start(1))
    for lst in where.values():
        lst.sort()
    return where
