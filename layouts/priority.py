"""A priority's page (`/priorities/<slug>`): its basket as small multiples, and the actions serving it."""

from __future__ import annotations

from collections import Counter

import pandas as pd
from dash import dcc, html

from layouts.components import (
    direction_badge,
    empty,
    figure_text,
    href,
    on_demand,
    rating_badge,
    rating_text,
    status_badge,
    table,
    target_text,
    text_table,
)
from layouts.rules_text import rules_explained
from layouts.shell import breadcrumbs
from layouts.sparklines import sparkline_src


def trend_summary(history: pd.DataFrame, unit: str) -> str:
    """A chart's story in one sentence, for those who cannot see it."""
    known = [(period, actual, rating) for period, actual, rating
             in zip(history["period"], history["actual"], history["rating"], strict=True)
             if actual is not None and actual == actual]  # NaN is not equal to itself
    if not known:
        return "No figures reported in this time."
    (first_period, first, _), (last_period, last, last_rating) = known[0], known[-1]
    if len(known) == 1:
        return f"One figure: {figure_text(last, unit)} in {last_period} ({last_rating})."
    counts = Counter(rating for _, _, rating in known)
    spread = ", ".join(f"{count} {rating}" for rating, count in counts.most_common())
    return (f"From {figure_text(first, unit)} in {first_period} to {figure_text(last, unit)} in {last_period}; "
            f"{len(known)} figures rated {spread}.")


SMALL_MULTIPLES = 24  # a basket gives a high-level picture; beyond this many, the table has the rest
SEVERITY = {"Red": 0, "Amber": 1, "No target": 2, "No data": 3, "Green": 4, "Data only": 5}


def most_pressing(card: pd.DataFrame, limit: int = SMALL_MULTIPLES) -> pd.DataFrame:
    """The basket members drawn as small multiples: the most pressing first (Red, then Amber, ...; worsening
    before the rest), at most `limit` of them."""
    if card.empty:
        return card
    order = card.assign(_severity=card["rating"].map(SEVERITY).fillna(6),
                        _worsening=(card["short_term"] != "Worsening") & (card["long_term"] != "Worsening"))
    return order.sort_values(["_severity", "_worsening", "code"]).head(limit).drop(columns=["_severity", "_worsening"])


def _small_multiple(row, history: pd.DataFrame, as_at: str | None) -> html.Li:
    summary = trend_summary(history, row.unit)
    return html.Li(html.Article([
        html.H3(dcc.Link(row.title, href=href(f"/indicators/{row.slug}", as_at), className="card__link")),
        html.P([html.Span(row.code, className="code"), f" · {row.period}"], className="muted"),
        html.P([rating_badge(row.rating), " ", html.Strong(figure_text(row.actual, row.unit)),
                html.Span(f" against {target_text(row.target_low, row.target_high, row.unit)}", className="muted")]),
        html.P([direction_badge(row.short_term or None, label="Short term: "), " ",
                direction_badge(row.long_term or None, label="Year on year: ")], className="directions"),
        html.Img(src=sparkline_src(history), alt=f"Trend: {summary}", className="sparkline"),
    ], className="card card--indicator"), className="cards__item")


def basket_table(card: pd.DataFrame, as_at: str | None) -> html.Div:
    """Every indicator in the basket, rated (drawn when opened: see on_demand)."""
    rows = [[r.code, (r.title, href(f"/indicators/{r.slug}", as_at)), r.period, figure_text(r.actual, r.unit),
             r.target or "–", rating_text(r.rating), r.short_term or "–", r.long_term or "–"]
            for r in card.itertuples()]
    return text_table("The basket as a table", ["Code", "Indicator", "Period", "Actual", "Target", "Rating",
                                                "Short term", "Year on year"], rows, numeric=(3,))


def actions_table(actions: pd.DataFrame, caption: str) -> html.Div:
    """Actions with progress and status (shared with the indicator page)."""
    rows = []
    for r in actions.itertuples():
        progress = float(r.progress)
        rows.append([
            html.Span(r.ref, className="code"), r.title, r.kind.capitalize(), r.owner or "–",
            f"{r.due:%d %b %Y}",
            html.Span([html.Span(className="progress__bar", style={"width": f"{progress:.0f}%"}),
                       html.Span(f"{progress:.0f}%", className="progress__text")], className="progress"),
            html.Span([status_badge(r.status), html.Span(f" {r.status_text}", className="visually-hidden")]),
            r.indicators or "–",
        ])
    return table(caption, ["Ref", "Action", "Kind", "Owner", "Due", "Progress", "Status", "Indicators"], rows)


def priority(name: str = "", rollup: dict | None = None, card: pd.DataFrame | None = None,
             histories: pd.DataFrame | None = None, actions: pd.DataFrame | None = None, as_at_label: str = "",
             as_at: str | None = None) -> html.Div:
    """One priority at one period, from the store's answers (empty frames give an empty-state page)."""
    card = card if card is not None else pd.DataFrame(columns=["indicator_id"])
    histories = histories if histories is not None else pd.DataFrame(columns=["indicator_id"])
    actions = actions if actions is not None else pd.DataFrame()
    by_indicator = dict(list(histories.groupby("indicator_id"))) if len(histories) else {}
    return html.Div([
        breadcrumbs([("Overview", "/"), (name or "Priority", None)], as_at),
        html.H1([name or "Priority", html.Span(f" as at {as_at_label}" if as_at_label else "",
                                               className="h1__period")]),
        html.P(rollup["summary"][:1].upper() + rollup["summary"][1:], className="lead") if rollup else None,
        rules_explained(),
        html.Section([
            html.H2("The basket", id="basket-heading"),
            html.P(f"The {SMALL_MULTIPLES} most pressing of {len(card)} indicators are drawn; every one is in "
                   "the table below.", className="lead") if len(card) > SMALL_MULTIPLES else None,
            html.Ul([_small_multiple(r, by_indicator.get(r.indicator_id, histories.iloc[0:0]), as_at)
                     for r in most_pressing(card).itertuples()], className="cards cards--small")
            if len(card) else empty("No indicator in this basket is reported for this period."),
            on_demand("The basket as a table", "basket") if len(card) else None,
        ], className="section", **{"aria-labelledby": "basket-heading"}),
        html.Section([
            html.H2("Actions serving this priority", id="actions-heading"),
            actions_table(actions, "Actions serving this priority") if len(actions) else
            empty("No action is recorded against this priority."),
        ], className="section", **{"aria-labelledby": "actions-heading"}),
    ], className="page page--priority")
