"""Plotly figures, built with graph_objects on a lean template of our own (small JSON, fast to build)."""

from __future__ import annotations

import math
from datetime import date

import pandas as pd
import plotly.graph_objects as go

from layouts import theme

TEMPLATE = go.layout.Template(layout=go.Layout(
    font={"family": theme.FONT, "size": 14, "color": theme.INK},
    paper_bgcolor="white", plot_bgcolor="white",
    margin={"l": 56, "r": 16, "t": 16, "b": 40},
    xaxis={"showgrid": False, "linecolor": theme.MUTED, "ticks": "outside", "tickcolor": theme.MUTED},
    yaxis={"gridcolor": theme.GRID, "zeroline": False, "linecolor": theme.MUTED},
    hoverlabel={"font": {"family": theme.FONT}},
    legend={"orientation": "h", "yanchor": "top", "y": -0.12, "xanchor": "left", "x": 0},
))

GRAPH_CONFIG = {"displayModeBar": False, "responsive": True}


def _clean(values) -> list:
    return [None if v is None or (isinstance(v, float) and math.isnan(v)) else round(float(v), 6) for v in values]


def _dates(starts) -> list[str]:
    return [d.isoformat() if isinstance(d, date) else str(d) for d in starts]


def _tolerance(target: float | None, amount: float, percent: bool) -> float | None:
    if target is None:
        return None
    return abs(target) * amount / 100 if percent else amount


def _shift_year(day: date) -> str:
    return date(day.year + 1, day.month, day.day).isoformat()


def _scatter(**trace) -> dict:
    return {"type": "scatter", **trace}


def trend_figure(history: pd.DataFrame, *, unit: str, polarity: str, frequency: str, tolerance: float,
                 tolerance_is_percent: bool) -> go.Figure:
    """Actual against (profiled) target, the tolerance zone, the same period last year, and each point's
    rating by shape and colour."""
    layout = {"template": TEMPLATE, "height": 380, "yaxis": {"title": {"text": unit}}, "hovermode": "closest"}
    if history.empty:
        return go.Figure(layout=layout)
    traces = []
    x = _dates(history["period_start"])
    low, high = _clean(history["target_low"]), _clean(history["target_high"])
    target_line = {"width": 2, "dash": "dash", "color": theme.TARGET, "shape": "hv"}
    hidden = {"width": 0, "shape": "hv"}
    if polarity == "band":
        outer_low = [None if v is None else v - _tolerance(v, tolerance, tolerance_is_percent) for v in low]
        outer_high = [None if v is None else v + _tolerance(v, tolerance, tolerance_is_percent) for v in high]
        traces += [
            _scatter(x=x, y=outer_low, mode="lines", line=hidden, hoverinfo="skip", showlegend=False),
            _scatter(x=x, y=outer_high, mode="lines", line=hidden, fill="tonexty", fillcolor=theme.TOLERANCE_FILL,
                     name="Within tolerance (Amber)", hoverinfo="skip"),
            _scatter(x=x, y=low, mode="lines", line=target_line, hoverinfo="skip", showlegend=False),
            _scatter(x=x, y=high, mode="lines", line=target_line, fill="tonexty", fillcolor=theme.BAND_FILL,
                     name="Target range", hoverinfo="skip"),
        ]
    elif polarity in ("higher", "lower"):
        sign = -1 if polarity == "higher" else 1
        edge = [None if v is None else v + sign * _tolerance(v, tolerance, tolerance_is_percent) for v in low]
        traces += [
            _scatter(x=x, y=edge, mode="lines", line=hidden, hoverinfo="skip", showlegend=False),
            _scatter(x=x, y=low, mode="lines", line=target_line, fill="tonexty", fillcolor=theme.TOLERANCE_FILL,
                     name="Target (shaded: within tolerance)", hovertemplate="Target %{y}<extra></extra>"),
        ]
    if frequency != "annual":
        traces.append(_scatter(x=[_shift_year(d) for d in history["period_start"]], y=_clean(history["actual"]),
                               mode="lines", line={"width": 1.5, "dash": "dot", "color": theme.LAST_YEAR},
                               name="Same period last year", hovertemplate="A year earlier: %{y}<extra></extra>"))
    looks = [theme.RATINGS.get(r, theme.RATINGS["No data"]) for r in history["rating"]]
    traces.append(_scatter(
        x=x, y=_clean(history["actual"]), mode="lines+markers", name="Actual",
        line={"width": 2.5, "color": theme.INK},
        marker={"size": 10, "symbol": [look.marker for look in looks], "color": [look.colour for look in looks],
                "line": {"width": 1, "color": "white"}},
        text=[f"{p}: {r}" for p, r in zip(history["period"], history["rating"], strict=True)],
        hovertemplate="%{text}<br>%{y}<extra></extra>"))
    for rating in dict.fromkeys(history["rating"]):  # a legend entry for each shape shown
        look = theme.RATINGS[rating]
        traces.append(_scatter(x=[None], y=[None], mode="markers", name=rating, legendgroup="ratings",
                               marker={"size": 10, "symbol": look.marker, "color": look.colour}))
    # show the x range the values cover, not the shifted last-year line beyond it
    layout["xaxis"] = {"range": [x[0], x[-1]]} if len(x) > 1 else {}
    # the traces are built from checked data: plotly's per-property validation would cost more than the rest
    return go.Figure(data=traces, layout=layout, _validate=False)
