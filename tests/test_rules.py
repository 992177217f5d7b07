"""The rules of docs/rules.md: tables of cases, plus property tests of their symmetries."""

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from data.rules import (
    ActionStatus,
    Direction,
    Polarity,
    Rating,
    Reason,
    Target,
    Tolerance,
    action_status,
    direction,
    explain_action_status,
    explain_rating,
    forecast_year_end,
    is_unmanaged,
    missed_run,
    periods_missed,
    rate,
    rate_of_improvement,
    roll_up,
    under_performance,
)

G, A, R, N = Rating.GREEN, Rating.AMBER, Rating.RED, Rating.NO_DATA
PCT5, ABS2 = Tolerance(5), Tolerance(2, percent=False)
one = Target.single


@pytest.mark.parametrize(
    ("actual", "target", "polarity", "tolerance", "expected"),
    [
        # higher is better: target 80, 5% tolerance = 4
        (85, one(80), "higher", PCT5, G),
        (80, one(80), "higher", PCT5, G),  # exactly on target is Green
        (79.9, one(80), "higher", PCT5, A),
        (76, one(80), "higher", PCT5, A),  # exactly at the tolerance is Amber
        (75.99, one(80), "higher", PCT5, R),
        (94.99999999999, one(95), "higher", PCT5, G),  # binary noise is not a miss
        (0, one(0), "higher", PCT5, G),
        (-1, one(0), "higher", PCT5, R),  # 5% of zero is zero
        # lower is better: target 30 days
        (25, one(30), "lower", PCT5, G),
        (30, one(30), "lower", PCT5, G),
        (31.5, one(30), "lower", PCT5, A),
        (31.51, one(30), "lower", PCT5, R),
        (41, one(30), "lower", PCT5, R),
        # absolute tolerance
        (32, one(30), "lower", ABS2, A),
        (32.01, one(30), "lower", ABS2, R),
        (78, one(80), "higher", ABS2, A),
        (77.9, one(80), "higher", ABS2, R),
        # band 10-15: % tolerance of the nearer bound (0.5 below, 0.75 above)
        (12, Target(10, 15), "band", PCT5, G),
        (10, Target(10, 15), "band", PCT5, G),
        (15, Target(10, 15), "band", PCT5, G),
        (9.5, Target(10, 15), "band", PCT5, A),
        (9.49, Target(10, 15), "band", PCT5, R),
        (15.75, Target(10, 15), "band", PCT5, A),
        (15.76, Target(10, 15), "band", PCT5, R),
        (17, Target(10, 15), "band", ABS2, A),
        (7.9, Target(10, 15), "band", ABS2, R),
        # precedence: No data, then Data only, then No target
        (None, one(80), "higher", PCT5, Rating.NO_DATA),
        (float("nan"), one(80), "higher", PCT5, Rating.NO_DATA),
        (None, None, "none", PCT5, Rating.NO_DATA),
        (12, None, "none", PCT5, Rating.DATA_ONLY),
        (12, one(10), "none", PCT5, Rating.DATA_ONLY),
        (12, None, "higher", PCT5, Rating.NO_TARGET),
        (12, None, "band", PCT5, Rating.NO_TARGET),
    ],
)
def test_rating(actual, target, polarity, tolerance, expected):
    assert rate(actual, target, polarity, tolerance) is expected


@pytest.mark.parametrize(
    ("actual", "target", "polarity", "unit", "sentence"),
    [
        (41, one(30), "lower", "days", "Red: 41 days against a target of 30 days or less; tolerance 5%."),
        (81.5, one(80), "higher", "%", "Green: 81.5% against a target of 80% or more; tolerance 5%."),
        (9.6, Target(10, 15), "band", "%",
         "Amber: 9.6% is outside a target range of 10% to 15%; tolerance 5% of the nearer bound."),
        (12, None, "higher", "%", "No target: 12% was reported but no target was set for this period."),
        (None, one(1), "higher", "%", "No data: no actual has been reported for this period."),
        (1234, None, "none", "per 10000", "Data only: this indicator is monitored without a target."),
    ],
)
def test_every_rating_explains_itself(actual, target, polarity, unit, sentence):
    rating = rate(actual, target, polarity)
    assert explain_rating(rating, actual, target, polarity, unit=unit) == sentence


@pytest.mark.parametrize(
    ("earlier", "later", "polarity", "band", "expected"),
    [
        (50, 60, "higher", None, Direction.IMPROVING),
        (60, 50, "higher", None, Direction.WORSENING),
        (100, 101, "higher", None, Direction.NO_CHANGE),  # exactly the 1% band's edge
        (100, 101.01, "higher", None, Direction.IMPROVING),
        (100, 99, "higher", None, Direction.NO_CHANGE),
        (40, 30, "lower", None, Direction.IMPROVING),
        (30, 40, "lower", None, Direction.WORSENING),
        (20, 12, "band", Target(10, 15), Direction.IMPROVING),  # from 5 outside to inside
        (12, 14, "band", Target(10, 15), Direction.NO_CHANGE),  # inside both times
        (12, 8, "band", Target(10, 15), Direction.WORSENING),
        (12, 8, "band", None, None),  # no band to measure from
        (None, 8, "higher", None, None),
        (8, None, "higher", None, None),
        (8, 9, "none", None, None),  # data only: no good way to go
        (0, 0.001, "higher", None, Direction.IMPROVING),
    ],
)
def test_direction_of_travel(earlier, later, polarity, band, expected):
    assert direction(earlier, later, polarity, band) == expected


@pytest.mark.parametrize(
    ("as_of", "progress", "completed", "expected"),
    [
        # start 1 Jan 2007, due 31 Dec 2007 (364 days)
        (date(2007, 6, 1), 100, None, ActionStatus.COMPLETE),
        (date(2008, 6, 1), 100, None, ActionStatus.COMPLETE),
        (date(2007, 6, 1), 60, date(2007, 5, 1), ActionStatus.COMPLETE),
        (date(2007, 4, 1), 60, date(2007, 5, 1), ActionStatus.ON_TRACK),  # completed after that date
        (date(2008, 1, 1), 90, None, ActionStatus.OVERDUE),
        (date(2007, 12, 31), 90, None, ActionStatus.ON_TRACK),  # due that day: not yet overdue
        (date(2006, 12, 1), 0, None, ActionStatus.NOT_STARTED),
        (date(2007, 1, 1), 0, None, ActionStatus.NOT_STARTED),
        (date(2007, 1, 20), 0, None, ActionStatus.ON_TRACK),  # 5% of time gone: not yet 10 points behind
        (date(2007, 7, 2), 39, None, ActionStatus.BEHIND),  # half the time gone, more than 10 points short
        (date(2007, 7, 2), 41, None, ActionStatus.ON_TRACK),
        (date(2007, 7, 2), None, None, ActionStatus.BEHIND),
    ],
)
def test_action_status(as_of, progress, completed, expected):
    status = action_status(as_of, date(2007, 1, 1), date(2007, 12, 31), progress, completed)
    assert status is expected
    assert explain_action_status(status, as_of, date(2007, 1, 1), date(2007, 12, 31), progress) \
        .startswith(expected.value)


@pytest.mark.parametrize(
    ("ratings", "missed"),
    [
        ([], 0),
        ([G, A, R], 2),
        ([R, R, G], 0),
        ([A, N, R], 2),  # one period with no figure (a late return) neither counts nor ends the run
        ([A, N, N, R], 1),  # two in a row end it
        ([R, N, N, N, N, N, N, N, N, N, N, A, R], 2),  # ten empty months between two misses: not 3 running
        ([R, R, N], 2),  # counting back from the latest figure: a return not yet in does not matter
        ([R, R, N, N, N], 2),
        ([R, N, R, N, R], 3),  # single gaps, each bridged
        ([G, R, N], 1),
        ([N, N], 0),
        ([R, Rating.NO_TARGET, A], 1),
        ([R, Rating.DATA_ONLY, R], 1),
        (["Red", "Red", "Red"], 3),
    ],
)
def test_periods_missed(ratings, missed):
    assert periods_missed(ratings) == missed


@pytest.mark.parametrize(
    ("ratings", "ended"),
    [
        ([R, R], False),  # the periods given ran out: older ones may make the run longer
        ([N, R, R], False),  # one gap at the start: an older miss would still join the run
        ([N, N, R, R], True),
        ([G, R, R], True),
        ([], False),
    ],
)
def test_a_run_of_misses_says_whether_something_ended_it(ratings, ended):
    assert missed_run(ratings).ended is ended


@pytest.mark.parametrize(
    ("rating", "short", "long", "run", "forecast", "reasons"),
    [
        (G, None, None, 0, False, []),
        (R, None, None, 1, False, [Reason.RED]),
        (R, None, None, 2, False, [Reason.RED, Reason.MISSED_TWICE]),
        (A, Direction.WORSENING, None, 1, False, [Reason.AMBER_WORSENING]),
        (A, None, Direction.WORSENING, 1, False, [Reason.AMBER_WORSENING]),  # long term when no short
        (A, Direction.IMPROVING, Direction.WORSENING, 1, False, []),  # short term first
        (A, Direction.IMPROVING, None, 2, False, [Reason.MISSED_TWICE]),
        (G, None, None, 0, True, [Reason.FORECAST_MISS]),
        (Rating.NO_DATA, None, None, 3, False, [Reason.MISSED_TWICE]),  # listed until a Green
    ],
)
def test_under_performance(rating, short, long, run, forecast, reasons):
    assert under_performance(rating, short, long, run, forecast) == reasons


def test_unmanaged_means_under_performing_with_no_open_remedial_action():
    assert is_unmanaged([Reason.RED], 0)
    assert not is_unmanaged([Reason.RED], 1)
    assert not is_unmanaged([], 0)


def test_rate_of_improvement_and_roll_up():
    directions = [Direction.IMPROVING, "Improving", Direction.WORSENING, None, Direction.NO_CHANGE]
    assert (rate_of_improvement(directions).improving, rate_of_improvement(directions).comparable) == (2, 4)
    assert str(rate_of_improvement([])) == "none with a figure a year earlier to compare"
    summary = roll_up([G, G, A, R, Rating.NO_TARGET, Rating.DATA_ONLY], directions)
    assert summary.rated == 4 and summary.on_target_share == 0.5 and summary.no_target == 1
    assert str(summary) == ("2 of 4 rated indicators on target (50%); 2 of 4 indicators improving (50%); "
                            "1 without a target")


@pytest.mark.parametrize(
    ("actuals", "per_year", "cumulative", "target_now", "target_end", "expected"),
    [
        ([(1, 10), (2, 20), (3, 30)], 12, False, None, None, 120),  # straight line carried on
        ([(1, 30), (2, 30)], 4, False, None, None, 30),
        ([(1, 25)], 4, False, None, None, 25),
        ([(3, 28)], 12, True, 28, 98, 98),  # on profile to date: on profile at year end
        ([(3, 25)], 12, True, None, None, 100),  # no profile: by the share of the year gone
        ([(12, 97)], 12, True, 98, 98, None),  # the year is over: nothing to forecast
        ([], 12, False, None, None, None),
        ([(1, 5)], 1, False, None, None, None),  # annual indicators are not forecast
    ],
)
def test_year_end_forecast(actuals, per_year, cumulative, target_now, target_end, expected):
    forecast = forecast_year_end(actuals, per_year, cumulative, target_now, target_end)
    assert forecast == (pytest.approx(expected) if expected is not None else None)


figures = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
tolerances = st.builds(Tolerance, st.floats(min_value=0, max_value=50), st.booleans())
WORSE = {G: 0, A: 1, R: 2}


@given(figures, figures, tolerances)
def test_mirroring_polarity_and_figures_mirrors_the_rating(actual, target, tolerance):
    assert rate(actual, one(target), "higher", tolerance) is rate(-actual, one(-target), "lower", tolerance)


@given(figures, figures, figures, st.floats(min_value=0, max_value=50), st.floats(min_value=0, max_value=50),
       st.booleans(), st.sampled_from(["higher", "lower", "band"]))
def test_more_tolerance_never_makes_a_rating_worse(actual, bound1, bound2, less, more, percent, polarity):
    low, high = sorted((bound1, bound2)) if polarity == "band" else (bound1, bound1)
    small, large = sorted((less, more))
    before = rate(actual, Target(low, high), polarity, Tolerance(small, percent))
    after = rate(actual, Target(low, high), polarity, Tolerance(large, percent))
    assert WORSE[after] <= WORSE[before]


@given(figures, figures, st.sampled_from([Polarity.HIGHER, Polarity.LOWER]))
def test_swapping_earlier_and_later_reverses_the_direction(earlier, later, polarity):
    assume(abs(abs(later - earlier) - abs(earlier) / 100) > 1e-6 * max(1, abs(earlier)))
    assume(abs(abs(earlier - later) - abs(later) / 100) > 1e-6 * max(1, abs(later)))
    forward, backward = direction(earlier, later, polarity), direction(later, earlier, polarity)
    if Direction.NO_CHANGE not in (forward, backward):
        assert {forward, backward} == {Direction.IMPROVING, Direction.WORSENING}


@given(figures, figures, tolerances)
def test_a_band_of_one_figure_rates_green_only_on_it(actual, target, tolerance):
    band = rate(actual, Target(target, target), "band", tolerance)
    assert (band is G) == (rate(actual, one(target), "higher", tolerance) is G
                           and rate(actual, one(target), "lower", tolerance) is G)
