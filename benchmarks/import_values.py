"""Benchmark: loading 100,000 value rows, against `pandas.read_csv` of the same file (the floor for reading).

    python benchmarks/import_values.py [--rows 100000] [--repeat 3] [--postgres URL]

Prints the median time of each and their ratio. Not a test: speed targets live here, never in the suite."""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import fresh_engine  # noqa: E402
from data.importer import load_file  # noqa: E402
from data.periods import Frequency, Period  # noqa: E402

MONTHS = 120  # ten years, monthly


def write_files(folder: Path, rows: int) -> tuple[Path, Path]:
    """A definitions file of rows/120 monthly indicators and a values file of `rows` rows."""
    indicators = -(-rows // MONTHS)
    definitions, values = folder / "definitions.csv", folder / "values.csv"
    with definitions.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["code", "title", "directorate", "unit", "polarity", "frequency"])
        for i in range(indicators):
            writer.writerow([f"BENCH{i:05d}", f"Benchmark indicator {i}", f"Directorate {i % 6}", "%",
                             "higher", "monthly"])
    labels = [Period.of(Frequency.MONTHLY, 2000 + m // 12, m % 12 + 1).label for m in range(MONTHS)]
    with values.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["indicator", "period", "actual", "target", "note", "status"])
        written = 0
        for i in range(indicators):
            for m, label in enumerate(labels):
                if written == rows:
                    break
                writer.writerow([f"BENCH{i:05d}", label, f"{50 + (i * 7 + m * 3) % 50:.1f}", "75",
                                 "A note" if m % 10 == 0 else "", "validated"])
                written += 1
    return definitions, values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", metavar="URL", help="also load into this PostgreSQL server")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        definitions, values = write_files(folder, args.rows)
        size = values.stat().st_size / 1024 / 1024
        floor = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            frame = pd.read_csv(values)
            floor.append(time.perf_counter() - started)
        assert len(frame) == args.rows
        print(f"{args.rows:,} value rows, {size:.1f} MB CSV; median of {args.repeat} runs")
        print(f"{'pandas.read_csv (floor)':<32} {statistics.median(floor):8.3f} s")
        for kind in ["sqlite"] + (["postgresql"] if args.postgres else []):
            first, again = [], []
            for attempt in range(args.repeat):
                engine = fresh_engine(kind, folder, args.postgres, f"bench_{attempt}")
                load_file(engine, definitions)
                started = time.perf_counter()
                report = load_file(engine, values)
                first.append(time.perf_counter() - started)
                assert report.added == args.rows, report.lines()
                started = time.perf_counter()
                report = load_file(engine, values)  # the same file again: everything unchanged
                again.append(time.perf_counter() - started)
                assert report.unchanged == args.rows
                engine.dispose()
            load, reload = statistics.median(first), statistics.median(again)
            ratio = load / statistics.median(floor)
            print(f"{'import into ' + kind:<32} {load:8.3f} s   {ratio:6.1f}x read_csv   "
                  f"({args.rows / load:,.0f} rows/s)")
            print(f"{'same file again (' + kind + ')':<32} {reload:8.3f} s   "
                  f"{reload / statistics.median(floor):6.1f}x read_csv")


if __name__ == "__main__":
    main()
