"""The status grid in a real browser (Debian's Chromium, driven by Playwright): a scrutiny member's journey,
filters redrawn in place with focus kept, and axe-core (WCAG 2.2 AA) with filters applied, on a desktop and a
phone's width.

Skips with a reason where Chromium or Playwright is missing; fails instead under DASHBOARD_TEST_REQUIRE_ALL=1."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import WCAG, recording_page

THEME = "children-and-young-people"
FILTERED = f"/grid?theme={THEME}&rating=red&as_at=2008-12"


@pytest.fixture
def page(browser):
    """A fresh page that records every console error and uncaught exception."""
    with recording_page(browser) as opened:
        yield opened


def loads(page) -> int:
    """How many documents this tab has loaded (1 while everything is redrawn in place)."""
    return page.evaluate("performance.getEntriesByType('navigation').length + (window.gridMarker ? 0 : 100)")


def focused_id(page) -> str:
    return page.evaluate("document.activeElement && (document.activeElement.closest('[id]') || {}).id")


def test_a_scrutiny_members_journey(live_server, page):
    from playwright.sync_api import expect

    page.goto(live_server + "/grid")
    page.get_by_role("heading", level=1, name=re.compile("^Status grid")).wait_for()
    page.wait_for_url("**/grid?as_at=2008-12")
    page.evaluate("window.gridMarker = true")  # gone if the page were loaded again

    page.get_by_label("Theme", exact=True).select_option(label="Children and Young People")
    page.wait_for_url(f"**/grid?theme={THEME}&as_at=2008-12")
    expect(page.locator(".grid-summary")).to_contain_text("theme Children and Young People")
    expect(page).to_have_title(re.compile(r"^Status grid \(theme Children and Young People\) as at Dec 2008"))
    assert focused_id(page) == "grid-filter-theme"  # focus stays on what changed

    page.get_by_label("Latest rating", exact=True).select_option("red")
    page.wait_for_url(f"**{FILTERED}")
    expect(page.locator(".grid-summary")).to_contain_text("latest rating Red")
    assert focused_id(page) == "grid-filter-rating"
    rows = page.locator(".grid-table tbody tr")
    shown = rows.count()
    assert shown > 0
    assert page.locator(".grid-counts").inner_text().replace("\n", " ").count("Red") == 1
    assert loads(page) == 1

    cell = page.locator(".grid-table tbody td a[data-shape]").first
    label, href = cell.get_attribute("aria-label"), cell.get_attribute("href")
    period = label.rsplit(", ", 1)[1]  # "Red: BV78a, Q2 2008/09"
    cell.click()
    page.wait_for_url(f"**{href}")
    page.get_by_role("heading", level=2, name=f"Latest: {period}").wait_for()
    assert loads(page) == 1  # the indicator drawn in place too

    page.go_back()
    page.wait_for_url(f"**{FILTERED}")
    expect(page.locator(".grid-summary")).to_contain_text("latest rating Red")
    assert page.get_by_label("Theme", exact=True).input_value() == THEME
    assert page.get_by_label("Latest rating", exact=True).input_value() == "red"
    expect(rows).to_have_count(shown)
    page.go_back()  # and the filter state before
    page.wait_for_url(f"**/grid?theme={THEME}&as_at=2008-12")
    expect(page.get_by_label("Latest rating", exact=True)).to_have_value("")
    assert loads(page) == 1
    assert page.errors == []


def test_the_first_view_of_a_filtered_grid_needs_no_callback(live_server, page):
    posts = []
    page.on("request", lambda request: request.method == "POST" and posts.append(request.url))
    page.goto(live_server + FILTERED)
    page.locator(".grid-table").wait_for()
    page.wait_for_load_state("networkidle")
    assert posts == []  # the page came inside the layout
    assert page.url.endswith(FILTERED)


def test_a_search_is_made_as_typing_stops_and_keeps_focus(live_server, page):
    from playwright.sync_api import expect

    page.goto(live_server + "/grid?as_at=2008-12")
    page.get_by_role("heading", level=1, name=re.compile("^Status grid")).wait_for()
    page.evaluate("window.gridMarker = true")
    search = page.get_by_label("Search by code or title", exact=True)
    search.focus()
    page.keyboard.type("IA-7W", delay=30)
    page.wait_for_url("**/grid?search=IA-7W&as_at=2008-12")
    expect(page.locator(".grid-summary")).to_contain_text("code or title containing “IA-7W”")
    assert focused_id(page) == "grid-filter-search"
    page.keyboard.type("D")
    page.keyboard.press("Enter")  # at once
    page.wait_for_url("**/grid?search=IA-7WD&as_at=2008-12")
    expect(page.locator(".grid-table tbody tr")).to_have_count(1)
    assert focused_id(page) == "grid-filter-search"
    page.get_by_label("Under-performing", exact=True).select_option("1")
    page.wait_for_url("**/grid?underperforming=1&search=IA-7WD&as_at=2008-12")
    assert loads(page) == 1
    assert page.errors == []


def test_another_directorate_drops_the_service_chosen(live_server, page):
    from playwright.sync_api import expect

    page.goto(live_server + "/grid?directorate=resources&service=benefits&as_at=2008-12")
    page.locator(".grid-table").wait_for()
    directorate = page.get_by_label("Directorate", exact=True)
    values = directorate.locator("option").evaluate_all("options => options.map(o => o.value)")
    other = next(value for value in values if value not in ("", "resources"))
    directorate.select_option(other)
    page.wait_for_url(f"**/grid?directorate={other}&as_at=2008-12")
    expect(page.locator(".grid-summary")).not_to_contain_text("service ")
    expect(page.get_by_label("Service", exact=True)).to_have_value("")


def test_clearing_the_filters_is_followed_in_place(live_server, page):
    from playwright.sync_api import expect

    page.goto(live_server + FILTERED)
    page.get_by_role("heading", level=1, name=re.compile("^Status grid")).wait_for()
    page.evaluate("window.gridMarker = true")
    page.get_by_role("link", name="Clear the filters").click()
    page.wait_for_url("**/grid?as_at=2008-12")
    expect(page.get_by_label("Theme", exact=True)).to_have_value("")
    assert focused_id(page) == "grid-filter-search"
    assert loads(page) == 1


@pytest.mark.parametrize(("button", "name"), [("Download CSV", "grid-2008-12.csv"),
                                              ("Download Excel", "grid-2008-12.xlsx")])
def test_the_filtered_grid_downloads(live_server, page, button, name):
    page.goto(live_server + FILTERED)
    page.locator(".grid-table").wait_for()
    shown = int(re.match(r"Showing (\d+) of", page.locator(".grid-summary").inner_text()).group(1))
    with page.expect_download() as download:
        page.get_by_role("button", name=button).click()
    assert download.value.suggested_filename == name
    content = Path(download.value.path()).read_bytes()
    if name.endswith(".csv"):
        lines = content.decode("utf-8-sig").splitlines()
        assert lines[0].startswith("code,title,directorate,service,frequency,")
        assert len(lines) == shown + 1
    else:
        assert content[:2] == b"PK"
    assert page.errors == []


@pytest.mark.parametrize("width", [1280, 390])
def test_no_accessibility_violations_with_filters_applied(live_server, browser, width):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(live_server + FILTERED)
        page.get_by_role("heading", level=1, name=re.compile("^Status grid")).wait_for()
        page.locator(".grid-table").wait_for()
        page.wait_for_load_state("networkidle")
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        violations = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                      for v in results.response["violations"]]
        assert violations == []
        # nothing but the table's own scrolling box is wider than a phone
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


def test_an_address_too_long_for_the_referer_still_shows_its_own_page(live_server, page):
    """Chromium sends only the site as the Referer of an address over 4,096 characters, so the layout cannot
    know the page: the browser asks the router for the page its address names, with the note for the search."""
    from playwright.sync_api import expect

    page.goto(live_server + "/grid?search=" + "x" * 5000 + "&as_at=2008-12")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("^Status grid"))
    expect(page.locator(".notice").first).to_contain_text("searching for its first 100")
    assert page.evaluate("window.location.pathname") == "/grid"
    assert not page.errors


def test_back_through_filters_moves_focus_to_the_heading_and_says_what_is_shown(live_server, page):
    from playwright.sync_api import expect

    page.goto(live_server + "/grid?as_at=2008-12")
    page.get_by_role("heading", level=1, name=re.compile("^Status grid")).wait_for()
    page.get_by_label("Latest rating", exact=True).select_option("red")
    expect(page.locator("#page-status")).to_contain_text("latest rating Red")
    page.go_back()
    expect(page.locator("#page-status")).to_contain_text("Showing 39 of 39 indicators")
    assert page.evaluate("document.activeElement.tagName") == "H1"
