"""The `engine` check kind: rules whose findings the engine raises itself (X000-X002)."""
from __future__ import annotations

from .base import check


@check("engine", fields=("rule", "problem"))
def engine(ctx):
    """Never run as a check: the engine reports internal errors, bad suppressions and
    input warnings under these rules, so they can be listed, explained and configured."""
    return ()
