"""The benchmark harness: each view's main callback against the floor and against a naive Dash build.

    python benchmarks/run.py [--quick] [--json FILE] [--postgres URL] [--repeat N]

For each view (overview, priority, indicator) at each scale (the demo council; a generated large council of
1,000 indicators x 10 years monthly, on SQLite and, with --postgres, on PostgreSQL) it measures:

- floor: the store's query, the rules and a minimal figure for the same data, without Dash;
- ours: the real callback through the Flask test client (POST /_dash-update-component), page cache off;
- naive: whole tables read into pandas, filtered there, rated row by row, drawn with plotly express.

It prints p50/p95 in milliseconds and response bytes, and the ratios ours/floor and naive/ours. `--quick`
uses 200 indicators and fewer repeats (about 5 minutes on 2 cores). Not a test: nothing here can fail a build.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import plotly.io as pio
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import fresh_engine  # noqa: E402
from dashboard.app import create_app  # noqa: E402
from dashboard.settings import Settings  # noqa: E402
from data import rules  # noqa: E402
from data.answers import Figure  # noqa: E402
from data.demo import build_demo  # noqa: E402
from data.importer import load_file  # noqa: E402
from data.periods import Frequency, Period, parse_period  # noqa: E402
from data.store import Store  # noqa: E402
from layouts.priority import SMALL_MULTIPLES  # noqa: E402
from tests.dash_requests import request_body  # noqa: E402

AS_AT = "2008-12"
PERIOD = parse_period("Dec 2008")
MONTHS = 120  # Apr 1998 - Mar 2008 ... the large council's ten years end with Dec 2008
FIRST_YEAR = 1999


# --- the large council --------------------------------------------------------------------------------

def write_large_council(folder: Path, indicators: int) -> tuple[Path, Path]:
    """Definitions and ten years of monthly values (with targets) for a generated council."""
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
    return definitions, values


def prepare(kind: str, scale: str, folder: Path, postgres: str | None, indicators: int) -> Store:
    engine = fresh_engine(kind, folder, postgres, f"bench_{scale}")
    if scale == "demo":
        build_demo(engine)
    else:
        definitions, values = write_large_council(folder, indicators)
        load_file(engine, definitions)
        load_file(engine, values)
    return Store(engine)


def views_for(store: Store) -> dict[str, tuple[str, str]]:
    """The URL of each view, at this council: its first priority and first indicator in that basket."""
    slugs = [priority.slug for priority in store.priorities()]
    slug = "children-and-young-people-safe-and-achieving" if "children-and-young-people-safe-and-achieving" in slugs \
        else slugs[0]
    basket = store.scorecard(PERIOD, priority=slug)
    indicator = "bv8" if store.indicator("bv8") else basket[0].indicator.slug
    return {"overview": "/", "priority": f"/priorities/{slug}", "indicator": f"/indicators/{indicator}"}


# --- floor: the least work that answers each view ---------------------------------------------------------

def _minimal(x, y) -> int:
    figure = go.Figure(data=[{"type": "scatter", "x": list(x), "y": list(y)}], _validate=False)
    return len(pio.to_json(figure))


def floor(store: Store, view: str, path: str) -> int:
    slug = path.rsplit("/", 1)[1]
    if view == "overview":
        rollups = store.overview(PERIOD).priorities
        return _minimal([r.priority.name for r in rollups], [r.roll_up.on_target_share for r in rollups])
    figures = _drawn(store, slug) if view == "priority" else _history(store, slug)
    return _minimal([figure.period.start for figure in figures], [figure.actual for figure in figures])


def _drawn(store: Store, slug: str) -> list[Figure]:
    """The figures a priority's page draws: its most pressing indicators' last three years."""
    page = store.priority_page(slug, PERIOD, draw=SMALL_MULTIPLES)
    assert page is not None
    return [figure for history in page.histories.values() for figure in history]


def _history(store: Store, slug: str) -> list[Figure]:
    answer = store.indicator_page(slug, PERIOD)
    assert answer is not None
    return list(answer.history)


# --- naive: what a typical Dash build does ----------------------------------------------------------------

def _read_everything(store: Store) -> dict[str, pd.DataFrame]:
    with store.engine.connect() as connection:
        return {name: pd.read_sql(text(f"SELECT * FROM {name}"), connection) for name in (
            "indicators", "indicator_values", "priorities", "priority_indicators", "directorates")}


def _rate_rows(frame: pd.DataFrame) -> pd.Series:
    return frame.apply(lambda r: str(rules.rate(
        None if pd.isna(r.actual) else r.actual,
        None if pd.isna(r.target_low) else rules.Target(r.target_low, r.target_high), r.polarity,
        rules.Tolerance(r.tolerance, bool(r.tolerance_is_percent)))), axis=1)


def naive(store: Store, view: str, path: str) -> int:
    tables = _read_everything(store)
    values = tables["indicator_values"].merge(tables["indicators"], left_on="indicator_id", right_on="id",
                                              suffixes=("", "_indicator"))
    values["period_start"] = pd.to_datetime(values["period_start"])
    if view == "overview":
        latest = values[values.period_start <= pd.Timestamp(PERIOD.end)]
        latest = latest.sort_values("period_start").groupby("indicator_id").tail(1).copy()
        latest["rating"] = _rate_rows(latest)
        joined = latest.merge(tables["priority_indicators"], on="indicator_id").merge(
            tables["priorities"], left_on="priority_id", right_on="id", suffixes=("", "_priority"))
        counts = joined.groupby(["name", "rating"]).size().reset_index(name="count")
        figure = px.bar(counts, x="name", y="count", color="rating")
    elif view == "priority":
        slug = path.rsplit("/", 1)[1]
        priority_id = tables["priorities"].loc[tables["priorities"].slug == slug, "id"].iloc[0]
        members = tables["priority_indicators"].loc[tables["priority_indicators"].priority_id == priority_id,
                                                    "indicator_id"]
        basket = values[values.indicator_id.isin(members) & (values.period_start >= pd.Timestamp("2005-12-01"))
                        & (values.period_start <= pd.Timestamp(PERIOD.end))].copy()
        basket["rating"] = _rate_rows(basket)
        figure = px.line(basket, x="period_start", y="actual", facet_col="code", facet_col_wrap=4, markers=True,
                         facet_row_spacing=0.2 / max(1, basket.code.nunique() // 4))
    else:
        slug = path.rsplit("/", 1)[1]
        history = values[(values.slug == slug) & (values.period_start <= pd.Timestamp(PERIOD.end))].copy()
        history["rating"] = _rate_rows(history)
        figure = px.line(history, x="period_start", y=["actual", "target_low"], markers=True)
    return len(figure.to_json())


# --- measuring ----------------------------------------------------------------------------------------------

def timed(work: Callable[[], int], repeat: int) -> tuple[float, float, int]:
    work()  # warm-up
    samples, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        size = work()
        samples.append((time.perf_counter() - started) * 1000)
    ordered = sorted(samples)
    return statistics.median(samples), ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))], size


def measure(store: Store, repeat: int, naive_repeat: int) -> dict[str, dict]:
    app = create_app(Settings(seed_demo=False, cache_seconds=0), store)  # cache off: measure the real work
    client = app.server.test_client()
    results = {}
    for view, path in views_for(store).items():
        def ours(path: str = path) -> int:
            response = client.post("/_dash-update-component", json=request_body(path, f"?as_at={AS_AT}"))
            assert response.status_code == 200
            return len(response.get_data())

        floor_p50, _, _ = timed(lambda path=path, view=view: floor(store, view, path), repeat)
        ours_p50, ours_p95, ours_bytes = timed(ours, repeat)
        naive_p50, _, _ = timed(lambda path=path, view=view: naive(store, view, path), naive_repeat)
        results[view] = {"floor_p50": round(floor_p50, 1), "ours_p50": round(ours_p50, 1),
                         "naive_p50": round(naive_p50, 1), "ours_p95": round(ours_p95, 1), "ours_bytes": ours_bytes}
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="200 indicators, fewer repeats (about 5 minutes)")
    parser.add_argument("--json", type=Path, metavar="FILE", help="write {view: {floor_p50, ours_p50, ...}}")
    parser.add_argument("--postgres", metavar="URL", help="also measure the large council on PostgreSQL")
    parser.add_argument("--repeat", type=int, help="calls per measurement (default 20, quick 7)")
    args = parser.parse_args()
    repeat = args.repeat or (7 if args.quick else 20)
    indicators = 200 if args.quick else 1000
    scales = [("demo", "sqlite"), ("large", "sqlite")] + ([("large", "postgresql")] if args.postgres else [])
    report: dict[str, dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for scale, kind in scales:
            started = time.perf_counter()
            store = prepare(kind, scale, Path(tmp), args.postgres, indicators)
            label = f"{scale} ({indicators} indicators x 10 years)" if scale == "large" else "demo (63 indicators)"
            print(f"\n{label}, {kind}: built in {time.perf_counter() - started:.0f} s")
            print(f"{'view':<10} {'floor':>8} {'ours':>8} {'ours p95':>9} {'naive':>9} {'bytes':>9} "
                  f"{'ours/floor':>11} {'naive/ours':>11}")
            for view, r in measure(store, repeat, max(3, repeat // 3)).items():
                print(f"{view:<10} {r['floor_p50']:8.1f} {r['ours_p50']:8.1f} {r['ours_p95']:9.1f} "
                      f"{r['naive_p50']:9.1f} {r['ours_bytes']:9,} {r['ours_p50'] / r['floor_p50']:10.1f}x "
                      f"{r['naive_p50'] / r['ours_p50']:10.1f}x")
                report[view if (scale, kind) == ("demo", "sqlite") else f"{view} [{scale}, {kind}]"] = r
            store.engine.dispose()
    print("\nmilliseconds, p50 unless marked; bytes of the callback's answer (before compression)")
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {args.json}")


if __name__ == "__main__":
    main()
