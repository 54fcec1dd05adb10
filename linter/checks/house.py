"""House-rule check kinds, configured entirely in YAML: `lexicon`, `claim` and `pair`.

Teams write their own style rules without Python: `lexicon` flags words and regexes
(with exceptions and a suggested swap); `claim` and `pair` test a condition written in
the small expression language of linter/expr.py over each claim, or over two claims of
one scope. Options are checked when the rule loads (`validate`), so a typo in a
condition or a dangerous regex is a `path:line:col` error, never a failed run.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import ClassVar, Iterator

from ..claims import KINDS
from ..errors import RuleFileError, did_you_mean
from ..expr import (CLAIM_FIELDS, MAX_SCAN, SCAN_OVERLAP, Env, ExprError, RegexError, claim_values,
                    compile_condition, rule_error, safe_regex)
from ..spans import Span
from .base import CheckContext, Hit, Params, check

# Template fields: a claim's JSON fields; for pairs the same with a_ and b_ prefixes.
CLAIM_TEMPLATE_FIELDS = tuple(CLAIM_FIELDS) + ("period",)
PAIR_TEMPLATE_FIELDS = tuple(f"{p}_{n}" for p in ("a", "b") for n in CLAIM_FIELDS)
# A pair rule tries at most this many pairs per scope unit, so a document-scope rule
# over thousands of claims stays fast; one-sided conditions are filtered first.
MAX_PAIRS_PER_UNIT = 200_000


# ---------------------------------------------------------------- lexicon

def _phrase_regex(phrase: str) -> str:
    """A plain word or phrase, matched on word boundaries, any whitespace between words."""
    words = phrase.split()
    body = r"\s+".join(re.escape(w) for w in words)
    left = r"(?<!\w)" if re.match(r"\w", words[0]) else ""
    right = r"(?!\w)" if re.search(r"\w$", words[-1]) else ""
    return left + body + right


def _norm(text: str, ignore_case: bool) -> str:
    text = " ".join(text.split())
    return text.lower() if ignore_case else text


@dataclass(frozen=True)
class _Lexicon:
    terms: re.Pattern | None
    patterns: tuple[re.Pattern, ...]
    exceptions: re.Pattern | None
    swap: dict


@lru_cache(maxsize=128)
def _compile_lexicon(terms: tuple[str, ...], patterns: tuple[str, ...], exceptions: tuple[str, ...],
                     ignore_case: bool, swap: tuple[tuple[str, str], ...]) -> _Lexicon:
    flags = re.IGNORECASE if ignore_case else 0
    words = sorted({t for t in terms + tuple(k for k, _ in swap) if t.strip()}, key=len, reverse=True)
    term_rx = re.compile("|".join(_phrase_regex(t) for t in words), flags) if words else None
    exc = [e for e in exceptions if e.strip()]
    exc_rx = re.compile("|".join(_phrase_regex(e) for e in sorted(exc, key=len, reverse=True)),
                        flags) if exc else None
    return _Lexicon(term_rx, tuple(safe_regex(p, ignore_case) for p in patterns), exc_rx,
                    {_norm(k, ignore_case): v for k, v in swap})


@dataclass(frozen=True)
class LexiconParams(Params):
    terms: tuple[str, ...] = ()  # plain words or phrases, matched on word boundaries
    patterns: tuple[str, ...] = ()  # Python regular expressions (guarded, see expr.safe_regex)
    exceptions: tuple[str, ...] = ()  # phrases: a match overlapping one is not flagged
    ignore_case: bool = True
    swap: dict = field(default_factory=dict, hash=False)  # term -> replacement ({replacement})
    claim_kinds: tuple[str, ...] = ()  # flag only where a claim of these kinds starts or follows

    def __post_init__(self) -> None:
        super().__post_init__()
        if not (self.terms or self.patterns or self.swap):
            raise ValueError("give the words to flag in terms, patterns or swap")

    def validate(self, located, base: tuple) -> None:
        for key in ("terms", "exceptions"):
            for i, t in enumerate(getattr(self, key)):
                if not t.strip():
                    raise located.error(RuleFileError, base + (key, i), f"{key} entry {i + 1} is empty")
        for k, v in self.swap.items():
            if not isinstance(k, str) or not k.strip() or not isinstance(v, str):
                raise located.error(RuleFileError, base + ("swap", k),
                                    "swap must map a word or phrase to its replacement text",
                                    hint='like swap: {over: "more than"}')
        for i, p in enumerate(self.patterns):
            try:
                safe_regex(p, self.ignore_case)
            except RegexError as exc:
                raise rule_error(located, base + ("patterns", i), p, exc, "pattern") from None
        for i, k in enumerate(self.claim_kinds):
            if k not in KINDS:
                raise located.error(RuleFileError, base + ("claim_kinds", i),
                                    f"'{k}' is not a claim kind",
                                    hint=did_you_mean(k, KINDS) or f"kinds: {', '.join(KINDS)}")

    def compiled(self) -> _Lexicon:
        return _compile_lexicon(self.terms, self.patterns, self.exceptions, self.ignore_case,
                                tuple(sorted(self.swap.items())))


def _windows(start: int, end: int) -> Iterator[tuple[int, int, int]]:
    """Overlapping pieces (lo, hi, owned_end) of at most MAX_SCAN characters.

    Bounds the time any regex may take (see expr.safe_regex). A match belongs to the
    window in whose owned part [lo, owned_end) it starts, so it is reported once and
    never cut short unless it is longer than SCAN_OVERLAP.
    """
    step = MAX_SCAN - SCAN_OVERLAP
    lo = start
    while True:
        hi = min(end, lo + MAX_SCAN)
        yield lo, hi, (end if hi >= end else lo + step)
        if hi >= end:
            return
        lo += step


def _cased(replacement: str, match: str) -> str:
    """Keep the case of what was written: 'Over' -> 'More than', 'OVER' -> 'MORE THAN'."""
    if not replacement or not match[:1].isupper():
        return replacement
    if len(match) > 1 and match.isupper():
        return replacement.upper()
    return replacement[0].upper() + replacement[1:]


@check("lexicon", params=LexiconParams, fields=("match", "replacement"))
def lexicon(ctx: CheckContext) -> Iterator[Hit]:
    """Terms and patterns that house style forbids, with exceptions and a suggested swap.

    Matching is per sentence (a match never crosses a sentence boundary), so `scope`
    only groups the work; masked markup is never matched.
    """
    p: LexiconParams = ctx.params  # type: ignore[assignment]
    lex = p.compiled()
    doc = ctx.doc
    kinds = set(p.claim_kinds)
    for unit in ctx.units():
        for si in unit.sentences:
            span = doc.sentences[si].span
            found: dict[tuple[int, int], str | None] = {}
            for lo, hi, owned in _windows(span.start, span.end):
                text = doc.masked[lo:hi]
                if lex.terms is not None:
                    for m in lex.terms.finditer(text):
                        if lo + m.start() < owned:
                            found.setdefault((lo + m.start(), lo + m.end()),
                                             lex.swap.get(_norm(m.group(), p.ignore_case)))
                for rx in lex.patterns:
                    for m in rx.finditer(text):
                        if m.end() > m.start() and lo + m.start() < owned:
                            found.setdefault((lo + m.start(), lo + m.end()), None)
            if not found:
                continue
            excepted: list[tuple[int, int]] = []
            if lex.exceptions is not None:
                for lo, hi, _ in _windows(span.start, span.end):
                    excepted += [(lo + m.start(), lo + m.end())
                                 for m in lex.exceptions.finditer(doc.masked[lo:hi])]
            claims = ctx.index.sentence_claims[si] if kinds else []
            for (a, b), repl in sorted(found.items()):
                if any(x < b and a < y for x, y in excepted):  # overlaps an exception
                    continue
                if kinds and not any(c.kind in kinds and (
                        c.span.start <= a < c.span.end
                        or (c.span.start >= b and not doc.masked[b:c.span.start].strip()))
                        for c in claims):
                    continue
                match = " ".join(doc.text[a:b].split())  # one line, even if wrapped
                yield ctx.hit(Span(a, b), match=match, replacement=_cased(repl or "", match))


# ---------------------------------------------------------------- claim and pair

@dataclass(frozen=True)
class ClaimParams(Params):
    when: str = ""  # a condition over each claim, in the language of linter/expr.py

    KIND: ClassVar[str] = "claim"  # which names the condition may use (expr.compile_condition)
    EXAMPLE: ClassVar[str] = 'a condition over each claim, like: kind == "percent" and noun is none'

    def __post_init__(self) -> None:
        super().__post_init__()
        if not self.when.strip():
            raise ValueError(f"'when' is required: {self.EXAMPLE}")

    def validate(self, located, base: tuple) -> None:
        try:
            compile_condition(self.when, self.KIND)
        except ExprError as exc:
            raise rule_error(located, base + ("when",), self.when, exc) from None


@dataclass(frozen=True)
class PairParams(ClaimParams):
    KIND: ClassVar[str] = "pair"
    EXAMPLE: ClassVar[str] = ('a condition over two claims a and b, '
                              'like: a.kind == "number" and b.kind == "percent"')


def _values(claim, lines, prefix: str = "") -> dict:
    out = claim_values(claim, prefix)
    pos = lines.position(claim.span.start)
    out[prefix + "line"], out[prefix + "column"] = pos.line, pos.column
    return out


def _env(ctx: CheckContext, unit) -> Env:
    doc = ctx.doc
    return Env(context=unit.text, claims=unit.claims, lines=doc.lines,
               period=getattr(doc, "period", None), published=getattr(doc, "published", None))


@check("claim", params=ClaimParams, fields=CLAIM_TEMPLATE_FIELDS)
def claim(ctx: CheckContext) -> Iterator[Hit]:
    """Each claim of a scope for which the rule's `when` condition is true."""
    cond = compile_condition(ctx.params.when, "claim")  # type: ignore[attr-defined]
    for unit in ctx.units():
        env = _env(ctx, unit)
        for c in unit.claims:
            env.this = c
            if cond.test(env):
                yield ctx.hit(c.span, period=env.period or "", **_values(c, ctx.doc.lines))


@check("pair", params=PairParams, fields=PAIR_TEMPLATE_FIELDS)
def pair(ctx: CheckContext) -> Iterator[Hit]:
    """Pairs of claims a, b of one scope (a before b) for which `when` is true.

    One finding per b, at b, with the nearest a before it as the related span.
    """
    cond = compile_condition(ctx.params.when, "pair")  # type: ignore[attr-defined]
    only_a = [f for refs, f in cond.conjuncts if "b" not in refs]
    only_b = [f for refs, f in cond.conjuncts if refs == {"b"}]
    joint = [f for refs, f in cond.conjuncts if {"a", "b"} <= refs]
    lines = ctx.doc.lines
    for unit in ctx.units():
        env = _env(ctx, unit)
        claims = unit.claims
        as_, bs = [], []
        for i, c in enumerate(claims):
            env.a = env.b = c
            if all(f(env) is True for f in only_a):
                as_.append(i)
            if all(f(env) is True for f in only_b):
                bs.append(i)
        budget = MAX_PAIRS_PER_UNIT
        for j in bs:
            for i in reversed(as_):
                if i >= j:
                    continue
                budget -= 1
                env.a, env.b = claims[i], claims[j]
                if all(f(env) is True for f in joint):
                    yield ctx.hit(claims[j].span, related=(claims[i].span,),
                                  **_values(claims[i], lines, "a_"), **_values(claims[j], lines, "b_"))
                    break
                if budget <= 0:
                    break
            if budget <= 0:
                break
