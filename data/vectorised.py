"""The council's rules (data/rules.py) over whole columns at once: ratings, directions of travel, roll-ups, runs
of missed targets, reasons for under-performance and year-end forecasts.

data/rules.py stays the readable reference, one value at a time; each function here gives the same answer for
every row (tests/test_vectorised.py generates frames and checks that, row for row). Figures come in as numpy arrays
or pandas columns of floats with NaN for none; polarities, ratings and directions as their enum members or the
strings stored for them. Answers are numpy arrays of enum members (None where the reference says None), or pandas
objects where the answer is one per indicator or basket."""

from __future__ import annotations

import sys
from collections.abc import Hashable
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from data import rules
from data.rules import NO_CHANGE_WITHIN, Direction, Polarity, Rating, Reason, RollUp

# The reference's closeness rule, its own constants (private there: one rule, one place).
_REL = rules._REL
_ABS = rules._ABS

Floats = npt.NDArray[np.float64]
Codes = npt.NDArray[np.intp]
Flags = npt.NDArray[np.bool_]
Objects = npt.NDArray[np.object_]

HIGHER, LOWER, BAND, NONE = (list(Polarity).index(p) for p in (Polarity.HIGHER, Polarity.LOWER, Polarity.BAND,
                                                                Polarity.NONE))
GREEN, AMBER, RED, NO_TARGET, DATA_ONLY, NO_DATA = (list(Rating).index(r) for r in (
    Rating.GREEN, Rating.AMBER, Rating.RED, Rating.NO_TARGET, Rating.DATA_ONLY, Rating.NO_DATA))
IMPROVING, NO_CHANGE, WORSENING = (list(Direction).index(d) for d in (
    Direction.IMPROVING, Direction.NO_CHANGE, Direction.WORSENING))
ABSENT = -1  # the code of a direction that could not be worked out (None)

_RATINGS: Objects = np.array(list(Rating), dtype=object)
# Index ABSENT (-1) is the last element: None.
_DIRECTIONS: Objects = np.array([*Direction, None], dtype=object)
# Python's own sum() of floats, which the reference's forecast uses: compensated from 3.12, plain before.
_COMPENSATED_SUM = sys.version_info >= (3, 12)


def _floats(values: npt.ArrayLike) -> Floats:
    """A column of figures as floats, None as NaN."""
    array = np.asarray(values)
    if array.dtype.kind in "fiub":
        return np.asarray(array, dtype=np.float64).ravel()
    figures = pd.to_numeric(pd.Series(np.asarray(values, dtype=object).ravel()), errors="raise")
    return figures.to_numpy(dtype=np.float64, na_value=np.nan)


def _codes(values: npt.ArrayLike, kind: type[StrEnum], absent: bool = False) -> Codes:
    """Each value's position in `kind`, from members, their stored strings or positions already (as
    `rating_codes` and `direction_codes` give: the cheap way to pass answers on); with `absent`, None, NaN, "" and
    ABSENT are ABSENT. Anything else is refused, as `kind(value)` refuses it in the reference."""
    array = np.asarray(values).ravel()
    if array.dtype.kind in "iu":
        codes = array.astype(np.intp)
        unknown = (codes < (ABSENT if absent else 0)) | (codes >= len(kind))
    else:
        codes, unknown = _looked_up(values if isinstance(values, pd.Series) else array, kind, absent)
    if unknown.any():
        raise ValueError(f"{array[unknown][0]!r} is not a valid {kind.__name__}")
    return codes


def _looked_up(values: pd.Series | npt.NDArray[Any], kind: type[StrEnum], absent: bool) -> tuple[Codes, Flags]:
    """Positions in `kind` of members or strings, and which values are unknown; each distinct value is looked up
    once (a column holds a handful)."""
    found, unique = pd.factorize(values, use_na_sentinel=False)
    distinct = np.asarray(unique, dtype=object)
    missing = (np.asarray(pd.isna(distinct), dtype=bool) | (distinct == "")) & absent
    positions = np.where(missing, ABSENT, pd.Index([member.value for member in kind]).get_indexer(pd.Index(distinct)))
    numbers = np.asarray(found, dtype=np.intp)
    return np.asarray(positions[numbers], dtype=np.intp), ((positions < 0) & ~missing)[numbers]


def _same(a: Floats, b: Floats) -> Flags:
    """math.isclose with the reference's tolerances, over arrays: equal, or finite and within rel or abs."""
    with np.errstate(invalid="ignore", over="ignore"):
        apart = np.abs(a - b)
        near = (apart <= _REL * np.abs(b)) | (apart <= _REL * np.abs(a)) | (apart <= _ABS)
    return (a == b) | (near & np.isfinite(a) & np.isfinite(b))


def _at_least(a: Floats, b: Floats) -> Flags:
    return (a > b) | _same(a, b)


def _at_most(a: Floats, b: Floats) -> Flags:
    return (a < b) | _same(a, b)


def _tolerance_of(target: Floats, amount: Floats, percent: Flags) -> Floats:
    """Tolerance.of over arrays: a % of the target's size, or the amount itself."""
    return np.where(percent, np.abs(target) * amount / 100, amount)


def _distance(actual: Floats, low: Floats, high: Floats) -> Floats:
    """Target.distance over arrays: how far outside the range (0 inside it)."""
    inside = _at_least(actual, low) & _at_most(actual, high)
    return np.where(inside, 0.0, np.where(actual < low, low - actual, actual - high))


def _rag(green: Flags, amber: Flags) -> Codes:
    return np.where(green, GREEN, np.where(amber, AMBER, RED))


def _filled_high(low: Floats, high: Floats) -> Floats:
    """A target's high figure, the low one when none is stored (a single-figure target), as the store reads it."""
    return np.where(np.isnan(high), low, high)


def rating_codes(actual: npt.ArrayLike, target_low: npt.ArrayLike, target_high: npt.ArrayLike,
                 polarity: npt.ArrayLike, tolerance_amount: npt.ArrayLike,
                 tolerance_is_percent: npt.ArrayLike) -> Codes:
    """`rate`'s answers as positions in Rating (GREEN ... NO_DATA): cheaper to count and compare than members."""
    figure, low = _floats(actual), _floats(target_low)
    high = _filled_high(low, _floats(target_high))
    amount = np.broadcast_to(_floats(tolerance_amount), figure.shape)
    percent = np.broadcast_to(np.asarray(tolerance_is_percent, dtype=bool).ravel(), figure.shape)
    kind = _codes(polarity, Polarity)
    with np.errstate(invalid="ignore", over="ignore"):
        higher = _rag(_at_least(figure, low), _at_least(figure, low - _tolerance_of(low, amount, percent)))
        lower = _rag(_at_most(figure, high), _at_most(figure, high + _tolerance_of(high, amount, percent)))
        # band: a % tolerance is taken of the nearer bound
        distance = _distance(figure, low, high)
        nearer = np.where(figure < low, low, high)
        band = _rag(distance == 0, _at_most(distance, _tolerance_of(nearer, amount, percent)))
    rag = np.select([kind == HIGHER, kind == LOWER], [higher, lower], band)
    # precedence: No data, Data only, No target, then the RAG rating
    codes = np.select([np.isnan(figure), kind == NONE, np.isnan(low)], [NO_DATA, DATA_ONLY, NO_TARGET], rag)
    return np.asarray(codes, dtype=np.intp)


def rate(actual: npt.ArrayLike, target_low: npt.ArrayLike, target_high: npt.ArrayLike, polarity: npt.ArrayLike,
         tolerance_amount: npt.ArrayLike, tolerance_is_percent: npt.ArrayLike) -> Objects:
    """rules.rate for every row: arrays of equal length (tolerances may be one scalar each). NaN actual = no data;
    NaN target_low = no target; NaN target_high = a single-figure target (target_low)."""
    codes = rating_codes(actual, target_low, target_high, polarity, tolerance_amount, tolerance_is_percent)
    return _RATINGS[codes]


def later_or_earlier_target(later_low: npt.ArrayLike, later_high: npt.ArrayLike, earlier_low: npt.ArrayLike,
                            earlier_high: npt.ArrayLike) -> tuple[Floats, Floats]:
    """The band a direction is measured from: the later period's target, else the earlier one's (as the store
    does with `now.target or before.target`)."""
    low, high = _floats(later_low), _floats(later_high)
    use_earlier = np.isnan(low)
    return np.where(use_earlier, _floats(earlier_low), low), np.where(use_earlier, _floats(earlier_high), high)


def direction_codes(earlier: npt.ArrayLike, later: npt.ArrayLike, polarity: npt.ArrayLike,
                    target_low: npt.ArrayLike, target_high: npt.ArrayLike,
                    no_change_within: float = NO_CHANGE_WITHIN) -> Codes:
    """`direction`'s answers as positions in Direction, ABSENT (-1) for None."""
    before, after, low = _floats(earlier), _floats(later), _floats(target_low)
    high = _filled_high(low, _floats(target_high))
    kind = _codes(polarity, Polarity)
    with np.errstate(invalid="ignore", over="ignore"):
        band_gain = _distance(before, low, high) - _distance(after, low, high)
        gain = np.select([kind == HIGHER, kind == LOWER], [after - before, before - after], band_gain)
        threshold = np.abs(before) * no_change_within / 100
        codes = np.where(_at_most(np.abs(gain), threshold), NO_CHANGE, np.where(gain > 0, IMPROVING, WORSENING))
    unknown = np.isnan(before) | np.isnan(after) | (kind == NONE) | ((kind == BAND) & np.isnan(low))
    return np.asarray(np.where(unknown, ABSENT, codes), dtype=np.intp)


def direction(earlier: npt.ArrayLike, later: npt.ArrayLike, polarity: npt.ArrayLike, target_low: npt.ArrayLike,
              target_high: npt.ArrayLike, no_change_within: float = NO_CHANGE_WITHIN) -> Objects:
    """rules.direction for every row: a Direction or None. The target is the band for band indicators (NaN low =
    no band; see `later_or_earlier_target`); the other polarities ignore it."""
    return _DIRECTIONS[direction_codes(earlier, later, polarity, target_low, target_high, no_change_within)]


def _roll_up_columns(ratings: npt.ArrayLike, long_term: npt.ArrayLike) -> pd.DataFrame:
    """One 0/1 column per rating, and whether each long-term direction is improving and comparable at all."""
    codes = _codes(ratings, Rating)
    trend = _codes(long_term, Direction, absent=True)
    if len(trend) != len(codes):
        raise ValueError(f"{len(codes)} ratings but {len(trend)} long-term directions")
    columns = {rating.value: codes == position for position, rating in enumerate(Rating)}
    return pd.DataFrame({**columns, "improving": trend == IMPROVING, "comparable": trend != ABSENT})


def _as_roll_up(counts: npt.NDArray[np.int64]) -> RollUp:
    """A RollUp from one row of summed `_roll_up_columns` (the ratings in order, then improving, comparable)."""
    by_rating = dict(zip(Rating, (int(count) for count in counts[:len(Rating)]), strict=True))
    return RollUp(by_rating, rules.RateOfImprovement(int(counts[-2]), int(counts[-1])))


def roll_up(ratings: npt.ArrayLike, long_term: npt.ArrayLike) -> RollUp:
    """rules.roll_up of one basket: ratings and long-term directions (None, NaN or "" = not comparable)."""
    return _as_roll_up(_roll_up_columns(ratings, long_term).sum().to_numpy(dtype=np.int64))


def roll_ups(frame: pd.DataFrame, by: str | list[str], rating: str = "rating",
             long_term: str = "long_term") -> dict[Hashable, RollUp]:
    """rules.roll_up of each basket in `frame`, grouped by the column(s) `by` (a tuple key for several; a key
    of NaN is a basket too); `rating` and `long_term` name the columns to sum up."""
    columns = _roll_up_columns(frame[rating].to_numpy(), frame[long_term].to_numpy())
    keys = [by] if isinstance(by, str) else list(by)
    for key in keys:
        columns[f"key:{key}"] = frame[key].to_numpy()
    sums = columns.groupby([f"key:{key}" for key in keys], dropna=False, sort=False).sum()
    return {key: _as_roll_up(counts) for key, counts in zip(sums.index, sums.to_numpy(dtype=np.int64), strict=True)}


def _grouped(groups: npt.ArrayLike) -> tuple[Codes, Codes, pd.Index]:
    """The order that brings each group's rows together (keeping their order), each row's group in that order,
    and the groups' keys by first appearance."""
    numbers, keys = pd.factorize(np.asarray(groups).ravel(), use_na_sentinel=False)
    order = np.argsort(numbers, kind="stable")
    return np.asarray(order, dtype=np.intp), np.asarray(numbers[order], dtype=np.intp), pd.Index(keys)


def _runs_in_order(codes: Codes, group: Codes) -> tuple[Codes, Flags]:
    """missed_run at each row of rows brought together by group (oldest first within each)."""
    n = len(codes)
    row = np.arange(n)
    first = np.r_[True, group[1:] != group[:-1]] if n else np.zeros(0, dtype=bool)
    start = np.maximum.accumulate(np.where(first, row, 0)) if n else row
    no_data = codes == NO_DATA
    missed = (codes == AMBER) | (codes == RED)
    # What ends a run counted back: a figure that is not a miss, or the older of two periods in a row with no
    # figure (a pair across two indicators comes after the first one's latest figure, so it never counts)
    gap_of_two = no_data & np.r_[no_data[1:], False]
    stops = (~no_data & ~missed) | gap_of_two
    latest = np.maximum.accumulate(np.where(no_data, -1, row)) if n else row  # the latest figure so far
    has_figure = latest >= start
    latest = np.where(has_figure, latest, start)
    stop = (np.maximum.accumulate(np.where(stops, row, -1)) if n else row)[latest]
    ended = has_figure & (stop >= start)
    misses_before = np.r_[0, np.cumsum(missed)]
    periods = np.where(has_figure, misses_before[latest + 1] - misses_before[np.where(ended, stop + 1, start)], 0)
    return np.asarray(periods, dtype=np.intp), np.asarray(ended, dtype=bool)


def missed_runs(ratings: npt.ArrayLike, indicator: npt.ArrayLike) -> tuple[Codes, Flags]:
    """rules.missed_run counted back from every row: (periods, ended) per row, in the rows' order. Rows are one per
    consecutive period of each indicator (a period with no figure is a No data row), oldest first within each
    indicator; the run at a row uses that indicator's rows up to it."""
    codes = _codes(ratings, Rating)
    order, group, _ = _grouped(indicator)
    periods, ended = _runs_in_order(codes[order], group)
    out_periods, out_ended = np.empty_like(periods), np.empty_like(ended)
    out_periods[order], out_ended[order] = periods, ended
    return out_periods, out_ended


def missed_run_by_indicator(ratings: npt.ArrayLike, indicator: npt.ArrayLike) -> pd.DataFrame:
    """rules.missed_run of each indicator's whole sequence (rows as for `missed_runs`, newest last): columns
    `periods` and `ended`, indexed by indicator in order of first appearance."""
    codes = _codes(ratings, Rating)
    order, group, keys = _grouped(indicator)
    periods, ended = _runs_in_order(codes[order], group)
    last = np.r_[group[1:] != group[:-1], True] if len(group) else np.zeros(0, dtype=bool)
    return pd.DataFrame({"periods": periods[last], "ended": ended[last]}, index=keys)


def periods_missed(ratings: npt.ArrayLike, indicator: npt.ArrayLike) -> pd.Series:
    """rules.periods_missed of each indicator's sequence (see `missed_run_by_indicator`), indexed by indicator."""
    return missed_run_by_indicator(ratings, indicator)["periods"]


def under_performance(rating: npt.ArrayLike, short_term: npt.ArrayLike, long_term: npt.ArrayLike,
                      missed_run: npt.ArrayLike, forecast_misses: npt.ArrayLike = False) -> pd.DataFrame:
    """rules.under_performance for every row, as one True/False column per Reason in the reference's order
    (directions None, NaN or "" = not known; the short term is used when known, else the long term)."""
    codes = _codes(rating, Rating)
    short, long = _codes(short_term, Direction, absent=True), _codes(long_term, Direction, absent=True)
    trend = np.where(short != ABSENT, short, long)
    run = np.broadcast_to(np.asarray(missed_run).ravel(), codes.shape)
    return pd.DataFrame({
        Reason.RED: codes == RED,
        Reason.AMBER_WORSENING: (codes == AMBER) & (trend == WORSENING),
        Reason.MISSED_TWICE: run >= 2,
        Reason.FORECAST_MISS: np.broadcast_to(np.asarray(forecast_misses, dtype=bool).ravel(), codes.shape),
    })


def reasons(flags: pd.DataFrame) -> list[list[Reason]]:
    """Each row's reasons from `under_performance`'s columns, as the reference lists them."""
    table = flags[list(Reason)].to_numpy(dtype=bool)
    return [[reason for reason, flagged in zip(Reason, row, strict=True) if flagged] for row in table]


def _python_sum(values: Floats, have: Flags) -> Floats:
    """Each row's sum of the values it has, left to right as Python's sum() adds floats (the reference's
    arithmetic, to the last bit): one step per column, every row at once."""
    total, compensation = np.zeros(len(values)), np.zeros(len(values))
    for column in range(values.shape[1]):
        figure, counted = values[:, column], have[:, column]
        step = total + figure
        if _COMPENSATED_SUM:  # Neumaier's, as CPython 3.12+
            lost = np.where(np.abs(total) >= np.abs(figure), (total - step) + figure, (figure - step) + total)
            compensation = np.where(counted, compensation + lost, compensation)
        total = np.where(counted, step, total)
    if _COMPENSATED_SUM:
        total = np.where((compensation != 0) & np.isfinite(compensation), total + compensation, total)
    return total


def _straight_line(grid: Floats, have: Flags, count: Codes, per_year: Floats) -> Floats:
    """The least-squares line through each row's figures (period numbers 1.. by column), at period `per_year`."""
    numbers = np.arange(1, grid.shape[1] + 1, dtype=np.float64)
    mean_x = (have * numbers).sum(axis=1) / count  # whole numbers: their sum is exact in any order
    mean_y = _python_sum(grid, have) / count
    dx = numbers - mean_x[:, None]
    slope = _python_sum(dx * (grid - mean_y[:, None]), have) / _python_sum(dx ** 2, have)
    return mean_y + slope * (per_year - mean_x)


def _forecast_grid(points: pd.DataFrame, indicators: pd.Index) -> Floats:
    """This year's actuals as one row per indicator and one column per period number (NaN where none)."""
    rows = indicators.get_indexer(pd.Index(points["indicator"]))
    number = np.asarray(points["number"], dtype=np.int64)
    actual = _floats(points["actual"])
    keep = (rows >= 0) & ~np.isnan(actual)
    if (number[keep] < 1).any():
        raise ValueError("period numbers count from 1")
    if pd.DataFrame({"row": rows[keep], "number": number[keep]}).duplicated().any():
        raise ValueError("one actual per indicator and period number")
    grid = np.full((len(indicators), max(int(number[keep].max(initial=1)), 1)), np.nan)
    grid[rows[keep], number[keep] - 1] = actual[keep]
    return grid


def forecast_year_end(points: pd.DataFrame, indicators: pd.DataFrame) -> pd.Series:
    """rules.forecast_year_end of each indicator. `points`: this year's figures, columns `indicator`, `number`
    (period number from 1) and `actual` (NaN = none), at most one per indicator and number. `indicators`: indexed
    by indicator, columns `per_year`, `cumulative`, `target_now`, `target_year_end` (NaN = None). Answers indexed
    as `indicators`, NaN where the reference says None."""
    grid = _forecast_grid(points, indicators.index)
    have = ~np.isnan(grid)
    count = have.sum(axis=1)
    latest_number = grid.shape[1] - np.argmax(have[:, ::-1], axis=1)
    latest = grid[np.arange(len(grid)), latest_number - 1]
    per_year = _floats(indicators["per_year"])
    now, end = _floats(indicators["target_now"]), _floats(indicators["target_year_end"])
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        profiled = ~np.isnan(now) & (now != 0) & ~np.isnan(end)
        to_date = np.where(profiled, latest * end / now, latest * per_year / latest_number)
        line = np.where(count < 2, latest, _straight_line(grid, have, count, per_year))
    cumulative = np.asarray(indicators["cumulative"], dtype=bool)
    nothing = (count == 0) | (per_year <= 1) | (latest_number >= per_year)
    forecast = np.where(nothing, np.nan, np.where(cumulative, to_date, line))
    return pd.Series(forecast, index=indicators.index, name="forecast", dtype=np.float64)



# --- the process-behaviour (XmR) chart's signals (docs/rules.md#statistical-signals) ------------------------------

SIGNAL_COLUMNS = ("series", "rule", "first", "last", "upward", "fired")


def _keyed_runs(key: Codes, series: Codes) -> tuple[Codes, Codes, Codes]:
    """Maximal runs of equal keys within each series (ABSENT breaks a run and is never one): each run's first
    point, length and key."""
    n = len(key)
    starts = np.flatnonzero(np.r_[True, (key[1:] != key[:-1]) | (series[1:] != series[:-1])]) if n \
        else np.zeros(0, dtype=np.intp)
    lengths = np.diff(np.r_[starts, n])
    keep = key[starts] != ABSENT
    return starts[keep], lengths[keep], key[starts[keep]]


def process_signals(figures: npt.ArrayLike, series: npt.ArrayLike, centre: npt.ArrayLike, lower: npt.ArrayLike,
                    upper: npt.ArrayLike) -> pd.DataFrame:
    """rules.signals, with rules.fired_at of each signal, over many series at once. `figures` (NaN for none) are
    the series one after another, each oldest first; `series` numbers each figure's series from 0; `centre`,
    `lower` and `upper` are each series' limits (as rules.ProcessLimits gives them), by its number. One row per
    signal (columns SIGNAL_COLUMNS: the rule as a position in SignalRule; first, last and fired as positions in
    the series, gaps counted; upward), in the reference's order within each series, series by series."""
    values, group = _floats(figures), np.asarray(series, dtype=np.intp).ravel()
    centre, lower, upper = _floats(centre), _floats(lower), _floats(upper)
    n = len(values)
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]]) if n else np.zeros(0, dtype=np.intp)
    within = np.arange(n) - np.repeat(starts, np.diff(np.r_[starts, n]))  # each figure's position in its series
    known = np.flatnonzero(~np.isnan(values))
    point, group, at = values[known], group[known], within[known]  # the figures present: the points charted
    enough = (np.bincount(group, minlength=len(centre)) >= rules.MIN_FIGURES_FOR_SIGNALS)[group]
    under_upper, over_lower = _at_most(point, upper[group]), _at_least(point, lower[group])
    outside = np.flatnonzero(enough & ~(under_upper & over_lower))
    found = [(outside, outside, outside, list(rules.SignalRule).index(rules.SignalRule.OUTSIDE_LIMITS),
              ~under_upper[outside])]
    side = np.where(_same(point, centre[group]), ABSENT, point > centre[group])
    follows = np.r_[False, group[1:] == group[:-1]]
    previous = np.r_[np.nan, point[:-1]]
    rising = np.where(~follows | _same(point, previous), ABSENT, point > previous)
    for rule, key, back, least, fires in ((rules.SignalRule.RUN_ON_ONE_SIDE, side, 0, rules.RUN_ON_ONE_SIDE,
                                           rules.RUN_ON_ONE_SIDE),
                                          (rules.SignalRule.TREND, rising, 1, rules.TREND - 1, rules.TREND)):
        first, length, way = _keyed_runs(np.asarray(key, dtype=np.intp), group)
        long = (length >= least) & enough[first]
        first, length, way = first[long] - back, length[long] + back, way[long]  # a trend starts a point earlier
        found.append((first, first + length - 1, first + fires - 1, list(rules.SignalRule).index(rule), way == 1))
    rows = [pd.DataFrame({"series": group[first], "rule": rule, "first": at[first], "last": at[last],
                          "upward": np.asarray(up, dtype=bool), "fired": at[fired]})
            for first, last, fired, rule, up in found]
    frame = pd.concat(rows, ignore_index=True).astype({"rule": np.intp})
    return frame.sort_values(["series", "first", "rule", "last"], kind="stable", ignore_index=True)
