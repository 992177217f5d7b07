"""Which page a URL shows, at which "as at" period: every view's state lives in its URL.

`/`, `/priorities/<slug>` and `/indicators/<slug>`, each with `?as_at=2008-12`. Everything the browser
sends is checked here, once, by parse_route: an unknown path or period gives a clear page, never an error.
A new page is a member of Page and a line in VIEWS (its view in callbacks/<page>.py). The router's code
that runs in the browser is in assets/router.js."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from types import MappingProxyType
from urllib.parse import parse_qs, urlencode, urlsplit

from dash import MATCH, ClientsideFunction, Dash, Input, Output, Patch, State, ctx, html, no_update
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate
from flask import has_request_context, request
from flask_caching import Cache
from plotly.io.json import to_json_plotly

from callbacks.actions import action_view, actions_view
from callbacks.assessment import assessment_notable, assessment_view
from callbacks.directorates import directorate_went_well, drill_down_view
from callbacks.grid import grid_view
from callbacks.indicator import indicator_figures, indicator_limits, indicator_view
from callbacks.overview import overview_attention, overview_view
from callbacks.page_cache import PageCache
from callbacks.priority import priority_basket, priority_view
from callbacks.report import report_view, snapshot_view
from callbacks.themes import theme_view, themes_view
from callbacks.underperformance import underperformance_view
from data.answers import NO_FILTERS, ActionFilters, Filters, GridFilters, UnderPerformanceFilters
from data.db import DatabaseError, first_line
from data.filters import SLUG, filters_query, read_filters
from data.periods import Frequency, Period, PeriodError, parse_period
from data.store import Store
from layouts import ids
from layouts.components import notice
from layouts.shell import DEMO_NOTICE, month_options, navigation, not_found, shell

MAX_QUERY = 500
MAX_REFERER = 2000  # a longer Referer is not a page of this app's: the plain shell is served
APP_NAME = "Council Performance Dashboard"
DATABASE_DOWN = "The figures cannot be read just now: the database is not answering. Try again in a minute."


class Page(Enum):
    """The pages a URL can show (PATHS says which path shows which); any other path is not found."""

    OVERVIEW = "overview"
    PRIORITY = "priority"
    INDICATOR = "indicator"
    GRID = "grid"
    THEMES = "themes"
    THEME = "theme"
    COUNCIL = "council"  # the drill-down's top: /directorates
    DIRECTORATE = "directorate"
    SERVICE = "service"
    UNDERPERFORMANCE = "under-performance"
    ACTIONS = "actions"
    ACTION = "action"
    ASSESSMENT = "assessment"
    REPORT = "report pack"
    SNAPSHOT = "snapshot"  # a report pack as reported: /snapshots/<slug>
    NOT_FOUND = "not found"


# (the first part of a path, how many slugs follow it) -> the page: `/priorities/<slug>` is (priorities, 1)
PATHS: Mapping[tuple[str, int], Page] = MappingProxyType({
    ("", 0): Page.OVERVIEW, ("priorities", 1): Page.PRIORITY, ("indicators", 1): Page.INDICATOR,
    ("grid", 0): Page.GRID, ("themes", 0): Page.THEMES, ("themes", 1): Page.THEME,
    ("directorates", 0): Page.COUNCIL, ("directorates", 1): Page.DIRECTORATE, ("directorates", 2): Page.SERVICE,
    ("underperformance", 0): Page.UNDERPERFORMANCE, ("actions", 0): Page.ACTIONS, ("actions", 1): Page.ACTION,
    ("assessment", 0): Page.ASSESSMENT, ("report", 0): Page.REPORT, ("snapshots", 1): Page.SNAPSHOT,
})
# the pages whose URL carries filters, and which kind (data/filters.py reads them all); others ignore them
FILTERED: Mapping[Page, type[Filters]] = MappingProxyType({
    Page.GRID: GridFilters, Page.THEME: GridFilters, Page.COUNCIL: GridFilters, Page.DIRECTORATE: GridFilters,
    Page.SERVICE: GridFilters, Page.UNDERPERFORMANCE: UnderPerformanceFilters, Page.ACTIONS: ActionFilters,
})
# the pages whose form's choices the URL keeps (its view checks them): the report pack's, so that a refused
# download's link back to /report loses none of them
CHOICES: Mapping[Page, tuple[str, ...]] = MappingProxyType({Page.REPORT: ("period", "audience", "theme",
                                                                        "directorate")})
MAX_CHOICE = 200


@dataclass(frozen=True)
class Route:
    """What a URL asks for, checked: the page, the slug of its priority or indicator, and the month to report
    at (None when there are no figures), with a note when the URL's month could not be used."""

    page: Page
    slug: str  # "" for a page without one
    path: str  # as asked, trailing slashes dropped: the navigation marks the link to exactly this path
    period: Period | None = None
    note: str | None = None
    sub: str = ""  # the second slug: a directorate's service in /directorates/<slug>/<sub>
    filters: Filters = NO_FILTERS  # of the kind the page carries (FILTERED); the grid's, unset, elsewhere
    choices: tuple[tuple[str, str], ...] = ()  # the form's choices the URL keeps (CHOICES), as (name, value)

    @property
    def as_at(self) -> str | None:
        """The month as it stands in the URL (`2008-12`), or None when there are no figures."""
        return as_at_param(self.period) if self.period is not None else None

    @property
    def search(self) -> str:
        """The query string that keeps this route's month (`?as_at=2008-12`, empty without figures) and, on a
        page with a grid, its filters first."""
        if self.page in FILTERED:
            return filters_query(self.filters, self.as_at)
        return f"?{urlencode([*self.choices, ('as_at', self.as_at)])}" if self.period is not None else ""


# What draws a page (callbacks/<page>.py), from (store, route, period, as_at) (the route's own period and
# as_at, never None here): its title and its content; and what draws one of its on-demand sections (None
# where there is nothing to draw).
View = Callable[[Store, Route, Period, str], tuple[str, html.Div]]
SectionView = Callable[[Store, str, Period, str], Component | None]


def _overview(store: Store, _route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    return overview_view(store, period, as_at)


def _priority(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    return priority_view(store, route.slug, period, as_at)


def _indicator(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    return indicator_view(store, route.slug, period, as_at)


def _page_not_found(_store: Store, _route: Route, _period: Period, as_at: str) -> tuple[str, html.Div]:
    return "Page not found", not_found("page", as_at)


# Each page's view. A new page is a member of Page, a line in PATHS and a line here.
VIEWS: Mapping[Page, View] = MappingProxyType({
    Page.OVERVIEW: _overview, Page.PRIORITY: _priority, Page.INDICATOR: _indicator,
    Page.GRID: grid_view, Page.THEMES: themes_view, Page.THEME: theme_view,
    Page.COUNCIL: drill_down_view, Page.DIRECTORATE: drill_down_view, Page.SERVICE: drill_down_view,
    Page.UNDERPERFORMANCE: underperformance_view, Page.ACTIONS: actions_view, Page.ACTION: action_view,
    Page.ASSESSMENT: assessment_view, Page.REPORT: report_view, Page.SNAPSHOT: snapshot_view,
    Page.NOT_FOUND: _page_not_found,
})
# Pages never kept in the page cache: they list snapshots, which a freeze adds without changing the data version.
UNCACHED = frozenset({Page.REPORT, Page.SNAPSHOT})
# (page, section name) -> what draws that section when it is opened (layouts.components.on_demand)
SECTIONS: Mapping[tuple[Page, str], SectionView] = MappingProxyType({
    (Page.INDICATOR, "figures"): indicator_figures, (Page.PRIORITY, "basket"): priority_basket,
    (Page.OVERVIEW, "attention"): overview_attention,
    (Page.INDICATOR, "limits"): indicator_limits, (Page.DIRECTORATE, "went-well"): directorate_went_well,
    (Page.ASSESSMENT, "notable"): assessment_notable,
})


@dataclass(frozen=True)
class Rendered:
    """Everything the router puts on the page, with what its navigation and months were drawn from (so that
    those the browser shows already can be drawn again, to send only what differs)."""

    title: str
    page: html.Div
    navigation: list
    options: list[html.Option]
    as_at: str | None
    search: str
    footer_data: str
    footer_loaded: str
    links: tuple[tuple[str, str], ...] = ()  # the priorities linked to, as (name, slug)
    months: tuple[tuple[str, str], ...] = ()  # the months one can choose, as (label, value)
    current: str = "/"  # the path whose link the navigation marks

    @property
    def shown(self) -> dict[str, str | None]:
        """What the frame shows once this is drawn (kept in the page, sent back with the next URL): a digest of
        its priorities, months and footer, with the current path and month."""
        drawn_from = json.dumps([self.links, self.months, self.footer_data, self.footer_loaded])
        return {"frame": hashlib.sha256(drawn_from.encode()).hexdigest()[:16], "current": self.current,
                "as_at": self.as_at}


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


def parse_route(pathname: str | None, search: str | None, months: list[Period]) -> Route:
    """The route a URL asks for: its page and slug from `pathname`, its month from `search`'s `as_at`
    (checked against `months`, newest first). The one place a URL is read."""
    period, note = choose_period(months, search)
    path = (pathname or "/").rstrip("/") or "/"
    parts = path.strip("/").split("/")
    first, slugs = (parts[0], parts[1:]) if parts != [""] else ("", [])
    page = PATHS.get((first, len(slugs)), Page.NOT_FOUND)
    if page is Page.NOT_FOUND or not all(SLUG.match(slug) for slug in slugs):
        return Route(Page.NOT_FOUND, "", path, period, note)
    filters: Filters = NO_FILTERS
    if page in FILTERED:
        filters, notes = read_filters(search, FILTERED[page])
        note = " ".join(filter(None, (note, *notes))) or None
    return Route(page, slugs[0] if slugs else "", path, period, note, sub=slugs[1] if len(slugs) > 1 else "",
                 filters=filters, choices=read_choices(search, CHOICES.get(page, ())))


def read_choices(search: str | None, names: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The values `search` gives the form's fields `names`, in their order: the first of each, set ones only,
    each cut to MAX_CHOICE (the page's view checks them)."""
    query = parse_qs((search or "").lstrip("?")[:MAX_QUERY])
    return tuple((name, query[name][0][:MAX_CHOICE]) for name in names if query.get(name, [""])[0].strip())


def view_key(route: Route) -> str:
    """The page cache's key for a route: everything that changes what is drawn (the page, its slug, the path
    the navigation marks, the month and the note), so that `/` and `/?as_at=<latest>` are one entry."""
    return "\n".join((route.page.name, route.slug, route.sub, route.path, route.search, route.note or ""))


def counted_view(route: Route, search: str) -> tuple[str, str] | None:
    """The view to count as asked for: a page that exists, by its path and, when the URL names a month, that
    month (so that after an import the overview is drawn at the new latest month), with its filters; None for
    others."""
    if route.page is Page.NOT_FOUND or route.note or route.period is None:
        return None
    if "as_at" in parse_qs(search.lstrip("?")[:MAX_QUERY]):
        return route.path, route.search
    return route.path, filters_query(route.filters, None) if route.page in FILTERED else ""


def referred_url(referer: object, host: str) -> tuple[str, str] | None:
    """The pathname and query of the page of this app that asks for its layout (the request's Referer, which
    `Referrer-Policy: same-origin` keeps whole for this app's own requests); None when there is none, or it
    is another site's, or not a web address."""
    if not isinstance(referer, str) or not referer or len(referer) > MAX_REFERER:
        return None
    try:
        parts = urlsplit(referer)
    except ValueError:  # e.g. an unclosed [ in the host
        return None
    if parts.scheme not in ("http", "https") or parts.netloc != host or not parts.path.startswith("/"):
        return None
    return parts.path, f"?{parts.query}" if parts.query else ""


def first_view(frame: html.Div, shown: Rendered, pathname: str) -> html.Div:
    """The app's shell with the page for a URL already in it, as the router would have drawn it; the URL is
    given the month shown (assets/router.js puts it into the address bar)."""
    places = {name: frame[name] for name in (ids.URL, ids.TITLE, ids.NAV, ids.AS_AT, ids.FOOTER_DATA,
                                               ids.FOOTER_LOADED, ids.PAGE, ids.SHOWN)}
    places[ids.URL].pathname = pathname
    places[ids.URL].search = shown.search
    places[ids.TITLE].data = shown.title
    places[ids.NAV].children = shown.navigation
    places[ids.AS_AT].children = shown.options
    places[ids.FOOTER_DATA].children = shown.footer_data
    places[ids.FOOTER_LOADED].children = shown.footer_loaded
    places[ids.PAGE].children = shown.page
    places[ids.SHOWN].data = shown.shown
    return frame


def priority_links(store: Store) -> list[tuple[str, str]]:
    """Every priority as (name, slug), in the navigation's order: the router's one question about them."""
    return [(link.name, link.slug) for link in store.priorities()]


def render(store: Store, pathname: str | None, search: str | None) -> Rendered:
    """The page for a URL."""
    months = store.months()
    route = parse_route(pathname, search, months)
    choices = tuple((month.label, as_at_param(month)) for month in months)
    options = month_options(list(choices), route.as_at)
    if route.period is None or route.as_at is None:
        page = html.Div([html.H1("No figures yet"),
                         html.P("Load definitions and values with 'python -m dashboard import FILE'.")])
        return Rendered(APP_NAME, page, navigation(), options, None, "", "", "", months=choices)
    title, page = VIEWS[route.page](store, route, route.period, route.as_at)
    if route.note:
        page = html.Div([notice(route.note, "warning"), page])
    links = tuple(priority_links(store))
    nav = navigation(list(links), route.as_at, route.path)
    loaded = store.last_loaded()
    return Rendered(
        title=f"{title} – {APP_NAME}", page=page, navigation=nav, options=options, as_at=route.as_at,
        search=route.search,
        footer_data=DEMO_NOTICE if store.is_demo() else "Figures as loaded by the council's performance officers.",
        footer_loaded=f"Data last loaded {loaded:%d %B %Y at %H:%M} UTC." if loaded else "",
        links=links, months=choices, current=route.path)


def shown_before(value: object) -> dict[str, str | None] | None:
    """What the browser says its frame shows (Rendered.shown, as the page kept it), or None when it is not of
    that form (a page drawn before this key existed, or a hostile body): the frame is then sent whole."""
    if not isinstance(value, dict) or set(value) != {"frame", "current", "as_at"}:
        return None
    frame, current, as_at = value["frame"], value["current"], value["as_at"]
    if not isinstance(frame, str) or not isinstance(current, str) or len(current) > MAX_REFERER:
        return None
    if as_at is not None and not (isinstance(as_at, str) and len(as_at) <= 40):
        return None
    return {"frame": frame, "current": current, "as_at": as_at}


_ABSENT = object()


def _one_kind(old: object, new: object) -> bool:
    """Whether two values are components of one kind, the new one having every prop the old one has."""
    return (isinstance(old, dict) and isinstance(new, dict) and "props" in old and "props" in new
            and (old.get("type"), old.get("namespace")) == (new.get("type"), new.get("namespace"))
            and set(old["props"]) <= set(new["props"]))


def _differences(old: object, new: object, location: tuple) -> Iterator[tuple[tuple, object]]:
    """Where two components' JSON differ (a location of Dash's Patch) and the new value there: into the
    props of components of one kind and lists of one length; anything else is replaced whole."""
    if old == new:
        return
    if _one_kind(old, new):
        assert isinstance(old, dict) and isinstance(new, dict)
        for name, value in new["props"].items():
            yield from _differences(old["props"].get(name, _ABSENT), value, (*location, "props", name))
    elif isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for index, (was, now) in enumerate(zip(old, new, strict=True)):
            yield from _differences(was, now, (*location, index))
    else:
        yield location, new


def changed(before: object, after: object) -> object:
    """What turns `before` (components the browser shows) into `after`: no_update when they are the same,
    a Patch of only what differs, or `after` whole when it differs throughout."""
    differences = list(_differences(json.loads(to_json_plotly(before)), json.loads(to_json_plotly(after)), ()))
    if not differences:
        return no_update
    if any(not location for location, _value in differences):
        return after
    patch = Patch()
    for location, value in differences:
        place = patch
        for step in location[:-1]:
            place = place[step]
        place[location[-1]] = value
    return patch


def chosen_changed(months: tuple[tuple[str, str], ...], was: str | None, now: str | None) -> object:
    """The list of months' change when the month chosen goes from `was` to `now` (the list the same): the
    two options' `selected` (as month_options draws them, without serialising the list: it is the bulk of
    the work), or no_update."""
    values = [value for _label, value in months]
    patch = Patch()
    flipped = False
    for value, selected in ((was, False), (now, True)):
        if was != now and value in values:
            patch[values.index(value)]["props"]["selected"] = selected
            flipped = True
    return patch if flipped else no_update


def frame_update(shown: Rendered, before: object) -> tuple[object, object, object, object, object]:
    """The navigation, the months, the footer's two lines and the key of what is shown, as the router sends
    them: whole when the browser's frame was drawn from other data (or it does not say); otherwise only what
    differs (the current link, the links' month, the month chosen) and nothing where nothing does."""
    was, now = shown_before(before), shown.shown
    if was is None or was["frame"] != now["frame"]:
        return shown.navigation, shown.options, shown.footer_data, shown.footer_loaded, now
    if was == now:
        return no_update, no_update, no_update, no_update, no_update
    shown_nav = navigation(list(shown.links), was["as_at"], str(was["current"]))
    return (changed(shown_nav, shown.navigation), chosen_changed(shown.months, was["as_at"], shown.as_at),
            no_update, no_update, now)


def section(store: Store, pathname: str | None, search: str | None, name: str) -> Component | None:
    """A page's section that is drawn when opened (layouts.components.on_demand), or None where that page
    has no such section."""
    route = parse_route(pathname, search, store.months())
    draw = SECTIONS.get((route.page, name))
    if route.period is None or route.as_at is None or draw is None:
        return None
    return draw(store, route.slug, route.period, route.as_at)


OUTPUTS = [(ids.PAGE, "children"), (ids.TITLE, "data"), (ids.NAV, "children"), (ids.AS_AT, "children"),
           (ids.URL, "search"), (ids.FOOTER_DATA, "children"), (ids.FOOTER_LOADED, "children"), (ids.SHOWN, "data")]
INPUTS = [(ids.URL, "pathname"), (ids.URL, "search")]
STATES = [(ids.SHOWN, "data")]  # what the frame shows: the router sends only what differs from it
# the router's functions in the browser, in assets/router.js (a file the app serves: script-src 'self' holds)
CLIENTSIDE = "router"


def database_down_page() -> html.Div:
    """What a page shows while the database cannot be read."""
    return html.Div([html.H1("Figures unavailable"), notice(DATABASE_DOWN, "warning")], className="page")


def url_sent(pathname: object, search: object) -> tuple[str, str]:
    """The URL's pathname and query as text, whatever the browser sent (anything else is `/` with no query):
    the keys of the page cache and what parse_route reads."""
    return (pathname if isinstance(pathname, str) else "/", search[:MAX_QUERY] if isinstance(search, str) else "")


def _log_unreadable(error: DatabaseError) -> None:
    logging.getLogger(__name__).warning("Cannot read the database: %s", first_line(error))


def register(app: Dash, store: Store, cache: Cache | None = None,
             council_name: str = "Council Performance Dashboard") -> PageCache:
    """Bind the router to this app: the layout (the shell, with the page for the URL asked for already in it)
    and one callback that draws the page, the list of months and the footer when the URL changes. With a
    cache, a page drawn once is served again until the data changes (its version is in the key)."""
    pages = PageCache(cache, store)
    layout_path = app.config.routes_pathname_prefix + "_dash-layout"

    def shown_page(pathname: str, search: str, version: str | None = None, count: bool = True) -> Rendered:
        if not pages.enabled:
            return render(store, pathname, search)
        version = version or pages.version()
        route = parse_route(pathname, search, pages.months(version))
        if route.page in UNCACHED:
            return render(store, pathname, search)
        view = counted_view(route, search) if count else None
        if view is not None:
            pages.asked(view)
        return pages.fetch(version, "page", view_key(route), lambda: render(store, pathname, search))

    def warm(pathname: str, search: str, version: str) -> None:
        shown_page(pathname, search, version, count=False)

    pages.warm = warm

    def layout() -> html.Div:
        # Dash asks for the layout once, right after the HTML: its answer holds the page the HTML's URL asks
        # for, so the first view needs no callback. Without a usable Referer (or with the database down),
        # the shell alone: the router's callback then draws the page, as it does after every navigation.
        frame = shell(council_name)
        if not has_request_context() or request.path != layout_path:
            return frame
        address = referred_url(request.headers.get("Referer"), request.host)
        if address is None:
            return frame
        pathname, search = url_sent(*address)
        try:
            return first_view(frame, shown_page(pathname, search), pathname)
        except DatabaseError as error:
            _log_unreadable(error)
            return frame

    app.layout = layout

    @app.server.after_request
    def layout_varies_by_page(response):
        # the same address answers with a different page for each page that asks: no cache may mix them up
        if request.path == layout_path:
            response.headers["Cache-Control"] = "no-cache"
            response.vary.add("Referer")
        return response

    # Not on load: the layout already holds the page for the URL; a URL the layout could not read is set
    # by dcc.Location as it starts, which calls this.
    @app.callback(*(Output(i, p) for i, p in OUTPUTS), *(Input(i, p) for i, p in INPUTS),
                  *(State(i, p) for i, p in STATES), prevent_initial_call=True)
    def route(pathname, search, before):
        try:
            shown = shown_page(*url_sent(pathname, search))
        except DatabaseError as error:
            # never cached (the cache's key needs the database too): the next request tries again. The
            # navigation, months and footer already shown, and the URL, are left as they are.
            _log_unreadable(error)
            return (database_down_page(), f"Figures unavailable – {APP_NAME}", no_update, no_update, no_update,
                    no_update, no_update, no_update)
        # the period shown goes into the URL, so that the link shared or reloaded shows the same view. The
        # title is always sent: assets/page.js knows a page is drawn by the title reaching the document.
        nav, options, footer_data, footer_loaded, now_shown = frame_update(shown, before)
        return (shown.page, shown.title, nav, options, shown.search if shown.search != search else no_update,
                footer_data, footer_loaded, now_shown)

    @app.callback(Output({"type": ids.SECTION_BODY, "section": MATCH}, "children"),
                  Input({"type": ids.SECTION_OPEN, "section": MATCH}, "n_clicks"),
                  State(ids.URL, "pathname"), State(ids.URL, "search"), prevent_initial_call=True)
    def open_section(clicks, pathname, search):
        # the first click opens the <details>; later ones close and reopen what is already drawn
        if clicks != 1 or not isinstance(ctx.triggered_id, dict):
            raise PreventUpdate
        name = ctx.triggered_id.get("section")
        name = name if isinstance(name, str) else ""
        try:
            drawn_section = drawn_section_of(*url_sent(pathname, search), name)
        except DatabaseError as error:
            _log_unreadable(error)
            return notice(DATABASE_DOWN, "warning")
        if drawn_section is None:
            return notice("This table could not be drawn: reload the page.", "warning")
        return drawn_section

    def drawn_section_of(pathname: str, search: str, name: str) -> Component | None:
        if not pages.enabled:
            return section(store, pathname, search, name)
        version = pages.version()
        route = parse_route(pathname, search, pages.months(version))
        return pages.fetch(version, "section", f"{view_key(route)}\n{name}",
                           lambda: section(store, pathname, search, name))

    # "Show": the chosen month into the URL (other parameters kept); the router above then redraws the page.
    # Dash does not keep a native <select>'s value in step, so the browser reads it when "Show" is pressed;
    # the router checks the month again on the server.
    app.clientside_callback(ClientsideFunction(CLIENTSIDE, "showMonth"),
                            Output(ids.URL, "search", allow_duplicate=True),
                            Input(ids.SHOW, "n_clicks"), State(ids.URL, "search"), prevent_initial_call=True)
    app.clientside_callback(ClientsideFunction(CLIENTSIDE, "setTitle"), Output(ids.TITLE, "clear_data"),
                            Input(ids.TITLE, "data"))
    # The first view's month into the address bar (replacing the entry: the same page), where the layout
    # gave the URL a month the address did not name.
    app.clientside_callback(ClientsideFunction(CLIENTSIDE, "keepAddress"),
                            Output(ids.TITLE, "clear_data", allow_duplicate=True),
                            Input(ids.URL, "search"), State(ids.URL, "pathname"),
                            prevent_initial_call="initial_duplicate")
    return pages
