"""The under-performance list: every indicator under-performing by the rules at a month, with its owner, its
year-end target beside the forecast, and its remedial actions, narrowed by the list's filters.

Judged exactly as the overview and the exceptions export judge (the store's `_under_performers`, most pressing
first, unmanaged first); this module only narrows the list and fetches what the page shows beside each row, a
query each for all rows (owners, year-end targets), never one per row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from data import rules
from data.answers import (
    ActionProgress,
    Choices,
    Link,
    LinkedAction,
    UnderPerformance,
    UnderPerformanceFilters,
    UnderPerformanceList,
    UnderPerformer,
)
from data.filters import unknown_note
from data.importer import slugify
from data.models import Directorate, Indicator, Priority, Theme, Value, indicator_themes, priority_indicators
from data.periods import Frequency, Period
from data.rules import ActionKind, Target

if TYPE_CHECKING:
    from data.store import Store

NO_FILTERS = UnderPerformanceFilters()
SLUGS = ("directorate", "theme", "priority")  # the list's filters that name something at this council


def under_performance(store: Store, period: Period,
                      filters: UnderPerformanceFilters = NO_FILTERS) -> UnderPerformanceList:
    """The under-performance list as at `period` (a month; another period stands for its last month), narrowed
    by `filters` (all of them together); a slug that names nothing is dropped, with a note saying so."""
    as_at = Period.containing(Frequency.MONTHLY, period.end)
    known = _Known.of(store)
    used, notes = known.usable(filters)
    card = store.scorecard(as_at)
    actions = store.actions(as_at.end) if card else ()
    found = store._under_performers(as_at, card, actions) if card else ()
    members = _members(store, used, known)
    chosen = [under for under in found
              if (members is None or under.row.indicator.id in members)
              and (used.reason is None or used.reason in under.reasons)
              and (not used.unmanaged or under.unmanaged)]
    return UnderPerformanceList(period=as_at, filters=used, rows=_shown(store, as_at, chosen, actions),
                                total=len(found), choices=known.choices(), notes=notes)


def _shown(store: Store, as_at: Period, chosen: Sequence[UnderPerformer],
           actions: Sequence[ActionProgress]) -> tuple[UnderPerformance, ...]:
    """Each under-performer with what the page shows beside it."""
    ids = [under.row.indicator.id for under in chosen]
    owners = owners_of(store, ids)
    targets = _year_end_targets(store, [under for under in chosen if under.forecast is not None])
    remedial = _remedial_actions(as_at, actions)
    others = _other_open_actions(as_at, actions)
    return tuple(UnderPerformance(
        under=under, owner=owners.get(under.row.indicator.id),
        year_end_target=targets.get(under.row.indicator.id) if under.forecast is not None else None,
        forecast_method=rules.FORECAST_METHOD[under.row.indicator.cumulative] if under.forecast is not None
        else None,
        actions=tuple(remedial.get(under.row.indicator.slug, ())),
        others=tuple(others.get(under.row.indicator.slug, ())))
        for under in chosen)


def _other_open_actions(as_at: Period, actions: Iterable[ActionProgress]) -> dict[str, list[LinkedAction]]:
    """The open actions of the other kinds (not remedial) started by the month's end, linked to each indicator."""
    found: dict[str, list[LinkedAction]] = {}
    for action in actions:
        if action.kind is not ActionKind.REMEDIAL and action.start <= as_at.end and action.status.is_open:
            for link in action.indicators:
                found.setdefault(link.slug, []).append(LinkedAction(action, slugify(action.ref)))
    return found


def owners_of(store: Store, ids: Sequence[int]) -> dict[int, str]:
    """Each indicator's owner, where one is named: one query for them all."""
    if not ids:
        return {}
    with store.engine.connect() as connection:
        return {i: owner for i, owner in connection.execute(
            select(Indicator.id, Indicator.owner).where(Indicator.id.in_(sorted(ids)))) if owner}


def _year_end_targets(store: Store, forecast: Sequence[UnderPerformer]) -> dict[int, Target]:
    """The target at the last period of the year of the figure judged (what the forecast is rated against),
    for each under-performer with a forecast: one query for them all."""
    if not forecast:
        return {}
    wanted = {(under.row.indicator.id, under.row.shown.period.year_end.start) for under in forecast}
    with store.engine.connect() as connection:
        rows = connection.execute(select(Value.indicator_id, Value.period_start, Value.target_low, Value.target_high)
                                  .where(Value.indicator_id.in_(sorted({i for i, _ in wanted})),
                                         Value.period_start.in_(sorted({start for _, start in wanted})))).all()
    return {i: Target(float(low), float(low if high is None else high))
            for i, start, low, high in rows if (i, start) in wanted and low is not None}


def _remedial_actions(as_at: Period, actions: Iterable[ActionProgress]) -> dict[str, list[LinkedAction]]:
    """The remedial actions started by the month's end linked to each indicator (by slug), open ones first, then
    in the store's order (due date, then ref); each with its page's slug, the ref made URL-safe as the importer
    makes every slug (as data/questions.py links actions)."""
    found: dict[str, list[LinkedAction]] = {}
    for action in actions:
        if action.kind is ActionKind.REMEDIAL and action.start <= as_at.end:
            for link in action.indicators:
                found.setdefault(link.slug, []).append(LinkedAction(action, slugify(action.ref)))
    return {slug: sorted(each, key=lambda linked: not linked.action.status.is_open) for slug, each in found.items()}


# --- the filters ---------------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _Known:
    """What the slug filters can name at this council: (id, link) by slug."""

    directorates: Mapping[str, tuple[int, Link]]
    themes: Mapping[str, tuple[int, Link]]
    priorities: Mapping[str, tuple[int, Link]]

    @classmethod
    def of(cls, store: Store) -> _Known:
        with store.engine.connect() as connection:
            def named(*columns: Any) -> dict[str, tuple[int, Link]]:
                return {slug: (i, Link(name, slug)) for i, name, slug in connection.execute(select(*columns))}

            return cls(directorates=named(Directorate.id, Directorate.name, Directorate.slug),
                       themes=named(Theme.id, Theme.name, Theme.slug),
                       priorities=named(Priority.id, Priority.name, Priority.slug))

    def usable(self, filters: UnderPerformanceFilters) -> tuple[UnderPerformanceFilters, tuple[str, ...]]:
        """The filters with every slug that names nothing dropped, and a note for each."""
        dropped: dict[str, Any] = {}  # a slug filter set back to None
        notes: list[str] = []
        for name in SLUGS:
            slug = getattr(filters, name)
            if slug is not None and slug not in getattr(self, _PLURAL[name]):
                dropped[name] = None
                notes.append(unknown_note(name, slug))
        return replace(filters, **dropped), tuple(notes)

    def choices(self) -> Choices:
        """Every theme, directorate and priority, by name (the list has no service filter)."""
        return Choices(themes=_by_name(self.themes), directorates=_by_name(self.directorates), services=(),
                       priorities=_by_name(self.priorities))


_PLURAL = {"directorate": "directorates", "theme": "themes", "priority": "priorities"}


def _by_name(known: Mapping[str, tuple[int, Link]]) -> tuple[Link, ...]:
    return tuple(sorted((link for _, link in known.values()), key=lambda link: (link.name.casefold(), link.slug)))


def _members(store: Store, filters: UnderPerformanceFilters, known: _Known) -> set[int] | None:
    """The ids of the indicators in the directorate, theme and priority filtered to (all of them); None when no
    such filter is set."""
    if not any(getattr(filters, name) for name in SLUGS):
        return None
    statement = select(Indicator.id)
    if filters.directorate is not None:
        statement = statement.where(Indicator.directorate_id == known.directorates[filters.directorate][0])
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
