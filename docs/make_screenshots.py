"""Take the README's screenshots of the three main pages, from the demo council, in Debian's Chromium.

    python docs/make_screenshots.py
"""

from __future__ import annotations

import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402

from dashboard.app import create_app  # noqa: E402
from dashboard.settings import Settings  # noqa: E402
from data.db import sqlite_url  # noqa: E402

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]
PAGES = {
    "overview": "/?as_at=2008-12",
    "priority": "/priorities/children-and-young-people-safe-and-achieving?as_at=2008-12",
    "indicator": "/indicators/bv78a?as_at=2008-03",
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(Settings(database_url=sqlite_url(Path(tmp) / "demo.sqlite3")))
        server = make_server("127.0.0.1", 0, app.server, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 1500})
            for name, path in PAGES.items():
                page.goto(base + path)
                page.locator("h1").first.wait_for()
                page.wait_for_load_state("networkidle")
                out = ROOT / "docs" / "screenshots" / f"{name}.png"
                page.screenshot(path=str(out))
                print(out.relative_to(ROOT))
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
