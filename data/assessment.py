"""The quarterly strategic assessment (R8) and what went well (R14), as typed values (data/answers.py).

The quarter is the one holding the "as at" month, up to that month. Every indicator on the scorecard at the
month is read with its whole series up to it in one query (Store.histories); the rules then say which
indicators improved on a year earlier, which changed beyond the ordinary ups and downs of their figures
(process_chart), and which went well. Nothing here rates a figure again: the store's figures carry their
ratings and directions."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select

from data import rules
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
    from data.store import Store

MOST_IMPROVED = 5  # the most improved listed
FIRST_DAY = date(1900, 1, 1)  # before any figure: a series is read from its start
# the order notable changes are listed in: worsening first, then those read neither way, then improving
_READING_ORDER = {Direction.WORSENING: 0, None: 1, Direction.NO_CHANGE: 1, Direction.IMPROVING: 2}


def quarter_of(as_at: Period) -> tuple[Period, str]:
    """The quarter holding the month `as_at`, and its label: "Q3 2008/09", or "Q3 2008/09 to Nov" while it is
    under way (as the status grid labels its columns)."""
    quarter = Period.containing(Frequency.QUARTERLY, as_at.start)
    under_way = quarter.end > as_at.end
    return quarter, f"{quarter.label} to {as_at.label.partition(' ')[0]}" if under_way else quarter.label


def _in_quarter(period: Period, quarter: Period, as_at: Period) -> bool:
    """Whether a figure's period ends in the quarter, by the "as at" month (a year ends in its last quarter)."""
    return quarter.start <= period.end <= as_at.end


def _series(store: Store, card: Sequence[ScorecardRow], as_at: Period) -> dict[int, tuple[Figure, ...]]:
    """Each indicator's figures whose periods have ended by the "as at" month, oldest first: one query."""
    found = store.histories([row.indicator.id for row in card], FIRST_DAY, as_at.start)
    return {i: tuple(figure for figure in figures if figure.period.end <= as_at.end) for i, figures in found.items()}


def own_series(history: Sequence[Figure], facts: IndicatorFacts) -> list[float | None]:
    """The figures a process chart is drawn over: the actuals, or a cumulative indicator's own figures."""
    if facts.cumulative:
        return rules.own_increments([(figure.period, figure.actual) for figure in history])
    return [figure.actual for figure in history]


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


def _notable(card: Sequence[ScorecardRow], series: Mapping[int, Sequence[Figure]], quarter: Period,
             as_at: Period) -> tuple[int, list[NotableChange]]:
    """How many indicators have enough figures for signals, and the signals that first fired in the quarter (a
    shift that began earlier and goes on is not news), one line per indicator and rule, worsening first."""
    checked, found = 0, []
    for row in card:
        facts, history = row.indicator, series.get(row.indicator.id, ())
        figures = own_series(history, facts)
        if sum(figure is not None for figure in figures) < rules.MIN_FIGURES_FOR_SIGNALS:
            continue
        checked += 1
        chart = rules.process_chart(figures, facts.frequency, facts.polarity)
        if chart.limits is None:
            continue
        fired = [signal for signal in chart.signals
                 if _in_quarter(history[rules.fired_at(signal, figures)].period, quarter, as_at)]
        if not fired:
            continue
        labels = [figure.period.label for figure in history]  # for the words, only where a rule fired
        # one line for each rule (and way) that fired for an indicator, however many of its figures did: three
        # months outside the limits are one change, said with the latest of them
        groups: dict[tuple[SignalRule, bool], list[rules.Signal]] = {}
        for signal in fired:
            groups.setdefault((signal.rule, signal.upward), []).append(signal)
        found += [NotableChange(facts, same[-1].rule, same[-1].direction, history[same[0].first].period,
                                history[same[-1].last].period,
                                rules.explain_signal(same[-1], figures, chart.limits, labels, facts.unit),
                                times=len(same))
                  for same in groups.values()]
    found.sort(key=lambda change: (_READING_ORDER[change.direction], change.indicator.directorate,
                                   change.indicator.code, change.first.ordinal))
    return checked, found


def _commentary(notable: Iterable[NotableChange], series: Mapping[int, Sequence[Figure]], quarter: Period,
                as_at: Period) -> tuple[Commentary, ...]:
    """The quarter's notes (barriers and levers) of the indicators with a notable change, by code and period."""
    listed = {change.indicator.id: change.indicator for change in notable}
    found = [Commentary(facts, figure.period, figure.note) for facts in listed.values()
             for figure in series.get(facts.id, ()) if figure.note and _in_quarter(figure.period, quarter, as_at)]
    return tuple(sorted(found, key=lambda note: (note.indicator.directorate, note.indicator.code,
                                                 note.period.ordinal)))


def ratings_in_a_row(history: Sequence[Figure]) -> list[Rating]:
    """The ratings of consecutive periods, oldest first: a period with no stored row is No data (the went-well
    rules count periods in a row, and a missing period ends a run)."""
    found: list[Rating] = []
    for earlier, figure in zip((None, *history), history, strict=False):
        if earlier is not None:
            missing = (figure.period.ordinal - earlier.period.ordinal) // figure.period.frequency.months - 1
            found += [Rating.NO_DATA] * max(missing, 0)
        found.append(figure.rating)
    return found


def _latest(history: Sequence[Figure]) -> Figure | None:
    return next((figure for figure in reversed(history) if figure.actual is not None), None)


def _newly_on_target(card: Sequence[ScorecardRow], series: Mapping[int, Sequence[Figure]], quarter: Period,
                     as_at: Period) -> tuple[Success, ...]:
    found = []
    for row in card:
        history = series.get(row.indicator.id, ())
        latest = _latest(history)
        if latest is None or not _in_quarter(latest.period, quarter, as_at):
            continue
        if rules.newly_on_target(ratings_in_a_row(history)):
            before = history[history.index(latest) - 1] if history.index(latest) else None
            after = f" after {before.rating} in {before.period.label}" if before and before.rating.missed else ""
            found.append(Success(row.indicator, latest, f"Green in {latest.period.label}{after}"))
    return tuple(found)


def _sustained(card: Sequence[ScorecardRow], series: Mapping[int, Sequence[Figure]]) -> tuple[Success, ...]:
    found = []
    for row in card:
        history = series.get(row.indicator.id, ())
        ratings = ratings_in_a_row(history)
        latest = _latest(history)
        if latest is not None and rules.sustained_on_target(ratings):
            count = rules.periods_on_target(ratings)
            found.append((count, Success(row.indicator, latest,
                                         f"Green {count} periods in a row, to {latest.period.label}")))
    return tuple(success for _, success in sorted(found, key=lambda pair: (-pair[0], pair[1].indicator.code)))


def _most_improved(card: Sequence[ScorecardRow], series: Mapping[int, Sequence[Figure]]) -> tuple[Success, ...]:
    """Those whose long-term direction is Improving at the month, largest improvement first (rules.improvement
    on the same period a year earlier)."""
    found = []
    for row in card:
        figure, facts = row.figure, row.indicator
        if figure.long_term is not Direction.IMPROVING:
            continue
        then = next((f for f in series.get(facts.id, ()) if f.period == figure.period.same_period_last_year), None)
        if then is None:
            continue
        band = (figure.target or then.target) if facts.polarity is Polarity.BAND else None
        gain = rules.improvement(then.actual, figure.actual, facts.polarity, band)
        if gain is not None:
            found.append((gain, Success(facts, figure, f"{gain:.0f}% better than {then.period.label} "
                                                       f"({_shown(then.actual, facts.unit)} to "
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


def _went_well(store: Store, card: Sequence[ScorecardRow], series: Mapping[int, Sequence[Figure]],
               as_at: Period, directorate: str | None) -> WentWell:
    quarter, label = quarter_of(as_at)
    completed = _completed(store, quarter, as_at)
    if directorate is not None:
        completed = tuple(action for action in completed if action.directorate == directorate)
    return WentWell(quarter=quarter, label=label, newly_on_target=_newly_on_target(card, series, quarter, as_at),
                    most_improved=_most_improved(card, series), sustained=_sustained(card, series),
                    completed=completed)


def went_well(store: Store, period: Period, directorate: str | None = None) -> WentWell:
    """What went well in the quarter holding the month `period`: the council's, or one directorate's (its
    slug; an unknown one has nothing)."""
    card = store.scorecard(period)
    name = None
    if directorate is not None:
        name = _directorate_name(store, directorate) or ""
        card = tuple(row for row in card if row.indicator.directorate == name)
    return _went_well(store, card, _series(store, card, period), period, name)


def assessment(store: Store, period: Period) -> Assessment:
    """The strategic assessment for the quarter holding the month `period`, up to that month."""
    quarter, label = quarter_of(period)
    card = store.scorecard(period)
    series = _series(store, card, period)
    travel = [row.figure.long_term for row in card]
    checked, notable = _notable(card, series, quarter, period)
    return Assessment(period=period, quarter=quarter, label=label,
                      improved=travel.count(Direction.IMPROVING), held=travel.count(Direction.NO_CHANGE),
                      worsened=travel.count(Direction.WORSENING), not_compared=travel.count(None),
                      checked=checked, notable=tuple(notable),
                      commentary=_commentary(notable, series, quarter, period),
                      went_well=_went_well(store, card, series, period, None))
