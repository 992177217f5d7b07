"""The under-performance list in a real browser (Debian's Chromium, driven by Playwright): an improvement manager's
journey from the list to an unmanaged indicator, filters redrawn in place, the download, and axe-core (WCAG 2.2
AA) with filters applied, on a desktop and a phone's width.

Skips with a reason where Chromium or Playwright is missing; fails instead under DASHBOARD_TEST_REQUIRE_ALL=1."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import WCAG, recording_page

CYP = "children-young-people-s-services"
FILTERED = f"/underperformance?directorate={CYP}&reason=red&as_at=2008-12"


@pytest.fixture
def page(browser):
    """A fresh page that records every console error and uncaught exception."""
    with recording_page(browser) as opened:
        yield opened


def loads(page) -> int:
    """How many documents this tab has loaded (1 while everything is redrawn in place)."""
    return page.evaluate("performance.getEntriesByType('navigation').length + (window.underMarker ? 0 : 100)")


def test_an_improvement_managers_journey_to_an_unmanaged_indicator(live_server, page):
    from playwright.sync_api import expect

    page.goto(live_server + "/underperformance?as_at=2008-12")
    page.get_by_role("heading", level=1, name=re.compile("^Under-performance")).wait_for()
    page.evaluate("window.underMarker = true")  # gone if the page were loaded again

    page.get_by_label("Directorate", exact=True).select_option(label="Children & Young People's Services")
    page.wait_for_url(f"**/underperformance?directorate={CYP}&as_at=2008-12")
    expect(page.locator(".grid-summary")).to_contain_text("directorate Children & Young People's Services")
    expect(page).to_have_title(re.compile(r"^Under-performance \(directorate Children & Young People's Services\)"))
    heading = page.get_by_role("heading", level=2, name=re.compile("^No open remedial action: "))
    expect(heading).to_have_text("No open remedial action: 8 indicators")
    assert loads(page) == 1

    # an unmanaged indicator with no remedial action linked at all
    row = page.locator("#under-unmanaged tbody tr", has_text="No remedial action linked").first
    link = row.locator("th a")
    code = link.locator(".code").inner_text()
    link.click()
    page.get_by_role("heading", level=2, name="Actions to move this indicator").wait_for()
    assert loads(page) == 1  # the indicator drawn in place
    expect(page.get_by_role("heading", level=1)).to_contain_text(re.compile(r"\S"))
    section = page.locator("section", has=page.get_by_role("heading", level=2, name="Actions to move this indicator"))
    text = section.inner_text()
    kinds = section.locator("tbody tr td:nth-child(3)").all_inner_texts()
    assert "Remedial" not in kinds, (code, text)  # nothing remedial is linked to it
    assert kinds or "No action is linked to this indicator." in text

    page.go_back()
    page.wait_for_url(f"**/underperformance?directorate={CYP}&as_at=2008-12")
    expect(page.get_by_label("Directorate", exact=True)).to_have_value(CYP)
    assert page.errors == []


def test_unmanaged_only_and_a_reason_are_redrawn_in_place(live_server, page):
    from playwright.sync_api import expect

    page.goto(live_server + f"/underperformance?directorate={CYP}&as_at=2008-12")
    page.get_by_role("heading", level=1, name=re.compile("^Under-performance")).wait_for()
    page.evaluate("window.underMarker = true")
    page.get_by_label("Reason", exact=True).select_option("red")
    page.wait_for_url(f"**{FILTERED}")
    page.get_by_label("Remedial action", exact=True).select_option("1")
    page.wait_for_url(f"**/underperformance?directorate={CYP}&reason=red&unmanaged=1&as_at=2008-12")
    expect(page.locator(".grid-summary")).to_contain_text("no open remedial action")
    expect(page.get_by_role("heading", level=2, name=re.compile("^With an open remedial action: 0"))).to_be_visible()
    assert loads(page) == 1
    assert page.errors == []


def test_the_filtered_list_downloads(live_server, page):
    page.goto(live_server + FILTERED)
    page.locator(".under-table").first.wait_for()
    shown = int(re.match(r"Showing (\d+) of", page.locator(".grid-summary").inner_text()).group(1))
    with page.expect_download() as download:
        page.get_by_role("button", name="Download CSV").click()
    assert download.value.suggested_filename == "under-performance-2008-12.csv"
    lines = Path(download.value.path()).read_bytes().decode("utf-8-sig").splitlines()
    assert lines[0] == "code,title,directorate,period,rating,reasons,periods_missed,remedial_actions,unmanaged"
    assert len(lines) == shown + 1
    assert page.errors == []


@pytest.mark.parametrize("width", [1280, 390])
def test_no_accessibility_violations_with_filters_applied(live_server, browser, width):
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900}, locale="en-GB")
    page = context.new_page()
    try:
        page.goto(live_server + FILTERED)
        page.get_by_role("heading", level=1, name=re.compile("^Under-performance")).wait_for()
        page.locator(".under-table").first.wait_for()
        page.wait_for_load_state("networkidle")
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        violations = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                      for v in results.response["violations"]]
        assert violations == []
        # nothing but the tables' own scrolling boxes is wider than a phone
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        context.close()


STACKED = """() => [...document.querySelectorAll('.under-table')].map(table => {
    const box = table.parentElement, cell = table.querySelector('tbody td');
    return {scroll: box.scrollWidth, client: box.clientWidth, display: getComputedStyle(cell).display,
            label: getComputedStyle(cell, '::before').content,
            header: table.querySelector('thead').getBoundingClientRect().width,
            caption: table.querySelector('caption').getBoundingClientRect().width,
            width: table.getBoundingClientRect().width};
})"""


@pytest.mark.parametrize(("width", "stacked"), [(390, True), (1280, False)])
def test_on_a_phone_each_row_is_a_stacked_block_that_reads_as_a_table(live_server, browser, width, stacked):
    """At 390 px nothing scrolls sideways: each row is a block, a cell a line under its column's name, and the
    caption spans the table's width (not squeezed beside the blocks); the table's roles stay for screen readers;
    a desktop keeps the table's columns."""
    from axe_playwright_python.sync_playwright import Axe

    with recording_page(browser, width=width) as page:
        page.goto(live_server + f"/underperformance?directorate={CYP}&as_at=2008-12")
        page.locator(".under-table").first.wait_for()
        tables = page.evaluate(STACKED)
        assert len(tables) == 2  # with no open remedial action, and with one
        for table in tables:
            assert table["scroll"] <= table["client"]  # no sideways scroll inside its box
            assert table["display"] == ("block" if stacked else "table-cell")
            assert table["label"].startswith('"Directorate and owner"') is stacked  # its alt text: none
            assert (table["header"] <= 1) is stacked  # the headers row is out of sight, not out of the table
            assert abs(table["caption"] - table["width"]) <= 1, table  # the caption as wide as the table
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        first = page.get_by_role("table").first
        assert first.get_by_role("columnheader").all_inner_texts()[:2] == ["Indicator", "Directorate and owner"]
        assert first.get_by_role("rowheader").count() == first.locator("tbody tr").count() > 0
        assert first.get_by_role("cell").count() == 6 * first.locator("tbody tr").count()
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        assert [v["id"] for v in results.response["violations"]] == []
        assert page.errors == []
