"""Exports through the command line as an officer uses them: safe in a spreadsheet, numbers kept as numbers,
and the values export loading straight back with nothing changed."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import pytest
from helpers import ACTIONS, ACTIONS_HEADER, DEFINITIONS, DEFINITIONS_HEADER, VALUES, VALUES_HEADER, csv_bytes
from openpyxl import load_workbook

from dashboard.cli import main
from data.answers import (
    NO_FILTERS,
    Choices,
    Figure,
    Grid,
    GridCell,
    GridColumn,
    GridRow,
    IndicatorFacts,
    LateReturn,
    ScorecardRow,
    UnderPerformer,
)
from data.demo import NOTICE
from data.export import action_rows, exception_rows, grid_table, reasons_text, scorecard_rows, to_csv
from data.importer import load_file
from data.periods import Frequency, parse_period
from data.rules import Direction, Polarity, Rating, Reason, Tolerance, roll_up
from data.store import Store

# Figures and text that have gone wrong in spreadsheets before; none of it starts like a formula.
AWKWARD_VALUES = [
    ["BV78a", "Jul 2006", "-3.25", "33", "£5 saved a claim – café naïve «Ünïcode» 😀", ""],
    ["BV78a", "Aug 2006", "", "33", "line\nbreak, \"quoted\", and a comma", "provisional"],
    ["BV78a", "Sep 2006", "1000000000000", "0.0000001", "'quoted' already", ""],
    ["BV9", "May 2006", "-1,000,000,000,000", "-0.5", "#N/A", ""],
    ["BV9", "Jun 2006", "0.1", "1,234,567.25", "Ümlaut first", "validated"],
    ["PAF A3 (NI 65)", "Q3 2006/07", "-1.5", "0.5 to 2.75", "", ""],
]
# Text that a spreadsheet would run as a formula: a CSV cell gets a leading apostrophe for it.
FORMULA_LIKE = [
    ["CPR-RATE", "Jan 2007", "26", "", "=SUM(A1)", ""],
    ["CPR-RATE", "Feb 2007", "27", "", "-3 days", ""],
    ["CPR-RATE", "Mar 2007", "28", "", "+NI 999", ""],
    ["CPR-RATE", "Apr 2007", "29", "", "@x", ""],
    ["PAF A3 (NI 65)", "Q4 2006/07", "-6", "-5--2", "=1+1", ""],
]


def url_of(engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def cli(capsys, engine, *args: str) -> tuple[int, str, str]:
    """Run the command line against `engine`'s database: exit code, standard output and error."""
    code = main(["--database-url", url_of(engine), *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def council(engine, *extra: list[str]) -> None:
    """The small council of tests/helpers.py, with `extra` values rows."""
    load_file(engine, csv_bytes(DEFINITIONS_HEADER, DEFINITIONS), filename="definitions.csv")
    load_file(engine, csv_bytes(VALUES_HEADER, VALUES + list(extra)), filename="values.csv")


def csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf"), "a UTF-8 byte-order mark, for Excel"
    return list(csv.reader(io.StringIO(content[3:].decode("utf-8"), newline="")))


def xlsx_rows(content: bytes, sheet: str) -> list[tuple]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    assert workbook.sheetnames == [sheet]
    rows = list(workbook[sheet].iter_rows(values_only=True))
    workbook.close()
    return rows


def export_then_import(capsys, engine, path: Path, *export_args: str) -> str:
    """Export the values to `path`, load the file straight back, and give what the import said."""
    code, _, err = cli(capsys, engine, "export", "values", "-o", str(path), *export_args)
    assert code == 0, err
    code, out, err = cli(capsys, engine, "import", str(path))
    assert code == 0, err
    return out


# --- the values export: what it writes -----------------------------------------------------------------------


def test_values_export_writes_the_values_file_columns_in_canonical_form(capsys, engine):
    council(engine)
    code, out, err = cli(capsys, engine, "export", "values")
    assert (code, err) == (0, "")
    assert out.startswith("\ufeff")
    assert list(csv.reader(io.StringIO(out[1:]))) == [
        VALUES_HEADER,
        ["BV78a", "Apr 2006", "41", "33", "Backlog after system change", "validated"],
        ["BV78a", "May 2006", "38", "33", "", "validated"],
        ["BV78a", "Jun 2006", "31.5", "33", "", "provisional"],
        ["BV9", "Apr 2006", "10.8", "11", "", "validated"],
        ["CPR-RATE", "Dec 2006", "26", "", "", "validated"],
        ["NI 171", "2006/07", "1234", "1200", "", "validated"],
        ["PAF A3 (NI 65)", "Q1 2006/07", "12", "10-15", "", "validated"],
        ["PAF A3 (NI 65)", "Q2 2006/07", "16.2", "10-15", "", "validated"],
    ]


# a row's actual and status as loaded, and the status the export writes: a status qualifies a figure
STATUS_WRITTEN = {
    "a figure, status left blank": ("38", "", "validated"),
    "a figure, provisional": ("38", "provisional", "provisional"),
    "a figure, validated": ("38", "validated", "validated"),
    "a target alone, status left blank (stored as the default)": ("", "", ""),
    "a target alone, validated (stored as the default would be)": ("", "validated", ""),
    "a target alone, provisional (said outright)": ("", "provisional", "provisional"),
}


@pytest.mark.parametrize("case", list(STATUS_WRITTEN))
def test_a_row_without_an_actual_carries_no_invented_status(capsys, engine, tmp_path, case):
    actual, status, written = STATUS_WRITTEN[case]
    council(engine, ["BV78a", "Jul 2006", actual, "33", "", status])
    code, out, _ = cli(capsys, engine, "export", "values", "--indicator", "BV78a", "--from", "Jul 2006")
    assert code == 0
    assert csv_rows(out.encode())[1:] == [["BV78a", "Jul 2006", actual, "33", "", written]]
    path = tmp_path / "values.csv"
    assert export_then_import(capsys, engine, path, "--indicator", "BV78a").splitlines()[1].startswith(
        "Nothing changed")


def test_values_xlsx_has_a_values_sheet_with_numbers_as_numbers(capsys, engine, tmp_path):
    council(engine, ["NI 171", "2007/08", "", "1300", "", ""])
    path = tmp_path / "values.xlsx"
    code, _, err = cli(capsys, engine, "export", "values", "--indicator", "NI 171", "-o", str(path))
    assert code == 0
    assert err == f"Wrote 2 rows to {path}\n"
    assert xlsx_rows(path.read_bytes(), "values") == [
        tuple(VALUES_HEADER),
        ("NI 171", "2006/07", 1234, 1200, None, "validated"),
        ("NI 171", "2007/08", None, 1300),  # a target alone: the actual, and so its status, blank (a row ends at
                                            # its last cell with something in it)
    ]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--indicator", "BV78a"], ["BV78a Apr 2006", "BV78a May 2006", "BV78a Jun 2006"]),
        (["--indicator", "paf a3  (NI 65)"], ["PAF A3 (NI 65) Q1 2006/07", "PAF A3 (NI 65) Q2 2006/07"]),
        (["--from", "Jun 2006"], ["BV78a Jun 2006", "CPR-RATE Dec 2006", "PAF A3 (NI 65) Q2 2006/07"]),
        # a period belongs when it starts within --from's start and --to's end: 2006/07 starts in April
        (["--to", "Q1 2006/07"], ["BV78a Apr 2006", "BV78a May 2006", "BV78a Jun 2006", "BV9 Apr 2006",
                                  "NI 171 2006/07", "PAF A3 (NI 65) Q1 2006/07"]),
        (["--from", "July 2006", "--to", "2006-11"], ["PAF A3 (NI 65) Q2 2006/07"]),
        (["--from", "2006/2007", "--to", "2006/07", "--indicator", "CPR-RATE"], ["CPR-RATE Dec 2006"]),
        (["--from", "2007/08"], []),
    ],
)
def test_values_export_chooses_by_indicator_and_period(capsys, engine, args, expected):
    council(engine)
    code, out, err = cli(capsys, engine, "export", "values", *args)
    assert code == 0, err
    assert [f"{row[0]} {row[1]}" for row in csv_rows(out.encode())[1:]] == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--indicator", "XYZ 1"], "--indicator: no indicator has the code 'XYZ 1': the codes are as in the "
                                   "definitions file"),
        (["--indicator", "BV78"], "--indicator: no indicator has the code 'BV78': did you mean BV78a?"),
        (["--from", "2006-07"], "--from: '2006-07' could be Jul 2006 or 2006/07: write it as one of those"),
        (["--to", "soon"], "--to: not a period"),
        (["--from", "Q2 2006/07", "--to", "Jun 2006"], "--from Q2 2006/07 is after --to Jun 2006"),
    ],
)
def test_a_mistyped_values_export_exits_2_and_writes_nothing(capsys, engine, tmp_path, args, message):
    council(engine)
    path = tmp_path / "values.csv"
    code, out, err = cli(capsys, engine, "export", "values", *args, "-o", str(path))
    assert code == 2
    assert out == ""
    assert f"error: {message}" in err
    assert "usage:" in err
    assert not path.exists()


# --- the round trip ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_values_exported_load_straight_back_with_nothing_changed(capsys, engine, tmp_path, suffix):
    council(engine, *AWKWARD_VALUES)
    said = export_then_import(capsys, engine, tmp_path / f"values{suffix}")
    assert said.splitlines()[-1] == "Nothing changed: all 14 values were already loaded as they are."
    code, again, _ = cli(capsys, engine, "export", "values")
    assert code == 0
    rows = csv_rows(again.encode())
    assert rows[1:4] == [["BV78a", "Apr 2006", "41", "33", "Backlog after system change", "validated"],
                         ["BV78a", "May 2006", "38", "33", "", "validated"],
                         ["BV78a", "Jun 2006", "31.5", "33", "", "provisional"]]
    assert rows[4:7] == [
        ["BV78a", "Jul 2006", "-3.25", "33", "£5 saved a claim – café naïve «Ünïcode» 😀", "validated"],
        ["BV78a", "Aug 2006", "", "33", "line\nbreak, \"quoted\", and a comma", "provisional"],
        ["BV78a", "Sep 2006", "1000000000000", "0.0000001", "'quoted' already", "validated"]]
    assert rows[8][:5] == ["BV9", "May 2006", "-1000000000000", "-0.5", "#N/A"]
    assert rows[9][:4] == ["BV9", "Jun 2006", "0.1", "1234567.25"]
    assert rows[-1][:4] == ["PAF A3 (NI 65)", "Q3 2006/07", "-1.5", "0.5-2.75"]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_text_that_looks_like_a_formula_loads_back_as_it_was(capsys, engine, tmp_path, suffix):
    council(engine, *FORMULA_LIKE)
    said = export_then_import(capsys, engine, tmp_path / f"values{suffix}")
    assert said.splitlines()[-1] == "Nothing changed: all 13 values were already loaded as they are."


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_a_correction_made_in_the_exported_file_is_loaded(capsys, engine, tmp_path, suffix):
    council(engine)
    path = tmp_path / f"values{suffix}"
    cli(capsys, engine, "export", "values", "--indicator", "BV78a", "-o", str(path))
    rows = csv_rows(path.read_bytes()) if suffix == ".csv" else [list(r) for r in xlsx_rows(path.read_bytes(),
                                                                                            "values")]
    rows[3][2], rows[3][4] = 30.5, "Corrected: June was keyed twice"  # Jun 2006
    path.write_bytes(csv_bytes(rows[0], rows[1:]) if suffix == ".csv" else _workbook(rows))
    code, out, err = cli(capsys, engine, "import", str(path))
    assert code == 0, err
    assert "Added 0, changed 1, unchanged 2 values." in out
    _, after, _ = cli(capsys, engine, "export", "values", "--indicator", "BV78a", "--from", "Jun 2006")
    assert csv_rows(after.encode())[1] == ["BV78a", "Jun 2006", "30.5", "33", "Corrected: June was keyed twice",
                                           "provisional"]


def _workbook(rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "values"
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("output_format", ["csv", "xlsx"])
def test_the_demo_councils_values_load_back_unchanged(capsys, demo, tmp_path, output_format):
    path = tmp_path / f"values.{output_format}"
    code, _, err = cli(capsys, demo.engine, "export", "values", "-o", str(path))
    assert code == 0, err
    code, out, err = cli(capsys, demo.engine, "import", str(path), "--dry-run")  # the demo is shared: store nothing
    assert code == 0, err
    assert re.search(r"It would add 0, would change 0 and leave \d{4} values unchanged\.", out), out


# --- safe in a spreadsheet, numbers kept -------------------------------------------------------------------

RISKY_TITLES = {"BV78a": "=1+1", "BV9": "+NI 999", "NI 171": "@x", "CPR-RATE": "-x",
                "PAF A3 (NI 65)": "£5 – naïve 😀"}


def risky_council(engine) -> None:
    """Titles a spreadsheet would run as formulas, and figures that are negative or very large."""
    definitions = [[row[0], RISKY_TITLES[row[0]], *row[2:]] for row in DEFINITIONS]
    load_file(engine, csv_bytes(DEFINITIONS_HEADER, definitions), filename="definitions.csv")
    load_file(engine, csv_bytes(VALUES_HEADER, [
        ["BV78a", "Apr 2006", "-5", "-2.5", "", ""], ["BV9", "Apr 2006", "1000000000000", "", "", ""],
        ["NI 171", "2006/07", "123456789012.5", "", "", ""], ["CPR-RATE", "Dec 2006", "-0.25", "", "", ""],
        ["PAF A3 (NI 65)", "Q1 2006/07", "£5", "-1-2", "", ""]]), filename="values.csv")


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        (-5, "-5"), (-5.0, "-5"), (-0.25, "-0.25"), (1e12, "1000000000000"), (1e16, "10000000000000000"),
        (1e-7, "0.0000001"), (0.1 + 0.2, "0.30000000000000004"), (float("nan"), ""), (None, ""),
        ("-5", "'-5"), ("=1+1", "'=1+1"), ("+NI 999", "'+NI 999"), ("@x", "'@x"), ("\tx", "'\tx"),
        ("\rx", "'\rx"), ("£5", "£5"), ("'=x", "'=x"), (date(2006, 4, 1), "2006-04-01"),
    ],
)
def test_a_csv_cell_is_written_in_full_and_only_text_is_neutralised(cell, written):
    assert csv_rows(to_csv(["a"], [[cell]])) == [["a"], [written]]


def test_csv_neutralises_only_text_and_keeps_numbers_as_numbers(capsys, engine):
    risky_council(engine)
    code, out, _ = cli(capsys, engine, "export", "scorecard")
    assert code == 0
    rows = {row[0]: row for row in csv_rows(out.encode())[1:]}
    assert {code: (row[1], row[4], row[5]) for code, row in rows.items()} == {
        "BV78a": ("'=1+1", "-5", "-2.5"),
        "BV9": ("'+NI 999", "1000000000000", ""),
        "CPR-RATE": ("'-x", "-0.25", ""),
        "NI 171": ("'@x", "123456789012.5", ""),
        "PAF A3 (NI 65)": ("£5 – naïve 😀", "5", "'-1-2"),  # a range is text: it could be read as a sum
    }


def test_xlsx_holds_text_as_text_and_numbers_as_numbers(capsys, engine, tmp_path):
    risky_council(engine)
    path = tmp_path / "scorecard.xlsx"
    assert cli(capsys, engine, "export", "scorecard", "-o", str(path))[0] == 0
    rows = {row[0]: row for row in xlsx_rows(path.read_bytes(), "scorecard")[1:]}
    assert {code: (row[1], row[4], row[5]) for code, row in rows.items()} == {
        "BV78a": ("=1+1", -5, -2.5),
        "BV9": ("+NI 999", 1000000000000, None),
        "CPR-RATE": ("-x", -0.25, None),
        "NI 171": ("@x", 123456789012.5, None),
        "PAF A3 (NI 65)": ("£5 – naïve 😀", 5, "-1-2"),
    }


def test_the_xlsx_sheet_has_no_formulas_and_no_apostrophes(capsys, engine, tmp_path):
    risky_council(engine)
    path = tmp_path / "scorecard.xlsx"
    assert cli(capsys, engine, "export", "scorecard", "-o", str(path))[0] == 0
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
        styles = archive.read("xl/styles.xml").decode("utf-8")
    assert "<f>" not in sheet and "<f " not in sheet
    texts = re.findall(r'<c r="B\d+"(?: s="(\d+)")? t="inlineStr"><is><t>([^<]*)</t>', sheet)
    assert sorted(text for _, text in texts) == sorted(["title", *RISKY_TITLES.values()])
    assert not any(text.startswith("'") for _, text in texts)
    # Excel's own mark for "typed as text", so that editing the cell does not turn it into a formula
    quoted = [int(style) for style, text in texts if text[0] in "=+-@"]
    xfs = re.findall(r"<xf [^>]*>", styles.split("<cellXfs", 1)[1].split("</cellXfs>", 1)[0])
    assert len(quoted) == 4 and all('quotePrefix="1"' in xfs[style] for style in quoted)


def test_an_error_code_as_text_stays_text_in_xlsx(capsys, engine, tmp_path):
    council(engine, ["BV9", "May 2006", "1", "", "#N/A", ""])
    path = tmp_path / "values.xlsx"
    assert cli(capsys, engine, "export", "values", "--indicator", "BV9", "-o", str(path))[0] == 0
    with zipfile.ZipFile(path) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert 't="e"' not in sheet
    assert xlsx_rows(path.read_bytes(), "values")[2][4] == "#N/A"


@pytest.mark.parametrize("what", [["scorecard"], ["values"], ["exceptions", "--period", "Q2 2006/07"],
                                  ["actions", "--as-of", "2006-12-01"], ["grid", "--period", "Dec 2006"]])
def test_standard_output_is_the_file_byte_for_byte(capsysbinary, engine, tmp_path, what):
    council(engine, ["BV78a", "Jul 2006", "-1", "33", "£ – ü", ""])
    path = tmp_path / "out.csv"
    assert main(["--database-url", url_of(engine), "export", *what, "-o", str(path)]) == 0
    capsysbinary.readouterr()
    assert main(["--database-url", url_of(engine), "export", *what]) == 0
    out = capsysbinary.readouterr().out
    assert out == path.read_bytes()
    assert out.startswith("\ufeff".encode()) and out.endswith(b"\r\n")


@pytest.mark.parametrize("output_format", ["csv", "xlsx"])
def test_a_missing_owner_is_blank_and_dates_stay_dates(capsys, engine, tmp_path, output_format):
    council(engine)
    load_file(engine, csv_bytes(ACTIONS_HEADER, ACTIONS), filename="actions.csv", as_of=date(2006, 11, 30))
    path = tmp_path / f"actions.{output_format}"
    assert cli(capsys, engine, "export", "actions", "--as-of", "2006-12-01", "-o", str(path))[0] == 0
    if output_format == "csv":
        assert csv_rows(path.read_bytes())[3] == ["SP-1", "Recycling roll-out", "service plan", "Resources", "", "",
                                                  "2006-04-01", "2007-03-31", "50", "Behind"]
    else:
        assert xlsx_rows(path.read_bytes(), "actions")[3] == (
            "SP-1", "Recycling roll-out", "service plan", "Resources", None, None, datetime(2006, 4, 1),
            datetime(2007, 3, 31), 50, "Behind")


# --- rows built from the store's typed values -------------------------------------------------------------------

DEC_2008 = parse_period("Dec 2008")


@pytest.mark.parametrize(
    ("code", "row"),
    [
        # a late return: the period's own rating, no figure, the period's target, no directions (blank, not None)
        ("BV12", ["Dec 2008", None, 9, "No data", "", ""]),
        ("BV8", ["Dec 2008", 94.2, 96.1, "Amber", "Worsening", "Worsening"]),
        ("BV9", ["Dec 2008", 74.2, 73.2, "Green", "", "Improving"]),  # cumulative: no short-term direction
        ("CPR-RATE", ["Dec 2008", 31, None, "Data only", "", ""]),  # a whole number as an int
        ("NI 171", ["2007/08", 50.8, None, "No target", "", ""]),
        ("PAF A3 (NI 65)", ["Q3 2008/09", 15.8, "10-15", "Amber", "Improving", "Worsening"]),  # a band as text
    ],
)
def test_scorecard_rows_from_the_typed_scorecard(demo, code, row):
    rows = {found[0]: found for found in scorecard_rows(demo, DEC_2008)}
    assert rows[code][3:] == row


def test_export_rows_are_in_code_order_ignoring_case(demo):
    for rows in (scorecard_rows(demo, DEC_2008), exception_rows(demo, DEC_2008)):
        codes = [row[0] for row in rows]
        assert codes == sorted(codes, key=lambda code: (code.casefold(), code))
    assert len(exception_rows(demo, DEC_2008)) == len(demo.exceptions(DEC_2008))  # most pressing first there


@pytest.mark.parametrize(
    ("code", "row"),
    [
        ("BV12", ["Dec 2008", "No data", "late return (latest figure Nov 2008); red; forecast to miss target", 1,
                  "", "yes"]),
        ("BV162 / PAF C20 (NI 67)", ["Dec 2008", "Green", "forecast to miss target", 0, "", "yes"]),
        ("IA-7WD (NI 59)", ["Dec 2008", "Red", "red; missed two periods running; forecast to miss target", 27,
                            "REM-CYP-02", "no"]),
        ("BV161 / PAF A4", ["2007/08", "Red", "red", 1, "", "yes"]),
    ],
)
def test_exception_rows_from_the_typed_exceptions(demo, code, row):
    rows = {found[0]: found for found in exception_rows(demo, DEC_2008)}
    assert rows[code][3:] == row


FACTS = IndicatorFacts(1, "X1", "x1", "An indicator", "Resources", None, "days", Polarity.LOWER, Frequency.MONTHLY,
                       False, False, Tolerance())


def _figure(period: str, rating: Rating) -> Figure:
    return Figure(parse_period(period), None, None, False, None, rating, f"{rating}: …", None, None, Rating.NO_DATA,
                  None)


@pytest.mark.parametrize(
    ("late", "reasons", "text"),
    [
        (None, (Reason.RED,), "red"),
        (None, (Reason.AMBER_WORSENING, Reason.MISSED_TWICE), "amber and worsening; missed two periods running"),
        (LateReturn(2, _figure("Oct 2008", Rating.RED), "…"), (Reason.RED, Reason.FORECAST_MISS),
         "late return (latest figure Oct 2008); red; forecast to miss target"),
        (LateReturn(1, _figure("Q2 2008/09", Rating.AMBER), "…"), (Reason.MISSED_TWICE,),
         "late return (latest figure Q2 2008/09); missed two periods running"),
    ],
)
def test_the_reasons_text_says_a_late_return_first(late, reasons, text):
    row = ScorecardRow(FACTS, _figure("Dec 2008", Rating.NO_DATA if late else Rating.RED), late)
    assert reasons_text(UnderPerformer(row, reasons, 1, None, ())) == text


def test_action_rows_from_the_typed_actions(engine):
    council(engine)
    load_file(engine, csv_bytes(ACTIONS_HEADER, ACTIONS), filename="actions.csv", as_of=date(2006, 11, 30))
    assert action_rows(Store(engine), date(2006, 12, 1)) == [
        ["DR-1", "Director's review of safeguarding", "director review", "Children & Young People's Services",
         "Children safe", "Director", date(2006, 6, 1), date(2006, 12, 31), 100, "Complete"],
        ["REM-1", "Benefits improvement plan", "remedial", "Resources", "Efficient council", "Head of Benefits",
         date(2006, 7, 1), date(2007, 6, 30), 25, "Behind"],
        ["SP-1", "Recycling roll-out", "service plan", "Resources", None, None, date(2006, 4, 1), date(2007, 3, 31),
         50, "Behind"],
    ]


# --- the summary -------------------------------------------------------------------------------------------


def test_the_summary_of_a_councils_own_figures_does_not_call_them_demo_data(capsys, engine):
    council(engine)
    code, out, _ = cli(capsys, engine, "summary")
    assert code == 0
    assert "Demo data" not in out
    assert re.search(r"^The figures are as loaded into this database \(last load \d{1,2} \w{3} \d{4} \d\d:\d\d "
                     r"UTC\)\.$", out, flags=re.M), out


def test_the_summary_of_the_demo_says_it_is_demo_data(capsys, demo):
    code, out, _ = cli(capsys, demo.engine, "summary")
    assert code == 0
    assert out.splitlines()[-1] == NOTICE
    assert "as loaded" not in out


# --- the grid export ---------------------------------------------------------------------------------------------

GRID_HEADER = ["code", "title", "directorate", "service", "frequency", "Q4 2004/05", "Q1 2005/06", "Q2 2005/06",
               "Q3 2005/06", "Q4 2005/06", "Q1 2006/07", "Q2 2006/07", "Q3 2006/07", "short_term", "long_term"]
# The small council's grid as at Dec 2006, worked out by hand from tests/helpers.py: a cell is the indicator's own
# period ending in the quarter (a month's last month), "Not due" before its first value; a late return's
# directions are those of its latest figure.
GRID_DEC_2006 = {
    "CPR-RATE": ["monthly", *["Not due"] * 7, "Data only", "", ""],  # first reported in Dec 2006; no direction
    "PAF A3 (NI 65)": ["quarterly", *["Not due"] * 5, "Green", "Red", "No data", "Worsening", ""],  # 12, 16.2; 10-15
    "BV78a": ["monthly", *["Not due"] * 5, "Green", "No data", "No data", "Improving", ""],  # Jun 31.5; Sep, Dec none
    "BV9": ["monthly", *["Not due"] * 5, "No data", "No data", "No data", "", ""],  # April's figure is in no column
}


@pytest.mark.parametrize(("args", "codes"), [
    ([], ["CPR-RATE", "PAF A3 (NI 65)", "BV78a", "BV9"]),  # by directorate, service, code; NI 171 not yet in use
    (["--theme", "children-and-young-people"], ["CPR-RATE", "PAF A3 (NI 65)"]),
    (["--theme", "Children-And-Young-People", "--rating", "RED"], ["PAF A3 (NI 65)"]),
    (["--directorate", "resources", "--service", "benefits"], ["BV78a"]),
    (["--priority", "efficient-council"], ["BV78a", "BV9"]),
    (["--rating", "green"], ["BV78a"]),  # a late return by its latest figure: June's Green
    (["--rating", "no target"], []),
    (["--frequency", "quarterly"], ["PAF A3 (NI 65)"]),
    (["--partnership"], ["PAF A3 (NI 65)"]),
    (["--underperforming"], ["PAF A3 (NI 65)"]),
    (["--search", "COUNCIL tax"], ["BV9"]),
    (["--search", "bv"], ["BV78a", "BV9"]),
    (["--search", "nothing like it"], []),
])
def test_the_grid_export_writes_the_filtered_grid(capsys, engine, args, codes):
    council(engine)
    code, out, err = cli(capsys, engine, "export", "grid", "--period", "Dec 2006", *args)
    assert (code, err) == (0, "")
    rows = csv_rows(out.encode())
    assert rows[0] == GRID_HEADER
    assert [row[0] for row in rows[1:]] == codes
    assert all(row[4:] == GRID_DEC_2006[row[0]] for row in rows[1:])


@pytest.mark.parametrize(("period", "last"), [("Nov 2006", "Q3 2006/07 to Nov"), ("Q3 2006/07", "Q3 2006/07"),
                                              ("2006-12", "Q3 2006/07"), ("2006/07", "Q4 2006/07")])
def test_the_grid_export_is_as_at_the_last_month_of_the_period(capsys, engine, period, last):
    council(engine)
    code, out, _ = cli(capsys, engine, "export", "grid", "--period", period)
    assert code == 0
    assert csv_rows(out.encode())[0][-3] == last


def test_the_grid_export_is_as_at_the_latest_month_by_default(capsys, demo):
    code, out, _ = cli(capsys, demo.engine, "export", "grid", "--theme", "children-and-young-people")
    assert code == 0
    rows = csv_rows(out.encode())
    assert rows[0][-3] == "Q3 2008/09"  # the demo's latest month is Dec 2008
    grid = demo.grid(DEC_2008, replace(NO_FILTERS, theme="children-and-young-people"))
    assert [row[0] for row in rows[1:]] == [row.row.indicator.code for row in grid.rows]
    assert len(rows) - 1 == len(grid.rows) > 10


def test_the_grid_export_as_xlsx(capsys, engine, tmp_path):
    council(engine)
    path = tmp_path / "grid.xlsx"
    code, out, err = cli(capsys, engine, "export", "grid", "--period", "Dec 2006", "-o", str(path))
    assert (code, out, err) == (0, "", f"Wrote 4 rows to {path}\n")
    rows = xlsx_rows(path.read_bytes(), "grid")
    assert list(rows[0]) == GRID_HEADER
    assert {row[0]: [cell or "" for cell in row[4:]] for row in rows[1:]} == GRID_DEC_2006


@pytest.mark.parametrize("output_format", ["csv", "xlsx"])
def test_the_grid_export_never_runs_text_as_a_formula(capsys, engine, tmp_path, output_format):
    risky_council(engine)
    path = tmp_path / f"grid.{output_format}"
    assert cli(capsys, engine, "export", "grid", "--period", "2006/07", "-o", str(path))[0] == 0
    if output_format == "csv":
        titles = {row[0]: row[1] for row in csv_rows(path.read_bytes())[1:]}
        assert titles == {code: f"'{title}" if title[0] in "=+-@" else title for code, title in RISKY_TITLES.items()}
    else:
        titles = {row[0]: row[1] for row in xlsx_rows(path.read_bytes(), "grid")[1:]}
        assert titles == RISKY_TITLES
        with zipfile.ZipFile(path) as archive:
            sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
        assert "<f>" not in sheet and "<f " not in sheet


@pytest.mark.parametrize(("args", "message"), [
    (["--theme", "no-such-theme"], "There is no theme 'no-such-theme'."),
    (["--theme", "<script>alert(1)</script>"], "There is no theme '<script>alert(1)</script>'."),
    (["--directorate", "x" * 5000], f"There is no directorate '{'x' * 40}…'."),
    (["--service", "benefits", "--priority", "nope"], "There is no priority 'nope'."),
    # a service of another directorate would give no row, unexplained: refused, with the directorate's services
    (["--directorate", "resources", "--service", "safeguarding"], "The service 'safeguarding' is in Children & "
                                                                  "Young People's Services, not Resources. "
                                                                  "--service takes one of: benefits, revenues."),
    (["--rating", "purple"], "'purple' is not a rating we can filter by (green, amber, red, no-target, "
                             "data-only, no-data)."),
    (["--frequency", "weekly"], "'weekly' is not a frequency we can filter by (monthly, quarterly, annual)."),
    (["--search", "x" * 101], "The search is longer than 100 characters."),
    (["--period", "soon"], "--period: not a period"),
    (["--theme", "nope", "--rating", "purple"], "'purple' is not a rating we can filter by (green, amber, red, "
                                                "no-target, data-only, no-data). There is no theme 'nope'."),
])
def test_a_grid_filter_that_cannot_be_used_is_refused_and_nothing_written(capsys, engine, tmp_path, args, message):
    council(engine)
    path = tmp_path / "grid.csv"
    code, out, err = cli(capsys, engine, "export", "grid", *args, "-o", str(path))
    assert (code, out) == (2, "")
    assert f"error: {message}" in err
    assert "showing" not in err  # the command line refuses: it shows nothing else instead
    assert "usage:" in err and "Traceback" not in err
    assert not path.exists()


def test_a_grid_export_of_an_empty_database_is_refused(capsys, engine):
    code, out, err = cli(capsys, engine, "export", "grid")
    assert (code, out) == (2, "")
    assert "error: there is no data yet to draw the grid from" in err


def _grid_row(code: str, service: str | None, cells: list[GridCell | None], shown: Figure,
              late: bool) -> GridRow:
    facts = replace(FACTS, code=code, service=service)
    figure = _figure("Dec 2008", Rating.NO_DATA) if late else shown
    return GridRow(ScorecardRow(facts, figure, LateReturn(1, shown, "…") if late else None), tuple(cells), False)


def test_the_grid_table_from_the_typed_grid():
    columns = (GridColumn("Q2 2008/09", parse_period("Sep 2008")), GridColumn("Q3 2008/09 to Nov",
                                                                              parse_period("Nov 2008")))
    green = replace(_figure("Nov 2008", Rating.GREEN), short_term=Direction.IMPROVING, long_term=Direction.WORSENING)
    rows = (
        _grid_row("X1", "Benefits", [GridCell(parse_period("Sep 2008"), Rating.RED, 3.0), None], green, late=False),
        # a late return: its cells as they are, its directions those of the latest figure shown
        _grid_row("=X2", None, [None, GridCell(parse_period("Nov 2008"), Rating.NO_DATA, None)], green, late=True),
    )
    grid = Grid(period=parse_period("Nov 2008"), filters=NO_FILTERS, columns=columns, rows=rows,
                counts=roll_up([], []), total=2, choices=Choices((), (), (), ()))
    assert grid_table(grid) == (
        ["code", "title", "directorate", "service", "frequency", "Q2 2008/09", "Q3 2008/09 to Nov", "short_term",
         "long_term"],
        # "Not due" where none of its periods ends in the column, as the page says it (not a blank)
        [["X1", "An indicator", "Resources", "Benefits", "monthly", "Red", "Not due", "Improving", "Worsening"],
         ["=X2", "An indicator", "Resources", None, "monthly", "Not due", "No data", "Improving", "Worsening"]])
    assert csv_rows(to_csv(*grid_table(grid)))[2][:4] == ["'=X2", "An indicator", "Resources", ""]


def test_the_grid_table_has_every_row_not_one_page(demo):
    grid = demo.grid(DEC_2008, replace(NO_FILTERS, page=2))
    assert len(grid_table(grid)[1]) == len(grid.rows) == grid.total
