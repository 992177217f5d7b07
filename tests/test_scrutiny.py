"""Scrutiny: the themes, a theme's page with its questions for members, and the council -> directorate -> service
drill-down, on the demo council (SQLite and PostgreSQL) against figures worked out from the demo's own files."""

from __future__ import annotations

import csv
import re
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest
from helpers import make_action, make_facts, make_figure, make_late, make_row

from data import questions as asking
from data.answers import NO_FILTERS, GridFilters, Level, Link, ScorecardRow, UnderPerformer
from data.demo import FILES
from data.importer import slugify
from data.periods import Frequency, parse_period
from data.questions import questions
from data.rules import ActionStatus, Rating, Reason

DEC_2008 = parse_period("Dec 2008")
SOME_MONTHS = [parse_period(p) for p in ("Dec 2008", "Mar 2008", "Sep 2007", "Jun 2006")]
DEFINITIONS = list(csv.DictReader((FILES / "definitions.csv").open(encoding="utf-8")))
CHILDREN = "children-and-young-people"
COUNCIL = Link("All directorates", "")
HOSTILE = ["no-such-thing", "", "<script>alert(1)</script>", "x" * 5000, "' OR '1'='1", "../../etc/passwd",
           "children-and-young-people/", "CHILDREN-AND-YOUNG-PEOPLE", "resources\x00", "%", "_"]


def split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(";") if part.strip()]


def theme_codes(theme: str) -> set[str]:
    """The codes of a theme's members, as the demo's definitions file lists them."""
    return {row["code"] for row in DEFINITIONS if theme in split(row["themes"])}


def unit_codes(directorate: str | None = None, service: str | None = None) -> set[str]:
    """The codes of a directorate's (or one of its services') indicators, from the definitions file."""
    return {row["code"] for row in DEFINITIONS if directorate in (None, row["directorate"])
            and service in (None, row["service"])}


def in_use(store, period) -> set[str]:
    """The codes of the indicators on the scorecard at `period` (in use then)."""
    return {row.indicator.code for row in store.scorecard(period)}


THEMES = sorted({theme for row in DEFINITIONS for theme in split(row["themes"])})
DIRECTORATES = sorted({row["directorate"] for row in DEFINITIONS})
SERVICES = {directorate: sorted({row["service"] for row in DEFINITIONS if row["directorate"] == directorate})
            for directorate in DIRECTORATES}


def expected_counts(card, codes: set[str]) -> Counter:
    """Ratings (at the period's own figure: a late return is No data) of the card's rows among `codes`."""
    return Counter(row.figure.rating for row in card if row.indicator.code in codes)


def counts(roll_up) -> Counter:
    return Counter({rating: n for rating, n in roll_up.counts.items() if n})


# --- themes ---------------------------------------------------------------------------------------------------


def test_every_theme_is_listed_by_name_with_its_slug(demo):
    found = demo.themes(DEC_2008)
    assert [summary.theme for summary in found] == [Link(name, slugify(name)) for name in THEMES]


@pytest.mark.parametrize("period", SOME_MONTHS, ids=str)
@pytest.mark.parametrize("theme", THEMES)
def test_a_themes_roll_up_is_its_members_ratings_on_the_scorecard(demo, theme, period):
    card, codes = demo.scorecard(period), theme_codes(theme)
    summary = {summary.theme.name: summary for summary in demo.themes(period)}[theme]
    assert counts(summary.roll_up) == expected_counts(card, codes)
    improving = [row for row in card if row.indicator.code in codes and row.figure.long_term is not None]
    assert summary.roll_up.improvement.comparable == len(improving)
    assert summary.under_performing == sum(under.row.indicator.code in codes for under in demo.exceptions(period))


# Worked out from the demo's files: members from definitions.csv, on the scorecard at Dec 2008 and rated there.
@pytest.mark.parametrize(
    ("theme", "members", "in_use", "ratings", "under_performing"),
    [
        ("Children and Young People", 17, 16,
         {Rating.RED: 6, Rating.AMBER: 4, Rating.NO_TARGET: 3, Rating.GREEN: 2, Rating.DATA_ONLY: 1}, 11),
        ("Economic Development and Enterprise", 1, 1, {Rating.NO_TARGET: 1}, 0),
        ("Healthier Communities and Older People", 19, 6, {Rating.GREEN: 4, Rating.AMBER: 1, Rating.NO_TARGET: 1}, 1),
        ("Organisational improvement", 15, 9,
         {Rating.GREEN: 4, Rating.AMBER: 2, Rating.RED: 1, Rating.NO_TARGET: 1, Rating.NO_DATA: 1}, 4),
        ("Safer and Stronger Communities", 11, 7, {Rating.NO_TARGET: 4, Rating.GREEN: 2, Rating.AMBER: 1}, 1),
    ],
)
def test_the_themes_at_dec_2008(demo, theme, members, in_use, ratings, under_performing):
    assert len(theme_codes(theme)) == members
    summary = {summary.theme.name: summary for summary in demo.themes(DEC_2008)}[theme]
    assert summary.roll_up.total == in_use
    assert counts(summary.roll_up) == Counter(ratings)
    assert summary.under_performing == under_performing


def test_no_theme_before_any_figure_has_anything_to_roll_up(demo):
    found = demo.themes(parse_period("Jan 2001"))
    assert [summary.theme.name for summary in found] == THEMES
    assert all(summary.roll_up.total == 0 and summary.under_performing == 0 for summary in found)


# --- a theme's page ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("theme", THEMES)
def test_a_themes_page_holds_its_under_performers_and_actions(demo, theme):
    page = demo.theme_page(slugify(theme), DEC_2008)
    codes = theme_codes(theme)
    assert page.theme == Link(theme, slugify(theme))
    # the store's own order (most pressing first), narrowed to the theme
    assert page.under_performing == tuple(under for under in demo.exceptions(DEC_2008)
                                          if under.row.indicator.code in codes)
    assert page.actions == tuple(action for action in demo.actions(DEC_2008.end)
                                 if {link.name for link in action.indicators} & codes)
    card = tuple(row for row in demo.scorecard(DEC_2008) if row.indicator.code in codes)
    assert page.questions == questions(card, page.under_performing, page.actions)


def test_the_children_and_young_people_page_at_dec_2008(demo):
    page = demo.theme_page(CHILDREN, DEC_2008)
    assert len(page.under_performing) == 11
    assert {action.ref for action in page.actions} >= {"DR-CYP-01", "REM-CYP-02", "REM-CYP-04"}
    texts = [question.text for question in page.questions]
    assert "3 indicators have no target: when will targets be set?" in texts
    assert "1 action is overdue: when will it be finished?" in texts
    overdue = next(question for question in page.questions if "overdue" in question.text)
    assert overdue.about == (Link("DR-CYP-01", "dr-cyp-01"),)


@pytest.mark.parametrize("slug", HOSTILE)
def test_an_unknown_or_hostile_theme_has_no_page(demo, slug):
    assert demo.theme_page(slug, DEC_2008) is None


@pytest.mark.parametrize(
    "filters",
    [NO_FILTERS, GridFilters(page=3), GridFilters(rating=Rating.RED),
     GridFilters(theme="organisational-improvement", page=2),
     GridFilters(directorate="resources", underperforming=True), GridFilters(theme="no-such-theme")],
)
def test_a_themes_grid_is_narrowed_to_the_theme_and_then_by_the_filters(demo, filters):
    page = demo.theme_page(CHILDREN, DEC_2008, filters)
    # "N of M indicators": M is the theme's, not the council's
    assert page.grid == replace(demo.grid(DEC_2008, replace(filters, theme=CHILDREN)),
                                total=len(theme_codes("Children and Young People") & in_use(demo, DEC_2008)))
    assert {row.row.indicator.code for row in page.grid.rows} <= theme_codes("Children and Young People")
    assert page.grid.filters.theme == CHILDREN
    # what the page asks and lists does not depend on how its grid is narrowed
    whole = demo.theme_page(CHILDREN, DEC_2008)
    assert (page.under_performing, page.actions, page.questions) == \
        (whole.under_performing, whole.actions, whole.questions)


# --- the drill-down -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("period", SOME_MONTHS, ids=str)
def test_the_council_level_rolls_up_as_the_overview_does(demo, period):
    level = demo.drill_down(period)
    overview = demo.overview(period)
    assert (level.level, level.name, level.trail) == (Level.COUNCIL, "All directorates", ())
    assert level.roll_up == overview.council
    assert sum(part.under_performing for part in level.parts) == len(overview.under_performing)
    assert sum(part.roll_up.total for part in level.parts) == level.roll_up.total


def test_a_late_return_counts_as_no_data_in_a_roll_up_as_on_the_overview(demo):
    """docs/rules.md#roll-ups: the demo's one late return at Dec 2008 (BV12, last shown Red) is No data."""
    late = [row for row in demo.scorecard(DEC_2008) if row.late is not None]
    assert [(row.indicator.code, row.shown_rating) for row in late] == [("BV12", Rating.RED)]
    resources = demo.drill_down(DEC_2008, "corporate-customer-services")
    assert resources.roll_up.counts[Rating.NO_DATA] == 1
    assert resources.grid.counts.counts[Rating.RED] == resources.roll_up.counts[Rating.RED] + 1  # the grid shows Red


def test_the_council_level_pictures_the_whole_organisation(demo):
    level = demo.drill_down(DEC_2008)
    assert [part.link for part in level.parts] == [Link(name, slugify(name)) for name in DIRECTORATES]
    for part in level.parts:
        assert [service.link for service in part.parts] == \
            [Link(name, slugify(name)) for name in SERVICES[part.link.name]]
        # every demo indicator has a service: the services add up to their directorate
        assert sum(service.roll_up.total for service in part.parts) == part.roll_up.total
        assert sum(service.under_performing for service in part.parts) == part.under_performing


LEVELS = [(None, None)] + [(d, None) for d in DIRECTORATES] + [
    ("Children & Young People's Services", "Looked after children"), ("Resources", "Benefits"),
    ("Environment", "Waste"), ("Chief Executive's Office", "Economic development")]


@pytest.mark.parametrize(("directorate", "service"), LEVELS)
def test_every_level_has_the_same_figures_worked_out_the_same_way(demo, directorate, service):
    level = demo.drill_down(DEC_2008, directorate and slugify(directorate), service and slugify(service))
    card, codes = demo.scorecard(DEC_2008), unit_codes(directorate, service)
    assert counts(level.roll_up) == expected_counts(card, codes)
    assert level.without_target == tuple(Link(row.indicator.code, row.indicator.slug) for row in card
                                         if row.indicator.code in codes and row.shown_rating is Rating.NO_TARGET)
    assert len(level.without_target) == level.roll_up.no_target  # no late return without a target in the demo
    under = [u for u in demo.exceptions(DEC_2008) if u.row.indicator.code in codes]
    assert sum(part.under_performing for part in level.parts) == (len(under) if service is None else 0)


@pytest.mark.parametrize(("directorate", "service"), LEVELS)
def test_a_levels_grid_counts_the_levels_indicators_not_the_councils(demo, directorate, service):
    """"Showing 3 of 14 indicators" on a directorate's page: 14 is the directorate's, as its key figures count."""
    level = demo.drill_down(DEC_2008, directorate and slugify(directorate), service and slugify(service),
                            GridFilters(rating=Rating.RED))
    assert level.grid.total == level.roll_up.total == len(unit_codes(directorate, service) & in_use(demo, DEC_2008))
    assert (level.grid.total < len(demo.scorecard(DEC_2008))) is (directorate is not None)


@pytest.mark.parametrize("theme", THEMES)
def test_a_themes_grid_counts_the_themes_indicators_not_the_councils(demo, theme):
    page = demo.theme_page(slugify(theme), DEC_2008, GridFilters(rating=Rating.RED))
    assert page.grid.total == page.roll_up.total == len(theme_codes(theme) & in_use(demo, DEC_2008))
    assert page.grid.total < len(demo.scorecard(DEC_2008))


@pytest.mark.parametrize(
    ("directorate", "service", "level", "name", "trail", "parts"),
    [
        (None, None, Level.COUNCIL, "All directorates", (), DIRECTORATES),
        ("Resources", None, Level.DIRECTORATE, "Resources", (COUNCIL,), ["Benefits", "Finance", "Property",
                                                                          "Revenues"]),
        ("Resources", "Benefits", Level.SERVICE, "Benefits", (COUNCIL, Link("Resources", "resources")), []),
        ("Children & Young People's Services", "Youth", Level.SERVICE, "Youth",
         (COUNCIL, Link("Children & Young People's Services", "children-young-people-s-services")), []),
    ],
)
def test_each_level_knows_where_it_is(demo, directorate, service, level, name, trail, parts):
    found = demo.drill_down(DEC_2008, directorate and slugify(directorate), service and slugify(service))
    assert (found.level, found.name, found.trail) == (level, name, trail)
    assert [part.link.name for part in found.parts] == parts
    assert all(not part.parts for part in found.parts) == (level is not Level.COUNCIL)


@pytest.mark.parametrize(
    ("directorate", "service"),
    [(slug, None) for slug in HOSTILE]
    + [("resources", slug) for slug in HOSTILE]
    + [("resources", "waste"),  # a service of another directorate (Environment)
       ("environment", "benefits"), (None, "benefits"), ("Resources", None), ("resources", "Benefits")],
)
def test_an_unknown_level_has_no_drill_down(demo, directorate, service):
    assert demo.drill_down(DEC_2008, directorate, service) is None


@pytest.mark.parametrize(("directorate", "service"), [(None, None), ("resources", None), ("resources", "benefits")])
@pytest.mark.parametrize("filters", [NO_FILTERS, GridFilters(rating=Rating.GREEN), GridFilters(page=2),
                                     GridFilters(directorate="environment", service="waste", search="bv"),
                                     GridFilters(underperforming=True, theme="children-and-young-people")])
def test_each_levels_grid_is_narrowed_to_it(demo, directorate, service, filters):
    level = demo.drill_down(DEC_2008, directorate, service, filters)
    names = {None: None, "resources": "Resources", "benefits": "Benefits"}
    # "N of M indicators": M is the level's own (the council's only at the council level)
    assert level.grid == replace(demo.grid(DEC_2008, replace(filters, directorate=directorate, service=service)),
                                 total=len(unit_codes(names[directorate], names[service]) & in_use(demo, DEC_2008)))
    # the level's own figures do not depend on how its grid is narrowed
    whole = demo.drill_down(DEC_2008, directorate, service)
    assert (level.roll_up, level.without_target, level.parts) == (whole.roll_up, whole.without_target, whole.parts)
    assert (level.grid.filters.directorate, level.grid.filters.service) == (directorate, service)
    assert {row.row.indicator.code for row in level.grid.rows} <= unit_codes(names[directorate], names[service])


# --- questions for members (pure) ---------------------------------------------------------------------------------


def indicator(code: str, frequency: Frequency = Frequency.MONTHLY, rating: Rating = Rating.RED,
              late: bool = False) -> ScorecardRow:
    period = {Frequency.MONTHLY: "Dec 2008", Frequency.QUARTERLY: "Q3 2008/09", Frequency.ANNUAL: "2007/08"}
    figure = make_figure(period[frequency], 10.0, 5.0, rating, frequency=frequency)
    facts = make_facts(code=code, slug=slugify(code), frequency=frequency)
    if late:
        return make_row(facts, make_figure("Dec 2008", None, 5.0, Rating.NO_DATA), make_late(figure))
    return make_row(facts, figure)


def under(code: str, *reasons: Reason, frequency: Frequency = Frequency.MONTHLY,
          remedial: tuple[str, ...] = ("REM-1",)) -> UnderPerformer:
    """An under-performer; with an open remedial action unless `remedial` is ()."""
    return UnderPerformer(row=indicator(code, frequency), reasons=reasons or (Reason.RED,), periods_missed=2,
                          forecast=None, remedial_actions=remedial)


def action(ref: str, status: ActionStatus):
    return make_action(ref=ref, status=status)


def asked(card=(), under_performing=(), actions=()) -> list[tuple[str, list[str]]]:
    return [(question.text, [link.name for link in question.about])
            for question in questions(card, under_performing, actions)]


MONTHLY, QUARTERLY, ANNUAL = Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.ANNUAL
TWICE, FORECAST = Reason.MISSED_TWICE, Reason.FORECAST_MISS


@pytest.mark.parametrize(
    ("card", "under_performing", "actions", "expected"),
    [
        ([indicator("A", rating=Rating.GREEN)], [], [action("SP-1", ActionStatus.ON_TRACK)], []),
        ([], [under("A", remedial=())], [],
         [("1 under-performing indicator has no open remedial action: who is acting on it?", ["A"])]),
        ([], [under("B", remedial=()), under("A", remedial=()), under("C")], [],
         [("2 under-performing indicators have no open remedial action: who is acting on them?", ["B", "A"])]),
        ([], [under("A", TWICE, frequency=QUARTERLY)], [],
         [("1 indicator missed its target two quarters running: what is the remedial plan?", ["A"])]),
        ([], [under("A", Reason.RED, TWICE, frequency=QUARTERLY), under("B", TWICE, frequency=QUARTERLY),
              under("C", TWICE, frequency=QUARTERLY)], [],
         [("3 indicators missed their target two quarters running: what is the remedial plan?", ["A", "B", "C"])]),
        ([], [under("A", TWICE), under("B", TWICE)], [],
         [("2 indicators missed their target two months running: what is the remedial plan?", ["A", "B"])]),
        ([], [under("A", TWICE, frequency=ANNUAL)], [],
         [("1 indicator missed its target two years running: what is the remedial plan?", ["A"])]),
        ([], [under("A", TWICE, frequency=QUARTERLY), under("B", TWICE)], [],
         [("2 indicators missed their target two periods running: what is the remedial plan?", ["A", "B"])]),
        ([], [under("A", FORECAST)], [],
         [("1 indicator is forecast to miss its year-end target: what will bring it back on course?", ["A"])]),
        ([], [under("A", FORECAST), under("B", TWICE, FORECAST)], [],
         [("1 indicator missed its target two months running: what is the remedial plan?", ["B"]),
          ("2 indicators are forecast to miss their year-end target: what will bring them back on course?",
           ["A", "B"])]),
        ([], [], [action("DR-1", ActionStatus.OVERDUE), action("SP-2", ActionStatus.COMPLETE)],
         [("1 action is overdue: when will it be finished?", ["DR-1"])]),
        ([], [], [action("A1", ActionStatus.OVERDUE), action("A2", ActionStatus.OVERDUE),
                  action("A3", ActionStatus.BEHIND), action("A4", ActionStatus.NOT_STARTED)],
         [("2 actions are overdue: when will they be finished?", ["A1", "A2"]),
          ("1 action is behind schedule: what is holding it up?", ["A3"])]),
        ([], [], [action("B1", ActionStatus.BEHIND), action("B2", ActionStatus.BEHIND)],
         [("2 actions are behind schedule: what is holding them up?", ["B1", "B2"])]),
        ([indicator("A", rating=Rating.NO_TARGET), indicator("B", rating=Rating.GREEN)], [], [],
         [("1 indicator has no target: when will it be set?", ["A"])]),
        ([indicator("A", rating=Rating.NO_TARGET), indicator("B", rating=Rating.NO_TARGET, late=True)], [], [],
         [("2 indicators have no target: when will targets be set?", ["A", "B"]),
          ("1 indicator's return is late: when will its figure be in?", ["B"])]),
        ([indicator("A", late=True), indicator("B", late=True), indicator("C", rating=Rating.NO_DATA)], [], [],
         [("2 indicators' returns are late: when will their figures be in?", ["A", "B"])]),
    ],
)
def test_questions_for_members(card, under_performing, actions, expected):
    assert asked(card, under_performing, actions) == expected


def test_questions_are_asked_most_pressing_first():
    card = [indicator("N", rating=Rating.NO_TARGET), indicator("L", late=True)]
    found = questions(card, [under("U", remedial=()), under("T", TWICE), under("F", FORECAST)],
                      [action("O", ActionStatus.OVERDUE), action("B", ActionStatus.BEHIND)])
    assert [question.text for question in found] == [wording.one.format(running="months") for wording in asking.ORDER]


@pytest.mark.parametrize(("ref", "slug"), [("REM-CYP-02", "rem-cyp-02"), ("DR 7 / Adults (2008)", "dr-7-adults-2008"),
                                            ("<b>x</b>", "b-x-b")])
def test_an_action_is_named_by_its_ref_and_linked_by_its_slug(ref, slug):
    found = questions([], [], [action(ref, ActionStatus.OVERDUE)])
    assert found[0].about == (Link(ref, slug),)


def test_an_indicator_is_named_by_its_code_and_linked_by_its_slug():
    found = questions([], [under("BV49 / PAF A1 (NI 62)", remedial=())], [])
    assert found[0].about == (Link("BV49 / PAF A1 (NI 62)", "bv49-paf-a1-ni-62"),)


def test_every_question_is_in_the_rules_in_the_order_asked():
    """docs/rules.md lists each question as asked of several things, in the order they are asked."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "rules.md").read_text(encoding="utf-8")
    section = text.split("## Questions for members", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| \d+ \| (.+?) \|", section, flags=re.MULTILINE)
    assert listed == [wording.many.format(n="N", running="quarters") for wording in asking.ORDER]



def test_the_organisation_picture_leaves_its_names_out_where_they_would_be_under_12_px():
    """Drawn 960 wide with 12 px names: shown narrower than 960 px (a phone shows it about 360 wide, its names
    4.5 px), its own stylesheet hides them (tests/test_browser_scrutiny.py sees it done)."""
    from layouts.organisation import organisation_svg

    svg = organisation_svg(())
    assert 'viewBox="0 0 960 540"' in svg and 'font-size="12"' in svg
    assert "<style>@media (max-width: 959.98px) { text { display: none; } }</style>" in svg
