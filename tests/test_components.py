"""The shell, the trend chart, its legend, the small pictures' words and the indicator page, called directly:
no browser (tests/test_browser.py drives them in Chromium)."""

from __future__ import annotations

import json

import pytest
from dash import dcc, html
from helpers import component_text, find_all, make_facts, make_figure, make_late
from plotly.utils import PlotlyJSONEncoder

from callbacks.indicator import indicator_view
from data.answers import Figure, IndicatorDetails, IndicatorPage, LateReturn
from data.periods import Frequency, Period, parse_period
from data.rules import Polarity
from layouts import ids
from layouts.components import target_summary
from layouts.figures import chart_legend, plain, trend_figure, x_axis
from layouts.ids import STATUS
from layouts.indicator import indicator, late_sentence
from layouts.shell import shell
from layouts.sparklines import sparkline_alt


def history(frequency: str = "monthly", count: int = 3, first: int = 0, targets=(33.0,), ratings=("Red",),
            unit_actual: float = 41.0) -> tuple[Figure, ...]:
    """`count` periods of `frequency` from April 2006 (+ `first` periods), targets and ratings cycled (a target
    of None: none set)."""
    own = Frequency(frequency)
    periods = [Period(2006 * 12 + (first + i) * own.months, own) for i in range(count)]
    return tuple(make_figure(period, unit_actual - i, targets[i % len(targets)], ratings[i % len(ratings)],
                             rating_text="Red: 39 days against a target of 33 days or fewer.")
                 for i, period in enumerate(periods))


def figure_of(figures: tuple[Figure, ...], unit: str = "days", polarity: str = "lower", frequency: str = "monthly"):
    return trend_figure(figures, make_facts(unit=unit, polarity=Polarity(polarity), frequency=Frequency(frequency)))


def strings(value) -> list[str]:
    """Every string in a figure's JSON."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


# the time axis ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("frequency", "count", "first", "ticks", "padded"), [
    # few monthly points: every month, not plotly's fortnightly ticks
    ("monthly", 3, 0, ["Apr<br>2006", "May<br>2006", "Jun<br>2006"], ["2006-03-17", "2006-06-16"]),
    ("monthly", 12, 0, ["Apr<br>2006", "Jul<br>2006", "Oct<br>2006", "Jan<br>2007"], ["2006-03-17", "2007-03-16"]),
    # three years: every six months, from an April or October
    ("monthly", 36, 2, ["Oct<br>2006", "Apr<br>2007", "Oct<br>2007", "Apr<br>2008", "Oct<br>2008", "Apr<br>2009"],
     ["2006-05-17", "2009-05-16"]),
    ("monthly", 120, 0, ["Apr<br>2006", "Apr<br>2008", "Apr<br>2010", "Apr<br>2012", "Apr<br>2014"],
     ["2006-03-17", "2016-03-16"]),
    ("quarterly", 4, 0, ["Q1<br>2006/07", "Q2<br>2006/07", "Q3<br>2006/07", "Q4<br>2006/07"],
     ["2006-02-14", "2007-02-16"]),
    ("quarterly", 12, 0, ["Q1<br>2006/07", "Q3<br>2006/07", "Q1<br>2007/08", "Q3<br>2007/08", "Q1<br>2008/09",
                          "Q3<br>2008/09"], ["2006-02-14", "2009-02-16"]),
    ("annual", 3, 0, ["2006/07", "2007/08", "2008/09"], ["2005-09-30", "2008-10-01"]),
    ("annual", 1, 0, ["2006/07"], ["2005-09-30", "2006-10-01"]),
])
def test_the_time_axis_ticks_the_indicators_own_periods_and_pads_half_a_period(frequency, count, first, ticks,
                                                                               padded):
    figures = history(frequency, count, first)
    axis = figure_of(figures, frequency=frequency).layout.xaxis
    assert list(axis.ticktext) == ticks
    assert len(axis.tickvals) == len(ticks) and axis.tickmode == "array"
    assert [str(day)[:10] for day in axis.range] == padded
    assert str(axis.range[0]) < figures[0].period.start.isoformat()  # the first marker is drawn whole
    assert str(axis.range[1]) > figures[-1].period.start.isoformat()


def test_an_empty_history_has_no_time_axis_to_set():
    assert x_axis([], Frequency.MONTHLY) == {}


# hover and text ----------------------------------------------------------------------------------------------

def test_the_hover_says_the_unit():
    figure = figure_of(history(count=2, ratings=("Red", "Amber")))
    by_name = {trace.name: trace for trace in figure.data}
    assert list(by_name["Actual"].text) == ["Apr 2006: Red<br>41 days", "May 2006: Amber<br>40 days"]
    assert list(by_name["Target (shaded: within tolerance)"].text) == [  # the last held to the axis' end
        "Apr 2006: target 33 days", "May 2006: target 33 days", "May 2006: target 33 days"]
    assert by_name["Same period last year"].text[0] == "A year earlier, Apr 2006: 41 days"
    band = figure_of(history(count=1, targets=((10.0, 15.0),)), unit="%", polarity="band")
    assert next(t for t in band.data if t.name == "Target range").text == ("Apr 2006: target range 10% to 15%",) * 2


@pytest.mark.parametrize("unit", ["<b>x</b>", '<a href="https://elsewhere.example/">per 10,000</a>',
                                  "<br>rate &amp; <i>count</i>", "1 < 2 > 0 & so on"])
@pytest.mark.parametrize("polarity", ["lower", "band", "none"])
def test_text_in_a_figure_is_plain_text(unit, polarity):
    figures = history(count=2, targets=((10.0, 15.0),) if polarity == "band" else (33.0,))
    figure = figure_of(figures, unit=unit, polarity=polarity).to_plotly_json()
    assert figure["layout"]["yaxis"]["title"]["text"] == plain(unit)
    for text in strings(json.loads(json.dumps(figure, cls=PlotlyJSONEncoder))):
        markup = text.replace("<br>", "").replace("<extra></extra>", "")
        assert "<" not in markup and ">" not in markup, text  # only the line breaks we write ourselves
    actual = next(t for t in figure["data"] if t.get("name") == "Actual")
    assert actual["text"][0] == f"Apr 2006: Red<br>41 {plain(unit)}"


@pytest.mark.parametrize(("text", "shown"), [("<b>x</b>", "&lt;b&gt;x&lt;/b&gt;"), ("R&D", "R&amp;D"),
                                             ("&lt;", "&amp;lt;"), ('"quoted"', '"quoted"')])
def test_plain_writes_markup_as_entities(text, shown):
    assert plain(text) == shown


# the legend --------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("polarity", "frequency", "entries"), [
    ("lower", "monthly", ["Target (shaded: within tolerance)", "Same period last year", "Actual"]),
    ("band", "quarterly", ["Within tolerance (Amber)", "Target range", "Same period last year", "Actual"]),
    ("none", "annual", ["Actual"]),
])
def test_the_legend_is_a_button_per_series_naming_every_trace_it_hides(polarity, frequency, entries):
    figure = figure_of(history(frequency, targets=((10.0, 15.0),) if polarity == "band" else (33.0,),
                               ratings=("Red", "Green")), polarity=polarity, frequency=frequency)
    assert figure.layout.showlegend is False or figure.layout.template.layout.showlegend is False
    legend = chart_legend(figure)
    buttons = find_all(legend, lambda c: isinstance(c, html.Button))
    assert [component_text(b) for b in buttons] == entries
    for button in buttons:
        props = button.to_plotly_json()["props"]
        assert props["type"] == "button" and props["aria-pressed"] == "true"
        traces = [figure.data[int(i)] for i in props["data-traces"].split(",")]
        assert {t.legendgroup for t in traces} == {traces[0].legendgroup}  # one series' traces only
        assert component_text(button) in {t.name for t in traces}
    hidden = {int(i) for b in buttons for i in b.to_plotly_json()["props"]["data-traces"].split(",")}
    drawn = {i for i, t in enumerate(figure.data) if t.legendgroup != "ratings"}
    assert hidden == drawn  # every series can be hidden, and only by its own button
    assert "Red" in component_text(legend) and "Green" in component_text(legend)  # the shapes' key


def test_an_empty_chart_has_no_legend():
    assert chart_legend(figure_of(history(count=0))) is None


# the small pictures' words -------------------------------------------------------------------------------------

@pytest.mark.parametrize(("targets", "unit", "words"), [
    ((33.0,), "days", "target 33 days throughout"),
    ((35.0, 35.0, 33.0), "days", "target moved from 35 days to 33 days"),
    (((10.0, 15.0),), "%", "target range 10% to 15% throughout"),
    (((10.0, 15.0), (10.0, 15.0), (12.0, 16.0)), "%", "target range moved from 10% to 15% to 12% to 16%"),
    ((None,), "", "no target set"),
    ((33.0, None, 33.0), "days", "target 33 days throughout where set"),
])
def test_a_target_line_in_words(targets, unit, words):
    assert target_summary(history(targets=targets), unit) == words


def test_a_small_pictures_alt_text_says_the_trend_and_the_target():
    assert sparkline_alt(history(targets=(35.0, 35.0, 33.0), ratings=("Red", "Amber", "Green")), "days") == (
        "Trend: From 41 days in Apr 2006 to 39 days in Jun 2006; 3 figures rated 1 Red, 1 Amber, 1 Green. "
        "Target moved from 35 days to 33 days.")
    assert sparkline_alt(history(count=0), "days") == "Trend: No figures reported in this time. No target set."


# the indicator page and the shell ------------------------------------------------------------------------------

def page(figures: tuple[Figure, ...] = (), late: LateReturn | None = None, **facts) -> IndicatorPage:
    """An indicator's page at Dec 2008 as the store answers it."""
    details = IndicatorDetails(make_facts(**facts), None, None, (), ())
    return IndicatorPage(parse_period("Dec 2008", Frequency.MONTHLY), details, figures, late, ())


def test_the_chart_is_named_by_its_caption_and_hidden_from_assistive_technology():
    drawn = indicator(page(history()))
    (figure,) = find_all(drawn, lambda c: isinstance(c, html.Figure))
    (caption,) = find_all(figure, lambda c: isinstance(c, html.Figcaption))
    assert figure.to_plotly_json()["props"]["aria-labelledby"] == caption.id
    (graph,) = find_all(figure, lambda c: isinstance(c, dcc.Graph))
    wrapper = next(c for c in figure.children if graph in find_all(c, lambda x: isinstance(x, dcc.Graph)))
    assert wrapper is not graph and wrapper.to_plotly_json()["props"]["aria-hidden"] == "true"
    assert find_all(figure, lambda c: isinstance(c, html.Button))  # the legend, outside the hidden part


@pytest.mark.parametrize(("periods", "last", "frequency", "sentence"), [
    (1, "Nov 2008", "monthly", "The return for Dec 2008 is 1 month late: the latest figure is for Nov 2008."),
    (2, "Q1 2008/09", "quarterly",
     "The return for Q3 2008/09 is 2 quarters late: the latest figure is for Q1 2008/09."),
    (1, "2007/08", "annual", "The return for 2008/09 is 1 year late: the latest figure is for 2007/08."),
])
def test_how_late_a_return_is_in_words(periods, last, frequency, sentence):
    latest = make_figure(last, 41.0, 33.0, frequency=Frequency(frequency))
    assert late_sentence(make_late(latest, periods)) == sentence


@pytest.mark.parametrize("late", [True, False])
def test_a_late_return_is_said_beside_the_last_known_figure(late):
    figures = history()
    drawn = indicator(page(figures, make_late(figures[-1], 3) if late else None, title="Speed", code="BV78a"))
    (section,) = find_all(drawn, lambda c: isinstance(c, html.Section) and "latest" in (c.className or ""))
    text = component_text(section)
    assert ("The return for Sep 2006 is 3 months late: the latest figure is for Jun 2006." in text) is late
    assert "Latest: Jun 2006" in text and "Red" in text and "39 days" in text  # the last known figure, rated


def test_a_late_return_at_the_demo_council_is_shown_on_its_page(demo_sqlite):
    title, page = indicator_view(demo_sqlite, "bv12", parse_period("2008-12", "monthly"), "2008-12")
    assert title.endswith(" as at Dec 2008")
    assert "The return for Dec 2008 is 1 month late: the latest figure is for Nov 2008." in component_text(page)
    assert "Latest: Nov 2008" in component_text(page)


def test_an_indicator_pages_title_carries_the_month(demo_sqlite):
    title, _ = indicator_view(demo_sqlite, "bv78a", parse_period("2008-12", "monthly"), "2008-12")
    assert title.startswith("BV78a: ") and title.endswith(" as at Dec 2008")


def test_the_shell_has_a_polite_status_region_and_a_menu_button_for_narrow_screens():
    layout = shell()
    (status,) = find_all(layout, lambda c: getattr(c, "id", None) == STATUS)
    props = status.to_plotly_json()["props"]
    assert (props["role"], props["aria-live"], props["aria-atomic"]) == ("status", "polite", "true")
    main = next(c for c in layout.children if getattr(c, "id", None) == ids.MAIN)
    assert status not in find_all(main, lambda c: True)  # outside the part that is redrawn
    (menu,) = find_all(layout, lambda c: isinstance(c, html.Button) and component_text(c) == "Menu")
    props = menu.to_plotly_json()["props"]
    assert (props["type"], props["aria-expanded"], props["aria-controls"]) == ("button", "false", ids.NAV)
