"""What went well (R14): success celebrated beside under-performance. A section of the strategic assessment,
shared with the directorate pages."""

from __future__ import annotations

from collections.abc import Sequence

from dash import dcc, html

from data.answers import ActionProgress, Success, WentWell
from data.rules import SUSTAINED_PERIODS, Rating
from layouts.components import empty, href, rating_badge


def _success(success: Success, as_at: str | None, badge: bool) -> html.Li:
    """An indicator that went well: a link to its page, and why (the rules' words)."""
    facts = success.indicator
    return html.Li([
        dcc.Link([html.Span(facts.code, className="code"), f" {facts.title}"],
                 href=href(f"/indicators/{facts.slug}", as_at)),
        " ", rating_badge(Rating.GREEN, small=True) if badge else None,
        html.Span(f" {success.text}.", className="muted"),
    ], className="went-well__item")


def _successes(heading: str, about: str, found: Sequence[Success], none: str, as_at: str | None,
               badge: bool = True) -> html.Div:
    return html.Div([
        html.H3(heading),
        html.P(about, className="muted"),
        html.Ul([_success(success, as_at, badge) for success in found], className="went-well__list")
        if found else empty(none),
    ], className="went-well__part")


def _completed(actions: Sequence[ActionProgress], label: str) -> html.Div:
    return html.Div([
        html.H3("Actions completed"),
        html.P(f"Actions whose status became Complete in {label}.", className="muted"),
        html.Ul([html.Li([html.Span(action.ref, className="code"), " ", html.Span(action.title),
                          html.Span(f" ({action.directorate}; completed "
                                    f"{action.completed:%d %b %Y})" if action.completed else
                                    f" ({action.directorate})", className="muted")],
                         className="went-well__item") for action in actions], className="went-well__list")
        if actions else empty(f"No action was completed in {label}."),
    ], className="went-well__part")


def went_well_section(answer: WentWell, as_at: str | None) -> html.Section:
    """What went well in a quarter: newly on target, most improved, sustained on target, actions completed."""
    label = answer.label
    return html.Section([
        html.H2(f"What went well in {label}", id="went-well-heading"),
        _successes("Newly on target", f"Green at a figure in {label}, having missed the target (Amber or Red) the "
                   "period before.", answer.newly_on_target, f"No indicator came on target in {label}.", as_at),
        _successes("Most improved", "Improving on the same period a year earlier, at the latest figure; the "
                   "largest improvement first, as a share of the earlier figure.", answer.most_improved,
                   "No indicator is improving on a year earlier.", as_at, badge=False),
        _successes("Sustained on target", f"Green for {SUSTAINED_PERIODS} periods in a row or more, up to the "
                   "latest figure.", answer.sustained, "No indicator has been on target for "
                   f"{SUSTAINED_PERIODS} periods in a row.", as_at),
        _completed(answer.completed, label),
    ], className="section went-well", **{"aria-labelledby": "went-well-heading"})
