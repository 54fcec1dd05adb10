"""Relations between the claims of a sentence (totals and parts, ratios, changes).

Placeholder: no relations are found yet; the consistency rules fill this in.
"""
from __future__ import annotations

from .claims import ClaimSet, Relation
from .document import Document


def find_relations(doc: Document, claims: ClaimSet) -> list[Relation]:
    return []
