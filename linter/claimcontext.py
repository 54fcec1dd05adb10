"""Context around a parsed claim: identifiers that are not quantities, the counted noun,
bare month names used as names. Precision matters more than recall for counts: a false
count becomes a false consistency error downstream.
"""
from __future__ import annotations

import re

from .claimbuilder import R
from .lexicon import Tok

REF_WORDS = set("""
article articles art art. arts arts. section sections sec sec. paragraph paragraphs para
para. paras paras. chapter chapters ch ch. annex annexes page pages p p. pp pp. figure
figures fig fig. table tables resolution resolutions res unscr decision decisions rule
rules item items no no. nos nos. number ref ref. reference recommendation
recommendations box part parts volume vol vol. issue footnote footnotes note notes
appendix clause clauses tel tel. telephone phone fax ext ext. room route flight
version level grade phase stage step round cycle category class type code id doc doc.
document documents series edition amendment amendments session sessions meeting
point points protocol indicator indicators target targets goal goals sdg principle
principles option options question questions objective objectives priority
priorities law laws decree decrees order act acts bill convention conventions
numbers grades nº n°
""".split())
_GOOD_LEFT_GLUE = {"(", "[", '"', "“", "‘", "'", "~", "$"}
_GOOD_RIGHT_GLUE = {".", ",", ";", ":", ")", "]", '"', "”", "’", "'", "!", "?", "%"}
_TEMPORAL_BEFORE = {"in", "of", "since", "until", "till", "by", "from", "to", "between",
                    "and", "or", "through", "during", "before", "after", "on", "as", "early",
                    "late", "mid", "last", "next", "this", "each", "every", "throughout",
                    "around", "about", "mid-", "end", "within", "for", "that", "until", "into",
                    "last", "past", "(", ",", "-", "–", "late-", "early-", "circa", "at",
                    "over", "the", "whole", "entire", "also"}
_NOT_AFTER_ONE = {"of", "another", "or", "who", "which", "that", "whose", "and", "to", "in",
                  "on", "at", "by", "is", "was", "has", "had", "would", "will", "could",
                  "should", "must", "can", "may", "might", "does", "did"}
_DETERMINERS = {"the", "this", "that", "no", "any", "each", "every", "which", "someone",
                "anyone", "at", "one", "a", "an", "only", "its", "their", "his", "her", "our",
                "such", "other", "another", "last"}

STOP = set("""
a an the this that these those who whom whose which what it its they them their he him
his she her we us our you your i me my there here in on at by for from to with without
into onto over under during since until till through throughout across against among
amongst between about after before per via within including include includes included
like as than of out up off upon toward towards regarding concerning following
according due despite except beyond around near along behind beside besides
is are was were be been being am has have had having do does did done will would
shall should may might must can could cannot
and or but nor yet so while whereas because if when where although though unless whether
also still already now then only just even not no never ever each every all both either
neither some any many much more most less least few fewer several same other another
respectively reportedly allegedly approximately about nearly almost roughly around
said says say told reported remained remain remains became become becomes went go goes
came come comes took take takes made make makes got get gets fled died killed left lost
gave give gives held hold holds saw see sees found find finds
began brought built bought caught chose drew drove fell felt fought flew grew heard hid
kept knew laid led lent lay meant met paid rose ran sought sold sent shook shot sat slept
spoke spent stood stole struck swore taught tore thought threw understood wore won wrote
""".split())
_LY_NOUNS = {"family", "ally", "assembly", "supply", "italy", "anomaly", "monopoly", "rally",
             "july", "belly", "bully", "jelly", "lily", "reply", "tally"}
_IRREGULAR_PLURALS = {"people", "men", "women", "children", "persons", "police", "staff",
                      "personnel", "media", "data", "criteria", "youth", "cattle", "feet"}


def _plural_like(w: str) -> bool:
    w = w.lower()
    return w in _IRREGULAR_PLURALS or (w.endswith("s") and not w.endswith(("ss", "us", "is")))


def noun_span(toks: list[Tok], k: int, after_of: bool) -> tuple[int, int] | None:
    """Span of the counted noun phrase starting at toks[k] ("595 [Kazakhstani FTFs and
    family members] from Syria"). Stops at function words, punctuation, figures, and at
    a verb-like word once a plural noun has been seen ("600 [people] were serving")."""
    n = len(toks)
    if after_of:
        if k >= n or toks[k].low != "of":
            return None
        k += 1
        while k < n and toks[k].low in ("the", "all", "these", "those", "its", "their"):
            k += 1
    words: list[int] = []
    plural = False
    while k < n and len(words) < 7:
        t = toks[k]
        if t.kind == "punct":
            # "terrorism-related", "children's"
            if t.text in "-‐‑'’" and t.gl and k + 1 < n and toks[k + 1].gl and toks[k + 1].kind == "word" and words:
                k += 1
                continue
            break
        if t.kind != "word":
            break
        low = t.low
        if low in ("and", "or"):
            nxt = toks[k + 1] if k + 1 < n else None
            if (not words or nxt is None or nxt.kind != "word" or nxt.low in STOP
                    or nxt.type in ("MONTH", "WEEKDAY", "UNIT")):
                break
            k += 1
            continue
        if low == "such" and k + 1 < n and toks[k + 1].low == "as":
            break
        if low in STOP or t.type in ("MONTH", "WEEKDAY", "UNIT", "PERCENT", "CURWORD",
                                      "DEICTIC", "AGO", "EDGE"):
            break
        if words and (low.endswith(("ed", "ing")) or (low.endswith("ly") and low not in _LY_NOUNS)):
            # a verb or adverb after the noun: "six women [imprisoned]", "one soldier
            # [involved] and", but "three terrorist financing cases" goes on
            nxt = toks[k + 1] if k + 1 < n else None
            if plural or nxt is None or nxt.kind != "word" or nxt.low in STOP:
                break
        if low.endswith("ly") and not words:
            # "95 [newly registered voters]" is fine, "3 daily" is not a noun
            nxt = toks[k + 1] if k + 1 < n else None
            if nxt is None or nxt.kind != "word" or nxt.low in STOP:
                break
        words.append(k)
        plural = plural or _plural_like(low)
        k += 1
    if not words:
        return None
    return toks[words[0]].start, toks[words[-1]].end


def _is_sentence_start(toks: list[Tok], k: int, at_start: bool) -> bool:
    """toks[k] begins the sentence, or follows a colon, bullet or opening bracket."""
    if k == 0:
        return at_start
    p = toks[k - 1]
    if p.kind != "punct" or p.text not in ":;(\"“•*–—-":
        return False
    # "OP-ICCPR": a hyphen inside a word is no bullet
    return not (p.text in "-–" and p.gl and toks[k].gl)


def _identifier(toks: list[Tok], i: int, j: int, at_start: bool) -> bool:
    """The figure tokens toks[i:j] read as an identifier or reference, not a quantity."""
    n = len(toks)
    first = toks[i]
    prev = toks[i - 1] if i else None
    nxt = toks[j] if j < n else None
    if first.type in ("NUM", "INT2", "YEAR"):
        if prev is not None and first.gl and prev.text not in _GOOD_LEFT_GLUE:
            if not (prev.type == "DASH" and i >= 2 and toks[i - 2].type is not None and not prev.gl):
                return True  # "C5", "#2032497", "/19", "CH-1211", "+43"
        if prev is not None and prev.text == ":" and i >= 2 and toks[i - 2].low in REF_WORDS:
            return True  # "paragraphs: 71; 72 (c)"
        if prev is not None and prev.text == "°" and i >= 2 and toks[i - 2].low == "n":
            return True  # "n° 5"
        if prev is not None and prev.kind == "word":
            low = prev.low
            if low in REF_WORDS or low.rstrip(".") in REF_WORDS:
                return True
            if prev.type is None and prev.text[:1].isupper() and not _is_sentence_start(toks, i - 1, at_start) and not low.endswith(("'s", "’s")):
                return True  # "UNSCR 2178", "Hauptstraße 32", "Windows 10"
        if prev is not None and prev.kind == "punct" and prev.text in ".…" and i >= 2 and toks[i - 2].text in ".…":
            return True  # table-of-contents leader "......... 26"
        if prev is not None and prev.low in ("and", "or", ",", "to", "&", ")", ";"):
            # "paragraphs 12 and 13", "articles 2 (f), 5, 11 (1) (d) and 16", "Hauptstraße
            # 32, 1041 Wien", "paragraphs 26 (e) (Czech Republic), 29 (Latvia); 71": walk back
            # over a list of figures, (a)-style marks and bracketed names; the list is an
            # identifier when its first figure is
            k = i - 1
            while k >= 0 and i - k < 80:
                t = toks[k]
                if t.text == ")":
                    m = k - 1
                    while m >= 0 and k - m <= 5 and toks[m].kind == "word":
                        m -= 1
                    if m < k - 1 and m >= 0 and toks[m].text == "(":
                        k = m - 1  # "(Czech Republic)", "(last sentence)"
                        continue
                if not (t.low in ("and", "or", ",", "to", "&", "(", ")", ";")
                        or (t.kind == "num" and not t.words)
                        or (t.kind == "word" and len(t.text) <= 3 and k > 0 and toks[k - 1].text == "(")):
                    break
                k -= 1
            first = k + 1  # the first figure of the list
            while first < i and toks[first].kind != "num":
                first += 1
            if first < i - 1 and _identifier(toks, first, first + 1, at_start):
                return True
    if nxt is not None and nxt.gl:
        if nxt.kind == "word" or nxt.kind == "num":
            return True  # "10km", "3D"
        if nxt.kind == "punct" and nxt.text not in _GOOD_RIGHT_GLUE and nxt.type != "DASH":
            return True  # "5/1", "5+1", "2178*"
        if nxt.text == "." and j + 1 < n and toks[j + 1].gl and toks[j + 1].kind in ("num", "word"):
            return True  # "192.168", "6.a"
        if nxt.text == "," and j + 1 < n and toks[j + 1].gl and toks[j + 1].kind == "num" \
                and toks[j - 1].kind == "num":
            return True  # "20,4 per cent": a decimal comma, or a list "1,2,3"
        if nxt.type == "DASH" and j + 1 < n and toks[j + 1].gl:
            return True  # "two-pronged", "15-year-old", "1-800"
    return False


_SENTENCE_OPENERS = {"the", "a", "an", "in", "on", "this", "these", "that", "it", "there",
                     "for", "at", "by", "to", "as", "with", "during", "since", "all", "some"}
_YEAR_DOT_YEAR = re.compile(r"(?:19|20)\d\d\.(?:19|20)\d\d")


def _bare_figure(t: Tok) -> bool:
    return t.type in ("NUM", "INT2", "YEAR") and not t.words


def _opens_line(text: str, start: int) -> bool:
    """Only white space between the line start and `start`. Walks back from `start` and
    stops at the first other character: slicing back to the line start was quadratic
    on long lines (a 4 MB single-line file)."""
    k = start - 1
    while k >= 0 and text[k] != "\n":
        if not text[k].isspace():
            return False
        k -= 1
    return True


def _ends_line(text: str, end: int) -> bool:
    """Only spaces or tabs between `end` and the line break after it."""
    k = end
    n = len(text)
    while k < n and text[k] in " \t":
        k += 1
    return k < n and text[k] == "\n"


def keep(r: R, toks: list[Tok], i: int, j: int, text: str, has_words: bool, at_start: bool,
         orig: str | None = None) -> bool:
    """Context filters for one parsed claim toks[i:j] of `text` (the masked text; `orig`
    is the file as written); `at_start`: toks[0] begins the sentence; `has_words`: the
    sentence has words, not only figures."""
    n = len(toks)
    prev = toks[i - 1] if i else None
    nxt = toks[j] if j < n else None
    kind = r.kind
    if kind in ("number", "range", "percent", "money", "duration"):
        if _identifier(toks, i, j, at_start):
            return False
    if kind in ("number", "range"):
        if not has_words:
            return False  # a sentence of figures only: page numbers, ids, list markers
        start = toks[i].start
        if (text.startswith("   ", start - 3) or text.startswith("\t", start - 1)) and (
                orig is None or not orig[max(0, start - 3):start].strip(" \t.…")):
            # after a wide gap (masked leaders "..... 26", layout columns), but not after
            # masked markup ("**595**")
            return False
        if (r.kind == "number" and nxt is not None
                and nxt.kind == "word" and nxt.text[:1].isupper()
                and ("." in toks[i].text or nxt.low in _SENTENCE_OPENERS)
                and _opens_line(text, start)):
            return False  # "104.18 Take measures ...", "1 The recommendation ...": numbered lines
        if (r.kind == "number" and nxt is not None and nxt.text == "," and j + 1 < n
                and toks[j + 1].kind == "word" and toks[j + 1].text[:1].isupper()
                and not toks[i].words and _opens_line(text, start)):
            return False  # "42, The State party reported": a paragraph number
        if (kind == "range" and r.unit is None and toks[i].type not in ("FROM", "BETWEEN")
                and any(t.type == "DASH" and not t.gl for t in toks[i:j]) and _ends_line(text, r.end)):
            return False  # "under review 12 - 59" at a line end: paragraphs in a contents list
        if (r.kind == "number" and r.bound == "exact" and toks[i].type == "INT2" and nxt is not None
                and nxt.low in ("and", "or", ",") and j + 2 < n and toks[j + 1].type == "INT2"
                and toks[j + 2].type == "MONTH"):
            return False  # "on 1 and 2 March": a day, not a count
        if _YEAR_DOT_YEAR.fullmatch(toks[i].text):
            return False  # "2011.2015": a mangled year span
        if (nxt is not None and not nxt.gl and _bare_figure(nxt)) or (
                prev is not None and not toks[i].gl and _bare_figure(prev)):
            return False  # "1–4 3", "+43 1 589 00 583"
        if (i == 0 and at_start) or (prev is not None and prev.text == "("):
            if nxt is not None and nxt.gl and nxt.text in (".", ")") and j - i == 1:
                return False  # list markers "1.", "(2)"
        if kind == "number":
            t = r.first
            if t.plain and len(t.text) >= 5 and r.bound == "exact":
                return False  # "2032497": ids are written without separators
            if (t.plain and len(t.text) == 4 and 1000 <= t.value < 1800 and j - i == 1
                    and prev is not None and prev.low in ("in", "since", "from", "until", "till", "by")
                    and (nxt is None or nxt.kind == "punct")):
                return False  # "in 1521, when ...": a year before 1800, not a count
            if t.words and t.value in (0, 1) and r.bound == "exact" and j - i == 1:
                # "one of the", "one more", "zero tolerance": not counts
                if nxt is None or nxt.low in STOP or nxt.kind != "word" or nxt.type is not None:
                    return False
                if prev is not None and prev.low in _DETERMINERS:
                    return False
                if t.value == 0 and not _plural_like(nxt.low):
                    return False
    if kind == "date" and j - i == 1 and toks[i].type == "YEAR":
        t = toks[i]
        if (prev is not None and t.gl and prev.text not in _GOOD_LEFT_GLUE) or (
                nxt is not None and nxt.gl and (nxt.kind in ("word", "num") or nxt.text in "/_#@+*=")):
            return False  # "reports/2019/kazakhstan", "ISO2019": part of a name or address
        if prev is not None and prev.kind == "word" and prev.low.rstrip(".") in REF_WORDS and prev.low not in ("no", "not"):
            return False  # "resolution 2019", "Law 2015"
    if kind == "date" and r.d is not None:
        d = r.d
        if d.month is not None and d.day is None and d.year is None and d.mod is None and j - i == 1:
            # a bare month name: "In November" yes, "June said" no
            if prev is None or prev.low not in _TEMPORAL_BEFORE:
                return False
        if d.season is not None and d.year is None and j - i == 1:
            if prev is None or prev.low not in ("the", "in", "this", "last", "next", "during", "since", "by", "until"):
                return False
        if d.weekday is not None and d.month is None and j - i == 1 and prev is not None and prev.low in ("a", "every", "each"):
            return False
    if kind == "duration" and toks[i].type == "ART":
        if prev is not None and prev.low in ("once", "twice", "per", "times", "than"):
            return False
        if nxt is not None and nxt.low in ("later", "earlier", "before", "after"):
            return False
    return True


_YEAR_BEFORE = {"in", "since", "of", "by", "from", "until", "till", "through", "during",
                "before", "after", "between", "to", "the", "its", "their", "fiscal", "this",
                "early", "late", "mid", "for", "on", "at", "-", "–", "(", "'s"}


def year_as_count(r: R, toks: list[Tok], i: int, j: int) -> bool:
    """"2000 people": a round year-like figure counting a plural noun is a count."""
    d = r.d
    if d is None or d.month is not None or d.year is None or j - i != 1 or toks[i].type != "YEAR":
        return False
    if i and toks[i - 1].low in _YEAR_BEFORE:
        return False
    v = d.year
    if v % 100 != 0 and 1950 <= v <= 2035:
        return False
    k = j
    return k < len(toks) and toks[k].kind == "word" and toks[k].type is None \
        and toks[k].low not in STOP and _plural_like(toks[k].low) and not toks[k].gl
