"""Numerals written in words, or in digits with scale words: "three hundred and forty",
"twenty-one", "half a million", "1.2 million", "three dozen", "two-thirds".

The tokenizer (linter/lexicon.py) calls `read_numeral` so that a whole numeral becomes
ONE token for the grammar; composing numerals inside the LALR grammar would make "and"
("three hundred and forty" / "between five and eight") a shift/reduce conflict.
"""
from __future__ import annotations

from decimal import Decimal

UNITS = {
    "zero": 0, "nought": 0, "naught": 0, "one": 1, "two": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {
    "thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12,
    "lakh": 10**5, "crore": 10**7,
    # abbreviations, only after a figure ("2.5 bn", "10 bln")
    "bn": 10**9, "mn": 10**6, "mln": 10**6, "bln": 10**9, "tn": 10**12, "tln": 10**12,
}
ABBREV_SCALES = {"bn", "mn", "mln", "bln", "tn", "tln"}
DOZEN = {"dozen": 12, "dozens": 12, "dz": 12, "dzs": 12, "doz": 12, "dozs": 12}
DENOMINATORS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fourth": 4, "fourths": 4, "fifth": 5, "fifths": 5, "sixth": 6, "sixths": 6,
    "seventh": 7, "sevenths": 7, "eighth": 8, "eighths": 8, "ninth": 9, "ninths": 9,
    "tenth": 10, "tenths": 10,
}
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
    "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "thirteenth": 13, "fourteenth": 14, "fifteenth": 15, "sixteenth": 16,
    "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "thirtieth": 30, "fortieth": 40, "fiftieth": 50, "sixtieth": 60,
    "seventieth": 70, "eightieth": 80, "ninetieth": 90, "hundredth": 100,
}
NEGATORS = {"minus", "negative"}
# Words that can start a numeral (used by the pre-scan trigger and the tokenizer).
NUMBER_WORDS = set(UNITS) | set(TENS) | set(SCALES) - ABBREV_SCALES | {"hundred", "dozen", "half"}
# Words that can carry a numeral on after a figure ("5 million", "2 dozen", "3 hundred",
# "1 and a half"): before any other token, a figure is a numeral of its own.
_GOES_ON_AFTER_FIGURE = frozenset(SCALES) | frozenset(DOZEN) | {"hundred", "and"}
# Words after which a bare "half" is an amount ("more than half", "nearly half of").
HALF_AFTER = {"than", "over", "under", "about", "nearly", "almost", "around", "roughly",
              "approximately", "some", "least", "most", "to", "than", "exactly"}


class Numeral:
    """A numeral read from tokens [i, j): value plus how it was written."""

    __slots__ = ("value", "end", "words", "scale", "fraction")

    def __init__(self, value, end, words, scale, fraction=False):
        self.value = value
        self.end = end  # index after the last token used
        self.words = words  # at least one number word ("five", "million")
        self.scale = scale  # multiplier of a trailing scale word (10**6 for "million"), else 1
        self.fraction = fraction


DASHES = "-‐‑–"


def to_number(v: Decimal) -> int | float:
    """Exact integers stay int; other values become floats rounded to 10 places."""
    if v == v.to_integral_value():
        return int(v)
    return round(float(v), 10)


def read_numeral(toks, i: int) -> Numeral | None:
    """Longest numeral starting at toks[i].

    `toks` items have `.kind` ("num" digits, "word", "punct"...), `.low` (lower-cased
    text), `.value` (for digits) and `.gl` (glued to the previous token, no space).
    Returns None when toks[i] does not start a numeral.
    """
    n = len(toks)
    t = toks[i]
    if t.kind == "num" and (i + 1 == n or toks[i + 1].kind != "word"
                            or toks[i + 1].low not in _GOES_ON_AFTER_FIGURE):
        return Numeral(Decimal(0) + t.value, i + 1, False, 1)  # a figure alone: most numerals
    sign = 1
    k = i
    if t.kind == "word" and t.low in NEGATORS and k + 1 < n and _starts(toks, k + 1):
        sign = -1
        k += 1
    r = _cardinal(toks, k)
    if r is None:
        return None
    r.value = r.value * sign
    return r


def _starts(toks, k):
    t = toks[k]
    if t.kind == "num":
        return True
    return t.kind == "word" and (t.low in UNITS or t.low in TENS)


def _word(toks, k):
    if k < len(toks) and toks[k].kind == "word":
        return toks[k].low
    return None


def _cardinal(toks, i):
    t = toks[i]
    w = t.low if t.kind == "word" else None
    # "half a million", "half a dozen", "half million", "quarter million"
    if w in ("half", "quarter"):
        frac = Decimal("0.5") if w == "half" else Decimal("0.25")
        k = i + 1
        if _word(toks, k) in ("a", "an"):
            k += 1
        nxt = _word(toks, k)
        if nxt in SCALES and nxt not in ABBREV_SCALES:
            return Numeral(frac * SCALES[nxt], k + 1, True, SCALES[nxt])
        if nxt == "dozen" and w == "half":
            return Numeral(Decimal(6), k + 1, True, 1)
        # "more than half", "half of the detainees" (not "the first half of 2019")
        prev = _word(toks, i - 1) if i > 0 else None
        if w == "half" and prev not in ("first", "second", "the", "last", "latter", "former") and (
                _word(toks, i + 1) == "of" or prev in HALF_AFTER):
            return Numeral(frac, i + 1, True, 1, fraction=True)
        return None
    # "a dozen", "a hundred", "a thousand", "a million", "a quarter million", "a half"
    if w in ("a", "an"):
        nxt = _word(toks, i + 1)
        if nxt == "dozen":
            return Numeral(Decimal(12), i + 2, True, 1)
        if nxt == "hundred" or (nxt in SCALES and nxt not in ABBREV_SCALES):
            return _groups(toks, i + 1, first=Decimal(1), words=True)
        if nxt in ("half", "quarter"):
            r = _cardinal(toks, i + 1)
            if r is not None:
                return r
        # "a half", "a fifth of the budget" (not "a third country", "a quarter-final")
        if nxt in DENOMINATORS and not nxt.endswith("s") and not _is_dash(toks, i + 2) and (
                nxt == "half" or i + 2 >= len(toks) or _word(toks, i + 2) == "of"
                or toks[i + 2].kind == "punct"):
            return Numeral(Decimal(1) / DENOMINATORS[nxt], i + 2, True, 1, fraction=True)
        return None
    if w == "hundred":
        return _groups(toks, i, first=Decimal(1), words=True)
    if t.kind == "num":
        return _groups(toks, i, first=None, words=False)
    if w in UNITS or w in TENS:
        return _groups(toks, i, first=None, words=True)
    return None


def _fraction_tail(toks, k):
    """toks[k:] reads "a half", "one quarter", "three fifths" (after "and"):
    (fraction, end) or None."""
    w = _word(toks, k)
    if w in ("a", "one"):
        d = _word(toks, k + 1)
        if d in DENOMINATORS and not d.endswith("s"):
            return Decimal(1) / DENOMINATORS[d], k + 2
        return None
    s = _small(toks, k)
    if s is None or not 1 < s[0] < 20:
        return None
    d = _word(toks, s[1])
    if d in DENOMINATORS and d.endswith("s"):
        return s[0] / DENOMINATORS[d], s[1] + 1
    return None


def _is_dash(toks, k):
    return k < len(toks) and toks[k].kind == "punct" and toks[k].text in DASHES


def _small(toks, k):
    """A number below 100 in words ("forty", "twenty-one", "fifty two") at k -> (value, end)."""
    w = _word(toks, k)
    if w in UNITS:
        return Decimal(UNITS[w]), k + 1
    if w in TENS:
        v = TENS[w]
        j = k + 1
        if _is_dash(toks, j) and 0 < UNITS.get(_word(toks, j + 1) or "", 0) < 10:
            return Decimal(v + UNITS[toks[j + 1].low]), j + 2
        if 0 < UNITS.get(_word(toks, j) or "", 0) < 10:
            return Decimal(v + UNITS[toks[j].low]), j + 1
        return Decimal(v), j
    return None


def _groups(toks, i, first, words):
    """Read groups "<lead> [hundred [and <small>]] [dozen] [<scale>]" from toks[i].

    A group after the first needs a scale word before it, and its own scale must be
    smaller: "two thousand two hundred" is one numeral, "2 million and 3 million" two.
    """
    n = len(toks)
    total = Decimal(0)
    k = i
    last_scale = None
    trailing = 1
    end = None
    while True:
        g_start = k
        if first is not None and k == i:
            cur = first
        elif k < n and toks[k].kind == "num":
            if k != i and not words:
                break
            cur = toks[k].value
            k += 1
        else:
            s = _small(toks, k)
            if s is None:
                break
            cur, k = s
            words = True
        group_scale = 1
        if _word(toks, k) == "hundred":
            cur *= 100
            k += 1
            words = True
            group_scale = 100
            kk = k + 1 if _word(toks, k) == "and" else k
            s = _small(toks, kk)
            if s is None and kk < n and toks[kk].kind == "num" and toks[kk].value < 100 and kk > k:
                s = (toks[kk].value, kk + 1)
            if s is not None and _word(toks, s[1]) in DOZEN:
                s = (s[0] * 12, s[1] + 1)  # "three hundred and two dozens"
            if s is not None and _word(toks, s[1]) != "hundred" and _word(toks, s[1]) not in DENOMINATORS:
                cur += s[0]
                k = s[1]
                group_scale = 1
        if _word(toks, k) in DOZEN and (words or toks[k].low != "dozen" or True):
            cur *= 12
            k += 1
            words = True
            group_scale = 1
        w = _word(toks, k)
        if w in SCALES and (w not in ABBREV_SCALES or toks[k - 1].kind == "num"):
            sc = SCALES[w]
            if last_scale is not None and sc >= last_scale:
                break
            total += cur * sc
            last_scale = trailing = sc
            k += 1
            words = True
            end = k
            kk = k + 1 if _word(toks, k) == "and" else k
            if kk > k and _fraction_tail(toks, kk) is not None:
                break  # "five billion and three quarters": read by the tail below
            if kk < n and toks[kk].kind == "num":
                # "4 thousand 3 hundred", but "3.5 billion and 900 million" and
                # "150 million and 10,000" are two figures
                if kk > k:
                    break
                k = kk
                continue
            if _small(toks, kk) is not None:
                k = kk
                continue
            break
        if last_scale is not None and group_scale >= last_scale:
            break
        total += cur
        trailing = group_scale
        end = k
        break
    if end is None:
        return None
    k = end
    value = total
    fraction = False
    # "one and a half", "five and a half million", "3 million and a half",
    # "five billion and three quarters", "twenty and three fifths"
    tail = _fraction_tail(toks, k + 1) if _word(toks, k) == "and" else None
    if tail is not None:
        frac, kk = tail
        w = _word(toks, kk)
        if w in SCALES and w not in ABBREV_SCALES:
            scale = SCALES[w]
            value = value * scale if last_scale is None else value
            value += frac * scale
            trailing = scale
            kk += 1
        elif last_scale is not None:
            value += frac * last_scale
        else:
            value += frac
            fraction = True
        return Numeral(value, kk, words, trailing, fraction)
    # "two hundred point five", "point seventy-one"
    if words and _word(toks, k) == "point":
        digits = ""
        kk = k + 1
        while True:
            w = _word(toks, kk)
            if w in UNITS:  # "point nought four", "point eleven"
                digits += str(UNITS[w])
                kk += 1
            elif w in TENS:
                s = _small(toks, kk)
                digits += str(int(s[0]))
                kk = s[1]
            else:
                break
        if digits:
            value += Decimal("0." + digits)
            end = kk
        return Numeral(value, end, words, trailing, fraction)
    # "two thirds", "two-thirds", "one fifth", "three quarters billion"
    if words and 0 < value < 20 and last_scale is None and trailing == 1:
        kk = k + 1 if _is_dash(toks, k) else k
        d = _word(toks, kk)
        if d in DENOMINATORS and (d.endswith("s") or value == 1 or kk > k):
            value = value / DENOMINATORS[d]
            fraction = True
            end = kk + 1
            # "three quarters billion", "two thirds of a million"
            kk = end + 2 if (_word(toks, end) == "of" and _word(toks, end + 1) in ("a", "one")) else end
            w = _word(toks, kk)
            if w in SCALES and w not in ABBREV_SCALES:
                value *= SCALES[w]
                trailing = SCALES[w]
                fraction = False
                end = kk + 1
    return Numeral(value, end, words, trailing, fraction)
