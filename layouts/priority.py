"""A priority's page (`/priorities/<slug>`): its basket as small multiples, and the actions serving it."""

from __future__ import annotations

from collections.abc import Sequence

from dash import dcc, html

from data.answers import ActionProgress, Figure, GoldenThread, LateReturn, PriorityPage, ScorecardRow
from data.periods import Frequency, short_day
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
from layouts.sparklines import sparkline_alt, sparkline_src
from layouts.thread import golden_thread_section

SMALL_MULTIPLES = 24  # a basket gives a high-level picture; beyond this many, the table has the rest
PERIOD_WORDS = {Frequency.MONTHLY: "month", Frequency.QUARTERLY: "quarter", Frequency.ANNUAL: "year"}


def how_late(late: LateReturn, frequency: Frequency) -> str:
    """How late in words ("return 1 month late"), in the indicator's own periods."""
    return f"return {late.periods} {PERIOD_WORDS[frequency]}{'' if late.periods == 1 else 's'} late"


def _latest_figure(row: ScorecardRow) -> list:
    """The rating and figure for the period; for a late return, "No data" and then the last figure known."""
    figure, unit = row.figure, row.indicator.unit
    if row.late is None:
        return [html.P([rating_badge(figure.rating), " ", html.Strong(figure_text(figure.actual, unit)),
                        html.Span(f" against {target_text(figure.target, unit)}", className="muted")])]
    last = row.late.last
    return [
        html.P([rating_badge(figure.rating), html.Span(f" for {figure.period.label}: no figure yet",
                                                       className="muted")]),
        html.P(["Last known: ", rating_badge(last.rating, small=True), " ",
                html.Strong(figure_text(last.actual, unit)),
                f" ({last.period.label}) — {how_late(row.late, row.indicator.frequency)}"],
               className="late"),
    ]


def _small_multiple(row: ScorecardRow, history: Sequence[Figure], as_at: str | None) -> html.Li:
    facts, figure = row.indicator, row.figure
    return html.Li(html.Article([
        html.H3(dcc.Link(facts.title, href=href(f"/indicators/{facts.slug}", as_at), className="card__link")),
        html.P([html.Span(facts.code, className="code"), f" · {figure.period.label}"], className="muted"),
        *_latest_figure(row),
        html.P([direction_badge(figure.short_term, label="Short term: "), " ",
                direction_badge(figure.long_term, label="Year on year: ")], className="directions"),
        html.Img(src=sparkline_src(history), alt=sparkline_alt(history, facts.unit), className="sparkline"),
    ], className="card card--indicator" + (" card--late" if row.late is not None else "")),
        className="cards__item")


def _rating_cell(row: ScorecardRow) -> str:
    if row.late is None:
        return rating_text(row.figure.rating)
    last = row.late.last
    return (f"{rating_text(row.figure.rating)}; last known {rating_text(last.rating)} "
            f"{figure_text(last.actual, row.indicator.unit)} ({last.period.label}), "
            f"{how_late(row.late, row.indicator.frequency)}")


def basket_table(card: Sequence[ScorecardRow], as_at: str | None) -> html.Div:
    """Every indicator in the basket, rated (drawn when opened: see on_demand)."""
    rows = [[r.indicator.code, (r.indicator.title, href(f"/indicators/{r.indicator.slug}", as_at)),
             r.figure.period.label, figure_text(r.figure.actual, r.indicator.unit),
             str(r.figure.target) if r.figure.target else "–", _rating_cell(r), r.figure.short_term or "–",
             r.figure.long_term or "–"]
            for r in card]
    return text_table("The basket as a table", ["Code", "Indicator", "Period", "Actual", "Target", "Rating",
                                                "Short term", "Year on year"], rows, numeric=(3,))



def _progress(ref: str, progress: float) -> html.Div:
    """Progress as a native <progress> of one fixed length for every action (so 75% is three quarters of
    100%), named for screen readers, with the figure as text beside it."""
    return html.Div([
        html.Progress(value=f"{min(max(progress, 0.0), 100.0):g}", max="100", className="progress__meter",
                      **{"aria-label": f"Progress of {ref}"}),
        html.Span(f"{progress:.0f}%", className="progress__text"),
    ], className="progress")


def _action_cell(action: ActionProgress) -> list:
    """The action's title, and its latest progress note (as reported, shown as text)."""
    if action.reported_on is None:
        latest = html.P("No progress reported yet.", className="action-note")
    elif action.note is not None:
        latest = html.P([f"Latest note (as at {short_day(action.reported_on)}): ", html.Span(action.note)],
                        className="action-note")
    else:
        latest = None
    return [html.Span(action.title, className="action-title"), latest]


def _status_cell(action: ActionProgress) -> list:
    """The status badge with the rule's reason under it, for everyone to read."""
    reason = action.status_text.removeprefix(f"{action.status}: ")  # the badge already says the status
    reason = reason[:1].upper() + reason[1:]
    return [status_badge(action.status), html.Span(reason, className="status-reason") if reason else None]


def _indicator_cell(action: ActionProgress, as_at: str | None) -> list | str:
    """Each linked indicator's code, linking to its page."""
    if not action.indicators:
        return "–"
    cell: list = []
    for link in action.indicators:
        cell += [dcc.Link(link.name, href=href(f"/indicators/{link.slug}", as_at)), "; "]
    return cell[:-1]


def actions_table(actions: Sequence[ActionProgress], caption: str, as_at: str | None = None) -> html.Div:
    """Actions with progress, status and why, the latest note, and links to their indicators (shared with
    the indicator page)."""
    rows = [[html.Span(a.ref, className="code"), _action_cell(a), a.kind.capitalize(), a.owner or "–", short_day(a.due),
             _progress(a.ref, a.progress), _status_cell(a), _indicator_cell(a, as_at)]
            for a in actions]
    return table(caption, ["Ref", "Action and latest note", "Kind", "Owner", "Due", "Progress", "Status and why",
                           "Indicators"], rows, class_name="actions-table")


def _late_note(late: int) -> html.P | None:
    if not late:
        return None
    return html.P(f"{late} return{'s are' if late > 1 else ' is'} late: the last figure known is shown "
                  f"for {'each' if late > 1 else 'it'}.", className="lead")


def _basket(answer: PriorityPage | None, as_at: str | None) -> html.Section:
    """The most pressing of the basket drawn as small multiples (the store hands them in order), and the
    whole basket as a table behind a disclosure."""
    card = answer.card if answer else ()
    drawn = answer.drawn if answer else ()
    return html.Section([
        html.H2("The basket", id="basket-heading"),
        html.P(f"The {SMALL_MULTIPLES} most pressing of {len(card)} indicators are drawn; every one is in "
               "the table below.", className="lead") if len(card) > SMALL_MULTIPLES else None,
        html.Ul([_small_multiple(row, answer.histories.get(row.indicator.id, ()) if answer else (), as_at)
                 for row in drawn], className="cards cards--small")
        if card else empty("No indicator in this basket is reported for this period."),
        on_demand("The basket as a table", "basket") if card else None,
    ], className="section", **{"aria-labelledby": "basket-heading"})


def priority(answer: PriorityPage | None = None, as_at: str | None = None,
             thread: GoldenThread | None = None) -> html.Div:
    """One priority at one period, from the store's answer (None gives the empty-state page), with its golden
    `thread` after the basket."""
    name = answer.roll_up.priority.name if answer else "Priority"
    summary = str(answer.roll_up.roll_up) if answer else ""
    actions = answer.actions if answer else ()
    return html.Div([
        breadcrumbs([("Overview", "/"), (name, None)], as_at),
        html.H1([name, html.Span(f" as at {answer.period.label}" if answer else "", className="h1__period")]),
        html.P(summary[:1].upper() + summary[1:], className="lead") if answer else None,
        _late_note(answer.roll_up.late) if answer else None,
        rules_explained(),
        _basket(answer, as_at),
        golden_thread_section(thread, as_at),
        html.Section([
            html.H2("Actions serving this priority", id="actions-heading"),
            actions_table(actions, "Actions serving this priority", as_at) if actions else
            empty("No action is recorded against this priority."),
        ], className="section", **{"aria-labelledby": "actions-heading"}),
    ], className="page page--priority")
