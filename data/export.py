"""Files handed back to the council, safe to open in a spreadsheet: the scorecard, exceptions, actions and the
status grid, and the values in the form they are loaded in, so that corrected figures can be loaded straight
back."""

from __future__ import annotations

import csv
import io
import math
import numbers
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from data.answers import NOT_DUE, ActionProgress, Grid, Tracker, UnderPerformer
from data.models import Indicator, Value
from data.periods import Period
from data.rules import Direction, Target
from data.store import Store

SCORECARD = ["code", "title", "directorate", "period", "actual", "target", "rating", "short_term", "long_term"]
EXCEPTIONS = ["code", "title", "directorate", "period", "rating", "reasons", "periods_missed", "remedial_actions",
              "unmanaged"]
ACTIONS = ["ref", "title", "kind", "directorate", "priority", "owner", "start", "due", "progress", "status"]
VALUES = ["indicator", "period", "actual", "target", "note", "status"]  # the values file's own columns
# the status grid's columns: these, one per period column (its label), then GRID_AFTER
GRID_BEFORE = ["code", "title", "directorate", "service", "frequency"]
GRID_AFTER = ["short_term", "long_term"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # tells Excel the CSV is UTF-8, so that £ and accents read right


def neutralise(cell: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading apostrophe; numbers stay numbers."""
    if isinstance(cell, str) and cell.startswith(FORMULA_STARTS):
        return "'" + cell
    return cell


def _number(value: float | None) -> float | int | None:
    if value is None or math.isnan(value):
        return None
    figure = float(value)
    return int(figure) if figure.is_integer() and abs(figure) < 1e15 else figure


def _figure_text(figure: float | int) -> str:
    """A number written out in full (`10000000000000000`, `0.0000001`, never `1e+16`): what the importer reads."""
    if isinstance(figure, int):
        return str(figure)
    text = repr(figure)
    return format(Decimal(text), "f") if "e" in text else text


def _target_text(low: float | None, high: float | None) -> object:
    """One figure as a number; a band's range as `10-15`, the form a values file gives it."""
    low_figure, high_figure = _number(low), _number(high)
    if low_figure is None:
        return None
    if high_figure is None or low_figure == high_figure:
        return low_figure
    return f"{_figure_text(low_figure)}-{_figure_text(high_figure)}"


def _target_cell(target: Target | None) -> object:
    return None if target is None else _target_text(target.low, target.high)


def _direction_cell(direction: Direction | None) -> str:
    """A direction of travel as the file writes it: blank where there is none to work out."""
    return "" if direction is None else str(direction)


def _by_code(code: str) -> tuple[str, str]:
    """The files order codes ignoring case, whatever the database's collation."""
    return code.casefold(), code


def scorecard_rows(store: Store, period: Period | None) -> list[list[object]]:
    card = sorted(store.scorecard(period), key=lambda row: _by_code(row.indicator.code))
    return [[row.indicator.code, row.indicator.title, row.indicator.directorate, row.figure.period.label,
             _number(row.figure.actual), _target_cell(row.figure.target), str(row.figure.rating),
             _direction_cell(row.figure.short_term), _direction_cell(row.figure.long_term)] for row in card]


def reasons_text(under: UnderPerformer) -> str:
    """Why an indicator is listed, in the file's words: a late return says so first, with its latest figure."""
    late = [f"late return (latest figure {under.row.late.last.period.label})"] if under.row.late else []
    return "; ".join([*late, *map(str, under.reasons)])


def exception_rows(store: Store, period: Period) -> list[list[object]]:
    return exceptions_table(sorted(store.exceptions(period), key=lambda under: _by_code(under.row.indicator.code)))


def exceptions_table(found: Sequence[UnderPerformer]) -> list[list[object]]:
    """Under-performers as the exceptions file has them (EXCEPTIONS), in the order given: the export's rows, and
    the under-performance page's download of the rows it shows."""
    return [[u.row.indicator.code, u.row.indicator.title, u.row.indicator.directorate, u.row.figure.period.label,
             str(u.row.figure.rating), reasons_text(u), u.periods_missed, "; ".join(u.remedial_actions),
             "yes" if u.unmanaged else "no"] for u in found]


def action_rows(store: Store, as_of: date) -> list[list[object]]:
    return [_action_row(action) for action in sorted(store.actions(as_of), key=lambda action: action.ref)]


def tracker_rows(tracker: Tracker) -> list[list[object]]:
    """The action tracker's rows (every page) in the order the tracker shows them, with ACTIONS' columns."""
    return [_action_row(action) for action in tracker.rows]


def _action_row(a: ActionProgress) -> list[object]:
    return [a.ref, a.title, str(a.kind), a.directorate, a.priority.name if a.priority else None, a.owner, a.start,
            a.due, _number(a.progress), str(a.status)]


def grid_table(grid: Grid) -> tuple[list[str], list[list[object]]]:
    """The status grid as a table: every row through its filters (all pages), in the grid's order; a cell is its
    rating's word ("Not due", as the page says, where none of the indicator's periods ends in that column), then
    the directions of travel of the figure the grid badges (a late return's latest)."""
    columns = [*GRID_BEFORE, *(column.label for column in grid.columns), *GRID_AFTER]
    rows: list[list[object]] = []
    for each in grid.rows:
        facts, shown = each.row.indicator, each.row.shown
        rows.append([facts.code, facts.title, facts.directorate, facts.service, str(facts.frequency),
                     *(NOT_DUE if cell is None else str(cell.rating) for cell in each.cells),
                     _direction_cell(shown.short_term), _direction_cell(shown.long_term)])
    return columns, rows


def indicator_codes(store: Store) -> list[str]:
    """Every indicator's code."""
    with store.engine.connect() as connection:
        return list(connection.execute(select(Indicator.code).order_by(Indicator.code)).scalars())


def match_code(written: str, codes: Sequence[str]) -> str | None:
    """The code that `written` names: exactly, else ignoring case and repeated spaces; None if none does."""
    if written in codes:
        return written
    wanted = " ".join(written.split()).casefold()
    matches = [code for code in codes if " ".join(code.split()).casefold() == wanted]
    return matches[0] if len(matches) == 1 else None


def value_rows(store: Store, *, code: str | None = None, first: Period | None = None,
               last: Period | None = None) -> list[list[object]]:
    """Stored values as a values file gives them (VALUES), by indicator code then period, so that loading the
    file back changes nothing. `first` and `last` keep the values whose period starts within them."""
    statement = (select(Indicator.code, Indicator.frequency, Value.period_start, Value.actual, Value.target_low,
                        Value.target_high, Value.note, Value.status)
                 .join(Indicator, Value.indicator_id == Indicator.id)
                 .order_by(Indicator.code, Value.period_start))
    if code is not None:
        statement = statement.where(Indicator.code == code)
    if first is not None:
        statement = statement.where(Value.period_start >= first.start)
    if last is not None:
        statement = statement.where(Value.period_start <= last.end)
    with store.engine.connect() as connection:
        found = connection.execute(statement).all()
    # The databases order text by different collations; the files order codes as the scorecard does.
    return [[row.code, Period.from_start(row.frequency, row.period_start).label, _number(row.actual),
             _target_text(row.target_low, row.target_high), row.note, _status_cell(row.actual, row.status)]
            for row in sorted(found, key=lambda row: _by_code(row.code))]


def _status_cell(actual: float | None, status: str) -> str | None:
    """A status qualifies a figure. A row without one (a target alone) is stored as `validated` when its status
    was left blank, the default (docs/formats.md#values): written blank, as it was given, it loads back the same;
    a `provisional` one was said outright, and is written."""
    return None if actual is None and status == "validated" else status


def to_csv(columns: Sequence[str], rows: list[list[object]]) -> bytes:
    """CSV as UTF-8 with a byte-order mark; text that would run as a formula gets a leading apostrophe."""
    buffer = io.StringIO(newline="")
    buffer.write(BOM)
    # CRLF, as RFC 4180 and Excel have it: with "\n" alone, a note holding a bare "\r" would go unquoted
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_csv_cell(_clean(cell)) for cell in row])
    return buffer.getvalue().encode("utf-8")


def _clean(cell: object) -> object:
    """A cell as the files hold it: missing (None, NaN) as None, numbers as plain ints and floats."""
    if cell is None:
        return None
    if isinstance(cell, numbers.Real) and not isinstance(cell, bool):
        return _number(float(cell)) if math.isfinite(cell) else None
    return cell


def _csv_cell(cell: object) -> object:
    if cell is None:
        return ""
    if isinstance(cell, str):
        return neutralise(cell)
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return _figure_text(cell)
    if isinstance(cell, date):
        return cell.isoformat()
    return cell


def to_xlsx(columns: Sequence[str], rows: list[list[object]], sheet: str) -> bytes:
    """A workbook of one sheet: numbers and dates as such, text as text cells, so that nothing runs as a formula
    and every text reads back exactly as it was."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)
    worksheet.append([_xlsx_cell(worksheet, name) for name in columns])
    for row in rows:
        worksheet.append([_xlsx_cell(worksheet, _clean(cell)) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(worksheet, cell: object) -> object:
    if not isinstance(cell, str):
        return cell
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    # An XML file cannot hold most control characters: they are invisible, so they are dropped.
    text = WriteOnlyCell(worksheet, ILLEGAL_CHARACTERS_RE.sub("", cell))
    text.data_type = "s"  # openpyxl would make "=..." a formula and "#N/A" an error
    if cell.startswith(FORMULA_STARTS):
        text.quotePrefix = True  # so that Excel keeps it as text when someone edits the cell
    return text
