"""The golden thread section (R7, R12, R13) of a priority's page and of the council's and a directorate's:
three shares as the rules say them, the director-review actions' follow-up, and each gap a list one click away
(a closed <details>), each item a link to its page."""

from __future__ import annotations

from collections.abc import Sequence

from dash import dcc, html

from data.answers import Coverage, GoldenThread, ReviewFollowUp, ThreadGap
from data.rules import FollowUp, explain_share
from layouts.components import empty, href, status_badge, table

HEADING_ID = "golden-thread-heading"
INDICATORS_PATH = "/indicators"
ACTIONS_PATH = "/actions"
FOLLOWED_UP = "open director-review actions followed up"
# Each follow-up status as shape and word (never colour alone), in the action statuses' shapes
FOLLOW_UP_LOOK = {FollowUp.FOLLOWED_UP: ("✓", "followed-up"), FollowUp.NO_UPDATE_THIS_QUARTER: ("▲", "no-update"),
                  FollowUp.CLOSED: ("●", "closed")}


def _gap_item(gap: ThreadGap, path: str, as_at: str | None) -> html.Li:
    """One gap: its code or ref linking to its page, its title, and why it is a gap where the list does not say."""
    return html.Li([dcc.Link(gap.link.name, href=href(f"{path}/{gap.link.slug}", as_at), className="code"),
                    " ", html.Span(gap.title),
                    html.Span(f" ({gap.why})", className="muted") if gap.why else None])


def _gaps(gaps: Sequence[ThreadGap], summary: str, path: str, as_at: str | None) -> html.Details | None:
    """The gaps behind a closed disclosure (none when there is no gap)."""
    if not gaps:
        return None
    return html.Details([html.Summary(summary),
                         html.Ul([_gap_item(gap, path, as_at) for gap in gaps], className="thread__gaps")],
                        className="thread__details")


def _count(number: int, one: str, many: str) -> str:
    return f"The {one}" if number == 1 else f"The {number} {many}"


def _share(coverage: Coverage, summary: str, path: str, as_at: str | None) -> html.Li:
    """One share of the thread in the rules' words, and its gaps one click away."""
    return html.Li([html.P(coverage.text[:1].upper() + coverage.text[1:], className="thread__share"),
                    _gaps(coverage.gaps, summary, path, as_at)], className="thread__item")


def _follow_up_badge(review: ReviewFollowUp) -> html.Span:
    glyph, css = FOLLOW_UP_LOOK[review.follow_up]
    return html.Span([html.Span(glyph, className="badge__shape", **{"aria-hidden": "true"}), str(review.follow_up)],
                     className=f"badge follow-up follow-up--{css}")


def _review_link(review: ReviewFollowUp, as_at: str | None) -> dcc.Link:
    return dcc.Link(review.action.name, href=href(f"{ACTIONS_PATH}/{review.action.slug}", as_at), className="code")


def _reason(review: ReviewFollowUp) -> str:
    """The rule's sentence less the status it starts with (the badge says it)."""
    reason = review.text.removeprefix(f"{review.follow_up}: ")
    return reason[:1].upper() + reason[1:]


def _reviews(thread: GoldenThread, as_at: str | None) -> list:
    """The director-review actions' follow-up: how many open ones were followed up, those with no update this
    quarter one click away, and every one with its status and the rule's reason."""
    reviews = thread.reviews
    if not reviews:
        return [empty("No director-review action is recorded here.")]
    still_open = [review for review in reviews if review.follow_up is not FollowUp.CLOSED]
    followed = sum(review.follow_up is FollowUp.FOLLOWED_UP for review in still_open)
    closed = len(reviews) - len(still_open)
    text = explain_share(followed, len(still_open), FOLLOWED_UP)
    missing = thread.not_followed_up
    rows = [[_review_link(review, as_at), review.title, status_badge(review.status),
             [_follow_up_badge(review), html.Span(_reason(review), className="status-reason")]]
            for review in reviews]
    return [
        html.P(text[:1].upper() + text[1:] + (f"; {closed} closed." if closed else "."), className="thread__share"),
        html.Details([
            html.Summary(_count(len(missing), "director-review action with no update this quarter",
                                "director-review actions with no update this quarter")),
            html.Ul([html.Li([_review_link(review, as_at), " ", html.Span(review.title),
                              html.Span(f" ({review.text})", className="muted")]) for review in missing],
                    className="thread__gaps"),
        ], className="thread__details") if missing else None,
        html.Details([html.Summary(_count(len(reviews), "director-review action and its follow-up",
                                          "director-review actions and their follow-up")),
                      table("Director-review actions and their follow-up", ["Ref", "Action", "Status", "Follow-up"],
                            rows, class_name="thread-table")], className="thread__details"),
    ]


def golden_thread_section(thread: GoldenThread | None, as_at: str | None) -> html.Section | None:
    """The golden thread of a priority, a directorate or the council (none without one)."""
    if thread is None:
        return None
    with_target, managed, linked = thread.with_target, thread.managed, thread.linked
    return html.Section([
        html.H2("The golden thread", id=HEADING_ID),
        html.P("How well the line from the priorities through the indicators and their targets to the actions "
               "that move them holds here. Open a line to see its gaps.", className="lead"),
        html.Ul([
            _share(with_target, _count(len(with_target.gaps), "indicator without a target",
                                       "indicators without a target"), INDICATORS_PATH, as_at),
            _share(managed, _count(len(managed.gaps), "under-performer with no open remedial action",
                                   "under-performers with no open remedial action"), INDICATORS_PATH, as_at),
            _share(linked, _count(len(linked.gaps), "action linked to no indicator", "actions linked to no indicator"),
                   ACTIONS_PATH, as_at),
        ], className="thread"),
        html.H3("Director-review actions followed up", id="follow-up-heading"),
        html.P("Followed up: progress reported in each quarter the action has been open; no update this quarter "
               "otherwise; closed when complete.", className="muted"),
        *_reviews(thread, as_at),
    ], className="section thread-section", **{"aria-labelledby": HEADING_ID})
