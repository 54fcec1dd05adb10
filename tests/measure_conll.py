"""Measure the hedge, attribution and contested rules against CoNLL-2010 hedge labels.

The CoNLL-2010 shared task (Farkas et al. 2010) labels sentences as certain or
uncertain: Wikipedia sentences with weasel and hedge cues, and biomedical abstracts
and articles (BioScope) with `<cue type="speculation">`. A sentence counts as flagged
when any of the chosen rules fires in it; we report precision, recall and F1 of the
uncertain class. The best published sentence-level F1 (machine-learned, on the
evaluation parts, which are not in ../shared) was 0.602 for Wikipedia and 0.864 for
biomedical text.

The lexicons were tuned on this training data, so every fifth sentence (index % 5 ==
4) is held out as a check against overfitting; both parts are reported.

    python tests/measure_conll.py                     # H001, H003, H004, H005
    python tests/measure_conll.py --rules H001,H003,H004,H005,H006
    python tests/measure_conll.py --show-misses 20    # sentences to learn from

Sentences are linted in batches (one document, sentences separated by blank lines,
findings mapped back by offset), which is much faster than one document each.
"""
from __future__ import annotations

import argparse
import re
import sys
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CONLL = SHARED / "data" / "conll2010"
DEFAULT_RULES = ("H001", "H003", "H004", "H005")
HOLDOUT = 5  # every 5th sentence is held out

# "`` x ''" are real double quotes. "` x'" is Wikipedia's bold/italic markup as the
# corpus was converted ('Alabama' for the bold article title), so it is dropped, as
# a Markdown reader masks **x**.
_PTB = [(re.compile(p), r) for p, r in (
    (r"-LRB-", "("), (r"-RRB-", ")"), (r"-LSB-", "["), (r"-RSB-", "]"),
    (r"-LCB-", "{"), (r"-RCB-", "}"),
    (r"``\s*", '"'), (r"\s*''", '"'),
    (r"`\s*([^`'\n]*?)'(?!\w)", r"\1"),
    (r"`\s*", "'"),
    (r"\(\s+", "("), (r"\s+\)", ")"),
    (r"\s+([,;:.!?%])(?=\s|$)", r"\1"),
    (r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", r"\1"),
)]


def detokenize(line: str) -> str:
    """Undo the PTB escapes of the Wikipedia sentences (-LRB-, `` ''), keeping words."""
    for rx, rep in _PTB:
        line = rx.sub(rep, line)
    return line.strip()


@dataclass(frozen=True)
class Item:
    text: str
    uncertain: bool


def load_wikipedia(folder: Path = CONLL) -> list[Item]:
    out = []
    for name, label in (("train_wikiweasel_certain_sentences.txt", False),
                        ("train_wikiweasel_uncertain_sentences.txt", True)):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            text = detokenize(line)
            if text:
                out.append(Item(text, label))
    return out


def load_biomedical(folder: Path = CONLL) -> list[Item]:
    out = []
    for name in ("task2_train_bio_abstracts_rev2.xml", "task2_train_bio_fullarticles_rev2.xml"):
        root = ET.parse(folder / name).getroot()
        for sent in root.iter("sentence"):
            text = " ".join("".join(sent.itertext()).split())
            if not text:
                continue
            uncertain = any(c.get("type") == "speculation" for c in sent.iter("cue"))
            out.append(Item(text, uncertain))
    return out


def ruleset(rule_ids: tuple[str, ...]):
    from linter.config import Config, select_rules
    from linter.engine import RuleSet
    from linter.rules import load_rules

    return RuleSet(select_rules(Config(), load_rules(), extra_select=tuple(rule_ids)))


def flag(items: list[Item], rule_ids: tuple[str, ...] = DEFAULT_RULES, batch: int = 400,
         hits: dict | None = None) -> list[bool]:
    """Which sentences any of `rule_ids` fires in (findings mapped back by offset).

    `hits`, when given, collects (sentence index, rule id, matched text) for analysis.
    """
    from bisect import bisect_right

    from linter.document import parse_document
    from linter.engine import lint_document

    rules = ruleset(rule_ids)
    flagged = [False] * len(items)
    for b0 in range(0, len(items), batch):
        chunk = items[b0 : b0 + batch]
        starts, parts, pos = [], [], 0
        for it in chunk:
            starts.append(pos)
            parts.append(it.text)
            pos += len(it.text) + 2
        text = "\n\n".join(parts)
        doc = parse_document(text, "conll.txt")
        for f in lint_document(doc, rules):
            if not f.rule_id.startswith("H"):
                continue
            k = bisect_right(starts, f.span.start) - 1
            flagged[b0 + k] = True
            if hits is not None:
                hits.setdefault(b0 + k, []).append((f.rule_id, text[f.span.start : f.span.end]))
    return flagged


@dataclass(frozen=True)
class Score:
    tp: int
    fp: int
    fn: int
    n: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __str__(self) -> str:
        return (f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"(n={self.n}, tp={self.tp}, fp={self.fp}, fn={self.fn})")


def score(items: list[Item], flagged: list[bool], part: str = "all") -> Score:
    tp = fp = fn = n = 0
    for i, (it, f) in enumerate(zip(items, flagged)):
        held = i % HOLDOUT == HOLDOUT - 1
        if (part == "tune" and held) or (part == "holdout" and not held):
            continue
        n += 1
        tp += f and it.uncertain
        fp += f and not it.uncertain
        fn += (not f) and it.uncertain
    return Score(tp, fp, fn, n)


def measure(rule_ids: tuple[str, ...] = DEFAULT_RULES, *, sample: int | None = None,
            folder: Path = CONLL) -> dict[str, dict[str, Score]]:
    """Scores by corpus ("wikipedia", "biomedical") and part ("tune", "holdout", "all").

    `sample` keeps every k-th sentence so that about `sample` remain (deterministic).
    """
    out = {}
    for name, loader in (("wikipedia", load_wikipedia), ("biomedical", load_biomedical)):
        items = loader(folder)
        if sample and len(items) > sample:
            # Whole groups of HOLDOUT sentences, spread evenly, so that the sample keeps
            # both labels and the hold-out pattern (index % HOLDOUT) of the full set.
            groups = sample // HOLDOUT
            step = len(items) / groups
            keep = sorted({int(g * step) // HOLDOUT * HOLDOUT for g in range(groups)})
            items = [items[j] for k in keep for j in range(k, min(k + HOLDOUT, len(items)))]
        flagged = flag(items, rule_ids)
        out[name] = {part: score(items, flagged, part) for part in ("tune", "holdout", "all")}
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rules", default=",".join(DEFAULT_RULES))
    ap.add_argument("--corpus", choices=("wikipedia", "biomedical", "both"), default="both")
    ap.add_argument("--show-misses", type=int, default=0, metavar="N",
                    help="print N false negatives and N false positives per corpus")
    ap.add_argument("--by-cue", action="store_true", help="precision of each matched cue")
    args = ap.parse_args(argv)
    if not CONLL.is_dir():
        print(f"no CoNLL-2010 data at {CONLL}", file=sys.stderr)
        return 2
    rule_ids = tuple(r.strip() for r in args.rules.split(",") if r.strip())
    print(f"rules: {', '.join(rule_ids)}")
    for name, loader in (("wikipedia", load_wikipedia), ("biomedical", load_biomedical)):
        if args.corpus not in (name, "both"):
            continue
        items = loader()
        t0 = time.perf_counter()
        hits: dict = {}
        flagged = flag(items, rule_ids, hits=hits)
        dt = time.perf_counter() - t0
        size = sum(len(it.text) for it in items)
        print(f"\n{name}: {len(items)} sentences, {size / 1e6:.2f} MB in {dt:.1f} s")
        for part in ("tune", "holdout", "all"):
            print(f"  {part:8s} {score(items, flagged, part)}")
        if args.by_cue:
            from collections import Counter

            good, bad = Counter(), Counter()
            for i, hs in hits.items():
                for rid, cue in {(r, c.lower()) for r, c in hs}:
                    (good if items[i].uncertain else bad)[f"{rid} {cue}"] += 1
            for key in sorted(set(good) | set(bad), key=lambda k: -(good[k] + bad[k]))[:80]:
                tot = good[key] + bad[key]
                print(f"    {key:40s} {tot:5d}  prec {good[key] / tot:.2f}")
        if args.show_misses:
            fns = [it for it, f in zip(items, flagged) if it.uncertain and not f]
            fps = [(i, it) for i, (it, f) in enumerate(zip(items, flagged)) if f and not it.uncertain]
            print(f"  -- missed (uncertain, not flagged): {len(fns)}")
            for it in fns[: args.show_misses]:
                print("    ", it.text[:200])
            print(f"  -- false alarms (certain, flagged): {len(fps)}")
            for i, it in fps[: args.show_misses]:
                print("    ", hits.get(i), it.text[:200])
    return 0


if __name__ == "__main__":
    sys.exit(main())
