"""Strategic assessment (issue 12): being built; the router's page for it draws this until then."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import html

from data.periods import Period
from data.store import Store

if TYPE_CHECKING:
    from callbacks.router import Route


def assessment_view(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and the page at `period`."""
    return f"Strategic assessment as at {period.label}", html.Div([html.H1("Strategic assessment")], className="page")
