"""Documents: the original text, a masked copy for the grammar, and its segments.

Offsets never move: `masked` is `text` with every character that is not prose to lint
replaced by a space (line breaks kept), so the grammar reads `masked` while every span
still points into the original file. Markdown structure comes from markdown-it-py
(block token line maps, plus source positions recorded by wrapping a few of its own
inline rules); plain text is split into paragraphs by blank lines and by the layout of
hard-wrapped PDF extractions (numbered paragraphs, short heading lines).

Sections (Markdown): one per heading outside lists and block quotes, running to the next
such heading of ANY level, so sections partition the document; section 0 is the text
before the first heading (heading None, level 0). Plain text is one section.
Blocks are prose only (headings, paragraphs, list items, quoted paragraphs, table
cells); their spans and sentence spans are trimmed and lie inside `masked` prose.
"""
from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_right
from dataclasses import dataclass, field

from .spans import LineIndex, Span, build_all


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
    """An HTML comment (Markdown, or plain text): read for suppressions.

    `span` covers the whole `<!-- ... -->`; `body` is the text between the markers,
    unstripped, so `body` starts at offset `span.start + 4` (linter.suppress relies on it).
    """

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

    def block_text(self, block: Block) -> str:
        """The block's masked text (prose only, offsets as in `text`)."""
        return self.masked[block.span.start : block.span.end]


MARKDOWN_SUFFIXES = (".md", ".markdown")
TEXT_SUFFIXES = (".txt",)


def format_for(path: str) -> str:
    return "markdown" if path.lower().endswith(MARKDOWN_SUFFIXES) else "text"


# --------------------------------------------------------------------------- sentences

# One regex finds every candidate boundary; `_is_boundary` decides.
_BOUNDARY_TAIL = r"[.!?\"')\]’”»]*)\s+"  # closing marks and quotes, then the space
_BOUNDARY = re.compile(r"([.!?]" + _BOUNDARY_TAIL)
_BLANK_LINE = re.compile(r"(?:\r\n?|\n)[^\S\r\n]*(?:\r\n?|\n)")
_HAS_WORD = re.compile(r"[^\W_]")
_DOTTED = re.compile(r"[A-Za-z](?:\.[A-Za-z])+")  # U.S / e.g / i.e / a.m (final dot apart)
_PARA_NUMBER = re.compile(r"\d{1,3}(?:\.\d{1,3})*|[IVXLC]{1,6}|[ivxlc]{1,6}|[A-Za-z]")
_OPENERS = "([{\"'“‘«"
# Never a sentence end, whatever follows (titles, months, reference words, companies).
_ABBREV_CASED = frozenset(
    "Mr Mrs Ms Mme Mlle Dr Prof St Sr Jr Md Abd Gen Gov Sen Rep Rev Hon Lt Col Capt Sgt Mt Ft "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec "
    "No Nos Art Arts Para Paras Vol Vols Fig Figs Sec Ch Inc Ltd Co Corp".split()
)
_ABBREV_ANY = frozenset(
    "mr mrs ms dr prof vs cf approx para paras pp vol vols fig figs nos arts "
    "inc ltd corp viz ibid ca resp".split()
)
# Abbreviations that only stay joined when a number follows ("no. 5", "art. 12").
_ABBREV_NUMERIC = frozenset("no art sec ch op ref rs".split())


_ROMAN = frozenset("IVXLCivxlc")
# "Section 1. Life": a number after these is a heading number, not a sentence end.
_NUMBERED = frozenset("Section Chapter Part Annex Appendix".split())


def _is_boundary(text: str, p: int, nxt_at: int, seg: int) -> bool:
    """Decide whether the candidate at `p` (the terminal punctuation) ends a sentence."""
    nxt = text[nxt_at]
    if nxt.islower():
        return False  # "e.g. the", "etc. and", "Dec. 5 meeting" never start a sentence
    if text[p] != "." or text[p + 1] in ".!?":
        return True  # "!", "?", "..."
    # The word before the period: back to whitespace, at most 32 characters.
    lo = p - 33 if p - 33 > seg else seg
    i = max(text.rfind(" ", lo, p), text.rfind("\n", lo, p))
    if i < 0 and lo > seg:
        return True  # a very long "word": not an abbreviation
    start = i + 1 if i >= 0 else lo
    word = text[start:p]
    if not word.isprintable():  # a tab, CR or no-break space inside: cut there
        word = "" if word[-1:].isspace() else (word.split() or [""])[-1]
        start = p - len(word)
    core = word.lstrip(_OPENERS)
    if not core:
        return True
    if len(core) == 1 and core.isalpha():
        return False  # initials ("J. R. Smith"), "p. 5", list letters
    if core in _ABBREV_CASED:
        return False
    low = core.lower()
    if low in _ABBREV_ANY or (nxt.isdigit() and low in _ABBREV_NUMERIC):
        return False
    if "." in core and _DOTTED.fullmatch(core):
        return False
    if (core[0].isdigit() or core[0] in _ROMAN) and _PARA_NUMBER.fullmatch(core):
        k = start - 1
        while k >= 0 and text[k] in " \t":
            k -= 1
        if k < 0 or text[k] in "\r\n":
            return False  # "12. The delegation": a paragraph number opening a line
        before = text[max(0, start - 12) : start].split()
        if before and before[-1] in _NUMBERED:
            return False
    return True


def split_sentences(text: str, start: int = 0) -> list[Span]:
    """Sentence spans of `text`, trimmed, shifted by `start` (the offset of `text`).

    Built for report prose: abbreviations, initials, decimals and paragraph numbers
    at line starts do not end sentences; a blank line always does. Segments without
    any letter or digit are dropped.
    """
    out: list[Span] = []
    chunks = [(0, len(text))]
    if "\n" in text or "\r" in text:
        cuts = [m.span() for m in _BLANK_LINE.finditer(text)]
        edges = [0, *(x for span in cuts for x in span), len(text)]
        chunks = list(zip(edges[::2], edges[1::2]))
    for a, b in chunks:
        a, b = _trim(text, a, b)
        if a < b:
            _split_into(text, a, b, out)
    if start:
        out = [Span(s.start + start, s.end + start) for s in out]
    return out


def _split_into(text: str, a: int, b: int, out: list[Span]) -> None:
    """Sentences of text[a:b] appended to `out`.

    text[a:b] is trimmed and has no blank line. Every candidate ends in whitespace,
    so sentence spans come out trimmed without copying any text.
    """
    seg = a
    has_word = _HAS_WORD.search
    for m in _BOUNDARY.finditer(text, a, b):
        end = m.end()
        if not _is_boundary(text, m.start(), end, seg):
            continue
        e = m.end(1)
        if text[seg].isalnum() or has_word(text, seg, e):
            out.append(Span(seg, e))
        seg = end
    if seg < b and (text[seg].isalnum() or has_word(text, seg, b)):
        out.append(Span(seg, b))


# _BOUNDARY with one terminal mark each: a literal first character lets the regex engine
# skip ahead with a character search instead of testing a class at every position,
# 4x cheaper over a whole document ("!" and "?" are rare and skipped when absent).
_TERMINALS = tuple((c, re.compile("(" + re.escape(c) + _BOUNDARY_TAIL)) for c in ".!?")


def _candidates(text: str) -> list[tuple[int, int, int]]:
    """(start, end of the marks, end) of every _BOUNDARY.finditer match over `text`.

    A match never extends past a non-space character after its marks, so matches found
    over the whole text are those found in any trimmed range within it.
    """
    found: list[tuple[int, int, int]] = []
    merged = False
    for c, pat in _TERMINALS:
        if c != "." and c not in text:
            continue
        merged = bool(found)
        found.extend([(m.start(), m.end(1), m.end()) for m in pat.finditer(text)])
    if merged:  # one pass with the three marks would not start inside an earlier match
        found.sort()
        kept, last = [], -1
        for x in found:
            if x[0] >= last:
                kept.append(x)
                last = x[2]
        found = kept
    return found


# --------------------------------------------------------------------------- masking


_LINE_CONTENT = re.compile(r"[^\r\n]+")
# Control and separator characters that are not line breaks for LineIndex.
_CTRL = {c: " " for c in [*range(0, 9), 11, 12, *range(14, 32), 127, 0x85, 0x2028, 0x2029, 0xFEFF]}
_CTRL_CHARS = tuple(map(chr, _CTRL))  # looked for one by one: `in` is 3x a regex class scan
_URL_SCHEME = re.compile(r"(?:https?|ftp)\Z", re.I)
_URL_BODY = re.compile(r"[^\s<>\"`]+")
_URL_MARKS = ("://", "www.")  # found with str.find: faster than a regex alternation
_EMAIL_LOCAL = re.compile(r"[\w.+-]+\Z")
_EMAIL_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+")
_URL_TAIL = ".,;:!?)]}'\"’”"
_COMMENT = re.compile(r"<!--(.*?)-->", re.S)
_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~])")  # before ASCII punctuation
_LEADERS = (re.compile(r"\.\.\.\.\.[. \t]*"), re.compile(r"\. \. \. \. \.[. \t]*"), re.compile("……+"))


def _blank(s: str) -> str:
    if "\n" not in s and "\r" not in s:
        return " " * len(s)
    return _LINE_CONTENT.sub(lambda m: " " * (m.end() - m.start()), s)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if b <= a:
            continue
        if out and a <= out[-1][1]:
            if b > out[-1][1]:
                out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def _subtract(show: list[tuple[int, int]], hide: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """show minus hide; both sorted and disjoint."""
    out: list[tuple[int, int]] = []
    j, nh = 0, len(hide)
    for a, b in show:
        while j < nh and hide[j][1] <= a:
            j += 1
        cur, k = a, j
        while k < nh and hide[k][0] < b:
            ha, hb = hide[k]
            if ha > cur:
                out.append((cur, ha))
            cur = max(cur, hb)
            k += 1
        if cur < b:
            out.append((cur, b))
    return out


def _compose(text: str, visible: list[tuple[int, int]], ctrl: bool) -> str:
    """`text` with everything outside `visible` blanked; `ctrl`: text has controls."""
    parts: list[str] = []
    prev = 0
    for a, b in visible:
        if a > prev:
            parts.append(_blank(text[prev:a]))
        parts.append(text[a:b])
        prev = b
    if prev < len(text):
        parts.append(_blank(text[prev:]))
    masked = "".join(parts)
    if ctrl:
        masked = masked.translate(_CTRL)
    return masked


def _url_spans(text: str) -> list[tuple[int, int]]:
    """Bare URLs, autolinks and e-mail addresses: never prose, full of digits."""
    spans = []
    marks = []  # (offset, mark): the two marks share no character, so never overlap
    for mark in _URL_MARKS:
        p = text.find(mark)
        while p >= 0:
            marks.append((p, mark))
            p = text.find(mark, p + len(mark))
    marks.sort()
    for p, mark in marks:
        m_end = p + len(mark)
        if mark == "://":
            s = _URL_SCHEME.search(text, max(0, p - 5), p)
            if not s or (s.start() and text[s.start() - 1].isalnum()):
                continue
            start = s.start()
        else:
            if p and (text[p - 1].isalnum() or text[p - 1] in "/."):
                continue  # part of a URL found from its scheme
            start = p
        body = _URL_BODY.match(text, m_end)
        if body:
            end = body.end() - (len(body.group()) - len(body.group().rstrip(_URL_TAIL)))
            spans.append((start, max(end, m_end)))
    at = text.find("@")
    while at >= 0:
        local = _EMAIL_LOCAL.search(text, max(0, at - 64), at)
        domain = _EMAIL_DOMAIN.match(text, at + 1)
        if local and domain:
            spans.append((local.start(), domain.end()))
        at = text.find("@", at + 1)
    return spans






# --------------------------------------------------------------------------- front matter

_FM_OPEN = re.compile(r"\ufeff?---[ \t]*(?:\r\n|\r|\n)")
_FM_CLOSE = re.compile(r"(?<=[\r\n])(?:---|\.\.\.)[ \t]*(?=[\r\n]|\Z)")
_FM_MAX_DEPTH = 50


def _front_matter(doc: Document) -> tuple[int, int] | None:
    """Read YAML front matter into `doc`; return the span to mask (None if absent)."""
    m = _FM_OPEN.match(doc.text)
    if not m:
        return None
    import yaml  # only for documents with front matter: the import costs ~25 ms CPU
    close = _FM_CLOSE.search(doc.text, m.end() - 1)
    if not close:
        doc.warnings.append("front matter is not terminated by '---'; read as text")
        return None
    source = doc.text[m.end() : close.start()]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        # Refuse aliases (exponential "billion laughs" expansion) and deep nesting
        # (recursive composer) before building anything.
        depth = 0
        for event in yaml.parse(source, Loader=loader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                doc.warnings.append("front matter uses YAML anchors/aliases; ignored")
                return (0, close.end())
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > _FM_MAX_DEPTH:
                    doc.warnings.append("front matter is nested too deeply; ignored")
                    return (0, close.end())
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
        data = yaml.load(source, Loader=loader)
    except (yaml.YAMLError, ValueError, OverflowError) as exc:
        if isinstance(exc, yaml.YAMLError):
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            problem = getattr(exc, "problem", None) or "invalid YAML"
        else:  # a date PyYAML resolves but cannot build: no mark of its own
            from .yamlsource import bad_value_mark

            line, problem = (bad_value_mark(source, loader) or (None,))[0], exc
        where = f" (line {line + 1})" if line is not None else ""  # + the opening '---'
        doc.warnings.append(f"front matter is not valid YAML{where}: {problem}; ignored")
        return (0, close.end())
    if data is None:
        data = {}
    if not isinstance(data, dict):
        doc.warnings.append(f"front matter is a {type(data).__name__}, not a mapping; ignored")
        return (0, close.end())
    doc.front_matter = data
    doc.period = _timex(doc, "period", data.get("period"))
    published = data.get("published", data.get("date"))
    doc.published = _timex(doc, "published", published)
    return (0, close.end())


def _timex(doc: Document, key: str, value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, _dt.datetime):
        return value.date().isoformat()
    if isinstance(value, _dt.date):
        return value.isoformat()
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value.strip()
    doc.warnings.append(f"front matter '{key}' is not a date or year; ignored")
    return None


# --------------------------------------------------------------------------- helpers


def _line_bounds(text: str, starts: list[int], ln: int) -> tuple[int, int]:
    """Start and end (without its line break) of 0-based line `ln`."""
    a = starts[ln]
    b = starts[ln + 1] if ln + 1 < len(starts) else len(text)
    if b > a and text[b - 1] == "\n":
        b -= 1
    if b > a and text[b - 1] == "\r":
        b -= 1
    return a, b


_NON_SPACE = re.compile(r"\S")  # \S is exactly "not str.isspace"


def _trim(masked: str, a: int, b: int) -> tuple[int, int]:
    """masked[a:b] less its leading and trailing whitespace, as offsets.

    Leading blanks are few (a blanked paragraph number) before a long block: found by
    a regex search rather than copying and stripping the block.
    """
    if a < b and masked[a].isspace():
        m = _NON_SPACE.search(masked, a, b)
        if m is None:
            return a, a
        a = m.start()
    if a < b and masked[b - 1].isspace():
        b = a + len(masked[a:b].rstrip())
    return a, b


# --------------------------------------------------------------------------- plain text

# A paragraph number or list letter opening a line: "12.", "3.2.", "IV.", "a.", "(a)", "b)";
# or a numbered recommendation or section without the final stop ("128.17 Strengthen",
# "3.2 Methods"), unless a scale or percent word makes it a figure ("1.5 Million").
_MARKER = re.compile(
    r"(\(?(?:\d{1,3}|[a-z]|[ivxlc]{1,6}|[A-Z]|[IVXLC]{1,6})\)"
    r"|(?:\d{1,3}(?:\.\d{1,3})*|[A-Za-z]|[ivxlc]{1,6}|[IVXLC]{1,6})\."
    r"|\d{1,3}(?:\.\d{1,3})+(?=[ \t]+[A-Z])"
    r"(?![ \t]+(?i:hundred|thousand|million|billion|trillion|dozen|percent|per\b|m\b|k\b|bn\b|mn\b)))"
    r"(?:[ \t]+|$)"
)
_CLOSERS = "\"')]’”»"


def _marker(masked: str, lead: int, end: int) -> re.Match | None:
    """_MARKER at `lead`; a line opening with a letter that is neither a roman digit nor
    followed by "." or ")" (most prose lines) cannot hold one: no regex run for it."""
    first = masked[lead]
    if first.isalpha() and first not in _ROMAN and masked[lead + 1 : lead + 2] not in (".", ")"):
        return None
    return _MARKER.match(masked, lead, end)


_FIRST_WORD = re.compile(r"\S+")
_ENDS = tuple(".!?:;")


def _plain_paragraphs(
    masked: str, starts: list[int], solo: set[int]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Paragraph spans and paragraph-number spans of hard-wrapped plain text.

    Lines in `solo` (table-of-contents entries) are paragraphs of their own.

    A paragraph ends at a blank line, before a line opening with a paragraph number
    (when the previous line could end a paragraph), after a line ending a sentence
    when the next line's first word would have fitted on it (so the break was not
    wrapping), and around a short line without final punctuation between a sentence
    end and a capitalised line (a heading). The wrap width is the 90th percentile
    line length; "short" is 60% of it.
    """
    # Lines as (lead, end) offsets of their trimmed text, no copies kept: the lines of a
    # 10 MB report as strings, and their stripped copies, were 40 MB.
    info: list[tuple[int, int] | None] = []
    widths: list[int] = []
    n = len(starts) - 1 if masked[-1:] in ("\r", "\n") else len(starts) if masked else 0
    ends = starts[1 : n + 1]
    if len(ends) < n:
        ends.append(len(masked))
    for a, b in zip(starts, ends):
        if b > a:
            c = masked[b - 1]
            if c == "\n":
                b -= 1
                if b > a and masked[b - 1] == "\r":
                    b -= 1
            elif c == "\r":
                b -= 1
        if b == a:
            info.append(None)
            continue
        if not masked[a].isspace():  # most lines: no copies, at most a trailing space or two
            if masked[b - 1].isspace():
                k = b - 4
                b -= 1
                while b > k and masked[b - 1].isspace():
                    b -= 1
                if b == k:
                    b = a + len(masked[a:b].rstrip())
            info.append((a, b))
            widths.append(b - a)
            continue
        line = masked[a:b]
        body = line.strip()
        if not body:
            info.append(None)
            continue
        lead = a + line.find(body)  # only spaces come before the first character of body
        info.append((lead, lead + len(body)))
        widths.append(lead + len(body) - a)
    if not widths:
        return [], []
    widths.sort()
    width = widths[int(len(widths) * 0.9)]
    short = width * 0.6
    paras: list[tuple[int, int]] = []
    markers: list[tuple[int, int]] = []
    cur: list[int] | None = None
    prev_ends, prev_len, prev_marker_only = False, 0, False
    for ln, x in enumerate(info):
        if x is None:
            if cur:
                paras.append((cur[0], cur[1]))
            cur = None
            continue
        lead, end = x
        if ln in solo:
            if cur:
                paras.append((cur[0], cur[1]))
            paras.append((lead, end))
            cur, prev_ends, prev_len, prev_marker_only = None, False, 0, False
            continue
        length = end - starts[ln]
        first = masked[lead]
        m = _marker(masked, lead, end)
        marker = None
        if m and not (m.end() < end and masked[m.end()].islower()):
            if (
                cur is None
                or prev_marker_only
                or prev_len <= short
                or prev_ends
            ):
                marker = m
        brk = False
        if cur is not None:
            if marker is not None:
                brk = True
            elif not prev_marker_only and not first.islower():
                if prev_ends:
                    brk = prev_len + 1 + _FIRST_WORD.match(masked, lead, end).end() - lead <= width or (
                        length <= short  # a heading line after a sentence end
                        and _last(masked, lead, end) not in _ENDS + (",",)
                        and not _continues(masked, info, ln + 1)
                    )
                else:
                    brk = prev_len <= short and (first.isupper() or first.isdigit())
        if brk and cur is not None:
            paras.append((cur[0], cur[1]))
            cur = None
        if cur is None:
            cur = [lead, end]
        else:
            cur[1] = end
        if marker is not None:
            markers.append((lead, marker.end(1)))
        c = masked[end - 1]
        prev_ends = (c if c not in _CLOSERS else _last(masked, lead, end)) in _ENDS
        prev_len = length
        prev_marker_only = marker is not None and marker.end() >= end
    if cur:
        paras.append((cur[0], cur[1]))
    return paras, markers


def _last(masked: str, lead: int, end: int) -> str:
    """The last character of masked[lead:end] before closing quotes and brackets ("" if none)."""
    while end > lead and masked[end - 1] in _CLOSERS:
        end -= 1
    return masked[end - 1] if end > lead else ""


def _continues(masked: str, info: list, ln: int) -> bool:
    """Whether line `ln` continues a sentence (starts in lowercase, not "a. Title")."""
    if ln >= len(info) or info[ln] is None or not masked[info[ln][0]].islower():
        return False
    lead, end = info[ln]
    m = _marker(masked, lead, end)
    return not m or (m.end() < end and masked[m.end()].islower())


def _plain_layout(doc: Document, hide: list[tuple[int, int]], ctrl: bool) -> None:
    text = doc.text
    for m in _COMMENT.finditer(text):
        doc.comments.append(Comment(Span(m.start(), m.end()), m.group(1)))
        hide.append(m.span())
    # "\\$900" in text exported from Markdown: hide the backslash, keep "$900".
    hide.extend((m.start(), m.start() + 1) for m in _BACKSLASH.finditer(text))
    starts = doc.lines.starts
    solo: set[int] = set()
    for leader in _LEADERS:
        for m in leader.finditer(text):
            hide.append(m.span())
            solo.add(bisect_right(starts, m.start()) - 1)
    hidden = _merge(hide)
    masked = _compose(text, _subtract([(0, len(text))], hidden), ctrl)
    paras, markers = _plain_paragraphs(masked, starts, solo)
    if markers:  # paragraph numbers are layout, not claims (no line breaks inside)
        # Composed again from `text` with the old copy dropped first: blanking them in
        # the old copy held three copies of the text at once.
        masked = None
        masked = _compose(text, _subtract([(0, len(text))], _merge(hidden + markers)), ctrl)
    doc.masked = masked
    doc.sections.append(Section(Span(0, len(text)), None, 0))
    # The sentences of each paragraph, as _split_into finds them, from candidates found
    # in one pass; blocks and sentences are then built in bulk.
    cands = _candidates(masked)
    ci, nc = 0, len(cands)
    has_word = _HAS_WORD.search
    b_start: list[int] = []
    b_end: list[int] = []
    s_start: list[int] = []
    s_end: list[int] = []
    s_block: list[int] = []
    for a, b in paras:
        if masked[a].isspace() or masked[b - 1].isspace():
            a, b = _trim(masked, a, b)
            if a == b:
                continue
        bi = len(b_start)
        b_start.append(a)
        b_end.append(b)
        while ci < nc and cands[ci][0] < a:
            ci += 1
        seg = a
        while ci < nc and cands[ci][0] < b:
            p, e1, end = cands[ci]
            ci += 1
            if end > b or not _is_boundary(masked, p, end, seg):
                continue
            if masked[seg].isalnum() or has_word(masked, seg, e1):
                s_start.append(seg)
                s_end.append(e1)
                s_block.append(bi)
            seg = end
        if seg < b and (masked[seg].isalnum() or has_word(masked, seg, b)):
            s_start.append(seg)
            s_end.append(b)
            s_block.append(bi)
    nb, ns = len(b_start), len(s_start)
    doc.blocks = build_all(Block, ["paragraph", build_all(Span, [b_start, b_end], nb), 0], nb)
    doc.sentences = build_all(Sentence, [build_all(Span, [s_start, s_end], ns), s_block, 0], ns)


# --------------------------------------------------------------------------- Markdown

_MD_PARSER = None
_MD_WS: str | None = None  # markdown-it's cell trimming set (MD_TRIM_CHARS when it has one)
_PIPE = re.compile(r"(?<!\\)\|")
_ESCAPED_PIPE = re.compile(r"\\\|")
_NEWLINES = re.compile(r"\r\n?")


def _markdown():
    """markdown-it (CommonMark + tables) whose inline rules record source ranges.

    markdown-it tokens carry block line maps but no inline offsets. Wrapping the
    rules that produce markup (escape, code, emphasis, link, image, autolink, inline
    HTML, entity) records the ranges they consumed in `env`, keyed by the token list
    of the inline state; text is everything else. text_join and fragments_join are
    disabled so emphasis token indices stay valid until we read them.
    """
    global _MD_PARSER, _MD_WS
    if _MD_PARSER is not None:
        return _MD_PARSER
    from markdown_it import MarkdownIt
    from markdown_it.common import utils
    from markdown_it.rules_block import table
    from markdown_it.rules_inline import autolink, backtick, emphasis, entity, escape
    from markdown_it.rules_inline import html_inline, image, link

    md = MarkdownIt("commonmark").enable("table")
    md.disable(["text_join", "fragments_join"])
    rules = {
        "escape": (escape, "escape"),
        "backticks": (backtick, "hide"),
        "emphasis": (emphasis.tokenize, "emphasis"),
        "link": (link, "link"),
        "image": (image, "hide"),
        "autolink": (autolink, "hide"),
        "html_inline": (html_inline, "html"),
        "entity": (entity, "hide"),
    }
    for name, (fn, kind) in rules.items():
        md.inline.ruler.at(name, _recording(fn, kind))
    md.block.ruler.at("table", _recording_table(table), {"alt": ["paragraph", "reference"]})
    inner = md.inline.tokenize

    def tokenize(state):  # lets the link rule find the label it tokenizes
        state.env["rl_calls"].append((id(state), state.pos, state.posMax))
        inner(state)

    md.inline.tokenize = tokenize
    _MD_WS = getattr(utils, "MD_TRIM_CHARS", None)
    _MD_PARSER = md
    return md


def _recording(rule, kind: str):
    import string

    escapable = set(string.punctuation) | {"\n"}

    def wrapped(state, silent: bool) -> bool:
        if silent:
            return rule(state, silent)
        start = state.pos
        calls = state.env["rl_calls"]
        k = len(calls)
        if not rule(state, silent):
            return False
        end = state.pos
        marks = _marks_of(state)
        if kind == "hide":
            marks.append((start, end, None))
        elif kind == "html":
            tag = "comment" if state.src.startswith("<!--", start) else None
            marks.append((start, end, tag))
        elif kind == "escape":
            if state.src[start + 1] in escapable:
                marks.append((start, start + 1, None))  # "\$900" keeps "$900"
        elif kind == "emphasis":
            state.env["rl_em"].append((state.tokens, len(state.tokens) - (end - start), start, end))
        else:  # link: hide all but the label, which was tokenized in place
            me = id(state)  # alive throughout, so no other call can share its id
            label = next(((a, b) for st, a, b in calls[k:] if st == me), None)
            del calls[k:]
            if label is None:
                marks.append((start, end, None))
            else:
                marks.append((start, label[0], None))
                marks.append((label[1], end, None))
        return True

    return wrapped


def _marks_of(state) -> list:
    """The mark list of an inline state, keyed by its token list (kept alive in env)."""
    marks = state.env["rl_marks"].get(id(state.tokens))
    if marks is None:
        marks = state.env["rl_marks"][id(state.tokens)] = []
        state.env["rl_keep"].append(state.tokens)
    return marks


def _recording_table(rule):
    def wrapped(state, start_line: int, end_line: int, silent: bool) -> bool:
        if not rule(state, start_line, end_line, silent):
            return False
        if not silent:
            state.env["rl_tables"][start_line] = [
                (state.bMarks[ln] + state.tShift[ln], state.eMarks[ln])
                for ln in range(start_line, state.line)
            ]
        return True

    return wrapped


def _content_segments(base: str, starts: list[int], line0: int, content: str) -> list[tuple[int, int, int]]:
    """Locate each line of an inline token's content in the source.

    Returns (content offset, source offset, length) per line. A content line is the
    tail of its source line (container markers and indentation stripped), less the
    trailing spaces of the last line, or for ATX headings a substring of it.
    """
    segs: list[tuple[int, int, int]] = []
    c = 0
    for j, part in enumerate(content.split("\n")):
        n = len(part)
        ls, le = _line_bounds(base, starts, min(line0 + j, len(starts) - 1))
        line = base[ls:le]
        if line.endswith(part):
            segs.append((c, le - n, n))
        else:
            stripped = line.rstrip()
            if stripped.endswith(part):
                segs.append((c, ls + len(stripped) - n, n))
            else:
                k = line.rfind(part)
                if k >= 0:
                    segs.append((c, ls + k, n))
                else:  # a tab expanded into spaces before the text
                    rest = part.lstrip(" ")
                    k = line.rfind(rest) if rest else -1
                    if k >= 0:
                        segs.append((c + n - len(rest), ls + k, len(rest)))
        c += n + 1
    return segs


def _map_range(
    segs: list[tuple[int, int, int]], cstarts: list[int], a: int, b: int
) -> list[tuple[int, int]]:
    """Source pieces of the content range [a, b) (a range may cross lines)."""
    out = []
    for j in range(max(0, bisect_right(cstarts, a) - 1), len(segs)):
        cs, ss, n = segs[j]
        if cs >= b:
            break
        lo, hi = max(a, cs), min(b, cs + n)
        if lo < hi:
            out.append((ss + lo - cs, ss + hi - cs))
    return out


class _MarkdownWalk:
    """Walks markdown-it tokens, collecting visible ranges, blocks, sections, tables."""

    def __init__(self, doc: Document, src: str, hide: list[tuple[int, int]]) -> None:
        self.doc, self.src, self.hide = doc, src, hide
        text = doc.text
        self.base = text.replace("\x00", "\ufffd") if "\x00" in text else text
        self.starts = doc.lines.starts
        self.env: dict = {"rl_marks": {}, "rl_keep": [], "rl_em": [], "rl_calls": [], "rl_tables": {}}
        self.show: list[tuple[int, int]] = []
        self.blocks: list[tuple[str, int, int, int, bool]] = []
        self.heads: list[tuple[int, int | None, int]] = []  # (start, raw block, level)
        self.tables: list[tuple[Span, list[list[tuple[int, int, int]]], int]] = []
        self.comments: list[Comment] = []
        self._norm_starts: list[int] | None = None

    def run(self) -> None:
        md = _markdown()
        tokens = md.parse(self.src, self.env)
        limit = md.options["maxNesting"] - 1
        if any(t.level >= limit for t in tokens):
            self.doc.warnings.append(
                f"Markdown nested more than {limit} levels deep; the deeper text is not linted"
            )
        marks = self.env["rl_marks"]
        for toks, n0, a, b in self.env["rl_em"]:
            for k in range(b - a):
                t = toks[n0 + k]
                if t.type != "text" or not t.content:  # became em/strong markup
                    marks.setdefault(id(toks), []).append((a + k, a + k + 1, None))
        stack: list[str] = []
        section = 0
        i, n = 0, len(tokens)
        while i < n:
            t = tokens[i]
            ty = t.type
            if ty in ("blockquote_open", "list_item_open"):
                stack.append(ty[:-5])
            elif ty in ("blockquote_close", "list_item_close"):
                stack.pop()
            elif ty == "heading_open" and t.map:
                top = t.level == 0
                if top:
                    section = len(self.heads) + 1
                i += 1
                raw = len(self.blocks)
                self._inline(tokens[i], "heading", section)
                if top:
                    raw = raw if raw < len(self.blocks) else None
                    self.heads.append((self.starts[t.map[0]], raw, int(t.tag[1:])))
            elif ty == "paragraph_open" and t.map:
                i += 1
                self._inline(tokens[i], stack[-1] if stack else "paragraph", section)
            elif ty == "table_open" and t.map:
                i = self._table(tokens, i, section)
            elif ty == "html_block" and t.map:
                a = self.starts[t.map[0]]
                b = _line_bounds(self.doc.text, self.starts, t.map[1] - 1)[1]
                for m in _COMMENT.finditer(self.doc.text, a, b):
                    self.comments.append(Comment(Span(m.start(), m.end()), m.group(1)))
            i += 1

    def _inline(self, tok, kind: str, section: int) -> None:
        if tok.type != "inline" or not tok.map:
            return
        segs = _content_segments(self.base, self.starts, tok.map[0], tok.content)
        self._show(tok, segs)
        if segs:
            self.blocks.append((kind, segs[0][1], segs[-1][1] + segs[-1][2], section, False))

    def _show(self, tok, segs: list[tuple[int, int, int]]) -> None:
        for _, ss, n in segs:
            self.show.append((ss, ss + n))
        cstarts = [cs for cs, _, _ in segs]
        for a, b, tag in self.env["rl_marks"].get(id(tok.children), ()):
            pieces = _map_range(segs, cstarts, a, b)
            self.hide.extend(pieces)
            if tag == "comment" and pieces:
                s, e = pieces[0][0], pieces[-1][1]
                m = _COMMENT.match(self.doc.text, s, e)
                if m:
                    self.comments.append(Comment(Span(s, e), m.group(1)))

    def _orig(self, ln: int, pos: int) -> int:
        """Offset in the original text of offset `pos` of markdown-it's source line `ln`."""
        if self._norm_starts is None:
            self._norm_starts = LineIndex(self.src).starts
        return self.starts[ln] + pos - self._norm_starts[ln]

    def _table(self, tokens, i: int, section: int) -> int:
        first = tokens[i].map[0]
        lines = self.env["rl_tables"].get(first)
        rows: list[tuple[int, list]] = []
        while tokens[i].type != "table_close":
            t = tokens[i]
            if t.type == "tr_open":
                rows.append((t.map[0], []))
            elif t.type == "inline":
                rows[-1][1].append(t)
            i += 1
        if not lines or any(not 0 <= ln - first < len(lines) for ln, _ in rows):
            return i
        text = self.base
        cells_out: list[list[tuple[int, int, int]]] = []
        bounds = []
        for ln, cells in rows:
            pa, pb = lines[ln - first]
            a, b = self._orig(ln, pa), self._orig(ln, pb)
            row_text = text[a:b]
            a += len(row_text) - len(row_text.lstrip(_MD_WS))
            b = a + len(row_text.strip(_MD_WS))
            bounds.append((a, b))
            seg_text = text[a:b]
            cuts = [-1] + [m.start() for m in _PIPE.finditer(seg_text)] + [len(seg_text)]
            regions = [(a + p + 1, a + q) for p, q in zip(cuts, cuts[1:])]
            if regions and regions[0][0] == regions[0][1]:
                regions.pop(0)
            if regions and regions[-1][0] == regions[-1][1]:
                regions.pop()
            row_cells = []
            for col, tok in enumerate(cells):
                if col < len(regions):
                    ra, rb = regions[col]
                    raw = text[ra:rb]
                    ca = ra + len(raw) - len(raw.lstrip(_MD_WS))
                    cb = ca + len(raw.strip(_MD_WS))
                else:
                    ca = cb = b
                row_cells.append((ca, cb, col))
                if cb > ca:
                    segs = _cell_segments(text[ca:cb], ca, tok.content)
                    self._show(tok, segs)
                    self.blocks.append(("table_cell", ca, cb, section, True))
            cells_out.append(row_cells)
        self.tables.append((Span(bounds[0][0], bounds[-1][1]), cells_out, section))
        return i


def _cell_segments(source: str, at: int, content: str) -> list[tuple[int, int, int]]:
    if source == content:
        return [(0, at, len(source))]
    if _ESCAPED_PIPE.sub("|", source) != content:
        return []
    segs, c, s0 = [], 0, 0  # markdown-it dropped the backslash of each "\\|"
    for m in _ESCAPED_PIPE.finditer(source):
        segs.append((c, at + s0, m.start() - s0))
        c += m.start() - s0
        s0 = m.start() + 1
    segs.append((c, at + s0, len(source) - s0))
    return segs


def _markdown_layout(
    doc: Document, fm: tuple[int, int] | None, hide: list[tuple[int, int]], ctrl: bool
) -> None:
    text = doc.text
    src = text if not fm else _blank(text[: fm[1]]) + text[fm[1] :]
    walk = _MarkdownWalk(doc, _NEWLINES.sub("\n", src), hide)
    walk.run()
    masked = _compose(text, _subtract(_merge(walk.show), _merge(hide)), ctrl)
    doc.masked = masked
    doc.comments = sorted(walk.comments, key=lambda c: c.span.start)
    raw_to_block: dict[int, int] = {}
    for r, (kind, a, b, section, is_cell) in enumerate(walk.blocks):
        a, b = _trim(masked, a, b)
        if a == b:
            continue
        bi = raw_to_block[r] = len(doc.blocks)
        doc.blocks.append(Block(kind, Span(a, b), section))
        spans = [Span(a, b)]
        if not is_cell:
            spans.clear()
            _split_into(masked, a, b, spans)
        doc.sentences.extend(Sentence(s, bi, section) for s in spans)
    heads = walk.heads
    doc.sections.append(Section(Span(0, heads[0][0] if heads else len(text)), None, 0))
    for k, (start, raw, level) in enumerate(heads):
        end = heads[k + 1][0] if k + 1 < len(heads) else len(text)
        bi = raw_to_block.get(raw)
        title = " ".join(doc.block_text(doc.blocks[bi]).split()) if bi is not None else ""
        doc.sections.append(Section(Span(start, end), title, level))
    for span, rows, section in walk.tables:
        doc.tables.append(
            Table(
                span,
                tuple(tuple(Cell(Span(a, b), r, c) for a, b, c in row) for r, row in enumerate(rows)),
                section,
            )
        )


# --------------------------------------------------------------------------- parse


def parse_document(text: str, path: str = "<text>", format: str | None = None) -> Document:
    """Parse decoded `text` (see linter.reader) into a masked, segmented Document."""
    fmt = format or format_for(path)
    doc = Document(path=path, text=text, masked=text, format=fmt, lines=LineIndex(text))
    hide: list[tuple[int, int]] = []
    fm = _front_matter(doc)
    if fm:
        hide.append(fm)
    hide.extend(_url_spans(text))
    ctrl = any(c in text for c in _CTRL_CHARS)
    if fmt == "markdown":
        try:
            _markdown_layout(doc, fm, list(hide), ctrl)
            return doc
        except RecursionError:
            doc.warnings.append("Markdown is nested too deeply to parse; read as plain text")
            doc.blocks, doc.sentences, doc.sections = [], [], []
            doc.tables, doc.comments = [], []
    _plain_layout(doc, hide, ctrl)
    return doc
