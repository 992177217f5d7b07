"""The status grid's page (layouts/grid.py, callbacks/grid.py): layouts from hand-made Grid values, then the
page and its downloads through the real callback payload."""

from __future__ import annotations

import base64
import json
from dataclasses import replace

import pytest
from dash import dcc, html
from dash_requests import _body, _server_callback, request_body
from helpers import component_text, find_all, make_facts, make_figure, make_late, make_row

from dashboard.app import create_app
from dashboard.settings import Settings
from data.answers import (
    GRID_PAGE_ROWS,
    NO_FILTERS,
    Choices,
    Grid,
    GridCell,
    GridColumn,
    GridFilters,
    GridRow,
    Link,
)
from data.periods import Frequency, parse_period
from data.rules import Direction, Rating, roll_up
from layouts import ids
from layouts.grid import NOT_DUE, cell_month, grid_page, grid_section, grid_summary, grid_title
from layouts.look import DIRECTIONS
from layouts.look import RATINGS as LOOKS

DEC_2008 = parse_period("Dec 2008")
AS_AT = "2008-12"
QUARTERS = ("Q1 2008/09", "Q2 2008/09", "Q3 2008/09 to Dec")
COLUMNS = tuple(GridColumn(label, month) for label, month in zip(
    QUARTERS, (parse_period("Jun 2008"), parse_period("Sep 2008"), DEC_2008), strict=True))
CHOICES = Choices(themes=(Link("Children and young people", "children-and-young-people"),),
                  directorates=(Link("Resources", "resources"),), services=(Link("Benefits", "benefits"),),
                  priorities=(Link("Efficient council", "efficient-council"),))


def quarter(label: str) -> object:
    return parse_period(label, Frequency.QUARTERLY)


def grid_row(code: str = "BV78a", title: str = "Benefit claims", ratings=(Rating.GREEN, Rating.RED, None),
             *, service: str | None = "Benefits", short=Direction.IMPROVING, long=None,
             under: bool = False) -> GridRow:
    """A quarterly indicator's row: a cell per rating (None: not due)."""
    facts = make_facts(code=code, title=title, slug=code.lower().replace(" ", "-"), service=service,
                       frequency=Frequency.QUARTERLY)
    cells = tuple(None if rating is None else GridCell(quarter(label.removesuffix(" to Dec")), rating, 1.0)
                  for rating, label in zip(ratings, QUARTERS, strict=True))
    figure = make_figure("Q3 2008/09", 1.0, 1.0, Rating.GREEN, frequency=Frequency.QUARTERLY, short_term=short,
                         long_term=long)
    return GridRow(make_row(facts, figure), cells, under)


def make_grid(rows: tuple[GridRow, ...] = (), filters: GridFilters = NO_FILTERS, notes: tuple[str, ...] = (),
              total: int | None = None) -> Grid:
    rows = rows or (grid_row(),)
    counts = roll_up([row.row.shown_rating for row in rows], [row.row.figure.long_term for row in rows])
    return Grid(period=DEC_2008, filters=filters, columns=COLUMNS, rows=rows, counts=counts,
                total=len(rows) if total is None else total, choices=CHOICES, notes=notes)


def props(component) -> dict:
    return component.to_plotly_json()["props"]


def cells(component) -> list:
    """The rating cells: the Td of a row after the indicator, before its latest rating and the two directions."""
    rows = find_all(component, lambda c: isinstance(c, html.Tr))[1:]
    return [cell for row in rows for cell in row.children[1:-3]]


def links(component) -> list[str]:
    return [c.href for c in find_all(component, lambda c: isinstance(c, html.A))]


# --- layouts -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("rating", list(Rating))
def test_a_cell_is_never_colour_alone(rating):
    cell = cells(grid_section(make_grid((grid_row(ratings=(rating, None, None)),)), AS_AT, "/grid"))[0]
    link = cell.children
    assert link.children == str(rating)  # the word
    assert props(link)["data-shape"] == LOOKS[rating].glyph  # the shape, drawn by grid.css
    assert f"rating--{LOOKS[rating].css}" in cell.className  # and the colour


@pytest.mark.parametrize(("direction", "shown"), [(Direction.IMPROVING, "Improving"),
                                                  (Direction.WORSENING, "Worsening"),
                                                  (Direction.NO_CHANGE, "No change"), (None, "–")])
def test_directions_are_words_with_their_arrow(direction, shown):
    table = grid_section(make_grid((grid_row(short=direction, long=direction),)), AS_AT, "/grid")
    found = find_all(table, lambda c: isinstance(c, html.Tr))[1].children[-2:]
    assert [c.children for c in found] == [shown, shown]
    if direction is not None:
        assert props(found[0])["data-shape"] == DIRECTIONS[direction][0]


def test_a_cell_with_no_period_reads_not_due_and_links_nowhere():
    found = cells(grid_section(make_grid((grid_row(ratings=(None, None, Rating.AMBER)),)), AS_AT, "/grid"))
    assert [component_text(c) for c in found] == [NOT_DUE, NOT_DUE, "Amber"]
    assert [isinstance(c.children, html.A) for c in found] == [False, False, True]


@pytest.mark.parametrize(("period", "months", "linked"), [
    (quarter("Q2 2008/09"), None, "2008-09"),  # a quarter links to its last month
    (parse_period("Nov 2008"), None, "2008-11"),  # a month to itself
    (quarter("Q3 2008/09"), None, AS_AT),  # its last month is the "as at" month
    (quarter("Q4 2008/09"), None, AS_AT),  # never after the "as at" month
    (parse_period("2008/09", Frequency.ANNUAL), None, AS_AT),
    (quarter("Q2 2008/09"), {"2008-09", AS_AT}, "2008-09"),
    (quarter("Q1 2005/06"), {"2008-09", AS_AT}, AS_AT),  # a month the dashboard has no figures at
])
def test_a_cell_links_to_its_own_period(period, months, linked):
    assert cell_month(GridCell(period, Rating.RED, 1.0), AS_AT, months) == linked


def test_every_cell_links_to_the_indicator_at_that_cells_period():
    section = grid_section(make_grid((grid_row(ratings=(Rating.GREEN, Rating.RED, Rating.AMBER)),)), AS_AT, "/grid")
    assert [c.children.href for c in cells(section)] == [
        "/indicators/bv78a?as_at=2008-06", "/indicators/bv78a?as_at=2008-09", "/indicators/bv78a?as_at=2008-12"]
    assert props(cells(section)[1].children)["aria-label"] == "Red: BV78a, Q2 2008/09"
    assert "/indicators/bv78a?as_at=2008-12" in links(find_all(section, lambda c: isinstance(c, html.Th)))


@pytest.mark.parametrize("under", [True, False])
def test_an_under_performing_row_says_so_in_words(under):
    section = grid_section(make_grid((grid_row(under=under),)), AS_AT, "/grid")
    header = find_all(section, lambda c: isinstance(c, html.Th) and c.scope == "row")[0]
    assert ("Under-performing" in component_text(header)) is under


def test_the_table_is_semantic():
    section = grid_section(make_grid((grid_row(), grid_row("BV9", "Tax"))), AS_AT, "/grid")
    table = find_all(section, lambda c: isinstance(c, html.Table))[0]
    assert component_text(find_all(table, lambda c: isinstance(c, html.Caption))[0]).startswith(
        "Ratings by quarter to Dec 2008")
    headers = find_all(table, lambda c: isinstance(c, html.Th))
    scopes = [h.scope for h in headers]
    assert scopes[:7] == ["col"] * 7 and scopes[7:] == ["row", "row"]
    assert [component_text(h) for h in headers[:7]] == ["Indicator (directorate / service)", *QUARTERS, "Latest",
                                                        "Short term", "Year on year"]


HOSTILE = ["<script>alert(1)</script>", "[x](javascript:alert(1))", "**bold** & <b>", "=HYPERLINK(\"x\")"]


@pytest.mark.parametrize("text", HOSTILE)
def test_text_is_shown_as_text(text):
    section = grid_section(make_grid((grid_row(title=text),), notes=(f"There is no theme '{text}'.",)), AS_AT,
                           "/grid")
    assert text in component_text(section)
    assert not find_all(section, lambda c: isinstance(c, dcc.Markdown | html.Script | html.Iframe))


def test_notes_are_shown_as_notices():
    section = grid_section(make_grid(notes=("There is no theme 'x': showing every theme.",)), AS_AT, "/grid")
    shown = find_all(section, lambda c: "notice" in (getattr(c, "className", None) or ""))
    assert [component_text(n) for n in shown] == ["There is no theme 'x': showing every theme."]


def many(count: int) -> tuple[GridRow, ...]:
    return tuple(grid_row(f"X{number:04d}", f"Indicator {number}") for number in range(count))


@pytest.mark.parametrize(("count", "page", "shown", "where", "paging"), [
    (3, 1, 3, "3 indicators", None),
    (GRID_PAGE_ROWS, 1, GRID_PAGE_ROWS, f"{GRID_PAGE_ROWS} indicators", None),
    (120, 1, 50, "indicators 1 to 50 of 120", ["Page 1 of 3", "Next page"]),
    (120, 2, 50, "indicators 51 to 100 of 120", ["Previous page", "Page 2 of 3", "Next page"]),
    (120, 3, 20, "indicators 101 to 120 of 120", ["Previous page", "Page 3 of 3"]),
    (120, 99, 20, "indicators 101 to 120 of 120", ["Previous page", "Page 3 of 3"]),  # beyond the last: the last
])
def test_rows_come_a_page_at_a_time(count, page, shown, where, paging):
    filters = GridFilters(rating=Rating.RED, page=page)
    section = grid_section(make_grid(many(count), filters), AS_AT, "/grid")
    assert len(find_all(section, lambda c: isinstance(c, html.Tr))) == shown + 1  # and the header row
    assert component_text(find_all(section, lambda c: isinstance(c, html.Caption))[0]).endswith(where)
    nav = find_all(section, lambda c: "grid-paging" in (getattr(c, "className", None) or "").split())
    assert [component_text(part) for part in nav[0].children if part is not None] == paging if paging else not nav
    for link in links(nav):  # the filters and month kept; the first page is the page with no number
        assert link.startswith("/grid?rating=red&") and link.endswith("&as_at=2008-12")
        assert ("page=" in link) != link.startswith("/grid?rating=red&as_at")


def controls(section) -> dict[str, object]:
    return {c.id.removeprefix(ids.GRID_FILTER_PREFIX): c for c in find_all(
        section, lambda c: isinstance(getattr(c, "id", None), str) and c.id.startswith(ids.GRID_FILTER_PREFIX))}


def test_every_filter_is_a_labelled_native_control():
    section = grid_section(make_grid(), AS_AT, "/grid")
    found = controls(section)
    assert set(found) == {"theme", "directorate", "service", "priority", "rating", "frequency", "partnership",
                          "underperforming", "search"}
    labels = {label.htmlFor: component_text(label) for label in find_all(section, lambda c: isinstance(c, html.Label))}
    for control in found.values():
        assert labels[control.id]
        assert isinstance(control, html.Select) or control.type == "search"


def test_a_page_fixes_its_own_filters():
    section = grid_section(make_grid(filters=GridFilters(theme="children-and-young-people")), AS_AT,
                           "/themes/children-and-young-people", fixed=frozenset({"theme"}))
    assert "theme" not in controls(section)
    assert "theme" not in grid_summary(make_grid(filters=GridFilters(theme="children-and-young-people")),
                                       frozenset({"theme"}))


@pytest.mark.parametrize(("filters", "selected"), [
    (NO_FILTERS, {"theme": "", "rating": "", "frequency": ""}),
    (GridFilters(theme="children-and-young-people", rating=Rating.NO_TARGET, frequency=Frequency.QUARTERLY),
     {"theme": "children-and-young-people", "rating": "no-target", "frequency": "quarterly"}),
])
def test_the_controls_show_the_filters_in_use(filters, selected):
    found = controls(grid_section(make_grid(filters=filters), AS_AT, "/grid"))
    for name, value in selected.items():
        assert [option.value for option in found[name].children if option.selected] == [value]


def test_the_yes_or_no_filters_and_search_show_the_filters_in_use():
    found = controls(grid_section(make_grid(filters=GridFilters(partnership=True, search="claims")), AS_AT, "/grid"))
    assert [option.value for option in found["partnership"].children if option.selected] == ["1"]
    assert [option.value for option in found["underperforming"].children if option.selected] == [""]
    assert found["search"].value == "claims"


def test_the_summary_says_what_is_shown():
    grid = make_grid((grid_row(), grid_row("BV9")), GridFilters(theme="children-and-young-people",
                                                                rating=Rating.GREEN), total=200)
    assert grid_summary(grid) == ("Showing 2 of 200 indicators (theme Children and young people; latest rating "
                                  "Green) over 3 quarters to Dec 2008: latest ratings 2 Green.")
    assert grid_title(grid) == ("Status grid (theme Children and young people; latest rating Green) "
                                "as at Dec 2008")


def test_counts_by_rating_carry_words_and_shapes():
    rows = (grid_row(), grid_row("BV9"))
    rows = (rows[0], replace(rows[1], row=make_row(rows[1].row.indicator, make_figure("Dec 2008", 1.0, 2.0,
                                                                                         Rating.RED))))
    counts = find_all(grid_section(make_grid(rows), AS_AT, "/grid"), lambda c: getattr(c, "className", "") ==
                      "grid-counts__item")
    assert [" ".join(component_text(c).split()) for c in counts] == ["● Green 1", "▲ Amber 0", "■ Red 1"]


def test_no_rows_say_so_and_offer_no_download():
    grid = replace(make_grid(), rows=(), filters=GridFilters(rating=Rating.RED))
    section = grid_section(grid, AS_AT, "/grid")
    assert "No indicator matches these filters" in component_text(section)
    assert not find_all(section, lambda c: getattr(c, "id", None) == ids.GRID_CSV)
    assert "/grid?as_at=2008-12" in links(section)  # "Clear the filters"


def test_the_page_has_its_heading_and_the_section():
    page = grid_page(make_grid(), AS_AT, "/grid")
    heading = component_text(find_all(page, lambda c: isinstance(c, html.H1))[0])
    assert " ".join(heading.split()) == "Status grid as at Dec 2008"
    assert find_all(page, lambda c: getattr(c, "id", None) == ids.GRID_DOWNLOAD)


# --- the page and its downloads through the real callback payload -----------------------------------------------

THEME = "children-and-young-people"


@pytest.fixture(scope="module")
def app(demo_sqlite):
    return create_app(Settings(database_url="sqlite://", seed_demo=False), demo_sqlite)


@pytest.fixture(scope="module")
def client(app):
    return app.server.test_client()


def route(client, pathname: str, search: str = "") -> dict:
    """Call the router as the browser does."""
    response = client.post("/_dash-update-component", json=request_body(pathname, search))
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return json.loads(response.get_data(as_text=True))["response"]


def download_body(button: str, pathname: object, search: object) -> dict:
    """What the browser posts when a download button is pressed on the page at this URL."""
    key, callback = _server_callback(lambda output: output.component_id == ids.GRID_DOWNLOAD)
    body = _body(key, callback, {"n_clicks": 1, "pathname": pathname, "search": search})
    body["inputs"] = [dict(spec, value=1 if spec["id"] == button else None) for spec in body["inputs"]]
    body["changedPropIds"] = [f"{button}.n_clicks"]
    return body


def download(client, button: str, pathname: object, search: object = "") -> tuple[int, dict]:
    response = client.post("/_dash-update-component", json=download_body(button, pathname, search))
    return response.status_code, json.loads(response.get_data(as_text=True) or "{}")


def page_text(response: dict) -> str:
    return component_text(response[ids.PAGE]["children"])


def test_the_router_draws_the_grid(client, demo_sqlite):
    response = route(client, "/grid", f"?theme={THEME}&rating=red&as_at=2008-12")
    expected = demo_sqlite.grid(DEC_2008, GridFilters(theme=THEME, rating=Rating.RED))
    assert expected.rows  # the demo has Red indicators in the theme
    text = page_text(response)
    assert "Status grid" in text
    assert f"Showing {len(expected.rows)} of {expected.total} indicators" in text
    assert response[ids.TITLE]["data"].startswith("Status grid (theme Children and Young People; latest rating Red)")
    page = json.dumps(response[ids.PAGE]["children"])
    for row in expected.page_rows:
        assert f"/indicators/{row.row.indicator.slug}?as_at=2008-12" in page
    assert ids.URL not in response  # already the canonical URL


@pytest.mark.parametrize(("search", "note"), [
    ("?theme=no-such-theme&as_at=2008-12", "There is no theme 'no-such-theme'"),
    ("?theme=%3Cscript%3E&as_at=2008-12", "There is no theme '<script>'"),
    ("?rating=purple&as_at=2008-12", "'purple' is not a rating"),
    (f"?search={'x' * 5000}", "first 100"),
    ("?page=-1", "is not a page number"),
])
def test_bad_filters_give_a_clear_notice(client, search, note):
    text = page_text(route(client, "/grid", search))
    assert note in text
    assert "Status grid" in text


def test_the_first_view_of_a_filtered_grid_comes_inside_the_layout(app):
    address = f"/grid?theme={THEME}&rating=red&as_at=2008-12"
    with app.server.test_request_context("/_dash-layout", headers={"Referer": f"http://localhost{address}"}):
        layout = app.layout()
    assert layout[ids.URL].search == f"?theme={THEME}&rating=red&as_at=2008-12"
    assert "Showing " in component_text(layout[ids.PAGE].children)
    assert find_all(layout[ids.PAGE].children, lambda c: isinstance(c, html.Table))


def test_the_grid_is_served_from_the_page_cache(demo_sqlite, monkeypatch):
    app = create_app(Settings(database_url="sqlite://", seed_demo=False, cache_seconds=3600), demo_sqlite)
    client = app.server.test_client()
    calls = []
    real = demo_sqlite.grid
    monkeypatch.setattr(demo_sqlite, "grid", lambda *args: calls.append(args) or real(*args))
    first = route(client, "/grid", f"?theme={THEME}&as_at=2008-12")
    again = route(client, "/grid", f"?theme={THEME}&as_at=2008-12")
    other = route(client, "/grid", f"?theme={THEME}&rating=red&as_at=2008-12")
    assert first[ids.PAGE] == again[ids.PAGE] != other[ids.PAGE]
    assert len(calls) == 2  # drawn once per filter state


@pytest.mark.parametrize(("button", "kind"), [(ids.GRID_CSV, "csv"), (ids.GRID_XLSX, "xlsx")])
def test_a_download_is_exactly_the_filtered_grid(client, demo_sqlite, button, kind):
    from data.export import grid_table, to_csv, to_xlsx

    status, body = download(client, button, "/grid", f"?theme={THEME}&rating=red&as_at=2008-12")
    assert status == 200
    sent = body["response"][ids.GRID_DOWNLOAD]["data"]
    assert sent["filename"] == f"grid-2008-12.{kind}"
    content = base64.b64decode(sent["content"])
    columns, rows = grid_table(demo_sqlite.grid(DEC_2008, GridFilters(theme=THEME, rating=Rating.RED)))
    if kind == "csv":
        assert content == to_csv(columns, rows)
        assert content.decode("utf-8-sig").count("\r\n") == len(rows) + 1
    else:
        assert content[:2] == b"PK" and len(to_xlsx(columns, rows, "Status grid")) > 0


@pytest.mark.parametrize(("pathname", "search"), [
    ("/", "?as_at=2008-12"),  # a page without a grid
    ("/indicators/bv78a", ""),
    (None, None),  # whatever the browser sends
    (12, ["x"]),
])
def test_a_download_from_elsewhere_says_why_not(client, pathname, search):
    status, body = download(client, ids.GRID_CSV, pathname, search)
    assert status == 200
    assert ids.GRID_DOWNLOAD not in body["response"]
    assert "no grid on this page" in component_text(body["response"][ids.GRID_DOWNLOAD_NOTE]["children"])


def test_a_download_with_bad_filters_is_the_grid_the_page_shows(client, demo_sqlite):
    _status, body = download(client, ids.GRID_CSV, "/grid", "?theme=%3Cscript%3E&rating=red&as_at=2008-12")
    content = base64.b64decode(body["response"][ids.GRID_DOWNLOAD]["data"]["content"])
    _columns, rows = grid_table_of(demo_sqlite, GridFilters(rating=Rating.RED))
    assert content.decode("utf-8-sig").count("\r\n") == len(rows) + 1


def grid_table_of(store, filters: GridFilters):
    from data.export import grid_table

    return grid_table(store.grid(DEC_2008, filters))


def test_a_database_error_gives_a_notice_not_a_500(demo_sqlite, monkeypatch):
    from data.db import DatabaseError

    app = create_app(Settings(database_url="sqlite://", seed_demo=False, cache_seconds=0), demo_sqlite)

    def broken(*_args):
        raise DatabaseError("the database went away")

    monkeypatch.setattr(demo_sqlite, "grid", broken)
    status, body = download(app.server.test_client(), ids.GRID_XLSX, "/grid", "?as_at=2008-12")
    assert status == 200
    assert "database is not answering" in component_text(body["response"][ids.GRID_DOWNLOAD_NOTE]["children"])


def test_a_late_return_shows_its_latest_rating_and_directions_as_the_filters_and_download_do():
    facts = make_facts(code="BV12", title="Working days lost", slug="bv12")
    last = make_figure("Nov 2008", 10.1, 9.0, Rating.RED, short_term=Direction.WORSENING,
                       long_term=Direction.WORSENING)
    due = make_figure("Dec 2008")  # no figure yet: No data, no directions
    row = GridRow(make_row(facts, due, make_late(last)), (None, None, None), True)
    tr = find_all(grid_section(make_grid((row,)), AS_AT, "/grid"), lambda c: isinstance(c, html.Tr))[1]
    latest, short, long = tr.children[-3:]
    assert component_text(latest) == "Red Nov 2008, return late"
    assert props(latest.children[0])["data-shape"] == LOOKS[Rating.RED].glyph
    assert [short.children, long.children] == ["Worsening", "Worsening"]
