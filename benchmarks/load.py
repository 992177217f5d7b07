"""A bounded load run on loopback: gunicorn with several workers, simulated cabinet members following the
journey (overview -> a priority -> an indicator -> another month -> its table), for a fixed time.

    python benchmarks/load.py [--users 50] [--seconds 60] [--workers 3] [--cache-url redis://127.0.0.1:6390/0]

Builds the demo council in a temporary SQLite file, starts gunicorn on a free 127.0.0.1 port, and reports
requests, errors, p50/p95 and the workers' memory before and after. Traffic goes to 127.0.0.1 only, and the
run stops by itself. Not a test."""

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

JOURNEY = [("GET", "/", None),
           ("POST", "/_dash-update-component", ("/", "")),
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


def worker_memory(master: int) -> list[int]:
    """Resident memory (KiB) of each gunicorn worker: the master's children."""
    sizes = []
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        if fields.get("PPid", "").strip() == str(master):
            sizes.append(int(fields.get("VmRSS", "0 kB").split()[0]))
    return sorted(sizes)


def user(port: int, deadline: float, latencies: list[float], errors: list[str], rng: random.Random) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    while time.monotonic() < deadline:
        for method, path, route in JOURNEY:
            if time.monotonic() >= deadline:
                break
            body, headers = None, {"Accept-Encoding": "gzip"}
            if route:
                pathname, search = route[0], route[1].format(month=rng.choice(MONTHS))
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
            time.sleep(rng.uniform(0.2, 0.8))  # a person reading
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


def run_users(port: int, users: int, seconds: int, master: int) -> tuple[list[float], list[str], list[int]]:
    """`users` simulated users for `seconds`: every request's latency, the errors, and the workers' total
    memory every 30 s (growth that goes on after warm-up is a leak)."""
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=user, args=(port, deadline, latencies, errors, random.Random(n)))
               for n in range(users)]
    for thread in threads:
        thread.start()
    samples = []
    next_sample = time.monotonic() + 30
    while any(thread.is_alive() for thread in threads):
        time.sleep(1)
        if time.monotonic() >= next_sample:
            samples.append(sum(worker_memory(master)))
            next_sample += 30
    for thread in threads:
        thread.join()
    return latencies, errors, samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--cache-url", help="a Redis URL for the shared page cache (default: in-process)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DASHBOARD_DATABASE_URL": sqlite_url(Path(tmp) / "demo.sqlite3"), "PYTHONPATH": str(ROOT)}
        if args.cache_url:
            env["DASHBOARD_CACHE_URL"] = args.cache_url
        subprocess.run([sys.executable, "-m", "dashboard", "demo"], env=env, cwd=ROOT, check=True, capture_output=True)
        port = free_port()
        gunicorn = Path(sys.executable).parent / "gunicorn"
        server = subprocess.Popen([str(gunicorn), "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}",
                                   "dashboard.wsgi:server"], env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            wait_until_up(port)
            before = worker_memory(server.pid)
            latencies, errors, samples = run_users(port, args.users, args.seconds, server.pid)
            after = worker_memory(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)
    ordered = sorted(latencies)
    p95 = ordered[round(0.95 * (len(ordered) - 1))] if ordered else 0
    print(f"{args.users} users, {args.seconds} s, gunicorn --workers {args.workers}, "
          f"cache: {'Redis' if args.cache_url else 'in-process'}")
    print(f"requests {len(latencies)}, errors {len(errors)}, {len(latencies) / args.seconds:.1f} requests/s")
    print(f"latency p50 {statistics.median(latencies):.0f} ms, p95 {p95:.0f} ms, max {ordered[-1]:.0f} ms")
    print(f"worker memory (MiB) before {[round(k / 1024) for k in before]}, after {[round(k / 1024) for k in after]}")
    print(f"all workers' memory every 30 s (MiB): {[round(k / 1024) for k in samples]}")
    if errors:
        print("first errors:", errors[:5])


if __name__ == "__main__":
    main()
