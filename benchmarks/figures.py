"""What each view shows, worked out from plain tables: the part the floor and the naive build share.

Both hand in the same inputs (an indicator table and value rows, see `Inputs`) and a way to rate (`Rater`):
the floor rates whole columns with data/vectorised.py, the naive build one row at a time with data/rules.py.
Periods are month numbers here (year * 12 + month - 1), so a period's previous one is a subtraction. The rules
of the store are followed to the letter (in use, late returns, runs of misses counted back, forecasts), so
that the answers can be checked against the store's, figure for figure (benchmarks/agreement.py)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from data import rules, vectorised
from data.periods import Frequency, Period
from data.rules import ActionStatus, Direction, Polarity, Rating, SignalRule
from data.store import DRAWING_ORDER, LATE_LOOKS_BACK, PRESSING

MONTHS = {"monthly": 1, "quarterly": 3, "annual": 12}
RATINGS = list(Rating)
DIRECTIONS = list(Direction)
GREEN, AMBER, RED, NO_DATA = (RATINGS.index(r) for r in (Rating.GREEN, Rating.AMBER, Rating.RED, Rating.NO_DATA))
IMPROVING, WORSENING = DIRECTIONS.index(Direction.IMPROVING), DIRECTIONS.index(Direction.WORSENING)
ABSENT = vectorised.ABSENT
LISTED = 10  # the under-performers the overview lists (layouts.overview.LISTED)
FACT_COLUMNS = ["code", "slug", "directorate", "service", "polarity", "frequency", "cumulative", "tolerance", "percent"]
VALUE_COLUMNS = ["indicator", "month", "actual", "low", "high"]
KEY = 1 << 20  # an (indicator, month) pair as one number: indicator * KEY + month
STATUSES = list(ActionStatus)
SIGNAL_RULES = list(SignalRule)
SIGNAL_COLUMNS = ["indicator", "rule", "first", "last", "upward", "fired"]  # rule: a position in SignalRule;
# months (fired: the month of the figure that completed the rule, rules.fired_at)


def month_of(day: date) -> int:
    return day.year * 12 + day.month - 1


def _day(month: int) -> date:
    return date(month // 12, month % 12 + 1, 1)


def year_start(month: np.ndarray | int) -> np.ndarray | int:
    """The month number of the April that starts the financial year holding `month`."""
    return month - (month % 12 - 3) % 12


def due_months(period: Period) -> dict[str, int]:
    """Each frequency's own period ended by `period`, as month numbers."""
    return {f.value: month_of(Period.ending_by(f, period.end).start) for f in Frequency}


# --- rating: the one thing the floor and the naive build do differently -----------------------------------

class Rater:
    """Rating, directions, runs of misses and forecasts over columns, by data/vectorised.py."""

    def rate(self, actual, low, high, polarity, tolerance, percent) -> np.ndarray:
        return vectorised.rating_codes(actual, low, high, polarity, tolerance, percent)

    def direction(self, before, after, polarity, low, high) -> np.ndarray:
        return vectorised.direction_codes(before, after, polarity, low, high)

    def runs(self, codes: np.ndarray, indicator: np.ndarray) -> pd.Series:
        return vectorised.periods_missed(codes, indicator)

    def forecast(self, points: pd.DataFrame, indicators: pd.DataFrame) -> pd.Series:
        return vectorised.forecast_year_end(points, indicators)

    def action_status(self, as_of: date, start: np.ndarray, due: np.ndarray, progress: np.ndarray,
                      completed: np.ndarray) -> np.ndarray:
        """rules.action_status over columns (dates as day numbers, `completed` -1 for none): positions in
        ActionStatus."""
        day = as_of.toordinal()
        progress = np.nan_to_num(np.asarray(progress, dtype=float))
        complete = vectorised._at_least(progress, np.full(len(progress), 100.0)) | ((completed >= 0)
                                                                                    & (completed <= day))
        span = due - start
        with np.errstate(divide="ignore", invalid="ignore"):
            elapsed = np.where(span <= 0, 1.0, np.clip((day - start) / np.where(span <= 0, 1, span), 0.0, 1.0))
        bar = elapsed * 100 - rules.BEHIND_BY
        behind = (progress < bar) & ~vectorised._same(progress, bar)
        choices = [STATUSES.index(s) for s in (ActionStatus.COMPLETE, ActionStatus.OVERDUE,
                                               ActionStatus.NOT_STARTED, ActionStatus.BEHIND)]
        return np.select([complete, due < day, (progress == 0) & (day <= start), behind], choices,
                         STATUSES.index(ActionStatus.ON_TRACK))

    def own(self, points: pd.DataFrame, inputs: Inputs) -> np.ndarray:
        """Each point's own figure (rules.own_increments for a cumulative indicator, else its actual), over the
        columns of `points` (indicator, month, actual; sorted by indicator and month)."""
        ids, months = points["indicator"].to_numpy(), points["month"].to_numpy()
        facts = inputs.of(ids)
        actual = points["actual"].to_numpy(dtype=float)
        before, _, _ = _lookup(inputs, ids, months - facts["step"])
        growth = np.where(months == year_start(months), actual, actual - before)
        return np.where(facts["cumulative"], growth, actual)

    def signals(self, points: pd.DataFrame, inputs: Inputs) -> pd.DataFrame:
        """The process-behaviour chart's signals of each indicator's series (`points`: indicator, month, own;
        present figures only, sorted), from its default baseline: SIGNAL_COLUMNS, every series at once."""
        return xmr_signals(points, inputs)


def _none(figure: float) -> float | None:
    return None if np.isnan(figure) else float(figure)


def _target(low: float, high: float) -> rules.Target | None:
    return None if np.isnan(low) else rules.Target(float(low), float(low if np.isnan(high) else high))


class RowRater(Rater):
    """The same answers by data/rules.py, one value at a time: what a careful naive build calls."""

    def rate(self, actual, low, high, polarity, tolerance, percent) -> np.ndarray:
        rows = zip(actual, low, high, polarity, np.broadcast_to(tolerance, len(actual)),
                   np.broadcast_to(percent, len(actual)), strict=True)
        return np.array([RATINGS.index(rules.rate(_none(a), _target(lo, hi), p, rules.Tolerance(float(t), bool(c))))
                         for a, lo, hi, p, t, c in rows], dtype=np.intp)

    def direction(self, before, after, polarity, low, high) -> np.ndarray:
        found = (rules.direction(_none(b), _none(a), p, _target(lo, hi))
                 for b, a, p, lo, hi in zip(before, after, polarity, low, high, strict=True))
        return np.array([ABSENT if d is None else DIRECTIONS.index(d) for d in found], dtype=np.intp)

    def runs(self, codes: np.ndarray, indicator: np.ndarray) -> pd.Series:
        frame = pd.DataFrame({"indicator": indicator, "rating": [RATINGS[c] for c in codes]})
        return frame.groupby("indicator", sort=False)["rating"].apply(lambda r: rules.periods_missed(list(r)))

    def action_status(self, as_of: date, start: np.ndarray, due: np.ndarray, progress: np.ndarray,
                      completed: np.ndarray) -> np.ndarray:
        return np.array([STATUSES.index(rules.action_status(
            as_of, date.fromordinal(int(s)), date.fromordinal(int(d)), None if np.isnan(p) else float(p),
            None if c < 0 else date.fromordinal(int(c))))
            for s, d, p, c in zip(start, due, np.asarray(progress, dtype=float), completed, strict=True)],
            dtype=np.intp)

    def own(self, points: pd.DataFrame, inputs: Inputs) -> np.ndarray:
        found: list[float | None] = []
        for key, group in points.groupby("indicator", sort=False):
            facts = inputs.of(np.array([key]))
            if not facts["cumulative"][0]:
                found += group["actual"].tolist()
                continue
            frequency = Frequency(facts["frequency"][0])
            series = [(Period.containing(frequency, _day(int(m))), _none(a))
                      for m, a in zip(group["month"], group["actual"], strict=True)]
            found += rules.own_increments(series)
        return np.array([np.nan if f is None else f for f in found], dtype=float)

    def signals(self, points: pd.DataFrame, inputs: Inputs) -> pd.DataFrame:
        found = []
        for key, group in points.groupby("indicator", sort=False):
            facts = inputs.of(np.array([key]))
            own = group["own"].tolist()
            chart = rules.process_chart(own, facts["frequency"][0], facts["polarity"][0])
            months = group["month"].to_numpy()
            found += [(key, SIGNAL_RULES.index(signal.rule), months[signal.first], months[signal.last],
                       signal.upward, months[rules.fired_at(signal, own)]) for signal in chart.signals]
        return pd.DataFrame(found, columns=SIGNAL_COLUMNS)

    def forecast(self, points: pd.DataFrame, indicators: pd.DataFrame) -> pd.Series:
        by_indicator = {key: list(zip(group["number"], group["actual"], strict=True))
                        for key, group in points.groupby("indicator")}

        def one(key, row) -> float:
            found = rules.forecast_year_end(by_indicator.get(key, []), int(row.per_year), bool(row.cumulative),
                                            _none(row.target_now), _none(row.target_year_end))
            return np.nan if found is None else found

        return pd.Series([one(key, row) for key, row in indicators.iterrows()], index=indicators.index, dtype=float)


# --- the inputs --------------------------------------------------------------------------------------------

@dataclass
class Inputs:
    """What a view is worked out from. `facts`: the indicators in use at the period, indexed by id, with
    FACT_COLUMNS; `values`: value rows (VALUE_COLUMNS) covering at least what the view reads; `more`: a way to
    read further value rows (ids, first month, last month) when the ones handed in do not reach back far enough."""

    facts: pd.DataFrame
    values: pd.DataFrame
    more: Callable[[list[int], int, int], pd.DataFrame]
    _keyed: tuple[pd.DataFrame, np.ndarray, np.ndarray] | None = field(default=None, repr=False)
    _columns: tuple[np.ndarray, dict[str, np.ndarray]] | None = field(default=None, repr=False)

    def of(self, ids: np.ndarray) -> dict[str, np.ndarray]:
        """The facts of these indicators, a numpy column each (and `step`: months per period)."""
        if self._columns is None:
            index = self.facts.index.to_numpy(dtype=np.int64)
            position = np.full(int(index.max(initial=0)) + 1, -1, dtype=np.intp)
            position[index] = np.arange(len(index))
            columns = {name: self.facts[name].to_numpy() for name in FACT_COLUMNS}
            columns["cumulative"] = columns["cumulative"].astype(bool)
            columns["percent"] = columns["percent"].astype(bool)
            columns["tolerance"] = columns["tolerance"].astype(float)
            columns["step"] = np.array([MONTHS[f] for f in columns["frequency"]], dtype=np.int64)
            self._columns = (position, columns)
        position, columns = self._columns
        at = position[np.asarray(ids, dtype=np.int64)]
        return {name: column[at] for name, column in columns.items()}

    def keyed(self) -> tuple[np.ndarray, np.ndarray]:
        """The value rows sorted by (indicator, month) as one number each, with their actual, low and high."""
        if self._keyed is None or self._keyed[0] is not self.values:
            keys = (self.values["indicator"].to_numpy(dtype=np.int64) * KEY
                    + self.values["month"].to_numpy(dtype=np.int64))
            order = np.argsort(keys, kind="stable")
            table = self.values[["actual", "low", "high"]].to_numpy(dtype=float)[order]
            self._keyed = (self.values, keys[order], table)
        return self._keyed[1], self._keyed[2]

    def add(self, ids: list[int], first: int, last: int) -> bool:
        """Read the rows of `ids` between two months too; whether any came that were not at hand."""
        if not ids or first > last:
            return False
        return self.include(self.more(ids, first, last))

    def include(self, found: pd.DataFrame) -> bool:
        """Add value rows read elsewhere (VALUE_COLUMNS); whether any were not at hand."""
        if not len(found):
            return False
        before = len(self.values)
        both = pd.concat([self.values, found], ignore_index=True)
        self.values = both.drop_duplicates(["indicator", "month"], ignore_index=True)
        return len(self.values) > before


def _lookup(inputs: Inputs, ids: np.ndarray, months: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The actual, low and high at these (indicator, month) pairs, NaN where there is no row."""
    keys, table = inputs.keyed()
    wanted = np.asarray(ids, dtype=np.int64) * KEY + np.asarray(months, dtype=np.int64)
    if not len(keys):
        nothing = np.full(len(wanted), np.nan)
        return nothing, nothing.copy(), nothing.copy()
    at = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    rows = np.where((keys[at] == wanted)[:, None], table[at], np.nan)
    return rows[:, 0], rows[:, 1], rows[:, 2]


def rated(inputs: Inputs, ids: np.ndarray, months: np.ndarray, rater: Rater) -> pd.DataFrame:
    """The figures at these (indicator, month) pairs: actual, target, rating and the directions of travel
    (short term on the previous period, none for a cumulative indicator; long term on a year earlier)."""
    facts = inputs.of(ids)
    polarity = facts["polarity"]
    actual, low, high = _lookup(inputs, ids, months)
    found = {"indicator": ids, "month": months, "actual": actual, "low": low, "high": high,
             "rating": rater.rate(actual, low, high, polarity, facts["tolerance"], facts["percent"])}
    for name, back in (("short", facts["step"]), ("long", 12)):
        before, before_low, before_high = _lookup(inputs, ids, months - back)
        band_low, band_high = vectorised.later_or_earlier_target(low, high, before_low, before_high)
        found[name] = rater.direction(before, actual, polarity, band_low, band_high)
    found["short"] = np.where(facts["cumulative"], ABSENT, found["short"])
    return pd.DataFrame(found)


# --- the scorecard ------------------------------------------------------------------------------------------

def scorecard(inputs: Inputs, period: Period, rater: Rater) -> pd.DataFrame:
    """One row per indicator in use at `period`, by directorate then code: its figure at its own period
    (rating, short, long), whether its return is late (`late_by` periods) and the figure shown (`shown_*`: the
    latest figure for a late return), at month `judged`."""
    ids = inputs.facts.sort_values(["directorate", "code"], kind="stable").index.to_numpy()
    facts = inputs.of(ids)
    own = due_months(period)
    due = np.array([own[f] for f in facts["frequency"]], dtype=np.int64)
    card = rated(inputs, ids, due, rater)
    step = facts["step"]
    waiting = np.isnan(card["actual"].to_numpy())
    card["late_by"], card["judged"] = 0, due
    if waiting.any():
        first = (int(due[waiting].min()) // 12 - LATE_LOOKS_BACK) * 12 + 3  # April, LATE_LOOKS_BACK years back
        inputs.add([int(i) for i in ids[waiting]], first - 12, int(due[waiting].max()) - 1)
        values = inputs.values
        earlier = values[values["actual"].notna() & (values["month"] >= first)
                         & (values["month"] < int(due[waiting].max()))]
        earlier = earlier[earlier["month"] < earlier["indicator"].map(dict(zip(ids, due, strict=True)))]
        last = earlier.groupby("indicator")["month"].max()
        found = pd.Series(ids).map(last).to_numpy()
        late = waiting & ~np.isnan(found)
        judged = np.where(late, found, due).astype(int)
        card["judged"] = judged
        card["late_by"] = np.where(late, (due - judged) // step, 0)
    shown = rated(inputs, ids, card["judged"].to_numpy(), rater)
    for column in ("actual", "rating", "short", "long"):
        card[f"shown_{column}"] = shown[column].to_numpy()
    card["code"] = facts["code"]
    card["directorate"], card["service"] = facts["directorate"], facts["service"]
    return card


def counts(card: pd.DataFrame) -> tuple[int, ...]:
    """A roll-up as numbers: how many of each rating (in Rating's order), improving, comparable, late."""
    by_rating = np.bincount(card["rating"].to_numpy(dtype=np.intp), minlength=len(RATINGS))
    long = card["long"].to_numpy()
    return (*(int(n) for n in by_rating), int((long == IMPROVING).sum()), int((long != ABSENT).sum()),
            int((card["late_by"] > 0).sum()))


def roll_ups(card: pd.DataFrame, priorities: pd.DataFrame, members: pd.DataFrame) -> dict[str, tuple[int, ...]]:
    """Each priority's roll-up (by name), from the scorecard and (priority, indicator) memberships."""
    joined = members.merge(card, on="indicator")
    groups = dict(tuple(joined.groupby("priority")))
    empty = card.iloc[:0]
    return {name: counts(groups.get(key, empty)) for key, name in zip(priorities.index, priorities["name"],
                                                                       strict=True)}


# --- under-performance --------------------------------------------------------------------------------------

def _runs(inputs: Inputs, card: pd.DataFrame, first: int, rater: Rater) -> tuple[np.ndarray, list[int]]:
    """Each row's run of missed targets counted back from the month judged, over its indicator's rows from
    `first` (a period with no row between two that have one is No data); and the indicators whose rows at hand
    hold nothing that ends a run (a met target), for which older rows may matter."""
    judged = card.set_index("indicator")["judged"]
    values = inputs.values[inputs.values["indicator"].isin(judged.index)]
    values = values[(values["month"] >= first) & (values["month"] <= values["indicator"].map(judged))]
    values = values.sort_values(["indicator", "month"], kind="stable")
    indicator, month = values["indicator"].to_numpy(), values["month"].to_numpy()
    facts = inputs.of(indicator)
    codes = rater.rate(values["actual"].to_numpy(), values["low"].to_numpy(), values["high"].to_numpy(),
                       facts["polarity"], facts["tolerance"], facts["percent"])
    step = facts["step"]
    same = np.r_[False, indicator[1:] == indicator[:-1]]
    gaps = np.where(same, (month - np.r_[month[:1], month[:-1]]) // step - 1, 0)
    times = gaps + 1
    sequence = np.full(int(times.sum()), NO_DATA, dtype=np.intp)
    sequence[np.cumsum(times) - 1] = codes
    stopped = set(indicator[~np.isin(codes, [AMBER, RED, NO_DATA])].tolist())
    unended = [int(i) for i in card["indicator"] if int(i) not in stopped]
    if not len(sequence):
        return np.zeros(len(card), dtype=int), unended
    runs = rater.runs(sequence, np.repeat(indicator, times))
    return card["indicator"].map(runs).fillna(0).astype(int).to_numpy(), unended


def _forecast_misses(inputs: Inputs, card: pd.DataFrame, rater: Rater) -> np.ndarray:
    """Whether each row's year-end forecast (from this year's figures to the month judged) misses the
    year-end target."""
    facts = inputs.of(card["indicator"].to_numpy())
    step = facts["step"]
    judged = card["judged"].to_numpy()
    start = year_start(judged)
    year_end = start + 12 - step
    ids = card["indicator"].to_numpy()
    _, now_low, _ = _lookup(inputs, ids, judged)
    _, end_low, end_high = _lookup(inputs, ids, year_end)
    indicators = pd.DataFrame({"per_year": 12 // step, "cumulative": facts["cumulative"],
                               "target_now": now_low, "target_year_end": end_low},
                              index=pd.Index(ids))
    bounds = pd.DataFrame({"indicator": ids, "start": start, "judged": judged, "step": step})
    points = inputs.values.merge(bounds, on="indicator")
    points = points[(points["month"] >= points["start"]) & (points["month"] <= points["judged"])
                    & points["actual"].notna()]
    points = pd.DataFrame({"indicator": points["indicator"], "actual": points["actual"],
                           "number": (points["month"] - points["start"]) // points["step"] + 1})
    forecast = rater.forecast(points, indicators).to_numpy()
    polarity = facts["polarity"]
    made = ((step < 12) & np.isin(polarity, [Polarity.HIGHER.value, Polarity.LOWER.value]) & ~np.isnan(forecast)
            & ~np.isnan(end_low))
    rating = rater.rate(np.where(made, forecast, np.nan), end_low, end_high, polarity, facts["tolerance"],
                        facts["percent"])
    return made & (rating != GREEN)


def under_performers(inputs: Inputs, card: pd.DataFrame, remedial: pd.Series, rater: Rater) -> list[str]:
    """The under-performing indicators' codes, most pressing first (as the store orders them)."""
    return under_performance(inputs, card, remedial, rater)[0]


def under_performance(inputs: Inputs, card: pd.DataFrame, remedial: pd.Series,
                      rater: Rater) -> tuple[list[str], int]:
    """The under-performing indicators' codes, most pressing first (as the store orders them), and how many of
    them have no open remedial action (unmanaged: listed first)."""
    if not len(card):
        return [], 0
    earliest = int(year_start(card["judged"].to_numpy()).min())
    first = (earliest // 12 - 2) * 12 + 3  # runs are followed two years further back than the earliest year
    runs, unended = _runs(inputs, card, first, rater)
    if unended and inputs.add(unended, first, int(card["judged"].max())):
        runs, _ = _runs(inputs, card, first, rater)
    misses = _forecast_misses(inputs, card, rater)
    rating, short, long = (card[f"shown_{c}"].to_numpy() for c in ("rating", "short", "long"))
    trend = np.where(short != ABSENT, short, long)
    reasons = (rating == RED) | ((rating == AMBER) & (trend == WORSENING)) | (runs >= 2) | misses
    unmanaged = card["indicator"].map(remedial).fillna(0).to_numpy() == 0
    pressing = np.select([rating == RATINGS.index(r) for r in PRESSING], list(range(len(PRESSING))),
                         len(PRESSING))
    order = pd.DataFrame({"managed": ~unmanaged, "pressing": pressing, "runs": -runs})[reasons]
    order = order.sort_values(["managed", "pressing", "runs"], kind="stable")
    return card["code"].to_numpy()[order.index.to_numpy()].tolist(), int((~order["managed"]).sum())


def drawn(card: pd.DataFrame, limit: int) -> pd.DataFrame:
    """The `limit` most pressing rows of a basket, in the order its small multiples are drawn."""
    severity = np.select([card["shown_rating"].to_numpy() == RATINGS.index(r) for r in DRAWING_ORDER],
                         list(range(len(DRAWING_ORDER))), len(DRAWING_ORDER))
    worsening = (card["short"].to_numpy() == WORSENING) | (card["long"].to_numpy() == WORSENING)
    order = pd.DataFrame({"severity": severity, "calm": ~worsening, "code": card["code"].to_numpy()})
    order = order.sort_values(["severity", "calm", "code"], kind="stable")
    return card.iloc[order.index.to_numpy()[:limit]]


def history(inputs: Inputs, ids: np.ndarray, first: int, last: int, rater: Rater) -> pd.DataFrame:
    """The figures of these indicators between two months, rated, directions within those rows alone."""
    values = inputs.values
    chosen = values[values["indicator"].isin(ids) & (values["month"] >= first) & (values["month"] <= last)]
    chosen = chosen.sort_values(["indicator", "month"], kind="stable")
    alone = Inputs(inputs.facts, chosen, inputs.more)
    return rated(alone, chosen["indicator"].to_numpy(), chosen["month"].to_numpy(), rater)


# --- the status grid and the scrutiny pages -------------------------------------------------------------------

GRID_COLUMNS = 8  # financial quarters, the last one up to the "as at" month (data/grid.py)
QUARTER_END = 2  # March, June, September and December are the months m with (m - QUARTER_END) % 3 == 0


def column_ends(period: Period) -> np.ndarray:
    """The grid's columns as their last months, oldest first: the seven quarters before the one holding
    `period`'s month, then that quarter up to that month."""
    last = month_of(period.end)
    quarter = last + (QUARTER_END - last) % 3
    return np.array([quarter - 3 * back for back in range(GRID_COLUMNS - 1, 0, -1)] + [last], dtype=np.int64)


def cell_starts(step: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Per indicator (`step`: months per period) and column, the first month of its own latest period that
    ends within the column's span (after the previous column's last month), or -1 where none does."""
    previous = np.r_[ends[0] - 3, ends[:-1]]
    step = np.asarray(step, dtype=np.int64)[:, None]
    ending = ends[None, :] - (ends[None, :] - QUARTER_END) % step  # the latest period end up to the column's end
    return np.where(ending > previous[None, :], ending - step + 1, -1)


def cell_ratings(inputs: Inputs, ids: np.ndarray, starts: np.ndarray, rater: Rater,
                 first: Callable[[list[int]], dict[int, int]]) -> np.ndarray:
    """The rating (as a position in Rating; -1 for no cell) of each indicator's figure at each cell's period:
    No data where there is no row, unless the period is before the indicator's first value (`first`: the month
    of the first value of each of these indicators), when it is not due: no cell, as the scorecard leaves an
    indicator out before it began."""
    ids = np.asarray(ids, dtype=np.int64)
    found = np.full(starts.shape, -1, dtype=np.intp)
    if not len(ids):
        return found
    rows, columns = np.nonzero(starts >= 0)
    facts = inputs.of(ids[rows])
    at = starts[rows, columns]
    actual, low, high = _lookup(inputs, ids[rows], at)
    missing = np.isnan(actual) & np.isnan(low) & np.isnan(high)  # no row (a row has an actual or a target)
    if missing.any():
        began = first(sorted({int(i) for i in ids[rows][missing]}))
        due = np.array([began.get(int(i), KEY) <= m for i, m in zip(ids[rows], at, strict=True)], dtype=bool)
        keep = ~missing | due
        rows, columns, actual, low, high = rows[keep], columns[keep], actual[keep], low[keep], high[keep]
        facts = {name: column[keep] for name, column in facts.items()}
    found[rows, columns] = rater.rate(actual, low, high, facts["polarity"], facts["tolerance"], facts["percent"])
    return found


def grid_order(card: pd.DataFrame) -> pd.DataFrame:
    """The scorecard's rows in the grid's order: by directorate, service (none last) and code."""
    return card.sort_values(["directorate", "service", "code"], kind="stable", na_position="last")


def shown_counts(card: pd.DataFrame) -> tuple[int, ...]:
    """A roll-up of the rows' shown figures (a late return at its latest figure): how many of each rating, in
    Rating's order, then improving and comparable (long term)."""
    by_rating = np.bincount(card["shown_rating"].to_numpy(dtype=np.intp), minlength=len(RATINGS))
    long = card["shown_long"].to_numpy()
    return (*(int(n) for n in by_rating), int((long == IMPROVING).sum()), int((long != ABSENT).sum()))


# --- the action tracker ---------------------------------------------------------------------------------------

def tracker(actions: pd.DataFrame, as_of: date, rater: Rater) -> dict[str, object]:
    """What the tracker shows of `actions` (ref, start, due, progress, completed; by due date then ref, dates as
    day numbers, -1 for no completion): the refs in its order (most in need of chasing first) and the count of
    each status, in that order."""
    from data.tracker import TRACKER_ORDER  # the page's order, not a rule

    codes = rater.action_status(as_of, actions["start"].to_numpy(), actions["due"].to_numpy(),
                                actions["progress"].to_numpy(dtype=float), actions["completed"].to_numpy())
    position = np.array([TRACKER_ORDER.index(status) for status in STATUSES])[codes]
    order = np.argsort(position, kind="stable")
    counts = np.bincount(position, minlength=len(TRACKER_ORDER))
    return {"refs": actions["ref"].to_numpy()[order].tolist(),
            "counts": {status.value: int(n) for status, n in zip(TRACKER_ORDER, counts, strict=True)}}


# --- the strategic assessment: process-behaviour (XmR) charts over every series at once -----------------------

def _keyed_runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Maximal runs of equal keys along each row of `keys` (-1: none, which breaks a run and is never one):
    each run's row, first column, length and key."""
    width = keys.shape[1] + 1
    flat = np.c_[keys, np.full(len(keys), -1)].ravel()  # a -1 after each row: no run crosses rows
    starts = np.flatnonzero(np.r_[True, flat[1:] != flat[:-1]])
    lengths = np.diff(np.r_[starts, len(flat)])
    keep = flat[starts] >= 0
    starts, lengths = starts[keep], lengths[keep]
    return starts // width, starts % width, lengths, flat[starts]


def xmr_signals(points: pd.DataFrame, inputs: Inputs) -> pd.DataFrame:
    """rules.process_chart's signals over numpy arrays, every series at once: limits from each series' first
    12 figures (8 quarterly, 5 annual; all when fewer), centre ± 2.66 × the average moving range; points
    outside, runs of 8 on one side, runs of 6 rising or falling; none from fewer than 8 figures."""
    ids = points["indicator"].to_numpy(dtype=np.int64)
    if not len(ids):
        return pd.DataFrame(columns=SIGNAL_COLUMNS)
    series, starts, lengths = np.unique(ids, return_index=True, return_counts=True)
    row = np.repeat(np.arange(len(series)), lengths)
    column = np.arange(len(ids)) - np.repeat(starts, lengths)
    grid = np.full((len(series), int(lengths.max())), np.nan)
    months = np.full(grid.shape, -1, dtype=np.int64)
    grid[row, column], months[row, column] = points["own"].to_numpy(dtype=float), points["month"].to_numpy()
    wanted = np.array([rules.BASELINE_FIGURES[Frequency(f)] for f in inputs.of(series)["frequency"]])
    base = np.minimum(lengths, wanted)
    place = np.arange(grid.shape[1])[None, :]
    centre = vectorised._python_sum(np.nan_to_num(grid), place < base[:, None]) / base
    ranges = np.abs(np.diff(np.nan_to_num(grid), axis=1))
    spread = vectorised._python_sum(ranges, place[:, 1:] < base[:, None]) / np.maximum(base - 1, 1)
    upper = (centre + rules.NATURAL_LIMITS * spread)[:, None]
    lower = (centre - rules.NATURAL_LIMITS * spread)[:, None]
    present = (place < lengths[:, None]) & (lengths >= rules.MIN_FIGURES_FOR_SIGNALS)[:, None]
    below_upper = vectorised._at_most(grid, upper)
    outside = present & ~(below_upper & vectorised._at_least(grid, lower))
    rows, columns = np.nonzero(outside)
    found = [pd.DataFrame({"indicator": series[rows], "rule": SIGNAL_RULES.index(SignalRule.OUTSIDE_LIMITS),
                           "first": months[rows, columns], "last": months[rows, columns],
                           "upward": ~below_upper[rows, columns], "fired": months[rows, columns]})]
    side = np.where(present & ~vectorised._same(grid, centre[:, None]), (grid > centre[:, None]).astype(int), -1)
    previous = np.c_[np.full(len(grid), np.nan), grid[:, :-1]]
    rising = np.where(present & (place > 0) & ~vectorised._same(grid, previous), (grid > previous).astype(int), -1)
    for rule, keys, least, back, fires in ((SignalRule.RUN_ON_ONE_SIDE, side, rules.RUN_ON_ONE_SIDE, 0,
                                            rules.RUN_ON_ONE_SIDE),
                                           (SignalRule.TREND, rising, rules.TREND - 1, 1, rules.TREND)):
        rows, first, length, key = _keyed_runs(keys)
        long = length >= least
        rows, first, length, key = rows[long], first[long] - back, length[long], key[long]
        found.append(pd.DataFrame({"indicator": series[rows], "rule": SIGNAL_RULES.index(rule),
                                   "first": months[rows, first], "last": months[rows, first + length - 1 + back],
                                   "upward": key == 1, "fired": months[rows, first + fires - 1]}))
    return pd.concat(found, ignore_index=True)


def assessment(inputs: Inputs, card: pd.DataFrame, period: Period, rater: Rater) -> dict[str, object]:
    """What the strategic assessment shows: year on year (each row's long-term direction) improved, held and
    worsened; how many series have enough figures for signals; and the signals that first fired (the figure that
    completed the rule) in the quarter holding `period` (up to its month), as (code, rule) in the page's order."""
    from data.assessment import _READING_ORDER, quarter_of  # the page's quarter and order, not rules

    long = card["long"].to_numpy()
    counts = {name: int((long == DIRECTIONS.index(d)).sum()) for name, d in (
        ("improved", Direction.IMPROVING), ("held", Direction.NO_CHANGE), ("worsened", Direction.WORSENING))}
    last = month_of(period.end)
    values = inputs.values[inputs.values["indicator"].isin(card["indicator"])]
    step = inputs.of(values["indicator"].to_numpy())["step"]
    values = values[(values["month"].to_numpy() + step - 1) <= last].sort_values(["indicator", "month"])
    own = values.assign(own=rater.own(values, inputs))
    own = own[own["own"].notna()]
    sizes = own.groupby("indicator").size()
    checked = int((sizes >= rules.MIN_FIGURES_FOR_SIGNALS).sum())
    found = rater.signals(own[["indicator", "month", "own"]].reset_index(drop=True), inputs)
    quarter, _ = quarter_of(Period.containing(Frequency.MONTHLY, period.end))
    facts = inputs.of(found["indicator"].to_numpy(dtype=np.int64))
    ends = found["fired"].to_numpy(dtype=np.int64) + facts["step"] - 1  # listed in the quarter it first fired
    keep = (ends >= month_of(quarter.start)) & (ends <= last)
    reading = [_READING_ORDER[rules._reading(bool(up), Polarity(p))]
               for up, p in zip(found["upward"], facts["polarity"], strict=True)]
    found = found.assign(reading=reading, directorate=facts["directorate"], code=facts["code"])[keep]
    found = found.sort_values(["reading", "directorate", "code", "first", "rule", "last"], kind="stable")
    found = found.drop_duplicates(["indicator", "rule", "upward"])  # one line per indicator, rule and way
    return {**counts, "checked": checked,
            "signals": [[code, SIGNAL_RULES[int(rule)].value] for code, rule in zip(found["code"], found["rule"],
                                                                                   strict=True)]}
