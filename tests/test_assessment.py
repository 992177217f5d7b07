"""The strategic assessment and what went well: the quarter and its label, the rules' series and signals on the
demo council (a signal worked out by hand), the pages from hand-made answers (colour never alone, user text as
text), the page and the indicator's process limits through the real callback payload, and the print
stylesheet."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import BACKENDS
from dash import dcc, html
from dash_requests import request_body, section_request_body
from helpers import component_text, find_all, make_action, make_facts, make_figure

from dashboard.app import create_app
from dashboard.settings import Settings
from data.answers import Assessment, Commentary, NotableChange, Success, WentWell
from data.assessment import own_series, process_view, quarter_of, ratings_in_a_row
from data.importer import slugify
from data.periods import Frequency, Period, parse_period
from data.rules import ActionStatus, Direction, Polarity, Rating, SignalRule
from layouts import ids
from layouts.assessment import NEITHER, assessment_page
from layouts.figures import SIGNAL_MARKER, process_figure
from layouts.indicator import limits_view
from layouts.went_well import went_well_section

AS_AT = "2008-12"
DEC_2008 = parse_period("Dec 2008")
Q3 = parse_period("Q3 2008/09")
SCRIPT = "<script>alert(1)</script>"
CYPS = slugify("Children & Young People's Services")
CSS = Path(__file__).resolve().parent.parent / "assets" / "assessment.css"


# --- the quarter ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("month", "quarter", "label"), [
    ("Dec 2008", "Q3 2008/09", "Q3 2008/09"),
    ("Nov 2008", "Q3 2008/09", "Q3 2008/09 to Nov"),
    ("Oct 2008", "Q3 2008/09", "Q3 2008/09 to Oct"),
    ("Apr 2008", "Q1 2008/09", "Q1 2008/09 to Apr"),
    ("Mar 2009", "Q4 2008/09", "Q4 2008/09"),
])
def test_the_quarter_holding_the_month_says_when_it_is_under_way(month, quarter, label):
    assert quarter_of(parse_period(month)) == (parse_period(quarter), label)


# --- the series the rules are given -------------------------------------------------------------------------------

@pytest.mark.parametrize(("periods", "expected"), [
    (["Oct 2008", "Nov 2008", "Dec 2008"], [Rating.GREEN] * 3),
    (["Oct 2008", "Dec 2008"], [Rating.GREEN, Rating.NO_DATA, Rating.GREEN]),  # Nov has no row: a gap
    (["Jun 2008", "Dec 2008"], [Rating.GREEN] + [Rating.NO_DATA] * 5 + [Rating.GREEN]),
    ([], []),
])
def test_ratings_in_a_row_count_a_missing_period_as_no_figure(periods, expected):
    assert ratings_in_a_row([make_figure(p, 1.0) for p in periods]) == expected


def test_a_cumulative_indicators_process_chart_is_over_its_own_figures():
    history = [make_figure(p, ytd) for p, ytd in (("Feb 2008", 40.0), ("Mar 2008", 55.0), ("Apr 2008", 6.0))]
    assert own_series(history, make_facts(cumulative=True)) == [None, 15.0, 6.0]  # Jan 2008 is not known here
    assert own_series(history, make_facts()) == [40.0, 55.0, 6.0]


@pytest.mark.parametrize(("actuals", "summary", "signals"), [
    ([10.0], "No process limits: at least 2 figures are needed", 0),
    ([10.0, 12.0, 10.0, 12.0], "Centre line 11 days, the mean of 4 baseline figures", 0),
    ([10.0, 12.0, 10.0, 12.0], "Provisional: the baseline has 4 of the 12 figures it needs.", 0),
    # baseline of 12: centre 11, moving range 2, limits 5.68 to 16.32; the 13th (41) is above them
    ([10.0, 12.0] * 6 + [41.0], "natural process limits 5.68 days to 16.32 days", 1),
])
def test_the_process_view_explains_its_limits(actuals, summary, signals):
    history = [make_figure(Period(2008 * 12 + i, Frequency.MONTHLY), actual) for i, actual in enumerate(actuals)]
    view = process_view(history, make_facts())
    assert summary in view.summary
    assert len(view.signals) == len(view.chart.signals) == signals


# --- on the demo council ----------------------------------------------------------------------------------------

def test_a_signal_worked_out_by_hand(demo):
    # PAF C62 (NI 135), quarterly, higher is better. Its first 8 figures (Q1 2003/04 to Q4 2004/05) are the
    # baseline: 10.9, 10.8, 12.2, 15.7, 17.3, 17.0, 14.5, 13.7; their mean (the centre line) is 112.1 / 8 =
    # 14.0125; the moving ranges 0.1, 1.4, 3.5, 1.6, 0.3, 2.5, 0.8 average 10.2 / 7 = 1.4571; so the upper limit
    # is 14.0125 + 2.66 x 1.4571 = 17.89. Its Q3 2008/09 figure, 23.3%, is above it: an improving signal.
    answer = demo.assessment(DEC_2008)
    found = [change for change in answer.notable if change.indicator.code == "PAF C62 (NI 135)"
             and change.rule is SignalRule.OUTSIDE_LIMITS]
    assert [(c.first, c.last, c.direction) for c in found] == [(Q3, Q3, Direction.IMPROVING)]
    assert found[0].text == ("A point outside the limits: 23.3% in Q3 2008/09 is above the upper process limit "
                             "of 17.89%: an improving signal.")


def test_the_assessment_lists_only_the_quarters_signals_worsening_first(demo):
    answer = demo.assessment(DEC_2008)
    assert (answer.quarter, answer.label) == (Q3, "Q3 2008/09")
    assert answer.notable, "the demo has notable changes in Q3 2008/09"
    assert all(Q3.start <= change.last.end <= DEC_2008.end for change in answer.notable)
    order = {Direction.WORSENING: 0, None: 1, Direction.IMPROVING: 2}
    readings = [order[change.direction] for change in answer.notable]
    assert readings == sorted(readings)
    card = demo.scorecard(DEC_2008)
    assert answer.improved + answer.held + answer.worsened + answer.not_compared == len(card)
    assert answer.improved == sum(row.figure.long_term is Direction.IMPROVING for row in card)
    assert 0 < answer.checked <= len(card)


def test_every_series_is_read_in_one_query_as_columns(demo, monkeypatch):
    calls = []
    series = demo.series

    def spy(indicator_ids, up_to):
        calls.append((len(indicator_ids), up_to))
        return series(indicator_ids, up_to)

    monkeypatch.setattr(demo, "series", spy)
    monkeypatch.setattr(demo, "histories", lambda *_: pytest.fail("a typed figure for every value"))
    demo.assessment(DEC_2008)
    assert calls == [(len(demo.scorecard(DEC_2008)), DEC_2008)]  # one read, up to the month, for them all


@pytest.mark.parametrize("month", ["Dec 2008", "Nov 2008", "Jun 2008", "Mar 2007"])
def test_the_series_columns_give_the_figures_histories_gives(demo, month):
    """Store.series is the assessment's read: its typed figures are Store.histories' over the same values, and
    a quarter or year still under way at the month is left out (its figure is not known yet)."""
    as_at = parse_period(month)
    ids = [row.indicator.id for row in demo.scorecard(as_at)]
    series = demo.series(ids, as_at)
    expected = {i: [figure for figure in figures if figure.period.end <= as_at.end]
                for i, figures in demo.histories(ids, date(1900, 1, 1), as_at.start).items()}
    assert {i: series.figures(list(series.rows(i))) for i in ids} == expected
    assert sum(map(len, expected.values())) == len(series.ordinal) > 0
    for i in ids:
        latest = series.latest(i)
        known = [figure for figure in expected[i] if figure.actual is not None]
        assert (series.figures([latest])[0] if latest is not None else None) == (known[-1] if known else None)
        if expected[i]:
            first = expected[i][0].period
            assert series.at_period(i, first.ordinal) == series.rows(i).start
            assert series.at_period(i, first.ordinal - 1) is None


def test_a_series_with_no_values_is_empty(demo):
    series = demo.series([], DEC_2008)
    assert (len(series.ordinal), series.rows(1), series.latest(1), series.figures([])) == (0, range(0), None, [])


def test_the_barriers_and_levers_are_the_quarters_notes_of_the_indicators_listed(demo):
    answer = demo.assessment(DEC_2008)
    listed = {change.indicator.code for change in answer.notable}
    assert answer.commentary
    assert all(note.indicator.code in listed and Q3.start <= note.period.end <= DEC_2008.end and note.note
               for note in answer.commentary)


def test_a_quarter_under_way_stops_at_the_month(demo):
    answer = demo.assessment(parse_period("Nov 2008"))
    assert answer.label == "Q3 2008/09 to Nov"
    assert all(change.last.end <= date(2008, 11, 30) for change in answer.notable)
    assert all(s.figure.period.end <= date(2008, 11, 30) for s in answer.went_well.newly_on_target)


@pytest.mark.parametrize(("month", "directorate", "completed", "not_completed"), [
    ("Sep 2008", None, {"REM-CYP-01", "SP-CYP-01", "REM-CYP-03"}, set()),  # completed 3 Sep, 7 Aug, 30 Jul 2008
    ("Sep 2008", CYPS, {"REM-CYP-01"}, set()),
    ("Sep 2008", slugify("Resources"), set(), {"REM-CYP-01"}),  # another directorate's
    ("Dec 2008", None, set(), {"REM-CYP-01"}),  # complete before the quarter began
    ("Sep 2008", "no-such-directorate", set(), {"REM-CYP-01"}),
    ("Sep 2008", "\x00<script>", set(), {"REM-CYP-01"}),  # hostile: names nothing, and is not sent
])
def test_completed_actions_are_those_that_became_complete_in_the_quarter(demo, month, directorate, completed,
                                                                         not_completed):
    answer = demo.went_well(parse_period(month), directorate)
    refs = {action.ref for action in answer.completed}
    assert completed <= refs
    assert not refs & not_completed
    assert all(action.status is ActionStatus.COMPLETE for action in answer.completed)


def test_what_went_well_on_the_demo(demo):
    answer = demo.went_well(DEC_2008)
    newly = {success.indicator.code: success.text for success in answer.newly_on_target}
    assert newly["BV162 / PAF C20 (NI 67)"] == "Green in Dec 2008 after Amber in Nov 2008"
    assert all(success.figure.rating is Rating.GREEN for success in answer.sustained)
    gains = [float(success.text.split("%")[0]) for success in answer.most_improved]
    assert gains == sorted(gains, reverse=True) and len(gains) <= 5
    assert all(success.figure.long_term is Direction.IMPROVING for success in answer.most_improved)


def test_a_directorates_went_well_is_its_own(demo):
    answer = demo.went_well(DEC_2008, CYPS)
    everything = demo.went_well(DEC_2008)
    for part in ("newly_on_target", "most_improved", "sustained"):
        assert all(s.indicator.directorate == "Children & Young People's Services" for s in getattr(answer, part))
    assert len(answer.newly_on_target) < len(everything.newly_on_target)


# --- the pages, from hand-made answers ------------------------------------------------------------------------

def make_assessment(**changes) -> Assessment:
    facts = make_facts(code="BV8", slug="bv8", title=SCRIPT)
    notable = (
        NotableChange(facts, SignalRule.OUTSIDE_LIMITS, Direction.WORSENING, DEC_2008, DEC_2008, "Worse, by rule."),
        NotableChange(make_facts(polarity=Polarity.BAND), SignalRule.TREND, None, parse_period("Jul 2008"),
                      DEC_2008, "A real change."),
    )
    went = WentWell(quarter=Q3, label="Q3 2008/09",
                    newly_on_target=(Success(facts, make_figure("Dec 2008", 9.0), "Green in Dec 2008"),),
                    most_improved=(), sustained=(), completed=(make_action(ref="SP-1", completed=date(2008, 12, 1)),))
    plain = {"period": DEC_2008, "quarter": Q3, "label": "Q3 2008/09", "improved": 3, "held": 2, "worsened": 1,
             "not_compared": 4, "checked": 5, "notable": notable,
             "commentary": (Commentary(facts, DEC_2008, f"Barrier: {SCRIPT} **bold**"),), "went_well": went}
    return Assessment(**(plain | changes))


def test_the_assessment_page_says_what_it_found_in_words():
    page = assessment_page(make_assessment(), AS_AT)
    text = " ".join(component_text(page).split())
    for shown in ("Strategic assessment: Q3 2008/09 as at Dec 2008", "Year on year", "Improved", "Worsened",
                  "Not compared", "1 worsening of 2", "Worsening", NEITHER, "A point outside the limits",
                  "Barriers and levers",
                  "What went well in Q3 2008/09", "SP-1", "No indicator is improving on a year earlier."):
        assert shown in text
    links = [link.href for link in find_all(page, lambda c: isinstance(c, dcc.Link))]
    assert "/indicators/bv8?as_at=2008-12" in links
    # user text is text: never markdown, never HTML
    assert not find_all(page, lambda c: isinstance(c, dcc.Markdown))
    assert any(isinstance(c, html.Span) and c.children == f"Barrier: {SCRIPT} **bold**"
               for c in find_all(page, lambda c: isinstance(c, html.Span)))


@pytest.mark.parametrize(("label", "lead"), [
    ("Q3 2008/09", "The quarter Q3 2008/09, with figures to Dec 2008."),
    ("Q3 2008/09 to Nov", "The quarter Q3 2008/09 is under way: figures are to Dec 2008."),
])
def test_the_lead_says_when_the_quarter_is_under_way(label, lead):
    assert lead in component_text(assessment_page(make_assessment(label=label), AS_AT))


def test_an_empty_assessment_says_so():
    went = WentWell(quarter=Q3, label="Q3 2008/09", newly_on_target=(), most_improved=(), sustained=(),
                    completed=())
    text = component_text(assessment_page(make_assessment(notable=(), commentary=(), went_well=went), AS_AT))
    for shown in ("No indicator changed beyond its usual ups and downs in Q3 2008/09.",
                  "No commentary was reported in Q3 2008/09", "No indicator came on target in Q3 2008/09.",
                  "No action was completed in Q3 2008/09."):
        assert shown in text


def test_what_went_well_never_shows_a_rating_by_colour_alone():
    section = went_well_section(make_assessment().went_well, AS_AT)
    badges = find_all(section, lambda c: isinstance(c, html.Span) and "badge" in getattr(c, "className", "").split())
    assert badges and all("Green" in component_text(badge) and "●" in component_text(badge) for badge in badges)
    assert section.children[0].id == "went-well-heading"  # named by its heading (aria-labelledby)


# --- the indicator's process limits ---------------------------------------------------------------------------

def limits_history() -> list:
    actuals = [10.0, 12.0] * 6 + [41.0]  # limits 5.68 to 16.32: the 13th figure is above them
    return [make_figure(Period(2007 * 12 + i, Frequency.MONTHLY), actual) for i, actual in enumerate(actuals)]


def test_the_process_limits_mark_signals_by_shape_and_text():
    facts = make_facts()
    view = process_view(limits_history(), facts)
    figure = process_figure(view, facts)
    (ringed,) = [trace for trace in figure.data if trace.name == "In a signal"]
    assert ringed.marker.symbol == SIGNAL_MARKER and list(ringed.text) == ["S1"]
    names = [trace.name for trace in figure.data]
    assert {"Centre line", "Upper process limit", "Lower process limit", "Figure"} <= set(names)
    shown = limits_view(view, facts)
    text = " ".join(component_text(shown).split())
    assert "S1: A point outside the limits: 41 days in Apr 2008 is above the upper process limit of 16.32 days" \
        in text
    assert "1 signal, listed below and ringed on the chart." in text
    (twin,) = find_all(shown, lambda c: isinstance(c, dcc.Markdown))
    assert "S1 \\(a point outside the limits\\)" in twin.children  # as Markdown, shown as written
    assert twin.children.index("Apr 2008") < twin.children.index("Mar 2008")  # newest first


def test_too_few_figures_for_limits_say_so():
    view = process_view(limits_history()[:1], make_facts())
    shown = limits_view(view, make_facts())
    assert component_text(shown) == "No process limits: at least 2 figures are needed to set them."
    assert not find_all(shown, lambda c: isinstance(c, dcc.Graph))


# --- through the real callback payload, on the demo council ----------------------------------------------------

@pytest.fixture(scope="module", params=BACKENDS)
def client(request):
    demo = request.getfixturevalue(f"demo_{request.param}")
    return create_app(Settings(database_url="sqlite://", seed_demo=False), demo).server.test_client()


@pytest.mark.parametrize(("search", "title", "shown"), [
    ("", "Strategic assessment Q3 2008/09 as at Dec 2008",
     ["Direction of travel", "Statistically notable changes", "PAF C62 (NI 135)", "What went well in Q3 2008/09"]),
    ("?as_at=2008-11", "Strategic assessment Q3 2008/09 to Nov as at Nov 2008", ["is under way"]),
    ("?as_at=1999-01", "Strategic assessment Q3 2008/09 as at Dec 2008", ["There are no figures as at Jan 1999"]),
    ("?as_at=<script>", "Strategic assessment Q3 2008/09 as at Dec 2008", ["is not a month we can report at"]),
])
def test_the_assessment_through_the_real_callback_payload(client, search, title, shown):
    response = client.post("/_dash-update-component", json=request_body("/assessment", search))
    assert response.status_code == 200
    answer = json.loads(response.get_data(as_text=True))["response"]
    assert answer[ids.TITLE]["data"] == f"{title} – Council Performance Dashboard"
    text = json.dumps(answer)
    for words in shown:
        assert words in text


@pytest.mark.parametrize(("slug", "shown"), [
    ("paf-c62-ni-135", "above the upper process limit of 17.89%"),
    ("bv12", "Centre line"),
    ("no-such-indicator", None),
])
def test_the_process_limits_section_through_the_real_callback_payload(client, slug, shown):
    response = client.post("/_dash-update-component",
                           json=section_request_body("limits", 1, f"/indicators/{slug}", "?as_at=2008-12"))
    assert response.status_code in (200, 204)
    if shown is not None:
        assert shown in response.get_data(as_text=True)


# --- the print stylesheet --------------------------------------------------------------------------------------

def print_rules() -> str:
    """The body of the stylesheet's @media print block."""
    css = re.sub(r"/\*.*?\*/", "", CSS.read_text(), flags=re.S)
    start = css.index("@media print")
    depth, body = 0, []
    for character in css[css.index("{", start):]:
        depth += {"{": 1, "}": -1}.get(character, 0)
        body.append(character)
        if depth == 0:
            break
    return "".join(body)


@pytest.mark.parametrize(("selector", "hidden"), [
    (".site-nav", True), (".as-at", True), (".skip-link", True), (".menu-button", True), (".grid-filters", True),
    # on paper too: which council, and the footer's note on the data (synthetic demo figures say so)
    (".header", False), (".footer", False),
])
def test_the_print_stylesheet_hides_the_controls_but_not_the_council_or_the_data_note(selector, hidden):
    rules = print_rules()
    hiding = re.search(r"([^{}]*)\{[^{}]*display:\s*none", rules)
    assert hiding
    assert (selector in [found.strip() for found in hiding.group(1).split(",")]) is hidden


def test_the_print_stylesheet_is_for_a4_and_never_splits_a_row():
    rules = print_rules()
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", rules)
    assert re.search(r"\.page--assessment tr[^{]*\{[^}]*break-inside:\s*avoid", rules)


@pytest.mark.parametrize(("count", "listed", "offered"), [
    (3, 3, None),
    (50, 50, None),
    (51, 50, "Show the other 1 notable changes"),
    (120, 50, "Show the other 70 notable changes"),
])
def test_the_most_pressing_fifty_are_listed_and_the_rest_drawn_when_asked(count, listed, offered):
    from layouts.assessment import notable_rest

    change = NotableChange(make_facts(code="BV8", slug="bv8"), SignalRule.OUTSIDE_LIMITS, Direction.WORSENING,
                           DEC_2008, DEC_2008, "Worse, by rule.", times=2)
    answer = make_assessment(notable=(change,) * count)
    page = assessment_page(answer, "2008-12")
    (table,) = [t for t in find_all(page, lambda c: isinstance(c, html.Table)) if "notable-table" in t.className]
    assert len(find_all(table, lambda c: isinstance(c, html.Tr))) == listed + 1  # and the header row
    assert "2 times in Q3 2008/09; the latest: Worse, by rule." in component_text(table)
    summaries = [component_text(s) for s in find_all(page, lambda c: isinstance(c, html.Summary))]
    assert (offered in summaries) if offered else not any("notable changes" in s for s in summaries)
    rest = notable_rest(answer, "2008-12")
    assert (rest is None) if offered is None else \
        len(find_all(rest, lambda c: isinstance(c, html.Tr))) == count - listed + 1
