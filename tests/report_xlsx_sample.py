"""A hand-made Cabinet pack for Q3 2008/09, small enough to work every cell of its workbook out by hand: five
indicators in two priorities (a Red, an Amber band, a Green, a late return with no figure, one without a
target), two under-performers (one with no open remedial action) and three actions."""

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


def _counts(green: int = 0, amber: int = 0, red: int = 0, no_target: int = 0, no_data: int = 0):
    return ((Rating.GREEN, green), (Rating.AMBER, amber), (Rating.RED, red), (Rating.NO_TARGET, no_target),
            (Rating.DATA_ONLY, 0), (Rating.NO_DATA, no_data))


BENEFITS = PackFigure(
    code="BV78a", title="Average time to process new benefit claims", directorate="Resources",
    owner="Head of Revenues and Benefits", unit="days", polarity=Polarity.LOWER, frequency=Frequency.MONTHLY,
    period="Dec 2008", actual=28.5, target_low=25.0, target_high=25.0, provisional=False, rating=Rating.RED,
    rating_text="28.5 days against a target of 25 days: more than 5% over, so Red",
    short_term=Direction.WORSENING, long_term=Direction.IMPROVING, late=None, due=None,
    trend=(("Oct 2008", 26.0), ("Nov 2008", 27.0), ("Dec 2008", 28.5)))
NEET = PackFigure(
    code="NI 117", title="16 to 18 year olds not in education, employment or training (NEET)",
    directorate="Children's Services", owner=None, unit="%", polarity=Polarity.LOWER, frequency=Frequency.MONTHLY,
    period="Dec 2008", actual=6.2, target_low=6.5, target_high=6.5, provisional=False, rating=Rating.GREEN,
    rating_text="6.2% against a target of 6.5%: on target, so Green",
    short_term=Direction.IMPROVING, long_term=Direction.NO_CHANGE, late=None, due=None,
    trend=(("Nov 2008", 6.6), ("Dec 2008", 6.2)))
TAX = PackFigure(
    code="BV9", title="Council tax collected", directorate="Resources", owner="Head of Revenues and Benefits",
    unit="%", polarity=Polarity.HIGHER, frequency=Frequency.QUARTERLY, period="Q3 2008/09", actual=None,
    target_low=98.0, target_high=98.0, provisional=False, rating=Rating.NO_DATA,
    rating_text="No figure for Q3 2008/09", short_term=None, long_term=None,
    late="Return for Q3 2008/09 is 1 month late; latest figure Q2 2008/09", due="Q3 2008/09",
    trend=(("Q1 2008/09", 28.9), ("Q2 2008/09", 56.0), ("Q3 2008/09", None)))
TURNOVER = PackFigure(
    code="HR 4", title="Staff turnover", directorate="Resources", owner="Head of HR", unit="%",
    polarity=Polarity.BAND, frequency=Frequency.QUARTERLY, period="Q3 2008/09", actual=13.1, target_low=8.0,
    target_high=12.0, provisional=True, rating=Rating.AMBER,
    rating_text="13.1% against a band of 8–12%: within 5% of it, so Amber",
    short_term=Direction.WORSENING, long_term=Direction.WORSENING, late=None, due=None,
    trend=(("Q2 2008/09", 12.4), ("Q3 2008/09", 13.1)))
SPORT = PackFigure(
    code="NI 8", title="Adult participation in sport", directorate="Community", owner="Sports Development Manager",
    unit="%", polarity=Polarity.HIGHER, frequency=Frequency.ANNUAL, period="2007/08", actual=21.3, target_low=None,
    target_high=None, provisional=False, rating=Rating.NO_TARGET, rating_text="No target set for 2007/08",
    short_term=None, long_term=None, late=None, due=None, trend=(("2007/08", 21.3),))

BACKLOG = PackAction(
    ref="A-101", title="Clear the benefits backlog with agency staff", kind=ActionKind.REMEDIAL,
    directorate="Resources", owner="Benefits Manager", start=date(2008, 10, 1), due=date(2008, 12, 15),
    progress=60.0, completed=None, status=ActionStatus.OVERDUE,
    status_text="Due 15 Dec 2008 and 60% complete", note="Agency staff started in November",
    indicators=("BV78a",))
ONLINE = PackAction(
    ref="A-102", title="Benefit claims made online", kind=ActionKind.SERVICE_PLAN, directorate="Resources",
    owner=None, start=date(2008, 7, 1), due=date(2009, 3, 31), progress=30.0, completed=None,
    status=ActionStatus.BEHIND, status_text="30% complete with 67% of its time gone", note=None,
    indicators=("BV78a", "BV9"))
REVIEW = PackAction(
    ref="DR-7", title="Director's review of agency staff use", kind=ActionKind.DIRECTOR_REVIEW,
    directorate="Resources", owner="Head of HR", start=date(2008, 12, 1), due=date(2009, 6, 30), progress=0.0,
    completed=None, status=ActionStatus.NOT_STARTED, status_text="Not started", note=None, indicators=("HR 4",))
TRACKING = PackAction(
    ref="A-090", title="A NEET tracking team", kind=ActionKind.REMEDIAL, directorate="Children's Services",
    owner="Connexions Manager", start=date(2008, 4, 1), due=date(2008, 11, 30), progress=100.0,
    completed=date(2008, 11, 20), status=ActionStatus.COMPLETE, status_text="Completed 20 Nov 2008",
    note="Team in post", indicators=("NI 117",))

WELL_RUN = "A well-run council"
CHILDREN = "Children and young people achieve their potential"


def sample_pack() -> ReportPack:
    """The Cabinet pack for Q3 2008/09 as at Dec 2008, not frozen."""
    return ReportPack(
        council="Example Borough Council", audience=Audience.CABINET, scope=None, period="Q3 2008/09",
        as_at="Dec 2008", data_version="412-2009-01-12T09:30:00.123456+00:00",
        headlines=PackHeadlines(
            indicators=5,
            roll_up=PackRollUp(_counts(green=1, amber=1, red=1, no_target=1, no_data=1), improving=1, comparable=3,
                               text="1 of 3 rated indicators on target (33%); 1 of 3 indicators improving (33%); "
                                    "1 without a target"),
            late=1, under_performing=2, unmanaged=1, actions_overdue=1, actions_behind=1),
        baskets=(
            PackBasket(WELL_RUN, "well-run", PackRollUp(
                _counts(amber=1, red=1, no_data=1), improving=1, comparable=2,
                text="0 of 2 rated indicators on target (0%); 1 of 2 indicators improving (50%)"),
                (BENEFITS, TAX, TURNOVER)),
            PackBasket(CHILDREN, "children", PackRollUp(
                _counts(green=1), improving=0, comparable=1,
                text="1 of 1 rated indicators on target (100%); 0 of 1 indicators improving (0%)"), (NEET,)),
        ),
        under_performance=(
            PackUnderPerformer(BENEFITS, (Reason.RED, Reason.MISSED_TWICE), periods_missed=3, forecast=27.0,
                               forecast_text="27 days at the year end against a target of 25 (straight line)",
                               unmanaged=False, actions=(BACKLOG, ONLINE)),
            PackUnderPerformer(TURNOVER, (Reason.AMBER_WORSENING,), periods_missed=1, forecast=None,
                               forecast_text=None, unmanaged=True, actions=(), others=(REVIEW,)),
        ),
        went_well=PackWentWell(
            "Q3 2008/09",
            newly_on_target=(PackSuccess("NI 117", NEET.title, "Green in Dec 2008 after Amber in Nov 2008"),),
            most_improved=(), sustained=(), completed=(TRACKING,)),
        actions_due=(BACKLOG, ONLINE),
        without_target=(SPORT,),
        questions=(),
    )


def scrutiny_pack() -> ReportPack:
    """The same figures as a scrutiny pack for one theme, with a question for members."""
    return replace(sample_pack(), audience=Audience.SCRUTINY,
                   scope=Scope(ScopeKind.THEME, "children-and-young-people", "Children and young people"),
                   questions=(PackQuestion("What will bring BV78a back to target by March?", ("BV78a", "A-101")),))


def frozen_pack() -> ReportPack:
    """The Cabinet pack as reported to Cabinet on 15 January 2009."""
    return replace(sample_pack(), frozen=Frozen("Cabinet 15 January 2009", date(2009, 1, 15)))
