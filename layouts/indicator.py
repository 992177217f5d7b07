"""An indicator's page (`/indicators/<slug>`): trend against target, its rating in plain English,
metadata, commentary through time, the figures as a table, linked actions."""

from __future__ import annotations

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
    target_text,
    text_table,
    trend_summary,
)
from layouts.figures import GRAPH_CONFIG, chart_legend, trend_figure
from layouts.priority import actions_table
from layouts.rules_text import POLARITY_TEXT
from layouts.shell import breadcrumbs


def _metadata(meta: dict, as_at: str | None) -> html.Dl:
    def item(term: str, *description) -> html.Div:
        return html.Div([html.Dt(term), html.Dd(list(description))])

    priorities = [dcc.Link(name, href=href(f"/priorities/{slug}", as_at))
                  for name, slug in meta.get("priority_links", [])]
    return html.Dl([
        item("Definition", meta.get("definition") or "–"),
        item("Owner", meta.get("owner") or "–"),
        item("Directorate", meta.get("directorate") or "–"),
        item("Service", meta.get("service") or "–"),
        item("Unit", meta.get("unit") or "–"),
        item("Good performance", POLARITY_TEXT.get(meta.get("polarity"), "–")),
        item("Frequency", (meta.get("frequency") or "–").capitalize()
             + ("; cumulative through the financial year" if meta.get("cumulative") else "")),
        item("Tolerance", f"{meta.get('tolerance_text', '5%')} (how far from target is still Amber)"),
        item("Themes", "; ".join(meta.get("themes", [])) or "–"),
        item("Priorities", *([p for link in priorities for p in (link, "; ")][:-1] or ["–"])),
        item("Partnership (Local Area Agreement)", "Yes" if meta.get("partnership") else "No"),
    ], className="metadata")


def _commentary(history: pd.DataFrame) -> html.Div:
    notes = history[history["note"].fillna("") != ""].iloc[::-1]
    if notes.empty:
        return empty("No commentary has been recorded for this indicator.")
    return html.Ol([html.Li([html.Strong(f"{r.period}: "), html.Span(r.note)]) for r in notes.itertuples()],
                   className="commentary")


def values_table(history: pd.DataFrame, unit: str) -> html.Div:
    """The trend chart's table twin: every figure, newest first (drawn when opened: see on_demand)."""
    rows = [[r.period, figure_text(r.actual, unit), r.target or "–", rating_text(r.rating),
             r.short_term or "–", r.long_term or "–", r.status.capitalize()] for r in history.iloc[::-1].itertuples()]
    return text_table("Every figure, newest first", ["Period", "Actual", "Target", "Rating", "Short term",
                                                     "Year on year", "Data status"], rows, numeric=(1,))


PERIOD_WORDS = {"monthly": "month", "quarterly": "quarter", "annual": "year"}


def late_sentence(late: dict, frequency: str) -> str:
    """How late a return is, from a scorecard row with the late columns: "The return for Dec 2008 is 1 month
    late: the latest figure is for Nov 2008." """
    behind = int(late["late_by"])
    word = PERIOD_WORDS.get(frequency, "period") + ("" if behind == 1 else "s")
    return (f"The return for {late['period']} is {behind} {word} late: the latest figure is for "
            f"{late['last_period']}.")


def _latest(latest: dict | None, late: dict | None, unit: str, frequency: str) -> list:
    """The latest figure reported, rated; with how late the return is when the period's figure is missing."""
    heading = html.H2(f"Latest: {latest['period']}" if latest else "Latest", id="latest-heading")
    overdue = html.P(late_sentence(late, frequency), className="notice notice--warning late-return") \
        if late and int(late.get("late_by") or 0) > 0 else None
    if not latest:
        return [heading, overdue, empty("No figure is reported for this indicator at this period.")]
    return [
        heading,
        overdue,
        html.P([rating_badge(latest["rating"]), " ", html.Strong(figure_text(latest["actual"], unit)),
                html.Span(f" against {target_text(latest['target_low'], latest['target_high'], unit)}",
                          className="muted")], className="latest__figures"),
        html.P(latest["rating_text"], className="rating-sentence"),
        html.P([direction_badge(latest["short_term"] or None, label="Short term: "), " ",
                direction_badge(latest["long_term"] or None, label="Year on year: ")], className="directions"),
        html.P("This figure is provisional.", className="muted") if latest["status"] == "provisional" else None,
    ]


def indicator(meta: dict | None = None, history: pd.DataFrame | None = None, latest: dict | None = None,
              actions: pd.DataFrame | None = None, as_at_label: str = "", as_at: str | None = None,
              late: dict | None = None) -> html.Div:
    """One indicator up to one period, from the store's answers (empty frames give an empty-state page).
    `late` is the indicator's scorecard row at the period: its late_by > 0 says the return is late."""
    meta = meta or {"title": "Indicator", "code": "", "unit": "", "polarity": "none", "frequency": "annual",
                    "tolerance": 5.0, "tolerance_is_percent": True}
    history = history if history is not None else pd.DataFrame(
        columns=["period", "period_start", "actual", "target_low", "target_high", "rating", "note"])
    actions = actions if actions is not None else pd.DataFrame()
    unit = meta.get("unit", "")
    crumbs = [("Overview", "/")] + [(name, f"/priorities/{slug}") for name, slug in meta.get("priority_links", [])[:1]]
    figure = trend_figure(history, unit=unit, polarity=meta["polarity"], frequency=meta["frequency"],
                          tolerance=meta["tolerance"], tolerance_is_percent=meta["tolerance_is_percent"])
    return html.Div([
        breadcrumbs([*crumbs, (meta["title"], None)], as_at),
        html.H1(meta["title"]),
        html.P([html.Span(meta.get("code", ""), className="code"),
                f" · {meta.get('directorate', '')}" if meta.get("directorate") else ""], className="muted"),
        html.Section(_latest(latest, late, unit, meta["frequency"]), className="section latest",
                     **{"aria-labelledby": "latest-heading"}),
        html.Section([
            html.H2("Trend against target", id="trend-heading"),
            # the chart is for the eye: its story is in the caption (which names the figure) and its figures
            # in the table twin, so plotly's SVG, a maze of unnamed nodes, is hidden from assistive technology
            html.Figure([
                html.Div(dcc.Graph(figure=figure, config=GRAPH_CONFIG, className="trend-chart"),
                         **{"aria-hidden": "true"}),
                chart_legend(figure),
                html.Figcaption(trend_summary(history, unit), className="trend-summary", id="trend-summary"),
            ], className="trend-figure", **{"aria-labelledby": "trend-summary"}),
            on_demand("The figures as a table", "figures") if len(history) else None,
        ], className="section", **{"aria-labelledby": "trend-heading"}),
        html.Section([html.H2("Commentary", id="commentary-heading"), _commentary(history)],
                     className="section", **{"aria-labelledby": "commentary-heading"}),
        html.Section([
            html.H2("Actions to move this indicator", id="actions-heading"),
            actions_table(actions, "Actions linked to this indicator", as_at) if len(actions) else
            empty("No action is linked to this indicator."),
        ], className="section", **{"aria-labelledby": "actions-heading"}),
        html.Section([html.H2("About this indicator", id="about-heading"), _metadata(meta, as_at)],
                     className="section", **{"aria-labelledby": "about-heading"}),
    ], className="page page--indicator")

