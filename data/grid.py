"""The RAG status grid: every indicator's rating over the recent quarters, narrowed by the filters.

Columns are the last GRID_QUARTERS financial quarters up to the "as at" month, oldest first: scrutiny committees
meet quarterly and the council reports quarterly, and eight quarters show two years' trend for monthly, quarterly
and annual indicators alike. A cell is the indicator's own latest period ending within its column, rated exactly
as the scorecard at that period rates it (docs/formats.md#grid-export)."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
from sqlalchemy import and_, func, or_, select

from data import rules, vectorised
from data.answers import (
    GRID_PAGE_ROWS,
    NO_FILTERS,
    Choices,
    Grid,
    GridCell,
    GridColumn,
    GridFilters,
    GridRow,
    IndicatorFacts,
    Link,
    ScorecardRow,
)
from data.filters import elsewhere_note, unknown_note
from data.models import Directorate, Indicator, Priority, Service, Theme, Value, indicator_themes, priority_indicators
from data.periods import Frequency, Period
from data.rules import Polarity, Rating

if TYPE_CHECKING:
    from data.store import Store

GRID_QUARTERS = 8  # two years of quarters: the trend a scrutiny committee reads, whatever the frequency
_RATINGS = list(Rating)
_POLARITY_CODES = {polarity: position for position, polarity in enumerate(Polarity)}


def grid(store: Store, period: Period, filters: GridFilters = NO_FILTERS) -> Grid:
    """The status grid as at `period` (a month; another period stands for its last month), narrowed by `filters`
    (all of them together); a slug that names nothing is dropped from the filters, with a note saying so."""
    as_at = Period.containing(Frequency.MONTHLY, period.end)
    columns = grid_columns(as_at)
    card = store.scorecard(as_at)
    known = _Known.of(store)
    used, notes = known.usable(filters)
    chosen = _narrowed(store, card, used, known)
    under = _under_performing(store, as_at, chosen)
    if used.underperforming:
        chosen = [row for row in chosen if row.indicator.id in under]
    chosen.sort(key=_grid_order)
    cells = _cells(store, columns, chosen)
    rows = tuple(GridRow(row=row, cells=cells[row.indicator.id], under_performing=row.indicator.id in under)
                 for row in chosen)
    counts = rules.roll_up([row.shown_rating for row in chosen], [row.shown.long_term for row in chosen])
    pages = max(1, -(-len(rows) // GRID_PAGE_ROWS))
    if used.page > pages:  # an old or edited link: the last page, said so (Grid.page_rows shows it)
        notes = (*notes, f"There {'is' if pages == 1 else 'are'} only {pages} page{'' if pages == 1 else 's'} "
                         f"of indicators: showing page {pages}.")
    return Grid(period=as_at, filters=used, columns=columns, rows=rows, counts=counts, total=len(card),
                choices=known.choices(used.directorate), notes=notes)


def grid_columns(as_at: Period) -> tuple[GridColumn, ...]:
    """The last GRID_QUARTERS quarters up to the month `as_at`, oldest first; the quarter under way ends at
    `as_at` and says so in its label ("Q3 2008/09 to Nov")."""
    quarter = Period.containing(Frequency.QUARTERLY, as_at.start)
    found = []
    for back in range(GRID_QUARTERS - 1, -1, -1):
        each = Period(quarter.ordinal - back * Frequency.QUARTERLY.months, Frequency.QUARTERLY)
        last = Period(each.ordinal + Frequency.QUARTERLY.months - 1, Frequency.MONTHLY)
        if last > as_at:  # the quarter under way
            found.append(GridColumn(f"{each.label} to {as_at.label.partition(' ')[0]}", as_at))
        else:
            found.append(GridColumn(each.label, last))
    return tuple(found)


def own_periods(columns: Sequence[GridColumn], frequency: Frequency) -> tuple[Period | None, ...]:
    """For each column, the latest period of `frequency` that ends within it (after the previous column's last
    month, up to its own), or None when none does: a quarterly indicator in the quarter under way, an annual
    one outside the quarter its year ends in."""
    found: list[Period | None] = []
    for position, column in enumerate(columns):
        before = columns[position - 1].last_month if position else \
            Period(column.last_month.ordinal - Frequency.QUARTERLY.months, Frequency.MONTHLY)
        own = Period.ending_by(frequency, column.last_month.end)
        found.append(own if own.end > before.end else None)
    return tuple(found)


# --- the filters ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Known:
    """What the slug filters can name at this council: (id, link) by slug, and each service's directorate."""

    themes: Mapping[str, tuple[int, Link]]
    directorates: Mapping[str, tuple[int, Link]]
    services: Mapping[str, tuple[int, Link]]
    priorities: Mapping[str, tuple[int, Link]]
    service_directorate: Mapping[str, int]  # service slug -> its directorate's id

    @classmethod
    def of(cls, store: Store) -> _Known:
        with store.engine.connect() as connection:
            def named(*columns: Any) -> dict[str, tuple[int, Link]]:
                return {slug: (i, Link(name, slug)) for i, name, slug in connection.execute(select(*columns))}

            services = connection.execute(select(Service.id, Service.name, Service.slug,
                                                 Service.directorate_id)).all()
            return cls(themes=named(Theme.id, Theme.name, Theme.slug),
                       directorates=named(Directorate.id, Directorate.name, Directorate.slug),
                       services={slug: (i, Link(name, slug)) for i, name, slug, _ in services},
                       priorities=named(Priority.id, Priority.name, Priority.slug),
                       service_directorate={slug: directorate for _, _, slug, directorate in services})

    def usable(self, filters: GridFilters) -> tuple[GridFilters, tuple[str, ...]]:
        """The filters with every slug that names nothing dropped, and a service of another directorate than the
        one filtered to, and a note for each."""
        dropped: dict[str, Any] = {}  # a slug filter set back to None
        notes: list[str] = []
        for name, known in (("theme", self.themes), ("directorate", self.directorates),
                            ("service", self.services), ("priority", self.priorities)):
            slug = getattr(filters, name)
            if slug is not None and slug not in known:
                dropped[name] = None
                notes.append(unknown_note(name, slug))
        used = replace(filters, **dropped)
        elsewhere = self.elsewhere(used)
        if elsewhere is not None:  # it would narrow the grid to nothing, unexplained
            return replace(used, service=None), (*notes, elsewhere)
        return used, tuple(notes)

    def elsewhere(self, filters: GridFilters) -> str | None:
        """The note for a service of another directorate than the one filtered to; None when there is none."""
        if filters.service is None or filters.directorate is None:
            return None
        wanted, its = self.directorates[filters.directorate], self.service_directorate[filters.service]
        if its == wanted[0]:
            return None
        name = next(link.name for i, link in self.directorates.values() if i == its)
        return elsewhere_note(filters.service, name, wanted[1].name)

    def choices(self, directorate: str | None) -> Choices:
        """Every theme, directorate and priority, and the services of `directorate` (all when None), by name."""
        wanted = self.directorates[directorate][0] if directorate is not None else None
        services = [link for slug, (_, link) in self.services.items()
                    if wanted is None or self.service_directorate[slug] == wanted]
        return Choices(themes=_by_name(link for _, link in self.themes.values()),
                       directorates=_by_name(link for _, link in self.directorates.values()),
                       services=_by_name(services),
                       priorities=_by_name(link for _, link in self.priorities.values()))


def _by_name(links: Iterable[Link]) -> tuple[Link, ...]:
    return tuple(sorted(links, key=lambda link: (link.name.casefold(), link.name, link.slug)))


def _narrowed(store: Store, card: Sequence[ScorecardRow], filters: GridFilters, known: _Known) -> list[ScorecardRow]:
    """The scorecard's rows that every filter but "under-performing only" lets through."""
    members = _members(store, filters, known)
    # spaces as the URL's search reads them (data/filters.py): runs of them as one, none at the ends
    needle = (" ".join(filters.search.split()).casefold() or None) if filters.search else None
    return [row for row in card
            if (members is None or row.indicator.id in members)
            and (filters.rating is None or row.shown_rating is filters.rating)
            and (filters.frequency is None or row.indicator.frequency is filters.frequency)
            and (not filters.partnership or row.indicator.partnership)
            and (needle is None or needle in row.indicator.code.casefold()
                 or needle in row.indicator.title.casefold())]


def _members(store: Store, filters: GridFilters, known: _Known) -> set[int] | None:
    """The ids of the indicators in the theme, directorate, service and priority filtered to (all of them);
    None when no such filter is set."""
    if not any((filters.theme, filters.directorate, filters.service, filters.priority)):
        return None
    statement = select(Indicator.id)
    if filters.directorate is not None:
        statement = statement.where(Indicator.directorate_id == known.directorates[filters.directorate][0])
    if filters.service is not None:
        statement = statement.where(Indicator.service_id == known.services[filters.service][0])
    if filters.theme is not None:
        statement = statement.where(Indicator.id.in_(
            select(indicator_themes.c.indicator_id)
            .where(indicator_themes.c.theme_id == known.themes[filters.theme][0])))
    if filters.priority is not None:
        statement = statement.where(Indicator.id.in_(
            select(priority_indicators.c.indicator_id)
            .where(priority_indicators.c.priority_id == known.priorities[filters.priority][0])))
    with store.engine.connect() as connection:
        return set(connection.execute(statement).scalars())


def _under_performing(store: Store, as_at: Period, card: Sequence[ScorecardRow]) -> set[int]:
    """The ids of the rows that store.exceptions(as_at) lists. Each row is judged on its own figures, so judging
    only these rows gives the same answer; which remedial actions are open does not decide whether it is listed."""
    if not card:
        return set()
    return {under.row.indicator.id for under in store._under_performers(as_at, card, ())}


def _grid_order(row: ScorecardRow) -> tuple[str, bool, str, str]:
    """By directorate, service (indicators without one after those with), then code."""
    facts = row.indicator
    return facts.directorate, facts.service is None, facts.service or "", facts.code


# --- the cells -----------------------------------------------------------------------------------------------

def _cells(store: Store, columns: Sequence[GridColumn], card: Sequence[ScorecardRow]
           ) -> dict[int, tuple[GridCell | None, ...]]:
    """Each row's cells: its own period in each column, rated by its rule over whole columns (as the scorecard
    rates it); a period before the indicator's first value is not due (None), as the scorecard leaves it out."""
    if not card:
        return {}
    own = {frequency: own_periods(columns, frequency) for frequency in Frequency}
    due = {frequency: [(position, at, at.start) for position, at in enumerate(periods) if at is not None]
           for frequency, periods in own.items()}
    wanted = [(row.indicator, position, at, (row.indicator.id, start))
              for row in card for position, at, start in due[row.indicator.frequency]]
    keys, figures = _values(store, card, own)
    first = _first_values(store, {key[0] for _, _, _, key in wanted if key not in keys})
    wanted = [cell for cell in wanted if cell[3] in keys or first.get(cell[3][0], date.max) <= cell[3][1]]
    # the row of each cell's value in `figures`; the last row (all NaN) for a period with no value
    found = np.array([keys.get(key, -1) for _, _, _, key in wanted], dtype=np.intp)
    actual = figures[0][found]
    codes = _ratings([facts for facts, _, _, _ in wanted], actual, figures[1][found], figures[2][found])
    cells: dict[int, list[GridCell | None]] = {row.indicator.id: [None] * len(columns) for row in card}
    for (indicator, position, at, _), code, figure in zip(wanted, codes.tolist(), actual.tolist(), strict=True):
        cells[indicator.id][position] = GridCell(period=at, rating=_RATINGS[code],
                                                 actual=None if math.isnan(figure) else figure)
    return {i: tuple(each) for i, each in cells.items()}


def _ratings(facts: Sequence[IndicatorFacts], actual: vectorised.Floats, low: vectorised.Floats,
             high: vectorised.Floats) -> vectorised.Codes:
    """Figures rated each by its indicator's rule, as positions in Rating (the scorecard's rule, over columns)."""
    return vectorised.rating_codes(actual, low, high,
                                   np.array([_POLARITY_CODES[f.polarity] for f in facts], dtype=np.intp),
                                   np.array([f.tolerance.amount for f in facts], dtype=np.float64),
                                   np.array([f.tolerance.percent for f in facts], dtype=bool))


def _values(store: Store, card: Sequence[ScorecardRow], own: Mapping[Frequency, Sequence[Period | None]]
            ) -> tuple[dict[tuple[int, date], int], vectorised.Floats]:
    """The stored values of the rows' own periods in the columns (only those are read): each one's position by
    (indicator id, period start), and the (actual, target low, target high) columns, NaN for none, with a row of
    NaN last for a period with no value."""
    wheres = []
    for frequency, periods in own.items():
        ids = [row.indicator.id for row in card if row.indicator.frequency is frequency]
        starts = sorted({at.start for at in periods if at is not None})
        if ids and starts:
            wheres.append(and_(Value.indicator_id.in_(ids), Value.period_start.in_(starts)))
    rows: Sequence[Any] = []
    if wheres:
        with store.engine.connect() as connection:
            rows = connection.execute(select(Value.indicator_id, Value.period_start, Value.actual, Value.target_low,
                                             Value.target_high).where(or_(*wheres))).all()
    keys = {(row[0], row[1]): position for position, row in enumerate(rows)}
    figures = np.array([*(row[2:] for row in rows), (None, None, None)], dtype=np.float64).T
    return keys, figures


def _first_values(store: Store, ids: set[int]) -> dict[int, date]:
    """Each indicator's first period with a value, through the (indicator, period) index."""
    if not ids:
        return {}
    first = (select(func.min(Value.period_start)).where(Value.indicator_id == Indicator.id)
             .correlate(Indicator).scalar_subquery())
    with store.engine.connect() as connection:
        return {i: start for i, start in connection.execute(select(Indicator.id, first)
                                                            .where(Indicator.id.in_(sorted(ids))))
                if start is not None}
