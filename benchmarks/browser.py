"""Benchmark: each page's first load in Debian's Chromium: bytes transferred (compressed, as on the wire) and
time from navigation until the page has settled; and the time from choosing another month to the repaint.

    python benchmarks/browser.py

Serves the demo council from a temporary SQLite file on a free loopback port. Not a test."""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks.common import CHROMIUM, CHROMIUM_ARGS, demo_server  # noqa: E402

PAGES = {
    "overview": "/?as_at=2008-12",
    "priority": "/priorities/children-and-young-people-safe-and-achieving?as_at=2008-12",
    "indicator": "/indicators/bv78a?as_at=2008-03",
}


def first_load(browser, url: str) -> tuple[int, float, dict[str, int]]:
    """Compressed bytes received, milliseconds to settle, and the largest resources, for a cold load."""
    context = browser.new_context()
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    sizes: dict[str, int] = {}
    names: dict[str, str] = {}
    session.on("Network.responseReceived", lambda e: names.__setitem__(e["requestId"], e["response"]["url"]))
    session.on("Network.loadingFinished",
               lambda e: sizes.__setitem__(names.get(e["requestId"], e["requestId"]), int(e["encodedDataLength"])))
    started = time.perf_counter()
    page.goto(url)
    page.locator("h1").first.wait_for()
    page.wait_for_load_state("networkidle")
    settled = (time.perf_counter() - started) * 1000
    context.close()
    largest = dict(sorted(sizes.items(), key=lambda item: -item[1])[:4])
    return sum(sizes.values()), settled, largest


def month_change(browser, url: str) -> float:
    """Milliseconds from pressing Show with another month chosen to the new heading on screen."""
    page = browser.new_page()
    page.goto(url)
    page.get_by_role("heading", level=2, name="Latest: Mar 2008").wait_for()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Performance as at").select_option("2007-03")
    started = time.perf_counter()
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", level=2, name="Latest: Mar 2007").wait_for()
    elapsed = (time.perf_counter() - started) * 1000
    page.close()
    return elapsed


def main() -> None:
    with demo_server() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        print(f"{'page':<10} {'KiB (wire)':>11} {'settled ms':>11}   largest")
        for name, path in PAGES.items():
            total, settled, largest = first_load(browser, base + path)
            biggest = ", ".join(f"{url.rsplit('/', 1)[-1].split('?')[0][:40]} {size // 1024} KiB"
                                for url, size in largest.items())
            print(f"{name:<10} {total / 1024:11.0f} {settled:11.0f}   {biggest}")
        repaint = month_change(browser, base + PAGES["indicator"])
        print(f"month change to repaint (indicator page): {repaint:.0f} ms")
        browser.close()


if __name__ == "__main__":
    main()
