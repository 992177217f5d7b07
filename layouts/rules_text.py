"""The published rating rule in plain English, shown wherever ratings are (audit finding R1)."""

from __future__ import annotations

from dash import html

from layouts.components import rating_badge

POLARITY_TEXT = {
    "higher": "Higher is better",
    "lower": "Lower is better",
    "band": "Good inside a range (too low is a warning too)",
    "none": "Data only: monitored without a target",
}


def rules_explained() -> html.Details:
    """How a rating and a direction of travel are worked out."""
    return html.Details([
        html.Summary("How ratings work"),
        html.Ul([
            html.Li([rating_badge("Green", small=True), " on or better than target."]),
            html.Li([rating_badge("Amber", small=True), " worse than target by no more than the indicator's "
                     "tolerance (5% of target unless set otherwise)."]),
            html.Li([rating_badge("Red", small=True), " worse than target by more than the tolerance."]),
            html.Li([rating_badge("No target", small=True), " a figure was reported but no target set: a gap "
                     "to close."]),
            html.Li([rating_badge("Data only", small=True), " monitored without a target."]),
            html.Li([rating_badge("No data", small=True), " no figure reported for the period. If there is an "
                     "earlier figure, the return is late: its last known rating is shown too, with how late it is."]),
        ], className="rules-list"),
        html.P("Direction of travel: improving or worsening when the figure moves the good or the bad way by "
               "more than 1% of the earlier figure, otherwise no change. Short term compares with the previous "
               "period; long term with the same period a year earlier."),
    ], className="rules")
