"""The council's published rules (docs/rules.md) as pure functions: ratings, direction of travel, roll-ups,
action status and under-performance. Each result can be explained in plain English beside the figure."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

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


NO_CHANGE_WITHIN = 1.0  # % of the earlier value: a smaller change in either direction is No change


def direction(earlier: float | None, later: float | None, polarity: Polarity | str,
              band: Target | None = None, no_change: float = NO_CHANGE_WITHIN) -> Direction | None:
    """Direction of travel from `earlier` to `later`; `no_change` is the % of the earlier value within
    which a change counts as No change. None when there is nothing to compare or no good direction."""
    polarity = Polarity(polarity)
    if earlier is None or later is None or polarity is Polarity.NONE:
        return None
    if any(isinstance(v, float) and math.isnan(v) for v in (earlier, later)):
        return None
    if polarity is Polarity.HIGHER:
        gain = later - earlier
    elif polarity is Polarity.LOWER:
        gain = earlier - later
    else:
        if band is None:
            return None
        gain = band.distance(earlier) - band.distance(later)
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
