"""The drill-down from the council to a directorate and a service: the same layout at every level (R9)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dash import dcc, html

from callbacks.grid import report_months
from data.periods import Period
from data.store import Store
from layouts.components import href
from layouts.directorates import COUNCIL_PATH, drill_down, level_heading
from layouts.shell import not_found
from layouts.went_well import went_well_section

if TYPE_CHECKING:
    from callbacks.router import Route


def drill_down_view(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The page title and the level the route names (the council, route.slug's directorate, or its service
    route.sub) at `period`, or a not-found page (an unknown slug, or a service of another directorate)."""
    answer = store.drill_down(period, route.slug or None, route.sub or None, route.filters)
    if answer is None:
        # a service not found may be one of a directorate that is not there either: name what is wrong
        what = "service" if route.sub and store.drill_down(period, route.slug) is not None else "directorate"
        page = not_found(what, as_at)
        page.children.append(html.P(dcc.Link("Start again from the whole council", href=href(COUNCIL_PATH, as_at))))
        return f"{what.capitalize()} not found", page
    # the golden thread is the council's or a directorate's: actions belong to a directorate, not a service
    thread = None if route.sub else store.golden_thread(period, directorate=route.slug or None)
    return f"{level_heading(answer)} as at {period.label}", drill_down(answer, route.path, as_at,
                                                                       report_months(store), thread)


def directorate_went_well(store: Store, slug: str, period: Period, as_at: str) -> html.Section | None:
    """What went well in a directorate's quarter (R14), drawn when opened: it reads every indicator's series,
    which at a thousand indicators costs more than the rest of the page."""
    return went_well_section(store.went_well(period, slug), as_at)
