"""The theme pages and the drill-down in a real browser (Debian's Chromium, through Playwright): an improvement
manager drills council -> directorate -> service -> indicator by keyboard alone; a scrutiny member opens a
theme; axe-core finds no violation on the new pages, at desktop width and at 390 px.

Skips with a reason where Chromium or Playwright is missing; fails instead under DASHBOARD_TEST_REQUIRE_ALL=1."""

from __future__ import annotations

import re
from urllib.parse import unquote

import pytest
from conftest import WCAG, recording_page

from data.importer import slugify

DIRECTORATE = "Children & Young People's Services"
SERVICE = "Safeguarding and assessment"
THEME = "Children and Young People"
PAGES = ["/themes", f"/themes/{slugify(THEME)}", "/directorates", f"/directorates/{slugify(DIRECTORATE)}",
         f"/directorates/{slugify(DIRECTORATE)}/{slugify(SERVICE)}?rating=red&as_at=2008-12",
         "/directorates/no-such-directorate"]
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
MOST_TABS = 400  # a page's links are fewer than this


@pytest.fixture(params=list(WIDTHS))
def page(browser, request):
    """A fresh page, at desktop or phone width, that records every console error and uncaught exception."""
    with recording_page(browser, *WIDTHS[request.param]) as opened:
        yield opened


def tab_to(page, name: str) -> None:
    """Press Tab until the link named `name` has focus (as a keyboard user would)."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate("(() => { const e = document.activeElement;"
                                " return e && e.tagName === 'A' ? e.textContent.trim() : ''; })()")
        if focused == name:
            return
    raise AssertionError(f"Tab never reached the link {name!r}")


def follow_by_keyboard(page, name: str, heading: str | re.Pattern | None = None) -> None:
    """Tab to a link, press Enter, and see the new page drawn (its address, and its heading when named) and
    focus moved to its heading."""
    from playwright.sync_api import expect

    tab_to(page, name)
    address = page.evaluate("document.activeElement.getAttribute('href')")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{address}")
    h1 = page.get_by_role("heading", level=1, name=heading) if heading else page.get_by_role("heading", level=1)
    h1.wait_for()
    expect(h1).to_be_focused()  # assets/page.js moves focus to the new page's heading


def test_an_improvement_managers_drill_down_by_keyboard(live_server, page):
    page.goto(live_server + "/directorates")
    page.get_by_role("heading", level=2, name="The whole organisation").wait_for()
    assert page.get_by_role("img").first.get_attribute("alt").startswith("Each directorate's rectangle")
    follow_by_keyboard(page, DIRECTORATE, re.compile(f"^{re.escape(DIRECTORATE)} as at Dec 2008"))
    assert page.url.endswith(f"/directorates/{slugify(DIRECTORATE)}?as_at=2008-12")
    assert page.get_by_role("navigation", name="Breadcrumb").get_by_role("link").all_inner_texts()[0] != ""
    follow_by_keyboard(page, SERVICE, re.compile(f"^{SERVICE} as at Dec 2008"))
    assert page.url.endswith(f"/directorates/{slugify(DIRECTORATE)}/{slugify(SERVICE)}?as_at=2008-12")
    crumbs = page.get_by_role("navigation", name="Breadcrumb").get_by_role("link").all_inner_texts()
    assert crumbs[1] == DIRECTORATE
    first = page.locator(".grid-section tbody th a[href^='/indicators/']").first
    name = first.inner_text().strip()  # its code and title
    title = name.removeprefix(first.locator(".code").inner_text()).strip()
    follow_by_keyboard(page, name, title)
    assert "/indicators/" in page.url
    assert page.errors == []


def test_a_scrutiny_member_opens_a_theme(live_server, page):
    page.goto(live_server + "/themes")
    page.get_by_role("heading", level=1, name=re.compile("^Themes")).wait_for()
    page.get_by_role("link", name=THEME, exact=True).click()
    page.get_by_role("heading", level=1, name=re.compile(f"^{THEME}")).wait_for()
    assert page.url.endswith(f"/themes/{slugify(THEME)}?as_at=2008-12")
    page.get_by_role("heading", level=2, name="Questions for members").wait_for()
    assert page.locator(".question").count() >= 1
    assert page.locator(".grid-section tbody a[href^='/indicators/']").count() >= 1  # the theme's grid, linked
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


TEXTS = """() => [...document.querySelectorAll('svg text')].map(t => getComputedStyle(t).display)"""


def test_the_organisation_pictures_names_are_never_drawn_under_12_px(live_server, page):
    """The picture is drawn 960 wide with 12 px names: shown narrower (a phone's third), it leaves its names out
    rather than draw them unreadably small; the summary and the table twin name every part."""
    width = page.viewport_size["width"]
    page.goto(live_server + "/directorates?as_at=2008-12")
    picture = page.locator(".organisation__picture")
    picture.wait_for()
    shown = picture.evaluate("img => img.clientWidth")  # as wide as it is shown, inside its border
    assert shown == 960 if width == 1280 else shown < width  # its own size on a desktop, inside its border
    source = unquote(picture.get_attribute("src").removeprefix("data:image/svg+xml,"))
    # the same drawing in a window as wide as the picture is shown: its own media query then measures that width,
    # as it measures the <img> it is drawn in
    page.set_viewport_size({"width": shown, "height": 600})
    page.set_content(f"<!doctype html><title>Picture</title><body style='margin:0'>{source}</body>")
    displays = page.evaluate(TEXTS)
    assert len(displays) > 10
    named = shown * 12 / 960 >= 12  # the names' size as shown, in px
    assert {display == "none" for display in displays} == {not named}
    assert named is (width == 1280)
    assert page.errors == []
