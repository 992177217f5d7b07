"""Which page a URL shows, at which "as at" period: every view's state lives in its URL.

`/`, `/priorities/<slug>` and `/indicators/<slug>`, each with `?as_at=2008-12`. Everything the browser
sends is checked here: an unknown path or period gives a clear page, never an error."""

from __future__ import annotations

import hashlib
import json
import logging
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlencode

from dash import MATCH, Dash, Input, Output, State, ctx, html, no_update
from dash.exceptions import PreventUpdate
from flask_caching import Cache

from callbacks.indicator import indicator_figures, indicator_view
from callbacks.overview import overview_attention, overview_view
from callbacks.priority import priority_basket, priority_view
from data.db import DatabaseError, first_line
from data.periods import Frequency, Period, PeriodError, parse_period
from data.store import Store
from layouts import ids
from layouts.components import notice
from layouts.shell import DEMO_NOTICE, month_options, navigation, not_found

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,150}$")
MAX_QUERY = 500
ROUTES = {"priorities": priority_view, "indicators": indicator_view}
# (page, section name) -> what draws it; the overview is the page "" (its path is "/")
SECTIONS = {("indicators", "figures"): indicator_figures, ("priorities", "basket"): priority_basket,
            ("", "attention"): overview_attention}
APP_NAME = "Council Performance Dashboard"
DATABASE_DOWN = "The figures cannot be read just now: the database is not answering. Try again in a minute."


@dataclass(frozen=True)
class Rendered:
    """Everything the router puts on the page."""

    title: str
    page: html.Div
    navigation: list
    options: list[html.Option]
    as_at: str | None
    search: str
    footer_data: str
    footer_loaded: str


def as_at_param(period: Period) -> str:
    """A month as it stands in a URL: `2008-12`."""
    return f"{period.start:%Y-%m}"


def choose_period(months: list[Period], search: str | None) -> tuple[Period | None, str | None]:
    """The month to report at (from `months`, newest first): the URL's, else the latest; with a note when
    the URL's could not be used."""
    if not months:
        return None, None
    values = parse_qs((search or "").lstrip("?")[:MAX_QUERY]).get("as_at", [])
    wanted = values[0] if values else None
    if wanted is None:
        return months[0], None
    try:
        period = parse_period(str(wanted)[:40], Frequency.MONTHLY)
    except (PeriodError, ValueError, OverflowError):  # a year beyond what dates can hold, as much as a typo
        return months[0], f"'{str(wanted)[:40]}' is not a month we can report at: showing {months[0].label}."
    if period not in months:
        return months[0], (f"There are no figures as at {period.label}: showing the latest month, "
                           f"{months[0].label}.")
    return period, None


def render(store: Store, pathname: str | None, search: str | None) -> Rendered:
    """The page for a URL."""
    months = store.months()
    period, problem = choose_period(months, search)
    options = month_options([(month.label, as_at_param(month)) for month in months],
                            as_at_param(period) if period else None)
    path = (pathname or "/").rstrip("/") or "/"
    if period is None:
        page = html.Div([html.H1("No figures yet"),
                         html.P("Load definitions and values with 'python -m dashboard import FILE'.")])
        return Rendered(APP_NAME, page, navigation(), options, None, "", "", "")
    as_at = as_at_param(period)
    parts = path.strip("/").split("/")
    if path == "/":
        title, page = overview_view(store, period, as_at)
    elif len(parts) == 2 and parts[0] in ROUTES and SLUG.match(parts[1]):
        title, page = ROUTES[parts[0]](store, parts[1], period, as_at)
    else:
        title, page = "Page not found", not_found("page", as_at)
    if problem:
        page = html.Div([notice(problem, "warning"), page])
    priorities = store.priorities()
    nav = navigation(list(zip(priorities["name"], priorities["slug"], strict=True)), as_at, path)
    loaded = store.last_loaded()
    return Rendered(
        title=f"{title} – {APP_NAME}", page=page, navigation=nav, options=options, as_at=as_at,
        search=f"?{urlencode({'as_at': as_at})}",
        footer_data=DEMO_NOTICE if store.is_demo() else "Figures as loaded by the council's performance officers.",
        footer_loaded=f"Data last loaded {loaded:%d %B %Y at %H:%M} UTC." if loaded else "")


def section(store: Store, pathname: str | None, search: str | None, name: str) -> html.Div | None:
    """A page's section that is drawn when opened (layouts.components.on_demand), or None where that page
    has no such section."""
    period, _ = choose_period(store.months(), search)
    parts = ((pathname or "/").strip("/")).split("/")
    page, slug = (parts[0], parts[1]) if len(parts) == 2 and SLUG.match(parts[1]) else ("", "") if parts == [""] \
        else (None, "")
    if period is None or (page, name) not in SECTIONS:
        return None
    return SECTIONS[page, name](store, slug, period, as_at_param(period))


OUTPUTS = [(ids.PAGE, "children"), (ids.TITLE, "data"), (ids.NAV, "children"), (ids.AS_AT, "children"),
           (ids.URL, "search"), (ids.FOOTER_DATA, "children"), (ids.FOOTER_LOADED, "children")]
INPUTS = [(ids.URL, "pathname"), (ids.URL, "search")]


def request_body(pathname: str, search: str = "") -> dict:
    """What the browser posts to `/_dash-update-component` to draw a page (for tests and benchmarks)."""
    return {
        "output": ".." + "...".join(f"{i}.{p}" for i, p in OUTPUTS) + "..",
        "outputs": [{"id": i, "property": p} for i, p in OUTPUTS],
        "inputs": [{"id": i, "property": p, "value": v} for (i, p), v in zip(INPUTS, (pathname, search), strict=True)],
        "changedPropIds": [f"{ids.URL}.pathname"], "state": [],
    }


# Dash does not keep a native <select>'s value in step, so the browser reads it when "Show" is pressed;
# the router checks the month again on the server.
SHOW_MONTH = """function (clicks, search) {
    const chosen = document.getElementById("AS_AT").value;
    if (!clicks || !/^[0-9]{4}-[0-9]{2}$/.test(chosen)) { return window.dash_clientside.no_update; }
    const params = new URLSearchParams(search || "");
    params.set("as_at", chosen);
    const next = "?" + params.toString();
    return next === search ? window.dash_clientside.no_update : next;
}""".replace("AS_AT", ids.AS_AT)


def section_request_body(section: str, clicks: int, pathname: str, search: str = "") -> dict:
    """What the browser posts to draw an on-demand section when its <details> is opened (tests, benchmarks)."""
    opener, body = {"type": ids.SECTION_OPEN, "section": section}, {"type": ids.SECTION_BODY, "section": section}
    return {
        "output": json.dumps({**body, "section": ["MATCH"]}, separators=(",", ":"), sort_keys=True) + ".children",
        "outputs": {"id": body, "property": "children"},
        "inputs": [{"id": opener, "property": "n_clicks", "value": clicks}],
        "changedPropIds": [json.dumps(opener, separators=(",", ":"), sort_keys=True) + ".n_clicks"],
        "state": [{"id": ids.URL, "property": "pathname", "value": pathname},
                  {"id": ids.URL, "property": "search", "value": search}],
    }


def database_down_page() -> html.Div:
    """What a page shows while the database cannot be read."""
    return html.Div([html.H1("Figures unavailable"), notice(DATABASE_DOWN, "warning")], className="page")


def _log_unreadable(error: DatabaseError) -> None:
    logging.getLogger(__name__).warning("Cannot read the database: %s", first_line(error))


def register(app: Dash, store: Store, cache: Cache | None = None) -> None:
    """Bind the router to this app: one callback draws the page, the list of months and the footer.
    With a cache, a page drawn once is served again until the data changes (its version is in the key)."""

    def cached(kind: str, draw, *args: str):
        if cache is None:
            return draw(store, *args)
        digest = hashlib.sha256("\n".join(args).encode()).hexdigest()
        key = f"{kind}:{store.data_version()}:{digest}"
        shown = cache.get(key)
        if shown is None:
            shown = draw(store, *args)
            cache.set(key, shown)
        return shown

    def drawn(pathname: str, search: str) -> Rendered:
        return cached("page", render, pathname, search)

    @app.callback(*(Output(i, p) for i, p in OUTPUTS), *(Input(i, p) for i, p in INPUTS))
    def route(pathname, search):
        try:
            shown = drawn(pathname if isinstance(pathname, str) else "/",
                          search[:MAX_QUERY] if isinstance(search, str) else "")
        except DatabaseError as error:
            # never cached (the cache's key needs the database too): the next request tries again. The
            # navigation, months and footer already shown, and the URL, are left as they are.
            _log_unreadable(error)
            return (database_down_page(), f"Figures unavailable – {APP_NAME}", no_update, no_update, no_update,
                    no_update, no_update)
        # the period shown goes into the URL, so that the link shared or reloaded shows the same view
        return (shown.page, shown.title, shown.navigation, shown.options,
                shown.search if shown.search != search else no_update, shown.footer_data, shown.footer_loaded)

    @app.callback(Output({"type": ids.SECTION_BODY, "section": MATCH}, "children"),
                  Input({"type": ids.SECTION_OPEN, "section": MATCH}, "n_clicks"),
                  State(ids.URL, "pathname"), State(ids.URL, "search"), prevent_initial_call=True)
    def open_section(clicks, pathname, search):
        # the first click opens the <details>; later ones close and reopen what is already drawn
        if clicks != 1 or not isinstance(ctx.triggered_id, dict):
            raise PreventUpdate
        name = ctx.triggered_id.get("section")
        try:
            drawn_section = cached("section", section, pathname if isinstance(pathname, str) else "/",
                                   search[:MAX_QUERY] if isinstance(search, str) else "",
                                   name if isinstance(name, str) else "")
        except DatabaseError as error:
            _log_unreadable(error)
            return notice(DATABASE_DOWN, "warning")
        if drawn_section is None:
            return notice("This table could not be drawn: reload the page.", "warning")
        return drawn_section

    # "Show": the chosen month into the URL (other parameters kept); the router above then redraws the page.
    app.clientside_callback(SHOW_MONTH, Output(ids.URL, "search", allow_duplicate=True),
                            Input(ids.SHOW, "n_clicks"), State(ids.URL, "search"), prevent_initial_call=True)
    app.clientside_callback(
        "function (title) { if (title) { document.title = title; } return window.dash_clientside.no_update; }",
        Output(ids.TITLE, "clear_data"), Input(ids.TITLE, "data"))
