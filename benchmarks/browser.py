"""Benchmark: each page's first load in Debian's Chromium: bytes transferred (compressed, as on the wire) and
time from navigation until the page has settled (drawn, no callback in flight, every chart
drawn); the time from choosing another month to the repaint; and from opening a table twin to the table.

    python benchmarks/browser.py

Serves the demo council from a temporary SQLite file on a free loopback port. Not a test."""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks.common import CHROMIUM, CHROMIUM_ARGS, PAGES, demo_server  # noqa: E402

# True once the page is drawn and quiet: a heading, no Dash callback in flight, and every chart drawn.
SETTLED = """() => {
    const charts = document.querySelectorAll('.dash-graph');
    const settled = document.querySelector('main h1') && !document.querySelector('[data-dash-is-loading]')
        && [...charts].every(chart => chart.querySelector('.main-svg'));
    return settled ? performance.now() : false;
}"""


def first_load(browser, url: str) -> tuple[int, float, dict[str, int]]:
    """Compressed bytes received, milliseconds from navigation to settled, and the largest resources, for a
    cold load (a new browser context: nothing cached)."""
    context = browser.new_context()
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    sizes: dict[str, int] = {}
    names: dict[str, str] = {}
    session.on("Network.responseReceived", lambda e: names.__setitem__(e["requestId"], e["response"]["url"]))
    session.on("Network.loadingFinished",
               lambda e: sizes.__setitem__(names.get(e["requestId"], e["requestId"]), int(e["encodedDataLength"])))
    page.goto(url)
    settled = page.wait_for_function(SETTLED, polling="raf").json_value()
    page.wait_for_load_state("networkidle")  # so that late requests are counted too
    context.close()
    largest = dict(sorted(sizes.items(), key=lambda item: -item[1])[:4])
    return sum(sizes.values()), settled, largest


def month_change(browser, url: str) -> float:
    """Milliseconds, timed in the page, from the click on Show (another month chosen) to the page settled
    at that month."""
    page = browser.new_page()
    page.goto(url)
    page.wait_for_function(SETTLED, polling="raf")
    page.get_by_label("Performance as at").select_option("2007-03")
    page.evaluate("""() => document.addEventListener('click', () => { window.showClicked = performance.now(); },
                                                    {capture: true, once: true})""")
    page.locator("button", has_text="Show").click()
    elapsed = page.wait_for_function(f"""() => {{
        const settled = ({SETTLED})();
        const heading = [...document.querySelectorAll('main h2')].some(h => h.textContent === 'Latest: Mar 2007');
        return settled && heading ? settled - window.showClicked : false;
    }}""", polling="raf").json_value()
    page.close()
    return elapsed


def open_twin(browser, url: str) -> float:
    """Milliseconds, timed in the page, from the click on "The figures as a table" to the table shown."""
    page = browser.new_page()
    page.goto(url)
    page.wait_for_function(SETTLED, polling="raf")
    page.evaluate("""() => document.addEventListener('click', () => { window.twinClicked = performance.now(); },
                                                    {capture: true, once: true})""")
    page.get_by_text("The figures as a table").click()
    elapsed = page.wait_for_function("""() => document.querySelector('.on-demand table tbody tr')
        && !document.querySelector('[data-dash-is-loading]') ? performance.now() - window.twinClicked : false""",
                                     polling="raf").json_value()
    page.close()
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="cold loads of each page; the median is shown")
    args = parser.parse_args()
    with demo_server() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        first_load(browser, base + PAGES["overview"])  # warms the server's caches and the OS's file cache
        print(f"{'page':<10} {'KiB (wire)':>11} {'settled ms':>11}   largest")
        for name, path in PAGES.items():
            loads = [first_load(browser, base + path) for _ in range(args.repeat)]
            total, largest = loads[-1][0], loads[-1][2]
            settled = statistics.median(load[1] for load in loads)
            biggest = ", ".join(f"{url.rsplit('/', 1)[-1].split('?')[0][:40]} {size // 1024} KiB"
                                for url, size in largest.items())
            print(f"{name:<10} {total / 1024:11.0f} {settled:11.0f}   {biggest}")
        repaint = statistics.median(month_change(browser, base + PAGES["indicator"]) for _ in range(args.repeat))
        print(f"month change to repaint (indicator page): {repaint:.0f} ms")
        twin = statistics.median(open_twin(browser, base + PAGES["indicator"]) for _ in range(args.repeat))
        print(f"opening the figures as a table (indicator page): {twin:.0f} ms")
        browser.close()


if __name__ == "__main__":
    main()
