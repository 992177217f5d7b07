"""The theme pages and the directorate drill-down: layouts from hand-made answers (colour never alone, the
organisation picture's words and table twin, user text as text, breadcrumbs at each level), the callbacks'
not-found pages, and the pages through the real callback payload on the demo council."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from types import SimpleNamespace
from urllib.parse import unquote

import pytest
from conftest import BACKENDS
from dash import dcc, html
from dash_requests import routed, section_request_body
from helpers import component_text, find_all, make_action, make_facts, make_figure, make_row

from callbacks.directorates import drill_down_view
from callbacks.router import parse_route
from callbacks.themes import theme_view, themes_view
from dashboard.app import create_app
from dashboard.settings import Settings
from data.answers import (
    NO_FILTERS,
    Choices,
    DrillDown,
    Grid,
    GridCell,
    GridColumn,
    GridRow,
    Level,
    Link,
    Part,
    Question,
    ThemePage,
    ThemeSummary,
    UnderPerformer,
)
from data.importer import slugify
from data.periods import Frequency, parse_period
from data.rules import Direction, Rating, Reason, roll_up
from layouts.directorates import drill_down, organisation_table
from layouts.look import RATINGS
from layouts.organisation import Box, blocks, organisation_src, organisation_summary, organisation_svg, split, squarify
from layouts.themes import theme_page, themes_list

DEC_2008 = parse_period("Dec 2008")
AS_AT = "2008-12"
SCRIPT = "<script>alert(1)</script>"


def rolled(*ratings: Rating, improving: int = 0) -> object:
    """A roll-up of these ratings, `improving` of them improving on a year earlier (the rest worsening)."""
    return roll_up(ratings, [Direction.IMPROVING] * improving + [Direction.WORSENING] * (len(ratings) - improving))


def make_grid(*rows, name: str = "Indicator") -> Grid:
    """A grid at Dec 2008 with two quarters and a row per rating given."""
    columns = (GridColumn("Q2 2008/09", parse_period("Sep 2008")), GridColumn("Q3 2008/09", DEC_2008))
    grid_rows = tuple(
        GridRow(make_row(make_facts(id=i, code=f"X{i}", slug=f"x{i}", title=f"{name} {i}"),
                         make_figure("Dec 2008", 1.0, 1.0, rating, long_term=Direction.WORSENING)),
                (None, GridCell(DEC_2008, rating, 1.0)), rating is Rating.RED)
        for i, rating in enumerate(rows))
    return Grid(DEC_2008, NO_FILTERS, columns, grid_rows, rolled(*rows), len(rows), Choices((), (), (), ()))


def under(rating: Rating = Rating.RED, remedial: tuple[str, ...] = (), title: str = "Indicator 0") -> UnderPerformer:
    row = make_row(make_facts(title=title, slug="x0"), make_figure("Dec 2008", 50.0, 33.0, rating))
    return UnderPerformer(row, (Reason.RED,), 2, None, remedial)


def make_theme(name: str = "Children and young people", question: str = "2 indicators have no target",
               title: str = "Indicator") -> ThemePage:
    return ThemePage(
        theme=Link(name, "children-and-young-people"),
        roll_up=rolled(Rating.GREEN, Rating.RED, Rating.NO_TARGET),
        grid=make_grid(Rating.GREEN, Rating.RED, Rating.NO_TARGET, name=title),
        actions=(make_action(ref="REM-1", title=f"Plan for {title}"),),
        under_performing=(under(title=f"{title} 1"), under(Rating.AMBER, ("REM-1",))),
        questions=(Question(question, (Link("X2", "x2"), Link("REM-1", "rem-1"))),),
    )


COUNCIL = Link("Council", "")
SERVICES = (Part(Link("Benefits", "benefits"), rolled(Rating.GREEN, Rating.RED, Rating.RED), 2),
            Part(Link("Revenues", "revenues"), rolled(Rating.AMBER), 0))
RESOURCES = Part(Link("Resources", "resources"),
                 rolled(Rating.GREEN, Rating.RED, Rating.RED, Rating.AMBER, Rating.DATA_ONLY), 2, SERVICES)
ENVIRONMENT = Part(Link("Environment", "environment"), rolled(Rating.GREEN, Rating.NO_TARGET), 0,
                   (Part(Link("Waste", "waste"), rolled(Rating.GREEN, Rating.NO_TARGET), 0),))


def make_level(level: Level, name: str = "Resources", service: str = "Benefits") -> DrillDown:
    """The council, the Resources directorate or its Benefits service, by hand."""
    if level is Level.COUNCIL:
        return DrillDown(level, "Council", (), rolled(Rating.GREEN, Rating.GREEN, Rating.RED, Rating.AMBER,
                                                       Rating.DATA_ONLY, Rating.NO_TARGET, Rating.RED),
                         (Link("NI 1", "ni-1"),), (RESOURCES, ENVIRONMENT), make_grid(Rating.GREEN, Rating.RED))
    directorate = Link(name, "resources")
    if level is Level.DIRECTORATE:
        return DrillDown(level, name, (COUNCIL,), RESOURCES.roll_up, (), SERVICES, make_grid(Rating.RED))
    return DrillDown(level, service, (COUNCIL, directorate), SERVICES[0].roll_up, (), (), make_grid(Rating.RED))


PATHS = {Level.COUNCIL: "/directorates", Level.DIRECTORATE: "/directorates/resources",
         Level.SERVICE: "/directorates/resources/benefits"}


def every_page() -> list[tuple[str, html.Div]]:
    summaries = (ThemeSummary(Link("Children and young people", "children-and-young-people"),
                              rolled(Rating.GREEN, Rating.RED, improving=1), 1),
                 ThemeSummary(Link("Empty theme", "empty"), rolled(), 0))
    return [("themes", themes_list(summaries, "Dec 2008", AS_AT)),
            ("theme", theme_page(make_theme(), "/themes/children-and-young-people", AS_AT)),
            *((level.value, drill_down(make_level(level), PATHS[level], AS_AT)) for level in Level)]


def words(component) -> str:
    return " ".join(component_text(component).split())


def classes(component) -> str:
    return getattr(component, "className", None) or ""


@pytest.mark.parametrize(("name", "page"), every_page())
def test_a_rating_is_never_shown_by_colour_alone(name, page):
    badges = find_all(page, lambda c: "rating--" in classes(c))
    assert badges, name
    for badge in badges:
        shown = component_text(badge)
        look = next(rating for rating in Rating if f"rating--{rating.lower().replace(' ', '-')}" in classes(badge))
        assert str(look) in shown  # the word
        drawn = [getattr(c, "data-shape", "") for c in find_all(badge, lambda c: True)]  # a shape CSS draws
        assert RATINGS[look].glyph in [shown.split()[0], *drawn]  # and its shape


@pytest.mark.parametrize(("name", "page"), every_page())
def test_every_link_keeps_the_month(name, page):
    links = find_all(page, lambda c: isinstance(c, dcc.Link))
    assert links, name
    assert [link.href for link in links if not link.href.endswith("as_at=2008-12")] == []


@pytest.mark.parametrize(("name", "page"), every_page())
def test_one_heading_names_the_page(name, page):
    assert len(find_all(page, lambda c: isinstance(c, html.H1))) == 1


@pytest.mark.parametrize(("level", "crumbs"), [
    (Level.COUNCIL, [("Council", None)]),
    (Level.DIRECTORATE, [("Council", "/directorates?as_at=2008-12"), ("Resources", None)]),
    (Level.SERVICE, [("Council", "/directorates?as_at=2008-12"), ("Resources", "/directorates/resources?as_at=2008-12"),
                     ("Benefits", None)]),
])
def test_breadcrumbs_run_from_the_council_down(level, crumbs):
    page = drill_down(make_level(level), PATHS[level], AS_AT)
    (trail,) = find_all(page, lambda c: isinstance(c, html.Nav))
    shown = [(component_text(item), getattr(item.children, "href", None)) for item in trail.children.children]
    assert shown == crumbs


@pytest.mark.parametrize(("level", "below", "links"), [
    (Level.COUNCIL, "Directorates", ["/directorates/resources", "/directorates/environment"]),
    (Level.DIRECTORATE, "Services", ["/directorates/resources/benefits", "/directorates/resources/revenues"]),
    (Level.SERVICE, None, []),
])
def test_the_same_layout_at_every_level_with_the_level_below_linked(level, below, links):
    page = drill_down(make_level(level), PATHS[level], AS_AT)
    headings = [component_text(h) for h in find_all(page, lambda c: isinstance(c, html.H2))]
    assert headings[0] == "Key figures"
    assert {"Key figures", "Indicators without a target", "Ratings by quarter"} <= set(headings)
    assert (below in headings) if below else not {"Directorates", "Services"} & set(headings)
    assert ("The whole organisation" in headings) is (level is Level.COUNCIL)
    sections = find_all(page, lambda c: isinstance(c, html.Section) and getattr(c, "aria-labelledby", "")
                        == "below-heading")
    assert [link.href.split("?")[0] for link in find_all(sections, lambda c: isinstance(c, dcc.Link))] == links
    text = words(page)
    assert "of rated indicators on target" in text and "improving on a year earlier" in text


def test_key_figures_say_what_the_roll_up_says():
    page = drill_down(make_level(Level.DIRECTORATE), PATHS[Level.DIRECTORATE], AS_AT)
    text = words(page)
    assert "1 of 4 rated indicators on target (25%)" in text  # RollUp's own sentence
    assert "● Green 1 ▲ Amber 1 ■ Red 2 ◆ Data only 1" in text
    values = [component_text(p) for p in find_all(page, lambda c: classes(c) == "key-figure__value")]
    assert values == ["25%", "0%", "2", "0"]


@pytest.mark.parametrize(("without", "expected"), [
    ((), "Every indicator here that should have a target has one for this period."),
    ((Link("NI 1", "ni-1"),), "1 indicator has a figure but no target"),
    ((Link("NI 1", "ni-1"), Link("NI 2", "ni-2")), "2 indicators have a figure but no target"),
])
def test_indicators_without_a_target_are_listed_as_links(without, expected):
    answer = replace(make_level(Level.SERVICE), without_target=without)
    page = drill_down(answer, PATHS[Level.SERVICE], AS_AT)
    assert expected in words(page)
    hrefs = {link.href for link in find_all(page, lambda c: isinstance(c, dcc.Link))}
    assert {f"/indicators/{link.slug}?as_at=2008-12" for link in without} <= hrefs


# --- the organisation picture ---------------------------------------------------------------------------------

@pytest.mark.parametrize("sizes", [[6, 6, 4, 3, 2, 2, 1], [1], [5, 0, 3], [100, 1, 1, 1], [2, 2, 2, 2]])
@pytest.mark.parametrize("box", [Box(0, 0, 600, 400), Box(10, 20, 200, 500)])
def test_a_treemaps_areas_are_in_proportion_and_inside_the_box(sizes, box):
    placed = squarify(sizes, box)
    assert [b is None for b in placed] == [size == 0 for size in sizes]
    drawn = [(size, b) for size, b in zip(sizes, placed, strict=True) if b is not None]
    for size, b in drawn:
        assert b.w * b.h == pytest.approx(box.w * box.h * size / sum(sizes))
        assert box.x - 1e-6 <= b.x and b.x + b.w <= box.x + box.w + 1e-6
        assert box.y - 1e-6 <= b.y and b.y + b.h <= box.y + box.h + 1e-6
    for i, (_, one) in enumerate(drawn):  # no two overlap
        for _, other in drawn[i + 1:]:
            overlap_w = min(one.x + one.w, other.x + other.w) - max(one.x, other.x)
            overlap_h = min(one.y + one.h, other.y + other.h) - max(one.y, other.y)
            assert overlap_w <= 1e-6 or overlap_h <= 1e-6


@pytest.mark.parametrize(("box", "counts", "expected"), [
    (Box(0, 0, 100, 10), {Rating.RED: 1, Rating.GREEN: 3}, [(Rating.GREEN, Box(0, 0, 75, 10)),
                                                            (Rating.RED, Box(75, 0, 25, 10))]),
    (Box(0, 0, 10, 100), {Rating.NO_DATA: 1, Rating.AMBER: 1}, [(Rating.AMBER, Box(0, 0, 10, 50)),
                                                               (Rating.NO_DATA, Box(0, 50, 10, 50))]),
    (Box(5, 5, 10, 10), {Rating.DATA_ONLY: 2, Rating.GREEN: 0}, [(Rating.DATA_ONLY, Box(5, 5, 10, 10))]),
])
def test_a_services_rectangle_is_split_by_its_ratings_in_rating_order(box, counts, expected):
    assert split(box, counts) == expected


@pytest.mark.parametrize("rating", list(Rating))
def test_each_ratings_share_is_filled_with_its_shape_as_well_as_its_colour(rating):
    svg = organisation_svg((RESOURCES, ENVIRONMENT))
    slug = rating.lower().replace(" ", "-")
    (tile,) = re.findall(rf'<pattern id="rating-{slug}".*?</pattern>', svg)
    assert re.search(r"<(circle|rect x|polygon)", tile.split("/>", 1)[1])  # a shape over the colour
    hollow = rating in (Rating.NO_TARGET, Rating.NO_DATA)
    assert ('fill="none"' in tile) is hollow  # hollow or filled, as its badge's glyph is


def test_the_picture_draws_every_share_and_names_what_fits():
    svg = organisation_svg((RESOURCES, ENVIRONMENT))
    drawn = re.findall(r'fill="url\(#rating-([a-z-]+)\)"', svg)
    # Benefits: Green, Red; Revenues: Amber; Resources' own: Data only; Waste: Green, No target
    assert sorted(drawn) == sorted(["green", "red", "amber", "data-only", "green", "no-target"])
    assert "Resources (5)" in svg and "Benefits (3)" in svg and "Not in a service (1)" in svg


def test_user_text_in_the_picture_is_escaped():
    evil = replace(RESOURCES, link=Link(SCRIPT, "evil"),
                   parts=(replace(SERVICES[0], link=Link(f'"{SCRIPT}&', "evil-service")),))
    source = unquote(organisation_src((evil,)).removeprefix("data:image/svg+xml,"))
    assert "<script" not in source
    assert "&lt;script&gt;" in source and "&amp;" in source


@pytest.mark.parametrize(("parts", "expected"), [
    ((RESOURCES, ENVIRONMENT),
     "7 indicators in 2 directorates and 3 services: 2 Green, 1 Amber, 2 Red, 1 No target, 1 Data only. "
     "Most Red: Benefits, 2 of 3."),
    ((ENVIRONMENT,), "7 indicators in 1 directorates and 1 services: 2 Green, 1 Amber, 2 Red, 1 No target, "
                     "1 Data only. No service has a Red indicator."),
])
def test_the_pictures_story_in_words(parts, expected):
    council = make_level(Level.COUNCIL).roll_up
    assert organisation_summary(parts, council) == expected


def test_the_picture_has_its_story_as_alt_text_and_caption_and_a_table_twin():
    page = drill_down(make_level(Level.COUNCIL), PATHS[Level.COUNCIL], AS_AT)
    (picture,) = find_all(page, lambda c: isinstance(c, html.Img))
    story = organisation_summary((RESOURCES, ENVIRONMENT), make_level(Level.COUNCIL).roll_up)
    assert picture.alt.endswith(story)
    assert story in words(find_all(page, lambda c: isinstance(c, html.Figcaption)))
    twin = organisation_table((RESOURCES, ENVIRONMENT), AS_AT)
    rows = [[component_text(cell) for cell in row.children] for row in find_all(twin, lambda c: isinstance(c, html.Tr))]
    assert rows[0] == ["Directorate", "Service", "Indicators", "● Green", "▲ Amber", "■ Red", "◇ No target",
                       "◆ Data only", "○ No data"]
    assert rows[1:] == [
        ["Resources", "All its services", "5", "1", "1", "2", "0", "1", "0"],
        ["Resources", "Benefits", "3", "1", "0", "2", "0", "0", "0"],
        ["Resources", "Revenues", "1", "0", "1", "0", "0", "0", "0"],
        ["Resources", "Not in a service", "1", "0", "0", "0", "0", "1", "0"],
        ["Environment", "All its services", "2", "1", "0", "0", "1", "0", "0"],
        ["Environment", "Waste", "2", "1", "0", "0", "1", "0", "0"],
    ]


def test_blocks_leave_nothing_out():
    assert [(b.name, b.total) for b in blocks(RESOURCES)] == [("Benefits", 3), ("Revenues", 1),
                                                               ("Not in a service", 1)]
    assert [b.name for b in blocks(ENVIRONMENT)] == ["Waste"]


# --- user text, themes ----------------------------------------------------------------------------------------

def strings(component) -> list[str]:
    """Every string in a component tree and its props (what React would write, as text, into the page)."""
    found = []
    for c in find_all(component, lambda c: True):
        for value in c.to_plotly_json()["props"].values():
            found += [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] \
                if isinstance(value, list) else []
    return found


@pytest.mark.parametrize("page", [
    theme_page(make_theme(name=SCRIPT, question=SCRIPT, title=SCRIPT), "/themes/x", AS_AT),
    themes_list((ThemeSummary(Link(SCRIPT, "x"), rolled(Rating.RED), 1),), "Dec 2008", AS_AT),
    drill_down(replace(make_level(Level.SERVICE), name=SCRIPT, trail=(COUNCIL, Link(SCRIPT, "resources"))),
               PATHS[Level.SERVICE], AS_AT),
], ids=["theme", "themes", "service"])
def test_user_text_is_shown_as_text(page):
    assert SCRIPT in strings(page)  # a plain string child: React writes it as text
    assert not find_all(page, lambda c: isinstance(c, dcc.Markdown) or type(c).__name__ == "Script")
    assert not any("dangerously_allow_html" in c.to_plotly_json()["props"] for c in find_all(page, lambda c: True))


def test_a_themes_page_puts_the_questions_for_members_first():
    page = theme_page(make_theme(), "/themes/children-and-young-people", AS_AT)
    headings = [component_text(h) for h in find_all(page, lambda c: isinstance(c, html.H2))]
    assert headings == ["Questions for members", "Ratings by quarter", "Under-performing", "Actions"]
    (question,) = find_all(page, lambda c: classes(c) == "question")
    assert words(question).replace(" ,", ",") == "2 indicators have no target About: X2, REM-1"
    links = [link.href for link in find_all(question, lambda c: isinstance(c, dcc.Link))]
    assert links == ["/indicators/x2?as_at=2008-12"]  # an action has no page: its ref, listed under Actions


def test_a_themes_under_performers_say_why_and_what_is_done():
    page = theme_page(make_theme(), "/themes/children-and-young-people", AS_AT)
    (listed,) = find_all(page, lambda c: classes(c) == "attention-list")
    assert [words(item) for item in listed.children] == [
        "X1 Indicator 1 ■ Red Red. No remedial action.",
        "X1 Indicator 0 ▲ Amber Red. Remedial action: REM-1.",
    ]


def test_the_list_of_themes_links_each_with_its_counts():
    page = every_page()[0][1]
    cards = find_all(page, lambda c: isinstance(c, html.Article))
    assert [words(card) for card in cards] == [
        "Children and young people ● Green 1 ■ Red 1 On target 50% of rated Improving 50% of 2 comparable "
        "Under-performing 1",
        "Empty theme No indicator of this theme is reported for this period. On target none rated against a target "
        "Improving no comparison yet Under-performing 0",
    ]
    assert [link.href for link in find_all(page, lambda c: isinstance(c, dcc.Link))] == [
        "/themes/children-and-young-people?as_at=2008-12", "/themes/empty?as_at=2008-12"]


# --- the callbacks: not-found pages, from a store that knows nothing --------------------------------------------

class NothingStore:
    """A store that knows no theme, directorate or service."""

    def themes(self, period):
        return ()

    def theme_page(self, slug, period, filters):
        return None

    def drill_down(self, period, directorate=None, service=None, filters=NO_FILTERS):
        return None


@pytest.mark.parametrize(("path", "title", "heading", "again"), [
    ("/themes/no-such-theme", "Theme not found", "This theme was not found", "/themes?as_at=2008-12"),
    ("/directorates/nope", "Directorate not found", "This directorate was not found", "/directorates?as_at=2008-12"),
    # a council with no directorates at all: the directorate is what is wrong (the service's case is on the demo)
    ("/directorates/resources/waste", "Directorate not found", "This directorate was not found",
     "/directorates?as_at=2008-12"),
])
def test_an_unknown_slug_gives_a_clear_page(path, title, heading, again):
    route = parse_route(path, "?as_at=2008-12", [DEC_2008])
    view = theme_view if path.startswith("/themes") else drill_down_view
    shown_title, page = view(NothingStore(), route, DEC_2008, AS_AT)
    assert shown_title == title
    assert component_text(find_all(page, lambda c: isinstance(c, html.H1))[0]) == heading
    assert again in [link.href for link in find_all(page, lambda c: isinstance(c, dcc.Link))]


def test_the_views_ask_the_store_for_the_routes_level_and_filters():
    asked = []
    store = SimpleNamespace(drill_down=lambda *args: asked.append(args) or None,
                            theme_page=lambda *args: asked.append(args) or None)
    drill_down_view(store, parse_route("/directorates", "?rating=red", [DEC_2008]), DEC_2008, AS_AT)
    drill_down_view(store, parse_route("/directorates/a/b", "", [DEC_2008]), DEC_2008, AS_AT)
    theme_view(store, parse_route("/themes/t", "?frequency=monthly", [DEC_2008]), DEC_2008, AS_AT)
    assert asked == [(DEC_2008, None, None, replace(NO_FILTERS, rating=Rating.RED)),
                     (DEC_2008, "a", "b", NO_FILTERS),
                     (DEC_2008, "a"),  # not found: is it the directorate, or only its service?
                     ("t", DEC_2008, replace(NO_FILTERS, frequency=Frequency.MONTHLY))]


def test_the_list_of_themes_view():
    title, page = themes_view(NothingStore(), parse_route("/themes", "", [DEC_2008]), DEC_2008, AS_AT)
    assert title == "Themes as at Dec 2008"
    assert "No themes have been defined yet." in words(page)


# --- through the real callback payload, on the demo council -------------------------------------------------------

CHILDREN_THEME = "children-and-young-people"
CYPS = slugify("Children & Young People's Services")
SAFEGUARDING = slugify("Safeguarding and assessment")


@pytest.fixture(scope="module", params=BACKENDS)
def client(request):
    """The app over the demo council on each kind of database, as the browser calls it."""
    demo = request.getfixturevalue(f"demo_{request.param}")
    return create_app(Settings(database_url="sqlite://", seed_demo=False), demo).server.test_client()


@pytest.mark.parametrize(("pathname", "search", "title", "shown"), [
    ("/themes", "", "Themes as at Dec 2008", ["Children and Young People", "Organisational improvement"]),
    (f"/themes/{CHILDREN_THEME}", "?as_at=2008-12", "Children and Young People as at Dec 2008",
     ["Questions for members", "Under-performing", "Actions", "/indicators/"]),
    (f"/themes/{CHILDREN_THEME}", "?rating=red", "Children and Young People as at Dec 2008", ["Red"]),
    ("/directorates", "", "Directorates as at Dec 2008",
     ["The whole organisation", "data:image/svg+xml", f"/directorates/{CYPS}?as_at=2008-12"]),
    (f"/directorates/{CYPS}", "?as_at=2008-11", "Children & Young People's Services as at Nov 2008",
     [f"/directorates/{CYPS}/{SAFEGUARDING}?as_at=2008-11", "Services", "Show what went well in this quarter",
      "The golden thread"]),
    (f"/directorates/{CYPS}/{SAFEGUARDING}", "?rating=red&as_at=2008-12", "Safeguarding and assessment as at Dec 2008",
     ["Key figures", "Indicators without a target", "/indicators/"]),
])
def test_the_pages_through_the_real_callback_payload(client, pathname, search, title, shown):
    drawn_title, page = routed(client, pathname, search)
    assert drawn_title == f"{title} – Council Performance Dashboard"
    for text in shown:
        assert text in page


@pytest.mark.parametrize(("pathname", "search", "expected"), [
    ("/themes/no-such-theme", "", "This theme was not found"),
    ("/themes/<script>", "", "This page was not found"),
    ("/directorates/nope", "", "This directorate was not found"),
    (f"/directorates/{slugify('Resources')}/{SAFEGUARDING}", "", "This service was not found"),  # another's service
    (f"/directorates/{CYPS}/nope", "", "This service was not found"),
    (f"/directorates/nope/{SAFEGUARDING}", "", "This directorate was not found"),  # what is wrong is named
    ("/directorates", "?rating=<script>", "is not a rating we can filter by"),
    (f"/themes/{CHILDREN_THEME}", "?search=" + "x" * 5000, "Questions for members"),
])
def test_bad_addresses_give_a_clear_page(client, pathname, search, expected):
    _title, page = routed(client, pathname, search)
    assert expected in page
    _title, page = routed(client, pathname, search)
    assert expected in page


@pytest.mark.parametrize("filters", [NO_FILTERS, replace(NO_FILTERS, theme="children-and-young-people", page=2),
                                     replace(NO_FILTERS, rating=Rating.RED)])
def test_a_themes_lead_gives_the_themes_own_figures_whatever_the_grid_is_narrowed_to(filters):
    """As the list of themes gives them (the period's own figure: a late return is No data), so that the two
    pages never disagree; the grid's counts below go by the latest rating, as its filters do."""
    answer = make_theme()
    answer = replace(answer, grid=replace(answer.grid, filters=filters))
    (shown,) = [p for p in find_all(theme_page(answer, "/themes/x", AS_AT), lambda c: isinstance(c, html.P))
                if classes(p) == "lead"][:1]
    assert component_text(shown) == "1 of 2 rated indicators on target (50%); 0 of 3 indicators improving (0%); " \
                                    "1 without a target."


@pytest.mark.parametrize(("level", "caption"), [
    (Level.COUNCIL, "Directorates, by rating"),
    (Level.DIRECTORATE, "Services of Resources, by rating"),
])
def test_the_level_below_is_a_captioned_table(level, caption):
    page = drill_down(make_level(level), PATHS[level], AS_AT)
    captions = [component_text(c) for c in find_all(page, lambda c: isinstance(c, html.Caption))]
    assert caption in captions


@pytest.mark.parametrize(("level", "heading"), [
    (Level.COUNCIL, "Directorates as at Dec 2008"),  # what the navigation's link calls it
    (Level.DIRECTORATE, "Resources as at Dec 2008"),
    (Level.SERVICE, "Benefits as at Dec 2008"),
])
def test_each_level_is_headed_by_its_name(level, heading):
    (h1,) = find_all(drill_down(make_level(level), PATHS[level], AS_AT), lambda c: isinstance(c, html.H1))
    assert words(h1) == heading


@pytest.mark.parametrize(("no_data", "said"), [
    (0, None),
    (1, "No data: 1 return is not yet in for this period; the grid below shows its latest rating."),
    (3, "No data: 3 returns are not yet in for this period; the grid below shows their latest rating."),
])
def test_the_key_figures_say_why_they_can_differ_from_the_grid(no_data, said):
    from layouts.directorates import _no_data_note

    note = _no_data_note(no_data)
    assert (note.children if note is not None else None) == said


@pytest.mark.parametrize(("pathname", "drawn"), [
    (f"/directorates/{CYPS}", "What went well in Q3 2008/09 to Nov"),  # a directorate's quarter, when opened
    ("/directorates", None),  # the council's is the assessment's: no such section here
])
def test_what_went_well_is_drawn_when_opened(client, pathname, drawn):
    response = client.post("/_dash-update-component",
                           json=section_request_body("went-well", 1, pathname, "?as_at=2008-11"))
    text = json.dumps(response.get_json(silent=True))  # written again: Dash escapes "/" in its answers
    if drawn is None:
        assert "could not be drawn" in text
    else:
        assert response.status_code == 200 and drawn in text and "Newly on target" in text
