"""The RAG status grid (`/grid`, and the grid on the theme and directorate pages): filters, counts, the table.

Pure: typed values in (data/answers.py Grid), components out. The table is a plain semantic HTML table whose
links follow in reading order (Tab moves cell by cell, row by row), not the ARIA grid pattern: screen readers
read tables natively (headers announced with each cell), while the grid pattern needs its own arrow-key
handling, easy to get wrong and unknown to many users. Rows come a page at a time (GRID_PAGE_ROWS), so the
page stays small at any number of indicators.

The filters are native controls with visible labels; assets/grid.js puts a changed filter into the URL and the
router redraws the page in place. Ratings and directions carry their shape (from layouts/look.py) in a
`data-shape` attribute that assets/grid.css draws before the word: one component per cell, the word always
there, so never colour alone."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import replace

from dash import dcc, html

from data.answers import GRID_PAGE_ROWS, NOT_DUE, Grid, GridCell, GridColumn, GridFilters, GridRow, Link, ScorecardRow
from data.filters import FILTER_NAMES, FREQUENCIES, MAX_SEARCH, RATINGS, filters_query, rating_name
from data.periods import Frequency, Period
from data.rules import Direction, Rating
from layouts import ids
from layouts.components import empty, href, notice, rating_badge
from layouts.look import DIRECTIONS
from layouts.look import RATINGS as LOOKS

NO_COMPARISON = "–"
UNDER_PERFORMING = "Under-performing"  # a row under-performing by docs/rules.md#under-performance
# the filters a page may fix (set by the page itself, so not offered as a control), by the name in the URL
SELECTS = ("theme", "directorate", "service", "priority", "rating", "frequency")
LABELS = {"theme": "Theme", "directorate": "Directorate", "service": "Service", "priority": "Priority",
          "rating": "Latest rating", "frequency": "Frequency", "search": "Search by code or title",
          "partnership": "Partnership", "underperforming": "Under-performing"}
ONLY = {"partnership": "Partnership indicators only", "underperforming": "Under-performing only (by the rules)"}
EVERY = {"theme": "Every theme", "directorate": "Every directorate", "service": "Every service",
         "priority": "Every priority", "rating": "Any rating", "frequency": "Any frequency"}


def month_param(period: Period) -> str:
    """A month as a URL names it: `2008-12` (as the router writes `as_at`)."""
    return f"{period.start:%Y-%m}"


def last_month(period: Period) -> Period:
    """The last month of a month, quarter or year."""
    return Period(period.ordinal + period.frequency.months - 1, Frequency.MONTHLY)


def cell_month(cell: GridCell, as_at: str, months: Collection[str] | None = None) -> str:
    """The month a cell links to: its own period's last month, where the dashboard can report at it (not after
    the "as at" month, and among `months` when given); else the "as at" month."""
    month = month_param(last_month(cell.period))
    if month > as_at or (months is not None and month not in months):
        return as_at
    return month


# --- the filters ------------------------------------------------------------------------------------------

def _choices(grid: Grid, name: str) -> list[tuple[str, str]]:
    """A select's options as (label, value), after the "every" option."""
    if name == "rating":
        return [(str(rating), value) for value, rating in RATINGS.items()]
    if name == "frequency":
        return [(str(frequency).capitalize(), value) for value, frequency in FREQUENCIES.items()]
    links: Sequence[Link] = getattr(grid.choices, {"theme": "themes", "directorate": "directorates",
                                                   "service": "services", "priority": "priorities"}[name])
    return [(link.name, link.slug) for link in links]


def _chosen(filters: GridFilters, name: str) -> str:
    """A filter's value as its select names it ("" for every)."""
    value = getattr(filters, name)
    if value is None:
        return ""
    if isinstance(value, Rating):
        return rating_name(value)
    if isinstance(value, Frequency):
        return value.value
    return str(value)


def _select(grid: Grid, name: str) -> html.Div:
    chosen = _chosen(grid.filters, name)
    options = [html.Option(EVERY[name], value="", selected=chosen == "")]
    options += [html.Option(label, value=value, selected=value == chosen) for label, value in _choices(grid, name)]
    return html.Div([html.Label(LABELS[name], htmlFor=ids.grid_filter(name), className="grid-filter__label"),
                     html.Select(options, id=ids.grid_filter(name), name=name, className="grid-filter__select")],
                    className="grid-filter")


def _yes_no(grid: Grid, name: str) -> html.Div:
    """A yes-or-no filter as a select of two: Dash 4's dcc.Checklist draws a listbox of options that axe-core
    finds unnamed (and there is no html.Input), so a native select, named by its visible label."""
    chosen = bool(getattr(grid.filters, name))
    return html.Div([
        html.Label(LABELS[name], htmlFor=ids.grid_filter(name), className="grid-filter__label"),
        html.Select([html.Option("All indicators", value="", selected=not chosen),
                     html.Option(ONLY[name], value="1", selected=chosen)],
                    id=ids.grid_filter(name), name=name, className="grid-filter__select"),
    ], className="grid-filter")


def _search(filters: GridFilters) -> html.Div:
    return html.Div([
        html.Label(LABELS["search"], htmlFor=ids.grid_filter("search"), className="grid-filter__label"),
        dcc.Input(id=ids.grid_filter("search"), type="search", name="search", value=filters.search or "",
                  maxLength=MAX_SEARCH, autoComplete="off", className="grid-filter__search"),
    ], className="grid-filter grid-filter--search")


def filters_form(grid: Grid, as_at: str, path: str, fixed: frozenset[str] = frozenset()) -> html.Form:
    """Every filter but those the page fixes, each with a visible label; a link that clears them. A change is
    put into the URL by assets/grid.js (the page then redrawn in place); the server reads every value again."""
    controls = [_select(grid, name) for name in SELECTS if name not in fixed]
    controls += [_yes_no(grid, name) for name in ("partnership", "underperforming") if name not in fixed]
    if "search" not in fixed:
        controls.insert(0, _search(grid.filters))
    clear = html.P(html.A("Clear the filters", href=href(path, as_at), className="grid-filters__clear"))
    return html.Form([
        html.H3("Filters", id="grid-filters-heading", className="grid-filters__heading"),
        html.Div(controls, className="grid-filters__controls"),
        clear if grid.filters.narrowed else None,
    ], id=ids.GRID_FILTERS, className="grid-filters", action=path, method="get",
        role="search", **{"aria-labelledby": "grid-filters-heading",
                          "data-names": " ".join(name for name in FILTER_NAMES if name != "page")})


# --- what is shown ------------------------------------------------------------------------------------------

def _named(links: Sequence[Link], slug: str) -> str:
    return next((link.name for link in links if link.slug == slug), slug)


def filters_text(grid: Grid, fixed: frozenset[str] = frozenset()) -> str:
    """The filters in use, in words: `theme Children and young people; latest rating Red`."""
    filters, choices, parts = grid.filters, grid.choices, []
    for name, links in (("theme", choices.themes), ("directorate", choices.directorates),
                        ("service", choices.services), ("priority", choices.priorities)):
        if getattr(filters, name) and name not in fixed:
            parts.append(f"{name} {_named(links, getattr(filters, name))}")
    if filters.rating is not None and "rating" not in fixed:
        parts.append(f"latest rating {filters.rating}")
    if filters.frequency is not None and "frequency" not in fixed:
        parts.append(f"{filters.frequency} indicators")
    if filters.partnership and "partnership" not in fixed:
        parts.append("partnership indicators only")
    if filters.underperforming and "underperforming" not in fixed:
        parts.append("under-performing only")
    if filters.search and "search" not in fixed:
        parts.append(f"code or title containing “{filters.search}”")
    return "; ".join(parts)


def grid_summary(grid: Grid, fixed: frozenset[str] = frozenset()) -> str:
    """What the grid shows in one sentence, for everyone (and those who cannot see the table's colours)."""
    shown = len(grid.rows)
    what = f"{shown} of {grid.total} indicator{'' if grid.total == 1 else 's'}"
    narrowed = filters_text(grid, fixed)
    columns = f" over {len(grid.columns)} quarter{'' if len(grid.columns) == 1 else 's'}" if grid.columns else ""
    counts = ", ".join(f"{count} {rating}" for rating, count in grid.counts.counts.items() if count)
    return (f"Showing {what}{f' ({narrowed})' if narrowed else ''}{columns} to {grid.period.label}"
            f"{f': latest ratings {counts}' if counts else ''}.")


def rating_counts(grid: Grid) -> html.Ul:
    """How many of the indicators shown have each latest rating, each by shape and word as well as colour."""
    return html.Ul([html.Li([rating_badge(rating), html.Span(f" {count}", className="grid-counts__count")],
                            className="grid-counts__item")
                    for rating, count in grid.counts.counts.items() if count or rating.missed
                    or rating is Rating.GREEN],
                   className="grid-counts", **{"aria-label": "Indicators shown, by latest rating"})


# --- the table ------------------------------------------------------------------------------------------------

def _rating_cell(cell: GridCell | None, slug: str, code: str, as_at: str,
                 months: Collection[str] | None) -> html.Td:
    """A cell: its rating's word (its shape drawn before it, its colour behind), linking to the indicator at
    that cell's period; "Not due" where none of the indicator's periods ends in that column."""
    if cell is None:
        return html.Td(NOT_DUE, className="grid-cell--not-due")
    look = LOOKS[cell.rating]
    link = f"/indicators/{slug}?as_at={cell_month(cell, as_at, months)}"
    return html.Td(html.A(str(cell.rating), href=link,  # no class: a page of rows is a few hundred of these
                          **{"data-shape": look.glyph, "aria-label": f"{cell.rating}: {code}, {cell.period.label}"}),
                   className=f"rating--{look.css}")  # grid.css finds it by the rating's class: bytes count here


def _direction_cell(direction: Direction | None) -> html.Td:
    if direction is None:
        return html.Td(NO_COMPARISON, className="direction--none", title="No comparison")
    glyph, css = DIRECTIONS[direction]
    return html.Td(str(direction), className=f"direction--{css}", **{"data-shape": glyph})


def _latest_cell(row: ScorecardRow) -> html.Td:
    """The rating the filters and counts go by: the figure for the "as at" month, or, when that return is late,
    the latest figure known (said so: a late Red is still a Red)."""
    shown = row.shown
    look = LOOKS[shown.rating]
    late = html.Span(f"{shown.period.label}, return late", className="grid-late") if row.late else None
    return html.Td([html.Span(str(shown.rating), **{"data-shape": look.glyph}), late],
                   className=f"rating--{look.css} grid-latest")


def _row(row: GridRow, as_at: str, months: Collection[str] | None) -> html.Tr:
    facts, shown = row.row.indicator, row.row.shown
    where = f"{facts.directorate} / {facts.service}" if facts.service else facts.directorate
    return html.Tr([
        html.Th([html.A([html.Span(facts.code, className="code"), f" {facts.title}"],
                        href=href(f"/indicators/{facts.slug}", as_at)),
                 html.Span(where, className="grid-where"),
                 html.Span(UNDER_PERFORMING, className="grid-tag") if row.under_performing else None],
                scope="row"),
        *(_rating_cell(cell, facts.slug, facts.code, as_at, months) for cell in row.cells),
        _latest_cell(row.row),
        _direction_cell(shown.short_term),  # of the latest figure, as the latest rating and the export are
        _direction_cell(shown.long_term),
    ])


def _header(column: GridColumn) -> html.Th:
    return html.Th(column.label, scope="col", className="grid-column")


def _shown_range(grid: Grid) -> str:
    """Which rows this page shows: "12 indicators", or "indicators 51 to 100 of 120"."""
    rows = len(grid.rows)
    if rows <= GRID_PAGE_ROWS:
        return f"{rows} indicator{'' if rows == 1 else 's'}"
    first = (min(max(grid.filters.page, 1), grid.pages) - 1) * GRID_PAGE_ROWS + 1
    return f"indicators {first} to {first + len(grid.page_rows) - 1} of {rows}"


def grid_table(grid: Grid, as_at: str, months: Collection[str] | None = None) -> html.Div:
    """The rows of the page asked for: an indicator a row, a quarter a column, then its latest rating (the one the
    filters and counts go by) and the direction of travel of that figure."""
    caption = f"Ratings by quarter to {grid.period.label}: {_shown_range(grid)}"
    head = html.Thead(html.Tr([html.Th("Indicator (directorate / service)", scope="col"),
                               *(_header(column) for column in grid.columns),
                               html.Th("Latest", scope="col"), html.Th("Short term", scope="col"),
                               html.Th("Year on year", scope="col")]))
    body = html.Tbody([_row(row, as_at, months) for row in grid.page_rows])
    return html.Div(html.Table([html.Caption(caption), head, body], className="data-table grid-table"),
                    id=ids.GRID_TABLE, className="table-scroll", tabIndex="0", role="region",
                    **{"aria-label": caption})


# --- paging, downloads, the section and the page ------------------------------------------------------------

def page_link(grid: Grid, as_at: str, path: str, page: int) -> str:
    """The address of another page of the same rows (the filters kept)."""
    return f"{path}{filters_query(replace(grid.filters, page=page), as_at)}"


def paging(grid: Grid, as_at: str, path: str) -> html.Nav | None:
    """Links to the previous and next pages of rows, and which page this is (None for one page)."""
    if grid.pages == 1:
        return None
    page = min(max(grid.filters.page, 1), grid.pages)
    previous = html.A("Previous page", href=page_link(grid, as_at, path, page - 1), rel="prev",
                      className="grid-paging__link") if page > 1 else None
    following = html.A("Next page", href=page_link(grid, as_at, path, page + 1), rel="next",
                       className="grid-paging__link") if page < grid.pages else None
    return html.Nav([previous, html.Span(f"Page {page} of {grid.pages}", className="grid-paging__where"),
                     following], className="grid-paging", **{"aria-label": "Pages of the grid"})


def downloads(count: int | None = None) -> html.Div:
    """Buttons that download exactly the rows the filters let through (every page) as CSV or Excel."""
    what = "these indicators" if count is None else f"the {count} indicator{'' if count == 1 else 's'} shown"
    return html.Div([
        html.P(f"Download {what} (every page):", className="grid-downloads__label"),
        html.Button("Download CSV", id=ids.GRID_CSV, type="button", className="grid-downloads__button"),
        html.Button("Download Excel", id=ids.GRID_XLSX, type="button", className="grid-downloads__button"),
        html.Div(id=ids.GRID_DOWNLOAD_NOTE, className="grid-downloads__note"),
        dcc.Download(id=ids.GRID_DOWNLOAD),
    ], className="grid-downloads")


def grid_section(grid: Grid, as_at: str, path: str, *, fixed: frozenset[str] = frozenset(),
                 months: Collection[str] | None = None) -> html.Section:
    """The grid as any page shows it: the filters (but those in `fixed`, which the page sets), the notes for
    filters that could not be used, the counts by rating, the table a page at a time, and the downloads.
    `months` (as `2008-12`) are those the dashboard can report at: a cell links to its own month only then."""
    return html.Section([
        html.H2("Ratings by quarter", id="grid-heading"),
        filters_form(grid, as_at, path, fixed),
        *(notice(note, "warning") for note in grid.notes),
        html.P(grid_summary(grid, fixed), className="grid-summary lead"),
        rating_counts(grid) if grid.rows else None,
        grid_table(grid, as_at, months) if grid.rows else
        empty("No indicator matches these filters: choose fewer, or clear them."),
        paging(grid, as_at, path),
        downloads(len(grid.rows)) if grid.rows else None,
    ], className="section grid-section", **{"aria-labelledby": "grid-heading"})


def grid_title(grid: Grid) -> str:
    """The page's title (the browser's tab, and each history entry): the filters in use, and the page."""
    narrowed = filters_text(grid)
    page = min(max(grid.filters.page, 1), grid.pages)
    return (f"Status grid{f' ({narrowed})' if narrowed else ''}{f', page {page}' if page > 1 else ''}"
            f" as at {grid.period.label}")


def grid_page(grid: Grid, as_at: str, path: str, months: Collection[str] | None = None) -> html.Div:
    """`/grid`: every indicator's ratings over the recent quarters, narrowed by the filters in the URL."""
    return html.Div([
        html.H1(["Status grid", html.Span(f" as at {grid.period.label}", className="h1__period")]),
        html.P("Each indicator's rating in each quarter: select a rating to open the indicator at that period.",
               className="lead"),
        grid_section(grid, as_at, path, months=months),
    ], className="page page--grid")
