"""Small helpers the tests share: writing spreadsheets as people make them, and snapshots of a database."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, select

from data.answers import ActionProgress, Figure, IndicatorFacts, LateReturn, Link, ScorecardRow
from data.models import Base
from data.periods import Frequency, Period, parse_period
from data.rules import DEFAULT_TOLERANCE, ActionKind, ActionStatus, Polarity, Rating, Target

DEFINITIONS_HEADER = ["code", "title", "directorate", "service", "themes", "priorities", "unit", "polarity",
                      "frequency", "cumulative", "tolerance", "owner", "partnership", "definition"]

# A small council, by hand: one indicator of each polarity and frequency.
DEFINITIONS = [
    ["BV78a", "Average time for processing new benefit claims", "Resources", "Benefits",
     "Organisational improvement", "Efficient council", "days", "lower", "monthly", "no", "5%",
     "Head of Benefits", "no", "Calendar days from claim to decision"],
    ["BV9", "% of council tax collected", "Resources", "Revenues", "Organisational improvement",
     "Efficient council", "%", "higher", "monthly", "yes", "0.5", "Head of Revenues", "no", ""],
    ["PAF A3 (NI 65)", "Re-registrations on the child protection register", "Children & Young People's Services",
     "Safeguarding", "Children and Young People", "Children safe", "%", "band", "quarterly", "no", "5%",
     "Head of Safeguarding", "yes", ""],
    ["NI 171", "New business registration rate", "Chief Executive's Office", "", "Economic Development",
     "Thriving economy; Efficient council", "rate per 10000 16+", "higher", "annual", "", "", "", "yes", ""],
    ["CPR-RATE", "Children subject of a child protection plan per 10,000", "Children & Young People's Services",
     "Safeguarding", "Children and Young People", "", "rate per 10000 <18", "none", "monthly", "", "", "", "", ""],
]

VALUES_HEADER = ["indicator", "period", "actual", "target", "note", "status"]
VALUES = [
    ["BV78a", "Apr 2006", "41", "33", "Backlog after system change", ""],
    ["BV78a", "May 2006", "38", "33", "", "validated"],
    ["BV78a", "2006-06", "31.5", "33", "", "provisional"],
    ["BV9", "Apr 2006", "10.8%", "11", "", ""],
    ["PAF A3 (NI 65)", "Q1 2006/07", "12", "10-15", "", ""],
    ["PAF A3 (NI 65)", "2006/07 Q2", "16.2", "10 to 15", "", ""],
    ["NI 171", "2006/07", "1,234", "1200", "", ""],
    ["CPR-RATE", "December 2006", "26", "", "", ""],
]

ACTIONS_HEADER = ["ref", "title", "kind", "directorate", "priority", "indicators", "owner", "start", "due",
                  "progress", "completed", "note"]
ACTIONS = [
    ["REM-1", "Benefits improvement plan", "remedial", "Resources", "Efficient council", "BV78a",
     "Head of Benefits", "2006-07-01", "30/06/2007", "25%", "", "Backlog team recruited"],
    ["SP-1", "Recycling roll-out", "service plan", "Resources", "", "", "", "2006-04-01", "2007-03-31", "50", "",
     ""],
    ["DR-1", "Director's review of safeguarding", "director review", "Children & Young People's Services",
     "Children safe", "PAF A3 (NI 65)", "Director", "2006-06-01", "2006-12-31", "100", "2006-11-30", "Done"],
]


def csv_bytes(header: list[str], rows: list[list[object]], bom: bool = False) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def xlsx_bytes(header: list[str], rows: list[list[object]], sheet: str = "Sheet1",
               extra_sheets: tuple[str, ...] = ()) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    for name in extra_sheets:
        workbook.create_sheet(name).append(["nothing", "here"])
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(header)
    for row in rows:
        worksheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


def snapshot(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table, to show that a refused import changed nothing."""
    with engine.connect() as connection:
        return {table.name: sorted(tuple(map(_plain, row)) for row in connection.execute(select(table)))
                for table in Base.metadata.sorted_tables}


def _plain(cell: object) -> object:
    return cell.isoformat() if isinstance(cell, datetime | date) else cell


def component_text(component: object) -> str:
    """All the text a Dash component tree shows, joined with spaces (for assertions on what a reader sees)."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(filter(None, (component_text(c) for c in component)))
    children = getattr(component, "children", None)
    if children is None and isinstance(component, dict):
        children = component.get("props", {}).get("children")
    return component_text(children)


def find_all(component: object, predicate) -> list:
    """Every component in a tree for which `predicate(component)` holds."""
    found = []
    if isinstance(component, list | tuple):
        for child in component:
            found += find_all(child, predicate)
        return found
    if component is None or isinstance(component, str | int | float):
        return found
    if predicate(component):
        found.append(component)
    return found + find_all(getattr(component, "children", None), predicate)


# typed values as the store hands them to the pages (data/answers.py), from a few differences to a plain one

def make_facts(**changes) -> IndicatorFacts:
    """An indicator's facts: a monthly 'lower is better' indicator in days, unless changed."""
    plain = {"id": 1, "code": "X1", "slug": "x1", "title": "Indicator", "directorate": "Resources", "service": None,
             "unit": "days", "polarity": Polarity.LOWER, "frequency": Frequency.MONTHLY, "cumulative": False,
             "partnership": False, "tolerance": DEFAULT_TOLERANCE}
    return IndicatorFacts(**(plain | changes))


def make_figure(period: Period | str, actual: float | None = None, target=None, rating: Rating | str | None = None,
                **changes) -> Figure:
    """One figure at `period` (a Period, or a label such as "Dec 2008"): rated Green with an actual, No data
    without, unless `rating` says; `target` a number, a (low, high) pair or None."""
    if isinstance(period, str):
        period = parse_period(period, changes.pop("frequency", Frequency.MONTHLY))
    if target is not None and not isinstance(target, Target):
        target = Target(*target) if isinstance(target, tuple) else Target.single(float(target))
    rating = Rating(rating) if rating is not None else Rating.GREEN if actual is not None else Rating.NO_DATA
    plain = {"provisional": False, "note": None, "rating_text": f"{rating}.", "short_term": None,
             "long_term": None, "previous_rating": Rating.NO_DATA, "improvement": None}
    return Figure(period=period, actual=actual, target=target, rating=rating, **(plain | changes))


def make_row(indicator: IndicatorFacts | None = None, figure: Figure | None = None,
             late: LateReturn | None = None) -> ScorecardRow:
    """A scorecard row: an on-target figure for Dec 2008 unless given."""
    return ScorecardRow(indicator or make_facts(), figure or make_figure("Dec 2008", 30.0, 33.0), late)


def make_late(last: Figure, periods: int = 1, text: str = "") -> LateReturn:
    """A late return whose latest figure is `last`."""
    return LateReturn(periods=periods, last=last, text=text)


def make_action(**changes) -> ActionProgress:
    """An action as at a date: a remedial one, half done and behind, linked to two indicators."""
    plain = {"ref": "REM-0", "title": "Plan 0", "kind": ActionKind.REMEDIAL, "directorate": "Resources",
             "priority": None, "owner": "Head of Benefits", "start": date(2008, 4, 1), "due": date(2009, 3, 31),
             "progress": 50.0, "completed": None, "note": "Backlog team recruited",
             "reported_on": date(2008, 11, 30), "indicators": (Link("BV78a", "bv78a"), Link("NI 171", "ni-171")),
             "status": ActionStatus.BEHIND, "status_text": "Behind: 50% complete with 75% of the time gone."}
    return ActionProgress(**(plain | changes))
