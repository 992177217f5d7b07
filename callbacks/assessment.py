"""The strategic assessment (`/assessment`): the quarter holding the "as at" month, up to it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import html

from data.periods import Period
from data.store import Store
from layouts.assessment import assessment_page, notable_rest

if TYPE_CHECKING:
    from callbacks.router import Route


def assessment_view(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and the strategic assessment at `period`."""
    answer = store.assessment(period)
    return f"Strategic assessment {answer.label} as at {period.label}", assessment_page(answer, as_at)


def assessment_notable(store: Store, _slug: str, period: Period, as_at: str) -> html.Div | None:
    """The notable changes beyond the first fifty, drawn when they are asked for."""
    return notable_rest(store.assessment(period), as_at)
