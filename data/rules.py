"""The council's published rules (docs/rules.md) as pure functions: ratings, direction of travel, roll-ups,
action status and under-performance. Each result can be explained in plain English beside the figure."""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import pairwise
from types import MappingProxyType

from data.periods import Frequency, Period

# Figures arrive from spreadsheets as binary floats; two figures this close are the same figure
# (94.99999999 is not below 95 when the spreadsheet said 95).
_REL = 1e-9
_ABS = 1e-9


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=_REL, abs_tol=_ABS)


def _at_least(a: float, b: float) -> bool:
    return a > b or _same(a, b)


def _at_most(a: float, b: float) -> bool:
    return a < b or _same(a, b)


class Polarity(StrEnum):
    """Which way is good for an indicator."""

    HIGHER = "higher"
    LOWER = "lower"
    BAND = "band"  # good inside a range
    NONE = "none"  # data only: no good direction


class Rating(StrEnum):
    """An indicator's rating for one period."""

    GREEN = "Green"
    AMBER = "Amber"
    RED = "Red"
    NO_TARGET = "No target"
    DATA_ONLY = "Data only"
    NO_DATA = "No data"

    @property
    def missed(self) -> bool:
        """Whether this rating means the target was missed (Amber or Red)."""
        return self in (Rating.AMBER, Rating.RED)


RAG = (Rating.GREEN, Rating.AMBER, Rating.RED)


class Direction(StrEnum):
    """Direction of travel between two periods."""

    IMPROVING = "Improving"
    NO_CHANGE = "No change"
    WORSENING = "Worsening"


@dataclass(frozen=True, slots=True)
class Tolerance:
    """How far from target is still Amber: a percentage of the target, or an amount in the indicator's unit."""

    amount: float = 5.0
    percent: bool = True

    def of(self, target: float) -> float:
        """The tolerance as an amount, for this target (or band bound)."""
        return abs(target) * self.amount / 100 if self.percent else self.amount

    def __str__(self) -> str:
        return f"{_fmt(self.amount)}%" if self.percent else _fmt(self.amount)


DEFAULT_TOLERANCE = Tolerance()


@dataclass(frozen=True, slots=True)
class Target:
    """A period's target: one figure, or a `low`-`high` range for band indicators."""

    low: float
    high: float

    @classmethod
    def single(cls, figure: float) -> Target:
        return cls(figure, figure)

    @property
    def is_band(self) -> bool:
        return not _same(self.low, self.high)

    def distance(self, actual: float) -> float:
        """How far `actual` lies outside the range (0 inside it)."""
        if _at_least(actual, self.low) and _at_most(actual, self.high):
            return 0.0
        return self.low - actual if actual < self.low else actual - self.high

    def __str__(self) -> str:
        return f"{_fmt(self.low)}–{_fmt(self.high)}" if self.is_band else _fmt(self.low)


def _fmt(figure: float) -> str:
    """A figure as a person would write it: no trailing zeros, thousands separated."""
    if figure == int(figure) and abs(figure) < 1e15:
        return f"{int(figure):,}"
    return f"{figure:,.6f}".rstrip("0").rstrip(".")


def rate(actual: float | None, target: Target | None, polarity: Polarity | str,
         tolerance: Tolerance = DEFAULT_TOLERANCE) -> Rating:
    """Rate one period's actual against its target (precedence: No data, Data only, No target, RAG)."""
    polarity = Polarity(polarity)
    if actual is None or (isinstance(actual, float) and math.isnan(actual)):
        return Rating.NO_DATA
    if polarity is Polarity.NONE:
        return Rating.DATA_ONLY
    if target is None:
        return Rating.NO_TARGET
    if polarity is Polarity.HIGHER:
        if _at_least(actual, target.low):
            return Rating.GREEN
        return Rating.AMBER if _at_least(actual, target.low - tolerance.of(target.low)) else Rating.RED
    if polarity is Polarity.LOWER:
        if _at_most(actual, target.high):
            return Rating.GREEN
        return Rating.AMBER if _at_most(actual, target.high + tolerance.of(target.high)) else Rating.RED
    # band: a % tolerance is taken of the nearer bound
    distance = target.distance(actual)
    if distance == 0:
        return Rating.GREEN
    nearer = target.low if actual < target.low else target.high
    return Rating.AMBER if _at_most(distance, tolerance.of(nearer)) else Rating.RED


def explain_rating(rating: Rating, actual: float | None, target: Target | None, polarity: Polarity | str,
                   tolerance: Tolerance = DEFAULT_TOLERANCE, unit: str = "") -> str:
    """The rule behind a rating in plain English: "Red: 41 days against a target of 30; tolerance 5%"."""
    polarity = Polarity(polarity)
    if rating is Rating.NO_DATA:
        return "No data: no actual has been reported for this period."
    if rating is Rating.DATA_ONLY:
        return "Data only: this indicator is monitored without a target."
    shown = _with_unit(actual, unit)
    if rating is Rating.NO_TARGET:
        return f"No target: {shown} was reported but no target was set for this period."
    assert target is not None
    if polarity is Polarity.BAND:
        aim = f"a target range of {_with_unit(target.low, unit)} to {_with_unit(target.high, unit)}"
        side = "inside" if rating is Rating.GREEN else "outside"
        return f"{rating}: {shown} is {side} {aim}; tolerance {tolerance} of the nearer bound."
    wanted = "or more" if polarity is Polarity.HIGHER else "or less"
    return f"{rating}: {shown} against a target of {_with_unit(target.low, unit)} {wanted}; tolerance {tolerance}."


def _with_unit(figure: float | None, unit: str) -> str:
    if figure is None:
        return "no figure"
    if unit in ("%", "£"):
        return f"£{_fmt(figure)}" if unit == "£" else f"{_fmt(figure)}%"
    return f"{_fmt(figure)} {unit}".strip()


def _gain(earlier: float | None, later: float | None, polarity: Polarity, band: Target | None) -> float | None:
    """The change from `earlier` to `later` measured the good way (for a band, nearer the range is better);
    None when there is nothing to compare or no good direction."""
    if earlier is None or later is None or polarity is Polarity.NONE:
        return None
    if any(isinstance(v, float) and math.isnan(v) for v in (earlier, later)):
        return None
    if polarity is Polarity.HIGHER:
        return later - earlier
    if polarity is Polarity.LOWER:
        return earlier - later
    return None if band is None else band.distance(earlier) - band.distance(later)


NO_CHANGE_WITHIN = 1.0  # % of the earlier value: a smaller change in either direction is No change


def direction(earlier: float | None, later: float | None, polarity: Polarity | str,
              band: Target | None = None, no_change: float = NO_CHANGE_WITHIN) -> Direction | None:
    """Direction of travel from `earlier` to `later`; `no_change` is the % of the earlier value within
    which a change counts as No change. None when there is nothing to compare or no good direction."""
    gain = _gain(earlier, later, Polarity(polarity), band)
    if gain is None or earlier is None:
        return None
    threshold = abs(earlier) * no_change / 100
    if _at_most(abs(gain), threshold):
        return Direction.NO_CHANGE
    return Direction.IMPROVING if gain > 0 else Direction.WORSENING


@dataclass(frozen=True, slots=True)
class RateOfImprovement:
    """Share of indicators with comparable data whose long-term direction is Improving."""

    improving: int
    comparable: int

    @property
    def share(self) -> float | None:
        return self.improving / self.comparable if self.comparable else None

    def __str__(self) -> str:
        if not self.comparable:
            return "none with a figure a year earlier to compare"
        return f"{self.improving} of {self.comparable} indicators improving ({self.share:.0%})"


def rate_of_improvement(long_term: Iterable[Direction | str | None]) -> RateOfImprovement:
    """Count improving among the directions that could be worked out."""
    known = [Direction(d) for d in long_term if d is not None and d == d and d != ""]
    return RateOfImprovement(sum(d is Direction.IMPROVING for d in known), len(known))


@dataclass(frozen=True, slots=True)
class RollUp:
    """A basket of indicators summed up: counts by rating, % on target, % improving."""

    counts: dict[Rating, int]
    improvement: RateOfImprovement

    @property
    def rated(self) -> int:
        """Indicators with a Green, Amber or Red rating."""
        return sum(self.counts[r] for r in RAG)

    @property
    def on_target_share(self) -> float | None:
        return self.counts[Rating.GREEN] / self.rated if self.rated else None

    @property
    def no_target(self) -> int:
        return self.counts[Rating.NO_TARGET]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def __str__(self) -> str:
        if not self.rated:
            on_target = "no indicator rated against a target"
        else:
            on_target = f"{self.counts[Rating.GREEN]} of {self.rated} rated indicators on target " \
                        f"({self.on_target_share:.0%})"
        gaps = f"; {self.no_target} without a target" if self.no_target else ""
        return f"{on_target}; {self.improvement}{gaps}"


def roll_up(ratings: Iterable[Rating | str], long_term: Iterable[Direction | str | None]) -> RollUp:
    """Sum up a priority's basket from its indicators' ratings and long-term directions."""
    counts = dict.fromkeys(Rating, 0)
    for rating in ratings:
        counts[Rating(rating)] += 1
    return RollUp(counts, rate_of_improvement(long_term))


class ActionKind(StrEnum):
    SERVICE_PLAN = "service plan"
    REMEDIAL = "remedial"
    DIRECTOR_REVIEW = "director review"


class ActionStatus(StrEnum):
    COMPLETE = "Complete"
    OVERDUE = "Overdue"
    NOT_STARTED = "Not started"
    BEHIND = "Behind"
    ON_TRACK = "On track"

    @property
    def is_open(self) -> bool:
        """Not yet complete: still being worked on, whether on track or not."""
        return self is not ActionStatus.COMPLETE


BEHIND_BY = 10  # percentage points below the share of time elapsed


def action_status(as_of: date, start: date, due: date, progress: float | None,
                  completed: date | None = None) -> ActionStatus:
    """An action's status as at a date: the first of Complete, Overdue, Not started, Behind, On track."""
    progress = progress or 0.0
    if _at_least(progress, 100) or (completed is not None and completed <= as_of):
        return ActionStatus.COMPLETE
    if due < as_of:
        return ActionStatus.OVERDUE
    if progress == 0 and as_of <= start:
        return ActionStatus.NOT_STARTED
    span = (due - start).days
    elapsed = 1.0 if span <= 0 else min(max((as_of - start).days / span, 0.0), 1.0)
    if progress < elapsed * 100 - BEHIND_BY and not _same(progress, elapsed * 100 - BEHIND_BY):
        return ActionStatus.BEHIND
    return ActionStatus.ON_TRACK


def explain_action_status(status: ActionStatus, as_of: date, start: date, due: date,
                          progress: float | None) -> str:
    """The rule behind an action's status in plain English."""
    progress = progress or 0.0
    span = max((due - start).days, 1)
    elapsed = min(max((as_of - start).days / span, 0.0), 1.0)
    return {
        ActionStatus.COMPLETE: "Complete: finished.",
        ActionStatus.OVERDUE: f"Overdue: due {due:%d %b %Y} and {_fmt(progress)}% complete.",
        ActionStatus.NOT_STARTED: f"Not started: starts {start:%d %b %Y}.",
        ActionStatus.BEHIND: f"Behind: {_fmt(progress)}% complete with {elapsed:.0%} of the time gone.",
        ActionStatus.ON_TRACK: f"On track: {_fmt(progress)}% complete with {elapsed:.0%} of the time gone.",
    }[status]


class Reason(StrEnum):
    """Why an indicator is under-performing (docs/rules.md#under-performance; docs/formats.md#exceptions-export)."""

    RED = "red"
    AMBER_WORSENING = "amber and worsening"
    MISSED_TWICE = "missed two periods running"
    FORECAST_MISS = "forecast to miss target"


@dataclass(frozen=True, slots=True)
class MissedRun:
    """A run of missed targets counted back from the latest figure: its length, and whether something ended it
    (a target met, or two periods in a row with no figure) rather than the periods given running out."""

    periods: int
    ended: bool


GAP_THAT_ENDS_A_RUN = 2  # periods in a row with no figure; one (a late return) neither counts nor ends the run


def missed_run(ratings: Sequence[Rating | str]) -> MissedRun:
    """The run of missed targets in `ratings`, one per consecutive period, oldest first. Counting back from the
    latest figure, one period with no figure neither counts nor ends the run; two or more in a row end it."""
    count = gap = 0
    for rating in reversed(ratings):
        rating = Rating(rating)
        if rating is Rating.NO_DATA:
            if count:  # periods with no figure after the latest one do not matter
                gap += 1
                if gap >= GAP_THAT_ENDS_A_RUN:
                    return MissedRun(count, True)
            continue
        if not rating.missed:
            return MissedRun(count, True)
        count, gap = count + 1, 0
    return MissedRun(count, False)


def periods_missed(ratings: Sequence[Rating | str]) -> int:
    """Consecutive periods whose target was missed, counted back from the latest figure (see `missed_run`)."""
    return missed_run(ratings).periods


def under_performance(rating: Rating | str, short_term: Direction | str | None,
                      long_term: Direction | str | None, missed_run: int,
                      forecast_misses: bool = False) -> list[Reason]:
    """Every reason an indicator is under-performing at a period (empty when it is not)."""
    rating = Rating(rating)
    reasons = []
    if rating is Rating.RED:
        reasons.append(Reason.RED)
    trend = short_term or long_term
    if rating is Rating.AMBER and trend is not None and Direction(trend) is Direction.WORSENING:
        reasons.append(Reason.AMBER_WORSENING)
    if missed_run >= 2:
        reasons.append(Reason.MISSED_TWICE)
    if forecast_misses:
        reasons.append(Reason.FORECAST_MISS)
    return reasons


def is_unmanaged(reasons: Sequence[Reason], open_remedial_actions: int) -> bool:
    """Under-performing with no open remedial action linked to the indicator."""
    return bool(reasons) and open_remedial_actions == 0


FORECAST_METHOD = {
    True: "Year-end forecast (cumulative): the figure to date scaled by the target profile "
          "(or, without one, by the share of the year gone).",
    False: "Year-end forecast: a straight line fitted through this year's figures so far, "
           "carried on to the last period of the year.",
}


def forecast_year_end(actuals: Sequence[tuple[int, float]], per_year: int, cumulative: bool,
                      target_now: float | None = None, target_year_end: float | None = None) -> float | None:
    """Forecast the year-end figure from this year's `(period number, actual)` pairs (numbers from 1).
    None when there is too little to go on, or the year is already over."""
    points = sorted((n, a) for n, a in actuals if a is not None and not math.isnan(a))
    if not points or per_year <= 1 or points[-1][0] >= per_year:
        return None
    latest_number, latest = points[-1]
    if cumulative:
        if target_now and target_year_end is not None:
            return latest * target_year_end / target_now
        return latest * per_year / latest_number
    if len(points) < 2:
        return latest
    n = len(points)
    mean_x = sum(x for x, _ in points) / n
    mean_y = sum(y for _, y in points) / n
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in points) / sxx
    return mean_y + slope * (per_year - mean_x)


# --- Statistical signals: the process-behaviour (XmR) chart (docs/rules.md#statistical-signals) -------------

NATURAL_LIMITS = 2.66  # times the average moving range: the XmR chart's natural process limits
BASELINE_FIGURES: Mapping[Frequency, int] = MappingProxyType(
    {Frequency.MONTHLY: 12, Frequency.QUARTERLY: 8, Frequency.ANNUAL: 5})
MIN_FIGURES_FOR_SIGNALS = 8  # no signal from fewer figures in all
RUN_ON_ONE_SIDE = 8  # figures in a row on one side of the centre line
TREND = 6  # figures in a row, each above (or below) the one before


def _present(figure: float | None) -> bool:
    return figure is not None and not (isinstance(figure, float) and math.isnan(figure))


@dataclass(frozen=True, slots=True)
class ProcessLimits:
    """A baseline's centre line and natural process limits (centre ± 2.66 × the average moving range)."""

    centre: float
    average_moving_range: float
    figures: int  # in the baseline

    @property
    def lower(self) -> float:
        return self.centre - NATURAL_LIMITS * self.average_moving_range

    @property
    def upper(self) -> float:
        return self.centre + NATURAL_LIMITS * self.average_moving_range


def process_limits(baseline: Sequence[float | None]) -> ProcessLimits:
    """The limits from a baseline's figures, missing ones skipped; at least two figures are needed (one moving
    range), else ValueError."""
    figures = [float(x) for x in baseline if x is not None and _present(x)]
    if len(figures) < 2:
        raise ValueError(f"process limits need at least 2 baseline figures, not {len(figures)}")
    ranges = [abs(later - earlier) for earlier, later in pairwise(figures)]
    return ProcessLimits(sum(figures) / len(figures), sum(ranges) / len(ranges), len(figures))


@dataclass(frozen=True, slots=True)
class Baseline:
    """Which figures of a series set its limits: the positions `first` to `last`, both included (oldest is 0).
    The council may set one for an indicator; otherwise `default_baseline` chooses it."""

    first: int
    last: int

    def __post_init__(self) -> None:
        if not 0 <= self.first <= self.last:
            raise ValueError(f"a baseline runs from a position to a later one, not {self.first} to {self.last}")

    def figures(self, series: Sequence[float | None]) -> list[float]:
        """The baseline's figures, missing ones skipped."""
        return [float(x) for x in series[self.first:self.last + 1] if x is not None and _present(x)]


def default_baseline(series: Sequence[float | None], frequency: Frequency | str) -> Baseline | None:
    """The first 12 figures of a monthly series (8 quarterly, 5 annual), gaps skipped; all the figures so far
    when there are fewer; None when there is none."""
    wanted = BASELINE_FIGURES[Frequency(frequency)]
    positions = [i for i, x in enumerate(series) if _present(x)][:wanted]
    return Baseline(positions[0], positions[-1]) if positions else None


class SignalRule(StrEnum):
    """The rules of a process-behaviour chart that tell a real change from noise."""

    OUTSIDE_LIMITS = "a point outside the limits"
    RUN_ON_ONE_SIDE = "eight points in a row on one side"
    TREND = "six points in a row rising or falling"


@dataclass(frozen=True, slots=True)
class Signal:
    """One signal: the rule that fired, the positions of the first and last figures it covers, whether it
    goes up (above the limit or centre line, or rising), and what that means for the indicator."""

    rule: SignalRule
    first: int
    last: int
    upward: bool
    direction: Direction | None  # None for band and data-only indicators: up is neither better nor worse


def fired_at(signal: Signal, figures: Sequence[float | None]) -> int:
    """The position of the figure at which a signal first fired: a point outside the limits at once; a run on
    one side at its RUN_ON_ONE_SIDE-th figure; a trend at its TREND-th (gaps are skipped, as signals skips them).
    A shift that began years ago fired then, not at its latest figure."""
    needed = {SignalRule.OUTSIDE_LIMITS: 1, SignalRule.RUN_ON_ONE_SIDE: RUN_ON_ONE_SIDE, SignalRule.TREND: TREND}
    known = [i for i in range(signal.first, signal.last + 1) if figures[i] is not None and _present(figures[i])]
    return known[min(needed[signal.rule], len(known)) - 1]


def _reading(upward: bool, polarity: Polarity) -> Direction | None:
    """Up is better for `higher`, worse for `lower`; a band indicator is better nearer its range whichever way
    that is, and a data-only one has no good way to go."""
    if polarity is Polarity.HIGHER:
        return Direction.IMPROVING if upward else Direction.WORSENING
    if polarity is Polarity.LOWER:
        return Direction.WORSENING if upward else Direction.IMPROVING
    return None


_Point = tuple[int, float]  # a figure's position in its series, and the figure


def _runs(points: list[_Point], key: Callable[[_Point | None, _Point], bool | None]) -> list[tuple[int, int, bool]]:
    """Maximal runs of consecutive points whose `key(previous, point)` is the same True/False (None breaks a
    run): each as (first point's index in `points`, last's, the key)."""
    found: list[tuple[int, int, bool]] = []
    start, side = 0, None
    for i, point in enumerate(points):
        now = key(points[i - 1] if i else None, point)
        if now is None or now != side:
            if side is not None:
                found.append((start, i - 1, side))
            start, side = i, now
    if side is not None:
        found.append((start, len(points) - 1, side))
    return found


def signals(figures: Sequence[float | None], limits: ProcessLimits,
            polarity: Polarity | str) -> tuple[Signal, ...]:
    """Every signal in a series (oldest first; missing figures skipped), in order of its first figure, then
    rule: each point outside the limits; each longest run of 8 or more on one side of the centre line; each
    longest run of 6 or more rising or falling. None from fewer than 8 figures in all."""
    polarity = Polarity(polarity)
    points = [(i, float(x)) for i, x in enumerate(figures) if x is not None and _present(x)]
    if len(points) < MIN_FIGURES_FOR_SIGNALS:
        return ()
    found = []
    for i, x in points:
        under_upper, over_lower = _at_most(x, limits.upper), _at_least(x, limits.lower)  # a limit is inside
        if not (under_upper and over_lower):
            upward = not under_upper
            found.append(Signal(SignalRule.OUTSIDE_LIMITS, i, i, upward, _reading(upward, polarity)))

    def side(_previous: _Point | None, point: _Point) -> bool | None:  # on the centre line is on neither side
        return None if _same(point[1], limits.centre) else point[1] > limits.centre

    def rising(previous: _Point | None, point: _Point) -> bool | None:  # a tie is neither rising nor falling
        if previous is None or _same(point[1], previous[1]):
            return None
        return point[1] > previous[1]

    for first, last, upward in _runs(points, side):
        if last - first + 1 >= RUN_ON_ONE_SIDE:
            found.append(Signal(SignalRule.RUN_ON_ONE_SIDE, points[first][0], points[last][0], upward,
                                _reading(upward, polarity)))
    for first, last, upward in _runs(points, rising):
        if last - first + 2 >= TREND:  # the run's steps, plus the point it starts from
            found.append(Signal(SignalRule.TREND, points[first - 1][0], points[last][0], upward,
                                _reading(upward, polarity)))
    order = list(SignalRule)
    return tuple(sorted(found, key=lambda s: (s.first, order.index(s.rule), s.last)))


def explain_process_limits(limits: ProcessLimits, unit: str = "") -> str:
    """How the limits were worked out, in plain English, figures to two decimal places."""
    def shown(figure: float) -> str:
        return _with_unit(round(figure, 2) + 0.0, unit)  # + 0.0: never "-0"
    return (f"Centre line {shown(limits.centre)}, the mean of {limits.figures} baseline figures; natural process "
            f"limits {shown(limits.lower)} to {shown(limits.upper)}: the centre ± {NATURAL_LIMITS} × the "
            f"average moving range of {shown(limits.average_moving_range)}.")


def explain_signal(signal: Signal, figures: Sequence[float | None], limits: ProcessLimits, labels: Sequence[str],
                   unit: str = "") -> str:
    """The rule behind a signal in plain English, naming its periods (`labels`, one per figure)."""
    reading = {Direction.IMPROVING: "an improving signal", Direction.WORSENING: "a worsening signal",
               None: "a real change, read as neither better nor worse for this indicator"}[signal.direction]
    span = labels[signal.first], labels[signal.last]
    if signal.rule is SignalRule.OUTSIDE_LIMITS:
        figure = figures[signal.first]
        limit = f"the upper process limit of {_with_unit(round(limits.upper, 2) + 0.0, unit)}" if signal.upward \
            else f"the lower process limit of {_with_unit(round(limits.lower, 2) + 0.0, unit)}"
        side = "above" if signal.upward else "below"
        return f"A point outside the limits: {_with_unit(figure, unit)} in {span[0]} is {side} {limit}: {reading}."
    count = sum(_present(x) for x in figures[signal.first:signal.last + 1])
    if signal.rule is SignalRule.RUN_ON_ONE_SIDE:
        side = "above" if signal.upward else "below"
        return (f"Eight points in a row on one side: {count} figures from {span[0]} to {span[1]} are all {side} "
                f"the centre line of {_with_unit(round(limits.centre, 2) + 0.0, unit)}: {reading}.")
    way = "rising" if signal.upward else "falling"
    higher = "higher" if signal.upward else "lower"
    return (f"Six points in a row {way}: {count} figures from {span[0]} to {span[1]}, each {higher} than the one "
            f"before: {reading}.")


@dataclass(frozen=True, slots=True)
class ProcessChart:
    """A series' limits (None when its baseline has fewer than two figures), the baseline they came from,
    whether they are provisional (the default baseline not yet full), and its signals."""

    limits: ProcessLimits | None
    baseline: Baseline | None
    provisional: bool
    signals: tuple[Signal, ...]


def process_chart(series: Sequence[float | None], frequency: Frequency | str, polarity: Polarity | str,
                  baseline: Baseline | None = None) -> ProcessChart:
    """Limits and signals for a series, oldest first: from the council's baseline, or the default one. Chart
    a cumulative indicator's `own_increments`, never its year-to-date figures."""
    chosen = baseline or default_baseline(series, frequency)
    figures = chosen.figures(series) if chosen else []
    if len(figures) < 2:
        return ProcessChart(None, chosen, baseline is None, ())
    limits = process_limits(figures)
    provisional = baseline is None and len(figures) < BASELINE_FIGURES[Frequency(frequency)]
    return ProcessChart(limits, chosen, provisional, signals(series, limits, polarity))


# --- Cumulative indicators (docs/rules.md#cumulative-indicators) ---------------------------------------------


def own_increments(year_to_date: Sequence[tuple[Period, float | None]]) -> list[float | None]:
    """Each period's own figure from a year-to-date series (one per input pair, in its order): the first period
    of a financial year is its own figure; later ones, the growth since the period before. None when that
    period's figure, or the one before it, is missing."""
    known = {period: float(figure) for period, figure in year_to_date if figure is not None and _present(figure)}
    own: list[float | None] = []
    for period, _ in year_to_date:
        if period not in known:
            own.append(None)
        elif period.number == 1:
            own.append(known[period])
        elif period.previous in known:
            own.append(known[period] - known[period.previous])
        else:
            own.append(None)
    return own


# --- What went well (docs/rules.md#what-went-well) ------------------------------------------------------------

SUSTAINED_PERIODS = 4  # on target this many periods in a row or more is "sustained on target"


def improvement(earlier: float | None, later: float | None, polarity: Polarity | str,
                band: Target | None = None) -> float | None:
    """How much better `later` is than `earlier`, as a % of the earlier figure, measured the good way as
    direction of travel measures it (negative when worse): what ranks the most improved. None when there is no
    direction, or the earlier figure is 0 (no share of nothing)."""
    gain = _gain(earlier, later, Polarity(polarity), band)
    if gain is None or earlier is None or _same(earlier, 0):
        return None
    return gain / abs(earlier) * 100


def _up_to_the_latest_figure(ratings: Sequence[Rating | str]) -> list[Rating]:
    """The ratings up to the latest period with a figure (later periods with none do not matter)."""
    rated = [Rating(r) for r in ratings]
    while rated and rated[-1] is Rating.NO_DATA:
        rated.pop()
    return rated


def periods_on_target(ratings: Sequence[Rating | str]) -> int:
    """Green periods in a row, counted back from the latest figure (periods with no figure after it do not
    matter); any other rating, or a period with no figure, ends the run."""
    count = 0
    for rating in reversed(_up_to_the_latest_figure(ratings)):
        if rating is not Rating.GREEN:
            break
        count += 1
    return count


def sustained_on_target(ratings: Sequence[Rating | str]) -> bool:
    """On target for four periods in a row or more, up to the latest figure."""
    return periods_on_target(ratings) >= SUSTAINED_PERIODS


def newly_on_target(ratings: Sequence[Rating | str]) -> bool:
    """The latest figure is Green and the period before it missed its target (Amber or Red)."""
    rated = _up_to_the_latest_figure(ratings)
    return len(rated) >= 2 and rated[-1] is Rating.GREEN and rated[-2].missed


# --- The golden thread (docs/rules.md#the-golden-thread) -----------------------------------------------------


def share(part: int, whole: int) -> float | None:
    """`part` as a share of `whole` (0 to 1); None when the whole is none at all (0 of 0 is no share)."""
    if not 0 <= part <= whole:
        raise ValueError(f"a share is of a part no bigger than its whole, not {part} of {whole}")
    return part / whole if whole else None


def explain_share(part: int, whole: int, of: str) -> str:
    """A share as the page says it: "3 of 4 indicators with a target (75%)"; "none to count" when 0 of 0."""
    found = share(part, whole)
    return f"no {of} to count" if found is None else f"{part} of {whole} {of} ({found:.0%})"


class FollowUp(StrEnum):
    """Whether a director-review action has been followed up (R13)."""

    FOLLOWED_UP = "Followed up"
    NO_UPDATE_THIS_QUARTER = "No update this quarter"
    CLOSED = "Closed"


def quarters_open(start: date, as_of: date) -> list[Period]:
    """The quarters an action has been open by `as_of`: from the one it started in to the one `as_of` is in."""
    if as_of < start:
        return []
    first, last = Period.containing(Frequency.QUARTERLY, start), Period.containing(Frequency.QUARTERLY, as_of)
    return [Period(ordinal, Frequency.QUARTERLY) for ordinal in range(first.ordinal, last.ordinal + 1, 3)]


def quarters_without_update(reported: Collection[date], open_quarters: Sequence[Period]) -> list[Period]:
    """The open quarters with no progress report dated in them."""
    quarters = {Period.containing(Frequency.QUARTERLY, day) for day in reported}
    return [quarter for quarter in open_quarters if quarter not in quarters]


def follow_up(status: ActionStatus | str, reported: Collection[date], open_quarters: Sequence[Period]) -> FollowUp:
    """Closed when Complete; followed up when progress was reported in each quarter it has been open (an
    action not yet started has none to report in); no update this quarter otherwise."""
    if ActionStatus(status) is ActionStatus.COMPLETE:
        return FollowUp.CLOSED
    return FollowUp.NO_UPDATE_THIS_QUARTER if quarters_without_update(reported, open_quarters) \
        else FollowUp.FOLLOWED_UP


def explain_follow_up(status: FollowUp, reported: Collection[date], open_quarters: Sequence[Period]) -> str:
    """The rule behind a follow-up status in plain English, naming the quarters with no progress report."""
    if status is FollowUp.CLOSED:
        return "Closed: the action is complete."
    if status is FollowUp.FOLLOWED_UP:
        if not open_quarters:
            return "Followed up: not started yet, so no progress report is due."
        return f"Followed up: progress reported in each quarter since {open_quarters[0]}."
    missing = quarters_without_update(reported, open_quarters)
    return f"No update this quarter: no progress reported in {', '.join(map(str, missing))}."
