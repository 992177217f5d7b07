"""A priority's page: its basket, recent trends and the actions serving it."""

from __future__ import annotations

from dash import html

from data.periods import Period
from data.store import Store
from layouts.priority import SMALL_MULTIPLES, basket_table, priority
from layouts.shell import not_found


def priority_view(store: Store, slug: str, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and the priority page, or a not-found page for an unknown slug."""
    answer = store.priority_page(slug, period, draw=SMALL_MULTIPLES)
    if answer is None:
        return "Priority not found", not_found("priority", as_at)
    thread = store.golden_thread(period, priority=slug, card=answer.card)  # the basket, already read
    return f"{answer.roll_up.priority.name} as at {period.label}", priority(answer, as_at, thread)


def priority_basket(store: Store, slug: str, period: Period, as_at: str) -> html.Div | None:
    """The basket as a table, drawn when it is opened."""
    card = store.scorecard(period, priority=slug)
    return basket_table(card, as_at) if card else None
