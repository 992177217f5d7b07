"""In a real browser (Debian's Chromium, driven by Playwright): a cabinet member's journey, keyboard use,
and an axe-core accessibility check (WCAG 2.2 AA) on every page.

Skips with a reason where Chromium or Playwright is missing; fails instead under DASHBOARD_TEST_REQUIRE_ALL=1."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from conftest import skip_or_fail
from werkzeug.serving import make_server

from dashboard.app import create_app
from dashboard.settings import Settings

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CHILDREN = "children-and-young-people-safe-and-achieving"
PAGES = ["/", f"/priorities/{CHILDREN}", "/indicators/ia-7wd-ni-59", "/indicators/paf-a3-ni-65?as_at=2007-03",
         "/no/such/page"]


@pytest.fixture(scope="module")
def live_server(demo_sqlite) -> Iterator[str]:
    """The app served on a free loopback port for the length of the module."""
    app = create_app(Settings(seed_demo=False), demo_sqlite)
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        skip_or_fail("Playwright is not installed: pip install -e '.[test]'")
    if not os.path.exists(CHROMIUM):
        skip_or_fail("Chromium is not installed: apt-get install chromium chromium-driver")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page that records every console error and uncaught exception."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
    opened = context.new_page()
    opened.errors = []
    opened.on("console", lambda message: message.type == "error" and opened.errors.append(message.text))
    opened.on("pageerror", lambda error: opened.errors.append(str(error)))
    opened.set_default_timeout(20_000)
    yield opened
    context.close()


def heading(page) -> str:
    return page.locator("h1").first.inner_text()


def test_a_cabinet_members_journey(live_server, page):
    from playwright.sync_api import expect

    page.goto(live_server + "/")
    page.get_by_role("heading", level=1, name="How the council is doing").wait_for()
    page.wait_for_url("**/?as_at=2008-12")  # the period shown goes into the URL
    expect(page).to_have_title("Overview as at Dec 2008 – Council Performance Dashboard")

    page.get_by_role("link", name="Children and young people safe and achieving").first.click()
    page.get_by_role("heading", level=2, name="The basket").wait_for()
    assert heading(page).startswith("Children and young people safe and achieving")
    assert f"/priorities/{CHILDREN}?as_at=2008-12" in page.url
    sparklines = page.locator("img.sparkline")
    assert sparklines.count() == 16  # pictures drawn on the server, each with its summary as alt text
    alts = sparklines.evaluate_all("images => images.map(image => image.alt)")
    assert all(alt.startswith(("Trend: From ", "Trend: One figure: ")) for alt in alts), alts
    assert sparklines.first.evaluate("img => img.complete && img.naturalWidth > 0")

    page.get_by_role("link", name="% of initial assessments for children's social care completed within 7").click()
    page.get_by_role("heading", level=2, name="Latest: Dec 2008").wait_for()
    sentence = page.locator(".rating-sentence").inner_text()
    assert sentence.startswith("Red: ")
    assert "against a target of" in sentence
    page.locator(".trend-chart .main-svg").first.wait_for()  # the trend is drawn
    page.get_by_text("The figures as a table").click()  # its table twin, drawn when opened
    expect(page.get_by_role("region", name="Every figure, newest first").get_by_role("row")).to_have_count(
        70, timeout=20_000)
    assert "Same period last year" in page.locator(".trend-chart g.legend").text_content()
    page.locator(".trend-chart .scatterlayer .point").last.hover(force=True)  # plotly listens on its drag layer
    assert "Dec 2008: Red" in page.locator(".trend-chart .hoverlayer").text_content()  # hover, from our bundle
    assert page.locator(".trend-summary").inner_text().startswith("From ")

    page.evaluate("window.stillTheSameDocument = true")
    page.get_by_label("Performance as at").select_option("2007-03")
    assert "Latest: Dec 2008" in page.locator("main").inner_text()  # choosing alone changes nothing
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", level=2, name="Latest: Mar 2007").wait_for()
    assert page.url.endswith("/indicators/ia-7wd-ni-59?as_at=2007-03")
    assert page.evaluate("window.stillTheSameDocument")  # redrawn in place, not reloaded
    page.go_back()  # the browser's Back button returns to the month before
    page.get_by_role("heading", level=2, name="Latest: Dec 2008").wait_for()
    page.go_forward()
    page.get_by_role("heading", level=2, name="Latest: Mar 2007").wait_for()

    page.reload()
    page.get_by_role("heading", level=2, name="Latest: Mar 2007").wait_for()
    assert page.get_by_label("Performance as at").input_value() == "2007-03"

    page.get_by_role("link", name="Overview").first.click()  # the period is kept across pages
    page.get_by_role("heading", level=1, name="How the council is doing").wait_for()
    assert "as at Mar 2007" in heading(page)
    assert page.errors == []


def test_the_keyboard_reaches_the_content_first(live_server, page):
    page.goto(live_server + "/")
    page.get_by_role("heading", level=1).wait_for()
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"  # "How ratings work"
    page.keyboard.press("Enter")
    page.get_by_text("on or better than target").wait_for()


def test_the_month_can_be_changed_by_keyboard(live_server, page):
    page.goto(live_server + "/?as_at=2008-12")
    page.get_by_role("heading", level=1, name="How the council is doing as at Dec 2008").wait_for()
    page.get_by_label("Performance as at").focus()
    page.keyboard.press("ArrowDown")  # the next month down the list: Nov 2008
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Show"
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=1, name="How the council is doing as at Nov 2008").wait_for()
    assert page.url.endswith("/?as_at=2008-11")


@pytest.mark.parametrize("path", PAGES)
def test_no_accessibility_violations(live_server, page, path):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    page.goto(live_server + path)
    page.get_by_role("heading", level=1).wait_for()
    page.wait_for_load_state("networkidle")
    for summary in page.locator("details > summary").all():  # check what is folded away too
        summary.click()
    expect(page.get_by_text("Loading…")).to_have_count(0, timeout=20_000)  # the tables drawn on demand
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    violations = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                  for v in results.response["violations"]]
    assert violations == []
    assert page.evaluate("document.documentElement.lang") == "en-GB"
    assert page.errors == []


def test_no_request_leaves_this_machine(live_server, page):
    hosts = set()
    page.on("request", lambda request: hosts.add(request.url.split("/")[2]))
    page.goto(live_server + f"/priorities/{CHILDREN}")
    page.get_by_role("heading", level=2, name="The basket").wait_for()
    page.wait_for_load_state("networkidle")
    assert hosts == {live_server.split("/")[2]}


TRICKY_TEXT = ["Planning & transport: 2008/09", "https://elsewhere.example/x", "mailto:a@b.example", "&amp; &lt;",
               "<script>alert(1)</script>", "<b>bold</b>", "x\\y", "*a* _b_ `c`", "1. item", "[x](y)", "a|b",
               "~~s~~", "# heading", "<18 per 10,000"]


def test_text_tables_show_text_as_written(browser):
    """Officers' text in a Markdown table (layouts.components.text_table) is shown exactly as typed: no
    markup, link, entity or HTML is made of it."""
    from dash import Dash, html

    from layouts.components import text_table

    app = Dash(__name__, serve_locally=True)
    app.layout = html.Div(text_table("Tricky", ["Text"], [[text] for text in TRICKY_TEXT]))
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page()
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/")
        page.locator("table tbody tr").first.wait_for(timeout=20_000)
        assert page.locator("table tbody td").all_inner_texts() == TRICKY_TEXT
        assert page.locator("table a, table b, table script, table ol, table del, table h1").count() == 0
    finally:
        page.close()
        server.shutdown()
