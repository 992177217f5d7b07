"""The golden thread (R7, R12, R13; docs/rules.md#the-golden-thread) of a priority, a directorate or the council:
how much of the line from its indicators through their targets to the actions that move them is in place, and
the gaps, listed.

Each view reads the scorecard and the actions once, and the dates of the director-review actions' progress
reports once (never one query per action); the shares and sentences are the rules' own."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import select

from data import rules
from data.answers import (
    ActionProgress,
    Coverage,
    GoldenThread,
    Link,
    ReviewFollowUp,
    ScorecardRow,
    ThreadGap,
    UnderPerformer,
)
from data.importer import slugify
from data.models import Action, ActionUpdate, Directorate, Priority
from data.periods import Period
from data.rules import ActionKind, Polarity
from data.scrutiny import SLUG

if TYPE_CHECKING:
    from data.store import Store

COUNCIL_NAME = "the council"
WITH_TARGET = "indicators with a target"
MANAGED = "under-performers with an open remedial action"
LINKED = "actions linked to an indicator"


def golden_thread(store: Store, period: Period, *, priority: str | None = None, directorate: str | None = None,
                  card: Sequence[ScorecardRow] | None = None) -> GoldenThread | None:
    """The golden thread at `period` of a priority's basket and actions (`priority`, a slug), of a directorate's
    indicators and actions (`directorate`, a slug), or of the whole council (neither); None for an unknown slug.
    `card`: the scorecard at `period` (narrowed to the priority, for one), when the page has read it already."""
    if priority is not None and directorate is not None:
        raise ValueError("a golden thread is of a priority or of a directorate, not both")
    as_of = period.end
    actions = store.actions(as_of)  # every action: a remedial one may serve another priority than its indicator's
    if priority is not None:
        name = _name(store, Priority, priority)
        if name is None:
            return None
        card = store.scorecard(period, priority=priority) if card is None else card
        mine = [action for action in actions if action.priority is not None and action.priority.slug == priority]
    elif directorate is not None:
        name = _name(store, Directorate, directorate)
        if name is None:
            return None
        card = [row for row in (store.scorecard(period) if card is None else card) if row.indicator.directorate == name]
        mine = [action for action in actions if action.directorate == name]
    else:
        name, mine = COUNCIL_NAME, list(actions)
        card = store.scorecard(period) if card is None else card
    under = store._under_performers(period, card, actions) if card else ()
    return GoldenThread(name=name, with_target=with_target(card), managed=managed(under),
                        linked=linked(mine, as_of), reviews=reviews(store, mine, as_of))


def with_target(card: Sequence[ScorecardRow]) -> Coverage:
    """Of the indicators on the scorecard, data-only ones left out (they need none), those with a target for
    the period; the gaps by code."""
    counted = [row for row in card if row.indicator.polarity is not Polarity.NONE]
    gaps = [row for row in counted if row.figure.target is None]
    return _coverage(len(counted), [ThreadGap(Link(row.indicator.code, row.indicator.slug), row.indicator.title)
                                    for row in gaps], WITH_TARGET)


def managed(under: Sequence[UnderPerformer]) -> Coverage:
    """Of the under-performers, those with an open remedial action (not unmanaged); the gaps with their reasons."""
    gaps = [ThreadGap(Link(found.row.indicator.code, found.row.indicator.slug), found.row.indicator.title,
                      "; ".join(found.reasons))
            for found in under if found.unmanaged]
    return _coverage(len(under), gaps, MANAGED)


def linked(actions: Sequence[ActionProgress], as_of: date) -> Coverage:
    """Of the actions started by `as_of`, those linked to at least one indicator; the gaps by ref."""
    started = [action for action in actions if action.start <= as_of]
    gaps = [ThreadGap(action_link(action.ref), action.title, action.kind.capitalize())
            for action in started if not action.indicators]
    return _coverage(len(started), gaps, LINKED)


def reviews(store: Store, actions: Sequence[ActionProgress], as_of: date) -> tuple[ReviewFollowUp, ...]:
    """The director-review actions among `actions`, each with its follow-up status as at `as_of`: the dates of
    their progress reports up to then are read in one query."""
    chosen = [action for action in actions if action.kind is ActionKind.DIRECTOR_REVIEW]
    if not chosen:
        return ()
    reported: dict[str, list[date]] = {}
    for ref, day in store._rows(select(Action.ref, ActionUpdate.as_of).join(Action, ActionUpdate.action_id == Action.id)
                                .where(Action.kind == ActionKind.DIRECTOR_REVIEW.value, ActionUpdate.as_of <= as_of,
                                       Action.ref.in_([action.ref for action in chosen]))):
        reported.setdefault(ref, []).append(day)
    found = []
    for action in chosen:
        days = reported.get(action.ref, [])
        quarters = rules.quarters_open(action.start, as_of)
        status = rules.follow_up(action.status, days, quarters)
        found.append(ReviewFollowUp(action=action_link(action.ref), title=action.title, status=action.status,
                                    follow_up=status, text=rules.explain_follow_up(status, days, quarters)))
    return tuple(found)


def action_link(ref: str) -> Link:
    """An action by its ref, with its page's slug (`/actions/<slug>`: the ref as the importer slugifies it)."""
    return Link(ref, slugify(ref))


def _coverage(whole: int, gaps: Sequence[ThreadGap], of: str) -> Coverage:
    part = whole - len(gaps)
    return Coverage(part=part, whole=whole, text=rules.explain_share(part, whole, of), gaps=tuple(gaps))


def _name(store: Store, model: type[Priority] | type[Directorate], slug: str) -> str | None:
    """The name of the priority or directorate with this slug; None for none (or for no slug at all)."""
    if not SLUG.fullmatch(slug):
        return None
    found = store._rows(select(model.name).where(model.slug == slug))
    return found[0][0] if found else None
