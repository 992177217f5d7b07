"""The cabinet overview: what the store says about every priority at one period."""

from __future__ import annotations

from datetime import timedelta

from dash import html

from data.periods import Period
from data.store import Store
from layouts.overview import attention_rest, overview

RECENT = timedelta(days=91)  # "completed in the last three months"


def overview_view(store: Store, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and the overview at `period`."""
    card = store.scorecard(period)  # asked once, shared by the roll-ups and the exceptions
    actions = store.actions(period.end)
    completed = actions[(actions.status == "Complete") & actions.completed.map(
        lambda day: day is not None and period.end - RECENT < day <= period.end)]
    page = overview(rollups=store.priority_rollups(period, card=card), card=card,
                    exceptions=store.exceptions(period, card=card, actions=actions), completed=completed,
                    as_at_label=period.label, as_at=as_at)
    return f"Overview as at {period.label}", page


def overview_attention(store: Store, _slug: str, period: Period, as_at: str) -> html.Ol | None:
    """The under-performers beyond the ten the overview lists, drawn when "Show all" is opened."""
    card = store.scorecard(period)
    return attention_rest(store.exceptions(period, card=card), as_at) if len(card) else None
