"""The first view without a round trip: Dash's one request for the layout (`GET /_dash-layout`) is answered
with the shell and the page of the URL asked for already in it (read from the request's Referer); with no
usable Referer, the shell alone, for the router's callback to fill. A bad Referer is never an error."""

from __future__ import annotations

import json
import re

import pytest
from dash._utils import to_json
from helpers import component_text

from callbacks import router
from callbacks.router import parse_route, referred_url, render, view_key
from dashboard.app import create_app
from dashboard.settings import Settings
from data.db import DatabaseError
from data.periods import parse_period
from layouts import ids

CHILDREN = "children-and-young-people-safe-and-achieving"
HOST = "localhost"  # the Flask test client's
LATEST = "?as_at=2008-12"  # the demo's latest month


@pytest.fixture(scope="module", params=[3600, 0], ids=["cache on", "cache off"])
def app(request, demo_sqlite):
    return create_app(Settings(seed_demo=False, cache_seconds=request.param), demo_sqlite)


def layout_for(app, referer: str | None):
    """The layout as Dash serves it to a page whose address is `referer` (None: no Referer)."""
    headers = {} if referer is None else {"Referer": referer}
    with app.server.test_request_context("/_dash-layout", headers=headers):
        return app.layout()


@pytest.mark.parametrize(("address", "pathname", "search", "heading"), [
    ("/", "/", "", "How the council is doing"),
    (f"/{LATEST}", "/", LATEST, "How the council is doing"),
    ("/?as_at=2007-03", "/", "?as_at=2007-03", "How the council is doing"),
    (f"/priorities/{CHILDREN}", f"/priorities/{CHILDREN}", "", "Children and young people safe and achieving"),
    ("/indicators/bv78a?as_at=2008-03", "/indicators/bv78a", "?as_at=2008-03", None),
    ("/indicators/no-such-one", "/indicators/no-such-one", "", "This indicator was not found"),
    ("/no/such/page", "/no/such/page", "", "This page was not found"),
    ("/?as_at=soon", "/", "?as_at=soon", "How the council is doing"),  # with the notice
    ("/?as_at=1999-01", "/", "?as_at=1999-01", "How the council is doing"),
    ("/indicators/%ff", "/indicators/%ff", "", "This page was not found"),
    ("/?as_at=%ff%fe", "/", "?as_at=%ff%fe", "How the council is doing"),
])
def test_the_layout_holds_the_page_of_the_address_asked_for(app, demo_sqlite, address, pathname, search, heading):
    layout = layout_for(app, f"http://{HOST}{address}")
    expected = render(demo_sqlite, pathname, search)
    # exactly what the router's callback would have drawn, in the places it would have put it
    assert json.loads(to_json(layout[ids.PAGE].children)) == json.loads(to_json(expected.page))
    assert layout[ids.TITLE].data == expected.title
    assert json.loads(to_json(layout[ids.NAV].children)) == json.loads(to_json(expected.navigation))
    assert json.loads(to_json(layout[ids.AS_AT].children)) == json.loads(to_json(expected.options))
    assert (layout[ids.FOOTER_DATA].children, layout[ids.FOOTER_LOADED].children) == (
        expected.footer_data, expected.footer_loaded)
    # the URL as the browser has it (so dcc.Location starts without a change), with the month shown
    assert layout[ids.URL].pathname == pathname
    assert layout[ids.URL].search == expected.search
    if heading:
        assert heading in component_text(layout[ids.PAGE])


@pytest.mark.parametrize("address", ["/", "/?as_at=2007-03", f"/priorities/{CHILDREN}", "/no/such/page"])
def test_the_layout_holds_what_its_frame_shows(app, demo_sqlite, address):
    """So that the router's first answer sends only what differs from it."""
    pathname, _, query = address.partition("?")
    shown = layout_for(app, f"http://{HOST}{address}")[ids.SHOWN].data
    assert shown == render(demo_sqlite, pathname, f"?{query}" if query else "").shown
    assert shown["current"] == pathname and shown["as_at"] == (query.removeprefix("as_at=") or "2008-12")


def test_a_month_that_cannot_be_used_keeps_its_notice(app):
    shown = component_text(layout_for(app, f"http://{HOST}/?as_at=soon")[ids.PAGE])
    assert "'soon' is not a month we can report at: showing Dec 2008." in shown


HUGE = "http://localhost/" + "a" * 100_000
FALLBACKS = [
    None,  # no Referer (a privacy setting, or a proxy that drops it)
    "",
    "http://elsewhere.example/indicators/bv78a",  # another site's page
    "http://localhost.example/",
    "http://localhost:8050/",  # another port is another origin
    "javascript:alert(1)",
    "data:text/html,<h1>x</h1>",
    "ftp://localhost/",
    "/indicators/bv78a",  # not an address at all
    "localhost/indicators/bv78a",
    "http://[::1/",  # not even a URL Python can split
    "http://localhost",  # no path
    HUGE,
    "\x00\x01\x02",
]


@pytest.mark.parametrize("referer", FALLBACKS, ids=lambda value: repr(value)[:40])
def test_without_a_usable_referer_the_layout_is_the_shell_alone(app, referer):
    layout = layout_for(app, referer)
    assert layout[ids.PAGE].children is None  # the router's callback draws it
    assert getattr(layout[ids.URL], "pathname", None) is None  # dcc.Location sets it, which calls the router


@pytest.mark.parametrize("referer", [*FALLBACKS[1:], "http://localhost/indicators/bv78a?as_at=" + "9" * 5000,
                                     "http://localhost//", "http://localhost/?as_at=2008-12&as_at=2007-03",
                                     "http://localhost/priorities/" + "x" * 1900, "http://user:pw@localhost/",
                                     "http://localhost/\xff\xfe\x00\x01",  # not UTF-8, as WSGI hands it on
                                     "http://localhost/indicators/\xff?as_at=\xfe"],
                         ids=lambda value: repr(value)[:40])
def test_a_bad_referer_is_never_an_error(app, referer):
    answer = app.server.test_client().get("/_dash-layout", headers={"Referer": referer})
    assert answer.status_code == 200
    assert answer.get_json()["props"]["children"]  # the shell, at least


@pytest.mark.parametrize(("referer", "address"), [
    ("http://localhost/", ("/", "")),
    ("https://localhost/", ("/", "")),  # TLS ended at a proxy: the host is what says it is ours
    ("http://localhost/indicators/bv78a?as_at=2008-12", ("/indicators/bv78a", "?as_at=2008-12")),
    ("http://localhost/?", ("/", "")),  # as the browser has it: location.search is empty
    ("http://localhost/#figures", ("/", "")),
    ("http://localhost/x?a=1&b=2", ("/x", "?a=1&b=2")),
    ("http://localhost:8050/", None),
    ("http://elsewhere.example/", None),
    ("javascript:alert(1)", None),
    ("http://[::1/", None),
    (HUGE, None),
    (None, None),
    (b"http://localhost/", None),
])
def test_the_address_read_from_a_referer(referer, address):
    assert referred_url(referer, HOST) == address


def test_the_layout_for_any_other_request_is_the_shell(app):
    """Dash also calls the layout at its first request, whatever it is, to check it: the shell then."""
    with app.server.test_request_context("/healthz", headers={"Referer": f"http://{HOST}/"}):
        assert app.layout()[ids.PAGE].children is None
    assert app.layout()[ids.PAGE].children is None  # and outside any request


def test_the_layout_is_the_shell_while_the_database_does_not_answer(demo_sqlite, monkeypatch):
    app = create_app(Settings(seed_demo=False, cache_seconds=0), demo_sqlite)

    def down(*_args):
        raise DatabaseError("the server is not answering")

    monkeypatch.setattr(router, "render", down)
    answer = app.server.test_client().get("/_dash-layout", headers={"Referer": f"http://{HOST}/"})
    assert answer.status_code == 200
    assert "Figures unavailable" not in answer.get_data(as_text=True)  # the callback says so, and retries


def test_the_router_does_not_draw_the_first_view_again(app):
    """The layout holds the page: the router's callback runs only when the URL changes."""
    router_callbacks = [callback for callback in app._callback_list if f"{ids.PAGE}.children" in callback["output"]]
    assert [callback["prevent_initial_call"] for callback in router_callbacks] == [True]


def test_no_cache_serves_one_pages_layout_to_another(app):
    answer = app.server.test_client().get("/_dash-layout", headers={"Referer": f"http://{HOST}/",
                                                                   "Accept-Encoding": "gzip"})
    assert "Referer" in answer.headers["Vary"]
    assert answer.headers["Cache-Control"] == "no-cache"


def test_the_html_asks_for_its_layout_from_the_start(app):
    page = app.server.test_client().get("/indicators/bv78a").get_data(as_text=True)
    assert '<link rel="preload" as="fetch" crossorigin="anonymous" href="/_dash-layout">' in page


DEC_2008, NOV_2008 = parse_period("Dec 2008"), parse_period("Nov 2008")


@pytest.mark.parametrize(("one", "other", "same"), [
    (("/", ""), ("/", LATEST), True),  # the latest month, named or not
    (("/", ""), ("", ""), True),
    (("/priorities/x/", ""), ("/priorities/x", LATEST), True),
    (("/indicators/bv78a", f"{LATEST}&utm=1"), ("/indicators/bv78a", LATEST), True),
    (("/", LATEST), ("/", "?as_at=2008-11"), False),
    (("/", ""), ("/", "?as_at=soon"), False),  # the notice is part of the page
    (("/", "?as_at=soon"), ("/", "?as_at=later"), False),  # and says what was asked
    (("/", "?as_at=1999-01"), ("/", "?as_at=1999-02"), False),
    (("/priorities/x", ""), ("/indicators/x", ""), False),
    (("/indicators/x", ""), ("/indicators/y", ""), False),
    (("//priorities/x", ""), ("/priorities/x", ""), False),  # the navigation marks only the second current
    (("/no/such", ""), ("/no/where", ""), False),
])
def test_the_cache_key_is_the_view_shown(one, other, same):
    months = [DEC_2008, NOV_2008]
    assert (view_key(parse_route(*one, months)) == view_key(parse_route(*other, months))) is same


# In Chromium: the first view asks nothing of the router; without a Referer the router draws it; Back,
# Forward, a month and a link still redraw the page.

def _open(browser, url: str, referer: bool = True):
    """A new tab at `url`, recording the callbacks it posts (and, with referer=False, served with
    `Referrer-Policy: no-referrer`, so that its requests carry no Referer, as with a privacy setting)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    tab = context.new_page()
    tab.set_default_timeout(20_000)
    tab.posted, tab.errors = [], []
    tab.on("request", lambda sent: "_dash-update-component" in sent.url and tab.posted.append(sent.post_data))
    tab.on("console", lambda message: message.type == "error" and tab.errors.append(message.text))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    if not referer:  # the page served as if the browser (or a proxy) sent no Referer from it
        def no_referrer(route):
            answer = route.fetch()
            route.fulfill(response=answer, headers={**answer.headers, "referrer-policy": "no-referrer"})

        tab.route(url, no_referrer)
    tab.goto(url)
    return context, tab


def _router_calls(tab) -> int:
    return sum(1 for body in tab.posted if body and f"{ids.PAGE}.children" in body)


@pytest.mark.parametrize(("path", "heading", "address"), [
    ("/", "How the council is doing", "/?as_at=2008-12"),
    (f"/priorities/{CHILDREN}", "Children and young people safe and achieving",
     f"/priorities/{CHILDREN}?as_at=2008-12"),
    ("/indicators/ia-7wd-ni-59?as_at=2007-03", None, "/indicators/ia-7wd-ni-59?as_at=2007-03"),
    ("/no/such/page", "This page was not found", "/no/such/page?as_at=2008-12"),
])
@pytest.mark.parametrize("referer", [True, False], ids=["first view in the layout", "no Referer"])
def test_the_first_view_in_chromium(live_server, browser, path, heading, address, referer):
    context, tab = _open(browser, live_server + path, referer)
    try:
        tab.locator("#page h1").wait_for()
        tab.wait_for_load_state("networkidle")
        if heading:
            assert tab.locator("#page h1").inner_text().startswith(heading)
        assert tab.evaluate("location.pathname + location.search") == address  # the month shown, kept
        # about:blank, then the page, its month put in place; the router's callback (as before this
        # layout) adds the page with its month as an entry of its own
        assert tab.evaluate("history.length") == (2 if referer or "as_at" in path else 3)
        assert not tab.title().startswith("Council Performance Dashboard") or path == "/no/such/page"
        assert _router_calls(tab) == (0 if referer else 1)
        assert tab.errors == []
    finally:
        context.close()


def test_links_back_forward_and_the_month_after_a_first_view_without_a_round_trip(live_server, browser):
    from playwright.sync_api import expect

    context, tab = _open(browser, live_server + "/")
    try:
        tab.get_by_role("heading", level=1, name="How the council is doing").wait_for()
        tab.get_by_role("link", name="Children and young people safe and achieving").first.click()
        tab.get_by_role("heading", level=2, name="The basket").wait_for()
        expect(tab).to_have_url(re.compile(f"/priorities/{CHILDREN}\\?as_at=2008-12$"))
        tab.go_back()
        tab.get_by_role("heading", level=1, name="How the council is doing").wait_for()
        expect(tab).to_have_url(re.compile("/\\?as_at=2008-12$"))
        tab.go_forward()
        tab.get_by_role("heading", level=2, name="The basket").wait_for()
        tab.get_by_label("Performance as at").select_option("2007-03")
        tab.get_by_role("button", name="Show").click()
        expect(tab).to_have_url(re.compile(f"/priorities/{CHILDREN}\\?as_at=2007-03$"))
        expect(tab).to_have_title(re.compile(" as at Mar 2007 – "))
        tab.go_back()
        expect(tab).to_have_title(re.compile(" as at Dec 2008 – "))
        assert _router_calls(tab) == 5  # the link, Back, Forward, the month and Back: never the first view
        assert tab.errors == []
    finally:
        context.close()
