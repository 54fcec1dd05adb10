"""The check API: a registry of check kinds, their parameter schemas and the context they see.

A rule (YAML) names one check kind and configures it with `params`; the check yields
`Hit`s (a span plus template values) and the engine turns them into findings using the
rule's own message and suggestion templates, so all user-facing words stay in YAML.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Iterable, Iterator

from ..claims import Claim, ClaimSet
from ..document import Document
from ..spans import Span

if TYPE_CHECKING:
    from ..rules import Rule

SCOPES = ("sentence", "paragraph", "section", "document")


@dataclass(frozen=True)
class Params:
    """Parameters every check accepts. Subclass (frozen dataclass) to add more."""

    scope: str = "sentence"

    def __post_init__(self) -> None:
        if self.scope not in SCOPES:
            raise ValueError(f"scope must be one of {', '.join(SCOPES)}")


@dataclass(frozen=True, slots=True)
class Hit:
    """What a check reports: where, the values for the rule's templates, related spans."""

    span: Span
    values: dict[str, Any]
    related: tuple[Span, ...] = ()


@dataclass(frozen=True)
class CheckKind:
    name: str
    func: Callable[["CheckContext"], Iterable[Hit]]
    params: type[Params]
    fields: frozenset[str]  # the template values every Hit of this check provides
    doc: str = ""


CHECKS: dict[str, CheckKind] = {}


def check(name: str, *, params: type[Params] = Params, fields: Iterable[str] = ()):
    """Register a check kind under `name` (the value of a rule's `check:` key)."""

    def register(func: Callable[["CheckContext"], Iterable[Hit]]):
        if name in CHECKS:
            raise RuntimeError(f"check kind {name!r} registered twice")
        CHECKS[name] = CheckKind(name, func, params, frozenset(fields), (func.__doc__ or "").strip())
        return func

    return register


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of a document at a rule's scope, with the claims inside it."""

    span: Span
    text: str  # the masked text of the span (same length as the span)
    sentences: tuple[int, ...]
    claims: tuple[Claim, ...]


@dataclass
class CheckContext:
    doc: Document
    claims: ClaimSet
    params: Params
    rule: "Rule"
    index: "DocIndex"

    def units(self, scope: str | None = None) -> list[Unit]:
        return self.index.units(scope or self.params.scope)

    def hit(self, span: Span, related: Iterable[Span] = (), **values: Any) -> Hit:
        return Hit(span, values, tuple(related))


@dataclass
class DocIndex:
    """Per-document lookups shared by every rule: units by scope, claims by sentence."""

    doc: Document
    claims: ClaimSet
    _units: dict[str, list[Unit]] = field(default_factory=dict)

    @cached_property
    def sentence_claims(self) -> list[list[Claim]]:
        """Claims of each sentence, by sentence index (claims outside sentences dropped)."""
        out: list[list[Claim]] = [[] for _ in self.doc.sentences]
        sents = self.doc.sentences
        j = 0
        for c in self.claims:
            while j < len(sents) and sents[j].span.end <= c.span.start:
                j += 1
            if j < len(sents) and sents[j].span.start <= c.span.start:
                out[j].append(c)
        return out

    def sentence_of(self, offset: int) -> int | None:
        from bisect import bisect_right

        starts = self._sentence_starts
        i = bisect_right(starts, offset) - 1
        if i >= 0 and offset < self.doc.sentences[i].span.end:
            return i
        return None

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.span.start for s in self.doc.sentences]

    def units(self, scope: str) -> list[Unit]:
        if scope not in self._units:
            self._units[scope] = list(self._build(scope))
        return self._units[scope]

    def _build(self, scope: str) -> Iterator[Unit]:
        doc, per = self.doc, self.sentence_claims
        if scope == "sentence":
            for i, s in enumerate(doc.sentences):
                yield Unit(s.span, doc.masked[s.span.start : s.span.end], (i,), tuple(per[i]))
            return
        key: Callable[[int], int]
        if scope == "paragraph":
            key = lambda i: doc.sentences[i].block  # noqa: E731
        elif scope == "section":
            key = lambda i: doc.sentences[i].section  # noqa: E731
        else:
            key = lambda i: 0  # noqa: E731
        group: list[int] = []
        for i in range(len(doc.sentences)):
            if group and key(group[-1]) != key(i):
                yield self._unit(group)
                group = []
            group.append(i)
        if group:
            yield self._unit(group)

    def _unit(self, idx: list[int]) -> Unit:
        doc = self.doc
        span = Span(doc.sentences[idx[0]].span.start, doc.sentences[idx[-1]].span.end)
        claims = tuple(c for i in idx for c in self.sentence_claims[i])
        return Unit(span, doc.masked[span.start : span.end], tuple(idx), claims)
