"""A priority's page: its basket, recent trends and the actions serving it."""

from __future__ import annotations

from datetime import date

from dash import html

from data.periods import Period
from data.store import Store
from layouts.priority import basket_table, most_pressing, priority
from layouts.shell import not_found

TREND_YEARS = 3  # the small multiples show the last three years


def priority_view(store: Store, slug: str, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and the priority page, or a not-found page for an unknown slug."""
    card = store.scorecard(period, priority=slug)
    found = store.priority_rollups(period, card=card, priority=slug)
    if found.empty:
        return "Priority not found", not_found("priority", as_at)
    rollup = found.iloc[0].to_dict()
    first = date(period.end.year - TREND_YEARS, period.end.month, 1)
    histories = store.histories(most_pressing(card)["indicator_id"].tolist(), first, period.end)  # those drawn
    page = priority(name=rollup["name"], rollup=rollup, card=card, histories=histories,
                    actions=store.actions(period.end, priority=slug), as_at_label=period.label, as_at=as_at)
    return f"{rollup['name']} as at {period.label}", page


def priority_basket(store: Store, slug: str, period: Period, as_at: str) -> html.Div | None:
    """The basket as a table, drawn when it is opened."""
    card = store.scorecard(period, priority=slug)
    return basket_table(card, as_at) if len(card) else None
