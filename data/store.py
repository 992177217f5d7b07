"""The questions the pages ask, answered as typed values (data/answers.py) with the council's rules applied.

Each method reads only the rows its question needs: a scorecard for a period touches three periods per
indicator (this one, the previous one and the same one a year earlier), never an indicator's whole history.
Whatever is missing is made None here, once: nothing downstream checks for NaN or a blank string."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd
from sqlalchemy import Engine, Integer, Select, and_, cast, exists, extract, func, select
from sqlalchemy.orm import aliased

from data import rules, vectorised
from data.answers import (
    NO_FILTERS,
    ActionFilters,
    ActionPage,
    ActionProgress,
    Assessment,
    DrillDown,
    Figure,
    GoldenThread,
    Grid,
    GridFilters,
    IndicatorDetails,
    IndicatorFacts,
    IndicatorPage,
    LateReturn,
    Link,
    Overview,
    PriorityPage,
    PriorityRollUp,
    ScorecardRow,
    ThemePage,
    ThemeSummary,
    Tracker,
    UnderPerformanceFilters,
    UnderPerformanceList,
    UnderPerformer,
    WentWell,
)
from data.db import make_engine, upgrade
from data.models import (
    Action,
    ActionUpdate,
    Directorate,
    ImportBatch,
    Indicator,
    Priority,
    Service,
    Theme,
    Value,
    action_indicators,
    indicator_themes,
    priority_indicators,
)
from data.periods import Frequency, Period
from data.rules import ActionKind, ActionStatus, Direction, Polarity, Rating, Target, Tolerance

LATE_LOOKS_BACK = 2  # years: a latest figure older than this is not a late return but a stopped indicator
_PERIOD_WORDS = {Frequency.MONTHLY: "month", Frequency.QUARTERLY: "quarter", Frequency.ANNUAL: "year"}
RECENT = timedelta(days=91)  # "completed in the last three months", on the overview
# The order a basket's small multiples are drawn in: the most pressing rating first.
DRAWING_ORDER = (Rating.RED, Rating.AMBER, Rating.NO_TARGET, Rating.NO_DATA, Rating.GREEN, Rating.DATA_ONLY)
# The order under-performers are listed in, after those with no remedial action: Red, Amber, then the rest.
PRESSING = (Rating.RED, Rating.AMBER)

_INDICATOR_COLUMNS = (
    Indicator.id, Indicator.code, Indicator.slug, Indicator.title, Directorate.name.label("directorate"),
    Service.name.label("service"), Indicator.unit, Indicator.polarity, Indicator.frequency, Indicator.cumulative,
    Indicator.partnership, Indicator.tolerance, Indicator.tolerance_is_percent,
)
_VALUE_COLUMNS = (Value.indicator_id, Value.period_start, Value.actual, Value.target_low, Value.target_high,
                  Value.status, Value.note)


@dataclass(frozen=True, slots=True)
class _Reported:
    """What is stored for one indicator at one period (all None where nothing is)."""

    start: date
    actual: float | None
    target: Target | None
    provisional: bool
    note: str | None


def _number(value: Any) -> float | None:
    """A stored figure as a float; None for none (a NaN, should a database hand one back, is none too)."""
    if value is None:
        return None
    figure = float(value)
    return None if math.isnan(figure) else figure


def _target(low: Any, high: Any) -> Target | None:
    low_figure = _number(low)
    if low_figure is None:
        return None
    high_figure = _number(high)
    return Target(low_figure, low_figure if high_figure is None else high_figure)


def _reported(start: date, actual: Any, low: Any, high: Any, status: str | None, note: str | None) -> _Reported:
    return _Reported(start, _number(actual), _target(low, high), status == "provisional", note or None)


_POLARITIES = {polarity.value: polarity for polarity in Polarity}
_FREQUENCIES = {frequency.value: frequency for frequency in Frequency}


def _facts(row: Any) -> IndicatorFacts:
    """An indicator's facts from a row of _INDICATOR_COLUMNS."""
    return IndicatorFacts(
        id=row.id, code=row.code, slug=row.slug, title=row.title, directorate=row.directorate,
        service=row.service or None, unit=row.unit,
        polarity=_POLARITIES.get(row.polarity) or Polarity(row.polarity),  # a dict is quicker than the enum
        frequency=_FREQUENCIES.get(row.frequency) or Frequency(row.frequency), cumulative=bool(row.cumulative),
        partnership=bool(row.partnership),
        tolerance=Tolerance(float(row.tolerance), bool(row.tolerance_is_percent)))


def _indicator_statement() -> Select:
    return (select(*_INDICATOR_COLUMNS)
            .join(Directorate, Indicator.directorate_id == Directorate.id)
            .outerjoin(Service, Indicator.service_id == Service.id))


class Store:
    """Reads for the dashboard and the exports; writes go through the importer."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect to `url`, bringing its schema up to date."""
        engine = make_engine(url)
        upgrade(engine)
        return cls(engine)

    def _rows(self, statement: Any) -> Sequence[Any]:
        with self.engine.connect() as connection:
            return connection.execute(statement).all()

    # what there is -------------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        with self.engine.connect() as connection:
            return connection.execute(select(Indicator.id).limit(1)).first() is None

    def latest_period(self) -> Period | None:
        """The latest month in which any indicator has an actual: the default "as at" period."""
        # each indicator's last actual, found through the (indicator, period) index, rather than one pass
        # over every value: this runs for every page drawn
        last_actual = (select(func.max(Value.period_start))
                       .where(Value.indicator_id == Indicator.id, Value.actual.is_not(None))
                       .correlate(Indicator).scalar_subquery())
        rows = self._rows(select(Indicator.frequency, func.max(last_actual).label("start"))
                          .group_by(Indicator.frequency))
        ends = [Period.from_start(frequency, start).end for frequency, start in rows if start is not None]
        return Period.containing(Frequency.MONTHLY, max(ends)) if ends else None

    def months(self) -> list[Period]:
        """The months one can report "as at", newest first: from the first month with an actual to the latest."""
        latest = self.latest_period()
        if latest is None:
            return []
        with self.engine.connect() as connection:
            first = connection.execute(select(func.min(Value.period_start))
                                       .where(Value.actual.is_not(None))).scalar_one()  # one, as there is a latest
        month = Period.containing(Frequency.MONTHLY, first)
        return [Period(ordinal, Frequency.MONTHLY) for ordinal in range(latest.ordinal, month.ordinal - 1, -1)]

    def last_loaded(self) -> datetime | None:
        """When data was last loaded."""
        with self.engine.connect() as connection:
            return connection.execute(select(func.max(ImportBatch.loaded_at))).scalar()

    def data_version(self) -> str:
        """Changes whenever an import changes anything: cached pages carry it in their keys, so no worker
        serves a page drawn from older data."""
        with self.engine.connect() as connection:
            count, latest = connection.execute(
                select(func.count(ImportBatch.id), func.max(ImportBatch.loaded_at))).one()
        return f"{count}-{latest.isoformat() if latest else 'none'}"

    def is_demo(self) -> bool:
        """Whether the data is the demo council's (loaded by `python -m dashboard demo`)."""
        with self.engine.connect() as connection:
            return connection.execute(select(ImportBatch.id).where(ImportBatch.loaded_by == "demo").limit(1)) \
                .first() is not None

    def priorities(self) -> tuple[Link, ...]:
        """Every corporate priority, by name (as the navigation lists them)."""
        return tuple(Link(name, slug) for name, slug in
                     self._rows(select(Priority.name, Priority.slug).order_by(Priority.name)))

    def indicator(self, slug: str) -> IndicatorDetails | None:
        """One indicator's facts, definition and owner, with its themes and priorities; None for no such one."""
        with self.engine.connect() as connection:
            row = connection.execute(_indicator_statement().add_columns(Indicator.definition, Indicator.owner)
                                     .where(Indicator.slug == slug)).first()
            if row is None:
                return None
            themes = connection.execute(
                select(Theme.name).join(indicator_themes).where(indicator_themes.c.indicator_id == row.id)
                .order_by(Theme.name)).scalars().all()
            links = connection.execute(
                select(Priority.name, Priority.slug).join(priority_indicators)
                .where(priority_indicators.c.indicator_id == row.id).order_by(Priority.name)).all()
        return IndicatorDetails(facts=_facts(row), definition=row.definition or None, owner=row.owner or None,
                                themes=tuple(themes), priorities=tuple(Link(name, link) for name, link in links))

    # the scorecard ---------------------------------------------------------------------------------------

    def scorecard(self, period: Period | None = None, *, priority: str | None = None,
                  indicator: str | None = None) -> tuple[ScorecardRow, ...]:
        """One row per indicator, rated, by directorate then code: at `period` (each indicator's latest period
        of its own frequency ended by then, for indicators in use at that time), or at each indicator's latest
        actual. A row with no figure at `period` says how late its return is and what its latest figure showed.
        `priority` and `indicator` (slugs) narrow it to a basket or one indicator."""
        indicators = self._indicators(priority=priority, indicator=indicator)
        if not indicators:
            return ()
        ids = list(indicators)
        current = self._latest_values(ids) if period is None else self._values_at(period, ids)
        if not current:
            return ()
        figures = self._figures_at([(indicators[i], reported) for i, reported in current])
        late = self._late_returns([(indicators[i], figure) for i, figure in figures.items() if figure.actual is None])
        card = [ScorecardRow(indicators[i], figure, late.get(i)) for i, figure in figures.items()]
        return tuple(sorted(card, key=lambda row: (row.indicator.directorate, row.indicator.code)))

    def _figures_at(self, current: Sequence[tuple[IndicatorFacts, _Reported]]) -> dict[int, Figure]:
        """Each indicator's figure at its period, rated, with directions on the periods it is compared with."""
        rows = [(facts, Period.from_start(facts.frequency, reported.start), reported) for facts, reported in current]
        figures = _figures(rows, self._earlier_values(rows))
        return {facts.id: figure for (facts, _, _), figure in zip(rows, figures, strict=True)}

    def _late_returns(self, waiting: Sequence[tuple[IndicatorFacts, Figure]]) -> dict[int, LateReturn]:
        """For indicators with no figure at their period but an earlier one (at most LATE_LOOKS_BACK years
        before): how late, and the latest figure, rated as the scorecard would have rated it then."""
        if not waiting:
            return {}
        due = {facts.id: figure.period for facts, figure in waiting}
        found = self._rows(
            select(*_VALUE_COLUMNS)
            .where(Value.indicator_id.in_(list(due)), Value.actual.is_not(None),
                   Value.period_start >= date(min(p.start for p in due.values()).year - LATE_LOOKS_BACK, 4, 1),
                   Value.period_start < max(p.start for p in due.values()))
            .order_by(Value.indicator_id, Value.period_start))
        latest: dict[int, _Reported] = {}
        for indicator_id, start, *rest in found:  # oldest first, so the last kept is the latest before the one due
            if start < due[indicator_id].start:
                latest[indicator_id] = _reported(start, *rest)
        facts = {facts.id: facts for facts, _ in waiting}
        then = self._figures_at([(facts[i], reported) for i, reported in latest.items()])
        return {i: _late_return(due[i], last) for i, last in then.items()}

    def _indicators(self, *, priority: str | None = None, indicator: str | None = None,
                    ids: Iterable[int] | None = None) -> dict[int, IndicatorFacts]:
        statement = _indicator_statement()
        if priority is not None:
            statement = statement.join(priority_indicators).join(Priority).where(Priority.slug == priority)
        if indicator is not None:
            statement = statement.where(Indicator.slug == indicator)
        if ids is not None:
            statement = statement.where(Indicator.id.in_(list(ids)))
        return {row.id: _facts(row) for row in self._rows(statement)}

    def _latest_values(self, ids: list[int]) -> list[tuple[int, _Reported]]:
        latest = (select(func.max(Value.period_start))
                  .where(Value.indicator_id == Indicator.id, Value.actual.is_not(None))
                  .correlate(Indicator).scalar_subquery())
        rows = self._rows(select(*_VALUE_COLUMNS)
                          .join(Indicator, and_(Value.indicator_id == Indicator.id, Value.period_start == latest))
                          .where(Indicator.id.in_(ids)))
        return [(indicator_id, _reported(*rest)) for indicator_id, *rest in rows]

    def _values_at(self, period: Period, ids: list[int]) -> list[tuple[int, _Reported]]:
        """Each indicator's value at its own period ended by `period`, whether or not one was reported.
        An indicator is in use from its first period with a value (actual or target) to the end of the
        financial year of its last: a late return shows as No data, an indicator that has stopped drops out."""
        found = []
        for frequency in Frequency:
            own = Period.ending_by(frequency, period.end)
            start = own.start
            other = aliased(Value)
            before = (select(other.id).where(other.indicator_id == Indicator.id, other.period_start <= start)
                      .correlate(Indicator))
            after = (select(other.id).where(other.indicator_id == Indicator.id,
                                            other.period_start >= own.financial_year.start)
                     .correlate(Indicator))
            statement = (
                select(Indicator.id, *_VALUE_COLUMNS[2:])
                .outerjoin(Value, and_(Value.indicator_id == Indicator.id, Value.period_start == start))
                .where(Indicator.frequency == frequency.value, Indicator.id.in_(ids), exists(before), exists(after)))
            found += [(indicator_id, _reported(start, *rest)) for indicator_id, *rest in self._rows(statement)]
        return found

    def _earlier_values(self, rows: Sequence[tuple[IndicatorFacts, Period, _Reported]]) -> _Earlier:
        """The values at the periods these figures are compared with (the previous one, a year earlier)."""
        if not rows:
            return _Earlier.of([])
        starts = sorted({then.start for _, at, _ in rows for then in (at.previous, at.same_period_last_year)})
        return _Earlier.of(self._rows(
            select(Value.indicator_id, _MONTH, Value.actual, Value.target_low, Value.target_high)
            .where(Value.indicator_id.in_({facts.id for facts, _, _ in rows}), Value.period_start.in_(starts))))

    # an indicator through time -------------------------------------------------------------------------

    def indicator_history(self, slug: str) -> tuple[Figure, ...]:
        """Every period of one indicator, oldest first, rated, with its direction of travel at each point."""
        indicators = self._indicators(indicator=slug)
        if not indicators:
            return ()
        return self._histories(indicators, Value.indicator_id.in_(list(indicators))).get(next(iter(indicators)), ())

    def histories(self, indicator_ids: Sequence[int], first: date, last: date) -> dict[int, tuple[Figure, ...]]:
        """Several indicators' figures between two dates, oldest first, rated (for small multiples): one query.
        Every indicator asked for has an entry (empty when it has no figure then)."""
        if not indicator_ids:
            return {}
        found = self._histories(self._indicators(ids=indicator_ids),
                                and_(Value.indicator_id.in_(list(indicator_ids)), Value.period_start >= first,
                                     Value.period_start <= last))
        return {i: found.get(i, ()) for i in indicator_ids}

    def series(self, indicator_ids: Sequence[int], up_to: Period) -> Series:
        """Several indicators' whole series, every value whose period has ended by the month `up_to`, as columns
        rated over whole columns (no typed figure per value: Series.figures builds those asked for): one query."""
        with self.engine.connect() as connection:  # the driver's rows: SQLAlchemy's processing of each is not needed
            rows = connection.execute(
                select(*_SERIES_COLUMNS)
                .where(Value.indicator_id.in_(list(indicator_ids)), Value.period_start <= up_to.start)
                .order_by(Value.indicator_id, Value.period_start)).cursor.fetchall()
        return Series.of(self._indicators(ids=indicator_ids) if indicator_ids else {}, rows, up_to)

    def _histories(self, indicators: Mapping[int, IndicatorFacts], where: Any) -> dict[int, tuple[Figure, ...]]:
        """The figures of the values chosen by `where`, rated; directions compare within those values alone."""
        rows = self._rows(select(*_VALUE_COLUMNS).where(where).order_by(Value.indicator_id, Value.period_start))
        current = [(indicators[i], Period.from_start(indicators[i].frequency, start), _reported(start, *rest))
                   for i, start, *rest in rows]
        earlier = _Earlier.of([(i, _month_number(start), actual, low, high)
                               for i, start, actual, low, high, *_ in rows])
        found: dict[int, list[Figure]] = {}
        for (facts, _, _), figure in zip(current, _figures(current, earlier), strict=True):
            found.setdefault(facts.id, []).append(figure)
        return {i: tuple(figures) for i, figures in found.items()}

    # priorities ----------------------------------------------------------------------------------------------

    def priority_rollups(self, period: Period | None = None, *,
                         priority: str | None = None) -> tuple[PriorityRollUp, ...]:
        """Each priority's basket summed up by the rules' roll-up, by name; `priority` (a slug) alone."""
        return self._roll_ups(self.scorecard(period, priority=priority), priority)

    def _roll_ups(self, card: Sequence[ScorecardRow], priority: str | None) -> tuple[PriorityRollUp, ...]:
        """The roll-ups from a scorecard that holds (at least) every basket's members."""
        statement = (select(Priority.id, Priority.name, Priority.slug, priority_indicators.c.indicator_id)
                     .outerjoin(priority_indicators))
        if priority is not None:
            statement = statement.where(Priority.slug == priority)
        by_id = {row.indicator.id: position for position, row in enumerate(card)}
        baskets: dict[int, Link] = {}
        member_of, members = [], []
        for priority_id, name, slug, indicator_id in self._rows(statement):
            baskets.setdefault(priority_id, Link(name, slug))
            if indicator_id in by_id:  # basket members not reported at this period are left out
                member_of.append(priority_id)
                members.append(by_id[indicator_id])
        ratings, long_term, late = _card_columns(card)
        chosen = np.array(members, dtype=np.intp)
        sums = vectorised.roll_ups(pd.DataFrame({"priority": np.array(member_of, dtype=np.int64),
                                                 "rating": ratings[chosen], "long_term": long_term[chosen]}),
                                   "priority")
        lates = pd.Series(late[chosen]).groupby(np.array(member_of, dtype=np.int64)).sum()
        found = [PriorityRollUp(link, sums.get(priority_id) or rules.roll_up([], []),
                                int(lates.get(priority_id, 0)))
                 for priority_id, link in baskets.items()]
        return tuple(sorted(found, key=lambda found: found.priority.name))

    # actions ------------------------------------------------------------------------------------------

    def actions(self, as_of: date, *, priority: str | None = None,
                indicator: str | None = None) -> tuple[ActionProgress, ...]:
        """Actions by due date then ref, with their progress and status as at a date (progress as last
        reported by then); `priority` and `indicator` (slugs) narrow them to those serving one."""
        reported = (select(ActionUpdate.action_id, func.max(ActionUpdate.as_of).label("reported_on"))
                    .where(ActionUpdate.as_of <= as_of).group_by(ActionUpdate.action_id).subquery())
        report = aliased(ActionUpdate)
        statement = (
            select(Action.id, Action.ref, Action.title, Action.kind, Directorate.name.label("directorate"),
                   Priority.name.label("priority"), Priority.slug.label("priority_slug"), Action.owner,
                   Action.start, Action.due, report.progress, report.completed, report.note,
                   reported.c.reported_on)
            .join(Directorate, Action.directorate_id == Directorate.id)
            .outerjoin(Priority, Action.priority_id == Priority.id)
            .outerjoin(reported, reported.c.action_id == Action.id)
            .outerjoin(report, and_(report.action_id == Action.id, report.as_of == reported.c.reported_on))
            .order_by(Action.due, Action.ref))
        if priority is not None:
            statement = statement.where(Priority.slug == priority)
        if indicator is not None:
            statement = statement.where(Action.id.in_(
                select(action_indicators.c.action_id).join(Indicator).where(Indicator.slug == indicator)))
        rows = self._rows(statement)
        links = self._rows(select(action_indicators.c.action_id, Indicator.code, Indicator.slug).join(Indicator)
                           .where(action_indicators.c.action_id.in_([row.id for row in rows])))
        linked: dict[int, list[tuple[str, str]]] = {}
        for action_id, code, slug in links:
            linked.setdefault(action_id, []).append((code, slug))
        return tuple(_action(row, as_of, sorted(linked.get(row.id, []))) for row in rows)

    # under-performance -----------------------------------------------------------------------------------

    def exceptions(self, period: Period) -> tuple[UnderPerformer, ...]:
        """Under-performing indicators at `period`, most pressing first, with their reasons and open remedial
        actions (docs/rules.md#under-performance)."""
        card = self.scorecard(period)
        return self._under_performers(period, card, self.actions(period.end)) if card else ()

    def _under_performers(self, period: Period, card: Sequence[ScorecardRow],
                          actions: Sequence[ActionProgress]) -> tuple[UnderPerformer, ...]:
        """The exceptions from the scorecard at `period` and the actions as at its end: every row's missed run,
        forecast and reasons worked out over whole columns (data/vectorised.py), typed values built at the end."""
        if not card:
            return ()
        # a late return is judged at its latest figure
        judged = _Judged.of(card)
        values = self._missed_run_values(period, card, judged)
        runs = _missed_runs(values, judged)
        forecasts, misses = _forecasts(values, judged)
        shown = [row.shown for row in card]
        flags = vectorised.under_performance([figure.rating for figure in shown],
                                             np.array([figure.short_term for figure in shown], dtype=object),
                                             np.array([figure.long_term for figure in shown], dtype=object),
                                             runs.periods, misses)
        open_remedial = self._open_remedial_actions(period.end, actions)
        found = [UnderPerformer(row=row, reasons=tuple(reasons), periods_missed=int(periods),
                                forecast=None if math.isnan(forecast) else float(forecast),
                                remedial_actions=tuple(open_remedial.get(row.indicator.id, [])))
                 for row, reasons, periods, forecast
                 in zip(card, vectorised.reasons(flags), runs.periods, forecasts, strict=True) if reasons]
        return _most_pressing_first(found)

    def _missed_run_values(self, period: Period, card: Sequence[ScorecardRow], judged: _Judged) -> _Columns:
        """Each indicator's values this financial year (to its end, for the targets forecasts aim at), and for
        those whose run of missed targets goes back beyond it, up to two years further."""
        earliest = _month_date(int(judged.year_start.min()))
        ids = [row.indicator.id for row in card]
        values = self._value_columns(ids, ids, earliest, period.financial_year.end)
        longer = np.flatnonzero(~_missed_runs(values, judged).ended)
        if len(longer):
            older = self._value_columns(ids, [ids[i] for i in longer], date(earliest.year - 2, 4, 1),
                                        earliest - timedelta(days=1))
            values = older.then(values)
        return values

    def _value_columns(self, card_ids: list[int], ids: list[int], first: date, last: date) -> _Columns:
        """The values of indicators `ids` between two dates as columns, each row placed by its indicator's
        position in `card_ids`."""
        rows = self._rows(
            select(Value.indicator_id, _MONTH, Value.actual, Value.target_low, Value.target_high)
            .where(Value.indicator_id.in_(ids), Value.period_start >= first, Value.period_start <= last)
            .order_by(Value.indicator_id, Value.period_start))
        indicator, month, actual, low, high = zip(*rows, strict=True) if rows else ((), (), (), (), ())
        return _Columns(row=np.asarray(pd.Index(card_ids).get_indexer(pd.Index(indicator)), dtype=np.intp),
                        month=np.array(month, dtype=np.int64), actual=np.array(actual, dtype=np.float64),
                        low=np.array(low, dtype=np.float64), high=np.array(high, dtype=np.float64))

    def _open_remedial_actions(self, as_of: date, actions: Sequence[ActionProgress]) -> dict[int, list[str]]:
        """Refs of the open remedial actions linked to each indicator, sorted."""
        open_refs = {action.ref for action in actions
                     if action.kind is ActionKind.REMEDIAL and action.status.is_open}
        links = self._rows(select(action_indicators.c.indicator_id, Action.ref).join(Action)
                           .where(Action.kind == ActionKind.REMEDIAL.value, Action.start <= as_of))
        found: dict[int, list[str]] = {}
        for indicator_id, ref in links:
            if ref in open_refs:
                found.setdefault(indicator_id, []).append(ref)
        return {k: sorted(v) for k, v in found.items()}

    # the pages, one question each --------------------------------------------------------------------------

    def overview(self, period: Period) -> Overview:
        """Everything the cabinet overview shows at `period`: the scorecard is read once and shared."""
        card = self.scorecard(period)
        actions = self.actions(period.end)
        recent = tuple(action for action in actions if action.status is ActionStatus.COMPLETE
                       and action.completed is not None and period.end - RECENT < action.completed <= period.end)
        return Overview(period=period, card=card, priorities=self._roll_ups(card, None), council=_roll_up(card),
                        late=sum(row.late is not None for row in card),
                        under_performing=self._under_performers(period, card, actions), recently_completed=recent)

    def priority_page(self, slug: str, period: Period, *, draw: int, years: int = 3) -> PriorityPage | None:
        """Everything a priority's page shows at `period`, with the `draw` most pressing of its basket and their
        last `years` years of figures; None for no such priority."""
        card = self.scorecard(period, priority=slug)
        found = self._roll_ups(card, slug)
        if not found:
            return None
        drawn = _to_draw(card, draw)
        first = date(period.end.year - years, period.end.month, 1)
        return PriorityPage(period=period, roll_up=found[0], card=card, drawn=drawn,
                            histories=self.histories([row.indicator.id for row in drawn], first, period.end),
                            actions=self.actions(period.end, priority=slug))

    def indicator_page(self, slug: str, period: Period) -> IndicatorPage | None:
        """Everything an indicator's page shows as at `period` (figures for later periods are not shown);
        None for no such indicator."""
        details = self.indicator(slug)
        if details is None:
            return None
        history = tuple(figure if figure.period.end <= period.end else _under_way(figure, details.facts)
                        for figure in self.indicator_history(slug) if figure.period.start <= period.end)
        row = self.scorecard(period, indicator=slug)  # says whether the period's return is late
        return IndicatorPage(period=period, details=details, history=history, late=row[0].late if row else None,
                             actions=self.actions(period.end, indicator=slug))

    # The scrutiny views live in their own modules (data/grid.py, data/scrutiny.py); the pages ask the store.

    def grid(self, period: Period, filters: GridFilters = NO_FILTERS) -> Grid:
        """The RAG status grid as at `period`, narrowed by `filters` (data/grid.py)."""
        from data.grid import grid

        return grid(self, period, filters)

    def themes(self, period: Period) -> tuple[ThemeSummary, ...]:
        """Every theme rolled up at `period` (data/scrutiny.py)."""
        from data.scrutiny import themes

        return themes(self, period)

    def theme_page(self, slug: str, period: Period, filters: GridFilters = NO_FILTERS) -> ThemePage | None:
        """A theme's page at `period`, or None for an unknown theme (data/scrutiny.py)."""
        from data.scrutiny import theme_page

        return theme_page(self, slug, period, filters)

    def drill_down(self, period: Period, directorate: str | None = None, service: str | None = None,
                   filters: GridFilters = NO_FILTERS) -> DrillDown | None:
        """The council, a directorate or a service at `period`; None when not found (data/scrutiny.py)."""
        from data.scrutiny import drill_down

        return drill_down(self, period, directorate, service, filters)

    # --- under: the under-performance list ---

    def under_performance(self, period: Period, filters: UnderPerformanceFilters | None = None
                          ) -> UnderPerformanceList:
        """Every indicator under-performing at `period`, narrowed by `filters` (data/underperformance.py)."""
        from data.underperformance import NO_FILTERS, under_performance

        return under_performance(self, period, filters or NO_FILTERS)

    # --- actions: the action tracker and the action page (data/tracker.py) ---

    def tracker(self, period: Period, filters: ActionFilters | None = None) -> Tracker:
        """Every action as at `period` the filters let through, most in need of chasing first (data/tracker.py)."""
        from data.tracker import tracker

        return tracker(self, period, filters or ActionFilters())

    def action_page(self, slug: str, period: Period) -> ActionPage | None:
        """One action's page as at `period`, or None for a slug no action's ref makes (data/tracker.py)."""
        from data.tracker import action_page

        return action_page(self, slug, period)

    # --- thread ---

    def golden_thread(self, period: Period, *, priority: str | None = None, directorate: str | None = None,
                      card: Sequence[ScorecardRow] | None = None) -> GoldenThread | None:
        """The golden thread of a priority, a directorate or (neither) the council at `period` (`card`: its
        scorecard, when already read); None for an unknown slug (data/thread.py)."""
        from data.thread import golden_thread

        return golden_thread(self, period, priority=priority, directorate=directorate, card=card)

    # --- assess: the strategic assessment and what went well (data/assessment.py) ---

    def assessment(self, period: Period) -> Assessment:
        """The strategic assessment for the quarter holding the month `period` (data/assessment.py)."""
        from data.assessment import assessment

        return assessment(self, period)

    def went_well(self, period: Period, directorate: str | None = None) -> WentWell:
        """What went well in the quarter holding `period`, the council's or a directorate's (its slug)."""
        from data.assessment import went_well

        return went_well(self, period, directorate)


def _to_draw(card: Iterable[ScorecardRow], limit: int) -> tuple[ScorecardRow, ...]:
    """The `limit` most pressing rows of a scorecard, in the order a basket is drawn: by rating (DRAWING_ORDER;
    a late return by its last known one), those worsening on the period's own figure first, then by code."""
    def order(row: ScorecardRow) -> tuple[int, bool, str]:
        rating = row.shown_rating
        worsening = Direction.WORSENING in (row.figure.short_term, row.figure.long_term)
        severity = DRAWING_ORDER.index(rating) if rating in DRAWING_ORDER else len(DRAWING_ORDER)
        return severity, not worsening, row.indicator.code

    return tuple(sorted(card, key=order)[:limit])


def _most_pressing_first(found: Iterable[UnderPerformer]) -> tuple[UnderPerformer, ...]:
    """Under-performers with no remedial action first, then Red before Amber before the rest (a late return by
    its last known rating), then the longest runs missed; otherwise in the scorecard's order."""
    def order(under: UnderPerformer) -> tuple[bool, int, int]:
        rating = under.row.shown_rating
        return not under.unmanaged, PRESSING.index(rating) if rating in PRESSING else len(PRESSING), \
            -under.periods_missed

    return tuple(sorted(found, key=order))


_RATING_CODES = {rating: position for position, rating in enumerate(Rating)}
_DIRECTION_CODES: dict[Direction | None, int] = {
    **{direction: position for position, direction in enumerate(Direction)}, None: vectorised.ABSENT}


def _card_columns(card: Sequence[ScorecardRow]) -> tuple[vectorised.Codes, vectorised.Codes, vectorised.Flags]:
    """A scorecard's figures' ratings and long-term directions as positions (vectorised.rating_codes' and
    direction_codes'), and which returns are late: what roll-ups sum."""
    return (np.array([_RATING_CODES[row.figure.rating] for row in card], dtype=np.intp),
            np.array([_DIRECTION_CODES[row.figure.long_term] for row in card], dtype=np.intp),
            np.array([row.late is not None for row in card], dtype=bool))


def _roll_up(rows: Sequence[ScorecardRow]) -> rules.RollUp:
    """Rows summed up by the rules' roll-up, each at the period's own figure."""
    if not rows:
        return rules.roll_up([], [])
    ratings, long_term, _ = _card_columns(rows)
    return vectorised.roll_up(ratings, long_term)


def _late_return(due: Period, last: Figure) -> LateReturn:
    behind = (due.ordinal - last.period.ordinal) // due.frequency.months
    word = _PERIOD_WORDS[due.frequency] + ("s" if behind != 1 else "")
    return LateReturn(periods=behind, last=last,
                      text=f"Return for {due.label} is {behind} {word} late; latest figure {last.period.label}")


def _action(row: Any, as_of: date, links: list[tuple[str, str]]) -> ActionProgress:
    """An action as at a date, from a row of Store.actions' query."""
    progress = _number(row.progress) or 0.0
    status = rules.action_status(as_of, row.start, row.due, progress, row.completed)
    return ActionProgress(
        ref=row.ref, title=row.title, kind=ActionKind(row.kind), directorate=row.directorate,
        priority=Link(row.priority, row.priority_slug) if row.priority is not None else None,
        owner=row.owner or None, start=row.start, due=row.due, progress=progress, completed=row.completed,
        note=row.note or None, reported_on=row.reported_on, indicators=tuple(Link(*link) for link in links),
        status=status, status_text=rules.explain_action_status(status, as_of, row.start, row.due, progress))


def _figures(rows: Sequence[tuple[IndicatorFacts, Period, _Reported]], earlier: _Earlier) -> list[Figure]:
    """Periods' figures rated, with directions of travel on the `earlier` values (the previous period's, a year
    earlier's; a band is taken from the later period's target, else the earlier one's): every rule over whole
    columns, the typed values built at the end."""
    if not rows:
        return []
    rule = _Rules.of([facts for facts, _, _ in rows])
    ids = np.array([facts.id for facts, _, _ in rows], dtype=np.int64)
    month = np.array([at.ordinal for _, at, _ in rows], dtype=np.int64) + _ORDINAL_TO_MONTH
    months = np.array([at.frequency.months for _, at, _ in rows], dtype=np.int64)
    now = _reported_columns([reported for _, _, reported in rows])
    before, year_ago = earlier.at(ids, month - months), earlier.at(ids, month - 12)
    short = np.where(rule.cumulative, vectorised.ABSENT, rule.directions(before, now))
    return [_figure(row, _RATINGS[rating], _RATINGS[previous], _DIRECTIONS[short_term], _DIRECTIONS[long_term],
                    _number(then))
            for row, rating, previous, short_term, long_term, then
            in zip(rows, rule.ratings(*now).tolist(), rule.ratings(*before).tolist(), short.tolist(),
                   rule.directions(year_ago, now).tolist(), year_ago[0].tolist(), strict=True)]


def _under_way(figure: Figure, facts: IndicatorFacts) -> Figure:
    """A period still under way at the month asked: its target is set, its figure not yet known (a year's figure
    is reported after March, so in June it is not shown)."""
    return replace(figure, actual=None, provisional=False, note=None, rating=Rating.NO_DATA,
                   rating_text=rules.explain_rating(Rating.NO_DATA, None, figure.target, facts.polarity,
                                                    facts.tolerance, facts.unit),
                   short_term=None, long_term=None, improvement=None)


def _reported_columns(reported: Sequence[_Reported]
                      ) -> tuple[vectorised.Floats, vectorised.Floats, vectorised.Floats]:
    """Values' (actual, target low, target high) as columns, NaN for none."""
    targets = [_bounds(value.target) for value in reported]
    return (np.array([value.actual for value in reported], dtype=np.float64),
            np.array([low for low, _ in targets], dtype=np.float64),
            np.array([high for _, high in targets], dtype=np.float64))


def _figure(row: tuple[IndicatorFacts, Period, _Reported], rating: Rating, previous: Rating,
            short_term: Direction | None, long_term: Direction | None, year_ago: float | None) -> Figure:
    """One period's figure from what the rules said of it; `year_ago` is the actual a year earlier."""
    facts, at, reported = row
    return Figure(period=at, actual=reported.actual, target=reported.target, provisional=reported.provisional,
                  note=reported.note, rating=rating,
                  rating_text=rules.explain_rating(rating, reported.actual, reported.target, facts.polarity,
                                                   facts.tolerance, facts.unit),
                  short_term=short_term, long_term=long_term, previous_rating=previous,
                  improvement=_improvement(year_ago, reported.actual, facts.polarity))


def _bounds(target: Target | None) -> tuple[float | None, float | None]:
    return (None, None) if target is None else (target.low, target.high)


def _improvement(year_ago: float | None, actual: float | None, polarity: Polarity) -> float | None:
    """Change on a year earlier as a share of the earlier figure, positive when better (one-way indicators)."""
    if year_ago is None or actual is None or not year_ago or polarity not in (Polarity.HIGHER, Polarity.LOWER):
        return None
    change = (actual - year_ago) / abs(year_ago)
    return change if polarity == Polarity.HIGHER else -change


# the rules over whole columns: figures, runs of missed targets, forecasts ---------------------------------------

Months = npt.NDArray[np.int64]


def _month_number(day: date) -> int:
    """A date's month as a number (calendar months since year 0): cheap to compare and subtract."""
    return day.year * 12 + day.month - 1


def _month_numbers(days: Sequence[date]) -> Months:
    return np.fromiter((_month_number(day) for day in days), dtype=np.int64, count=len(days))


def _month_date(number: int) -> date:
    """The first day of a month number's month."""
    return date(number // 12, number % 12 + 1, 1)


# A period's ordinal (months since April 0000) plus this is its first month's number.
_ORDINAL_TO_MONTH = 3
# A value's period as a month number, worked out by the database (no date read back per row).
_MONTH = cast(extract("year", Value.period_start) * 12 + extract("month", Value.period_start) - 1, Integer)
_RATINGS = list(Rating)
_POLARITY_CODES = {polarity: position for position, polarity in enumerate(Polarity)}
_DIRECTIONS: list[Direction | None] = [*Direction, None]  # ABSENT (-1) is the last


@dataclass(frozen=True, slots=True)
class _Earlier:
    """Values to compare with as columns, looked up by (indicator id, month number); a NaN row last stands for
    a period with no value (get_indexer's -1)."""

    keys: pd.Index
    actual: vectorised.Floats
    low: vectorised.Floats
    high: vectorised.Floats

    @classmethod
    def of(cls, rows: Sequence[Any]) -> _Earlier:
        """From (indicator id, month number, actual, low, high) rows, None for none."""
        ids, months, actual, low, high = zip(*rows, strict=True) if rows else ((), (), (), (), ())
        return cls(pd.Index(_keys(np.array(ids, dtype=np.int64), np.array(months, dtype=np.int64))),
                   *(np.array([*column, None], dtype=np.float64) for column in (actual, low, high)))

    def at(self, ids: Months, months: Months) -> tuple[vectorised.Floats, vectorised.Floats, vectorised.Floats]:
        """The (actual, low, high) at each (indicator id, month number): NaN where there is no value."""
        found = self.keys.get_indexer(pd.Index(_keys(ids, months)))
        return self.actual[found], self.low[found], self.high[found]


def _keys(ids: Months, months: Months) -> Months:
    return ids * (1 << 24) + months


_SERIES_COLUMNS = (Value.indicator_id, _MONTH, Value.actual, Value.target_low, Value.target_high, Value.status,
                   Value.note)


@dataclass(frozen=True, slots=True)
class Series:
    """Indicators' stored values as columns, oldest first within each indicator (its rows are `bounds[id]`, a
    start and a stop): the period's ordinal and length in months, the actual and target (NaN for none), whether
    provisional, the note, and the rating as a position in Rating. For pages that judge whole series (the
    strategic assessment)."""

    facts: Mapping[int, IndicatorFacts]
    bounds: Mapping[int, tuple[int, int]]
    indicator: Months
    ordinal: Months
    months: Months  # the length of the period
    actual: vectorised.Floats
    low: vectorised.Floats
    high: vectorised.Floats
    provisional: vectorised.Flags
    note: Sequence[str | None]
    rating: vectorised.Codes

    @classmethod
    def of(cls, facts: Mapping[int, IndicatorFacts], rows: Sequence[Any], up_to: Period) -> Series:
        """From rows of _SERIES_COLUMNS ordered by indicator and period, keeping the periods ended by `up_to` (a
        quarter or year still under way has no figure yet)."""
        ids, month, actual, low, high, status, note = zip(*rows, strict=True) if rows else ((),) * 7
        indicator, ordinal = np.array(ids, dtype=np.int64), np.array(month, dtype=np.int64) - _ORDINAL_TO_MONTH
        known = pd.Index(list(facts))
        rule = _Rules.of(list(facts.values()))
        row = np.asarray(known.get_indexer(pd.Index(indicator)), dtype=np.intp)
        months = np.array([facts[i].frequency.months for i in known], dtype=np.int64)[row]
        keep = ordinal + months - 1 <= up_to.ordinal
        indicator, ordinal, row = indicator[keep], ordinal[keep], row[keep]
        columns = [np.array(column, dtype=np.float64)[keep] for column in (actual, low, high)]
        present, first, count = np.unique(indicator, return_index=True, return_counts=True)
        return cls(facts=facts, bounds={int(i): (int(start), int(start + n))
                                        for i, start, n in zip(present, first, count, strict=True)},
                   indicator=indicator, ordinal=ordinal, months=months[keep], actual=columns[0], low=columns[1],
                   high=columns[2],
                   provisional=(np.array(status, dtype=object) == "provisional")[keep],
                   note=[text or None for text, kept in zip(note, keep, strict=True) if kept],
                   rating=rule.ratings(columns[0], columns[1], columns[2], row))

    def rows(self, indicator_id: int) -> range:
        """The positions of an indicator's values, oldest first (none for an indicator with no value)."""
        return range(*self.bounds.get(indicator_id, (0, 0)))

    def period(self, at: int) -> Period:
        return Period(int(self.ordinal[at]), self.facts[int(self.indicator[at])].frequency)

    def actual_at(self, at: int) -> float | None:
        return _number(self.actual[at])

    def target_at(self, at: int) -> Target | None:
        return _target(self.low[at], self.high[at])

    def actuals(self, indicator_id: int) -> list[float | None]:
        """An indicator's actuals, oldest first, None for none."""
        return [_number(x) for x in self.actual[slice(*self.bounds.get(indicator_id, (0, 0)))].tolist()]

    def ratings(self, indicator_id: int) -> list[Rating]:
        return [_RATINGS[code] for code in self.rating[slice(*self.bounds.get(indicator_id, (0, 0)))].tolist()]

    def latest(self, indicator_id: int) -> int | None:
        """The position of an indicator's latest value with an actual, None when none has one."""
        return next((at for at in reversed(self.rows(indicator_id)) if not math.isnan(self.actual[at])), None)

    def at_period(self, indicator_id: int, ordinal: int) -> int | None:
        """The position of an indicator's value at the period with this ordinal, None when there is none."""
        rows = self.rows(indicator_id)
        at = rows.start + int(np.searchsorted(self.ordinal[rows.start:rows.stop], ordinal))
        return at if at < rows.stop and self.ordinal[at] == ordinal else None

    def figures(self, positions: Sequence[int]) -> list[Figure]:
        """The typed figures at these positions, as Store.histories gives them over the same values (directions
        of travel on the earlier values held here)."""
        months = self.ordinal + _ORDINAL_TO_MONTH
        earlier = _Earlier(pd.Index(_keys(self.indicator, months)),
                           *(np.r_[column, np.nan] for column in (self.actual, self.low, self.high)))
        rows = []
        for at in positions:
            facts, period = self.facts[int(self.indicator[at])], self.period(at)
            rows.append((facts, period, _Reported(period.start, self.actual_at(at), self.target_at(at),
                                                  bool(self.provisional[at]), self.note[at])))
        return _figures(rows, earlier)


@dataclass(frozen=True, slots=True)
class _Rules:
    """Each row's indicator's rule as columns: polarity (positions in Polarity), tolerance and cumulation."""

    polarity: vectorised.Codes
    amount: vectorised.Floats
    percent: vectorised.Flags
    cumulative: vectorised.Flags

    @classmethod
    def of(cls, facts: Sequence[IndicatorFacts]) -> _Rules:
        return cls(polarity=np.array([_POLARITY_CODES[f.polarity] for f in facts], dtype=np.intp),
                   amount=np.array([f.tolerance.amount for f in facts], dtype=np.float64),
                   percent=np.array([f.tolerance.percent for f in facts], dtype=bool),
                   cumulative=np.array([f.cumulative for f in facts], dtype=bool))

    def ratings(self, actual: vectorised.Floats, low: vectorised.Floats, high: vectorised.Floats,
                row: vectorised.Codes | slice = slice(None)) -> vectorised.Codes:
        """Figures rated by the rule of the row each belongs to, as positions in Rating."""
        return vectorised.rating_codes(actual, low, high, self.polarity[row], self.amount[row], self.percent[row])

    def directions(self, earlier: tuple[vectorised.Floats, ...], later: tuple[vectorised.Floats, ...]
                   ) -> vectorised.Codes:
        """Directions of travel from earlier (actual, low, high) to later ones, as positions in Direction."""
        low, high = vectorised.later_or_earlier_target(later[1], later[2], earlier[1], earlier[2])
        return vectorised.direction_codes(earlier[0], later[0], self.polarity, low, high)


@dataclass(frozen=True, slots=True)
class _Columns:
    """Stored values as columns, oldest first within each indicator: the indicator's position in the scorecard,
    the period's month number, its actual and target (NaN for none)."""

    row: vectorised.Codes
    month: Months
    actual: vectorised.Floats
    low: vectorised.Floats
    high: vectorised.Floats

    def select(self, keep: vectorised.Flags) -> _Columns:
        return _Columns(self.row[keep], self.month[keep], self.actual[keep], self.low[keep], self.high[keep])

    def then(self, later: _Columns) -> _Columns:
        """These values followed by later ones, brought together by indicator (oldest first within each)."""
        order = np.argsort(np.r_[self.row, later.row], kind="stable")
        return _Columns(*(np.r_[mine, theirs][order] for mine, theirs in zip(
            (self.row, self.month, self.actual, self.low, self.high),
            (later.row, later.month, later.actual, later.low, later.high), strict=True)))


@dataclass(frozen=True, slots=True)
class _Judged:
    """What the rules need to judge each scorecard row, as columns in the scorecard's order: the period judged
    (its latest figure, for a late return) as month numbers, its frequency, and the indicator's rule."""

    month: Months
    year_start: Months
    months: Months  # the length of one of its periods
    rule: _Rules

    @classmethod
    def of(cls, card: Sequence[ScorecardRow]) -> _Judged:
        at = [row.shown.period for row in card]
        return cls(month=_month_numbers([period.start for period in at]),
                   year_start=_month_numbers([period.financial_year.start for period in at]),
                   months=np.array([period.frequency.months for period in at], dtype=np.int64),
                   rule=_Rules.of([row.indicator for row in card]))

    def ratings(self, values: _Columns) -> vectorised.Codes:
        """Each value rated by its indicator's rule, as positions in Rating."""
        return self.rule.ratings(values.actual, values.low, values.high, values.row)


@dataclass(frozen=True, slots=True)
class _Runs:
    """rules.missed_run of each scorecard row, as columns."""

    periods: vectorised.Codes
    ended: vectorised.Flags


def _missed_runs(values: _Columns, judged: _Judged) -> _Runs:
    """The run of missed targets of every row up to the period judged, from the values fetched: a period with
    no row has no figure (No data), and the values start at the oldest one fetched."""
    periods, ended = np.zeros(len(judged.month), dtype=np.intp), np.zeros(len(judged.month), dtype=bool)
    upto = values.select(values.month <= judged.month[values.row])
    if not len(upto.row):
        return _Runs(periods, ended)
    follows = np.r_[False, upto.row[1:] == upto.row[:-1]]
    apart = np.diff(upto.month, prepend=upto.month[:1]) // judged.months[upto.row] - 1
    slots = np.where(follows, np.maximum(apart, 0), 0) + 1  # the periods with no row before each row, and it
    sequence = np.full(int(slots.sum()), vectorised.NO_DATA, dtype=np.intp)
    sequence[np.cumsum(slots) - 1] = judged.ratings(upto)
    runs = vectorised.missed_run_by_indicator(sequence, np.repeat(upto.row, slots))
    rows = runs.index.to_numpy(dtype=np.intp)
    periods[rows], ended[rows] = runs["periods"].to_numpy(dtype=np.intp), runs["ended"].to_numpy(dtype=bool)
    return _Runs(periods, ended)


def _forecasts(values: _Columns, judged: _Judged) -> tuple[vectorised.Floats, vectorised.Flags]:
    """Every row's year-end forecast from its year's actuals up to the period judged (NaN where the rules make
    none: an annual indicator, a band or none polarity, too little to go on), and whether it misses the
    year-end target."""
    year_end = judged.year_start + 12 - judged.months
    year = values.select((values.month >= judged.year_start[values.row]) & (values.month <= year_end[values.row]))
    now, end = year.month == judged.month[year.row], year.month == year_end[year.row]
    target_now, end_low, end_high = (np.full(len(judged.month), np.nan) for _ in range(3))
    target_now[year.row[now]] = year.low[now]
    end_low[year.row[end]], end_high[year.row[end]] = year.low[end], year.high[end]
    points = year.select(year.month <= judged.month[year.row])
    number = (points.month % 12 - 3) % 12 // judged.months[points.row] + 1  # from April's
    forecast = vectorised.forecast_year_end(
        pd.DataFrame({"indicator": points.row, "number": number, "actual": points.actual}),
        pd.DataFrame({"per_year": 12 // judged.months, "cumulative": judged.rule.cumulative,
                      "target_now": target_now, "target_year_end": end_low})).to_numpy(dtype=np.float64)
    one_way = (judged.rule.polarity == vectorised.HIGHER) | (judged.rule.polarity == vectorised.LOWER)
    forecast = np.where(one_way & (judged.months < 12), forecast, np.nan)
    rating = judged.rule.ratings(forecast, end_low, end_high)
    return forecast, ~np.isnan(forecast) & ~np.isnan(end_low) & (rating != vectorised.GREEN)
