"""The under-performance list (data/underperformance.py, layouts/underperformance.py, callbacks/underperformance.py):
the store's answer against counts worked out by hand on the demo, the filters, the page through the real callback
payload, hostile filters, and the download."""

from __future__ import annotations

import base64
import csv
import io
import json
from dataclasses import replace

import pytest
from dash import html
from dash_requests import _body, _server_callback, request_body
from helpers import component_text, find_all, make_facts, make_figure, make_row

from dashboard.app import create_app
from dashboard.settings import Settings
from data.answers import (
    ActionProgress,
    Choices,
    LinkedAction,
    UnderPerformance,
    UnderPerformanceFilters,
    UnderPerformanceList,
    UnderPerformer,
)
from data.export import EXCEPTIONS, exceptions_table, to_csv
from data.periods import parse_period
from data.rules import FORECAST_METHOD, ActionKind, ActionStatus, Rating, Reason, Target
from layouts import ids
from layouts.underperformance import under_performance_page

DEC_2008 = parse_period("Dec 2008")
CYP = "children-young-people-s-services"
RESOURCES = "resources"
THEME = "children-and-young-people"

# Children & Young People's Services at Dec 2008, worked out from the demo's files (data/demo/files): each
# indicator's latest figure by then rated against its target with its tolerance (5% unless set), the run of missed
# periods counted back from it, and this year's figures' straight line carried on to the year's last period
# (docs/rules.md). For example REF-REPEAT (quarterly, lower is better, target 24.0): Q2 2008/09 26.9 and Q3 26.4 are
# both more than 5% over (Red, Red: two periods running); the line through 22.6, 26.9, 26.4 (Q1-Q3) has slope 1.9
# and reaches 25.3 + 1.9 x 2 = 29.1 at Q4, over 24.0 (forecast to miss). Its open remedial actions, from
# actions-2008-12-31.csv: REM-CYP-02 (started Apr 2008, 40%, not complete) on IA-7WD (NI 59) and PAF C64 (NI 60),
# REM-CYP-04 (Jul 2008, 75%) on PAF C68 (NI 66); REM-CYP-01 and REM-CYP-03 are complete, so they manage nothing.
# DR-CYP-0x are director reviews, not remedial actions. So 11 under-performing, 8 of them unmanaged.
RED, AMBER_WORSE, TWICE, FORECAST = Reason.RED, Reason.AMBER_WORSENING, Reason.MISSED_TWICE, Reason.FORECAST_MISS
CYP_BY_HAND = {
    "REF-REPEAT": ((RED, TWICE, FORECAST), 2, ()),
    "BV161 / PAF A4": ((RED,), 1, ()),
    "BV163 / PAF C23": ((RED,), 1, ()),
    "PAF C21 (NI 64)": ((RED, FORECAST), 1, ()),  # lower is better: Q3 8.1 against 5.9; line 3.9, 4.9, 8.1 -> 9.8
    "PAF A3 (NI 65)": ((TWICE,), 3, ()),
    "PAF D35 (NI 63)": ((TWICE,), 2, ()),
    "BV49 / PAF A1 (NI 62)": ((AMBER_WORSE,), 1, ()),
    "BV162 / PAF C20 (NI 67)": ((FORECAST,), 0, ()),
    "PAF C64 (NI 60)": ((RED, TWICE, FORECAST), 45, ("REM-CYP-02",)),
    "IA-7WD (NI 59)": ((RED, TWICE, FORECAST), 27, ("REM-CYP-02",)),
    "PAF C68 (NI 66)": ((TWICE, FORECAST), 11, ("REM-CYP-04",)),
}


# --- the store ------------------------------------------------------------------------------------------------

def test_a_directorate_matches_the_counts_worked_out_by_hand(demo):
    answer = demo.under_performance(DEC_2008, UnderPerformanceFilters(directorate=CYP))
    found = {row.under.row.indicator.code: (row.under.reasons, row.under.periods_missed, row.under.remedial_actions)
             for row in answer.rows}
    assert found == CYP_BY_HAND
    assert (len(answer.rows), answer.unmanaged, answer.total) == (11, 8, 17)
    assert answer.notes == ()


def test_unmanaged_come_first_then_the_store_order(demo):
    answer = demo.under_performance(DEC_2008)
    flags = [row.under.unmanaged for row in answer.rows]
    assert flags == sorted(flags, reverse=True)
    assert [row.under for row in answer.rows] == list(demo.exceptions(DEC_2008))  # judged exactly as the export


def test_each_row_carries_its_owner_year_end_target_method_and_remedial_actions(demo):
    answer = demo.under_performance(DEC_2008)
    for row in answer.rows:
        facts = row.under.row.indicator
        assert row.owner == demo.indicator(facts.slug).owner
        assert all(linked.action.kind is ActionKind.REMEDIAL and facts.code in {link.name for link in
                                                                            linked.action.indicators}
                   for linked in row.actions)
        assert {linked.action.ref for linked in row.actions if linked.action.status.is_open} \
            == set(row.under.remedial_actions)
        if row.under.forecast is None:
            assert (row.year_end_target, row.forecast_method) == (None, None)
        else:
            assert row.forecast_method == FORECAST_METHOD[facts.cumulative]
    repeat = next(row for row in answer.rows if row.under.row.indicator.code == "REF-REPEAT")
    assert (round(repeat.under.forecast, 1), repeat.year_end_target) == (29.1, Target(24.0, 24.0))
    linked = next(row for row in answer.rows if row.under.row.indicator.code == "IA-7WD (NI 59)")
    assert [(each.action.ref, each.slug) for each in linked.actions] == [("REM-CYP-02", "rem-cyp-02"),
                                                                         ("REM-CYP-01", "rem-cyp-01")]  # open first


def test_owners_and_year_end_targets_are_read_once_for_all_rows(demo_sqlite):
    from sqlalchemy import event

    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(demo_sqlite.engine, "before_cursor_execute", seen)
    try:
        demo_sqlite.under_performance(DEC_2008)
    finally:
        event.remove(demo_sqlite.engine, "before_cursor_execute", seen)
    assert sum("indicators.owner" in statement for statement in statements) == 1


@pytest.mark.parametrize(("filters", "check"), [
    (UnderPerformanceFilters(), lambda rows: len(rows) == 17),
    (UnderPerformanceFilters(directorate=RESOURCES),
     lambda rows: {r.under.row.indicator.code for r in rows} == {"DWP-PS-14d", "NI 181", "BV8"}),
    (UnderPerformanceFilters(reason=Reason.RED), lambda rows: len(rows) == 8
     and all(Reason.RED in r.under.reasons for r in rows)),
    (UnderPerformanceFilters(unmanaged=True), lambda rows: len(rows) == 13 and all(r.under.unmanaged for r in rows)),
    (UnderPerformanceFilters(directorate=CYP, unmanaged=True, reason=Reason.MISSED_TWICE),
     lambda rows: {r.under.row.indicator.code for r in rows} == {"REF-REPEAT", "PAF A3 (NI 65)", "PAF D35 (NI 63)"}),
    (UnderPerformanceFilters(theme=THEME), lambda rows: rows and all(
        r.under.row.indicator.directorate == "Children & Young People's Services" for r in rows)),
    (UnderPerformanceFilters(priority="a-cleaner-greener-county"),
     lambda rows: {r.under.row.indicator.code for r in rows} == {"NI 193"}),
    (UnderPerformanceFilters(directorate="environment", reason=Reason.RED), lambda rows: rows == ()),
])
def test_the_filters_narrow_the_list(demo_sqlite, filters, check):
    answer = demo_sqlite.under_performance(DEC_2008, filters)
    assert check(answer.rows)
    assert answer.filters == filters
    assert answer.total == 17


@pytest.mark.parametrize(("filters", "used", "note"), [
    (UnderPerformanceFilters(directorate="no-such"), UnderPerformanceFilters(),
     "There is no directorate 'no-such': showing every directorate."),
    (UnderPerformanceFilters(theme="x", priority="y", reason=Reason.RED), UnderPerformanceFilters(reason=Reason.RED),
     "There is no theme 'x': showing every theme."),
])
def test_a_slug_that_names_nothing_is_dropped_with_a_note(demo_sqlite, filters, used, note):
    answer = demo_sqlite.under_performance(DEC_2008, filters)
    assert answer.filters == used
    assert answer.notes[0] == note


# --- the layout -------------------------------------------------------------------------------------------------

def _action(ref: str, status: ActionStatus, progress: float) -> ActionProgress:
    from datetime import date

    return ActionProgress(ref=ref, title=f"<b>{ref}</b>", kind=ActionKind.REMEDIAL, directorate="Resources",
                          priority=None, owner=None, start=date(2008, 4, 1), due=date(2009, 3, 31),
                          progress=progress, completed=None, note=None, reported_on=None, indicators=(),
                          status=status, status_text=str(status))


def _listed(code: str, reasons: tuple[Reason, ...], refs: tuple[str, ...] = (), *, forecast: float | None = None,
            actions: tuple[LinkedAction, ...] = (), title: str = "Indicator") -> UnderPerformance:
    figure = make_figure("Dec 2008", 40.0, 33.0, rating=Rating.RED)
    under = UnderPerformer(row=make_row(make_facts(code=code, slug=code.lower(), title=title), figure),
                           reasons=reasons, periods_missed=3, forecast=forecast, remedial_actions=refs)
    return UnderPerformance(under=under, owner="Head of <i>Finance</i>",
                            year_end_target=Target(30.0, 30.0) if forecast is not None else None,
                            forecast_method=FORECAST_METHOD[False] if forecast is not None else None, actions=actions)


def _answer(*rows: UnderPerformance, filters: UnderPerformanceFilters | None = None) -> UnderPerformanceList:
    return UnderPerformanceList(period=DEC_2008, filters=filters or UnderPerformanceFilters(), rows=rows,
                                total=len(rows), choices=Choices((), (), (), ()))


def _sample() -> UnderPerformanceList:
    behind = LinkedAction(_action("REM-1", ActionStatus.BEHIND, 40.0), "rem-1")
    return _answer(_listed("A1", (Reason.RED, Reason.FORECAST_MISS), forecast=41.5, title="<script>x</script>"),
                   _listed("B2", (Reason.MISSED_TWICE,), ("REM-1",), actions=(behind,)))


def test_the_unmanaged_are_first_under_a_heading_with_their_count():
    page = under_performance_page(_sample(), "2008-12")
    headings = [component_text(h) for h in find_all(page, lambda c: isinstance(c, html.H2))]
    assert headings[1:] == ["No open remedial action: 1 indicator", "With an open remedial action: 1 indicator"]
    text = component_text(page)
    assert text.index("A1") < text.index("B2")
    assert "Showing 2 of 2 under-performing indicators at Dec 2008: 1 with no open remedial action, 1 with one." in text


@pytest.mark.parametrize("shown", [
    "Red", "Forecast to miss target", "Missed two periods running",  # the rules' reasons, in words
    "41.5 days", "against a target of 30 days at the year end (Mar 2009): forecast to miss it",
    FORECAST_METHOD[False],  # how the forecast is made, beside it
    "40%", "Behind", "No remedial action linked", "Owner: Head of <i>Finance</i>",
])
def test_a_row_says_it_in_words(shown):
    assert shown in component_text(under_performance_page(_sample(), "2008-12"))


def test_user_text_is_text_and_progress_a_named_native_bar():
    page = under_performance_page(_sample(), "2008-12")
    title = find_all(page, lambda c: isinstance(c, html.A) and c.href == "/indicators/a1?as_at=2008-12")[0]
    assert title.children[1] == " <script>x</script>"  # a string child: Dash shows it as text, never as markup
    bars = find_all(page, lambda c: isinstance(c, html.Progress))
    assert [(bar.value, bar.max, bar.to_plotly_json()["props"]["aria-label"]) for bar in bars] == \
        [("40", "100", "Progress of REM-1")]
    links = [a.href for a in find_all(page, lambda c: isinstance(c, html.A))]
    assert "/actions/rem-1?as_at=2008-12" in links and "/indicators/a1?as_at=2008-12" in links


def test_the_filters_are_labelled_native_controls_in_the_grids_form():
    page = under_performance_page(_answer(filters=UnderPerformanceFilters(reason=Reason.RED)), "2008-12")
    form = find_all(page, lambda c: isinstance(c, html.Form))[0]
    assert form.id == ids.GRID_FILTERS
    assert form.to_plotly_json()["props"]["data-names"] == "directorate theme priority reason unmanaged"
    selects = find_all(form, lambda c: isinstance(c, html.Select))
    labels = {label.htmlFor for label in find_all(form, lambda c: isinstance(c, html.Label))}
    assert [select.id for select in selects] == [ids.grid_filter(name) for name in
                                                 ("directorate", "theme", "priority", "reason", "unmanaged")]
    assert labels == {select.id for select in selects}
    chosen = [o.value for o in find_all(selects[3], lambda c: isinstance(c, html.Option) and c.selected)]
    assert chosen == ["red"]
    assert "No indicator matches these filters" in component_text(page)


# --- the page and the download, through the real callback payload ---------------------------------------------

@pytest.fixture(scope="module")
def app(demo_sqlite):
    return create_app(Settings(database_url="sqlite://", seed_demo=False, cache_seconds=0), demo_sqlite)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def route(client, pathname: str, search: str = "") -> dict:
    response = client.post("/_dash-update-component", json=request_body(pathname, search))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return json.loads(response.get_data(as_text=True))["response"]


def page_text(response: dict) -> str:
    return component_text(response[ids.PAGE]["children"])


def test_the_router_draws_a_directorates_list(client, demo_sqlite):
    response = route(client, "/underperformance", f"?directorate={CYP}&as_at=2008-12")
    text = page_text(response)
    assert "No open remedial action: 8 indicators" in text
    assert "With an open remedial action: 3 indicators" in text
    assert response[ids.TITLE]["data"].startswith(
        "Under-performance (directorate Children & Young People's Services) as at Dec 2008")
    page = json.dumps(response[ids.PAGE]["children"])
    for row in demo_sqlite.under_performance(DEC_2008, UnderPerformanceFilters(directorate=CYP)).rows:
        assert f"/indicators/{row.under.row.indicator.slug}?as_at=2008-12" in page
    assert "/actions/rem-cyp-02?as_at=2008-12" in page


@pytest.mark.parametrize(("search", "note"), [
    ("?directorate=no-such&as_at=2008-12", "There is no directorate 'no-such'"),
    ("?theme=%3Cscript%3Ealert(1)%3C/script%3E", "There is no theme '<script>alert(1)</script>'"),
    ("?reason=purple", "'purple' is not a reason we can filter by"),
    ("?unmanaged=maybe", "'maybe' is not a yes or no for unmanaged"),
    ("?priority=" + "x" * 5000, "There is no priority"),
    ("?page=0", "is not a page number"),
    ("?directorate=%00%0a&reason=red%27%22", "is not a reason"),
])
def test_hostile_filters_give_a_notice_not_an_error(client, search, note):
    text = page_text(route(client, "/underperformance", search))
    assert note in text
    assert "Under-performance" in text and "Showing " in text


def download_body(button: str, pathname: object, search: object) -> dict:
    key, callback = _server_callback(lambda output: output.component_id == ids.UNDER_DOWNLOAD)
    body = _body(key, callback, {"n_clicks": 1, "pathname": pathname, "search": search})
    body["inputs"] = [dict(spec, value=1 if spec["id"] == button else None) for spec in body["inputs"]]
    body["changedPropIds"] = [f"{button}.n_clicks"]
    return body


def download(client, button: str, pathname: object, search: object = "") -> dict:
    response = client.post("/_dash-update-component", json=download_body(button, pathname, search))
    assert response.status_code == 200
    return json.loads(response.get_data(as_text=True) or "{}")["response"]


@pytest.mark.parametrize(("button", "kind"), [(ids.UNDER_CSV, "csv"), (ids.UNDER_XLSX, "xlsx")])
def test_a_download_is_exactly_the_rows_shown(client, demo_sqlite, button, kind):
    from openpyxl import load_workbook

    sent = download(client, button, "/underperformance", f"?directorate={CYP}&unmanaged=1&as_at=2008-12")
    assert sent[ids.UNDER_DOWNLOAD]["data"]["filename"] == f"under-performance-2008-12.{kind}"
    content = base64.b64decode(sent[ids.UNDER_DOWNLOAD]["data"]["content"])
    if kind == "csv":
        rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    else:
        rows = [[("" if cell is None else str(cell)) for cell in row]
                for row in load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True)]
    assert rows[0] == EXCEPTIONS
    shown = demo_sqlite.under_performance(DEC_2008, UnderPerformanceFilters(directorate=CYP, unmanaged=True)).rows
    assert [row[0] for row in rows[1:]] == [row.under.row.indicator.code for row in shown]
    assert len(rows) == 9 and {row[-1] for row in rows[1:]} == {"yes"}


def test_the_download_is_formula_safe():
    hostile = replace(_listed("=cmd|'/c calc'!A1", (Reason.RED,)).under)
    text = to_csv(EXCEPTIONS, exceptions_table([hostile])).decode("utf-8-sig")
    assert "'=cmd|'" in text and "\n=cmd" not in text


@pytest.mark.parametrize(("pathname", "search"), [
    ("/grid", "?as_at=2008-12"),  # a page without the list
    ("/", ""),
    (None, None),
    (12, ["x"]),
])
def test_a_download_from_elsewhere_says_why_not(client, pathname, search):
    sent = download(client, ids.UNDER_CSV, pathname, search)
    assert ids.UNDER_DOWNLOAD not in sent
    assert "no under-performance list on this page" in component_text(sent[ids.UNDER_DOWNLOAD_NOTE]["children"])


def test_a_database_error_gives_a_notice_not_a_500(demo_sqlite, monkeypatch):
    from data.db import DatabaseError

    app = create_app(Settings(database_url="sqlite://", seed_demo=False, cache_seconds=0), demo_sqlite)

    def broken(*_args):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(demo_sqlite, "under_performance", broken)
    sent = download(app.server.test_client(), ids.UNDER_XLSX, "/underperformance", "?as_at=2008-12")
    assert "database is not answering" in component_text(sent[ids.UNDER_DOWNLOAD_NOTE]["children"])


def test_open_actions_of_other_kinds_are_said_but_do_not_make_it_managed(demo_sqlite, client):
    """REF-REPEAT has no remedial action, so it is unmanaged by the rules; the director's review on it is open,
    and the list says so (its own page lists it too) rather than leaving 'No remedial action linked' alone."""
    answer = demo_sqlite.under_performance(DEC_2008, UnderPerformanceFilters())
    repeat = next(row for row in answer.rows if row.under.row.indicator.code == "REF-REPEAT")
    assert repeat.under.unmanaged and repeat.actions == ()
    assert all(each.action.kind is not ActionKind.REMEDIAL and each.action.status.is_open for each in repeat.others)
    assert "DR-CYP-02" in [each.action.ref for each in repeat.others]
    text = page_text(route(client, "/underperformance", "?as_at=2008-12"))
    assert "No remedial action linked Other open actions, not remedial: DR-CYP-02 (director review, Behind)" \
        in " ".join(text.split())
