"""Lark grammars, installed as linter.builtin_grammars."""
