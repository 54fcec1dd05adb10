"""Tokens for the claim grammar: one regex pass over a sentence, one terminal per word.

The LALR grammar (grammars/*.lark) never sees raw text. This module splits a sentence
into tokens, merges each numeral ("three hundred and forty", "1.2 million") into one
token, and gives every vocabulary word exactly ONE terminal; meaning ("about" vs
"nearly", which month) stays in `Tok.value` for the transformer. Words outside the
vocabulary get type None: they end a candidate run but stay visible as context
(identifier keywords before a number, the counted noun after it).
"""
from __future__ import annotations

import re
from decimal import Decimal

from .numwords import NUMBER_WORDS, ORDINALS, TENS, UNITS, read_numeral

_TOKEN = re.compile(
    r"""
    (?P<iso>\d{4}-[01]\d-[0-3]\d)(?![\d])
  | (?P<dec>(?:1[5-9]|20)\d0s)\b
  | (?P<ordn>\d+(?:st|nd|rd|th))\b
  | (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)
          | \d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?!\d)
          | \d+(?:\.\d+)?
          | \.\d+)
    (?:(?P<suf>k|K|M|MM|bn|mn|mln|bln|b|B|G|tn)(?![^\W\d_]))?
  | (?P<cur>US\$|U\.S\.\$|CA\$|AU\$|HK\$|NZ\$|[CARS]\$|\\\$|\$|€|£|¥|₹|₸|₽|₦|₩|₺|₱)
  | (?P<abbr>(?i:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|approx|ca|no|nos|
          para|paras|art|arts|p|pp|fig|vol|sec|ch|doc|ref|tel|ext|st|mr|dr|ms|mrs|u\.s|
          u\.n|e\.g|i\.e|etc|vs|cf)\.)
  | (?P<word>[^\W\d_]+(?:['’][^\W\d_]+)?)
  | (?P<p>\S)
    """,
    re.X,
)

SUFFIX_SCALE = {"k": 10**3, "K": 10**3, "M": 10**6, "MM": 10**6, "bn": 10**9, "mn": 10**6,
                "mln": 10**6, "bln": 10**9, "b": 10**9, "B": 10**9, "G": 10**9, "tn": 10**12}

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan.": 1, "feb.": 2, "mar.": 3, "apr.": 4, "jun.": 6, "jul.": 7, "aug.": 8,
    "sep.": 9, "sept.": 9, "oct.": 10, "nov.": 11, "dec.": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
            "saturday": 5, "sunday": 6}
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "winter": "WI"}

CURRENCY_SYMBOLS = {
    "$": "USD", "\\$": "USD", "US$": "USD", "U.S.$": "USD", "C$": "CAD", "CA$": "CAD",
    "A$": "AUD", "AU$": "AUD", "HK$": "HKD", "NZ$": "NZD", "S$": "SGD", "R$": "BRL",
    "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₸": "KZT", "₽": "RUB", "₦": "NGN",
    "₩": "KRW", "₺": "TRY", "₱": "PHP",
}
CURRENCY_WORDS = {
    "dollar": "USD", "dollars": "USD", "euro": "EUR", "euros": "EUR", "pound": "GBP",
    "pounds": "GBP", "sterling": "GBP", "yen": "JPY", "yuan": "CNY", "renminbi": "CNY",
    "rmb": "CNY", "rupee": "INR", "rupees": "INR", "tenge": "KZT", "rouble": "RUB",
    "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "naira": "NGN", "afghanis": "AFN",
    "lek": "ALL", "leke": "ALL", "kwanza": "AOA", "kwanzas": "AOA", "taka": "BDT",
    "manat": "AZN", "ngultrum": "BTN", "lira": "TRY", "lire": "TRY", "rand": "ZAR",
    "cedi": "GHS", "cedis": "GHS", "ringgit": "MYR", "rupiah": "IDR", "baht": "THB",
    "dong": "VND", "kyat": "MMK", "birr": "ETB", "hryvnia": "UAH", "hryvnias": "UAH",
    "lari": "GEL", "som": "KGS", "somoni": "TJS", "forint": "HUF", "zloty": "PLN",
    "koruna": "CZK", "kuna": "HRK", "reais": "BRL", "colones": "CRC", "won": "KRW",
    "markka": "FIM", "pesetas": "ESP", "guilders": "NLG", "francs": "FRF", "franc": "FRF",
}
# "Swiss francs", "Canadian dollars": an adjective before a currency word picks the code.
CURRENCY_ADJECTIVES = {
    ("us", "dollar"): "USD", ("u.s", "dollar"): "USD", ("american", "dollar"): "USD",
    ("canadian", "dollar"): "CAD", ("australian", "dollar"): "AUD",
    ("singapore", "dollar"): "SGD", ("jamaican", "dollar"): "JMD", ("fiji", "dollar"): "FJD",
    ("fijian", "dollar"): "FJD", ("belize", "dollar"): "BZD", ("caribbean", "dollar"): "XCD",
    ("swiss", "franc"): "CHF", ("cfa", "franc"): "XAF", ("burundian", "franc"): "BIF",
    ("congolese", "franc"): "CDF", ("comorian", "franc"): "KMF", ("chinese", "yuan"): "CNY",
    ("indian", "rupee"): "INR", ("pakistani", "rupee"): "PKR", ("turkish", "lira"): "TRY",
    ("finnish", "markka"): "FIM", ("japanese", "yen"): "JPY", ("mexican", "peso"): "MXN",
    ("philippine", "peso"): "PHP", ("argentine", "peso"): "ARS", ("chilean", "peso"): "CLP",
    ("cuban", "peso"): "CUP", ("dutch", "guilder"): "NLG", ("kazakh", "tenge"): "KZT",
}
CURRENCY_CODES = set(
    "USD EUR GBP JPY CNY RMB INR KZT RUB CHF CAD AUD NZD HKD SGD NGN AFN ALL AOA BDT AZN "
    "BTN TRY ZAR GHS MYR IDR THB VND MMK ETB UAH GEL KGS TJS UZS HUF PLN CZK HRK BRL "
    "CRC KRW MXN PHP ARS CLP COP PEN XAF XOF BIF CDF KMF FJD BZD JMD XCD SEK NOK DKK "
    "ISK RON BGN RSD MKD BAM MDL AMD BYN IRR IQD SYP LBP JOD EGP MAD DZD TND LYD SAR AED "
    "QAR KWD BHD OMR YER PKR LKR NPR MVR KES TZS UGX RWF ZMW MWK MZN ZWL NAD BWP SZL "
    "LSL SDG SSP SOS DJF ERN GMD GNF SLL LRD CVE STN MRU HTG DOP CUP GTQ HNL NIO PAB "
    "BOB PYG UYU VES GYD SRD TTD BBD BSD KHR LAK MNT KPW TWD BND PGK SBD VUV WST TOP".split()
)

# One terminal per vocabulary word (lower-cased); the grammar's %declare list.
WORDS: dict[str, str] = {}


def _add(terminal: str, words: str) -> None:
    for w in words.split():
        WORDS[w] = terminal


_add("APPROX", "about approximately approx approx. around roughly some nearly almost "
               "circa ca. ~")
_add("ESTIMATED", "estimated")
_add("ART", "a an")
_add("MORE", "more greater higher larger")
_add("LESS", "less fewer lower smaller")
_add("THAN", "than")
_add("OVER", "over above exceeding")
_add("UNDER", "under below")
_add("AT", "at")
_add("LEAST", "least")
_add("MOST", "most")
_add("UP", "up")
_add("TO", "to")
_add("AS", "as")
_add("MANY", "many much")
_add("NO", "no not")
_add("OR", "or")
_add("EXACTLY", "exactly precisely")
_add("FROM", "from")
_add("BETWEEN", "between")
_add("AND", "and")
_add("THROUGH", "through thru")
_add("UNTIL", "until till")
_add("SINCE", "since")
_add("OF", "of")
_add("THE", "the")
_add("UNIT", "year years yr yrs month months week weeks day days decade decades "
             "century centuries hour hours")
_add("QUARTER", "quarter quarters")
_add("HALF", "half")
_add("PERCENT", "percent percents pct")
_add("PERCENTAGE", "percentage")
_add("POINT", "point points")
_add("REL", "last past next previous preceding following coming this current same prior")
_add("AGO", "ago")
_add("DEICTIC", "today yesterday tomorrow")
_add("EDGE", "early mid late")
_add("PART", "end beginning start middle")
_add("EARLIER", "earlier later")
_add("FISCAL", "fiscal")

UNIT_NAMES = {
    "year": ("year", 1), "years": ("year", 1), "yr": ("year", 1), "yrs": ("year", 1),
    "month": ("month", 1), "months": ("month", 1), "week": ("week", 1), "weeks": ("week", 1),
    "day": ("day", 1), "days": ("day", 1), "decade": ("year", 10), "decades": ("year", 10),
    "century": ("year", 100), "centuries": ("year", 100), "hour": ("hour", 1),
    "hours": ("hour", 1),
}

TERMINALS = sorted(
    set(WORDS.values())
    | {"NUM", "INT2", "YEAR", "ORD", "DECADE", "ISO", "QH", "MONTH", "WEEKDAY", "SEASON",
       "CURSYM", "CURCODE", "CURWORD", "DASH", "COMMA", "LPAR", "RPAR", "SLASH"}
)

DASHES = {"-", "\u2010", "\u2011", "\u2013"}

# Pre-scan: a sentence is tokenized only if it holds one of these.
TRIGGER = re.compile(
    r"\d|[$€£¥₹₸₽₦₩₺₱%]|\b(?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec|Monday|"
    r"Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|(?i:"
    + "|".join(sorted(NUMBER_WORDS | {"today", "yesterday", "tomorrow", "year", "years",
                                        "month", "months", "week", "weeks", "day", "days",
                                        "decade", "decades", "century", "quarter", "spring",
                                        "summer", "autumn", "winter", "percent", "dozen"}))
    + r"))\b"
)


class Raw:
    """A raw token before classification."""

    __slots__ = ("kind", "text", "low", "start", "end", "value", "gl", "suf")

    def __init__(self, kind, text, start, end, gl):
        self.kind = kind
        self.text = text
        self.low = text.lower()
        self.start = start
        self.end = end
        self.gl = gl  # glued to the previous token (no space between)
        self.value = None
        self.suf = None


class Tok:
    """A classified token: `type` is a grammar terminal, or None outside the vocabulary."""

    __slots__ = ("type", "text", "low", "start", "end", "value", "gl", "kind", "words",
                 "scale", "fraction", "plain")

    def __init__(self, type_, text, start, end, value=None, gl=False, kind="word"):
        self.type = type_
        self.text = text
        self.low = text.lower()
        self.start = start
        self.end = end
        self.value = value
        self.gl = gl
        self.kind = kind
        self.words = False
        self.scale = 1
        self.fraction = False
        self.plain = False  # digits only: no separator, decimal or scale

    def __repr__(self) -> str:
        return f"{self.type or '-'}:{self.text!r}"


def raw_tokens(text: str, lo: int, hi: int) -> list[Raw]:
    out: list[Raw] = []
    prev_end = -1
    for m in _TOKEN.finditer(text, lo, hi):
        kind = m.lastgroup
        s, e = m.span()
        if kind == "suf":
            kind = "num"
        elif kind == "p":
            kind = "punct"
        r = Raw(kind, m.group(), s, e, s == prev_end)
        if kind == "num":
            digits = m.group("num")
            r.value = Decimal(digits.replace(",", "").replace("\u00a0", "").replace("\u202f", "").replace("\u2009", ""))
            r.suf = m.group("suf")
            r.text = digits if not r.suf else m.group()
        elif kind == "abbr":
            kind = r.kind = "word"
        out.append(r)
        prev_end = e
    return out


def _is_upper(text: str) -> bool:
    return text[:1].isupper()


def classify(raw: list[Raw]) -> list[Tok]:
    """Merge numerals and multi-word units, and give each token its terminal."""
    toks: list[Tok] = []
    n = len(raw)
    i = 0
    while i < n:
        r = raw[i]
        k = r.kind
        if k in ("num", "word"):
            num = None
            if k == "num" or r.low in UNITS or r.low in TENS or r.low in ("a", "an", "half", "quarter", "minus", "negative"):
                num = read_numeral(raw, i)
            if num is not None:
                last = raw[num.end - 1]
                value = num.value
                scale = num.scale
                if k == "num" and r.suf and num.end == i + 1:
                    value *= SUFFIX_SCALE[r.suf]
                    scale = SUFFIX_SCALE[r.suf]
                t = Tok("NUM", _slice(raw, i, num.end), r.start, last.end, value, r.gl, "num")
                t.words = num.words
                t.scale = scale
                t.fraction = num.fraction
                if k == "num" and num.end == i + 1 and not r.suf:
                    digits = r.text
                    if digits.isdigit():
                        t.plain = True
                        if len(digits) <= 2:
                            t.type = "INT2"
                        elif len(digits) == 4 and 1800 <= int(digits) <= 2099:
                            t.type = "YEAR"
                t.value = _number(value)
                toks.append(t)
                i = num.end
                continue
        if k == "num":
            t = Tok("NUM", r.text, r.start, r.end, _number(r.value), r.gl, "num")
            toks.append(t)
        elif k == "word":
            toks.append(_word_tok(raw, i))
            if toks[-1].end > r.end:  # merged with the next word(s)
                while i + 1 < n and raw[i + 1].start < toks[-1].end:
                    i += 1
        elif k == "ordn":
            toks.append(Tok("ORD", r.text, r.start, r.end, int(r.text[:-2]), r.gl, "ord"))
        elif k == "iso":
            y, mo, d = (int(x) for x in r.text.split("-"))
            toks.append(Tok("ISO", r.text, r.start, r.end, (y, mo, d), r.gl, "iso"))
        elif k == "dec":
            toks.append(Tok("DECADE", r.text, r.start, r.end, int(r.text[:3]), r.gl, "dec"))
        elif k == "cur":
            toks.append(Tok("CURSYM", r.text, r.start, r.end, CURRENCY_SYMBOLS[r.text], r.gl, "cur"))
        else:  # punctuation
            typ = None
            if r.text in DASHES:
                typ = "DASH"
            elif r.text == ",":
                typ = "COMMA"
            elif r.text == "(":
                typ = "LPAR"
            elif r.text == ")":
                typ = "RPAR"
            elif r.text == "%":
                typ = "PERCENT"
            elif r.text == "~":
                typ = "APPROX"
            elif r.text == "/":
                typ = "SLASH"
            toks.append(Tok(typ, r.text, r.start, r.end, r.text, r.gl, "punct"))
        i += 1
    _context_fixes(toks)
    return toks


def _number(v: Decimal):
    if v == v.to_integral_value():
        return int(v)
    return round(float(v), 10)


def _slice(raw, i, j):
    # text of raw[i:j] as written (the caller only needs it for reprs and tests)
    return " ".join(r.text for r in raw[i:j])


def _word_tok(raw: list[Raw], i: int) -> Tok:
    r = raw[i]
    low = r.low
    text = r.text
    n = len(raw)
    nxt = raw[i + 1] if i + 1 < n else None
    # "per cent"
    if low == "per" and nxt is not None and nxt.low == "cent":
        return Tok("PERCENT", text + " " + nxt.text, r.start, nxt.end, "%", r.gl)
    # "Canadian dollars", "US dollars", "U.S. dollars"
    if nxt is not None and nxt.kind == "word":
        base = nxt.low.rstrip("s") if nxt.low not in ("pesos",) else "peso"
        for cand in (nxt.low, base, nxt.low[:-1]):
            code = CURRENCY_ADJECTIVES.get((low.rstrip("."), cand))
            if code:
                return Tok("CURWORD", text + " " + nxt.text, r.start, nxt.end, code, r.gl)
    if _is_upper(text):
        if low in MONTHS and (low != "may" or True):
            return Tok("MONTH", text, r.start, r.end, MONTHS[low], r.gl)
        if low in WEEKDAYS:
            return Tok("WEEKDAY", text, r.start, r.end, WEEKDAYS[low], r.gl)
        if text in CURRENCY_CODES:
            return Tok("CURCODE", text, r.start, r.end, "CNY" if text == "RMB" else text, r.gl)
        # "Q3", "H1": a quarter or half of a year
        if text in ("Q", "H") and nxt is not None and nxt.kind == "num" and nxt.gl and nxt.text in ("1", "2", "3", "4"):
            if text == "Q" or nxt.text in ("1", "2"):
                return Tok("QH", text + nxt.text, r.start, nxt.end, (text, int(nxt.text)), r.gl)
    if low in SEASONS:
        return Tok("SEASON", text, r.start, r.end, SEASONS[low], r.gl)
    if low in CURRENCY_WORDS:
        return Tok("CURWORD", text, r.start, r.end, CURRENCY_WORDS[low], r.gl)
    if low in ORDINALS:
        return Tok("ORD", text, r.start, r.end, ORDINALS[low], r.gl, "ord")
    # "twenty-first"
    if low in TENS and i + 2 < n and raw[i + 1].text in DASHES and raw[i + 2].low in ORDINALS and ORDINALS[raw[i + 2].low] < 10:
        return Tok("ORD", text + "-" + raw[i + 2].text, r.start, raw[i + 2].end, TENS[low] + ORDINALS[raw[i + 2].low], r.gl, "ord")
    typ = WORDS.get(low)
    if typ == "UNIT":
        return Tok(typ, text, r.start, r.end, UNIT_NAMES[low], r.gl)
    return Tok(typ, text, r.start, r.end, low, r.gl)


_MAY_OK_BEFORE = {"in", "of", "since", "until", "till", "by", "from", "to", "between", "and",
                  "through", "during", "early", "mid", "late", "last", "next", "this", "end",
                  "before", "after", "on", "-", "–", "each", "every", "since", "as"}


def _context_fixes(toks: list[Tok]) -> None:
    """Decisions that need a neighbour: "May" the month, "/" in "2019/20"."""
    n = len(toks)
    for i, t in enumerate(toks):
        if t.type == "MONTH" and t.low == "may":
            prev = toks[i - 1] if i else None
            nxt = toks[i + 1] if i + 1 < n else None
            ok = (prev is not None and prev.low in _MAY_OK_BEFORE) or (
                nxt is not None and nxt.type in ("INT2", "YEAR", "ORD") and not nxt.gl)
            if prev is not None and prev.type in ("INT2", "ORD") and not t.gl:
                ok = True
            if not ok:
                t.type = None
        elif t.type == "SLASH":
            prev = toks[i - 1] if i else None
            nxt = toks[i + 1] if i + 1 < n else None
            if not (prev and nxt and prev.type == "YEAR" and t.gl and nxt.gl
                    and nxt.type in ("YEAR", "INT2")):
                t.type = None
