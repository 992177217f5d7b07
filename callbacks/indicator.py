"""An indicator's page: its history up to the period chosen, rated, with commentary and actions."""

from __future__ import annotations

from dash import html

from data.assessment import process_view
from data.periods import Period
from data.snapshots import reported_figures, restated_figures
from data.store import Store
from layouts.indicator import indicator, limits_view, values_table
from layouts.shell import not_found


def indicator_view(store: Store, slug: str, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and the indicator page as at `period` (figures reported after it are not shown), noting
    where a report pack's figure for it has since been restated (one query for every pack that showed it)."""
    answer = store.indicator_page(slug, period)
    if answer is None:
        return "Indicator not found", not_found("indicator", as_at)
    facts = answer.details.facts
    restated = restated_figures(reported_figures(store, facts.code), answer.history)
    return f"{facts.code}: {facts.title} as at {period.label}", indicator(answer, as_at, restated)


def indicator_figures(store: Store, slug: str, period: Period, as_at: str) -> html.Div | None:
    """The trend's table twin, drawn when it is opened: every figure up to `period`, newest first."""
    answer = store.indicator_page(slug, period)
    return None if answer is None else values_table(answer.history, answer.details.facts.unit)


def indicator_limits(store: Store, slug: str, period: Period, as_at: str) -> html.Div | None:
    """The series' process limits and signals, drawn when opened: its figures up to `period` only."""
    answer = store.indicator_page(slug, period)
    if answer is None:
        return None
    history = [figure for figure in answer.history if figure.period.end <= period.end]  # not those under way
    return limits_view(process_view(history, answer.details.facts), answer.details.facts)
