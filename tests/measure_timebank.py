"""Temporal claims against TimeBank / AQUAINT (TempEval-3 TBAQ-cleaned) TIMEX3 marks.

Usage: python tests/measure_timebank.py [-v] [--sample N]   (reads ../shared/data/timebank)

For each .tml file the <TEXT> part, tags stripped, is read with `extract_text`, with
the document creation time (DCT) as `published`. Gold: TIMEX3 of type DATE and
DURATION. Predicted: date, period and duration claims; a period with two ends counts
as its two dates (TimeML marks "from 1998 to 2000" as two DATEs) and "since 2014" /
"through October" as the date after the word. Predictions that overlap a TIME or SET
mark are left out of the count (reportlint has no times of day or frequencies).

Printed: span precision/recall/F1, relaxed (any overlap) and strict (same span), and
value accuracy: among relaxed matches where we give a value, the share equal to the
gold TIMEX3 value ("1998-08-07", "1998-Q3", "P5Y"). TimeML values we never produce
(PRESENT_REF, PAST_REF, "PXY" for "several years", week and part-of-day values) count
as wrong; unresolved claims (timex None) are not counted for value.
"""
from __future__ import annotations

import html
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from linter.grammar import extract_text  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "timebank"
_TAG = re.compile(r"<(/?)(\w+)([^>]*)>")
_ATTR = re.compile(r'(\w+)="([^"]*)"')
_LEAD = re.compile(r"(?i)(since|through|until|till|from)\s+")


def read_tml(path: Path):
    """(plain text, dct, gold marks [(start, end, type, value)])."""
    raw = path.read_text(encoding="utf-8")
    m = re.search(r'<DCT>.*?value="([^"]+)"', raw, re.S)
    dct = m.group(1)[:10] if m else None
    body = re.search(r"<TEXT>(.*)</TEXT>", raw, re.S).group(1)
    out: list[str] = []
    pos = 0
    length = 0
    gold = []
    open_timex = None
    for t in _TAG.finditer(body):
        chunk = html.unescape(body[pos:t.start()])
        out.append(chunk)
        length += len(chunk)
        pos = t.end()
        if t.group(2) == "TIMEX3":
            if t.group(1):
                if open_timex is not None:
                    attrs, start = open_timex
                    gold.append((start, length, attrs.get("type"), attrs.get("value")))
                open_timex = None
            else:
                open_timex = (dict(_ATTR.findall(t.group(3))), length)
    out.append(html.unescape(body[pos:]))
    return "".join(out), dct, gold


TIME_UNITS = {"year", "month", "week", "day", "hour", "minute"}


def predicted(claims) -> list[tuple[int, int, str | None]]:
    out = []
    for c in claims:
        if c.kind == "range" and c.unit in TIME_UNITS:
            out.append((c.span.start, c.span.end, None))  # "two to three weeks": a duration range
            continue
        if c.kind not in ("date", "period", "duration"):
            continue
        if c.kind == "period" and len(c.parts) == 2:
            for p in c.parts:
                out.append((p.span.start, p.span.end, p.timex))
            continue
        s, e = c.span.start, c.span.end
        value = c.timex
        if c.kind == "period":
            m = _LEAD.match(c.text)
            if m and c.timex is None:
                s += m.end()
                value = c.from_ or c.to_
        out.append((s, e, value))
    return out


def run(sample: int | None = None, verbose: bool = False) -> dict[str, float]:
    files = sorted(DATA.glob("*/*.tml"))
    if sample:
        files = files[::max(1, len(files) // sample)][:sample]
    tp_rel = tp_strict = n_pred = n_gold = 0
    val_ok = val_n = 0
    for path in files:
        text, dct, marks = read_tml(path)
        gold = [g for g in marks if g[2] in ("DATE", "DURATION")]
        other = [g for g in marks if g[2] not in ("DATE", "DURATION")]
        pred = [p for p in predicted(extract_text(text, published=dct))
                if not any(p[0] < o[1] and o[0] < p[1] for o in other)]
        n_pred += len(pred)
        n_gold += len(gold)
        used: set[int] = set()
        for g in gold:
            hit = None
            for k, p in enumerate(pred):
                if k not in used and p[0] < g[1] and g[0] < p[1]:
                    hit = k
                    break
            if hit is None:
                if verbose:
                    print(f"  MISS {path.name}: {text[g[0]:g[1]]!r} {g[3]}")
                continue
            used.add(hit)
            p = pred[hit]
            tp_rel += 1
            tp_strict += (p[0], p[1]) == (g[0], g[1])
            if p[2] is not None:
                val_n += 1
                val_ok += p[2] == g[3]
                if verbose and p[2] != g[3]:
                    print(f"  VALUE {path.name}: {text[p[0]:p[1]]!r} {p[2]} != {g[3]} ({text[g[0]:g[1]]!r})")
        if verbose:
            for k, p in enumerate(pred):
                if k not in used:
                    print(f"  EXTRA {path.name}: {text[p[0]:p[1]]!r} {p[2]}")

    def f1(tp: int) -> tuple[float, float, float]:
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    pr, rr, fr = f1(tp_rel)
    ps, rs, fs = f1(tp_strict)
    return {"files": len(files), "gold": n_gold, "predicted": n_pred,
            "relaxed_p": pr, "relaxed_r": rr, "relaxed_f1": fr,
            "strict_p": ps, "strict_r": rs, "strict_f1": fs,
            "value_accuracy": val_ok / val_n if val_n else 0.0, "valued": val_n}


def main() -> int:
    if not DATA.is_dir():
        print(f"no data at {DATA}")
        return 1
    sample = None
    if "--sample" in sys.argv:
        sample = int(sys.argv[sys.argv.index("--sample") + 1])
    r = run(sample, "-v" in sys.argv)
    print(f"{r['files']} files, {r['gold']} gold DATE/DURATION marks, {r['predicted']} predicted")
    print(f"relaxed span  P {r['relaxed_p']:.3f}  R {r['relaxed_r']:.3f}  F1 {r['relaxed_f1']:.3f}")
    print(f"strict span   P {r['strict_p']:.3f}  R {r['strict_r']:.3f}  F1 {r['strict_f1']:.3f}")
    print(f"value accuracy {r['value_accuracy']:.3f} over {r['valued']} matched marks with a value")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
