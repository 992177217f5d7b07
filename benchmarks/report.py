"""Benchmark: the committee report pack, built and written in each format, at the demo council and at a generated
council of 1,000 indicators.

    python benchmarks/report.py [--scales demo,large] [--indicators 1000] [--repeat 3] [--postgres URL]

For each council: the Cabinet pack built from the store, and a scrutiny pack of one theme; each format made from
the Cabinet pack (HTML; the PDF, with its page count; the workbook) with the file's size; the freeze (storing the
snapshot), the frozen HTML again and the restatements; then the whole command, `python -m dashboard report
--period 'Q3 2008/09' --audience cabinet -o FILE` (dashboard.cli.main in this process, so without Python's
start-up), for each format. Their sum is the goal's figure: a Cabinet pack for the demo council in under 10 s, all
formats. The large council is benchmarks/run.py's (ten years of monthly figures, an action for every tenth
indicator). Medians of --repeat runs (the PDF at the large council once), wall clock and CPU time: the machine is
shared, and the CPU time says what the work costs when other jobs stretch the wall clock. Not a test: speed
targets live here, never in the suite."""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import _named, prepare  # noqa: E402
from dashboard.cli import main as cli  # noqa: E402
from dashboard.report import Format, frozen_file, pack_file  # noqa: E402
from data import snapshots  # noqa: E402
from data.models import Theme  # noqa: E402
from data.periods import parse_period  # noqa: E402
from data.report import Audience, Frozen, ReportPack, ScopeKind, build_pack  # noqa: E402
from data.store import Store  # noqa: E402

PERIOD = "Q3 2008/09"
COUNCIL = "Demo County Council"
GOAL_SECONDS = 10  # a Cabinet pack for the demo council, all formats


@dataclass(frozen=True)
class Timing:
    """One step: median wall and CPU seconds, and what the last run made (bytes and, for a PDF, pages)."""

    step: str
    wall: float
    cpu: float
    size: int | None = None
    pages: int | None = None


def timed(step: str, work: Callable[[], Any], repeat: int) -> tuple[Timing, Any]:
    """`work` run `repeat` times: its Timing (a bytes result gives the size) and its last result."""
    walls, cpus, result = [], [], None
    for _ in range(repeat):
        gc.collect()  # the last step's garbage (a large PDF's is over a gigabyte) is not this step's cost
        wall, cpu = time.perf_counter(), time.process_time()
        result = work()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    size = len(result) if isinstance(result, bytes) else None
    return Timing(step, statistics.median(walls), statistics.median(cpus), size), result


def pdf_pages(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def pack_steps(store: Store, repeat: int, pdf_repeat: int) -> tuple[list[Timing], ReportPack]:
    """The packs built, and the Cabinet pack in each format."""
    period = parse_period(PERIOD)
    theme = _named(store, Theme, "children-and-young-people")
    built, pack = timed("build the Cabinet pack", lambda: build_pack(store, period, Audience.CABINET,
                                                                    council=COUNCIL), repeat)
    scrutiny, _ = timed(f"build a scrutiny pack ({theme})", lambda: build_pack(
        store, period, Audience.SCRUTINY, scope=(ScopeKind.THEME, theme), council=COUNCIL), repeat)
    found = [built, scrutiny]
    for fmt in Format:
        timing, content = timed(f"{fmt.value.upper()} from the pack", lambda fmt=fmt: pack_file(pack, fmt),
                                pdf_repeat if fmt is Format.PDF else repeat)
        found.append(replace(timing, pages=pdf_pages(content)) if fmt is Format.PDF else timing)
    return found, pack


def snapshot_steps(store: Store, pack: ReportPack, repeat: int) -> list[Timing]:
    """Storing the pack as reported, drawing its HTML again and listing its restatements; removed afterwards."""
    from layouts.report_pack import pack_html

    names = iter(f"Benchmark {n}" for n in range(repeat))
    on = date(2009, 1, 15)

    def freeze() -> snapshots.SnapshotSummary:
        name = next(names)
        frozen = replace(pack, frozen=Frozen(name, on))
        return snapshots.freeze(store, frozen, pack_html(frozen), name=name, on=on)

    stored, summary = timed("freeze (HTML drawn and stored)", freeze, repeat)
    found = snapshots.snapshot(store, summary.name)
    assert found is not None
    again, _ = timed("frozen HTML again", lambda: frozen_file(snapshots.snapshot(store, summary.name), Format.HTML),
                     repeat)
    restated, _ = timed("restatements (the pack built now)", lambda: snapshots.restated_since(store, found.pack),
                        repeat)
    for n in range(repeat):
        snapshots.delete(store, f"Benchmark {n}")
    return [stored, again, restated]


def command_steps(store: Store, folder: Path, repeat: int, pdf_repeat: int) -> list[Timing]:
    """The whole command for each format, and their sum."""
    url = store.engine.url.render_as_string(hide_password=False)
    found = []
    for fmt in Format:
        out = folder / f"pack.{fmt.value}"

        def run(out: Path = out) -> bytes:
            with contextlib.redirect_stderr(io.StringIO()):
                code = cli(["--database-url", url, "report", "--period", PERIOD, "--audience", "cabinet",
                            "-o", str(out)])
            assert code == 0, f"report -o {out.name} exited {code}"
            return out.read_bytes()

        found.append(timed(f"command: -o pack.{fmt.value}", run, pdf_repeat if fmt is Format.PDF else repeat)[0])
    found.append(Timing("command: all three formats", sum(t.wall for t in found), sum(t.cpu for t in found)))
    return found


def line(timing: Timing) -> str:
    size = f"{timing.size:,}" if timing.size is not None else ""
    pages = str(timing.pages) if timing.pages is not None else ""
    return f"{timing.step:<50} {timing.wall:8.2f} {timing.cpu:8.2f} {size:>11} {pages:>6}"


def run_scale(scale: str, kind: str, folder: Path, args: argparse.Namespace) -> list[Timing]:
    started = time.perf_counter()
    store = prepare(kind, scale, folder, args.postgres, args.indicators)
    label = f"{args.indicators:,} indicators x 10 years" if scale == "large" else "the demo council"
    print(f"\n{label}, {kind}: built in {time.perf_counter() - started:.0f} s; load average "
          f"{os.getloadavg()[0]:.1f}", flush=True)
    pdf_repeat = 1 if scale == "large" else args.repeat
    try:
        steps, pack = pack_steps(store, args.repeat, pdf_repeat)
        steps += snapshot_steps(store, pack, args.repeat)
        steps += command_steps(store, folder, args.repeat, pdf_repeat)
    finally:
        store.engine.dispose()
    print(f"{'step':<50} {'wall s':>8} {'CPU s':>8} {'bytes':>11} {'pages':>6}")
    for timing in steps:
        print(line(timing), flush=True)
    total = steps[-1]
    if scale == "demo":
        print(f"goal: a Cabinet pack for the demo council in under {GOAL_SECONDS} s, all formats: "
              f"{'met' if total.wall < GOAL_SECONDS else 'not met'} ({total.wall:.1f} s wall, {total.cpu:.1f} s CPU; "
              f"load average now {os.getloadavg()[0]:.1f})")
    return steps


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="demo,large", help="which councils: demo, large or both")
    parser.add_argument("--indicators", type=int, default=1000, help="the large council's indicators")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step (the large council's PDF: one)")
    parser.add_argument("--postgres", metavar="URL", help="also measure the large council on PostgreSQL")
    args = parser.parse_args()
    kinds = ["sqlite"] + (["postgresql"] if args.postgres else [])
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scales.split(","):
            for kind in kinds if scale == "large" else ["sqlite"]:
                run_scale(scale, kind, Path(tmp), args)


if __name__ == "__main__":
    main()
