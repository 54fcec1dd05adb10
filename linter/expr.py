"""The condition language of house rules: parsed once at rule load, evaluated per claim.

`kind == "money" and value >= 1e9 and unit is none` is parsed by the LALR grammar
`grammars/expr.lark` and compiled into a tree of closures; there is no `eval`, no
attribute access beyond claim fields, and no loops, so one evaluation costs time
linear in the expression (which is capped at MAX_LENGTH characters).

Static checks at load time (each an ExprError with the offset of the offending token):
syntax, unknown fields and functions, arity, and type mismatches that can never be true
(`value > "5"`, `kind == "pecent"`, `value and ...`).

Missing values at run time follow SQL: an ordering comparison or arithmetic with a
missing value (none) is *unknown*; `not unknown` is unknown; `unknown and false` is
false, `unknown or true` is true; a condition that ends unknown does not flag. Equality
is definite: `unit == "USD"` is false and `unit != "USD"` true when there is no unit.
Nothing raises at run time: a type error (which the static checks make rare) is unknown.

This module also holds `safe_regex`, the guard against user regexes that backtrack
exponentially, shared by `matches()` and the lexicon check.
"""
from __future__ import annotations

import functools
import operator
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

import lark


from .claims import BOUNDS, KINDS, Claim
from .errors import RuleFileError, did_you_mean
from .resources import read_grammar

MAX_LENGTH = 2000  # characters in one expression
MAX_DEPTH = 60  # nesting of the parsed tree (parentheses, function calls, not)
MAX_SCAN = 1000  # characters of text one regex search sees (see safe_regex)
SCAN_OVERLAP = 200  # consecutive windows overlap, so a match this long is never cut

NUM, STR, BOOL, LIST, NONE = "number", "string", "condition", "list", "none"
ARTICLE = {NUM: "a number", STR: "a string", BOOL: "true or false", LIST: "a list", NONE: "none"}

# Claim fields (the names of `reportlint claims --format json`), plus position.
CLAIM_FIELDS: dict[str, str] = {
    "kind": STR, "text": STR, "value": NUM, "low": NUM, "high": NUM, "unit": STR,
    "noun": STR, "bound": STR, "timex": STR, "from": STR, "to": STR, "line": NUM, "column": NUM,
}
# Names about the claim's surroundings rather than the claim.
CONTEXT_NAMES: dict[str, str] = {"context": STR, "period": STR, "published": STR}
PAIR_NAMES = ("a", "b")
KEYWORDS = ("and", "or", "not", "in", "is", "none", "true", "false")


class ExprError(Exception):
    """A mistake in an expression, at `offset` characters into it."""

    def __init__(self, message: str, offset: int, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.offset, self.hint = message, offset, hint


# ---------------------------------------------------------------- evaluation environment

@dataclass(slots=True)
class Env:
    """What one evaluation sees: the claim (or the pair a, b) and its scope unit."""

    this: Claim | None = None
    a: Claim | None = None
    b: Claim | None = None
    context: str | None = None  # masked text of the rule's scope unit
    claims: tuple[Claim, ...] = ()  # claims of that unit, for count()
    lines: Any = None  # LineIndex, for line/column
    period: str | None = None
    published: str | None = None


def _getter(name: str) -> Callable[[Claim, Env], Any]:
    if name == "from":
        return lambda c, env: c.from_
    if name == "to":
        return lambda c, env: c.to_
    if name == "line":
        return lambda c, env: env.lines.position(c.span.start).line if env.lines else None
    if name == "column":
        return lambda c, env: env.lines.position(c.span.start).column if env.lines else None
    return lambda c, env: getattr(c, name)


def claim_values(claim: Claim, prefix: str = "") -> dict[str, Any]:
    """Template values for a claim: its JSON fields, missing ones as empty strings.

    Whitespace is collapsed so that a claim wrapped across lines gives a one-line message.
    """
    out = {}
    for name in CLAIM_FIELDS:
        if name in ("line", "column"):
            continue
        val = _getter(name)(claim, None)  # type: ignore[arg-type]
        out[prefix + name] = "" if val is None else " ".join(val.split()) if isinstance(val, str) else val
    return out


# ---------------------------------------------------------------- regex guard

try:  # Python 3.11+
    import re._constants as _sc
    import re._parser as _sp
except ImportError:  # pragma: no cover - older layout
    import sre_constants as _sc  # type: ignore[no-redef]
    import sre_parse as _sp  # type: ignore[no-redef]

_REPEATS = {_sc.MAX_REPEAT, _sc.MIN_REPEAT}
_SAFE_REPEATS = {getattr(_sc, "POSSESSIVE_REPEAT", None)} - {None}
_ATOMIC = getattr(_sc, "ATOMIC_GROUP", object())
# Characters used to test whether two alternatives can start with the same character.
_SAMPLE = [chr(i) for i in range(0x250)] + list("\u00a0\u2009\u2013\u2014\u2019\u0660\u0966\u3000я中")
_CATEGORIES: dict[Any, Callable[[str], bool]] = {
    _sc.CATEGORY_DIGIT: str.isdecimal, _sc.CATEGORY_NOT_DIGIT: lambda c: not c.isdecimal(),
    _sc.CATEGORY_SPACE: str.isspace, _sc.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
    _sc.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
    _sc.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
}


def _unbounded(lo: int, hi: int) -> bool:
    # A large bounded repeat (x{1,100}) backtracks like an unbounded one.
    return hi == _sc.MAXREPEAT or hi - lo > 20


def _char_pred(op, av) -> Callable[[str], bool] | None:
    if op is _sc.LITERAL:
        return lambda c, v=chr(av): c == v
    if op is _sc.NOT_LITERAL:
        return lambda c, v=chr(av): c != v
    if op is _sc.ANY:
        return lambda c: True
    if op is _sc.IN:
        negate = any(o is _sc.NEGATE for o, _ in av)
        tests = []
        for o, a in av:
            if o is _sc.LITERAL:
                tests.append(lambda c, v=chr(a): c == v)
            elif o is _sc.RANGE:
                tests.append(lambda c, lo=a[0], hi=a[1]: lo <= ord(c) <= hi)
            elif o is _sc.CATEGORY:
                tests.append(_CATEGORIES.get(a, lambda c: True))
            elif o is not _sc.NEGATE:
                tests.append(lambda c: True)
        return lambda c: any(t(c) for t in tests) != negate
    return None


def _first(items) -> tuple[list[Callable[[str], bool]], bool]:
    """Tests for the characters a sequence can start with, and whether it can match ''."""
    preds: list[Callable[[str], bool]] = []
    for op, av in items:
        pred = _char_pred(op, av)
        if pred is not None:
            return preds + [pred], False
        if op is _sc.SUBPATTERN:
            sub, nullable = _first(av[3])
        elif op is _sc.BRANCH:
            sub, nullable = [], False
            for alt in av[1]:
                p, n = _first(alt)
                sub += p
                nullable = nullable or n
        elif op in _REPEATS or op in _SAFE_REPEATS:
            sub, nullable = _first(av[2])
            nullable = nullable or av[0] == 0
        elif op is _ATOMIC:
            sub, nullable = _first(av)
        elif op in (_sc.AT, _sc.ASSERT, _sc.ASSERT_NOT):
            continue
        else:  # group references and anything unusual: assume it can start with anything
            return preds + [lambda c: True], False
        preds += sub
        if not nullable:
            return preds, False
    return preds, True


def _overlap(p1, p2, ignore_case: bool) -> bool:
    def any_of(preds, c):
        return any(p(c) for p in preds) or (ignore_case and any(
            p(c.lower()) or p(c.upper()) for p in preds))
    return any(any_of(p1, c) and any_of(p2, c) for c in _SAMPLE)


NESTED = "a repeated group contains another unbounded repeat, like (a+)+"
ADJACENT = "two repeats next to each other can match the same characters, like \\d+\\d+ or .*.*"
OPTIONAL = ("a repeated group has an optional part that can match the same text as what "
            "follows it, like (a?a)+ or (a|aa)*")
EMPTY_ALTS = "a repeated group has two alternatives that can both match nothing"
SAME_START = "a repeated group has alternatives that can start with the same character, like (a|ab)*"


def _scan(items, inside: bool, ic: bool, cont: list | None = None) -> str | None:
    """Why the sequence `items` may backtrack badly, or None.

    `inside`: within an unbounded repeat, where any ambiguity is paid for once per
    iteration (exponential); `cont`: tests for the characters that may follow `items`
    there. Outside repeats, only unbounded repeats side by side are refused: they are
    polynomial of a high degree (\\d*\\d*\\d*x takes a minute on 500 digits).
    """
    items = list(items)
    pending: list = []  # first-character tests of unbounded repeats the next item touches
    for k, (op, av) in enumerate(items):
        preds, nullable = _first([(op, av)])
        if op in _REPEATS and _unbounded(av[0], av[1]):
            if pending and _overlap(pending, preds, ic):
                return ADJACENT
            pending = (pending if nullable else []) + preds
        elif not nullable:
            pending = []
        if op in _REPEATS and inside and _unbounded(av[0], av[1]):
            return NESTED
        follow: list = []
        if inside:
            follow, follow_null = _first(items[k + 1:])
            if follow_null:
                follow = follow + (cont or [])
            variable = (op in _REPEATS and av[0] != av[1]) or (
                op is _sc.BRANCH and any(_first(alt)[1] for alt in av[1]))
            if variable and _overlap(preds, follow, ic):
                return OPTIONAL
        subs: list[tuple[Any, bool, list]] = []
        if op in _REPEATS:
            unbounded = _unbounded(av[0], av[1])
            body_first = _first(av[2])[0]
            subs.append((av[2], inside or unbounded, body_first + (follow if inside else [])))
        elif op in _SAFE_REPEATS or op is _ATOMIC:  # never backtracks into its body
            subs.append((av[2] if op in _SAFE_REPEATS else av, False, []))
        elif op is _sc.SUBPATTERN:
            subs.append((av[3], inside, follow))
        elif op is _sc.BRANCH:
            alts = av[1]
            if inside:
                firsts = [_first(a) for a in alts]
                if sum(1 for _, n in firsts if n) > 1:
                    return EMPTY_ALTS
                for i in range(len(firsts)):
                    for j in range(i + 1, len(firsts)):
                        if _overlap(firsts[i][0], firsts[j][0], ic):
                            return SAME_START
            subs += [(alt, inside, follow) for alt in alts]
        elif op in (_sc.ASSERT, _sc.ASSERT_NOT):
            subs.append((av[1], inside, []))
        elif op is _sc.GROUPREF_EXISTS:
            subs += [(sub, inside, follow) for sub in av[1:] if sub is not None]
        for sub, sub_inside, sub_cont in subs:
            why = _scan(sub, sub_inside, ic, sub_cont)
            if why:
                return why
    return None


CHAINED = ("two unbounded repeats can match the same characters, with only text they can both "
           "match between them, like .*a.*b or (.*a){3}")
_GROUPREFS = {getattr(_sc, n) for n in ("GROUPREF", "GROUPREF_IGNORE", "GROUPREF_LOC_IGNORE",
                                        "GROUPREF_UNI_IGNORE") if hasattr(_sc, n)}


def _flat(items) -> list:
    """`items` with groups inlined and small bounded repeats written out (twice when they
    may repeat), so that _chained sees the repeats that follow one another."""
    out: list = []
    for op, av in items:
        if op is _sc.SUBPATTERN:
            out += _flat(av[3])
        elif op in _REPEATS and not _unbounded(av[0], av[1]):
            body = _flat(av[2])
            out += body * min(av[1], 2)
        else:
            out.append((op, av))
    return out


def _chained(items, ic: bool, pending: list | None = None) -> tuple[str | None, list]:
    """Unbounded repeats one after another that can trade characters (.*a.*b): each
    more of them multiplies the backtracking by the text length, and the search start by
    once more. `pending`: tests of the repeats that could still absorb the next item."""
    pending = list(pending or [])
    for op, av in _flat(items):
        preds, nullable = _first([(op, av)])
        if op in _REPEATS:  # unbounded (_flat wrote the bounded ones out)
            if pending and _overlap(pending, preds, ic):
                return CHAINED, []
            why, _ = _chained(av[2], ic)
            if why:
                return why, []
            pending = (pending if nullable else []) + preds
        elif op is _sc.BRANCH:
            after: list = []
            for alt in av[1]:
                why, rest = _chained(alt, ic, pending)
                if why:
                    return why, []
                after += rest
            pending = after
        elif op in (_sc.ASSERT, _sc.ASSERT_NOT, _sc.AT):
            if op is not _sc.AT and _chained(av[1], ic)[0]:
                return CHAINED, []
        else:  # literals, classes, possessive and atomic parts (never given back)
            if op in _SAFE_REPEATS or op is _ATOMIC:
                why, _ = _chained(av[2] if op in _SAFE_REPEATS else av, ic)
                if why:
                    return why, []
            if not (nullable or (pending and _overlap(pending, preds, ic))):
                pending = []
    return None, pending


def _has_groupref(items) -> bool:
    for op, av in items:
        if op in _GROUPREFS:
            return True
        subs = (av[3],) if op is _sc.SUBPATTERN else (av[2],) if op in _REPEATS | _SAFE_REPEATS \
            else av[1] if op is _sc.BRANCH else (av[1],) if op in (_sc.ASSERT, _sc.ASSERT_NOT) \
            else (av,) if op is _ATOMIC else [s for s in av[1:] if s is not None] \
            if op is _sc.GROUPREF_EXISTS else ()
        if any(_has_groupref(s) for s in subs):
            return True
    return False


class RegexError(Exception):
    """A user regex that does not compile or may take exponential time; offset into it."""

    def __init__(self, message: str, offset: int = 0, hint: str | None = None) -> None:
        super().__init__(message)
        self.message, self.offset, self.hint = message, offset, hint


@functools.lru_cache(maxsize=512)
def safe_regex(pattern: str, ignore_case: bool = False) -> re.Pattern:
    """Compile a user regex, refusing patterns that can backtrack for a very long time.

    Python's `re` cannot be interrupted and the `regex` module (with timeouts) is not a
    dependency, so the guard is static, on the parsed pattern: a repeat inside an
    unbounded repeat (`(a+)+`, `(a*)*`), ambiguous parts of a repeated group (`(a|a)*`,
    `(a?a)+`), and unbounded repeats side by side that can match the same characters
    (`\\d+\\d+`, `.*\\d+`) are refused. What remains is at worst polynomial of low degree
    (`.*a.*b`), and callers search at most MAX_SCAN characters at a time, which keeps
    even hostile text to well under a second per search.
    """
    flags = re.IGNORECASE if ignore_case else 0
    if len(pattern) > 1000:
        raise RegexError("pattern is longer than 1000 characters", 1000)
    try:
        compiled = re.compile(pattern, flags)
    except re.error as exc:
        raise RegexError(f"bad regular expression: {exc.msg}", exc.pos or 0) from None
    try:
        parsed = _sp.parse(pattern, flags)
    except Exception:  # noqa: BLE001 - compile() accepted it; the walk is best effort
        return compiled
    if _has_groupref(list(parsed)):
        raise RegexError("backreferences like \\1 or (?P=name) are not allowed: they may take "
                         "exponential time", 0, "repeat the text itself, or use two patterns")
    why = _scan(list(parsed), False, ignore_case) or _chained(list(parsed), ignore_case)[0]
    if why in (ADJACENT, CHAINED):
        raise RegexError(f"pattern may take very long on long text: {why}", 0,
                         "merge them (\\d{2,}), separate them by a character the first cannot "
                         "match, bound the first (.{0,20}), or make it possessive, like \\d++")
    if why:
        raise RegexError(f"pattern may take exponential time: {why}", 0,
                         "rewrite it without a repeat inside a repeat, or make the outer "
                         "repeat possessive, like (?:...)++")
    return compiled


def search_capped(rx: re.Pattern, text: str) -> bool:
    return rx.search(text[:MAX_SCAN]) is not None


# ---------------------------------------------------------------- parsing

@functools.lru_cache(maxsize=1)
def _parser() -> lark.Lark:
    return lark.Lark(read_grammar("expr"), parser="lalr", propagate_positions=True, maybe_placeholders=True)


_TERMINALS = {
    "_OR": "or", "_AND": "and", "_NOT": "not", "_IN": "in", "_IS": "is", "NONE": "none",
    "TRUE": "true", "FALSE": "false", "COMP_OP": "a comparison", "PLUS": "+", "MINUS": "-",
    "STAR": "*", "SLASH": "/", "NAME": "a field", "NUMBER": "a number", "STRING": "a string",
    "LPAR": "(", "RPAR": ")", "LSQB": "[", "RSQB": "]", "COMMA": ",", "DOT": ".", "$END": "the end",
}


def _expected(names: Iterable[str]) -> str:
    names = set(names)
    if {"NAME", "NUMBER", "STRING"} <= names:
        return "expected a value: a field, a number, a string, ( or ["
    shown = sorted({_TERMINALS.get(n, n.lower()) for n in names})
    return "expected " + ", ".join(shown)


def _syntax_error(exc: lark.UnexpectedInput, text: str) -> ExprError:
    if isinstance(exc, lark.UnexpectedCharacters):
        pos, ch = exc.pos_in_stream, text[exc.pos_in_stream]
        hints = {"=": "use == to compare", "&": "write and", "|": "write or", "!": "write not, or !="}
        if ch in "\"'":
            return ExprError("string is not closed", pos, f"end it with {ch} on the same line")
        return ExprError(f"unexpected character {ch!r} in expression", pos, hints.get(ch))
    if isinstance(exc, lark.UnexpectedToken):
        tok = exc.token
        if tok.type == "$END":
            return ExprError("expression ends too early", len(text.rstrip()), _expected(exc.expected))
        pos = tok.start_pos or 0
        if tok.type == "COMP_OP" and "COMP_OP" not in exc.expected:
            return ExprError(f"unexpected '{tok}' in expression", pos,
                             "comparisons do not chain: write 1 < x and x < 3")
        if tok.type == "NAME" and tok.lower() in KEYWORDS:
            return ExprError(f"unexpected '{tok}' in expression", pos,
                             f"keywords are lower case: {tok.lower()}")
        if tok.type == "NAME" and tok.lower() == "null":
            return ExprError(f"unexpected '{tok}' in expression", pos, "write none")
        return ExprError(f"unexpected '{tok}' in expression", pos, _expected(exc.expected))
    return ExprError("syntax error in expression", getattr(exc, "pos_in_stream", 0) or 0)


def _depth(tree: lark.Tree) -> int:
    best, stack = 0, [(tree, 1)]
    while stack:
        node, d = stack.pop()
        best = max(best, d)
        for child in node.children:
            if isinstance(child, lark.Tree):
                stack.append((child, d + 1))
    return best


def parse(text: str) -> lark.Tree:
    if len(text) > MAX_LENGTH:
        raise ExprError(f"expression is longer than {MAX_LENGTH} characters", MAX_LENGTH,
                        "split it into several rules")
    if not text.strip():
        raise ExprError("expression is empty", 0)
    try:
        tree = _parser().parse(text)
    except lark.UnexpectedInput as exc:
        raise _syntax_error(exc, text) from None
    if _depth(tree) > MAX_DEPTH:
        raise ExprError(f"expression is nested more than {MAX_DEPTH} levels deep", 0,
                        "split it into several rules")
    return tree


# ---------------------------------------------------------------- compiling

@dataclass(frozen=True)
class Node:
    fn: Callable[[Env], Any]
    type: str
    pos: int
    refs: frozenset[str] = frozenset()  # claims used: "" (claim rules), "a", "b"
    literal: Any = None  # the value, for string/number literals
    is_literal: bool = False
    field: str | None = None  # the claim field a plain field access reads
    items: tuple["Node", ...] = ()  # the elements of a list literal
    parts: tuple["Node", ...] = ()  # the operands of a top-level `and`


def _const(value: Any, tp: str, pos: int) -> Node:
    return Node(lambda env: value, tp, pos, literal=value, is_literal=True)


def _unquote(tok: str) -> str:
    body, out, i = tok[1:-1], [], 0
    escapes = {"n": "\n", "t": "\t", "\\": "\\", '"': '"', "'": "'"}
    while i < len(body):
        ch = body[i]
        if ch == "\\" and i + 1 < len(body):
            nxt = body[i + 1]
            out.append(escapes.get(nxt, "\\" + nxt))  # unknown escapes stay (regexes: \d)
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


def _pos(node) -> int:
    if isinstance(node, lark.Token):
        return node.start_pos or 0
    meta = getattr(node, "meta", None)
    if meta is None or meta.empty:
        return 0
    return meta.start_pos or 0


def _year(s: str) -> int | None:
    m = re.match(r"(\d{4})(?!\d)", s)
    return int(m.group(1)) if m else None


def _month(s: str) -> int | None:
    m = re.match(r"(?:\d{4}|XXXX)-(\d{2})(?:$|-|T)", s)
    return int(m.group(1)) if m else None


def _day(s: str) -> int | None:
    m = re.match(r"(?:\d{4}|XXXX)-\d{2}-(\d{2})(?:$|T)", s)
    return int(m.group(1)) if m else None


def _round(x, n=0):
    return round(x, int(n)) if n else round(x)


# name: (min args, max args (None = any), argument types (last one repeats), result, function)
FUNCTIONS: dict[str, tuple[int, int | None, tuple[str, ...], str, Callable]] = {
    "abs": (1, 1, (NUM,), NUM, abs),
    "round": (1, 2, (NUM, NUM), NUM, _round),
    "min": (2, None, (NUM,), NUM, min),
    "max": (2, None, (NUM,), NUM, max),
    "year": (1, 1, (STR,), NUM, _year),
    "month": (1, 1, (STR,), NUM, _month),
    "day": (1, 1, (STR,), NUM, _day),
    "len": (1, 1, ("string or list",), NUM, len),
    "lower": (1, 1, (STR,), STR, str.lower),
    "upper": (1, 1, (STR,), STR, str.upper),
    "contains": (2, 2, (STR, STR), BOOL, operator.contains),
    "startswith": (2, 2, (STR, STR), BOOL, str.startswith),
    "endswith": (2, 2, (STR, STR), BOOL, str.endswith),
    "matches": (2, 2, (STR, STR), BOOL, None),  # regex search; pattern must be a literal
    "count": (0, None, (STR,), NUM, None),  # claims of these kinds in the same scope unit
}
FUNCTION_DOCS = {
    "abs": "abs(x)", "round": "round(x) or round(x, digits)", "min": "min(x, y, ...)",
    "max": "max(x, y, ...)", "year": "year(timex)", "month": "month(timex)", "day": "day(timex)",
    "len": "len(text)", "lower": "lower(text)", "upper": "upper(text)",
    "contains": "contains(text, \"part\")", "startswith": "startswith(text, \"start\")",
    "endswith": "endswith(text, \"end\")", "matches": "matches(text, \"regex\")",
    "count": "count(\"kind\", ...)",
}


class Compiler:
    """Turns a parse tree into closures, checking names and types on the way."""

    def __init__(self, mode: str) -> None:
        self.mode = mode  # "claim" or "pair"

    def compile(self, tree) -> Node:
        if isinstance(tree, lark.Token):  # cannot happen with this grammar; be safe
            raise ExprError("unexpected token", _pos(tree))
        method = getattr(self, "c_" + str(tree.data).rstrip("_"), None)
        if method is None:
            raise ExprError("unsupported expression", _pos(tree))
        return method(tree)

    # -- literals and names
    def c_number(self, t) -> Node:
        tok = t.children[0]
        val = float(tok) if any(ch in tok for ch in ".eE") else int(tok)
        return _const(val, NUM, _pos(tok))

    def c_string(self, t) -> Node:
        return _const(_unquote(str(t.children[0])), STR, _pos(t.children[0]))

    def c_none(self, t) -> Node:
        return _const(None, NONE, _pos(t))

    def c_true(self, t) -> Node:
        return _const(True, BOOL, _pos(t))

    def c_false(self, t) -> Node:
        return _const(False, BOOL, _pos(t))

    def c_name(self, t) -> Node:
        tok = t.children[0]
        name, pos = str(tok), _pos(tok)
        if name in CONTEXT_NAMES:
            return Node(lambda env, n=name: getattr(env, n), CONTEXT_NAMES[name], pos)
        if name in CLAIM_FIELDS:
            if self.mode == "pair":
                raise ExprError(f"field '{name}' needs a claim in a pair rule", pos,
                                f"write a.{name} or b.{name}")
            get = _getter(name)
            return Node(lambda env: get(env.this, env), CLAIM_FIELDS[name], pos,
                        frozenset({""}), field=name)
        if name in PAIR_NAMES and self.mode == "pair":
            raise ExprError(f"'{name}' is a claim; name one of its fields", pos,
                            f"for example {name}.value or {name}.kind")
        if name.lower() in KEYWORDS:
            raise ExprError(f"unknown name '{name}' in expression", pos,
                            f"keywords are lower case: {name.lower()}")
        if name in FUNCTIONS:
            raise ExprError(f"'{name}' is a function", pos, f"write {FUNCTION_DOCS[name]}")
        if name == "null":
            raise ExprError("unknown name 'null' in expression", pos, "write none")
        known = list(CLAIM_FIELDS if self.mode == "claim" else ()) + list(CONTEXT_NAMES)
        raise ExprError(f"unknown field '{name}' in expression", pos,
                        did_you_mean(name, known) or "fields: " + ", ".join(known))

    def c_attr(self, t) -> Node:
        obj, attr = t.children
        pos = _pos(obj)
        if self.mode != "pair" or str(obj) not in PAIR_NAMES:
            if self.mode == "pair":
                raise ExprError(f"unknown claim '{obj}' in expression", pos, "a pair rule names its "
                                "claims a and b: a.value, b.kind")
            raise ExprError(f"'{obj}.{attr}' is not a field", pos,
                            f"a claim rule reads the claim's fields directly, like {attr}"
                            if str(attr) in CLAIM_FIELDS else "write a field name, like value")
        if str(attr) not in CLAIM_FIELDS:
            raise ExprError(f"unknown field '{attr}' in expression", _pos(attr),
                            did_you_mean(str(attr), CLAIM_FIELDS) or
                            "fields: " + ", ".join(CLAIM_FIELDS))
        get, which = _getter(str(attr)), str(obj)
        if which == "a":
            fn = lambda env: get(env.a, env)  # noqa: E731
        else:
            fn = lambda env: get(env.b, env)  # noqa: E731
        return Node(fn, CLAIM_FIELDS[str(attr)], pos, frozenset({which}), field=str(attr))

    def c_list(self, t) -> Node:
        items = self._args(t.children[0])
        for it in items:
            if it.type in (BOOL, LIST):
                raise ExprError(f"a list may hold numbers and strings, not {ARTICLE[it.type]}", it.pos)
        fns = [it.fn for it in items]
        node_refs = frozenset().union(*(it.refs for it in items)) if items else frozenset()
        if all(it.is_literal for it in items):
            vals = tuple(it.literal for it in items)
            return Node(lambda env: vals, LIST, _pos(t), node_refs, items=tuple(items))
        return Node(lambda env: tuple(f(env) for f in fns), LIST, _pos(t), node_refs,
                    items=tuple(items))

    def _args(self, args) -> list[Node]:
        if args is None:
            return []
        return [self.compile(c) for c in args.children]

    # -- boolean logic
    def _cond(self, node: Node, what: str) -> Node:
        if node.type != BOOL:
            hint = None
            if node.field or node.type in (NUM, STR):
                hint = "compare it, like value > 0, or test it: value is not none"
            raise ExprError(f"{what} needs a condition, but this is {ARTICLE[node.type]}",
                            node.pos, hint)
        return node

    def c_or_test(self, t) -> Node:
        parts = [self._cond(self.compile(c), "'or'") for c in t.children]
        fns = [p.fn for p in parts]

        def run(env):
            unknown = False
            for f in fns:
                v = f(env)
                if v is True:
                    return True
                if v is None:
                    unknown = True
            return None if unknown else False
        return Node(run, BOOL, parts[0].pos, frozenset().union(*(p.refs for p in parts)))

    def c_and_test(self, t) -> Node:
        parts = [self._cond(self.compile(c), "'and'") for c in t.children]
        fns = [p.fn for p in parts]

        def run(env):
            unknown = False
            for f in fns:
                v = f(env)
                if v is False:
                    return False
                if v is None:
                    unknown = True
            return None if unknown else True
        return Node(run, BOOL, parts[0].pos, frozenset().union(*(p.refs for p in parts)),
                    parts=tuple(parts))

    def c_not(self, t) -> Node:
        inner = self._cond(self.compile(t.children[-1]), "'not'")
        f = inner.fn

        def run(env):
            v = f(env)
            return None if v is None else not v
        return Node(run, BOOL, _pos(t), inner.refs)

    # -- comparisons
    def _check_vocab(self, a: Node, b: Node) -> None:
        """`kind == "pecent"` can never be true: say so, with the closest kind."""
        for f, lit in ((a, b), (b, a)):
            vocab = {"kind": KINDS, "bound": BOUNDS}.get(f.field or "")
            if vocab is None:
                continue
            items = [i for i in ((lit,) if lit.type == STR else lit.items)
                     if i.is_literal and i.type == STR]
            for item in items:
                if item.literal not in vocab:
                    raise ExprError(f"'{item.literal}' is not a claim {f.field}", item.pos,
                                    did_you_mean(item.literal, vocab) or
                                    f"{f.field}s: {', '.join(vocab)}")

    def c_compare(self, t) -> Node:
        left, op_tok, right = t.children
        a, b, op = self.compile(left), self.compile(right), str(op_tok)
        pos = _pos(op_tok)
        refs = a.refs | b.refs
        fa, fb = a.fn, b.fn
        if op in ("==", "!="):
            if NONE in (a.type, b.type):
                raise ExprError(f"'{op} none' is not how to test for a missing value", pos,
                                "write x is none" if op == "==" else "write x is not none")
            if a.type != b.type:
                raise ExprError(f"comparing {ARTICLE[a.type]} with {ARTICLE[b.type]} is never true",
                                pos, "compare like with like, e.g. a number field with a number")
            self._check_vocab(a, b)
            eq = op == "=="

            def run(env):
                return (fa(env) == fb(env)) == eq
            return Node(run, BOOL, a.pos, refs)
        if NONE in (a.type, b.type):
            raise ExprError(f"cannot order none with '{op}'", pos, "test it with x is none")
        if a.type != b.type or a.type not in (NUM, STR):
            raise ExprError(f"'{op}' cannot compare {ARTICLE[a.type]} with {ARTICLE[b.type]}", pos,
                            "order numbers with numbers, or strings (like timex) with strings")
        f = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}[op]

        def order(env):
            x = fa(env)
            if x is None:
                return None
            y = fb(env)
            if y is None:
                return None
            try:
                return f(x, y)
            except TypeError:
                return None
        return Node(order, BOOL, a.pos, refs)

    def _membership(self, t, negate: bool) -> Node:
        left, right = t.children
        a, b = self.compile(left), self.compile(right)
        fa, fb = a.fn, b.fn
        if b.type == STR:
            if a.type != STR:
                raise ExprError(f"'in' a string needs a string on its left, not {ARTICLE[a.type]}", a.pos)

            def sub(env):
                x, y = fa(env), fb(env)
                if not (isinstance(x, str) and isinstance(y, str)):
                    return None
                return (x in y) != negate
            return Node(sub, BOOL, a.pos, a.refs | b.refs)
        if b.type != LIST:
            raise ExprError(f"'in' needs a list or a string on its right, not {ARTICLE[b.type]}", b.pos,
                            'write x in ["a", "b"]')
        items = b.items
        if a.type in (NUM, STR) and items and all(i.type != a.type for i in items):
            raise ExprError(f"the list holds no {'numbers' if a.type == NUM else 'strings'}, "
                            "so this is never true", b.pos)
        self._check_vocab(a, b)

        def member(env):
            return (fa(env) in fb(env)) != negate
        return Node(member, BOOL, a.pos, a.refs | b.refs)

    def c_in(self, t) -> Node:
        return self._membership(t, False)

    def c_not_in(self, t) -> Node:
        return self._membership(t, True)

    def c_is_none(self, t) -> Node:
        a = self.compile(t.children[0])
        f = a.fn
        return Node(lambda env: f(env) is None, BOOL, a.pos, a.refs)

    def c_is_not_none(self, t) -> Node:
        a = self.compile(t.children[0])
        f = a.fn
        return Node(lambda env: f(env) is not None, BOOL, a.pos, a.refs)

    # -- arithmetic
    def _arith(self, t) -> Node:
        kids = t.children
        first = self.compile(kids[0])
        rest = [(str(kids[i]), kids[i], self.compile(kids[i + 1])) for i in range(1, len(kids), 2)]
        is_concat = first.type == STR and all(op == "+" for op, _, _ in rest)
        for op, tok, node in [("", None, first)] + rest:
            want = STR if is_concat else NUM
            if node.type != want:
                where = _pos(tok) if tok is not None else node.pos
                raise ExprError(f"arithmetic needs numbers, but this is {ARTICLE[node.type]}"
                                if not is_concat else
                                f"'+' joins strings, but this is {ARTICLE[node.type]}", node.pos
                                if tok is None else where)
        ops = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
        steps = [(ops[op], node.fn) for op, _, node in rest]
        f0 = first.fn

        def run(env):
            acc = f0(env)
            for f, g in steps:
                if acc is None:
                    return None
                y = g(env)
                if y is None:
                    return None
                try:
                    acc = f(acc, y)
                except (TypeError, ZeroDivisionError, OverflowError):
                    return None
            return acc
        refs = first.refs.union(*(n.refs for _, _, n in rest))
        return Node(run, STR if is_concat else NUM, first.pos, refs)

    c_sum = _arith
    c_product = _arith

    def c_neg(self, t) -> Node:
        a = self.compile(t.children[-1])
        if a.type != NUM:
            raise ExprError(f"'-' needs a number, but this is {ARTICLE[a.type]}", a.pos)
        f = a.fn
        if a.is_literal:
            return _const(-a.literal, NUM, _pos(t))
        return Node(lambda env: None if (v := f(env)) is None else -v, NUM, _pos(t), a.refs)

    # -- functions
    def c_call(self, t) -> Node:
        name_tok, args = t.children
        name, pos = str(name_tok), _pos(name_tok)
        if name not in FUNCTIONS:
            if name in CLAIM_FIELDS or name in CONTEXT_NAMES:
                raise ExprError(f"'{name}' is a field, not a function", pos)
            raise ExprError(f"unknown function '{name}' in expression", pos,
                            did_you_mean(name, FUNCTIONS) or "functions: " + ", ".join(sorted(FUNCTIONS)))
        lo, hi, types, result, impl = FUNCTIONS[name]
        nodes = self._args(args)
        n = len(nodes)
        if n < lo or (hi is not None and n > hi):
            want = str(lo) if lo == hi else (f"{lo} or {hi}" if hi is not None else f"at least {lo}")
            raise ExprError(f"{name}() takes {want} argument{'s' if want != '1' else ''}, not {n}",
                            pos, f"write {FUNCTION_DOCS[name]}")
        for i, node in enumerate(nodes):
            want_t = types[min(i, len(types) - 1)]
            ok = node.type in (STR, LIST) if want_t == "string or list" else node.type == want_t
            if not ok:
                label = want_t if want_t == "string or list" else ARTICLE[want_t]
                raise ExprError(f"argument {i + 1} of {name}() must be {label}, not "
                                f"{ARTICLE[node.type]}", node.pos, f"write {FUNCTION_DOCS[name]}")
        refs = frozenset().union(*(nd.refs for nd in nodes)) if nodes else frozenset()
        if name == "count":
            kinds = []
            for nd in nodes:
                if not nd.is_literal:
                    raise ExprError("count() takes claim kinds as quoted strings", nd.pos,
                                    'write count("date")')
                if nd.literal not in KINDS:
                    raise ExprError(f"'{nd.literal}' is not a claim kind", nd.pos,
                                    did_you_mean(nd.literal, KINDS) or f"kinds: {', '.join(KINDS)}")
                kinds.append(nd.literal)
            wanted = frozenset(kinds)
            if wanted:
                return Node(lambda env: sum(1 for c in env.claims if c.kind in wanted), NUM, pos, refs)
            return Node(lambda env: len(env.claims), NUM, pos, refs)
        if name == "matches":
            pat = nodes[1]
            if not pat.is_literal:
                raise ExprError("the pattern of matches() must be a quoted string", pat.pos)
            try:
                rx = safe_regex(pat.literal)
            except RegexError as exc:
                raise ExprError(exc.message, pat.pos + 1 + exc.offset, exc.hint) from None
            ft = nodes[0].fn
            return Node(lambda env: search_capped(rx, s) if isinstance(s := ft(env), str) else None,
                        BOOL, pos, refs)
        fns = [nd.fn for nd in nodes]

        def call(env):
            vals = [f(env) for f in fns]
            if any(v is None for v in vals):
                return None
            try:
                return impl(*vals)
            except (TypeError, ValueError, OverflowError):
                return None
        return Node(call, result, pos, refs)


@dataclass(frozen=True)
class Condition:
    """A compiled `when:` expression. `test(env)` is true only when the result is true."""

    source: str
    mode: str
    fn: Callable[[Env], Any]
    # Top-level `and` parts with the claims each uses, so a pair rule can filter a and b
    # separately before trying pairs (n + m work instead of n * m for one-sided parts).
    conjuncts: tuple[tuple[frozenset[str], Callable[[Env], Any]], ...] = field(default=())

    def test(self, env: Env) -> bool:
        return self.fn(env) is True


@functools.lru_cache(maxsize=256)
def compile_condition(text: str, mode: str = "claim") -> Condition:
    """Parse and check `text`; raise ExprError (with an offset into `text`) if it is wrong."""
    if mode not in ("claim", "pair"):
        raise ValueError(mode)
    node = Compiler(mode).compile(parse(text))
    if node.type != BOOL:
        raise ExprError(f"the condition must be true or false, but this is {ARTICLE[node.type]}",
                        node.pos, "compare it, like value > 50")
    parts = node.parts or (node,)
    return Condition(text, mode, node.fn, tuple((p.refs, p.fn) for p in parts))


# ---------------------------------------------------------------- pointing into YAML

_BREAK = re.compile(r"\r\n|\r|\n|\x85|\u2028|\u2029")


def _walk_quoted(lines: list[str], r: int, c: int, offset: int, quote: str) -> tuple[int, int] | None:
    """Source (row, col) of value character `offset` in a quoted scalar opening at (r, c)."""
    c += 1
    v = 0
    while r < len(lines):
        row = lines[r]
        joined = False  # an escaped line break joins lines without a space
        while c < len(row):
            ch = row[c]
            if ch == quote:
                if quote == "'" and row[c + 1 : c + 2] == "'":
                    if v == offset:
                        return r, c
                    c, v = c + 2, v + 1
                    continue
                return (r, c) if v == offset else None  # the closing quote
            if not row[c:].strip():
                break  # blanks before a line break are dropped by folding
            if v == offset:
                return r, c
            if quote == '"' and ch == "\\":
                nxt = row[c + 1 : c + 2]
                if nxt == "":
                    joined = True
                    break
                c += {"x": 4, "u": 6, "U": 10}.get(nxt, 2)
            else:
                c += 1
            v += 1
        r += 1
        if r >= len(lines):
            return None
        c = len(lines[r]) - len(lines[r].lstrip())
        if not joined:  # the folded line break is one character of the value
            if v == offset:
                return r, c
            v += 1
    return None


def _walk_plain(lines: list[str], r: int, c: int, offset: int) -> tuple[int, int] | None:
    row = lines[r].rstrip()
    if offset <= len(row) - c:
        return r, c + offset
    v = len(row) - c + 1  # the folded line break
    for r2 in range(r + 1, len(lines)):
        row = lines[r2]
        ind = len(row) - len(row.lstrip())
        content = row.strip()
        if offset < v + len(content):
            return r2, ind + (offset - v)
        v += len(content) + 1
    return None


def _walk_block(lines: list[str], r: int, offset: int) -> tuple[int, int] | None:
    header = lines[r].strip()
    m = re.search(r"[1-9]", header.split("#")[0])
    indent = None
    base = len(lines[r]) - len(lines[r].lstrip())
    v = 0
    for r2 in range(r + 1, len(lines)):
        row = lines[r2]
        if not row.strip():
            v += 1
            continue
        ind = len(row) - len(row.lstrip())
        if indent is None:
            indent = base + int(m.group()) if m else ind
        if ind < indent:
            return None
        if offset < v + len(row) - indent:
            return r2, indent + (offset - v)
        v += len(row) - indent + 1
    return None


def _source_text(located) -> str | None:
    text = getattr(located, "text", None)
    if isinstance(text, str):
        return text
    try:
        p = Path(located.source)
        return p.read_text(encoding="utf-8") if p.is_file() else None
    except (OSError, UnicodeDecodeError, ValueError):
        return None


def yaml_position(located, path: tuple, value: str, offset: int) -> tuple[int, int, bool]:
    """1-based (line, col) in the YAML file of character `offset` of the string at `path`.

    Exact for plain and quoted scalars (escapes and folding included); best effort for
    block scalars. The third item is False when only the scalar's start could be found.
    """
    if path not in located.value_marks:
        line, col = located.where(path)
        return line or 1, col or 1, False
    line, col = located.value_marks[path]
    text = _source_text(located)
    if text is None:
        return line, col, False
    lines = _BREAK.split(text)
    r, c = line - 1, col - 1
    if r >= len(lines) or c >= len(lines[r]):
        return line, col, False
    ch = lines[r][c]
    if ch in "\"'":
        hit = _walk_quoted(lines, r, c, offset, ch)
    elif ch in "|>":
        hit = _walk_block(lines, r, offset)
    else:
        hit = _walk_plain(lines, r, c, offset)
        # A plain scalar is the value verbatim on its first line: check we are in it.
        if hit and hit[0] == r and not lines[r][c:].startswith(value[: len(lines[r]) - c].rstrip()):
            hit = None
    if hit is None:
        return line, col, False
    return hit[0] + 1, hit[1] + 1, True


def rule_error(located, path: tuple, value: str, exc: ExprError | RegexError,
               what: str = "expression") -> RuleFileError:
    """An ExprError/RegexError as a RuleFileError at its exact place in the YAML file."""
    offset = max(0, min(exc.offset, len(value)))
    line, col, exact = yaml_position(located, path, value, offset)
    message = exc.message
    if not exact and offset:
        message += f" (at character {offset + 1} of the {what})"
    return RuleFileError(located.source, message, line, col, exc.hint)
