"""Small helpers the tests share: writing spreadsheets as people make them, and snapshots of a database."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import Engine, select

from data.models import Base

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
