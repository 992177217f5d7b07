"""The quarterly strategic assessment (R8) and what went well (R14), as typed values (data/answers.py).

The quarter is the one holding the "as at" month, up to that month. Every indicator on the scorecard at the
month is read with its whole series up to it in one query, as columns (Store.series: 121,000 values at 1,000
indicators, so a typed figure is built only for what the page shows); the rules then say which indicators
improved on a year earlier, which changed beyond the ordinary ups and downs of their figures (process_chart),
and which went well. Nothing here rates a figure again: the store's columns carry their ratings, its figures
their directions too."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt
from sqlalchemy import select

from data import rules, vectorised
from data.answers import (
    ActionProgress,
    Assessment,
    Commentary,
    Figure,
    IndicatorFacts,
    NotableChange,
    ProcessView,
    ScorecardRow,
    Success,
    WentWell,
)
from data.models import Directorate
from data.periods import Frequency, Period
from data.rules import Direction, Polarity, Rating, SignalRule
from data.scrutiny import SLUG

if TYPE_CHECKING:
    from data.store import Series, Store

MOST_IMPROVED = 5  # the most improved listed
_RATINGS = list(Rating)  # a rating's position in Rating, as the store's columns hold it
_SIGNAL_RULES = list(SignalRule)  # likewise a rule's, as vectorised.process_signals gives it
# the order notable changes are listed in: worsening first, then those read neither way, then improving
_READING_ORDER = {Direction.WORSENING: 0, None: 1, Direction.NO_CHANGE: 1, Direction.IMPROVING: 2}


def quarter_of(as_at: Period) -> tuple[Period, str]:
    """The quarter holding the month `as_at`, and its label: "Q3 2008/09", or "Q3 2008/09 to Nov" while it is
    under way (as the status grid labels its columns)."""
    quarter = Period.containing(Frequency.QUARTERLY, as_at.start)
    under_way = quarter.end > as_at.end
    return quarter, f"{quarter.label} to {as_at.label.partition(' ')[0]}" if under_way else quarter.label


def _ends_in(ordinal: int, frequency: Frequency, quarter: Period, as_at: Period) -> bool:
    """Whether the period of `frequency` with this ordinal ends in the quarter, by the "as at" month (a year ends
    in its last quarter): by month ordinals, no dates worked out."""
    return quarter.ordinal <= ordinal + frequency.months - 1 <= as_at.ordinal


def card_series(store: Store, card: Sequence[ScorecardRow], as_at: Period) -> Series:
    """Each indicator's values whose periods have ended by the "as at" month, oldest first: one query, read as
    columns (a typed figure is built only for what the page shows)."""
    return store.series([row.indicator.id for row in card], as_at)


def own_series(history: Sequence[Figure], facts: IndicatorFacts) -> list[float | None]:
    """The figures a process chart is drawn over: the actuals, or a cumulative indicator's own figures."""
    return _own([figure.period for figure in history], [figure.actual for figure in history], facts)


def _own(periods: Sequence[Period], actuals: list[float | None], facts: IndicatorFacts) -> list[float | None]:
    """The actuals, or a cumulative indicator's own figures from its periods' year-to-date ones."""
    if facts.cumulative:
        return rules.own_increments(list(zip(periods, actuals, strict=True)))
    return actuals


def _own_figures(series: Series, facts: IndicatorFacts) -> list[float | None]:
    """own_series over the stored columns (periods worked out only for a cumulative indicator)."""
    periods = [series.period(at) for at in series.rows(facts.id)] if facts.cumulative else []
    return _own(periods, series.actuals(facts.id), facts)


def process_view(history: Sequence[Figure], facts: IndicatorFacts) -> ProcessView:
    """An indicator's series with its process limits and signals, each explained (the indicator page's view)."""
    figures = own_series(history, facts)
    chart = rules.process_chart(figures, facts.frequency, facts.polarity)
    labels = [figure.period.label for figure in history]
    texts = tuple(rules.explain_signal(signal, figures, chart.limits, labels, facts.unit)
                  for signal in chart.signals) if chart.limits else ()
    if chart.limits is None:
        summary = "No process limits: at least 2 figures are needed to set them."
    else:
        summary = rules.explain_process_limits(chart.limits, facts.unit)
        if chart.provisional:
            summary += (f" Provisional: the baseline has {chart.limits.figures} of the "
                        f"{rules.BASELINE_FIGURES[facts.frequency]} figures it needs.")
    return ProcessView(periods=tuple(figure.period for figure in history), figures=tuple(figures),
                       own_figures=facts.cumulative, chart=chart, signals=texts, summary=summary)


def _limits(figures: list[float | None], known: npt.NDArray[np.intp],
            frequency: Frequency) -> rules.ProcessLimits | None:
    """rules.process_chart's limits (from the default baseline), without working out its signals. `known`: the
    positions of the figures present; the baseline is looked for only up to the last figure it can take."""
    wanted = rules.BASELINE_FIGURES[frequency]
    upto = figures[:int(known[wanted - 1]) + 1] if len(known) >= wanted else figures
    baseline = rules.default_baseline(upto, frequency)
    chosen = baseline.figures(figures) if baseline else []
    return rules.process_limits(chosen) if len(chosen) >= 2 else None


_Charted = tuple[IndicatorFacts, list[float | None], npt.NDArray[np.float64], rules.ProcessLimits]


def _notable(card: Sequence[ScorecardRow], series: Series, quarter: Period,
             as_at: Period) -> tuple[int, list[NotableChange]]:
    """How many indicators have enough figures for signals, and the signals that first fired in the quarter (a
    shift that began earlier and goes on is not news), one line per indicator and rule, worsening first."""
    checked, charted = 0, []  # an indicator, its figures (as a list and as a column) and their limits
    for row in card:
        facts = row.indicator
        figures = _own_figures(series, facts)
        column = np.array(figures, dtype=np.float64)
        known = np.flatnonzero(~np.isnan(column))
        if len(known) < rules.MIN_FIGURES_FOR_SIGNALS:
            continue
        checked += 1
        limits = _limits(figures, known, facts.frequency)
        if limits is not None:
            charted.append((facts, figures, column, limits))
    found = []
    for (facts, figures, _, limits), fired in _fired_in_quarter(charted, series, quarter, as_at):
        found += _changes(fired, figures, limits, series, series.rows(facts.id).start, facts)
    found.sort(key=lambda change: (_READING_ORDER[change.direction], change.indicator.directorate,
                                   change.indicator.code, change.first.ordinal))
    return checked, found


def _fired_in_quarter(charted: Sequence[_Charted], series: Series, quarter: Period,
                      as_at: Period) -> list[tuple[_Charted, list[rules.Signal]]]:
    """Each charted indicator's signals (rules.signals, worked out over every series at once) that first fired
    in the quarter, in the rules' order; indicators with none are left out."""
    if not charted:
        return []
    figures = np.concatenate([column for _, _, column, _ in charted])
    number = np.repeat(np.arange(len(charted)), [len(column) for _, _, column, _ in charted])
    limits = [np.array([getattr(each, name) for *_, each in charted]) for name in ("centre", "lower", "upper")]
    found = vectorised.process_signals(figures, number, *limits)
    which = found["series"].to_numpy(dtype=np.intp)
    start = np.array([series.rows(facts.id).start for facts, *_ in charted], dtype=np.int64)
    months = np.array([facts.frequency.months for facts, *_ in charted], dtype=np.int64)
    ends = series.ordinal[start[which] + found["fired"].to_numpy(dtype=np.int64)] + months[which] - 1
    found = found[(ends >= quarter.ordinal) & (ends <= as_at.ordinal)]  # _ends_in, over the column
    signals: dict[int, list[rules.Signal]] = {}
    for at, rule, first, last, upward, _ in found.itertuples(index=False):
        polarity = charted[at][0].polarity
        signals.setdefault(at, []).append(rules.Signal(_SIGNAL_RULES[rule], int(first), int(last), bool(upward),
                                                       rules._reading(upward, polarity)))
    return [(charted[at], fired) for at, fired in signals.items()]


def _changes(fired: Sequence[rules.Signal], figures: Sequence[float | None], limits: rules.ProcessLimits,
             series: Series, start: int, facts: IndicatorFacts) -> list[NotableChange]:
    """One line for each rule (and way) that fired for an indicator, however many of its figures did: three
    months outside the limits are one change, said with the latest of them. The indicator's values begin at
    `start` in `series`; periods are worked out only for the positions the lines name."""
    def period(at: int) -> Period:
        return series.period(start + at)

    groups: dict[tuple[SignalRule, bool], list[rules.Signal]] = {}
    for signal in fired:
        groups.setdefault((signal.rule, signal.upward), []).append(signal)
    found = []
    for same in groups.values():
        said = same[-1]
        labels = [""] * len(figures)  # the words name only the periods the signal begins and ends at
        labels[said.first], labels[said.last] = period(said.first).label, period(said.last).label
        found.append(NotableChange(facts, said.rule, said.direction, period(same[0].first), period(said.last),
                                   rules.explain_signal(said, figures, limits, labels, facts.unit),
                                   times=len(same)))
    return found


def _commentary(notable: Iterable[NotableChange], series: Series, quarter: Period,
                as_at: Period) -> tuple[Commentary, ...]:
    """The quarter's notes (barriers and levers) of the indicators with a notable change, by code and period."""
    listed = {change.indicator.id: change.indicator for change in notable}
    found = [Commentary(facts, series.period(at), note) for facts in listed.values() for at in series.rows(facts.id)
             if (note := series.note[at]) and _ends_in(int(series.ordinal[at]), facts.frequency, quarter, as_at)]
    return tuple(sorted(found, key=lambda note: (note.indicator.directorate, note.indicator.code,
                                                 note.period.ordinal)))


def ratings_in_a_row(history: Sequence[Figure]) -> list[Rating]:
    """The ratings of consecutive periods, oldest first: a period with no stored row is No data (the went-well
    rules count periods in a row, and a missing period ends a run)."""
    ratings, _ = _in_a_row(np.zeros(len(history), dtype=np.int64),
                           np.array([figure.period.ordinal for figure in history], dtype=np.int64),
                           np.array([figure.period.frequency.months for figure in history], dtype=np.int64),
                           np.array([_RATINGS.index(figure.rating) for figure in history], dtype=np.intp))
    return ratings


def _in_a_row(indicator: npt.NDArray[np.int64], ordinal: npt.NDArray[np.int64], months: npt.NDArray[np.int64],
              rating: npt.NDArray[np.intp]) -> tuple[list[Rating], list[int]]:
    """ratings_in_a_row of each indicator's values (columns, oldest first within each), one indicator after
    another; and for each value, the position just after it in that list."""
    follows = np.r_[False, indicator[1:] == indicator[:-1]]
    apart = np.diff(ordinal, prepend=ordinal[:1]) // np.maximum(months, 1) - 1
    slots = np.where(follows, np.maximum(apart, 0), 0) + 1  # the periods with no row before each row, and it
    after = np.cumsum(slots)
    codes = np.full(int(after[-1]) if len(after) else 0, _RATINGS.index(Rating.NO_DATA), dtype=np.intp)
    codes[after - 1] = rating
    return [_RATINGS[code] for code in codes.tolist()], after.tolist()


def _series_in_a_row(series: Series, card: Sequence[ScorecardRow]) -> dict[int, list[Rating]]:
    """ratings_in_a_row of each indicator on the scorecard, from the stored columns."""
    ratings, after = _in_a_row(series.indicator, series.ordinal, series.months, series.rating)
    found: dict[int, list[Rating]] = {}
    for row in card:
        rows = series.rows(row.indicator.id)
        found[row.indicator.id] = ratings[after[rows.start] - 1:after[rows.stop - 1]] if rows else []
    return found


def _newly_on_target(card: Sequence[ScorecardRow], series: Series, in_a_row: Mapping[int, list[Rating]],
                     quarter: Period, as_at: Period) -> tuple[Success, ...]:
    found: list[tuple[int, IndicatorFacts, str]] = []  # the latest figure's position, the indicator, the words
    for row in card:
        facts = row.indicator
        latest = series.latest(facts.id)
        if latest is None or not _ends_in(int(series.ordinal[latest]), facts.frequency, quarter, as_at):
            continue
        if rules.newly_on_target(in_a_row[facts.id]):
            before = latest - 1  # the value stored before it, if the indicator has one
            rating = _RATINGS[int(series.rating[before])]
            after = f" after {rating} in {series.period(before).label}" \
                if before >= series.rows(facts.id).start and rating.missed else ""
            found.append((latest, facts, f"Green in {series.period(latest).label}{after}"))
    figures = series.figures([at for at, _, _ in found])
    return tuple(Success(facts, figure, words) for (_, facts, words), figure in zip(found, figures, strict=True))


def _sustained(card: Sequence[ScorecardRow], series: Series,
               in_a_row: Mapping[int, list[Rating]]) -> tuple[Success, ...]:
    found = []
    for row in card:
        ratings = in_a_row[row.indicator.id]
        latest = series.latest(row.indicator.id)
        if latest is not None and rules.sustained_on_target(ratings):
            found.append((rules.periods_on_target(ratings), row.indicator, latest))
    found.sort(key=lambda each: (-each[0], each[1].code))
    figures = series.figures([latest for _, _, latest in found])
    return tuple(Success(facts, figure, f"Green {count} periods in a row, to {figure.period.label}")
                 for (count, facts, _), figure in zip(found, figures, strict=True))


def _most_improved(card: Sequence[ScorecardRow], series: Series) -> tuple[Success, ...]:
    """Those whose long-term direction is Improving at the month, largest improvement first (rules.improvement
    on the same period a year earlier)."""
    found = []
    for row in card:
        figure, facts = row.figure, row.indicator
        if figure.long_term is not Direction.IMPROVING:
            continue
        then = series.at_period(facts.id, figure.period.same_period_last_year.ordinal)
        if then is None:
            continue
        then_actual = series.actual_at(then)
        band = (figure.target or series.target_at(then)) if facts.polarity is Polarity.BAND else None
        gain = rules.improvement(then_actual, figure.actual, facts.polarity, band)
        if gain is not None:
            found.append((gain, Success(facts, figure, f"{gain:.0f}% better than {series.period(then).label} "
                                                       f"({_shown(then_actual, facts.unit)} to "
                                                       f"{_shown(figure.actual, facts.unit)})")))
    found.sort(key=lambda pair: (-pair[0], pair[1].indicator.code))
    return tuple(success for _, success in found[:MOST_IMPROVED])


def _shown(figure: float | None, unit: str) -> str:
    """A figure with its unit, as the rules write one ("41 days", "45%")."""
    return rules._with_unit(figure, unit)


def _completed(store: Store, quarter: Period, as_at: Period) -> tuple[ActionProgress, ...]:
    """Actions Complete as at the month's end that were not yet Complete the day before the quarter began."""
    before = {action.ref: action.status for action in store.actions(quarter.start - timedelta(days=1))}
    return tuple(action for action in store.actions(as_at.end) if action.status is rules.ActionStatus.COMPLETE
                 and before.get(action.ref) is not rules.ActionStatus.COMPLETE)


def _directorate_name(store: Store, slug: str) -> str | None:
    """The directorate's name, None for none; a slug no importer makes names nothing and is never sent (a NUL
    would be refused by PostgreSQL rather than found missing)."""
    if not SLUG.fullmatch(slug):
        return None
    return next(iter(store._rows(select(Directorate.name).where(Directorate.slug == slug))), (None,))[0]


def went_well_of(store: Store, card: Sequence[ScorecardRow], series: Series,
                 as_at: Period, directorate: str | None) -> WentWell:
    """What went well among `card`'s indicators, from their series already read (the assessment and the report
    pack read them once for more than this); completed actions of `directorate` (its name) or all."""
    quarter, label = quarter_of(as_at)
    completed = _completed(store, quarter, as_at)
    if directorate is not None:
        completed = tuple(action for action in completed if action.directorate == directorate)
    in_a_row = _series_in_a_row(series, card)
    return WentWell(quarter=quarter, label=label,
                    newly_on_target=_newly_on_target(card, series, in_a_row, quarter, as_at),
                    most_improved=_most_improved(card, series), sustained=_sustained(card, series, in_a_row),
                    completed=completed)


def went_well(store: Store, period: Period, directorate: str | None = None) -> WentWell:
    """What went well in the quarter holding the month `period`: the council's, or one directorate's (its
    slug; an unknown one has nothing)."""
    card = store.scorecard(period)
    name = None
    if directorate is not None:
        name = _directorate_name(store, directorate) or ""
        card = tuple(row for row in card if row.indicator.directorate == name)
    return went_well_of(store, card, card_series(store, card, period), period, name)


def assessment(store: Store, period: Period) -> Assessment:
    """The strategic assessment for the quarter holding the month `period`, up to that month."""
    quarter, label = quarter_of(period)
    card = store.scorecard(period)
    series = card_series(store, card, period)
    travel = [row.figure.long_term for row in card]
    checked, notable = _notable(card, series, quarter, period)
    return Assessment(period=period, quarter=quarter, label=label,
                      improved=travel.count(Direction.IMPROVING), held=travel.count(Direction.NO_CHANGE),
                      worsened=travel.count(Direction.WORSENING), not_compared=travel.count(None),
                      checked=checked, notable=tuple(notable),
                      commentary=_commentary(notable, series, quarter, period),
                      went_well=went_well_of(store, card, series, period, None))
