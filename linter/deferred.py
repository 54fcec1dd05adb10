"""Rules that are loaded only when a file actually has to be linted.

Parsing the rule files and importing the grammar and checks is most of reportlint's
start-up time. A run answered entirely from the cache needs none of it: the cache keys a
run by the rule files' bytes, the config and the selection (linter/cache.py), not by
parsed rules. So the command line hands the runner a DeferredRules, and whatever needs
the rules (a cache miss, the SARIF rule table) calls `resolve`.
"""
from __future__ import annotations

from collections.abc import Callable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing, which a cached run need not
if TYPE_CHECKING:
    from .engine import RuleSet


class DeferredRules:
    """A RuleSet built by `load()` on first use. `fingerprint` must change whenever the
    loaded rules could: it stands in for them in the cache's run key."""

    def __init__(self, load: Callable[[], "RuleSet"], fingerprint: str) -> None:
        self._load = load
        self._rules: RuleSet | None = None
        self.fingerprint = fingerprint

    def get(self) -> "RuleSet":
        if self._rules is None:
            self._rules = self._load()
        return self._rules


def resolve(rules) -> "RuleSet":
    """The RuleSet behind `rules`, loading it if it was deferred."""
    return rules.get() if isinstance(rules, DeferredRules) else rules
