"""Documents: the original text, a masked copy for the grammar, and its segments.

PLACEHOLDER IMPLEMENTATION (interface is stable; internals are being replaced):
plain paragraphs split on blank lines and a naive sentence splitter.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .spans import LineIndex, Span


@dataclass(frozen=True, slots=True)
class Section:
    """Text under one heading (or the text before the first heading)."""

    span: Span
    heading: str | None
    level: int


@dataclass(frozen=True, slots=True)
class Block:
    """A prose block: paragraph, heading, list_item, blockquote, table_cell."""

    kind: str
    span: Span
    section: int


@dataclass(frozen=True, slots=True)
class Sentence:
    span: Span
    block: int
    section: int


@dataclass(frozen=True, slots=True)
class Cell:
    span: Span  # the cell's text, trimmed, in the original file
    row: int  # 0 is the header row
    col: int


@dataclass(frozen=True, slots=True)
class Table:
    span: Span
    rows: tuple[tuple[Cell, ...], ...]
    section: int


@dataclass(frozen=True, slots=True)
class Comment:
    """An HTML comment (Markdown, or plain text): read for suppressions."""

    span: Span
    body: str


@dataclass(slots=True)
class Document:
    path: str
    text: str
    masked: str  # len(masked) == len(text); non-prose replaced by spaces, line breaks kept
    format: str  # "markdown" | "text"
    lines: LineIndex
    front_matter: dict = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # The period the report covers and its publication date, as TIMEX3 strings
    # ("2019", "2019-01/2019-06" style is not used: period is a year or "YYYY-MM"),
    # from front matter (`period:`, `published:`) or else the config. Used to anchor
    # dates without a year and to resolve relative dates.
    period: str | None = None
    published: str | None = None

    def sentence_text(self, sentence: Sentence) -> str:
        return self.masked[sentence.span.start : sentence.span.end]


MARKDOWN_SUFFIXES = (".md", ".markdown")
TEXT_SUFFIXES = (".txt",)


def format_for(path: str) -> str:
    return "markdown" if path.lower().endswith(MARKDOWN_SUFFIXES) else "text"


_PARA = re.compile(r"\S(?:.|\n(?![ \t]*\n))*", re.S)
_SENT = re.compile(r"[^.!?]+(?:[.!?]+|$)")


def parse_document(text: str, path: str = "<text>", format: str | None = None) -> Document:
    fmt = format or format_for(path)
    doc = Document(path=path, text=text, masked=text, format=fmt, lines=LineIndex(text))
    doc.sections.append(Section(Span(0, len(text)), None, 0))
    for m in re.finditer(r"[^\n]+(?:\n[^\n]+)*", text):
        bi = len(doc.blocks)
        doc.blocks.append(Block("paragraph", Span(m.start(), m.end()), 0))
        for s in _SENT.finditer(m.group()):
            raw = s.group()
            lead = len(raw) - len(raw.lstrip())
            body = raw.strip()
            if body:
                st = m.start() + s.start() + lead
                doc.sentences.append(Sentence(Span(st, st + len(body)), bi, 0))
    return doc
