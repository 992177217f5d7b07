"""Plotly figures, built with graph_objects on a lean template of our own (small JSON, fast to build)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from html import escape

import plotly.graph_objects as go
from dash import html

from data.answers import Figure, IndicatorFacts, ProcessView
from data.periods import Frequency, Period
from data.rules import Polarity, Rating
from layouts import look
from layouts.components import figure_text, rating_badge, target_edges

TEMPLATE = go.layout.Template(layout=go.Layout(
    font={"family": look.FONT, "size": 14, "color": look.INK},
    paper_bgcolor="white", plot_bgcolor="white",
    margin={"l": 56, "r": 16, "t": 16, "b": 40},
    xaxis={"showgrid": False, "linecolor": look.MUTED, "ticks": "outside", "tickcolor": look.MUTED},
    yaxis={"gridcolor": look.GRID, "zeroline": False, "linecolor": look.MUTED},
    hoverlabel={"font": {"family": look.FONT}},
    showlegend=False,  # the legend is HTML under the chart (chart_legend): keyboard buttons, text that reflows
))

GRAPH_CONFIG = {"displayModeBar": False, "responsive": True}


def _rounded(values: Sequence[float | None]) -> list[float | None]:
    return [None if v is None else round(float(v), 6) for v in values]


def plain(text: object) -> str:
    """Text for a figure, shown as written: plotly reads a small HTML subset (<b>, <a href>, <br>, entities) in
    every label, so '<', '>' and '&' are written as entities, which it shows as the characters."""
    return escape(str(text), quote=False)


def _shift_year(day: date) -> str:
    return date(day.year + 1, day.month, day.day).isoformat()


def _scatter(**trace) -> dict:
    return {"type": "scatter", **trace}


MAX_TICKS = 6  # labels of two short lines, six of which fit a phone's chart
# tick spacing in months for each frequency, the finest first; every spacing divides a financial year or is
# whole years, so ticks fall on the same periods (April, or Q1) every year
TICK_STEPS = {Frequency.MONTHLY: (1, 3, 6, 12, 24, 60), Frequency.QUARTERLY: (3, 6, 12, 24, 60),
              Frequency.ANNUAL: (12, 24, 60, 120)}


def _half(own: Frequency) -> timedelta:
    """Half of one of the indicator's periods: the padding at each end of the time axis."""
    return timedelta(days=round(own.months * 365.25 / 24))


def x_axis(starts: list[date], own: Frequency) -> dict:
    """The time axis: ticks on the indicator's own periods, labelled as the council writes them ("Dec 2008",
    "Q3 2008/09", "2008/09"; on two lines, to fit a narrow screen), at most MAX_TICKS of them; the range padded
    by half a period each side so that the first and last markers are drawn whole."""
    if not starts:
        return {}
    first, last = Period.containing(own, min(starts)), Period.containing(own, max(starts))
    span = last.ordinal - first.ordinal
    step = next((s for s in TICK_STEPS[own] if span // s + 1 <= MAX_TICKS), TICK_STEPS[own][-1])
    ticks = [Period(ordinal, own) for ordinal in range(first.ordinal, last.ordinal + 1, own.months)
             if ordinal % step == 0] or [first]
    half = _half(own)
    return {"tickmode": "array", "tickvals": [t.start.isoformat() for t in ticks],
            "ticktext": [t.label.replace(" ", "<br>") for t in ticks], "automargin": True,
            "range": [(first.start - half).isoformat(), (last.start + half).isoformat()]}


def _band_traces(x: list[str], periods: list[str], low: list, high: list, facts: IndicatorFacts) -> list[dict]:
    """A band indicator's target range, shaded, inside its tolerance zone."""
    tolerance, unit = facts.tolerance, facts.unit
    outer_low = [None if v is None else v - tolerance.of(v) for v in low]
    outer_high = [None if v is None else v + tolerance.of(v) for v in high]
    ranges = [f"{p}: target range {plain(figure_text(a, unit))} to {plain(figure_text(b, unit))}"
              for p, a, b in zip(periods, low, high, strict=True)]
    return [
        _scatter(x=x, y=outer_low, mode="lines", line=_HIDDEN, hoverinfo="skip", legendgroup="tolerance"),
        _scatter(x=x, y=outer_high, mode="lines", line=_HIDDEN, fill="tonexty", fillcolor=look.TOLERANCE_FILL,
                 name="Within tolerance (Amber)", hoverinfo="skip", legendgroup="tolerance"),
        _scatter(x=x, y=low, mode="lines", line=_TARGET_LINE, hoverinfo="skip", legendgroup="range"),
        _scatter(x=x, y=high, mode="lines", line=_TARGET_LINE, fill="tonexty", fillcolor=look.BAND_FILL,
                 name="Target range", text=ranges, hovertemplate="%{text}<extra></extra>", legendgroup="range"),
    ]


def _target_traces(x: list[str], periods: list[str], low: list, facts: IndicatorFacts) -> list[dict]:
    """A one-way indicator's target, with its tolerance zone shaded on the worse side."""
    sign = -1 if facts.polarity is Polarity.HIGHER else 1
    edge = [None if v is None else v + sign * facts.tolerance.of(v) for v in low]
    return [
        _scatter(x=x, y=edge, mode="lines", line=_HIDDEN, hoverinfo="skip", legendgroup="target"),
        _scatter(x=x, y=low, mode="lines", line=_TARGET_LINE, fill="tonexty", fillcolor=look.TOLERANCE_FILL,
                 name="Target (shaded: within tolerance)", legendgroup="target",
                 text=[f"{p}: target {plain(figure_text(v, facts.unit))}" for p, v in zip(periods, low, strict=True)],
                 hovertemplate="%{text}<extra></extra>"),
    ]


def _last_year_trace(history: Sequence[Figure], periods: list[str], unit: str) -> dict:
    """The actual a year on: read against the actual, the same period last year."""
    actual = _rounded([figure.actual for figure in history])
    return _scatter(
        x=[_shift_year(figure.period.start) for figure in history], y=actual, mode="lines",
        line={"width": 1.5, "dash": "dot", "color": look.LAST_YEAR}, name="Same period last year",
        legendgroup="last-year",
        text=[f"A year earlier, {p}: {plain(figure_text(v, unit))}" for p, v in zip(periods, actual, strict=True)],
        hovertemplate="%{text}<extra></extra>")


def _actual_traces(x: list[str], periods: list[str], history: Sequence[Figure], unit: str) -> list[dict]:
    """The actual, each point marked by its rating's shape and colour; then the ratings' key."""
    actual = _rounded([figure.actual for figure in history])
    ratings = [figure.rating for figure in history]
    looks = [look.RATINGS[rating] for rating in ratings]
    traces = [_scatter(
        x=x, y=actual, mode="lines+markers", name="Actual", legendgroup="actual",
        line={"width": 2.5, "color": look.INK},
        marker={"size": 10, "symbol": [seen.marker for seen in looks], "color": [seen.colour for seen in looks],
                "line": {"width": 1, "color": "white"}},
        text=[f"{p}: {plain(r)}<br>{plain(figure_text(v, unit))}"
              for p, r, v in zip(periods, ratings, actual, strict=True)],
        hovertemplate="%{text}<extra></extra>")]
    for rating in dict.fromkeys(ratings):  # each shape shown, named: the legend's key of ratings
        seen = look.RATINGS[rating]
        traces.append(_scatter(x=[None], y=[None], mode="markers", name=str(rating), legendgroup=RATING_KEY,
                               hoverinfo="skip", marker={"size": 10, "symbol": seen.marker, "color": seen.colour}))
    return traces


_TARGET_LINE = {"width": 2, "dash": "dash", "color": look.TARGET, "shape": "hv"}
_HIDDEN = {"width": 0, "shape": "hv"}


def trend_figure(history: Sequence[Figure], facts: IndicatorFacts) -> go.Figure:
    """Actual against (profiled) target, the tolerance zone, the same period last year, and each point's
    rating by shape and colour. Every trace of one legend entry shares a `legendgroup` (see chart_legend)."""
    layout = {"template": TEMPLATE, "height": 380, "yaxis": {"title": {"text": plain(facts.unit)}},
              "hovermode": "closest"}
    if not history:
        return go.Figure(layout=layout)
    x = [figure.period.start.isoformat() for figure in history]
    periods = [plain(figure.period.label) for figure in history]
    low, high = (_rounded(edge) for edge in target_edges(history))
    # a target holds from its period's start to the next one's (a step); the last is held to the axis' end, or
    # the latest period's target would be a dash too short to see
    held = [*x, (history[-1].period.start + _half(facts.frequency)).isoformat()]
    traces = []
    if facts.polarity is Polarity.BAND:
        traces += _band_traces(held, [*periods, periods[-1]], [*low, low[-1]], [*high, high[-1]], facts)
    elif facts.polarity in (Polarity.HIGHER, Polarity.LOWER):
        traces += _target_traces(held, [*periods, periods[-1]], [*low, low[-1]], facts)
    if facts.frequency is not Frequency.ANNUAL:
        traces.append(_last_year_trace(history, periods, facts.unit))
    traces += _actual_traces(x, periods, history, facts.unit)
    # ticks on the indicator's own periods; the x range the values cover (not the shifted last-year line
    # beyond it), padded so that no marker is cut in half
    layout["xaxis"] = x_axis([figure.period.start for figure in history], facts.frequency)
    # the traces are built from checked data: plotly's per-property validation would cost more than the rest
    return go.Figure(data=traces, layout=layout, _validate=False)


RATING_KEY = "ratings"


def _legend_groups(figure: go.Figure) -> dict[str, dict]:
    """Each legend group's name (its first named trace's) and the indices of its traces, in order."""
    groups: dict[str, dict] = {}
    for index, trace in enumerate(figure.data):
        group = trace.legendgroup
        if group:
            entry = groups.setdefault(group, {"name": None, "traces": []})
            entry["traces"].append(str(index))
            entry["name"] = entry["name"] or trace.name
    return groups


def _legend_button(group: str, entry: dict) -> html.Li:
    """A button that shows or hides one series' traces."""
    return html.Li(html.Button([html.Span(className=f"chart-legend__swatch chart-legend__swatch--{group}",
                                          **{"aria-hidden": "true"}), entry["name"]],
                               type="button", className="chart-legend__button",
                               **{"aria-pressed": "true", "data-traces": ",".join(entry["traces"])}))


def chart_legend(figure: go.Figure) -> html.Div | None:
    """The chart's legend in HTML, under it: a button per series that shows or hides it on the chart (by
    keyboard too; assets/page.js does the showing), and the ratings' shapes as a key. Plotly's own legend has
    21-pixel entries that only a pointer can toggle and that overlap when text spacing is increased."""
    groups = _legend_groups(figure)
    if not groups:
        return None
    ratings = [trace.name for trace in figure.data if trace.legendgroup == RATING_KEY]
    buttons = [_legend_button(group, entry) for group, entry in groups.items() if group != RATING_KEY]
    return html.Div([
        html.P("Show on the chart (press to hide or show):", className="chart-legend__label",
               id="chart-legend-label"),
        html.Ul(buttons, className="chart-legend__list", role="list",
                **{"aria-labelledby": "chart-legend-label"}),
        html.P(["Each figure's rating is shown by its shape: ",
                *[part for name in ratings for part in (rating_badge(Rating(name), small=True), " ")]],
               className="chart-legend__key") if ratings else None,
    ], className="chart-legend")


# --- the process-behaviour chart: an indicator's figures against its natural process limits -----------------

SIGNAL_MARKER = "circle-open"  # a figure in a signal is ringed, and each signal's last figure is labelled S1, S2…


def signal_marks(view: ProcessView) -> dict[int, list[str]]:
    """Each position in a signal, with the names of the signals it is in ("S1"), numbered as they are listed."""
    marks: dict[int, list[str]] = {}
    for number, signal in enumerate(view.chart.signals, start=1):
        for position in range(signal.first, signal.last + 1):
            if view.figures[position] is not None:
                marks.setdefault(position, []).append(f"S{number}")
    return marks


def process_figure(view: ProcessView, facts: IndicatorFacts) -> go.Figure:
    """The figures, the centre line (solid), the natural process limits (dashed), and the figures in a signal
    ringed, each signal's last figure labelled with its number (shape and text: never colour alone)."""
    layout = {"template": TEMPLATE, "height": 340, "yaxis": {"title": {"text": plain(facts.unit)}},
              "hovermode": "closest", "margin": {"t": 36}}  # room for the signals' names above the top figure
    limits = view.chart.limits
    if limits is None or not view.periods:
        return go.Figure(layout=layout)
    x = [period.start.isoformat() for period in view.periods]
    periods = [plain(period.label) for period in view.periods]
    figures = _rounded(view.figures)
    ends = [x[0], x[-1]]
    traces = [
        _scatter(x=ends, y=[round(limits.upper, 6)] * 2, mode="lines", name="Upper process limit",
                 line={"width": 1.5, "dash": "dash", "color": look.MUTED}, hoverinfo="skip"),
        _scatter(x=ends, y=[round(limits.centre, 6)] * 2, mode="lines", name="Centre line",
                 line={"width": 1.5, "color": look.MUTED}, hoverinfo="skip"),
        _scatter(x=ends, y=[round(limits.lower, 6)] * 2, mode="lines", name="Lower process limit",
                 line={"width": 1.5, "dash": "dash", "color": look.MUTED}, hoverinfo="skip"),
        _scatter(x=x, y=figures, mode="lines+markers", name="Figure", line={"width": 2, "color": look.INK},
                 marker={"size": 6, "color": look.INK}, connectgaps=True,
                 text=[f"{p}: {plain(figure_text(v, facts.unit))}" for p, v in zip(periods, figures, strict=True)],
                 hovertemplate="%{text}<extra></extra>"),
    ]
    marks = signal_marks(view)
    if marks:
        positions = sorted(marks)
        ending: dict[int, list[str]] = {}  # a signal is named at its last figure
        for number, signal in enumerate(view.chart.signals, start=1):
            ending.setdefault(signal.last, []).append(f"S{number}")
        traces.append(_scatter(
            x=[x[i] for i in positions], y=[figures[i] for i in positions], mode="markers+text", name="In a signal",
            marker={"size": 16, "symbol": SIGNAL_MARKER, "color": look.INK, "line": {"width": 2}},
            text=[", ".join(ending.get(i, [])) for i in positions], textposition="top center", cliponaxis=False,
            hovertext=[f"{periods[i]}: in {', '.join(marks[i])}" for i in positions],
            hovertemplate="%{hovertext}<extra></extra>"))
    layout["xaxis"] = x_axis([period.start for period in view.periods], facts.frequency)
    return go.Figure(data=traces, layout=layout, _validate=False)
