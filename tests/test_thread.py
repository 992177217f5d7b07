"""The golden thread (R7, R12, R13): its shares and gap lists from hand-made answers and on the demo council
(worked out by hand from data/demo/files), the section's words and links, and the section through the real
callback payload on the priority and directorate pages."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import BACKENDS
from dash import dcc, html
from dash_requests import routed as routed_page
from helpers import component_text, find_all, make_action, make_facts, make_figure, make_row
from sqlalchemy import event

from dashboard.app import create_app
from dashboard.settings import Settings
from data import thread
from data.answers import Coverage, GoldenThread, Link, ReviewFollowUp, ThreadGap, UnderPerformer
from data.periods import parse_period
from data.rules import ActionKind, ActionStatus, FollowUp, Polarity, Reason
from layouts.thread import golden_thread_section

DEC_2008, NOV_2008 = parse_period("Dec 2008"), parse_period("Nov 2008")
AS_AT = "2008-12"
SCRIPT = "<script>alert(1)</script>"
EFFICIENT = "an-efficient-customer-focused-council"  # the priority "An efficient, customer-focused council"
RESOURCES = "resources"  # the directorate


@pytest.fixture(scope="module", params=BACKENDS)
def demo(request):
    return request.getfixturevalue(f"demo_{request.param}")


# --- the shares from hand-made answers ------------------------------------------------------------------------------

def row(code: str, polarity: Polarity = Polarity.LOWER, target: float | None = 33.0):
    return make_row(make_facts(code=code, slug=code.lower(), title=f"Indicator {code}", polarity=polarity),
                    make_figure("Dec 2008", 30.0, target))


@pytest.mark.parametrize(("rows", "text", "gaps"), [
    ([row("A"), row("B", target=None), row("C")], "2 of 3 indicators with a target (67%)", ["B"]),
    # data-only indicators need no target: left out of both part and whole
    ([row("A"), row("D", Polarity.NONE, target=None)], "1 of 1 indicators with a target (100%)", []),
    ([row("D", Polarity.NONE, target=None)], "no indicators with a target to count", []),
    ([], "no indicators with a target to count", []),
    ([row("B", target=None), row("E", Polarity.BAND, target=None)], "0 of 2 indicators with a target (0%)",
     ["B", "E"]),
])
def test_indicators_with_a_target(rows, text, gaps):
    found = thread.with_target(rows)
    assert found.text == text
    assert [gap.link.name for gap in found.gaps] == gaps


def under(code: str, *remedial: str, reasons=(Reason.RED,)) -> UnderPerformer:
    return UnderPerformer(row=row(code), reasons=tuple(reasons), periods_missed=1, forecast=None,
                          remedial_actions=remedial)


@pytest.mark.parametrize(("found", "text", "gaps"), [
    ([under("A", "REM-1"), under("B"), under("C", reasons=(Reason.RED, Reason.MISSED_TWICE))],
     "1 of 3 under-performers with an open remedial action (33%)",
     [("B", "red"), ("C", "red; missed two periods running")]),
    ([under("A", "REM-1", "REM-2")], "1 of 1 under-performers with an open remedial action (100%)", []),
    ([], "no under-performers with an open remedial action to count", []),
])
def test_under_performers_with_an_open_remedial_action(found, text, gaps):
    managed = thread.managed(found)
    assert managed.text == text
    assert [(gap.link.name, gap.why) for gap in managed.gaps] == gaps


@pytest.mark.parametrize(("actions", "text", "gaps"), [
    ([make_action(ref="SP-1"), make_action(ref="SP-2", indicators=())], "1 of 2 actions linked to an indicator (50%)",
     [("SP-2", "sp-2")]),
    # an action not started by the period's end is not counted, linked or not
    ([make_action(ref="SP-3", indicators=(), start=date(2009, 1, 5))], "no actions linked to an indicator to count",
     []),
    ([make_action(ref="DR / CE 01", indicators=(), start=date(2008, 12, 31))],
     "0 of 1 actions linked to an indicator (0%)", [("DR / CE 01", "dr-ce-01")]),  # its page's slug, as imported
])
def test_actions_linked_to_an_indicator(actions, text, gaps):
    linked = thread.linked(actions, DEC_2008.end)
    assert linked.text == text
    assert [(gap.link.name, gap.link.slug) for gap in linked.gaps] == gaps


# --- on the demo council, worked out by hand ------------------------------------------------------------------------

def shares(found: GoldenThread) -> list[str]:
    return [found.with_target.text, found.managed.text, found.linked.text]


def gaps(coverage: Coverage) -> list[str]:
    return [gap.link.name for gap in coverage.gaps]


def follow_ups(found: GoldenThread) -> list[tuple[str, FollowUp, str]]:
    return [(review.action.name, review.follow_up, review.text) for review in found.reviews]


# The priority "An efficient, customer-focused council", by hand from data/demo/files:
# - definitions.csv puts 15 indicators in its basket; 9 are in use at Dec 2008 (the others' last figures are in
#   years before 2007/08): BV12, BV2a, BV10, BV79b(ii), BV8, BV9, DWP-PS-14d, NI 180, NI 181, none data only.
#   values.csv gives each a target for its period but NI 180 (annual, 2007/08: 676 with no target): 8 of 9.
# - Under-performing at Dec 2008: BV12 (its Dec return late: Nov 10.1 days against 9, lower is better, Red),
#   DWP-PS-14d (Q3 83.6% against 90.3%: more than 5% under, Red), NI 181 (8.6 against 8.3, Amber, after 9.1 in
#   Nov: missed two periods running), BV8 (94.2% against 96.1%, Amber, down from 96.7%: amber and worsening).
#   Only BV8 has an open remedial action: REM-FIN-01 (remedial, started 2008-06-01, 40%), though it serves
#   another priority, "A thriving local economy". So 1 of 4; the gaps BV12, DWP-PS-14d, NI 181 (Red first).
# - actions-2008-12-31.csv has 10 actions for the priority, all started by Dec 2008; SP-CSC-01 and DR-CE-01 list
#   no indicator: 8 of 10.
# - Its director-review actions: DR-RES-01 (completed 2006-12-12) and DR-CE-01 (completed 2007-03-31) are closed;
#   DR-CCS-01 (started 2008-01-01, 75%) is reported in every quarterly file since 2007-12-31, so each quarter
#   from Q4 2007/08 to Q3 2008/09 has a report by 31 Dec; by 30 Nov, Q3 2008/09 (Oct-Dec) has none yet.
# The directorate Resources, likewise:
# - 8 indicators in use at Dec 2008: BV10, BV79b(ii), BV8, BV9, DWP-PS-14d, NI 180, NI 181, NI 185; NI 180 and
#   NI 185 (annual, 2007/08) have no target: 6 of 8.
# - Under-performing: DWP-PS-14d, NI 181, BV8 (as above; BV12 is Corporate & Customer Services'): 1 of 3.
# - 9 actions of the directorate, all started and all linked to an indicator: 9 of 9.
# - DR-RES-01 closed; DR-RES-02 (started 2008-09-01) reported on 2008-09-30 and 2008-12-31: followed up since
#   Q2 2008/09 by Dec; by Nov, nothing in Q3 2008/09.
CCS_NOV = "No update this quarter: no progress reported in Q3 2008/09."


@pytest.mark.parametrize(("period", "place", "expected", "without_target", "unmanaged", "unlinked", "reviews"), [
    (DEC_2008, {"priority": EFFICIENT},
     ["8 of 9 indicators with a target (89%)", "1 of 4 under-performers with an open remedial action (25%)",
      "8 of 10 actions linked to an indicator (80%)"],
     ["NI 180"], ["BV12", "DWP-PS-14d", "NI 181"], ["DR-CE-01", "SP-CSC-01"],
     [("DR-RES-01", FollowUp.CLOSED, "Closed: the action is complete."),
      ("DR-CE-01", FollowUp.CLOSED, "Closed: the action is complete."),
      ("DR-CCS-01", FollowUp.FOLLOWED_UP, "Followed up: progress reported in each quarter since Q4 2007/08.")]),
    (NOV_2008, {"priority": EFFICIENT}, None, ["NI 180"], None, ["DR-CE-01", "SP-CSC-01"],
     [("DR-RES-01", FollowUp.CLOSED, "Closed: the action is complete."),
      ("DR-CE-01", FollowUp.CLOSED, "Closed: the action is complete."),
      ("DR-CCS-01", FollowUp.NO_UPDATE_THIS_QUARTER, CCS_NOV)]),
    (DEC_2008, {"directorate": RESOURCES},
     ["6 of 8 indicators with a target (75%)", "1 of 3 under-performers with an open remedial action (33%)",
      "9 of 9 actions linked to an indicator (100%)"],
     ["NI 180", "NI 185"], ["DWP-PS-14d", "NI 181"], [],
     [("DR-RES-01", FollowUp.CLOSED, "Closed: the action is complete."),
      ("DR-RES-02", FollowUp.FOLLOWED_UP, "Followed up: progress reported in each quarter since Q2 2008/09.")]),
    (NOV_2008, {"directorate": RESOURCES}, None, ["NI 180", "NI 185"], None, [],
     [("DR-RES-01", FollowUp.CLOSED, "Closed: the action is complete."),
      ("DR-RES-02", FollowUp.NO_UPDATE_THIS_QUARTER, CCS_NOV)]),
])
def test_the_demo_councils_thread(demo, period, place, expected, without_target, unmanaged, unlinked, reviews):
    found = demo.golden_thread(period, **place)
    if expected is not None:
        assert shares(found) == expected
    assert gaps(found.with_target) == without_target
    if unmanaged is not None:
        assert gaps(found.managed) == unmanaged
    assert sorted(gaps(found.linked)) == unlinked
    assert follow_ups(found) == reviews
    assert [review.action.name for review in found.not_followed_up] == \
        [name for name, status, _ in reviews if status is FollowUp.NO_UPDATE_THIS_QUARTER]


def test_the_councils_thread_agrees_with_its_pages(demo):
    """At the council level: every indicator and action; its indicators without a target are the drill-down's,
    its under-performers the exception list's."""
    found = demo.golden_thread(DEC_2008)
    assert found.name == "the council"
    assert gaps(found.with_target) == [link.name for link in demo.drill_down(DEC_2008).without_target]
    exceptions = demo.exceptions(DEC_2008)
    assert (found.managed.part, found.managed.whole) == (sum(not e.unmanaged for e in exceptions), len(exceptions))
    assert found.linked.whole == len([a for a in demo.actions(DEC_2008.end) if a.start <= DEC_2008.end])
    assert {review.action.name for review in found.reviews} == \
        {a.ref for a in demo.actions(DEC_2008.end) if a.kind is ActionKind.DIRECTOR_REVIEW}


@pytest.mark.parametrize("place", [{"priority": EFFICIENT}, {"directorate": RESOURCES}, {}])
def test_a_scorecard_already_read_gives_the_same_thread(demo, place):
    card = demo.scorecard(DEC_2008, priority=place.get("priority"))
    assert demo.golden_thread(DEC_2008, **place, card=card) == demo.golden_thread(DEC_2008, **place)


@pytest.mark.parametrize("place", [{"priority": "no-such-priority"}, {"directorate": "no-such-directorate"},
                                   {"directorate": SCRIPT}, {"priority": "a\x00b"}])
def test_an_unknown_priority_or_directorate_has_no_thread(demo, place):
    assert demo.golden_thread(DEC_2008, **place) is None


def test_a_thread_is_of_a_priority_or_a_directorate_not_both(demo):
    with pytest.raises(ValueError, match="not both"):
        demo.golden_thread(DEC_2008, priority=EFFICIENT, directorate=RESOURCES)


def test_the_progress_reports_are_read_once_per_view(demo):
    """The dates of the director-review actions' reports come in one query, not one per action: the view reads
    action_updates twice in all (the actions' latest progress, and those dates), for all eight of them."""
    statements: list[str] = []

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(demo.engine, "before_cursor_execute", seen)
    try:
        found = demo.golden_thread(DEC_2008)
    finally:
        event.remove(demo.engine, "before_cursor_execute", seen)
    assert len(found.reviews) == 8
    assert sum("action_updates" in statement for statement in statements) == 2


# --- the section ----------------------------------------------------------------------------------------------------

def made(reviews=(), with_target=None, managed=None, linked=None) -> GoldenThread:
    nothing = Coverage(0, 0, "no indicators with a target to count", ())
    return GoldenThread(name="Resources", with_target=with_target or nothing,
                        managed=managed or Coverage(0, 0, "no under-performers with an open remedial action to count",
                                                    ()),
                        linked=linked or Coverage(0, 0, "no actions linked to an indicator to count", ()),
                        reviews=tuple(reviews))


def review(ref: str, follow_up: FollowUp, title: str = "Review") -> ReviewFollowUp:
    texts = {FollowUp.CLOSED: "Closed: the action is complete.",
             FollowUp.FOLLOWED_UP: "Followed up: progress reported in each quarter since Q2 2008/09.",
             FollowUp.NO_UPDATE_THIS_QUARTER: "No update this quarter: no progress reported in Q3 2008/09."}
    return ReviewFollowUp(Link(ref, ref.lower()), title, ActionStatus.ON_TRACK, follow_up, texts[follow_up])


def links(component) -> list[str]:
    return [link.href for link in find_all(component, lambda c: isinstance(c, dcc.Link))]


def details(component) -> list[str]:
    return [component_text(d.children[0]) for d in find_all(component, lambda c: isinstance(c, html.Details))]


def test_nothing_to_count_reads_as_none_to_count():
    section = golden_thread_section(made(), AS_AT)
    text = component_text(section)
    for words in ("No indicators with a target to count", "No under-performers with an open remedial action to count",
                  "No actions linked to an indicator to count", "No director-review action is recorded here."):
        assert words in text
    assert "0%" not in text and "100%" not in text
    assert details(section) == []  # no gap, nothing to open


def test_each_gap_is_a_list_of_links_one_click_away():
    section = golden_thread_section(made(
        [review("DR-1", FollowUp.CLOSED), review("DR-2", FollowUp.NO_UPDATE_THIS_QUARTER),
         review("DR-3", FollowUp.FOLLOWED_UP)],
        with_target=Coverage(2, 3, "2 of 3 indicators with a target (67%)", (ThreadGap(Link("NI 180", "ni-180"),
                                                                                      "Income"),)),
        managed=Coverage(0, 1, "0 of 1 under-performers with an open remedial action (0%)",
                         (ThreadGap(Link("BV12", "bv12"), "Sickness", "red"),)),
        linked=Coverage(1, 2, "1 of 2 actions linked to an indicator (50%)",
                        (ThreadGap(Link("SP-1", "sp-1"), "Plan", "Service plan"),))), AS_AT)
    text = component_text(section)
    for words in ("2 of 3 indicators with a target (67%)", "0 of 1 under-performers with an open remedial action (0%)",
                  "1 of 2 actions linked to an indicator (50%)",
                  "1 of 2 open director-review actions followed up (50%); 1 closed.",
                  "No progress reported in Q3 2008/09."):
        assert words in text
    assert details(section) == ["The indicator without a target", "The under-performer with no open remedial action",
                                "The action linked to no indicator",
                                "The director-review action with no update this quarter",
                                "The 3 director-review actions and their follow-up"]
    assert not any(getattr(d, "open", False) for d in find_all(section, lambda c: isinstance(c, html.Details)))
    assert links(section) == ["/indicators/ni-180?as_at=2008-12", "/indicators/bv12?as_at=2008-12",
                              "/actions/sp-1?as_at=2008-12", "/actions/dr-2?as_at=2008-12",
                              "/actions/dr-1?as_at=2008-12", "/actions/dr-2?as_at=2008-12",
                              "/actions/dr-3?as_at=2008-12"]


@pytest.mark.parametrize("follow_up", list(FollowUp))
def test_a_follow_up_is_never_shown_by_colour_alone(follow_up):
    section = golden_thread_section(made([review("DR-1", follow_up)]), AS_AT)
    badges = find_all(section, lambda c: "follow-up" in (getattr(c, "className", "") or "").split())
    assert [component_text(badge) for badge in badges] == [f"{badge.children[0].children} {follow_up}"
                                                           for badge in badges]
    assert badges and badges[0].children[0].children  # a shape as well as the word


def test_user_text_is_shown_as_text():
    section = golden_thread_section(made(
        [review("DR-1", FollowUp.NO_UPDATE_THIS_QUARTER, title=SCRIPT)],
        linked=Coverage(0, 1, "0 of 1 actions linked to an indicator (0%)",
                        (ThreadGap(Link("SP-1", "sp-1"), SCRIPT),))), AS_AT)
    assert SCRIPT in component_text(section)  # as a string child: Dash shows it as text, never as markup
    assert not find_all(section, lambda c: isinstance(c, dcc.Markdown))


def test_no_thread_no_section():
    assert golden_thread_section(None, AS_AT) is None


# --- through the real callback payload, on the demo council -------------------------------------------------------

@pytest.fixture(scope="module")
def client(demo):
    """The app over the demo council on each kind of database, as the browser calls it."""
    return create_app(Settings(database_url="sqlite://", seed_demo=False), demo).server.test_client()


def routed(client, pathname: str, search: str = "") -> str:
    """The page's text as the router sends it to the browser."""
    return routed_page(client, pathname, search)[1]


@pytest.mark.parametrize(("pathname", "search", "shown"), [
    (f"/priorities/{EFFICIENT}", "?as_at=2008-11",
     ["The golden thread", "8 of 9 indicators with a target (89%)", "The 2 actions linked to no indicator",
      "/actions/sp-csc-01?as_at=2008-11", "/indicators/ni-180?as_at=2008-11",
      "No progress reported in Q3 2008/09.", "/actions/dr-ccs-01?as_at=2008-11"]),
    (f"/directorates/{RESOURCES}", "?as_at=2008-12",
     ["The golden thread", "6 of 8 indicators with a target (75%)",
      "1 of 3 under-performers with an open remedial action (33%)", "9 of 9 actions linked to an indicator (100%)",
      "1 of 1 open director-review actions followed up (100%); 1 closed.", "/indicators/dwp-ps-14d?as_at=2008-12"]),
    ("/directorates", "", ["The golden thread", "28 of 38 indicators with a target (74%)"]),
])
def test_the_section_through_the_real_callback_payload(client, pathname, search, shown):
    page = routed(client, pathname, search)
    for text in shown:
        assert text in page
    # after the key figures (a directorate) or the basket (a priority)
    assert page.index("Key figures" if "directorates" in pathname else "The basket") < page.index("The golden thread")


def test_a_service_has_no_thread_of_its_own(client):
    # actions belong to a directorate, not to a service: the thread is the directorate's
    page = routed(client, "/directorates/children-young-people-s-services/safeguarding-and-assessment")
    assert "Key figures" in page and "The golden thread" not in page
