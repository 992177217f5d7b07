"""The quarterly strategic assessment (`/assessment`, R8): how many indicators improved, held and worsened; the
statistically notable changes, worsening first; their barriers and levers; what went well. Printable on A4
(assets/assessment.css)."""

from __future__ import annotations

from collections.abc import Sequence

from dash import dcc, html

from data.answers import Assessment, Commentary, NotableChange
from data.rules import MIN_FIGURES_FOR_SIGNALS, Direction
from layouts.components import direction_badge, empty, href, key_figure, on_demand, table
from layouts.went_well import went_well_section

ASSESSMENT_PATH = "/assessment"
NEITHER = "Neither better nor worse"


def _travel(answer: Assessment) -> html.Section:
    compared = answer.improved + answer.held + answer.worsened
    return html.Section([
        html.H2("Direction of travel", id="travel-heading"),
        html.P(f"Year on year: each indicator's latest figure by {answer.period.label} against the same period a "
               "year earlier. We compare year on year, as the rate of improvement does, because it is fair to "
               "seasonal figures and to cumulative indicators, which have no short-term direction.",
               className="lead"),
        html.Div([
            key_figure(str(answer.improved), "Improved", f"of {compared} compared"),
            key_figure(str(answer.held), "Held (no change)", f"of {compared} compared"),
            key_figure(str(answer.worsened), "Worsened", f"of {compared} compared"),
            key_figure(str(answer.not_compared), "Not compared",
                       "no figure a year earlier, no figure yet, or data only"),
        ], className="key-figures"),
    ], className="section assessment__part", **{"aria-labelledby": "travel-heading"})


def _reading(change: NotableChange) -> html.Span:
    if change.direction is None:
        return html.Span(NEITHER, className="direction direction--none")
    return direction_badge(change.direction)


def _indicator_link(change: NotableChange | Commentary, as_at: str | None) -> dcc.Link:
    facts = change.indicator
    return dcc.Link([html.Span(facts.code, className="code"), f" {facts.title}"],
                    href=href(f"/indicators/{facts.slug}", as_at))


NOTABLE_LISTED = 50  # the most pressing on the page; the rest drawn when asked for (a council can have hundreds)


def notable_table(answer: Assessment, changes: Sequence[NotableChange], caption: str,
                  as_at: str | None) -> html.Div:
    """Notable changes as a table: the indicator, its reading, the rule that fired, when, and in words."""
    rows = [[_indicator_link(change, as_at), _reading(change), str(change.rule).capitalize(),
             change.first.label if change.first == change.last else f"{change.first.label} to {change.last.label}",
             change.text if change.times == 1 else f"{change.times} times in {answer.label}; the latest: {change.text}"]
            for change in changes]
    return table(caption, ["Indicator", "Reading", "Rule that fired", "Periods", "What the rule found"], rows,
                 class_name="notable-table")


def notable_rest(answer: Assessment, as_at: str | None) -> html.Div | None:
    """The notable changes beyond the first NOTABLE_LISTED, drawn when "Show the other …" is opened."""
    rest = answer.notable[NOTABLE_LISTED:]
    if not rest:
        return None
    return notable_table(answer, rest, f"The other notable changes in {answer.label}", as_at)


def _notable(answer: Assessment, as_at: str | None) -> html.Section:
    notable = answer.notable
    worsening = sum(change.direction is Direction.WORSENING for change in notable)
    rest = len(notable) - NOTABLE_LISTED
    return html.Section([
        html.H2("Statistically notable changes", id="notable-heading"),
        html.P(f"Each of the {answer.checked} indicators with at least {MIN_FIGURES_FOR_SIGNALS} figures is "
               "checked on a process-behaviour chart (its own figures, for a cumulative indicator): a change is "
               "notable when a rule of the chart fires, rather than because the figure is worse than last time. "
               f"Listed: the signals that first fired in {answer.label} (a shift that began earlier and goes on is "
               "on the indicator's process limits view), one line per indicator and rule, worsening first "
               f"({worsening} worsening of {len(notable)}).", className="lead"),
        notable_table(answer, notable[:NOTABLE_LISTED], f"Notable changes in {answer.label}"
                      + (f": the first {NOTABLE_LISTED} of {len(notable)}" if rest > 0 else ""), as_at)
        if notable else empty(f"No indicator changed beyond its usual ups and downs in {answer.label}."),
        on_demand(f"Show the other {rest} notable changes", "notable") if rest > 0 else None,
    ], className="section assessment__part", **{"aria-labelledby": "notable-heading"})


def _commentary(notes: Sequence[Commentary], label: str, as_at: str | None) -> html.Section:
    return html.Section([
        html.H2("Barriers and levers", id="barriers-heading"),
        html.P(f"What the indicators with a notable change reported in {label}: what happened, the barriers and "
               "the levers.", className="lead"),
        html.Ol([html.Li([_indicator_link(note, as_at), html.Span(f" ({note.period.label}): ", className="muted"),
                          html.Span(note.note)], className="commentary__item") for note in notes],
                className="commentary") if notes else
        empty(f"No commentary was reported in {label} for the indicators listed."),
    ], className="section assessment__part", **{"aria-labelledby": "barriers-heading"})


def assessment_page(answer: Assessment, as_at: str | None) -> html.Div:
    """The strategic assessment for the quarter holding the "as at" month."""
    under_way = answer.label != answer.quarter.label
    return html.Div([
        html.H1(["Strategic assessment: ", answer.label,
                 html.Span(f" as at {answer.period.label}", className="h1__period")]),
        html.P(f"The quarter {answer.quarter.label} is under way: figures are to {answer.period.label}."
               if under_way else f"The quarter {answer.quarter.label}, with figures to {answer.period.label}.",
               className="lead"),
        html.P("Printing this page gives an A4 document without the navigation.", className="muted no-print"),
        _travel(answer),
        _notable(answer, as_at),
        _commentary(answer.commentary, answer.label, as_at),
        went_well_section(answer.went_well, as_at),
    ], className="page page--assessment")
