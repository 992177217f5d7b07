"""The benchmark harness: each view three ways, checked to agree, then timed.

    python benchmarks/run.py [--quick] [--json FILE] [--postgres URL] [--repeat N] [--scales S] [--views V]

For each view (overview, priority, indicator; the status grid with a theme filter, a theme's page, a directorate's
page; the under-performance list, the action tracker, the strategic assessment) at each scale (the demo council;
a generated large council of 1,000 indicators x 10 years monthly with an action for every tenth indicator, on
SQLite and, with --postgres, on PostgreSQL) it measures:

- floor: a genuine lower bound: a query for the fewest rows, rated over whole columns (data/vectorised.py), the
  shown figures as JSON; no Dash, no store (benchmarks/views.py);
- naive: what a competent Dash developer writes: every table read into pandas once at start-up (timed apart),
  pandas filters per request, data/rules.py row by row, plotly express drawing only what the page draws;
- ours: the real callback through the Flask test client (POST /_dash-update-component), page cache off, and
  again with the cache on (saying whether the cache answered).

Before timing, each view's three answers are checked to agree on the figures the page shows (benchmarks/
agreement.py); any difference stops the run with exit status 1 and the differing values. `--quick` uses 200
indicators and fewer repeats. Not a test: speed targets live here, never in the suite.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import views  # noqa: E402
from benchmarks.agreement import Disagreement, check  # noqa: E402
from benchmarks.common import fresh_engine  # noqa: E402
from dashboard.app import create_app  # noqa: E402
from dashboard.settings import Settings  # noqa: E402
from data.answers import GridFilters  # noqa: E402
from data.demo import build_demo  # noqa: E402
from data.filters import filters_query  # noqa: E402
from data.importer import load_file  # noqa: E402
from data.models import Directorate, Theme  # noqa: E402
from data.periods import Frequency, Period, parse_period  # noqa: E402
from data.store import Store  # noqa: E402
from tests.dash_requests import request_body  # noqa: E402

AS_AT = "2008-12"
PERIOD = parse_period("Dec 2008")
MONTHS = 120  # Apr 1998 - Mar 2008 ... the large council's ten years end with Dec 2008
FIRST_YEAR = 1999


# --- the large council --------------------------------------------------------------------------------

ACTIONS_EVERY = 10  # the large council has an action for every tenth indicator (it would have none otherwise)
REPORTED_ON = date(2008, 10, 1)  # when the large council's actions reported their progress


def write_large_council(folder: Path, indicators: int) -> tuple[Path, Path, Path]:
    """Definitions, ten years of monthly values (with targets) and an action for every tenth indicator (of each
    kind, started and due at spread-out dates, progress reported on REPORTED_ON) for a generated council."""
    rng = random.Random(1)
    priorities = [f"Priority {n}" for n in range(1, 7)]
    definitions, values = folder / "definitions.csv", folder / "values.csv"
    with definitions.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "title", "directorate", "service", "themes", "priorities", "unit", "polarity",
                         "frequency"])
        for i in range(indicators):
            writer.writerow([f"L{i:04d}", f"Large council indicator {i}", f"Directorate {i % 10}",
                             f"Service {i % 40}", f"Theme {i % 5}", priorities[i % 6], "%",
                             "higher" if i % 3 else "lower", "monthly"])
    end = Period.of(Frequency.MONTHLY, 2008, 9)  # Dec 2008
    months = [Period(end.ordinal - k, Frequency.MONTHLY) for k in range(MONTHS - 1, -1, -1)]
    with values.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["indicator", "period", "actual", "target"])
        for i in range(indicators):
            level = rng.uniform(40, 90)
            for month in months:
                level += rng.gauss(0.05, 1.0)
                writer.writerow([f"L{i:04d}", month.label, f"{level:.1f}", f"{level + rng.uniform(-3, 3):.1f}"])
    return definitions, values, _write_actions(folder / "actions.csv", indicators, priorities, rng)


def _write_actions(path: Path, indicators: int, priorities: list[str], rng: random.Random) -> Path:
    """An action for every tenth indicator, linked to it: remedial, service plan and director review in turn,
    started from April 2007 to March 2009, due 3 to 24 months later, some of them reported complete."""
    kinds = ["remedial", "service plan", "director review"]
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["ref", "title", "kind", "directorate", "priority", "indicators", "owner", "start", "due",
                         "progress"])
        for n, i in enumerate(range(0, indicators, ACTIONS_EVERY)):
            start = date(2007 + (3 + n % 24) // 12, (3 + n % 24) % 12 + 1, 1)
            months = 3 + rng.randrange(22)
            due = date(start.year + (start.month - 1 + months) // 12, (start.month - 1 + months) % 12 + 1, 1)
            writer.writerow([f"A{n:04d}", f"Action {n} on L{i:04d}", kinds[n % 3], f"Directorate {i % 10}",
                             priorities[i % 6], f"L{i:04d}", f"Officer {n % 7}", start.isoformat(),
                             due.isoformat(), rng.choice([0, 10, 25, 50, 75, 90, 100])])
    return path


def prepare(kind: str, scale: str, folder: Path, postgres: str | None, indicators: int) -> Store:
    engine = fresh_engine(kind, folder, postgres, f"h_harness_{scale}")  # this harness's own schema
    if scale == "demo":
        build_demo(engine)
    else:
        for file in write_large_council(folder, indicators):
            load_file(engine, file, as_of=REPORTED_ON)
    return Store(engine)


def _named(store: Store, table: type[Theme] | type[Directorate], wanted: str) -> str:
    """The slug `wanted` if this council has it, else its first by name."""
    with store.engine.connect() as connection:
        slugs = connection.execute(select(table.slug).order_by(table.name)).scalars().all()
    return wanted if wanted in slugs else slugs[0]


def views_for(store: Store) -> dict[str, tuple[str, str, str]]:
    """Each view's URL path, query and slug at this council: its first priority, that basket's first indicator,
    a theme (the status grid filtered to it, and its page) and a directorate (the demo's biggest)."""
    slugs = [priority.slug for priority in store.priorities()]
    slug = "children-and-young-people-safe-and-achieving" if "children-and-young-people-safe-and-achieving" in slugs \
        else slugs[0]
    basket = store.scorecard(PERIOD, priority=slug)
    indicator = "bv8" if store.indicator("bv8") else basket[0].indicator.slug
    theme = _named(store, Theme, "children-and-young-people")
    directorate = _named(store, Directorate, "children-young-people-s-services")
    query = f"?as_at={AS_AT}"
    return {"overview": ("/", query, ""), "priority": (f"/priorities/{slug}", query, slug),
            "indicator": (f"/indicators/{indicator}", query, indicator),
            "grid": ("/grid", filters_query(GridFilters(theme=theme), AS_AT), theme),
            "theme": (f"/themes/{theme}", query, theme),
            "directorate": (f"/directorates/{directorate}", query, directorate),
            "underperformance": ("/underperformance", query, ""), "tracker": ("/actions", query, ""),
            "assessment": ("/assessment", query, "")}


def build(view: str, slug: str) -> Callable[[views.Floor | views.Naive], tuple[views.Shown, int]]:
    """The call that draws `view` in the floor or the naive build: (the figures shown, bytes)."""
    if view == "overview" or view in views.COUNCIL_WIDE:
        return lambda builder: getattr(builder, view)(PERIOD)
    return lambda builder: getattr(builder, view)(slug, PERIOD)


# --- measuring ----------------------------------------------------------------------------------------------

def timed(work: Callable[[], int], repeat: int) -> dict[str, float]:
    """p50 and p95 of `repeat` calls after one warm-up, in ms, and the size of the last answer."""
    work()  # warm-up
    samples, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        size = work()
        samples.append((time.perf_counter() - started) * 1000)
    ordered = sorted(samples)
    return {"p50": round(statistics.median(samples), 1),
            "p95": round(ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], 1), "bytes": size}


class Counted:
    """Counts the store's scorecards and action lists drawn (the tracker draws no scorecard): none while the
    cache is on means the cache answered."""

    def __init__(self, store: Store):
        self.calls = 0
        for name in ("scorecard", "actions"):
            setattr(store, name, self._counted(getattr(store, name)))

    def _counted(self, method: Callable) -> Callable:
        def counted(*args, **kwargs):
            self.calls += 1
            return method(*args, **kwargs)

        return counted


def agree(view: str, body: dict, slug: str, builders: dict[str, views.Floor | views.Naive], store: Store,
          client) -> None:
    """The agreement check: the callback answers 200, and floor, naive and ours show the same figures."""
    response = client.post("/_dash-update-component", json=body)
    if response.status_code != 200:
        raise Disagreement(f"{view}: the callback answered {response.status_code}")
    draw = build(view, slug)
    check(view, {"ours": views.ours(store, view, slug, PERIOD),
                 **{name: draw(builder)[0] for name, builder in builders.items()}})


def measure(store: Store, repeat: int, naive_repeat: int, only: list[str] | None = None
            ) -> tuple[dict[str, dict], float]:
    """Each view's timings, after the agreement check; and the naive build's start-up in ms."""
    started = time.perf_counter()
    naive = views.Naive(store.engine)
    startup = (time.perf_counter() - started) * 1000
    builders: dict[str, views.Floor | views.Naive] = {"floor": views.Floor(store.engine), "naive": naive}
    off = create_app(Settings(seed_demo=False, cache_seconds=0), store).server.test_client()
    on = create_app(Settings(seed_demo=False, cache_seconds=3600), store).server.test_client()
    counted = Counted(store)
    results = {}
    for view, (path, query, slug) in views_for(store).items():
        if only and view not in only:
            continue
        body = request_body(path, query)
        agree(view, body, slug, builders, store, off)

        def ours(client=off, body=body) -> int:
            response = client.post("/_dash-update-component", json=body)
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            return len(response.get_data())

        draw = build(view, slug)
        found = {name: timed(lambda builder=builder, draw=draw: draw(builder)[1],
                             naive_repeat if name == "naive" else repeat) for name, builder in builders.items()}
        counted.calls = 0
        found["ours"] = timed(ours, repeat)
        found["ours"]["asked"] = counted.calls > 0  # False: the page drawn did not ask the store (a stand-in)
        ours(on)  # drawn once, into the cache
        counted.calls = 0
        found["cached"] = timed(lambda: ours(on), repeat)
        found["cached"]["answered"] = counted.calls == 0
        results[view] = found
    return results, startup


HEADER = (f"{'view':<16} {'floor':>7} {'p95':>7} {'bytes':>7} {'naive':>8} {'p95':>8} {'bytes':>9} {'ours':>7} "
          f"{'p95':>7} {'bytes':>8} {'cached':>7} {'p95':>6} {'ours/floor':>10} {'naive/ours':>10}")


def line(view: str, r: dict[str, dict]) -> str:
    f, n, o, c = r["floor"], r["naive"], r["ours"], r["cached"]
    return (f"{view:<16} {f['p50']:7.1f} {f['p95']:7.1f} {f['bytes']:7,} {n['p50']:8.1f} {n['p95']:8.1f} "
            f"{n['bytes']:9,} {o['p50']:7.1f} {o['p95']:7.1f} {o['bytes']:8,} {c['p50']:7.1f} {c['p95']:6.1f}"
            f"{'' if c['answered'] else '*'} {o['p50'] / f['p50']:9.1f}x {n['p50'] / o['p50']:9.1f}x"
            f"{'' if o['asked'] else '  (stand-in page: the callback never asked the store)'}")


def run_scale(scale: str, kind: str, folder: Path, args: argparse.Namespace, repeat: int,
              indicators: int) -> dict:
    """Build one council, check the agreement, time the views and print the table."""
    started = time.perf_counter()
    store = prepare(kind, scale, folder, args.postgres, indicators)
    label = f"{scale} ({indicators} indicators x 10 years)" if scale == "large" else "demo (63 indicators)"
    print(f"\n{label}, {kind}: built in {time.perf_counter() - started:.0f} s (load average "
          f"{os.getloadavg()[0]:.1f})", flush=True)
    try:
        results, startup = measure(store, repeat, max(3, repeat // 3), args.views.split(",") if args.views else None)
    except Disagreement as error:
        print(f"\nFAILED at {label}, {kind}: {error}", file=sys.stderr)
        raise SystemExit(1) from None
    finally:
        store.engine.dispose()
    print(f"naive start-up (every table into pandas, once): {startup:,.0f} ms; agreement check passed")
    print(HEADER)
    for view, r in results.items():
        print(line(view, r), flush=True)
    return {"naive_startup_ms": round(startup), "views": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 indicators, fewer repeats")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write every timing as JSON")
    parser.add_argument("--postgres", metavar="URL", help="also measure the large council on PostgreSQL")
    parser.add_argument("--repeat", type=int, help="calls per measurement (default 20, quick 7)")
    parser.add_argument("--scales", default="demo,large", help="which councils: demo, large or both")
    parser.add_argument("--views", help="only these views, by name (e.g. assessment,underperformance,tracker)")
    args = parser.parse_args()
    repeat = args.repeat or (7 if args.quick else 20)
    indicators = 200 if args.quick else 1000
    kinds = ["sqlite"] + (["postgresql"] if args.postgres else [])
    scales = [(scale, kind) for scale in args.scales.split(",") for kind in kinds
              if (scale, kind) != ("demo", "postgresql")]
    with tempfile.TemporaryDirectory() as tmp:
        report = {f"{scale}, {kind}": run_scale(scale, kind, Path(tmp), args, repeat, indicators)
                  for scale, kind in scales}
    print("\nms (p50, then p95); bytes: floor the shown figures as JSON, naive plotly's figure JSON (the tables "
          "as JSON for the pages that draw no chart: grid, theme, directorate, under-performance, tracker, "
          "assessment), ours the callback's answer (before compression); "
          "cached: ours with the page cache on (* = the cache did not answer every call)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")

if __name__ == "__main__":
    main()
