"""The RAG status grid: every indicator's ratings over recent quarters, narrowed by filters in the URL; and the
download of exactly the rows the filters let through, as CSV or Excel."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from dash import Dash, dcc, html

from callbacks.downloads import register_download
from data.answers import Grid, GridFilters
from data.periods import Period
from data.store import Store
from layouts import ids
from layouts.grid import grid_page, grid_title, month_param

if TYPE_CHECKING:
    from callbacks.router import Route

NOTHING_TO_DOWNLOAD = "There is no grid on this page to download: open the status grid and try again."


def report_months(store: Store) -> frozenset[str]:
    """The months the dashboard can report at, as a URL names them (`2008-12`): those a cell may link to."""
    return frozenset(month_param(month) for month in store.months())


def grid_view(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and the status grid at `period`, narrowed by the route's filters."""
    grid = store.grid(period, route.filters)
    return grid_title(grid), grid_page(grid, as_at, route.path, report_months(store))


def page_filters(route: Route) -> GridFilters | None:
    """The filters of the grid a page shows: the URL's, with what the page's own path fixes (a theme's or a
    directorate's page shows its grid); None for a page without a grid."""
    from callbacks.router import Page  # the router imports this module: its names are imported when needed

    filters = route.filters
    if route.page in (Page.GRID, Page.COUNCIL):
        return filters
    if route.page is Page.THEME:
        return replace(filters, theme=route.slug)
    if route.page is Page.DIRECTORATE:
        return replace(filters, directorate=route.slug)
    if route.page is Page.SERVICE:
        return replace(filters, directorate=route.slug, service=route.sub)
    return None


def grid_file(store: Store, pathname: object, search: object, kind: str) -> tuple[dict | None, str | None]:
    """The file to download for the page at this URL (checked as the router checks it): dcc.Download's data,
    or None and why not."""
    from callbacks.router import parse_route, url_sent  # as above: the router imports this module
    from data.export import grid_table, to_csv, to_xlsx

    route = parse_route(*url_sent(pathname, search), store.months())
    filters = page_filters(route)
    if filters is None or route.period is None:
        return None, NOTHING_TO_DOWNLOAD
    grid: Grid = store.grid(route.period, filters)
    columns, rows = grid_table(grid)  # data/export.py: as `export grid` writes it, formula-safe
    name = f"grid-{month_param(route.period)}.{kind}"
    content = to_csv(columns, rows) if kind == "csv" else to_xlsx(columns, rows, "Status grid")
    return dcc.send_bytes(content, name), None


def register(app: Dash, store: Store) -> None:
    """The grid's downloads: a button's click reads the page's URL and sends the file."""
    register_download(app, csv=ids.GRID_CSV, xlsx=ids.GRID_XLSX, download=ids.GRID_DOWNLOAD,
                      note=ids.GRID_DOWNLOAD_NOTE,
                      make_file=lambda pathname, search, kind: grid_file(store, pathname, search, kind),
                      nothing=NOTHING_TO_DOWNLOAD)
