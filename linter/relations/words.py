"""Word classes the matchers test tokens against (all lowercase), and `head`, a counted
noun's head word.

Kept in one place so that every matcher reads the same lists.
"""
from __future__ import annotations

import re


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

# Punctuation that ends a clause.
_CLAUSE_END = frozenset((";", ".", ":", "!", "?"))

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
