"""Take the README's screenshots of the three main pages and the scrutiny pages (the status grid filtered to a
theme, a directorate), from the demo council, in Debian's Chromium: on a desktop screen, and the main pages on
a 320-pixel phone (with the menu opened once).

    python docs/make_screenshots.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from benchmarks.common import CHROMIUM, CHROMIUM_ARGS, PAGES, demo_server  # noqa: E402

SCRUTINY = {
    "grid": "/grid?theme=children-and-young-people&as_at=2008-12",
    "directorate": "/directorates/children-young-people-s-services?as_at=2008-12",
}


def main() -> None:
    with demo_server() as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 1500})
        for name, path in {**PAGES, **SCRUTINY}.items():
            page.goto(base + path)
            page.locator("h1").first.wait_for()
            page.wait_for_load_state("networkidle")
            out = ROOT / "docs" / "screenshots" / f"{name}.png"
            page.screenshot(path=str(out))
            print(out.relative_to(ROOT))
        phone = browser.new_page(viewport={"width": 320, "height": 720})
        for name, path in PAGES.items():
            phone.goto(base + path)
            phone.locator("h1").first.wait_for()
            phone.wait_for_load_state("networkidle")
            out = ROOT / "docs" / "screenshots" / f"phone-{name}.png"
            phone.screenshot(path=str(out))  # the first screen, as a phone shows it
            print(out.relative_to(ROOT))
        phone.get_by_role("button", name="Menu").click()
        out = ROOT / "docs" / "screenshots" / "phone-menu.png"
        phone.screenshot(path=str(out))
        print(out.relative_to(ROOT))
        browser.close()


if __name__ == "__main__":
    main()
