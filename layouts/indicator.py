"""An indicator's page (`/indicators/<slug>`): trend against target, its rating in plain English,
metadata, commentary through time, the figures as a table, linked actions."""

from __future__ import annotations

from collections.abc import Sequence

from dash import dcc, html

from data.answers import Figure, IndicatorDetails, IndicatorFacts, IndicatorPage, LateReturn, ProcessView
from data.periods import Frequency, Period
from data.rules import DEFAULT_TOLERANCE, MIN_FIGURES_FOR_SIGNALS, Polarity, Target
from data.snapshots import Restatement, SnapshotSummary
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
from layouts.figures import GRAPH_CONFIG, chart_legend, process_figure, signal_marks, trend_figure
from layouts.priority import PERIOD_WORDS, actions_table
from layouts.report import SNAPSHOTS_PATH
from layouts.rules_text import POLARITY_TEXT
from layouts.shell import breadcrumbs


def _or_dash(text: str | None) -> str:
    """Text, or a dash where there is none."""
    return text or "–"


def _metadata(details: IndicatorDetails, as_at: str | None) -> html.Dl:
    def item(term: str, *description) -> html.Div:
        return html.Div([html.Dt(term), html.Dd(list(description))])

    facts = details.facts
    priorities = [dcc.Link(link.name, href=href(f"/priorities/{link.slug}", as_at)) for link in details.priorities]
    return html.Dl([
        item("Definition", _or_dash(details.definition)),
        item("Owner", _or_dash(details.owner)),
        item("Directorate", _or_dash(facts.directorate)),
        item("Service", _or_dash(facts.service)),
        item("Unit", _or_dash(facts.unit)),
        item("Good performance", POLARITY_TEXT[facts.polarity]),
        item("Frequency", facts.frequency.capitalize()
             + ("; cumulative through the financial year" if facts.cumulative else "")),
        item("Tolerance", f"{facts.tolerance} (how far from target is still Amber)"),
        item("Themes", _or_dash("; ".join(details.themes))),
        item("Priorities", *([p for link in priorities for p in (link, "; ")][:-1] or ["–"])),
        item("Partnership (Local Area Agreement)", "Yes" if facts.partnership else "No"),
    ], className="metadata")


def _commentary(history: Sequence[Figure]) -> html.P | html.Ol:
    notes = [figure for figure in reversed(history) if figure.note]
    if not notes:
        return empty("No commentary has been recorded for this indicator.")
    return html.Ol([html.Li([html.Strong(f"{figure.period.label}: "), html.Span(figure.note)]) for figure in notes],
                   className="commentary")


def _target_cell(target: Target | None, unit: str) -> str:
    """A target in the table twin, with its unit as the actual has it: `45%`, `40% to 50%`."""
    if target is None:
        return "–"
    if target.low == target.high:
        return figure_text(target.low, unit)
    return f"{figure_text(target.low, unit)} to {figure_text(target.high, unit)}"


def values_table(history: Sequence[Figure], unit: str) -> html.Div:
    """The trend chart's table twin: every figure, newest first (drawn when opened: see on_demand)."""
    rows = [[f.period.label, figure_text(f.actual, unit), _target_cell(f.target, unit), rating_text(f.rating),
             f.short_term or "–", f.long_term or "–", "Provisional" if f.provisional else "Validated"]
            for f in reversed(history)]
    return text_table("Every figure, newest first", ["Period", "Actual", "Target", "Rating", "Short term",
                                                     "Year on year", "Data status"], rows, numeric=(1,))


def _signals_summary(view: ProcessView) -> str:
    """How many signals the chart shows, in words."""
    count = len(view.chart.signals)
    if view.chart.limits is None:
        return ""
    if sum(figure is not None for figure in view.figures) < MIN_FIGURES_FOR_SIGNALS:
        return f" No signal is looked for from fewer than {MIN_FIGURES_FOR_SIGNALS} figures."
    if not count:
        return " No signal: every figure is within the ordinary ups and downs of the series."
    return f" {count} signal{'s' if count != 1 else ''}, listed below and ringed on the chart."


def limits_view(view: ProcessView, facts: IndicatorFacts) -> html.Div:
    """The indicator's process limits, drawn when opened: the chart, its text summary, each signal in words,
    and the table twin (newest first)."""
    own = " (each period's own figure, not the year to date)" if view.own_figures else ""
    summary = html.P(view.summary + _signals_summary(view), className="process-summary", id="process-summary")
    if view.chart.limits is None:
        return html.Div(summary, className="process-limits")
    marks = signal_marks(view)
    named = {f"S{number}": str(signal.rule) for number, signal in enumerate(view.chart.signals, start=1)}
    rows = [[period.label, figure_text(figure, facts.unit),
             "; ".join(f"{name} ({named[name]})" for name in marks.get(position, [])) or "–"]
            for position, (period, figure) in reversed(list(enumerate(zip(view.periods, view.figures,
                                                                          strict=True))))]
    return html.Div([
        html.Figure([
            html.Div(dcc.Graph(figure=process_figure(view, facts), config=GRAPH_CONFIG, className="process-chart"),
                     **{"aria-hidden": "true"}),
            html.Figcaption([
                html.P(f"The figures{own} against their centre line (solid) and natural process limits (dashed); "
                       "a ringed figure is part of a signal, whose last figure is labelled with its number.",
                       className="process-key muted"),
                summary,
            ]),
        ], className="trend-figure", **{"aria-labelledby": "process-summary"}),
        html.Ul([html.Li([html.Strong(f"S{number}: "), text]) for number, text in enumerate(view.signals, start=1)],
                className="process-signals") if view.signals else None,
        text_table("The figures and their signals, newest first", ["Period", "Figure", "Signals"], rows,
                   numeric=(1,)),
    ], className="process-limits")


def late_sentence(late: LateReturn) -> str:
    """How late a return is: "The return for Dec 2008 is 1 month late: the latest figure is for Nov 2008." """
    last = late.last.period
    due = Period(last.ordinal + late.periods * last.frequency.months, last.frequency)
    word = PERIOD_WORDS[last.frequency] + ("" if late.periods == 1 else "s")
    return f"The return for {due.label} is {late.periods} {word} late: the latest figure is for {last.label}."


def _latest(latest: Figure | None, late: LateReturn | None, unit: str) -> list:
    """The latest figure reported, rated; with how late the return is when the period's figure is missing."""
    heading = html.H2(f"Latest: {latest.period.label}" if latest else "Latest", id="latest-heading")
    overdue = html.P(late_sentence(late), className="notice notice--warning late-return") if late else None
    if not latest:
        return [heading, overdue, empty("No figure is reported for this indicator at this period.")]
    return [
        heading,
        overdue,
        html.P([rating_badge(latest.rating), " ", html.Strong(figure_text(latest.actual, unit)),
                html.Span(f" against {target_text(latest.target, unit)}", className="muted")],
               className="latest__figures"),
        html.P(latest.rating_text, className="rating-sentence"),
        html.P([direction_badge(latest.short_term, label="Short term: "), " ",
                direction_badge(latest.long_term, label="Year on year: ")], className="directions"),
        html.P("This figure is provisional.", className="muted") if latest.provisional else None,
    ]


def restated_note(summary: SnapshotSummary, restatement: Restatement, as_at: str | None) -> html.P:
    """"Reported to Cabinet 15 January 2009 (Dec 2008): figure revised 45% → 47.2%", linking to the pack: what
    changed with both values, in the restatement's own words (docs/rules.md#restatements)."""
    was = restatement.reported
    assert was is not None  # an indicator's own figure, as reported
    changes = "; ".join(change.text for change in restatement.changes)
    return html.P(["Reported to ", dcc.Link(summary.name, href=href(f"{SNAPSHOTS_PATH}/{summary.slug}", as_at)),
                   f" ({was.period}): {changes}"],
                  className="notice notice--info restated")


# what the page shows with no indicator (Dash draws every layout once with no arguments)
NO_INDICATOR = IndicatorDetails(
    facts=IndicatorFacts(id=0, code="", slug="", title="Indicator", directorate="", service=None, unit="",
                         polarity=Polarity.NONE, frequency=Frequency.ANNUAL, cumulative=False, partnership=False,
                         tolerance=DEFAULT_TOLERANCE),
    definition=None, owner=None, themes=(), priorities=())


def _trend(history: Sequence[Figure], facts: IndicatorFacts) -> html.Section:
    figure = trend_figure(history, facts)
    return html.Section([
        html.H2("Trend against target", id="trend-heading"),
        # the chart is for the eye: its story is in the caption (which names the figure) and its figures
        # in the table twin, so plotly's SVG, a maze of unnamed nodes, is hidden from assistive technology
        html.Figure([
            html.Div(dcc.Graph(figure=figure, config=GRAPH_CONFIG, className="trend-chart"),
                     **{"aria-hidden": "true"}),
            chart_legend(figure),
            html.Figcaption(trend_summary(history, facts.unit), className="trend-summary", id="trend-summary"),
        ], className="trend-figure", **{"aria-labelledby": "trend-summary"}),
        on_demand("The figures as a table", "figures") if history else None,
        on_demand("Show process limits", "limits") if history else None,
    ], className="section", **{"aria-labelledby": "trend-heading"})


def indicator(answer: IndicatorPage | None = None, as_at: str | None = None,
              restated: Sequence[tuple[SnapshotSummary, Restatement]] = ()) -> html.Div:
    """One indicator up to one period, from the store's answer (None gives the empty-state page), with a note
    for each report pack whose figure for it has since been restated."""
    details = answer.details if answer else NO_INDICATOR
    history = answer.history if answer else ()
    actions = answer.actions if answer else ()
    facts = details.facts
    crumbs = [("Overview", "/")] + [(link.name, f"/priorities/{link.slug}") for link in details.priorities[:1]]
    return html.Div([
        breadcrumbs([*crumbs, (facts.title, None)], as_at),
        html.H1(facts.title),
        html.P([html.Span(facts.code, className="code"), f" · {facts.directorate}" if facts.directorate else ""],
               className="muted"),
        html.Section(_latest(answer.latest if answer else None, answer.late if answer else None, facts.unit)
                     + [restated_note(summary, restatement, as_at) for summary, restatement in restated],
                     className="section latest", **{"aria-labelledby": "latest-heading"}),
        _trend(history, facts),
        html.Section([html.H2("Commentary", id="commentary-heading"), _commentary(history)],
                     className="section", **{"aria-labelledby": "commentary-heading"}),
        html.Section([
            html.H2("Actions to move this indicator", id="actions-heading"),
            actions_table(actions, "Actions linked to this indicator", as_at) if actions else
            empty("No action is linked to this indicator."),
        ], className="section", **{"aria-labelledby": "actions-heading"}),
        html.Section([html.H2("About this indicator", id="about-heading"), _metadata(details, as_at)],
                     className="section", **{"aria-labelledby": "about-heading"}),
    ], className="page page--indicator")
