"""The store's answers, on the demo council, on SQLite and PostgreSQL alike: typed values, None for missing."""

from __future__ import annotations

import dataclasses
import itertools
import math
from datetime import date, timedelta

import pytest
from helpers import ACTIONS, ACTIONS_HEADER, DEFINITIONS, DEFINITIONS_HEADER, VALUES, VALUES_HEADER, csv_bytes

from data import rules
from data.answers import (
    ActionProgress,
    Figure,
    IndicatorPage,
    Link,
    Overview,
    PriorityPage,
    ScorecardRow,
)
from data.importer import load_file
from data.periods import Frequency, Period, parse_period
from data.rules import ActionKind, ActionStatus, Direction, Polarity, Rating, Reason, Target
from data.store import DRAWING_ORDER

DEC_2008 = parse_period("Dec 2008")
CHILDREN = "children-and-young-people-safe-and-achieving"
EFFICIENT = "an-efficient-customer-focused-council"
SOME_MONTHS = [parse_period(p) for p in ("Dec 2008", "Mar 2008", "Sep 2007", "Dec 2006", "Jun 2005")]


def by_code(rows) -> dict[str, ScorecardRow]:
    return {row.indicator.code: row for row in rows}


def codes(rows) -> list[str]:
    return [row.indicator.code for row in rows]


# --- what there is -------------------------------------------------------------------------------------------


def test_the_latest_period_is_the_demo_as_at_month(demo):
    assert demo.latest_period() == DEC_2008


def test_priorities_are_links_in_the_order_the_navigation_lists_them(demo):
    priorities = demo.priorities()
    assert all(isinstance(link, Link) for link in priorities)
    assert [link.name for link in priorities] == sorted(link.name for link in priorities)
    assert Link("Children and young people safe and achieving", CHILDREN) in priorities
    assert len(priorities) == 6


@pytest.mark.parametrize(
    ("slug", "facts", "tolerance", "themes", "priorities"),
    [
        ("bv78a", {"code": "BV78a", "polarity": Polarity.LOWER, "frequency": Frequency.MONTHLY, "unit": "days",
                   "directorate": "Resources", "service": "Benefits", "cumulative": False}, "5%",
         ("Organisational improvement",), (Link("An efficient, customer-focused council", EFFICIENT),)),
        ("bv9", {"code": "BV9", "polarity": Polarity.HIGHER, "cumulative": True}, None, None, None),
        ("paf-a3-ni-65", {"polarity": Polarity.BAND, "frequency": Frequency.QUARTERLY}, "1", None, None),
        ("cpr-rate", {"polarity": Polarity.NONE}, None, None, None),
    ],
)
def test_indicator_details(demo, slug, facts, tolerance, themes, priorities):
    found = demo.indicator(slug)
    assert {name: getattr(found.facts, name) for name in facts} == facts
    assert found.facts.slug == slug
    if tolerance is not None:
        assert str(found.facts.tolerance) == tolerance
    if themes is not None:
        assert found.themes == themes
    if priorities is not None:
        assert found.priorities == priorities


def test_an_unknown_indicator_has_no_details(demo):
    assert demo.indicator("nothing") is None


# --- the scorecard -------------------------------------------------------------------------------------------


def test_scorecard_without_a_period_rates_each_indicators_latest_actual(demo):
    card = demo.scorecard()
    assert len(card) == 63
    assert all(row.figure.actual is not None and row.late is None for row in card)
    assert all(isinstance(row.figure.rating, Rating) for row in card)
    assert by_code(card)["BV78a"].figure.period.label == "Mar 2008"  # the Best Value indicators ended in March 2008


def test_scorecard_is_ordered_by_directorate_then_code(demo):
    card = demo.scorecard(DEC_2008)
    keys = [(row.indicator.directorate, row.indicator.code) for row in card]
    assert keys == sorted(keys)


def test_scorecard_at_a_period_uses_each_frequencys_latest_period_ended_by_then(demo):
    card = demo.scorecard(DEC_2008)
    periods: dict[Frequency, set[str]] = {}
    for row in card:
        periods.setdefault(row.indicator.frequency, set()).add(row.figure.period.label)
    assert periods == {Frequency.MONTHLY: {"Dec 2008"}, Frequency.QUARTERLY: {"Q3 2008/09"},
                       Frequency.ANNUAL: {"2007/08"}}


@pytest.mark.parametrize(
    ("period", "code", "listed"),
    [
        ("Dec 2008", "BV78a", False),  # ended in March 2008
        ("Dec 2008", "BV78b", False),
        ("Dec 2008", "NI 181", True),  # a National Indicator
        ("Dec 2008", "BV9", True),  # kept locally
        ("Dec 2008", "IA-7WD (NI 59)", True),  # continued
        ("Dec 2008", "NI 171", True),  # a baseline year
        ("Mar 2007", "BV78a", True),
        ("Mar 2007", "NI 181", False),  # the National Indicators began in April 2008
    ],
)
def test_which_indicators_are_in_use_at_a_period(demo, period, code, listed):
    assert (code in by_code(demo.scorecard(parse_period(period)))) is listed


def test_every_scorecard_row_is_rated_by_the_published_rule(demo):
    for row in demo.scorecard(DEC_2008):
        facts, figure = row.indicator, row.figure
        expected = rules.rate(figure.actual, figure.target, facts.polarity, facts.tolerance)
        assert figure.rating is expected
        assert figure.rating_text.startswith(f"{expected}:")
        if facts.cumulative:
            assert figure.short_term is None
        if facts.polarity is Polarity.NONE:
            assert (figure.short_term, figure.long_term) == (None, None)


def test_directions_compare_with_the_previous_period_and_a_year_earlier(demo):
    history = {figure.period.label: figure for figure in demo.indicator_history("bv8")}
    now, before, year_ago = history["Dec 2008"], history["Nov 2008"], history["Dec 2007"]
    assert now.short_term is rules.direction(before.actual, now.actual, "higher")
    assert now.long_term is rules.direction(year_ago.actual, now.actual, "higher")
    assert now.previous_rating is before.rating
    assert now.improvement == pytest.approx((now.actual - year_ago.actual) / abs(year_ago.actual))
    row = by_code(demo.scorecard(DEC_2008))["BV8"]
    assert (row.figure.short_term, row.figure.long_term) == (now.short_term, now.long_term)


def test_an_annual_indicators_short_and_long_term_are_the_same_comparison(demo):
    annual = [row.figure for row in demo.scorecard(parse_period("2006/07"))
              if row.indicator.frequency is Frequency.ANNUAL and row.figure.long_term is not None]
    assert annual
    assert all(figure.short_term is figure.long_term for figure in annual)


def test_one_indicators_scorecard_row(demo):
    assert codes(demo.scorecard(DEC_2008, indicator="bv12")) == ["BV12"]
    assert demo.scorecard(DEC_2008, indicator="no-such-indicator") == ()


# --- an indicator through time ---------------------------------------------------------------------------------


def test_indicator_history_is_every_period_in_order(demo):
    history = demo.indicator_history("bv78a")
    assert all(isinstance(figure, Figure) for figure in history)
    assert (history[0].period.label, history[-1].period.label, len(history)) == ("Apr 2003", "Mar 2008", 60)
    assert [figure.period for figure in history] == sorted(figure.period for figure in history)
    assert demo.indicator_history("no-such-indicator") == ()


def test_the_benefits_storyline_improves_after_remedial_action(demo):
    history = {figure.period.label: figure for figure in demo.indicator_history("bv78a")}
    assert history["Mar 2006"].actual > 40
    assert history["Mar 2008"].actual < 30
    actions = {action.ref: action for action in demo.actions(date(2007, 9, 30), indicator="bv78a")}
    assert actions["REM-BEN-01"].status is ActionStatus.COMPLETE


def test_a_band_indicator_is_rated_against_its_range(demo):
    history = demo.indicator_history("paf-a3-ni-65")
    assert {figure.target for figure in history if figure.target is not None} == {Target(10, 15)}
    inside = [figure for figure in history if figure.actual is not None and 10 <= figure.actual <= 15]
    assert inside and all(figure.rating is Rating.GREEN for figure in inside)


def test_histories_hold_each_indicator_asked_for_between_two_dates(demo):
    ids = [demo.indicator(slug).facts.id for slug in ("bv8", "bv78a")]
    found = demo.histories(ids, date(2007, 4, 1), date(2008, 3, 31))
    assert list(found) == ids
    assert [len(found[i]) for i in ids] == [12, 12]
    assert found[ids[0]][0].period.label == "Apr 2007"
    assert found[ids[0]][0].short_term is None  # nothing before the first date is read to compare with
    assert demo.histories([], date(2007, 4, 1), date(2008, 3, 31)) == {}


# --- priorities ----------------------------------------------------------------------------------------------


def test_priority_rollups_count_each_basket(demo):
    rollups = {found.priority.slug: found for found in demo.priority_rollups(DEC_2008)}
    assert len(rollups) == 6
    card = demo.scorecard(DEC_2008, priority=CHILDREN)
    children = rollups[CHILDREN].roll_up
    ratings = [row.figure.rating for row in card]
    rated = sum(rating in rules.RAG for rating in ratings)
    assert children.total == len(card)
    assert children.counts[Rating.RED] == ratings.count(Rating.RED)
    assert children.on_target_share == pytest.approx(ratings.count(Rating.GREEN) / rated)
    assert str(children).startswith(f"{ratings.count(Rating.GREEN)} of {rated} rated indicators on target")
    assert [found.priority.name for found in demo.priority_rollups(DEC_2008)] == sorted(
        found.priority.name for found in rollups.values())


def test_one_prioritys_rollup(demo):
    (found,) = demo.priority_rollups(DEC_2008, priority=EFFICIENT)
    assert found.priority.slug == EFFICIENT
    assert found.late == 1  # BV12's December return
    assert demo.priority_rollups(DEC_2008, priority="no-such-priority") == ()


# --- actions -------------------------------------------------------------------------------------------------


def test_actions_have_a_status_as_at_a_date(demo):
    late_2008 = demo.actions(date(2008, 12, 31))
    assert len(late_2008) == 40
    assert {action.kind for action in late_2008} == set(ActionKind)
    assert {ActionStatus.COMPLETE, ActionStatus.OVERDUE, ActionStatus.BEHIND, ActionStatus.ON_TRACK} <= {
        action.status for action in late_2008}
    for action in late_2008:
        assert action.status is rules.action_status(date(2008, 12, 31), action.start, action.due, action.progress,
                                                    action.completed)
    assert [(a.due, a.ref) for a in late_2008] == sorted((a.due, a.ref) for a in late_2008)


@pytest.mark.parametrize(
    ("as_of", "ref", "status", "progress"),
    [
        (date(2006, 7, 31), "SP-ENV-03", ActionStatus.NOT_STARTED, 0.0),  # starts in 2008: nothing reported yet
        (date(2007, 9, 30), "REM-BEN-01", ActionStatus.COMPLETE, None),
    ],
)
def test_an_actions_status_and_progress_at_a_date(demo, as_of, ref, status, progress):
    action = {action.ref: action for action in demo.actions(as_of)}[ref]
    assert action.status is status
    if progress is not None:
        assert action.progress == progress
        assert action.reported_on is None


def test_action_progress_is_as_reported_by_the_date(demo):
    earlier = {action.ref: action for action in demo.actions(date(2006, 9, 30))}
    later = {action.ref: action for action in demo.actions(date(2006, 12, 31))}
    assert earlier["REM-BEN-01"].progress < later["REM-BEN-01"].progress


def test_actions_by_priority(demo):
    children = demo.actions(date(2008, 12, 31), priority=CHILDREN)
    assert {action.priority for action in children} == {Link("Children and young people safe and achieving",
                                                             CHILDREN)}
    assert "REM-CYP-01" in {action.ref for action in children}


def test_actions_carry_links_to_their_indicators(demo):
    actions = {action.ref: action for action in demo.actions(date(2008, 12, 31))}
    assert Link("IA-7WD (NI 59)", "ia-7wd-ni-59") in actions["REM-CYP-02"].indicators
    for action in actions.values():
        assert [link.name for link in action.indicators] == sorted(link.name for link in action.indicators)


# --- under-performance ---------------------------------------------------------------------------------------


def test_exceptions_list_under_performance_with_its_remedial_action(demo):
    found = {under.row.indicator.code: under for under in demo.exceptions(DEC_2008)}
    worry = found["IA-7WD (NI 59)"]  # children's social care remains the worry
    assert worry.row.figure.rating is Rating.RED
    assert Reason.RED in worry.reasons
    assert worry.periods_missed >= 2
    assert worry.remedial_actions == ("REM-CYP-02",)
    assert not worry.unmanaged
    unmanaged = [under for under in found.values() if under.unmanaged]
    assert unmanaged and all(under.remedial_actions == () for under in unmanaged)
    assert all(under.reasons for under in found.values())
    assert any(under.row.figure.rating is not Rating.GREEN for under in found.values())


def test_the_exceptions_are_listed_most_pressing_first(demo):
    """No remedial action first; then Red (a late Red with them), Amber, the rest; then the longest runs."""
    assert codes(under.row for under in demo.exceptions(DEC_2008)) == [
        "REF-REPEAT", "BV161 / PAF A4", "BV163 / PAF C23", "PAF C21 (NI 64)", "BV12", "DWP-PS-14d",  # Red
        "NI 181", "PAF A3 (NI 65)", "PAF D35 (NI 63)", "NI 136", "BV49 / PAF A1 (NI 62)", "NI 193",  # Amber
        "BV162 / PAF C20 (NI 67)",  # Green, but forecast to miss
        "PAF C64 (NI 60)", "IA-7WD (NI 59)", "PAF C68 (NI 66)", "BV8",  # with a remedial action
    ]


@pytest.mark.parametrize("period", SOME_MONTHS)
def test_every_months_exceptions_keep_the_most_pressing_order(demo, period):
    found = demo.exceptions(period)
    order = {Rating.RED: 0, Rating.AMBER: 1}
    keys = [(not under.unmanaged, order.get(under.row.shown_rating, 2), -under.periods_missed) for under in found]
    assert keys == sorted(keys)
    card = codes(demo.scorecard(period))  # ties keep the scorecard's order
    for a, b in itertools.pairwise(found):
        if keys[found.index(a)] == keys[found.index(b)]:
            assert card.index(a.row.indicator.code) < card.index(b.row.indicator.code)


def test_a_late_return_keeps_its_last_known_rating_in_view(demo):
    """Sickness absence was Red in November and its December return is late: it must not vanish as No data."""
    card = by_code(demo.scorecard(DEC_2008))
    late = card["BV12"]
    assert late.figure.rating is Rating.NO_DATA  # the period asked keeps its own rating
    assert late.figure.actual is None and late.figure.short_term is None
    assert (late.late.periods, late.late.last.period.label, late.late.last.rating) == (1, "Nov 2008", Rating.RED)
    assert late.shown_rating is Rating.RED
    assert late.late.last.rating_text.startswith("Red: ")
    assert late.late.text == "Return for Dec 2008 is 1 month late; latest figure Nov 2008"
    assert [code for code, row in card.items() if row.late is not None] == ["BV12"]
    listed = {under.row.indicator.code: under for under in demo.exceptions(DEC_2008)}["BV12"]
    assert listed.reasons[0] is Reason.RED  # judged at its latest figure
    assert listed.row.figure.rating is Rating.NO_DATA


def _run_one_value_at_a_time(facts, at, history, since):
    """rules.missed_run over the indicator's consecutive periods from `since` up to `at`, each rated afresh."""
    rated = {f.period.ordinal: rules.rate(f.actual, f.target, facts.polarity, facts.tolerance)
             for f in history if f.period <= at and f.period.start >= since}
    return rules.missed_run([rated.get(ordinal, Rating.NO_DATA)
                             for ordinal in range(min(rated, default=at.ordinal), at.ordinal + 1, at.frequency.months)])


def _forecast_one_value_at_a_time(facts, at, history):
    """rules.forecast_year_end from this year's figures up to `at`, and whether it misses the year-end target."""
    if at.frequency is Frequency.ANNUAL or facts.polarity not in (rules.Polarity.HIGHER, rules.Polarity.LOWER):
        return None, False
    year = {f.period: f for f in history if f.period.financial_year == at.financial_year}
    points = [(p.number, f.actual) for p, f in year.items() if p <= at and f.actual is not None]
    now, end = (getattr(year.get(p), "target", None) for p in (at, at.year_end))
    forecast = rules.forecast_year_end(points, at.frequency.per_year, facts.cumulative, getattr(now, "low", None),
                                       getattr(end, "low", None))
    return forecast, _misses_one_value_at_a_time(facts, forecast, end)


def _misses_one_value_at_a_time(facts, forecast, end):
    if forecast is None or end is None:
        return False
    return rules.rate(forecast, end, facts.polarity, facts.tolerance) is not Rating.GREEN


def _judged_one_value_at_a_time(row, history, since):
    """The reference's verdict on one scorecard row (data/rules.py, one value at a time): reasons, periods
    missed (looking back to `since`) and forecast, from the indicator's history rated afresh."""
    shown = row.shown
    run = _run_one_value_at_a_time(row.indicator, shown.period, history, since)
    forecast, misses = _forecast_one_value_at_a_time(row.indicator, shown.period, history)
    reasons = rules.under_performance(shown.rating, shown.short_term, shown.long_term, run.periods, misses)
    return (tuple(reasons), run.periods, forecast) if reasons else None


@pytest.mark.parametrize("period", [*SOME_MONTHS, parse_period("Apr 2007"), parse_period("Mar 2007")])
def test_the_exceptions_are_the_rules_own_verdicts_one_value_at_a_time(demo, period):
    """The store judges whole columns at once (data/vectorised.py); data/rules.py, value by value, agrees on
    every indicator: its reasons, the periods missed and the forecast."""
    expected = {}
    card = demo.scorecard(period)
    # a run is followed back two years before the earliest financial year judged, no further (the store's rule)
    since = date(min(row.shown.period.financial_year.start for row in card).year - 2, 4, 1)
    for row in card:
        verdict = _judged_one_value_at_a_time(row, demo.indicator_history(row.indicator.slug), since)
        if verdict is not None:
            expected[row.indicator.code] = verdict
    found = {under.row.indicator.code: (under.reasons, under.periods_missed, under.forecast)
             for under in demo.exceptions(period)}
    assert found == expected
    assert found  # every month asked has under-performers to compare


def _direction_one_value_at_a_time(facts, figure, earlier):
    if earlier is None:
        return None
    return rules.direction(earlier.actual, figure.actual, facts.polarity, figure.target or earlier.target)


@pytest.mark.parametrize("period", SOME_MONTHS)
def test_the_scorecard_is_the_rules_own_rating_one_value_at_a_time(demo, period):
    """Each figure's rating, previous rating and directions, rated over whole columns, equal data/rules.py's
    on the stored values one at a time."""
    for row in demo.scorecard(period):
        facts, figure = row.indicator, row.figure
        history = {f.period: f for f in demo.indicator_history(facts.slug)}
        before, year_ago = history.get(figure.period.previous), history.get(figure.period.same_period_last_year)
        assert figure.rating is rules.rate(figure.actual, figure.target, facts.polarity, facts.tolerance)
        assert figure.previous_rating is (rules.rate(before.actual, before.target, facts.polarity, facts.tolerance)
                                          if before else Rating.NO_DATA)
        short = None if facts.cumulative else _direction_one_value_at_a_time(facts, figure, before)
        assert (figure.short_term, figure.long_term) == (short, _direction_one_value_at_a_time(facts, figure,
                                                                                               year_ago))


@pytest.mark.parametrize("period", SOME_MONTHS)
def test_the_roll_ups_are_the_rules_own_sums_one_row_at_a_time(demo, period):
    for found in demo.priority_rollups(period):
        basket = demo.scorecard(period, priority=found.priority.slug)
        assert found.roll_up == rules.roll_up([row.figure.rating for row in basket],
                                              [row.figure.long_term for row in basket])
        assert found.late == sum(row.late is not None for row in basket)


MONTHLY_RED = ["RED-1", "Monthly indicator", "Resources", "", "", "", "days", "lower", "monthly", "no", "5%", "",
               "no", ""]


@pytest.mark.parametrize(
    ("actuals", "missed", "listed"),
    [
        # Apr 2006 to Mar 2007, newest last; None is a month with no figure (a target only)
        ([50, None, None, None, None, None, None, None, None, None, None, 50], 1, (Reason.RED,)),  # ten empty end it
        ([50] * 12, 12, (Reason.RED, Reason.MISSED_TWICE)),
        ([*[None] * 9, 50, None, 50], 2, (Reason.RED, Reason.MISSED_TWICE)),  # one late return is bridged
        ([*[None] * 8, 50, None, None, 50], 1, (Reason.RED,)),  # two in a row end the run
        ([*[None] * 9, 50, 30, 50], 1, (Reason.RED,)),  # a met target ends it
    ],
)
def test_a_run_of_missed_targets_counts_gaps_by_the_rule(store, actuals, missed, listed):
    load_file(store.engine, csv_bytes(DEFINITIONS_HEADER, [MONTHLY_RED]), filename="d.csv")
    months = [Period.of(Frequency.MONTHLY, 2006, n) for n in range(1, 13)]
    rows = [["RED-1", m.label, "" if a is None else a, 33, "", ""] for m, a in zip(months, actuals, strict=True)]
    load_file(store.engine, csv_bytes(VALUES_HEADER, rows), filename="v.csv")
    (found,) = store.exceptions(months[-1])
    assert (found.row.indicator.code, found.periods_missed, found.reasons) == ("RED-1", missed, listed)


# --- the pages' answers -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("slug", "drawn"),
    [
        # Red worsening, then a late Red (by its last rating; its own period has no direction), Amber worsening,
        # Amber, No target, then Green (worsening first, then by code)
        (EFFICIENT, ["DWP-PS-14d", "BV12", "BV8", "NI 181", "NI 180", "BV10", "BV2a", "BV79b(ii)", "BV9"]),
        # Reds worsening first; Ambers worsening (short or long term) before the other Ambers
        (CHILDREN, ["BV161 / PAF A4", "BV163 / PAF C23", "PAF C21 (NI 64)", "PAF C64 (NI 60)", "IA-7WD (NI 59)",
                    "REF-REPEAT", "BV49 / PAF A1 (NI 62)", "PAF A3 (NI 65)", "PAF C68 (NI 66)", "PAF D35 (NI 63)",
                    "NI 110", "NI 148", "NI 61", "BV162 / PAF C20 (NI 67)", "BV50 / PAF A2", "CPR-RATE"]),
        ("older-people-and-vulnerable-adults-living-independently",
         ["NI 136", "NI 125", "PAF C62 (NI 135)", "NI 130", "NI 132", "NI 133"]),  # a worsening Green first
    ],
)
def test_a_basket_is_drawn_most_pressing_first(demo, slug, drawn):
    page = demo.priority_page(slug, DEC_2008, draw=24)
    assert codes(page.drawn) == drawn
    assert codes(demo.priority_page(slug, DEC_2008, draw=3).drawn) == drawn[:3]
    severities = [DRAWING_ORDER.index(row.shown_rating) for row in page.drawn]
    assert severities == sorted(severities)


@pytest.mark.parametrize("period", SOME_MONTHS)
def test_the_overview_agrees_with_the_separate_questions(demo, period):
    answer = demo.overview(period)
    assert isinstance(answer, Overview) and answer.period == period
    assert answer.card == demo.scorecard(period)
    assert answer.priorities == demo.priority_rollups(period)
    assert answer.under_performing == demo.exceptions(period)
    assert answer.council == rules.roll_up([row.figure.rating for row in answer.card],
                                           [row.figure.long_term for row in answer.card])
    assert answer.late == sum(row.late is not None for row in answer.card)
    recent = [action for action in demo.actions(period.end) if action.status is ActionStatus.COMPLETE
              and period.end - timedelta(days=91) < action.completed <= period.end]
    assert list(answer.recently_completed) == recent


@pytest.mark.parametrize(
    ("period", "late", "completed"),
    [
        ("Dec 2008", 1, ["SP-ECO-02", "DR-ENV-01"]),
        ("Sep 2007", 0, ["SP-CYP-03", "REM-BEN-02"]),
        ("Dec 2006", 0, ["DR-RES-01"]),
    ],
)
def test_the_overviews_late_returns_and_recent_completions(demo, period, late, completed):
    answer = demo.overview(parse_period(period))
    assert answer.late == late
    assert sorted(action.ref for action in answer.recently_completed) == sorted(completed)


@pytest.mark.parametrize(("slug", "period"), [(CHILDREN, DEC_2008), (EFFICIENT, DEC_2008),
                                              (CHILDREN, parse_period("Mar 2007"))])
def test_a_priority_page_agrees_with_the_separate_questions(demo, slug, period):
    page = demo.priority_page(slug, period, draw=5, years=2)
    assert isinstance(page, PriorityPage) and page.period == period
    assert page.card == demo.scorecard(period, priority=slug)
    assert (page.roll_up,) == demo.priority_rollups(period, priority=slug)
    assert len(page.drawn) == min(5, len(page.card))
    assert page.drawn == demo.priority_page(slug, period, draw=24).drawn[:5]
    assert set(page.drawn) <= set(page.card)
    ids = [row.indicator.id for row in page.drawn]
    assert page.histories == demo.histories(ids, date(period.end.year - 2, period.end.month, 1), period.end)
    assert list(page.histories) == ids
    assert page.actions == demo.actions(period.end, priority=slug)


def test_an_unknown_priority_has_no_page(demo):
    assert demo.priority_page("no-such-priority", DEC_2008, draw=24) is None


@pytest.mark.parametrize(("slug", "period", "late"), [("bv12", DEC_2008, True), ("bv8", DEC_2008, False),
                                                      ("bv78a", parse_period("Sep 2007"), False)])
def test_an_indicator_page_agrees_with_the_separate_questions(demo, slug, period, late):
    page = demo.indicator_page(slug, period)
    assert isinstance(page, IndicatorPage) and page.period == period
    assert page.details == demo.indicator(slug)
    history = [f for f in demo.indicator_history(slug) if f.period.start <= period.end]
    assert [f.period for f in page.history] == [f.period for f in history]
    assert [f for f in page.history if f.period.end <= period.end] == [f for f in history if f.period.end <= period.end]
    (row,) = demo.scorecard(period, indicator=slug)
    assert page.late == row.late and (page.late is not None) is late
    assert page.actions == demo.actions(period.end, indicator=slug)
    assert page.latest == [f for f in page.history if f.actual is not None][-1]


@pytest.mark.parametrize(("slug", "as_at", "latest"), [
    ("bv161-paf-a4", "Jun 2007", "2006/07"),  # annual: 2007/08 is under way in June 2007, not yet known
    ("bv161-paf-a4", "Mar 2008", "2007/08"),  # ... and known once its last month has ended
    ("paf-c21-ni-64", "Nov 2008", "Q2 2008/09"),  # quarterly: Q3 (Oct-Dec) is under way in November
    ("paf-c21-ni-64", "Dec 2008", "Q3 2008/09"),
    ("bv12", "Nov 2008", "Nov 2008"),  # monthly: the month itself is known at its end
])
def test_an_indicator_page_shows_only_periods_ended_by_the_month_chosen(demo, slug, as_at, latest):
    period = parse_period(as_at)
    page = demo.indicator_page(slug, period)
    assert page is not None and page.latest is not None and page.latest.period.label == latest
    under_way = [f for f in page.history if f.period.end > period.end]  # shown with its target, no figure yet
    assert all((f.actual, f.rating, f.note, f.long_term) == (None, Rating.NO_DATA, None, None) for f in under_way)
    assert len(under_way) <= 1 and all(f.period.start <= period.end for f in page.history)


def test_an_unknown_indicator_has_no_page(demo):
    assert demo.indicator_page("no-such-indicator", DEC_2008) is None


# --- missing is None -------------------------------------------------------------------------------------------

OPTIONAL_TEXT = {"service", "definition", "owner", "note"}  # None when missing, never ""


def _walk(value, path: str = "answer") -> None:
    """Every value inside an answer: no NaN, nothing of pandas or numpy, no blank text standing for none."""
    module = type(value).__module__.split(".")[0]
    assert module not in ("pandas", "numpy"), f"{path} is a {type(value)}"
    assert not (isinstance(value, float) and math.isnan(value)), f"{path} is NaN"
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            inner = getattr(value, field.name)
            if field.name in OPTIONAL_TEXT:
                assert inner != "", f"{path}.{field.name} is blank, not None"
            if not isinstance(inner, Period | Target):
                _walk(inner, f"{path}.{field.name}")
    elif isinstance(value, tuple | list):
        for i, inner in enumerate(value):
            _walk(inner, f"{path}[{i}]")
    elif isinstance(value, dict):
        for key, inner in value.items():
            _walk(key, f"{path} key")
            _walk(inner, f"{path}[{key!r}]")


@pytest.mark.parametrize("period", SOME_MONTHS)
def test_missing_values_are_none_never_nan_or_blank(demo, period):
    answer = demo.overview(period)
    _walk(answer)
    _walk(demo.priority_page(CHILDREN, period, draw=24))
    _walk(demo.indicator_page("bv12", period))
    _walk(demo.scorecard())
    assert any(row.figure.long_term is None for row in answer.card)  # no comparison: None, not ""


def test_what_an_action_lacks_is_none(store):
    load_file(store.engine, csv_bytes(DEFINITIONS_HEADER, DEFINITIONS), filename="d.csv")
    load_file(store.engine, csv_bytes(ACTIONS_HEADER, ACTIONS), filename="a.csv", as_of=date(2006, 11, 30))
    reported = {action.ref: action for action in store.actions(date(2006, 12, 1))}
    assert all(isinstance(action, ActionProgress) for action in reported.values())
    assert (reported["SP-1"].owner, reported["SP-1"].priority, reported["SP-1"].note) == (None, None, None)
    assert reported["REM-1"].note == "Backlog team recruited"
    assert reported["DR-1"].completed == date(2006, 11, 30)
    assert reported["REM-1"].completed is None
    before = store.actions(date(2006, 11, 1))  # before any progress was reported
    assert [(action.reported_on, action.progress, action.note) for action in before] == [(None, 0.0, None)] * 3


# --- the two databases, an empty one, a small one ---------------------------------------------------------------


def test_same_answers_on_sqlite_and_postgresql(demo_sqlite, request):
    demo_postgres = request.getfixturevalue("demo_postgresql")
    for period in (None, DEC_2008, parse_period("Q2 2005/06")):
        assert demo_sqlite.scorecard(period) == demo_postgres.scorecard(period)
    assert demo_sqlite.exceptions(DEC_2008) == demo_postgres.exceptions(DEC_2008)
    assert demo_sqlite.overview(DEC_2008) == demo_postgres.overview(DEC_2008)


def test_an_empty_database_answers_with_empty_values(store):
    assert store.is_empty()
    assert store.latest_period() is None
    assert store.months() == []
    assert store.priorities() == ()
    assert store.scorecard() == ()
    assert store.scorecard(DEC_2008) == ()
    assert store.priority_rollups(DEC_2008) == ()
    assert store.actions(date(2008, 1, 1)) == ()
    assert store.exceptions(DEC_2008) == ()
    assert store.overview(DEC_2008) == Overview(DEC_2008, (), (), rules.roll_up([], []), 0, (), ())
    assert store.priority_page(CHILDREN, DEC_2008, draw=24) is None


def test_a_hand_made_council_in_a_fresh_database(store):
    load_file(store.engine, csv_bytes(DEFINITIONS_HEADER, DEFINITIONS), filename="d.csv")
    load_file(store.engine, csv_bytes(VALUES_HEADER, VALUES), filename="v.csv")
    card = by_code(store.scorecard(Period.of(Frequency.MONTHLY, 2006, 3)))  # Jun 2006
    assert card["BV78a"].figure.rating is Rating.GREEN  # 31.5 days against 33
    assert card["BV78a"].figure.short_term is Direction.IMPROVING  # from 38 days
    assert card["BV78a"].figure.provisional
    assert card["PAF A3 (NI 65)"].figure.rating is Rating.GREEN  # 12 inside 10-15
    latest = by_code(store.scorecard())
    assert latest["PAF A3 (NI 65)"].figure.rating is Rating.RED  # 16.2 beyond 15 + 5%
    assert latest["CPR-RATE"].figure.rating is Rating.DATA_ONLY
    assert latest["NI 171"].figure.actual == 1234
    assert latest["NI 171"].indicator.service is None  # no service given: None, not ""
    assert latest["BV78a"].figure.note is None and not latest["BV9"].figure.provisional
