"""The importer (docs/formats.md) on SQLite and PostgreSQL: good files load, every kind of bad file is
refused with the row and column named and the database unchanged, and loading twice changes nothing."""

from __future__ import annotations

import hashlib
import io
import math
import zipfile
from datetime import date, datetime
from pathlib import Path
from types import SimpleNamespace

import pytest
from helpers import (
    ACTIONS,
    ACTIONS_HEADER,
    DEFINITIONS,
    DEFINITIONS_HEADER,
    VALUES,
    VALUES_HEADER,
    csv_bytes,
    snapshot,
    xlsx_bytes,
)
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from data.importer import (
    BLANK_REPLACES,
    COLUMNS,
    KINDS,
    Definition,
    FileKind,
    ImportRejected,
    KnownIndicator,
    KnownNames,
    Measured,
    PlannedAction,
    PlannedValue,
    _parse_rows,
    check_actions,
    check_definitions,
    check_values,
    compare_values,
    infer_kind,
    load_file,
    parse_number,
    reported_progress,
)
from data.models import Action, ActionUpdate, ImportBatch, Indicator, Priority, Value, ValueHistory
from data.tables import UnreadableFile, read_table


def load(engine, content: bytes, name: str = "file.csv", **options):
    return load_file(engine, content, filename=name, **options)


@pytest.fixture
def council(engine):
    """The small hand-made council: definitions, values and actions loaded."""
    load(engine, csv_bytes(DEFINITIONS_HEADER, DEFINITIONS), "definitions.csv")
    load(engine, csv_bytes(VALUES_HEADER, VALUES), "values.csv")
    load(engine, csv_bytes(ACTIONS_HEADER, ACTIONS), "actions.csv", as_of=date(2006, 9, 30))
    return engine


def count(engine, model) -> int:
    with Session(engine) as session:
        return session.scalar(select(func.count()).select_from(model))


def test_good_files_load_and_say_what_they_added(engine):
    report = load(engine, csv_bytes(DEFINITIONS_HEADER, DEFINITIONS), "definitions.csv")
    assert (report.kind, report.added, report.changed, report.unchanged) == ("definitions", 5, 0, 0)
    assert report.created["priorities"] == ["Efficient council", "Children safe", "Thriving economy"]
    assert "Added 5, changed 0, unchanged 0 indicators." in report.lines()
    report = load(engine, csv_bytes(VALUES_HEADER, VALUES), "values.csv")
    assert (report.kind, report.added) == ("values", 8)
    with Session(engine) as session:
        bv9 = session.scalars(select(Value).join(Indicator).where(Indicator.code == "BV9")).one()
        assert (bv9.actual, bv9.target_low, bv9.period_start) == (10.8, 11.0, date(2006, 4, 1))
        band = session.scalars(select(Value).join(Indicator).where(Indicator.code == "PAF A3 (NI 65)")
                               .order_by(Value.period_start)).all()
        assert [(v.target_low, v.target_high) for v in band] == [(10, 15), (10, 15)]
        ni171 = session.scalars(select(Indicator).where(Indicator.code == "NI 171")).one()
        assert ni171.slug == "ni-171"
        assert [p.name for p in ni171.priorities] == ["Efficient council", "Thriving economy"]
        assert (ni171.tolerance, ni171.tolerance_is_percent, ni171.partnership) == (5.0, True, True)
        bv9_definition = session.scalars(select(Indicator).where(Indicator.code == "BV9")).one()
        assert (bv9_definition.tolerance, bv9_definition.tolerance_is_percent) == (0.5, False)
        assert bv9_definition.cumulative is True


def test_loading_the_same_files_twice_changes_nothing(council):
    before = snapshot(council)
    for header, rows, name in ((DEFINITIONS_HEADER, DEFINITIONS, "d.csv"), (VALUES_HEADER, VALUES, "v.csv")):
        report = load(council, csv_bytes(header, rows), name)
        assert (report.added, report.changed, report.unchanged) == (0, 0, len(rows))
        assert report.lines()[1].startswith("Nothing changed")
    report = load(council, csv_bytes(ACTIONS_HEADER, ACTIONS), "a.csv", as_of=date(2006, 9, 30))
    assert (report.added, report.changed) == (0, 0)
    report = load(council, csv_bytes(ACTIONS_HEADER, ACTIONS), "a.csv", as_of=date(2006, 12, 31))
    assert (report.added, report.changed) == (0, 0)  # the same progress reported again is no news
    assert snapshot(council) == before


def test_an_actions_indicators_in_another_order_are_the_same_indicators(council):
    """A file that lists an action's indicators in another order than the database holds them changes nothing."""
    rows = [row[:] for row in ACTIONS]
    rows[0][5] = "BV78a; NI 171"
    load(council, csv_bytes(ACTIONS_HEADER, rows), "a.csv", as_of=date(2006, 9, 30))
    before = snapshot(council)
    for codes in ("NI 171; BV78a", "BV78a; NI 171", "NI 171;BV78a"):
        rows[0][5] = codes
        report = load(council, csv_bytes(ACTIONS_HEADER, rows), "a.csv", as_of=date(2006, 9, 30))
        assert (report.added, report.changed, report.unchanged) == (0, 0, len(rows)), codes
        assert report.lines()[1].startswith("Nothing changed")
    assert snapshot(council) == before


def test_a_replaced_value_keeps_its_earlier_self_in_the_history(council):
    changed = [row[:] for row in VALUES]
    changed[0][2] = "40"
    report = load(council, csv_bytes(VALUES_HEADER, changed), "v2.csv")
    assert (report.added, report.changed, report.unchanged) == (0, 1, 7)
    with Session(council) as session:
        history = session.scalars(select(ValueHistory)).all()
        assert [(h.actual, h.period_start) for h in history] == [(41.0, date(2006, 4, 1))]
        batch = session.get(ImportBatch, history[0].replaced_by_batch_id)
        assert (batch.filename, batch.changed) == ("v2.csv", 1)
        value = session.scalars(select(Value).where(Value.actual == 40.0)).one()
        assert value.batch_id == batch.id


def test_columns_left_out_of_a_file_are_kept(council):
    """A file of actuals alone does not wipe the targets already loaded."""
    load(council, csv_bytes(["indicator", "period", "actual"], [["BV78a", "Apr 2006", "39"]]), "actuals.csv")
    with Session(council) as session:
        value = session.scalars(select(Value).join(Indicator).where(
            Indicator.code == "BV78a", Value.period_start == date(2006, 4, 1))).one()
        assert (value.actual, value.target_low, value.note) == (39.0, 33.0, "Backlog after system change")


def test_dry_run_reports_and_stores_nothing(council):
    before = snapshot(council)
    changed = [row[:] for row in VALUES] + [["BV78a", "Jul 2006", "29", "33", "", ""]]
    changed[1][2] = "37"
    report = load(council, csv_bytes(VALUES_HEADER, changed), "v.csv", dry_run=True)
    assert (report.added, report.changed, report.unchanged) == (1, 1, 7)
    assert report.lines()[1].startswith("Dry run: nothing was stored.")
    assert snapshot(council) == before


BV78A_APR = ["BV78a", "Apr 2006", "41", "33", "Backlog after system change", ""]
# a values file's rows, loaded over the small council, and the lines its report gives after the two of counts
CHANGE_LINES = {
    "a changed actual, in the unit's words": (
        [["BV78a", "Apr 2006", "40", "33", "Backlog after system change", ""]],
        ["BV78a Apr 2006: actual 41 days → 40 days"]),
    "a blank target clears the stored one, and says so once": (
        [["BV78a", "Apr 2006", "41", "", "Backlog after system change", ""],
         ["BV78a", "May 2006", "38", "", "", ""]],
        ["BV78a Apr 2006: target 33 days → blank", "BV78a May 2006: target 33 days → blank", BLANK_REPLACES]),
    "both, in a % unit": (
        [["BV9", "Apr 2006", "11%", "", "", ""]],
        ["BV9 Apr 2006: actual 10.8% → 11%; target 11% → blank", BLANK_REPLACES]),
    "a blank actual clears the stored one": (
        [["NI 171", "2006/07", "", "1200", "", ""]],
        ["NI 171 2006/07: actual 1,234 rate per 10000 16+ → blank", BLANK_REPLACES]),
    "a band target": (
        [["PAF A3 (NI 65)", "Q1 2006/07", "12", "11-16", "", ""]],
        ["PAF A3 (NI 65) Q1 2006/07: target 10–15% → 11–16%"]),
    "a note and a status": (
        [["BV78a", "May 2006", "38", "33", "Late return", "provisional"]],
        ['BV78a May 2006: note blank → "Late return"; status validated → provisional']),
    "unchanged rows are not listed; an added row is": (
        [*VALUES[:7], ["CPR-RATE", "December 2006", "27", "", "", ""], ["BV78a", "Jul 2006", "29", "33", "", ""]],
        ["CPR-RATE Dec 2006: actual 26 rate per 10000 <18 → 27 rate per 10000 <18",
         "BV78a Jul 2006: would be added"]),
    "a column left out keeps what is stored: no change, no warning": (
        [["BV78a", "Apr 2006", "40"]],
        ["BV78a Apr 2006: actual 41 days → 40 days"]),
}


@pytest.mark.parametrize("case", list(CHANGE_LINES))
def test_a_dry_run_lists_each_changed_field_old_to_new(council, case):
    rows, expected = CHANGE_LINES[case]
    report = load(council, csv_bytes(VALUES_HEADER[:len(rows[0])], rows), "v.csv", dry_run=True)
    assert report.lines()[2:] == expected


def test_the_real_load_lists_its_changes_as_the_dry_run_did(council):
    rows = [["BV78a", "Apr 2006", "40", "", "Backlog after system change", ""], ["BV78a", "Jul 2006", "29", "", "", ""]]
    dry = load(council, csv_bytes(VALUES_HEADER, rows), "v.csv", dry_run=True).lines()[2:]
    real = load(council, csv_bytes(VALUES_HEADER, rows), "v.csv").lines()[2:]
    assert dry == ["BV78a Apr 2006: actual 41 days → 40 days; target 33 days → blank", BLANK_REPLACES,
                   "BV78a Jul 2006: would be added"]
    assert real == [dry[0], BLANK_REPLACES, "BV78a Jul 2006: added"]


def _months(count: int) -> list[str]:
    return [date(2007 + n // 12, 1 + n % 12, 1).strftime("%b %Y") for n in range(count)]


def test_changed_rows_are_listed_up_to_50_and_added_ones_up_to_20(council):
    first = load(council, csv_bytes(VALUES_HEADER, [["BV78a", m, "30", "33", "", ""] for m in _months(60)]), "v.csv")
    assert first.lines()[2:] == [*(f"BV78a {m}: added" for m in _months(20)), "and 40 more added"]
    report = load(council, csv_bytes(VALUES_HEADER, [["BV78a", m, "31", "33", "", ""] for m in _months(60)]),
                  "v.csv", dry_run=True)
    assert report.lines()[2:] == [*(f"BV78a {m}: actual 30 days → 31 days" for m in _months(50)),
                                  "and 10 more would change"]


DEFINITION_CHANGES = {
    "a title, a tolerance and an owner": (
        {1: "Average days to process new benefit claims", 10: "3", 11: ""},
        ['BV78a: title "Average time for processing new benefit claims" → "Average days to process new benefit '
         'claims"; tolerance 5% → 3; owner Head of Benefits → blank']),
    "a list and a yes/no": (
        {5: "Efficient council; Children safe", 12: "yes"},
        ["BV78a: partnership no → yes; priorities Efficient council → Children safe; Efficient council"]),
}


@pytest.mark.parametrize("case", list(DEFINITION_CHANGES))
def test_a_definitions_load_lists_each_changed_field(council, case):
    cells, expected = DEFINITION_CHANGES[case]
    rows = [[cells.get(n, cell) for n, cell in enumerate(DEFINITIONS[0])]]
    report = load(council, csv_bytes(DEFINITIONS_HEADER, rows), "d.csv", dry_run=True)
    assert report.lines()[2:] == expected


def test_an_actions_load_lists_each_changed_field(council):
    rows = [[*ACTIONS[0][:9], "40", "", "Claims cleared"], ACTIONS[1]]
    report = load(council, csv_bytes(ACTIONS_HEADER, rows), "a.csv", as_of=date(2006, 12, 31))
    assert report.lines()[2:] == ['REM-1: progress 25 → 40; note "Backlog team recruited" → "Claims cleared"; '
                                  "progress reports as of 2006-09-30 → as of 2006-09-30, 2006-12-31"]


def test_xlsx_loads_the_sheet_named_after_its_kind_with_excel_dates(engine):
    load(engine, xlsx_bytes(DEFINITIONS_HEADER, DEFINITIONS, sheet="Definitions", extra_sheets=("Notes",)),
         "definitions.xlsx")
    rows = [["BV78a", datetime(2006, 12, 1), 30, 33, None, None], ["NI 171", "2006/07", 1234.5, "1,200", "", ""]]
    report = load(engine, xlsx_bytes(VALUES_HEADER, rows, sheet="values", extra_sheets=("Cover",)), "values.xlsx")
    assert report.added == 2
    with Session(engine) as session:
        assert session.scalar(select(Value.period_start).where(Value.actual == 30.0)) == date(2006, 12, 1)


def test_an_action_keeps_a_history_of_its_progress(council):
    later = [row[:] for row in ACTIONS]
    later[0][9] = "60"
    report = load(council, csv_bytes(ACTIONS_HEADER, later), "a.csv", as_of=date(2006, 12, 31))
    assert (report.added, report.changed, report.unchanged) == (0, 1, 2)
    with Session(council) as session:
        action = session.scalars(select(Action).where(Action.ref == "REM-1")).one()
        assert [(u.as_of, u.progress) for u in action.updates] == [(date(2006, 9, 30), 25), (date(2006, 12, 31), 60)]
        assert action.progress == 60
        assert [i.code for i in action.indicators] == ["BV78a"]
        assert session.scalar(select(func.count()).select_from(ActionUpdate)
                              .where(ActionUpdate.batch_id.is_(None))) == 0


def test_a_late_older_report_joins_the_history_without_replacing_the_latest(council):
    older = [row[:] for row in ACTIONS]
    older[0][9] = "10"
    load(council, csv_bytes(ACTIONS_HEADER, older), "a.csv", as_of=date(2006, 8, 31))
    with Session(council) as session:
        action = session.scalars(select(Action).where(Action.ref == "REM-1")).one()
        assert [u.progress for u in action.updates] == [10, 25]
        assert action.progress == 25


def test_a_definition_can_be_updated(council):
    rows = [row[:] for row in DEFINITIONS]
    rows[0][1] = "Average days to process new claims"
    rows[0][4] = "Organisational improvement; Customer access"
    report = load(council, csv_bytes(DEFINITIONS_HEADER, rows), "d.csv")
    assert (report.added, report.changed, report.unchanged) == (0, 1, 4)
    assert report.created == {"themes": ["Customer access"]}
    with Session(council) as session:
        indicator = session.scalars(select(Indicator).where(Indicator.code == "BV78a")).one()
        assert [t.name for t in indicator.themes] == ["Customer access", "Organisational improvement"]


def test_names_match_whatever_their_case(engine):
    rows = [row[:] for row in DEFINITIONS]
    rows[1][2], rows[1][5] = "RESOURCES", "efficient COUNCIL"
    load(engine, csv_bytes(DEFINITIONS_HEADER, rows), "d.csv")
    assert count(engine, Priority) == 3


# --- every kind of bad file: (file content, problem lines expected) -----------------------------------

def _values(*rows):
    return csv_bytes(VALUES_HEADER, [*VALUES, *rows])


BAD_FILES = {
    "unknown code": (_values(["BV999", "Apr 2006", "1", "", "", ""]),
                     ["row 10, column indicator: unknown indicator code: define it in a definitions file first "
                      "(BV999)"]),
    "near-miss code": (_values(["bv78A", "Apr 2006", "1", "", "", ""]),
                       ["row 10, column indicator: unknown indicator code: did you mean BV78a? (bv78A)"]),
    "bad period": (_values(["BV78a", "Smarch 2006", "1", "", "", ""]),
                   ["row 10, column period: not a period: expected Dec 2006 (or December 2006, 2006-12) "
                    "(Smarch 2006)"]),
    "not a financial year": (_values(["NI 171", "2006/08", "1", "", "", ""]),
                             ["row 10, column period: '2006/08' is not a financial year: the year starting April "
                              "2006 is 2006/07 (2006/08)"]),
    "wrong frequency": (_values(["BV78a", "Q3 2006/07", "1", "", "", ""]),
                        ["row 10, column period: Q3 2006/07 is a quarterly period but BV78a is monthly: expected "
                         "Dec 2006 (or December 2006, 2006-12) (Q3 2006/07)"]),
    "duplicate row": (_values(["BV78a", "April 2006", "40", "33", "", ""]),
                      ["row 10, column period: duplicate of row 2 (BV78a Apr 2006)"]),
    "non-number": (_values(["BV78a", "Jul 2006", "twelve", "33", "", ""]),
                   ["row 10, column actual: not a number (twelve)"]),
    "range for a one-way indicator": (_values(["BV78a", "Jul 2006", "30", "30-35", "", ""]),
                                      ["row 10, column target: a range is only for band indicators; BV78a is "
                                       "'lower' (30-35)"]),
    "one figure for a band": (_values(["PAF A3 (NI 65)", "Q3 2006/07", "12", "15", "", ""]),
                              ["row 10, column target: PAF A3 (NI 65) is a band indicator: its target is a range "
                               "such as 10-15 (15.0)"]),
    "bad status": (_values(["BV78a", "Jul 2006", "30", "", "", "final"]),
                   ["row 10, column status: expected one of provisional, validated (final)"]),
    "missing period": (_values(["BV78a", "", "30", "", "", ""]), ["row 10, column period: required, but blank"]),
    "unknown column": (csv_bytes([*VALUES_HEADER, "comments"], [[*VALUES[0], "x"]]),
                       ["row 1, column comments: unknown column; the columns are indicator, period, actual, "
                        "target, note, status"]),
    "misspelt column": (csv_bytes(["indicator", "period", "actaul"], [["BV78a", "Apr 2006", "1"]]),
                        ["row 1, column actaul: unknown column; did you mean actual?"]),
    "several problems in one file": (
        _values(["BV78a", "Jul 2006", "x", "", "", ""], ["NOPE", "Jul 2006", "1", "", "", ""]),
        ["row 10, column actual: not a number (x)",
         "row 11, column indicator: unknown indicator code: define it in a definitions file first (NOPE)"]),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_a_bad_values_file_is_refused_whole(council, case):
    content, expected = BAD_FILES[case]
    before = snapshot(council)
    with pytest.raises(ImportRejected) as refused:
        load(council, content, "values.csv")
    assert [str(p) for p in refused.value.problems] == expected
    assert snapshot(council) == before


BAD_DEFINITIONS = {
    "bad polarity": ([["BV1", "T", "Resources", "", "", "", "%", "up", "monthly", "", "", "", "", ""]],
                     ["row 2, column polarity: expected one of higher, lower, band, none (up)"]),
    "bad frequency": ([["BV1", "T", "Resources", "", "", "", "%", "higher", "weekly", "", "", "", "", ""]],
                      ["row 2, column frequency: expected one of monthly, quarterly, annual (weekly)"]),
    "missing title": ([["BV1", "", "Resources", "", "", "", "%", "higher", "monthly", "", "", "", "", ""]],
                      ["row 2, column title: required, but blank"]),
    "negative tolerance": ([["BV1", "T", "Resources", "", "", "", "%", "higher", "monthly", "", "-5%", "", "", ""]],
                           ["row 2, column tolerance: a tolerance cannot be negative (-5%)"]),
    "bad yes/no": ([["BV1", "T", "Resources", "", "", "", "%", "higher", "monthly", "maybe", "", "", "", ""]],
                   ["row 2, column cumulative: expected yes or no (maybe)"]),
    "duplicate code": ([["BV1", "T", "Resources", "", "", "", "%", "higher", "monthly", "", "", "", "", ""],
                        ["bv1", "T", "Resources", "", "", "", "%", "higher", "monthly", "", "", "", "", ""]],
                       ["row 3, column code: duplicate of row 2 (bv1)"]),
    "frequency change with values": (
        [["BV78a", "T", "Resources", "", "", "", "days", "lower", "quarterly", "", "", "", "", ""]],
        ["row 2, column frequency: BV78a already has monthly values: its frequency cannot change (define a new "
         "indicator instead) (quarterly)"]),
}


@pytest.mark.parametrize("case", list(BAD_DEFINITIONS))
def test_a_bad_definitions_file_is_refused_whole(council, case):
    rows, expected = BAD_DEFINITIONS[case]
    before = snapshot(council)
    with pytest.raises(ImportRejected) as refused:
        load(council, csv_bytes(DEFINITIONS_HEADER, rows), "definitions.csv")
    assert [str(p) for p in refused.value.problems] == expected
    assert snapshot(council) == before


def _action(**changes):
    row = dict(zip(ACTIONS_HEADER, ACTIONS[0], strict=True))
    row.update(ref="REM-9", **changes)
    return list(row.values())


BAD_ACTIONS = {
    "unknown kind": (_action(kind="urgent"), "row 2, column kind: expected one of service plan, remedial, "
                                             "director review (urgent)"),
    "unknown directorate": (_action(directorate="Highways"), "row 2, column directorate: unknown directorate (known: "
                            "Chief Executive's Office; Children & Young People's Services; Resources) (Highways)"),
    "unknown priority": (_action(priority="World peace"), "row 2, column priority: unknown priority: priorities "
                         "come from the definitions file (World peace)"),
    "remedial without indicators": (_action(indicators=""), "row 2, column indicators: a remedial action names the "
                                    "indicators it is meant to move"),
    "unknown indicator": (_action(indicators="BV78a; XX1"), "row 2, column indicators: unknown indicator code (XX1)"),
    "due before start": (_action(due="2006-01-01"), "row 2, column due: due before its start (2006-07-01) "
                         "(2006-01-01)"),
    "progress over 100": (_action(progress="120%"), "row 2, column progress: progress is a percentage from 0 to 100 "
                          "(120%)"),
    "bad date": (_action(start="31/02/2006"), "row 2, column start: not a real date (31/02/2006)"),
    "american date": (_action(start="2006/31/12"), "row 2, column start: not a date: expected 2006-10-01 or "
                      "01/10/2006 (2006/31/12)"),
}


@pytest.mark.parametrize("case", list(BAD_ACTIONS))
def test_a_bad_actions_file_is_refused_whole(council, case):
    row, expected = BAD_ACTIONS[case]
    before = snapshot(council)
    with pytest.raises(ImportRejected) as refused:
        load(council, csv_bytes(ACTIONS_HEADER, [row]), "actions.csv")
    assert [str(p) for p in refused.value.problems] == [expected]
    assert snapshot(council) == before


def test_an_error_on_the_last_of_many_rows_rejects_them_all(council):
    rows = [["BV78a", f"{year}-{month:02d}", "30", "33", "", ""] for year in range(2007, 2015)
            for month in range(1, 13)] + [["BV78a", "2015-13", "30", "33", "", ""]]
    before = snapshot(council)
    with pytest.raises(ImportRejected) as refused:
        load(council, csv_bytes(VALUES_HEADER, rows), "values.csv")
    assert [str(p) for p in refused.value.problems] == [
        "row 98, column period: '2015-13' is not a month: there is no month 13; expected Dec 2006 (or December "
        "2006, 2006-12) (2015-13)"]
    assert snapshot(council) == before


def test_every_problem_is_listed_not_just_the_first(council):
    rows = [["BV78a", "Apr 2007", "x", "", "", ""] for _ in range(30)]
    with pytest.raises(ImportRejected) as refused:
        load(council, csv_bytes(VALUES_HEADER, rows), "values.csv")
    problems = [str(p) for p in refused.value.problems]
    assert len(problems) == 30 + 29  # each bad number, and each duplicate of row 2
    assert problems[:2] == ["row 2, column actual: not a number (x)", "row 3, column actual: not a number (x)"]


UNREADABLE = {
    "empty file": (b"", "values.csv", "values.csv is empty"),
    "only blank lines": (b"\n\n  \n", "values.csv", "values.csv is empty"),
    "not a spreadsheet named .xlsx": (b"indicator,period\nBV78a,Apr 2006\n", "values.xlsx",
                                      "values.xlsx is not an Excel workbook, although its name ends .xlsx"),
    "a zip that is not a workbook": (None, "values.xlsx", "values.xlsx is a zip file but not an Excel workbook"),
    "a damaged workbook": (b"PK\x03\x04" + b"\x00" * 200, "values.xlsx", "values.xlsx is damaged"),
    "old Excel": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "values.xls", "old-style Excel file (.xls)"),
    "not UTF-8": ("indicator,period\nBV78a,Décembre 2006\n".encode("latin-1"), "values.csv",
                  "values.csv is not UTF-8 text (line 2)"),
    "binary": (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "values.csv", "values.csv is not a text file"),
    "a zip bomb": ("bomb", "values.xlsx", "too large to read safely"),
}


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize("case", list(UNREADABLE))
def test_a_file_that_cannot_be_read_gets_one_clear_sentence(council, case):
    content, name, sentence = UNREADABLE[case]
    if content is None:
        content = _zip({"readme.txt": b"hello"})
    elif content == "bomb":
        content = _zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b"\x00" * 30_000_000})
    before = snapshot(council)
    with pytest.raises(UnreadableFile, match=sentence.replace("(", r"\(").replace(")", r"\)")):
        load(council, content, name)
    assert snapshot(council) == before


def test_a_header_without_rows_is_refused(council):
    with pytest.raises(ImportRejected, match="1 problem"):
        load(council, csv_bytes(VALUES_HEADER, []), "values.csv")


def test_a_file_whose_kind_cannot_be_told_asks_for_kind(council):
    with pytest.raises(ImportRejected) as refused:
        load(council, csv_bytes(["name", "score"], [["a", "1"]]), "mystery.csv")
    assert str(refused.value.problems[0]).startswith("row 1: cannot tell what kind of file this is")


def test_hostile_text_is_stored_as_text(council):
    evil = ["BV78a", "Aug 2006", "30", "33", "=HYPERLINK(\"http://x\")<script>alert(1)</script>", ""]
    load(council, csv_bytes(VALUES_HEADER, [evil]), "values.csv")
    with Session(council) as session:
        assert session.scalar(select(Value.note).where(Value.period_start == date(2006, 8, 1))) == evil[4]


def test_a_byte_order_mark_and_odd_header_spacing_are_fine(engine):
    header = [" Code ", "TITLE", "Directorate", "unit", "Polarity", "frequency"]
    report = load(engine, csv_bytes(header, [["X1", "T", "Resources", "%", "higher", "monthly"]], bom=True), "d.csv")
    assert report.added == 1
    assert count(engine, Indicator) == 1


def test_every_load_that_changes_something_is_recorded(council):
    with Session(council) as session:
        batches = session.scalars(select(ImportBatch).order_by(ImportBatch.id)).all()
        assert [(b.kind, b.filename, b.added) for b in batches] == [
            ("definitions", "definitions.csv", 5), ("values", "values.csv", 8), ("actions", "actions.csv", 3)]


# --- hostile and odd cells: every one a problem at its row and column, nothing stored --------------------

def _patched(content: bytes, changes: dict[bytes, bytes]) -> bytes:
    """A workbook with bytes of its XML replaced: what no spreadsheet program writes, but a file can hold."""
    source, buffer = zipfile.ZipFile(io.BytesIO(content)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for entry in source.infolist():
            data = source.read(entry.filename)
            for old, new in changes.items():
                data = data.replace(old, new)
            archive.writestr(entry, data)
    return buffer.getvalue()


TOO_LARGE = "too large: a figure must be between -1,000,000,000,000 and 1,000,000,000,000"
HUGE = "9" * 400

BAD_CELLS = {
    "400 digits": (["BV78a", "Jul 2006", HUGE, "", "", ""], f"row 10, column actual: {TOO_LARGE} ({HUGE[:57]}...)"),
    "400 digits in thousands": (["BV78a", "Jul 2006", "1" + ",000" * 133, "", "", ""],
                                f"row 10, column actual: {TOO_LARGE} ({('1' + ',000' * 14)[:57]}...)"),
    "1e999": (["BV78a", "Jul 2006", "1e999", "", "", ""], f"row 10, column actual: {TOO_LARGE} (1e999)"),
    "a trillion and one": (["BV78a", "Jul 2006", "1000000000001", "", "", ""],
                           f"row 10, column actual: {TOO_LARGE} (1000000000001)"),
    "minus a trillion and one, in a target": (["BV78a", "Jul 2006", "1", "-1,000,000,000,001", "", ""],
                                              f"row 10, column target: {TOO_LARGE} (-1,000,000,000,001)"),
    "a huge range": (["PAF A3 (NI 65)", "Q3 2006/07", "12", f"10-{HUGE}", "", ""],
                     f"row 10, column target: {TOO_LARGE} (10-{HUGE[:54]}...)"),
    "a spreadsheet error": (["BV78a", "Jul 2006", "#DIV/0!", "", "", ""], "row 10, column actual: the spreadsheet "
                            "shows an error here, not a figure: correct its formula (#DIV/0!)"),
    "NUL in a note": (["BV78a", "Jul 2006", "30", "", "fine\x00print", ""], "row 10, column note: contains an "
                      "invisible control character (NUL): remove it (fine\\x00print)"),
    "escape in a code": (["BV78a\x1b[2J", "Jul 2006", "30", "", "", ""], "row 10, column indicator: contains an "
                         "invisible control character (U+001B): remove it (BV78a\\x1b[2J)"),
    "bell in a period": (["BV78a", "Jul\x07 2006", "30", "", "", ""], "row 10, column period: contains an invisible "
                         "control character (U+0007): remove it (Jul\\x07 2006)"),
    "C1 control in a status": (["BV78a", "Jul 2006", "30", "", "", "validated\x9b"], "row 10, column status: "
                               "contains an invisible control character (U+009B): remove it (validated\\x9b)"),
    "line break in a code": (["BV\n78a", "Jul 2006", "30", "", "", ""], "row 10, column indicator: has a line break "
                             "or tab inside: write it on one line (BV\\n78a)"),
    "outside the years covered": (["BV78a", "Dec 2206", "30", "", "", ""], "row 10, column period: 'Dec 2206' is "
                                  "outside the years the dashboard covers: financial years 1990/91 to 2099/2100 "
                                  "(Dec 2206)"),
    "year 9999": (["BV78a", "9999-12", "30", "", "", ""], "row 10, column period: '9999-12' is outside the years "
                  "the dashboard covers: financial years 1990/91 to 2099/2100 (9999-12)"),
    "month 13": (["BV78a", "2008-13", "30", "", "", ""], "row 10, column period: '2008-13' is not a month: there is "
                 "no month 13; expected Dec 2006 (or December 2006, 2006-12) (2008-13)"),
}


@pytest.mark.parametrize("case", list(BAD_CELLS))
def test_a_hostile_cell_is_a_problem_at_its_row_and_column(council, case):
    row, expected = BAD_CELLS[case]
    before = snapshot(council)
    with pytest.raises(ImportRejected) as refused:
        load(council, _values(row), "values.csv")
    assert [str(p) for p in refused.value.problems] == [expected]
    assert snapshot(council) == before


BAD_OTHER_CELLS = {
    "a huge tolerance": ("definitions", {"tolerance": "1e999%"}, f"row 2, column tolerance: {TOO_LARGE} (1e999%)"),
    "a huge progress": ("actions", {"progress": HUGE}, f"row 2, column progress: {TOO_LARGE} ({HUGE[:57]}...)"),
    "a theme on two lines": ("definitions", {"themes": "Customer\naccess"}, "row 2, column themes: has a line break "
                             "or tab inside: write it on one line (Customer\\naccess)"),
    "a code too long to store": ("definitions", {"code": "X" * 101}, f"row 2, column code: longer than 100 "
                                 f"characters ({'X' * 57}...)"),
    "a theme too long to store": ("definitions", {"themes": "T" * 201}, f"row 2, column themes: an item is longer "
                                  f"than 200 characters ({'T' * 57}...)"),
    "NUL in an action's title": ("actions", {"title": "Plan\x00"}, "row 2, column title: contains an invisible "
                                 "control character (NUL): remove it (Plan\\x00)"),
    "a Unicode line break in an owner": ("actions", {"owner": "Head of\u2028Benefits"}, "row 2, column owner: has a "
                                         "line break or tab inside: write it on one line (Head of\\u2028Benefits)"),
    "a due date in year 9999": ("actions", {"due": "31/12/9999"}, "row 2, column due: outside the years the "
                                "dashboard covers: 1990 to 2100 (31/12/9999)"),
    "a start in year 1": ("actions", {"start": "0001-01-01"}, "row 2, column start: outside the years the dashboard "
                          "covers: 1990 to 2100 (0001-01-01)"),
}


@pytest.mark.parametrize("case", list(BAD_OTHER_CELLS))
def test_hostile_cells_in_definitions_and_actions_are_problems(council, case):
    kind, changes, expected = BAD_OTHER_CELLS[case]
    header, template = {"definitions": (DEFINITIONS_HEADER, DEFINITIONS[0]), "actions": (ACTIONS_HEADER,
                                                                                       ACTIONS[0])}[kind]
    row = dict(zip(header, template, strict=True)) | {"code": "NEW1", "ref": "NEW-1"} | changes
    before = snapshot(council)
    with pytest.raises(ImportRejected) as refused:
        load(council, csv_bytes(header, [[row[column] for column in header]]), f"{kind}.csv")
    assert [str(p) for p in refused.value.problems] == [expected]
    assert snapshot(council) == before


def test_a_nul_far_into_a_csv_file_is_found():
    """The first 4 KB are looked at for binary content; a NUL beyond is still refused, as a cell problem."""
    padding = [["BV78a", f"{year}-{month:02d}", "30", "33", "x" * 40, ""] for year in range(2007, 2015)
               for month in range(1, 13)]
    content = csv_bytes(VALUES_HEADER, [*padding, ["BV78a", "Apr 2015", "30", "33", "a\x00b", ""]])
    assert content.index(b"\x00") > 4096
    table = read_table(content, "values.csv")
    problems: list = []
    _parse_rows(table, "values", problems)
    assert [str(p) for p in problems] == ["row 98, column note: contains an invisible control character (NUL): "
                                          "remove it (a\\x00b)"]


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        ("1.5E+03", 1500.0),  # how Excel writes a wide figure into CSV
        ("1000000000000", 1e12),
        ("-1,000,000,000,000", -1e12),
        ("-5%", -5.0),  # rates and changes may be negative ...
        ("150%", 150.0),  # ... or above 100
        (" 12.5 ", 12.5),
        ("'-5", -5.0),  # an export's apostrophe before a minus sign
    ],
)
def test_figures_within_the_limits_load(council, cell, stored):
    load(council, _values(["BV78a", "Jul 2006", cell, "", "", ""]), "values.csv")
    assert _bv78a_july(council, Value.actual) == stored


def _bv78a_july(engine, column):
    with Session(engine) as session:
        return session.scalar(select(column).join(Indicator).where(Indicator.code == "BV78a",
                                                                   Value.period_start == date(2006, 7, 1)))


@pytest.mark.parametrize(
    ("note", "stored"),
    [
        ("'=HYPERLINK(\"x\")", "=HYPERLINK(\"x\")"),  # what an export writes: one apostrophe comes off
        ("'+NI 999", "+NI 999"),
        ("'-5-3", "-5-3"),
        ("'@risk", "@risk"),
        ("''=x", "''=x"),  # only before a formula character
        ("'quoted'", "'quoted'"),
        ("'", "'"),
        ("first line\nsecond\tline", "first line\nsecond\tline"),  # a note may have paragraphs
    ],
)
def test_text_an_export_neutralised_loads_back(council, note, stored):
    load(council, _values(["BV78a", "Jul 2006", "30", "", note, ""]), "values.csv")
    assert _bv78a_july(council, Value.note) == stored


def test_the_apostrophe_comes_off_exactly_where_exports_put_it():
    from data import export, importer

    assert importer.FORMULA_STARTS == export.FORMULA_STARTS


def test_an_exported_code_starting_with_a_formula_character_loads_back(engine):
    rows = [["+NI 999", "Plus", "Resources", "", "", "", "%", "higher", "monthly", "", "", "", "", ""]]
    load(engine, csv_bytes(DEFINITIONS_HEADER, rows), "definitions.csv")
    load(engine, csv_bytes(VALUES_HEADER, [["'+NI 999", "Apr 2006", "'-5", "", "", ""]]), "values.csv")
    with Session(engine) as session:
        assert session.scalar(select(Value.actual).join(Indicator).where(Indicator.code == "+NI 999")) == -5.0


# --- workbooks as spreadsheet programs save them -------------------------------------------------------

def _formatted_xlsx(header: list[str], rows: list[list[tuple[object, str | None]]], sheet: str = "Sheet1") -> bytes:
    """A workbook of (value, number format) cells: what Excel or LibreOffice saves when a person types 10.8%."""
    from openpyxl import Workbook

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = sheet
    worksheet.append(header)
    for number, row in enumerate(rows, start=2):
        for column, (value, number_format) in enumerate(row, start=1):
            cell = worksheet.cell(number, column, value)
            if number_format:
                cell.number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _plain_cells(*values):
    return [(value, None) for value in values]


PERCENT_CELLS = {
    "10.8% typed": ((0.108, "0.0%"), 10.8),
    "11% typed": ((0.11, "0%"), 11.0),
    "a negative rate": ((-0.052, "0.0%;[Red]-0.0%"), -5.2),
    "above 100%": ((1.5, "0%"), 150.0),
    "an int cell": ((1, "0%"), 100.0),
    "a literal percent sign": ((10.8, '0.0"%"'), 10.8),  # shown as 10.8%, held as 10.8: not scaled
    "an escaped percent sign": ((10.8, "0.0\\%"), 10.8),
    "no percent format": ((0.108, "0.000"), 0.108),
}


@pytest.mark.parametrize("case", list(PERCENT_CELLS))
def test_a_percent_formatted_cell_is_the_percentage_it_shows(council, case):
    cell, stored = PERCENT_CELLS[case]
    rows = [[("BV9", None), ("Jul 2006", None), cell, *_plain_cells(11, None, None)]]
    load(council, _formatted_xlsx(VALUES_HEADER, rows), "values.xlsx")
    with Session(council) as session:
        assert session.scalar(select(Value.actual).join(Indicator).where(
            Indicator.code == "BV9", Value.period_start == date(2006, 7, 1))) == stored


def test_percent_formatted_tolerance_progress_and_notes_read_as_shown(council):
    definition = dict(zip(DEFINITIONS_HEADER, DEFINITIONS[1], strict=True))
    cells = [(definition[column], None) for column in DEFINITIONS_HEADER]
    cells[DEFINITIONS_HEADER.index("tolerance")] = (0.05, "0%")
    load(council, _formatted_xlsx(DEFINITIONS_HEADER, [cells]), "definitions.xlsx")
    action = [(cell, None) for cell in _action()]
    action[ACTIONS_HEADER.index("progress")] = (0.25, "0%")
    action[ACTIONS_HEADER.index("start")] = (datetime(2006, 7, 1), "DD/MM/YYYY")
    load(council, _formatted_xlsx(ACTIONS_HEADER, [action]), "actions.xlsx", as_of=date(2006, 9, 30))
    value = [("BV9", None), ("Jul 2006", None), (0.108, "0.0%"), (11, None), (0.108, "0.0%"), (None, None)]
    load(council, _formatted_xlsx(VALUES_HEADER, [value]), "values.xlsx")
    with Session(council) as session:
        bv9 = session.scalars(select(Indicator).where(Indicator.code == "BV9")).one()
        assert (bv9.tolerance, bv9.tolerance_is_percent) == (5.0, True)  # 5% of target, not 0.05 in the unit
        plan = session.scalars(select(Action).where(Action.ref == "REM-9")).one()
        assert (plan.progress, plan.start) == (25.0, date(2006, 7, 1))
        assert session.scalar(select(Value.note).where(Value.indicator_id == bv9.id,
                                                       Value.period_start == date(2006, 7, 1))) == "10.8%"


def test_a_plain_figure_and_a_percentage_of_the_same_number_are_told_apart(council):
    """5 in one row and 5% in the next compare equal as floats: each is still read as what it is."""
    rows = []
    for code, tolerance in (("T1", (5, None)), ("T2", (0.05, "0%")), ("T3", (5, None))):
        row = dict(zip(DEFINITIONS_HEADER, DEFINITIONS[1], strict=True)) | {"code": code}
        cells = [(row[column], None) for column in DEFINITIONS_HEADER]
        cells[DEFINITIONS_HEADER.index("tolerance")] = tolerance
        rows.append(cells)
    load(council, _formatted_xlsx(DEFINITIONS_HEADER, rows), "definitions.xlsx")
    with Session(council) as session:
        tolerances = session.execute(select(Indicator.code, Indicator.tolerance, Indicator.tolerance_is_percent)
                                     .where(Indicator.code.in_(["T1", "T2", "T3"])).order_by(Indicator.code)).all()
        assert [tuple(t) for t in tolerances] == [("T1", 5.0, False), ("T2", 5.0, True), ("T3", 5.0, False)]


DATE_CELLS = {
    "first of the month": ("BV78a", datetime(2008, 11, 1), None),
    "first of a quarter": ("PAF A3 (NI 65)", datetime(2008, 7, 1), None),
    "1 April for a year": ("NI 171", datetime(2008, 4, 1), None),
    "11 Jan: 01/11 read the US way": (
        "BV78a", datetime(2008, 1, 11), "row 2, column period: a date cell must be the first day of the month: "
        "11 Jan 2008 may be 1 Nov 2008 read in another locale; write the month as text (Nov 2008 or Jan 2008) "
        "(2008-01-11)"),
    "mid-month": ("BV78a", datetime(2008, 11, 15), "row 2, column period: a date cell must be the first day of the "
                  "month, and 15 Nov 2008 is not: write the month as text, e.g. Nov 2008 (2008-11-15)"),
    "a quarter's second month": ("PAF A3 (NI 65)", datetime(2008, 8, 1), "row 2, column period: a date cell must be "
                                 "the first day of a quarter (1 Apr, 1 Jul, 1 Oct or 1 Jan), and 1 Aug 2008 is not: "
                                 "write the quarter as text, e.g. Q2 2008/09 (2008-08-01)"),
    "Excel's day 1": ("BV78a", datetime(1900, 1, 1), "row 2, column period: '1900-01-01' is outside the years the "
                      "dashboard covers: financial years 1990/91 to 2099/2100 (1900-01-01)"),
}


@pytest.mark.parametrize("case", list(DATE_CELLS))
def test_a_date_cell_stands_for_a_period_only_on_its_first_day(council, case):
    code, day, expected = DATE_CELLS[case]
    target = "10-15" if code.startswith("PAF") else 1
    rows = [[(code, None), (day, "DD/MM/YYYY"), (12, None), (target, None), (None, None), (None, None)]]
    content = _formatted_xlsx(VALUES_HEADER, rows)
    if expected is None:
        assert load(council, content, "values.xlsx").added == 1
        with Session(council) as session:
            assert session.scalar(select(Value.actual).join(Indicator).where(
                Indicator.code == code, Value.period_start == day.date())) == 12
        return
    before = snapshot(council)
    with pytest.raises(ImportRejected) as refused:
        load(council, content, "values.xlsx")
    assert [str(p) for p in refused.value.problems] == [expected]
    assert snapshot(council) == before


FIXTURES = Path(__file__).parent / "fixtures" / "libreoffice"


def test_workbooks_libreoffice_made_from_typed_percentages_load_as_typed(council):
    """LibreOffice 7.4 turned CSVs typed with `10.8%`, `5%` and `Apr 2007` into workbooks (see the README there)."""
    load_file(council, FIXTURES / "definitions-en-GB.xlsx")
    load_file(council, FIXTURES / "actions-en-GB.xlsx", as_of=date(2006, 9, 30))
    report = load_file(council, FIXTURES / "values-en-GB.xlsx")
    assert report.added == 4
    with Session(council) as session:
        bv9 = session.scalars(select(Indicator).where(Indicator.code == "BV9")).one()
        assert (bv9.tolerance, bv9.tolerance_is_percent) == (5.0, True)
        assert session.execute(select(Value.period_start, Value.actual, Value.target_low)
                               .where(Value.indicator_id == bv9.id, Value.period_start >= date(2007, 4, 1))
                               .order_by(Value.period_start)).all() == [(date(2007, 4, 1), 10.8, 11.0),
                                                                        (date(2007, 5, 1), 12.5, 11.0)]
        assert session.scalar(select(Value.actual).where(Value.period_start == date(2007, 6, 1))) == -5.0
        plan = session.scalars(select(Action).where(Action.ref == "REM-7")).one()
        assert (plan.progress, plan.start, plan.due) == (25.0, date(2006, 7, 1), date(2007, 6, 30))


def test_a_month_libreoffice_read_the_us_way_is_refused(council):
    """Typed `01/05/2007` (1 May) into a US-English LibreOffice: it holds 5 Jan 2007."""
    before = snapshot(council)
    with pytest.raises(ImportRejected) as refused:
        load_file(council, FIXTURES / "values-en-US.xlsx")
    assert [str(p) for p in refused.value.problems] == [
        "row 3, column period: a date cell must be the first day of the month: 5 Jan 2007 may be 1 May 2007 read in "
        "another locale; write the month as text (May 2007 or Jan 2007) (2007-01-05)"]
    assert snapshot(council) == before


WORKBOOK_CELLS = {
    "1E999 in a number cell": ({b"<v>424242</v>": b"<v>1E999</v>"}, f"row 2, column actual: {TOO_LARGE} (inf)"),
    "-1E999 in a number cell": ({b"<v>424242</v>": b"<v>-1E999</v>"}, f"row 2, column actual: {TOO_LARGE} (-inf)"),
    "a number of 400 digits": ({b"<v>424242</v>": f"<v>{HUGE}</v>".encode()},
                               f"row 2, column actual: {TOO_LARGE} (a number of about 400 digits)"),
    "a C1 control by reference": ({b"PLACEHOLDER": b"BV78a&#x9b;"}, "row 2, column indicator: contains an "
                                  "invisible control character (U+009B): remove it (BV78a\\x9b)"),
    "DEL by reference": ({b"PLACEHOLDER": b"BV&#x7f;78a"}, "row 2, column indicator: contains an invisible "
                         "control character (U+007F): remove it (BV\\x7f78a)"),
}


@pytest.mark.parametrize("case", list(WORKBOOK_CELLS))
def test_a_hostile_workbook_cell_is_a_problem_at_its_row_and_column(council, case):
    changes, expected = WORKBOOK_CELLS[case]
    content = _patched(xlsx_bytes(VALUES_HEADER, [["PLACEHOLDER", "Jul 2006", 424242, 33, None, None]]),
                       {b"PLACEHOLDER": b"BV78a"} | changes)
    before = snapshot(council)
    with pytest.raises(ImportRejected) as refused:
        load(council, content, "values.xlsx")
    assert [str(p) for p in refused.value.problems] == [expected]
    assert snapshot(council) == before


def test_parse_number_refuses_what_no_file_should_hold():
    for cell in (math.nan, math.inf, -math.inf, 10 ** 400, -(10 ** 400), 2e12, True):
        with pytest.raises(ValueError, match=r"not a number|too large"):
            parse_number(cell)


DAMAGED_WORKBOOKS = {
    "a style that does not exist": ({b'<c r="C2"': b'<c s="999" r="C2"'}, "values.xlsx is damaged: row 2 of sheet "
                                    "'Sheet1' cannot be read (IndexError)"),
    "XML broken half way": ({b"</sheetData>": b"<row r="}, "values.xlsx is damaged: row 3 of sheet 'Sheet1' cannot "
                            "be read"),
    "a date that is not a date": ({b'<c r="B2" t="inlineStr"><is><t>Jul 2006</t></is></c>':
                                   b'<c r="B2" t="d"><v>the first of July</v></c>'},
                                  "values.xlsx is damaged: row 2 of sheet 'Sheet1' cannot be read (ValueError)"),
    "a number that is not a number": ({b"<v>424242</v>": b"<v>NaN</v>"}, "values.xlsx is damaged: row 2 of sheet "
                                      "'Sheet1' cannot be read (ValueError)"),
    "styles that are not XML": ({b"<styleSheet": b"<styleSheet <<"}, "values.xlsx is damaged: it cannot be read as an "
                                "Excel workbook"),
}


@pytest.mark.parametrize("case", list(DAMAGED_WORKBOOKS))
def test_a_damaged_workbook_is_one_sentence(council, case, recwarn):
    changes, sentence = DAMAGED_WORKBOOKS[case]
    content = _patched(xlsx_bytes(VALUES_HEADER, [["BV78a", "Jul 2006", 424242, 33, None, None]]), changes)
    assert content != xlsx_bytes(VALUES_HEADER, [["BV78a", "Jul 2006", 424242, 33, None, None]])
    before = snapshot(council)
    with pytest.raises(UnreadableFile) as refused:
        load(council, content, "values.xlsx")
    assert str(refused.value).startswith(sentence)
    assert "\n" not in str(refused.value)
    assert snapshot(council) == before
    assert not [w for w in recwarn if "openpyxl" in str(w.filename)]  # nothing printed besides the sentence


def test_a_file_over_the_limit_is_refused_before_it_is_read(council, tmp_path, monkeypatch):
    big = tmp_path / "values.csv"
    with big.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)  # sparse: it takes no disk, and reading it would take 51 MB of memory

    def no_reading(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    with pytest.raises(UnreadableFile, match=r"values\.csv is 51 MB: the limit is 50 MB"):
        load_file(council, big)


def test_a_load_records_the_hash_of_the_bytes_it_read(engine, tmp_path):
    path = tmp_path / "definitions.csv"
    path.write_bytes(csv_bytes(DEFINITIONS_HEADER, DEFINITIONS))
    load_file(engine, path)
    with Session(engine) as session:
        assert session.scalar(select(ImportBatch.sha256)) == hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize(
    ("make", "sentence"),
    [
        (lambda folder: folder, "is a folder, not a file"),
        (lambda folder: folder / "missing.csv", "missing.csv: there is no such file"),
    ],
)
def test_a_path_that_is_no_file_is_one_sentence(council, tmp_path, make, sentence):
    with pytest.raises(UnreadableFile, match=sentence):
        load_file(council, make(tmp_path))


@pytest.mark.parametrize("typed", ["Backlog\r\ncleared", "Backlog\rcleared", "Backlog\ncleared"])
def test_a_notes_line_breaks_are_stored_one_way(council, typed):
    """A note saved by Windows (CRLF) and the same note back through .xlsx (LF only) are the same note."""
    load_file(council, csv_bytes(VALUES_HEADER, [["BV78a", "Jan 2007", "30", "33", typed, ""]]), filename="v.csv")
    with Session(council) as session:
        assert session.scalars(select(Value.note).where(Value.period_start == date(2007, 1, 1))).all() == \
            ["Backlog\ncleared"]
    again = load_file(council, xlsx_bytes(VALUES_HEADER, [["BV78a", "Jan 2007", 30, 33, "Backlog\ncleared", ""]]),
                      filename="v.xlsx")
    assert (again.added, again.changed) == (0, 0)


# --- checking without a database: rows in, problems and a plan out ------------------------------------


def _checked_rows(kind: str, header: list[str], *lines: list[object]):
    """A file's rows as the checks get them: read and parsed (no cell may have a problem of its own)."""
    problems: list = []
    rows = _parse_rows(read_table(csv_bytes(header, list(lines)), "file.csv"), FileKind(kind), problems)
    assert problems == []
    return rows


MEASURED = {"BV78a": Measured(1, "BV78a", "monthly", "lower"), "PAF A3": Measured(2, "PAF A3", "quarterly", "band")}

VALUE_CHECKS = {
    "a good row": ([["BV78a", "Apr 2006", "41", "33", "", ""]], [],
                   [PlannedValue(1, date(2006, 4, 1), (41.0, 33.0, 33.0, None, "validated"))]),
    "a band's range": ([["PAF A3", "Q1 2006/07", "", "10-15", "", "provisional"]], [],
                       [PlannedValue(2, date(2006, 4, 1), (None, 10.0, 15.0, None, "provisional"))]),
    "an unknown code": ([["BV999", "Apr 2006", "1", "", "", ""]],
                        ["row 2, column indicator: unknown indicator code: define it in a definitions file first "
                         "(BV999)"], []),
    "a near miss": ([["bv 78A", "Apr 2006", "1", "", "", ""]],
                    ["row 2, column indicator: unknown indicator code: did you mean BV78a? (bv 78A)"], []),
    "a period of another frequency": (
        [["PAF A3", "Apr 2006", "12", "", "", ""]],
        ["row 2, column period: Apr 2006 is a monthly period but PAF A3 is quarterly: expected Q3 2006/07 (or "
         "2006/07 Q3, 2006-07 Q3) (Apr 2006)"], []),
    "a period twice, written two ways": (
        [["BV78a", "Apr 2006", "41", "", "", ""], ["BV78a", "2006-04", "40", "", "", ""]],
        ["row 3, column period: duplicate of row 2 (BV78a Apr 2006)"],
        [PlannedValue(1, date(2006, 4, 1), (41.0, None, None, None, "validated"))]),
    "a range for a one-way indicator": (
        [["BV78a", "Apr 2006", "41", "30-35", "", ""]],
        ["row 2, column target: a range is only for band indicators; BV78a is 'lower' (30-35)"],
        [PlannedValue(1, date(2006, 4, 1), (41.0, 30.0, 35.0, None, "validated"))]),
    "one figure for a band": (
        [["PAF A3", "Q1 2006/07", "12", "15", "", ""]],
        ["row 2, column target: PAF A3 is a band indicator: its target is a range such as 10-15 (15.0)"],
        [PlannedValue(2, date(2006, 4, 1), (12.0, 15.0, 15.0, None, "validated"))]),
}


@pytest.mark.parametrize("case", list(VALUE_CHECKS))
def test_a_values_files_rows_are_checked_against_the_indicators_they_name(case):
    lines, expected, plan = VALUE_CHECKS[case]
    problems, planned = check_values(_checked_rows("values", VALUES_HEADER, *lines), MEASURED, ["BV78a", "PAF A3"])
    assert [str(p) for p in problems] == expected
    assert planned == plan


KNOWN_NAMES = KnownNames({"resources": "Resources", "environment": "Environment"}, {"efficient council"},
                         {"BV78a", "BV9"})


def _action_line(**changes: str) -> list[object]:
    row = dict(zip(ACTIONS_HEADER, ACTIONS[0], strict=True))
    row.update(changes)
    return list(row.values())


ACTION_CHECKS = {
    "a good row": (ACTIONS_HEADER, [_action_line(directorate="RESOURCES", indicators="BV78a; BV9")], []),
    "an unknown directorate": (ACTIONS_HEADER, [_action_line(directorate="Finance")],
                               ["row 2, column directorate: unknown directorate (known: Environment; Resources) "
                                "(Finance)"]),
    "an unknown priority": (ACTIONS_HEADER, [_action_line(priority="Growth")],
                            ["row 2, column priority: unknown priority: priorities come from the definitions file "
                             "(Growth)"]),
    "an unknown indicator": (ACTIONS_HEADER, [_action_line(indicators="BV78a; NI 1")],
                             ["row 2, column indicators: unknown indicator code (NI 1)"]),
    "a remedial action naming no indicator": (
        ACTIONS_HEADER, [_action_line(indicators="")],
        ["row 2, column indicators: a remedial action names the indicators it is meant to move"]),
    "a remedial action in a file without indicators": (
        [c for c in ACTIONS_HEADER if c != "indicators"],
        [[cell for c, cell in zip(ACTIONS_HEADER, _action_line(), strict=True) if c != "indicators"]],
        ["row 2, column indicators: a remedial action names the indicators it is meant to move: add an "
         "indicators column"]),
    "due before its start": (ACTIONS_HEADER, [_action_line(due="2006-06-30")],
                             ["row 2, column due: due before its start (2006-07-01) (2006-06-30)"]),
    "due on its start day": (ACTIONS_HEADER, [_action_line(due="2006-07-01")], []),
    "completed before its start": (ACTIONS_HEADER, [_action_line(completed="2006-01-31")],
                                   ["row 2, column completed: completed before its start (2006-07-01) "
                                    "(2006-01-31)"]),
    "a ref twice, whatever its case": (ACTIONS_HEADER, [_action_line(), _action_line(ref="rem-1")],
                                       ["row 3, column ref: duplicate of row 2 (rem-1)"]),
}


@pytest.mark.parametrize("case", list(ACTION_CHECKS))
def test_an_actions_files_rows_are_checked_against_the_names_they_use(case):
    header, lines, expected = ACTION_CHECKS[case]
    problems, plan = check_actions(_checked_rows("actions", header, *lines), KNOWN_NAMES, set(header))
    assert [str(p) for p in problems] == expected
    assert [action.ref for action in plan] == [line[0] for line in lines]  # every row, in the file's order


def test_an_actions_plan_holds_names_as_matched_and_only_known_indicators():
    rows = _checked_rows("actions", ACTIONS_HEADER,
                         _action_line(directorate="RESOURCES", priority="Efficient Council", indicators="BV9; NI 1"))
    _, [planned] = check_actions(rows, KNOWN_NAMES, set(ACTIONS_HEADER))
    assert (planned.directorate, planned.priority, planned.indicators) == ("resources", "efficient council", ("BV9",))
    assert (planned.start, planned.due, planned.progress) == (date(2006, 7, 1), date(2007, 6, 30), 25.0)


KNOWN_INDICATORS = {"BV78a": KnownIndicator("BV78a", "monthly", True), "BV9": KnownIndicator("BV9", "monthly", False)}

DEFINITION_CHECKS = {
    "a new indicator": ([["NI 1", "T", "Resources", "", "", "", "%", "higher", "annual", "", "", "", "", ""]], []),
    "a frequency changed under values": (
        [["BV78a", "T", "Resources", "", "", "", "days", "lower", "quarterly", "", "", "", "", ""]],
        ["row 2, column frequency: BV78a already has monthly values: its frequency cannot change (define a new "
         "indicator instead) (quarterly)"]),
    "a frequency changed before any value": (
        [["BV9", "T", "Resources", "", "", "", "%", "higher", "quarterly", "", "", "", "", ""]], []),
    "a code twice, whatever its case": (
        [["NI 1", "T", "Resources", "", "", "", "%", "higher", "annual", "", "", "", "", ""],
         ["ni 1", "T", "Resources", "", "", "", "%", "higher", "annual", "", "", "", "", ""]],
        ["row 3, column code: duplicate of row 2 (ni 1)"]),
}


@pytest.mark.parametrize("case", list(DEFINITION_CHECKS))
def test_a_definitions_files_rows_are_checked_against_the_indicators_defined(case):
    lines, expected = DEFINITION_CHECKS[case]
    problems, plan = check_definitions(_checked_rows("definitions", DEFINITIONS_HEADER, *lines), KNOWN_INDICATORS)
    assert [str(p) for p in problems] == expected
    assert [d.code for d in plan] == [line[0] for line in lines]


def test_a_definitions_plan_holds_each_row_as_read():
    rows = _checked_rows("definitions", DEFINITIONS_HEADER, DEFINITIONS[0])
    [definition] = check_definitions(rows, {})[1]
    assert definition == Definition.of(rows[0][1])
    assert definition.code == DEFINITIONS[0][0] and definition.frequency == DEFINITIONS[0][8]


NOW = datetime(2007, 1, 1, 9, 0)
STORED = SimpleNamespace(id=7, actual=41.0, target_low=33.0, target_high=33.0, note="Backlog", status="validated",
                         recorded_at=datetime(2006, 5, 1))
ALL_VALUE_COLUMNS = set(VALUES_HEADER)

VALUE_COMPARISONS = {
    "a new value": ((None, 33.0, 33.0, None, "validated"), ALL_VALUE_COLUMNS, (1, 0, 0)),
    "the same value": ((41.0, 33.0, 33.0, "Backlog", "validated"), ALL_VALUE_COLUMNS, (0, 0, 1)),
    "the same value, as a float reads it": ((41.00000000000001, 33.0, 33.0, "Backlog", "validated"),
                                            ALL_VALUE_COLUMNS, (0, 0, 1)),
    "a changed actual": ((40.0, 33.0, 33.0, "Backlog", "validated"), ALL_VALUE_COLUMNS, (0, 1, 0)),
    "a blank note where there was one": ((41.0, 33.0, 33.0, None, "validated"), ALL_VALUE_COLUMNS, (0, 1, 0)),
    "columns left out keep what is stored": ((41.0, None, None, None, "validated"), {"indicator", "period", "actual"},
                                             (0, 0, 1)),
}


@pytest.mark.parametrize("case", list(VALUE_COMPARISONS))
def test_a_planned_value_is_new_changed_or_unchanged(case):
    state, columns, expected = VALUE_COMPARISONS[case]
    existing = {} if case == "a new value" else {(1, date(2006, 4, 1)): STORED}
    changes = compare_values([PlannedValue(1, date(2006, 4, 1), state)], existing, columns, NOW)
    assert (len(changes.new), len(changes.changed), changes.unchanged) == expected
    assert len(changes.history) == len(changes.changed)
    for old in changes.history:  # what a change replaces goes to the history, as it was
        assert old == {"actual": 41.0, "target_low": 33.0, "target_high": 33.0, "note": "Backlog",
                       "status": "validated", "indicator_id": 1, "period_start": date(2006, 4, 1),
                       "recorded_at": datetime(2006, 5, 1), "replaced_at": NOW}


PLANNED = PlannedAction("REM-1", "T", "remedial", "resources", None, ("BV78a",), None, date(2006, 7, 1),
                        date(2007, 6, 30), None, None, "Started")
PROGRESS = {
    "the file's report": (PLANNED, (20.0, None, "Earlier"), set(ACTIONS_HEADER), (0.0, None, "Started")),
    "a first report with no progress column": (PLANNED, None, {"ref", "note"}, (0.0, None, "Started")),
    "columns left out carry the previous report": (PLANNED, (20.0, date(2006, 9, 1), "Earlier"), {"ref", "note"},
                                                   (20.0, date(2006, 9, 1), "Started")),
}


@pytest.mark.parametrize("case", list(PROGRESS))
def test_the_progress_a_file_reports(case):
    planned, previous, columns, expected = PROGRESS[case]
    assert reported_progress(planned, previous, columns) == expected


def test_each_kind_of_file_is_told_by_its_columns_and_named_as_before():
    assert KINDS == ("definitions", "values", "actions")
    assert [infer_kind(header) for header in (DEFINITIONS_HEADER, VALUES_HEADER, ACTIONS_HEADER, ["x"])] == \
        [FileKind.DEFINITIONS, FileKind.VALUES, FileKind.ACTIONS, None]
    assert list(COLUMNS["values"]) == VALUES_HEADER  # COLUMNS answers to the kind's plain name too
