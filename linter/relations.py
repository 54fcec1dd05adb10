"""Relations between the claims of a sentence: totals and parts, ratios, changes, and more.

The claim grammar says *what* each number or date is; this layer says how the claims of
one sentence hang together, so that the consistency checks only compare values. It reads
a token stream per sentence: the sentence's claims, each one token, and between them the
words and punctuation of the masked text. Small matchers walk that stream, anchored on
connector words ("including", "of whom", "from ... to", "(", ":"), and build `Relation`s.

Every matcher is deliberately narrow: a phrasing it does not know yields no relation,
and so no finding. Better to miss an inconsistency than to flag a consistent report.

Relation kinds and their members / attrs:

- ``subcount``   total, *parts        parts are subsets of the total ("including", "of whom",
                                      "Of the 40 cases, 12 ..."); attrs: connector, disjoint.
- ``breakdown``  total, *parts        an exhaustive list ("17 centers: 5 in A, 6 in B and 4 in C",
                                      "... and the remaining 25"); attrs: remainder (index).
- ``ratio``      part, whole[, pct]   "52 of the 64 detainees (89 percent)".
- ``change``     from, to[, pct]      "rose from 400 to 600, an increase of 50 percent";
                                      attrs: direction, factor, fraction, verb.
- ``extent``     range|period         a range or period that spans values or time (not a label
                                      such as "Law No. 94-12", not a change "from 50 to 12").
- ``share``      pct                  a percentage of a population ("90 percent of charges").
- ``span_of``    duration, period     "a five-year (2018-2022) program".
- ``weekday``    date                 "Monday, June 24, 2019"; attrs: weekday, at (Span).
- ``event``      date                 a date that a past-tense clause puts an event on.
- ``counted``    number               a count with its event context; attrs: key.
- ``table_sum``  total, *parts        a Total row or column of a table and the cells it sums;
                                      attrs: percent (bool), axis.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace
from typing import Iterable, Iterator

from .claims import Claim, ClaimSet, Relation
from .document import Cell, Document, Table
from .spans import Span

# --------------------------------------------------------------------------------------
# Tokens

_WORD = re.compile(r"[A-Za-z]+(?:['\u2019][A-Za-z]+)*|\d+(?:[.,]\d+)*|[^\sA-Za-z\d]")


class Tok:
    """A word, a punctuation mark, or one whole claim."""

    __slots__ = ("text", "start", "end", "claim", "in_noun")

    def __init__(self, text: str, start: int, end: int, claim: Claim | None = None,
                 in_noun: bool = False) -> None:
        self.text = text  # lowercased word or punctuation; the claim's text for a claim token
        self.start = start
        self.end = end
        self.claim = claim
        self.in_noun = in_noun  # a word of the preceding claim's counted noun phrase

    @property
    def span(self) -> Span:
        return Span(self.start, self.end)


GAP = "\u2026gap"  # stands for text skipped between two claims far apart
# Characters of context read before and after a claim. Dates need only their
# preposition and a weekday; quantities need their clause (connectors, change verbs).
_WINDOW = {"date": (25, 20), "period": (25, 20)}
# With a report period, dates need the clause before them (tense, "to begin in 2013").
_WINDOW_EVENTS = {"date": (90, 30), "period": (60, 30)}
_WIDE = (150, 160)


def tokenize(masked: str, span: Span, claims: Iterable[Claim],
             windows: dict[str, tuple[int, int]] = _WINDOW) -> list[Tok]:
    """Tokens of `masked[span]`: claims as single tokens, the rest as words/punctuation.

    Only the context near claims is read: a stretch of words far from any claim becomes
    one GAP token, which no matcher crosses (it is not a connector, number or comma).
    """
    toks: list[Tok] = []
    append = toks.append
    finditer = _WORD.finditer
    noun_a = noun_b = -1

    def words(a: int, b: int) -> None:
        for m in finditer(masked, a, b):
            st, en = m.span()
            append(Tok(m.group().lower(), st, en, None, noun_a <= st and en <= noun_b))

    pos = span.start
    after = 0  # context owed after the previous claim
    for c in claims:
        cs = c.span.start
        if cs < pos:  # overlapping claims: keep the first
            continue
        before, nxt = windows.get(c.kind, _WIDE)
        if cs - pos > before + after + 20:
            if after:
                cut = masked.find(" ", pos + after, cs)
                words(pos, cut)
            else:
                cut = pos
            append(Tok(GAP, cut, cut))
            words(max(masked.find(" ", cs - before, cs), pos), cs)
        else:
            words(pos, cs)
        append(Tok(c.text, cs, c.span.end, c))
        pos = c.span.end
        after = nxt
        if c.noun_span is not None and c.noun_span.start >= pos:
            noun_a, noun_b = c.noun_span.start, c.noun_span.end
    end = span.end
    if end - pos > after + 20:
        cut = masked.find(" ", pos + after, end)
        if cut > 0:
            words(pos, cut)
            append(Tok(GAP, cut, cut))
            return toks
    words(pos, end)
    return toks


# --------------------------------------------------------------------------------------
# Word classes (all lowercase)

# Words before a number that make it a label, not a count: "article 15", "resolution 5/1".
ID_WORDS = frozenset("""
article articles art paragraph paragraphs para paras section sections sec chapter chapters
resolution resolutions decision decisions law laws act acts decree decrees order orders no
nos number numbers item items page pages p pp rule rules principle principles protocol
protocols convention conventions code codes annex annexes table tables figure figures fig
recommendation recommendations session sessions meeting meetings amendment amendments clause
clauses part parts point points version level levels grade grades class phase phases category
categories priority goal goals target targets objective objectives aged age ages step steps vol
volume issue model cycle round rounds stage stages room district zone block bill ordinance rev
add corr doc bis ilo iso un unscr scr res cedaw ccpr cat crc crpd case cases file ref cap
platform line lines footnote note notes box appendix schedule regulation regulations directive
standing order instruction circular reg tel fax ext km kilometre kilometres mile miles dollar
route highway division unit units battalion brigade squad precinct ward cell block floor gate
camp building apartment flat house road street avenue term terms""".split())

# Units of measure the grammar may leave as a "counted noun": symbols it does not know
# ("m", "l", "kW", "Hz", "GB"), capitals ("KG", "MPH"), degrees, volts and cents, and the
# singular heads of "square metres", "sq km", "cubic feet", "metric tons", "km2".
UNIT_WORDS = frozenset("""kd kda da kg g mg ug ng ml l km m cm mm nm bp kb mb gb tb kw mw gw kwh ha
ton tonne metre meter mile mph kph degree degrees volt volts hz cent cents lb lbs oz foot feet inch
yard""".split())

# Words that end a noun phrase and begin something else.
BREAKERS = frozenset("""and but or while whereas although though because since which who whom
that where when several many some numerous various other others dozens hundreds thousands
millions most few all each every both either neither""".split())

DETERMINERS = frozenset("the a an these those all its their his her our some about around".split())

AUX = frozenset("were was are is be been being had has have will would shall should".split())

RISE = frozenset("""rose risen rise rises rising increased increase increases increasing grew grown
grow grows growing climbed climb climbs jumped jump jumps soared surged raised raise raises
expanded expand up growth upsurge upswing hike hiked boosted""".split())
FALL = frozenset("""fell fallen fall falls falling decreased decrease decreases decreasing declined
decline declines declining dropped drop drops dropping reduced reduce reduces reducing reduction
reductions lowered lower lowering cut cuts shrank shrunk diminished slid slumped plunged plummeted
down""".split())
CHANGE_NOUNS = frozenset("increase rise growth decrease decline drop reduction fall jump hike".split())
_CHANGE_WORDS = CHANGE_NOUNS | RISE | FALL

FACTORS = {"doubled": 2, "doubling": 2, "double": 2, "doubles": 2, "tripled": 3, "tripling": 3,
           "triple": 3, "trebled": 3, "quadrupled": 4, "quadrupling": 4, "halved": 0.5,
           "halving": 0.5, "twofold": 2, "threefold": 3, "fourfold": 4, "fivefold": 5,
           "sixfold": 6, "tenfold": 10}
FRACTION_COUNT = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}

# After "N percent of ...": a reference quantity, against which >100 percent is normal.
REFERENCE = frozenset("""gdp gnp gni capacity capacities target targets plan plans planned level levels
average averages wage wages salary salaries budget budgets income incomes cost costs price prices
value values norm norms quota quotas requirement requirements minimum maximum rate rates figure
figures amount amounts year years previous last prior baseline benchmark standard standards
threshold thresholds limit limits line output production revenue revenues spending expenditure
expenditures estimate estimates projection projections forecast allocation allocations goal goals
demand needs need size capita national median mean poverty prewar pre original initial total
increase growth turnover volume fees fee taxes tax contributions payments earnings counterparts
peers pensions pension benefits dues fines arrears debt debts""".split())
POPULATION = frozenset("""population populations workforce electorate respondents them all those
people persons cases children women men girls boys""".split())
_RATE_WORDS = frozenset("""enrolment enrollment enrolled gross ratio rate rates coverage index
occupancy overcrowding utilization utilisation execution fulfilment fulfillment""".split())
SHARE_VERBS = frozenset("""accounted account accounts constituted constitute constitutes made make makes
represented represent represents comprised comprise comprises formed form forms""".split())

_COMPARATIVES = frozenset("""higher lower more less fewer greater larger smaller up down above below
over under""".split())

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

IRREGULAR_PAST = frozenset("""was were had did took held made met began said gave went came became
saw told left brought sent found kept led paid sold spent stood won wrote fled fought got knew lost
ran rose fell grew set put cut hit struck sought taught thought built caught chose drew drove broke
forbade froze hid hung lay meant rode rang shot shut spoke stole swore threw understood woke wore
withdrew undertook overthrew sentenced arose bore beat bought dealt dug fed felt forgave heard
laid lent let lit read rid sank sat slew sped spun spread sprang stuck stung strove swept swam
swung tore thrust upheld wept wound""".split())
NOT_PAST = frozenset("""united limited red hundred need needed indeed speed proceed exceed succeed
seed bed feed shed wed breed bred embed based related concerned interested so called so-called
detailed skilled disabled aged registered unrecorded unemployed alleged armed""".split())
FUTURE = frozenset("""will shall would plan plans planned planning schedule scheduled expected expects
expect intends intend intended intending aims aim aimed due upcoming forthcoming next proposed
propose proposes envisaged envisages envisage foreseen projected target targeted deadline
anticipated anticipates pending prospective may might could should being envision
envisions""".split())
# A date right after these is a deadline, a span end or a status date, not an event.
NOT_EVENT_BEFORE = frozenset("by until till through to since as before from between".split())
EVENT_BEFORE = frozenset("in on during early late mid end beginning".split())

# Nouns general enough to be the total of a bare comma list ("58 people, 20 men, 30 women
# and 8 children"); a specific noun ("21 students, 19 workers and 18 journalists") is a peer.
COLLECTIVE = frozenset("""people persons individuals victims casualties civilians deaths fatalities
detainees prisoners inmates cases members participants respondents children""".split())


def is_past_word(w: str) -> bool:
    if w in NOT_PAST:
        return False
    return w in IRREGULAR_PAST or (len(w) > 4 and w.endswith("ed"))


_IRREGULAR_PLURALS = {"men": "man", "women": "woman", "children": "child", "people": "person",
                      "persons": "person", "police": "police", "staff": "staff"}


def head(noun: str | None) -> str | None:
    """A counted noun's head word, crudely singular: "Kazakhstani citizens" -> "citizen"."""
    if not noun:
        return None
    words = re.findall(r"[A-Za-z]+", noun.lower())
    if not words:
        return None
    w = words[-1]
    if w in _IRREGULAR_PLURALS:
        return _IRREGULAR_PLURALS[w]
    if w.endswith("ies") and len(w) > 4:
        return w[:-3] + "y"
    if w.endswith(("ches", "shes", "sses", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith("ss") and len(w) > 3:
        return w[:-1]
    return w


# --------------------------------------------------------------------------------------
# Sentence view


class Sent:
    """One sentence as a token list, with the questions the matchers ask of it."""

    def __init__(self, doc: Document, span: Span, claims: list[Claim]) -> None:
        self.doc = doc
        self.span = span
        self.toks = toks = tokenize(doc.masked, span, claims,
                                    _WINDOW if doc.period is None else _WINDOW_EVENTS)
        self.n = len(toks)
        self.words = [t.text if t.claim is None else "" for t in toks]
        self.claims = [t.claim for t in toks]
        self.claim_at = [i for i, c in enumerate(self.claims) if c is not None]

    def __len__(self) -> int:
        return self.n

    def word(self, i: int) -> str:
        """The word at i ("" for a claim or out of range)."""
        return self.words[i] if 0 <= i < self.n else ""

    def claim(self, i: int) -> Claim | None:
        return self.claims[i] if 0 <= i < self.n else None

    def claims_of(self, *kinds: str) -> Iterator[tuple[int, Claim]]:
        """(index, claim) of the claim tokens of these kinds, in order."""
        cl = self.claims
        for i in self.claim_at:
            if cl[i].kind in kinds:
                yield i, cl[i]

    def prev_word(self, i: int, skip: frozenset[str] = frozenset()) -> tuple[int, str]:
        j = i - 1
        while j >= 0 and self.toks[j].claim is None and self.toks[j].text in skip:
            j -= 1
        return j, self.word(j)

    def is_identifier(self, i: int) -> bool:
        """A number that labels something ("article 15", "5/1", "(3)") rather than counts."""
        t = self.toks[i]
        _, w = self.prev_word(i, frozenset((".", "(", "#", "n", "\u00b0", "º")))
        if w in ID_WORDS:
            return True
        nxt = self.word(i + 1)
        if nxt == "/" or (nxt == "." and self.word(i + 2).isdigit()):
            return True
        if nxt == ")" and self.word(i - 1) == "(" and t.claim is not None \
                and t.claim.kind == "number":  # "(3)": an item number
            return True
        if self.word(i - 1) in ("/", "\u00a7"):
            return True
        if nxt in ("-", "\u2013") and self.word(i + 2).isdigit():
            return True
        return t.text.startswith("(") and t.text.endswith(")")

    def is_count(self, i: int, allow_money: bool = False) -> bool:
        """A plain counted quantity (not a label, a modifier, a year or an age)."""
        c = self.claim(i)
        if c is None or c.value is None or c.adjectival:
            return False
        if c.kind == "money":
            return allow_money and c.rate is None  # "$1.27 a share": a rate, not an amount
        if c.kind != "number" or c.unit not in (None, ""):
            return False
        if c.value != int(c.value):  # "93.15 Prioritize ...": a paragraph label, not a count
            return False
        if head(c.noun) in UNIT_WORDS or self.word(i + 1) in UNIT_WORDS:
            return False  # "85 kD": a measure the grammar did not read as one
        if self.is_identifier(i):
            return False
        if self.word(i + 1) in ("years", "year") and self.word(i + 2) == "old":
            return False
        return self.word(i + 1) not in ("th", "st", "nd", "rd")

    def noun_end(self, i: int) -> int:
        """Index after claim i's counted noun phrase (i + 1 when it has none)."""
        j = i + 1
        while j < len(self.toks) and self.toks[j].in_noun:
            j += 1
        return j


def _sentences(doc: Document, claims: ClaimSet) -> Iterator[tuple[Span, list[Claim]]]:
    """Each sentence that holds at least one claim, with its claims."""
    sents = doc.sentences
    j, cur, out = 0, -1, []
    for c in claims:
        while j < len(sents) and sents[j].span.end <= c.span.start:
            j += 1
        if j >= len(sents):
            break
        if sents[j].span.start > c.span.start:
            continue
        if j != cur:
            if out:
                yield sents[cur].span, out
            cur, out = j, []
        out.append(c)
    if out:
        yield sents[cur].span, out


def _rel(kind: str, members: Iterable[Claim], **attrs: object) -> Relation:
    ms = tuple(members)
    span = Span(min(m.span.start for m in ms), max(m.span.end for m in ms))
    return Relation(kind, span, ms, tuple(attrs.items()))


# --------------------------------------------------------------------------------------
# Totals and their parts

_CLAUSE_END = frozenset((";", ".", ":", "!", "?"))
_LIST_SKIP = frozenset(("and", ",", "the", "another", "a", "further", "as", "well", "plus"))
_NOT_EXHAUSTIVE = frozenset("""including include includes such e g eg among inter alia example instance
least etc some more over approximately about around nearly almost""".split())
_EXHAUSTIVE_CONNECTORS = {
    ("namely",): "namely", ("comprising",): "comprising", ("consisting", "of"): "consisting of",
    ("composed", "of"): "composed of", ("made", "up", "of"): "made up of",
    ("divided", "into"): "divided into", ("broken", "down", "into"): "broken down into",
    ("i", ".", "e", "."): "i.e.", ("that", "is", ","): "that is",
}
_SUB_CONNECTORS = {
    ("including",): "including", ("incl", "."): "incl.", ("among", "them"): "among them",
    ("among", "whom"): "among whom", ("among", "which"): "among which",
    ("among", "these"): "among these", ("amongst", "them"): "amongst them",
    ("of", "whom"): "of whom", ("of", "which"): "of which", ("of", "these"): "of these",
    ("of", "those"): "of those", ("of", "them"): "of them", ("out", "of", "whom"): "out of whom",
    ("out", "of", "which"): "out of which",
}


def _index(table: dict[tuple[str, ...], str]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for words, name in table.items():
        by_first.setdefault(words[0], []).append((words, name))
    return by_first


_SUB_INDEX = _index(_SUB_CONNECTORS)
_SUB_FIRST = frozenset(_SUB_INDEX) | {"of", "among", "out"}
_EXHAUSTIVE_INDEX = _index(_EXHAUSTIVE_CONNECTORS)


def _match(s: Sent, i: int, index: dict[str, list[tuple[tuple[str, ...], str]]]) -> tuple[int, str] | None:
    """The connector phrase starting at token i, as (number of tokens, name)."""
    cands = index.get(s.word(i))
    if not cands:
        return None
    for words, name in cands:
        if all(s.word(i + k) == w for k, w in enumerate(words[1:], 1)):
            return len(words), name
    return None


@dataclass
class _Part:
    tok: int
    remainder: bool = False
    others: bool = False  # "and 12 others"
    dated: bool = False  # its phrase holds a date: "40 in April"


def _total_before(s: Sent, i: int, money: bool = True) -> int | None:
    """The count whose noun phrase runs up to token i ("595 citizens from Syria, | including")."""
    j = i - 1
    steps = 0
    while j >= 0 and steps < 9:
        t = s.toks[j]
        if t.claim is not None:
            if t.claim.kind in ("date", "period"):
                j -= 1
                steps += 1
                continue
            if s.is_count(j, allow_money=money) and not _object_of_count(s, j):
                return j
            return None
        if not t.in_noun and (t.text in BREAKERS or t.text in _CLAUSE_END or t.text in ("(", ")")
                              or t.text == GAP):
            return None
        j -= 1
        steps += 1
    return None


_PREPS = frozenset("from of in by with among to for across at on per".split())


def _object_of_count(s: Sent, j: int) -> bool:
    """ "123 recommendations from 60 countries": 60 follows another count's noun and a
    preposition, so "..., 96 of which" may belong to either; the total is ambiguous."""
    k = j - 1
    while k >= 0 and s.word(k) in DETERMINERS:
        k -= 1
    if s.word(k) not in _PREPS:
        return False
    for q in range(k - 1, max(k - 6, -1), -1):
        t = s.toks[q]
        if t.claim is not None:
            return s.is_count(q, allow_money=True)
        if t.text in BREAKERS or t.text in _CLAUSE_END or t.text in (",", "(", ")", GAP):
            return False
    return False


def _parts_after(s: Sent, k: int, money_unit: str | None, limit: int) -> list[_Part]:
    """A coordinated list of counts starting at token k: "33 men, 12 women and 4 children"."""
    parts: list[_Part] = []
    n = min(len(s), limit)
    while k < n:
        remainder = others = False
        skipped = 0
        while k < n and s.toks[k].claim is None and skipped < 5:
            w = s.toks[k].text
            if w in ("remaining", "remainder", "rest"):
                remainder = True
            elif w in ("other",):
                others = True
            elif w not in _LIST_SKIP and w not in ("of", "which", "whom", "them", "these"):
                break
            k += 1
            skipped += 1
        if k >= n:
            break
        c = s.claim(k)
        if c is None:
            break
        ok = s.is_count(k, allow_money=money_unit is not None)
        if ok and money_unit is not None and (c.kind != "money" or c.unit != money_unit):
            ok = False
        if not ok:
            break
        if c.noun and head(c.noun) in ("year", "month", "day", "week", "hour", "time"):
            break
        e = s.noun_end(k)
        if s.word(e) in ("others", "other") or head(c.noun) == "other":
            others = True
        parts.append(_Part(k, remainder, others))
        # Walk this part's phrase to the next separator.
        j, phrase = e, 0
        while j < n and phrase < 12:
            t = s.toks[j]
            if t.claim is not None and t.claim.kind not in ("date", "period"):
                break
            if t.claim is not None:
                parts[-1].dated = True
            if t.claim is None and (t.text in (",", "and") or t.text in _CLAUSE_END or t.text == ")"):
                break
            if t.claim is None and _match(s, j, _SUB_INDEX):
                if len(parts) > 1:  # "..., and 40 in April, including 35 men": a new total
                    parts.pop()
                return parts
            j += 1
            phrase += 1
        if len(parts) > 1 and (_match(s, j + 1, _SUB_INDEX) if s.word(j) == "," else None):
            parts.pop()  # this "part" has subcounts of its own, so it is a second total
            break
        if j >= n or s.word(j) not in (",", "and"):
            break
        # After the separator the next item must start with a count (maybe "and the remaining").
        q = j
        while q < n and s.toks[q].claim is None and s.toks[q].text in ("and", ",", "the", "another",
                                                                        "remaining", "other", "a",
                                                                        "further", "rest", "of"):
            q += 1
        if q >= n or not s.is_count(q, allow_money=money_unit is not None):
            break
        k = j
    return parts


def _phrase_end(s: Sent, i: int) -> int:
    """End of claim i's part phrase in a list: the next ',', 'and', ')' or clause end."""
    j = s.noun_end(i)
    while j < len(s) and s.toks[j].claim is None and s.toks[j].text not in (",", "and", ")") \
            and s.toks[j].text not in _CLAUSE_END:
        j += 1
    return j


def _is_enumeration(s: Sent, parts: list[_Part]) -> bool:
    """"(1) ..., (2) ... and (3) ...": list numbers, not counts."""
    vals = [s.toks[p.tok].claim.value for p in parts]
    return len(vals) >= 2 and all(v == k + 1 for k, v in enumerate(vals))


def _subcounts(s: Sent, out: list[Relation]) -> None:
    toks = s.toks
    words = s.words
    used_totals: set[int] = set()
    for i, t in enumerate(toks):
        if words[i] not in _SUB_FIRST:
            continue
        m = _match(s, i, _SUB_INDEX)
        if m is not None:
            width, name = m
            if s.word(i - 1) in ("not", "without"):
                continue
            # "52 of whom": the count before the connector is a part, the total precedes it.
            if name in ("of whom", "of which", "of them", "of these", "of those", "out of whom",
                        "out of which") and i > 0 and s.is_count(i - 1):
                part = i - 1
                total = _total_before(s, _lead_in(s, part), money=False)
                if total is None or total in used_totals:
                    continue
                _emit_sub(s, out, total, [_Part(part)], name)
                continue
            total = _total_before(s, i)
            if total is None:
                continue
            tc = toks[total].claim
            parts = _parts_after(s, i + width, tc.unit if tc.kind == "money" else None, len(s))
            if parts and not _is_enumeration(s, parts):
                used_totals.add(total)
                _emit_sub(s, out, total, parts, name)
            continue
        # "Of the 40 cases, 52 were transferred": a clause that opens with "of" + total.
        if t.text in ("of", "among", "out") and (i == 0 or s.word(i - 1) in (",", ";", "(")):
            k = i + 1
            while k < len(s) and s.word(k) in ("the", "these", "those", "all", "a", "total", "of"):
                k += 1
            if k >= len(s) or not s.is_count(k):
                continue
            j = s.noun_end(k)
            steps = 0
            while j < len(s) and s.word(j) != "," and steps < 8:
                if s.claim(j) is not None and s.claim(j).kind not in ("date", "period"):
                    break
                if s.word(j) in _CLAUSE_END or s.word(j) in BREAKERS:
                    break
                j += 1
                steps += 1
            if s.word(j) != ",":
                continue
            parts = _parts_after(s, j + 1, None, len(s))
            if parts and not _is_enumeration(s, parts):
                used_totals.add(k)
                _emit_sub(s, out, k, parts, "of")


def _lead_in(s: Sent, part: int) -> int:
    """Token index where the part's lead-in starts: skips a comma before "52 of whom"."""
    j = part
    while j > 0 and s.word(j - 1) in (",", "("):
        j -= 1
    return j


# Groups by sex and age: parts named by these ("300 women and 400 children") are taken as
# disjoint, and so are parts named by other nouns ("journalists and activists") or by
# place ("12 in Almaty and 9 in Astana"); a mix ("20 women and 15 students") may overlap.
_DEMOGRAPHIC = frozenset("man woman boy girl child minor adult male female juvenile".split())


# Totals that count groups or places, not people: "2 families, including 5 children".
CONTAINERS = frozenset("""group team family household unit delegation category type kind batch round
session wave convoy vehicle bus boat flight camp centre center shelter facility prison village
town city district province region country state organization organisation ngo party union
association committee commission court school class ship truck car building home house
community tribe clan""".split())


def _container_of_people(total: Claim, parts: list[Claim]) -> bool:
    return head(total.noun) in CONTAINERS and any(
        head(p.noun) in _DEMOGRAPHIC or head(p.noun) in ("person", "people") for p in parts)


def _disjoint(nouns: list[str | None]) -> bool:
    heads = [h for h in (head(n) for n in nouns) if h is not None]
    if len(set(heads)) < len(heads):
        return False
    demo = [h in _DEMOGRAPHIC for h in heads]
    return all(demo) or not any(demo)


def _emit_sub(s: Sent, out: list[Relation], total: int, parts: list[_Part], connector: str) -> None:
    tc = s.toks[total].claim
    if len(parts) > 1 and any(s.claim(j) is not None and s.claim(j).kind in ("date", "period")
                              for j in range(total + 1, parts[0].tok)):
        # "30 people in March, including 10 women, and 40 in April": a part dated like the
        # total is a parallel total, and the list ends before it.
        cut = next((k for k, p in enumerate(parts) if k and p.dated), len(parts))
        parts = parts[:cut]
    if _container_of_people(tc, [s.toks[p.tok].claim for p in parts]):
        return
    members = [tc] + [s.toks[p.tok].claim for p in parts]
    remainder = next((k + 1 for k, p in enumerate(parts) if p.remainder), None)
    if remainder is not None or any(p.others for p in parts[1:]) and len(parts) >= 2:
        out.append(_rel("breakdown", members, connector=connector, remainder=remainder,
                        exhaustive=True))
        return
    out.append(_rel("subcount", members, connector=connector,
                    disjoint=len(parts) > 1 and _disjoint([m.noun for m in members[1:]])))
    # "Of the 37 secretaries, 17 (45.9 per cent) were women": the part's share of the total.
    if tc.kind == "number" and tc.bound == "exact":
        for p in parts:
            e = s.noun_end(p.tok)
            k = _percent_near(s, e, e + 3)
            if k is not None and s.toks[p.tok].claim.bound == "exact":
                out.append(_rel("ratio", (s.toks[p.tok].claim, tc, s.toks[k].claim)))


_COLLECTIVE_HEADS = frozenset(head(w) for w in COLLECTIVE)


def _breakdowns(s: Sent, out: list[Relation], taken: set[int]) -> None:
    """A total then an exhaustive list: "17 centers: 5 in A, 6 in B and 4 in C"."""
    for i in s.claim_at:
        t = s.toks[i]
        if t.claim is None or id(t.claim) in taken or not s.is_count(i, allow_money=True):
            continue
        e = s.noun_end(i)
        opener = s.word(e)
        width = 1
        form = None
        if opener in (":", "(", "\u2014"):
            form = opener
        elif opener == "," and (conn := _match(s, e + 1, _EXHAUSTIVE_INDEX)):
            form, width = conn[1], 1 + conn[0]
        elif (conn := _match(s, e, _EXHAUSTIVE_INDEX)):
            form, width = conn[1], conn[0]
        elif opener == ",":
            form = ","
        else:
            # "A total of 58 people were killed: 20 in ...": a short verb phrase, then a colon
            k = e
            while k < len(s) and k - e < 4 and s.toks[k].claim is None and s.word(k).isalpha() \
                    and s.word(k) not in BREAKERS and s.word(k) not in _NOT_EXHAUSTIVE:
                k += 1
            if s.word(k) == ":" and k > e and any(is_past_word(s.word(q)) for q in range(e, k)):
                form, e = ":", k
        if form is None:
            continue
        if form == ":" and s.word(e + 1) in ("(", "a", "i"):
            continue
        limit = len(s)
        if form == "(":
            close = next((j for j in range(e + 1, len(s)) if s.word(j) == ")"), None)
            if close is None:
                continue
            limit = close
        money = t.claim.unit if t.claim.kind == "money" else None
        parts = _parts_after(s, e + width, money, limit)
        if len(parts) < 2 or _is_enumeration(s, parts):
            continue
        last = parts[-1].tok
        # Exhaustive only when the last part is joined by "and" and the list ends the clause.
        joined = [s.word(j) for j in range(_phrase_end(s, parts[-2].tok), last)]
        if "and" not in joined:
            continue
        end = _phrase_end(s, last)
        if form == "(" and end != limit:
            continue
        if form != "(" and end < len(s) and s.word(end) not in _CLAUSE_END and s.word(end) != ",":
            continue
        # "..., among others", "etc." right after the list also make it incomplete
        tail = end + 1 if s.word(end) == "," else end
        words = {s.word(j) for j in range(e, min(tail + 2, len(s)))}
        if words & _NOT_EXHAUSTIVE:
            continue
        if any(s.toks[p.tok].claim.bound not in ("exact",) for p in parts):
            continue
        if form == ",":
            # The riskiest shape ("58 people, 20 men, 30 women and 8 children"): the total must
            # be a collective noun and every part a bare "count noun" pair.
            if head(t.claim.noun) not in _COLLECTIVE_HEADS or s.word(i - 1) in (":", ",", ";"):
                continue
            if any(_phrase_end(s, p.tok) - p.tok > 3 or s.toks[p.tok].claim.noun is None
                   for p in parts):
                continue
            if any(head(s.toks[p.tok].claim.noun) == head(t.claim.noun) for p in parts):
                continue
        members = [t.claim] + [s.toks[p.tok].claim for p in parts]
        if _container_of_people(t.claim, members[1:]):
            continue  # "2 groups: 5 men and 3 women"
        remainder = next((k + 1 for k, p in enumerate(parts) if p.remainder), None)
        out.append(_rel("breakdown", members, connector=form, remainder=remainder, exhaustive=True))
        taken.add(id(t.claim))


# --------------------------------------------------------------------------------------
# Ratios "52 of the 64 detainees (89 percent)"

_PCT_LEAD = frozenset("""( , or i e . representing represents which that is some about around
approximately roughly nearly almost just over under — - – accounting account for equivalent to
equal equals amounting amounts making""".split()) | {"\u2014", "\u2013"}


def _percent_near(s: Sent, a: int, b: int) -> int | None:
    """A percent claim in tokens [a, b) reached only over lead-in words, and not a share of
    some other base ("12 percent of whom ...")."""
    for j in range(a, min(b, len(s))):
        c = s.claim(j)
        if c is not None:
            if c.kind != "percent" or c.unit not in ("%", None):
                return None
            if s.word(j + 1) in CHANGE_NOUNS or s.word(j + 1) in _COMPARATIVES:
                return None  # "(40 percent increase)", "(20 percent higher)"
            if s.word(j + 1) == "of" and not (s.word(j + 2) == "all" or s.word(j + 2) == "the"
                                              and s.word(j + 3) in ("total", "whole")):
                return None
            return j
        if s.word(j) not in _PCT_LEAD:
            return None
    return None


def _ratios(s: Sent, out: list[Relation]) -> None:
    for i in s.claim_at:
        t = s.toks[i]
        if t.claim is None or not s.is_count(i):
            continue
        j = s.noun_end(i)
        if s.word(j) == "out":
            j += 1
        elif j > i + 1:
            continue  # "seven regions of seven institutes": a noun between, no ratio
        if s.word(j) != "of":
            continue
        k = j + 1
        while s.word(k) in ("the", "these", "those", "all", "a", "total"):
            k += 1
        if k >= len(s) or not s.is_count(k) or s.claim(k).bound != "exact":
            continue
        part, whole = t.claim, s.claim(k)
        pe = s.noun_end(k)
        # skip a short noun phrase the grammar did not attach: "of 64 detainees held"
        q = pe
        while q < len(s) and q - pe < 4 and s.toks[q].claim is None and s.word(q) not in _PCT_LEAD \
                and s.word(q) not in _CLAUSE_END:
            q += 1
        p = _percent_near(s, q, q + 4)
        pct = s.claim(p) if p is not None else None
        if pct is None:
            # "89 percent (52 of 64)": a percent just before the part.
            b = i - 1
            while b >= 0 and s.word(b) in ("(", ",", "or", "\u2014", "-", "i", "e", "."):
                b -= 1
            c = s.claim(b)
            if c is not None and c.kind == "percent" and b < i - 1 and s.word(i - 1) in ("(", ",",
                                                                                       "\u2014"):
                pct = c
        members = (part, whole) + ((pct,) if pct is not None else ())
        out.append(_rel("ratio", members))
    # "1,200 households, or 15 percent of the 10,000 in the district"
    for p, pct in s.claims_of("percent"):
        if s.word(p + 1) != "of":
            continue
        k = p + 2
        while s.word(k) in ("the", "all", "a", "total"):
            k += 1
        if k >= len(s) or not s.is_count(k) or s.claim(k).bound != "exact":
            continue
        # "40 percent of the 120 detainees, or 60 people" / "(about 640 people)"
        a = s.noun_end(k)
        if s.word(a) in (",", "(") and (s.word(a + 1) == "or" or s.word(a) == "("):
            q = a + 1 + (s.word(a + 1) == "or")
            if s.is_count(q) and s.word(s.noun_end(q)) in (")", ",", ".", ";", "were", "are", "was"):
                out.append(_rel("ratio", (s.claim(q), s.claim(k), pct)))
                continue
        b = p - 1
        while b >= 0 and s.word(b) in ("(", ",", "or", "\u2014", "-", "i", "e", ".", "some"):
            b -= 1
        lead = b
        if s.claim(b) is not None and s.claim(b).kind in ("date", "period") \
                and s.word(b - 1) in ("in", "during", "since"):
            b -= 2  # "1,234 complaints in 2019, or 12 percent of ..."
        while b >= 0 and s.toks[b].in_noun:
            b -= 1
        if lead == p - 1 or b < 0 or not s.is_count(b) or s.claim(b).bound != "exact":
            continue
        out.append(_rel("ratio", (s.claim(b), s.claim(k), pct)))


# --------------------------------------------------------------------------------------
# Changes "rose from 400 to 600 (up 50 percent)"


def _change_words(s: Sent, a: int, b: int) -> tuple[int | None, str | None]:
    """The change word nearest before token b (not before a): (index, direction)."""
    for j in range(b - 1, a - 1, -1):
        w = s.word(j)
        if w in FACTORS:
            return j, ("up" if FACTORS[w] > 1 else "down")
        if w in RISE and not (w == "up" and s.word(j - 1) in ("set", "made", "make", "sets")):
            return j, "up"
        if w in FALL and not (w == "down" and s.word(j - 1) in ("set", "laid", "lay", "handed",
                                                                   "hand", "sets", "lays")):
            return j, "down"
    return None, None


_RANK_WORDS = frozenset("rank ranks ranked ranking rankings place position positions".split())

_HEDGES = {"more": "more", "over": "more", "nearly": "nearly", "almost": "nearly",
           "close": "nearly", "about": "about", "roughly": "about", "approximately": "about",
           "some": "about", "around": "about", "than": "more"}


def _factor(s: Sent, a: int, b: int) -> tuple[float, str, str | None] | None:
    """A factor word in tokens [a, b): "doubled", "a fourfold decline" -> (factor, word, hedge)."""
    for j in range(a, min(b, len(s))):
        w = s.word(j)
        if w in FACTORS:
            return FACTORS[w], w, _HEDGES.get(s.word(j - 1))
    return None


def _pair(a: Claim | None, b: Claim | None) -> tuple[Claim, Claim] | None:
    """The two ends of a change on one scale: "to 9 from 7 percent" reads 9 as 9 percent."""
    if a is None or b is None:
        return None
    if a.kind == "number" and b.kind == "percent" and a.unit is None:
        a = _as_percent(a)
    elif b.kind == "number" and a.kind == "percent" and b.unit is None:
        b = _as_percent(b)
    return (a, b) if _same_kind(a, b) else None


def _same_kind(a: Claim, b: Claim) -> bool:
    if a.kind != b.kind:
        return False
    if a.kind == "money":
        return a.unit == b.unit
    if a.kind == "duration":
        return a.unit == b.unit
    if a.kind == "percent":
        return a.unit == b.unit
    return a.kind == "number"


def _num(s: Sent, j: int) -> Claim | None:
    c = s.claim(j)
    if c is None or c.value is None or c.kind not in ("number", "percent", "money", "duration"):
        return None
    if c.kind == "number" and (s.is_identifier(j) or c.unit not in (None, "")):
        return None
    return c


def _clause_bounds(s: Sent, i: int) -> tuple[int, int]:
    """Token range of the clause around i: up to 25 tokens back and 16 ahead, not past a
    semicolon, a colon or skipped text."""
    a = i
    while a > 0 and s.word(a - 1) not in (";", ":", GAP) and a > i - 25:
        a -= 1
    b = i
    while b < len(s) and s.word(b) not in (";", GAP) and b < i + 16:
        b += 1
    return a, b


def _changes(s: Sent, out: list[Relation]) -> None:
    words = s.words
    for i, t in enumerate(s.toks):
        if words[i] not in ("from", "to") and (t.claim is None or t.claim.kind != "range"):
            continue
        frm = to = None
        if t.claim is not None and t.claim.kind == "range" and len(t.claim.parts) == 2 \
                and t.claim.text.lower().startswith("from"):
            frm, to = t.claim.parts
            if frm.value is None or to.value is None:
                continue
            # a range's ends may carry the range's unit only on one side
            if t.claim.unit == "%" and (frm.kind != "percent" or to.kind != "percent"):
                frm = _as_percent(frm)
                to = _as_percent(to)
            start, end = i, i + 1
        elif t.claim is None and t.text == "from":
            a = _num(s, i + 1)
            if a is None:
                continue
            k = s.noun_end(i + 1)
            steps = 0
            while k < len(s) and s.word(k) != "to" and steps < 5:
                if s.claim(k) is not None and s.claim(k).kind not in ("date", "period"):
                    break
                if s.word(k) in _CLAUSE_END or s.word(k) in ("and", "from", GAP):
                    break
                k += 1
                steps += 1
            pair = _pair(a, _num(s, k + 1)) if s.word(k) == "to" else None
            if pair is None:
                continue
            (frm, to), start, end = pair, i, s.noun_end(k + 1)
        elif t.claim is None and t.text == "to":
            # "rose to 600 from 400"
            b = _num(s, i + 1)
            k = s.noun_end(i + 1)
            pair = _pair(_num(s, k + 1), b) if b is not None and s.word(k) == "from" else None
            if pair is None:
                continue
            (frm, to), start, end = pair, i, s.noun_end(k + 1)
        else:
            continue
        ca, cb = _clause_bounds(s, start)
        v, direction = _change_words(s, max(ca, start - 10), start)
        near = v is not None and _between_ok(s, v, start)
        if not near:
            # A change word further back in the clause still makes this a change (so not a
            # reversed range), but too loosely tied to it to check the words against it.
            v, direction = _change_words(s, ca, start)
            if v is None:
                continue
            out.append(_rel("change", (frm, to), direction=direction, verb=s.word(v), near=False))
            continue
        if any(s.word(j) in _RANK_WORDS for j in range(ca, min(cb, len(s)))):
            # "rose from 120 to 80 in the ranking": a smaller rank number is a rise; still a
            # change (so not a reversed range), but not one to check the words against
            out.append(_rel("change", (frm, to), direction=direction, verb=s.word(v), near=False))
            continue
        attrs: dict[str, object] = {"direction": direction, "verb": s.word(v), "near": True}
        f = _factor(s, max(ca, v - 3), start) or _factor(s, end, min(cb, end + 4))
        if f is not None:
            attrs["factor"], attrs["factor_word"], attrs["hedge"] = f
        fr = _fraction(s, v + 1, start) or _fraction(s, end, min(cb, end + 5))
        if fr is not None:
            attrs["fraction"], attrs["fraction_text"] = fr
        pct = _change_percent(s, v, start, end, cb)
        members = (frm, to) + ((pct,) if pct is not None else ())
        out.append(_rel("change", members, **attrs))


def _between_ok(s: Sent, v: int, start: int) -> bool:
    """The change word and "from" stay within one verb phrase: few words, no other figure."""
    return start - v <= 8 and not any(
        s.word(j) in (";", "while", "whereas", "but", GAP) or
        (s.claim(j) is not None and s.claim(j).kind not in ("date", "period", "percent")
         and not (s.word(j - 1) == "by" and s.claim(j).value is not None and 0 < s.claim(j).value < 1))
        for j in range(v + 1, start))


def _as_percent(c: Claim) -> Claim:
    return replace(c, kind="percent", unit="%")


_FRACTION_UNITS = {"half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
                   "fifth": 5, "fifths": 5}


def _fraction(s: Sent, a: int, b: int) -> tuple[float, str] | None:
    """ "by half", "by a third", "by two thirds" in tokens [a, b) -> (fraction, words)."""
    for j in range(a, min(b, len(s) - 1)):
        if s.word(j) != "by":
            continue
        c = s.claim(j + 1)
        if c is not None and c.kind == "number" and c.value is not None and 0 < c.value < 1:
            return float(c.value), "by " + c.text  # the grammar read "a third" as a numeral
        n, f = s.word(j + 1), s.word(j + 2)
        if n == "half":
            return 0.5, "by half"
        if n in FRACTION_COUNT and f in _FRACTION_UNITS:
            return FRACTION_COUNT[n] / _FRACTION_UNITS[f], f"by {n} {f}"
    return None


def _change_percent(s: Sent, v: int, start: int, end: int, cb: int) -> Claim | None:
    """The percent stating the size of the change, if the clause gives one."""
    # before "from": "rose 50 percent from", "rose by 50 percent from", "a 50 percent increase from"
    for j in range(max(v - 3, 0), start):
        c = s.claim(j)
        if c is not None and c.kind == "percent":
            if j > v and (s.word(j - 1) in ("by", "of") or j == v + 1):
                return c
            if j < v and s.word(j + 1) in _CHANGE_WORDS:  # "a 50 percent increase from"
                return c
    # after the "to" value: ", an increase of 50 percent", "(up 50 percent)", "or 50 percent"
    j, steps = end, 0
    while j < min(cb, len(s)) and steps < 6:
        c = s.claim(j)
        if c is not None:
            if c.kind == "percent":
                lead = [s.word(q) for q in range(end, j)]
                if set(lead) & (_CHANGE_WORDS | {"or", "by"}):
                    return c
            return None
        w = s.word(j)
        if w in _CLAUSE_END or w in ("and", "while", "whereas", "but", "compared", "against"):
            return None
        j += 1
        steps += 1
    return None


# --------------------------------------------------------------------------------------
# Extents: ranges and periods that span values or time (not labels, codes or changes)

# Votes and scores: "the vote was split between 55 and 45 percent", "ruled from 5 to 4"
# run high to low, and are not ranges.
_SCORE_WORDS = frozenset("""ruled voted vote votes ruling decision decisions majority won win wins
beat beating defeated defeat lost loss score scored scores victory verdict split tally""".split())


def _extents(s: Sent, out: list[Relation], changed: set[Span]) -> None:
    for i in s.claim_at:
        t = s.toks[i]
        c = t.claim
        if c is None or c.kind not in ("range", "period"):
            continue
        if any(p.span in changed for p in c.parts) or c.span in changed:
            continue
        if s.is_identifier(i) or s.word(i + 1) in ("-", "\u2013", "/", ".") and s.word(i + 2).isdigit():
            continue
        if s.word(i - 1) in ("-", "\u2013", "/", "."):  # the tail of a code: "A/HRC/14/10-12"
            continue
        if c.kind == "range" and not c.text.lower().startswith(("from", "between", "ranging")):
            # "1,141 to 406": a bare pair of numbers is as often a vote, ratio, code or
            # phone number as a range
            continue
        if c.kind == "range" and ((c.low or 0) < 0 or (c.high or 0) < 0):
            continue  # "-326 to -615": positions counted backwards (upstream of a gene)
        if s.word(i + 1) in ("bc", "bce", "b") or s.word(i + 1) == "before" \
                and s.word(i + 2) == "christ":
            continue  # "3000 to 2000 BCE": years counted down
        if c.kind == "range" and ({s.word(i - 1), s.word(i - 2), s.word(i + 1)} & _SCORE_WORDS):
            continue
        out.append(_rel("extent", (c,)))


# --------------------------------------------------------------------------------------
# Shares "as many as 90 percent of charges"


_CHANGE_BEFORE = _CHANGE_WORDS | frozenset(FACTORS) | frozenset(
    "by more higher over above exceed exceeded exceeding times".split())
_CHANGE_AFTER = _CHANGE_WORDS | _COMPARATIVES | frozenset("greater larger faster points point".split())
_SHARE_SKIP = frozenset("the all its their those these a an".split())


def _shares(s: Sent, out: list[Relation]) -> None:
    """Percentages used as a share of a group ("90 percent of charges", "accounted for 30
    percent"), told apart from changes ("rose 150 percent") and ratios to a reference
    ("120 percent of GDP")."""
    for i, c in s.claims_of("percent"):
        if c.unit not in ("%", None) or c.value is None or c.adjectival:
            continue
        before = {s.word(j) for j in range(max(0, i - 4), i)}
        after = [s.word(j) for j in range(i + 1, min(len(s), i + 4))]
        if before & _CHANGE_BEFORE or set(after[:2]) & _CHANGE_AFTER:
            continue
        if {s.word(j) for j in range(max(0, i - 7), i)} & _RATE_WORDS:
            continue  # "gross enrolment reached 105 percent of children": a rate, not a share
        _, pw = s.prev_word(i, DETERMINERS | {"for", "up", "of"})
        share = pw in SHARE_VERBS  # "accounted for", "made up", "represented"
        if after[:1] == ["of"]:
            for j in range(i + 2, min(len(s), i + 6)):
                w = s.word(j)
                if not w or w in REFERENCE and not (share and w in ("total", "whole")):
                    share = False  # "of GDP", "of capacity", "of the 2018 level"
                    break
                if w in _SHARE_SKIP:
                    continue
                if w in POPULATION or (w.endswith("s") and len(w) > 3 and not w.endswith("ss")):
                    share = True  # "of charges", "of the population"
                    break
        elif after[:1] and after[0] in ("were", "are", "was", "is") and s.word(i - 1) != "by":
            share = True  # "120 per cent were unaware"
        if share:
            out.append(_rel("share", (c,)))


# --------------------------------------------------------------------------------------
# Durations next to the period they describe: "a five-year (2018-2022) program"

_SPAN_PREPS = frozenset("from between on in during covering spanning for over".split())
_DURATION_NOUN_SKIP = frozenset("""old sentence sentences term terms imprisonment prison jail ban
bans suspension probation detention custody sentence""".split())


_HELD = frozenset("""held conducted organized organised run ran lasted convened hosted took
staged""".split())


def _spans_of(s: Sent, out: list[Relation]) -> None:
    for i in s.claim_at:
        t = s.toks[i]
        c = t.claim
        if c is None or c.kind != "duration" or c.value is None or c.bound != "exact":
            continue
        if s.word(i + 1) in _DURATION_NOUN_SKIP or s.word(i + 1) == "-" and s.word(i + 2) == "old":
            continue
        period = None
        # (a) "five-year (2018-2022)"
        if s.word(i + 1) == "(":
            p = s.claim(i + 2)
            if p is not None and p.kind == "period" and s.word(i + 3) == ")":
                period = p
        # (b) "a three-day workshop on December 10-11" / "an 18-month program from Jan 2019 to ..."
        if period is None:
            j = i + 1
            while j < len(s) and j - i <= 4 and s.toks[j].claim is None \
                    and s.word(j) not in _SPAN_PREPS and s.word(j) not in _CLAUSE_END \
                    and s.word(j) not in (",", "(", "and", "to", "which", "that", GAP) \
                    and s.word(j) not in AUX:
                j += 1
            # "a three-day workshop was held on December 10-11": verbs that place the event
            # itself in time (not "adopted in", which dates a decision about it)
            if j > i + 1 and s.word(j) in ("was", "were", "is") and s.word(j + 1) in _HELD:
                j += 2
            elif j > i + 1 and s.word(j) in _HELD:
                j += 1
            if s.word(j - 1) == "took" and s.word(j) == "place":
                j += 1
            if s.word(j) in (",", "(") and j > i + 1:
                j += 1  # "the six-month moratorium, from January to September 2019"
            p = s.claim(j)
            if p is not None and p.kind == "period" and j > i + 1 \
                    and (p.text.lower().startswith(("from", "between")) or s.word(j - 1) == "("):
                period = p  # the preposition is inside the claim: "from January 2019 to ..."
            elif s.word(j) in _SPAN_PREPS and j > i:
                if s.word(j + 1) == "the" and s.claim(j + 2) is not None:
                    j += 1
                p = s.claim(j + 1)
                if p is not None and p.kind == "period":
                    period = p
                elif s.word(j) in ("from", "between") and p is not None and p.kind == "date":
                    # period written as two date claims: "from January 2019 to March 2020"
                    q = s.claim(j + 3)
                    if s.word(j + 2) in ("to", "until", "through", "and", "till") and q is not None \
                            and q.kind == "date":
                        period = _period_of(p, q)
        # (c) "the 2018-2022 five-year plan"
        if period is None and i > 0:
            p = s.claim(i - 1)
            if p is not None and p.kind == "period":
                period = p
        if period is not None:
            out.append(_rel("span_of", (c, period)))


def _period_of(a: Claim, b: Claim) -> Claim:
    return Claim("period", Span(a.span.start, b.span.end), f"{a.text} .. {b.text}",
                 from_=a.timex, to_=b.timex, parts=(a, b))


# --------------------------------------------------------------------------------------
# Weekdays "on Monday, June 24, 2019"


_YEAR_WRITTEN = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _weekdays(s: Sent, out: list[Relation]) -> None:
    for i in s.claim_at:
        t = s.toks[i]
        c = t.claim
        if c is None or c.kind not in ("date",):
            continue
        name = (c.weekday or "").lower() or None
        at = None
        if name is None:
            j, w = s.prev_word(i, frozenset((",",)))
            if w in WEEKDAYS and i - j <= 2:
                name, at = w, s.toks[j].span
            elif s.word(i + 1) in ("(", ",") and s.word(i + 2) in WEEKDAYS:
                name, at = s.word(i + 2), s.toks[i + 2].span
        if name is None or name not in WEEKDAYS or not _YEAR_WRITTEN.search(c.text):
            continue  # a year the grammar inferred is too weak to call a weekday wrong
        out.append(_rel("weekday", (c,), weekday=name, at=at))


# --------------------------------------------------------------------------------------
# Dated events in past-tense clauses (for "date after the reporting period")


_FUTURE_RE = re.compile(r"(?i)\b(?:" + "|".join(sorted(FUTURE)) + r")\b")
_STATUS_RE = re.compile(r"(?i)\bas\s+(?:of|at)\b")
_PAST_RE = re.compile(r"(?i)\b(?:[a-z]{3,}ed|" + "|".join(sorted(IRREGULAR_PAST)) + r")\b")


def _events(s: Sent, out: list[Relation]) -> None:
    if s.doc.period is None:  # only ever compared with the report period
        return
    dates = [i for i, _ in s.claims_of("date")]
    if not dates:
        return
    text = s.doc.masked[s.span.start:s.span.end]
    if _FUTURE_RE.search(text) or _STATUS_RE.search(text):
        return
    if not any(is_past_word(m.group().lower()) for m in _PAST_RE.finditer(text)):
        return
    for i in dates:
        c = s.toks[i].claim
        j, w = s.prev_word(i, frozenset(("the", "of", "early", "late", "mid", "-", "around")))
        if w in NOT_EVENT_BEFORE or s.word(i - 1) in NOT_EVENT_BEFORE:
            continue
        if w not in EVENT_BEFORE and not (j < 0 or s.word(j) in (",", ";")):
            continue
        if w not in EVENT_BEFORE and len(c.timex or "") == 4:
            continue  # a bare year after a comma is a title's year: "the Anti-Gang Act, 2011"
        if s.word(i + 1) in ("(", ")") or s.word(i - 1) == "(":
            continue
        if _purpose_before(s, i) or _present_clause(s, i) or not _YEAR_WRITTEN.search(c.text):
            continue  # "In March": the year is inferred, so the date is not evidence enough
        out.append(_rel("event", (c,)))


_NOT_VERB_AFTER_TO = DETERMINERS | frozenset("""this that them him it its date which whom what
his her their our my your one two three each every both""".split())


_PRESENT = frozenset("is are am remains remain has have".split())


def _present_clause(s: Sent, i: int) -> bool:
    """ "The issue, which is puttable back in 1999, was priced ...": the date's own clause is
    in the present tense, whatever the tense of the sentence."""
    for j in range(i - 1, max(i - 12, -1), -1):
        w = s.word(j)
        if w in (",", ";", ":", GAP):
            return False
        if w in _PRESENT:
            return True
    return False


def _purpose_before(s: Sent, i: int) -> bool:
    """ "a campaign, to begin in 2013", "activities to be carried out in 2013": an infinitive
    in the date's clause makes the date a plan or purpose, not a past event."""
    masked = s.doc.masked
    for j in range(i - 1, max(i - 14, -1), -1):
        w = s.word(j)
        if w in (",", ";", ":", GAP) or (s.claim(j) is not None and j != i):
            return False
        if w == "to":
            nxt = s.toks[j + 1] if j + 1 < i else None
            if nxt is not None and nxt.claim is None and nxt.text.isalpha() \
                    and nxt.text not in _NOT_VERB_AFTER_TO and not masked[nxt.start].isupper():
                return True
    return False


# --------------------------------------------------------------------------------------
# Counts with their event context (for restated figures)

_CTX_SKIP = DETERMINERS | frozenset(("a", "total", "of", "some", "approximately", "about", "nearly",
                                     "almost", "over", "more", "than", "least", "at", "up", "to",
                                     "an", "estimated", "another", "additional", "further"))


def _counted(s: Sent, out: list[Relation]) -> None:
    times = tuple(sorted(t.claim.timex or f"{t.claim.from_}/{t.claim.to_}" for t in s.toks
                         if t.claim is not None and t.claim.kind in ("date", "period")))
    masked = s.doc.masked
    for i in s.claim_at:
        t = s.toks[i]
        c = t.claim
        if c is None or c.noun is None or c.bound != "exact" or not s.is_count(i):
            continue
        if c.value is None or c.value < 10:  # small counts repeat for different events
            continue
        left: list[Tok] = []
        j = i - 1
        while j >= 0 and len(left) < 2 and s.toks[j].claim is None:
            w = s.toks[j].text
            if w in _CLAUSE_END or w in (",", "(", ")", GAP):
                break
            if w not in _CTX_SKIP:
                left.append(s.toks[j])
            j -= 1
        left.reverse()
        right: list[Tok] = []
        j = s.noun_end(i)
        while j < len(s) and len(right) < 3 and s.toks[j].claim is None:
            w = s.toks[j].text
            if w in _CLAUSE_END or w in (",", "(", ")", "and", "including", GAP):
                break
            right.append(s.toks[j])
            j += 1
        ctx = [k.text for k in left + right]
        if len(ctx) < 3 or not any(is_past_word(w) for w in ctx):
            continue
        # Same words alone are weak evidence ("a bomb killed 12 people" happens twice): ask
        # for a date in the sentence or a name ("from Syria") in the context as well.
        named = any(masked[k.start].isupper() for k in left + right if k.start != s.span.start)
        if not times and not named:
            continue
        key = (head(c.noun), tuple(k.text for k in left), tuple(ctx[len(left):]), times)
        out.append(_rel("counted", (c,), key=key))


# --------------------------------------------------------------------------------------
# Tables

_CELL_NUM = re.compile(r"\(?([-\u2212]?)(\d{1,3}(?:[,\u00a0 ]\d{3})+|\d+)(\.\d+)?\)?\s*(%?)")
_TOTAL_LABEL = re.compile(r"(?i)^\W*(total|totals|sum|all|overall|grand total)\b")
_SUBTOTAL_LABEL = re.compile(r"(?i)^\W*sub-?\s?totals?\b")
# Columns whose cells do not add up: labels, years, rates, averages, changes, prices.
_NOT_ADDITIVE = re.compile(r"\b(year|years|no|nr|#|rank|code|id|change|growth|rate|rates|average|"
                           r"avg|mean|median|ratio|index|per|density|score|age|price|prices|wage|"
                           r"salary|capita)\b")


def _cell_claim(doc: Document, claims: list[Claim], starts: list[int], span: Span) -> Claim | None:
    """The single number of a table cell (a claim the grammar found, or the cell's numeral)."""
    text = doc.masked[span.start:span.end].strip().strip("*_")
    k = bisect_left(starts, span.start)
    inside = []
    while k < len(claims) and claims[k].span.start < span.end:
        if claims[k].span.end <= span.end:
            inside.append(claims[k])
        k += 1
    if len(inside) == 1 and inside[0].kind in ("number", "percent") and inside[0].value is not None \
            and len(inside[0].text.strip()) >= len(text) - 2:
        return inside[0]
    m = _CELL_NUM.fullmatch(text)
    if not m:
        return None
    value: float = float(re.sub(r"[,\u00a0 ]", "", m.group(2)) + (m.group(3) or ""))
    if m.group(1):
        value = -value
    if value.is_integer() and not m.group(3):
        value = int(value)
    return Claim("percent" if m.group(4) else "number", span, text, value=value,
                 unit="%" if m.group(4) else None)


def _table_sums(doc: Document, claims: ClaimSet) -> Iterator[Relation]:
    cl = claims.claims
    starts = [c.span.start for c in cl]
    tables = doc.tables
    if not tables and doc.format == "text" and ("|-" in doc.masked or "| -" in doc.masked):
        tables = list(_pipe_tables(doc.masked))
    for table in tables:
        yield from _table_relations(doc, table, cl, starts)


_PIPE_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$", re.M)
_PIPE_RULE = re.compile(r"^[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)+[ \t]*(?::?-{3,}:?)?[ \t]*$")


def _pipe_tables(text: str) -> Iterator[Table]:
    """Pipe tables in a plain-text file ("| Region | Cases |" over "|---|---|"), which the
    Markdown reader gives as doc.tables but a .txt reader does not."""
    block: list[re.Match] = []
    pos = 0

    def flush() -> Iterator[Table]:
        if len(block) >= 3 and _PIPE_RULE.match(block[1].group()):
            rows = []
            for m in (block[0], *block[2:]):
                cells, col = [], 0
                line_start = m.start()
                bars = [k for k, ch in enumerate(m.group()) if ch == "|"]
                for a, b in zip(bars, bars[1:]):
                    raw = m.group()[a + 1:b]
                    lead = len(raw) - len(raw.lstrip())
                    st = line_start + a + 1 + lead
                    cells.append(Cell(Span(st, st + len(raw.strip())), len(rows), col))
                    col += 1
                rows.append(tuple(cells))
            yield Table(Span(block[0].start(), block[-1].end()), tuple(rows), 0)

    for m in _PIPE_ROW.finditer(text):
        if block and text[pos:m.start()].strip("\r\n") != "":
            yield from flush()
            block = []
        block.append(m)
        pos = m.end()
    if block:
        yield from flush()


def _label(doc: Document, span: Span) -> str:
    return doc.masked[span.start:span.end].strip().strip("*_ ")


def _table_relations(doc: Document, table: Table, cl: list[Claim], starts: list[int]) -> Iterator[Relation]:
    rows = table.rows
    if len(rows) < 3:
        return
    grid = [[_cell_claim(doc, cl, starts, cell.span) for cell in row] for row in rows]
    header = [_label(doc, c.span).lower() for c in rows[0]]
    width = len(rows[0])
    pct_col = [("%" in h or "percent" in h or "share" in h) for h in header]
    skip_col = [bool(_NOT_ADDITIVE.search(h)) for h in header]
    body = list(range(1, len(rows)))
    labels = [_label(doc, rows[r][0].span) if rows[r] else "" for r in range(len(rows))]
    if any(_SUBTOTAL_LABEL.match(labels[r]) for r in body):
        return  # subtotals and a total: which rows add up to what is not ours to guess
    total_rows = [r for r in body if _TOTAL_LABEL.match(labels[r])]
    # A Total row: each numeric column sums to it.
    if len(total_rows) == 1:
        tr = total_rows[0]
        others = [r for r in body if r != tr]
        for col in range(1, width):
            if skip_col[col] or col >= len(grid[tr]) or grid[tr][col] is None:
                continue
            parts = [grid[r][col] if col < len(grid[r]) else None for r in others]
            if len(parts) < 2 or any(p is None for p in parts):
                continue
            tot = grid[tr][col]
            is_pct = pct_col[col] or all(p.kind == "percent" for p in parts)
            if is_pct and tot.value not in (100, 100.0):
                continue
            if any(p.kind != tot.kind for p in parts) and not is_pct:
                continue
            yield _rel("table_sum", [tot] + parts, percent=is_pct, axis="column")
    # A Total column: the numeric columns of each row sum to it.
    total_cols = [k for k, h in enumerate(header) if _TOTAL_LABEL.match(h)]
    if len(total_cols) == 1:
        tc = total_cols[0]
        cols = [k for k in range(1, width) if k != tc and not skip_col[k] and not pct_col[k]]
        if len(cols) >= 2:
            for r in body:
                row = grid[r]
                if tc >= len(row) or row[tc] is None or row[tc].kind != "number":
                    continue
                parts = [row[k] if k < len(row) else None for k in cols]
                if any(p is None or p.kind != "number" for p in parts):
                    continue
                yield _rel("table_sum", [row[tc]] + parts, percent=False, axis="row")


# --------------------------------------------------------------------------------------


def find_relations(doc: Document, claims: ClaimSet) -> list[Relation]:
    """All relations of `doc`, sentence by sentence, then its tables."""
    out: list[Relation] = []
    for span, sclaims in _sentences(doc, claims):
        s = Sent(doc, span, sclaims)
        n0 = len(out)
        _subcounts(s, out)
        taken = {id(r.members[0]) for r in out[n0:]}
        _breakdowns(s, out, taken)
        _ratios(s, out)
        n1 = len(out)
        _changes(s, out)
        changed = {m.span for r in out[n1:] for m in r.members[:2]}
        _extents(s, out, changed)
        _shares(s, out)
        _spans_of(s, out)
        _weekdays(s, out)
        _events(s, out)
        _counted(s, out)
    out.extend(_table_sums(doc, claims))
    return out
