"""The app as Dash serves it: the factory, every page through the Flask test client, and the router's
callback as the browser calls it (`POST /_dash-update-component` with a real payload)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from dash import html
from dash_requests import request_body, section_request_body
from helpers import component_text, find_all, make_facts, make_figure
from plotly.offline import get_plotlyjs_version

from callbacks.indicator import indicator_figures, indicator_view
from callbacks.overview import overview_view
from callbacks.priority import priority_basket, priority_view
from callbacks.router import choose_period, render
from dashboard.app import ASSETS, PLOTLY_BUNDLE, PLOTLY_PATH, create_app
from dashboard.settings import Settings
from data.periods import Frequency, parse_period
from data.rules import Polarity, Rating
from layouts import ids
from layouts.components import markdown_text
from layouts.figures import trend_figure

DEC_2008 = parse_period("Dec 2008")
CHILDREN = "children-and-young-people-safe-and-achieving"


@pytest.fixture(scope="module")
def app(demo_sqlite):
    return create_app(Settings(database_url="sqlite://", seed_demo=False), demo_sqlite)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def test_the_factory_can_be_called_twice(demo_sqlite):
    first = create_app(Settings(council_name="First"), demo_sqlite)
    second = create_app(Settings(council_name="Second"), demo_sqlite)
    assert first is not second
    assert first.server is not second.server
    assert set(first.callback_map) == set(second.callback_map)
    assert "First" in component_text(first.layout())  # outside a request: the shell
    assert "Second" in component_text(second.layout())


@pytest.mark.parametrize("path", ["/", f"/priorities/{CHILDREN}?as_at=2008-12", "/indicators/bv78a",
                                  "/no/such/page", "/_dash-layout", "/_dash-dependencies"])
def test_every_page_answers(client, path):
    assert client.get(path).status_code == 200


def test_the_page_is_in_english_and_needs_no_cdn(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="en-GB">' in page
    assert "/assets/style.css" in page
    assert "cdn" not in page.lower()
    assert "unpkg" not in page.lower()


def test_charts_get_the_partial_plotly_bundle_compressed(client):
    """dcc.Graph asks Dash's address for plotly.js; the app answers with its partial build, brotli-compressed."""
    whole = client.get("/" + PLOTLY_PATH)
    assert whole.get_data().startswith(b"/*! plotly.js v")
    assert len(whole.get_data()) < 1_200_000  # the full plotly.min.js is over 4.5 MB
    compressed = client.get("/" + PLOTLY_PATH, headers={"Accept-Encoding": "gzip, deflate, br, zstd"})
    assert compressed.headers["Content-Encoding"] == "br"
    assert len(compressed.get_data()) < 400_000
    assert client.get("/" + PLOTLY_PATH, headers={"If-None-Match": whole.headers["ETag"]}).status_code == 304


def test_the_plotly_bundle_matches_the_installed_plotly_and_what_the_figures_use():
    bundle = (ASSETS / "vendor" / PLOTLY_BUNDLE).read_text(encoding="utf-8")
    assert bundle.startswith(f"/*! plotly.js v{get_plotlyjs_version()} ")  # rebuild: docs/plotly-bundle
    assert 'name:"scatter"' in bundle
    figures = (make_figure("Q1 2007/08", 10.0, (11.0, 13.0), Rating.AMBER, frequency=Frequency.QUARTERLY),
               make_figure("Q2 2007/08", 12.0, (11.0, 13.0), Rating.GREEN, frequency=Frequency.QUARTERLY))
    for polarity in Polarity:
        facts = make_facts(unit="%", polarity=polarity, frequency=Frequency.QUARTERLY)
        figure = trend_figure(figures, facts).to_plotly_json()
        assert {trace["type"] for trace in figure["data"]} == {"scatter"}
        # components the bundle leaves out
        assert not {"shapes", "annotations", "images", "updatemenus", "sliders"} & set(figure["layout"])


def test_the_bundle_is_not_a_script_on_every_page(client):
    assert "vendor" not in client.get("/").get_data(as_text=True)


def test_an_indicator_page_asks_for_its_charts_scripts_from_the_start(client):
    preload = f'<link rel="preload" as="script" href="/{PLOTLY_PATH}">'
    assert preload in client.get("/indicators/bv78a").get_data(as_text=True)
    assert preload not in client.get("/").get_data(as_text=True)  # no chart there: not a byte more


def test_debug_is_off(app):
    assert not app.server.debug


def route(client, pathname: str, search: str = ""):
    """Call the router as the browser does."""
    response = client.post("/_dash-update-component", json=request_body(pathname, search))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return json.loads(response.get_data(as_text=True))["response"]


def test_the_router_draws_the_overview(client):
    response = route(client, "/")
    assert response[ids.TITLE]["data"] == "Overview as at Dec 2008 – Council Performance Dashboard"
    months = response[ids.AS_AT]["children"]
    assert months[0]["props"] | {"children": "Dec 2008", "value": "2008-12", "selected": True} == months[0]["props"]
    assert not any(month["props"]["selected"] for month in months[1:])
    assert response[ids.URL]["search"] == "?as_at=2008-12"  # the period shown goes into the URL
    page = json.dumps(response[ids.PAGE]["children"])
    assert "How the council is doing" in page
    assert "synthetic" in response[ids.FOOTER_DATA]["children"]


def test_the_router_keeps_the_period_of_a_deep_link(client):
    response = route(client, f"/priorities/{CHILDREN}", "?as_at=2007-03")
    selected = [m["props"]["value"] for m in response[ids.AS_AT]["children"] if m["props"]["selected"]]
    assert selected == ["2007-03"]
    assert ids.URL not in response  # already in the URL: left alone
    assert "Children and young people safe and achieving" in json.dumps(response[ids.PAGE]["children"])
    assert "as_at=2007-03" in json.dumps(response[ids.NAV]["children"])  # links keep the period


def open_section(client, section: str, clicks: int, pathname: str, search: str = ""):
    """Open an on-demand <details> as the browser does: the pattern-matching callback, with the page's URL."""
    response = client.post("/_dash-update-component", json=section_request_body(section, clicks, pathname, search))
    return response.status_code, response.get_data(as_text=True)


def test_a_table_twin_is_drawn_when_first_opened(client):
    status, body = open_section(client, "figures", 1, "/indicators/bv78a", "?as_at=2007-06")
    assert status == 200
    assert "Every figure, newest first" in body and "Jun 2007" in body and "Jul 2007" not in body
    assert open_section(client, "figures", 2, "/indicators/bv78a", "?as_at=2007-06")[0] == 204  # already drawn
    status, body = open_section(client, "basket", 1, f"/priorities/{CHILDREN}", "?as_at=2008-12")
    assert "The basket as a table" in body and "PAF C64" in body


def test_the_rest_of_the_attention_list_is_drawn_when_opened(client, demo_sqlite):
    found = demo_sqlite.exceptions(DEC_2008)
    status, body = open_section(client, "attention", 1, "/", "?as_at=2008-12")
    assert status == 200
    drawn = json.loads(body)["response"]
    items = drawn[next(iter(drawn))]["children"]["props"]
    assert items["start"] == 11
    assert len(items["children"]) == len(found) - 10
    assert open_section(client, "attention", 1, "/priorities/x")[1].count("This table could not be drawn") == 1


@pytest.mark.parametrize(("section", "pathname"), [("nonsense", "/indicators/bv78a"), ("figures", "/"),
                                                   ("figures", "/indicators/<script>")])
def test_a_section_that_does_not_exist_gives_a_clear_message(client, section, pathname):
    status, body = open_section(client, section, 1, pathname)
    assert status == 200
    assert "This table could not be drawn" in body


def test_an_indicator_as_at_an_earlier_month(client):
    response = route(client, "/indicators/bv78a", "?as_at=2007-06")
    assert "Latest: Jun 2007" in json.dumps(response[ids.PAGE]["children"])


@pytest.mark.parametrize(("pathname", "search", "expected"), [
    ("/priorities/nope", "", "This priority was not found"),
    ("/indicators/NOT OK", "", "This page was not found"),
    ("/indicators/bv78a/extra", "", "This page was not found"),
    ("/", "?as_at=1999-01", "There are no figures as at Jan 1999"),
    ("/", "?as_at=<script>", "is not a month we can report at"),
    ("/", "?as_at=" + "9" * 5000, "is not a month we can report at"),
])
def test_bad_urls_give_a_clear_page(client, pathname, search, expected):
    assert expected in json.dumps(route(client, pathname, search)[ids.PAGE]["children"])


def test_a_month_the_list_never_offered_is_refused(client):
    response = route(client, "/", "?as_at=2050-01")
    assert response[ids.URL]["search"] == "?as_at=2008-12"
    assert "There are no figures as at Jan 2050" in json.dumps(response[ids.PAGE]["children"])


def test_choose_period_takes_the_urls_month_else_the_latest(demo_sqlite):
    months = demo_sqlite.months()
    assert choose_period(months, "?as_at=2007-03")[0].label == "Mar 2007"
    assert choose_period(months, "?as_at=Mar+2007")[0].label == "Mar 2007"  # any spelling of a month
    assert choose_period(months, "?as_at=2007-03&as_at=2006-01")[0].label == "Mar 2007"
    assert choose_period(months, "") == (DEC_2008, None)
    assert choose_period([], "?as_at=2007-03") == (None, None)


def test_overview_view(demo_sqlite):
    title, page = overview_view(demo_sqlite, DEC_2008, "2008-12")
    text = component_text(page)
    assert title == "Overview as at Dec 2008"
    for link in demo_sqlite.priorities():
        assert link.name in text
    assert "What went well" in text
    assert "Needs attention" in text
    assert "No remedial action." in text  # unmanaged under-performance is called out


def test_priority_view(demo_sqlite):
    title, page = priority_view(demo_sqlite, CHILDREN, DEC_2008, "2008-12")
    assert title == "Children and young people safe and achieving as at Dec 2008"
    text = component_text(page)
    card = demo_sqlite.scorecard(DEC_2008, priority=CHILDREN)
    for row in card:
        assert row.indicator.title in text
    assert "REM-CYP-02" in text  # the actions serving it
    assert "The basket as a table" in text
    basket = component_text(priority_basket(demo_sqlite, CHILDREN, DEC_2008, "2008-12"))  # drawn when opened
    assert all(markdown_text(row.indicator.code) in basket for row in card)


def test_indicator_view_as_at_a_period_hides_later_figures(demo_sqlite):
    title, page = indicator_view(demo_sqlite, "bv78a", parse_period("Jun 2007"), "2007-06")
    text = component_text(page)
    assert title.startswith("BV78a: Average time for processing")
    assert "Latest: Jun 2007" in text
    assert "days against a target of" in text  # the rule in plain English
    assert "Jul 2007" not in text
    figures = component_text(indicator_figures(demo_sqlite, "bv78a", parse_period("Jun 2007"), "2007-06"))
    assert "Jun 2007" in figures and "Apr 2003" in figures and "Jul 2007" not in figures
    assert "REM-BEN-01" in text
    assert "Lower is better" in text


def test_render_with_an_empty_database(store):
    shown = render(store, "/", "")
    assert shown.as_at is None
    assert "No figures yet" in component_text(shown.page)


def test_the_demos_late_sickness_return_keeps_its_last_known_red(demo_sqlite):
    """Sickness absence was Red in November and its December return is late: it stays in view."""
    def words(component) -> str:
        return " ".join(component_text(component).split())

    _, page = overview_view(demo_sqlite, DEC_2008, "2008-12")
    listed = [words(item) for item in find_all(page, lambda c: isinstance(c, html.Li))]
    assert any(item.startswith("Number of working days/shifts lost to sickness absence per FTE employee ■ Red "
                               "late return Return for Dec 2008 is 1 month late; latest figure Nov 2008: Red.")
               for item in listed)
    assert "1 return late" in words(page)
    _, page = priority_view(demo_sqlite, "an-efficient-customer-focused-council", DEC_2008, "2008-12")
    (card,) = [words(a) for a in find_all(page, lambda c: isinstance(c, html.Article)) if "BV12" in words(a)]
    assert ("○ No data for Dec 2008: no figure yet Last known: ■ Red 10.1 days per FTE (Nov 2008) — return 1 month "
            "late") in card


# What the page's frame shows after each view (callbacks.router.Rendered.shown), as the router keeps it.
INDICATOR = "/indicators/bv78a"
FRAME = (ids.NAV, ids.AS_AT, ids.FOOTER_DATA, ids.FOOTER_LOADED, ids.SHOWN)  # the frame's places and its key


def shown_key(client, pathname: str, search: str) -> dict:
    """The key the router gives the page it draws for this URL (as the first view or an answer kept it)."""
    return route(client, pathname, search)[ids.SHOWN]["data"]


def patched(before: object, patch: dict) -> object:
    """`before` (the JSON the browser holds) with a Dash Patch's assignments applied, as the renderer does."""
    after = json.loads(json.dumps(before))
    for operation in patch["operations"]:
        assert operation["operation"] == "Assign", operation
        *steps, last = operation["location"]
        place = after
        for step in steps:
            place = place[step]
        place[last] = operation["params"]["value"]
    return after


def assigned(patch: dict) -> set[str]:
    """The last step of every location a Patch assigns to: which props it changes."""
    return {str(operation["location"][-1]) for operation in patch["operations"]}


@pytest.mark.parametrize(("before", "after", "frame_sent", "nav", "months"), [
    # a month change on the same page: the links' month and the month chosen, not the lists again
    ((INDICATOR, "?as_at=2008-12"), (INDICATOR, "?as_at=2008-11"), False, {"href"}, {"selected"}),
    # to a priority's page at the same month: its link becomes the current one; the months stay
    (("/", "?as_at=2008-12"), (f"/priorities/{CHILDREN}", "?as_at=2008-12"), False, {"children"}, None),
    # from one indicator to another: no link changes
    (("/indicators/bv78a", "?as_at=2008-12"), ("/indicators/ia-7wd-ni-59", "?as_at=2008-12"), False, None, None),
    # the same view again (the URL's month named or not): nothing of the frame
    (("/", ""), ("/", "?as_at=2008-12"), False, None, None),
    # a page that kept no key (None), or a key of other data (an import since): the frame whole
    (None, (INDICATOR, "?as_at=2008-11"), True, None, None),
    ({"frame": "other data", "current": INDICATOR, "as_at": "2008-12"}, (INDICATOR, "?as_at=2008-11"), True, None,
     None),
])
def test_the_router_sends_only_what_the_frame_does_not_show(client, before, after, frame_sent, nav, months):
    key = shown_key(client, *before) if isinstance(before, tuple) else before
    response = client.post("/_dash-update-component", json=request_body(*after, key))
    assert response.status_code == 200
    answer = json.loads(response.get_data(as_text=True))["response"]
    whole = route(client, *after)  # what a page without a key is sent: everything
    assert answer[ids.TITLE] == whole[ids.TITLE]  # always: assets/page.js knows a page is drawn by it
    assert answer[ids.PAGE] == whole[ids.PAGE]
    if frame_sent:
        assert {place: answer.get(place) for place in FRAME} == {place: whole[place] for place in FRAME}
        return
    assert ids.FOOTER_DATA not in answer and ids.FOOTER_LOADED not in answer
    shown_before = route(client, *before)
    for place, props in ((ids.NAV, nav), (ids.AS_AT, months)):
        assert_sent_only_what_differs(shown_before[place], answer.get(place), whole[place], props)
    assert answer.get(ids.SHOWN, {"data": key}) == whole[ids.SHOWN]


def assert_sent_only_what_differs(shown: dict, sent: dict | None, whole: dict, props: set[str] | None) -> None:
    """`sent` (None: no_update) is a Patch of exactly `props` that turns what the browser `shown` into the
    `whole` answer; nothing where the two are the same."""
    if props is None:
        assert sent is None
        assert shown == whole
        return
    assert sent is not None
    patch = sent["children"]
    assert "__dash_patch_update" in patch and assigned(patch) == props
    assert patched(shown["children"], patch) == whole["children"]


@pytest.mark.parametrize("key", [
    "x", 5, [], {}, {"frame": 1, "current": "/", "as_at": None}, {"frame": "a", "current": "/"},
    {"frame": "a", "current": "/", "as_at": 5}, {"frame": "a", "current": "/" * 3000, "as_at": None},
    {"frame": "a", "current": "/", "as_at": "2008-12", "more": 1},
])
def test_a_key_not_of_the_routers_form_gets_the_whole_frame(client, key):
    response = client.post("/_dash-update-component", json=request_body("/", "?as_at=2008-11", key))
    assert response.status_code == 200
    answer = json.loads(response.get_data(as_text=True))["response"]
    assert answer[ids.NAV] == route(client, "/", "?as_at=2008-11")[ids.NAV]
    assert answer[ids.AS_AT] == route(client, "/", "?as_at=2008-11")[ids.AS_AT]


@pytest.mark.parametrize(("change", "same"), [
    ({}, True),
    ({"current": "/indicators/bv78a", "as_at": "2008-11"}, True),  # what is shown, not what it is drawn from
    ({"links": (("Another", "another"),)}, False),
    ({"months": (("Jan 2009", "2009-01"),)}, False),
    ({"footer_loaded": "Data last loaded 01 January 2009 at 10:00 UTC."}, False),
    ({"footer_data": "Figures as loaded by the council's performance officers."}, False),
])
def test_the_frames_key_changes_with_what_it_is_drawn_from(demo_sqlite, change, same):
    drawn = render(demo_sqlite, "/", "")
    assert (replace(drawn, **change).shown["frame"] == drawn.shown["frame"]) is same
