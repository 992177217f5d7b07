"""Capacity on loopback: gunicorn with 2 and 4 workers, a closed loop of clients with no think time (each sends
its next request as soon as the last is answered), stepping the number of clients until p95 passes 500 ms.

    python benchmarks/load.py [--workers 2,4] [--seconds 15] [--steps 1,2,4,8,16,32] [--cache-url redis://...]

Builds the demo council in a temporary SQLite file, starts gunicorn on a free 127.0.0.1 port (dashboard.wsgi,
with DASHBOARD_CACHE_SECONDS=0 to turn the page cache off), and for each number of workers, cache off and on,
runs the journey's requests (overview, a priority, an indicator, another month, its table) from 1, 2, 4 ...
clients. Prints each step's rate, p50/p95 and errors, and the capacity: the highest rate whose p95 stays within
500 ms. Traffic goes to 127.0.0.1 only and each step stops by itself. Not a test."""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from data.db import sqlite_url  # noqa: E402
from tests.dash_requests import request_body, section_request_body  # noqa: E402

# the first view comes in the layout Dash asks for (drawn for the page's address, its Referer); then callbacks
JOURNEY = [("GET", "/", None),
           ("LAYOUT", "/_dash-layout", ("/", "")),
           ("POST", "/_dash-update-component", ("/priorities/children-and-young-people-safe-and-achieving",
                                                "?as_at=2008-12")),
           ("POST", "/_dash-update-component", ("/indicators/ia-7wd-ni-59", "?as_at=2008-12")),
           ("POST", "/_dash-update-component", ("/indicators/ia-7wd-ni-59", "?as_at={month}")),
           ("SECTION", "/_dash-update-component", ("/indicators/ia-7wd-ni-59", "?as_at={month}"))]  # its table
MONTHS = [f"{year}-{month:02d}" for year in (2006, 2007, 2008) for month in range(1, 13)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def client(port: int, deadline: float, latencies: list[float], errors: list[str], rng: random.Random) -> None:
    """One client of the closed loop: the journey's requests, back to back, until the deadline."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < deadline:
        for method, path, route in JOURNEY:
            if time.monotonic() >= deadline:
                break
            body, headers = None, {"Accept-Encoding": "gzip"}
            if route:
                pathname, search = route[0], route[1].format(month=rng.choice(MONTHS))
                if method == "LAYOUT":
                    method, headers["Referer"] = "GET", f"http://127.0.0.1:{port}{pathname}{search}"
                else:
                    asked = (section_request_body("figures", 1, pathname, search) if method == "SECTION"
                             else request_body(pathname, search))
                    method, body = "POST", json.dumps(asked).encode()
                    headers["Content-Type"] = "application/json"
            started = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                if response.status != 200:
                    errors.append(f"{response.status} {path}")
            except (OSError, http.client.HTTPException) as error:
                errors.append(f"{error.__class__.__name__} {path}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            latencies.append((time.perf_counter() - started) * 1000)
    connection.close()


def wait_until_up(port: int) -> None:
    """Until gunicorn answers on `port` (at most about half a minute), then a moment for every worker."""
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/healthz")
            break
        except OSError:
            time.sleep(0.3)
    time.sleep(2)


P95_LIMIT = 500  # ms: the capacity is the highest rate whose p95 stays within this


def step(port: int, clients: int, seconds: int) -> dict[str, float]:
    """`clients` in a closed loop for `seconds`: requests/s, p50, p95 and errors."""
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=client, args=(port, deadline, latencies, errors, random.Random(n)))
               for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ordered = sorted(latencies) or [0.0]
    return {"clients": clients, "rate": len(latencies) / seconds, "p50": statistics.median(ordered),
            "p95": ordered[round(0.95 * (len(ordered) - 1))], "errors": len(errors)}


def serve(env: dict[str, str], workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    gunicorn = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen([str(gunicorn), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
                               "dashboard.wsgi:server"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    wait_until_up(port)
    return server, port


def capacity(env: dict[str, str], workers: int, steps: list[int], seconds: int) -> list[dict[str, float]]:
    """Each step's figures, stopping after the first whose p95 passes P95_LIMIT."""
    server, port = serve(env, workers)
    found = []
    try:
        step(port, 1, 2)  # warm-up: every worker's imports and connections
        for clients in steps:
            found.append(step(port, clients, seconds))
            r = found[-1]
            print(f"  {clients:3d} clients: {r['rate']:6.1f} requests/s, p50 {r['p50']:5.0f} ms, "
                  f"p95 {r['p95']:5.0f} ms, errors {r['errors']}", flush=True)
            if r["p95"] > P95_LIMIT:
                break
    finally:
        server.terminate()
        server.wait(timeout=30)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", default="2,4", help="gunicorn workers, one run each (default 2,4)")
    parser.add_argument("--seconds", type=int, default=15, help="length of each step")
    parser.add_argument("--steps", default="1,2,4,8,16,32", help="numbers of clients to step through")
    parser.add_argument("--cache-url", help="a Redis URL for the shared page cache (default: in-process)")
    args = parser.parse_args()
    steps = [int(n) for n in args.steps.split(",")]
    summary = []
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DASHBOARD_DATABASE_URL": sqlite_url(Path(tmp) / "demo.sqlite3"), "PYTHONPATH": str(ROOT)}
        if args.cache_url:
            env["DASHBOARD_CACHE_URL"] = args.cache_url
        subprocess.run([sys.executable, "-m", "dashboard", "demo"], env=env, cwd=ROOT, check=True, capture_output=True)
        for workers in (int(n) for n in args.workers.split(",")):
            for cache in ("off", "on"):
                print(f"gunicorn --workers {workers}, page cache {cache} (load average before: "
                      f"{os.getloadavg()[0]:.1f}):", flush=True)
                found = capacity({**env, "DASHBOARD_CACHE_SECONDS": "0" if cache == "off" else "3600"},
                                 workers, steps, args.seconds)
                within = [r for r in found if r["p95"] <= P95_LIMIT]
                summary.append((workers, cache, max(within, key=lambda r: r["rate"], default=None)))
    report(summary)


def report(summary: list[tuple[int, str, dict[str, float] | None]]) -> None:
    print(f"\ncapacity (closed loop, no think time; the highest rate with p95 <= {P95_LIMIT} ms):")
    for workers, cache, best in summary:
        said = (f"{best['rate']:.0f} requests/s at {best['clients']:.0f} clients (p95 {best['p95']:.0f} ms)" if best
                else "none: p95 passed the limit at one client")
        print(f"  {workers} workers, cache {cache}: {said}")

if __name__ == "__main__":
    main()
