"""Check kinds: the few pieces of Python logic that YAML rules configure.

Every module below registers its kinds with `@check`; import them all here, in one
sorted list, so a rule can name any of them. A catalogue test asserts that every
module in this folder is imported and every check kind is used by a rule.
"""
from .base import CHECKS, CheckContext, Hit, Params, Unit, check  # noqa: F401
from . import attribution, changes, dates, durations, engine_rules, figures, house, percents, period, phrases, quotes, ranges, restated, tables, totals  # noqa: F401,E402

__all__ = ["CHECKS", "CheckContext", "Hit", "Params", "Unit", "check"]
