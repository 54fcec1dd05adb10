"""Check kinds: the few pieces of Python logic that YAML rules configure.

Every module below registers its kinds with `@check`; import them all here, in one
sorted list, so a rule can name any of them. A catalogue test asserts that every
module in this folder is imported and every check kind is used by a rule.
"""
from typing import Iterable

from .base import CHECKS, CheckContext, Hit, Params, Unit, check  # noqa: F401
from . import attribution, changes, dates, durations, engine_rules, figures, house, percents, period, phrases, quotes, ranges, restated, tables, totals  # noqa: F401,E402

__all__ = ["CHECKS", "CheckContext", "Hit", "Params", "Unit", "check", "prepare_checks"]


def prepare_checks(rules: Iterable[tuple[str, Params]], *, compile_all: bool = True) -> None:
    """Get checks ready before the first document: `rules` are (check kind, params) of
    the rules that will run, e.g. `(r.check, r.params) for r in ruleset.enabled`.

    The phrase checks share one scan for the anchor words of all their lexicons; told
    them all now, the first document compiles no scan regex (~0.2 s) and scans once,
    not once per rule. `compile_all` also compiles the regexes that are otherwise
    compiled on first use (each lexicon's per-word regexes, ~0.25 s for all rules):
    right for a benchmark or a long run over many files; a one-off run on a short
    file is faster with compile_all=False. Rules added later still work (their words
    are scanned for when first used).
    """
    lexicons = []
    for name, params in rules:
        hook = getattr(params, "prepare", None) if name in CHECKS else None
        if callable(hook):
            lexicons.extend(hook(compile_all))
    phrases.prepare_lexicons(lexicons, compile_all=compile_all)
