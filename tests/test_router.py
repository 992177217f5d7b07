"""The router's reading of a URL, as tables of cases: which page a pathname asks for, with which slug, and
which month a query string's `as_at` gives (with the note shown when it cannot be used). Plus the tables
that wire a page to its view, and the router's browser code that callbacks/router.py names."""

from __future__ import annotations

import re

import pytest

from callbacks.router import (
    CLIENTSIDE,
    MAX_QUERY,
    PATHS,
    SECTIONS,
    VIEWS,
    Page,
    Route,
    parse_route,
    url_sent,
)
from dashboard.app import ASSETS, create_app
from dashboard.settings import Settings
from data.db import make_engine
from data.periods import parse_period
from data.store import Store
from layouts import ids

DEC_2008, NOV_2008, MAR_2007 = (parse_period(label) for label in ("Dec 2008", "Nov 2008", "Mar 2007"))
MONTHS = [DEC_2008, NOV_2008, MAR_2007]  # newest first, as the store gives them
LONGEST_SLUG = "a" * 200


@pytest.mark.parametrize(("pathname", "page", "slug", "path"), [
    # the overview: `/`, however many slashes, or nothing at all
    (None, Page.OVERVIEW, "", "/"),
    ("", Page.OVERVIEW, "", "/"),
    ("/", Page.OVERVIEW, "", "/"),
    ("///", Page.OVERVIEW, "", "/"),
    # a priority's or an indicator's page: /<page>/<slug>, trailing slashes dropped
    ("/priorities/children-and-young-people-safe-and-achieving", Page.PRIORITY,
     "children-and-young-people-safe-and-achieving", "/priorities/children-and-young-people-safe-and-achieving"),
    ("/priorities/x/", Page.PRIORITY, "x", "/priorities/x"),
    ("/indicators/bv78a", Page.INDICATOR, "bv78a", "/indicators/bv78a"),
    ("/indicators/bv78a///", Page.INDICATOR, "bv78a", "/indicators/bv78a"),
    ("/indicators/ia-7wd-ni-59", Page.INDICATOR, "ia-7wd-ni-59", "/indicators/ia-7wd-ni-59"),
    ("/indicators/0", Page.INDICATOR, "0", "/indicators/0"),
    (f"/indicators/{LONGEST_SLUG}", Page.INDICATOR, LONGEST_SLUG, f"/indicators/{LONGEST_SLUG}"),
    # the scrutiny pages: the grid, the themes and the drill-down from the council down
    ("/grid", Page.GRID, "", "/grid"),
    ("/grid/", Page.GRID, "", "/grid"),
    ("/themes", Page.THEMES, "", "/themes"),
    ("/themes/children-and-young-people", Page.THEME, "children-and-young-people", "/themes/children-and-young-people"),
    ("/directorates", Page.COUNCIL, "", "/directorates"),
    ("/directorates/childrens-services", Page.DIRECTORATE, "childrens-services", "/directorates/childrens-services"),
    ("/directorates/x/youth-offending", Page.SERVICE, "x", "/directorates/x/youth-offending"),
    # the improvement managers' pages
    ("/underperformance", Page.UNDERPERFORMANCE, "", "/underperformance"),
    ("/actions", Page.ACTIONS, "", "/actions"),
    ("/actions/rem-cyp-01", Page.ACTION, "rem-cyp-01", "/actions/rem-cyp-01"),
    ("/assessment", Page.ASSESSMENT, "", "/assessment"),
    # leading slashes are read past, but the path is kept as asked (the navigation marks no link current)
    ("//priorities/x", Page.PRIORITY, "x", "//priorities/x"),
    # a slug: lower-case letters, digits and hyphens, not starting with a hyphen, at most 200 long (as stored)
    ("/indicators/BV78a", Page.NOT_FOUND, "", "/indicators/BV78a"),
    ("/indicators/-bv78a", Page.NOT_FOUND, "", "/indicators/-bv78a"),
    ("/indicators/bv_78a", Page.NOT_FOUND, "", "/indicators/bv_78a"),
    ("/indicators/bv78a%20", Page.NOT_FOUND, "", "/indicators/bv78a%20"),
    ("/indicators/bv78a?as_at=2008-12", Page.NOT_FOUND, "", "/indicators/bv78a?as_at=2008-12"),
    ("/indicators/..", Page.NOT_FOUND, "", "/indicators/.."),
    (f"/indicators/{LONGEST_SLUG}a", Page.NOT_FOUND, "", f"/indicators/{LONGEST_SLUG}a"),
    # anything else is not found
    ("/indicators", Page.NOT_FOUND, "", "/indicators"),
    ("/indicators/", Page.NOT_FOUND, "", "/indicators"),
    ("/indicators/bv78a/more", Page.NOT_FOUND, "", "/indicators/bv78a/more"),
    ("/indicators//bv78a", Page.NOT_FOUND, "", "/indicators//bv78a"),
    ("/Indicators/bv78a", Page.NOT_FOUND, "", "/Indicators/bv78a"),
    ("/themes/x/y", Page.NOT_FOUND, "", "/themes/x/y"),
    ("/grid/x", Page.NOT_FOUND, "", "/grid/x"),
    ("/directorates/x/y/z", Page.NOT_FOUND, "", "/directorates/x/y/z"),
    ("/directorates/x/Y", Page.NOT_FOUND, "", "/directorates/x/Y"),
    ("/overview", Page.NOT_FOUND, "", "/overview"),
    ("/bv78a", Page.NOT_FOUND, "", "/bv78a"),
    ("//bv78a", Page.NOT_FOUND, "", "//bv78a"),
    ("indicators/bv78a", Page.INDICATOR, "bv78a", "indicators/bv78a"),  # no leading slash: read all the same
])
def test_a_pathname_names_a_page_and_its_slug(pathname, page, slug, path):
    route = parse_route(pathname, "", MONTHS)
    assert (route.page, route.slug, route.path, route.period, route.note) == (page, slug, path, DEC_2008, None)


NOT_A_MONTH = "'{}' is not a month we can report at: showing Dec 2008."


@pytest.mark.parametrize(("search", "period", "note"), [
    # no month asked: the latest
    (None, DEC_2008, None),
    ("", DEC_2008, None),
    ("?", DEC_2008, None),
    ("?as_at=", DEC_2008, None),  # a blank value is no value
    ("?other=2007-03", DEC_2008, None),
    # a month the store has figures for, in any spelling of a month
    ("?as_at=2007-03", MAR_2007, None),
    ("as_at=2007-03", MAR_2007, None),  # the leading ? is optional
    ("?as_at=2007-3", MAR_2007, None),
    ("?as_at=Mar+2007", MAR_2007, None),
    ("?as_at=Mar%202007", MAR_2007, None),
    ("?as_at=march 2007", MAR_2007, None),
    ("?as_at=2008-11&x=1", NOV_2008, None),
    ("?x=1&as_at=2008-11", NOV_2008, None),
    ("?as_at=2007-03&as_at=2006-01", MAR_2007, None),  # the first one counts
    # a month without figures: the latest, with a note
    ("?as_at=2050-01", DEC_2008, "There are no figures as at Jan 2050: showing the latest month, Dec 2008."),
    ("?as_at=2008-10", DEC_2008, "There are no figures as at Oct 2008: showing the latest month, Dec 2008."),
    # not a month: the latest, with a note quoting (at most 40 characters of) what was asked
    ("?as_at=2008-13", DEC_2008, NOT_A_MONTH.format("2008-13")),
    ("?as_at=9999-12", DEC_2008, NOT_A_MONTH.format("9999-12")),
    ("?as_at=0000-01", DEC_2008, NOT_A_MONTH.format("0000-01")),
    ("?as_at=Q3 2007/08", DEC_2008, NOT_A_MONTH.format("Q3 2007/08")),
    ("?as_at=2007/08", DEC_2008, NOT_A_MONTH.format("2007/08")),
    ("?as_at=12/2008", DEC_2008, NOT_A_MONTH.format("12/2008")),
    ("?as_at=%3Cscript%3E", DEC_2008, NOT_A_MONTH.format("<script>")),
    ("?as_at=2008-12%00", DEC_2008, NOT_A_MONTH.format("2008-12\x00")),
    ("?as_at=" + "x" * 100, DEC_2008, NOT_A_MONTH.format("x" * 40)),
    # only the first 500 characters of a query are read
    ("?" + "x=1&" * (MAX_QUERY // 4) + "as_at=2007-03", DEC_2008, None),
    ("?" + "x=1&" * (MAX_QUERY // 4 - 4) + "as_at=2007-03", MAR_2007, None),
])
def test_the_query_names_the_month_to_report_at(search, period, note):
    route = parse_route("/", search, MONTHS)
    assert (route.period, route.note) == (period, note)
    assert route.as_at == f"{period.start:%Y-%m}"
    assert route.search == f"?as_at={route.as_at}"


@pytest.mark.parametrize(("pathname", "search", "sub", "expected_search", "note"), [
    ("/directorates/x/youth-offending", "", "youth-offending", "?as_at=2008-12", None),
    ("/grid", "?rating=RED&theme=t&as_at=2008-11&x=1", "", "?theme=t&rating=red&as_at=2008-11", None),
    ("/grid", "?underperforming=yes&page=3", "", "?underperforming=1&page=3&as_at=2008-12", None),
    ("/grid", "?theme=%3Cscript%3E&as_at=2008-10", "", "?as_at=2008-12",
     "There are no figures as at Oct 2008: showing the latest month, Dec 2008. "
     "There is no theme '<script>': showing every theme."),
    ("/themes/t", "?rating=red", "", "?rating=red&as_at=2008-12", None),
    ("/underperformance", "?unmanaged=1&rating=red", "", "?unmanaged=1&as_at=2008-12", None),
    ("/actions", "?status=overdue&theme=t", "", "?status=overdue&as_at=2008-12", None),
    # pages without filters ignore them
    ("/indicators/bv78a", "?rating=purple&theme=t", "", "?as_at=2008-12", None),
    ("/themes", "?rating=red", "", "?as_at=2008-12", None),
])
def test_the_grid_filters_stand_in_the_url(pathname, search, sub, expected_search, note):
    route = parse_route(pathname, search, MONTHS)
    assert (route.sub, route.search, route.note) == (sub, expected_search, note)
    again = parse_route(pathname, route.search, MONTHS)  # the URL the page is given reads back the same
    assert (again.filters, again.search) == (route.filters, route.search)


@pytest.mark.parametrize("search", ["", "?as_at=2007-03", "?as_at=nonsense"])
def test_without_figures_there_is_no_month(search):
    route = parse_route("/indicators/bv78a", search, [])
    assert route == Route(Page.INDICATOR, "bv78a", "/indicators/bv78a", None, None)
    assert (route.as_at, route.search) == (None, "")


@pytest.mark.parametrize(("pathname", "search", "sent"), [
    ("/indicators/bv78a", "?as_at=2008-12", ("/indicators/bv78a", "?as_at=2008-12")),
    (None, None, ("/", "")),
    (5, True, ("/", "")),
    (["/"], {"as_at": "2008-12"}, ("/", "")),
    ("/", "?" + "x" * 600, ("/", "?" + "x" * (MAX_QUERY - 1))),
])
def test_what_the_browser_sent_is_read_as_text(pathname, search, sent):
    assert url_sent(pathname, search) == sent


def test_every_page_has_a_view_and_every_page_with_a_slug_a_path():
    assert set(VIEWS) == set(Page)
    assert {page for page, _name in SECTIONS} <= set(Page)
    assert set(PATHS.values()) == set(Page) - {Page.NOT_FOUND}
    assert len(set(PATHS.values())) == len(PATHS)  # one path for each page


def test_the_router_browser_code_is_in_assets():
    app = create_app(Settings(seed_demo=False, cache_seconds=0), Store(make_engine("sqlite://", create=False)))
    script = (ASSETS / "router.js").read_text()
    named = [callback["clientside_function"] for callback in app._callback_list if callback["clientside_function"]]
    assert len(named) == 3  # showMonth, setTitle, keepAddress
    for function in named:
        assert function["namespace"] == CLIENTSIDE
        assert re.search(rf"\b{function['function_name']}: function\b", script)
    assert f'var SELECT = "{ids.AS_AT}";' in script  # the month chooser's id, as layouts/ids.py names it
