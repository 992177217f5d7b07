"""An indicator's page: its history up to the period chosen, rated, with commentary and actions."""

from __future__ import annotations

import pandas as pd
from dash import html

from data.periods import Period
from data.store import Store
from layouts.indicator import indicator, values_table
from layouts.shell import not_found


def indicator_view(store: Store, slug: str, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and the indicator page as at `period` (figures reported after it are not shown)."""
    meta = store.indicator(slug)
    if meta is None:
        return "Indicator not found", not_found("indicator", as_at)
    history = _history_to(store, slug, period)
    reported = history[history.actual.notna()]
    latest = reported.iloc[-1].to_dict() if len(reported) else None
    card = store.scorecard(period, indicator=slug)  # its row says whether the period's return is late
    page = indicator(meta=meta, history=history, latest=latest, actions=store.actions(period.end, indicator=slug),
                     as_at_label=period.label, as_at=as_at, late=card.iloc[0].to_dict() if len(card) else None)
    return f"{meta['code']}: {meta['title']} as at {period.label}", page


def indicator_figures(store: Store, slug: str, period: Period, as_at: str) -> html.Div | None:
    """The trend's table twin, drawn when it is opened: every figure up to `period`, newest first."""
    meta = store.indicator(slug)
    if meta is None:
        return None
    return values_table(_history_to(store, slug, period), meta.get("unit", ""))


def _history_to(store: Store, slug: str, period: Period) -> pd.DataFrame:
    """The indicator's figures up to the end of `period`: what was known as at then."""
    history = store.indicator_history(slug)
    return history[history.period_start <= period.end].reset_index(drop=True)
