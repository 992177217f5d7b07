"""The cabinet overview: what the store says about every priority at one period."""

from __future__ import annotations

from dash import html

from data.periods import Period
from data.store import Store
from layouts.overview import attention_rest, overview


def overview_view(store: Store, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and the overview at `period`."""
    return f"Overview as at {period.label}", overview(store.overview(period), as_at)


def overview_attention(store: Store, _slug: str, period: Period, as_at: str) -> html.Ol | None:
    """The under-performers beyond the ten the overview lists, drawn when "Show all" is opened."""
    under = store.exceptions(period)
    if not under and not store.scorecard(period):  # nothing reported at this period: no list at all
        return None
    return attention_rest(under, as_at)
