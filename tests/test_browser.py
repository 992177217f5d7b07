"""In a real browser (Debian's Chromium, driven by Playwright): a cabinet member's journey, keyboard use,
and an axe-core accessibility check (WCAG 2.2 AA) on every page.

Skips with a reason where Chromium or Playwright is missing; fails instead under DASHBOARD_TEST_REQUIRE_ALL=1."""

from __future__ import annotations

import re
import threading

import pytest
from conftest import WCAG, recording_page
from werkzeug.serving import make_server

CHILDREN = "children-and-young-people-safe-and-achieving"
PAGES = ["/", f"/priorities/{CHILDREN}", "/indicators/ia-7wd-ni-59", "/indicators/paf-a3-ni-65?as_at=2007-03",
         "/indicators/bv12?as_at=2008-12", "/no/such/page"]  # bv12's Dec 2008 return is late
STATUS = "#page-status"
# WCAG 1.4.12's text spacing, as the bookmarklet testers use sets it
TEXT_SPACING = """* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }"""


@pytest.fixture
def page(browser):
    """A fresh page that records every console error and uncaught exception."""
    with recording_page(browser) as opened:
        yield opened


def heading(page) -> str:
    return page.locator("h1").first.inner_text()


def contrast(one: tuple[int, ...], other: tuple[int, ...]) -> float:
    """WCAG's contrast ratio of two sRGB colours."""
    def luminance(rgb):
        channels = [c / 255 for c in rgb[:3]]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def colours(css: str) -> list[tuple[int, ...]]:
    """Every rgb()/rgba() colour in a computed style value."""
    return [tuple(int(float(n)) for n in found.split(",")[:3]) for found in re.findall(r"rgba?\(([^)]*)\)", css)]


def overlapping(boxes: list[dict]) -> list[tuple[int, int]]:
    """The pairs of bounding boxes that overlap."""
    def overlap(a, b):
        return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["width"]
                and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"])
    return [(i, j) for i, a in enumerate(boxes) for j, b in enumerate(boxes) if i < j and overlap(a, b)]


def test_a_cabinet_members_journey(live_server, page):
    from playwright.sync_api import expect

    page.goto(live_server + "/")
    page.get_by_role("heading", level=1, name="How the council is doing").wait_for()
    page.wait_for_url("**/?as_at=2008-12")  # the period shown goes into the URL
    expect(page).to_have_title("Overview as at Dec 2008 – Council Performance Dashboard")
    assert page.evaluate("document.activeElement === document.body")  # the first page leaves focus at the top

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
    assert "Same period last year" in page.locator(".chart-legend").inner_text()
    page.locator(".trend-chart .scatterlayer .point").last.hover(force=True)  # plotly listens on its drag layer
    assert "Dec 2008: Red57.3%" in page.locator(".trend-chart .hoverlayer").text_content()  # hover, with its unit
    assert page.locator(".trend-summary").inner_text().startswith("From ")

    page.evaluate("window.stillTheSameDocument = true")
    page.get_by_label("Performance as at").select_option("2007-03")
    assert "Latest: Dec 2008" in page.locator("main").inner_text()  # choosing alone changes nothing
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", level=2, name="Latest: Mar 2007").wait_for()
    expect(page).to_have_title(re.compile(r"^IA-7WD \(NI 59\): .* as at Mar 2007 – Council Performance Dashboard$"))
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


def test_following_a_link_moves_focus_to_the_new_page_and_announces_it(live_server, page):
    """WCAG 2.4.3 and 4.1.3: a page redrawn without a reload puts focus on its heading and says so."""
    from playwright.sync_api import expect

    page.goto(live_server + "/")
    page.get_by_role("heading", level=1, name="How the council is doing").wait_for()
    expect(page).to_have_title(re.compile("^Overview as at"))
    assert page.evaluate("document.activeElement === document.body")  # not on the first load
    assert page.locator(STATUS).text_content() == ""
    page.get_by_role("link", name="Children and young people safe and achieving").first.focus()
    page.keyboard.press("Enter")
    page.get_by_role("heading", level=2, name="The basket").wait_for()
    expect(page.locator(":focus")).to_have_js_property("tagName", "H1")
    assert page.locator(":focus").inner_text() == heading(page)
    expect(page.locator(STATUS)).to_have_text(f"Page loaded: {heading(page)}")
    assert page.locator(STATUS).get_attribute("role") == "status"
    page.go_back()  # Back is a new page too
    page.get_by_role("heading", level=1, name="How the council is doing").wait_for()
    expect(page.locator(STATUS)).to_have_text(re.compile("^Page loaded: How the council is doing as at"))
    expect(page.locator(":focus")).to_have_js_property("tagName", "H1")
    assert page.errors == []


def test_the_month_shown_and_a_table_drawn_on_demand_are_announced(live_server, page):
    """WCAG 4.1.3: "Show" and opening "The figures as a table" change the page without moving focus: the
    status region says what changed; the Markdown table gets a real <caption>."""
    from playwright.sync_api import expect

    page.goto(live_server + "/indicators/ia-7wd-ni-59?as_at=2008-12")
    page.get_by_role("heading", level=2, name="Latest: Dec 2008").wait_for()
    page.get_by_label("Performance as at").select_option("2007-03")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", level=2, name="Latest: Mar 2007").wait_for()
    expect(page.locator(STATUS)).to_have_text(re.compile(r"^Showing figures as at Mar 2007: % of initial"))
    assert page.evaluate("document.activeElement.textContent") == "Show"  # focus stays where it was
    expect(page).to_have_title(re.compile(r" as at Mar 2007 – "))

    page.get_by_text("The figures as a table").click()
    table = page.get_by_role("table", name="Every figure, newest first")  # named by its own <caption>
    expect(table.locator("caption")).to_have_text("Every figure, newest first")
    rows = table.locator("tbody tr").count()
    expect(page.locator(STATUS)).to_have_text(f"Every figure, newest first: {rows} rows shown.")
    assert page.locator(".data-table__caption").filter(has_not=page.locator("caption")).evaluate_all(
        "ps => ps.filter(p => p.tagName === 'P').every(p => p.hidden)")  # the caption is said once
    assert page.errors == []


def test_the_chart_is_a_named_figure_whose_plotly_svg_is_hidden(live_server, page):
    """WCAG 1.1.1 and 1.3.1: the figure is named by its caption; plotly's SVG is hidden from assistive
    technology, which gets the caption and the table twin instead."""
    page.goto(live_server + "/indicators/ia-7wd-ni-59?as_at=2008-12")
    page.locator(".trend-chart .main-svg").first.wait_for()
    summary = page.locator(".trend-summary").inner_text()
    figure = page.get_by_role("figure", name=summary)
    assert figure.count() == 1 and summary.startswith("From ")
    assert page.locator(".trend-chart").evaluate("graph => graph.closest('[aria-hidden=true]') !== null")
    tree = figure.aria_snapshot()
    assert "img" not in tree and "graphics" not in tree, tree  # nothing of plotly's SVG
    assert "button \"Actual\"" in tree  # the legend is not hidden


def test_a_table_boxs_focus_ring_stands_out_from_white(live_server, page):
    """WCAG 1.4.11: the ring round a focused scrolling table has 3:1 against the white around and inside it."""
    page.goto(live_server + f"/priorities/{CHILDREN}?as_at=2008-12")
    box = page.locator(".table-scroll:visible").first  # (a table folded away in a closed <details> takes no focus)
    box.focus()
    style = box.evaluate("b => { const s = getComputedStyle(b); return [s.outlineColor, s.outlineStyle, "
                         "s.outlineWidth, s.boxShadow]; }")
    outline, line, width, shadow = style
    white = (255, 255, 255)
    assert line == "solid" and float(width.rstrip("px")) >= 2
    rings = colours(outline) + colours(shadow)
    assert any(contrast(ring, white) >= 3 for ring in rings), style  # a dark ring next to the white
    assert all(contrast(a, b) >= 3 for a in colours(shadow) for b in colours(outline)), style  # and the yellow


def test_the_charts_legend_works_by_keyboard_and_holds_under_text_spacing(live_server, page):
    """WCAG 2.1.1, 2.5.8 and 1.4.12: the legend's entries are buttons of at least 24 by 24 px that show and
    hide their series from the keyboard, and do not overlap when text spacing is increased."""
    from playwright.sync_api import expect

    page.goto(live_server + "/indicators/ia-7wd-ni-59?as_at=2008-12")
    page.locator(".trend-chart .main-svg").first.wait_for()
    buttons = page.locator(".chart-legend__button")
    assert buttons.all_inner_texts() == ["Target (shaded: within tolerance)", "Same period last year", "Actual"]
    actual = page.get_by_role("button", name="Actual")
    traces = [int(i) for i in actual.get_attribute("data-traces").split(",")]
    visible = "([chart, traces]) => traces.map(i => chart.data[i].visible)"
    chart = page.locator(".trend-chart .js-plotly-plot")
    actual.focus()
    page.keyboard.press("Enter")
    expect(actual).to_have_attribute("aria-pressed", "false")
    assert chart.evaluate(f"(chart, traces) => ({visible})([chart, traces])", traces) == [False] * len(traces)
    page.keyboard.press("Space")
    expect(actual).to_have_attribute("aria-pressed", "true")
    assert chart.evaluate(f"(chart, traces) => ({visible})([chart, traces])", traces) == [True] * len(traces)

    page.add_style_tag(content=TEXT_SPACING)
    boxes = [button.bounding_box() for button in buttons.all()]
    assert all(box["height"] >= 24 and box["width"] >= 24 for box in boxes), boxes
    assert overlapping(boxes) == []
    assert buttons.evaluate_all("bs => bs.every(b => b.scrollHeight <= b.clientHeight + 1)")  # no text cut off
    key = page.locator(".chart-legend__key .badge")
    assert overlapping([badge.bounding_box() for badge in key.all()]) == []


def test_the_small_pictures_alt_text_says_the_target(live_server, page):
    """WCAG 1.1.1: a sparkline's alt text carries its dashed target line as well as its trend."""
    page.goto(live_server + f"/priorities/{CHILDREN}?as_at=2008-12")
    page.get_by_role("heading", level=2, name="The basket").wait_for()
    alts = page.locator("img.sparkline").evaluate_all("images => images.map(image => image.alt)")
    assert alts and all(re.search(r"\. (Target (range )?(.+ throughout|moved from .+ to .+)|No target set)",
                                  alt) for alt in alts), alts


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize("path", PAGES)
def test_a_phone_needs_no_sideways_scrolling_and_the_menu_works_by_keyboard(live_server, browser, path, width):
    """WCAG 1.4.10: at 320 CSS px nothing scrolls sideways (a data table scrolls inside its own box); the
    heading is in the first screen, and the navigation, folded behind "Menu", opens and is used by keyboard."""
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": width, "height": 640}, locale="en-GB", is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    try:
        page.goto(live_server + path)
        page.locator("h1").first.wait_for(timeout=20_000)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]") == [width, width]
        top = page.locator("h1").first.bounding_box()
        assert top["y"] < 640 / 3, top  # the page's heading starts in the top third of the first screen

        menu = page.get_by_role("button", name="Menu")
        nav = page.get_by_role("navigation", name="Main")
        expect(nav).to_be_hidden()
        for _ in range(3):  # the skip link, the council's home link, the menu
            page.keyboard.press("Tab")
        expect(menu).to_be_focused()
        page.keyboard.press("Enter")
        expect(menu).to_have_attribute("aria-expanded", "true")
        expect(nav).to_be_visible()
        for _ in range(3):  # past the month's select and "Show", which sit between the button and the links
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.closest('nav.site-nav') !== null")  # the first link
        page.keyboard.press("Escape")  # folds it away, back on its button
        expect(menu).to_have_attribute("aria-expanded", "false")
        expect(menu).to_be_focused()
        expect(nav).to_be_hidden()

        for summary in page.locator("details > summary").all():  # what is folded away must reflow too
            summary.click()
        expect(page.get_by_text("Loading…")).to_have_count(0, timeout=20_000)
        assert page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]") == [width, width]

        menu.focus()
        page.keyboard.press("Enter")
        target = nav.get_by_role("link").last
        name = target.inner_text()
        target.focus()
        page.keyboard.press("Enter")
        page.get_by_role("heading", level=1, name=re.compile("^" + re.escape(name))).wait_for()
        expect(nav).to_be_hidden()  # following a link folds the menu away
        assert page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]") == [width, width]
    finally:
        context.close()


EVIL_UNITS = ["<b>bold</b>", '<a href="https://elsewhere.example/">link</a>', "<i>x</i> &amp; <br>"]


def test_text_in_a_chart_is_plain_text(browser):
    """A unit with markup is drawn in the chart (axis title, hover) as the characters typed: plotly makes no
    bold, link or line break of it."""
    from dash import Dash, dcc, html
    from helpers import make_facts, make_figure

    from data.periods import Frequency, Period
    from layouts.figures import GRAPH_CONFIG, trend_figure

    months = [Period.of(Frequency.MONTHLY, 2008, n) for n in (1, 2, 3)]
    history = [make_figure(month, actual, 33.0, rating)
               for month, actual, rating in zip(months, (41.0, 38.0, 35.0), ("Red", "Amber", "Green"), strict=True)]
    app = Dash(__name__, serve_locally=True)
    app.layout = html.Div([dcc.Graph(id=f"chart-{i}", figure=trend_figure(history, make_facts(unit=unit)),
                                     config=GRAPH_CONFIG) for i, unit in enumerate(EVIL_UNITS)])
    server = make_server("127.0.0.1", 0, app.server, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    page = browser.new_page(viewport={"width": 1000, "height": 1400})
    try:
        page.goto(f"http://127.0.0.1:{server.server_port}/")
        for i, unit in enumerate(EVIL_UNITS):
            chart = page.locator(f"#chart-{i}")
            chart.locator(".main-svg").first.wait_for(timeout=20_000)
            assert chart.locator(".ytitle").text_content() == unit  # the characters, as typed
            chart.locator(".scatterlayer .point").last.hover(force=True)
            assert f"35 {unit}" in chart.locator(".hoverlayer").text_content().replace("\n", "")
            made = chart.evaluate("c => [c.querySelectorAll('a, b, i').length, "
                                  "[...c.querySelectorAll('tspan')].filter(t => /bold|italic/.test("
                                  "t.getAttribute('style') || '')).length]")
            assert made == [0, 0], unit
    finally:
        page.close()
        server.shutdown()


def test_a_late_return_shows_the_last_known_figure_and_how_late_it_is(live_server, page):
    page.goto(live_server + "/indicators/bv12?as_at=2008-12")
    page.get_by_role("heading", level=2, name="Latest: Nov 2008").wait_for()
    latest = page.locator("section.latest").inner_text()
    assert "The return for Dec 2008 is 1 month late: the latest figure is for Nov 2008." in latest
    assert page.locator("section.latest .rating").count() == 1  # the last known rating, by word and shape
    assert page.errors == []


def test_links_and_months_redrawn_by_patches_stay_in_step(live_server, page):
    """The router sends only what changed of the navigation and the months (a Patch, or nothing): after links,
    months, Back and Forward, the links keep the month shown, the current one is marked and the list of months
    shows it chosen, as a page drawn whole would."""
    def in_step(path: str, month: str) -> None:
        """Wait until the page, its links and its months show `path` at `month`, as a page drawn whole would."""
        page.wait_for_function("""([path, month]) => {
            const hrefs = [...document.querySelectorAll(".site-nav a")].map(link => link.getAttribute("href"));
            return location.pathname === path && document.getElementById("as-at").value === month
                && document.querySelectorAll(".site-nav [aria-current=page]").length === 1
                && hrefs.length > 0 && hrefs.every(href => href.endsWith("?as_at=" + month))
                && !hrefs.includes(path + "?as_at=" + month)
                && document.querySelectorAll("#as-at option:checked").length === 1;
        }""", arg=[path, month], timeout=10_000)

    page.goto(live_server + "/?as_at=2008-12")
    page.get_by_role("heading", level=1, name="How the council is doing as at Dec 2008").wait_for()
    page.locator(".site-nav a").nth(0).click()  # the first priority
    page.wait_for_url(re.compile(r"/priorities/"))
    first_priority = page.evaluate("location.pathname")
    page.get_by_role("heading", level=1).wait_for()
    in_step(first_priority, "2008-12")
    page.get_by_label("Performance as at").select_option("2008-11")
    with page.expect_response(lambda response: "/_dash-update-component" in response.url
                              and "site-nav" in (response.request.post_data or "")) as router_answer:
        page.get_by_role("button", name="Show").click()
    in_step(first_priority, "2008-11")
    month_change = router_answer.value.json()["response"]
    assert "__dash_patch_update" in month_change["site-nav"]["children"]  # only the links' month
    assert "__dash_patch_update" in month_change["as-at"]["children"]  # only the month chosen
    assert "footer-data" not in month_change
    page.go_back()
    in_step(first_priority, "2008-12")
    page.go_back()
    in_step("/", "2008-12")
    assert page.locator(".site-nav [aria-current=page]").inner_text() == "Overview"
    page.go_forward()
    in_step(first_priority, "2008-12")
    assert page.locator(".site-nav [aria-current=page]").count() == 1
    assert page.errors == []
