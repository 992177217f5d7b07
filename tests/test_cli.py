"""The command line end to end, in a subprocess, as an officer would use it (docs/formats.md#command-line)."""

from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
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
    write,
)

from data.db import sqlite_url

ROOT = Path(__file__).resolve().parent.parent


def run(*args: str, database: Path | None = None, url: str | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env["DASHBOARD_DATABASE_URL"] = url or sqlite_url(database)
    return subprocess.run([sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120, check=False)


@pytest.fixture
def database(tmp_path) -> Path:
    return tmp_path / "council.sqlite3"


@pytest.fixture
def files(tmp_path) -> dict[str, Path]:
    return {
        "definitions": write(tmp_path / "definitions.csv", csv_bytes(DEFINITIONS_HEADER, DEFINITIONS)),
        "values": write(tmp_path / "values.csv", csv_bytes(VALUES_HEADER, VALUES)),
        "actions": write(tmp_path / "actions.csv", csv_bytes(ACTIONS_HEADER, ACTIONS)),
    }


def load_all(database: Path, files: dict[str, Path]) -> None:
    for name in ("definitions", "values", "actions"):
        as_of = ["--as-of", "2006-11-30"] if name == "actions" else []
        result = run("import", str(files[name]), *as_of, database=database)
        assert result.returncode == 0, result.stderr


def parse_csv(text: str) -> list[dict[str, str]]:
    assert text.startswith("\ufeff"), "CSV exports start with a byte-order mark, so that Excel reads UTF-8"
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_import_then_export_gives_back_what_was_loaded_rated(database, files):
    result = run("import", str(files["definitions"]), database=database)
    assert result.returncode == 0, result.stderr
    assert "Added 5, changed 0, unchanged 0 indicators." in result.stdout
    load_all(database, files)
    result = run("export", "scorecard", "--period", "Q1 2006/07", database=database)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == \
        "\ufeffcode,title,directorate,period,actual,target,rating,short_term,long_term"
    rows = {row["code"]: row for row in parse_csv(result.stdout)}
    assert set(rows) == {"BV78a", "BV9", "PAF A3 (NI 65)"}  # in use by June 2006; NI 171 is annual
    assert {k: rows["BV78a"][k] for k in ("period", "actual", "target", "rating", "short_term", "long_term")} == {
        "period": "Jun 2006", "actual": "31.5", "target": "33", "rating": "Green", "short_term": "Improving",
        "long_term": ""}
    assert (rows["PAF A3 (NI 65)"]["period"], rows["PAF A3 (NI 65)"]["target"]) == ("Q1 2006/07", "10-15")
    assert rows["BV9"]["rating"] == "No data"  # June not yet reported


def test_export_without_a_period_uses_each_indicators_latest_actual(database, files):
    load_all(database, files)
    rows = {r["code"]: r for r in parse_csv(run("export", "scorecard", database=database).stdout)}
    assert {code: (r["period"], r["rating"]) for code, r in rows.items()} == {
        "BV78a": ("Jun 2006", "Green"), "BV9": ("Apr 2006", "Amber"), "CPR-RATE": ("Dec 2006", "Data only"),
        "NI 171": ("2006/07", "Green"), "PAF A3 (NI 65)": ("Q2 2006/07", "Red")}


def test_loading_twice_says_nothing_changed(database, files):
    load_all(database, files)
    result = run("import", str(files["values"]), database=database)
    assert result.returncode == 0
    assert "Nothing changed: all 8 values were already loaded as they are." in result.stdout


def test_a_bad_file_is_refused_with_every_row_named_and_no_traceback(database, files, tmp_path):
    load_all(database, files)
    before = run("export", "scorecard", database=database).stdout
    bad = write(tmp_path / "bad.csv", csv_bytes(VALUES_HEADER, [
        ["BV78a", "Q3 2006/07", "30", "", "", ""], ["BV999", "Jul 2006", "1", "", "", ""],
        ["BV78a", "Jul 2006", "n/a", "", "", ""]]))
    result = run("import", str(bad), database=database)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "row 2, column period: Q3 2006/07 is a quarterly period but BV78a is monthly: expected Dec 2006 "
        "(or December 2006, 2006-12) (Q3 2006/07)",
        "row 3, column indicator: unknown indicator code: define it in a definitions file first (BV999)",
        "row 4, column actual: not a number (n/a)",
        "bad.csv: 3 problems; nothing was stored."]
    assert run("export", "scorecard", database=database).stdout == before


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "empty.csv is empty. Nothing was stored."),
        (b"just text, not a workbook", "fake.xlsx", "fake.xlsx is not an Excel workbook"),
        (None, "missing.csv", "missing.csv: there is no such file"),
    ],
)
def test_an_unreadable_file_gets_one_sentence(database, tmp_path, content, name, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = run("import", str(path), database=database)
    assert result.returncode == 1
    assert result.stderr.startswith(message)
    assert "Traceback" not in result.stderr


def test_dry_run_stores_nothing(database, files):
    run("import", str(files["definitions"]), database=database)
    result = run("import", str(files["values"]), "--dry-run", database=database)
    assert result.returncode == 0
    assert "Dry run: nothing was stored. It would add 8" in result.stdout
    assert run("export", "scorecard", database=database).stdout.count("\n") == 1  # the header alone


# The trial that found it: a correction whose target cell was left blank clears the stored target.
CORRECTION = [["BV9", "Apr 2006", "10.9%", "", "Recounted", "validated"], ["BV9", "May 2006", "11.2%", "11", "", ""]]


@pytest.mark.parametrize(("options", "said"), [
    (["--dry-run"], ["Dry run: nothing was stored. It would add 1, would change 1 and leave 0 values unchanged.",
                     'BV9 Apr 2006: actual 10.8% → 10.9%; target 11% → blank; note blank → "Recounted"',
                     "A blank actual or target cell replaces the stored figure with none (docs/formats.md, Values): "
                     "to keep the stored figures, leave that column out of the file.",
                     "BV9 May 2006: would be added"]),
    ([], ["Added 1, changed 1, unchanged 0 values.",
          'BV9 Apr 2006: actual 10.8% → 10.9%; target 11% → blank; note blank → "Recounted"',
          "A blank actual or target cell replaces the stored figure with none (docs/formats.md, Values): "
          "to keep the stored figures, leave that column out of the file.",
          "BV9 May 2006: added"]),
])
def test_an_import_says_what_it_changes_field_by_field(database, files, tmp_path, options, said):
    load_all(database, files)
    correction = write(tmp_path / "correction.csv", csv_bytes(VALUES_HEADER, CORRECTION))
    result = run("import", str(correction), *options, database=database)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines() == ["correction.csv: 2 values rows read.", *said]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["export", "scorecard", "--period", "2006-07"], "--period: '2006-07' could be Jul 2006 or 2006/07"),
        (["export", "scorecard", "--period", "soon"], "--period: not a period"),
        (["export", "actions", "--as-of", "yesterday"], "--as-of: not a date"),
        (["export", "nonsense"], "invalid choice: 'nonsense'"),
        (["import"], "the following arguments are required: FILE"),
    ],
)
def test_a_mistyped_command_exits_2_with_usage(database, args, message):
    result = run(*args, database=database)
    assert result.returncode == 2
    assert message in result.stderr
    assert "usage:" in result.stderr


def test_an_unreachable_database_is_one_clear_line(tmp_path):
    result = run("export", "scorecard", url="postgresql+psycopg://nobody:secret@127.0.0.1:1/none")
    assert result.returncode == 1
    assert result.stderr.startswith("Cannot use the database at postgresql+psycopg://nobody:***@127.0.0.1:1/none")
    assert "secret" not in result.stderr
    assert "Traceback" not in result.stderr


def test_exports_never_run_text_as_a_formula(database, files, tmp_path):
    definitions = [row[:] for row in DEFINITIONS]
    definitions[0][1] = "=HYPERLINK(\"http://evil\",\"click\")"
    write(files["definitions"], csv_bytes(DEFINITIONS_HEADER, definitions))
    load_all(database, files)
    output = tmp_path / "scorecard.xlsx"
    result = run("export", "scorecard", "-o", str(output), database=database)
    assert result.returncode == 0, result.stderr
    from openpyxl import load_workbook

    sheet = load_workbook(output).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("code", "title", "directorate", "period", "actual", "target", "rating", "short_term",
                       "long_term")
    bv78a = next(r for r in rows if r[0] == "BV78a")
    assert bv78a[1] == "=HYPERLINK(\"http://evil\",\"click\")"  # a text cell: shown as typed, never run
    assert bv78a[4] == 31.5  # numbers stay numbers
    rows = {row["code"]: row for row in parse_csv(run("export", "scorecard", database=database).stdout)}
    assert rows["BV78a"]["title"] == "'=HYPERLINK(\"http://evil\",\"click\")"  # CSV has no text cells: an apostrophe


def test_exceptions_and_actions_exports(database, files):
    load_all(database, files)
    exceptions = parse_csv(run("export", "exceptions", "--period", "Q2 2006/07", database=database).stdout)
    assert [(r["code"], r["reasons"], r["unmanaged"]) for r in exceptions] == [
        ("PAF A3 (NI 65)", "red", "yes")]
    actions = parse_csv(run("export", "actions", "--as-of", "2006-12-01", database=database).stdout)
    assert [(r["ref"], r["status"]) for r in actions] == [
        ("DR-1", "Complete"), ("REM-1", "Behind"), ("SP-1", "Behind")]


def test_the_grid_export_end_to_end(database, files, tmp_path):
    """A scrutiny officer's export of one theme's Red indicators, as the page's link would name them."""
    load_all(database, files)
    result = run("export", "grid", "--period", "Dec 2006", "--theme", "children-and-young-people", "--rating", "red",
                 database=database)
    assert result.returncode == 0, result.stderr
    rows = parse_csv(result.stdout)
    assert list(rows[0]) == ["code", "title", "directorate", "service", "frequency", "Q4 2004/05", "Q1 2005/06",
                             "Q2 2005/06", "Q3 2005/06", "Q4 2005/06", "Q1 2006/07", "Q2 2006/07", "Q3 2006/07",
                             "short_term", "long_term"]
    assert [(row["code"], row["Q1 2006/07"], row["Q2 2006/07"], row["Q3 2006/07"]) for row in rows] == [
        ("PAF A3 (NI 65)", "Green", "Red", "No data")]
    output = tmp_path / "grid.xlsx"
    result = run("export", "grid", "--period", "Dec 2006", "--partnership", "-o", str(output), database=database)
    assert (result.returncode, result.stderr) == (0, f"Wrote 1 rows to {output}\n")
    from openpyxl import load_workbook

    assert load_workbook(output)["grid"]["A2"].value == "PAF A3 (NI 65)"


@pytest.mark.parametrize(("args", "message"), [
    (["--theme", "children"], "error: There is no theme 'children'. --theme takes one of: "
                              "children-and-young-people, economic-development, organisational-improvement.\n"),
    (["--rating", "pink"], "error: 'pink' is not a rating we can filter by (green, amber, red, no-target, data-only, "
                           "no-data).\n"),
])
def test_a_grid_export_with_a_filter_that_cannot_be_used_exits_2(database, files, args, message):
    load_all(database, files)
    result = run("export", "grid", *args, database=database)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("usage:") and result.stderr.endswith(message)


def test_the_demo_builds_once_and_rebuilds_when_asked(database):
    result = run("demo", database=database)
    assert result.returncode == 0, result.stderr
    assert "definitions are real" in result.stdout
    again = run("demo", database=database)
    assert again.returncode == 2
    assert "use 'demo --replace'" in again.stderr
    assert run("demo", "--replace", database=database).returncode == 0
    rows = parse_csv(run("export", "scorecard", "--period", "Dec 2008", database=database).stdout)
    assert len(rows) == 39


def test_the_first_run_builds_the_demo_and_prints_the_summary(database):
    result = run("summary", database=database)
    assert result.returncode == 0, result.stderr
    assert "First run: building the demo council" in result.stderr
    assert "performance as at Dec 2008" in result.stdout
    assert "Children and young people safe and achieving" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("Demo data: ")


def test_the_summary_of_a_councils_own_figures_is_not_called_demo_data(database, files):
    load_all(database, files)
    result = run("summary", database=database)
    assert result.returncode == 0, result.stderr
    assert "performance as at Mar 2007" in result.stdout  # NI 171 is annual: 2006/07 ends in March
    assert "Demo data" not in result.stdout
    assert result.stdout.splitlines()[-1].startswith("The figures are as loaded into this database (last load ")


def test_values_exported_load_straight_back(database, files, tmp_path):
    load_all(database, files)
    output = tmp_path / "corrections.xlsx"
    result = run("export", "values", "--from", "Q1 2006/07", "--to", "Jun 2006", "-o", str(output), database=database)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"Wrote 6 rows to {output}\n"
    result = run("import", str(output), database=database)
    assert result.returncode == 0, result.stderr
    assert "Nothing changed: all 6 values were already loaded as they are." in result.stdout


def test_serve_prints_its_address_and_serves_the_dashboard(database):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASHBOARD_DATABASE_URL": sqlite_url(database)}
    server = subprocess.Popen([sys.executable, "-m", "dashboard", "serve", "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert server.stdout.readline().strip() == \
            f"Serving the dashboard at http://127.0.0.1:{port}/ (press Ctrl+C to stop)"
        for _ in range(50):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    page = response.read().decode()
                break
            except OSError:
                time.sleep(0.2)
        assert '<html lang="en-GB">' in page
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_the_wsgi_entry_serves_the_app(database):
    code = ("from dashboard.wsgi import server; c = server.test_client(); "
            "print(c.get('/').status_code, server.debug)")
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASHBOARD_DATABASE_URL": sqlite_url(database)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                            timeout=120, check=False)
    assert result.stdout.split() == ["200", "False"], result.stderr[-2000:]
