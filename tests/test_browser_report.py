"""The report pack's HTML file in a real browser (Debian's Chromium, driven by Playwright), opened from disk as a
reader opens it from the council's website: axe-core (WCAG 2.2 AA) finds no violation on a desktop and a
phone's width, nothing is fetched, nothing scrolls sideways but a table in its own box, and Chromium prints it.

Skips with a reason where Chromium or Playwright is missing; fails instead under DASHBOARD_TEST_REQUIRE_ALL=1."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from conftest import WCAG, recording_page
from report_sample import HEADLINE_NUMBERS, sample_pack

from data.report import Audience, Frozen
from layouts.report_pack import pack_html

PACKS = {
    "scrutiny, frozen": sample_pack(frozen=Frozen("Scrutiny 20 January 2009", date(2009, 1, 20))),
    "cabinet": sample_pack(Audience.CABINET),
}


@pytest.fixture(scope="module", params=list(PACKS))
def pack_file(request, tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pack") / "pack.html"
    path.write_text(pack_html(PACKS[request.param]), encoding="utf-8")
    return path


@pytest.mark.parametrize("width", [1280, 390])
def test_no_accessibility_violations_and_nothing_fetched(browser, pack_file, width):
    from axe_playwright_python.sync_playwright import Axe

    with recording_page(browser, width=width) as page:
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(pack_file.as_uri())
        page.get_by_role("heading", level=1).wait_for()
        assert requests == [pack_file.as_uri()]  # before axe adds its own script
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        violations = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                      for v in results.response["violations"]]
        assert violations == [], "\n".join(violations)
        # nothing scrolls sideways but a table in its own box (WCAG 1.4.10 at 390 px)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.errors == []


def test_each_trend_picture_is_named_for_assistive_technology(browser, pack_file):
    with recording_page(browser) as page:
        page.goto(pack_file.as_uri())
        pictures = page.get_by_role("img")
        assert pictures.count() > 0
        for name in pictures.evaluate_all("nodes => nodes.map(node => node.getAttribute('aria-label'))"):
            assert name.startswith("Trend: ")


def test_chromium_prints_it(browser, pack_file):
    with recording_page(browser) as page:
        page.goto(pack_file.as_uri())
        page.emulate_media(media="print")
        assert page.locator(".table-scroll").first.evaluate("node => getComputedStyle(node).overflowX") == "visible"
        printed = page.pdf(format="A4", print_background=True)
        assert printed.startswith(b"%PDF-") and len(printed) > 10_000
        text = page.locator("body").inner_text()
        for number in HEADLINE_NUMBERS:
            assert number in text
        assert page.errors == []


# --- the report pack's pages in the app ------------------------------------------------------------------------

CABINET = "Cabinet 15 January 2009"
SNAPSHOT = "/snapshots/cabinet-15-january-2009"
THEME = "Children and Young People"
APP_PAGES = ["/report", SNAPSHOT, f"{SNAPSHOT}/view"]


@pytest.fixture(scope="module")
def frozen_server(demo_sqlite, tmp_path_factory):
    """The app served over a copy of the demo council in which Cabinet's Q3 2008/09 pack has been frozen."""
    import dataclasses
    import sqlite3
    import threading

    from werkzeug.serving import make_server

    from dashboard.app import create_app
    from dashboard.settings import Settings
    from data.db import sqlite_url
    from data.periods import parse_period
    from data.report import build_pack
    from data.snapshots import freeze
    from data.store import Store

    path = tmp_path_factory.mktemp("frozen") / "demo.sqlite3"
    with sqlite3.connect(demo_sqlite.engine.url.database) as source, sqlite3.connect(path) as copy:
        source.backup(copy)
    store = Store.open(sqlite_url(path))
    on = date(2009, 1, 15)
    pack = dataclasses.replace(build_pack(store, parse_period("Q3 2008/09"), Audience.CABINET, council="Demo"),
                               frozen=Frozen(CABINET, on))
    freeze(store, pack, pack_html(pack), name=CABINET, on=on)
    server = make_server("127.0.0.1", 0, create_app(Settings(seed_demo=False), store).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    store.engine.dispose()


def press_tab_until(page, script: str, most: int = 200) -> None:
    """Press Tab until `script` (about document.activeElement) is true, as a keyboard user moves on."""
    for _ in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const e = document.activeElement; return Boolean({script}); }})()"):
            return
    raise AssertionError(f"Tab never reached {script}")


def test_a_scrutiny_pack_is_chosen_and_downloaded_by_keyboard(browser, frozen_server, tmp_path):
    from playwright.sync_api import expect

    with recording_page(browser) as page:
        page.goto(frozen_server + "/")
        page.get_by_role("heading", level=1).wait_for()
        press_tab_until(page, "e.tagName === 'A' && e.textContent.trim() === 'Report pack'")
        page.keyboard.press("Enter")
        page.wait_for_url("**/report?as_at=2008-12")
        heading = page.get_by_role("heading", level=1, name="Report pack")
        expect(heading).to_be_focused()
        expect(page.get_by_label("Quarter")).to_have_value("2008-09-q3")  # the latest
        press_tab_until(page, "e.id === 'pack-audience'")
        page.keyboard.press("ArrowDown")  # Cabinet -> Scrutiny, as a keyboard user changes a select
        expect(page.get_by_label("Audience")).to_have_value("scrutiny")
        press_tab_until(page, "e.id === 'pack-theme'")
        page.get_by_label("Theme").select_option(label=THEME)
        press_tab_until(page, "e.id === 'pack-format'")
        expect(page.get_by_label("Format")).to_have_value("html")
        press_tab_until(page, "e.tagName === 'BUTTON' && e.textContent === 'Download'")
        with page.expect_download() as downloading:
            page.keyboard.press("Enter")
        download = downloading.value
        assert download.suggested_filename == "scrutiny-theme-children-and-young-people-2008-09-q3.html"
        saved = tmp_path / download.suggested_filename
        download.save_as(saved)
        text = saved.read_text(encoding="utf-8")
        assert text.startswith("<!DOCTYPE html>") and f"Scrutiny performance report: {THEME}, Q3 2008/09" in text
        assert "<script" not in text
        assert page.errors == []


def test_a_snapshot_opens_as_reported_and_its_frozen_pack_in_the_browser(browser, frozen_server):
    with recording_page(browser) as page:
        page.goto(frozen_server + "/report")
        page.get_by_role("link", name=CABINET).click()
        page.get_by_role("heading", level=1, name="As reported to Cabinet on 15 January 2009").wait_for()
        assert page.url.endswith(f"{SNAPSHOT}?as_at=2008-12")
        assert page.get_by_text("Nothing restated since.").is_visible()
        page.get_by_role("link", name="Open the pack as it was reported").click()
        page.wait_for_url(f"**{SNAPSHOT}/view")
        page.get_by_role("heading", level=1).wait_for()
        assert "As reported to Cabinet on 15 January 2009" in page.locator("body").inner_text()
        assert page.errors == []


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path", APP_PAGES)
def test_no_accessibility_violations_on_the_report_pages(browser, frozen_server, path, width):
    from axe_playwright_python.sync_playwright import Axe

    with recording_page(browser, width=width) as page:
        page.goto(frozen_server + path)
        page.get_by_role("heading", level=1).wait_for()
        page.wait_for_load_state("networkidle")
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        violations = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                      for v in results.response["violations"]]
        assert violations == [], "\n".join(violations)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.errors == []


REFUSED = "/report/pack?period=2008-09-q2&audience=cabinet&theme=children-and-young-people&directorate=&format=html"


def test_cabinet_with_a_theme_is_refused_on_a_page_in_the_apps_look_that_keeps_the_choices(browser, frozen_server):
    from playwright.sync_api import expect

    with recording_page(browser) as page:
        page.goto(frozen_server + "/report")
        page.get_by_label("Quarter").select_option("2008-09-q2")
        page.get_by_label("Theme").select_option(label=THEME)
        expect(page.get_by_label("Theme")).to_have_accessible_description(re.compile("^For scrutiny packs only"))
        page.get_by_role("button", name="Download").click()
        page.get_by_role("heading", level=1, name="This pack cannot be made").wait_for()
        assert page.url == frozen_server + REFUSED
        expect(page.locator("main")).to_contain_text("A Cabinet pack covers the whole council: choose Scrutiny for "
                                                     "a theme or a directorate, or set them back to Whole council.")
        # the app's stylesheet, not the browser's serif text: its font, its header
        assert "serif" not in page.evaluate("getComputedStyle(document.body).fontFamily").replace("sans-serif", "")
        assert page.locator(".header").evaluate("node => getComputedStyle(node).backgroundColor") == "rgb(29, 59, 92)"
        expect(page.locator(".header__council")).to_have_text("Demo County Council")  # Settings().council_name
        page.get_by_role("link", name="Back to the report pack").click()
        page.get_by_role("heading", level=1, name="Report pack").wait_for()
        for label, value in (("Quarter", "2008-09-q2"), ("Audience", "cabinet"),
                             ("Theme", "children-and-young-people"), ("Directorate", ""), ("Format", "html")):
            expect(page.get_by_label(label, exact=True)).to_have_value(value)
        # the refusal's own 400 status is the one thing Chromium reports: nothing else failed to load or ran wrong
        assert page.errors == ["Failed to load resource: the server responded with a status of 400 (BAD REQUEST)"]


@pytest.mark.parametrize("width", [1280, 390])
def test_no_accessibility_violations_on_the_refusal_page(browser, frozen_server, width):
    from axe_playwright_python.sync_playwright import Axe

    with recording_page(browser, width=width) as page:
        page.goto(frozen_server + REFUSED)
        page.get_by_role("heading", level=1).wait_for()
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        violations = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                      for v in results.response["violations"]]
        assert violations == [], "\n".join(violations)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
