"""The report pack's pages: what a pack's address asks for, read and checked (tables of good and hostile values);
the form and the snapshot page from hand-made values; the indicator page's note worked out by hand; then the
pages through the real callback payload and the files through the Flask test client on the demo council, with a
pack frozen and a revising import after it."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from datetime import date

import pytest
from conftest import BACKENDS
from dash_requests import routed
from helpers import component_text, csv_bytes, find_all, make_figure

from callbacks.report import (
    AskError,
    PackAsk,
    quarter_param,
    quarters,
    read_pack_ask,
    read_quarter,
)
from dashboard.app import create_app
from dashboard.pdf import pdf_available
from dashboard.report import Format
from dashboard.settings import Settings
from data import snapshots
from data.answers import Link
from data.db import sqlite_url
from data.importer import load_file, slugify
from data.periods import Frequency, parse_period
from data.report import Audience, Frozen, PackFigure, ScopeKind, build_pack, figures
from data.rules import Polarity, Rating
from data.snapshots import SnapshotSummary, restated_figures
from data.store import Store
from layouts.indicator import restated_note
from layouts.report import FORMATS, PACK_PATH, ReportChoices, refusal_page, report_page, snapshots_table
from layouts.report_pack import pack_html

Q3 = parse_period("Q3 2008/09")
CABINET = "Cabinet 15 January 2009"
ON = date(2009, 1, 15)
THEME = "children-and-young-people"
SCRIPT = "<script>alert(1)</script>"
LONG = "x" * 5000
FORMAT_VALUES = [fmt.value for fmt in Format]


# --- what a pack's address asks for ------------------------------------------------------------------------------

@pytest.mark.parametrize(("written", "label"), [
    ("2008-09-q3", "Q3 2008/09"), ("2008-09-Q3", "Q3 2008/09"), ("Q3 2008/09", "Q3 2008/09"),
    (" 2006-07-q1 ", "Q1 2006/07"), ("2009/10 Q4", "Q4 2009/10"),
])
def test_a_quarter_is_read_as_the_url_or_a_person_writes_it(written, label):
    period = read_quarter(written)
    assert period.label == label
    assert read_quarter(quarter_param(period)) == period


@pytest.mark.parametrize("written", ["2008-12", "Dec 2008", "2008/09", "2008-10-q3", "2008-09-q5", SCRIPT, LONG[:200]])
def test_what_is_not_a_quarter_is_refused_in_one_line(written):
    with pytest.raises(AskError) as refused:
        read_quarter(written)
    assert "is not a quarter: write one as 2008-09-q3 or Q3 2008/09" in str(refused.value)
    assert "\n" not in str(refused.value) and len(str(refused.value)) < 120


@pytest.mark.parametrize(("args", "asked", "filename"), [
    ({"period": "2008-09-q3", "audience": "cabinet", "format": "pdf"},
     PackAsk(Q3, Audience.CABINET, None, "pdf"), "cabinet-2008-09-q3.pdf"),
    ({"period": "2008-09-q3", "audience": "Scrutiny", "theme": THEME, "directorate": "", "format": "HTML"},
     PackAsk(Q3, Audience.SCRUTINY, (ScopeKind.THEME, THEME), "html"),
     "scrutiny-theme-children-and-young-people-2008-09-q3.html"),
    ({"period": "Q3 2008/09", "audience": "scrutiny", "theme": "", "directorate": "resources", "format": "xlsx"},
     PackAsk(Q3, Audience.SCRUTINY, (ScopeKind.DIRECTORATE, "resources"), "xlsx"),
     "scrutiny-directorate-resources-2008-09-q3.xlsx"),
    ({"period": "2008-09-q3", "audience": "scrutiny", "format": "xlsx"},
     PackAsk(Q3, Audience.SCRUTINY, None, "xlsx"), "scrutiny-2008-09-q3.xlsx"),
])
def test_a_packs_address_is_read_whole(args, asked, filename):
    found = read_pack_ask(args, FORMAT_VALUES)
    assert found == asked
    assert found.filename == filename


GOOD = {"period": "2008-09-q3", "audience": "scrutiny", "format": "html"}


@pytest.mark.parametrize(("changes", "message"), [
    ({"format": "docx"}, "'docx' is not a format a pack can be made in: choose html, pdf, xlsx."),
    ({"format": ""}, "Choose the format the pack is made in: html, pdf, xlsx."),
    ({"period": ""}, "Choose the quarter the pack is for."),
    ({"audience": ""}, "Choose the audience the pack is for: cabinet or scrutiny."),
    ({"period": SCRIPT}, "'<script>alert(1)</script>' is not a quarter"),
    ({"period": LONG}, "The period asked for is 5,000 characters long: at most 200 can be one."),
    ({"audience": "council"}, "'council' is not an audience: choose cabinet or scrutiny."),
    ({"audience": SCRIPT}, "'<script>alert(1)</script>' is not an audience"),
    ({"theme": THEME, "directorate": "resources"}, "not both"),
    ({"theme": SCRIPT}, "There is no theme '<script>alert(1)</script>'."),
    ({"directorate": "no such " * 20}, "There is no directorate 'no such no such no such no such no such…'."),
    ({"audience": "cabinet", "theme": THEME}, "A Cabinet pack covers the whole council: choose Scrutiny for a "
                                               "theme or a directorate, or set them back to Whole council."),
    ({"audience": "cabinet", "directorate": "resources"}, "A Cabinet pack covers the whole council: choose"),
    ({"format": LONG}, "The format asked for is 5,000 characters long"),
])
def test_a_value_that_cannot_be_used_is_refused_in_one_line(changes, message):
    with pytest.raises(AskError) as refused:
        read_pack_ask({**GOOD, **changes}, FORMAT_VALUES)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)


@pytest.mark.parametrize(("args", "message"), [
    ({}, "Choose the quarter the pack is for."),
    ({"format": "docx"}, "Choose the quarter the pack is for."),
    ({"period": "2008-09-q3"}, "Choose the audience the pack is for"),
    ({"period": "nope", "audience": "nope", "format": "nope"}, "'nope' is not a quarter"),
    ({"period": "2008-09-q3", "audience": "nope", "theme": SCRIPT, "format": "nope"}, "'nope' is not an audience"),
    ({"period": "2008-09-q3", "audience": "scrutiny", "theme": "a", "directorate": "b", "format": "nope"},
     "A scrutiny pack covers a theme or a directorate, not both"),
    ({"period": "2008-09-q3", "audience": "cabinet", "theme": THEME}, "A Cabinet pack covers"),
    ({"period": "2008-09-q3", "audience": "cabinet"}, "Choose the format the pack is made in"),
])
def test_the_values_are_checked_in_the_forms_order_and_what_is_missing_is_named(args, message):
    """Quarter, audience, scope, format: the first that is missing or cannot be used is the one said."""
    with pytest.raises(AskError) as refused:
        read_pack_ask(args, FORMAT_VALUES)
    assert str(refused.value).startswith(message)


def test_the_quarters_with_figures_are_those_of_the_months_newest_first():
    months = [parse_period(label) for label in ("Jan 2009", "Dec 2008", "Oct 2008", "Sep 2008", "Jun 2007")]
    assert [quarter.label for quarter in quarters(months)] == ["Q4 2008/09", "Q3 2008/09", "Q2 2008/09",
                                                              "Q1 2007/08"]


# --- the form and the snapshot page, from hand-made values ----------------------------------------------------------

def summary(name: str = CABINET, slug: str = "cabinet-15-january-2009") -> SnapshotSummary:
    return SnapshotSummary(name=name, slug=slug, audience=Audience.CABINET, scope=None, period="Q3 2008/09",
                           as_at="Dec 2008", frozen_on=ON, data_version="1-x", created_at=None, sha256="0" * 64,
                           figures=3)


def choices(pdf: str | None = None, found: tuple[SnapshotSummary, ...] = ()) -> ReportChoices:
    return ReportChoices(quarters=(("Q3 2008/09", "2008-09-q3"), ("Q2 2008/09", "2008-09-q2")), chosen="2008-09-q3",
                         themes=(), directorates=(), pdf_unavailable=pdf, snapshots=found)


def test_the_forms_formats_are_those_the_server_makes():
    assert [value for value, _text in FORMATS] == FORMAT_VALUES


def test_the_form_is_a_plain_get_to_the_server_with_every_choice_labelled():
    page = report_page(choices())
    form, = find_all(page, lambda node: getattr(node, "action", None) == PACK_PATH)
    assert form.method == "get"
    selects = find_all(form, lambda node: type(node).__name__ == "Select")
    labels = {node.htmlFor for node in find_all(form, lambda node: type(node).__name__ == "Label")}
    assert [select.name for select in selects] == ["period", "audience", "theme", "directorate", "format"]
    assert {select.id for select in selects} == labels
    submit, = find_all(form, lambda node: type(node).__name__ == "Button")
    assert (submit.children, submit.type) == ("Download", "submit")
    chosen = [option.value for option in selects[0].children if option.selected]
    assert chosen == ["2008-09-q3"]


@pytest.mark.parametrize(("pdf", "said"), [
    (None, "PDF: A4, for the agenda pack"),
    ("PDF packs need Pango", "PDF: A4, for the agenda pack (not available on this server: PDF packs need Pango)"),
])
def test_the_pdf_choice_says_in_one_line_when_it_cannot_be_made(pdf, said):
    text = component_text(report_page(choices(pdf)))
    assert said in text
    assert ("PDF packs cannot be made on this server" in text) is (pdf is not None)


def test_the_packs_as_reported_are_listed_each_linking_to_its_page():
    text = component_text(snapshots_table((summary(),), "2008-12"))
    for shown in (CABINET, "Cabinet, whole council", "Q3 2008/09", "15 January 2009"):
        assert shown in text
    link, = find_all(snapshots_table((summary(),), "2008-12"), lambda node: type(node).__name__ == "Link")
    assert link.href == "/snapshots/cabinet-15-january-2009?as_at=2008-12"
    assert "No pack has been frozen yet" in component_text(snapshots_table((), None))


def test_the_refusal_page_shows_the_message_as_text_and_links_back():
    page = refusal_page("This pack cannot be made", f"'{SCRIPT}' is not an audience")
    assert SCRIPT not in page and "&lt;script&gt;" in page
    assert '<a href="/report">' in page and '<html lang="en-GB">' in page


def test_the_refusal_page_has_the_apps_look_and_links_back_with_the_choices_kept():
    page = refusal_page("This pack cannot be made", "Choose the quarter the pack is for.",
                        "period=2008-09-q3&audience=cabinet&theme=x", "Borough <of> Demo")
    for sheet in ("/assets/style.css", "/assets/report.css"):
        assert f'<link rel="stylesheet" href="{sheet}">' in page
    assert '<header class="header">' in page and '<span class="header__council">Borough &lt;of&gt; Demo</span>' in page
    assert "<h1>This pack cannot be made</h1>" in page
    assert '<a href="/report?period=2008-09-q3&amp;audience=cabinet&amp;theme=x">Back to the report pack</a>' in page


def test_the_scope_says_it_is_for_scrutiny_packs_only_and_each_of_its_fields_is_described_by_that():
    page = report_page(choices())
    hint, = find_all(page, lambda node: getattr(node, "id", None) == "pack-scope-hint")
    assert hint.children.startswith("For scrutiny packs only: a Cabinet pack always covers the whole council.")
    scope = find_all(page, lambda node: type(node).__name__ == "Select" and node.name in ("theme", "directorate"))
    assert [getattr(select, "aria-describedby") for select in scope] == ["pack-scope-hint"] * 2
    assert "Scope (scrutiny packs only)" in component_text(page)


def test_the_form_shows_the_choices_kept():
    found = dataclasses.replace(choices(), themes=(Link("Children", "children"),),
                                directorates=(Link("Resources", "resources"),),
                                kept=(Audience.SCRUTINY, "children", ""))
    picked = {select.name: [option.value for option in select.children if option.selected]
              for select in find_all(report_page(found), lambda node: type(node).__name__ == "Select")}
    assert picked == {"period": ["2008-09-q3"], "audience": ["scrutiny"], "theme": ["children"],
                      "directorate": [""], "format": []}


# --- an indicator's note, worked out by hand ------------------------------------------------------------------------

def reported(**changes: object) -> PackFigure:
    """NI 8 as Cabinet was shown it: 45% in Dec 2008 against 40%, Green."""
    shown = PackFigure(
        code="NI 8", title="Adult participation in sport", directorate="Community", owner=None, unit="%",
        polarity=Polarity.HIGHER, frequency=Frequency.MONTHLY, period="Dec 2008", actual=45.0, target_low=40.0,
        target_high=40.0, provisional=False, rating=Rating.GREEN, rating_text="Green.", short_term=None,
        long_term=None, late=None, due=None, trend=())
    return dataclasses.replace(shown, **changes)


@pytest.mark.parametrize(("figure", "history", "note"), [
    (reported(), [make_figure("Dec 2008", 45.0, 40.0)], None),
    (reported(), [make_figure("Dec 2008", 45.0, 40.0, provisional=True)], None),  # a status alone is no restatement
    (reported(), [make_figure("Nov 2008", 44.0, 40.0)], None),  # the page is as at a month before the figure
    (reported(), [make_figure("Dec 2008", 47.2, 40.0)],
     "Reported to Cabinet 15 January 2009 (Dec 2008): figure revised 45% → 47.2%"),
    (reported(), [make_figure("Dec 2008", 30.0, 40.0, "Red")],
     "Reported to Cabinet 15 January 2009 (Dec 2008): figure revised 45% → 30%; rating Green → Red"),
    (reported(), [make_figure("Dec 2008", 45.0, 50.0, "Amber")],
     "Reported to Cabinet 15 January 2009 (Dec 2008): target 40% → 50%; rating Green → Amber"),
    (reported(period="Nov 2008", actual=44.0, due="Dec 2008", late="Return for Dec 2008 is 1 month late"),
     [make_figure("Nov 2008", 44.0, 40.0), make_figure("Dec 2008", 46.0, 40.0)],
     "Reported to Cabinet 15 January 2009 (Nov 2008): late return for Dec 2008 arrived: 46%"),
    (reported(period="Nov 2008", actual=44.0, due="Dec 2008", late="Return for Dec 2008 is 1 month late"),
     [make_figure("Nov 2008", 44.0, 40.0), make_figure("Dec 2008", None, 40.0)], None),  # still late
    (reported(), [make_figure("Oct 2008", 41.0, 40.0), make_figure("Nov 2008", 38.0, 42.0, "Amber"),
                  make_figure("Dec 2008", None, 40.0)],  # Dec's actual blanked by a later load
     "Reported to Cabinet 15 January 2009 (Dec 2008): Dec 2008 figure withdrawn (was 45%); now showing Nov 2008: "
     "38%; target 40% → 42%; rating Green → Amber"),
    (reported(), [make_figure("Dec 2008", None, 40.0)],  # and nothing before it
     "Reported to Cabinet 15 January 2009 (Dec 2008): figure revised 45% → no figure; rating Green → No data"),
])
def test_an_indicator_notes_each_pack_whose_figure_has_been_restated(figure, history, note):
    found = restated_figures(((summary(), figure),), history)
    notes = [" ".join(component_text(restated_note(shown, restatement, "2009-01")).split())
             for shown, restatement in found]
    assert notes == ([note] if note else [])


def test_the_note_links_to_the_pack_as_reported():
    (shown, restatement), = restated_figures(((summary(),  reported()),), [make_figure("Dec 2008", 47.2, 40.0)])
    link, = find_all(restated_note(shown, restatement, "2009-01"), lambda node: type(node).__name__ == "Link")
    assert (link.children, link.href) == (CABINET, "/snapshots/cabinet-15-january-2009?as_at=2009-01")


# --- through the app, on the demo council ------------------------------------------------------------------------

@pytest.fixture(scope="module", params=BACKENDS)
def client(request):
    """The app over the demo council on each kind of database (which these tests do not change)."""
    demo = request.getfixturevalue(f"demo_{request.param}")
    return create_app(Settings(database_url="sqlite://", seed_demo=False), demo).server.test_client()


def selected(page: str) -> list[str]:
    """The values of the options selected in a page as the router sent it."""
    found, stack = [], [json.loads(page)]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict) and "props" in node:
            if node.get("type") == "Option" and node["props"].get("selected"):
                found.append(node["props"]["value"])
            stack.append(node["props"].get("children"))
    return found


def shown_text(page: str) -> str:
    """A page as the router sent it, its text as written (not as JSON or a Markdown table escape it)."""
    return json.dumps(json.loads(page), ensure_ascii=False).replace("\\\\", "")


def test_the_report_page_offers_the_quarters_with_figures_newest_first_and_every_scope(client):
    title, page = routed(client, "/report")
    assert title == "Report pack – Council Performance Dashboard"
    places = [page.index(f'"value": "{value}"') for value in ("2008-09-q3", "2008-09-q2", "2008-09-q1", "2007-08-q4")]
    assert places == sorted(places)  # newest first
    assert picked(page, "period") == "2008-09-q3"
    for shown in ("Children and Young People", "Resources", "Packs as reported", '"action": "/report/pack"'):
        assert shown in page


def test_the_month_chosen_chooses_its_quarter(client):
    _title, page = routed(client, "/report", "?as_at=2008-08")
    assert picked(page, "period") == "2008-09-q2"


@pytest.mark.parametrize(("search", "chosen"), [
    ("?period=2008-09-q2&audience=scrutiny&theme=children-and-young-people",
     ["2008-09-q2", "scrutiny", "children-and-young-people", ""]),
    ("?period=2008-09-q3&audience=cabinet&directorate=resources", ["2008-09-q3", "cabinet", "", "resources"]),
    ("?period=nope&audience=nope&as_at=2008-08", ["2008-09-q2", "cabinet", "", ""]),
])
def test_the_choices_a_refusal_kept_are_chosen_again(client, search, chosen):
    _title, page = routed(client, "/report", search)
    assert [picked(page, name) for name in ("period", "audience", "theme", "directorate")] == chosen


def picked(page: str, name: str) -> str:
    """The value of the option selected in the page's select `name`, as the router sent it."""
    found, stack = [], [json.loads(page)]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict) and "props" in node:
            if node.get("type") == "Select" and node["props"].get("name") == name:
                found = selected(json.dumps(node["props"]["children"]))
            stack.append(node["props"].get("children"))
    return found[0]


@pytest.mark.parametrize(("query", "back"), [
    ("period=2008-09-q3&audience=cabinet&theme=children-and-young-people&directorate=&format=html",
     "/report?period=2008-09-q3&amp;audience=cabinet&amp;theme=children-and-young-people"),
    ("format=html", "/report"),
    (f"period=2008-09-q3&audience={SCRIPT}&format=xlsx", "/report?period=2008-09-q3&amp;audience=%3Cscript%3E"),
])
def test_a_refused_download_links_back_with_every_choice_but_the_format(client, query, back):
    text = client.get(f"{PACK_PATH}?{query}").get_data(as_text=True)
    assert f'<a href="{back}' in text and "format=" not in text


@pytest.mark.parametrize("pathname", ["/snapshots/no-such-pack", "/snapshots/<script>"])
def test_an_unknown_snapshot_is_the_not_found_page(client, pathname):
    _title, page = routed(client, pathname)
    assert "was not found" in page


@pytest.mark.parametrize(("query", "name", "starts"), [
    ("period=2008-09-q3&audience=cabinet&format=html", "cabinet-2008-09-q3.html", b"<!DOCTYPE html>"),
    ("period=2008-09-q3&audience=scrutiny&theme=children-and-young-people&directorate=&format=xlsx",
     "scrutiny-theme-children-and-young-people-2008-09-q3.xlsx", b"PK"),
    ("period=Q2+2008%2F09&audience=scrutiny&directorate=resources&format=html",
     "scrutiny-directorate-resources-2008-09-q2.html", b"<!DOCTYPE html>"),
    # a PDF takes seconds to print: the smallest pack will do for the route (the pack's PDF has its own tests)
    ("period=2008-09-q3&audience=scrutiny&directorate=resources&format=pdf",
     "scrutiny-directorate-resources-2008-09-q3.pdf", b"%PDF-"),
])
def test_each_format_downloads_as_a_named_attachment(client, query, name, starts):
    if name.endswith(".pdf") and pdf_available() is not None:
        pytest.skip(pdf_available())
    response = client.get(f"{PACK_PATH}?{query}")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert response.headers["Content-Disposition"] == f'attachment; filename="{name}"'
    assert response.data.startswith(starts)


@pytest.mark.parametrize(("query", "said"), [
    ("", "Choose the quarter the pack is for."),
    ("period=2008-09-q3&audience=cabinet&format=doc", "&#x27;doc&#x27; is not a format"),
    (f"period={SCRIPT}&audience=cabinet&format=html", "&#x27;&lt;script&gt;alert(1)&lt;/script&gt;&#x27; is not"),
    (f"period=2008-09-q3&audience={LONG}&format=html", "5,000 characters long"),
    (f"period=2008-09-q3&audience=scrutiny&theme={LONG}&format=html", "5,000 characters long"),
    ("period=2008-09-q3&audience=scrutiny&theme=no-such-theme&format=html", "There is no theme &#x27;no-such-theme"),
    ("period=2008-09-q3&audience=scrutiny&directorate=nope&format=xlsx", "There is no directorate &#x27;nope"),
    ("period=2001-02-q3&audience=cabinet&format=html", "No figures for Q3 2001/02"),
    ("period=2010-11-q1&audience=cabinet&format=html", "No figures for Q1 2010/11"),
    ("period=2008-09-q3&audience=cabinet&theme=children-and-young-people&format=html", "A Cabinet pack covers"),
])
def test_a_bad_address_gets_a_plain_400_page_that_links_back(client, query, said):
    response = client.get(f"{PACK_PATH}?{query}")
    text = response.get_data(as_text=True)
    assert response.status_code == 400
    assert response.content_type.startswith("text/html")
    assert said in text and '">Back to the report pack</a>' in text and '/assets/style.css' in text
    assert "Traceback" not in text and "<script>" not in text and "Content-Disposition" not in response.headers


# --- a pack frozen, then a revising import ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def frozen(demo_sqlite, tmp_path_factory):
    """A copy of the demo council with Cabinet's Q3 2008/09 pack frozen, the app over it, and the indicator whose
    Dec 2008 figure the tests revise."""
    path = tmp_path_factory.mktemp("frozen") / "demo.sqlite3"
    with sqlite3.connect(demo_sqlite.engine.url.database) as source, sqlite3.connect(path) as copy:
        source.backup(copy)  # with what the write-ahead log holds, which copying the file would leave out
    store = Store.open(sqlite_url(path))
    pack = dataclasses.replace(build_pack(store, Q3, Audience.CABINET, council="Demo"), frozen=Frozen(CABINET, ON))
    snapshots.freeze(store, pack, pack_html(pack), name=CABINET, on=ON)
    revised = next(figure for figure in figures(pack).values() if figure.frequency is Frequency.MONTHLY
                   and figure.period == "Dec 2008" and figure.actual is not None and figure.unit == "%")
    client = create_app(Settings(database_url="sqlite://", seed_demo=False), store).server.test_client()
    yield client, store, revised
    store.engine.dispose()


def test_a_frozen_pack_is_listed_and_opens_as_reported_with_nothing_restated(frozen):
    client, _store, _revised = frozen
    _title, page = routed(client, "/report")
    assert CABINET in page and "/snapshots/cabinet-15-january-2009?as_at=2008-12" in page
    title, page = routed(client, "/snapshots/cabinet-15-january-2009")
    assert title == "As reported to Cabinet on 15 January 2009 – Council Performance Dashboard"
    for shown in ("Cabinet performance report, Q3 2008/09", "Cabinet, whole council", "Nothing restated since.",
                  "/snapshots/cabinet-15-january-2009/view", "/snapshots/cabinet-15-january-2009/pack.pdf"):
        assert shown in page


@pytest.mark.parametrize(("fmt", "starts"), [("html", b"<!DOCTYPE html>"), ("xlsx", b"PK"), ("pdf", b"%PDF-")])
def test_a_frozen_packs_files_download(frozen, fmt, starts):
    if fmt == "pdf" and pdf_available() is not None:
        pytest.skip(pdf_available())
    client, store, _revised = frozen
    response = client.get(f"/snapshots/cabinet-15-january-2009/pack.{fmt}")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == f'attachment; filename="cabinet-15-january-2009.{fmt}"'
    assert response.data.startswith(starts)
    if fmt == "html":
        assert response.data == snapshots.snapshot(store, CABINET).html.encode("utf-8")


def test_the_frozen_pack_opens_in_the_browser_under_a_policy_that_allows_no_script(frozen):
    client, store, _revised = frozen
    response = client.get("/snapshots/cabinet-15-january-2009/view")
    assert response.status_code == 200 and "Content-Disposition" not in response.headers
    assert response.data == snapshots.snapshot(store, CABINET).html.encode("utf-8")
    policy = response.headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'; style-src 'unsafe-inline'; img-src data:")
    assert "script-src" not in policy and "'self'" not in policy


@pytest.mark.parametrize("path", ["/snapshots/no-such-pack/pack.html", "/snapshots/cabinet-15-january-2009/pack.doc",
                                  "/snapshots/no-such-pack/view", f"/snapshots/{LONG}/view"])
def test_a_frozen_file_that_is_not_there_is_a_plain_404(frozen, path):
    client, _store, _revised = frozen
    response = client.get(path)
    assert response.status_code == 404
    assert "Back to the report pack" in response.get_data(as_text=True)


def test_after_a_revising_import_the_snapshot_and_the_indicator_say_what_was_restated(frozen):
    client, store, revised = frozen
    before = client.get("/snapshots/cabinet-15-january-2009/pack.html").data
    now = 12.5 if revised.actual != 12.5 else 25.0
    load_file(store.engine, csv_bytes(["indicator", "period", "actual"], [[revised.code, "Dec 2008", now]]),
              filename="revised.csv")
    client.application.extensions["page_cache"].wait()
    _title, page = routed(client, "/snapshots/cabinet-15-january-2009")
    page = shown_text(page)
    assert "Nothing restated since" not in page
    assert f"/indicators/{slugify(revised.code)}?as_at=2008-12" in page
    was_text, now_text = (f"{value:g}%" for value in (revised.actual, now))
    assert f"figure revised {was_text} → {now_text}" in page
    _title, page = routed(client, f"/indicators/{slugify(revised.code)}", "?as_at=2008-12")
    page = shown_text(page)
    assert f"Reported to \", {{\"props\": {{\"children\": \"{CABINET}\"" in page
    assert f" (Dec 2008): figure revised {was_text} → {now_text}" in page
    assert client.get("/snapshots/cabinet-15-january-2009/pack.html").data == before  # the pack as reported stands


NO_PANGO = "PDF packs need Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0): no libpango"


def test_where_a_pdf_cannot_be_made_the_form_says_so_and_the_server_refuses_it_in_one_line(client, monkeypatch):
    import dashboard.report

    monkeypatch.setattr(dashboard.report, "pdf_available", lambda: NO_PANGO)
    _title, page = routed(client, "/report")
    assert f"PDF: A4, for the agenda pack (not available on this server: {NO_PANGO})" in page
    response = client.get(f"{PACK_PATH}?period=2008-09-q3&audience=cabinet&format=pdf")
    assert response.status_code == 400
    assert NO_PANGO in response.get_data(as_text=True)
    assert client.get(f"{PACK_PATH}?period=2008-09-q3&audience=cabinet&format=xlsx").status_code == 200
