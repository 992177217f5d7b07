"""Write the demo council's files: real indicator definitions, synthetic values, actions with progress.

Run `python -m data.demo.generate` to regenerate `data/demo/files/`; the output is the same every time
(a fixed seed), and a test checks that the shipped files are what this script writes."""

from __future__ import annotations

import csv
import math
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from data.periods import Frequency, Period
from data.rules import DEFAULT_TOLERANCE, Polarity, Target, rate

HERE = Path(__file__).resolve().parent
REFERENCE = HERE / "reference_indicators.csv"
FILES = HERE / "files"
SEED = 2006
FIRST_YEAR = 2003  # values from April 2003
AS_AT = Period.of(Frequency.MONTHLY, 2008, 9)  # Dec 2008: the demo's "as at" period
LAST_TARGET_YEAR = 2008  # targets are set to March 2009
BEST_VALUE_END = 2007  # the Best Value and PAF indicators' last year: 2007/08
NATIONAL_INDICATORS_START = 2008  # the National Indicators began in April 2008

PRIORITIES = {
    "Children and young people safe and achieving": [
        "IA-7WD (NI 59)", "PAF C64 (NI 60)", "REF-REPEAT", "PAF A3 (NI 65)", "PAF C21 (NI 64)",
        "BV162 / PAF C20 (NI 67)", "CPR-RATE", "BV49 / PAF A1 (NI 62)", "PAF D35 (NI 63)", "BV50 / PAF A2",
        "BV161 / PAF A4", "BV163 / PAF C23", "PAF C68 (NI 66)", "NI 61", "NI 148", "BV43a", "NI 110"],
    "Older people and vulnerable adults living independently": [
        "PAF C32 / BV54", "PAF C28 / BV53", "PAF C29", "PAF C30", "PAF C31", "PAF C72", "PAF C73", "PAF C51",
        "PAF D40", "PAF D54 / BV56", "PAF D55 / BV195", "PAF D56 / BV196", "PAF D39", "PAF C62 (NI 135)",
        "NI 130", "NI 136", "NI 132", "NI 133", "NI 125"],
    "A cleaner, greener county": [
        "BV82a(i)+b(i)", "BV84a", "BV199a", "NI 191", "NI 192", "NI 193", "NI 185"],
    "Safer and stronger communities": ["NI 17", "NI 21", "BV76a", "BV199a", "CPR-RATE"],
    "A thriving local economy": ["NI 171", "NI 178", "BV8"],
    "An efficient, customer-focused council": [
        "BV78a", "BV78b", "BV79a", "BV79b(i)", "BV79b(ii)", "BV76c", "BV76d", "DWP-PS-14d", "NI 181", "NI 180",
        "BV8", "BV9", "BV10", "BV12", "BV2a"],
}

# Partnership (Local Area Agreement) indicators of the demo council.
PARTNERSHIP = {"NI 17", "NI 21", "NI 110", "NI 171", "NI 178", "NI 185", "NI 192", "NI 130", "NI 136",
               "IA-7WD (NI 59)", "PAF C62 (NI 135)", "NI 148"}

# Indicators that go without targets in 2006/07: the audited council's own red flag.
NO_TARGETS_2006 = {"BV76a", "BV76c", "PAF C29", "PAF C31", "BV199a", "PAF D39", "BV163 / PAF C23",
                   "REF-REPEAT"}

# Returns not yet made by the "as at" month: sickness absence was Red in November and its December figure
# is late, which the dashboard must not let hide the Red.
LATE_AT_AS_AT = {"BV12"}

# Targets the council set itself, where they tell the story better than the trend: benefits aimed at the
# national average (33 days in 2006/07) and beyond.
SET_TARGETS = {
    "BV78a": {2003: 42, 2004: 40, 2005: 38, 2006: 33, 2007: 26},
    "BV78b": {2003: 14, 2004: 13, 2005: 12, 2006: 10, 2007: 9},
}

# Best Value indicators that councils went on measuring as local indicators after March 2008.
KEPT_LOCALLY = {"BV8", "BV9", "BV10", "BV12"}

# An absolute tolerance where a % of target would be meaningless (a 0-5 scale; a small ratio).
ABSOLUTE_TOLERANCE = {"BV2a": "0.5", "BV161 / PAF A4": "0.05", "PAF A3 (NI 65)": "1"}


@dataclass(frozen=True)
class Profile:
    """How an indicator's synthetic values move: level in 2003/04, change a year, noise, target stretch."""

    level: float
    change: float  # per year, in the indicator's unit
    noise: float
    stretch: float = 0.0  # targets ask this share better than the trend
    floor: float = 0.0
    ceiling: float | None = None


P = Profile
PROFILES = {
    # Benefits: weak until the 2006 remedial action, then among the best (the storyline)
    "BV78a": P(46, 0, 3.0, 0.08), "BV78b": P(16, 0, 1.5, 0.08), "NI 181": P(17, -1.5, 1.0, 0.05),
    "BV79a": P(97.5, 0.3, 0.6, 0.005, ceiling=100), "BV79b(i)": P(62, 2.5, 3), "BV79b(ii)": P(30, 1.5, 2),
    "BV76a": P(240, 10, 20), "BV76c": P(32, 1, 3), "BV76d": P(3.2, 0.2, 0.4), "DWP-PS-14d": P(72, 3, 4, 0.02,
                                                                                          ceiling=100),
    "NI 180": P(610, 15, 20),
    # Children's social care: the worry that stays
    "IA-7WD (NI 59)": P(52, 1.2, 5, 0.15, ceiling=100), "PAF C64 (NI 60)": P(60, 1.0, 6, 0.18, ceiling=100),
    "REF-REPEAT": P(25, 0.3, 2.5, 0.1), "PAF A3 (NI 65)": P(12, 0.4, 2.2), "PAF C21 (NI 64)": P(7, -0.2, 1.5),
    "BV162 / PAF C20 (NI 67)": P(93, 1, 3, 0.03, ceiling=100), "CPR-RATE": P(24, 1.2, 1.5),
    "BV49 / PAF A1 (NI 62)": P(14, -0.4, 1.2), "PAF D35 (NI 63)": P(61, 1.5, 2.5, 0.05),
    "BV50 / PAF A2": P(48, 2, 5), "BV161 / PAF A4": P(0.62, 0.03, 0.05), "BV163 / PAF C23": P(6.5, 0.3, 0.8),
    "PAF C68 (NI 66)": P(84, 1.5, 4, 0.06, ceiling=100), "NI 61": P(68, 0, 6), "NI 148": P(61, 0, 4),
    "BV43a": P(86, 2, 5, 0.03, ceiling=100), "NI 110": P(64, 0, 3),
    # Adult social care: steady improvement
    "PAF C32 / BV54": P(74, 2, 2), "PAF C28 / BV53": P(8.5, 0.4, 0.5), "PAF C29": P(4.1, 0.1, 0.3),
    "PAF C30": P(3.6, 0.1, 0.25), "PAF C31": P(3.1, 0.1, 0.3), "PAF C72": P(104, -3, 4, 0.04),
    "PAF C73": P(2.4, -0.1, 0.2, 0.05), "PAF C51": P(95, 22, 8), "PAF D40": P(62, 3, 3, 0.04, ceiling=100),
    "PAF D54 / BV56": P(84, 2, 3, 0.02, ceiling=100), "PAF D55 / BV195": P(68, 3, 4, ceiling=100),
    "PAF D56 / BV196": P(82, 1.5, 3, ceiling=100), "PAF D39": P(90, 1.5, 2.5, ceiling=100),
    "PAF C62 (NI 135)": P(11, 2, 1.5), "NI 130": P(180, 40, 10), "NI 136": P(27, 1, 0.8),
    "NI 132": P(74, 3, 3, ceiling=100), "NI 133": P(87, 1, 2, ceiling=100), "NI 125": P(80, 0, 2),
    # Corporate health
    "BV8": P(86, 1.5, 2.5, 0.02, ceiling=100), "BV9": P(97.2, 0.25, 0.25, 0.004, ceiling=100),
    "BV10": P(98.3, 0.15, 0.2, 0.003, ceiling=100), "BV12": P(10.9, -0.25, 0.45, 0.06), "BV2a": P(1, 0.5, 0),
    # Environment and communities
    "BV82a(i)+b(i)": P(19, 3.6, 2.0), "BV84a": P(128, -1.5, 4), "BV199a": P(17, -1, 2.5),
    "NI 191": P(158, -3, 5), "NI 192": P(36, 1, 1.5), "NI 193": P(66, -3, 2), "NI 185": P(-2, 0, 1.5),
    "NI 17": P(12, 0, 1), "NI 21": P(26, 0, 2), "NI 171": P(52, 0, 3), "NI 178": P(76, 0, 3),
}

COMMENTARY = {
    "worse": [
        "Barrier: vacancies in the team ({who}); agency staff covering. Lever: recruitment campaign under way.",
        "Barrier: demand up on the same period last year. Lever: new triage process from next month.",
        "Barrier: IT system change slowed processing. Lever: backlog team in place until the end of the quarter.",
        "Barrier: sickness absence in a small team. Lever: work redistributed across the service.",
    ],
    "better": [
        "Improvement follows the new working practices; to be sustained through the year.",
        "On target: the service plan actions for this indicator are complete.",
        "Better than profile; partners' data confirmed at the quarterly performance meeting.",
    ],
}

OWNERS = {
    "Benefits": "Head of Benefits and Exchequer", "Revenues": "Head of Revenues", "Finance": "Chief Accountant",
    "Human resources": "Head of Human Resources", "Policy and equality": "Head of Policy and Equality",
    "Safeguarding and assessment": "Head of Safeguarding", "Looked after children": "Head of Children's Services",
    "Education and SEN": "Head of Additional Needs", "Youth": "Head of Youth Services",
    "Adult social care": "Head of Adult Services", "Waste": "Waste Manager", "Street scene": "Street Scene Manager",
    "Highways and transportation": "Transportation Manager", "Property": "Head of Property Services",
    "Community safety": "Community Safety Manager", "Economic development": "Head of Economic Development",
}


def reference_rows() -> list[dict[str, str]]:
    with REFERENCE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _lifespan(code: str, frequency: Frequency) -> tuple[int, int]:
    """The financial years an indicator is measured: Best Value and PAF ended in March 2008 (a few kept as
    local indicators); the National Indicators began in April 2008, the annual ones with a 2007/08 baseline;
    indicators carried into an NI (its code in brackets) and local ones go on."""
    if code.startswith("NI "):
        start = NATIONAL_INDICATORS_START - (frequency is Frequency.ANNUAL)
        return start, LAST_TARGET_YEAR
    if code.startswith(("BV", "PAF")) and "(NI" not in code and code not in KEPT_LOCALLY:
        return FIRST_YEAR, BEST_VALUE_END
    return FIRST_YEAR, LAST_TARGET_YEAR


def _trend(code: str, profile: Profile, years: float) -> float:
    """The underlying level `years` after April 2003, before noise."""
    if code in ("BV78a", "BV78b"):
        # Poor and drifting to mid-2006, then the remedial plan brings the time down to about 55% of it.
        base = profile.level * (1 + 0.04 * min(years, 3.25))
        if years <= 3.25:
            return base
        return base * (1 - 0.45 * min((years - 3.25) / 1.25, 1.0))
    if code == "IA-7WD (NI 59)" and years > 4.5:
        return profile.level + profile.change * 4.5 - 4 * (years - 4.5)  # a dip in 2007/08 as caseloads rise
    return profile.level + profile.change * years


def _good_way(polarity: str) -> int:
    return -1 if polarity == Polarity.LOWER else 1


def _clip(value: float, profile: Profile) -> float:
    value = max(value, profile.floor) if profile.floor is not None and profile.level >= 0 else value
    return min(value, profile.ceiling) if profile.ceiling is not None else value


def _figure(value: float, unit: str) -> str:
    if unit.startswith("level"):
        return str(round(value))
    if abs(value) >= 100:
        return f"{value:.0f}"
    return f"{value:.1f}" if unit in ("%", "days", "days per FTE") or abs(value) >= 10 else f"{value:.2f}"


def _definitions(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    out = []
    baskets: dict[str, list[str]] = {}
    for priority, codes in PRIORITIES.items():
        for code in codes:
            baskets.setdefault(code, []).append(priority)
    for row in rows:
        code = row["code"]
        definition = f"{row['title']}." + (f" Source of the definition: {row['source']}." if row["source"] else "")
        if row["reference"]:
            definition += f" Published reference figures (real): {row['reference']}"
        out.append({
            "code": code, "title": row["title"], "directorate": row["directorate"], "service": row["service"],
            "themes": row["theme"], "priorities": "; ".join(baskets.get(code, [])), "unit": row["unit"],
            "polarity": row["polarity"], "frequency": row["frequency"], "cumulative": row["cumulative"] or "no",
            "tolerance": ABSOLUTE_TOLERANCE.get(code, str(DEFAULT_TOLERANCE)), "owner": OWNERS.get(row["service"], ""),
            "partnership": "yes" if code in PARTNERSHIP else "no", "definition": definition,
        })
    return out


def _values(rows: list[dict[str, str]], rng: random.Random) -> list[dict[str, str]]:
    out = []
    for row in rows:
        out += _indicator_values(row, rng)
    return out


def _indicator_values(row: dict[str, str], rng: random.Random) -> list[dict[str, str]]:
    """One indicator's values, period by period through the years it is measured (a row with neither an
    actual nor a target is left out)."""
    frequency = Frequency(row["frequency"])
    first_year, last_year = _lifespan(row["code"], frequency)
    period = Period.of(frequency, first_year, 1)
    seasonal_phase = rng.uniform(0, 2 * math.pi)
    out = []
    while period.year <= last_year:
        actual, target_value = _draw(row, period, seasonal_phase, rng)
        record = _record(row, period, actual, target_value, rng)
        if record["actual"] or record["target"]:
            out.append(record)
        period = period.next
    return out


def _draw(row: dict[str, str], period: Period, seasonal_phase: float, rng: random.Random) -> tuple[float, float]:
    """A period's actual (the trend, a season and noise) and target (a stretch beyond the year's trend, or the
    council's own), both profiled through the year for a cumulative indicator."""
    code, frequency = row["code"], period.frequency
    profile = PROFILES[code]
    years = (period.ordinal - FIRST_YEAR * 12 + frequency.months) / 12
    fraction = period.number / frequency.per_year  # share of the financial year to this period's end
    level = _trend(code, profile, years)
    season = math.sin(2 * math.pi * period.number / frequency.per_year + seasonal_phase) * profile.noise * 0.6
    actual = _clip(level + season + rng.gauss(0, profile.noise), profile)
    year_level = _trend(code, profile, period.year - FIRST_YEAR + 0.5)  # the trend at mid-year
    target_value = SET_TARGETS.get(code, {}).get(period.year) or \
        _clip(year_level + _good_way(row["polarity"]) * abs(year_level) * profile.stretch, profile)
    if row["cumulative"] == "yes":  # the figure builds through the year, and so does its (profiled) target
        profile_share = fraction ** 1.05
        actual *= profile_share * rng.uniform(0.985, 1.015)
        target_value *= profile_share
    return actual, target_value


def _is_baseline(code: str, period: Period) -> bool:
    """A National Indicator's year before the National Indicators began: measured, with no target."""
    return code.startswith("NI ") and period.year < NATIONAL_INDICATORS_START


def _target_text(row: dict[str, str], period: Period, target_value: float) -> str:
    code, polarity = row["code"], row["polarity"]
    if polarity == Polarity.BAND:
        return "10-15"
    if polarity == Polarity.NONE or _is_baseline(code, period) or (code in NO_TARGETS_2006 and period.year == 2006):
        return ""
    return _figure(target_value, row["unit"])


def _record(row: dict[str, str], period: Period, actual: float, target_value: float,
            rng: random.Random) -> dict[str, str]:
    """A period's row of the values file: a few returns never made, some commentary, recent ones provisional."""
    code, target = row["code"], _target_text(row, period, target_value)
    # by the "as at" month, annual figures are known only for years already ended
    known = period.end <= (AS_AT.financial_year.previous.end if period.frequency is Frequency.ANNUAL
                           else AS_AT.end)
    record = {"indicator": code, "period": period.label, "actual": "", "target": target, "note": "", "status": ""}
    if known and rng.random() > 0.015:  # a few gaps: returns never made
        record["actual"] = _figure(actual, row["unit"])
        if target:
            record["note"] = _commentary(row, record["actual"], target, rng)
        if AS_AT.end - period.end < timedelta(days=62) or rng.random() < 0.01:
            record["status"] = "provisional"
    if period == AS_AT and code in LATE_AT_AS_AT:  # after the draws above, so the rest stay the same
        record.update(actual="", note="", status="")
    if _is_baseline(code, period) and record["actual"]:
        record["note"] = "Baseline year for the new National Indicator: no target was set."
    return record


def _commentary(row: dict[str, str], actual: str, target: str, rng: random.Random) -> str:
    """Now and then a barrier and a lever where the target was missed, more rarely a word where it was met."""
    missed = rate(float(actual), _target_of(target), row["polarity"]).missed
    if rng.random() < (0.35 if missed else 0.06):
        return rng.choice(COMMENTARY["worse" if missed else "better"]).format(who=row["service"])
    return ""


def _target_of(text: str) -> Target:
    low, _, high = text.partition("-")
    return Target(float(low), float(high or low))


@dataclass(frozen=True)
class DemoAction:
    ref: str
    title: str
    kind: str
    directorate: str
    priority: str
    indicators: str
    owner: str
    start: date
    due: date
    pace: float  # progress made for each share of time elapsed: 1.0 keeps to plan


ACTIONS = [
    DemoAction("REM-BEN-01", "Benefits processing improvement plan: clear the backlog and re-engineer new claims",
               "remedial", "Resources", "An efficient, customer-focused council", "BV78a; BV78b",
               "Head of Benefits and Exchequer", date(2006, 7, 1), date(2007, 6, 30), 1.15),
    DemoAction("REM-BEN-02", "Introduce document imaging and workflow in the benefits service", "remedial",
               "Resources", "An efficient, customer-focused council", "BV78a; BV78b; BV79a",
               "Head of Benefits and Exchequer", date(2006, 10, 1), date(2007, 9, 30), 1.05),
    DemoAction("REM-CYP-01", "Improve the timeliness of initial assessments: duty team restructure", "remedial",
               "Children & Young People's Services", "Children and young people safe and achieving",
               "IA-7WD (NI 59)", "Head of Safeguarding", date(2007, 4, 1), date(2008, 3, 31), 0.7),
    DemoAction("REM-CYP-02", "Core assessment recovery plan with agency social workers", "remedial",
               "Children & Young People's Services", "Children and young people safe and achieving",
               "PAF C64 (NI 60); IA-7WD (NI 59)", "Head of Safeguarding", date(2008, 4, 1), date(2009, 3, 31), 0.55),
    DemoAction("REM-CYP-03", "Child protection re-registration audit and practice review", "remedial",
               "Children & Young People's Services", "Children and young people safe and achieving",
               "PAF A3 (NI 65)", "Head of Safeguarding", date(2007, 10, 1), date(2008, 6, 30), 0.9),
    DemoAction("REM-HR-01", "Managing attendance: return-to-work interviews in every directorate", "remedial",
               "Corporate & Customer Services", "An efficient, customer-focused council", "BV12",
               "Head of Human Resources", date(2006, 4, 1), date(2007, 3, 31), 1.0),
    DemoAction("REM-ASC-01", "Reduce waiting times for assessment: screening at first contact", "remedial",
               "Adult Social Care & Strategic Housing", "Older people and vulnerable adults living independently",
               "PAF D55 / BV195; NI 132", "Head of Adult Services", date(2007, 1, 1), date(2007, 12, 31), 1.0),
    DemoAction("REM-ASC-02", "Equipment service: new stores contract and delivery standard", "remedial",
               "Adult Social Care & Strategic Housing", "Older people and vulnerable adults living independently",
               "PAF D54 / BV56", "Head of Adult Services", date(2006, 9, 1), date(2007, 8, 31), 0.8),
    DemoAction("REM-ENV-01", "Litter hot-spot enforcement and cleansing schedule review", "remedial",
               "Environment", "A cleaner, greener county", "BV199a", "Street Scene Manager",
               date(2007, 6, 1), date(2008, 5, 31), 1.0),
    DemoAction("REM-FIN-01", "Invoice payment: e-invoicing for the largest suppliers", "remedial", "Resources",
               "A thriving local economy", "BV8", "Chief Accountant", date(2008, 6, 1), date(2009, 5, 31), 0.65),
    DemoAction("REM-CYP-04", "Looked after children reviews: independent reviewing officer capacity", "remedial",
               "Children & Young People's Services", "Children and young people safe and achieving",
               "PAF C68 (NI 66)", "Head of Children's Services", date(2008, 7, 1), date(2009, 1, 31), 0.9),
    DemoAction("REM-ASC-03", "Self-directed support: pilot individual budgets", "remedial",
               "Adult Social Care & Strategic Housing", "Older people and vulnerable adults living independently",
               "NI 130; PAF C51", "Head of Adult Services", date(2008, 4, 1), date(2009, 3, 31), 1.0),
    DemoAction("SP-ENV-01", "Roll out kerbside recycling to all rural parishes", "service plan", "Environment",
               "A cleaner, greener county", "BV82a(i)+b(i); NI 192", "Waste Manager",
               date(2005, 4, 1), date(2007, 3, 31), 1.05),
    DemoAction("SP-ENV-02", "Waste PFI: energy-from-waste planning application", "service plan", "Environment",
               "A cleaner, greener county", "NI 193", "Waste Manager", date(2007, 4, 1), date(2009, 3, 31), 0.6),
    DemoAction("SP-ENV-03", "Carbon management plan for council buildings", "service plan", "Resources",
               "A cleaner, greener county", "NI 185", "Head of Property Services", date(2008, 4, 1),
               date(2010, 3, 31), 1.0),
    DemoAction("SP-ENV-04", "Bus punctuality partnership with operators", "service plan", "Environment",
               "A thriving local economy", "NI 178", "Transportation Manager", date(2008, 4, 1),
               date(2009, 3, 31), 0.95),
    DemoAction("SP-ECO-01", "Business start-up grants and advice service", "service plan", "Chief Executive's Office",
               "A thriving local economy", "NI 171", "Head of Economic Development", date(2008, 4, 1),
               date(2009, 3, 31), 1.0),
    DemoAction("SP-ECO-02", "Broadband for market towns: partnership bid", "service plan",
               "Chief Executive's Office", "A thriving local economy", "", "Head of Economic Development",
               date(2007, 1, 1), date(2008, 6, 30), 0.75),
    DemoAction("SP-CSC-01", "Customer service centres in the market towns (Info shops)", "service plan",
               "Corporate & Customer Services", "An efficient, customer-focused council", "",
               "Head of Customer Services", date(2006, 4, 1), date(2008, 3, 31), 1.0),
    DemoAction("SP-CSC-02", "Achieve level 3 of the Equality Standard", "service plan",
               "Corporate & Customer Services", "An efficient, customer-focused council", "BV2a",
               "Head of Policy and Equality", date(2006, 4, 1), date(2008, 3, 31), 1.1),
    DemoAction("SP-REV-01", "Council tax: direct debit campaign and earlier reminders", "service plan",
               "Resources", "An efficient, customer-focused council", "BV9", "Head of Revenues",
               date(2007, 4, 1), date(2008, 3, 31), 1.0),
    DemoAction("SP-REV-02", "Business rates: recovery of older arrears", "service plan", "Resources",
               "An efficient, customer-focused council", "BV10", "Head of Revenues", date(2008, 4, 1),
               date(2009, 3, 31), 0.8),
    DemoAction("SP-BEN-01", "Counter-fraud: visiting programme for high-risk claims", "service plan", "Resources",
               "Safer and stronger communities", "BV76a; BV76c; BV76d", "Head of Benefits and Exchequer",
               date(2006, 4, 1), date(2007, 3, 31), 0.95),
    DemoAction("SP-CYP-01", "Placement strategy: recruit 20 more local foster carers", "service plan",
               "Children & Young People's Services", "Children and young people safe and achieving",
               "BV49 / PAF A1 (NI 62); PAF D35 (NI 63)", "Head of Children's Services", date(2006, 4, 1),
               date(2008, 3, 31), 0.85),
    DemoAction("SP-CYP-02", "Care leavers: pathway plans and apprenticeships with the council", "service plan",
               "Children & Young People's Services", "Children and young people safe and achieving",
               "BV161 / PAF A4; NI 148", "Head of Children's Services", date(2007, 9, 1), date(2009, 3, 31), 0.9),
    DemoAction("SP-CYP-03", "SEN statementing within 18 weeks: casework review", "service plan",
               "Children & Young People's Services", "Children and young people safe and achieving", "BV43a",
               "Head of Additional Needs", date(2006, 9, 1), date(2007, 7, 31), 1.0),
    DemoAction("SP-CYP-04", "Youth offer: positive activities programme with the voluntary sector",
               "service plan", "Children & Young People's Services", "Children and young people safe and achieving",
               "NI 110", "Head of Youth Services", date(2008, 4, 1), date(2009, 3, 31), 0.7),
    DemoAction("SP-ASC-01", "Extra care housing: two new schemes", "service plan",
               "Adult Social Care & Strategic Housing", "Older people and vulnerable adults living independently",
               "PAF C72; PAF C32 / BV54", "Head of Adult Services", date(2006, 4, 1), date(2008, 9, 30), 0.8),
    DemoAction("SP-ASC-02", "Intermediate care and reablement service", "service plan",
               "Adult Social Care & Strategic Housing", "Older people and vulnerable adults living independently",
               "NI 125; PAF C28 / BV53", "Head of Adult Services", date(2007, 4, 1), date(2009, 3, 31), 1.0),
    DemoAction("SP-ASC-03", "Carers' strategy: assessments and carers' breaks", "service plan",
               "Adult Social Care & Strategic Housing", "Older people and vulnerable adults living independently",
               "PAF C62 (NI 135)", "Head of Adult Services", date(2007, 4, 1), date(2008, 3, 31), 1.0),
    DemoAction("SP-CE-01", "Community safety: neighbourhood action groups in every locality", "service plan",
               "Chief Executive's Office", "Safer and stronger communities", "NI 21; NI 17",
               "Community Safety Manager", date(2008, 4, 1), date(2009, 3, 31), 1.05),
    DemoAction("SP-CE-02", "Place Survey 2008: fieldwork and results to the partnership", "service plan",
               "Chief Executive's Office", "Safer and stronger communities", "NI 17; NI 21",
               "Head of Policy and Equality", date(2008, 9, 1), date(2009, 2, 28), 1.0),
    DemoAction("DR-RES-01", "Director's review: benefits service performance clinic", "director review",
               "Resources", "An efficient, customer-focused council", "BV78a", "Director of Resources",
               date(2006, 6, 1), date(2006, 12, 31), 1.1),
    DemoAction("DR-CYP-01", "Director's review: children's social care caseloads and vacancies", "director review",
               "Children & Young People's Services", "Children and young people safe and achieving",
               "IA-7WD (NI 59); PAF C64 (NI 60)", "Director of Children's Services", date(2007, 6, 1),
               date(2008, 6, 30), 0.6),
    DemoAction("DR-CYP-02", "Director's review: safeguarding after the joint area review", "director review",
               "Children & Young People's Services", "Children and young people safe and achieving",
               "REF-REPEAT; PAF A3 (NI 65)", "Director of Children's Services", date(2008, 7, 1),
               date(2009, 6, 30), 0.5),
    DemoAction("DR-ASC-01", "Director's review: commissioning of home care", "director review",
               "Adult Social Care & Strategic Housing", "Older people and vulnerable adults living independently",
               "PAF C28 / BV53", "Director of Adult Social Care", date(2007, 1, 1), date(2007, 12, 31), 1.0),
    DemoAction("DR-CCS-01", "Director's review: sickness absence hot spots", "director review",
               "Corporate & Customer Services", "An efficient, customer-focused council", "BV12",
               "Director of Corporate & Customer Services", date(2008, 1, 1), date(2008, 12, 31), 0.75),
    DemoAction("DR-ENV-01", "Director's review: waste strategy after the landfill tax rise", "director review",
               "Environment", "A cleaner, greener county", "NI 191; NI 193", "Director of Environment",
               date(2008, 4, 1), date(2008, 10, 31), 0.8),
    DemoAction("DR-CE-01", "Chief Executive's review: performance management framework (audit response)",
               "director review", "Chief Executive's Office", "An efficient, customer-focused council", "",
               "Chief Executive", date(2006, 5, 1), date(2007, 3, 31), 1.0),
    DemoAction("DR-RES-02", "Director's review: treasury and invoice processes", "director review", "Resources",
               "A thriving local economy", "BV8", "Director of Resources", date(2008, 9, 1), date(2009, 2, 28), 1.2),
]

SNAPSHOTS = [Period.of(Frequency.QUARTERLY, year, q).end for year in (2006, 2007, 2008) for q in (1, 2, 3, 4)
             if Period.of(Frequency.QUARTERLY, year, q).end <= AS_AT.end]

PROGRESS_NOTES = {
    "done": "Complete: outcomes reported to Cabinet.",
    "behind": "Slipping: {reason}. Revised plan to the directorate management team.",
    "on": "Progressing to plan; next milestone this quarter.",
    "none": "Not yet started: project initiation in preparation.",
}
REASONS = ["recruitment delays", "a dependency on a partner's IT system", "capacity in the team",
           "consultation took longer than planned"]


def _actions(rng: random.Random) -> dict[date, list[dict[str, str]]]:
    snapshots: dict[date, list[dict[str, str]]] = {}
    reasons = {a.ref: rng.choice(REASONS) for a in ACTIONS}
    for as_of in SNAPSHOTS:
        rows = []
        for action in ACTIONS:
            if action.start > as_of + timedelta(days=92):
                continue  # not yet in a service plan
            span = (action.due - action.start).days
            elapsed = max((as_of - action.start).days, 0) / span
            progress = min(100, max(0, round(elapsed * action.pace * 100 / 5) * 5))
            completed = ""
            if progress >= 100:
                finish = action.start + timedelta(days=round(span / action.pace))
                completed = min(finish, as_of).isoformat()
            if progress >= 100:
                note = PROGRESS_NOTES["done"]
            elif progress == 0:
                note = PROGRESS_NOTES["none"]
            elif action.pace < 0.9:
                note = PROGRESS_NOTES["behind"].format(reason=reasons[action.ref])
            else:
                note = PROGRESS_NOTES["on"]
            rows.append({"ref": action.ref, "title": action.title, "kind": action.kind,
                         "directorate": action.directorate, "priority": action.priority,
                         "indicators": action.indicators, "owner": action.owner, "start": action.start.isoformat(),
                         "due": action.due.isoformat(), "progress": str(progress), "completed": completed,
                         "note": note})
        snapshots[as_of] = rows
    return snapshots


def _write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def generate(folder: Path = FILES) -> list[Path]:
    """Write the demo files into `folder`; returns them in the order they are to be loaded."""
    rng = random.Random(SEED)
    rows = reference_rows()
    folder.mkdir(parents=True, exist_ok=True)
    written = [folder / "definitions.csv", folder / "values.csv"]
    _write(written[0], _definitions(rows))
    _write(written[1], _values(rows, rng))
    for as_of, actions in _actions(rng).items():
        written.append(folder / f"actions-{as_of.isoformat()}.csv")
        _write(written[-1], actions)
    return written


if __name__ == "__main__":
    for path in generate():
        print(path.relative_to(HERE.parents[1]))
