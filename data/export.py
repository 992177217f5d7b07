"""Files handed back to the council (FORMATS.md §5-§7), safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from datetime import date

import pandas as pd

from data.periods import Period
from data.store import Store

SCORECARD = ["code", "title", "directorate", "period", "actual", "target", "rating", "short_term", "long_term"]
EXCEPTIONS = ["code", "title", "directorate", "period", "rating", "reasons", "periods_missed", "remedial_actions",
              "unmanaged"]
ACTIONS = ["ref", "title", "kind", "directorate", "priority", "owner", "start", "due", "progress", "status"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _number(value: object) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    figure = float(value)
    return int(figure) if figure.is_integer() and abs(figure) < 1e15 else figure


def scorecard_rows(store: Store, period: Period | None) -> list[list[object]]:
    card = store.scorecard(period).sort_values("code", key=lambda c: c.str.casefold(), ignore_index=True)
    rows = []
    for row in card.itertuples():
        if pd.isna(row.target_low):
            target: object = None
        elif row.target_low == row.target_high:
            target = _number(row.target_low)
        else:
            target = f"{_number(row.target_low)}-{_number(row.target_high)}"
        rows.append([row.code, row.title, row.directorate, row.period, _number(row.actual), target, row.rating,
                     row.short_term, row.long_term])
    return rows


def exception_rows(store: Store, period: Period) -> list[list[object]]:
    found = store.exceptions(period).sort_values("code", key=lambda c: c.str.casefold(), ignore_index=True)
    return [[r.code, r.title, r.directorate, r.period, r.rating, r.reasons, int(r.periods_missed),
             r.remedial_actions, "yes" if r.unmanaged else "no"] for r in found.itertuples()]


def action_rows(store: Store, as_of: date) -> list[list[object]]:
    found = store.actions(as_of).sort_values("ref", ignore_index=True)
    return [[r.ref, r.title, r.kind, r.directorate, r.priority if isinstance(r.priority, str) else None, r.owner,
             r.start, r.due, _number(r.progress), r.status] for r in found.itertuples()]


def to_csv(columns: Sequence[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if cell is None else neutralise(_plain(cell)) for cell in row])
    return buffer.getvalue()


def _plain(cell: object) -> object:
    if isinstance(cell, float):
        return repr(cell) if not cell.is_integer() else str(int(cell))
    if isinstance(cell, date):
        return cell.isoformat()
    return cell


def to_xlsx(columns: Sequence[str], rows: list[list[object]], sheet: str) -> bytes:
    """A workbook of one sheet; numbers and dates as such, text neutralised."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.append(list(columns))
    for row in rows:
        worksheet.append([neutralise(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
