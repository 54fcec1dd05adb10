"""Document model: masking keeps offsets, segments are exact, front matter is safe."""
from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.document import Document, parse_document, split_sentences
from linter.spans import LineIndex

DATA = Path(__file__).parent / "data" / "documents"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}
SENTENCE_CASES = yaml.safe_load((DATA / "sentences.yaml").read_text(encoding="utf-8"))


def load(name: str, newline: str = "\n") -> Document:
    text = (DATA / name).read_text(encoding="utf-8").replace("\n", newline)
    return parse_document(text, name)


def assert_invariants(doc: Document) -> None:
    """Offsets never move: masked is text with some characters blanked."""
    text, masked = doc.text, doc.masked
    assert len(masked) == len(text)
    for a, b in zip(text, masked):
        if a in "\r\n" or b in "\r\n":
            assert a == b
        else:
            assert b == a or b == " "
    for s in doc.sentences:
        block = doc.blocks[s.block]
        assert block.span.contains(s.span)
        assert s.section == block.section
        body = text[s.span.start : s.span.end]
        assert body and body == body.strip()
        assert doc.sentence_text(s) == doc.sentence_text(s).strip()
    for b in doc.blocks:
        assert 0 <= b.section < len(doc.sections)
        assert doc.block_text(b) == doc.block_text(b).strip() != ""


# --------------------------------------------------------------------------- masking

VISIBLE = [
    "Kazakhstan repatriated",
    "595",
    "Kazakhstani FTFs between January and June.",
    "$900 million program.",
    "the State Department page",
    "for details.",
    "stays out.",
    "approximately 600",
    "Wiedner Hauptstraße 32, 1041 Wien — Nur-Sultan is the capital.",
    "The Border Guard Service detected about 36 cases.",
    "Item one: 33 male FTFs returned.",
    "First numbered item with 17 centers.",
    "Almaty",
    "Total",
    "urban",
    "KNB",
    "Final paragraph",
]
HIDDEN = [
    "title: Country Report on Terrorism 2019",
    "published: 2020-06-24",
    "**",
    "https://www.state.gov/reports/crt-2019",
    '"CRT 2019")',
    "<https://ecoi.net/en/document/2032497.html>",
    "https://example.org/bare-url-2017",
    "info@ecoi.net",
    "<!-- reportlint-disable Q001 -->",
    "`SELECT 42 FROM cases`",
    "![chart of 77 cases](img/chart-77.png)",
    '<abbr title="x 12">',
    "</abbr>",
    "```python",
    "total = 595 + 33  # code 31337",
    "indented code 4242",
    '<div class="note">',
    "HTML block 8888 text",
    "|----------|------:|------|",
    "|------",
]
# (context, how many of its first characters are markup): headings, quotes, lists, pipes.
MARKERS = [
    ("# Kazakhstan", 2),
    ("## Border", 3),
    ("> The Border", 2),
    ("- Item one", 2),
    ("1. First", 3),
    ("| Almaty", 2),
    ("| **Total** |", 4),
    ("*approximately", 1),
    ("*urban* |", 1),
]


@pytest.mark.parametrize("newline", NEWLINES.values(), ids=NEWLINES.keys())
def test_markdown_masking_keeps_offsets(newline: str) -> None:
    doc = load("report.md", newline)
    assert doc.format == "markdown"
    assert_invariants(doc)
    text, masked = doc.text, doc.masked
    for phrase in VISIBLE:
        p = text.find(phrase)
        assert p >= 0, phrase
        assert masked[p : p + len(phrase)] == phrase, phrase
    for secret in HIDDEN:
        assert secret in text, secret
        p = text.find(secret)
        while p >= 0:
            assert masked[p : p + len(secret)].strip() == "", secret
            p = text.find(secret, p + 1)
    for context, n in MARKERS:
        p = text.index(context)
        assert masked[p : p + n].strip() == "", context
        assert masked[p + n] == text[p + n] != " ", context
    # "\$900": only the backslash is markup.
    p = text.index("\\$900")
    assert masked[p : p + 5] == " $900"
    # The escaped pipe inside a cell keeps its pipe.
    p = text.index("pipe \\| inside")
    assert masked[p : p + 14] == "pipe  | inside"


def test_markdown_html_comment_is_recorded() -> None:
    doc = load("report.md")
    assert [c.body for c in doc.comments] == [" reportlint-disable Q001 "]
    c = doc.comments[0]
    assert doc.text[c.span.start : c.span.end] == "<!-- reportlint-disable Q001 -->"
    assert doc.text[c.span.start + 4 : c.span.start + 4 + len(c.body)] == c.body
    assert doc.masked[c.span.start : c.span.end].strip() == ""


def test_inline_comment_and_comment_in_code() -> None:
    text = "Before <!-- reportlint-disable Q002 --> after 5 cases.\n\n```\n<!-- not a comment -->\n```\n"
    doc = parse_document(text, "x.md")
    assert [c.body for c in doc.comments] == [" reportlint-disable Q002 "]
    assert doc.text[doc.comments[0].span.start : doc.comments[0].span.end].startswith("<!--")
    assert "reportlint" not in doc.masked


def test_markdown_sections_and_blocks() -> None:
    doc = load("report.md")
    assert [(s.heading, s.level) for s in doc.sections] == [
        (None, 0),
        ("Kazakhstan: Overview", 1),
        ("Border security", 2),
    ]
    # Sections partition the document.
    assert doc.sections[0].span.start == 0
    for a, b in zip(doc.sections, doc.sections[1:]):
        assert a.span.end == b.span.start
    assert doc.sections[-1].span.end == len(doc.text)
    assert doc.text[doc.sections[1].span.start :].startswith("# Kazakhstan")
    kinds = [b.kind for b in doc.blocks]
    assert kinds[:3] == ["heading", "paragraph", "paragraph"]
    assert kinds[3:8] == ["heading", "blockquote", "list_item", "list_item", "list_item"]
    assert set(kinds[8:-1]) == {"table_cell"}
    assert kinds[-1] == "paragraph"
    assert [b.section for b in doc.blocks[:3]] == [1, 1, 1]
    assert all(b.section == 2 for b in doc.blocks[3:])


def test_markdown_sentences() -> None:
    doc = load("report.md")
    texts = [doc.text[s.span.start : s.span.end] for s in doc.sentences]
    assert "Kazakhstan repatriated **595** Kazakhstani FTFs between January and June." in texts
    assert "In 2018,\nthe government approved a five-year, \\$900 million program." in texts
    assert "The Border Guard Service detected about 36 cases." in texts
    assert "Officers used radar systems." in texts
    assert "Wiedner Hauptstraße 32, 1041 Wien — Nur-Sultan is the capital." in texts
    assert texts[-2:] == ["Final paragraph, with a trailing hard break  \nand a second line.", "Done."]


@pytest.mark.parametrize("newline", NEWLINES.values(), ids=NEWLINES.keys())
def test_table_cells_slice_the_original(newline: str) -> None:
    doc = load("report.md", newline)
    (table,) = doc.tables
    cell = lambda c: doc.text[c.span.start : c.span.end]  # noqa: E731
    assert [[cell(c) for c in row] for row in table.rows] == [
        ["Region", "Cases", "Note"],
        ["Almaty", "12", "*urban*"],
        ["Nur-Sultan", "8", "pipe \\| inside"],
        ["Aktobe", "", ""],
        ["**Total**", "20", ""],
    ]
    assert table.section == 2
    assert all(c.row == r and c.col == k for r, row in enumerate(table.rows) for k, c in enumerate(row))
    assert doc.text[table.span.start : table.span.end].startswith("| Region")
    assert doc.text[table.span.start : table.span.end].endswith("| **Total** | 20   | |")
    # Empty cells are zero-length spans on their row's line, between two pipes.
    lines = doc.lines
    for row in table.rows[3:]:
        for c in row:
            if not len(c.span):
                assert lines.position(c.span.start).line == lines.position(row[0].span.start).line
                assert doc.text[c.span.start - 1 : c.span.start + 1].strip(" ") in {"|", "||"}
    # Non-empty cells are table_cell blocks with one sentence each.
    cells = [b for b in doc.blocks if b.kind == "table_cell"]
    assert [doc.block_text(b) for b in cells][-2:] == ["Total", "20"]
    for b in cells:
        bi = doc.blocks.index(b)
        assert len([s for s in doc.sentences if s.block == bi]) == 1


def test_table_of_10000_rows_is_fast() -> None:
    rows = "".join(f"| R{i} | {i} |\n" for i in range(10_000))
    text = "| Region | Cases |\n|---|---|\n" + rows + "| **Total** | 49995000 |\n"
    t0 = time.process_time()
    doc = parse_document(text, "big.md")
    assert time.process_time() - t0 < 10
    (table,) = doc.tables
    assert len(table.rows) == 10_002
    last = table.rows[-1]
    assert doc.text[last[1].span.start : last[1].span.end] == "49995000"


@pytest.mark.parametrize(
    "text",
    [
        "".join("  " * i + f"- item {i}\n" for i in range(1000)),
        ">" * 1000 + " deep text here.\n",
        "".join(">" * i + f" line {i}.\n" for i in range(1000)),
        "- " * 1000 + "deep\n",
        "[" * 20000 + "x" + "]" * 20000,
        "*a " * 20000,
    ],
    ids=["nested-lists", "nested-quotes", "quote-ladder", "list-markers", "brackets", "stars"],
)
def test_pathological_markdown_degrades(text: str) -> None:
    t0 = time.process_time()
    doc = parse_document(text, "deep.md")
    assert time.process_time() - t0 < 10
    assert_invariants(doc)


def test_deep_nesting_warns() -> None:
    doc = parse_document(">" * 1000 + " deep text here.\n", "deep.md")
    assert any("nested" in w for w in doc.warnings)


def test_recursion_error_falls_back_to_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    import linter.document as document

    def explode(*args: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(document, "_markdown_layout", explode)
    doc = parse_document("# Title\n\nBody text with 5 cases. More text.\n", "x.md")
    assert doc.warnings == ["Markdown is nested too deeply to parse; read as plain text"]
    assert [doc.sentence_text(s) for s in doc.sentences][-2:] == ["Body text with 5 cases.", "More text."]
    assert_invariants(doc)


def test_five_megabyte_line() -> None:
    text = "The delegation noted 5 cases in 2019. " * 140_000
    t0 = time.process_time()
    doc = parse_document(text, "long.txt")
    assert time.process_time() - t0 < 10
    assert len(doc.sentences) == 140_000
    assert doc.sentence_text(doc.sentences[-1]) == "The delegation noted 5 cases in 2019."


# --------------------------------------------------------------------------- plain text


def test_plain_text_paragraphs_and_numbers() -> None:
    doc = load("wrapped.txt")
    assert doc.format == "text"
    assert_invariants(doc)
    blocks = [doc.block_text(b) for b in doc.blocks]
    assert blocks[:2] == [
        "Overview",
        "The Working Group held its review on 5 May 2014. The delegation of\n"
        "Albania was headed by Mr. J. R. Smith. It noted 12 cases.",
    ]
    assert "On 15 January 2014, the Council selected rapporteurs." in blocks
    assert "A national report (A/HRC/WG.6/19/ALB/1);" in blocks
    assert "Extrajudicial Killings" in blocks
    assert "Section 1. Life" in blocks
    # A heading line right after a sentence end, in hard-wrapped text.
    i = blocks.index("Section 2. Liberty")
    assert blocks[i - 1].endswith("reported on security forces.")
    assert blocks[i + 1 : i + 3] == [
        "Freedom of the Press",
        "Although the constitution provided for freedom of\nexpression, it was restricted.",
    ]
    sentences = [doc.sentence_text(s) for s in doc.sentences]
    assert "The delegation of\nAlbania was headed by Mr. J. R. Smith." in sentences
    assert "It noted 12 cases." in sentences
    assert "In August, NGOs\nreported on security forces." in sentences
    # Paragraph numbers, list letters, comments, leaders and URLs are masked.
    for marker in ["1.\n", "2. On", "(a) A", "(b) A", "a. Extra", "a. Freedom"]:
        p = doc.text.index(marker)
        assert doc.masked[p] == " ", marker
    for secret in ["<!-- reportlint-disable N002 -->", "......", "https://www.state.gov/reports/"]:
        p = doc.text.index(secret)
        assert doc.masked[p : p + len(secret)].strip() == "", secret
    assert [c.body for c in doc.comments] == [" reportlint-disable N002 "]
    # The form feed is whitespace in masked (LineIndex does not count it as a break).
    assert "\f" in doc.text and "\f" not in doc.masked


@pytest.mark.parametrize("newline", NEWLINES.values(), ids=NEWLINES.keys())
def test_plain_text_positions_with_any_newline(newline: str) -> None:
    doc = load("wrapped.txt", newline)
    assert_invariants(doc)
    assert doc.lines.starts == LineIndex(doc.text).starts
    p = doc.text.index("12 cases")
    pos = doc.lines.position(p)
    assert pos.line == 5 and pos.column == len("Albania was headed by Mr. J. R. Smith. It noted ") + 1
    assert [doc.sentence_text(s) for s in doc.sentences][2] == (
        "The delegation of" + newline + "Albania was headed by Mr. J. R. Smith."
    )


@pytest.mark.parametrize(
    "text", ["", "a", "a\n", "a\r\nb\r\n", "a\rb\r", "a\r\nb\nc", "a\n\rb", "\r\n\r\n", "a\r\r\nb"]
)
@pytest.mark.parametrize("path", ["x.md", "x.txt"])
def test_line_index_agrees_with_spans_line_index(text: str, path: str) -> None:
    assert parse_document(text, path).lines.starts == LineIndex(text).starts


def test_plain_text_backslash_escape_keeps_dollar() -> None:
    doc = parse_document("It cost \\$900 million. Next.", "x.txt")
    assert doc.masked == "It cost  $900 million. Next."


# --------------------------------------------------------------------------- sentences


@pytest.mark.parametrize("case", SENTENCE_CASES, ids=[c["name"] for c in SENTENCE_CASES])
def test_split_sentences(case: dict) -> None:
    text = case["text"]
    spans = split_sentences(text)
    assert [text[s.start : s.end] for s in spans] == case["sentences"]
    shifted = split_sentences(text, start=100)
    assert [(s.start - 100, s.end - 100) for s in shifted] == [(s.start, s.end) for s in spans]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("ab AZ.!?\n\r\t\"')(12Ü—e.g")), max_size=200))
def test_split_sentences_properties(text: str) -> None:
    prev_end = 0
    for s in split_sentences(text):
        assert prev_end <= s.start < s.end <= len(text)
        body = text[s.start : s.end]
        assert body == body.strip()
        prev_end = s.end


MD_ALPHABET = list("ab 1.*_`[]()<>!#|-\\\n\r&;:/\t") + ["<!--", "-->", "```", "http://x.y", "---\n"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(MD_ALPHABET), max_size=80).map("".join))
@pytest.mark.parametrize("path", ["fuzz.md", "fuzz.txt"])
def test_parse_document_invariants_fuzz(path: str, text: str) -> None:
    doc = parse_document(text, path)
    assert_invariants(doc)


# --------------------------------------------------------------------------- front matter


def test_front_matter_sets_period_and_published() -> None:
    doc = load("report.md")
    assert doc.warnings == []
    assert doc.front_matter["title"].startswith("Country Report")
    assert doc.period == "2019"
    assert doc.published == "2020-06-24"
    end = doc.text.index("# Kazakhstan")
    assert doc.masked[:end].strip() == ""


@pytest.mark.parametrize(
    "front, period, published",
    [
        ("period: 2019-06\ndate: 2020-06-24", "2019-06", "2020-06-24"),
        ("period: '2019'\npublished: 2020-06-24T10:00:00", "2019", "2020-06-24"),
        ("published: 2021", None, "2021"),
        ("", None, None),
    ],
)
def test_front_matter_values(front: str, period: str | None, published: str | None) -> None:
    for path in ("x.md", "x.txt"):
        doc = parse_document(f"---\n{front}\n---\nBody text.\n", path)
        assert (doc.period, doc.published, doc.warnings) == (period, published, [])
        assert [doc.sentence_text(s) for s in doc.sentences] == ["Body text."]


@pytest.mark.parametrize(
    "name, warning",
    [
        ("front_matter_unterminated.md", "front matter is not terminated by '---'; read as text"),
        ("front_matter_alias.md", "front matter uses YAML anchors/aliases; ignored"),
        ("front_matter_list.txt", "front matter is a list, not a mapping; ignored"),
        ("front_matter_invalid.md", "front matter is not valid YAML"),
    ],
)
def test_front_matter_problems_warn_and_still_lint(name: str, warning: str) -> None:
    doc = load(name)
    assert len(doc.warnings) == 1 and doc.warnings[0].startswith(warning)
    assert doc.front_matter == {} and doc.period is None
    assert_invariants(doc)
    assert any("Body text" in doc.sentence_text(s) for s in doc.sentences)


def test_unterminated_front_matter_is_read_as_text() -> None:
    doc = load("front_matter_unterminated.md")
    p = doc.text.index("period: 2019")
    assert doc.masked[p : p + 12] == "period: 2019"


# --------------------------------------------------------------------------- shared corpus


def test_example_report() -> None:
    path = SHARED / "examples" / "crt-2019-kazakhstan.txt"
    if not path.exists():
        pytest.skip("shared/examples is not available")
    doc = parse_document(path.read_text(encoding="utf-8"), str(path))
    assert_invariants(doc)
    p = doc.text.index("\\$900 million")
    assert doc.masked[p : p + 13] == " $900 million"
    sentences = [doc.sentence_text(s) for s in doc.sentences]
    assert any(s.startswith("With U.S. training and equipment assistance, the cell") for s in sentences)
    assert "2019 Terrorist Incidents: There were no reported terrorist incidents in Kazakhstan in 2019." in sentences
    assert not any("state.gov" in s for s in sentences)


def test_corpus_invariants_and_speed(capsys: pytest.CaptureFixture[str]) -> None:
    corpus = sorted((SHARED / "corpus").glob("*.txt"))
    if not corpus:
        pytest.skip("shared/corpus is not available")
    text = "\n\n".join(p.read_text(encoding="utf-8") for p in corpus)
    t0 = time.process_time()
    doc = parse_document(text, "corpus.txt")
    seconds = time.process_time() - t0
    megabytes = len(text.encode("utf-8")) / 1e6
    with capsys.disabled():
        print(f"\nparse_document: {megabytes:.1f} MB plain text in {seconds:.2f}s CPU "
              f"({megabytes / seconds:.1f} MB/s)")
    assert len(doc.masked) == len(doc.text)
    assert len(doc.sentences) > 20_000
    for s in doc.sentences[::97]:
        body = doc.text[s.span.start : s.span.end]
        assert body == body.strip() and doc.blocks[s.block].span.contains(s.span)


def test_numbered_recommendations_and_sections_are_layout_not_figures() -> None:
    """"128.17 Strengthen ..." (UN recommendation lists) and "3.2 Methods" open a paragraph
    with a number that is layout: masked like "12.", so the claim reader never sees it.
    A decimal that is a figure ("1.5 million", "2.5 Percent", mid-line) is kept."""
    text = ("128.16 Ratify the Convention (Brazil);\n"
            "128.17 Strengthen its efforts to combat torture (Chile);\n\n"
            "3.2 Methods\n\n"
            "1.5 Million people were displaced.\n\n"
            "2.5 Percent of the budget went to courts.\n\n"
            "The rate was 12.5 Percent in 2019.\n\n"
            "4.1 per cent of girls finished school.\n")
    doc = parse_document(text, "recs.txt")
    for marker in ["128.16", "128.17", "3.2"]:
        p = text.index(marker)
        assert doc.masked[p:p + len(marker)].strip() == "", marker
    for figure in ["1.5 Million", "2.5 Percent", "12.5 Percent", "4.1 per"]:
        p = text.index(figure)
        assert doc.masked[p:p + len(figure)] == figure, figure
    assert "Strengthen its efforts to combat torture (Chile);" in [
        doc.sentence_text(s).strip() for s in doc.sentences]
