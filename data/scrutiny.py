"""What scrutiny members see: themes with their questions, and the council -> directorate -> service drill-down."""

from __future__ import annotations

from typing import TYPE_CHECKING

from data.answers import NO_FILTERS, DrillDown, GridFilters, ThemePage, ThemeSummary
from data.periods import Period

if TYPE_CHECKING:
    from data.store import Store


def themes(store: Store, period: Period) -> tuple[ThemeSummary, ...]:
    """Every theme with its indicators rolled up at `period`, by name."""
    raise NotImplementedError


def theme_page(store: Store, slug: str, period: Period, filters: GridFilters = NO_FILTERS) -> ThemePage | None:
    """A theme's page at `period` (its grid narrowed further by `filters`), or None for an unknown slug."""
    raise NotImplementedError


def drill_down(store: Store, period: Period, directorate: str | None = None, service: str | None = None,
               filters: GridFilters = NO_FILTERS) -> DrillDown | None:
    """The council (no slugs), a directorate or one of its services at `period`; None for an unknown slug or
    a service of another directorate."""
    raise NotImplementedError
