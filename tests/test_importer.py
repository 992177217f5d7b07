"""The importer (FORMATS.md §1-§4) on SQLite and PostgreSQL: good files load, every kind of bad file is
refused with the row and column named and the database unchanged, and loading twice changes nothing."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime

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

from data.importer import ImportRejected, load_file
from data.models import Action, ActionUpdate, ImportBatch, Indicator, Priority, Value, ValueHistory
from data.tables import UnreadableFile


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
