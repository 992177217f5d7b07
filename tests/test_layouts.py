"""Layouts and figures, called directly: no database, no browser."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import unquote

import plotly.io as pio
import pytest
from dash import dcc, html
from helpers import component_text, find_all, make_action, make_facts, make_figure, make_late, make_row
from plotly.utils import PlotlyJSONEncoder

from data.answers import (
    ActionProgress,
    Figure,
    IndicatorDetails,
    IndicatorPage,
    LateReturn,
    Link,
    Overview,
    PriorityPage,
    PriorityRollUp,
    ScorecardRow,
    UnderPerformer,
)
from data.periods import Frequency, Period, parse_period
from data.rules import (
    DEFAULT_TOLERANCE,
    NO_CHANGE_WITHIN,
    ActionStatus,
    Direction,
    Polarity,
    RateOfImprovement,
    Rating,
    Reason,
    RollUp,
    Target,
    roll_up,
)
from data.rules import direction as rules_direction
from layouts import ids
from layouts.components import figure_text, markdown_text, rating_badge, target_text, text_table, trend_summary
from layouts.figures import trend_figure
from layouts.indicator import indicator
from layouts.look import ACTION_STATUSES, DIRECTIONS, RATINGS
from layouts.overview import attention_rest, overview
from layouts.priority import SMALL_MULTIPLES, actions_table, basket_table, priority
from layouts.rules_text import rules_explained
from layouts.shell import not_found, shell
from layouts.sparklines import sparkline_src, sparkline_svg


@pytest.mark.parametrize("layout", [shell, overview, priority, indicator, not_found])
def test_every_layout_is_callable_with_no_arguments(layout):
    assert isinstance(layout(), html.Div)


def test_every_id_in_the_ids_module_is_used_by_the_shell():
    used = {c.id for c in find_all(shell(), lambda c: getattr(c, "id", None) is not None)}
    assert set(ids.ALL) <= used


@pytest.mark.parametrize("rating", list(RATINGS))
def test_a_rating_is_never_colour_alone(rating):
    badge = rating_badge(rating)
    assert rating in component_text(badge)  # the word
    shape = badge.children[0]
    assert shape.children == RATINGS[rating].glyph  # the shape
    assert shape.to_plotly_json()["props"]["aria-hidden"] == "true"  # read once, as the word
    assert f"rating--{RATINGS[rating].css}" in badge.className


@pytest.mark.parametrize(("palette", "enum"), [(RATINGS, Rating), (DIRECTIONS, Direction),
                                               (ACTION_STATUSES, ActionStatus)])
def test_every_rule_outcome_has_a_look_and_nothing_else_does(palette, enum):
    assert set(palette) == set(enum)


def test_every_rating_has_its_own_shape_on_charts_and_in_text():
    assert len({look.marker for look in RATINGS.values()}) == len(RATINGS)
    assert len({look.glyph for look in RATINGS.values()}) == len(RATINGS)


@pytest.mark.parametrize(("value", "unit", "text"), [(12.5, "%", "12.5%"), (1234, "days", "1,234 days"),
                                                     (None, "%", "–"), (3, "£", "£3"), (0.125, "", "0.12")])
def test_figures_in_words(value, unit, text):
    assert figure_text(value, unit) == text


@pytest.mark.parametrize(("target", "unit", "text"), [
    (Target.single(30.0), "days", "a target of 30 days"),
    (Target(10.0, 15.0), "%", "a target range of 10% to 15%"),
    (None, "", "no target"),
])
def test_targets_in_words(target, unit, text):
    assert target_text(target, unit) == text


def history(ratings=("Red", "Amber", "Green"), polarity_band=False, actuals=None) -> tuple[Figure, ...]:
    """Monthly figures from April 2006, 40, 39, 38...: against 35 (or a 10-15 range), rated as given."""
    months = [Period.of(Frequency.MONTHLY, 2006 + i // 12, i % 12 + 1) for i in range(len(ratings))]
    actuals = actuals if actuals is not None else [40.0 - i for i in range(len(ratings))]
    return tuple(make_figure(month, actual, (10.0, 15.0) if polarity_band else 35.0, rating)
                 for month, actual, rating in zip(months, actuals, ratings, strict=True))


LOWER_DAYS = make_facts()


def test_the_trend_chart_marks_each_point_by_shape_and_colour():
    figure = trend_figure(history(), LOWER_DAYS)
    actual = next(t for t in figure.data if t.name == "Actual")
    assert list(actual.marker.symbol) == ["square", "triangle-up", "circle"]
    assert list(actual.marker.color) == [RATINGS[r].colour for r in (Rating.RED, Rating.AMBER, Rating.GREEN)]
    names = [t.name for t in figure.data]
    assert {"Target (shaded: within tolerance)", "Same period last year", "Red", "Amber", "Green"} <= set(names)
    edge = figure.data[0]
    assert list(edge.y) == [36.75] * 4  # 5% above a 35-day target: the amber zone's edge, held to the axis' end


@pytest.mark.parametrize(("polarity", "frequency"), [("lower", "annual"), ("higher", "quarterly"),
                                                     ("band", "annual"), ("lower", "monthly")])
def test_the_latest_periods_target_is_held_to_the_end_of_the_axis(polarity, frequency):
    """A step holds each target to the next period; the latest one is held to the axis' end, not a dash."""
    own = Frequency(frequency)
    figures = [make_figure(Period(2006 * 12 + i * own.months, own), 0.7, target, rating="Green")
               for i, target in enumerate((0.64, 0.67, 0.76))]
    figure = trend_figure(figures, make_facts(polarity=Polarity(polarity), frequency=own))
    end = figure.layout.xaxis.range[1]
    targets = [t for t in figure.data if t.legendgroup in ("target", "range", "tolerance")]
    assert targets and all(t.x[-1] == end and t.x[-2] == figures[-1].period.start.isoformat() for t in targets)
    assert all(t.y[-1] == t.y[-2] for t in targets)


def test_a_band_indicators_chart_shades_the_range():
    figure = trend_figure(history(polarity_band=True), make_facts(unit="%", polarity=Polarity.BAND,
                                                                  frequency=Frequency.QUARTERLY))
    names = [t.name for t in figure.data]
    assert "Target range" in names
    assert "Within tolerance (Amber)" in names


def test_figures_stay_small():
    long = history(ratings=["Green", "Amber", "Red"] * 24)
    big = trend_figure(long, make_facts(unit="%", polarity=Polarity.HIGHER))
    assert len(pio.to_json(big)) < 50_000
    assert len(sparkline_src(long)) < 12_000  # 72 points, as a data: URL


SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(("rating", "element", "fill"), [
    (Rating.GREEN, "circle", RATINGS[Rating.GREEN].colour), (Rating.AMBER, "polygon", RATINGS[Rating.AMBER].colour),
    (Rating.RED, "rect", RATINGS[Rating.RED].colour), (Rating.NO_TARGET, "polygon", "white"),
    (Rating.DATA_ONLY, "polygon", RATINGS[Rating.DATA_ONLY].colour), (Rating.NO_DATA, "circle", "white"),
])
def test_a_sparkline_marks_each_point_with_its_ratings_shape(rating, element, fill):
    svg = ET.fromstring(sparkline_svg(history(ratings=[rating])))
    (marker,) = [e for e in svg if e.tag in (SVG + "circle", SVG + "rect", SVG + "polygon")]
    assert (marker.tag, marker.get("fill")) == (SVG + element, fill)
    if fill == "white":  # the open shapes keep their colour in the outline
        assert marker.get("stroke") == RATINGS[rating].colour


def test_a_sparkline_labels_its_range_and_months_and_breaks_at_a_gap():
    figures = history(ratings=["Red", "Amber", "No data", "Green"], actuals=[1250.0, 1100.0, None, 980.0])
    svg = ET.fromstring(sparkline_svg(figures))
    labels = [e.text for e in svg.iter(SVG + "text")]
    assert labels == ["1,250", "35", "Apr 2006", "Jul 2006"]  # highest and lowest figure (the target), periods
    actual_line = next(e for e in svg.iter(SVG + "path") if e.get("stroke-dasharray") is None)
    assert actual_line.get("d").count("M") == 2  # the missing March breaks the line
    assert len([e for e in svg if e.tag in (SVG + "circle", SVG + "rect", SVG + "polygon")]) == 3
    target = [e for e in svg.iter(SVG + "path") if e.get("stroke-dasharray")]
    assert len(target) == 1 and "H" in target[0].get("d")  # one target, drawn as a step


def test_a_band_sparkline_draws_both_edges_and_an_empty_one_is_still_a_picture():
    band = ET.fromstring(sparkline_svg(history(polarity_band=True)))
    assert len([e for e in band.iter(SVG + "path") if e.get("stroke-dasharray")]) == 2
    empty = sparkline_src(history(ratings=()))
    kind, svg = empty.split(",", 1)
    assert kind == "data:image/svg+xml" and ET.fromstring(unquote(svg)).tag == SVG + "svg"  # text, not base64


def priority_page(*rows: ScorecardRow, drawn=None, histories=None, late: int = 0, actions=()) -> PriorityPage:
    """A priority's page as the store answers it: every row drawn unless `drawn` says."""
    card = tuple(rows)
    counts = dict.fromkeys(Rating, 0) | Counter(row.figure.rating for row in card)
    return PriorityPage(
        period=parse_period("Dec 2008", Frequency.MONTHLY),
        roll_up=PriorityRollUp(Link("Efficient council", "efficient-council"),
                               RollUp(counts, RateOfImprovement(0, 0)), late),
        card=card, drawn=card if drawn is None else tuple(drawn),
        histories=histories if histories is not None else {row.indicator.id: history() for row in card},
        actions=tuple(actions))


def test_a_priority_pages_small_multiple_is_a_picture_with_its_summary_and_target_as_alt_text():
    row = make_row(make_facts(code="BV78a", title="Speed of processing", slug="bv78a"),
                   make_figure("Jun 2006", 38.0, 35.0, short_term=Direction.IMPROVING))
    page = priority(priority_page(row))
    (image,) = find_all(page, lambda c: isinstance(c, html.Img) and "sparkline" in (c.className or ""))
    assert image.alt == ("Trend: From 40 days in Apr 2006 to 38 days in Jun 2006; "
                         "3 figures rated 1 Red, 1 Amber, 1 Green. Target 35 days throughout.")
    assert image.src.startswith("data:image/svg+xml,%3Csvg ")


def test_an_empty_history_draws_an_empty_chart():
    assert trend_figure((), make_facts(unit="", polarity=Polarity.HIGHER, frequency=Frequency.ANNUAL)).data == ()
    assert trend_summary((), "") == "No figures reported in this time."


def indicator_page(history=(), details=None, late=None, actions=()) -> IndicatorPage:
    """An indicator's page as the store answers it, at Dec 2008."""
    return IndicatorPage(period=parse_period("Dec 2008", Frequency.MONTHLY),
                         details=details or IndicatorDetails(make_facts(unit=""), None, None, (), ()),
                         history=tuple(history), late=late, actions=tuple(actions))


def test_every_chart_on_a_page_has_a_text_summary():
    page = indicator(indicator_page(history()))
    figures = find_all(page, lambda c: isinstance(c, html.Figure))
    assert figures
    for figure in figures:
        graph = find_all(figure, lambda c: isinstance(c, dcc.Graph))
        caption = find_all(figure, lambda c: isinstance(c, html.Figcaption))
        assert graph and caption
        assert component_text(caption[0]) == "From 40 in Apr 2006 to 38 in Jun 2006; 3 figures rated 1 Red, " \
                                             "1 Amber, 1 Green."


def test_text_from_people_is_shown_as_text():
    evil = "<script>alert(1)</script>"
    details = IndicatorDetails(make_facts(title=evil, code=evil, unit="", polarity=Polarity.NONE,
                                          frequency=Frequency.ANNUAL), evil, None, (), ())
    page = indicator(indicator_page(details=details))
    rendered = json.dumps(page, cls=PlotlyJSONEncoder)
    assert evil in component_text(page)
    assert "dangerouslySetInnerHTML" not in rendered


def test_a_large_basket_draws_what_the_store_hands_in_its_order_and_says_so():
    card = [make_row(make_facts(id=i, code=f"X{i:02d}", slug=f"x{i:02d}", title=f"Indicator {i:02d}"))
            for i in range(40)]
    drawn = card[::-1][:SMALL_MULTIPLES]  # the store's order, whatever it is
    page = priority(priority_page(*card, drawn=drawn))
    titles = [words(article.children[0]) for article in find_all(page, lambda c: isinstance(c, html.Article))]
    assert titles == [f"Indicator {i:02d}" for i in range(39, 39 - SMALL_MULTIPLES, -1)]
    assert f"The {SMALL_MULTIPLES} most pressing of 40 indicators are drawn; every one is in the table below." \
        in words(page)


@pytest.mark.parametrize(("text", "escaped"), [
    ("a|b", "a\\|b"),  # a pipe would split the cell
    ("*bold* _em_ `code`", "\\*bold\\* \\_em\\_ \\`code\\`"),
    ("[click](x)", "\\[click\\]\\(x\\)"),
    ("http://evil.example", "http&#58;//evil\\.example"),  # not made a link
    ("&amp; & b", "&amp;amp; &amp; b"),  # not read as an entity
    ("line\nbreak", "line break"),  # a line break would end the row
    ("# 1. - + !", "\\# 1\\. \\- \\+ \\!"),
])
def test_text_in_a_markdown_table_is_escaped(text, escaped):
    assert markdown_text(text) == escaped  # shown as written: see test_browser's tricky text


def test_a_text_table_is_one_component_with_local_links_only():
    region = text_table("Caption", ["Name", "Figure"], [[("A|B", "/indicators/bv78a?as_at=2008-12"), "1,204"]],
                        numeric=(1,))
    assert region.role == "region" and region.tabIndex == "0"
    (markdown,) = find_all(region, lambda c: isinstance(c, dcc.Markdown))
    assert markdown.children.splitlines() == ["| Name | Figure |", "| --- | ---: |",
                                              "| [A\\|B](/indicators/bv78a?as_at=2008-12) | 1,204 |"]
    assert not markdown.dangerously_allow_html
    for link in ("javascript:alert(1)", "http://elsewhere.example/", "/ok) [x](javascript:alert(1)"):
        with pytest.raises(ValueError, match="not a link within the dashboard"):
            text_table("Caption", ["Name"], [[("x", link)]])


# the action tables -----------------------------------------------------------------------------------------

def words(component) -> str:
    """The text a reader sees, spaced as it reads."""
    return " ".join(component_text(component).split())


def actions(progress=(50.0,), **changes) -> tuple[ActionProgress, ...]:
    """Actions as the store gives them: one for each figure in `progress`."""
    return tuple(make_action(ref=f"REM-{i}", title=f"Plan {i}", progress=p, **changes) for i, p in enumerate(progress))


def test_progress_bars_are_in_proportion_to_their_figures():
    drawn = actions_table(actions(progress=[75.0, 100.0, 0.0, 12.5]), "Actions")
    bars = find_all(drawn, lambda c: isinstance(c, html.Progress))
    lengths = [float(bar.value) / float(bar.max) for bar in bars]  # every bar is drawn on one fixed track
    assert lengths == [0.75, 1.0, 0.0, 0.125]
    assert lengths[0] / lengths[1] == 0.75  # a 75% bar is three quarters of a 100% one
    assert {bar.className for bar in bars} == {"progress__meter"}
    assert [bar.to_plotly_json()["props"]["aria-label"] for bar in bars] == [f"Progress of REM-{i}" for i in range(4)]
    texts = [words(c) for c in find_all(drawn, lambda c: getattr(c, "className", None) == "progress__text")]
    assert texts == ["75%", "100%", "0%", "12%"]  # the figure in words beside the bar, never the bar alone


def test_every_progress_track_has_one_fixed_length():
    css = (Path(__file__).parents[1] / "assets" / "tables.css").read_text(encoding="utf-8")
    rule = re.search(r"\.progress__meter \{([^}]*)\}", css).group(1)
    assert re.search(r"(^|;|\s)width: \d+(\.\d+)?rem", rule)  # not a share of a box that shrinks to its content
    assert "flex: none" in rule  # nor squeezed by its neighbours


@pytest.mark.parametrize(("columns", "shown", "not_shown"), [
    ({}, ["50% complete with 75% of the time gone.", "Latest note (as at 30 Nov 2008): Backlog team recruited"],
     ["Behind: 50%"]),
    ({"note": "<b>done</b> & *dusted*"}, ["Latest note (as at 30 Nov 2008): <b>done</b> & *dusted*"], []),
    ({"note": None}, [], ["Latest note"]),
    ({"note": None, "reported_on": None}, ["No progress reported yet."], ["Latest note"]),
    ({"status": ActionStatus.COMPLETE, "status_text": "Complete: finished."}, ["Finished."], ["Complete: finished"]),
])
def test_an_actions_status_reason_and_latest_note_are_shown(columns, shown, not_shown):
    drawn = actions_table(actions(**columns), "Actions")
    visible = words(find_all(drawn, lambda c: isinstance(c, html.Tbody)))
    hidden = find_all(drawn, lambda c: "visually-hidden" in (getattr(c, "className", None) or ""))
    assert not hidden  # the reason is for sighted readers too
    for text in shown:
        assert text in visible
    for text in not_shown:
        assert text not in visible
    assert "dangerouslySetInnerHTML" not in json.dumps(drawn, cls=PlotlyJSONEncoder)


@pytest.mark.parametrize(("columns", "links", "text"), [
    ({}, [("BV78a", "/indicators/bv78a?as_at=2008-12"), ("NI 171", "/indicators/ni-171?as_at=2008-12")],
     "BV78a ; NI 171"),
    ({"indicators": ()}, [], "–"),
])
def test_an_actions_indicators_link_to_their_pages(columns, links, text):
    drawn = actions_table(actions(**columns), "Actions", as_at="2008-12")
    (row,) = find_all(drawn, lambda c: isinstance(c, html.Tr) and isinstance(c.children[0], html.Td))
    cell = row.children[-1]
    assert [(link.children, link.href) for link in find_all(cell, lambda c: isinstance(c, dcc.Link))] == links
    assert words(cell) == text


# late returns ----------------------------------------------------------------------------------------------

def numbered(count: int, *figures: Figure, late: dict[int, LateReturn] | None = None) -> list[ScorecardRow]:
    """Scorecard rows X1, X2...: each of `figures` (an on-target one for the rest), with the late returns given."""
    figures = figures + tuple(make_figure("Dec 2008", 30.0, 33.0) for _ in range(count - len(figures)))
    return [make_row(make_facts(id=i + 1, code=f"X{i + 1}", slug=f"x{i + 1}", title=f"Indicator {i + 1}"),
                     figure, (late or {}).get(i + 1)) for i, figure in enumerate(figures)]


NO_DATA_DEC = make_figure("Dec 2008", None, 33.0)
RED_NOV = make_figure("Nov 2008", 41.0, 33.0, Rating.RED)
LATE_RED = make_late(RED_NOV, text="Return for Dec 2008 is 1 month late; latest figure Nov 2008")


@pytest.mark.parametrize(("row", "shown", "not_shown"), [
    (make_row(figure=NO_DATA_DEC, late=LATE_RED),
     ["No data for Dec 2008: no figure yet", "Last known: ■ Red 41 days (Nov 2008) — return 1 month late"],
     ["against a target"]),
    (make_row(make_facts(frequency=Frequency.QUARTERLY),
              make_figure("Q3 2008/09", None, 33.0, frequency=Frequency.QUARTERLY),
              make_late(make_figure("Q1 2008/09", 41.0, 33.0, Rating.RED, frequency=Frequency.QUARTERLY), 2)),
     ["Last known: ■ Red 41 days (Q1 2008/09) — return 2 quarters late"], []),
    (make_row(figure=NO_DATA_DEC), ["No data – against a target of 33 days"], ["Last known"]),
    (make_row(), ["● Green 30 days against a target of 33 days"], ["Last known", "late"]),
])
def test_a_late_returns_card_shows_no_data_and_the_last_figure_known(row, shown, not_shown):
    page = priority(priority_page(row))
    (card,) = find_all(page, lambda c: isinstance(c, html.Article))
    text = words(card)
    for phrase in shown:
        assert phrase in text
    for phrase in not_shown:
        assert phrase not in text
    assert ("card--late" in card.className) == (row.late is not None)


def test_the_basket_table_says_a_late_returns_last_known_rating():
    (markdown,) = find_all(basket_table(numbered(2, NO_DATA_DEC, late={1: LATE_RED}), None),
                           lambda c: isinstance(c, dcc.Markdown))
    assert markdown_text("○ No data; last known ■ Red 41 days (Nov 2008), return 1 month late") in markdown.children


def under(row: ScorecardRow, reasons=(Reason.RED,), periods_missed: int = 1, remedial=("REM-1",)) -> UnderPerformer:
    return UnderPerformer(row, tuple(reasons), periods_missed, None, tuple(remedial))


def overview_answer(card=(), under_performing=(), priorities=(), late: int = 0) -> Overview:
    """The overview as the store answers it at Dec 2008; the council's roll-up from the card's ratings."""
    card = tuple(card)
    return Overview(period=parse_period("Dec 2008", Frequency.MONTHLY), card=card, priorities=tuple(priorities),
                    council=roll_up([row.figure.rating for row in card], [row.figure.long_term for row in card]),
                    late=late, under_performing=tuple(under_performing), recently_completed=())


def attention(page) -> html.Section:
    (section,) = find_all(page, lambda c: isinstance(c, html.Section)
                          and getattr(c, "aria-labelledby", None) == "attention-heading")
    return section


def test_a_late_return_stays_on_the_attention_list_with_its_last_known_rating():
    amber = make_figure("Dec 2008", 34.0, 33.0, Rating.AMBER, short_term=Direction.WORSENING)
    rows = numbered(3, amber, NO_DATA_DEC, make_figure("Dec 2008", 41.0, 33.0, Rating.RED), late={2: LATE_RED})
    listed = [under(rows[2], periods_missed=3), under(rows[1], (Reason.RED, Reason.MISSED_TWICE), 2),
              under(rows[0], (Reason.AMBER_WORSENING,))]  # most pressing first, as the store hands them
    page = overview(overview_answer(numbered(1), listed))
    items = find_all(attention(page), lambda c: isinstance(c, html.Li))
    assert [words(item.children[0]) for item in items] == ["Indicator 3", "Indicator 2", "Indicator 1"]
    late_item = items[1]
    (badge,) = find_all(late_item, lambda c: "rating--" in (getattr(c, "className", None) or ""))
    assert words(badge) == "■ Red"  # its last known rating, not "No data"
    assert words(late_item) == ("Indicator 2 ■ Red late return Return for Dec 2008 is 1 month late; "
                                "latest figure Nov 2008: Red. At Nov 2008: red; missed two periods "
                                "running. Remedial action: REM-1.")
    assert words(items[2]) == ("Indicator 1 ▲ Amber ↘ Worsening Amber and worsening. Remedial action: REM-1.")


@pytest.mark.parametrize(("remedial", "said"), [((), "No remedial action."),
                                                (("REM-1", "REM-2"), "Remedial action: REM-1; REM-2.")])
def test_an_under_performers_remedial_actions_or_their_lack_are_said(remedial, said):
    page = overview(overview_answer(numbered(1), [under(numbered(1)[0], remedial=remedial)]))
    (item,) = find_all(attention(page), lambda c: isinstance(c, html.Li))
    assert words(item).endswith(said)


@pytest.mark.parametrize(("count", "listed", "folded"), [(17, 10, 7), (10, 10, 0), (3, 3, 0)])
def test_every_under_performer_is_reachable_from_the_overview(count, listed, folded):
    found = [under(row) for row in numbered(count)]
    section = attention(overview(overview_answer(numbered(1), found)))
    (shown,) = find_all(section, lambda c: isinstance(c, html.Ol))
    assert len(shown.children) == listed
    disclosures = find_all(section, lambda c: isinstance(c, html.Details))
    rest = attention_rest(found, "2008-12")  # drawn when the disclosure is opened
    assert len(rest.children) == folded
    titles = [words(item.children[0]) for item in [*shown.children, *rest.children]]
    assert titles == [f"Indicator {i + 1}" for i in range(count)]  # in the store's order, each once
    if folded:
        (details,) = disclosures
        assert words(details.children[0]) == f"Show all {count} under-performing indicators"
        assert rest.start == listed + 1  # numbered on from the ten shown
    else:
        assert not disclosures


def key_figures(page) -> list[str]:
    return [words(c) for c in find_all(page, lambda c: getattr(c, "className", None) == "key-figure")]


LATE_AMBER = make_late(make_figure("Nov 2008", 34.0, 33.0, Rating.AMBER))


@pytest.mark.parametrize(("late", "count", "figure"), [
    ({1: LATE_RED, 2: LATE_RED}, 2, "2 returns late figures due by this period not yet reported; 2 last known Red"),
    ({1: LATE_AMBER}, 1, "1 return late figures due by this period not yet reported"),
    ({}, 0, "0 returns late figures due by this period not yet reported"),
])
def test_the_headlines_count_late_returns(late, count, figure):
    card = numbered(3, *[NO_DATA_DEC for _ in late], late=late)
    assert figure in key_figures(overview(overview_answer(card, late=count)))


def test_the_headlines_are_the_councils_roll_up():
    ratings = [Rating.GREEN, Rating.GREEN, Rating.AMBER, Rating.RED, Rating.NO_TARGET, Rating.DATA_ONLY]
    longs = [Direction.IMPROVING, None, Direction.WORSENING, Direction.IMPROVING, None, None]
    card = numbered(6, *(make_figure("Dec 2008", 30.0, 33.0, r, long_term=d) for r, d in zip(ratings, longs,
                                                                                             strict=True)))
    figures = key_figures(overview(overview_answer(card)))
    assert figures[:4] == ["50% of rated indicators on target 2 of 4",
                           "67% improving on a year earlier 2 of 3 with a figure a year earlier",
                           "1 indicators Red more than the tolerance off target",
                           "1 indicators without a target a governance gap to close"]


def rollups(late: int) -> PriorityRollUp:
    counts = dict.fromkeys(Rating, 0) | {Rating.GREEN: 1, Rating.RED: 1, Rating.NO_DATA: 1}
    return PriorityRollUp(Link("Efficient council", "efficient-council"), RollUp(counts, RateOfImprovement(0, 0)),
                          late)


@pytest.mark.parametrize(("late", "shown"), [(1, "Late returns 1"), (0, None)])
def test_a_priority_card_counts_its_late_returns(late, shown):
    page = overview(overview_answer(numbered(1), priorities=[rollups(late)]))
    (facts,) = find_all(page, lambda c: isinstance(c, html.Dl))
    rows = [words(row) for row in facts.children if row is not None]
    assert (shown in rows) if shown else not any("Late" in row for row in rows)


def test_the_rules_text_takes_its_figures_from_the_rules():
    text = words(rules_explained())
    assert f"tolerance ({DEFAULT_TOLERANCE} of target unless set otherwise)" in text
    assert f"by more than {NO_CHANGE_WITHIN:g}% of the earlier figure" in text
    assert (str(DEFAULT_TOLERANCE), NO_CHANGE_WITHIN) == ("5%", 1.0)  # what the council publishes
    assert rules_direction.__defaults__[-1] == NO_CHANGE_WITHIN  # the rule uses the band the text states


@pytest.mark.parametrize(("unit", "target", "shown"), [
    ("%", 45.0, "45%"),
    ("%", (40.0, 50.0), "40% to 50%"),
    ("£", 1200.0, "£1,200"),
    ("days", 28.0, "28 days"),
    ("%", None, "–"),
])
def test_the_table_twin_gives_each_target_its_unit(unit, target, shown):
    from layouts.indicator import values_table

    twin = component_text(values_table([make_figure("Dec 2008", 44.0, target)], unit))
    assert f"| {shown} |" in twin
