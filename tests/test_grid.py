"""The status grid's data (data/grid.py) on SQLite and PostgreSQL: its quarter columns, each cell rated as the
scorecard rates that period, and every filter against answers worked out independently, from a generated
council whose answers are known by construction and from the demo council's scorecard and definitions."""

from __future__ import annotations

from dataclasses import replace

import pytest
from helpers import csv_bytes
from sqlalchemy import select

from data import rules
from data.answers import GRID_PAGE_ROWS, NO_FILTERS, GridFilters
from data.filters import unknown_note
from data.grid import GRID_QUARTERS, grid_columns, own_periods
from data.importer import load_file
from data.models import Directorate, Priority, Service, Theme
from data.periods import Frequency, Period, parse_period
from data.rules import Rating

DEC_2008, NOV_2008 = parse_period("Dec 2008"), parse_period("Nov 2008")


def labels(periods) -> list[str | None]:
    return [None if period is None else period.label for period in periods]


# --- the columns: pure ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("as_at", "first", "last", "last_months"), [
    ("Dec 2008", "Q4 2006/07", "Q3 2008/09", ["Mar 2007", "Jun 2007", "Sep 2007", "Dec 2007", "Mar 2008",
                                              "Jun 2008", "Sep 2008", "Dec 2008"]),
    ("Nov 2008", "Q4 2006/07", "Q3 2008/09 to Nov", ["Mar 2007", "Jun 2007", "Sep 2007", "Dec 2007", "Mar 2008",
                                                     "Jun 2008", "Sep 2008", "Nov 2008"]),
    ("Oct 2008", "Q4 2006/07", "Q3 2008/09 to Oct", ["Mar 2007", "Jun 2007", "Sep 2007", "Dec 2007", "Mar 2008",
                                                     "Jun 2008", "Sep 2008", "Oct 2008"]),
    ("Apr 2008", "Q2 2006/07", "Q1 2008/09 to Apr", ["Sep 2006", "Dec 2006", "Mar 2007", "Jun 2007", "Sep 2007",
                                                     "Dec 2007", "Mar 2008", "Apr 2008"]),
    ("Mar 2008", "Q1 2006/07", "Q4 2007/08", ["Jun 2006", "Sep 2006", "Dec 2006", "Mar 2007", "Jun 2007",
                                              "Sep 2007", "Dec 2007", "Mar 2008"]),
    ("Jan 2000", "Q1 1998/99", "Q4 1999/00 to Jan", ["Jun 1998", "Sep 1998", "Dec 1998", "Mar 1999", "Jun 1999",
                                                     "Sep 1999", "Dec 1999", "Jan 2000"]),
])
def test_the_columns_are_the_last_eight_quarters_up_to_the_month(as_at, first, last, last_months):
    columns = grid_columns(parse_period(as_at))
    assert len(columns) == GRID_QUARTERS == 8
    assert (columns[0].label, columns[-1].label) == (first, last)
    assert [column.last_month.label for column in columns] == last_months
    assert all(column.last_month.frequency is Frequency.MONTHLY for column in columns)
    assert all(" to " not in column.label for column in columns[:-1])  # only the quarter under way says so


@pytest.mark.parametrize(("as_at", "frequency", "expected"), [
    ("Dec 2008", Frequency.MONTHLY, ["Mar 2007", "Jun 2007", "Sep 2007", "Dec 2007", "Mar 2008", "Jun 2008",
                                     "Sep 2008", "Dec 2008"]),
    ("Nov 2008", Frequency.MONTHLY, ["Mar 2007", "Jun 2007", "Sep 2007", "Dec 2007", "Mar 2008", "Jun 2008",
                                     "Sep 2008", "Nov 2008"]),
    ("Dec 2008", Frequency.QUARTERLY, ["Q4 2006/07", "Q1 2007/08", "Q2 2007/08", "Q3 2007/08", "Q4 2007/08",
                                       "Q1 2008/09", "Q2 2008/09", "Q3 2008/09"]),
    # the quarter under way has no quarterly figure yet: not due
    ("Nov 2008", Frequency.QUARTERLY, ["Q4 2006/07", "Q1 2007/08", "Q2 2007/08", "Q3 2007/08", "Q4 2007/08",
                                       "Q1 2008/09", "Q2 2008/09", None]),
    # a year in the column of the quarter it ends in, only
    ("Dec 2008", Frequency.ANNUAL, ["2006/07", None, None, None, "2007/08", None, None, None]),
    ("Mar 2008", Frequency.ANNUAL, [None, None, None, "2006/07", None, None, None, "2007/08"]),
    ("Apr 2008", Frequency.ANNUAL, [None, None, "2006/07", None, None, None, "2007/08", None]),
])
def test_each_frequency_has_its_own_period_ending_in_each_column(as_at, frequency, expected):
    assert labels(own_periods(grid_columns(parse_period(as_at)), frequency)) == expected


def test_a_quarter_or_year_asked_for_stands_for_its_last_month(demo_sqlite):
    by_month = demo_sqlite.grid(DEC_2008)
    for other in ("Q3 2008/09", "2008-12"):
        found = demo_sqlite.grid(parse_period(other))
        assert (found.period, found.columns, found.rows) == (DEC_2008, by_month.columns, by_month.rows)


# --- a generated council: every answer known by construction ------------------------------------------------

INDICATORS = 101  # three pages of GRID_PAGE_ROWS (50), the last of one row


def _indicator(i: int) -> dict[str, object]:
    """What generated indicator `i` is, and how it did: Red, Green, or no December return (Green in November)."""
    return {"code": f"G{i:03d}", "title": f"Generated indicator {i}", "directorate": f"Directorate {i % 2}",
            "service": f"Service {i % 4}", "theme": "Theme A" if i % 5 == 0 else "Theme B",
            "priority": i < 10, "partnership": i % 10 == 0,
            "shown": (Rating.RED, Rating.GREEN, Rating.GREEN)[i % 3], "late": i % 3 == 2}


GENERATED = [_indicator(i) for i in range(INDICATORS)]


@pytest.fixture
def generated(store):
    """The generated council: monthly indicators reported from Nov 2008 (Green), then in Dec 2008 Red, Green,
    or not yet (a late return), by turns."""
    definitions = [[g["code"], g["title"], g["directorate"], g["service"], g["theme"],
                    "Priority P" if g["priority"] else "", "%", "higher", "monthly",
                    "yes" if g["partnership"] else "no"] for g in GENERATED]
    load_file(store.engine, csv_bytes(["code", "title", "directorate", "service", "themes", "priorities", "unit",
                                       "polarity", "frequency", "partnership"], definitions),
              filename="definitions.csv")
    values = [[g["code"], "Nov 2008", "100", "100"] for g in GENERATED]
    values += [[g["code"], "Dec 2008", "" if g["late"] else ("50" if g["shown"] is Rating.RED else "100"), "100"]
               for g in GENERATED]
    load_file(store.engine, csv_bytes(["indicator", "period", "actual", "target"], values), filename="values.csv")
    return store


def _expected(**wanted) -> list[dict[str, object]]:
    """The generated indicators a filter lets through, by the grid's order (directorate, service, code)."""
    checks = {
        "theme": lambda g, slug: g["theme"].lower().replace(" ", "-") == slug,
        "directorate": lambda g, slug: g["directorate"].lower().replace(" ", "-") == slug,
        "service": lambda g, slug: g["service"].lower().replace(" ", "-") == slug,
        "priority": lambda g, slug: g["priority"] and slug == "priority-p",
        "rating": lambda g, rating: g["shown"] is rating,
        "partnership": lambda g, on: not on or g["partnership"],
        "underperforming": lambda g, on: not on or g["shown"] is Rating.RED,  # Red is under-performing
        "search": lambda g, text: text.lower() in g["code"].lower() or text.lower() in g["title"].lower(),
        "frequency": lambda g, frequency: frequency is Frequency.MONTHLY,
    }
    found = [g for g in GENERATED if all(checks[name](g, value) for name, value in wanted.items())]
    return sorted(found, key=lambda g: (g["directorate"], g["service"], g["code"]))


GENERATED_FILTERS = [
    {},
    {"theme": "theme-a"},
    {"theme": "theme-b", "rating": Rating.RED},
    {"directorate": "directorate-1"},
    {"service": "service-2"},
    {"directorate": "directorate-1", "service": "service-3"},  # a service of that directorate
    {"priority": "priority-p"},
    {"rating": Rating.GREEN},
    {"rating": Rating.NO_DATA},  # a late return is badged by its latest figure: none is No data
    {"frequency": Frequency.MONTHLY},
    {"frequency": Frequency.ANNUAL},
    {"partnership": True},
    {"underperforming": True},
    {"underperforming": True, "partnership": True, "directorate": "directorate-0"},
    {"search": "indicator 1"},
    {"search": "G00"},
    {"search": "g00", "theme": "theme-a"},
    {"search": "GENERATED INDICATOR 10"},
    {"search": "no such thing"},
]


@pytest.mark.parametrize("wanted", GENERATED_FILTERS, ids=lambda w: ",".join(f"{k}={v}" for k, v in w.items()))
def test_each_filter_of_the_generated_council(generated, wanted):
    grid = generated.grid(DEC_2008, GridFilters(**wanted))
    expected = _expected(**wanted)
    assert [row.row.indicator.code for row in grid.rows] == [g["code"] for g in expected]
    assert grid.counts == rules.roll_up([g["shown"] for g in expected],
                                        [row.row.shown.long_term for row in grid.rows])
    assert grid.counts.counts[Rating.RED] == sum(g["shown"] is Rating.RED for g in expected)
    assert (grid.total, grid.notes, grid.filters) == (INDICATORS, (), GridFilters(**wanted))
    assert all(row.under_performing == (row.row.shown_rating is Rating.RED) for row in grid.rows)


def test_the_generated_councils_cells_and_rows(generated):
    grid = generated.grid(DEC_2008)
    for row, g in zip(grid.rows, _expected(), strict=True):
        *before, december = row.cells
        assert before == [None] * 7  # before its first value (Nov 2008), an indicator is not yet reported on
        assert december.period == DEC_2008
        if g["late"]:
            # the cell is December's own figure, none; the row is badged by November's
            assert (december.rating, december.actual, row.row.late.last.period) == (Rating.NO_DATA, None, NOV_2008)
            assert row.row.shown_rating is Rating.GREEN
        else:
            assert (december.rating, december.actual) == (g["shown"], 50 if g["shown"] is Rating.RED else 100)
            assert row.row.late is None


def test_the_generated_councils_choices(generated):
    choices = generated.grid(DEC_2008).choices
    assert [(link.name, link.slug) for link in choices.themes] == [("Theme A", "theme-a"), ("Theme B", "theme-b")]
    assert [link.slug for link in choices.directorates] == ["directorate-0", "directorate-1"]
    assert [link.slug for link in choices.priorities] == ["priority-p"]
    assert [link.name for link in choices.services] == ["Service 0", "Service 1", "Service 2", "Service 3"]
    narrowed = generated.grid(DEC_2008, GridFilters(directorate="directorate-1")).choices
    assert [link.slug for link in narrowed.services] == ["service-1", "service-3"]
    assert narrowed.themes == choices.themes and narrowed.directorates == choices.directorates


@pytest.mark.parametrize(("page", "rows"), [(1, range(50)), (2, range(50, 100)), (3, range(100, 101)),
                                            (4, range(100, 101)), (10_000, range(100, 101))])
def test_the_generated_grid_pages(generated, page, rows):
    grid = generated.grid(DEC_2008, GridFilters(page=page))
    assert GRID_PAGE_ROWS == 50 and grid.pages == 3
    assert len(grid.rows) == INDICATORS  # every row through the filters: the export takes all of them
    assert grid.page_rows == tuple(grid.rows[i] for i in rows)
    assert grid.filters.page == page


def test_the_pages_together_are_the_whole_grid(generated):
    whole = generated.grid(DEC_2008)
    pages = [generated.grid(DEC_2008, GridFilters(page=n)).page_rows for n in range(1, whole.pages + 1)]
    assert tuple(row for page in pages for row in page) == whole.rows


def test_an_empty_council_has_an_empty_grid(store):
    grid = store.grid(DEC_2008, GridFilters(theme="t"))
    assert (grid.rows, grid.total, grid.pages, grid.page_rows) == ((), 0, 1, ())
    assert grid.counts == rules.roll_up([], [])
    assert len(grid.columns) == GRID_QUARTERS
    assert grid.notes == (unknown_note("theme", "t"),)


# --- filters that cannot be used: a note each, the filter dropped, never an error -----------------------------

HOSTILE = ["<script>alert(1)</script>", "x" * 5000, "nope", "../../etc/passwd", "'; DROP TABLE themes; --",
           "theme-a\x00", "ＴＨＥＭＥ-Ａ", "%", ""]


@pytest.mark.parametrize("value", HOSTILE, ids=lambda v: repr(v[:20]))
@pytest.mark.parametrize("name", ["theme", "directorate", "service", "priority"])
def test_a_slug_that_names_nothing_gives_a_note_and_the_whole_grid(generated, name, value):
    grid = generated.grid(DEC_2008, GridFilters(**{name: value}))
    assert grid.notes == (unknown_note(name, value),)
    assert len(grid.notes[0]) < 120  # a long value is quoted only in part
    assert getattr(grid.filters, name) is None
    assert len(grid.rows) == INDICATORS


@pytest.mark.parametrize(("directorate", "service", "note"), [
    ("directorate-0", "service-1", "The service 'service-1' is in Directorate 1, not Directorate 0: showing every "
                                   "service of the directorate."),
    ("directorate-1", "service-2", "The service 'service-2' is in Directorate 0, not Directorate 1: showing every "
                                   "service of the directorate."),
])
def test_a_service_of_another_directorate_gives_a_note_and_the_directorates_grid(generated, directorate, service,
                                                                                 note):
    grid = generated.grid(DEC_2008, GridFilters(directorate=directorate, service=service, rating=Rating.RED))
    assert grid.notes == (note,)
    assert grid.filters == GridFilters(directorate=directorate, rating=Rating.RED)
    assert [row.row.indicator.code for row in grid.rows] == \
        [g["code"] for g in _expected(directorate=directorate, rating=Rating.RED)]
    assert [link.slug for link in grid.choices.services] == \
        (["service-0", "service-2"] if directorate == "directorate-0" else ["service-1", "service-3"])


def test_every_slug_that_names_nothing_has_its_own_note_and_the_rest_still_apply(generated):
    asked = GridFilters(theme="<b>x</b>", directorate="directorate-1", service="nope", priority="y" * 5000,
                        rating=Rating.RED)
    grid = generated.grid(DEC_2008, asked)
    assert grid.notes == (unknown_note("theme", "<b>x</b>"), unknown_note("service", "nope"),
                          unknown_note("priority", "y" * 5000))
    assert grid.filters == GridFilters(directorate="directorate-1", rating=Rating.RED)
    assert [row.row.indicator.code for row in grid.rows] == \
        [g["code"] for g in _expected(directorate="directorate-1", rating=Rating.RED)]


@pytest.mark.parametrize(("search", "expected"), [
    ("<script>alert(1)</script>", 0), ("x" * 5000, 0), ("%", 0), ("_", 0), ("' OR 1=1 --", 0),
    ("Generated", INDICATORS), ("  ", INDICATORS),  # nothing but spaces: no search, as the URL reads it
    ("generated  INDICATOR\t1 ", len(_expected(search="generated indicator 1"))),
])
def test_a_search_is_plain_text_within_the_code_or_title(generated, search, expected):
    assert len(generated.grid(DEC_2008, GridFilters(search=search)).rows) == expected


# --- the demo council: against its scorecard and definitions -------------------------------------------------

def _demo_facts(store) -> dict[str, dict[str, object]]:
    """Each demo indicator's slugs of theme, directorate, service and priority, read from the tables directly."""
    found = {}
    with store.engine.connect() as connection:
        names = {model: dict(connection.execute(select(model.name, model.slug)).all())
                 for model in (Theme, Directorate, Priority)}
        services = {(directorate, service): slug for directorate, service, slug in connection.execute(
            select(Directorate.name, Service.name, Service.slug).join(Directorate))}
    for row in store.scorecard(DEC_2008):
        details = store.indicator(row.indicator.slug)
        found[row.indicator.code] = {
            "themes": {names[Theme][name] for name in details.themes},
            "priorities": {link.slug for link in details.priorities},
            "directorate": names[Directorate][row.indicator.directorate],
            "service": services.get((row.indicator.directorate, row.indicator.service)),
        }
    return found


def _demo_expected(store, period, facts, **wanted) -> list[str]:
    """The codes a filter should let through at `period`, from the scorecard, the exceptions and the tables."""
    under = {u.row.indicator.code for u in store.exceptions(period)}
    found = []
    for row in store.scorecard(period):
        code, mine = row.indicator.code, facts.get(row.indicator.code, {})
        keep = [
            "theme" not in wanted or wanted["theme"] in mine["themes"],
            "priority" not in wanted or wanted["priority"] in mine["priorities"],
            "directorate" not in wanted or wanted["directorate"] == mine["directorate"],
            "service" not in wanted or wanted["service"] == mine["service"],
            "rating" not in wanted or row.shown_rating is wanted["rating"],
            "frequency" not in wanted or row.indicator.frequency is wanted["frequency"],
            not wanted.get("partnership") or row.indicator.partnership,
            not wanted.get("underperforming") or code in under,
            "search" not in wanted or wanted["search"].lower() in (code + "\n" + row.indicator.title).lower(),
        ]
        if all(keep):
            found.append(code)
    return sorted(found)


DEMO_FILTERS = [
    {},
    {"theme": "children-and-young-people"},
    {"theme": "children-and-young-people", "rating": Rating.RED},
    {"theme": "children-and-young-people", "underperforming": True},
    {"directorate": "resources"},
    {"directorate": "resources", "frequency": Frequency.MONTHLY},
    {"service": "looked-after-children"},
    {"priority": "children-and-young-people-safe-and-achieving"},
    {"rating": Rating.AMBER},
    {"rating": Rating.NO_TARGET},
    {"frequency": Frequency.ANNUAL},
    {"frequency": Frequency.QUARTERLY, "partnership": True},
    {"partnership": True},
    {"underperforming": True},
    {"search": "NI 6"},
    {"search": "assessment"},
    {"search": "paf", "underperforming": True, "rating": Rating.RED},
]


@pytest.fixture(scope="module")
def demo_facts(demo_sqlite):
    return _demo_facts(demo_sqlite)


@pytest.mark.parametrize("period", [DEC_2008, NOV_2008], ids=lambda p: p.label)
@pytest.mark.parametrize("wanted", DEMO_FILTERS, ids=lambda w: ",".join(f"{k}={v}" for k, v in w.items()))
def test_each_filter_of_the_demo_council(demo, demo_facts, period, wanted):
    grid = demo.grid(period, GridFilters(**wanted))
    assert grid.notes == ()
    assert sorted(row.row.indicator.code for row in grid.rows) == _demo_expected(demo, period, demo_facts, **wanted)
    shown = [row.row for row in grid.rows]
    assert grid.counts == rules.roll_up([row.shown_rating for row in shown], [row.shown.long_term for row in shown])
    assert grid.total == len(demo.scorecard(period))


def test_the_demo_filters_narrow(demo_sqlite, demo_facts):
    """The table above is no table of everything: each filter lets through some indicators, and not all."""
    total = len(demo_sqlite.scorecard(DEC_2008))
    for wanted in DEMO_FILTERS[1:]:
        assert 0 < len(_demo_expected(demo_sqlite, DEC_2008, demo_facts, **wanted)) < total, wanted


def test_the_demo_rows_are_the_scorecards_in_the_grids_order(demo):
    grid = demo.grid(DEC_2008)
    card = {row.indicator.code: row for row in demo.scorecard(DEC_2008)}
    under = {u.row.indicator.code for u in demo.exceptions(DEC_2008)}
    assert [row.row for row in grid.rows] == sorted(card.values(), key=lambda row: (
        row.indicator.directorate, row.indicator.service is None, row.indicator.service or "", row.indicator.code))
    assert {row.row.indicator.code for row in grid.rows if row.under_performing} == under


@pytest.mark.parametrize("as_at", [DEC_2008, NOV_2008, parse_period("Apr 2008"), parse_period("Mar 2007")],
                         ids=lambda p: p.label)
def test_every_cell_is_the_scorecards_figure_at_that_columns_month(demo_sqlite, as_at):
    grid = demo_sqlite.grid(as_at)
    cards = {column.last_month: {row.indicator.code: row for row in demo_sqlite.scorecard(column.last_month)}
             for column in grid.columns}
    shown = 0
    for row in grid.rows:
        for position, (column, cell) in enumerate(zip(grid.columns, row.cells, strict=True)):
            found = cards[column.last_month].get(row.row.indicator.code)
            card = [found] if found else []
            if cell is None:
                # nothing of its own ends in the column, or it was not yet reported on
                before = grid.columns[position - 1].last_month if position else \
                    Period(column.last_month.ordinal - 3, Frequency.MONTHLY)
                assert not card or card[0].figure.period.end <= before.end, \
                    (row.row.indicator.code, column.label)
                continue
            shown += 1
            figure = card[0].figure
            assert (cell.period, cell.rating, cell.actual) == (figure.period, figure.rating, figure.actual)
    assert shown > 0


@pytest.mark.parametrize("as_at", [DEC_2008, NOV_2008], ids=lambda p: p.label)
def test_a_sample_of_cells_on_both_databases(demo, as_at):
    grid = demo.grid(as_at, GridFilters(theme="children-and-young-people"))
    sample = {row.row.indicator.frequency: row for row in grid.rows}  # one of each frequency
    assert set(sample) == set(Frequency)
    for row in sample.values():
        for column, cell in zip(grid.columns, row.cells, strict=True):
            if cell is not None:
                figure = demo.scorecard(column.last_month, indicator=row.row.indicator.slug)[0].figure
                assert (cell.period, cell.rating, cell.actual) == (figure.period, figure.rating, figure.actual)


def test_each_frequency_shows_its_own_periods(demo_sqlite):
    grid = demo_sqlite.grid(NOV_2008)
    for row in grid.rows:
        frequency = row.row.indicator.frequency
        periods = [None if cell is None else cell.period for cell in row.cells]
        allowed = own_periods(grid.columns, frequency)
        assert all(period is None or period == due for period, due in zip(periods, allowed, strict=True))
        assert all(period is None or period.frequency is frequency for period in periods)
        if frequency is Frequency.QUARTERLY:
            assert periods[-1] is None  # Q3 is under way in November
        if frequency is Frequency.MONTHLY:
            assert periods[-1] == NOV_2008
        if frequency is Frequency.ANNUAL:
            assert [position for position, period in enumerate(periods) if period] in ([0, 4], [4], [0], [])


def test_the_demo_choices_are_every_theme_directorate_priority_and_service(demo):
    choices = demo.grid(DEC_2008).choices
    with demo.engine.connect() as connection:
        def every(model):
            return sorted(connection.execute(select(model.name, model.slug)).all(), key=lambda r: r[0].casefold())
        assert [(link.name, link.slug) for link in choices.themes] == every(Theme)
        assert [(link.name, link.slug) for link in choices.directorates] == every(Directorate)
        assert [(link.name, link.slug) for link in choices.priorities] == every(Priority)
        assert sorted(link.slug for link in choices.services) == sorted(connection.execute(
            select(Service.slug)).scalars())
        resources = sorted(connection.execute(select(Service.slug).join(Directorate)
                                              .where(Directorate.slug == "resources")).scalars())
    narrowed = demo.grid(DEC_2008, GridFilters(directorate="resources")).choices
    assert sorted(link.slug for link in narrowed.services) == resources
    assert 0 < len(resources) < len(choices.services)


def test_the_filters_used_keep_the_page_and_the_notes_say_only_that_it_is_beyond_the_last(demo_sqlite):
    asked = replace(NO_FILTERS, theme="children-and-young-people", page=2, search="a")
    grid = demo_sqlite.grid(DEC_2008, asked)
    assert (grid.filters, grid.notes) == (asked, ("There is only 1 page of indicators: showing page 1.",))
    assert grid.pages == 1 and grid.page_rows == grid.rows  # a page beyond the last shows the last


def test_a_month_before_any_figure_gives_an_empty_grid_not_an_error(demo_sqlite):
    grid = demo_sqlite.grid(Period.of(Frequency.MONTHLY, 1995, 1))
    assert (grid.rows, grid.total) == ((), 0)


@pytest.mark.parametrize(("page", "note"), [
    (1, ()),
    (2, ("There is only 1 page of indicators: showing page 1.",)),
    (999, ("There is only 1 page of indicators: showing page 1.",)),
])
def test_a_page_beyond_the_last_shows_the_last_and_says_so(demo_sqlite, page, note):
    grid = demo_sqlite.grid(parse_period("Dec 2008"), GridFilters(page=page))
    assert grid.notes == note
    assert grid.page_rows == grid.rows[:50]
