"""The published rating rule in plain English, shown wherever ratings are (audit finding R1)."""

from __future__ import annotations

from dash import html

from data.rules import DEFAULT_TOLERANCE, NO_CHANGE_WITHIN, Polarity, Rating
from layouts.components import rating_badge

POLARITY_TEXT: dict[Polarity, str] = {
    Polarity.HIGHER: "Higher is better",
    Polarity.LOWER: "Lower is better",
    Polarity.BAND: "Good inside a range (too low is a warning too)",
    Polarity.NONE: "Data only: monitored without a target",
}


def rules_explained() -> html.Details:
    """How a rating and a direction of travel are worked out."""
    return html.Details([
        html.Summary("How ratings work"),
        html.Ul([
            html.Li([rating_badge(Rating.GREEN, small=True), " on or better than target."]),
            html.Li([rating_badge(Rating.AMBER, small=True), " worse than target by no more than the indicator's "
                     f"tolerance ({DEFAULT_TOLERANCE} of target unless set otherwise)."]),
            html.Li([rating_badge(Rating.RED, small=True), " worse than target by more than the tolerance."]),
            html.Li([rating_badge(Rating.NO_TARGET, small=True), " a figure was reported but no target set: a gap "
                     "to close."]),
            html.Li([rating_badge(Rating.DATA_ONLY, small=True), " monitored without a target."]),
            html.Li([rating_badge(Rating.NO_DATA, small=True), " no figure reported for the period. If there is an "
                     "earlier figure, the return is late: its last known rating is shown too, with how late it is."]),
        ], className="rules-list"),
        html.P("Direction of travel: improving or worsening when the figure moves the good or the bad way by "
               f"more than {NO_CHANGE_WITHIN:g}% of the earlier figure, otherwise no change. Short term compares with "
               "the previous period; long term with the same period a year earlier."),
    ], className="rules")
