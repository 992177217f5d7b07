"""The rules of docs/rules.md: tables of cases, plus property tests of their symmetries."""

from datetime import date

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from data.periods import Frequency, Period
from data.rules import (
    ActionStatus,
    Baseline,
    Direction,
    FollowUp,
    Polarity,
    ProcessLimits,
    Rating,
    Reason,
    Signal,
    SignalRule,
    Target,
    Tolerance,
    action_status,
    default_baseline,
    direction,
    explain_action_status,
    explain_follow_up,
    explain_process_limits,
    explain_rating,
    explain_share,
    explain_signal,
    follow_up,
    forecast_year_end,
    improvement,
    is_unmanaged,
    missed_run,
    newly_on_target,
    own_increments,
    periods_missed,
    periods_on_target,
    process_chart,
    process_limits,
    quarters_open,
    rate,
    rate_of_improvement,
    roll_up,
    share,
    signals,
    sustained_on_target,
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


# --- statistical signals (XmR) -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("baseline", "centre", "average_moving_range", "lower", "upper"),
    [
        # mean 66/6 = 11; moving ranges 2, 2, 2, 2, 2: average 2; 11 ± 2.66 × 2 = 11 ± 5.32
        ([10, 12, 10, 12, 10, 12], 11, 2, 5.68, 16.32),
        # mean 24/4 = 6; moving ranges 2, 1, 4: average 7/3; 6 ± 2.66 × 7/3 = 6 ± 6.2066...
        ([4, 6, 5, 9], 6, 7 / 3, 6 - 6.20666667, 12.20666667),
        # a missing figure is skipped, not taken as zero: the ranges are 2 and 4 (10 to 12, 12 to 8)
        ([10, 12, None, 8], 10, 3, 2.02, 17.98),
        ([5, 5, 5], 5, 0, 5, 5),  # a steady series: limits on the centre line
    ],
)
def test_process_limits_from_a_stated_baseline(baseline, centre, average_moving_range, lower, upper):
    limits = process_limits(baseline)
    assert (limits.centre, limits.average_moving_range) == (pytest.approx(centre), pytest.approx(average_moving_range))
    assert (limits.lower, limits.upper) == (pytest.approx(lower), pytest.approx(upper))


@pytest.mark.parametrize("baseline", [[], [3], [3, None], [None, None, float("nan")]])
def test_process_limits_need_two_figures(baseline):
    with pytest.raises(ValueError, match="at least 2 baseline figures"):
        process_limits(baseline)


@pytest.mark.parametrize(
    ("series", "frequency", "expected"),
    [
        (list(range(20)), Frequency.MONTHLY, Baseline(0, 11)),  # the first 12 monthly figures
        (list(range(20)), Frequency.QUARTERLY, Baseline(0, 7)),
        (list(range(20)), Frequency.ANNUAL, Baseline(0, 4)),
        ([None, 1, 2, None, 3, 4, 5, 6], Frequency.ANNUAL, Baseline(1, 6)),  # gaps skipped: 5 figures
        ([1, 2, 3], Frequency.MONTHLY, Baseline(0, 2)),  # fewer than 12 so far: all of them
        ([None, None], Frequency.MONTHLY, None),
    ],
)
def test_the_default_baseline(series, frequency, expected):
    assert default_baseline(series, frequency) == expected


# Limits for the signal cases: centre 10, average moving range 1, so the limits are 7.34 and 12.66.
LIMITS = ProcessLimits(10, 1, 12)
OUT, RUN, TREND = SignalRule.OUTSIDE_LIMITS, SignalRule.RUN_ON_ONE_SIDE, SignalRule.TREND
UP, DOWN = Direction.IMPROVING, Direction.WORSENING


@pytest.mark.parametrize(
    ("figures", "polarity", "expected"),
    [
        # a point outside the limits
        ([10, 11, 9, 10, 13, 10, 9, 11], "higher", [(OUT, 4, 4, True, UP)]),
        ([10, 11, 9, 10, 13, 10, 9, 11], "lower", [(OUT, 4, 4, True, DOWN)]),  # up is worse when lower is better
        ([10, 11, 9, 10, 7, 10, 9, 11], "higher", [(OUT, 4, 4, False, DOWN)]),
        ([10, 11, 9, 10, 12.66, 10, 9, 11], "higher", []),  # on the limit is inside it
        ([10, 11, 9, 10, 13, 10, 9], "higher", []),  # 7 figures in all: too few for any signal
        ([10, 11, 9, None, 10, 13, 10, 9], "higher", []),  # 7 figures and a gap: still too few
        # eight in a row on one side of the centre line
        ([9, 11, 11.5, 11, 11.5, 11, 11.5, 11, 9], "higher", []),  # a run of 7
        ([9, 11, 11.5, 11, 11.5, 11, 11.5, 11, 11.5, 9], "higher", [(RUN, 1, 8, True, UP)]),  # of 8
        ([11, 11.5] * 5, "higher", [(RUN, 0, 9, True, UP)]),  # of 10: one signal for the longest run
        ([9, 8.5] * 4, "lower", [(RUN, 0, 7, False, UP)]),  # below, when lower is better
        ([11, 11.5, 11, 11.5, 10, 11, 11.5, 11, 11.5], "higher", []),  # a point on the line breaks the run
        ([11, 11.5, 11, 11.5, None, 11, 11.5, 11, 11.5], "higher", [(RUN, 0, 8, True, UP)]),  # a gap is skipped
        ([11, 11.5, 11, 11.5, float("nan"), 11, 11.5, 11, 11.5], "higher", [(RUN, 0, 8, True, UP)]),  # NaN too
        # six in a row rising or falling
        ([8, 8.5, 9, 9.5, 10.5, 11, 10, 9], "higher", [(TREND, 0, 5, True, UP)]),
        ([8, 8.5, 9, 9.5, 10.5, 10, 9, 9.5], "higher", []),  # five rising
        ([8, 8.5, 9, 9, 9.5, 10.5, 10, 9], "higher", []),  # a tie breaks the run: three and three
        ([8, 8.5, None, 9, 9.5, 10.5, 11, 10, 9], "higher", [(TREND, 0, 6, True, UP)]),  # a gap is skipped
        ([12, 11.5, 11, 10.5, 9.5, 9, 10, 11], "higher", [(TREND, 0, 5, False, DOWN)]),
        ([8, 8.5, 9, 9.5, 10.5, 11, 11.5, 11, 9], "lower", [(TREND, 0, 6, True, DOWN)]),  # 7 rising: one signal
        # a peak ends one trend and starts the next; a band or data-only indicator has no reading
        ([8, 8.5, 9, 9.5, 10.5, 11, 10.5, 10, 9.5, 9, 8.5], "band", [(TREND, 0, 5, True, None),
                                                                      (TREND, 5, 10, False, None)]),
        ([8, 8.5, 9, 9.5, 10.5, 11, 12, 13], "none", [(TREND, 0, 7, True, None), (OUT, 7, 7, True, None)]),
        # one figure can fire several rules: in order of the first figure, then of the rule
        ([11, 11.5, 12, 12.5, 12.6, 12.65, 13, 11], "higher", [(RUN, 0, 7, True, UP), (TREND, 0, 6, True, UP),
                                                                (OUT, 6, 6, True, UP)]),
    ],
)
def test_signals(figures, polarity, expected):
    found = [(s.rule, s.first, s.last, s.upward, s.direction) for s in signals(figures, LIMITS, polarity)]
    assert found == expected


@pytest.mark.parametrize(
    ("series", "baseline", "limits", "provisional", "signalled"),
    [
        # the first 12 monthly figures: mean 10.5, every moving range 1 -> limits 7.84 to 13.16; 14 is out
        ([10, 11] * 6 + [14], None, (10.5, 1), False, [(OUT, 12, 12)]),
        # 9 figures so far: provisional limits from all of them, mean 98/9, ranges 1 (7 times) and 3: 10/8
        ([10, 11] * 4 + [14], None, (98 / 9, 10 / 8), True, []),
        # the council's baseline, positions 2 to 5: 10, 11, 10, 11
        ([20, 20, 10, 11, 10, 11, 10, 11, 10, 11], Baseline(2, 5), (10.5, 1), False, [(OUT, 0, 0), (OUT, 1, 1)]),
        ([3], None, None, True, []),  # one figure: no limits
    ],
)
def test_a_process_chart(series, baseline, limits, provisional, signalled):
    chart = process_chart(series, Frequency.MONTHLY, "higher", baseline)
    found = chart.limits and (chart.limits.centre, chart.limits.average_moving_range)
    assert found == (pytest.approx(limits) if limits else None)
    assert chart.provisional is provisional
    assert [(s.rule, s.first, s.last) for s in chart.signals] == signalled


def test_a_baseline_runs_forwards():
    with pytest.raises(ValueError, match="from a position to a later one"):
        Baseline(5, 2)


MONTHS = [f"{month} 2008" for month in ("Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")]


@pytest.mark.parametrize(
    ("signal", "figures", "unit", "sentence"),
    [
        (Signal(OUT, 4, 4, True, DOWN), [10, 11, 9, 10, 41, 10, 9, 11], "days",
         "A point outside the limits: 41 days in Aug 2008 is above the upper process limit of 12.66 days: "
         "a worsening signal."),
        (Signal(OUT, 0, 0, False, DOWN), [7, 10, 11, 9, 10, 10, 9, 11], "%",
         "A point outside the limits: 7% in Apr 2008 is below the lower process limit of 7.34%: a worsening signal."),
        (Signal(RUN, 0, 8, True, UP), [11, 11.5, 11, 11.5, None, 11, 11.5, 11, 11.5], "",
         "Eight points in a row on one side: 8 figures from Apr 2008 to Dec 2008 are all above the centre line of "
         "10: an improving signal."),
        (Signal(TREND, 0, 5, False, None), [12, 11.5, 11, 10.5, 9.5, 9, 10, 11], "",
         "Six points in a row falling: 6 figures from Apr 2008 to Sep 2008, each lower than the one before: "
         "a real change, read as neither better nor worse for this indicator."),
    ],
)
def test_every_signal_explains_itself(signal, figures, unit, sentence):
    assert explain_signal(signal, figures, LIMITS, MONTHS, unit) == sentence


def test_the_limits_explain_themselves():
    assert explain_process_limits(process_limits([4, 6, 5, 9]), "days") == (
        "Centre line 6 days, the mean of 4 baseline figures; natural process limits -0.21 days to 12.21 days: "
        "the centre ± 2.66 × the average moving range of 2.33 days.")


# --- cumulative indicators -----------------------------------------------------------------------------------

month = Period.of


@pytest.mark.parametrize(
    ("year_to_date", "own"),
    [
        # Jan-Mar 2008 end 2007/08; Apr 2008 starts 2008/09 and is its own figure
        ([(month("monthly", 2007, 10), 30), (month("monthly", 2007, 11), 40), (month("monthly", 2007, 12), 55),
          (month("monthly", 2008, 1), 6), (month("monthly", 2008, 2), 14)], [None, 10, 15, 6, 8]),
        # a gap: Feb has no figure, so neither Feb nor Mar has an own figure; April starts afresh
        ([(month("monthly", 2007, 10), 30), (month("monthly", 2007, 11), None), (month("monthly", 2007, 12), 55),
          (month("monthly", 2008, 1), 6)], [None, None, None, 6]),
        # a period missing from the series altogether is a gap too
        ([(month("monthly", 2008, 1), 6), (month("monthly", 2008, 3), 20)], [6, None]),
        ([(month("quarterly", 2007, 3), 70), (month("quarterly", 2007, 4), 100), (month("quarterly", 2008, 1), 20)],
         [None, 30, 20]),
        ([(month("annual", 2007), 70), (month("annual", 2008), 80)], [70, 80]),  # every year is its own first period
        ([], []),
    ],
)
def test_own_increments_of_a_cumulative_indicator(year_to_date, own):
    assert own_increments(year_to_date) == own


# --- what went well ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ratings", "on_target", "sustained", "newly"),
    [
        ([G, G, G, G], 4, True, False),
        ([R, G, G, G], 3, False, False),
        ([R, G, G, G, G, G], 5, True, False),
        ([G, G, G, G, N], 4, True, False),  # periods with no figure after the latest do not matter
        ([G, G, N, G, G], 2, False, False),  # a period with no figure in the run ends it
        ([G, Rating.NO_TARGET, G], 1, False, False),
        ([A, G], 1, False, True),
        ([R, G, N], 1, False, True),
        ([R, N, G], 1, False, False),  # the period before had no figure: not known to have missed
        ([G, R], 0, False, False),
        ([], 0, False, False),
    ],
)
def test_what_went_well(ratings, on_target, sustained, newly):
    assert periods_on_target(ratings) == on_target
    assert sustained_on_target(ratings) is sustained
    assert newly_on_target(ratings) is newly


@pytest.mark.parametrize(
    ("earlier", "later", "polarity", "band", "expected"),
    [
        (50, 60, "higher", None, 20),  # up 10 on 50
        (50, 40, "higher", None, -20),
        (40, 30, "lower", None, 25),  # down 10 days on 40
        (-10, -5, "higher", None, 50),  # a share of the size of the earlier figure
        (8, 10, "band", Target(10, 15), 25),  # from 2 below the range to inside it: 2 nearer, on 8
        (8, 10, "band", None, None),
        (0, 5, "higher", None, None),  # no share of nothing
        (5, 9, "none", None, None),
        (None, 9, "higher", None, None),
    ],
)
def test_improvement_ranks_the_most_improved(earlier, later, polarity, band, expected):
    found = improvement(earlier, later, polarity, band)
    assert found == (None if expected is None else pytest.approx(expected))


# --- the golden thread ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("part", "whole", "expected", "sentence"),
    [
        (3, 4, 0.75, "3 of 4 indicators with a target (75%)"),
        (0, 5, 0.0, "0 of 5 indicators with a target (0%)"),
        (5, 5, 1.0, "5 of 5 indicators with a target (100%)"),
        (0, 0, None, "no indicators with a target to count"),
    ],
)
def test_shares(part, whole, expected, sentence):
    assert share(part, whole) == expected
    assert explain_share(part, whole, "indicators with a target") == sentence


@pytest.mark.parametrize(("part", "whole"), [(5, 4), (-1, 2)])
def test_a_share_is_of_a_part_no_bigger_than_its_whole(part, whole):
    with pytest.raises(ValueError, match="no bigger than its whole"):
        share(part, whole)


Q = [Period.of("quarterly", 2008, n) for n in (1, 2, 3)]


@pytest.mark.parametrize(
    ("start", "as_of", "quarters"),
    [
        (date(2008, 5, 1), date(2008, 12, 31), Q),
        (date(2008, 6, 30), date(2008, 7, 1), Q[:2]),  # started on a quarter's last day: that quarter counts
        (date(2008, 12, 31), date(2008, 12, 31), Q[2:]),
        (date(2009, 1, 1), date(2008, 12, 31), []),  # not started
        (date(2008, 1, 15), date(2008, 4, 1), [Period.of("quarterly", 2007, 4), Q[0]]),  # across a year end
    ],
)
def test_the_quarters_an_action_has_been_open(start, as_of, quarters):
    assert quarters_open(start, as_of) == quarters


@pytest.mark.parametrize(
    ("status", "reported", "quarters", "expected", "sentence"),
    [
        ("On track", [date(2008, 6, 10), date(2008, 9, 1), date(2008, 12, 1)], Q, FollowUp.FOLLOWED_UP,
         "Followed up: progress reported in each quarter since Q1 2008/09."),
        ("Behind", [date(2008, 6, 10), date(2008, 9, 1)], Q, FollowUp.NO_UPDATE_THIS_QUARTER,
         "No update this quarter: no progress reported in Q3 2008/09."),
        ("Overdue", [date(2008, 12, 1)], Q, FollowUp.NO_UPDATE_THIS_QUARTER,
         "No update this quarter: no progress reported in Q1 2008/09, Q2 2008/09."),
        ("On track", [date(2008, 3, 20), date(2008, 9, 1), date(2008, 12, 1)], Q, FollowUp.NO_UPDATE_THIS_QUARTER,
         "No update this quarter: no progress reported in Q1 2008/09."),  # a report before it opened is no help
        ("Complete", [], Q, FollowUp.CLOSED, "Closed: the action is complete."),
        ("Not started", [], [], FollowUp.FOLLOWED_UP, "Followed up: not started yet, so no progress report is due."),
    ],
)
def test_a_director_review_actions_follow_up(status, reported, quarters, expected, sentence):
    found = follow_up(ActionStatus(status), reported, quarters)
    assert found is expected
    assert explain_follow_up(found, reported, quarters) == sentence


# --- properties of the signals -------------------------------------------------------------------------------

series = st.lists(st.one_of(st.none(), figures), min_size=2, max_size=30).filter(
    lambda xs: sum(x is not None for x in xs) >= 2)


@given(figures, st.integers(min_value=2, max_value=30), st.sampled_from(list(Polarity)))
def test_a_steady_series_never_signals(figure, length, polarity):
    steady = [figure] * length
    assert signals(steady, process_limits(steady), polarity) == ()


@given(series)
def test_the_limits_contain_the_centre_line(figures_):
    limits = process_limits(figures_)
    assert limits.lower <= limits.centre <= limits.upper


@given(series)
def test_mirroring_the_figures_and_the_polarity_mirrors_the_signals(figures_):
    mirrored = [None if x is None else -x for x in figures_]
    found = signals(figures_, process_limits(figures_), "higher")
    flipped = signals(mirrored, process_limits(mirrored), "lower")
    assert [(s.rule, s.first, s.last, not s.upward, s.direction) for s in found] == \
        [(s.rule, s.first, s.last, s.upward, s.direction) for s in flipped]


@pytest.mark.parametrize(("rule", "first", "last", "figures", "fired"), [
    ("OUTSIDE_LIMITS", 4, 4, [1.0] * 6, 4),  # a point outside the limits fires at once
    ("RUN_ON_ONE_SIDE", 0, 27, [1.0] * 28, 7),  # a run of 28 fired at its eighth figure, long before its last
    ("RUN_ON_ONE_SIDE", 2, 12, [1.0, 1.0, 1.0, None, None] + [1.0] * 8, 11),  # gaps are not figures
    ("TREND", 3, 10, [1.0] * 11, 8),  # six points: the starting point and five steps
])
def test_a_signal_fired_at_the_figure_that_completed_its_rule(rule, first, last, figures, fired):
    from data.rules import Signal, SignalRule, fired_at

    assert fired_at(Signal(SignalRule[rule], first, last, True, None), figures) == fired
