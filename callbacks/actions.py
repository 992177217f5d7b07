"""The action tracker (`/actions`), narrowed by filters in the URL, with the download of exactly the actions the
filters let through; and an action's page (`/actions/<ref-slug>`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import Dash, dcc, html

from callbacks.downloads import register_download
from data.answers import ActionFilters
from data.periods import Period
from data.store import Store
from layouts import ids
from layouts.actions import action_not_found, action_page, action_title, tracker_page, tracker_title

if TYPE_CHECKING:
    from callbacks.router import Route

NOTHING_TO_DOWNLOAD = "There is no action tracker on this page to download: open the tracker and try again."


def _filters(route: Route) -> ActionFilters:
    """The route's filters when they are the tracker's (the router reads them for /actions), else none."""
    return route.filters if isinstance(route.filters, ActionFilters) else ActionFilters()


def actions_view(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and the action tracker at `period`, narrowed by the route's filters."""
    tracker = store.tracker(period, _filters(route))
    return tracker_title(tracker), tracker_page(tracker, as_at)


def action_view(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and one action's page (route.slug: its ref as a slug) at `period`, or a not-found page."""
    page = store.action_page(route.slug, period)
    if page is None:
        return "Action not found", action_not_found(route.slug, as_at)
    return action_title(page), action_page(page, as_at)


def tracker_file(store: Store, pathname: object, search: object, kind: str) -> tuple[dict | None, str | None]:
    """The file to download for the page at this URL (checked as the router checks it): dcc.Download's data, or
    None and why not."""
    from callbacks.router import Page, parse_route, url_sent  # the router imports this module
    from data.export import ACTIONS, to_csv, to_xlsx, tracker_rows

    route = parse_route(*url_sent(pathname, search), store.months())
    if route.page is not Page.ACTIONS or route.period is None or route.as_at is None:
        return None, NOTHING_TO_DOWNLOAD
    rows = tracker_rows(store.tracker(route.period, _filters(route)))  # data/export.py: formula-safe files
    name = f"actions-{route.as_at}.{kind}"
    content = to_csv(ACTIONS, rows) if kind == "csv" else to_xlsx(ACTIONS, rows, "Actions")
    return dcc.send_bytes(content, name), None


def register(app: Dash, store: Store) -> None:
    """The tracker's downloads: a button's click reads the page's URL and sends the file."""
    register_download(app, csv=ids.ACTIONS_CSV, xlsx=ids.ACTIONS_XLSX, download=ids.ACTIONS_DOWNLOAD,
                      note=ids.ACTIONS_DOWNLOAD_NOTE,
                      make_file=lambda pathname, search, kind: tracker_file(store, pathname, search, kind),
                      nothing=NOTHING_TO_DOWNLOAD)
