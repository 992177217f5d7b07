"""The action tracker and the action page (data/tracker.py, layouts/actions.py, callbacks/actions.py): the store
against counts worked out by hand on the demo, the status by the rule at each date, the filters, the layouts from
hand-made values, then the pages and the downloads through the real callback payload, hostile input included."""

from __future__ import annotations

import base64
import json
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date
from urllib.parse import unquote

import pytest
from dash import html
from dash_requests import _body, _server_callback, request_body
from helpers import component_text, find_all, make_action, make_facts, make_figure

from dashboard.app import create_app
from dashboard.settings import Settings
from data import rules
from data.answers import ACTIONS_PAGE_ROWS, ActionChoices, ActionFilters, ActionPage, IndicatorTrend, Link, Tracker
from data.export import ACTIONS, to_csv, tracker_rows
from data.export import ACTIONS as ACTIONS_COLUMNS
from data.filters import read_filters
from data.importer import slugify
from data.periods import Frequency, parse_period
from data.questions import questions
from data.rules import ActionKind, ActionStatus
from data.tracker import TRACKER_ORDER, action_slug, status_counts
from layouts import ids
from layouts.actions import action_page, start_text, tracker_page, tracker_summary, trend_table

DEC_2008 = parse_period("Dec 2008")
AS_AT = "2008-12"
CYP = "children-young-people-s-services"
SVG = "{http://www.w3.org/2000/svg}"

# Children & Young People's Services as at 31 Dec 2008, worked out by hand from the demo's actions
# (data/demo: each action's start, due and the last progress reported by then) with the rule of DESIGN §3:
# - DR-CYP-01 was due 30 Jun 2008 at 90%: Overdue.
# - REM-CYP-04 (1 Jul 2008 to 31 Jan 2009) 75% with 183 of 214 days gone (85.5%): 75 < 75.5, Behind.
# - REM-CYP-02 and SP-CYP-04 (1 Apr 2008 to 31 Mar 2009) 40% and 55% with 274 of 364 days gone (75.3%): Behind.
# - DR-CYP-02 (1 Jul 2008 to 30 Jun 2009) 25% with 183 of 364 days gone (50.3%): Behind.
# - SP-CYP-02 (1 Sep 2007 to 31 Mar 2009) 75% with 487 of 577 days gone (84.4%): 75 >= 74.4, On track.
# - SP-CYP-03, REM-CYP-01, SP-CYP-01, REM-CYP-03 reported 100%: Complete.
# Shown overdue first, then behind, on track, complete; within each by due date then ref.
CYP_BY_HAND = ["DR-CYP-01", "REM-CYP-04", "REM-CYP-02", "SP-CYP-04", "DR-CYP-02", "SP-CYP-02", "SP-CYP-03",
               "REM-CYP-01", "SP-CYP-01", "REM-CYP-03"]
CYP_COUNTS = {ActionStatus.OVERDUE: 1, ActionStatus.BEHIND: 4, ActionStatus.ON_TRACK: 1,
              ActionStatus.NOT_STARTED: 0, ActionStatus.COMPLETE: 4}


# --- the store ------------------------------------------------------------------------------------------------

def test_one_directorate_worked_out_by_hand(demo):
    tracker = demo.tracker(DEC_2008, ActionFilters(directorate=CYP))
    assert [action.ref for action in tracker.rows] == CYP_BY_HAND
    assert dict(tracker.counts) == CYP_COUNTS
    assert [status for status, _ in tracker.counts] == list(TRACKER_ORDER)
    assert tracker.total == 40  # the demo's actions, before any filter
    assert tracker.notes == ()


@pytest.mark.parametrize(("month", "ref", "progress", "status"), [
    ("Jun 2007", "DR-CYP-01", 5, ActionStatus.ON_TRACK),  # 5% with 7% of the time gone
    ("Dec 2007", "DR-CYP-01", 30, ActionStatus.BEHIND),  # 30% with 54% gone
    ("Sep 2008", "DR-CYP-01", 75, ActionStatus.OVERDUE),  # due 30 Jun 2008
    ("Dec 2008", "DR-CYP-01", 90, ActionStatus.OVERDUE),
    ("Mar 2007", "DR-CYP-01", 0, ActionStatus.NOT_STARTED),  # starts 1 Jun 2007, nothing done
])
def test_the_status_as_at_a_month_follows_the_rule(demo_sqlite, month, ref, progress, status):
    period = parse_period(month)
    action = next(a for a in demo_sqlite.tracker(period).rows if a.ref == ref)
    assert (action.progress, action.status) == (progress, status)
    assert action.status is rules.action_status(period.end, action.start, action.due, action.progress,
                                                action.completed)


def test_every_status_at_every_quarter_end_is_the_rules(demo_sqlite):
    for month in ("Jun 2007", "Mar 2008", "Sep 2008", "Dec 2008"):
        period = parse_period(month)
        for action in demo_sqlite.tracker(period).rows:
            assert action.status is rules.action_status(period.end, action.start, action.due, action.progress,
                                                        action.completed), (month, action.ref)


@pytest.mark.parametrize(("filters", "refs"), [
    (ActionFilters(status=ActionStatus.OVERDUE), {"DR-CYP-01", "SP-ASC-01"}),
    (ActionFilters(kind=ActionKind.REMEDIAL, directorate=CYP), {"REM-CYP-01", "REM-CYP-02", "REM-CYP-03",
                                                               "REM-CYP-04"}),
    (ActionFilters(kind=ActionKind.DIRECTOR_REVIEW, status=ActionStatus.BEHIND), {"DR-CCS-01", "DR-CYP-02"}),
    (ActionFilters(owner="head of  SAFEGUARDING"), {"REM-CYP-01", "REM-CYP-02", "REM-CYP-03"}),
    (ActionFilters(search="caseloads"), {"DR-CYP-01"}),  # within the title
    (ActionFilters(search="rem-cyp-0", status=ActionStatus.COMPLETE), {"REM-CYP-01", "REM-CYP-03"}),
    (ActionFilters(priority="a-thriving-local-economy", status=ActionStatus.BEHIND), {"REM-FIN-01"}),
    (ActionFilters(search="no such action"), set()),
])
def test_filters(demo, filters, refs):
    tracker = demo.tracker(DEC_2008, filters)
    assert {action.ref for action in tracker.rows} == refs
    assert sum(count for _, count in tracker.counts) == len(refs)


@pytest.mark.parametrize(("filters", "note"), [
    (ActionFilters(directorate="no-such-directorate"), "There is no directorate 'no-such-directorate'"),
    (ActionFilters(priority="nope", status=ActionStatus.OVERDUE), "There is no priority 'nope'"),
])
def test_a_slug_that_names_nothing_is_dropped_with_a_note(demo_sqlite, filters, note):
    tracker = demo_sqlite.tracker(DEC_2008, filters)
    assert tracker.notes[0].startswith(note)
    assert tracker.filters.directorate is None and tracker.filters.priority is None
    assert tracker.filters.status is filters.status  # the others still apply


def test_an_action_page_shows_no_report_after_the_month(demo_sqlite):
    page = demo_sqlite.action_page("dr-cyp-01", parse_period("Sep 2008"))
    assert page is not None and page.action.ref == "DR-CYP-01"
    assert [r.as_of for r in page.reports][-2:] == [date(2008, 6, 30), date(2008, 9, 30)]
    assert page.action.progress == 75
    for report in page.reports:
        assert report.status is rules.action_status(report.as_of, page.action.start, page.action.due,
                                                    report.progress, report.completed)
    assert [trend.indicator.code for trend in page.trends] == ["IA-7WD (NI 59)", "PAF C64 (NI 60)"]
    assert all(figure.period.end <= date(2008, 9, 30) for trend in page.trends for figure in trend.history)
    assert all(trend.history for trend in page.trends)


def test_every_action_has_a_page_by_its_refs_slug_as_the_questions_link_it(demo_sqlite):
    actions = demo_sqlite.actions(DEC_2008.end)
    for action in actions:
        page = demo_sqlite.action_page(action_slug(action.ref), DEC_2008)
        assert page is not None and page.action.ref == action.ref
    card = demo_sqlite.scorecard(DEC_2008)
    asked = questions(card, demo_sqlite.exceptions(DEC_2008), actions)
    about = [link for question in asked for link in question.about if link.name in {a.ref for a in actions}]
    assert about  # the demo's questions name overdue and behind actions
    assert all(link.slug == action_slug(link.name) == slugify(link.name) for link in about)


@pytest.mark.parametrize("slug", ["no-such-action", "dr-cyp-01-x", "item"])
def test_an_unknown_slug_has_no_page(demo_sqlite, slug):
    assert demo_sqlite.action_page(slug, DEC_2008) is None


# --- the layouts from hand-made values -------------------------------------------------------------------------

CHOICES = ActionChoices(directorates=(Link("Resources", "resources"),), priorities=())


def make_tracker(actions, filters: ActionFilters = ActionFilters()) -> Tracker:  # noqa: B008
    return Tracker(period=DEC_2008, filters=filters, rows=tuple(actions), counts=status_counts(actions),
                   total=len(actions), choices=CHOICES)


@pytest.mark.parametrize(("count", "page", "first", "last", "paging"), [
    (3, 1, "REM-0", "REM-2", None),
    (ACTIONS_PAGE_ROWS + 1, 1, "REM-0", f"REM-{ACTIONS_PAGE_ROWS - 1}", "Page 1 of 2"),
    (ACTIONS_PAGE_ROWS + 1, 2, f"REM-{ACTIONS_PAGE_ROWS}", f"REM-{ACTIONS_PAGE_ROWS}", "Page 2 of 2"),
    (ACTIONS_PAGE_ROWS + 1, 9, f"REM-{ACTIONS_PAGE_ROWS}", f"REM-{ACTIONS_PAGE_ROWS}", "Page 2 of 2"),
])
def test_actions_come_a_page_at_a_time(count, page, first, last, paging):
    tracker = make_tracker([make_action(ref=f"REM-{i}") for i in range(count)], ActionFilters(page=page))
    drawn = tracker_page(tracker, AS_AT)
    refs = [row.children[0].children.children for row in find_all(drawn, lambda c: isinstance(c, html.Tr))[1:]]
    assert (refs[0], refs[-1]) == (first, last)
    navigation = find_all(drawn, lambda c: isinstance(c, html.Nav))
    assert (component_text(navigation[0]).count(paging) if navigation else None) == (1 if paging else None)


def test_each_ref_links_to_its_page_at_the_month():
    drawn = tracker_page(make_tracker([make_action(ref="REM / CYP 01")]), AS_AT)
    links = [c.href for c in find_all(drawn, lambda c: isinstance(c, html.A))]
    assert "/actions/rem-cyp-01?as_at=2008-12" in links


@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "**bold** [x](http://evil)", "=HYPERLINK(\"x\")"])
def test_user_text_is_shown_as_text(text):
    action = make_action(title=text, note=text, owner=text, reported_on=date(2008, 12, 31))
    drawn = tracker_page(make_tracker([action]), AS_AT)
    shown = find_all(drawn, lambda c: getattr(c, "children", None) == text)
    assert len(shown) >= 2  # the title and the note, each a text child of its own element


def test_the_summary_and_counts_say_what_is_shown_in_words():
    actions = [make_action(ref="A", status=ActionStatus.OVERDUE), make_action(ref="B", status=ActionStatus.BEHIND),
               make_action(ref="C", status=ActionStatus.BEHIND)]
    tracker = make_tracker(actions, ActionFilters(kind=ActionKind.REMEDIAL, owner="Head"))
    assert tracker_summary(tracker) == ("Showing 3 of 3 actions (kind remedial; owner containing “Head”) as at "
                                        "31 Dec 2008: 1 Overdue, 2 Behind.")
    text = component_text(tracker_page(tracker, AS_AT))
    assert "Overdue first, then behind" in text
    assert "Clear the filters" in text


def test_every_filter_is_a_labelled_native_control_in_the_grids_form():
    drawn = tracker_page(make_tracker([make_action()]), AS_AT)
    form = find_all(drawn, lambda c: getattr(c, "id", None) == ids.GRID_FILTERS)[0]
    assert form.to_plotly_json()["props"]["data-names"] == "kind priority directorate status owner search"
    labels = {c.htmlFor for c in find_all(form, lambda c: isinstance(c, html.Label))}
    assert labels == {ids.grid_filter(name) for name in ("kind", "priority", "directorate", "status", "owner",
                                                         "search")}


# an action's start on the trends of the indicators it is meant to move: figures worked out by hand
MONTHS = [("Jan 2008", 40.0), ("Feb 2008", 38.0), ("Mar 2008", 30.0), ("Apr 2008", 28.0), ("May 2008", None),
          ("Jun 2008", 25.0)]
QUARTERS = [("Q4 2007/08", 14.0), ("Q1 2008/09", 12.0), ("Q2 2008/09", 10.0)]


def make_trend(figures, frequency: Frequency = Frequency.MONTHLY) -> IndicatorTrend:
    return IndicatorTrend(make_facts(frequency=frequency),
                          tuple(make_figure(label, actual, frequency=frequency) for label, actual in figures))


@pytest.mark.parametrize(("figures", "frequency", "start", "said", "under_way"), [
    # started mid-March: March's figure is the first the action may have moved; May's is missing
    (MONTHS, Frequency.MONTHLY, date(2008, 3, 15),
     "Action under way from Mar 2008 (the dotted upright line): 30 days then, 25 days in Jun 2008.",
     ["Not yet", "Not yet", "Yes", "Yes", "Yes", "Yes"]),
    (MONTHS, Frequency.MONTHLY, date(2008, 1, 1),
     "Action under way from Jan 2008 (the dotted upright line): 40 days then, 25 days in Jun 2008.", ["Yes"] * 6),
    (MONTHS[:3], Frequency.MONTHLY, date(2008, 3, 1),
     "Action under way from Mar 2008 (the dotted upright line): 30 days then.", ["Not yet", "Not yet", "Yes"]),
    (MONTHS, Frequency.MONTHLY, date(2008, 7, 1), "The action starts in Jul 2008, after the latest figure here.",
     ["Not yet"] * 6),
    # a quarterly indicator: the quarter the action started in
    (QUARTERS, Frequency.QUARTERLY, date(2008, 5, 1),
     "Action under way from May 2008 (the dotted upright line, in Q1 2008/09): 12 days then, 10 days in "
     "Q2 2008/09.", ["Not yet", "Yes", "Yes"]),
])
def test_an_action_page_marks_the_start_on_each_trend_and_its_table(figures, frequency, start, said, under_way):
    trend = make_trend(figures, frequency)
    action = make_action(start=start)
    assert start_text(trend, start) == said
    twin = trend_table(trend, action)
    assert [c.children for c in find_all(twin, lambda c: isinstance(c, html.Th))] == \
        ["Period", "Figure", "Rating", "Action under way"]
    rows = find_all(twin, lambda c: isinstance(c, html.Tr))[1:]
    assert [(row.children[0].children, row.children[3].children) for row in rows] == \
        list(zip([label for label, _ in figures], under_way, strict=True))
    page = ActionPage(period=DEC_2008, slug="rem-0", action=action, reports=(), trends=(trend,))
    drawn = action_page(page, AS_AT)
    assert said in component_text(drawn)
    picture = find_all(drawn, lambda c: isinstance(c, html.Img) and c.className == "sparkline")[0]
    svg = ET.fromstring(unquote(picture.src.removeprefix("data:image/svg+xml,")))
    lines = [line for line in svg.iter(f"{SVG}line") if line.get("stroke-dasharray") == "2 2"]
    if "Yes" not in under_way:
        assert lines == [] and "start" not in picture.alt
        return
    # the upright line stands at the first figure under way (the points are evenly spaced across the plot)
    first = under_way.index("Yes")
    assert [(line.get("x1"), line.get("x2")) for line in lines] == [(f"{_x(first, len(figures)):.1f}",) * 2]
    assert picture.alt.endswith("The dotted upright line marks the action's start.")


def _x(i: int, count: int) -> float:
    """Where the sparkline puts the i-th of `count` periods (layouts/sparklines.py: 40 px on the left, 6 on the
    right of 240)."""
    return 40 + (240 - 40 - 6) * i / (count - 1)


# --- the pages and downloads through the real callback payload -----------------------------------------------

@pytest.fixture(scope="module")
def client(demo_sqlite):
    return create_app(Settings(database_url="sqlite://", seed_demo=False, cache_seconds=0),
                      demo_sqlite).server.test_client()


def route(client, pathname: object, search: object = "") -> dict:
    response = client.post("/_dash-update-component", json=request_body(pathname, search))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return json.loads(response.get_data(as_text=True))["response"]


def page_text(response: dict) -> str:
    return component_text(response[ids.PAGE]["children"])


def test_the_router_draws_the_tracker_filtered_to_overdue(client):
    response = route(client, "/actions", f"?status=overdue&as_at={AS_AT}")
    text = page_text(response)
    assert "Showing 2 of 40 actions (status Overdue) as at 31 Dec 2008: 2 Overdue." in text
    assert response[ids.TITLE]["data"].startswith("Action tracker (status Overdue) as at Dec 2008")
    drawn = json.dumps(response[ids.PAGE]["children"])
    assert "/actions/dr-cyp-01?as_at=2008-12" in drawn and "/actions/sp-asc-01?as_at=2008-12" in drawn


def test_the_router_draws_an_action_page(client):
    text = page_text(route(client, "/actions/dr-cyp-01", f"?as_at={AS_AT}"))
    assert "Progress reported 8 times: from 0% on 31 Mar 2007 to 90% on 31 Dec 2008." in text
    assert "Now: Overdue: due 30 Jun 2008 and 90% complete." in text
    assert "Progress reports as a table" in text
    assert "IA-7WD (NI 59)" in text and "Trend:" not in text  # the trend is in the pictures' alt text


@pytest.mark.parametrize(("pathname", "search", "said"), [
    ("/actions/no-such-action", "", "This action was not found"),
    ("/actions/%3Cscript%3E", "", "This page was not found"),  # not a slug: the router says so
    ("/actions/" + "a" * 5000, "", "not found"),
    ("/actions/dr-cyp-01/more", "", "This page was not found"),
    ("/actions", "?status=purple&as_at=2008-12", "'purple' is not a status"),
    ("/actions", "?kind=%00%3Cb%3E", "is not a kind"),
    ("/actions", "?directorate=%3Cscript%3E", "There is no directorate '<script>'"),
    ("/actions", "?owner=" + "x" * 5000, "first 100"),
    ("/actions", "?page=-1", "is not a page number"),
    ("/actions", "?search=%3D1%2B1", "No action matches these filters"),
])
def test_hostile_refs_and_filters_get_a_clear_page(client, pathname, search, said):
    assert said in page_text(route(client, pathname, search))


def download_body(button: str, pathname: object, search: object) -> dict:
    key, callback = _server_callback(lambda output: output.component_id == ids.ACTIONS_DOWNLOAD)
    body = _body(key, callback, {"n_clicks": 1, "pathname": pathname, "search": search})
    body["inputs"] = [dict(spec, value=1 if spec["id"] == button else None) for spec in body["inputs"]]
    body["changedPropIds"] = [f"{button}.n_clicks"]
    return body


def download(client, button: str, pathname: object, search: object = "") -> dict:
    response = client.post("/_dash-update-component", json=download_body(button, pathname, search))
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True))["response"]


@pytest.mark.parametrize(("button", "kind"), [(ids.ACTIONS_CSV, "csv"), (ids.ACTIONS_XLSX, "xlsx")])
def test_a_download_is_exactly_the_actions_shown(client, demo_sqlite, button, kind):
    sent = download(client, button, "/actions", f"?directorate={CYP}&as_at={AS_AT}")[ids.ACTIONS_DOWNLOAD]["data"]
    assert sent["filename"] == f"actions-2008-12.{kind}"
    content = base64.b64decode(sent["content"])
    if kind == "xlsx":
        assert content[:2] == b"PK"
        return
    rows = tracker_rows(demo_sqlite.tracker(DEC_2008, ActionFilters(directorate=CYP)))
    assert content == to_csv(ACTIONS, rows)
    lines = content.decode("utf-8-sig").split("\r\n")
    assert lines[0] == ",".join(ACTIONS)
    assert [line.split(",")[0] for line in lines[1:-1]] == CYP_BY_HAND


@pytest.mark.parametrize(("pathname", "search"), [("/grid", "?as_at=2008-12"), ("/actions/dr-cyp-01", ""),
                                                  (None, None), (12, ["x"])])
def test_a_download_from_elsewhere_says_why_not(client, pathname, search):
    response = download(client, ids.ACTIONS_CSV, pathname, search)
    assert ids.ACTIONS_DOWNLOAD not in response
    assert "no action tracker on this page" in component_text(response[ids.ACTIONS_DOWNLOAD_NOTE]["children"])


def test_a_download_neutralises_formulas():
    rows = tracker_rows(make_tracker([make_action(ref="=1+1", title="@SUM(A1)", owner="-2")]))
    text = to_csv(ACTIONS, rows).decode("utf-8-sig")
    assert "'=1+1" in text and "'@SUM(A1)" in text and "'-2" in text


def test_the_urls_filters_round_trip(client):
    filters, notes = read_filters(f"?kind=remedial&directorate={CYP}&status=behind&owner=Head&as_at=2008-12",
                                  ActionFilters)
    assert notes == ()
    assert filters == ActionFilters(kind=ActionKind.REMEDIAL, directorate=CYP, status=ActionStatus.BEHIND,
                                    owner="Head")
    text = page_text(route(client, "/actions", f"?kind=remedial&directorate={CYP}&status=behind&as_at=2008-12"))
    assert "Showing 2 of 40 actions" in text  # REM-CYP-04 and REM-CYP-02 (worked out by hand above)


def test_an_action_page_draws_every_part_and_says_when_nothing_is_reported(demo_sqlite):
    page = demo_sqlite.action_page("sp-cyp-04", DEC_2008)
    drawn = action_page(page, AS_AT)
    text = component_text(drawn)
    for part in ("Progress through time", "Notes", "The indicators it is meant to move", "Status then and why"):
        assert part in text
    images = find_all(drawn, lambda c: isinstance(c, html.Img))
    assert all(image.alt for image in images) and len(images) == 1 + len(page.trends)
    before = action_page(replace(page, reports=()), AS_AT)
    assert "No progress reported by 31 Dec 2008." in component_text(before)
    assert "Progress reports as a table" not in component_text(before)


def test_the_first_view_of_a_filtered_tracker_comes_inside_the_layout(demo_sqlite):
    app = create_app(Settings(database_url="sqlite://", seed_demo=False, cache_seconds=0), demo_sqlite)
    address = f"/actions?directorate={CYP}&status=behind&as_at=2008-12"
    with app.server.test_request_context("/_dash-layout", headers={"Referer": f"http://localhost{address}"}):
        layout = app.layout()
    assert layout[ids.URL].search == f"?directorate={CYP}&status=behind&as_at=2008-12"
    assert "Showing 4 of 40 actions" in component_text(layout[ids.PAGE].children)


def test_a_database_error_gives_a_notice_not_a_500(demo_sqlite, monkeypatch):
    from data.db import DatabaseError

    app = create_app(Settings(database_url="sqlite://", seed_demo=False, cache_seconds=0), demo_sqlite)

    def broken(*_args):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(demo_sqlite, "tracker", broken)
    response = download(app.server.test_client(), ids.ACTIONS_XLSX, "/actions", "?as_at=2008-12")
    assert "database is not answering" in component_text(response[ids.ACTIONS_DOWNLOAD_NOTE]["children"])


def test_refs_making_one_slug_and_a_hostile_ref_in_a_small_council(store):
    from helpers import ACTIONS, ACTIONS_HEADER, DEFINITIONS, DEFINITIONS_HEADER, csv_bytes

    from data.importer import load_file

    hostile = "=cmd|' /C calc'!A0"
    extra = [["REM/1", "A second plan whose ref makes the same slug", "remedial", "Resources", "", "BV78a", "",
              "2006-07-01", "2007-06-30", "10", "", ""],
             [hostile, "<img src=x onerror=alert(1)>", "service plan", "Resources", "", "", "", "2006-04-01",
              "2007-03-31", "", "", ""]]
    load_file(store.engine, csv_bytes(DEFINITIONS_HEADER, DEFINITIONS), filename="d.csv")
    load_file(store.engine, csv_bytes(ACTIONS_HEADER, ACTIONS + extra), filename="a.csv", as_of=date(2006, 11, 30))
    november = parse_period("Nov 2006")
    assert store.action_page("rem-1", november).action.ref == "REM-1"  # the first of the two by ref
    page = store.action_page(action_slug(hostile), november)
    assert page is not None and page.action.ref == hostile
    drawn = action_page(page, "2006-11")
    heading = find_all(drawn, lambda c: isinstance(c, html.H1))[0]
    assert " <img src=x onerror=alert(1)>" in heading.children  # a plain string: React shows it as text
    assert not find_all(drawn, lambda c: isinstance(c, html.Img) and "onerror" in str(c.src))
    rows = tracker_rows(store.tracker(november))
    assert to_csv(ACTIONS_COLUMNS, rows).decode("utf-8-sig").count("'=cmd") == 1


def test_a_note_carried_forward_is_written_once_with_how_often_and_until_when():
    from datetime import date

    from data.answers import ActionPage, ProgressReport
    from data.periods import parse_period
    from data.rules import ActionStatus

    def report(day: date, note: str | None) -> ProgressReport:
        return ProgressReport(day, 50.0, None, note, ActionStatus.BEHIND, "Behind.")

    reports = (report(date(2008, 6, 30), "Recruiting"), report(date(2008, 9, 30), "Recruiting"),
               report(date(2008, 10, 31), None), report(date(2008, 11, 30), "Recruiting"),
               report(date(2008, 12, 31), "Two posts filled"))
    page = action_page(ActionPage(parse_period("Dec 2008"), "rem-0", make_action(), reports, ()), "2008-12")
    (listed,) = find_all(page, lambda c: getattr(c, "className", None) == "notes-list")
    notes = [" ".join(component_text(item).replace(" :", ":").split()) for item in listed.children]
    assert notes == ["31 Dec 2008: Two posts filled",
                     "30 Jun 2008: Recruiting (the same note in 3 reports, to 30 Nov 2008)"]
