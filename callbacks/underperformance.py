"""The under-performance list (`/underperformance`): every indicator under-performing by the rules, narrowed by
filters in the URL; and the download of exactly the rows the filters let through, as CSV or Excel."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import Dash, dcc, html

from callbacks.downloads import register_download
from data.answers import UnderPerformanceFilters
from data.periods import Period
from data.store import Store
from layouts import ids
from layouts.underperformance import month_param, title, under_performance_page

if TYPE_CHECKING:
    from callbacks.router import Route

NOTHING_TO_DOWNLOAD = "There is no under-performance list on this page to download: open Under-performance and " \
                      "try again."


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
    rows = exceptions_table([row.under for row in answer.rows])  # docs/formats.md#exceptions-export
    name = f"under-performance-{month_param(answer.period)}.{kind}"
    content = to_csv(EXCEPTIONS, rows) if kind == "csv" else to_xlsx(EXCEPTIONS, rows, "Exceptions")
    return dcc.send_bytes(content, name), None


def register(app: Dash, store: Store) -> None:
    """The list's downloads: a button's click reads the page's URL and sends the file."""
    register_download(app, csv=ids.UNDER_CSV, xlsx=ids.UNDER_XLSX, download=ids.UNDER_DOWNLOAD,
                      note=ids.UNDER_DOWNLOAD_NOTE,
                      make_file=lambda pathname, search, kind: under_file(store, pathname, search, kind),
                      nothing=NOTHING_TO_DOWNLOAD)
