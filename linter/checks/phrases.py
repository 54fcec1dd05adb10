"""Phrases in scope: lexicons from rule YAML, matched fast, minus the senses they don't mean.

The lexicon is data (hedge cues, contested markers, vague quantities); this module
only knows how to match it quickly and how to leave out the senses that are not what
the rule means: "May" the month, "could not" (ability, not doubt), words in quotations.

Phrase syntax (also used by `unattributed_source` and `scare_quotes`):

    may                 a word, on word boundaries; lowercase matches any case
    Operation           a word with a capital matches only as written
    suggest*            a word and any ending: suggests, suggested, suggestion
    it is believed      words separated by any whitespace
    (is|are|was) said   one of several words or phrases
    it is [widely] held an optional word or phrase: [a|b] is one of them, or none
    *                   any one word;  #  any number ("1,200", "3.5")
    @                   a name: an acronym, or a capitalised word not opening a sentence
    ^                   a capitalised word, but not a pronoun or determiner
    {experts}           any phrase of the list `groups: {experts: [...]}`
    denied >> that      "that" must follow, but only "denied" is reported
    re:\\bpattern       a raw regular expression (case-insensitive; sets its own boundaries)

Speed (the linter must run at more than 1 MB/s): Python's `re` pays per character for
a big alternation, whatever its size, so scanning each rule's lexicon over the text
is slow. Instead ONE scan per document (wordscan) finds the anchor words of every
lexicon in use (shared by all rules), and a rule tries its phrases only where one of its anchors
stands, with one small compiled regex per anchor word. A phrase is anchored on its
first required word, or, when that is a stopword ("it is believed"), on a rarer word
inside it; the words before the anchor are matched backwards in a short window.
Phrases with no known word (`*`, `re:`) fall back to a plain scan, which is slower.
"""
from __future__ import annotations

import re
import threading
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator, NamedTuple

from ..spans import Span
from .base import CheckContext, DocIndex, Hit, Params, check
from .wordscan import prepare_scan, scan as _scan

ANY_WORD = r"\w(?:[\w'’.,&/-]*\w)?"
NUMBER = r"\d(?:[\d,.]*\d)?"
# A proper name: an acronym (KNB, NGOs), or a capitalised word that does not open a
# sentence, a line or a quotation (where any word is capitalised).
NAME = (r"(?-i:[A-Z][A-Z0-9&]*[A-Z]s?(?![\w-])"
        r"|(?<![.!?:;]\s)(?<![.!?:;]\s\s)(?<!\n)(?<!^)(?<![\"“(‘'])[A-Z][\w'’.&-]*)")
# Any capitalised word but a pronoun or determiner ("Brazil suggested", not "This suggests").
CAPITALISED = (r"(?-i:(?!(?:This|These|That|Those|It|Its|They|Their|We|Our|He|His|She|Her|I|"
               r"The|A|An|Such|Which|What|One|Some|Many|Most|Both|Each|All)\b)[A-Z])[\w'’.&-]*")
_BOUND_L = r"(?<![\w-])"
_BOUND_R = r"(?![\w-])"
_RUN = re.compile(r"\w+")


class PhraseError(ValueError):
    """A phrase that cannot be compiled; raised as ValueError so rule loading reports it."""


def _split(text: str, sep: str) -> list[str]:
    """Split at `sep` (a space or '|') outside brackets."""
    if "(" not in text and "[" not in text and "{" not in text and ")" not in text \
            and "]" not in text and "}" not in text:  # the common case, at C speed
        return text.split() if sep == " " else [p for p in text.split(sep) if p]
    out, depth, cur = [], 0, []
    for ch in text:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
        if depth == 0 and (ch == sep or (sep == " " and ch.isspace())):
            if cur:
                out.append("".join(cur))
            cur = []
            continue
        cur.append(ch)
    if depth != 0:
        raise PhraseError(f"unbalanced brackets in phrase {text!r}")
    if cur:
        out.append("".join(cur))
    return out


_QUOTE_OR_DASH = re.compile("['’‐‑-]")


def _word(word: str, case_sensitive: bool) -> str:
    tail = ""
    if word.endswith("*") and len(word) > 1:
        word, tail = word[:-1], r"\w*"
    if _QUOTE_OR_DASH.search(word):
        frag = "".join(_char(ch) for ch in word)
    else:
        frag = re.escape(word)  # the same, character by character, at C speed
    if not case_sensitive and any(ch.isupper() for ch in word):
        frag = f"(?-i:{frag})"  # smart case: a capital in the lexicon means "as written"
    return frag + tail


class Keys(NamedTuple):
    """First words a phrase can start with: whole words, and prefixes (`suggest*`)."""

    exact: frozenset[str]
    prefixes: frozenset[str]

    def __or__(self, other: "Keys") -> "Keys":  # type: ignore[override]
        return Keys(self.exact | other.exact, self.prefixes | other.prefixes)


NO_KEYS = Keys(frozenset(), frozenset())


def _word_keys(word: str) -> Keys | None:
    stem = word[:-1] if word.endswith("*") and len(word) > 1 else word
    m = _RUN.match(stem.lower())
    if not m:
        return None  # starts with punctuation: not indexable
    run = m.group()
    if word.endswith("*") and run == stem.lower():
        return Keys(frozenset(), frozenset([run]))
    return Keys(frozenset([run]), frozenset())


@dataclass(frozen=True, slots=True)
class Tok:
    frag: str  # regex fragment
    opt: bool  # optional ([...])
    keys: Keys | None  # first words this token can start with; None = any
    glue: bool = False  # a lookahead (after `>>`): joined without a space, never an anchor
    raw: bool = False  # holds a `re:` fragment: the only kind of text that can fail to compile


def _seq_keys(toks: list[Tok]) -> Keys | None:
    out = NO_KEYS
    for tok in toks:
        if tok.keys is None:
            return None
        out = out | tok.keys
        if not tok.opt:
            return out
    return out


class _Compiler:
    def __init__(self, groups: dict[str, tuple[str, ...]], case_sensitive: bool) -> None:
        self.groups = groups
        self.case_sensitive = case_sensitive
        self.depth = 0
        # Groups and alternatives recur in many phrases ("{say}" in most weasels): build
        # each once per nesting depth (the result, or the error, depends only on those).
        self._built: dict[tuple, tuple[str, Keys | None, bool]] = {}

    def tokens(self, phrase: str) -> list[Tok]:
        out = []
        parts = _split(phrase.strip(), " ")
        if ">>" in parts:
            k = parts.index(">>")
            if k == 0 or k == len(parts) - 1:
                raise PhraseError(f"'>>' needs words on both sides (phrase {phrase!r})")
            after = self.tokens(" ".join(parts[k + 1 :]))
            return self.tokens(" ".join(parts[:k])) + [
                Tok(f"(?=\\s+{_join(after)}{_BOUND_R})", False, None, glue=True,
                    raw=any(t.raw for t in after))]
        for tok in parts:
            if tok.startswith("[") and tok.endswith("]"):
                frag, keys, raw = self.alts(tok[1:-1])
                out.append(Tok(frag, True, keys, raw=raw))
            elif tok.startswith("(") and tok.endswith(")"):
                frag, keys, raw = self.alts(tok[1:-1])
                out.append(Tok(frag, False, keys, raw=raw))
            elif tok.startswith("{") and tok.endswith("}"):
                frag, keys, raw = self.group(tok[1:-1])
                out.append(Tok(frag, False, keys, raw=raw))
            elif tok == "*":
                out.append(Tok(ANY_WORD, False, None))
            elif tok == "#":
                out.append(Tok(NUMBER, False, None))
            elif tok == "@":
                out.append(Tok(NAME, False, None))
            elif tok == "^":
                out.append(Tok(CAPITALISED, False, None))
            else:
                if any(ch in tok for ch in "()[]{}|"):
                    raise PhraseError(f"stray bracket or '|' in {tok!r} (phrase {phrase!r})")
                out.append(Tok(_word(tok, self.case_sensitive), False, _word_keys(tok)))
        if not out:
            raise PhraseError("empty phrase")
        if all(t.opt for t in out):
            raise PhraseError(f"phrase {phrase!r} has only optional parts")
        return out

    def _union(self, phrases) -> tuple[str, Keys | None, bool]:
        frags, keys, simple, raw = [], NO_KEYS, [], False
        for p in phrases:
            if not isinstance(p, str) or not p.strip():
                raise PhraseError(f"phrase {p!r} must be a non-empty string")
            if p.startswith("re:"):
                frags.append(f"(?:{p[3:]})")
                keys, raw = None, True
                continue
            toks = self.tokens(p)
            raw = raw or any(t.raw for t in toks)
            k = _seq_keys(toks)
            keys = None if (keys is None or k is None) else keys | k
            if _SIMPLE_WORD.match(p) and (self.case_sensitive or p == p.lower()):
                simple.append(p)  # plain words share one character trie below
            else:
                frags.append(_join(toks))
        if simple:
            frags.insert(0, _word_trie(simple))
        if not frags:
            raise PhraseError("empty alternative")
        return "(?:" + "|".join(frags) + ")", keys, raw

    def alts(self, body: str) -> tuple[str, Keys | None, bool]:
        built = self._built.get((body, self.depth))
        if built is None:
            built = self._built[(body, self.depth)] = self._union(_split(body, "|"))
        return built

    def group(self, name: str) -> tuple[str, Keys | None, bool]:
        key = ("{", name, self.depth)  # the depth decides whether nesting is too deep
        built = self._built.get(key)
        if built is not None:
            return built
        if name not in self.groups:
            known = ", ".join(sorted(self.groups)) or "none"
            raise PhraseError(f"unknown group {{{name}}} (groups: {known})")
        self.depth += 1
        if self.depth > 5:
            raise PhraseError(f"group {{{name}}} refers to itself")
        try:
            built = self._built[key] = self._union(self.groups[name])
            return built
        finally:
            self.depth -= 1


_SIMPLE_WORD = re.compile(r"^[\w'’-]+\*?$")


@lru_cache(maxsize=None)
def _char(ch: str) -> str:
    return "['’]" if ch in "'’" else "[-‐‑]" if ch in "-‐‑" else re.escape(ch)


def _word_trie(words: list[str]) -> str:
    """Plain words as one character trie: `re` tries a big alternation branch by branch,
    while a trie rejects a word at its first differing letter."""
    root: dict = {}
    for w in words:
        node = root
        wild = w.endswith("*")
        for ch in (w[:-1] if wild else w):
            node = node.setdefault(_char(ch), {})
        node["*" if wild else ""] = {}

    def emit(node: dict) -> str:
        alts = [ch + emit(child) for ch, child in sorted(node.items()) if ch not in ("", "*")]
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")" if alts else ""
        if "*" in node:
            return (f"(?:{body})?" if body else "") + r"\w*"
        if "" in node:
            return f"(?:{body})?" if body else ""
        return body

    return "(?:" + emit(root) + ")"


def _join(tokens: list[Tok]) -> str:
    """Tokens to regex: leading optional parts carry their space after, later ones before."""
    out, seen_required = "", False
    for t in tokens:
        if t.glue:
            out += t.frag
            continue
        if not seen_required:
            if t.opt:
                out += f"(?:{t.frag}\\s+)?"
                continue
            out += t.frag
            seen_required = True
        elif t.opt:
            out += f"(?:\\s+{t.frag})?"
        else:
            out += f"\\s+{t.frag}"
    return out


def _trie_regex(seqs: list[list[Tok]]) -> str:
    """Merge token sequences that share leading tokens into one branch each."""
    root: dict = {}
    END = ""
    for seq in seqs:
        node = root
        for tok in seq:
            node = node.setdefault((tok.frag, tok.opt, tok.glue), {})
        node[END] = True

    def emit(node: dict, first: bool) -> str:
        branches = []
        for key, child in node.items():
            if key == END:
                continue
            frag, opt, glue = key
            head = frag if first or glue else f"(?:\\s+{frag})?" if opt else f"\\s+{frag}"
            branches.append(head + emit(child, False))
        branches.sort(key=len, reverse=True)  # longer phrases first: "may well" before "may"
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        return f"(?:{body})?" if END in node and not first else body

    return emit(root, True)


def _expand_leading_optional(tokens: list[Tok]) -> list[list[Tok]]:
    """`[some] experts` -> `some experts`, `experts`: the trie's root has no optional token."""
    if not tokens[0].opt:
        return [tokens]
    first = Tok(tokens[0].frag, False, tokens[0].keys, raw=tokens[0].raw)
    return _expand_leading_optional([first] + tokens[1:]) + _expand_leading_optional(tokens[1:])


def _alternation(seqs: list[list[Tok]], raws: list[str]) -> str:
    # Word boundaries wrap the phrases; a raw pattern sets its own (footnote marks such
    # as "acts¹" sit right against a word).
    parts = ([f"{_BOUND_L}{_trie_regex(seqs)}{_BOUND_R}"] if seqs else []) + raws
    return "|".join(parts)


def _pattern(cues: str, exceptions: str, case_sensitive: bool) -> re.Pattern:
    body = f"(?P<c>{cues})" if cues else "(?P<c>(?!))"
    if exceptions:
        body = f"(?P<x>{exceptions})|{body}"
    return re.compile(("" if case_sensitive else "(?i)") + body)


# The commonest English words: a phrase that starts with one ("it is believed", "(is|are)
# said to") is found from a rarer word inside it, not from every "it" and "is". Common
# words are a weaker version of the same: a token with them is chosen only when the
# others are much bigger lists.
STOPWORDS = frozenset("""a an the and or but of in on at to for by with from as into than
is are was were be been being am has have had do does did it its this that these those
there here not no so if then when where which who what he she they we you i his her
their our your them him us""".split())
COMMON = frozenset("""under over about after before between through during without within
against among also only very more most less all any each every other such can will would
should must may might could made make one two new up out how some many""".split())


def _anchor(seq: list[Tok]) -> int | None:
    """Index of the token to find `seq` from, None when no token is indexable.

    The cheapest token by a rarity guess: no stopwords, few words, few common words,
    long words; on a tie the earliest, which leaves more of the phrase after it to
    reject a candidate cheaply.
    """
    best, best_cost = None, None
    for i, t in enumerate(seq):
        if t.opt or t.keys is None or t.glue:
            continue
        words = list(t.keys.exact) + list(t.keys.prefixes)
        pre = tuple(t.keys.prefixes)
        stop = sum(w in STOPWORDS for w in t.keys.exact) + sum(w.startswith(pre) for w in STOPWORDS if pre)
        common = sum(w in COMMON for w in t.keys.exact)
        cost = (stop, len(t.keys.exact) + 3 * len(pre) + 20 * common, -sum(map(len, words)) / len(words))
        if best_cost is None or cost < best_cost:
            best, best_cost = i, cost
    return best


class _Late(NamedTuple):
    """A phrase found from a word inside it: the part from that word on is matched at the
    word, the part before it must end right there (searched in a short window)."""

    before: re.Pattern
    after: re.Pattern


_WINDOW = 120  # characters before an anchor word in which a phrase may start


_COMPILED: dict[str, re.Pattern] = {}  # pattern text -> regex, shared by all lexicons


def _rx(source: str) -> re.Pattern:
    """re.compile, memoised without a size limit: words of one group share a pattern, and
    the lexicons hold more patterns than `re`'s own cache keeps."""
    rx = _COMPILED.get(source)
    if rx is None:
        rx = _COMPILED[source] = re.compile(source)
    return rx


def _has_raw(seqs) -> bool:
    return any(t.raw for seq in seqs for t in seq)


class Lexicon:
    """A rule's phrases and exceptions (see the module doc for how they are matched).

    Each first or anchor word gets its own small regex, so trying a candidate costs one
    short match instead of a walk through the whole lexicon. Those regexes are compiled
    on first use (`matchers`), or all at once by `compile_all`: a lexicon has hundreds,
    a short document needs a few, and compiling them all made every start slow. Only a
    `re:` fragment can fail to compile, so the patterns holding one are compiled here:
    a bad phrase is still a rule-file error, not a crash in the middle of a run.
    """

    def __init__(self, phrases: tuple[str, ...], exceptions: tuple[str, ...],
                 groups: dict, case_sensitive: bool, *, _probe: bool = False) -> None:
        comp = _Compiler({k: tuple(v) for k, v in groups.items()}, case_sensitive)
        self.flags = "" if case_sensitive else "(?i)"
        first: dict[tuple[str, bool], list[list[Tok]]] = {}  # (word, is prefix) -> phrases
        late: dict[tuple[str, bool], list[tuple[list[Tok], int]]] = {}
        slow: list[list[Tok]] = []  # phrases that may start with any word
        raws: list[str] = []
        for ph in phrases:
            if not isinstance(ph, str) or not ph.strip():
                raise PhraseError(f"phrase {ph!r} must be a non-empty string")
            if ph.startswith("re:"):
                raws.append(f"(?:{ph[3:]})")
                continue
            seq = comp.tokens(ph)
            k = _anchor(seq)
            if k is None:
                slow.extend(_expand_leading_optional(seq))
                continue
            keys = seq[k].keys
            words = [(w, False) for w in keys.exact] + [(w, True) for w in keys.prefixes]  # type: ignore[union-attr]
            for w in words:
                if k == 0:
                    first.setdefault(w, []).append(seq)
                else:
                    late.setdefault(w, []).append((seq, k))
        self._first_seqs, self._late_seqs = first, late
        self._first: dict[tuple[str, bool], re.Pattern] = {}  # compiled on first use
        self._late: dict[tuple[str, bool], list[_Late]] = {}
        self._late_memo: dict[tuple[int, int], _Late] = {}  # one per phrase, not per word
        self._slow_src = self.flags + _alternation(slow, raws) if slow or raws else None
        self._slow: re.Pattern | None = None
        try:  # in the order the patterns were compiled when all were, for the same error
            for w, seqs in first.items():
                if _has_raw(seqs):
                    self._first_rx(w)
            for w, entries in late.items():
                if _has_raw(seq for seq, _ in entries):
                    self._late_rx(w)
            if raws or _has_raw(slow):
                _ = self.slow
            self.exceptions = (Lexicon(exceptions, (), groups, case_sensitive, _probe=_probe)
                               if exceptions else None)
        except re.error as exc_:
            if _probe:
                raise
            bad = _first_bad(phrases + exceptions, groups, case_sensitive)
            raise PhraseError(f"phrase {bad!r} is not a valid pattern: {exc_}" if bad
                              else f"lexicon does not compile: {exc_}") from None
        words = set(first) | set(late)
        self.keys = Keys(frozenset(w for w, pre in words if not pre), frozenset(w for w, pre in words if pre))
        self._prefixes = tuple(sorted(self.keys.prefixes))
        self._per_word: dict[str, tuple] = {}
        # The words to scan for: the exceptions' too, found right after in the same scan.
        self.scan_keys = self.keys | self.exceptions.scan_keys if self.exceptions else self.keys

    @property
    def slow(self) -> re.Pattern | None:
        """One regex for the phrases with no anchor word (`*`, `re:`), scanned everywhere."""
        if self._slow is None and self._slow_src is not None:
            self._slow = _rx(self._slow_src)
        return self._slow

    def _first_rx(self, key: tuple[str, bool]) -> re.Pattern:
        rx = self._first.get(key)
        if rx is None:
            rx = self._first[key] = _rx(self.flags + _alternation(self._first_seqs[key], []))
        return rx

    def _late_rx(self, key: tuple[str, bool]) -> list[_Late]:
        got = self._late.get(key)
        if got is None:
            got = self._late[key] = [self._late_entry(seq, k) for seq, k in self._late_seqs[key]]
        return got

    def _late_entry(self, seq: list[Tok], k: int) -> _Late:
        got = self._late_memo.get((id(seq), k))
        if got is None:
            head, tail = seq[:k], seq[k:]
            # Leading optional parts carry their own space; a required part needs one before p.
            space = "" if all(t.opt for t in head) else "\\s+"
            got = self._late_memo[(id(seq), k)] = _Late(
                _rx(f"{self.flags}{_BOUND_L}{_join(head)}{space}\\Z"),
                _rx(f"{self.flags}{_join(tail)}{_BOUND_R}"))
        return got

    def compile_all(self) -> None:
        """Compile every pattern now (a long run: no compiling in the first document)."""
        for key in self._first_seqs:
            self._first_rx(key)
        for key in self._late_seqs:
            self._late_rx(key)
        _ = self.slow
        if self.exceptions is not None:
            self.exceptions.compile_all()

    def matchers(self, word: str) -> tuple:
        """(first-word regexes, late entries) to try where `word` (lowercased) stands."""
        got = self._per_word.get(word)
        if got is None:
            firsts, lates = [], []
            for key in [(word, False)] + [(pre, True) for pre in self._prefixes if word.startswith(pre)]:
                if key in self._first_seqs:
                    firsts.append(self._first_rx(key))
                if key in self._late_seqs:
                    lates.extend(self._late_rx(key))
            got = (tuple(firsts), tuple(lates))
            self._per_word[word] = got
        return got

    def find(self, index: DocIndex, scope: "Spans") -> Iterator[tuple[int, int]]:
        """(start, end) of every cue inside the scope's spans, in order and without
        overlaps; a cue that an exception overlaps is dropped."""
        masked = index.doc.masked
        hits: list[tuple[int, int, int]] = []  # start, end, span index
        found = candidates(index, self)
        if not found and self.slow is None:
            return
        starts, ends = scope.starts, scope.ends
        n = len(ends)
        skip = -1
        for p, word in found:
            k = bisect_right(ends, p)
            if k == n:
                break
            us, ue = starts[k], ends[k]
            if p < us:
                continue
            firsts, lates = self.matchers(word)
            if p >= skip:
                for rx in firsts:
                    m = rx.match(masked, p, ue)
                    if m is not None:
                        hits.append((p, m.end(), k))
                        skip = m.end()
                        break
            for entry in lates:
                m = entry.after.match(masked, p, ue)
                if m is None:
                    continue
                b = entry.before.search(masked, max(us, p - _WINDOW), p)
                if b is not None:
                    hits.append((b.start(), m.end(), k))
                    break
        if self.slow is not None:
            for k in range(n):
                hits.extend((m.start(), m.end(), k) for m in self.slow.finditer(masked, starts[k], ends[k]))
        if not hits:
            return
        hits.sort(key=lambda h: (h[0], -h[1]))
        cancel: list[tuple[int, int]] = []
        if self.exceptions is not None:  # only where there are cues to cancel
            ks = sorted({k for _, _, k in hits})
            cancel = list(self.exceptions.find(index, Spans([starts[k] for k in ks], [ends[k] for k in ks])))
        j, end = 0, -1
        for s, e, _k in hits:
            if s < end:
                continue
            while j < len(cancel) and cancel[j][1] <= s:
                j += 1
            if j < len(cancel) and cancel[j][0] < e:
                continue  # an exception overlaps this cue
            end = e
            yield s, e


class Spans(NamedTuple):
    """The spans of a rule's scope, as parallel sorted lists (cheaper than Unit objects)."""

    starts: list[int]
    ends: list[int]

    def at(self, offset: int) -> tuple[int, int] | None:
        k = bisect_right(self.starts, offset) - 1
        if k >= 0 and offset < self.ends[k]:
            return self.starts[k], self.ends[k]
        return None


def scope_spans(ctx: CheckContext) -> Spans:
    """The rule's scope as spans; sentences straight from the document (no Unit objects,
    whose text slices cost more than all the matching), cached per document and scope."""
    scope = ctx.params.scope
    cache = ctx.index.__dict__
    key = f"_reportlint_spans_{scope}"
    got = cache.get(key)
    if got is None:
        if scope == "sentence":
            sents = ctx.doc.sentences
            got = Spans([x.span.start for x in sents], [x.span.end for x in sents])
        else:
            units = ctx.units()
            got = Spans([u.span.start for u in units], [u.span.end for u in units])
        cache[key] = got
    return got


# ---------------------------------------------------------------- shared first-word scan

# The anchor words of every lexicon used so far in this process. A document is scanned
# once for all of them; a lexicon not seen before (the first document, a config
# override) adds a scan for its new words only. Rules that are off never add theirs.
_ACTIVE: dict[str, set[str]] = {"exact": set(), "prefixes": set()}
_ACTIVE_LOCK = threading.Lock()  # documents linted in threads share it


def _activate(keys: Iterable[Keys]) -> tuple[frozenset[str], frozenset[str]]:
    """Add these anchor words to the process's set; the whole set (exact, prefixes)."""
    with _ACTIVE_LOCK:
        for k in keys:
            _ACTIVE["exact"].update(k.exact)
            _ACTIVE["prefixes"].update(k.prefixes)
        return frozenset(_ACTIVE["exact"]), frozenset(_ACTIVE["prefixes"])


class _Scan(NamedTuple):
    exact: frozenset[str]
    prefixes: frozenset[str]
    where: dict[str, list[int]]  # lowercased word -> its start offsets


def _words(index: DocIndex, keys: Keys) -> dict[str, list[int]]:
    """Where each anchor word of the lexicons in use starts: one scan per document."""
    cache = index.__dict__
    scan: _Scan | None = cache.get("_reportlint_words")
    if scan is None or not (keys.exact <= scan.exact and keys.prefixes <= scan.prefixes):
        exact, prefixes = _activate([keys])
        masked = index.doc.masked
        if scan is None:
            where = _scan(masked, exact, prefixes)
        else:  # a lexicon first used after this scan: scan for its new words only
            where = {w: list(p) for w, p in scan.where.items()}
            for w, ps in _scan(masked, exact - scan.exact, prefixes - scan.prefixes).items():
                where[w] = sorted(set(where.get(w, ())) | set(ps))
        scan = _Scan(exact, prefixes, where)
        cache["_reportlint_words"] = scan
    return scan.where


def prepare_lexicons(lexicons: Iterable[Lexicon], *, compile_all: bool = True) -> None:
    """Make the shared scan know the anchor words of all these lexicons now (the
    lexicons of the enabled rules), so that no document compiles a scan regex: without
    this, the union grows rule by rule while the first document is linted, each step
    compiling a regex and scanning it again, and the next document compiles the whole
    union once more. `compile_all` also compiles every lexicon's per-word regexes."""
    lexicons = list(lexicons)
    prepare_scan(*_activate(lex.scan_keys for lex in lexicons))
    if compile_all:
        for lex in lexicons:
            lex.compile_all()


def candidates(index: DocIndex, lex: Lexicon) -> list[tuple[int, str]]:
    """(offset, lowercased word) wherever one of `lex`'s first or anchor words stands, sorted."""
    where = _words(index, lex.scan_keys)
    out: list[tuple[int, str]] = []
    for w in lex.keys.exact:
        lst = where.get(w)
        if lst:
            out.extend((p, w) for p in lst)
    if lex._prefixes:
        for w, lst in where.items():
            if w.startswith(lex._prefixes) and w not in lex.keys.exact:
                out.extend((p, w) for p in lst)
    out.sort()
    return out


def _first_bad(phrases, groups, case_sensitive) -> str | None:
    for ph in phrases:
        try:
            Lexicon((ph,), (), groups, case_sensitive, _probe=True)
        except (re.error, PhraseError):
            return ph
    return None


def _groups_key(groups: dict) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple(sorted((str(k), tuple(v) if isinstance(v, (list, tuple)) else (v,))
                        for k, v in groups.items()))


@lru_cache(maxsize=256)
def _lexicon(phrases, exceptions, groups, case_sensitive) -> Lexicon:
    return Lexicon(phrases, exceptions, dict(groups), case_sensitive)


def lexicon(phrases: tuple[str, ...], *, exceptions: tuple[str, ...] = (),
            groups: dict | None = None, case_sensitive: bool = False) -> Lexicon:
    """The cached Lexicon for these phrase lists."""
    return _lexicon(tuple(phrases), tuple(exceptions), _groups_key(groups or {}), case_sensitive)


@lru_cache(maxsize=256)
def _plain(phrases, exceptions, groups, case_sensitive) -> re.Pattern:
    comp = _Compiler({k: tuple(v) for k, v in groups}, case_sensitive)

    def alternation(items) -> str:
        seqs, raws = [], []
        for ph in items:
            if not isinstance(ph, str) or not ph.strip():
                raise PhraseError(f"phrase {ph!r} must be a non-empty string")
            if ph.startswith("re:"):
                raws.append(f"(?:{ph[3:]})")
            else:
                seqs.extend(_expand_leading_optional(comp.tokens(ph)))
        return _alternation(seqs, raws)

    try:
        return _pattern(alternation(phrases), alternation(exceptions), case_sensitive)
    except re.error as exc_:
        bad = _first_bad(phrases + exceptions, dict(groups), case_sensitive)
        raise PhraseError(f"phrase {bad!r} is not a valid pattern: {exc_}" if bad
                          else f"lexicon does not compile: {exc_}") from None


def compile_phrases(phrases: tuple[str, ...], *, exceptions: tuple[str, ...] = (),
                    groups: dict | None = None, case_sensitive: bool = False) -> re.Pattern:
    """One cached regex for scanning short stretches; group 'c' is a hit, 'x' an exception."""
    return _plain(tuple(phrases), tuple(exceptions), _groups_key(groups or {}), case_sensitive)


def _check_groups(groups: dict) -> None:
    for k, v in groups.items():
        if not isinstance(v, (list, tuple)) or not all(isinstance(s, str) and s.strip() for s in v):
            raise ValueError(f"groups: '{k}' must be a list of phrases")


# ------------------------------------------------------------------ phrase_in_scope

_NEGATION = re.compile(r"\s*(?:n['’]t\b|not\b|never\b|no\s+longer\b)", re.I)
_MONTH_FOLLOW = re.compile(r"\s*(?:\d|,|and\b|to\b|through\b|until\b|[-–—])")


@dataclass(frozen=True)
class PhraseParams(Params):
    """Options of `phrase_in_scope` (lexicons are phrase lists, see the module doc)."""

    cues: tuple[str, ...] = ()
    extra_cues: tuple[str, ...] = ()  # added to `cues`, so a config can extend the lexicon
    exceptions: tuple[str, ...] = ()  # text around a cue that cancels it
    extra_exceptions: tuple[str, ...] = ()
    groups: dict = field(default_factory=dict)  # named phrase lists, used as {name}
    case_sensitive: bool = False
    skip_quoted: bool = True  # words inside a quotation are someone else's
    skip_month: bool = True  # "May" with a capital, not opening a sentence, is the month
    negated: tuple[str, ...] = ()  # cues meaning ability, not doubt, before "not": "could"
    skip_figures: bool = False  # a cue inside a bounded figure ("approximately 600") is H002's

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_groups(self.groups)
        self.lexicon()  # compile now, so a bad phrase is a rule-file error, not a crash

    def prepare(self, compile_all: bool) -> list[Lexicon]:
        """The lexicons this rule scans with (see linter.checks.prepare)."""
        return [self.lexicon()]

    def lexicon(self) -> Lexicon:
        return lexicon(self.cues + self.extra_cues,
                       exceptions=self.exceptions + self.extra_exceptions,
                       groups=self.groups, case_sensitive=self.case_sensitive)


def _figure_spans(ctx: CheckContext) -> list[tuple[int, int]]:
    """Spans of quantity claims given with a bound ("approximately 600", "more than 90")."""
    return sorted((c.span.start, c.span.end) for c in ctx.claims
                  if c.bound != "exact" and not c.adjectival)


def is_month_may(text: str, start: int, end: int, unit_start: int) -> bool:
    """Is the word 'May' at text[start:end] the month rather than the modal verb?"""
    if text[start] != "M":
        return False
    before = text[unit_start:start].rstrip(" \t\"“‘'(*_")
    if before and before[-1] not in ".!?:;\n":
        return True  # a capital mid-sentence: "in May", "On 10 May"
    return bool(_MONTH_FOLLOW.match(text, end))


@check("phrase_in_scope", params=PhraseParams, fields=("cue",))
def phrase_in_scope(ctx: CheckContext) -> Iterator[Hit]:
    """Report each phrase of the rule's lexicon found in its scope, minus other senses."""
    p: PhraseParams = ctx.params  # type: ignore[assignment]
    negated = frozenset(w.lower() for w in p.negated)
    masked = ctx.doc.masked
    quoted_at = None
    if p.skip_quoted:
        from .quotes import quoted_at
    scope = scope_spans(ctx)
    figures = _figure_spans(ctx) if p.skip_figures else []
    for s, e in p.lexicon().find(ctx.index, scope):
        if figures:
            k = bisect_right(figures, (s, float("inf"))) - 1
            if k >= 0 and figures[k][0] <= s and e <= figures[k][1]:
                continue
        cue = masked[s:e]
        low = cue.lower()
        if p.skip_month and low == "may" and is_month_may(masked, s, e, scope.at(s)[0]):  # type: ignore[index]
            continue
        if low in negated and _NEGATION.match(masked, e):
            continue
        if quoted_at is not None and quoted_at(ctx.index, s, e) is not None:
            continue
        yield ctx.hit(Span(s, e), cue=" ".join(cue.split()))
