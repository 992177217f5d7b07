"""Layouts and figures, called directly: no database, no browser."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from base64 import b64decode

import pandas as pd
import plotly.io as pio
import pytest
from dash import dcc, html
from helpers import component_text, find_all
from plotly.utils import PlotlyJSONEncoder

from data.periods import Frequency, Period
from layouts import ids
from layouts.components import figure_text, markdown_text, rating_badge, target_text, text_table
from layouts.figures import trend_figure
from layouts.indicator import indicator
from layouts.overview import overview
from layouts.priority import priority, trend_summary
from layouts.shell import not_found, shell
from layouts.sparklines import sparkline_src, sparkline_svg
from layouts.theme import RATINGS


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


def test_a_priority_pages_small_multiple_is_a_picture_with_its_summary_as_alt_text():
    card = pd.DataFrame({"indicator_id": [1], "code": ["BV78a"], "title": ["Speed of processing"], "slug": ["bv78a"],
                         "period": ["Jun 2006"],
                         "rating": ["Green"], "actual": [38.0], "unit": ["days"], "target_low": [35.0],
                         "target_high": [35.0], "target": ["35"], "short_term": ["Improving"], "long_term": [""]})
    page = priority(card=card, histories=history().assign(indicator_id=1))
    (image,) = find_all(page, lambda c: isinstance(c, html.Img) and "sparkline" in (c.className or ""))
    assert image.alt == ("Trend: From 40 days in Apr 2006 to 38 days in Jun 2006; "
                         "3 figures rated 1 Red, 1 Amber, 1 Green.")
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
    from layouts.priority import SMALL_MULTIPLES, most_pressing

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
