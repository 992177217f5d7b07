"""The under-performance list (`/underperformance`): every indicator under-performing by the rules at the "as at"
month, those with no open remedial action first and called out, narrowed by filters in the URL.

Pure: typed values in (data/answers.py UnderPerformanceList), components out. The filters are the grid's
mechanism (assets/grid.js reads the form's data-names), native controls with visible labels. Each row is a row of
a semantic table: why in the rules' words, periods missed in a row, the year-end forecast against the year-end
target with the rule's method beside it, the owner, and the remedial actions with progress in text and status in
words (never colour alone)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from dash import dcc, html

from data.answers import UNDER_PAGE_ROWS, Link, LinkedAction, UnderPerformance, UnderPerformanceList
from data.filters import REASONS, filter_names, filters_query, url_name
from data.periods import Period, short_day
from data.rules import Reason
from layouts import ids
from layouts.components import empty, figure_text, href, notice, rating_badge, status_badge, target_text
from layouts.rules_text import rules_explained

PATH = "/underperformance"
LABELS = {"directorate": "Directorate", "theme": "Theme", "priority": "Priority", "reason": "Reason",
          "unmanaged": "Remedial action"}
EVERY = {"directorate": "Every directorate", "theme": "Every theme", "priority": "Every priority",
         "reason": "Any reason"}
CHOICES = {"directorate": "directorates", "theme": "themes", "priority": "priorities"}
UNMANAGED_ONLY = "No open remedial action only"
NO_FORECAST = "No forecast: none is made for annual, band or data-only indicators, or once the year's last " \
              "figure is in."
PERIODS = "Periods missed in a row"
HEADERS = ("Indicator", "Directorate and owner", "Rating", "Why (the rules' reasons)", PERIODS, "Year-end forecast",
           "Remedial actions")


def month_param(period: Period) -> str:
    """A month as a URL names it: `2008-12`."""
    return f"{period.start:%Y-%m}"



# --- the filters ------------------------------------------------------------------------------------------

def _chosen(answer: UnderPerformanceList, name: str) -> str:
    value = getattr(answer.filters, name)
    if value is None:
        return ""
    return url_name(value) if isinstance(value, Reason) else str(value)


def _options(answer: UnderPerformanceList, name: str) -> list[tuple[str, str]]:
    if name == "reason":
        return [(_sentence(reason), value) for value, reason in REASONS.items()]
    links: Sequence[Link] = getattr(answer.choices, CHOICES[name])
    return [(link.name, link.slug) for link in links]


def _select(answer: UnderPerformanceList, name: str) -> html.Div:
    chosen = _chosen(answer, name)
    options = [html.Option(EVERY[name], value="", selected=chosen == "")]
    options += [html.Option(label, value=value, selected=value == chosen) for label, value in _options(answer, name)]
    return html.Div([html.Label(LABELS[name], htmlFor=ids.grid_filter(name), className="grid-filter__label"),
                     html.Select(options, id=ids.grid_filter(name), name=name, className="grid-filter__select")],
                    className="grid-filter")


def _unmanaged(answer: UnderPerformanceList) -> html.Div:
    """"Unmanaged only" as a select of two (a native control named by its visible label, as the grid's)."""
    chosen = answer.filters.unmanaged
    return html.Div([
        html.Label(LABELS["unmanaged"], htmlFor=ids.grid_filter("unmanaged"), className="grid-filter__label"),
        html.Select([html.Option("With or without", value="", selected=not chosen),
                     html.Option(UNMANAGED_ONLY, value="1", selected=chosen)],
                    id=ids.grid_filter("unmanaged"), name="unmanaged", className="grid-filter__select"),
    ], className="grid-filter")


def narrowed(answer: UnderPerformanceList) -> bool:
    """Whether any filter is set (the page number is not a filter)."""
    return replace(answer.filters, page=1) != type(answer.filters)()


def filters_form(answer: UnderPerformanceList, as_at: str, path: str) -> html.Form:
    """Every filter with a visible label, and a link that clears them; assets/grid.js puts a change into the
    URL (the names in the form's data-names, in the URL's order) and the router redraws the page in place."""
    controls = [_select(answer, name) for name in ("directorate", "theme", "priority", "reason")]
    controls.append(_unmanaged(answer))
    return html.Form([
        html.H2("Filters", id="grid-filters-heading", className="grid-filters__heading"),
        html.Div(controls, className="grid-filters__controls"),
        html.P(html.A("Clear the filters", href=href(path, as_at), className="grid-filters__clear"))
        if narrowed(answer) else None,
    ], id=ids.GRID_FILTERS, className="grid-filters", action=path, method="get", role="search",
        **{"aria-labelledby": "grid-filters-heading",
           "data-names": " ".join(name for name in filter_names(type(answer.filters)) if name != "page")})


def _named(links: Sequence[Link], slug: str) -> str:
    return next((link.name for link in links if link.slug == slug), slug)


def filters_text(answer: UnderPerformanceList) -> str:
    """The filters in use, in words: `directorate Resources; reason red; no open remedial action`."""
    filters, parts = answer.filters, []
    for name in ("directorate", "theme", "priority"):
        if getattr(filters, name):
            parts.append(f"{name} {_named(getattr(answer.choices, CHOICES[name]), getattr(filters, name))}")
    if filters.reason is not None:
        parts.append(f"reason “{filters.reason}”")
    if filters.unmanaged:
        parts.append("no open remedial action")
    return "; ".join(parts)


def summary(answer: UnderPerformanceList) -> str:
    """What the list shows in one sentence."""
    shown, narrowed_to = len(answer.rows), filters_text(answer)
    what = (f"Showing {shown} of {answer.total} under-performing indicator{'' if answer.total == 1 else 's'}"
            f"{f' ({narrowed_to})' if narrowed_to else ''} at {answer.period.label}")
    if not shown:
        return f"{what}."
    return f"{what}: {answer.unmanaged} with no open remedial action, {shown - answer.unmanaged} with one."


# --- a row --------------------------------------------------------------------------------------------------

def reasons_words(row: UnderPerformance) -> list[str]:
    """Why it is listed, in the rules' own words, a late return first with its latest figure."""
    late = row.under.row.late
    return why_listed(late.text if late is not None else None, row.under.reasons)


def why_listed(late: str | None, reasons: Iterable[Reason]) -> list[str]:
    """An under-performer's reasons as the page and the report pack both word them: a late return first (its
    LateReturn text), then each reason of the rules as a sentence."""
    return ([f"{late}: judged at its latest figure"] if late is not None else []) + [_sentence(r) for r in reasons]


def _sentence(reason: Reason) -> str:
    return f"{reason}"[:1].upper() + f"{reason}"[1:]


def _indicator_cell(row: UnderPerformance, as_at: str) -> html.Th:
    facts = row.under.row.indicator
    return html.Th([html.A([html.Span(facts.code, className="code"), f" {facts.title}"],
                           href=href(f"/indicators/{facts.slug}", as_at)),
                    html.Strong(" No open remedial action", className="unmanaged under-tag")
                    if row.under.unmanaged else None], scope="row", role="rowheader")


def _rating(row: UnderPerformance) -> list:
    shown = row.under.row.shown
    return [rating_badge(shown.rating, small=True), html.Span(f" {shown.period.label}", className="muted")]


def forecast(row: UnderPerformance) -> list:
    """The forecast against the year-end target, whether it misses, and how the forecast is made."""
    under, unit = row.under, row.under.row.indicator.unit
    if under.forecast is None:
        return [html.P(NO_FORECAST, className="forecast-method muted")]
    year_end = under.row.shown.period.year_end.label
    target = (f"against {target_text(row.year_end_target, unit)} at the year end ({year_end})"
              if row.year_end_target is not None else f"no year-end target set for {year_end}")
    verdict = "forecast to miss it" if Reason.FORECAST_MISS in under.reasons else "on course"
    return [
        html.P([html.Strong(figure_text(under.forecast, unit)), f" {target}"
                f"{f': {verdict}' if row.year_end_target is not None else ''}."], className="forecast"),
        html.P(row.forecast_method, className="forecast-method muted"),
    ]


def progress(ref: str, value: float) -> html.Div:
    """Progress as a native <progress> of one length for every action, named, with the figure as text beside it
    (as the priority page's actions table draws it)."""
    return html.Div([
        html.Progress(value=f"{min(max(value, 0.0), 100.0):g}", max="100", className="progress__meter",
                      **{"aria-label": f"Progress of {ref}"}),
        html.Span(f"{value:.0f}%", className="progress__text"),
    ], className="progress")


def _action(linked: LinkedAction, as_at: str) -> html.Li:
    action = linked.action
    return html.Li([
        html.P([html.A(action.ref, href=href(f"/actions/{linked.slug}", as_at), className="code"),
                f" {action.title}"], className="under-action__title"),
        html.P([progress(action.ref, action.progress), " ", status_badge(action.status),
                html.Span(f" due {short_day(action.due)}", className="muted")], className="under-action__state"),
    ], className="under-action")


def _others(row: UnderPerformance, as_at: str) -> html.P | None:
    """The open actions of other kinds linked to it: there, but not remedial, so it is still unmanaged."""
    if not row.others:
        return None
    listed: list = ["Other open actions, not remedial: "]
    for i, linked in enumerate(row.others):
        action = linked.action
        listed += [", " if i else "", html.A(action.ref, href=href(f"/actions/{linked.slug}", as_at), className="code"),
                   f" ({action.kind}, {action.status})"]
    return html.P(listed, className="muted under-others")


def _actions(row: UnderPerformance, as_at: str) -> list:
    if not row.actions:
        return [html.Strong("No remedial action linked", className="unmanaged"), _others(row, as_at)]
    return [
        html.P("None open: every one linked is complete.", className="unmanaged") if row.under.unmanaged else None,
        html.Ul([_action(action, as_at) for action in row.actions], className="under-actions"),
        _others(row, as_at),
    ]


def _cell(header: str, children: object) -> html.Td:
    """A cell labelled by its column's header (data-label), which a phone shows above it when each row is
    stacked as a block (assets/underperformance.css)."""
    return html.Td(children, role="cell", className="num" if header == PERIODS else None,
                   **{"data-label": header})


def _row(row: UnderPerformance, as_at: str) -> html.Tr:
    facts = row.under.row.indicator
    cells = [[html.Span(facts.directorate), html.Br(), html.Span(f"Owner: {row.owner or 'not named'}",
                                                                 className="muted")],
             _rating(row),
             html.Ul([html.Li(words) for words in reasons_words(row)], className="under-reasons"),
             f"{row.under.periods_missed}",
             forecast(row),
             _actions(row, as_at)]
    return html.Tr([_indicator_cell(row, as_at), *(_cell(header, children)
                                                   for header, children in zip(HEADERS[1:], cells, strict=True))],
                   role="row")


def under_table(rows: Sequence[UnderPerformance], caption: str, as_at: str, table_id: str) -> html.Div:
    """The rows as a semantic table, its roles written out: on a phone each row is a stacked block
    (assets/underperformance.css), and a table shown as blocks keeps its meaning for screen readers only so."""
    head = html.Thead(html.Tr([html.Th(name, scope="col", role="columnheader",
                                       className="num" if name == PERIODS else None) for name in HEADERS],
                              role="row"), role="rowgroup")
    body = html.Tbody([_row(row, as_at) for row in rows], role="rowgroup")
    return html.Div(html.Table([html.Caption(caption), head, body], className="data-table under-table", role="table"),
                    id=table_id, className="table-scroll", tabIndex="0", role="region", **{"aria-label": caption})


# --- the sections and the page ------------------------------------------------------------------------------

def _unmanaged_section(answer: UnderPerformanceList, rows: Sequence[UnderPerformance], as_at: str) -> html.Section:
    count = answer.unmanaged
    return html.Section([
        html.H2(f"No open remedial action: {count} indicator{'' if count == 1 else 's'}", id="unmanaged-heading"),
        html.P("Under-performing with no open remedial action linked: the first to act on.", className="lead"),
        under_table(rows, f"Under-performing with no open remedial action at {answer.period.label}", as_at,
                    "under-unmanaged") if rows else
        empty("None on this page." if count else "Every indicator shown has an open remedial action."),
    ], className="section strip--attention", **{"aria-labelledby": "unmanaged-heading"})


def _managed_section(answer: UnderPerformanceList, rows: Sequence[UnderPerformance], as_at: str) -> html.Section:
    count = len(answer.rows) - answer.unmanaged
    return html.Section([
        html.H2(f"With an open remedial action: {count} indicator{'' if count == 1 else 's'}", id="managed-heading"),
        under_table(rows, f"Under-performing with an open remedial action at {answer.period.label}", as_at,
                    "under-managed") if rows else
        empty("None on this page." if count else "No indicator shown has an open remedial action."),
    ], className="section", **{"aria-labelledby": "managed-heading"})


def page_link(answer: UnderPerformanceList, as_at: str, path: str, page: int) -> str:
    return f"{path}{filters_query(replace(answer.filters, page=page), as_at)}"


def paging(answer: UnderPerformanceList, as_at: str, path: str) -> html.Nav | None:
    """Links to the previous and next pages, and which page this is (None for one page)."""
    if answer.pages == 1:
        return None
    page = answer.page
    return html.Nav([
        html.A("Previous page", href=page_link(answer, as_at, path, page - 1), rel="prev",
               className="grid-paging__link") if page > 1 else None,
        html.Span(f"Page {page} of {answer.pages} ({UNDER_PAGE_ROWS} indicators a page)",
                  className="grid-paging__where"),
        html.A("Next page", href=page_link(answer, as_at, path, page + 1), rel="next",
               className="grid-paging__link") if page < answer.pages else None,
    ], className="grid-paging", **{"aria-label": "Pages of the list"})


def downloads(count: int | None = None) -> html.Div:
    """Buttons that download exactly the rows the filters let through (every page) as CSV or Excel."""
    what = "these indicators" if count is None else f"the {count} indicator{'' if count == 1 else 's'} shown"
    return html.Div([
        html.P(f"Download {what} (every page):", className="grid-downloads__label"),
        html.Button("Download CSV", id=ids.UNDER_CSV, type="button", className="grid-downloads__button"),
        html.Button("Download Excel", id=ids.UNDER_XLSX, type="button", className="grid-downloads__button"),
        html.Div(id=ids.UNDER_DOWNLOAD_NOTE, className="grid-downloads__note"),
        dcc.Download(id=ids.UNDER_DOWNLOAD),
    ], className="grid-downloads")


def title(answer: UnderPerformanceList) -> str:
    """The page's title (the browser's tab, and each history entry)."""
    narrowed_to = filters_text(answer)
    page = f", page {answer.page}" if answer.page > 1 else ""
    return f"Under-performance{f' ({narrowed_to})' if narrowed_to else ''}{page} as at {answer.period.label}"


def under_performance_page(answer: UnderPerformanceList, as_at: str, path: str = PATH) -> html.Div:
    """`/underperformance`: every under-performing indicator, those with no open remedial action first."""
    shown = answer.page_rows
    return html.Div([
        html.H1(["Under-performance", html.Span(f" as at {answer.period.label}", className="h1__period")]),
        html.P("Every indicator under-performing by the rules: Red, Amber and worsening, missed two periods "
               "running, or forecast to miss its year-end target.", className="lead"),
        rules_explained(),
        html.Div([
            filters_form(answer, as_at, path),
            *(notice(note, "warning") for note in answer.notes),
            html.P(summary(answer), className="grid-summary lead", id="under-summary"),
            _unmanaged_section(answer, [row for row in shown if row.under.unmanaged], as_at) if answer.rows else
            empty("No indicator matches these filters: choose fewer, or clear them." if narrowed(answer) else
                  "No indicator is under-performing at this month."),
            _managed_section(answer, [row for row in shown if not row.under.unmanaged], as_at)
            if answer.rows else None,
            paging(answer, as_at, path),
            downloads(len(answer.rows)) if answer.rows else None,
        ], className="filtered-section"),
    ], className="page page--under")
