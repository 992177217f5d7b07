"""Actions (issue 12): being built; the router's page for it draws this until then."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import html

from data.periods import Period
from data.store import Store

if TYPE_CHECKING:
    from callbacks.router import Route


def actions_view(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and the page at `period`."""
    return f"Actions as at {period.label}", html.Div([html.H1("Actions")], className="page")


def action_view(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and one action's page (route.slug: its ref as a slug) at `period`, or a not-found page."""
    return f"Action as at {period.label}", html.Div([html.H1("Action")], className="page")
