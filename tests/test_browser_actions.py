"""The action tracker and an action's page in a real browser (Debian's Chromium, driven by Playwright): an
improvement manager's journey (filter to Overdue, open an overdue action, read its progress history), and
axe-core (WCAG 2.2 AA) on the filtered tracker and an action's page with its table twin opened, on a desktop and a
phone's width.

Skips with a reason where Chromium or Playwright is missing; fails instead under DASHBOARD_TEST_REQUIRE_ALL=1."""

from __future__ import annotations

import re

import pytest
from conftest import WCAG, recording_page

OVERDUE = "/actions?status=overdue&as_at=2008-12"
ACTION = "/actions/dr-cyp-01?as_at=2008-12"


@pytest.fixture
def page(browser):
    """A fresh page that records every console error and uncaught exception."""
    with recording_page(browser) as opened:
        yield opened


def loads(page) -> int:
    """How many documents this tab has loaded (1 while everything is redrawn in place)."""
    return page.evaluate("performance.getEntriesByType('navigation').length + (window.trackerMarker ? 0 : 100)")


def test_an_improvement_managers_journey(live_server, page):
    from playwright.sync_api import expect

    page.goto(live_server + "/actions")
    page.get_by_role("heading", level=1, name=re.compile("^Action tracker")).wait_for()
    page.wait_for_url("**/actions?as_at=2008-12")
    page.evaluate("window.trackerMarker = true")  # gone if the page were loaded again

    page.get_by_label("Status", exact=True).select_option(label="Overdue")
    page.wait_for_url(f"**{OVERDUE}")
    expect(page.locator(".grid-summary")).to_contain_text("Showing 2 of 40 actions (status Overdue)")
    expect(page).to_have_title(re.compile(r"^Action tracker \(status Overdue\) as at Dec 2008"))
    rows = page.locator(".tracker-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Overdue")
    assert loads(page) == 1

    page.get_by_role("link", name="DR-CYP-01", exact=True).click()
    page.wait_for_url(f"**{ACTION}")
    page.get_by_role("heading", level=2, name="Progress through time").wait_for()
    expect(page.locator(".page--action")).to_contain_text("Progress reported 8 times")
    page.get_by_text("Progress reports as a table", exact=True).click()
    history = page.locator(".reports-table tbody tr")
    expect(history).to_have_count(8)
    expect(history.last).to_contain_text("31 Dec 2008")
    expect(history.last).to_contain_text("90%")
    expect(history.last).to_contain_text("Overdue")
    expect(page.locator(".cards img.sparkline")).to_have_count(2)
    assert loads(page) == 1

    page.go_back()
    page.wait_for_url(f"**{OVERDUE}")
    expect(rows).to_have_count(2)
    assert page.get_by_label("Status", exact=True).input_value() == "overdue"
    assert page.errors == []


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize(("address", "ready"), [(OVERDUE, ".tracker-table"), (ACTION, ".reports-table")])
def test_no_accessibility_violations(live_server, browser, width, address, ready):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(live_server + address)
        page.get_by_role("heading", level=1).wait_for()
        if ready == ".reports-table":
            page.get_by_text("Progress reports as a table", exact=True).click()  # the section opened
        page.locator(ready).wait_for()
        page.wait_for_load_state("networkidle")
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        violations = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                      for v in results.response["violations"]]
        assert violations == []
        # nothing but the tables' own scrolling boxes is wider than a phone
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_each_trend_marks_when_the_action_started(live_server, browser, width):
    """DR-CYP-01 started on 1 Jun 2007 (data/demo): each indicator it is meant to move says so under its trend,
    and its table twin marks each period before and after; axe-core finds nothing with the twins opened."""
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    with recording_page(browser, width=width) as page:
        page.goto(live_server + ACTION)
        page.get_by_role("heading", level=2, name="The indicators it is meant to move").wait_for()
        starts = page.locator(".trend-start")
        expect(starts).to_have_count(2)
        for said in starts.all_inner_texts():
            assert said.startswith("Action under way from Jun 2007 (the dotted upright line): ")
        for code in ("IA-7WD (NI 59)", "PAF C64 (NI 60)"):
            page.get_by_text(f"{code} as a table", exact=True).click()
        twin = page.get_by_role("table", name=re.compile(r"^IA-7WD \(NI 59\) by period"))
        rows = {row.locator("td").first.inner_text(): row.locator("td").last.inner_text()
                for row in twin.locator("tbody tr").all()}
        assert (rows["May 2007"], rows["Jun 2007"], rows["Dec 2008"]) == ("Not yet", "Yes", "Yes")
        for image in page.locator(".cards img.sparkline").all():
            assert image.get_attribute("alt").endswith("The dotted upright line marks the action's start.")
        page.wait_for_load_state("networkidle")
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        assert [v["id"] for v in results.response["violations"]] == []
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert page.errors == []
