"""The demo council: real indicator definitions with synthetic values, loaded through the importer."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import Engine

from data.importer import ImportReport, load_file, remove_everything

FILES = Path(__file__).resolve().parent / "files"
NOTICE = ("Demo data: the indicator definitions are real (Best Value, PAF and National Indicators of 2003-2009); "
          "every value, target, commentary and action is synthetic.")


def demo_files() -> list[tuple[Path, str, date | None]]:
    """The shipped demo files in loading order, each with its kind and, for actions, the date reported."""
    files: list[tuple[Path, str, date | None]] = [(FILES / "definitions.csv", "definitions", None),
                                                   (FILES / "values.csv", "values", None)]
    for path in sorted(FILES.glob("actions-*.csv")):
        files.append((path, "actions", date.fromisoformat(path.stem.removeprefix("actions-"))))
    return files


def build_demo(engine: Engine, *, replace: bool = False) -> list[ImportReport]:
    """Load the demo council into the database (emptying it first when `replace`)."""
    if replace:
        remove_everything(engine)
    return [load_file(engine, path, kind=kind, as_of=as_of, loaded_by="demo") for path, kind, as_of in demo_files()]
