"""Typed claims: the contract between the claim grammar and the checks.

The grammar (linter/grammar.py) produces them; checks only compare them and never
re-parse text. `Claim.to_dict()` is the public JSON record of `reportlint claims`.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Iterator, Literal

from .spans import LineIndex, Span

Kind = Literal["number", "range", "percent", "money", "date", "period", "duration"]
KINDS: tuple[str, ...] = ("number", "range", "percent", "money", "date", "period", "duration")
Bound = Literal["exact", "about", "more_than", "at_least", "less_than", "at_most"]
BOUNDS: tuple[str, ...] = ("exact", "about", "more_than", "at_least", "less_than", "at_most")

Number = int | float


@dataclass(frozen=True, slots=True)
class Claim:
    """One quantitative or temporal statement, with its exact span in the original file.

    Field meanings by kind:
    - number:   value; noun (counted noun phrase) and bound.
    - range:    low, high (value None); unit shared by both ends ("years", "%", "USD").
    - percent:  value; unit "%" or "percentage point".
    - money:    value (in units of the currency); unit = ISO code ("USD", "EUR", "KZT").
    - date:     timex "2019-12-10" / "2019-12" / "2019" / "XXXX-11" (unanchored); raw
                fields are kept even when impossible ("2019-02-30") so checks can see them.
    - period:   from_ / to_ TIMEX3 values of the ends; timex may name the whole ("2019-H1").
    - duration: value + unit ("year", "month", "week", "day", "hour"); timex "P5Y".
    """

    kind: str
    span: Span
    text: str
    value: Number | None = None
    low: Number | None = None
    high: Number | None = None
    unit: str | None = None
    noun: str | None = None
    bound: str = "exact"
    timex: str | None = None
    from_: str | None = None
    to_: str | None = None
    # Extra detail for checks, not part of the public JSON record:
    noun_span: Span | None = None
    adjectival: bool = False  # "five-year", "two-pronged": a modifier, not a counted quantity
    weekday: str | None = None  # "Monday" when the text names the weekday of this date
    parts: tuple["Claim", ...] = ()  # ends of a range or period, in text order
    mod: str | None = None  # "START", "MID", "END" for "early 2020", "mid-2019", "late March"
    rate: str | None = None  # "share" in "$1.27 a share", "capita", "day": an amount per unit

    def to_dict(self, path: str, lines: LineIndex) -> dict:
        return {
            "path": path,
            "kind": self.kind,
            "text": self.text,
            "start": lines.position(self.span.start).to_dict(),
            "end": lines.position(self.span.end).to_dict(),
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "unit": self.unit,
            "noun": self.noun,
            "bound": self.bound,
            "timex": self.timex,
            "from": self.from_,
            "to": self.to_,
        }


@dataclass(frozen=True, slots=True)
class Relation:
    """A relation between claims of one sentence, found by the grammar layer.

    kind examples: "subcount" (total + parts introduced by "including", "of whom"...),
    "breakdown" (total + exhaustive parts), "ratio" ("52 of the 64"), "change"
    ("rose from 400 to 600"). `attrs` holds kind-specific details (e.g. exhaustive).
    """

    kind: str
    span: Span
    members: tuple[Claim, ...]
    attrs: tuple[tuple[str, object], ...] = ()

    def attr(self, name: str, default: object = None) -> object:
        for k, v in self.attrs:
            if k == name:
                return v
        return default


@dataclass(slots=True)
class ClaimSet:
    """All claims of one document, sorted by position, with their relations."""

    claims: list[Claim] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)

    def __iter__(self) -> Iterator[Claim]:
        return iter(self.claims)

    def __len__(self) -> int:
        return len(self.claims)

    def of(self, *kinds: str) -> list[Claim]:
        return [c for c in self.claims if c.kind in kinds]

    def within(self, span: Span) -> list[Claim]:
        return [c for c in self.claims if span.contains(c.span)]

    def relations_of(self, *kinds: str) -> list[Relation]:
        return [r for r in self.relations if r.kind in kinds]

    @classmethod
    def build(cls, claims: Iterable[Claim], relations: Iterable[Relation] = ()) -> "ClaimSet":
        return cls(sorted(claims, key=lambda c: (c.span.start, c.span.end)), list(relations))
