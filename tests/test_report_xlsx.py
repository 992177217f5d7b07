"""The report pack as a workbook: a sheet per section whose cells are the pack's values (numbers as numbers, dates
as dates, enums by their words), text that cannot run as a formula, and the same bytes for the same pack."""

from __future__ import annotations

import io
import re
import time
import zipfile
from dataclasses import replace
from datetime import datetime

import pytest
from openpyxl import load_workbook
from report_xlsx_sample import BACKLOG, BENEFITS, CHILDREN, frozen_pack, sample_pack, scrutiny_pack

from data.report import ReportPack
from data.report_xlsx import pack_workbook

CABINET_SHEETS = ["About", "Headlines", "Priorities", "Baskets", "Under-performance", "Went well", "Actions due",
                  "Without target"]


def workbook_of(pack: ReportPack):
    return load_workbook(io.BytesIO(pack_workbook(pack)))


@pytest.fixture(scope="module")
def sample_workbook():
    """The sample pack's workbook, read once for the spot checks (no test changes it)."""
    return workbook_of(sample_pack())


def rows_of(pack: ReportPack, sheet: str) -> list[tuple]:
    return list(workbook_of(pack)[sheet].iter_rows(values_only=True))


@pytest.mark.parametrize(
    ("make", "sheets"),
    [(sample_pack, CABINET_SHEETS), (frozen_pack, CABINET_SHEETS),
     (scrutiny_pack, ["About", "Headlines", "Questions", *CABINET_SHEETS[2:]])],  # as in the HTML pack
)
def test_a_sheet_per_section_about_first_and_questions_only_for_scrutiny_after_the_headlines(make, sheets):
    assert workbook_of(make()).sheetnames == sheets


FIGURE_HEADER = ("Code", "Indicator", "Directorate", "Owner", "Unit", "Polarity", "Frequency", "Period", "Actual",
                 "Target", "Target to", "Data status", "Rating", "Why rated", "Short-term direction",
                 "Long-term direction", "Late return")


@pytest.mark.parametrize(
    ("sheet", "header"),
    [
        ("About", ("About", "Value")),
        ("Headlines", ("Headline", "Figure")),
        ("Priorities", ("Priority", "Indicators", "Green", "Amber", "Red", "No target", "Data only", "No data",
                        "Improving on a year earlier", "With a year earlier to compare", "Summary")),
        ("Baskets", ("Priority", *FIGURE_HEADER)),
        ("Under-performance", (*FIGURE_HEADER, "Reasons", "Periods missed", "Forecast", "Forecast against target",
                               "No open remedial action", "Remedial actions", "Other open actions")),
        ("Went well", ("Went well in Q3 2008/09", "Code or ref", "Title", "In words", "Completed")),
        ("Actions due", ("Ref", "Action", "Kind", "Directorate", "Owner", "Start", "Due", "Progress (%)",
                         "Completed", "Status", "Why this status", "Latest note", "Indicators")),
        ("Without target", FIGURE_HEADER),
    ],
)
def test_each_sheets_header(sample_workbook, sheet, header):
    assert next(sample_workbook[sheet].iter_rows(max_row=1, values_only=True)) == header


@pytest.mark.parametrize(
    ("sheet", "cell", "value"),
    [
        ("About", "B2", "Cabinet performance report, Q3 2008/09"),
        ("About", "B6", "Figures as loaded on 12 January 2009 at 09:30 UTC (load 412)"),
        ("About", "B7", "1 of 3 rated indicators on target (33%); 1 of 3 indicators improving (33%); "
                        "1 without a target"),
        ("Headlines", "A1", "Headline"),
        ("Headlines", "B2", 5),  # indicators
        ("Headlines", "A5", "Red"),
        ("Headlines", "B5", 1),
        ("Headlines", "B9", 1),  # improving on a year earlier
        ("Headlines", "B10", 3),  # ... of those with a year earlier to compare
        ("Headlines", "B11", 1),  # returns late
        ("Headlines", "A13", "Under-performing with no open remedial action"),
        ("Headlines", "B15", 1),  # actions behind
        ("Priorities", "A3", CHILDREN),
        ("Priorities", "C2", 0),  # Green in a well-run council
        ("Priorities", "D2", 1),  # Amber
        ("Priorities", "H2", 1),  # No data
        ("Priorities", "K3", "1 of 1 rated indicators on target (100%); 0 of 1 indicators improving (0%)"),
        ("Baskets", "A5", CHILDREN),
        ("Baskets", "B2", "BV78a"),
        ("Baskets", "F2", "days"),
        ("Baskets", "G2", "lower"),
        ("Baskets", "J2", 28.5),
        ("Baskets", "K2", 25),
        ("Baskets", "L2", None),  # a single target has no band's top
        ("Baskets", "N2", "Red"),
        ("Baskets", "P2", "Worsening"),
        ("Baskets", "Q2", "Improving"),
        ("Baskets", "J3", None),  # the late return: no figure
        ("Baskets", "R3", "Return for Q3 2008/09 is 1 month late; latest figure Q2 2008/09"),
        ("Baskets", "K4", 8),  # the band 8-12
        ("Baskets", "L4", 12),
        ("Baskets", "M4", "provisional"),
        ("Baskets", "E5", None),  # no owner
        ("Under-performance", "R2", "red; missed two periods running"),
        ("Under-performance", "S2", 3),
        ("Under-performance", "T2", 27),
        ("Under-performance", "V2", "no"),
        ("Under-performance", "W2", "A-101 (Overdue); A-102 (Behind)"),
        ("Under-performance", "A3", "HR 4"),
        ("Under-performance", "V3", "yes"),
        ("Under-performance", "X2", None),  # no other open action
        ("Under-performance", "X3", "DR-7 (director review, Not started)"),  # not remedial, so it is unmanaged
        ("Went well", "A1", "Went well in Q3 2008/09"),
        ("Went well", "D2", "Green in Dec 2008 after Amber in Nov 2008"),
        ("Went well", "A3", "Action completed"),
        ("Went well", "E3", datetime(2008, 11, 20)),
        ("Actions due", "F2", datetime(2008, 10, 1)),
        ("Actions due", "G2", datetime(2008, 12, 15)),
        ("Actions due", "H2", 60),
        ("Actions due", "J2", "Overdue"),
        ("Actions due", "C3", "service plan"),
        ("Actions due", "M3", "BV78a; BV9"),
        ("Without target", "A2", "NI 8"),
        ("Without target", "I2", 21.3),
        ("Without target", "M2", "No target"),
    ],
)
def test_cells_are_the_packs_values(sample_workbook, sheet, cell, value):
    assert sample_workbook[sheet][cell].value == value


@pytest.mark.parametrize(
    ("make", "about"),
    [
        (frozen_pack, [("As reported to", "Cabinet 15 January 2009"), ("Frozen on", datetime(2009, 1, 15))]),
        (scrutiny_pack, [("Theme", "Children and young people")]),
    ],
)
def test_about_says_what_the_pack_holds(make, about):
    rows = rows_of(make(), "About")
    assert [row for row in rows if row[0] in {"As reported to", "Frozen on", "Theme", "Directorate"}] == about


def test_a_data_version_it_cannot_read_is_as_it_is():
    assert workbook_of(replace(sample_pack(), data_version="412"))["About"]["B6"].value == "412"


def test_an_unfrozen_cabinet_pack_names_no_meeting_and_no_scope():
    assert [row[0] for row in rows_of(sample_pack(), "About")] == [
        "About", "Title", "Council", "Period", "As at", "Data version", "Summary"]


def test_the_scrutiny_questions_name_what_they_are_about():
    assert rows_of(scrutiny_pack(), "Questions") == [
        ("Question", "About"), ("What will bring BV78a back to target by March?", "BV78a; A-101")]


def test_numbers_are_numbers_and_dates_are_dates(sample_workbook):
    workbook = sample_workbook
    assert [workbook["Baskets"][cell].data_type for cell in ("J2", "K4", "L4")] == ["n", "n", "n"]
    assert workbook["Actions due"]["G2"].is_date and workbook["Actions due"]["G2"].number_format == "yyyy-mm-dd"


@pytest.mark.parametrize("make", [sample_pack, scrutiny_pack])
def test_every_sheet_is_a_table_with_a_bold_frozen_header_and_a_filter(make):
    for sheet in workbook_of(make()):
        last = f"{sheet.cell(1, sheet.max_column).column_letter}{sheet.max_row}"
        assert (sheet.freeze_panes, sheet.auto_filter.ref) == ("A2", f"A1:{last}"), sheet.title
        assert all(cell.font.bold for cell in sheet[1]), sheet.title
        assert not any(cell.font.bold for row in sheet.iter_rows(min_row=2) for cell in row), sheet.title


def test_an_empty_section_is_its_header_alone():
    sheet = workbook_of(replace(sample_pack(), under_performance=()))["Under-performance"]
    assert (sheet.max_row, sheet.auto_filter.ref) == (1, "A1:X1")


@pytest.mark.parametrize(
    ("sheet", "column", "width"),
    [
        ("Baskets", "B", 9),  # "NI 117" and a little over for the filter's button
        ("Baskets", "O", 60),  # the rating's sentences are cut at WIDEST
        ("Actions due", "G", 13),  # a date, written 2008-12-15
        ("Headlines", "B", 9),  # "Figure"
    ],
)
def test_columns_are_as_wide_as_their_text(sample_workbook, sheet, column, width):
    assert sample_workbook[sheet].column_dimensions[column].width == width


HOSTILE = ['=HYPERLINK("http://evil.example","Click")', "+1", "@x", "-2+3", "=cmd|' /C calc'!A0"]


def hostile_pack() -> ReportPack:
    """The sample with text a spreadsheet would run, where the council's own words go."""
    pack = sample_pack()
    figure = replace(BENEFITS, title=HOSTILE[0], owner=HOSTILE[1])
    action = replace(BACKLOG, note=HOSTILE[2])
    basket = replace(pack.baskets[0], priority=HOSTILE[3], figures=(figure,))
    return replace(pack, council=HOSTILE[4], baskets=(basket,), actions_due=(action,))


@pytest.mark.parametrize(
    ("sheet", "cell", "text"),
    [("Baskets", "C2", HOSTILE[0]), ("Baskets", "E2", HOSTILE[1]), ("Actions due", "L2", HOSTILE[2]),
     ("Baskets", "A2", HOSTILE[3]), ("Priorities", "A2", HOSTILE[3]), ("About", "B3", HOSTILE[4])],
)
def test_hostile_text_is_text_shown_as_written(sheet, cell, text):
    """As every workbook the dashboard writes (docs/formats.md): a text cell, marked by Excel's own 'typed as text'
    so that editing it does not make it a formula either, and no apostrophe added to what the HTML pack shows."""
    found = workbook_of(hostile_pack())[sheet][cell]
    assert (found.value, found.data_type, found.quotePrefix) == (text, "s", True)


def test_no_sheet_holds_a_formula():
    with zipfile.ZipFile(io.BytesIO(pack_workbook(hostile_pack()))) as archive:
        sheets = [archive.read(name).decode() for name in archive.namelist() if name.startswith("xl/worksheets/")]
    assert len(sheets) == len(CABINET_SHEETS)
    assert not any(re.search(r"<f[ >]", sheet) for sheet in sheets)


def test_the_same_pack_gives_the_same_bytes():
    first = pack_workbook(frozen_pack())
    time.sleep(1.1)  # the properties hold seconds, the zip's entries two-second steps: both from the clock
    assert pack_workbook(frozen_pack()) == first
    assert pack_workbook(sample_pack()) != first


@pytest.mark.parametrize(
    ("make", "stamp"),
    [(frozen_pack, datetime(2009, 1, 15)),  # the freeze's own date
     (sample_pack, datetime(2008, 12, 31))],  # else the last day of the month it is as at
)
def test_the_workbook_is_dated_by_the_pack(make, stamp):
    content = pack_workbook(make())
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {stamp.timetuple()[:6]}
    properties = load_workbook(io.BytesIO(content)).properties
    assert (properties.created, properties.modified) == (stamp, stamp)
    assert properties.title == make().title


LONG = "Ensuring every child and young person in the borough"  # the same first 31 characters, then not


def test_long_priority_names_alike_after_31_characters_stay_whole_in_one_baskets_sheet():
    """A sheet per priority would need names cut to Excel's 31 characters, and these two would collide: the baskets
    are one sheet, so the sheets keep their own short names and each priority its whole name."""
    names = [f"{LONG} stays safe", f"{LONG} achieves"]
    pack = sample_pack()
    baskets = tuple(replace(basket, priority=name) for basket, name in zip(pack.baskets, names, strict=True))
    workbook = workbook_of(replace(pack, baskets=baskets))
    assert workbook.sheetnames == CABINET_SHEETS
    assert all(len(name) <= 31 for name in workbook.sheetnames)
    assert [row[0] for row in workbook["Priorities"].iter_rows(min_row=2, values_only=True)] == names
    assert {row[0] for row in workbook["Baskets"].iter_rows(min_row=2, values_only=True)} == set(names)



def test_a_note_on_the_data_is_in_about():
    note = "Demo data: every value is synthetic."
    assert ["Note", note] in [list(row) for row in rows_of(replace(sample_pack(), notice=note), "About")]
