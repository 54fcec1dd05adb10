"""The relation layer and the consistency checks over hand-built claims.

These tests do not need the claim grammar: each builds the claims a sentence should
yield, runs `find_relations` and then one check kind, so the arithmetic and the
connector matching are tested apart from extraction. End-to-end cases over real
extraction live in tests/rules/Q00*.yaml and T00*.yaml.
"""
from __future__ import annotations

import re

import pytest

from linter.checks import CHECKS, CheckContext
from linter.checks.base import DocIndex
from linter.claims import Claim, ClaimSet
from linter.document import parse_document
from linter.relations import find_relations, head
from linter.rules import load_rules
from linter.spans import Span

RULES = {r.id: r for r in load_rules()}


class Text:
    """A sentence and the claims to place in it, found by their text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.claims: list[Claim] = []

    def at(self, sub: str, nth: int = 0) -> Span:
        pos = -1
        for _ in range(nth + 1):
            pos = self.text.index(sub, pos + 1)
        return Span(pos, pos + len(sub))

    def c(self, sub: str, kind: str = "number", nth: int = 0, noun: str | None = None, **kw) -> Claim:
        span = self.at(sub, nth)
        if kind in ("number", "percent", "money") and "value" not in kw:
            kw["value"] = float(re.sub(r"[^\d.]", "", sub.split()[-1] if kind == "money" else
                                       re.search(r"[\d,.]+", sub).group()).replace(",", ""))
            if kw["value"].is_integer():
                kw["value"] = int(kw["value"])
        if kind == "percent":
            kw.setdefault("unit", "%")
        noun_span = None
        if noun:
            p = self.text.index(noun, span.end)
            noun_span = Span(p, p + len(noun))
        claim = Claim(kind, span, sub, noun=noun, noun_span=noun_span, **kw)
        self.claims.append(claim)
        return claim

    def relations(self, period: str | None = None):
        doc = parse_document(self.text, "t.txt")
        doc.period = period
        cs = ClaimSet.build(self.claims)
        cs.relations.extend(find_relations(doc, cs))
        return doc, cs

    def hits(self, rule_id: str, period: str | None = None) -> list[str]:
        doc, cs = self.relations(period)
        rule = RULES[rule_id]
        ctx = CheckContext(doc, cs, rule.params, rule, DocIndex(doc, cs))
        return [self.text[h.span.start:h.span.end] for h in CHECKS[rule.check].func(ctx)]

    def kinds(self) -> list[str]:
        return [r.kind for r in self.relations()[1].relations]


def test_head_word():
    assert head("Kazakhstani citizens") == "citizen"
    assert head("families") == "family"
    assert head("witnesses") == "witness"
    assert head(None) is None


# ---------------------------------------------------------------- Q001 subcounts


def test_subcount_including_exceeds():
    t = Text("Authorities returned 595 citizens from Syria, including 633 men.")
    t.c("595", noun="citizens")
    t.c("633", noun="men")
    assert t.hits("Q001") == ["595"]


def test_subcount_several_parts_exceed_together():
    t = Text("The raid detained 120 people, among them 70 women and 60 minors.")
    t.c("120", noun="people")
    t.c("70", noun="women")
    t.c("60", noun="minors")
    assert t.hits("Q001") == ["120"]


def test_subcount_of_whom_after_part():
    t = Text("Police held 40 protesters, 52 of whom were later released.")
    t.c("40", noun="protesters")
    t.c("52")
    assert t.hits("Q001") == ["40"]


def test_subcount_clause_opening_with_of():
    t = Text("Of the 40 cases, 52 were transferred to the courts.")
    t.c("40", noun="cases")
    t.c("52")
    assert t.hits("Q001") == ["40"]


def test_subcount_lower_bound_total_passes():
    t = Text("At least 30 people died, including 40 children.")
    t.c("At least 30", noun="people", value=30, bound="at_least")
    t.c("40", noun="children")
    assert t.hits("Q001") == []


def test_subcount_within_total_passes():
    t = Text("Authorities returned 595 citizens, including 33 men and 120 women.")
    t.c("595", noun="citizens")
    t.c("33", noun="men")
    t.c("120", noun="women")
    assert t.hits("Q001") == []


def test_subcount_stops_at_new_clause():
    t = Text("Police detained 40 people, including 12 women, and released 70 after questioning.")
    t.c("40", noun="people")
    t.c("12", noun="women")
    t.c("70")
    assert t.hits("Q001") == []


def test_identifiers_are_not_counts():
    t = Text("Article 15 of 12 laws, including article 40, applies.")
    t.c("15")
    t.c("12", noun="laws")
    t.c("40")
    assert t.hits("Q001") == []


def test_ratio_part_larger_than_whole():
    t = Text("Inspectors visited 70 of the 64 prisons.")
    t.c("70")
    t.c("64", noun="prisons")
    assert t.hits("Q001") == ["64"]


# ---------------------------------------------------------------- Q002 breakdowns


def test_breakdown_colon_list_mismatch():
    t = Text("The ministry opened 17 centres: 5 in the north, 6 in the south and 4 in the capital.")
    t.c("17", noun="centres")
    for n in ("5", "6", "4"):
        t.c(n)
    assert t.hits("Q002") == ["17"]


def test_breakdown_colon_list_matches():
    t = Text("The ministry opened 15 centres: 5 in the north, 6 in the south and 4 in the capital.")
    t.c("15", noun="centres")
    for n in ("5", "6", "4"):
        t.c(n)
    assert t.hits("Q002") == []


def test_breakdown_remaining():
    t = Text("Of the 40 complaints, 12 were upheld, 8 were withdrawn and the remaining 25 are pending.")
    t.c("40", noun="complaints")
    for n in ("12", "8", "25"):
        t.c(n)
    assert t.kinds()[0] == "breakdown"
    assert t.hits("Q002") == ["40"]
    assert t.hits("Q001") == []


def test_breakdown_needs_and_before_last_part():
    t = Text("The ministry opened 17 centres: 5 in the north, 6 in the south, 4 elsewhere.")
    t.c("17", noun="centres")
    for n in ("5", "6", "4"):
        t.c(n)
    assert t.hits("Q002") == []


def test_breakdown_comma_form_collective_total():
    t = Text("The attack killed 58 people, 20 men, 30 women and 9 children.")
    t.c("58", noun="people")
    t.c("20", noun="men")
    t.c("30", noun="women")
    t.c("9", noun="children")
    assert t.hits("Q002") == ["58"]


def test_parallel_list_is_not_a_breakdown():
    t = Text("The attack killed 5 men, 6 women and 4 children.")
    t.c("5", noun="men")
    t.c("6", noun="women")
    t.c("4", noun="children")
    assert t.hits("Q002") == []


def test_enumeration_is_not_a_breakdown():
    t = Text("The plan has 3 parts: (1) training, (2) equipment and (3) outreach.")
    t.c("3", noun="parts")
    for n in ("1", "2", "3"):
        t.c(n, nth=1 if n == "3" else 0)
    assert t.hits("Q002") == []


# ---------------------------------------------------------------- Q003 ranges


def _range(t: Text, sub: str, low, high, unit=None) -> Claim:
    a, b = re.findall(r"\d+", sub)[:2]
    s = t.at(sub)
    pa = Claim("number", Span(s.start + sub.index(a), s.start + sub.index(a) + len(a)), a, value=low)
    ib = sub.index(b, sub.index(a) + len(a))
    pb = Claim("number", Span(s.start + ib, s.start + ib + len(b)), b, value=high)
    c = Claim("range", s, sub, low=low, high=high, unit=unit, parts=(pa, pb))
    t.claims.append(c)
    return c


def _period(t: Text, sub: str, a: str, b: str) -> Claim:
    c = Claim("period", t.at(sub), sub, from_=a, to_=b)
    t.claims.append(c)
    return c


def test_range_reversed():
    t = Text("Sentences ranged from 15 to 9 years in prison.")
    _range(t, "from 15 to 9 years", 15, 9, "years")
    assert t.hits("Q003") == ["from 15 to 9 years"]


def test_range_that_is_a_change_is_not_reversed():
    t = Text("The share of the poor fell from 50 to 12 per cent.")
    _range(t, "from 50 to 12 per cent", 50, 12, "%")
    assert t.hits("Q003") == []
    assert "change" in t.kinds()


def test_period_reversed_and_fiscal_year():
    t = Text("The plan covers 2025-2021. The budget for 2019-20 passed.")
    _period(t, "2025-2021", "2025", "2021")
    t.claims.append(Claim("period", t.at("2019-20"), "2019-20", from_="2019", to_="2020",
                          parts=(Claim("date", t.at("2019"), "2019", timex="2019"),
                                 Claim("date", Span(t.at("2019-20").start + 5, t.at("2019-20").end),
                                       "20", timex="2020"))))
    assert t.hits("Q003") == ["2025-2021"]


def test_unanchored_days_reversed_but_not_across_months():
    t = Text("Talks ran on March 14-12. Holidays ran December 28-January 3.")
    _period(t, "March 14-12", "XXXX-03-14", "XXXX-03-12")
    _period(t, "December 28-January 3", "XXXX-12-28", "XXXX-01-03")
    assert t.hits("Q003") == ["March 14-12"]


def test_label_range_is_not_reversed():
    t = Text("Under Law No. 94-12 the council met.")
    _range(t, "94-12", 94, 12)
    assert t.hits("Q003") == []


# ---------------------------------------------------------------- T002 durations


def test_duration_in_parentheses():
    t = Text("The government ran a five-year (2018-2021) program.")
    t.c("five-year", "duration", value=5, unit="year", adjectival=True)
    _period(t, "2018-2021", "2018", "2021")
    assert t.hits("T002") == ["five-year"]


@pytest.mark.parametrize("years", ["2018-2022", "2018-2023"])
def test_duration_inclusive_and_exclusive(years):
    t = Text(f"The government ran a five-year ({years}) program.")
    t.c("five-year", "duration", value=5, unit="year", adjectival=True)
    _period(t, years, years[:4], years[5:])
    assert t.hits("T002") == []


def test_duration_days_after_noun():
    t = Text("A three-day workshop on December 10-11 trained judges.")
    t.c("three-day", "duration", value=3, unit="day", adjectival=True)
    _period(t, "December 10-11", "XXXX-12-10", "XXXX-12-11")
    assert t.hits("T002") == ["three-day"]


def test_duration_months_from_two_dates():
    t = Text("An 18-month program from January 2019 to March 2020 ended.")
    t.c("18-month", "duration", value=18, unit="month", adjectival=True)
    t.c("January 2019", "date", timex="2019-01")
    t.c("March 2020", "date", timex="2020-03")
    assert t.hits("T002") == ["18-month"]


def test_duration_finer_than_years_fits():
    t = Text("An 18-month plan for 2019-2020 was adopted.")
    t.c("18-month", "duration", value=18, unit="month", adjectival=True)
    _period(t, "2019-2020", "2019", "2020")
    assert t.hits("T002") == []


def test_prison_term_is_not_checked():
    t = Text("He received a five-year sentence in 2010-2012.")
    t.c("five-year", "duration", value=5, unit="year", adjectival=True)
    _period(t, "2010-2012", "2010", "2012")
    assert t.hits("T002") == []


# ---------------------------------------------------------------- T003 weekdays


def test_weekday_named_before_date():
    t = Text("Protesters gathered on Wednesday, 14 May 2019.")
    t.c("14 May 2019", "date", timex="2019-05-14")
    assert t.hits("T003") == ["Wednesday, 14 May 2019"]


def test_weekday_from_grammar_and_correct_weekday():
    t = Text("The verdict came on Thursday, August 9, 2018.")
    t.c("August 9, 2018", "date", timex="2018-08-09", weekday="Thursday")
    assert t.hits("T003") == []


# ---------------------------------------------------------------- T004 period


def test_event_after_period():
    t = Text("In March 2020, police arrested three bloggers.")
    t.c("March 2020", "date", timex="2020-03")
    assert t.hits("T004", period="2019") == ["March 2020"]
    assert t.hits("T004", period=None) == []


@pytest.mark.parametrize("text", [
    "The ministry will close the shelter in March 2020.",
    "The law was due to take effect by March 2020.",
    "As of March 2020, 40 people remained in detention.",
    "In March 2019, police arrested three bloggers.",
])
def test_not_an_event_after_period(text):
    t = Text(text)
    t.c("March 2020" if "2020" in text else "March 2019", "date",
        timex="2020-03" if "2020" in text else "2019-03")
    assert t.hits("T004", period="2019") == []


# ---------------------------------------------------------------- Q004 shares


def test_share_above_100():
    t = Text("Researchers found that 140 percent of the detainees had no lawyer.")
    t.c("140 percent", "percent")
    assert t.hits("Q004") == ["140 percent"]


@pytest.mark.parametrize("text,sub", [
    ("Arrests rose 150 percent compared with the year before.", "150 percent"),
    ("Prisons held inmates at 160 per cent of capacity.", "160 per cent"),
    ("Public debt reached 120 percent of GDP.", "120 percent"),
    ("There was an increase of 250 percent in complaints.", "250 percent"),
])
def test_not_a_share(text, sub):
    t = Text(text)
    t.c(sub, "percent")
    assert t.hits("Q004") == []


# ---------------------------------------------------------------- Q005 ratios


def test_ratio_percent_mismatch():
    t = Text("Police released 52 of the 64 detainees (89 percent).")
    t.c("52")
    t.c("64", noun="detainees")
    t.c("89 percent", "percent")
    assert t.hits("Q005") == ["89 percent"]


@pytest.mark.parametrize("pct,bound", [("81 percent", "exact"), ("81.3 percent", "exact"),
                                       ("82 percent", "exact"), ("80 percent", "about")])
def test_ratio_percent_rounding(pct, bound):
    t = Text(f"Police released 52 of the 64 detainees ({pct}).")
    t.c("52")
    t.c("64", noun="detainees")
    t.c(pct, "percent", bound=bound)
    assert t.hits("Q005") == []


def test_ratio_or_percent():
    t = Text("The court released 3 of 12, or 40%.")
    t.c("3")
    t.c("12")
    t.c("40%", "percent")
    assert t.hits("Q005") == ["40%"]


# ---------------------------------------------------------------- Q006 changes


def _from_to(t: Text, a: str, b: str, kind="number"):
    t.c(a, kind)
    t.c(b, kind, nth=0 if a != b else 1)


def test_change_percent_mismatch():
    t = Text("Complaints rose from 400 to 600, an increase of 30 percent.")
    _from_to(t, "400", "600")
    t.c("30 percent", "percent")
    assert t.hits("Q006") == ["30 percent"]


def test_change_direction():
    t = Text("Complaints fell from 120 to 150 during the year.")
    _from_to(t, "120", "150")
    assert t.hits("Q006") == ["120 to 150"]


def test_change_factor():
    t = Text("The number of shelters doubled from 633 to 848.")
    _from_to(t, "633", "848")
    assert t.hits("Q006") == ["633 to 848"]
    t = Text("The number of shelters doubled from 400 to 790.")
    _from_to(t, "400", "790")
    assert t.hits("Q006") == []


def test_change_fraction():
    t = Text("Staff numbers were cut by a third, from 300 to 150.")
    _from_to(t, "300", "150")
    assert t.hits("Q006") == ["300 to 150"]
    t = Text("Staff numbers were cut by half, from 300 to 150.")
    _from_to(t, "300", "150")
    assert t.hits("Q006") == []


def test_change_consistent():
    t = Text("Complaints rose from 400 to 600, an increase of 50 percent.")
    _from_to(t, "400", "600")
    t.c("50 percent", "percent")
    assert t.hits("Q006") == []


def test_change_between_percentages_in_points():
    t = Text("The share of women rose from 20 percent to 30 percent, up 10 percent.")
    t.c("20 percent", "percent")
    t.c("30 percent", "percent")
    t.c("10 percent", "percent")
    assert t.hits("Q006") == []


# ---------------------------------------------------------------- Q007 restated


def test_restated_figure():
    t = Text("In 2019 the agency deported 412 migrants to Niger. Later, in 2019 the agency "
             "deported 421 migrants to Niger.")
    t.c("2019", "date", timex="2019")
    t.c("412", noun="migrants")
    t.c("2019", "date", nth=1, timex="2019")
    t.c("421", noun="migrants")
    assert t.hits("Q007") == ["421"]


def test_restated_figure_other_year():
    t = Text("In 2018 the agency deported 412 migrants to Niger. In 2019 the agency "
             "deported 421 migrants to Niger.")
    t.c("2018", "date", timex="2018")
    t.c("412", noun="migrants")
    t.c("2019", "date", timex="2019")
    t.c("421", noun="migrants")
    assert t.hits("Q007") == []


# ---------------------------------------------------------------- Q008 tables


def test_table_total_row_and_column():
    from linter.document import Cell, Table

    text = "| Region | Men | Women | Total |\n|---|---|---|---|\n| North | 5 | 7 | 12 |\n" \
           "| South | 4 | 5 | 10 |\n| Total | 9 | 12 | 22 |\n"
    doc = parse_document(text, "t.md")
    rows, pos = [], 0
    for r, line in enumerate(text.splitlines()):
        if set(line) <= set("|-"):
            pos += len(line) + 1
            continue
        cells = []
        col = 0
        for m in re.finditer(r"[^|]+", line):
            a = pos + m.start() + (len(m.group()) - len(m.group().lstrip()))
            cells.append(Cell(Span(a, a + len(m.group().strip())), len(rows), col))
            col += 1
        rows.append(tuple(cells))
        pos += len(line) + 1
    doc.tables = [Table(Span(0, len(text)), tuple(rows), 0)]
    cs = ClaimSet.build([])
    cs.relations.extend(find_relations(doc, cs))
    rule = RULES["Q008"]
    ctx = CheckContext(doc, cs, rule.params, rule, DocIndex(doc, cs))
    got = sorted(text[h.span.start:h.span.end] + "@" + str(doc.lines.position(h.span.start).line)
                 for h in CHECKS[rule.check].func(ctx))
    # South row: 4 + 5 = 9, not 10; Total row across: 9 + 12 = 21, not 22
    assert got == ["10@4", "22@5"]


def test_overlapping_parts_are_checked_one_by_one():
    t = Text("Police arrested 30 people, including 20 women and 35 students.")
    t.c("30", noun="people")
    t.c("20", noun="women")
    t.c("35", noun="students")
    assert t.hits("Q001") == ["30"]
    t = Text("Police arrested 30 people, including 20 women and 15 students.")
    t.c("30", noun="people")
    t.c("20", noun="women")
    t.c("15", noun="students")
    assert t.hits("Q001") == []


def test_no_case_text_makes_a_check_fail():
    """A check that raises becomes an X000 finding, which the case runner (looking only at
    the rule under test) would not notice: run every Q/T case text and look for X000."""
    from pathlib import Path

    from linter.casefile import load_cases
    from linter.engine import RuleSet, lint_document

    rules = RuleSet([r for r in RULES.values() if r.id[0] in "QT" or r.id == "X000"])
    for path in sorted((Path(__file__).parent / "rules").glob("[QT]0*.yaml")):
        _, cases = load_cases(path.read_text(encoding="utf-8"), str(path))
        for case in cases:
            doc = parse_document(case.text, "case.md" if case.format == "markdown" else "case.txt")
            doc.period = doc.period or case.period
            crashed = [f.message for f in lint_document(doc, rules) if f.rule_id == "X000"]
            assert not crashed, f"{path.name}:{case.name}: {crashed}"
