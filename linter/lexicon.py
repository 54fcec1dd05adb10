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

from .numwords import (
    DENOMINATORS, DOZEN, NUMBER_WORDS, ORDINALS, SCALES, TENS, UNITS, read_numeral,
)
from .tries import char_trie

_TOKEN_PATTERN = (  # compiled below as _SCAN_TOKEN
    r"""
    (?P<usd>(?:U\.S\.?|u\.s\.?|US|us)\s?\$)
  | (?P<word>[^\W\d_]+(?:['’][^\W\d_]+)?)(?P<dot>\.)?
  | (?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)
          | \d{1,3}(?:[\u00a0\u202f\u2009]\d{3})+(?!\d)
          | \d+(?:\.\d+)?
          | \.\d+)
    (?:(?P<suf>k|K|M|MM|bn|mn|mln|bln|b|B|G|tn)(?![^\W\d_])
      |(?P<ordsuf>st|nd|rd|th)\b
      |(?P<decsuf>s)\b
      |(?P<isosuf>-[01]\d-[0-3]\d)(?!\d)
    )?
  | (?P<cur>\\\$|\$|€|£|¥|₹|₸|₽|₦|₩|₺|₱)
  | (?P<p>\S)
    """
)
# Words that keep a trailing full stop (otherwise the stop is a token of its own).
ABBREVIATIONS = set(
    "jan. feb. mar. apr. jun. jul. aug. sep. sept. oct. nov. dec. approx. ca. no. nos. "
    "para. paras. art. arts. p. pp. fig. vol. sec. ch. doc. ref. tel. ext. st. mr. dr. "
    "ms. mrs. etc. vs. cf. e.g. i.e.".split())
# "US$", "C$": a currency prefix written with letters before "$".
_DOLLAR_PREFIX = {"us": "USD", "ca": "CAD", "c": "CAD", "a": "AUD", "au": "AUD", "hk": "HKD",
                  "nz": "NZD", "s": "SGD", "r": "BRL"}

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
    "USD EUR GBP JPY CNY RMB INR KZT RUB CHF CAD AUD NZD HKD SGD NGN AFN AOA BDT AZN "
    "BTN TRY ZAR GHS MYR IDR THB VND MMK ETB UAH GEL KGS TJS UZS HUF PLN CZK HRK BRL "
    "CRC KRW MXN PHP ARS CLP COP PEN XAF XOF BIF CDF KMF FJD BZD JMD XCD SEK NOK DKK "
    "ISK RON BGN RSD MKD BAM MDL AMD BYN IRR IQD SYP LBP JOD EGP MAD DZD TND LYD SAR AED "
    "QAR KWD BHD OMR YER PKR LKR NPR MVR KES TZS UGX RWF ZMW MWK MZN ZWL NAD BWP SZL "
    "LSL SDG SSP SOS DJF ERN GMD GNF SLL LRD CVE STN MRU HTG DOP CUP GTQ HNL NIO PAB "
    "BOB PYG UYU VES GYD SRD TTD BBD BSD KHR LAK MNT KPW TWD BND PGK SBD VUV WST TOP".split()
)

# Lower-case codes that are no English word ("half million usd").
LOWER_CODES = {"usd", "eur", "gbp", "jpy", "cny", "inr", "chf", "cad", "aud", "nzd", "hkd",
               "sgd", "kzt", "rub", "ngn", "rmb"}

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
             "century centuries hour hours minute minutes")
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
    "hours": ("hour", 1), "minute": ("minute", 1), "minutes": ("minute", 1),
}

# Units of measure after a figure: the figure is a number with that unit ("85 kD", "5 kg",
# "10km"), not a count of "kD". Symbols match case-sensitively, spelled units in lower
# case; the value is the unit as a symbol. Ambiguous letters ("m" metre or million, "t",
# "s", "l", "L") are left out.
MEASURE_SYMBOLS = {
    "kD": "kDa", "kDa": "kDa", "Da": "Da", "kd": "kDa", "kda": "kDa", "KD": "kDa", "KDa": "kDa",
    "kg": "kg", "g": "g", "mg": "mg", "µg": "µg", "μg": "µg", "ug": "µg", "ng": "ng", "pg": "pg",
    "km": "km", "cm": "cm", "mm": "mm", "µm": "µm", "μm": "µm", "nm": "nm", "km2": "km2",
    "km²": "km2", "m2": "m2", "m²": "m2", "m3": "m3", "m³": "m3",
    "ml": "ml", "mL": "ml", "µl": "µl", "μl": "µl", "µL": "µl", "μL": "µl", "dl": "dl", "dL": "dl",
    "mM": "mM", "µM": "µM", "μM": "µM", "nM": "nM", "mmol": "mmol", "mol": "mol",
    "ha": "ha", "kW": "kW", "MW": "MW", "GW": "GW", "kWh": "kWh", "MWh": "MWh", "GWh": "GWh",
    "Hz": "Hz", "kHz": "kHz", "MHz": "MHz", "GHz": "GHz", "bp": "bp", "kb": "kb", "kbp": "kb",
    "Mb": "Mb", "KB": "KB", "MB": "MB", "GB": "GB", "TB": "TB", "ppm": "ppm", "ppb": "ppb",
    "mmHg": "mmHg", "kcal": "kcal", "mV": "mV", "mA": "mA", "km/h": "km/h", "kph": "km/h",
    "mph": "mph", "lb": "lb", "lbs": "lb", "oz": "oz",
}
MEASURE_WORDS = {
    "kilometre": "km", "kilometres": "km", "kilometer": "km", "kilometers": "km",
    "kilogram": "kg", "kilograms": "kg", "kilogramme": "kg", "kilogrammes": "kg",
    "gram": "g", "grams": "g", "milligram": "mg", "milligrams": "mg",
    "metre": "m", "metres": "m", "meter": "m", "meters": "m", "centimetre": "cm",
    "centimetres": "cm", "centimeter": "cm", "centimeters": "cm", "millimetre": "mm",
    "millimetres": "mm", "millimeter": "mm", "millimeters": "mm", "litre": "l", "litres": "l",
    "liter": "l", "liters": "l", "millilitre": "ml", "millilitres": "ml", "tonne": "t",
    "tonnes": "t", "ton": "t", "tons": "t", "hectare": "ha", "hectares": "ha", "mile": "mi",
    "miles": "mi", "acre": "acre", "acres": "acre", "megawatt": "MW", "megawatts": "MW",
    "kilowatt": "kW", "kilowatts": "kW", "barrel": "bbl", "barrels": "bbl", "kilodaltons": "kDa",
    "kilodalton": "kDa", "daltons": "Da", "dalton": "Da", "foot": "ft", "feet": "ft",
    "inch": "in", "inches": "in", "yard": "yd", "yards": "yd", "gallon": "gal", "gallons": "gal",
}
# Time units written as symbols after a figure ("24 h", "10 min"): durations.
TIME_SYMBOLS = {"h": ("hour", 1), "hr": ("hour", 1), "hrs": ("hour", 1), "min": ("minute", 1),
                "mins": ("minute", 1)}

TERMINALS = sorted(
    set(WORDS.values())
    | {"NUM", "INT2", "YEAR", "ORD", "DECADE", "ISO", "QH", "MONTH", "WEEKDAY", "SEASON",
       "CURSYM", "CURCODE", "CURWORD", "DASH", "COMMA", "LPAR", "RPAR", "SLASH", "MEASURE"}
)

DASHES = {"-", "\u2010", "\u2011", "\u2013"}


TRIGGER_WORDS = sorted(
    NUMBER_WORDS | set(DENOMINATORS) | {m.rstrip(".") for m in MONTHS} | set(WEEKDAYS) | set(SEASONS)
    | {"today", "yesterday", "tomorrow", "year", "years", "month", "months", "week", "weeks",
       "day", "days", "decade", "decades", "century", "quarter", "percent", "dozen", "sept"})
# Pre-scan over the LOWER-CASED masked text: a digit, a currency sign or a trigger word
# marks a candidate span; only the text around it is tokenized. A run of digits and signs
# is one hit ("2019", "$5"): its windows would merge into the same span anyway, and one
# match per run instead of per character keeps the Python loop over hits short.
SIGNS = "$€£¥₹₸₽₦₩₺₱%"  # currency signs and "%": pre-scan hits like digits
_TRIGGER_TRIE = char_trie(TRIGGER_WORDS)
# The pre-scan as one pattern: linter.triggers finds exactly its hits, faster (the
# reference its tests compare with).
TRIGGER_PATTERN = r"[\d" + SIGNS + r"]+|\b" + _TRIGGER_TRIE + r"\b"


class Tok:
    """A token: `type` is a grammar terminal, or None outside the vocabulary.

    `kind` says how it was written: "num" (digits or a merged numeral), "word", "punct",
    "ord", "iso", "dec", "cur". `gl`: no space between it and the previous token.
    Numerals also carry `words` (written with number words), `scale` (multiplier of a
    trailing scale word), `fraction` and `plain` (bare digits, no separator).
    """

    __slots__ = ("type", "text", "low", "start", "end", "value", "gl", "kind", "words",
                 "scale", "fraction", "plain", "suf")

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
        self.plain = False
        self.suf = None

    def __repr__(self) -> str:
        return f"{self.type or '-'}:{self.text!r}"


_POSSESSIVE = ("'s", "’s")


# _TOKEN_PATTERN with the white space before a token eaten in the same match: `re` then tries
# the alternatives once per token instead of once more at every space. The token's
# own span comes from its group.
_SCAN_TOKEN = re.compile(r"\s*+(?:" + _TOKEN_PATTERN + ")", re.X)
_G = _SCAN_TOKEN.groupindex
_G_USD, _G_WORD, _G_NUM, _G_CUR, _G_P = _G["usd"], _G["word"], _G["num"], _G["cur"], _G["p"]


def _raw(text: str, lo: int, hi: int) -> list[Tok]:
    out: list[Tok] = []
    prev_end = -1
    append = out.append
    for m in _SCAN_TOKEN.finditer(text, lo, hi):
        kind = m.lastgroup
        if kind == "word":  # most tokens: a word without a full stop
            s, e = m.span(_G_WORD)
            word = m.group(_G_WORD)
            if word[-2:] in _POSSESSIVE:  # a letter comes first: never the whole word
                # "Friday's", "Kazakhstan's": the possessive is a token of its own
                append(Tok(None, word[:-2], s, e - 2, None, s == prev_end, "word"))
                append(Tok(None, word[-2:], e - 2, e, None, True, "word"))
            else:
                append(Tok(None, word, s, e, None, s == prev_end, "word"))
        elif kind == "p":
            s, e = m.span(_G_P)
            append(Tok(None, m.group(_G_P), s, e, None, s == prev_end, "punct"))
        elif kind == "dot":
            s, e = m.start(_G_WORD), m.end()
            word = m.group(_G_WORD)
            if (word.lower() + ".") not in ABBREVIATIONS:
                w = Tok(None, word, s, e - 1, None, s == prev_end, "word")
                append(w)
                append(Tok(None, ".", e - 1, e, None, True, "punct"))
            elif word[-2:] in ("'s", "’s") and len(word) > 2:
                # "Friday's", "Kazakhstan's": the possessive is a token of its own
                append(Tok(None, word[:-2], s, s + len(word) - 2, None, s == prev_end, "word"))
                append(Tok(None, word[-2:], s + len(word) - 2, e, None, True, "word"))
            else:
                append(Tok(None, word + ".", s, e, None, s == prev_end, "word"))
        elif kind == "usd":  # "US$", "U.S. $"
            s, e = m.span(_G_USD)
            t = Tok(None, m.group(_G_USD), s, e, "USD", s == prev_end, "cur")
            append(t)
        elif kind == "cur":
            s, e = m.span(_G_CUR)
            t = Tok(None, m.group(_G_CUR), s, e, None, s == prev_end, "cur")
            prev = out[-1] if out else None
            if prev is not None and t.gl and prev.kind == "word" and prev.low in _DOLLAR_PREFIX and t.text == "$":
                out.pop()  # "US$"
                t = Tok(None, prev.text + "$", prev.start, e, None, prev.gl, "cur")
                t.value = _DOLLAR_PREFIX[prev.low]
            append(t)
        else:
            s, e = m.start(_G_NUM), m.end()
            digits = m.group(_G_NUM)
            gl = s == prev_end
            if kind == "ordsuf" and digits.replace(",", "").isdecimal():  # not "3.5th"
                t = Tok("ORD", text[s:e], s, e, int(digits.replace(",", "")), gl, "ord")
            elif kind == "decsuf" and len(digits) == 4 and digits.endswith("0") and digits[:2] in ("15", "16", "17", "18", "19", "20"):
                t = Tok("DECADE", text[s:e], s, e, int(digits[:3]), gl, "dec")
            elif kind == "isosuf" and len(digits) == 4:
                t = Tok("ISO", text[s:e], s, e, tuple(int(x) for x in text[s:e].split("-")), gl, "iso")
            else:
                suf = m.group("suf")
                t = Tok(None, digits, s, s + len(digits) if not suf else e, None, gl, "num")
                t.value = Decimal(digits.replace(",", "").replace("\u00a0", "").replace("\u202f", "").replace("\u2009", ""))
                t.suf = suf
                t.plain = digits.isdigit() and not suf
                if kind == "decsuf":  # "5s": not a decade
                    append(t)
                    t = Tok(None, "s", e - 1, e, None, True, "word")
            append(t)
        prev_end = e
    return out


# Words that need more than a table lookup (checked only when present).
_NUMERAL_START = set(UNITS) | set(TENS) | {"a", "an", "half", "quarter", "minus", "negative",
                                           "hundred"}
_SPECIAL = (set(MONTHS) | set(WEEKDAYS) | set(SEASONS) | set(CURRENCY_WORDS) | set(ORDINALS)
            | set(TENS) | {"per", "q", "h"} | {a for a, _ in CURRENCY_ADJECTIVES}
            | {c.lower() for c in CURRENCY_CODES})


# One lookup per word instead of three: what a vocabulary word may need.
_STARTS_NUMERAL, _NEEDS_CONTEXT = 1, 2
_WORD_CLASS: dict[str, int] = dict.fromkeys(WORDS, 0)
for _w in _NUMERAL_START:
    _WORD_CLASS[_w] = _WORD_CLASS.get(_w, 0) | _STARTS_NUMERAL
for _w in _SPECIAL:
    _WORD_CLASS[_w] = _WORD_CLASS.get(_w, 0) | _NEEDS_CONTEXT


def tokenize(text: str, lo: int, hi: int) -> list[Tok]:
    """Tokens of text[lo:hi]: numerals merged into one token, every word classified."""
    return _classify(_raw(text, lo, hi))


class Piece:
    """Tokens of text[lo:hi] plus its first and last raw tokens, which decide whether a
    neighbouring stretch can be tokenized alone and joined (see `widen`)."""

    __slots__ = ("toks", "first", "last")

    def __init__(self, text: str, lo: int, hi: int):
        raw = _raw(text, lo, hi)
        self.first = raw[0] if raw else None
        self.last = raw[-1] if raw else None
        self.toks = _classify(raw)  # mutates raw tokens, but never .kind, .low, punct .text


# Tokens a numeral can be made of, or read ahead to ("three hundred | and forty",
# "two thirds | of a million"): a numeral can cross a cut only between two of them.
_NUMERALISH = (set(UNITS) | set(TENS) | set(SCALES) | set(DOZEN) | set(DENOMINATORS)
               | {"hundred", "and", "a", "an", "one", "of", "point", "half", "quarter", "minus",
                  "negative"})
_MINUS_DASH = DASHES | {"\u2212"}
_ADJ_NOUNS = {b for _, b in CURRENCY_ADJECTIVES}


def _numeralish(r: Tok) -> bool:
    k = r.kind
    return k == "num" or (k == "word" and r.low in _NUMERALISH) or (
        k == "punct" and r.text in _MINUS_DASH)


def _joinable(text: str, cut: int, a: Piece, b: Piece) -> bool:
    """Tokens of a + b equal the tokens of the whole stretch: the cut is at a space (no
    raw token crosses it, so b's first token is not glued) and nothing across it can
    merge or look at the other side (numerals, units after a figure, "May", "US $")."""
    if text[cut - 1] != " " and text[cut] != " ":
        return False
    if "$" in text[cut - 1:cut + 2]:
        return False  # "US $": one token
    fa, fb = a.toks[-1], b.toks[0]
    if fa.kind == "num" or fa.low == "may" or fb.low == "may":
        return False  # "24 | h", "5 | °C"; "May" reads both neighbours
    r = b.first
    if r.kind == "word":
        low = r.low
        if low == "half" or low == "cent" or low in _ADJ_NOUNS or low[:-1] in _ADJ_NOUNS \
                or low[:-2] in _ADJ_NOUNS:
            return False  # reads the word before: "more than | half", "per | cent"
    elif r.kind == "punct" and r.text in _MINUS_DASH:
        return False  # " -0.5": a minus sign depends on the token before
    return not (_numeralish(r) and _numeralish(a.last))


def widen(text: str, piece: Piece, s: int, e: int, ns: int, ne: int) -> Piece:
    """Tokens of text[ns:ne] from those of text[s:e] (ns <= s < e <= ne): only the added
    stretches are tokenized when they join cleanly, else the whole window again."""
    if not piece.toks:
        return Piece(text, ns, ne)
    if ns < s:
        piece = _join(text, s, Piece(text, ns, s), piece)
    if piece is not None and e < ne:
        piece = _join(text, e, piece, Piece(text, e, ne))
    return piece if piece is not None else Piece(text, ns, ne)


def _join(text: str, cut: int, a: Piece, b: Piece) -> Piece | None:
    """a's tokens then b's (the cut between them at `cut`), or None when they interact."""
    if not a.toks:
        return b
    if not b.toks:
        return a
    if not _joinable(text, cut, a, b):
        return None
    a.toks += b.toks
    a.last = b.last
    return a


def _classify(raw: list[Tok]) -> list[Tok]:
    toks: list[Tok] = []
    n = len(raw)
    i = 0
    fix = False  # a month or a slash was typed: _context_fixes has work to do
    while i < n:
        r = raw[i]
        k = r.kind
        if k == "word":
            c = _WORD_CLASS.get(r.low)
            if c is None:  # most words: outside the vocabulary (type stays None)
                if toks and toks[-1].kind == "num" and toks[-1].type is not None:
                    _measure_unit(r, raw, i)
                    while i + 1 < n and raw[i + 1].start < r.end:
                        i += 1  # "km/h", "km2": merged with the next tokens
                toks.append(r)
                i += 1
                continue
            if c & _STARTS_NUMERAL:
                num = read_numeral(raw, i)
                if num is not None:
                    toks.append(_numeral(raw, i, num))
                    i = num.end
                    continue
            low = r.low
            if c & _NEEDS_CONTEXT:
                t = _word_tok(raw, i)
                if t.type == "MONTH":
                    fix = True
                if t.type is None and t is r and toks and toks[-1].kind == "num" \
                        and toks[-1].type is not None:
                    _measure_unit(r, raw, i)  # "24 h"
                if t.end > r.end:  # merged with the next word(s)
                    while i + 1 < n and raw[i + 1].start < t.end:
                        i += 1
                toks.append(t)
            else:
                typ = WORDS.get(low)
                r.type = typ
                if typ is not None:
                    r.value = UNIT_NAMES[low] if typ == "UNIT" else low
                elif toks and toks[-1].kind == "num" and toks[-1].type is not None:
                    _measure_unit(r, raw, i)
                    while i + 1 < n and raw[i + 1].start < r.end:
                        i += 1  # "km/h", "km2": merged with the next tokens
                toks.append(r)
        elif k == "punct":
            text = r.text
            if text in ("-", "\u2212") and i + 1 < n and raw[i + 1].kind == "num" \
                    and raw[i + 1].gl and (i == 0 or (not r.gl and raw[i - 1].kind != "num"
                                                      and raw[i - 1].low not in MONTHS)):
                # a minus sign: " -0.5 percent", but not "2018-2022" or "10 -11"
                num = read_numeral(raw, i + 1)
                t = _numeral(raw, i + 1, num)
                t.value = -t.value
                t.text = text + t.text
                t.start, t.gl, t.type = r.start, r.gl, "NUM"
                toks.append(t)
                i = num.end
                continue
            if text == "°" and i + 1 < n and raw[i + 1].text in ("C", "F") \
                    and raw[i + 1].gl and toks and toks[-1].kind == "num":
                toks.append(Tok("MEASURE", "°" + raw[i + 1].text, r.start, raw[i + 1].end,
                                "°" + raw[i + 1].text, r.gl))  # "37 °C", "37°C"
                i += 2
                continue
            if text == "%" and i + 3 < n and raw[i + 2].text == "/" \
                    and raw[i + 1].low in ("w", "v") and raw[i + 3].low in ("w", "v") \
                    and raw[i + 1].gl and raw[i + 2].gl and raw[i + 3].gl:
                text = "".join(x.text for x in raw[i:i + 4])
                toks.append(Tok("MEASURE", text, r.start, raw[i + 3].end, "%" + text[1:].lower(), r.gl))
                i += 4  # "10 %w/v": a concentration
                continue
            r.type = _PUNCT.get(text)
            r.value = text
            if r.type == "SLASH":
                fix = True
            toks.append(r)
        elif k == "num":
            num = read_numeral(raw, i)
            if num is not None:
                toks.append(_numeral(raw, i, num))
                i = num.end
                continue
            r.type = "NUM"  # digits that start no numeral cannot happen; keep as a plain figure
            toks.append(r)
        elif k == "cur":
            r.type = "CURSYM"
            if r.value is None:
                r.value = CURRENCY_SYMBOLS[r.text]
            toks.append(r)
        elif k in ("ord", "iso", "dec"):
            toks.append(r)
        else:
            r.type = "NUM"
            toks.append(r)
        i += 1
    if fix:
        _context_fixes(toks)
    return toks


def _measure_unit(r: Tok, raw: list[Tok], i: int) -> None:
    """Type a word after a figure as a unit of measure ("85 kD", "5 kg", "24 h")."""
    text = r.text
    n = len(raw)
    if i + 2 < n and raw[i + 1].text == "/" and raw[i + 1].gl and raw[i + 2].gl:
        text2 = text + "/" + raw[i + 2].text  # "km/h"
        if text2 in MEASURE_SYMBOLS:
            r.type, r.value, r.text, r.end = "MEASURE", MEASURE_SYMBOLS[text2], text2, raw[i + 2].end
            return
    if i + 1 < n and raw[i + 1].gl and raw[i + 1].kind == "num" and raw[i + 1].text in ("2", "3"):
        unit = MEASURE_SYMBOLS.get(text + raw[i + 1].text)  # "km2"
        if unit is not None:
            r.type, r.value, r.text, r.end = "MEASURE", unit, text + raw[i + 1].text, raw[i + 1].end
        return
    unit = MEASURE_SYMBOLS.get(text) or MEASURE_WORDS.get(r.low)
    if unit is not None:
        r.type, r.value = "MEASURE", unit
        return
    ts = TIME_SYMBOLS.get(text)
    if ts is not None:
        r.type, r.value = "UNIT", ts


_PUNCT = {"-": "DASH", "\u2010": "DASH", "\u2011": "DASH", "\u2013": "DASH", ",": "COMMA",
          "(": "LPAR", ")": "RPAR", "%": "PERCENT", "~": "APPROX", "/": "SLASH"}


def _numeral(raw: list[Tok], i: int, num) -> Tok:
    r = raw[i]
    last = raw[num.end - 1]
    value = num.value
    scale = num.scale
    single = num.end == i + 1
    if r.kind == "num" and r.suf and single:
        value *= SUFFIX_SCALE[r.suf]
        scale = SUFFIX_SCALE[r.suf]
    text = r.text if single else " ".join(x.text for x in raw[i:num.end])
    t = Tok("NUM", text, r.start, last.end, _number(value), r.gl, "num")
    t.words = num.words
    t.scale = scale
    t.fraction = num.fraction
    if single and r.plain:
        t.plain = True
        if len(r.text) <= 2:
            t.type = "INT2"
        elif len(r.text) == 4 and 1800 <= int(r.text) <= 2099:
            t.type = "YEAR"
    return t


def _number(v: Decimal):
    if v == v.to_integral_value():
        return int(v)
    return round(float(v), 10)


def _word_tok(raw: list[Tok], i: int) -> Tok:
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
        nl = nxt.low
        key = low.rstrip(".")
        code = (CURRENCY_ADJECTIVES.get((key, nl)) or CURRENCY_ADJECTIVES.get((key, nl[:-1]))
                or CURRENCY_ADJECTIVES.get((key, nl[:-2])))
        if code:
            return Tok("CURWORD", text + " " + nxt.text, r.start, nxt.end, code, r.gl)
    if text[:1].isupper():
        if low in MONTHS:
            return Tok("MONTH", text, r.start, r.end, MONTHS[low], r.gl)
        if low in WEEKDAYS:
            return Tok("WEEKDAY", text, r.start, r.end, WEEKDAYS[low], r.gl)
        if text in CURRENCY_CODES:
            return Tok("CURCODE", text, r.start, r.end, "CNY" if text == "RMB" else text, r.gl)
        # "Q3", "H1": a quarter or half of a year
        if text in ("Q", "H") and nxt is not None and nxt.kind == "num" and nxt.gl and nxt.text in ("1", "2", "3", "4") \
                and not (i + 2 < n and raw[i + 2].gl and raw[i + 2].kind in ("word", "num")):  # not "H2O"
            if text == "Q" or nxt.text in ("1", "2"):
                return Tok("QH", text + nxt.text, r.start, nxt.end, (text, int(nxt.text)), r.gl)
    if low in LOWER_CODES:
        return Tok("CURCODE", text, r.start, r.end, "CNY" if low == "rmb" else low.upper(), r.gl)
    if low in SEASONS:
        return Tok("SEASON", text, r.start, r.end, SEASONS[low], r.gl)
    if low in CURRENCY_WORDS:
        return Tok("CURWORD", text, r.start, r.end, CURRENCY_WORDS[low], r.gl)
    if low in ORDINALS:
        return Tok("ORD", text, r.start, r.end, ORDINALS[low], r.gl, "ord")
    # "twenty-first"
    if low in TENS and i + 2 < n and raw[i + 1].text in DASHES and raw[i + 2].low in ORDINALS and ORDINALS[raw[i + 2].low] < 10:
        return Tok("ORD", text + "-" + raw[i + 2].text, r.start, raw[i + 2].end,
                   TENS[low] + ORDINALS[raw[i + 2].low], r.gl, "ord")
    typ = WORDS.get(low)
    r.type = typ
    r.value = UNIT_NAMES[low] if typ == "UNIT" else low
    return r


_MAY_OK_BEFORE = {"in", "of", "since", "until", "till", "by", "from", "to", "between", "and",
                  "through", "during", "early", "mid", "late", "last", "next", "this", "end",
                  "before", "after", "on", "-", "–", "each", "every", "as"}


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
