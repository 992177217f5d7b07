"""What the store hands the pages and the exports: typed values in the rules' own terms.

Every missing thing is `None` here, made so once at the store's edge: no NaN, no NaT, no "" standing for
"none". Ratings, directions, polarities, frequencies and action statuses are the rules' enums, never
strings. Nothing here knows of pandas, Dash or Plotly."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from data.periods import Frequency, Period
from data.rules import (
    ActionKind,
    ActionStatus,
    Direction,
    FollowUp,
    Polarity,
    ProcessChart,
    Rating,
    Reason,
    RollUp,
    SignalRule,
    Target,
    Tolerance,
    is_unmanaged,
)


@dataclass(frozen=True, slots=True)
class Link:
    """Something with a page of its own: its name (or code) and the slug in its URL."""

    name: str
    slug: str


@dataclass(frozen=True, slots=True)
class IndicatorFacts:
    """What an indicator is: the same at every period."""

    id: int
    code: str
    slug: str
    title: str
    directorate: str
    service: str | None
    unit: str
    polarity: Polarity
    frequency: Frequency
    cumulative: bool
    partnership: bool
    tolerance: Tolerance


@dataclass(frozen=True, slots=True)
class IndicatorDetails:
    """An indicator's page header: its facts, definition, owner, themes and the priorities it serves."""

    facts: IndicatorFacts
    definition: str | None
    owner: str | None
    themes: tuple[str, ...]
    priorities: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class Figure:
    """One indicator's figure for one of its periods, rated, with its directions of travel."""

    period: Period
    actual: float | None
    target: Target | None
    provisional: bool
    note: str | None
    rating: Rating
    rating_text: str  # the rule's own sentence (rules.explain_rating)
    short_term: Direction | None  # on the previous period (None for a cumulative indicator, or no figure)
    long_term: Direction | None  # on the same period a year earlier
    previous_rating: Rating  # at the previous period (No data when there was no row)
    improvement: float | None  # change on a year earlier as a share of it, positive when better


@dataclass(frozen=True, slots=True)
class LateReturn:
    """A return not yet in for the period asked, where an earlier figure is (LATE_LOOKS_BACK in the store)."""

    periods: int  # how many of the indicator's own periods late (1 or more)
    last: Figure  # the latest figure, rated as the scorecard rated it at its own period
    text: str  # "Return for Dec 2008 is 1 month late; latest figure Nov 2008"


@dataclass(frozen=True, slots=True)
class ScorecardRow:
    """One indicator at the period asked: its figure (No data when the return is late) and, if late, the
    latest figure known."""

    indicator: IndicatorFacts
    figure: Figure
    late: LateReturn | None = None

    @property
    def shown(self) -> Figure:
        """The figure to badge and sort by: for a late return the latest known (a late Red is still a Red)."""
        return self.late.last if self.late is not None else self.figure

    @property
    def shown_rating(self) -> Rating:
        return self.shown.rating


@dataclass(frozen=True, slots=True)
class PriorityRollUp:
    """A priority's basket summed up at a period by the rules' roll-up, with how many returns are late."""

    priority: Link
    roll_up: RollUp
    late: int


@dataclass(frozen=True, slots=True)
class ActionProgress:
    """An action as at a date: its progress as last reported by then, and its status by the rule."""

    ref: str
    title: str
    kind: ActionKind
    directorate: str
    priority: Link | None
    owner: str | None
    start: date
    due: date
    progress: float  # 0-100; 0 when nothing is reported yet
    completed: date | None
    note: str | None  # the latest progress note, as reported
    reported_on: date | None  # when progress was last reported (None: never)
    indicators: tuple[Link, ...]  # (code, slug) of the indicators it moves, by code
    status: ActionStatus
    status_text: str  # the rule's own sentence (rules.explain_action_status)


@dataclass(frozen=True, slots=True)
class UnderPerformer:
    """An under-performing indicator at a period, judged at its latest figure when its return is late."""

    row: ScorecardRow
    reasons: tuple[Reason, ...]  # at the figure judged (row.shown); never empty
    periods_missed: int
    forecast: float | None  # the year-end forecast, where the rules make one
    remedial_actions: tuple[str, ...]  # refs of open remedial actions linked to it

    @property
    def unmanaged(self) -> bool:
        """Under-performing with no open remedial action."""
        return is_unmanaged(self.reasons, len(self.remedial_actions))


@dataclass(frozen=True, slots=True)
class Overview:
    """Everything the cabinet overview shows at one period."""

    period: Period
    card: tuple[ScorecardRow, ...]
    priorities: tuple[PriorityRollUp, ...]
    council: RollUp  # the whole scorecard summed up by the same rule as each basket
    late: int  # returns due by the period and not yet in
    under_performing: tuple[UnderPerformer, ...]  # most pressing first (see the store)
    recently_completed: tuple[ActionProgress, ...]  # completed in the three months to the period's end


@dataclass(frozen=True, slots=True)
class PriorityPage:
    """Everything a priority's page shows at one period."""

    period: Period
    roll_up: PriorityRollUp
    card: tuple[ScorecardRow, ...]  # the whole basket, by directorate and code
    drawn: tuple[ScorecardRow, ...]  # the most pressing, drawn as small multiples (at most SMALL_MULTIPLES)
    histories: dict[int, tuple[Figure, ...]]  # indicator id -> its recent figures, oldest first (drawn ones)
    actions: tuple[ActionProgress, ...]


@dataclass(frozen=True, slots=True)
class IndicatorPage:
    """Everything an indicator's page shows, as known at one period (later figures are not shown)."""

    period: Period
    details: IndicatorDetails
    history: tuple[Figure, ...]  # every figure up to the period, oldest first
    late: LateReturn | None  # its return for the period, when late
    actions: tuple[ActionProgress, ...]

    @property
    def latest(self) -> Figure | None:
        """The latest period with an actual."""
        return next((figure for figure in reversed(self.history) if figure.actual is not None), None)


# --- scrutiny: the status grid, themes and the directorate drill-down -----------------------------------------

@dataclass(frozen=True, slots=True)
class GridFilters:
    """What a status grid is narrowed to: each a filter in the grid's URL (data/filters.py reads and writes
    them). Slugs name a theme, directorate, service or priority; None (or False) is "any"."""

    theme: str | None = None
    directorate: str | None = None
    service: str | None = None
    priority: str | None = None
    rating: Rating | None = None  # the latest rating (as the scorecard shows it at the "as at" month)
    frequency: Frequency | None = None
    partnership: bool = False  # partnership indicators only
    underperforming: bool = False  # under-performing by the rules only
    search: str | None = None  # within the code or the title, any case
    page: int = 1  # which page of rows (GRID_PAGE_ROWS a page)

    @property
    def narrowed(self) -> bool:
        """Whether any filter is set (the page number is not a filter)."""
        return any((self.theme, self.directorate, self.service, self.priority, self.rating, self.frequency,
                    self.partnership, self.underperforming, self.search))


NO_FILTERS = GridFilters()  # the whole grid (immutable: safe to share)


@dataclass(frozen=True, slots=True)
class UnderPerformanceFilters:
    """What the under-performance list is narrowed to (its URL's filters, in this order; data/filters.py)."""

    directorate: str | None = None
    theme: str | None = None
    priority: str | None = None
    reason: Reason | None = None
    unmanaged: bool = False  # under-performing with no open remedial action only
    page: int = 1


@dataclass(frozen=True, slots=True)
class ActionFilters:
    """What the action tracker is narrowed to (its URL's filters, in this order; data/filters.py)."""

    kind: ActionKind | None = None
    priority: str | None = None
    directorate: str | None = None
    status: ActionStatus | None = None  # as at the "as at" month
    owner: str | None = None  # within the owner's name, any case
    search: str | None = None  # within the ref or the title, any case
    page: int = 1


# Every kind of filters a page can carry in its URL: one mechanism for them all (data/filters.py)
Filters = GridFilters | UnderPerformanceFilters | ActionFilters


@dataclass(frozen=True, slots=True)
class GridColumn:
    """One of the grid's period columns: a financial quarter, up to the "as at" month."""

    label: str  # "Q3 2008/09" (or "Q3 2008/09 to Nov" when the quarter is not over at the "as at" month)
    last_month: Period  # the quarter's last month, or the "as at" month for the quarter under way


NOT_DUE = "Not due"  # a grid cell where none of the indicator's periods ends in that column, on the page and in files


@dataclass(frozen=True, slots=True)
class GridCell:
    """One indicator in one column: the rating of its own latest period ending in that column."""

    period: Period  # the indicator's own period whose figure is shown (a month, quarter or year)
    rating: Rating
    actual: float | None


@dataclass(frozen=True, slots=True)
class GridRow:
    """One indicator of the grid: a cell per column (None where none of its periods ends in it) and its
    figure at the "as at" month, as the scorecard rates it."""

    row: ScorecardRow
    cells: tuple[GridCell | None, ...]  # one per Grid.columns, oldest first
    under_performing: bool


@dataclass(frozen=True, slots=True)
class Choices:
    """What each of the grid's filters can be set to at this council, as (name, slug)."""

    themes: tuple[Link, ...]
    directorates: tuple[Link, ...]
    services: tuple[Link, ...]  # of the directorate filtered to, or all when none is
    priorities: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class Grid:
    """The RAG status grid at one period: every indicator the filters let through (all pages), counted by
    its latest rating, and the notes for filters that could not be used (those are dropped, never guessed)."""

    period: Period
    filters: GridFilters  # as used: a filter that could not be used is not in it
    columns: tuple[GridColumn, ...]
    rows: tuple[GridRow, ...]  # every row through the filters, by directorate, service and code
    counts: RollUp  # of the rows through the filters, by their latest rating
    total: int  # indicators in the grid before any filter (a theme or directorate page's own: before any other)
    choices: Choices
    notes: tuple[str, ...] = ()  # "There is no theme 'x': showing every theme."

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.rows) // GRID_PAGE_ROWS))

    @property
    def page_rows(self) -> tuple[GridRow, ...]:
        """The rows of the page asked for (the last page when it asks beyond it)."""
        page = min(max(self.filters.page, 1), self.pages)
        return self.rows[(page - 1) * GRID_PAGE_ROWS:page * GRID_PAGE_ROWS]


GRID_PAGE_ROWS = 50


@dataclass(frozen=True, slots=True)
class ThemeSummary:
    """A theme in the list of themes: its indicators rolled up at a period."""

    theme: Link
    roll_up: RollUp
    under_performing: int


@dataclass(frozen=True, slots=True)
class Question:
    """A question for scrutiny members drawn from the data, with the indicators or actions it is about."""

    text: str  # "3 indicators missed their target two quarters running: what is the remedial plan?"
    about: tuple[Link, ...]  # indicators (name = code) or actions (name = ref), each with its page's slug


@dataclass(frozen=True, slots=True)
class ThemePage:
    """Everything a theme's page shows at one period, for a scrutiny committee."""

    theme: Link
    roll_up: RollUp  # the theme's indicators at the period's own figure, as the list of themes and the overview say
    grid: Grid  # filtered to the theme (its counts go by each indicator's latest rating, as its filters do)
    actions: tuple[ActionProgress, ...]  # linked to the theme's indicators
    under_performing: tuple[UnderPerformer, ...]  # the theme's, most pressing first
    questions: tuple[Question, ...]


class Level(StrEnum):
    """The levels of the drill-down, from the council down."""

    COUNCIL = "council"
    DIRECTORATE = "directorate"
    SERVICE = "service"


@dataclass(frozen=True, slots=True)
class Part:
    """A directorate or service one level down, summed up by the same rules as the level itself."""

    link: Link  # its slug: a directorate's, or a service's (services' slugs are unique council-wide)
    roll_up: RollUp
    under_performing: int
    parts: tuple[Part, ...] = ()  # at the council level, a directorate's services (the organisation picture)


@dataclass(frozen=True, slots=True)
class DrillDown:
    """One level of the drill-down (the council, a directorate or a service) at one period: the same
    figures at every level (R9)."""

    level: Level
    name: str
    trail: tuple[Link, ...]  # the levels above, from the council down (the council's slug is "")
    roll_up: RollUp  # its indicators' ratings, % on target, % improving
    without_target: tuple[Link, ...]  # its indicators without a target (name = code)
    parts: tuple[Part, ...]  # the level below: directorates, or services; none at a service
    grid: Grid  # filtered to this level


# --- under: the under-performance list -----------------------------------------------------------------------

UNDER_PAGE_ROWS = 50  # under-performing indicators a page


@dataclass(frozen=True, slots=True)
class LinkedAction:
    """An action as a list shows it beside an indicator, with its own page's slug (`/actions/<slug>`)."""

    action: ActionProgress
    slug: str


@dataclass(frozen=True, slots=True)
class UnderPerformance:
    """One under-performing indicator as the under-performance list shows it: the rules' judgement, its owner,
    its year-end target beside the forecast (with the rule's method), and its remedial actions."""

    under: UnderPerformer
    owner: str | None
    year_end_target: Target | None  # at its year's last period, where a forecast is made and a target set
    forecast_method: str | None  # the rule's own sentence (rules.FORECAST_METHOD) where there is a forecast
    actions: tuple[LinkedAction, ...]  # remedial actions linked to it and started by then, open ones first
    # open actions of the other kinds linked to it (a service plan, a director's review): they do not make it
    # managed (docs/rules.md), but the page says they are there, as the indicator's own page lists them
    others: tuple[LinkedAction, ...] = ()


@dataclass(frozen=True, slots=True)
class UnderPerformanceList:
    """Every indicator under-performing at a month that the filters let through (all pages), unmanaged first
    then most pressing (the store's order), and the notes for filters that could not be used."""

    period: Period
    filters: UnderPerformanceFilters  # as used: a filter that could not be used is not in it
    rows: tuple[UnderPerformance, ...]
    total: int  # under-performing at the month before any filter
    choices: Choices  # directorates, themes and priorities to filter by (services: none)
    notes: tuple[str, ...] = ()

    @property
    def unmanaged(self) -> int:
        """How many of the rows have no open remedial action."""
        return sum(row.under.unmanaged for row in self.rows)

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.rows) // UNDER_PAGE_ROWS))

    @property
    def page(self) -> int:
        """The page shown (the last when the filters ask beyond it)."""
        return min(max(self.filters.page, 1), self.pages)

    @property
    def page_rows(self) -> tuple[UnderPerformance, ...]:
        return self.rows[(self.page - 1) * UNDER_PAGE_ROWS:self.page * UNDER_PAGE_ROWS]


# --- actions: the action tracker and the action page ------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ActionChoices:
    """What the tracker's slug filters can be set to at this council, as (name, slug), by name."""

    directorates: tuple[Link, ...]
    priorities: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class Tracker:
    """Every action the filters let through (all pages) as at a month, most in need of chasing first, counted
    by status, and the notes for filters that could not be used (those are dropped, never guessed)."""

    period: Period  # the "as at" month: statuses are as at its last day
    filters: ActionFilters  # as used: a filter that could not be used is not in it
    rows: tuple[ActionProgress, ...]  # by status (TRACKER_ORDER in data/tracker.py), then due date and ref
    counts: tuple[tuple[ActionStatus, int], ...]  # of the rows, every status in the tracker's order
    total: int  # actions before any filter
    choices: ActionChoices
    notes: tuple[str, ...] = ()

    @property
    def pages(self) -> int:
        return max(1, -(-len(self.rows) // ACTIONS_PAGE_ROWS))

    @property
    def page(self) -> int:
        """The page shown: the one asked for, or the last when it asks beyond it."""
        return min(max(self.filters.page, 1), self.pages)

    @property
    def page_rows(self) -> tuple[ActionProgress, ...]:
        return self.rows[(self.page - 1) * ACTIONS_PAGE_ROWS:self.page * ACTIONS_PAGE_ROWS]


ACTIONS_PAGE_ROWS = 50


@dataclass(frozen=True, slots=True)
class ProgressReport:
    """One progress report on an action, and the action's status by the rule as at that report's date."""

    as_of: date
    progress: float  # 0-100
    completed: date | None
    note: str | None
    status: ActionStatus
    status_text: str  # the rule's own sentence (rules.explain_action_status) at that date


@dataclass(frozen=True, slots=True)
class IndicatorTrend:
    """An indicator an action is meant to move, with its figures around the action's life."""

    indicator: IndicatorFacts
    history: tuple[Figure, ...]  # oldest first, none after the "as at" month


@dataclass(frozen=True, slots=True)
class ActionPage:
    """Everything an action's page shows as at a month: later reports are not shown."""

    period: Period
    slug: str
    action: ActionProgress  # as at the month's last day
    reports: tuple[ProgressReport, ...]  # oldest first, up to the month's last day
    trends: tuple[IndicatorTrend, ...]  # by code, the indicators it is meant to move


# --- thread ---

@dataclass(frozen=True, slots=True)
class ThreadGap:
    """One gap in the golden thread: an indicator (name = code) or an action (name = ref) with its page's slug."""

    link: Link
    title: str
    why: str = ""  # what makes it a gap, where more than the list says ("red; missed two periods running")


@dataclass(frozen=True, slots=True)
class Coverage:
    """One share of the golden thread: `part` of `whole` in the rules' own words, and the gaps, listed."""

    part: int
    whole: int
    text: str  # rules.explain_share: "7 of 9 indicators with a target (78%)", or "... none to count"
    gaps: tuple[ThreadGap, ...]  # the whole less the part


@dataclass(frozen=True, slots=True)
class ReviewFollowUp:
    """A director-review action as at a date, with whether it has been followed up (R13)."""

    action: Link  # name = ref; slug = its page's (/actions/<slug>)
    title: str
    status: ActionStatus
    follow_up: FollowUp
    text: str  # rules.explain_follow_up, naming the quarters with no progress report


@dataclass(frozen=True, slots=True)
class GoldenThread:
    """The golden thread (R7, R12, R13) of a priority, a directorate or the council at a period."""

    name: str  # whose thread: the priority's or directorate's name, or the council's
    with_target: Coverage  # indicators with a target (data-only ones left out)
    managed: Coverage  # under-performers with an open remedial action
    linked: Coverage  # actions started by the period's end linked to an indicator
    reviews: tuple[ReviewFollowUp, ...]  # director-review actions, in the store's order (due date, ref)

    @property
    def not_followed_up(self) -> tuple[ReviewFollowUp, ...]:
        """The director-review actions with no update this quarter: the follow-up's gap."""
        return tuple(review for review in self.reviews if review.follow_up is FollowUp.NO_UPDATE_THIS_QUARTER)


# --- assess ---

@dataclass(frozen=True, slots=True)
class Success:
    """An indicator that went well, at its latest figure, and why in the rules' words."""

    indicator: IndicatorFacts
    figure: Figure  # its latest figure up to the "as at" month
    text: str  # "Green in Dec 2008 after Amber in Nov 2008"; "Green 6 periods in a row"


@dataclass(frozen=True, slots=True)
class WentWell:
    """What went well in a quarter (R14): newly on target, most improved, sustained on target, completed actions."""

    quarter: Period
    label: str  # "Q3 2008/09", or "Q3 2008/09 to Nov" for the quarter under way
    newly_on_target: tuple[Success, ...]  # whose Green figure is in the quarter
    most_improved: tuple[Success, ...]  # largest improvement on a year earlier first (at most MOST_IMPROVED)
    sustained: tuple[Success, ...]  # on target SUSTAINED_PERIODS or more in a row, the longest first
    completed: tuple[ActionProgress, ...]  # became Complete in the quarter


@dataclass(frozen=True, slots=True)
class NotableChange:
    """A statistically notable change: a process-chart rule that fired in the quarter for an indicator (its
    signals of that rule and way in the quarter, as one)."""

    indicator: IndicatorFacts
    rule: SignalRule
    direction: Direction | None  # the signal's reading (None: neither better nor worse)
    first: Period
    last: Period
    text: str  # the rule's own sentence (rules.explain_signal) for the latest of them
    times: int = 1  # how many signals of this rule and way fired in the quarter (each figure outside the limits)


@dataclass(frozen=True, slots=True)
class Commentary:
    """An indicator's note for one period: what happened, barriers and levers, as reported."""

    indicator: IndicatorFacts
    period: Period
    note: str


@dataclass(frozen=True, slots=True)
class Assessment:
    """The quarterly strategic assessment (R8) as at a month: direction of travel counted, the notable changes,
    their commentary, and what went well."""

    period: Period  # the "as at" month
    quarter: Period
    label: str  # "Q3 2008/09" or "Q3 2008/09 to Nov"
    improved: int  # year on year, at each indicator's latest period ended by the "as at" month
    held: int
    worsened: int
    not_compared: int
    checked: int  # indicators with enough figures for signals (rules.MIN_FIGURES_FOR_SIGNALS)
    notable: tuple[NotableChange, ...]  # worsening first
    commentary: tuple[Commentary, ...]  # the quarter's notes of the indicators in `notable`
    went_well: WentWell


@dataclass(frozen=True, slots=True)
class ProcessView:
    """An indicator's series on a process-behaviour chart: each period's figure (its own, for a cumulative
    indicator), the chart's limits and signals, and each signal in words."""

    periods: tuple[Period, ...]
    figures: tuple[float | None, ...]  # one per period
    own_figures: bool  # a cumulative indicator's own figures, not its year-to-date ones
    chart: ProcessChart
    signals: tuple[str, ...]  # rules.explain_signal, one per chart.signals
    summary: str  # rules.explain_process_limits, or why there are no limits
