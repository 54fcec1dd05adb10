"""Unattributed claims: weasel attributions ("some experts", "it is believed") with no
named source in the sentence or the next one of the same paragraph.

Both lexicons are data in the rule: `weasels` (what sounds like a source but names
none) and `sources` (what counts as a named one: an acronym, "according to" + a name,
an organisation, a citation with a year, a footnote marker). The source test reads
the neighbouring sentences because reports often name the source just after:
"Some observers doubt the count. The OSCE mission put it at 400."
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from ..spans import Span
from .base import CheckContext, Hit, Params, check
from .phrases import Lexicon, _check_groups, compile_phrases, lexicon, scope_spans


@dataclass(frozen=True)
class AttributionParams(Params):
    """Options of `unattributed_source` (phrase syntax as in `phrase_in_scope`)."""

    weasels: tuple[str, ...] = ()
    extra_weasels: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()  # text around a weasel that cancels it
    extra_exceptions: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # what names a source
    extra_sources: tuple[str, ...] = ()
    not_sources: tuple[str, ...] = ()  # look-alikes that name no source: "NGOs", "FTFs"
    groups: dict = field(default_factory=dict)  # named phrase lists, used as {name}
    lookahead: int = 1  # following sentences of the same paragraph searched for a source
    skip_quoted: bool = True

    def __post_init__(self) -> None:
        super().__post_init__()
        _check_groups(self.groups)
        if self.lookahead < 0:
            raise ValueError("lookahead must be 0 or more")
        self.weasel_pattern()
        self.source_pattern()

    def prepare(self, compile_all: bool) -> list[Lexicon]:
        """The lexicons this rule scans with (see linter.checks.prepare)."""
        return [self.weasel_pattern()]

    def weasel_pattern(self) -> Lexicon:
        return lexicon(self.weasels + self.extra_weasels,
                       exceptions=self.exceptions + self.extra_exceptions, groups=self.groups)

    def source_pattern(self) -> re.Pattern:
        return compile_phrases(self.sources + self.extra_sources, exceptions=self.not_sources,
                               groups=self.groups)


def has_source(rx: re.Pattern, text: str, start: int, end: int, skip: Span | None = None) -> bool:
    """Does text[start:end] name a source (outside the `skip` span, the weasel itself)?"""
    for m in rx.finditer(text, start, end):
        if m.lastgroup != "c":
            continue
        if skip is not None and skip.start <= m.start() < skip.end:
            continue
        return True
    return False


@check("unattributed_source", params=AttributionParams, fields=("cue",))
def unattributed_source(ctx: CheckContext) -> Iterator[Hit]:
    """Report weasel attributions when no named source is near (same or next sentences)."""
    p: AttributionParams = ctx.params  # type: ignore[assignment]
    weasels, sources = p.weasel_pattern(), p.source_pattern()
    doc, masked = ctx.doc, ctx.doc.masked
    sents = doc.sentences
    quoted_at = None
    if p.skip_quoted:
        from .quotes import quoted_at
    scope = scope_spans(ctx)
    for s, e in weasels.find(ctx.index, scope):
        if quoted_at is not None and quoted_at(ctx.index, s, e) is not None:
            continue
        lo, hi = scope.at(s)  # type: ignore[misc]
        i = ctx.index.sentence_of(s)
        if i is not None:
            last = i
            while (last + 1 < len(sents) and last - i < p.lookahead
                   and sents[last + 1].block == sents[i].block):
                last += 1
            lo, hi = min(lo, sents[i].span.start), max(hi, sents[last].span.end)
        if has_source(sources, masked, lo, hi, Span(s, e)):
            continue
        yield ctx.hit(Span(s, e), cue=" ".join(masked[s:e].split()))
