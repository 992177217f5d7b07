"""The report pack as an Excel workbook: a sheet per section, each a table a performance officer can filter.

Text is held as text cells and numbers as numbers, through data/export.py's cell writer, as every workbook the
dashboard writes (docs/formats.md): nothing in it can run as a formula, and every text reads as the HTML pack
shows it. The same pack gives the same bytes: the workbook's dates are the pack's own."""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import cast
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from data.export import _clean, _xlsx_cell
from data.report import (
    Audience,
    PackAction,
    PackBasket,
    PackFigure,
    PackUnderPerformer,
    ReportPack,
    data_version_words,
)
from data.rules import Direction, Rating, Target

FIGURE = ["Code", "Indicator", "Directorate", "Owner", "Unit", "Polarity", "Frequency", "Period", "Actual",
          "Target", "Target to", "Data status", "Rating", "Why rated", "Short-term direction",
          "Long-term direction", "Late return"]
ACTION = ["Ref", "Action", "Kind", "Directorate", "Owner", "Start", "Due", "Progress (%)", "Completed", "Status",
          "Why this status", "Latest note", "Indicators"]
UNDER_PERFORMANCE = [*FIGURE, "Reasons", "Periods missed", "Forecast", "Forecast against target",
                     "No open remedial action", "Remedial actions", "Other open actions"]
PRIORITIES = ["Priority", "Indicators", *map(str, Rating), "Improving on a year earlier",
              "With a year earlier to compare", "Summary"]
QUESTIONS = ["Question", "About"]
WIDEST = 60  # characters: a longer text (a rating's sentence, a note) is cut off on screen, not in the cell

Table = tuple[list[str], list[list[object]]]


def pack_workbook(pack: ReportPack) -> bytes:
    """The pack as .xlsx: About first, then its sections in the pack's order; the same pack, the same bytes."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # a new workbook's empty sheet
    for name, (columns, rows) in _sheets(pack):
        _write_table(workbook.create_sheet(name), columns, rows)
    stamp = datetime.combine(pack.dated, time())
    workbook.properties.title = pack.title
    workbook.properties.created = workbook.properties.modified = stamp
    written = io.BytesIO()
    # Workbook.save would set `modified` to the clock's time; ExcelWriter writes the properties as they are.
    ExcelWriter(workbook, ZipFile(written, "w", ZIP_DEFLATED)).save()
    return _restamped(written.getvalue(), stamp)


def _sheets(pack: ReportPack) -> list[tuple[str, Table]]:
    """Every sheet's name (fixed, unique, at most 31 characters) and table. The baskets are one sheet with a
    Priority column rather than a sheet per priority: an officer filters or sorts across every priority at once
    (all the Reds, one directorate's figures), and one priority is a filter on that column away."""
    return [
        ("About", _about(pack)),
        ("Headlines", _headlines(pack)),
        *_questions(pack),  # straight after the headlines, as in the HTML pack
        ("Priorities", (PRIORITIES, [_priority_row(basket) for basket in pack.baskets])),
        ("Baskets", (["Priority", *FIGURE], [[b.priority, *_figure_row(f)] for b in pack.baskets
                                              for f in b.figures])),
        ("Under-performance", (UNDER_PERFORMANCE, [_under_row(under) for under in pack.under_performance])),
        ("Went well", _went_well(pack)),
        ("Actions due", (ACTION, [_action_row(action) for action in pack.actions_due])),
        ("Without target", (FIGURE, [_figure_row(figure) for figure in pack.without_target])),
    ]


def _questions(pack: ReportPack) -> list[tuple[str, Table]]:
    """The questions for members' sheet: a scrutiny pack's only."""
    if pack.audience is not Audience.SCRUTINY:
        return []
    rows: list[list[object]] = [[q.text, "; ".join(q.about)] for q in pack.questions]
    return [("Questions", (QUESTIONS, rows))]


def _about(pack: ReportPack) -> Table:
    rows: list[list[object]] = [["Title", pack.title], ["Council", pack.council]]
    if pack.scope is not None:
        rows.append([str(pack.scope.kind).capitalize(), pack.scope.name])
    rows += [["Period", pack.period], ["As at", pack.as_at], ["Data version", data_version_words(pack.data_version)],
             ["Summary", pack.headlines.roll_up.text]]
    if pack.notice is not None:
        rows.append(["Note", pack.notice])
    if pack.frozen is not None:
        rows += [["As reported to", pack.frozen.name], ["Frozen on", pack.frozen.on]]
    return ["About", "Value"], rows


def _headlines(pack: ReportPack) -> Table:
    top = pack.headlines
    rows: list[list[object]] = [
        ["Indicators", top.indicators], *([str(rating), count] for rating, count in top.roll_up.counts),
        ["Improving on a year earlier", top.roll_up.improving],
        ["With a year earlier to compare", top.roll_up.comparable],
        ["Returns late", top.late], ["Under-performing", top.under_performing],
        ["Under-performing with no open remedial action", top.unmanaged],
        ["Actions overdue", top.actions_overdue], ["Actions behind", top.actions_behind]]
    return ["Headline", "Figure"], rows


def _priority_row(basket: PackBasket) -> list[object]:
    """A priority's basket summed up: its counts under PRIORITIES' rating columns, whatever their order."""
    counts, roll_up = dict(basket.roll_up.counts), basket.roll_up
    return [basket.priority, len(basket.figures), *(counts[rating] for rating in Rating), roll_up.improving,
            roll_up.comparable, roll_up.text]


def _figure_row(f: PackFigure) -> list[object]:
    band = f.target_low is not None and f.target_high is not None and Target(f.target_low, f.target_high).is_band
    return [f.code, f.title, f.directorate, f.owner, f.unit, str(f.polarity), str(f.frequency), f.period, f.actual,
            f.target_low, f.target_high if band else None, "provisional" if f.provisional else "validated",
            str(f.rating), f.rating_text, _word(f.short_term), _word(f.long_term), f.late]


def _under_row(u: PackUnderPerformer) -> list[object]:
    """An under-performer: its figure, why it is listed, its remedial actions with their statuses, and its other
    open actions (not remedial) with their kinds, as the HTML pack words them."""
    return [*_figure_row(u.figure), "; ".join(map(str, u.reasons)), u.periods_missed, u.forecast, u.forecast_text,
            "yes" if u.unmanaged else "no", "; ".join(f"{a.ref} ({a.status})" for a in u.actions),
            "; ".join(f"{a.ref} ({a.kind}, {a.status})" for a in u.others)]


def _went_well(pack: ReportPack) -> Table:
    well = pack.went_well
    rows: list[list[object]] = [
        [kind, s.code, s.title, s.text, None]
        for kind, found in (("Newly on target", well.newly_on_target), ("Most improved", well.most_improved),
                            ("Sustained", well.sustained)) for s in found]
    rows += [["Action completed", a.ref, a.title, a.status_text, a.completed] for a in well.completed]
    return [f"Went well in {well.label}", "Code or ref", "Title", "In words", "Completed"], rows


def _action_row(a: PackAction) -> list[object]:
    return [a.ref, a.title, str(a.kind), a.directorate, a.owner, a.start, a.due, a.progress, a.completed,
            str(a.status), a.status_text, a.note, "; ".join(a.indicators)]


def _word(direction: Direction | None) -> str | None:
    """A direction of travel by its word; blank where there is none to work out."""
    return None if direction is None else str(direction)


def _write_table(sheet: Worksheet, columns: Sequence[str], rows: list[list[object]]) -> None:
    """A table: its header bold and frozen, an autofilter over it all, columns as wide as their text."""
    cleaned = [[_clean(cell) for cell in row] for row in rows]
    for number, width in enumerate(_widths(columns, cleaned), start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"
    header = [cast(Cell, _xlsx_cell(sheet, name)) for name in columns]  # text, so always a cell of its own
    for cell in header:
        cell.font = Font(bold=True)
    sheet.append(header)
    for row in cleaned:
        sheet.append([_xlsx_cell(sheet, cell) for cell in row])


def _widths(columns: Sequence[str], rows: list[list[object]]) -> list[float]:
    """Each column as wide as its longest cell (header included), within WIDEST; a little over for the filter's
    button beside the header."""
    return [min(max(len(_shown(cell)) for cell in (name, *(row[index] for row in rows))) + 3, WIDEST)
            for index, name in enumerate(columns)]


def _shown(cell: object) -> str:
    if cell is None:
        return ""
    return cell.isoformat() if isinstance(cell, date) else str(cell)



def _restamped(content: bytes, stamp: datetime) -> bytes:
    """The zip again with every entry dated `stamp`: openpyxl dates them by the clock."""
    written = io.BytesIO()
    with ZipFile(io.BytesIO(content)) as source, ZipFile(written, "w", ZIP_DEFLATED) as target:
        for entry in source.infolist():
            dated = ZipInfo(entry.filename, date_time=stamp.timetuple()[:6])
            target.writestr(dated, source.read(entry), compress_type=ZIP_DEFLATED)
    return written.getvalue()
