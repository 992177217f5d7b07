"""The golden thread in a real browser (Debian's Chromium, through Playwright): an improvement manager opens a
gap on a priority's page and follows it; axe-core finds no violation on a priority page and a directorate page
with every golden-thread list opened, at desktop width and at 390 px.

Skips with a reason where Chromium or Playwright is missing; fails instead under DASHBOARD_TEST_REQUIRE_ALL=1."""

from __future__ import annotations

import pytest
from conftest import WCAG, recording_page

EFFICIENT = "/priorities/an-efficient-customer-focused-council"
PAGES = [f"{EFFICIENT}?as_at=2008-11", "/directorates/resources?as_at=2008-11", "/directorates"]
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}


@pytest.fixture(params=list(WIDTHS))
def page(browser, request):
    """A fresh page, at desktop or phone width, that records every console error and uncaught exception."""
    with recording_page(browser, *WIDTHS[request.param]) as opened:
        yield opened


def test_an_improvement_manager_opens_a_gap_and_follows_it(live_server, page):
    page.goto(live_server + f"{EFFICIENT}?as_at=2008-12")
    section = page.locator(".thread-section")
    page.get_by_role("heading", level=2, name="The golden thread").wait_for()
    assert "8 of 9 indicators with a target (89%)" in section.inner_text()
    gap = section.locator("summary", has_text="The indicator without a target")
    listed = section.get_by_role("link", name="NI 180")
    assert not listed.is_visible()  # folded away until asked for
    gap.focus()
    page.keyboard.press("Enter")  # a keyboard opens it as a click does
    listed.wait_for()
    listed.click()
    page.wait_for_url("**/indicators/ni-180?as_at=2008-12")
    page.get_by_role("heading", level=1).wait_for()
    assert page.errors == []


@pytest.mark.parametrize("path", PAGES)
def test_no_accessibility_violations_with_the_lists_opened(live_server, page, path):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    page.goto(live_server + path)
    page.get_by_role("heading", level=2, name="The golden thread").wait_for()
    page.wait_for_load_state("networkidle")
    summaries = page.locator(".thread-section details > summary").all()
    assert summaries  # there is something to open on each of these pages
    for summary in summaries:
        summary.click()
    expect(page.locator(".thread-section details:not([open])")).to_have_count(0)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    violations = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                  for v in results.response["violations"]]
    assert violations == [], "\n".join(violations)
    # nothing scrolls sideways but a table in its own box (WCAG 1.4.10 at 390 px)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.errors == []
