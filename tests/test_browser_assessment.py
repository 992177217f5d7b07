"""The strategic assessment and the indicator's process limits in a real browser (Debian's Chromium, through
Playwright): /assessment renders, axe-core finds no violation at desktop width and at 390 px, printing hides the
navigation, and an indicator's "Show process limits" draws the chart, its words and its table twin.

Skips with a reason where Chromium or Playwright is missing; fails instead under DASHBOARD_TEST_REQUIRE_ALL=1."""

from __future__ import annotations

import re

import pytest
from conftest import WCAG, recording_page

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
PAGES = ["/assessment", "/assessment?as_at=2008-11", "/indicators/paf-c62-ni-135?as_at=2008-12"]


@pytest.fixture(params=list(WIDTHS))
def page(browser, request):
    """A fresh page, at desktop or phone width, that records every console error and uncaught exception."""
    with recording_page(browser, *WIDTHS[request.param]) as opened:
        yield opened


def test_the_assessment_renders_and_prints_without_the_navigation(live_server, page):
    page.goto(live_server + "/assessment")
    page.get_by_role("heading", level=1, name=re.compile(r"^Strategic assessment: Q3 2008.09")).wait_for()
    for heading in ("Direction of travel", "Statistically notable changes", "Barriers and levers",
                    "What went well in Q3 2008/09"):
        page.get_by_role("heading", level=2, name=heading).wait_for()
    assert page.locator(".notable-table tbody tr").count() >= 1
    assert page.locator(".header").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".site-nav").is_visible()
    assert not page.locator(".as-at").is_visible()
    assert page.locator(".header__council").is_visible()  # which council's document it is
    assert page.locator(".footer__data").is_visible()  # and the note on its figures (synthetic, in the demo)
    assert page.get_by_role("heading", level=1).is_visible()
    assert page.locator(".notable-table a[href^='/indicators/']").first.is_visible()  # links keep their text
    page.emulate_media(media="screen")
    assert page.locator(".header").is_visible()
    assert page.errors == []


def test_an_indicators_process_limits_open_on_demand(live_server, page):
    page.goto(live_server + "/indicators/paf-c62-ni-135?as_at=2008-12")
    page.get_by_role("heading", level=1).wait_for()
    page.get_by_text("Show process limits").click()
    page.locator(".process-summary").wait_for()
    assert "Centre line 14.01%" in page.locator(".process-summary").inner_text()
    assert page.locator(".process-signals li").count() >= 1
    page.locator(".process-limits table tbody tr").first.wait_for()  # the table twin
    assert page.locator(".process-limits table tbody tr").count() >= 8
    assert page.errors == []


@pytest.mark.parametrize("path", PAGES)
def test_no_accessibility_violations(live_server, page, path):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    page.goto(live_server + path)
    page.get_by_role("heading", level=1).wait_for()
    page.wait_for_load_state("networkidle")
    for summary in page.locator("main details > summary").all():  # check what is folded away too
        summary.click()
    expect(page.get_by_text("Loading…")).to_have_count(0, timeout=20_000)
    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
    violations = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                  for v in results.response["violations"]]
    assert violations == [], "\n".join(violations)
    # nothing scrolls sideways but a table in its own box (WCAG 1.4.10 at 390 px)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.errors == []
