"""Benchmark: each page's time in Debian's Chromium from navigation to content shown, against a bare Dash page
served in the same run; the time from the click on Show (another month) to the page repainted; and on the
status grid, from a change of its "Latest rating" filter to the grid redrawn.

    python benchmarks/browser.py [--repeat N] [--scales demo,large] [--indicators 1000]

The pages: the overview, a priority, an indicator, the status grid filtered to a theme, that theme's page and a
directorate's page.

The dashboard is served with its page cache off (cache_seconds=0) by the same server stack as the bare pages
(Werkzeug's threaded server, Flask-Compress brotli), each load in a fresh browser context (nothing cached).
"Content shown": the page's main h1 is there and, on a page with charts, every chart's .main-svg is drawn;
it does not wait for callbacks (the first view comes in the layout, with no router callback). Pages with
a chart are compared with bare page B (a heading and one dcc.Graph from the same partial plotly.js), others
with bare page A (a heading). Loads of the app and the bare pages alternate, so both meet the same noise.
Not a test."""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks.bare import bare_app  # noqa: E402
from benchmarks.common import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    PAGES,
    SCRUTINY_PAGES,
    demo_server,
    fresh_engine,
    serve,
)
from data.db import sqlite_url  # noqa: E402

# performance.now() (ms since navigation start) once the main heading is there and at least `charts` charts
# are drawn; false until then.
SHOWN = """(charts) => {
    const drawn = [...document.querySelectorAll('.dash-graph')].filter(g => g.querySelector('.main-svg'));
    return document.querySelector('main h1') && drawn.length >= charts ? performance.now() : false;
}"""

# True once the page is drawn and quiet: a heading, no Dash callback in flight, and every chart drawn.
SETTLED = """() => {
    const charts = document.querySelectorAll('.dash-graph');
    return Boolean(document.querySelector('main h1') && !document.querySelector('[data-dash-is-loading]')
        && [...charts].every(chart => chart.querySelector('.main-svg')));
}"""

# Where the time went, from the Resource Timing entries (ms since navigation start): the HTML received; the
# layout's server wait (request sent to first byte: for the app, drawing the page) and the layout received; the
# last of Dash's scripts received (those before content shown: plotly.js too on a chart page); Dash's
# dependencies received (asked for once the renderer runs; what follows is drawing in the browser).
TIMINGS = """() => {
    const html = performance.getEntriesByType('navigation')[0];
    const layout = performance.getEntriesByType('resource').find(entry => entry.name.includes('/_dash-layout'));
    const scripts = performance.getEntriesByType('resource').filter(entry => entry.name.includes('.js'));
    return [html.responseEnd, layout ? layout.responseStart - layout.requestStart : -1,
            layout ? layout.responseEnd : -1, Math.max(...scripts.map(entry => entry.responseEnd)),
            Math.max(-1, ...performance.getEntriesByType('resource')
                .filter(entry => entry.name.includes('/_dash-dependencies')).map(entry => entry.responseEnd))];
}"""

# What a month change repaints: the title and the page's headings.
HEADINGS = """() => document.title + '|'
    + [...document.querySelectorAll('main h1, main h2')].map(h => h.textContent).join('|')"""


def probe(browser, url: str) -> tuple[int, int]:
    """Charts on the page once settled, and the compressed bytes a cold load receives."""
    context = browser.new_context()
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    sizes: dict[str, int] = {}
    session.on("Network.loadingFinished", lambda e: sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))
    page.goto(url)
    page.wait_for_function(SETTLED, polling="raf")
    page.wait_for_load_state("networkidle")  # so that late requests are counted too
    charts = page.locator(".dash-graph").count()
    context.close()
    return charts, sum(sizes.values())


def shown(browser, url: str, charts: int) -> tuple[float, list[float]]:
    """Milliseconds from navigation start to content shown, in a fresh context (nothing cached); and where
    they went (TIMINGS)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url, wait_until="commit")
    elapsed = page.wait_for_function(SHOWN, arg=charts, polling="raf").json_value()
    parts = page.evaluate(TIMINGS)
    context.close()
    return elapsed, parts


def month_change(browser, url: str) -> float | None:
    """Milliseconds, timed in the page, from the click on Show (a month a year earlier chosen, or the earliest)
    to the page repainted: its title or headings changed, no callback in flight and every chart drawn."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(SETTLED, polling="raf")
    select = page.get_by_label("Performance as at")
    if not select.count():  # a page without the month chooser
        context.close()
        return None
    values = select.locator("option").evaluate_all("options => options.map(o => o.value)")
    current = values.index(select.input_value())
    select.select_option(values[current - 12 if current >= 12 else (current + 1) % len(values)])
    before = page.evaluate(HEADINGS)
    page.evaluate("""() => document.addEventListener('click', () => { window.showClicked = performance.now(); },
                                                    {capture: true, once: true})""")
    page.locator("button", has_text="Show").click()
    elapsed = page.wait_for_function(f"""(before) => ({HEADINGS})() !== before && ({SETTLED})()
        ? performance.now() - window.showClicked : false""", arg=before, polling="raf").json_value()
    context.close()
    return elapsed


# What a filter change repaints: the page's main content (the counts and the grid's rows).
MAIN = "() => document.querySelector('main') ? document.querySelector('main').textContent : ''"
RATING_FILTER = "Latest rating"  # the status grid's rating filter, by its visible label (layouts/grid.py)


def filter_change(browser, url: str) -> float | None:
    """Milliseconds, timed in the page, from a change of the grid's rating filter (to Red, or else the first
    rating offered) to the page repainted: its main content changed, no callback in flight and every chart
    drawn. None where the page has no such filter (the grid page not there yet)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    page.wait_for_function(SETTLED, polling="raf")
    select = page.get_by_label(RATING_FILTER, exact=True)
    if not select.count():
        context.close()
        return None
    values = [v for v in select.locator("option").evaluate_all("options => options.map(o => o.value)") if v]
    before = page.evaluate(MAIN)
    page.evaluate("""() => document.addEventListener('change', () => { window.filterChanged = performance.now(); },
                                                    {capture: true, once: true})""")
    select.select_option("red" if "red" in values else values[0])
    elapsed = page.wait_for_function(f"""(before) => ({MAIN})() !== before && ({SETTLED})()
        ? performance.now() - window.filterChanged : false""", arg=before, polling="raf").json_value()
    context.close()
    return elapsed


def p95(samples: list[float]) -> float:
    """The 95th percentile (nearest rank), the slowest sample when there are fewer than twenty."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(0.95 * len(ordered) + 0.5) - 1)]


def large_council(folder: Path, indicators: int) -> tuple[str, dict[str, str]]:
    """A SQLite file holding benchmarks/run.py's generated council, and its three pages' addresses."""
    from benchmarks.run import views_for, write_large_council
    from data.importer import load_file
    from data.store import Store

    engine = fresh_engine("sqlite", folder, None, "browser_large")
    for csv_file in write_large_council(folder, indicators):
        load_file(engine, csv_file)
    pages = {name: f"{path}{query}" for name, (path, query, _slug) in views_for(Store(engine)).items()}
    engine.dispose()
    return sqlite_url(folder / "browser_large.sqlite3"), pages


def measure(browser, base: str, bare: dict[str, str], pages: dict[str, str], repeat: int) -> list[str]:
    """The table's lines for one council: each page against its bare page, then the month changes."""
    targets = {name: (base + path, *probe(browser, base + path)) for name, path in pages.items()}
    targets |= {name: (url, *probe(browser, url)) for name, url in bare.items()}
    samples: dict[str, list[float]] = {name: [] for name in targets}
    parts: dict[str, list[list[float]]] = {name: [] for name in targets}
    for _ in range(repeat):  # alternate, so that a noisy moment hits app and bare alike
        for name, (url, charts, _size) in targets.items():
            elapsed, timings = shown(browser, url, charts)
            samples[name].append(elapsed)
            parts[name].append(timings)
    lines = [f"{'page':<11} {'charts':>6} {'KiB wire':>9} {'median ms':>10} {'p95 ms':>8} {'vs':>7} {'ratio':>6}"
             f"   {'html at':>7} {'layout wait':>11} {'layout at':>9} {'scripts at':>10} {'deps at':>7}"]
    lines += [shown_line(name, charts, size, samples) + "   " + parts_line(parts[name])
              for name, (_url, charts, size) in targets.items()]
    for name, path in pages.items():
        changes = [elapsed for elapsed in (month_change(browser, base + path) for _ in range(repeat))
                   if elapsed is not None]
        lines.append(f"month change, {name}: median {statistics.median(changes):.0f} ms, p95 {p95(changes):.0f} ms"
                     if changes else f"month change, {name}: no month chooser on the page (not measured)")
    if "grid" in pages:
        found = [filter_change(browser, base + pages["grid"]) for _ in range(repeat)]
        changes = [elapsed for elapsed in found if elapsed is not None]
        lines.append(f"filter change, grid: median {statistics.median(changes):.0f} ms, p95 {p95(changes):.0f} ms"
                     if changes else f"filter change, grid: no '{RATING_FILTER}' filter on the page (not measured)")
    return lines


def shown_line(name: str, charts: int, size: int, samples: dict[str, list[float]]) -> str:
    """One page's line: median and p95 to content shown and, for the app's pages, the ratio to its bare page
    (bare B for a page with a chart, else bare A), medians over medians."""
    median = statistics.median(samples[name])
    against, ratio = "", ""
    if not name.startswith("bare"):
        against = "bare B" if charts else "bare A"
        ratio = f"{median / statistics.median(samples[against]):.2f}"
    return f"{name:<11} {charts:>6} {size / 1024:9.0f} {median:10.0f} {p95(samples[name]):8.0f} {against:>7} {ratio:>6}"


def parts_line(parts: list[list[float]]) -> str:
    """The medians of TIMINGS over the loads: HTML received, the layout's server wait, layout received, the
    last script received, Dash's dependencies received."""
    html_at, layout_wait, layout_at, scripts_at, deps_at = (statistics.median(column)
                                                           for column in zip(*parts, strict=True))
    return f"{html_at:7.0f} {layout_wait:11.0f} {layout_at:9.0f} {scripts_at:10.0f} {deps_at:7.0f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=10, help="cold loads of each page (and month changes)")
    parser.add_argument("--scales", default="demo,large", help="which councils: demo, large or both")
    parser.add_argument("--indicators", type=int, default=1000, help="the large council's indicators")
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    with ExitStack() as stack, tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        bare = {"bare A": stack.enter_context(serve(bare_app(chart=False))) + "/",
                "bare B": stack.enter_context(serve(bare_app(chart=True))) + "/"}
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for scale in args.scales.split(","):
            if scale == "demo":
                url, pages, label = None, PAGES | SCRUTINY_PAGES, "demo council (63 indicators)"
            else:
                url, pages = large_council(Path(tmp), args.indicators)
                label = f"large council ({args.indicators} indicators x 10 years)"
            loads = ", ".join(f"{load:.2f}" for load in os.getloadavg())
            with demo_server(cache_seconds=0, database_url=url) as base:
                lines = measure(browser, base, bare, pages, args.repeat)
            print(f"\n{label}, page cache off, {args.repeat} fresh contexts each, load average before "
                  f"{loads}, after {', '.join(f'{load:.2f}' for load in os.getloadavg())}")
            print("\n".join(lines), flush=True)
        browser.close()


if __name__ == "__main__":
    main()
