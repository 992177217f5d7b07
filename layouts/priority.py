"""A priority's page (`/priorities/<slug>`): its basket as small multiples, and the actions serving it."""

from __future__ import annotations

from typing import Any

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
from layouts.sparklines import sparkline_alt, sparkline_src

SMALL_MULTIPLES = 24  # a basket gives a high-level picture; beyond this many, the table has the rest
SEVERITY = {"Red": 0, "Amber": 1, "No target": 2, "No data": 3, "Green": 4, "Data only": 5}
PERIOD_WORDS = {"monthly": "month", "quarterly": "quarter", "annual": "year"}


def _known(value: Any) -> bool:
    """Whether a cell holds something: not None, NaN, NaT or blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return False
    try:
        return not bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or the like
        return True


def late_by(row: Any) -> int:
    """How many of its own periods an indicator's return is late: 0 when it is in, or the store does not say."""
    value = getattr(row, "late_by", 0)
    return int(value) if _known(value) else 0


def shown_rating(row: Any) -> str:
    """The rating to sort and badge a row by: for a late return, the last one known (a late Red is still a
    Red)."""
    last = getattr(row, "last_rating", "")
    return last if late_by(row) and _known(last) else row.rating


def shown_ratings(frame: pd.DataFrame) -> pd.Series:
    """shown_rating for every row of a scorecard or exception list."""
    if "late_by" not in frame.columns or "last_rating" not in frame.columns:
        return frame["rating"]
    late = frame["late_by"].fillna(0).astype(int) > 0
    return frame["last_rating"].where(late & frame["last_rating"].fillna("").ne(""), frame["rating"])


def how_late(row: Any) -> str:
    """How late in words ("return 1 month late"), in the indicator's own periods."""
    count = late_by(row)
    word = PERIOD_WORDS.get(str(getattr(row, "frequency", "")), "period")
    return f"return {count} {word}{'' if count == 1 else 's'} late"


def most_pressing(card: pd.DataFrame, limit: int = SMALL_MULTIPLES) -> pd.DataFrame:
    """The basket members drawn as small multiples: the most pressing first (Red, then Amber, ...; worsening
    before the rest; a late return by its last known rating), at most `limit` of them."""
    if card.empty:
        return card
    order = card.assign(_severity=shown_ratings(card).map(SEVERITY).fillna(6),
                        _worsening=(card["short_term"] != "Worsening") & (card["long_term"] != "Worsening"))
    return order.sort_values(["_severity", "_worsening", "code"]).head(limit).drop(columns=["_severity", "_worsening"])


def _latest_figure(row: Any) -> list:
    """The rating and figure for the period; for a late return, "No data" and then the last figure known."""
    if not late_by(row):
        return [html.P([rating_badge(row.rating), " ", html.Strong(figure_text(row.actual, row.unit)),
                        html.Span(f" against {target_text(row.target_low, row.target_high, row.unit)}",
                                  className="muted")])]
    return [
        html.P([rating_badge(row.rating), html.Span(f" for {row.period}: no figure yet", className="muted")]),
        html.P(["Last known: ", rating_badge(row.last_rating, small=True), " ",
                html.Strong(figure_text(row.last_actual, row.unit)), f" ({row.last_period}) — {how_late(row)}"],
               className="late"),
    ]


def _small_multiple(row, history: pd.DataFrame, as_at: str | None) -> html.Li:
    return html.Li(html.Article([
        html.H3(dcc.Link(row.title, href=href(f"/indicators/{row.slug}", as_at), className="card__link")),
        html.P([html.Span(row.code, className="code"), f" · {row.period}"], className="muted"),
        *_latest_figure(row),
        html.P([direction_badge(row.short_term or None, label="Short term: "), " ",
                direction_badge(row.long_term or None, label="Year on year: ")], className="directions"),
        html.Img(src=sparkline_src(history), alt=sparkline_alt(history, row.unit), className="sparkline"),
    ], className="card card--indicator" + (" card--late" if late_by(row) else "")), className="cards__item")


def _rating_cell(row: Any) -> str:
    if not late_by(row):
        return rating_text(row.rating)
    return (f"{rating_text(row.rating)}; last known {rating_text(row.last_rating)} "
            f"{figure_text(row.last_actual, row.unit)} ({row.last_period}), {how_late(row)}")


def basket_table(card: pd.DataFrame, as_at: str | None) -> html.Div:
    """Every indicator in the basket, rated (drawn when opened: see on_demand)."""
    rows = [[r.code, (r.title, href(f"/indicators/{r.slug}", as_at)), r.period, figure_text(r.actual, r.unit),
             r.target or "–", _rating_cell(r), r.short_term or "–", r.long_term or "–"]
            for r in card.itertuples()]
    return text_table("The basket as a table", ["Code", "Indicator", "Period", "Actual", "Target", "Rating",
                                                "Short term", "Year on year"], rows, numeric=(3,))


def _day(day: Any) -> str:
    return f"{day.day} {day:%b %Y}"


def _progress(ref: str, progress: float) -> html.Div:
    """Progress as a native <progress> of one fixed length for every action (so 75% is three quarters of
    100%), named for screen readers, with the figure as text beside it."""
    return html.Div([
        html.Progress(value=f"{min(max(progress, 0.0), 100.0):g}", max="100", className="progress__meter",
                      **{"aria-label": f"Progress of {ref}"}),
        html.Span(f"{progress:.0f}%", className="progress__text"),
    ], className="progress")


def _action_cell(row: Any) -> list:
    """The action's title, and its latest progress note (as reported, shown as text)."""
    if not hasattr(row, "reported_on"):  # a frame that does not carry the reports
        return [html.Span(row.title, className="action-title")]
    note, reported = getattr(row, "note", None), row.reported_on
    if not _known(reported):
        latest = html.P("No progress reported yet.", className="action-note")
    elif _known(note):
        latest = html.P([f"Latest note (as at {_day(reported)}): ", html.Span(str(note))], className="action-note")
    else:
        latest = None
    return [html.Span(row.title, className="action-title"), latest]


def _status_cell(row: Any) -> list:
    """The status badge with the rule's reason under it, for everyone to read."""
    reason = str(getattr(row, "status_text", "") or "")
    prefix = f"{row.status}: "
    if reason.startswith(prefix):  # the badge already says the status
        reason = reason[len(prefix):]
    reason = reason[:1].upper() + reason[1:]
    return [status_badge(row.status), html.Span(reason, className="status-reason") if reason else None]


def _indicator_cell(row: Any, as_at: str | None) -> Any:
    """Each linked indicator's code, linking to its page (plain codes when the store gives no slugs)."""
    links = getattr(row, "indicator_links", None)
    if isinstance(links, list | tuple) and links:
        cell: list = []
        for code, slug in links:
            cell += [dcc.Link(code, href=href(f"/indicators/{slug}", as_at)), "; "]
        return cell[:-1]
    return row.indicators or "–"


def actions_table(actions: pd.DataFrame, caption: str, as_at: str | None = None) -> html.Div:
    """Actions with progress, status and why, the latest note, and links to their indicators (shared with
    the indicator page)."""
    rows = [[html.Span(r.ref, className="code"), _action_cell(r), r.kind.capitalize(), r.owner or "–", _day(r.due),
             _progress(r.ref, float(r.progress)), _status_cell(r), _indicator_cell(r, as_at)]
            for r in actions.itertuples()]
    return table(caption, ["Ref", "Action and latest note", "Kind", "Owner", "Due", "Progress", "Status and why",
                           "Indicators"], rows, class_name="actions-table")


def _late_note(rollup: dict | None) -> html.P | None:
    late = (rollup or {}).get("late")
    if not _known(late) or not int(late):
        return None
    late = int(late)
    return html.P(f"{late} return{'s are' if late > 1 else ' is'} late: the last figure known is shown "
                  f"for {'each' if late > 1 else 'it'}.", className="lead")


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
        _late_note(rollup),
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
            actions_table(actions, "Actions serving this priority", as_at) if len(actions) else
            empty("No action is recorded against this priority."),
        ], className="section", **{"aria-labelledby": "actions-heading"}),
    ], className="page page--priority")
