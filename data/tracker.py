"""The action tracker and the action page: every action's status as at a month (the rules' action status), narrowed
by the tracker's filters, and one action's progress reported through time beside the indicators it is meant to
move (R7, R10, R13). Statuses are always the store's (Store.actions: rules.action_status as at the month's last
day), never worked out here again."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from data import rules
from data.answers import (
    ActionChoices,
    ActionFilters,
    ActionPage,
    ActionProgress,
    IndicatorTrend,
    Link,
    ProgressReport,
    Tracker,
)
from data.filters import unknown_note
from data.importer import slugify
from data.models import Action, ActionUpdate, Directorate, Indicator, Priority
from data.periods import Frequency, Period
from data.rules import ActionStatus

if TYPE_CHECKING:
    from data.store import Store

# The tracker's order: what needs chasing first (overdue, then behind), then on track, not yet started, and
# complete last; within a status, by due date then ref (the store's order).
TRACKER_ORDER = (ActionStatus.OVERDUE, ActionStatus.BEHIND, ActionStatus.ON_TRACK, ActionStatus.NOT_STARTED,
                 ActionStatus.COMPLETE)
ORDER_TEXT = ("Overdue first, then behind, on track, not started and complete; within each, by due date.")
TREND_MONTHS_BEFORE = 12  # an indicator's trend starts a year before the action did: the "before" to compare with
NO_ACTION_FILTERS = ActionFilters()  # every action (immutable: safe to share)
_POSITION = {status: position for position, status in enumerate(TRACKER_ORDER)}


def as_of(period: Period) -> date:
    """The day statuses are worked out at for a period: its last day (as the under-performance list does)."""
    return period.end


def action_slug(ref: str) -> str:
    """An action's page's slug: its ref made URL-safe as the importer makes every slug (data/questions.py links
    actions the same way)."""
    return slugify(ref)


# --- the tracker ---------------------------------------------------------------------------------------------

def tracker(store: Store, period: Period, filters: ActionFilters = NO_ACTION_FILTERS) -> Tracker:
    """Every action as at `period` (a month; another period stands for its last month) the filters let through
    (all of them together), in TRACKER_ORDER; a slug that names nothing is dropped, with a note saying so."""
    month = Period.containing(Frequency.MONTHLY, period.end)
    everything = store.actions(as_of(month))
    choices = _choices(store)
    used, notes = _usable(filters, choices)
    directorate = _named(choices.directorates, used.directorate)
    rows = sorted((action for action in everything if _lets_through(action, used, directorate)),
                  key=lambda action: _POSITION[action.status])  # stable: due date then ref within a status
    return Tracker(period=month, filters=used, rows=tuple(rows), counts=status_counts(rows),
                   total=len(everything), choices=choices, notes=notes)


def status_counts(actions: Iterable[ActionProgress]) -> tuple[tuple[ActionStatus, int], ...]:
    """How many of the actions have each status, every status in the tracker's order."""
    found = dict.fromkeys(TRACKER_ORDER, 0)
    for action in actions:
        found[action.status] += 1
    return tuple(found.items())


def _choices(store: Store) -> ActionChoices:
    with store.engine.connect() as connection:
        directorates = [Link(name, slug) for name, slug in connection.execute(select(Directorate.name,
                                                                                   Directorate.slug))]
        priorities = [Link(name, slug) for name, slug in connection.execute(select(Priority.name, Priority.slug))]
    return ActionChoices(directorates=_by_name(directorates), priorities=_by_name(priorities))


def _by_name(links: Iterable[Link]) -> tuple[Link, ...]:
    return tuple(sorted(links, key=lambda link: (link.name.casefold(), link.name, link.slug)))


def _named(links: Sequence[Link], slug: str | None) -> str | None:
    return next((link.name for link in links if link.slug == slug), None) if slug is not None else None


def _usable(filters: ActionFilters, choices: ActionChoices) -> tuple[ActionFilters, tuple[str, ...]]:
    """The filters with every slug that names nothing dropped, and a note for each."""
    dropped: dict[str, Any] = {}
    notes: list[str] = []
    for name, links in (("priority", choices.priorities), ("directorate", choices.directorates)):
        slug = getattr(filters, name)
        if slug is not None and _named(links, slug) is None:
            dropped[name] = None
            notes.append(unknown_note(name, slug))
    return replace(filters, **dropped), tuple(notes)


def _needle(text: str | None) -> str | None:
    """A text filter as it is matched: spaces as the URL's filters read them, any case."""
    return (" ".join(text.split()).casefold() or None) if text else None


def _lets_through(action: ActionProgress, filters: ActionFilters, directorate: str | None) -> bool:
    """Whether every filter lets the action through (`directorate`: the name of the one filtered to)."""
    owner, search = _needle(filters.owner), _needle(filters.search)
    return ((filters.kind is None or action.kind is filters.kind)
            and (filters.priority is None or (action.priority is not None
                                              and action.priority.slug == filters.priority))
            and (directorate is None or action.directorate == directorate)
            and (filters.status is None or action.status is filters.status)
            and (owner is None or owner in " ".join((action.owner or "").split()).casefold())
            and (search is None or search in action.ref.casefold() or search in action.title.casefold()))


# --- one action's page ---------------------------------------------------------------------------------------

def action_page(store: Store, slug: str, period: Period) -> ActionPage | None:
    """The action whose ref makes `slug`, as at `period` (a month): its reports up to the month's end, each
    with the status the rule gave it then, and the trend of each indicator it is meant to move; None when no
    action's ref makes that slug (of two refs making one slug, the first by ref)."""
    with store.engine.connect() as connection:
        refs = sorted(ref for ref in connection.execute(select(Action.ref)).scalars() if action_slug(ref) == slug)
    if not refs:  # known before any status is worked out: a mistyped or hostile slug costs one small query
        return None
    month = Period.containing(Frequency.MONTHLY, period.end)
    day = as_of(month)
    action = next(action for action in store.actions(day) if action.ref == refs[0])
    return ActionPage(period=month, slug=slug, action=action, reports=progress_reports(store, action, day),
                      trends=_trends(store, action, month))


def progress_reports(store: Store, action: ActionProgress, day: date) -> tuple[ProgressReport, ...]:
    """The action's progress reports up to `day`, oldest first, each with its status by the rule as at its own
    date (the same rule Store.actions applies)."""
    with store.engine.connect() as connection:
        rows = connection.execute(
            select(ActionUpdate.as_of, ActionUpdate.progress, ActionUpdate.completed, ActionUpdate.note)
            .join(Action, ActionUpdate.action_id == Action.id)
            .where(Action.ref == action.ref, ActionUpdate.as_of <= day)
            .order_by(ActionUpdate.as_of)).all()
    reports = []
    for when, progress, completed, note in rows:
        progress = float(progress or 0.0)
        status = rules.action_status(when, action.start, action.due, progress, completed)
        reports.append(ProgressReport(
            as_of=when, progress=progress, completed=completed, note=note or None, status=status,
            status_text=rules.explain_action_status(status, when, action.start, action.due, progress)))
    return tuple(reports)


def _trends(store: Store, action: ActionProgress, month: Period) -> tuple[IndicatorTrend, ...]:
    """Each linked indicator's figures from a year before the action started to the "as at" month (a period
    not over by then, such as the year under way, is left out), by code."""
    if not action.indicators:
        return ()
    slugs = [link.slug for link in action.indicators]
    with store.engine.connect() as connection:
        ids = list(connection.execute(select(Indicator.id).where(Indicator.slug.in_(slugs))).scalars())
    facts = store._indicators(ids=ids)
    start = Period.containing(Frequency.MONTHLY, action.start)
    first = Period(start.ordinal - TREND_MONTHS_BEFORE, Frequency.MONTHLY).start
    histories = store.histories(ids, first, month.end)
    trends = [IndicatorTrend(indicator=facts[i], history=tuple(figure for figure in histories.get(i, ())
                                                               if figure.period.end <= month.end))
              for i in ids if i in facts]
    return tuple(sorted(trends, key=lambda trend: (trend.indicator.code.casefold(), trend.indicator.code)))
