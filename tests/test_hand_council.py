"""A small council made by hand (docs/hand-council/): its three files loaded with the real command line, and what
docs/hand-council/README.md worked out by hand as at Dec 2008 checked against the pages (through the browser's
callback payload) and the exports: the under-performance list, each action's status and one process-chart
signal."""

from __future__ import annotations

import base64
import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BACKENDS, postgres_schema_url
from dash_requests import _body, _server_callback, request_body, section_request_body
from helpers import component_text

from dashboard.app import create_app
from dashboard.settings import Settings
from data.db import make_engine, sqlite_url
from data.store import Store
from layouts import ids

ROOT = Path(__file__).resolve().parent.parent
COUNCIL = ROOT / "docs" / "hand-council"
AS_AT = "?as_at=2008-12"

# The under-performance list at Dec 2008 as worked out by hand (README "The under-performance list"), in the
# page's order: unmanaged first, then Red before Amber, then the longest run, then directorate and code.
# code, rating, reasons (the export's words), periods missed, remedial actions (open), unmanaged, forecast shown
UNDER = [
    ("HC-EN3", "Red", "red", 1, "", "yes", "No forecast"),
    ("HC-AS2", "Amber", "amber and worsening", 1, "", "yes", "79.08%"),
    ("HC-EN2", "Amber", "forecast to miss target", 1, "", "yes", "1,255.68 tonnes"),
    ("HC-AS1", "Red", "red; forecast to miss target", 1, "REM-1", "no", "25.97 days"),
    ("HC-AS3", "Amber", "missed two periods running", 2, "REM-3", "no", "101.33 assessments"),
]
PERIODS = {"HC-EN3": "Q3 2008/09", "HC-AS3": "Q3 2008/09"}  # the quarterly ones; the rest at Dec 2008

# Each action's status at 31 Dec 2008 as worked out by hand (README "Action statuses"), with the page's reason.
ACTIONS = [
    ("DR-1", "Not started", "Starts 05 Jan 2009."),
    ("REM-1", "Overdue", "Due 30 Nov 2008 and 80% complete."),
    ("REM-2", "Complete", "Finished."),
    ("REM-3", "Behind", "50% complete with 75% of the time gone."),
    ("SP-1", "On track", "70% complete with 75% of the time gone."),
]

# The one signal (README "One statistical signal"): HC-AS1's Dec 2008 figure above its upper process limit.
SIGNAL = ("A point outside the limits: 30 days in Dec 2008 is above the upper process limit of 26.32 days: "
          "a worsening signal.")
LIMITS = ("Centre line 21 days, the mean of 12 baseline figures; natural process limits 15.68 days to 26.32 days: "
          "the centre ± 2.66 × the average moving range of 2 days.")


def run(*args: str, database: str) -> subprocess.CompletedProcess:
    """The command line, in a subprocess, as an officer runs it (as tests/test_cli.py does), on `database`."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "DASHBOARD_DATABASE_URL": database}
    return subprocess.run([sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=120, check=False)


@pytest.fixture(scope="module", params=BACKENDS)
def database(request, tmp_path_factory, worker_id) -> str:
    """The URL of a database of each kind holding the hand-made council, loaded file by file with `import`."""
    path = sqlite_url(tmp_path_factory.mktemp("hand") / "council.sqlite3") if request.param == "sqlite" \
        else postgres_schema_url(f"hand_council_{worker_id}")  # a schema per xdist worker
    for name, extra, added in [("definitions", [], "Added 6, changed 0"), ("values", [], "Added 53, changed 0"),
                               ("actions", ["--as-of", "2008-12-15"], "Added 5, changed 0")]:
        result = run("import", str(COUNCIL / f"{name}.csv"), *extra, database=path)
        assert result.returncode == 0, result.stderr
        assert added in result.stdout
    return path


@pytest.fixture(scope="module")
def client(database):
    engine = make_engine(database, create=False)
    yield create_app(Settings(database_url="sqlite://", seed_demo=False, cache_seconds=0),
                     Store(engine)).server.test_client()
    engine.dispose()


def draw(client, pathname: str, search: str = AS_AT) -> object:
    """The page the router draws for the URL, as the browser receives it."""
    response = client.post("/_dash-update-component", json=request_body(pathname, search))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return json.loads(response.get_data(as_text=True))["response"][ids.PAGE]["children"]


def table_rows(tree: object) -> list[list[str]]:
    """The text of each cell of each table row in a drawn page, in the page's order."""
    if isinstance(tree, list):
        return [row for child in tree for row in table_rows(child)]
    if not isinstance(tree, dict):
        return []
    if tree.get("type") == "Tr":
        cells = tree["props"].get("children") or []
        return [[component_text(cell).strip() for cell in (cells if isinstance(cells, list) else [cells])]]
    return table_rows(tree.get("props", {}).get("children"))


def council_rows(tree: object) -> dict[str, list[str]]:
    """The rows of a drawn table that are about the hand-made council's indicators or actions, by first word."""
    return {row[0].split()[0]: row for row in table_rows(tree) if row and re.match(r"(HC-|REM-|SP-|DR-)", row[0])}


def parse_csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


# --- the under-performance list --------------------------------------------------------------------------------

def test_the_under_performance_page_lists_them_in_the_order_worked_out_by_hand(client):
    page = draw(client, "/underperformance")
    assert list(council_rows(page)) == [code for code, *_ in UNDER]
    text = component_text(page)
    assert "No open remedial action: 3 indicators" in text
    assert "With an open remedial action: 2 indicators" in text


@pytest.mark.parametrize(("code", "rating", "reasons", "missed", "actions", "unmanaged", "forecast"), UNDER)
def test_each_under_performer_reads_as_worked_out_by_hand(client, code, rating, reasons, missed, actions,
                                                          unmanaged, forecast):
    indicator, _owner, shown_rating, why, periods_missed, year_end, remedial = council_rows(
        draw(client, "/underperformance"))[code]
    assert ("No open remedial action" in indicator) is (unmanaged == "yes")
    assert shown_rating.split()[1] == rating
    assert why == " ".join(reason[0].upper() + reason[1:] for reason in reasons.split("; "))
    assert periods_missed == str(missed)
    assert year_end.startswith(forecast)
    assert ("forecast to miss it" in year_end) is ("forecast to miss target" in reasons)
    if actions:
        assert remedial.startswith(actions) and "Complete" not in remedial
    else:
        assert "REM-" not in remedial or "None open: every one linked is complete" in remedial


def test_a_linked_but_complete_remedial_action_leaves_the_indicator_unmanaged(client):
    remedial = council_rows(draw(client, "/underperformance"))["HC-AS2"][-1]
    assert remedial.startswith("None open: every one linked is complete")
    assert "REM-2" in remedial and "Complete" in remedial


@pytest.mark.parametrize(("directorate", "codes"), [
    ("environment", ["HC-EN3", "HC-EN2"]),
    ("adult-services", ["HC-AS2", "HC-AS1", "HC-AS3"]),
])
def test_each_directorates_view_keeps_the_same_order(client, directorate, codes):
    page = draw(client, "/underperformance", f"?directorate={directorate}&as_at=2008-12")
    assert list(council_rows(page)) == codes


def test_the_exceptions_export_matches_the_hand_working(database):
    result = run("export", "exceptions", "--period", "Dec 2008", database=database)
    assert result.returncode == 0, result.stderr
    assert result.stdout.lstrip("\ufeff").splitlines()[0] == (
        "code,title,directorate,period,rating,reasons,periods_missed,remedial_actions,unmanaged")
    got = [(r["code"], r["period"], r["rating"], r["reasons"], r["periods_missed"], r["remedial_actions"],
            r["unmanaged"]) for r in parse_csv(result.stdout)]
    assert got == sorted((code, PERIODS.get(code, "Dec 2008"), rating, reasons, str(missed), actions, unmanaged)
                         for code, rating, reasons, missed, actions, unmanaged, _ in UNDER)


def test_the_pages_download_is_its_rows_in_its_order(client):
    """The page's CSV download: the rows shown, in the page's order, with the hand-worked fields."""
    key, callback = _server_callback(lambda output: output.component_id == ids.UNDER_DOWNLOAD)
    body = _body(key, callback, {"n_clicks": 1, "pathname": "/underperformance", "search": AS_AT})
    body["inputs"] = [dict(spec, value=1 if spec["id"] == ids.UNDER_CSV else None) for spec in body["inputs"]]
    body["changedPropIds"] = [f"{ids.UNDER_CSV}.n_clicks"]
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200
    sent = json.loads(response.get_data(as_text=True))["response"][ids.UNDER_DOWNLOAD]["data"]
    rows = parse_csv(base64.b64decode(sent["content"]).decode("utf-8"))
    assert [(r["code"], r["reasons"], r["periods_missed"], r["remedial_actions"], r["unmanaged"]) for r in rows] == [
        (code, reasons, str(missed), actions, unmanaged) for code, _, reasons, missed, actions, unmanaged, _ in UNDER]


# --- the action tracker ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("ref", "status", "why"), ACTIONS)
def test_the_tracker_gives_each_action_the_status_worked_out_by_hand(client, ref, status, why):
    row = council_rows(draw(client, "/actions"))[ref]
    assert row[-1].endswith(f"{status} {why}")


def test_the_tracker_puts_overdue_then_behind_first(client):
    assert list(council_rows(draw(client, "/actions"))) == ["REM-1", "REM-3", "SP-1", "DR-1", "REM-2"]


def test_the_actions_export_matches_the_hand_working(database):
    result = run("export", "actions", "--as-of", "2008-12-31", database=database)
    assert result.returncode == 0, result.stderr
    assert [(r["ref"], r["status"]) for r in parse_csv(result.stdout)] == [(ref, status) for ref, status, _ in ACTIONS]


# --- the signal ------------------------------------------------------------------------------------------------

def test_the_assessment_names_the_one_signal_and_its_rule(client):
    page = draw(client, "/assessment")
    assert "Notable changes in Q3 2008/09" in component_text(page)
    changes = [row for row in table_rows(page) if row and row[0].startswith("HC-")
               and any("A point outside the limits" in cell for cell in row)]
    assert len(changes) == 1
    indicator, reading, rule, periods, found = changes[0]
    assert (indicator.split()[0], reading.split()[-1], rule, periods, found) == (
        "HC-AS1", "Worsening", "A point outside the limits", "Dec 2008", SIGNAL)
    assert "(1 worsening of 1)" in component_text(page)


def test_the_indicator_pages_process_limits_show_the_hand_worked_limits(client):
    response = client.post("/_dash-update-component",
                           json=section_request_body("limits", 1, "/indicators/hc-as1", AS_AT))
    assert response.status_code == 200
    text = " ".join(component_text(output["children"])
                    for output in json.loads(response.get_data(as_text=True))["response"].values())
    assert LIMITS in text
    assert f"S1:  {SIGNAL}" in text
    assert text.count("S1") == 2  # the one signal, and the one figure it marks in the table twin


# --- the golden thread, questions for members, the quarter's direction and what went well ----------------------

@pytest.mark.parametrize(("path", "shares"), [
    ("/directorates", ["6 of 6 indicators with a target (100%)", "2 of 5 under-performers with an open remedial "
                       "action (40%)", "4 of 4 actions linked to an indicator (100%)"]),
    ("/directorates/adult-services", ["3 of 3 indicators with a target (100%)", "2 of 3 under-performers with an "
                                      "open remedial action (67%)", "3 of 3 actions linked to an indicator (100%)"]),
    ("/directorates/environment", ["3 of 3 indicators with a target (100%)", "0 of 2 under-performers with an "
                                   "open remedial action (0%)", "1 of 1 actions linked to an indicator (100%)"]),
])
def test_the_golden_thread_reads_as_worked_out_by_hand(client, path, shares):
    text = component_text(draw(client, path))
    assert [share in text for share in shares] == [True] * len(shares)


@pytest.mark.parametrize(("path", "gaps"), [
    ("/directorates/adult-services", ["HC-AS2"]),
    ("/directorates/environment", ["HC-EN3", "HC-EN2"]),
])
def test_the_golden_threads_gap_lists_the_unmanaged(client, path, gaps):
    text = component_text(draw(client, path))
    listed = text[text.index("with no open remedial action"):text.index("actions linked to an indicator")]
    assert re.findall(r"HC-\w+", listed) == gaps


def test_the_director_review_not_yet_started_is_followed_up(client):
    text = component_text(draw(client, "/directorates/environment"))
    assert "DR-1 Review of agency staff use ○ Not started ✓ Followed up Not started yet, so no progress report is " \
           "due." in text


@pytest.mark.parametrize(("theme", "questions"), [
    ("health-and-wellbeing", [
        ("1 under-performing indicator has no open remedial action: who is acting on it?", "HC-AS2"),
        ("1 indicator missed its target two quarters running: what is the remedial plan?", "HC-AS3"),
        ("1 indicator is forecast to miss its year-end target: what will bring it back on course?", "HC-AS1"),
        ("1 action is overdue: when will it be finished?", "REM-1"),
        ("1 action is behind schedule: what is holding it up?", "REM-3"),
    ]),
    ("cleaner-streets", [
        ("1 under-performing indicator has no open remedial action: who is acting on it?", "HC-EN2"),
        ("1 indicator is forecast to miss its year-end target: what will bring it back on course?", "HC-EN2"),
    ]),
])
def test_the_questions_for_members_are_those_worked_out_by_hand(client, theme, questions):
    text = component_text(draw(client, f"/themes/{theme}"))
    asked = text[text.index("Questions for members") + len("Questions for members"):text.index("How ratings work")]
    assert " ".join(asked.split()) == " ".join(f"{question} About: {about}" for question, about in questions)


def test_the_quarters_direction_of_travel_counts(client):
    text = " ".join(component_text(draw(client, "/assessment")).split())
    assert ("2 Improved of 4 compared 0 Held (no change) of 4 compared 2 Worsened of 4 compared 2 Not compared"
            in text)


@pytest.mark.parametrize(("path", "shown"), [
    ("/assessment", ["No indicator came on target in Q3 2008/09.",
                     "HC-EN2 Household waste recycled (year to date) 6% better than Dec 2007",
                     "HC-AS3 Carers' assessments completed 4% better than Q3 2007/08",
                     "HC-EN1 Missed bin collections ● Green Green 6 periods in a row, to Dec 2008.",
                     "REM-2 Clear the review backlog (Adult Services; completed 20 Nov 2008)"]),
    ("/directorates/environment", ["HC-EN1 Missed bin collections ● Green Green 6 periods in a row",
                                   "No action was completed in Q3 2008/09."]),
    ("/directorates/adult-services", ["No indicator has been on target for 4 periods in a row.",
                                      "REM-2 Clear the review backlog (Adult Services; completed 20 Nov 2008)"]),
])
def test_what_went_well_is_what_was_worked_out_by_hand(client, path, shown):
    if path == "/assessment":
        text = " ".join(component_text(draw(client, path)).split())
    else:  # a directorate's is drawn when its section is opened
        response = client.post("/_dash-update-component", json=section_request_body("went-well", 1, path, AS_AT))
        assert response.status_code == 200
        text = " ".join(" ".join(component_text(output["children"]) for output in
                                 json.loads(response.get_data(as_text=True))["response"].values()).split())
    assert [words in text for words in shown] == [True] * len(shown)
    if path == "/assessment":  # the most improved, largest improvement first
        assert text.index("HC-EN2 Household") < text.index("HC-AS3 Carers' assessments completed 4%")


# --- the working out and the checks say the same ---------------------------------------------------------------

def readme_table(heading: str) -> list[list[str]]:
    """The body rows of the first table under `heading` in docs/hand-council/README.md."""
    text = (COUNCIL / "README.md").read_text(encoding="utf-8")
    section = text[text.index(heading):]
    lines = [line for line in section.splitlines() if line.startswith("|")]
    first = section.splitlines().index(lines[0])
    table = []
    for line in section.splitlines()[first:]:
        if not line.startswith("|"):
            break
        table.append([cell.strip() for cell in line.strip("|").split("|")])
    return table[2:]


def test_the_readme_says_what_the_tests_check():
    under = readme_table("## The under-performance list")
    assert [(row[1], row[2], row[3], row[4], row[6]) for row in under] == [
        (code, rating, reasons, str(missed), unmanaged) for code, rating, reasons, missed, _, unmanaged, _ in UNDER]
    statuses = {row[0]: row[6] for row in readme_table("## Action statuses")}
    assert statuses == {ref: status for ref, status, _ in ACTIONS}
