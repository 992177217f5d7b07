"""The action tracker (`/actions`) and an action's page (`/actions/<ref-slug>`).

Pure: typed values in (data/answers.py Tracker, ActionPage), components out. The tracker's filters are the status
grid's mechanism (layouts/grid.py): one form with the grid's ids whose data-names lists this page's filters, put
into the URL by assets/grid.js, the page redrawn in place. A status is always its shape and word (status_badge)
with the rule's sentence beside it; progress is a bar with its number in text. An action's progress through time
is a small SVG drawn here (as layouts/sparklines.py draws indicators), with its story in words and a table twin;
the trend of each indicator it is meant to move marks when it started, in the picture, in words and in its twin."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from html import escape
from urllib.parse import quote

from dash import dcc, html

from data.answers import (
    ACTIONS_PAGE_ROWS,
    ActionFilters,
    ActionPage,
    ActionProgress,
    Figure,
    IndicatorTrend,
    Link,
    ProgressReport,
    Tracker,
)
from data.filters import KINDS, MAX_SEARCH, filter_names, filters_query, url_name
from data.periods import Frequency, Period, short_day
from data.rules import BEHIND_BY
from data.tracker import ORDER_TEXT, TRACKER_ORDER, action_slug
from layouts import ids, look
from layouts.components import direction_badge, empty, figure_text, href, notice, rating_badge, status_badge, table
from layouts.priority import _progress, _status_cell
from layouts.shell import breadcrumbs
from layouts.sparklines import sparkline_alt, sparkline_src

# the tracker's filters, by their name in the URL (data/answers.py ActionFilters)
LABELS = {"kind": "Kind", "priority": "Priority", "directorate": "Directorate", "status": "Status",
          "owner": "Owner", "search": "Search by ref or title"}
EVERY = {"kind": "Every kind", "priority": "Every priority", "directorate": "Every directorate",
         "status": "Any status"}
SELECTS = ("kind", "priority", "directorate", "status")
TEXTS = ("search", "owner")
NO_REPORT = "No progress reported yet."
UNDER_WAY_HEADERS = ("Period", "Figure", "Rating", "Action under way")



def action_href(ref: str, as_at: str | None) -> str:
    """The address of an action's page at the month shown."""
    return href(f"/actions/{action_slug(ref)}", as_at)


# --- the tracker's filters --------------------------------------------------------------------------------

def _options(tracker: Tracker, name: str) -> list[tuple[str, str]]:
    """A select's options as (label, value), after the "every" option."""
    if name == "kind":
        return [(str(kind).capitalize(), value) for value, kind in KINDS.items()]
    if name == "status":
        return [(str(status), url_name(status)) for status in TRACKER_ORDER]
    links: Sequence[Link] = getattr(tracker.choices, {"priority": "priorities", "directorate": "directorates"}[name])
    return [(link.name, link.slug) for link in links]


def _chosen(filters: ActionFilters, name: str) -> str:
    value = getattr(filters, name)
    if value is None:
        return ""
    return url_name(value) if name in ("kind", "status") else str(value)


def _select(tracker: Tracker, name: str) -> html.Div:
    chosen = _chosen(tracker.filters, name)
    options = [html.Option(EVERY[name], value="", selected=chosen == "")]
    options += [html.Option(label, value=value, selected=value == chosen) for label, value in _options(tracker, name)]
    return html.Div([html.Label(LABELS[name], htmlFor=ids.grid_filter(name), className="grid-filter__label"),
                     html.Select(options, id=ids.grid_filter(name), name=name, className="grid-filter__select")],
                    className="grid-filter")


def _text(filters: ActionFilters, name: str) -> html.Div:
    return html.Div([
        html.Label(LABELS[name], htmlFor=ids.grid_filter(name), className="grid-filter__label"),
        dcc.Input(id=ids.grid_filter(name), type="search", name=name, value=getattr(filters, name) or "",
                  maxLength=MAX_SEARCH, autoComplete="off", className="grid-filter__search"),
    ], className="grid-filter grid-filter--search")


def narrowed(filters: ActionFilters) -> bool:
    """Whether any filter is set (the page number is not a filter)."""
    return any(getattr(filters, name) for name in filter_names(ActionFilters) if name != "page")


def filters_form(tracker: Tracker, as_at: str) -> html.Form:
    """Every filter as a labelled native control, and a link that clears them; assets/grid.js puts a change into
    the URL (the page redrawn in place); the server reads every value again."""
    controls = [_text(tracker.filters, "search"), *(_select(tracker, name) for name in SELECTS),
                _text(tracker.filters, "owner")]
    clear = html.P(html.A("Clear the filters", href=href("/actions", as_at), className="grid-filters__clear"))
    return html.Form([
        html.H3("Filters", id="grid-filters-heading", className="grid-filters__heading"),
        html.Div(controls, className="grid-filters__controls"),
        clear if narrowed(tracker.filters) else None,
    ], id=ids.GRID_FILTERS, className="grid-filters", action="/actions", method="get", role="search",
        **{"aria-labelledby": "grid-filters-heading",
           "data-names": " ".join(name for name in filter_names(ActionFilters) if name != "page")})


# --- what is shown ----------------------------------------------------------------------------------------

def _named(links: Sequence[Link], slug: str) -> str:
    return next((link.name for link in links if link.slug == slug), slug)


def filters_text(tracker: Tracker) -> str:
    """The filters in use, in words: `kind remedial; status Overdue; owner containing “Head”`."""
    filters, parts = tracker.filters, []
    if filters.kind is not None:
        parts.append(f"kind {filters.kind}")
    if filters.priority:
        parts.append(f"priority {_named(tracker.choices.priorities, filters.priority)}")
    if filters.directorate:
        parts.append(f"directorate {_named(tracker.choices.directorates, filters.directorate)}")
    if filters.status is not None:
        parts.append(f"status {filters.status}")
    if filters.owner:
        parts.append(f"owner containing “{filters.owner}”")
    if filters.search:
        parts.append(f"ref or title containing “{filters.search}”")
    return "; ".join(parts)


def tracker_summary(tracker: Tracker) -> str:
    """What the tracker shows in one sentence: how many, which filters, and how many of each status."""
    what = f"{len(tracker.rows)} of {tracker.total} action{'' if tracker.total == 1 else 's'}"
    words = filters_text(tracker)
    counts = ", ".join(f"{count} {status}" for status, count in tracker.counts if count)
    return (f"Showing {what}{f' ({words})' if words else ''} as at {short_day(tracker.period.end)}"
            f"{f': {counts}' if counts else ''}.")


def status_counts(tracker: Tracker) -> html.Ul:
    """How many of the actions shown have each status, each by shape and word."""
    return html.Ul([html.Li([status_badge(status), html.Span(f" {count}", className="grid-counts__count")],
                            className="grid-counts__item") for status, count in tracker.counts],
                   className="grid-counts", **{"aria-label": "Actions shown, by status"})


# --- the table --------------------------------------------------------------------------------------------

def latest_note(action: ActionProgress) -> html.P | None:
    """The latest progress note, as reported (text, never markup), with its date."""
    if action.reported_on is None:
        return html.P(NO_REPORT, className="action-note")
    if action.note is None:
        return None
    return html.P([f"Latest note ({short_day(action.reported_on)}): ", html.Span(action.note)],
                  className="action-note")


def _row(action: ActionProgress, as_at: str) -> html.Tr:
    return html.Tr([
        html.Th(html.A(action.ref, href=action_href(action.ref, as_at), className="code"), scope="row"),
        html.Td([html.Span(action.title, className="action-title"), latest_note(action)]),
        html.Td(str(action.kind).capitalize()),
        html.Td(action.priority.name if action.priority else "–"),
        html.Td(action.directorate),
        html.Td(action.owner or "–"),
        html.Td(short_day(action.due)),
        html.Td(_progress(action.ref, action.progress)),
        html.Td(_status_cell(action)),
    ])


def _shown_range(tracker: Tracker) -> str:
    """Which rows this page shows: "12 actions", or "actions 51 to 100 of 120"."""
    rows = len(tracker.rows)
    if tracker.pages == 1:
        return f"{rows} action{'' if rows == 1 else 's'}"
    first = (tracker.page - 1) * ACTIONS_PAGE_ROWS + 1
    return f"actions {first} to {first + len(tracker.page_rows) - 1} of {rows}"


HEADERS = ("Ref", "Action and latest note", "Kind", "Priority", "Directorate", "Owner", "Due", "Progress",
           "Status and why")


def tracker_table(tracker: Tracker, as_at: str) -> html.Div:
    """The actions of the page asked for, most in need of chasing first."""
    caption = f"Actions as at {short_day(tracker.period.end)}: {_shown_range(tracker)}"
    head = html.Thead(html.Tr([html.Th(header, scope="col") for header in HEADERS]))
    body = html.Tbody([_row(action, as_at) for action in tracker.page_rows])
    return html.Div(html.Table([html.Caption(caption), head, body], className="data-table tracker-table"),
                    id=ids.GRID_TABLE, className="table-scroll", tabIndex="0", role="region",
                    **{"aria-label": caption})


def paging(tracker: Tracker, as_at: str) -> html.Nav | None:
    """Links to the previous and next pages of actions, and which page this is (None for one page)."""
    if tracker.pages == 1:
        return None

    def link(page: int) -> str:
        return f"/actions{filters_query(replace(tracker.filters, page=page), as_at)}"

    page = tracker.page
    previous = html.A("Previous page", href=link(page - 1), rel="prev", className="grid-paging__link") \
        if page > 1 else None
    following = html.A("Next page", href=link(page + 1), rel="next", className="grid-paging__link") \
        if page < tracker.pages else None
    return html.Nav([previous, html.Span(f"Page {page} of {tracker.pages}", className="grid-paging__where"),
                     following], className="grid-paging", **{"aria-label": "Pages of the tracker"})


def downloads(count: int | None = None) -> html.Div:
    """Buttons that download exactly the actions the filters let through (every page) as CSV or Excel."""
    what = "these actions" if count is None else f"the {count} action{'' if count == 1 else 's'} shown"
    return html.Div([
        html.P(f"Download {what} (every page):", className="grid-downloads__label"),
        html.Button("Download CSV", id=ids.ACTIONS_CSV, type="button", className="grid-downloads__button"),
        html.Button("Download Excel", id=ids.ACTIONS_XLSX, type="button", className="grid-downloads__button"),
        html.Div(id=ids.ACTIONS_DOWNLOAD_NOTE, className="grid-downloads__note"),
        dcc.Download(id=ids.ACTIONS_DOWNLOAD),
    ], className="grid-downloads")


def tracker_title(tracker: Tracker) -> str:
    """The page's title (the browser's tab, and each history entry): the filters in use, and the page."""
    words = filters_text(tracker)
    return (f"Action tracker{f' ({words})' if words else ''}{f', page {tracker.page}' if tracker.page > 1 else ''}"
            f" as at {tracker.period.label}")


def tracker_page(tracker: Tracker, as_at: str) -> html.Div:
    """`/actions`: every action's status as at the month, narrowed by the filters in the URL."""
    return html.Div([
        html.H1(["Action tracker", html.Span(f" as at {tracker.period.label}", className="h1__period")]),
        html.P("Every service-plan, remedial and director-review action, with its status as at the end of the "
               "month by the council's rule: Complete (100% or completed); Overdue (past its due date); Not "
               f"started (nothing done before its start); Behind (more than {BEHIND_BY} points below the share "
               "of its time gone); otherwise On track.", className="lead"),
        html.Section([
            html.H2("Actions", id="tracker-heading"),
            filters_form(tracker, as_at),
            *(notice(note, "warning") for note in tracker.notes),
            html.P(tracker_summary(tracker), className="grid-summary lead"),
            html.P(f"Order: {ORDER_TEXT}", className="tracker-order"),
            status_counts(tracker) if tracker.rows else None,
            tracker_table(tracker, as_at) if tracker.rows else
            empty("No action matches these filters: choose fewer, or clear them."),
            paging(tracker, as_at),
            downloads(len(tracker.rows)) if tracker.rows else None,
        ], className="section filtered-section", **{"aria-labelledby": "tracker-heading"}),
    ], className="page page--actions")


# --- an action's page -----------------------------------------------------------------------------------------

CHART_WIDTH, CHART_HEIGHT = 480, 200
# the chart's summary is the paragraph above it, for everyone; its alternative text says so rather than repeat it
CHART_ALT = "Chart of the progress reported against the plan, described in the text above and the table below."
C_LEFT, C_RIGHT, C_TOP, C_BOTTOM = 44, 12, 12, 28


def _x(day: date, first: date, last: date) -> float:
    span = max((last - first).days, 1)
    return C_LEFT + (CHART_WIDTH - C_LEFT - C_RIGHT) * (day - first).days / span


def _y(progress: float) -> float:
    return C_TOP + (CHART_HEIGHT - C_TOP - C_BOTTOM) * (100 - min(max(progress, 0.0), 100.0)) / 100


def progress_svg(page: ActionPage) -> str:
    """The action's progress through time as an SVG document: each report a point (its status's colour behind
    the line), the plan (a straight line from 0% at the start to 100% when due) dashed, 0% and 100% labelled."""
    action, reports = page.action, page.reports
    first = min([action.start, *(report.as_of for report in reports)])
    last = max([action.due, page.period.end, *(report.as_of for report in reports)])
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" '
             f'width="{CHART_WIDTH}" height="{CHART_HEIGHT}" font-family="{escape(look.FONT)}" font-size="11" '
             f'fill="{look.MUTED}">']
    for progress in (0, 50, 100):
        y = _y(progress)
        parts.append(f'<line x1="{C_LEFT}" x2="{CHART_WIDTH - C_RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                     f'stroke="{look.GRID}"/>')
        parts.append(f'<text x="{C_LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">{progress}%</text>')
    parts.append(f'<line x1="{_x(action.start, first, last):.1f}" y1="{_y(0):.1f}" '
                 f'x2="{_x(action.due, first, last):.1f}" y2="{_y(100):.1f}" stroke="{look.TARGET}" '
                 'stroke-width="1.5" stroke-dasharray="5 3"/>')
    parts.append(f'<text x="{C_LEFT}" y="{CHART_HEIGHT - 6}">{escape(short_day(first))}</text>')
    parts.append(f'<text x="{CHART_WIDTH - C_RIGHT}" y="{CHART_HEIGHT - 6}" text-anchor="end">'
                 f'{escape(short_day(last))}</text>')
    points = [(_x(report.as_of, first, last), _y(report.progress)) for report in reports]
    if points:
        path = " ".join(f"{'M' if i == 0 else 'L'}{x:.1f},{y:.1f}" for i, (x, y) in enumerate(points))
        parts.append(f'<path d="{path}" fill="none" stroke="{look.INK}" stroke-width="2"/>')
        parts += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{look.INK}"/>' for x, y in points]
    return "".join(parts) + "</svg>"


def progress_summary(page: ActionPage) -> str:
    """The chart's story in words: the reports, the progress from first to last, the plan and the status now."""
    action, reports = page.action, page.reports
    plan = f"The plan runs from 0% on {short_day(action.start)} to 100% when due on {short_day(action.due)}."
    if not reports:
        return f"No progress reported by {short_day(page.period.end)}. {plan} {action.status_text}"
    first, latest = reports[0], reports[-1]
    times = f"{len(reports)} time{'' if len(reports) == 1 else 's'}"
    span = (f"from {first.progress:.0f}% on {short_day(first.as_of)} to {latest.progress:.0f}% on "
            f"{short_day(latest.as_of)}" if len(reports) > 1 else
            f"{latest.progress:.0f}% on {short_day(latest.as_of)}")
    return f"Progress reported {times}: {span}. {plan} Now: {action.status_text}"


def reports_table(page: ActionPage) -> html.Div:
    """The chart's table twin: each report's date, progress, the status it gave then and why, and its note."""
    caption = f"Progress reports on {page.action.ref} to {short_day(page.period.end)}"
    rows = [html.Tr([html.Th(short_day(report.as_of), scope="row"), html.Td(f"{report.progress:.0f}%", className="num"),
                     html.Td(_report_status(report)), html.Td(report.note or "–")])
            for report in page.reports]
    head = html.Thead(html.Tr([html.Th(header, scope="col", className="num" if header == "Progress" else None)
                               for header in ("Date", "Progress", "Status then and why", "Note")]))
    return html.Div(html.Table([html.Caption(caption), head, html.Tbody(rows)],
                               className="data-table reports-table"),
                    className="table-scroll", tabIndex="0", role="region", **{"aria-label": caption})


def _report_status(report: ProgressReport) -> list:
    reason = report.status_text.removeprefix(f"{report.status}: ")
    return [status_badge(report.status), html.Span(reason[:1].upper() + reason[1:], className="status-reason")]


def _progress_section(page: ActionPage) -> html.Section:
    summary = progress_summary(page)
    return html.Section([
        html.H2("Progress through time", id="progress-heading"),
        html.P(summary, className="lead"),
        html.Img(src="data:image/svg+xml," + quote(progress_svg(page), safe=" /:=;,.'()-"), alt=CHART_ALT,
                 className="progress-chart", width=str(CHART_WIDTH), height=str(CHART_HEIGHT)),
        html.P("Solid line and dots: progress as reported; dashed line: the plan, from 0% at the start to 100% "
               "when due.", className="chart-key"),
        html.Details([html.Summary("Progress reports as a table"), reports_table(page)], className="on-demand")
        if page.reports else None,
    ], className="section", **{"aria-labelledby": "progress-heading"})


def _notes(page: ActionPage) -> html.Section:
    """Every note as reported, newest first; a note repeated in the reports that follow is written once, saying
    in how many reports and until when (a note carried forward unchanged is itself news to a manager)."""
    runs: list[list[ProgressReport]] = []  # reports in a row with the same note
    for report in page.reports:
        if not report.note:
            continue
        if runs and runs[-1][-1].note == report.note:
            runs[-1].append(report)
        else:
            runs.append([report])
    items = [html.Li([html.Strong(short_day(run[0].as_of)), ": ", html.Span(run[0].note),
                      html.Span(f" (the same note in {len(run)} reports, to {short_day(run[-1].as_of)})",
                                className="muted") if len(run) > 1 else None], className="action-note")
             for run in reversed(runs)]
    return html.Section([
        html.H2("Notes", id="notes-heading"),
        html.Ul(items, className="notes-list") if items else empty("No progress note reported yet."),
    ], className="section", **{"aria-labelledby": "notes-heading"})


def under_way(figure: Figure, start: date) -> bool:
    """Whether the action had started by the end of the figure's period (it started in that period or before):
    the figures from then on are those it may have moved."""
    return figure.period.end >= start


def start_text(trend: IndicatorTrend, start: date) -> str:
    """Where the action's start falls in an indicator's trend, in words, with the figures at the start and the
    latest, so that a manager can see whether it is working."""
    month = Period.containing(Frequency.MONTHLY, start).label
    since = [figure for figure in trend.history if under_way(figure, start)]
    if not since:
        return f"The action starts in {month}, after the latest figure here."
    unit, first = trend.indicator.unit, since[0]
    then = "no figure" if first.actual is None else figure_text(first.actual, unit)
    where = "" if first.period.label == month else f", in {first.period.label}"
    said = f"Action under way from {month} (the dotted upright line{where}): {then} then"
    latest = next((figure for figure in reversed(since) if figure.actual is not None), None)
    if latest is None or latest is first:
        return f"{said}."
    return f"{said}, {figure_text(latest.actual, unit)} in {latest.period.label}."


def trend_table(trend: IndicatorTrend, action: ActionProgress) -> html.Div:
    """A trend's table twin: each period's figure and rating, and whether the action was under way then."""
    facts = trend.indicator
    rows = [[figure.period.label, figure_text(figure.actual, facts.unit), rating_badge(figure.rating, small=True),
             "Yes" if under_way(figure, action.start) else "Not yet"] for figure in trend.history]
    return table(f"{facts.code} by period, and whether {action.ref} was under way", UNDER_WAY_HEADERS, rows,
                 numeric=(1,), class_name="trend-table")


def _trend_card(trend: IndicatorTrend, action: ActionProgress, as_at: str) -> html.Li:
    facts, history = trend.indicator, trend.history
    latest = next((figure for figure in reversed(history) if figure.actual is not None), None)
    link = dcc.Link([html.Span(facts.code, className="code"), f" {facts.title}"],
                    href=href(f"/indicators/{facts.slug}", as_at))
    if latest is None:
        return html.Li([html.H3(link), empty("No figure reported for it yet.")], className="card")
    start = next((i for i, figure in enumerate(history) if under_way(figure, action.start)), None)
    marked = "" if start is None else " The dotted upright line marks the action's start."
    return html.Li([
        html.H3(link),
        html.P([rating_badge(latest.rating, small=True),
                f" {figure_text(latest.actual, facts.unit)} in {latest.period.label}. ",
                direction_badge(latest.long_term, label="Year on year: ")]),
        html.Img(src=sparkline_src(history, start), alt=sparkline_alt(history, facts.unit) + marked,
                 className="sparkline"),
        html.P(start_text(trend, action.start), className="trend-start"),
        html.Details([html.Summary(f"{facts.code} as a table"), trend_table(trend, action)], className="on-demand"),
    ], className="card")


def _trends(page: ActionPage, as_at: str) -> html.Section:
    return html.Section([
        html.H2("The indicators it is meant to move", id="trends-heading"),
        html.P(f"Each from a year before the action started ({short_day(page.action.start)}): is it working?",
               className="lead") if page.trends else None,
        html.Ul([_trend_card(trend, page.action, as_at) for trend in page.trends], className="cards cards--small")
        if page.trends else empty("This action is not linked to any indicator."),
    ], className="section", **{"aria-labelledby": "trends-heading"})


def _facts(action: ActionProgress, as_at: str) -> html.Dl:
    pairs = [("Kind", str(action.kind).capitalize()),
             ("Priority", dcc.Link(action.priority.name, href=href(f"/priorities/{action.priority.slug}", as_at))
              if action.priority else "–"),
             ("Directorate", action.directorate), ("Owner", action.owner or "–"),
             ("Start", short_day(action.start)), ("Due", short_day(action.due)),
             ("Completed", short_day(action.completed) if action.completed else "–"),
             ("Progress", _progress(action.ref, action.progress)), ("Status", _status_cell(action))]
    return html.Dl([part for name, value in pairs for part in (html.Dt(name), html.Dd(value))],
                   className="action-facts")


def action_title(page: ActionPage) -> str:
    return f"{page.action.ref}: {page.action.title} as at {page.period.label}"


def action_page(page: ActionPage, as_at: str) -> html.Div:
    """`/actions/<ref-slug>`: one action as at the month, its progress through time and the indicators it is
    meant to move."""
    action = page.action
    return html.Div([
        breadcrumbs([("Action tracker", "/actions"), (action.ref, None)], as_at),
        html.H1([html.Span(action.ref, className="code"), f" {action.title}",
                 html.Span(f" as at {page.period.label}", className="h1__period")]),
        latest_note(action),
        _facts(action, as_at),
        _progress_section(page),
        _notes(page),
        _trends(page, as_at),
    ], className="page page--action")


def action_not_found(slug: str, as_at: str | None) -> html.Div:
    """The page for an action ref that names no action: said plainly, with the way back to the tracker."""
    return html.Div([
        html.H1("This action was not found"),
        html.P(f"No action's ref makes “{slug}”: the link may be old or mistyped."),
        html.P(dcc.Link("Go to the action tracker", href=href("/actions", as_at))),
    ], className="page page--not-found")
