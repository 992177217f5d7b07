"""Generated junk thrown at `python -m dashboard import`: whatever the file, the command answers in sentences
(never a traceback), exits 0 or 1, and when it refuses a file the database is exactly as it was."""

from __future__ import annotations

import contextlib
import csv
import io
from datetime import datetime
from pathlib import Path

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
    write,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.cli import main
from data.db import make_engine, sqlite_url

JUNK = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
HEADERS = {"definitions": DEFINITIONS_HEADER, "values": VALUES_HEADER, "actions": ACTIONS_HEADER}
GOOD = {"definitions": DEFINITIONS, "values": VALUES, "actions": ACTIONS}

CONTROLS = st.characters(min_codepoint=0, max_codepoint=0x9F)
ODD_TEXT = st.text(st.one_of(CONTROLS, st.characters(codec="utf-8")), max_size=12)
HUGE_NUMBERS = st.one_of(
    st.integers(min_value=10 ** 12, max_value=10 ** 400).map(str),
    st.integers(min_value=10 ** 12, max_value=10 ** 400).map(lambda n: f"{n:,}"),
    st.sampled_from(["1e999", "-1e999", "1E+13", "nan", "inf", "-0", "1,00,0", "12.5%", "£1,234", "#N/A"]),
)
ODD_PERIODS = st.sampled_from(["9999-12", "0000-01", "2008-13", "2008-00", "Q5 2006/07", "Q3 2006/08", "1989/90",
                               "Q1 0000/01", "0000/01", "2006-02-30", "Dec 2206", "01/11/2008", "2006-07"])
ODD_CELLS = st.one_of(ODD_TEXT, HUGE_NUMBERS, ODD_PERIODS,
                      st.sampled_from(["BV78a", "BV9", "PAF A3 (NI 65)", "NI 171", "yes", "5%", "10-15", "'=1+1",
                                       "'-5", "monthly", "remedial", "Resources", "2006-07-01", ""]))


@pytest.fixture
def council(tmp_path) -> str:
    """A SQLite council, made once for each test (not each example), with the hand-made files loaded."""
    url = sqlite_url(tmp_path / "council.sqlite3")
    for kind in ("definitions", "values", "actions"):
        path = write(tmp_path / f"{kind}.csv", csv_bytes(HEADERS[kind], GOOD[kind]))
        assert main(["--database-url", url, "import", str(path)]) == 0
    return url


def import_answers_in_sentences(url: str, path: Path) -> int:
    """Run the import as the command line does; check its exit code, its words and, if refused, the data;
    return the exit code."""
    engine = make_engine(url)
    try:
        before = snapshot(engine)
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(["--database-url", url, "import", str(path)])
        assert code in (0, 1), err.getvalue()
        assert "Traceback" not in err.getvalue()
        if code == 1:
            assert err.getvalue().strip(), "a refusal says why"
            assert snapshot(engine) == before
    finally:
        engine.dispose()
    return code


@JUNK
@given(content=st.one_of(st.binary(max_size=3000), st.binary(max_size=3000).map(lambda b: b"PK\x03\x04" + b)),
       suffix=st.sampled_from([".csv", ".xlsx", ".txt", ""]))
def test_random_bytes(council, tmp_path, content, suffix):
    assert import_answers_in_sentences(council, write(tmp_path / f"junk{suffix}", content)) in (0, 1)


FIGURES = {"actual", "target", "tolerance", "progress"}


def junk_for(column: str, cells: st.SearchStrategy) -> st.SearchStrategy:
    """Junk for one column: anything odd, and more often the odd things that column's parser meets."""
    if column == "period":
        return ODD_PERIODS
    if column in FIGURES:
        return st.one_of(HUGE_NUMBERS, cells)
    return cells


def rows_of_junk(data, kind: str, cells: st.SearchStrategy) -> list[list[object]]:
    """Good rows, each with a few of its cells replaced by junk (so that the junk reaches the checks that a
    row of nothing but junk would never get to), and once in a while a cell beyond the last column."""
    header, rows = HEADERS[kind], []
    for good in data.draw(st.lists(st.sampled_from(GOOD[kind]), min_size=1, max_size=4)):
        row: list[object] = list(good)
        junk = data.draw(st.sets(st.integers(0, len(header) - 1), max_size=3))
        if "period" in header and data.draw(st.booleans()):  # the cell with the most ways to go wrong
            junk.add(header.index("period"))
        for column in junk:
            row[column] = data.draw(junk_for(header[column], cells))
        rows.append(row)
    if data.draw(st.integers(0, 9)) == 0:  # rarely: a whole file is refused for it before any cell is read
        rows[-1].append(data.draw(cells))
    return rows


@JUNK
@given(kind=st.sampled_from(list(HEADERS)), data=st.data())
def test_csv_with_real_headers_and_junk_cells(council, tmp_path, kind, data):
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADERS[kind])
    writer.writerows(rows_of_junk(data, kind, ODD_CELLS))
    junk = write(tmp_path / "junk.csv", buffer.getvalue().encode("utf-8"))
    assert import_answers_in_sentences(council, junk) in (0, 1)


FORMATS = st.sampled_from([None, "0%", "0.0%", "0.00%;[Red]-0.00%", '0.0"%"', "General", "@", "DD/MM/YYYY"])
XLSX_CELLS = st.one_of(
    st.tuples(st.one_of(ODD_CELLS, st.floats(), st.integers(min_value=-(10 ** 300), max_value=10 ** 300),
                        st.booleans(), st.none()), FORMATS),  # openpyxl writes no larger int
    st.tuples(st.datetimes(datetime(1900, 3, 1), datetime(9999, 12, 31)),
              st.sampled_from(["DD/MM/YYYY", "mm/dd/yy", "yyyy-mm-dd hh:mm"])),
)


@JUNK
@given(kind=st.sampled_from(list(HEADERS)), data=st.data())
def test_xlsx_with_real_headers_and_junk_cells(council, tmp_path, kind, data):
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    workbook = Workbook()
    worksheet = workbook.active
    worksheet.title = data.draw(st.sampled_from([kind, "Sheet1"]))
    worksheet.append(HEADERS[kind])
    for number, row in enumerate(rows_of_junk(data, kind, XLSX_CELLS), start=2):
        for column, cell in enumerate(row, start=1):
            value, number_format = cell if isinstance(cell, tuple) else (cell, None)
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)  # what XML can hold; C1 controls and DEL it can
            written = worksheet.cell(number, column, value)
            if number_format:
                written.number_format = number_format
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert import_answers_in_sentences(council, write(tmp_path / "junk.xlsx", buffer.getvalue())) in (0, 1)
