"""A report pack made by hand, every section filled, with awkward text: markup, a spreadsheet formula, accents,
£, long names, figures missing, a late return, provisional figures and an indicator without a target.

The renderers' tests draw it; it is written against data/report.py's contract, not built from a store."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from data.periods import Frequency
from data.report import (
    Audience,
    Frozen,
    PackAction,
    PackBasket,
    PackFigure,
    PackHeadlines,
    PackQuestion,
    PackRollUp,
    PackSuccess,
    PackUnderPerformer,
    PackWentWell,
    ReportPack,
    Scope,
    ScopeKind,
)
from data.rules import ActionKind, ActionStatus, Direction, Polarity, Rating, Reason

HOSTILE = '<script>alert("pwned")</script>'
FORMULA = "=SUM(A1:A9)"
LONG = "Percentage of household waste sent for reuse, recycling and composting across every collection round " \
       "in the borough, including bring sites and the Égremont Road household waste recycling centre"


def _roll_up(green: int, amber: int, red: int, no_target: int = 0, no_data: int = 0) -> PackRollUp:
    counts = ((Rating.GREEN, green), (Rating.AMBER, amber), (Rating.RED, red), (Rating.NO_TARGET, no_target),
              (Rating.DATA_ONLY, 0), (Rating.NO_DATA, no_data))
    rated = green + amber + red
    return PackRollUp(counts=counts, improving=green, comparable=rated,
                      text=f"{green} of {rated} rated indicators on target ({green / rated:.0%}); "
                           f"{green} of {rated} improving on a year earlier")


def figure(code: str, title: str, **changes) -> PackFigure:
    """A monthly, lower-is-better indicator rated Red in Dec 2008 unless `changes` say otherwise."""
    base = PackFigure(
        code=code, title=title, directorate="Adults' Social Care", owner="Zoë Ní Bhriain", unit="days",
        polarity=Polarity.LOWER, frequency=Frequency.MONTHLY, period="Dec 2008", actual=41.0, target_low=33.0,
        target_high=33.0, provisional=False, rating=Rating.RED,
        rating_text="Red: 41 days against a target of 33 days; tolerance 5%",
        short_term=Direction.WORSENING, long_term=Direction.IMPROVING, late=None, due=None,
        trend=(("May 2008", 45.0), ("Jun 2008", 44.5), ("Jul 2008", None), ("Aug 2008", 43.0), ("Sep 2008", 40.0),
               ("Oct 2008", 39.0), ("Nov 2008", 40.0), ("Dec 2008", 41.0)))
    return replace(base, **changes)


DELAYED = figure("ASC 12", "Delayed transfers of care, days per 1,000 people")
WASTE = figure("NI 192", LONG, directorate="Environment & Regeneration", owner=None, unit="%",
               polarity=Polarity.HIGHER, period="Nov 2008", actual=38.25, target_low=40.0, target_high=40.0,
               provisional=True, rating=Rating.AMBER, rating_text="Amber: 38.25% against a target of 40%",
               short_term=Direction.NO_CHANGE, long_term=None, late="Return for Dec 2008 is 12 days late",
               due="Dec 2008", trend=(("Jun 2008", 36.0), ("Jul 2008", 37.5), ("Aug 2008", 38.0), ("Sep 2008", 38.1),
                                      ("Oct 2008", 38.25), ("Nov 2008", 38.25)))
SPEND = figure("FIN 3", f"Spend per resident on {HOSTILE}", directorate="Resources", unit="£",
               polarity=Polarity.LOWER, frequency=Frequency.QUARTERLY, period="Q3 2008/09", actual=1234.5,
               target_low=1200.0, target_high=1200.0, rating=Rating.GREEN, rating_text="Green: £1,234.5 on target",
               short_term=Direction.IMPROVING, long_term=Direction.IMPROVING,
               trend=(("Q4 2007/08", 1300.0), ("Q1 2008/09", 1280.0), ("Q2 2008/09", 1250.0),
                      ("Q3 2008/09", 1234.5)))
VISITS = figure("CUL 7", f"Library visits {FORMULA}", directorate="Communities", unit="visits",
                polarity=Polarity.HIGHER, actual=15200.0, target_low=None, target_high=None,
                rating=Rating.NO_TARGET, rating_text="No target: 15,200 visits reported but no target set",
                short_term=None, long_term=None, trend=(("Dec 2008", 15200.0),))
MISSING = figure("HOU 4", "Homeless households in temporary accommodation", directorate="Housing",
                 actual=None, rating=Rating.NO_DATA, rating_text="No data: no figure reported for Dec 2008",
                 short_term=None, long_term=None, trend=(("Nov 2008", None), ("Dec 2008", None)))


def action(ref: str, title: str, **changes) -> PackAction:
    base = PackAction(ref=ref, title=title, kind=ActionKind.REMEDIAL, directorate="Adults' Social Care",
                      owner="Seán O'Brien", start=date(2008, 7, 1), due=date(2008, 12, 15), progress=40.0,
                      completed=None, status=ActionStatus.OVERDUE,
                      status_text="Overdue: due 15 Dec 2008 and 40% done", note=f"Waiting on {FORMULA} & partners",
                      indicators=("ASC 12",))
    return replace(base, **changes)


OVERDUE = action("RA-001", f"Discharge to assess pilot {HOSTILE}")
ON_TRACK = action("RA-002", "Weekend recycling collections", directorate="Environment & Regeneration",
                  owner=None, due=date(2009, 3, 31), progress=55.0, status=ActionStatus.ON_TRACK,
                  status_text="On track: 55% done with 49% of its time gone", note=None, indicators=("NI 192",))
REVIEW = action("DR-CYP-02", "Director's review of recycling rounds", kind=ActionKind.DIRECTOR_REVIEW,
                directorate="Environment & Regeneration", due=date(2009, 2, 28), progress=20.0,
                status=ActionStatus.BEHIND, status_text="Behind: 20% done with 75% of its time gone", note=None,
                indicators=("NI 192",))
PLAN = action("SP-004", "Hospital discharge protocol", kind=ActionKind.SERVICE_PLAN, due=date(2009, 3, 31),
              progress=60.0, status=ActionStatus.ON_TRACK, status_text="On track: 60% done", note=None)
DONE = action("SP-010", "Café-style drop-in sessions", kind=ActionKind.SERVICE_PLAN, directorate="Communities",
              progress=100.0, completed=date(2008, 11, 20), status=ActionStatus.COMPLETE,
              status_text="Complete on 20 Nov 2008", note="Finished £2,000 under budget", indicators=("CUL 7",))


def sample_pack(audience: Audience = Audience.SCRUTINY, frozen: Frozen | None = None) -> ReportPack:
    """Every section filled; a scrutiny pack of one theme unless `audience` says Cabinet (no scope, no
    questions)."""
    scrutiny = audience is Audience.SCRUTINY
    return ReportPack(
        council="Ashdown & Brière District Council", audience=audience,
        scope=Scope(ScopeKind.THEME, "health-wellbeing", f"Health & wellbeing {HOSTILE}") if scrutiny else None,
        period="Q3 2008/09", as_at="Dec 2008", data_version="2009-01-12T09:30:00+00:00 #42",
        headlines=PackHeadlines(indicators=5, roll_up=_roll_up(1, 1, 1, 1, 1), late=1, under_performing=2,
                                unmanaged=1, actions_overdue=1, actions_behind=0),
        baskets=(PackBasket("Healthier communities", "healthier-communities", _roll_up(1, 0, 1, 1, 1),
                            (DELAYED, SPEND, VISITS, MISSING)),
                 PackBasket(f"A cleaner, greener borough {FORMULA}", "cleaner-greener", _roll_up(0, 1, 0), (WASTE,)),
                 PackBasket("Empty priority", "empty", _roll_up(0, 0, 1), ())),
        under_performance=(
            PackUnderPerformer(WASTE, (Reason.AMBER_WORSENING, Reason.FORECAST_MISS), 3, None, None, True, (),
                               (REVIEW,)),
            PackUnderPerformer(DELAYED, (Reason.RED, Reason.MISSED_TWICE), 4, 38.5,
                               "38.5 days at the year end (2008/09) against a target of 33 days: forecast to miss "
                               "it (straight line through the year's figures)", False, (OVERDUE,), (PLAN,)),
        ),
        went_well=PackWentWell(
            label="Q3 2008/09",
            newly_on_target=(PackSuccess("FIN 3", SPEND.title, "Green in Q3 2008/09 after Amber in Q2 2008/09"),),
            most_improved=(PackSuccess("ASC 12", DELAYED.title, "41 days, 9% better than 45 days a year earlier"),),
            sustained=(), completed=(DONE,)),
        actions_due=(OVERDUE, ON_TRACK),
        without_target=(VISITS,),
        questions=(PackQuestion(f"Why has {WASTE.code} no open remedial action? {HOSTILE}", ("NI 192",)),
                   PackQuestion("When will RA-001 be finished?", ("RA-001", "ASC 12"))) if scrutiny else (),
        frozen=frozen,
    )


HEADLINE_NUMBERS = ("41 days", "38.25%", "£1,234.5", "15,200 visits")  # as figure_text writes the shown figures
