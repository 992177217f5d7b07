"""An indicator's page: its history up to the period chosen, rated, with commentary and actions."""

from __future__ import annotations

from dash import html

from data.periods import Period
from data.store import Store
from layouts.indicator import indicator, values_table
from layouts.shell import not_found


def indicator_view(store: Store, slug: str, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and the indicator page as at `period` (figures reported after it are not shown)."""
    answer = store.indicator_page(slug, period)
    if answer is None:
        return "Indicator not found", not_found("indicator", as_at)
    facts = answer.details.facts
    return f"{facts.code}: {facts.title} as at {period.label}", indicator(answer, as_at)


def indicator_figures(store: Store, slug: str, period: Period, as_at: str) -> html.Div | None:
    """The trend's table twin, drawn when it is opened: every figure up to `period`, newest first."""
    answer = store.indicator_page(slug, period)
    return None if answer is None else values_table(answer.history, answer.details.facts.unit)
