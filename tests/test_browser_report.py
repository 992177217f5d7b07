"""The report pack's HTML file in a real browser (Debian's Chromium, driven by Playwright), opened from disk as a
reader opens it from the council's website: axe-core (WCAG 2.2 AA) finds no violation on a desktop and a
phone's width, nothing is fetched, nothing scrolls sideways but a table in its own box, and Chromium prints it.

Skips with a reason where Chromium or Playwright is missing; fails instead under DASHBOARD_TEST_REQUIRE_ALL=1."""

from __future__ import annotations

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
