"""The RAG status grid: every indicator's rating over the recent quarters, narrowed by the filters."""

from __future__ import annotations

from typing import TYPE_CHECKING

from data.answers import NO_FILTERS, Grid, GridFilters
from data.periods import Period

if TYPE_CHECKING:
    from data.store import Store


def grid(store: Store, period: Period, filters: GridFilters = NO_FILTERS) -> Grid:
    """The status grid as at `period` (a month), narrowed by `filters`."""
    raise NotImplementedError
