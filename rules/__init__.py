"""Built-in rule packs (YAML), installed as linter.builtin_rules."""
