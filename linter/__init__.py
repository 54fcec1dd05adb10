"""reportlint: a rule-based claim checker and consistency linter for report drafts."""

__version__ = "0.1.0"
