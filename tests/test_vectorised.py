"""The vectorised rules (data/vectorised.py) give the reference's answers (data/rules.py), row for row: frames
generated with every polarity, cumulative or not, % and absolute tolerances (0 too), negative targets, figures on
the edges and within 1e-12 of them, gaps, no target and no data; then a table of named cases."""

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data import rules
from data import vectorised as vec
from data.rules import Direction, Polarity, Rating, Reason, RollUp, Target, Tolerance

NAN = float("nan")
G, A, R, N = Rating.GREEN, Rating.AMBER, Rating.RED, Rating.NO_DATA
SEARCH = settings(deadline=None, max_examples=150)

# Figures: round ones a council would set, negatives, zero, sizes far apart, figures to two places (not exact in
# binary, so sums round) and anything in between.
figures = st.one_of(st.sampled_from([0.0, 80.0, 95.0, -30.0, 10.0, 15.0, 0.1, 1e6, -1e6, 100.0]),
                    st.integers(min_value=-10**8, max_value=10**8).map(lambda hundredths: hundredths / 100),
                    st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False))
amounts = st.one_of(st.sampled_from([0.0, 5.0, 2.0, 10.0, 1.0]), st.floats(min_value=0, max_value=50))
# Nudges off an edge: none, binary noise either side (absolute and relative), and just past the closeness rule.
nudges = st.sampled_from([0.0, 1e-12, -1e-12, 1e-10, -1e-10, 1e-9, -1e-9, 2e-9, -2e-9, 1e-6, -1e-6, 0.01, -0.01])
polarities = st.sampled_from([*Polarity, *(p.value for p in Polarity)])  # members, or the strings stored


def _tolerance(target: float, amount: float, percent: bool) -> float:
    return Tolerance(amount, percent).of(target)


@st.composite
def targets(draw: st.DrawFn) -> tuple[float, float]:
    """(low, high): none (NaN low), one figure (NaN or equal high), or a band either way round."""
    kind = draw(st.sampled_from(["none", "single", "single stored twice", "band"]))
    if kind == "none":
        return NAN, draw(st.sampled_from([NAN, 10.0]))
    low = draw(figures)
    if kind == "band":
        return low, draw(figures)
    return low, NAN if kind == "single" else low


@st.composite
def near_an_edge(draw: st.DrawFn, low: float, high: float, amount: float, percent: bool) -> float:
    """A figure on, or just off, one of the edges the rating turns on (else anywhere)."""
    if math.isnan(low):
        return draw(figures)
    high = low if math.isnan(high) else high
    edges = [low, high, low - _tolerance(low, amount, percent), high + _tolerance(high, amount, percent)]
    edge = draw(st.sampled_from(edges))
    nudge = draw(nudges)
    return draw(st.one_of(st.just(edge + nudge), st.just(edge + nudge * abs(edge)), figures))


@st.composite
def rating_rows(draw: st.DrawFn) -> dict:
    low, high = draw(targets())
    amount, percent = draw(amounts), draw(st.booleans())
    actual = draw(st.one_of(st.just(NAN), near_an_edge(low, high, amount, percent)))
    return {"actual": actual, "low": low, "high": high, "polarity": draw(polarities), "amount": amount,
            "percent": percent}


def _target(low: float, high: float) -> Target | None:
    """The reference's target, read as the store reads a stored (low, high)."""
    return None if math.isnan(low) else Target(low, low if math.isnan(high) else high)


def _figure(value: float) -> float | None:
    return None if math.isnan(value) else value


def _reference_ratings(frame: pd.DataFrame) -> list[Rating]:
    return [rules.rate(_figure(row.actual), _target(row.low, row.high), row.polarity,
                       Tolerance(row.amount, row.percent)) for row in frame.itertuples()]


@SEARCH
@given(st.lists(rating_rows(), max_size=40))
def test_ratings_equal_the_reference_row_for_row(rows):
    frame = pd.DataFrame(rows, columns=["actual", "low", "high", "polarity", "amount", "percent"])
    answers = vec.rate(frame["actual"], frame["low"], frame["high"], frame["polarity"], frame["amount"],
                       frame["percent"])
    assert list(answers) == _reference_ratings(frame)
    assert all(isinstance(answer, Rating) for answer in answers)


@st.composite
def direction_rows(draw: st.DrawFn) -> dict:
    earlier = draw(figures)
    # on the 1% edge (either way), just off it, or anywhere
    edge = earlier + draw(st.sampled_from([1, -1])) * abs(earlier) * rules.NO_CHANGE_WITHIN / 100
    later = draw(st.one_of(st.just(edge + draw(nudges)), st.just(earlier), figures,
                           st.just(earlier + draw(nudges))))
    later_low, later_high = draw(targets())
    earlier_low, earlier_high = draw(targets())
    return {"earlier": draw(st.sampled_from([earlier, earlier, NAN])), "later": draw(st.sampled_from([later, NAN])),
            "polarity": draw(polarities), "later_low": later_low, "later_high": later_high,
            "earlier_low": earlier_low, "earlier_high": earlier_high}


@SEARCH
@given(st.lists(direction_rows(), max_size=40), st.sampled_from([rules.NO_CHANGE_WITHIN, 0.0, 5.0]))
def test_directions_equal_the_reference_row_for_row(rows, within):
    frame = pd.DataFrame(rows, columns=["earlier", "later", "polarity", "later_low", "later_high", "earlier_low",
                                        "earlier_high"])
    low, high = vec.later_or_earlier_target(frame["later_low"], frame["later_high"], frame["earlier_low"],
                                            frame["earlier_high"])
    answers = vec.direction(frame["earlier"], frame["later"], frame["polarity"], low, high, within)
    expected = [rules.direction(_figure(row.earlier), _figure(row.later), row.polarity,
                                _target(row.later_low, row.later_high) or _target(row.earlier_low, row.earlier_high),
                                within) for row in frame.itertuples()]
    assert list(answers) == expected


ratings = st.sampled_from([*Rating, *(r.value for r in Rating)])
trends = st.sampled_from([*Direction, *(d.value for d in Direction), None, NAN, ""])


def _reference_roll_up(basket: pd.DataFrame) -> RollUp:
    return rules.roll_up(basket["rating"], basket["long_term"].replace("", None))  # "" is no direction here


def _positions(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame's ratings and directions as the positions rating_codes and direction_codes give."""
    def position(direction: object) -> int:
        return list(Direction).index(Direction(direction)) if direction in list(Direction) else vec.ABSENT
    return frame.assign(rating=[list(Rating).index(Rating(r)) for r in frame["rating"]],
                        long_term=[position(d) for d in frame["long_term"]])


@SEARCH
@given(st.lists(st.tuples(st.sampled_from(["P1", "P2", "P3"]), st.sampled_from([1, 2]), ratings, trends),
                max_size=40))
def test_roll_ups_equal_the_reference_for_every_basket(rows):
    frame = pd.DataFrame(rows, columns=["priority", "year", "rating", "long_term"])
    expected = {key: _reference_roll_up(basket) for key, basket in frame.groupby("priority", sort=False)}
    assert vec.roll_ups(frame, "priority") == expected
    assert vec.roll_ups(_positions(frame), "priority") == expected
    assert vec.roll_up(frame["rating"], frame["long_term"]) == _reference_roll_up(frame)
    by_two = vec.roll_ups(frame, ["priority", "year"])
    assert by_two == {key: _reference_roll_up(basket) for key, basket in frame.groupby(["priority", "year"])}


# Sequences rich in misses and gaps, where runs are long and their ends matter.
sequence_ratings = st.sampled_from([G, A, R, N, N, R, A, Rating.NO_TARGET, Rating.DATA_ONLY, "Red", "No data"])


indicator_sequences = st.lists(st.tuples(st.sampled_from([7, 8, 9]), sequence_ratings), max_size=60)


@SEARCH
@given(indicator_sequences)
def test_missed_runs_equal_the_reference_at_every_row(rows):
    indicators = [indicator for indicator, _ in rows]
    periods, ended = vec.missed_runs([rating for _, rating in rows], indicators)
    for row, indicator in enumerate(indicators):
        so_far = [rating for i, rating in rows[:row + 1] if i == indicator]
        assert rules.MissedRun(int(periods[row]), bool(ended[row])) == rules.missed_run(so_far)


@SEARCH
@given(indicator_sequences)
def test_missed_runs_equal_the_reference_for_every_indicator(rows):
    indicators, sequence = [indicator for indicator, _ in rows], [rating for _, rating in rows]
    by_indicator = vec.missed_run_by_indicator(sequence, indicators)
    missed = vec.periods_missed(sequence, indicators)
    assert list(by_indicator.index) == list(dict.fromkeys(indicators)) == list(missed.index)
    positions = _positions(pd.DataFrame({"rating": sequence, "long_term": None}))["rating"]
    assert by_indicator.equals(vec.missed_run_by_indicator(positions, indicators))
    for indicator, run in by_indicator.iterrows():
        own = [rating for i, rating in rows if i == indicator]
        assert rules.MissedRun(int(run["periods"]), bool(run["ended"])) == rules.missed_run(own)
        assert missed[indicator] == rules.periods_missed(own)


@SEARCH
@given(st.lists(st.tuples(ratings, st.sampled_from([*Direction, None]), st.sampled_from([*Direction, None]),
                          st.integers(min_value=0, max_value=4), st.booleans()), max_size=40))
def test_reasons_for_under_performance_equal_the_reference(rows):
    frame = pd.DataFrame(rows, columns=["rating", "short", "long", "run", "forecast"])
    flags = vec.under_performance(frame["rating"], frame["short"], frame["long"], frame["run"], frame["forecast"])
    assert vec.reasons(flags) == [rules.under_performance(*row) for row in rows]


@st.composite
def forecast_indicators(draw: st.DrawFn) -> tuple[dict, list[tuple[int, float]]]:
    """One indicator's year: how often it reports, its targets and this year's (period number, actual)."""
    per_year = draw(st.sampled_from([1, 2, 4, 12, 13, 52]))
    numbers = draw(st.lists(st.integers(min_value=1, max_value=per_year + 1), unique=True, max_size=per_year + 1))
    actuals = draw(st.lists(st.one_of(figures, st.just(NAN)), min_size=len(numbers), max_size=len(numbers)))
    facts = {"per_year": per_year, "cumulative": draw(st.booleans()),
             "target_now": draw(st.one_of(st.just(NAN), st.just(0.0), figures)),
             "target_year_end": draw(st.one_of(st.just(NAN), figures))}
    return facts, list(zip(numbers, actuals, strict=True))


@SEARCH
@given(st.lists(forecast_indicators(), max_size=20), st.randoms(use_true_random=False))
def test_forecasts_equal_the_reference_for_every_indicator(indicators, shuffle):
    facts = pd.DataFrame([facts for facts, _ in indicators], index=[f"I{i}" for i in range(len(indicators))],
                         columns=["per_year", "cumulative", "target_now", "target_year_end"])
    points = [(f"I{i}", number, actual) for i, (_, year) in enumerate(indicators) for number, actual in year]
    shuffle.shuffle(points)  # the points' order does not matter, as in the reference
    forecasts = vec.forecast_year_end(pd.DataFrame(points, columns=["indicator", "number", "actual"]), facts)
    for i, (fact, year) in enumerate(indicators):
        expected = rules.forecast_year_end(year, fact["per_year"], fact["cumulative"], _figure(fact["target_now"]),
                                           _figure(fact["target_year_end"]))
        answer = forecasts[f"I{i}"]
        # to the last bit: the same arithmetic in the same order
        assert (math.isnan(answer) and expected is None) or answer == expected, (year, fact, answer, expected)


def one_rating(actual, low, high, polarity, amount=5.0, percent=True) -> Rating:
    return vec.rate([actual], [low], [high], [polarity], [amount], [percent])[0]


@pytest.mark.parametrize(
    ("actual", "low", "high", "polarity", "amount", "percent", "expected"),
    [
        pytest.param(80, 80, NAN, "higher", 5, True, G, id="on target is Green"),
        pytest.param(76, 80, NAN, "higher", 5, True, A, id="exactly on the tolerance edge is Amber"),
        pytest.param(76 - 1e-12, 80, NAN, "higher", 5, True, A, id="binary noise past the edge is still Amber"),
        pytest.param(75.99, 80, NAN, "higher", 5, True, R, id="past the edge is Red"),
        pytest.param(94.99999999999, 95, NAN, "higher", 5, True, G, id="binary noise is not a miss"),
        pytest.param(-31.5, -30, NAN, "higher", 5, True, A, id="a % of a negative target's size"),
        pytest.param(-1, 0, NAN, "higher", 5, True, R, id="5% of zero is zero"),
        pytest.param(80.5, 80, NAN, "lower", 0, True, R, id="no tolerance: any miss is Red"),
        pytest.param(32, 30, NAN, "lower", 2, False, A, id="an absolute tolerance"),
        pytest.param(15.75, 10, 15, "band", 5, True, A, id="a band's % of its nearer bound"),
        pytest.param(9.49, 10, 15, Polarity.BAND, 5, True, R, id="below a band, past its tolerance"),
        pytest.param(12, NAN, NAN, "higher", 5, True, Rating.NO_TARGET, id="no target"),
        pytest.param(12, NAN, NAN, "none", 5, True, Rating.DATA_ONLY, id="data only before no target"),
        pytest.param(NAN, NAN, NAN, "none", 5, True, N, id="no data before data only"),
        pytest.param(None, 80, NAN, "higher", 5, True, N, id="None is no data"),
        pytest.param(1e-9, 0, NAN, "lower", 0, True, G, id="within 1e-9 of a target is on it"),
        pytest.param(15.5, 15.5, 10, "band", 40, True, R, id="a band stored high first, measured from its high"),
        pytest.param(math.inf, math.inf, NAN, "higher", 5, True, G, id="equal figures are the same, even infinite"),
    ],
)
def test_named_ratings(actual, low, high, polarity, amount, percent, expected):
    assert one_rating(actual, low, high, polarity, amount, percent) is expected
    tolerance = Tolerance(amount, percent)
    assert rules.rate(actual, _target(low, high), polarity, tolerance) is expected


@pytest.mark.parametrize(
    ("earlier", "later", "polarity", "low", "high", "expected"),
    [
        pytest.param(100, 101, "higher", NAN, NAN, Direction.NO_CHANGE, id="exactly the 1% edge is No change"),
        pytest.param(100, 101.01, "higher", NAN, NAN, Direction.IMPROVING, id="past the 1% edge"),
        pytest.param(40, 30, "lower", NAN, NAN, Direction.IMPROVING, id="lower is better"),
        pytest.param(0, 0.001, "higher", NAN, NAN, Direction.IMPROVING, id="from zero any change counts"),
        pytest.param(20, 12, "band", 10, 15, Direction.IMPROVING, id="into the band"),
        pytest.param(12, 14, "band", 10, 15, Direction.NO_CHANGE, id="inside the band both times"),
        pytest.param(12, 8, "band", NAN, NAN, None, id="no band to measure from"),
        pytest.param(8, 9, "none", NAN, NAN, None, id="data only"),
        pytest.param(NAN, 9, "higher", NAN, NAN, None, id="nothing earlier"),
    ],
)
def test_named_directions(earlier, later, polarity, low, high, expected):
    assert vec.direction([earlier], [later], [polarity], [low], [high])[0] == expected
    assert rules.direction(_figure(earlier), later, polarity, _target(low, high)) == expected


def test_the_band_is_the_later_target_else_the_earlier_one():
    low, high = vec.later_or_earlier_target([10, NAN], [15, NAN], [1, 2], [3, 4])
    assert (list(low), list(high)) == ([10, 2], [15, 4])


@pytest.mark.parametrize(
    ("ratings", "periods", "ended"),
    [
        pytest.param([], 0, False, id="nothing"),
        pytest.param([G, A, R], 2, True, id="ended by a Green"),
        pytest.param([A, N, R], 2, False, id="one gap neither counts nor ends the run"),
        pytest.param([A, N, N, R], 1, True, id="two gaps end it"),
        pytest.param([R, R, N, N, N], 2, False, id="returns not yet in do not matter"),
        pytest.param([N, N, R, R], 2, True, id="a gap of two before the run ends it"),
        pytest.param([R, Rating.NO_TARGET, A], 1, True, id="no target ends it"),
    ],
)
def test_named_missed_runs(ratings, periods, ended):
    found = vec.missed_run_by_indicator(ratings, [1] * len(ratings))
    assert (list(found["periods"]), list(found["ended"])) == (([periods], [ended]) if ratings else ([], []))
    assert rules.missed_run(ratings) == rules.MissedRun(periods, ended)


@pytest.mark.parametrize(
    ("year", "per_year", "cumulative", "now", "end", "expected"),
    [
        pytest.param([(1, 10.0), (2, 20.0), (3, 30.0)], 12, False, NAN, NAN, 120, id="straight line carried on"),
        pytest.param([(1, 25.0)], 4, False, NAN, NAN, 25, id="one figure stays as it is"),
        pytest.param([(3, 28.0)], 12, True, 28, 98, 98, id="on profile to date"),
        pytest.param([(3, 25.0)], 12, True, NAN, NAN, 100, id="no profile: by the share of the year gone"),
        pytest.param([(3, 25.0)], 12, True, 0, 98, 100, id="a profile of 0 to date is no profile"),
        pytest.param([(12, 97.0)], 12, True, 98, 98, None, id="the year is over"),
        pytest.param([(1, 5.0)], 1, False, NAN, NAN, None, id="annual indicators are not forecast"),
        pytest.param([(1, NAN)], 12, False, NAN, NAN, None, id="no figure yet"),
    ],
)
def test_named_forecasts(year, per_year, cumulative, now, end, expected):
    facts = pd.DataFrame({"per_year": [per_year], "cumulative": [cumulative], "target_now": [now],
                          "target_year_end": [end]}, index=["X"])
    points = pd.DataFrame([("X", number, actual) for number, actual in year], columns=["indicator", "number", "actual"])
    forecast = vec.forecast_year_end(points, facts)["X"]
    assert (math.isnan(forecast) if expected is None else forecast == pytest.approx(expected))
    reference = rules.forecast_year_end(year, per_year, cumulative, _figure(now), _figure(end))
    assert reference == (None if expected is None else pytest.approx(expected))


def test_a_basket_rolls_up_as_the_reference():
    directions = [Direction.IMPROVING, "Improving", Direction.WORSENING, None, Direction.NO_CHANGE, NAN]
    ratings = [G, G, A, R, Rating.NO_TARGET, "Data only"]
    summary = vec.roll_up(ratings, directions)
    assert summary == rules.roll_up(ratings, directions[:-1]) and isinstance(summary, RollUp)
    assert str(summary) == ("2 of 4 rated indicators on target (50%); 2 of 4 indicators improving (50%); "
                            "1 without a target")


def test_under_performance_lists_reasons_in_the_reference_order():
    flags = vec.under_performance([R, A, N], [None, None, None], [None, Direction.WORSENING, None], [2, 1, 3],
                                  [True, False, False])
    assert vec.reasons(flags) == [[Reason.RED, Reason.MISSED_TWICE, Reason.FORECAST_MISS],
                                  [Reason.AMBER_WORSENING], [Reason.MISSED_TWICE]]


@pytest.mark.parametrize(
    ("call", "wrong"),
    [
        pytest.param(lambda: vec.rate([1.0], [1.0], [NAN], ["upwards"], [5], [True]), "upwards", id="polarity"),
        pytest.param(lambda: vec.roll_up(["Purple"], [None]), "Purple", id="rating"),
        pytest.param(lambda: vec.roll_up(["Red"], ["Sideways"]), "Sideways", id="direction"),
        pytest.param(lambda: vec.roll_up([6], [None]), "6", id="a position past the ratings"),
        pytest.param(lambda: vec.roll_up([vec.ABSENT], [None]), "-1", id="a rating cannot be absent"),
        pytest.param(lambda: vec.roll_up([0], [-2]), "-2", id="a position before the directions"),
    ],
)
def test_unknown_words_are_refused_as_the_reference_refuses_them(call, wrong):
    with pytest.raises(ValueError, match=wrong):
        call()


def test_empty_columns_give_empty_answers():
    assert len(vec.rate([], [], [], [], [], [])) == 0
    assert len(vec.direction([], [], [], [], [])) == 0
    assert vec.missed_runs([], [])[0].tolist() == []
    assert vec.roll_ups(pd.DataFrame({"priority": [], "rating": [], "long_term": []}), "priority") == {}
    empty = pd.DataFrame(columns=["per_year", "cumulative", "target_now", "target_year_end"])
    assert len(vec.forecast_year_end(pd.DataFrame(columns=["indicator", "number", "actual"]), empty)) == 0
    assert np.asarray(vec.rate([NAN], [NAN], [NAN], ["none"], 5, True) == Rating.NO_DATA).all()
