"""Layouts and figures, called directly: no database, no browser."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from base64 import b64decode
from datetime import date
from pathlib import Path

import pandas as pd
import plotly.io as pio
import pytest
from dash import dcc, html
from helpers import component_text, find_all
from plotly.utils import PlotlyJSONEncoder

from data.periods import Frequency, Period
from data.rules import ActionStatus, Direction, Rating
from layouts import ids
from layouts.components import figure_text, markdown_text, rating_badge, target_text, text_table, trend_summary
from layouts.figures import trend_figure
from layouts.indicator import indicator
from layouts.look import ACTION_STATUSES, DIRECTIONS, RATINGS
from layouts.overview import attention_rest, overview
from layouts.priority import actions_table, most_pressing, priority
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
                                                     (None, "%", "–"), (float("nan"), "", "–"), (3, "£", "£3")])
def test_figures_in_words(value, unit, text):
    assert figure_text(value, unit) == text


def test_targets_in_words():
    assert target_text(30.0, 30.0, "days") == "a target of 30 days"
    assert target_text(10.0, 15.0, "%") == "a target range of 10% to 15%"
    assert target_text(float("nan"), float("nan")) == "no target"


def history(ratings=("Red", "Amber", "Green"), polarity_band=False) -> pd.DataFrame:
    n = len(ratings)
    months = [Period.of(Frequency.MONTHLY, 2006 + i // 12, i % 12 + 1) for i in range(n)]
    return pd.DataFrame({
        "period": [m.label for m in months], "period_start": [m.start for m in months],
        "actual": [40.0 - i for i in range(n)], "target_low": [10.0 if polarity_band else 35.0] * n,
        "target_high": [15.0 if polarity_band else 35.0] * n, "rating": list(ratings),
    })


def test_the_trend_chart_marks_each_point_by_shape_and_colour():
    figure = trend_figure(history(), unit="days", polarity="lower", frequency="monthly", tolerance=5,
                          tolerance_is_percent=True)
    actual = next(t for t in figure.data if t.name == "Actual")
    assert list(actual.marker.symbol) == ["square", "triangle-up", "circle"]
    assert list(actual.marker.color) == [RATINGS[r].colour for r in ("Red", "Amber", "Green")]
    names = [t.name for t in figure.data]
    assert {"Target (shaded: within tolerance)", "Same period last year", "Red", "Amber", "Green"} <= set(names)
    edge = figure.data[0]
    assert list(edge.y) == [36.75] * 3  # 5% above a 35-day target: the amber zone's edge


def test_a_band_indicators_chart_shades_the_range():
    figure = trend_figure(history(polarity_band=True), unit="%", polarity="band", frequency="quarterly",
                          tolerance=5, tolerance_is_percent=True)
    names = [t.name for t in figure.data]
    assert "Target range" in names
    assert "Within tolerance (Amber)" in names


def test_figures_stay_small():
    long = history(ratings=["Green", "Amber", "Red"] * 24)
    big = trend_figure(long, unit="%", polarity="higher", frequency="monthly", tolerance=5, tolerance_is_percent=True)
    assert len(pio.to_json(big)) < 50_000
    assert len(sparkline_src(long)) < 12_000  # 72 points, as a data: URL


SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize(("rating", "element", "fill"), [
    ("Green", "circle", RATINGS["Green"].colour), ("Amber", "polygon", RATINGS["Amber"].colour),
    ("Red", "rect", RATINGS["Red"].colour), ("No target", "polygon", "white"),
    ("Data only", "polygon", RATINGS["Data only"].colour), ("No data", "circle", "white"),
])
def test_a_sparkline_marks_each_point_with_its_ratings_shape(rating, element, fill):
    svg = ET.fromstring(sparkline_svg(history(ratings=[rating])))
    (marker,) = [e for e in svg if e.tag in (SVG + "circle", SVG + "rect", SVG + "polygon")]
    assert (marker.tag, marker.get("fill")) == (SVG + element, fill)
    if fill == "white":  # the open shapes keep their colour in the outline
        assert marker.get("stroke") == RATINGS[rating].colour


def test_a_sparkline_labels_its_range_and_months_and_breaks_at_a_gap():
    frame = history(ratings=["Red", "Amber", "No data", "Green"]).assign(actual=[1250.0, 1100.0, None, 980.0])
    svg = ET.fromstring(sparkline_svg(frame))
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
    assert ET.fromstring(b64decode(empty.split(",", 1)[1])).tag == SVG + "svg"


def test_a_priority_pages_small_multiple_is_a_picture_with_its_summary_and_target_as_alt_text():
    card = pd.DataFrame({"indicator_id": [1], "code": ["BV78a"], "title": ["Speed of processing"], "slug": ["bv78a"],
                         "period": ["Jun 2006"],
                         "rating": ["Green"], "actual": [38.0], "unit": ["days"], "target_low": [35.0],
                         "target_high": [35.0], "target": ["35"], "short_term": ["Improving"], "long_term": [""]})
    page = priority(card=card, histories=history().assign(indicator_id=1))
    (image,) = find_all(page, lambda c: isinstance(c, html.Img) and "sparkline" in (c.className or ""))
    assert image.alt == ("Trend: From 40 days in Apr 2006 to 38 days in Jun 2006; "
                         "3 figures rated 1 Red, 1 Amber, 1 Green. Target 35 days throughout.")
    assert image.src.startswith("data:image/svg+xml;base64,")


def test_an_empty_history_draws_an_empty_chart():
    empty = history(ratings=())
    assert trend_figure(empty, unit="", polarity="higher", frequency="annual", tolerance=5,
                        tolerance_is_percent=True).data == ()
    assert trend_summary(empty.assign(actual=[]), "") == "No figures reported in this time."


def test_every_chart_on_a_page_has_a_text_summary():
    page = indicator(history=history().assign(note=None, short_term="", long_term="", target="35",
                                              status="validated"),
                     latest=None)
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
    page = indicator(meta={"title": evil, "code": evil, "unit": "", "polarity": "none", "frequency": "annual",
                           "tolerance": 5, "tolerance_is_percent": True, "definition": evil}, latest=None)
    rendered = json.dumps(page, cls=PlotlyJSONEncoder)
    assert evil in component_text(page)
    assert "dangerouslySetInnerHTML" not in rendered


def test_a_large_basket_draws_the_most_pressing_first():
    from layouts.priority import SMALL_MULTIPLES

    ratings = ["Green", "Red", "Amber", "No target"] * 10
    card = pd.DataFrame({"code": [f"X{i:02d}" for i in range(40)], "rating": ratings,
                         "short_term": ["Worsening" if i % 8 == 2 else "" for i in range(40)], "long_term": ""})
    drawn = most_pressing(card)
    assert len(drawn) == SMALL_MULTIPLES
    assert list(drawn["rating"][:10]) == ["Red"] * 10
    assert list(drawn["code"][10:15]) == ["X02", "X10", "X18", "X26", "X34"]  # Amber and worsening first


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


def actions(**columns) -> pd.DataFrame:
    """Actions as store.actions gives them: one row per value in `progress`."""
    count = len(columns.get("progress", [50.0]))
    base = {"ref": [f"REM-{i}" for i in range(count)], "title": [f"Plan {i}" for i in range(count)],
            "kind": "remedial", "owner": "Head of Benefits", "due": [date(2009, 3, 31)] * count,
            "progress": [50.0] * count, "status": "Behind",
            "status_text": "Behind: 50% complete with 75% of the time gone.",
            "note": "Backlog team recruited", "reported_on": [date(2008, 11, 30)] * count,
            "indicators": "BV78a; NI 171", "indicator_links": [[("BV78a", "bv78a"), ("NI 171", "ni-171")]] * count}
    return pd.DataFrame(base | columns)


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
    ({"note": None, "reported_on": [None]}, ["No progress reported yet."], ["Latest note"]),
    ({"status": "Complete", "status_text": "Complete: finished."}, ["Finished."], ["Complete: finished"]),
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


@pytest.mark.parametrize(("columns", "slugs_given", "links", "text"), [
    ({}, True, [("BV78a", "/indicators/bv78a?as_at=2008-12"), ("NI 171", "/indicators/ni-171?as_at=2008-12")],
     "BV78a ; NI 171"),
    ({"indicator_links": [[]], "indicators": ""}, True, [], "–"),
    ({}, False, [], "BV78a; NI 171"),  # a store that gives no slugs: the codes as text
])
def test_an_actions_indicators_link_to_their_pages(columns, slugs_given, links, text):
    frame = actions(**columns)
    drawn = actions_table(frame if slugs_given else frame.drop(columns="indicator_links"), "Actions", as_at="2008-12")
    (row,) = find_all(drawn, lambda c: isinstance(c, html.Tr) and isinstance(c.children[0], html.Td))
    cell = row.children[-1]
    assert [(link.children, link.href) for link in find_all(cell, lambda c: isinstance(c, dcc.Link))] == links
    assert words(cell) == text


# late returns ----------------------------------------------------------------------------------------------

NOT_LATE = {"late_by": 0, "last_period": "", "last_actual": None, "last_rating": "", "last_rating_text": "",
            "late_text": ""}


def scorecard(*rows: dict) -> pd.DataFrame:
    """A scorecard as store.scorecard gives it, from each row's differences to an on-target monthly one."""
    base = {"indicator_id": 1, "code": "X1", "slug": "x1", "title": "Indicator", "unit": "days", "frequency": "monthly",
            "period": "Dec 2008", "actual": 30.0, "target_low": 33.0, "target_high": 33.0, "target": "33",
            "rating": "Green", "short_term": "", "long_term": "", "previous_rating": "Green", "improvement": None,
            **NOT_LATE}
    return pd.DataFrame([base | {"indicator_id": i + 1, "code": f"X{i + 1}", "slug": f"x{i + 1}",
                                 "title": f"Indicator {i + 1}"} | row for i, row in enumerate(rows)])


LATE_RED = {"rating": "No data", "actual": None, "late_by": 1, "last_period": "Nov 2008", "last_actual": 41.0,
            "last_rating": "Red", "late_text": "Return for Dec 2008 is 1 month late; latest figure Nov 2008"}


def test_a_late_return_sorts_with_its_last_known_rating():
    card = scorecard({"rating": "Amber"}, {"rating": "No data", "actual": None}, LATE_RED, {"rating": "Red"},
                     {"rating": "Green"})
    assert list(most_pressing(card)["code"]) == ["X3", "X4", "X1", "X2", "X5"]  # the late Red with the Reds
    before_the_store_says = card.drop(columns=list(NOT_LATE))
    assert list(most_pressing(before_the_store_says)["code"]) == ["X4", "X1", "X2", "X3", "X5"]


@pytest.mark.parametrize(("row", "shown", "not_shown"), [
    (LATE_RED, ["No data for Dec 2008: no figure yet", "Last known: ■ Red 41 days (Nov 2008) — return 1 month late"],
     ["against a target"]),
    (LATE_RED | {"frequency": "quarterly", "late_by": 2, "last_period": "Q1 2008/09"},
     ["Last known: ■ Red 41 days (Q1 2008/09) — return 2 quarters late"], []),
    ({"rating": "No data", "actual": None}, ["No data – against a target of 33 days"], ["Last known"]),
    ({}, ["● Green 30 days against a target of 33 days"], ["Last known", "late"]),
])
def test_a_late_returns_card_shows_no_data_and_the_last_figure_known(row, shown, not_shown):
    page = priority(card=scorecard(row), histories=history().assign(indicator_id=1))
    (card,) = find_all(page, lambda c: isinstance(c, html.Article))
    text = words(card)
    for phrase in shown:
        assert phrase in text
    for phrase in not_shown:
        assert phrase not in text
    assert ("card--late" in card.className) == bool(row.get("late_by"))


def test_the_basket_table_says_a_late_returns_last_known_rating():
    from layouts.priority import basket_table

    (markdown,) = find_all(basket_table(scorecard(LATE_RED, {}), None), lambda c: isinstance(c, dcc.Markdown))
    assert markdown_text("○ No data; last known ■ Red 41 days (Nov 2008), return 1 month late") in markdown.children


def exceptions(*rows: dict) -> pd.DataFrame:
    """An exception list as store.exceptions gives it."""
    base = {"reasons": "red", "periods_missed": 1, "remedial_actions": "REM-1", "unmanaged": False}
    return scorecard(*({"rating": "Red"} | base | row for row in rows))


def attention(page) -> html.Section:
    (section,) = find_all(page, lambda c: isinstance(c, html.Section)
                          and getattr(c, "aria-labelledby", None) == "attention-heading")
    return section


def test_a_late_return_stays_on_the_attention_list_with_its_last_known_rating():
    late = LATE_RED | {"reasons": "late return (latest figure Nov 2008); red; missed two periods running",
                       "periods_missed": 2}
    listed = exceptions({"rating": "Amber", "reasons": "amber and worsening", "short_term": "Worsening"}, late,
                        {"periods_missed": 3})
    page = overview(card=scorecard({}), exceptions=listed)
    items = find_all(attention(page), lambda c: isinstance(c, html.Li))
    assert [words(item.children[0]) for item in items] == ["Indicator 3", "Indicator 2", "Indicator 1"]
    late_item = items[1]
    (badge,) = find_all(late_item, lambda c: "rating--" in (getattr(c, "className", None) or ""))
    assert words(badge) == "■ Red"  # its last known rating, not "No data"
    assert words(late_item) == ("Indicator 2 ■ Red late return Return for Dec 2008 is 1 month late; "
                                         "latest figure Nov 2008: Red. At Nov 2008: red; missed two periods "
                                         "running. Remedial action: REM-1.")


@pytest.mark.parametrize(("count", "listed", "folded"), [(17, 10, 7), (10, 10, 0), (3, 3, 0)])
def test_every_under_performer_is_reachable_from_the_overview(count, listed, folded):
    found = exceptions(*({} for _ in range(count)))
    section = attention(overview(card=scorecard({}), exceptions=found))
    (shown,) = find_all(section, lambda c: isinstance(c, html.Ol))
    assert len(shown.children) == listed
    disclosures = find_all(section, lambda c: isinstance(c, html.Details))
    rest = attention_rest(found, "2008-12")  # drawn when the disclosure is opened
    assert len(rest.children) == folded
    titles = {words(item.children[0]) for item in [*shown.children, *rest.children]}
    assert titles == {f"Indicator {i + 1}" for i in range(count)}
    if folded:
        (details,) = disclosures
        assert words(details.children[0]) == f"Show all {count} under-performing indicators"
        assert rest.start == listed + 1  # numbered on from the ten shown
    else:
        assert not disclosures


@pytest.mark.parametrize(("rows", "figure"), [
    ([LATE_RED, LATE_RED, {}], "2 returns late figures due by this period not yet reported; 2 last known Red"),
    ([LATE_RED | {"last_rating": "Amber"}, {}], "1 return late figures due by this period not yet reported"),
    ([{}, {"rating": "No data", "actual": None}], "0 returns late figures due by this period not yet reported"),
])
def test_the_headlines_count_late_returns(rows, figure):
    page = overview(card=scorecard(*rows))
    figures = [words(c) for c in find_all(page, lambda c: getattr(c, "className", None) == "key-figure")]
    assert figure in figures


def test_no_late_figure_is_made_up_before_the_store_says():
    page = overview(card=scorecard({}).drop(columns=list(NOT_LATE)))
    (figures,) = find_all(page, lambda c: getattr(c, "className", None) == "key-figures")
    assert len(find_all(figures, lambda c: getattr(c, "className", None) == "key-figure")) == 4
    assert "late" not in words(figures)


def rollups(late: int) -> pd.DataFrame:
    return pd.DataFrame([{"name": "Efficient council", "slug": "efficient-council", "indicators": 3, "Green": 1,
                          "Amber": 0, "Red": 1, "No target": 0, "Data only": 0, "No data": 1,
                          "on_target_share": 0.5, "comparable": 0, "improving_share": None, "late": late}])


@pytest.mark.parametrize(("late", "shown"), [(1, "Late returns 1"), (0, None)])
def test_a_priority_card_counts_its_late_returns(late, shown):
    page = overview(rollups=rollups(late), card=scorecard({}))
    (facts,) = find_all(page, lambda c: isinstance(c, html.Dl))
    rows = [words(row) for row in facts.children if row is not None]
    assert (shown in rows) if shown else not any("Late" in row for row in rows)
