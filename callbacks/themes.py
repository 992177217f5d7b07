"""Themes for scrutiny committees: the list of themes, and each theme's page with questions for members."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import dcc, html

from callbacks.grid import report_months
from data.periods import Period
from data.store import Store
from layouts.components import href
from layouts.shell import not_found
from layouts.themes import THEMES_PATH, theme_page, themes_list

if TYPE_CHECKING:
    from callbacks.router import Route


def themes_view(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and the list of themes at `period`."""
    return f"Themes as at {period.label}", themes_list(store.themes(period), period.label, as_at)


def theme_view(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and one theme's page (route.slug) at `period`, or a not-found page."""
    answer = store.theme_page(route.slug, period, route.filters)
    if answer is None:
        page = not_found("theme", as_at)
        page.children.append(html.P(dcc.Link("See every theme", href=href(THEMES_PATH, as_at))))
        return "Theme not found", page
    return f"{answer.theme.name} as at {period.label}", theme_page(answer, route.path, as_at, report_months(store))
