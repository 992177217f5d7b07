"""The RAG status grid: every indicator's ratings over recent quarters, narrowed by filters in the URL."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import html

from data.periods import Period
from data.store import Store

if TYPE_CHECKING:
    from callbacks.router import Route


def grid_view(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and the status grid at `period`, narrowed by the route's filters."""
    return f"Status grid as at {period.label}", html.Div([html.H1("Status grid")], className="page")
