"""The committee report pack (data/report.py): built from the same store answers as the pages, on the demo council
(SQLite and PostgreSQL) for Q3 2008/09 and on the hand-made council (docs/hand-council/README.md), refusing what
cannot be made in one line, and stored as JSON that reads back exactly."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from conftest import BACKENDS, postgres_schema_url
from helpers import make_facts, make_figure, make_late, make_row

from data.answers import ActionFilters, UnderPerformanceFilters
from data.db import make_engine, sqlite_url, upgrade
from data.demo import NOTICE
from data.importer import load_file
from data.periods import Frequency, parse_period
from data.questions import questions
from data.report import (
    PACK_VERSION,
    TREND_POINTS,
    Audience,
    Frozen,
    PackAction,
    PackBasket,
    PackError,
    PackFigure,
    PackHeadlines,
    PackQuestion,
    PackRollUp,
    PackSuccess,
    PackUnderPerformer,
    PackWentWell,
    ReportPack,
    Scope,
    ScopeKind,
    build_pack,
    data_version_words,
    figures,
    from_json,
    pack_figure,
    pack_roll_up,
    to_json,
    trend,
)
from data.rules import ActionKind, ActionStatus, Direction, Polarity, Rating, Reason
from data.store import Store

Q3 = parse_period("Q3 2008/09")
DEC_2008 = parse_period("Dec 2008")
CHILDREN = "children-and-young-people"  # a demo theme
RESOURCES = "resources"  # a demo directorate
COUNCIL = "Demo County Council"
HAND_COUNCIL = Path(__file__).resolve().parent.parent / "docs" / "hand-council"


def cabinet(store: Store, period=Q3) -> ReportPack:
    return build_pack(store, period, Audience.CABINET, council=COUNCIL)


def scrutiny(store: Store, kind: ScopeKind | None = None, slug: str = "") -> ReportPack:
    return build_pack(store, Q3, Audience.SCRUTINY, scope=(kind, slug) if kind else None, council=COUNCIL)


def codes(found) -> list[str]:
    return [figure.code for figure in found]


# --- a Cabinet pack of the demo council ------------------------------------------------------------------------

def test_a_pack_for_a_finished_quarter_is_as_at_its_last_month(demo):
    pack = cabinet(demo)
    assert (pack.period, pack.as_at, pack.council, pack.scope) == ("Q3 2008/09", "Dec 2008", COUNCIL, None)
    assert pack.title == "Cabinet performance report, Q3 2008/09"
    assert pack.data_version == demo.data_version()


def test_a_pack_for_a_period_under_way_is_as_at_the_latest_month_with_data(demo):
    """The demo's figures end in Dec 2008: the year 2008/09 is under way then."""
    pack = cabinet(demo, parse_period("2008/09"))
    assert (pack.period, pack.as_at) == ("2008/09", "Dec 2008")


def test_the_headlines_are_the_overviews_counts(demo):
    pack, overview = cabinet(demo), demo.overview(DEC_2008)
    counts = dict(demo.tracker(DEC_2008).counts)
    assert pack.headlines == PackHeadlines(
        indicators=len(overview.card), roll_up=pack_roll_up(overview.council), late=overview.late,
        under_performing=len(overview.under_performing),
        unmanaged=sum(under.unmanaged for under in overview.under_performing),
        actions_overdue=counts[ActionStatus.OVERDUE], actions_behind=counts[ActionStatus.BEHIND])
    assert pack.headlines.roll_up.text == str(overview.council)
    assert [rating for rating, _ in pack.headlines.roll_up.counts] == list(Rating)


def test_every_priority_has_its_basket_as_its_page_shows_it(demo):
    pack = cabinet(demo)
    assert [(basket.priority, basket.slug) for basket in pack.baskets] == [
        (found.priority.name, found.priority.slug) for found in demo.priority_rollups(DEC_2008)]
    for basket in pack.baskets:
        page = demo.priority_page(basket.slug, DEC_2008, draw=0)
        assert page is not None
        assert codes(basket.figures) == [row.indicator.code for row in page.card], basket.slug
        assert basket.roll_up == pack_roll_up(page.roll_up.roll_up), basket.slug


def test_the_under_performers_are_the_lists_in_its_order(demo):
    pack, listed = cabinet(demo), demo.under_performance(DEC_2008)
    assert codes(under.figure for under in pack.under_performance) == [
        row.under.row.indicator.code for row in listed.rows]
    for under, row in zip(pack.under_performance, listed.rows, strict=True):
        assert (under.reasons, under.periods_missed, under.forecast, under.unmanaged) == (
            row.under.reasons, row.under.periods_missed, row.under.forecast, row.under.unmanaged)
        assert [action.ref for action in under.actions] == [linked.action.ref for linked in row.actions]
        assert under.figure.owner == row.owner
        assert (under.forecast_text is None) is (under.forecast is None)
    unmanaged = [under.unmanaged for under in pack.under_performance]
    assert unmanaged == sorted(unmanaged, reverse=True)  # called out first
    assert any(unmanaged) and not all(unmanaged)


def test_an_under_performers_other_open_actions_are_the_lists(demo):
    """Not remedial, so they leave it unmanaged; but the pack says they are there, as the page does."""
    pack, listed = cabinet(demo), demo.under_performance(DEC_2008)
    found = [[(action.ref, action.kind, action.status) for action in under.others] for under in pack.under_performance]
    assert found == [[(linked.action.ref, linked.action.kind, linked.action.status) for linked in row.others]
                     for row in listed.rows]
    assert any(found)
    assert all(action.kind is not ActionKind.REMEDIAL and action.status.is_open
               for under in pack.under_performance for action in under.others)


def test_what_went_well_is_the_quarters(demo):
    pack, found = cabinet(demo), demo.went_well(DEC_2008)
    assert pack.went_well.label == found.label == "Q3 2008/09"
    for mine, theirs in [(pack.went_well.newly_on_target, found.newly_on_target),
                         (pack.went_well.most_improved, found.most_improved),
                         (pack.went_well.sustained, found.sustained)]:
        assert [(success.code, success.text) for success in mine] == [
            (success.indicator.code, success.text) for success in theirs]
    assert [action.ref for action in pack.went_well.completed] == [action.ref for action in found.completed]


def test_the_actions_are_those_due_in_the_quarter_or_chased_at_its_end_overdue_first(demo):
    pack = cabinet(demo)
    expected = [action.ref for action in demo.tracker(DEC_2008).rows
                if action.status in (ActionStatus.OVERDUE, ActionStatus.BEHIND) or Q3.start <= action.due <= Q3.end]
    assert [action.ref for action in pack.actions_due] == expected
    statuses = [action.status for action in pack.actions_due]
    assert statuses[0] is ActionStatus.OVERDUE
    assert statuses.index(ActionStatus.BEHIND) > len(statuses) - 1 - statuses[::-1].index(ActionStatus.OVERDUE)


def test_the_indicators_without_a_target_are_the_drill_downs(demo):
    council = demo.drill_down(DEC_2008)
    assert council is not None
    assert codes(cabinet(demo).without_target) == [link.name for link in council.without_target]


def test_a_cabinet_pack_asks_no_questions_and_shows_every_indicator(demo):
    pack = cabinet(demo)
    assert pack.questions == ()
    assert set(figures(pack)) == {row.indicator.code for row in demo.scorecard(DEC_2008)}


def test_each_figure_has_its_own_last_periods_up_to_the_one_shown(demo):
    pack = cabinet(demo)
    for figure in figures(pack).values():
        assert 1 <= len(figure.trend) <= TREND_POINTS, figure.code
        assert figure.trend[-1] == (figure.period, figure.actual), figure.code


# --- scrutiny packs --------------------------------------------------------------------------------------------

def test_a_theme_pack_is_its_pages_indicators_and_questions(demo):
    pack, page = scrutiny(demo, ScopeKind.THEME, CHILDREN), demo.theme_page(CHILDREN, DEC_2008)
    assert page is not None
    assert pack.scope == Scope(ScopeKind.THEME, CHILDREN, page.theme.name)
    assert pack.title == f"Scrutiny performance report: {page.theme.name}, Q3 2008/09"
    assert [(question.text, question.about) for question in pack.questions] == [
        (question.text, tuple(link.name for link in question.about)) for question in page.questions]
    assert len(pack.questions) >= 3
    assert set(figures(pack)) == {row.row.indicator.code for row in page.grid.rows}
    assert codes(under.figure for under in pack.under_performance) == [
        under.row.indicator.code for under in page.under_performing]
    assert pack.headlines.roll_up == pack_roll_up(page.roll_up)
    linked = {action.ref for action in page.actions}
    assert {action.ref for action in pack.actions_due} <= linked


def test_a_theme_packs_baskets_hold_only_its_indicators(demo):
    pack = scrutiny(demo, ScopeKind.THEME, CHILDREN)
    mine = set(figures(pack))
    assert pack.baskets and all(basket.figures for basket in pack.baskets)
    assert {figure.code for basket in pack.baskets for figure in basket.figures} <= mine
    every = {basket.slug for basket in cabinet(demo).baskets}
    assert {basket.slug for basket in pack.baskets} < every  # the priorities holding none are left out


def test_a_directorate_pack_has_only_its_indicators_and_actions(demo):
    pack, found = scrutiny(demo, ScopeKind.DIRECTORATE, RESOURCES), demo.drill_down(DEC_2008, RESOURCES)
    assert found is not None
    assert pack.scope == Scope(ScopeKind.DIRECTORATE, RESOURCES, "Resources")
    assert {figure.directorate for figure in figures(pack).values()} == {"Resources"}
    assert pack.headlines.indicators == len(found.grid.rows)
    assert pack.headlines.roll_up == pack_roll_up(found.roll_up)
    assert codes(pack.without_target) == [link.name for link in found.without_target]
    assert {action.directorate for action in pack.actions_due} == {"Resources"}
    assert codes(under.figure for under in pack.under_performance) == [
        row.under.row.indicator.code
        for row in demo.under_performance(DEC_2008, UnderPerformanceFilters(directorate=RESOURCES)).rows]


def test_a_directorate_packs_questions_are_the_rules_over_its_indicators(demo):
    pack = scrutiny(demo, ScopeKind.DIRECTORATE, RESOURCES)
    found = demo.drill_down(DEC_2008, RESOURCES)
    assert found is not None
    card = sorted((row.row for row in found.grid.rows), key=lambda row: (row.indicator.directorate,
                                                                       row.indicator.code))
    under = [row.under for row in demo.under_performance(DEC_2008, UnderPerformanceFilters(directorate=RESOURCES)).rows]
    actions = demo.tracker(DEC_2008, ActionFilters(directorate=RESOURCES)).rows
    assert pack.questions == tuple(PackQuestion(question.text, tuple(link.name for link in question.about))
                                   for question in questions(card, under, actions))
    assert pack.questions


def test_a_whole_council_scrutiny_pack_is_the_cabinets_with_questions(demo):
    pack, cabinets = scrutiny(demo), cabinet(demo)
    assert pack.questions and pack.scope is None
    assert (pack.headlines, pack.under_performance, pack.actions_due) == (
        cabinets.headlines, cabinets.under_performance, cabinets.actions_due)


# --- what cannot be made ---------------------------------------------------------------------------------------

THEMES = ("children-and-young-people, economic-development-and-enterprise, healthier-communities-and-older-people, "
          "organisational-improvement, safer-and-stronger-communities")
DIRECTORATES = ("adult-social-care-strategic-housing, chief-executive-s-office, children-young-people-s-services, "
                "corporate-customer-services, environment, resources")


@pytest.mark.parametrize(("period", "audience", "scope", "message"), [
    ("Q3 2008/09", Audience.SCRUTINY, (ScopeKind.THEME, "no-such-theme"),
     f"There is no theme 'no-such-theme'. Themes: {THEMES}."),
    ("Q3 2008/09", Audience.SCRUTINY, (ScopeKind.THEME, "<script>\x00"),
     f"There is no theme '<script>\\x00'. Themes: {THEMES}."),
    ("Q3 2008/09", Audience.SCRUTINY, (ScopeKind.DIRECTORATE, "Resources"),
     f"There is no directorate 'Resources'. Directorates: {DIRECTORATES}."),
    ("Q4 2009/10", Audience.CABINET, None, "No figures for Q4 2009/10: the latest are for Dec 2008."),
    ("Jan 2009", Audience.SCRUTINY, (ScopeKind.THEME, CHILDREN),
     "No figures for Jan 2009: the latest are for Dec 2008."),
    ("2001/02", Audience.CABINET, None, "No figures for 2001/02: the earliest are for Apr 2003."),
    ("Q3 2008/09", Audience.CABINET, (ScopeKind.THEME, CHILDREN),
     "A Cabinet pack covers the whole council: leave out the theme or directorate."),
    ("Q3 2008/09", Audience.SCRUTINY, ("priority", "healthy-lives"),
     "A scrutiny pack covers a theme or a directorate, not 'priority'."),
])
def test_a_pack_that_cannot_be_made_says_why_in_one_line(demo, period, audience, scope, message):
    with pytest.raises(PackError) as refused:
        build_pack(demo, parse_period(period), audience, scope=scope, council=COUNCIL)
    assert str(refused.value) == message
    assert "\n" not in str(refused.value)


def test_a_long_unknown_slug_is_cut_short_in_the_message(demo):
    with pytest.raises(PackError) as refused:
        scrutiny(demo, ScopeKind.THEME, "x" * 5000)
    assert len(str(refused.value)) < 400


def test_an_empty_council_has_no_pack(store):
    with pytest.raises(PackError, match=r"^No figures for Q3 2008/09: none have been loaded\.$"):
        cabinet(store)


# --- the small picture ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("history", "shown", "expected"), [
    # a gap is a period with no figure; a later figure (after the one shown) is left out
    ([("Sep 2008", 31.0), ("Nov 2008", 30.0), ("Dec 2008", None), ("Jan 2009", 29.0)], "Dec 2008",
     [("Sep 2008", 31.0), ("Oct 2008", None), ("Nov 2008", 30.0), ("Dec 2008", None)]),
    # only the last TREND_POINTS (8) periods: Apr 2008 is the first of them
    ([(month, float(number)) for number, month in enumerate(
        ["Jan 2008", "Feb 2008", "Mar 2008", "Apr 2008", "May 2008", "Jun 2008", "Jul 2008", "Aug 2008", "Sep 2008",
         "Oct 2008", "Nov 2008"])], "Nov 2008",
     [("Apr 2008", 3.0), ("May 2008", 4.0), ("Jun 2008", 5.0), ("Jul 2008", 6.0), ("Aug 2008", 7.0),
      ("Sep 2008", 8.0), ("Oct 2008", 9.0), ("Nov 2008", 10.0)]),
    # starts at the earliest figure within them, never with empty periods
    ([("Mar 2006", 1.0), ("Nov 2008", 2.0)], "Nov 2008", [("Nov 2008", 2.0)]),
    ([], "Nov 2008", []),
])
def test_the_trend_is_the_indicators_own_last_periods(history, shown, expected):
    figures_ = [make_figure(label, actual) for label, actual in history]
    assert trend(figures_, parse_period(shown, Frequency.MONTHLY)) == tuple(expected)


def test_a_late_returns_figure_is_its_latest_with_the_lateness_said():
    last = make_figure("Nov 2008", 40.0, 33.0, Rating.RED, short_term=Direction.WORSENING)
    row = make_row(make_facts(code="BV78a"), make_figure("Dec 2008", None, 33.0, Rating.NO_DATA),
                   make_late(last, text="Return for Dec 2008 is 1 month late; latest figure Nov 2008"))
    figure = pack_figure(row, "Head of Benefits", [make_figure("Oct 2008", 35.0), last])
    assert (figure.period, figure.actual, figure.rating, figure.short_term, figure.due) == (
        "Nov 2008", 40.0, Rating.RED, Direction.WORSENING, "Dec 2008")
    assert figure.late == "Return for Dec 2008 is 1 month late; latest figure Nov 2008"
    assert (figure.target_low, figure.target_high, figure.owner) == (33.0, 33.0, "Head of Benefits")
    assert figure.trend == (("Oct 2008", 35.0), ("Nov 2008", 40.0))


# --- JSON ------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("audience", "kind", "slug"), [
    (Audience.CABINET, None, ""), (Audience.SCRUTINY, ScopeKind.THEME, CHILDREN),
    (Audience.SCRUTINY, ScopeKind.DIRECTORATE, RESOURCES), (Audience.SCRUTINY, None, "")])
def test_a_demo_pack_reads_back_from_its_json_exactly(demo, audience, kind, slug):
    pack = build_pack(demo, Q3, audience, scope=(kind, slug) if kind else None, council=COUNCIL)
    text = to_json(pack)
    assert from_json(text) == pack
    assert to_json(from_json(text)) == text
    assert json.loads(text)["version"] == PACK_VERSION


def hand_pack() -> ReportPack:
    """A small pack by hand, with every kind of value: None, dates, enums, empty and nested tuples, a frozen one."""
    figure = PackFigure(
        code="BV78a", title="Benefit claims \"new\" – days", directorate="Resources", owner=None, unit="days",
        polarity=Polarity.LOWER, frequency=Frequency.MONTHLY, period="Nov 2008", actual=None, target_low=33.0,
        target_high=33.5, provisional=True, rating=Rating.NO_DATA, rating_text="No data: no figure.",
        short_term=None, long_term=Direction.IMPROVING, late="Return for Dec 2008 is 1 month late", due="Dec 2008",
        trend=(("Oct 2008", 35.25), ("Nov 2008", None)))
    action = PackAction(
        ref="REM-1", title="Plan", kind=ActionKind.REMEDIAL, directorate="Resources", owner="Head",
        start=date(2008, 4, 1), due=date(2009, 3, 31), progress=50.0, completed=None, status=ActionStatus.BEHIND,
        status_text="Behind.", note=None, indicators=("BV78a",))
    review = PackAction(**{**{f: getattr(action, f) for f in action.__slots__}, "ref": "DR-1",
                           "kind": ActionKind.DIRECTOR_REVIEW})
    roll = PackRollUp(counts=tuple((rating, 1 if rating is Rating.RED else 0) for rating in Rating), improving=0,
                      comparable=1, text="no indicator rated")
    return ReportPack(
        council="Hand Council", audience=Audience.SCRUTINY,
        scope=Scope(ScopeKind.DIRECTORATE, "resources", "Resources"),
        period="Q3 2008/09", as_at="Dec 2008", data_version="3-2009-01-10T09:00:00",
        headlines=PackHeadlines(indicators=1, roll_up=roll, late=1, under_performing=1, unmanaged=0,
                                actions_overdue=0, actions_behind=1),
        baskets=(PackBasket("Efficient council", "efficient-council", roll, (figure,)),
                 PackBasket("Empty", "empty", roll, ())),
        under_performance=(PackUnderPerformer(figure, (Reason.RED, Reason.MISSED_TWICE), 2, None, None, False,
                                              (action,), (review,)),),
        went_well=PackWentWell("Q3 2008/09", (), (PackSuccess("BV9", "Tax", "Green in Dec 2008"),), (),
                               (PackAction(**{**{f: getattr(action, f) for f in action.__slots__},
                                              "completed": date(2008, 11, 20), "status": ActionStatus.COMPLETE}),)),
        actions_due=(action,), without_target=(), questions=(PackQuestion("Who?", ("BV78a", "REM-1")),),
        frozen=Frozen("Cabinet 15 January 2009", date(2009, 1, 15)))


def test_a_hand_made_pack_reads_back_exactly_and_its_json_is_canonical():
    pack = hand_pack()
    text = to_json(pack)
    assert from_json(text) == pack
    assert text == json.dumps(json.loads(text), sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    for snippet in ['"version":1', '"on":"2009-01-15"', '"completed":null', '"completed":"2008-11-20"',
                    '"rating":"No data"', '"reasons":["red","missed two periods running"]',
                    '"scope":{"kind":"directorate"',
                    '["Oct 2008",35.25],["Nov 2008",null]', '["Red",1]', '"audience":"scrutiny"']:
        assert snippet in text, snippet


def test_a_pack_written_before_a_field_with_a_default_existed_reads_with_the_default():
    """PackUnderPerformer.others came later: a pack stored without it reads as having none."""
    pack = hand_pack()
    older = json.loads(to_json(pack))
    del older["pack"]["under_performance"][0]["others"]
    read = from_json(json.dumps(older))
    assert read.under_performance[0].others == () and pack.under_performance[0].others != ()
    assert read == replace(pack, under_performance=(replace(pack.under_performance[0], others=()),))


def test_a_pack_with_no_scope_and_not_frozen_reads_back_exactly():
    pack = ReportPack(**{**{f: getattr(hand_pack(), f) for f in ReportPack.__slots__}, "scope": None, "frozen": None})
    assert from_json(to_json(pack)) == pack


def edited(change) -> str:
    """The hand-made pack's JSON with `change` made to its parsed form."""
    found = json.loads(to_json(hand_pack()))
    change(found)
    return json.dumps(found)


@pytest.mark.parametrize(("text", "message"), [
    ("not json", r"^Not a report pack: the text is not JSON"),
    ("", r"^Not a report pack: the text is not JSON"),
    ("[]", r"^Not a report pack: it should hold a version and a pack"),
    ('{"version": 1}', r"^Not a report pack: it should hold a version and a pack"),
    (edited(lambda found: found.update(version=2)), r"^A report pack of version 2 cannot be read here: this version "
                                                    r"reads version 1\.$"),
    (edited(lambda found: found.update(version=True)), r"^A report pack of version True cannot be read here"),
    (edited(lambda found: found.update(version="1")), r"^A report pack of version '1' cannot be read here"),
    (edited(lambda found: found["pack"].update(audience="council")), r"'council' is not a valid Audience"),
    (edited(lambda found: found["pack"]["headlines"].update(late="1")),
     r"pack\.headlines\.late should be a whole number, not \"1\""),
    (edited(lambda found: found["pack"]["headlines"].update(late=True)),
     r"pack\.headlines\.late should be a whole number, not true"),
    (edited(lambda found: found["pack"]["frozen"].update(on="15/01/2009")), r"Invalid isoformat"),
    (edited(lambda found: found["pack"].pop("council")), r"pack should have the fields"),
    (edited(lambda found: found["pack"]["under_performance"][0].pop("actions")),
     r"pack\.under_performance\[0\] should have the fields"),  # only a field with a default may be missing
    (edited(lambda found: found["pack"].update(extra=1)), r"pack should have the fields"),
    (edited(lambda found: found["pack"].update(council=None)), r"pack\.council should be text, not null"),
    (edited(lambda found: found["pack"].update(headlines=None)), r"pack\.headlines should be an object, not null"),
    (edited(lambda found: found["pack"]["baskets"][0]["figures"][0].update(trend=[["Oct 2008"]])),
     r"pack\.baskets\[0\]\.figures\[0\]\.trend\[0\] should have 2 items, not 1"),
    (edited(lambda found: found["pack"]["baskets"][0]["figures"][0].update(actual="12")),
     r"pack\.baskets\[0\]\.figures\[0\]\.actual should be a number, not \"12\""),
    (edited(lambda found: found["pack"].update(baskets={})), r"pack\.baskets should be a list, not \{\}"),
])
def test_text_that_is_not_a_pack_is_refused_in_one_line(text, message):
    with pytest.raises(PackError, match=message) as refused:
        from_json(text)
    assert "\n" not in str(refused.value)


# --- the hand-made council ---------------------------------------------------------------------------------------

# docs/hand-council/README.md at Dec 2008: the under-performers in the list's order (unmanaged first, then Red before
# Amber, then the longest run), with the remedial actions linked (open first), and the actions' statuses.
UNDER = [
    ("HC-EN3", Rating.RED, (Reason.RED,), 1, (), True),
    ("HC-AS2", Rating.AMBER, (Reason.AMBER_WORSENING,), 1, ("REM-2",), True),
    ("HC-EN2", Rating.AMBER, (Reason.FORECAST_MISS,), 1, (), True),
    ("HC-AS1", Rating.RED, (Reason.RED, Reason.FORECAST_MISS), 1, ("REM-1",), False),
    ("HC-AS3", Rating.AMBER, (Reason.MISSED_TWICE,), 2, ("REM-3",), False),
]
# Due in Q3 2008/09 or overdue or behind at 31 Dec 2008, overdue first: REM-1 (due 30 Nov, 80%) and REM-3 (50% with
# 75% of the time gone); DR-1 (not started), REM-2 (complete) and SP-1 (on track) are due after the quarter.
ACTIONS_DUE = [("REM-1", ActionStatus.OVERDUE), ("REM-3", ActionStatus.BEHIND)]


@pytest.fixture(scope="module", params=BACKENDS)
def hand_council(request, tmp_path_factory, worker_id) -> Store:
    """The hand-made council's three files loaded (the actions' progress as reported on 15 Dec 2008)."""
    url = sqlite_url(tmp_path_factory.mktemp("hand-pack") / "council.sqlite3") if request.param == "sqlite" \
        else postgres_schema_url(f"hand_pack_{worker_id}")
    engine = make_engine(url)
    upgrade(engine)
    for name in ("definitions", "values"):
        load_file(engine, HAND_COUNCIL / f"{name}.csv")
    load_file(engine, HAND_COUNCIL / "actions.csv", as_of=date(2008, 12, 15))
    yield Store(engine)
    engine.dispose()


def test_the_hand_councils_cabinet_pack_has_the_under_performers_worked_out_by_hand(hand_council):
    pack = cabinet(hand_council)
    assert [(under.figure.code, under.figure.rating, under.reasons, under.periods_missed,
             tuple(action.ref for action in under.actions), under.unmanaged)
            for under in pack.under_performance] == UNDER
    assert (pack.headlines.under_performing, pack.headlines.unmanaged) == (5, 3)


def test_the_hand_councils_cabinet_pack_has_the_action_statuses_worked_out_by_hand(hand_council):
    pack = cabinet(hand_council)
    assert [(action.ref, action.status) for action in pack.actions_due] == ACTIONS_DUE
    assert (pack.headlines.actions_overdue, pack.headlines.actions_behind) == (1, 1)
    assert [(action.ref, action.status, action.completed) for action in pack.went_well.completed] == [
        ("REM-2", ActionStatus.COMPLETE, date(2008, 11, 20))]


def test_the_hand_councils_cabinet_pack_has_what_went_well_worked_out_by_hand(hand_council):
    went_well = cabinet(hand_council).went_well
    assert [success.code for success in went_well.sustained] == ["HC-EN1"]
    assert [success.code for success in went_well.most_improved] == ["HC-EN2", "HC-AS3"]
    assert went_well.newly_on_target == ()


@pytest.mark.parametrize(("token", "words"), [
    ("13-2026-12-02T16:14:19.824719", "Figures as loaded on 2 December 2026 at 16:14 UTC (load 13)"),  # SQLite's
    ("3-2009-01-10T09:05:00+00:00", "Figures as loaded on 10 January 2009 at 09:05 UTC (load 3)"),  # PostgreSQL's
    ("7-2009-06-01T10:30:00+01:00", "Figures as loaded on 1 June 2009 at 09:30 UTC (load 7)"),  # another zone
    ("0-none", "0-none"),  # nothing loaded: no time to say
    ("x-2009-01-10T09:00:00", "x-2009-01-10T09:00:00"),
    ("²-2009-01-10T09:00:00", "²-2009-01-10T09:00:00"),
    ("2009-01-12T09:30:00+00:00 #42", "2009-01-12T09:30:00+00:00 #42"),
    ("412", "412"),
    ("", ""),
])
def test_a_data_version_in_words_or_as_it_is_where_it_cannot_be_read(token, words):
    assert data_version_words(token) == words


def test_a_demo_packs_data_version_reads_in_words(demo):
    assert data_version_words(cabinet(demo).data_version).startswith("Figures as loaded on ")


@pytest.mark.parametrize(("name", "on", "line"), [
    ("Cabinet 15 January 2009", date(2009, 1, 15), "As reported to Cabinet on 15 January 2009"),
    ("Cabinet, 15 January 2009", date(2009, 1, 15), "As reported to Cabinet on 15 January 2009"),
    ("Overview and Scrutiny Committee", date(2009, 2, 3),
     "As reported to Overview and Scrutiny Committee on 3 February 2009"),
    ("Cabinet 15 January 2009", date(2009, 1, 20), "As reported to Cabinet 15 January 2009 on 20 January 2009"),
    ("15 January 2009", date(2009, 1, 15), "As reported to 15 January 2009 on 15 January 2009"),
    ("Cabinet 15 Jan 2009", date(2009, 1, 15), "As reported to Cabinet on 15 January 2009"),
    ("Cabinet (15/01/2009)", date(2009, 1, 15), "As reported to Cabinet on 15 January 2009"),
    ("Scrutiny Committee 2009-02-03", date(2009, 2, 3), "As reported to Scrutiny Committee on 3 February 2009"),
])
def test_a_frozen_packs_line_names_the_meeting_and_its_date_once(name, on, line):
    assert Frozen(name, on).line == line


def test_the_demos_pack_says_its_values_are_synthetic_and_a_councils_own_does_not(demo, hand_council):
    assert cabinet(demo).notice == NOTICE
    assert cabinet(hand_council).notice is None
