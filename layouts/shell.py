"""The frame around every page: council name, navigation, the "as at" period, the footer."""

from __future__ import annotations

from dash import dcc, html

from data.demo import NOTICE
from layouts import ids
from layouts.components import href

# What the frame shows now (callbacks.router.Rendered.shown): the router sends the navigation, the months and
# the footer again only where they differ from it. (An id of layouts/ids.py's kind, kept here for now.)

DEMO_NOTICE = NOTICE  # the demo's own words (data/demo)

INDEX_STRING = """<!DOCTYPE html>
<html lang="en-GB">
    <head>
        {%metas%}
        <title>{%title%}</title>
        {%favicon%}
        {%css%}
    </head>
    <body>
        {%app_entry%}
        {%config%}
        {%scripts%}
        {%renderer%}
    </body>
</html>"""


def shell(council_name: str = "Council Performance Dashboard") -> html.Div:
    """The app's layout: the page itself is filled in by the router callback."""
    return html.Div([
        dcc.Location(id=ids.URL, refresh="callback-nav"),
        dcc.Store(id=ids.TITLE),
        dcc.Store(id=ids.SHOWN),
        html.A("Skip to main content", href=f"#{ids.MAIN}", className="skip-link"),
        html.Header([
            html.Div([
                html.A([html.Span(council_name, className="header__council"),
                        html.Span("Performance dashboard", className="header__product")],
                       href="/", className="header__home"),
                # On a narrow screen the navigation folds away behind this button (assets/page.js opens it),
                # so that the page's own heading is in the first screen; on a wide one it is hidden and the
                # navigation always shown.
                html.Button("Menu", type="button", className="menu-button",
                            **{"aria-expanded": "false", "aria-controls": ids.NAV}),
                # A native select, which every browser and screen reader knows, and a button: choosing a
                # month changes nothing until "Show" (WCAG 3.2.2); the month then goes into the URL, so the
                # view can be shared and reloaded, and the page is redrawn without reloading.
                html.Form([
                    html.Label("Performance as at", htmlFor=ids.AS_AT, className="as-at__label"),
                    html.Select(id=ids.AS_AT, name="as_at", className="as-at__select"),
                    html.Button("Show", id=ids.SHOW, type="button", className="as-at__button"),
                ], className="as-at", **{"aria-label": "Choose the month to report at"}),
            ], className="header__bar"),
            html.Nav(id=ids.NAV, className="site-nav", **{"aria-label": "Main"}),
        ], className="header"),
        html.Main(html.Div(id=ids.PAGE), id=ids.MAIN, className="main", tabIndex="-1"),
        # What changed without a page load, said once by screen readers (assets/page.js writes it): the page
        # after following a link, the month after "Show", a table after its section is opened.
        html.Div(id=ids.STATUS, role="status", className="visually-hidden", **{"aria-live": "polite",
                                                                          "aria-atomic": "true"}),
        html.Footer([
            html.P(id=ids.FOOTER_DATA, className="footer__data"),
            html.P(id=ids.FOOTER_LOADED, className="footer__loaded"),
        ], className="footer"),
    ], className="shell")


def month_options(months: list[tuple[str, str]] = (), chosen: str | None = None) -> list[html.Option]:
    """The months one can report at, as (label, value), newest first; `chosen` is selected."""
    return [html.Option(label, value=value, selected=value == chosen) for label, value in months]


# the scrutiny, drill-down and improvement managers' pages, after the priorities in the navigation
SCRUTINY = (("Status grid", "/grid"), ("Themes", "/themes"), ("Directorates", "/directorates"),
            ("Under-performance", "/underperformance"), ("Actions", "/actions"),
            ("Strategic assessment", "/assessment"), ("Report pack", "/report"))


def navigation(priorities: list[tuple[str, str]] = (), as_at: str | None = None, current: str = "/") -> list:
    """Links to the overview, every priority and the scrutiny pages, keeping the "as at" period."""
    links = [("Overview", "/")] + [(name, f"/priorities/{slug}") for name, slug in priorities] + list(SCRUTINY)
    return [html.Ul([
        html.Li(html.Span(name, className="site-nav__link site-nav__link--current", **{"aria-current": "page"})
                if path == current else dcc.Link(name, href=href(path, as_at), className="site-nav__link"))
        for name, path in links], className="site-nav__list")]


def breadcrumbs(trail: list[tuple[str, str | None]], as_at: str | None) -> html.Nav:
    """Where this page sits: each step a link but the last."""
    items = [html.Li(dcc.Link(name, href=href(path, as_at)) if path else html.Span(name, **{"aria-current": "page"}))
             for name, path in trail]
    return html.Nav(html.Ol(items, className="breadcrumbs__list"), className="breadcrumbs",
                    **{"aria-label": "Breadcrumb"})


def not_found(what: str = "page", as_at: str | None = None) -> html.Div:
    """The page for a path, priority or indicator that does not exist."""
    return html.Div([
        html.H1(f"This {what} was not found"),
        html.P(["The link may be old or mistyped. ", dcc.Link("Go to the overview", href=href("/", as_at)), "."]),
    ], className="page page--not-found")
