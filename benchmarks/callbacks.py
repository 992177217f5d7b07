"""Benchmark: server time of each page's callback, as the browser calls it (`POST /_dash-update-component`).

    python benchmarks/callbacks.py [--repeat 20] [--database-url URL]

Builds the demo council in a temporary SQLite file unless a database is given. Prints p50 and p95 in
milliseconds and the response size. Not a test: speed targets live here, never in the suite."""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.app import create_app  # noqa: E402
from dashboard.settings import Settings  # noqa: E402
from data.db import sqlite_url  # noqa: E402
from tests.dash_requests import request_body  # noqa: E402

VIEWS = {
    "overview": ("/", "?as_at=2008-12"),
    "priority": ("/priorities/children-and-young-people-safe-and-achieving", "?as_at=2008-12"),
    "indicator": ("/indicators/bv78a", "?as_at=2008-03"),
}
def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--database-url", metavar="URL")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url = args.database_url or sqlite_url(Path(tmp) / "demo.sqlite3")
        app = create_app(Settings(database_url=url, cache_seconds=0))  # the demo, built; cache off: real work
        client = app.server.test_client()
        print(f"{'view':<10} {'p50 ms':>8} {'p95 ms':>8} {'bytes':>9}   ({args.repeat} calls each, after one warm-up)")
        for view, (pathname, search) in VIEWS.items():
            body = request_body(pathname, search)
            client.post("/_dash-update-component", json=body)  # warm-up: imports, caches, connection pool
            times, size = [], 0
            for _ in range(args.repeat):
                started = time.perf_counter()
                response = client.post("/_dash-update-component", json=body)
                times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.get_data(as_text=True)[:300]
                size = len(response.get_data())
            print(f"{view:<10} {statistics.median(times):8.1f} {percentile(times, 0.95):8.1f} {size:9,}")


if __name__ == "__main__":
    main()
