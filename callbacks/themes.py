"""Themes for scrutiny committees: the list of themes, and each theme's page with questions for members."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import html

from data.periods import Period
from data.store import Store

if TYPE_CHECKING:
    from callbacks.router import Route


def themes_view(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and the list of themes at `period`."""
    return f"Themes as at {period.label}", html.Div([html.H1("Themes")], className="page")


def theme_view(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and one theme's page (route.slug) at `period`, or a not-found page."""
    return f"Theme as at {period.label}", html.Div([html.H1("Theme")], className="page")
