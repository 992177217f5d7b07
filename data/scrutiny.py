"""What scrutiny members see: themes with their questions, and the council -> directorate -> service drill-down.

Each view reads the scorecard once (through its grid, when nothing narrows the grid beyond the theme or level)
and sums it up by the rules' roll-up, exactly as the overview sums up the council and each priority's basket (a
late return counts as No data for the period, docs/rules.md#roll-ups): nothing is rated again."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from sqlalchemy import select

from data import rules
from data.answers import (
    NO_FILTERS,
    DrillDown,
    Grid,
    GridFilters,
    Level,
    Link,
    Part,
    ScorecardRow,
    ThemePage,
    ThemeSummary,
    UnderPerformer,
)
from data.models import Directorate, Indicator, Service, Theme, indicator_themes
from data.periods import Period
from data.questions import questions
from data.rules import Rating

if TYPE_CHECKING:
    from data.store import Store

COUNCIL = Link("All directorates", "")  # the top of every drill-down trail
# What the importer makes a slug of (data.importer.slugify, at most 200 long): anything else names nothing, and
# is not sent to the database (PostgreSQL refuses a NUL in a string rather than finding nothing).
SLUG = re.compile(r"[a-z0-9-]{1,200}")


def themes(store: Store, period: Period) -> tuple[ThemeSummary, ...]:
    """Every theme with its indicators rolled up at `period`, by name."""
    card = store.scorecard(period)
    under = _under_performing_ids(_exceptions(store, period, card))
    by_id = {row.indicator.id: row for row in card}
    found = []
    for theme, members in _theme_members(store).items():
        rows = [by_id[i] for i in members if i in by_id]  # members not in use at the period are left out
        found.append(ThemeSummary(theme=theme, roll_up=roll_up(rows), under_performing=_count(rows, under)))
    return tuple(found)


def theme_page(store: Store, slug: str, period: Period, filters: GridFilters = NO_FILTERS) -> ThemePage | None:
    """A theme's page at `period` (its grid narrowed further by `filters`, counting the theme's indicators as its
    whole), or None for an unknown slug."""
    found = _theme_members(store, slug) if SLUG.fullmatch(slug) else {}
    if not found:
        return None
    (theme, members), = found.items()
    grid = store.grid(period, replace(filters, theme=slug))
    judged = _judged(grid, GridFilters(theme=slug))
    card = _of(store.scorecard(period), members) if judged is None else judged[0]
    actions = store.actions(period.end)
    # linked to any of its indicators, those not on the scorecard at the period too (stopped, or not yet begun)
    slugs = set(members.values())
    linked = tuple(action for action in actions if any(link.slug in slugs for link in action.indicators))
    # each row is judged by itself (so only the theme's, or only those the grid found under-performing), and
    # kept in the store's order: the scorecard's, most pressing first
    under_performing = store._under_performers(
        period, card if judged is None else [row for row in card if row.indicator.id in judged[1]], actions)
    return ThemePage(theme=theme, roll_up=roll_up(card), grid=replace(grid, total=len(card)), actions=linked,
                     under_performing=under_performing, questions=questions(card, under_performing, linked))


def drill_down(store: Store, period: Period, directorate: str | None = None, service: str | None = None,
               filters: GridFilters = NO_FILTERS) -> DrillDown | None:
    """The council (no slugs), a directorate or one of its services at `period`; None for an unknown slug or
    a service of another directorate. Its grid counts the level's indicators as its whole ("12 of 14"), not the
    council's."""
    if not all(SLUG.fullmatch(slug) for slug in (directorate, service) if slug is not None):
        return None
    place = _place(_organisation(store), directorate, service)
    if place is None:
        return None
    grid = store.grid(period, replace(filters, directorate=directorate, service=service))
    judged = _judged(grid, GridFilters(directorate=directorate, service=service))
    if judged is None:
        rows = [row for row in store.scorecard(period) if place.holds(row)]
        under = _under_performing_ids(_exceptions(store, period, rows))  # each row is judged by itself
    else:
        rows, under = judged
    without_target = sorted((row.indicator.directorate, row.indicator.code, row.indicator.slug) for row in rows
                            if row.shown_rating is Rating.NO_TARGET)
    return DrillDown(level=place.level, name=place.name, trail=place.trail, roll_up=roll_up(rows),
                     without_target=tuple(Link(code, slug) for _, code, slug in without_target),
                     parts=tuple(_part(unit, rows, under) for unit in place.below),
                     grid=replace(grid, total=len(rows)))


def roll_up(rows: Sequence[ScorecardRow]) -> rules.RollUp:
    """Rows summed up by the rules' roll-up at the period's own figure, as the overview sums up the council."""
    return rules.roll_up([row.figure.rating for row in rows], [row.figure.long_term for row in rows])


# themes ---------------------------------------------------------------------------------------------------------


def _theme_members(store: Store, slug: str | None = None) -> dict[Link, dict[int, str]]:
    """Each theme (by name) with its indicators (id -> slug), in one query; `slug` for one theme alone."""
    statement = (select(Theme.name, Theme.slug, Indicator.id, Indicator.slug)
                 .outerjoin(indicator_themes, indicator_themes.c.theme_id == Theme.id)
                 .outerjoin(Indicator, Indicator.id == indicator_themes.c.indicator_id).order_by(Theme.name))
    if slug is not None:
        statement = statement.where(Theme.slug == slug)
    found: dict[Link, dict[int, str]] = {}
    for name, theme_slug, indicator_id, indicator_slug in store._rows(statement):
        members = found.setdefault(Link(name, theme_slug), {})
        if indicator_id is not None:
            members[indicator_id] = indicator_slug
    return found


# the organisation -------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Unit:
    """A directorate or service of the organisation, with the services beneath a directorate."""

    link: Link
    directorate: str  # its directorate's name (a directorate's own)
    service: str | None  # a service's name; None for a directorate
    below: tuple[_Unit, ...] = ()

    def holds(self, row: ScorecardRow) -> bool:
        facts = row.indicator
        return facts.directorate == self.directorate and (self.service is None or facts.service == self.service)


@dataclass(frozen=True, slots=True)
class _Place:
    """Where in the drill-down a page is: its level, name, the levels above and the units one level down."""

    level: Level
    name: str
    trail: tuple[Link, ...]
    below: tuple[_Unit, ...]
    unit: _Unit | None = None  # None for the council

    def holds(self, row: ScorecardRow) -> bool:
        return self.unit is None or self.unit.holds(row)


def _organisation(store: Store) -> tuple[_Unit, ...]:
    """Every directorate with its services, by name, in one query."""
    rows = store._rows(select(Directorate.name, Directorate.slug, Service.name, Service.slug)
                       .outerjoin(Service, Service.directorate_id == Directorate.id)
                       .order_by(Directorate.name, Service.name))
    services: dict[tuple[str, str], list[_Unit]] = {}
    for name, slug, service, service_slug in rows:
        below = services.setdefault((name, slug), [])
        if service is not None:
            below.append(_Unit(Link(service, service_slug), name, service))
    return tuple(_Unit(Link(name, slug), name, None, tuple(below)) for (name, slug), below in services.items())


def _place(directorates: Iterable[_Unit], directorate: str | None, service: str | None) -> _Place | None:
    """The council, the directorate or its service named by the slugs; None when there is none such."""
    directorates = tuple(directorates)
    if directorate is None:
        return None if service is not None else _Place(Level.COUNCIL, COUNCIL.name, (), directorates)
    found = next((unit for unit in directorates if unit.link.slug == directorate), None)
    if found is None:
        return None
    if service is None:
        return _Place(Level.DIRECTORATE, found.link.name, (COUNCIL,), found.below, found)
    part = next((unit for unit in found.below if unit.link.slug == service), None)
    if part is None:
        return None
    return _Place(Level.SERVICE, part.link.name, (COUNCIL, found.link), (), part)


def _part(unit: _Unit, rows: Sequence[ScorecardRow], under: set[int]) -> Part:
    """A unit one level down summed up as the level itself is, with its own services at the council level."""
    mine = [row for row in rows if unit.holds(row)]
    return Part(link=unit.link, roll_up=roll_up(mine), under_performing=_count(mine, under),
                parts=tuple(_part(service, mine, under) for service in unit.below))


# shared -------------------------------------------------------------------------------------------------------


def _exceptions(store: Store, period: Period, card: Sequence[ScorecardRow]) -> tuple[UnderPerformer, ...]:
    """store.exceptions(period) of the rows of a scorecard already read (rather than reading it again): the
    rules judge each row by itself, and the store's order is kept."""
    return store._under_performers(period, card, store.actions(period.end))


def _judged(grid: Grid, level: GridFilters) -> tuple[list[ScorecardRow], set[int]] | None:
    """When nothing but `level` narrows the grid (the page number is no filter), it holds the level's scorecard
    rows, judged: those rows in the scorecard's order and the ids of the under-performing ones, read once;
    else None."""
    if replace(grid.filters, page=1) != level:
        return None
    rows = sorted((row.row for row in grid.rows), key=lambda row: (row.indicator.directorate, row.indicator.code))
    return rows, {row.row.indicator.id for row in grid.rows if row.under_performing}


def _under_performing_ids(found: Iterable[UnderPerformer]) -> set[int]:
    return {under.row.indicator.id for under in found}


def _of(card: Sequence[ScorecardRow], ids: Collection[int]) -> tuple[ScorecardRow, ...]:
    """The rows of the indicators `ids`, in the card's order."""
    position = {row.indicator.id: at for at, row in enumerate(card)}
    return tuple(card[at] for at in sorted(position[i] for i in ids if i in position))


def _count(rows: Iterable[ScorecardRow], under: set[int]) -> int:
    return sum(row.indicator.id in under for row in rows)

