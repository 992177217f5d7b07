"""The under-performance list (`/underperformance`): every indicator under-performing by the rules, narrowed by
filters in the URL; and the download of exactly the rows the filters let through, as CSV or Excel."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from dash import Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.exceptions import PreventUpdate

from data.answers import UnderPerformanceFilters
from data.db import DatabaseError, first_line
from data.periods import Period
from data.store import Store
from layouts import ids
from layouts.components import notice
from layouts.underperformance import month_param, title, under_performance_page

if TYPE_CHECKING:
    from callbacks.router import Route

FORMATS = {ids.UNDER_CSV: "csv", ids.UNDER_XLSX: "xlsx"}
NOTHING_TO_DOWNLOAD = "There is no under-performance list on this page to download: open Under-performance and " \
                      "try again."
DOWNLOAD_FAILED = "The download could not be made just now: the database is not answering. Try again in a minute."


def underperformance_view(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and the under-performance list at `period`, narrowed by the route's filters."""
    filters = route.filters if isinstance(route.filters, UnderPerformanceFilters) else UnderPerformanceFilters()
    answer = store.under_performance(period, filters)
    return title(answer), under_performance_page(answer, as_at, route.path)


def under_file(store: Store, pathname: object, search: object, kind: str) -> tuple[dict | None, str | None]:
    """The file to download for the page at this URL (checked as the router checks it): dcc.Download's data,
    or None and why not."""
    from callbacks.router import Page, parse_route, url_sent  # the router imports this module
    from data.export import EXCEPTIONS, exceptions_table, to_csv, to_xlsx

    route = parse_route(*url_sent(pathname, search), store.months())
    if route.page is not Page.UNDERPERFORMANCE or route.period is None \
            or not isinstance(route.filters, UnderPerformanceFilters):
        return None, NOTHING_TO_DOWNLOAD
    answer = store.under_performance(route.period, route.filters)
    rows = exceptions_table([row.under for row in answer.rows])  # FORMATS §6, formula-safe when written
    name = f"under-performance-{month_param(answer.period)}.{kind}"
    content = to_csv(EXCEPTIONS, rows) if kind == "csv" else to_xlsx(EXCEPTIONS, rows, "Exceptions")
    return dcc.send_bytes(content, name), None


def register(app: Dash, store: Store) -> None:
    """The list's downloads: a button's click reads the page's URL and sends the file."""

    @app.callback(Output(ids.UNDER_DOWNLOAD, "data"), Output(ids.UNDER_DOWNLOAD_NOTE, "children"),
                  Input(ids.UNDER_CSV, "n_clicks"), Input(ids.UNDER_XLSX, "n_clicks"),
                  State(ids.URL, "pathname"), State(ids.URL, "search"), prevent_initial_call=True)
    def download(_csv, _xlsx, pathname, search):
        kind = FORMATS.get(ctx.triggered_id) if isinstance(ctx.triggered_id, str) else None
        if kind is None:
            raise PreventUpdate
        try:
            data, problem = under_file(store, pathname, search, kind)
        except DatabaseError as error:
            logging.getLogger(__name__).warning("Cannot read the database: %s", first_line(error))
            return no_update, notice(DOWNLOAD_FAILED, "warning")
        if data is None:
            return no_update, notice(problem or NOTHING_TO_DOWNLOAD, "warning")
        return data, None
