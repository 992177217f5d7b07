"""The committee report pack: what goes to Cabinet or to a scrutiny committee for a quarter, as plain values.

A pack is built from the same store answers and rules as the pages (never a second rule), and holds only
what it shows, so that a frozen pack (data/snapshots.py) can be stored as JSON and drawn again the same,
whatever is loaded later. Renderers: layouts/report_pack.py (HTML, and the PDF made from it) and
data/report_xlsx.py (the workbook)."""

from __future__ import annotations

import json
import re
import types
from collections.abc import Callable, Iterable, Sequence
from dataclasses import MISSING, dataclass, fields, is_dataclass
from datetime import UTC, date, datetime
from enum import Enum, StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin, get_type_hints

from sqlalchemy import select

from data import rules
from data.answers import (
    ActionFilters,
    ActionProgress,
    Figure,
    Question,
    ScorecardRow,
    Success,
    UnderPerformance,
    UnderPerformanceFilters,
    UnderPerformer,
)
from data.assessment import card_series, went_well_of
from data.demo import NOTICE
from data.models import Directorate, Priority, Theme, priority_indicators
from data.periods import Frequency, Period, day_text, parse_period
from data.questions import questions as questions_for
from data.rules import ActionKind, ActionStatus, Direction, Polarity, Rating, Reason, RollUp
from data.scrutiny import roll_up
from data.underperformance import owners_of

if TYPE_CHECKING:
    from data.store import Series, Store

PACK_VERSION = 1  # bump when the JSON's shape changes; from_json refuses a version it does not know
TREND_POINTS = 8  # figures in each indicator's small picture: its own periods up to the figure shown


class Audience(StrEnum):
    CABINET = "cabinet"
    SCRUTINY = "scrutiny"


class ScopeKind(StrEnum):
    THEME = "theme"
    DIRECTORATE = "directorate"


class PackError(ValueError):
    """A pack that cannot be made as asked: an unknown period or slug, a period with no data (one line)."""


@dataclass(frozen=True, slots=True)
class Scope:
    """What a scrutiny pack covers: one theme or one directorate."""

    kind: ScopeKind
    slug: str
    name: str


@dataclass(frozen=True, slots=True)
class PackFigure:
    """One indicator as the pack shows it: its figure at the pack's month, rated by the rules."""

    code: str
    title: str
    directorate: str
    owner: str | None
    unit: str
    polarity: Polarity
    frequency: Frequency
    period: str  # the shown figure's own period, as labelled: "Dec 2008", "Q3 2008/09", "2008/09"
    actual: float | None
    target_low: float | None
    target_high: float | None
    provisional: bool
    rating: Rating
    rating_text: str  # rules.explain_rating's sentence
    short_term: Direction | None
    long_term: Direction | None
    late: str | None  # LateReturn.text where the return due by the pack's month is late
    due: str | None  # the label of the period whose return is late (None when not late)
    trend: tuple[tuple[str, float | None], ...]  # (period label, actual), oldest first, up to TREND_POINTS


@dataclass(frozen=True, slots=True)
class PackRollUp:
    """A basket summed up by rules.roll_up: counts by rating (every rating, in Rating's order)."""

    counts: tuple[tuple[Rating, int], ...]
    improving: int
    comparable: int
    text: str  # str(rules.RollUp): "7 of 9 rated indicators on target (78%); ..."


@dataclass(frozen=True, slots=True)
class PackAction:
    """An action as at the pack's month's last day."""

    ref: str
    title: str
    kind: ActionKind
    directorate: str
    owner: str | None
    start: date
    due: date
    progress: float  # 0-100
    completed: date | None
    status: ActionStatus
    status_text: str  # rules.explain_action_status's sentence
    note: str | None  # the latest progress note
    indicators: tuple[str, ...]  # codes of the indicators it moves


@dataclass(frozen=True, slots=True)
class PackUnderPerformer:
    """An under-performing indicator (docs/rules.md#under-performance) with its reasons and remedial actions."""

    figure: PackFigure
    reasons: tuple[Reason, ...]
    periods_missed: int
    forecast: float | None
    forecast_text: str | None  # the forecast against the year-end target, with the method, where made
    unmanaged: bool  # no open remedial action
    actions: tuple[PackAction, ...]  # its remedial actions, open ones first
    # open actions of the other kinds linked to it (UnderPerformance.others): they leave it unmanaged, but the
    # pack says they are there, as the under-performance page does
    others: tuple[PackAction, ...] = ()


@dataclass(frozen=True, slots=True)
class PackBasket:
    """A corporate priority's basket of indicators."""

    priority: str
    slug: str
    roll_up: PackRollUp
    figures: tuple[PackFigure, ...]  # by directorate and code, as the priority page lists them


@dataclass(frozen=True, slots=True)
class PackSuccess:
    code: str
    title: str
    text: str  # "Green in Dec 2008 after Amber in Nov 2008"


@dataclass(frozen=True, slots=True)
class PackWentWell:
    label: str  # "Q3 2008/09"
    newly_on_target: tuple[PackSuccess, ...]
    most_improved: tuple[PackSuccess, ...]
    sustained: tuple[PackSuccess, ...]
    completed: tuple[PackAction, ...]


@dataclass(frozen=True, slots=True)
class PackQuestion:
    text: str
    about: tuple[str, ...]  # indicator codes or action refs


@dataclass(frozen=True, slots=True)
class PackHeadlines:
    """The council's (or the scope's) figures at a glance."""

    indicators: int
    roll_up: PackRollUp
    late: int  # returns due by the month and not yet in
    under_performing: int
    unmanaged: int
    actions_overdue: int
    actions_behind: int


# the months as a meeting's name writes them, in English whatever the machine's locale: "January", "Jan", "Sept"
MONTHS = MappingProxyType({word: number for number, name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
     "december"), start=1) for word in (name, name[:3], *(("sept",) if number == 9 else ()))})
# a date ending a meeting's name: "15 January 2009", "15th Jan 2009", "2009-01-15", "15/01/2009"
_NAME_DAY = re.compile(r"(?:^|[\s,(-])(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<month>[a-z]+)\.?,?\s+(?P<year>\d{4})"
                       r"|(?P<iso>\d{4})-(?P<iso_month>\d{1,2})-(?P<iso_day>\d{1,2})"
                       r"|(?P<uk_day>\d{1,2})/(?P<uk_month>\d{1,2})/(?P<uk_year>\d{4}))\)?$", re.IGNORECASE)


def meeting_day(name: str) -> date | None:
    """The day a meeting's name ends with ("Cabinet 15 January 2009", "Cabinet 2009-01-15", "Cabinet 15/01/2009"),
    to date its freeze by; None when it ends with no real date."""
    found = _NAME_DAY.search(name.strip())
    if found is None:
        return None
    if found["day"] is not None:  # an unknown month's 0 is no day, as 31 February is not
        year, month, day = found["year"], str(MONTHS.get(found["month"].casefold(), 0)), found["day"]
    elif found["iso"] is not None:
        year, month, day = found["iso"], found["iso_month"], found["iso_day"]
    else:
        year, month, day = found["uk_year"], found["uk_month"], found["uk_day"]
    try:
        return date(int(year), int(month), int(day))
    except ValueError:  # "31 February 2009": not a day
        return None



# --- storing, listing, deleting --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Frozen:
    """Set on a pack stored as reported: the meeting's name and the freeze's own date."""

    name: str  # "Cabinet 15 January 2009"
    on: date

    @property
    def line(self) -> str:
        """'As reported to Cabinet on 15 January 2009': a name that ends with the freeze's own day says it once."""
        found = _NAME_DAY.search(self.name.strip()) if meeting_day(self.name) == self.on else None
        meeting = self.name.strip()[:found.start()].rstrip(" ,(-") if found is not None else self.name
        return f"As reported to {meeting or self.name} on {day_text(self.on)}"


@dataclass(frozen=True, slots=True)
class ReportPack:
    """Everything one pack shows, in the order it shows it."""

    council: str
    audience: Audience
    scope: Scope | None  # None: the whole council
    period: str  # the period asked, as labelled: "Q3 2008/09"
    as_at: str  # the month the pack is as at: "Dec 2008" (the period's last month, or the latest with data)
    data_version: str  # Store.data_version() when built
    headlines: PackHeadlines
    baskets: tuple[PackBasket, ...]
    under_performance: tuple[PackUnderPerformer, ...]  # most pressing first; unmanaged called out
    went_well: PackWentWell
    actions_due: tuple[PackAction, ...]  # due in the period or overdue or behind at its end, overdue first
    without_target: tuple[PackFigure, ...]
    questions: tuple[PackQuestion, ...]  # for scrutiny members, shown straight after the headlines; none for Cabinet
    notice: str | None = None  # a word on the data itself: the demo's "definitions real, values synthetic"
    frozen: Frozen | None = None

    @property
    def dated(self) -> date:
        """The pack's own date, which its files carry instead of the time they were made (stable bytes): the
        freeze's date, else the last day of the month the pack is as at."""
        if self.frozen is not None:
            return self.frozen.on
        return parse_period(self.as_at, Frequency.MONTHLY).end

    @property
    def title(self) -> str:
        """'Cabinet performance report, Q3 2008/09' / 'Scrutiny performance report: Children's Services, ...'"""
        who = "Cabinet" if self.audience is Audience.CABINET else "Scrutiny"
        scope = f": {self.scope.name}" if self.scope is not None else ""
        return f"{who} performance report{scope}, {self.period}"


def data_version_words(token: str) -> str:
    """A data version (Store.data_version: the number of loads, then when the latest was loaded, in UTC) in words
    for a committee: "Figures as loaded on 2 December 2026 at 16:14 UTC (load 13)"; a token it cannot read, as is
    (the token itself stays in the pack, and so in a snapshot)."""
    count, _, loaded = token.partition("-")
    try:
        at = datetime.fromisoformat(loaded)
    except ValueError:
        return token
    if not (count.isascii() and count.isdigit()):
        return token
    at = at.astimezone(UTC) if at.tzinfo is not None else at  # stored in UTC; SQLite gives it back without its zone
    return f"Figures as loaded on {day_text(at)} at {at:%H:%M} UTC (load {int(count)})"


# --- building a pack from the store's answers ------------------------------------------------------------------

CHASED = (ActionStatus.OVERDUE, ActionStatus.BEHIND)  # an action in the pack whenever due, in the tracker's order


@dataclass(frozen=True, slots=True)
class _Scoped:
    """What a pack covers, as the store's pages found it: the scorecard's rows of its indicators (by directorate
    and code), the filters that narrow the under-performance list and the tracker to it, and (for a theme) the
    refs of the actions linked to its indicators and the theme page's questions."""

    scope: Scope | None
    card: tuple[ScorecardRow, ...]
    under: UnderPerformanceFilters
    actions: ActionFilters
    linked: frozenset[str] | None = None  # refs of the actions the pack covers, where no tracker filter says
    questions: tuple[Question, ...] | None = None  # the theme page's own


def build_pack(store: Store, period: Period, audience: Audience, *, scope: tuple[ScopeKind, str] | None = None,
               council: str) -> ReportPack:
    """The pack for `period` and `audience` (scrutiny: of a theme or directorate, or none for the whole council),
    from the same store answers as the pages; PackError (one line) for a pack that cannot be made as asked."""
    kind = _scope_kind(audience, scope)
    version = store.data_version()  # read first: a load while the pack is built leaves it older than the figures
    as_at = _as_at(store, period)
    scoped = _scoped(store, as_at, kind, scope[1] if scope is not None else None)
    ids = [row.indicator.id for row in scoped.card]
    series = card_series(store, scoped.card, as_at)  # one history query: what went well and every small picture
    owners = owners_of(store, ids)
    under = store.under_performance(as_at, scoped.under).rows
    actions = _actions(store.tracker(as_at, scoped.actions).rows, scoped.linked)

    def figure(row: ScorecardRow) -> PackFigure:
        # typed figures for the small picture's periods only: those up to the figure shown (a late return's is
        # older than the latest month) and no more than TREND_POINTS of its periods before it
        shown = row.shown.period
        recent = [at for at in series.rows(row.indicator.id)
                  if trend_start(shown) <= series.ordinal[at] <= shown.ordinal]
        return pack_figure(row, owners.get(row.indicator.id), series.figures(recent))

    return ReportPack(
        council=council, audience=audience, scope=scoped.scope, period=period.label, as_at=as_at.label,
        data_version=version, headlines=_headlines(scoped.card, under, actions),
        baskets=_baskets(store, scoped.card, figure, every=audience is Audience.CABINET),
        under_performance=tuple(_under_performer(row, figure(row.under.row)) for row in under),
        went_well=_pack_went_well(store, scoped.card, series, as_at, actions),
        actions_due=tuple(pack_action(action) for action in actions
                          if action.status in CHASED or period.start <= action.due <= period.end),
        without_target=tuple(figure(row) for row in scoped.card if row.shown_rating is Rating.NO_TARGET),
        questions=_questions(audience, scoped, under, actions), notice=NOTICE if store.is_demo() else None)


def figures(pack: ReportPack) -> dict[str, PackFigure]:
    """Every indicator the pack shows, by code (its baskets, those without a target, its under-performers): what
    a restatement compares."""
    found = {figure.code: figure for basket in pack.baskets for figure in basket.figures}
    found.update((figure.code, figure) for figure in pack.without_target)
    found.update((under.figure.code, under.figure) for under in pack.under_performance)
    return found


def pack_figure(row: ScorecardRow, owner: str | None, history: Sequence[Figure]) -> PackFigure:
    """An indicator as a pack shows it: the figure the scorecard badges (for a late return the latest known, with
    the lateness said), and its small picture from `history` (its figures, oldest first)."""
    facts, shown = row.indicator, row.shown
    target = shown.target
    return PackFigure(
        code=facts.code, title=facts.title, directorate=facts.directorate, owner=owner, unit=facts.unit,
        polarity=facts.polarity, frequency=facts.frequency, period=shown.period.label, actual=shown.actual,
        target_low=target.low if target is not None else None, target_high=target.high if target is not None else None,
        provisional=shown.provisional, rating=shown.rating, rating_text=shown.rating_text,
        short_term=shown.short_term, long_term=shown.long_term,
        late=row.late.text if row.late is not None else None,
        due=row.figure.period.label if row.late is not None else None,
        trend=trend(history, shown.period))


def trend_start(shown: Period) -> int:
    """The ordinal of the first period a small picture can show, drawn up to the figure `shown`."""
    return shown.ordinal - (TREND_POINTS - 1) * shown.frequency.months


def trend(history: Sequence[Figure], shown: Period) -> tuple[tuple[str, float | None], ...]:
    """The small picture: the indicator's own periods from its earliest figure among the last TREND_POINTS up to
    the one shown, oldest first (None for a period with no figure)."""
    step = shown.frequency.months
    first = trend_start(shown)
    actuals = {figure.period.ordinal: figure.actual for figure in history
               if first <= figure.period.ordinal <= shown.ordinal}
    if not actuals:
        return ()
    return tuple((Period(ordinal, shown.frequency).label, actuals.get(ordinal))
                 for ordinal in range(min(actuals), shown.ordinal + 1, step))


def pack_action(action: ActionProgress) -> PackAction:
    return PackAction(
        ref=action.ref, title=action.title, kind=action.kind, directorate=action.directorate, owner=action.owner,
        start=action.start, due=action.due, progress=action.progress, completed=action.completed,
        status=action.status, status_text=action.status_text, note=action.note,
        indicators=tuple(link.name for link in action.indicators))


def pack_roll_up(found: RollUp) -> PackRollUp:
    return PackRollUp(counts=tuple((rating, found.counts[rating]) for rating in Rating),
                      improving=found.improvement.improving, comparable=found.improvement.comparable, text=str(found))


# what the pack covers ---------------------------------------------------------------------------------------------

def _scope_kind(audience: Audience, scope: tuple[ScopeKind, str] | None) -> ScopeKind | None:
    """The kind of scope asked for, checked against the audience."""
    if scope is None:
        return None
    if audience is Audience.CABINET:
        raise PackError("A Cabinet pack covers the whole council: leave out the theme or directorate.")
    try:
        return ScopeKind(scope[0])
    except ValueError:
        raise PackError(f"A scrutiny pack covers a theme or a directorate, not {str(scope[0])!r}.") from None


def _as_at(store: Store, period: Period) -> Period:
    """The month a pack for `period` is as at: its last, or the latest with data while it is under way."""
    months = store.months()  # newest first
    if not months:
        raise PackError(f"No figures for {period.label}: none have been loaded.")
    if period.start > months[0].end:
        raise PackError(f"No figures for {period.label}: the latest are for {months[0].label}.")
    if period.end < months[-1].start:
        raise PackError(f"No figures for {period.label}: the earliest are for {months[-1].label}.")
    return min(Period.containing(Frequency.MONTHLY, period.end), months[0], key=lambda month: month.ordinal)


def _scoped(store: Store, as_at: Period, kind: ScopeKind | None, slug: str | None) -> _Scoped:
    if kind is ScopeKind.THEME and slug is not None:
        return _theme(store, as_at, slug)
    if kind is ScopeKind.DIRECTORATE and slug is not None:
        return _directorate(store, as_at, slug)
    return _Scoped(None, store.scorecard(as_at), UnderPerformanceFilters(), ActionFilters())


def _theme(store: Store, as_at: Period, slug: str) -> _Scoped:
    """A theme as its page shows it: its indicators, the actions linked to them and its questions."""
    page = store.theme_page(slug, as_at)
    if page is None:
        raise PackError(f"There is no theme {slug[:60]!r}. Themes: {_slugs(store, Theme)}.")
    return _Scoped(Scope(ScopeKind.THEME, slug, page.theme.name), _by_code(row.row for row in page.grid.rows),
                   UnderPerformanceFilters(theme=slug), ActionFilters(),
                   linked=frozenset(action.ref for action in page.actions), questions=page.questions)


def _directorate(store: Store, as_at: Period, slug: str) -> _Scoped:
    """A directorate as the drill-down shows it: its indicators, and the actions it owns."""
    found = store.drill_down(as_at, directorate=slug)
    if found is None:
        raise PackError(f"There is no directorate {slug[:60]!r}. Directorates: {_slugs(store, Directorate)}.")
    return _Scoped(Scope(ScopeKind.DIRECTORATE, slug, found.name), _by_code(row.row for row in found.grid.rows),
                   UnderPerformanceFilters(directorate=slug), ActionFilters(directorate=slug))


def _by_code(rows: Iterable[ScorecardRow]) -> tuple[ScorecardRow, ...]:
    """Rows in the scorecard's order: by directorate, then code."""
    return tuple(sorted(rows, key=lambda row: (row.indicator.directorate, row.indicator.code)))


def _slugs(store: Store, model: type[Theme] | type[Directorate]) -> str:
    """Every slug of a theme or directorate, for the message naming an unknown one."""
    return ", ".join(slug for slug, in store._rows(select(model.slug).order_by(model.slug))) or "none"


def _actions(tracked: Sequence[ActionProgress], linked: frozenset[str] | None) -> tuple[ActionProgress, ...]:
    """The tracker's rows the pack covers, in the tracker's order (most in need of chasing first)."""
    return tuple(action for action in tracked if linked is None or action.ref in linked)


# the sections -----------------------------------------------------------------------------------------------------

def _headlines(card: Sequence[ScorecardRow], under: Sequence[UnderPerformance],
               actions: Sequence[ActionProgress]) -> PackHeadlines:
    statuses = [action.status for action in actions]
    return PackHeadlines(indicators=len(card), roll_up=pack_roll_up(roll_up(card)),
                         late=sum(row.late is not None for row in card), under_performing=len(under),
                         unmanaged=sum(row.under.unmanaged for row in under),
                         actions_overdue=statuses.count(ActionStatus.OVERDUE),
                         actions_behind=statuses.count(ActionStatus.BEHIND))


def _baskets(store: Store, card: Sequence[ScorecardRow], figure: Callable[[ScorecardRow], PackFigure], *,
             every: bool) -> tuple[PackBasket, ...]:
    """Each priority's basket of the card's rows, by name: every priority (`every`), or those holding any."""
    members: dict[tuple[str, str], set[int]] = {}
    for name, slug, indicator_id in store._rows(
            select(Priority.name, Priority.slug, priority_indicators.c.indicator_id)
            .outerjoin(priority_indicators).order_by(Priority.name, Priority.slug)):
        members.setdefault((name, slug), set()).add(indicator_id)
    found = []
    for (name, slug), ids in members.items():
        rows = [row for row in card if row.indicator.id in ids]
        if rows or every:
            found.append(PackBasket(priority=name, slug=slug, roll_up=pack_roll_up(roll_up(rows)),
                                    figures=tuple(figure(row) for row in rows)))
    return tuple(found)


def _under_performer(row: UnderPerformance, figure: PackFigure) -> PackUnderPerformer:
    under = row.under
    return PackUnderPerformer(
        figure=figure, reasons=under.reasons, periods_missed=under.periods_missed, forecast=under.forecast,
        forecast_text=_forecast_text(row), unmanaged=under.unmanaged,
        actions=tuple(pack_action(linked.action) for linked in row.actions),
        others=tuple(pack_action(linked.action) for linked in row.others))


def _forecast_text(row: UnderPerformance) -> str | None:
    """The forecast against the year-end target, whether it misses, and the rule's method (as the list says)."""
    under = row.under
    if under.forecast is None:
        return None
    unit, year_end = under.row.indicator.unit, under.row.shown.period.year_end.label
    forecast = rules._with_unit(round(under.forecast, 2), unit)
    if row.year_end_target is None:
        return f"{forecast} at the year end; no year-end target set for {year_end}. {row.forecast_method}"
    target = row.year_end_target
    aim = (rules._with_unit(target.low, unit) if target.low == target.high
           else f"{rules._with_unit(target.low, unit)} to {rules._with_unit(target.high, unit)}")
    verdict = "forecast to miss it" if Reason.FORECAST_MISS in under.reasons else "on course"
    return f"{forecast} at the year end against a target of {aim} ({year_end}): {verdict}. {row.forecast_method}"


def _pack_went_well(store: Store, card: Sequence[ScorecardRow], series: Series,
                    as_at: Period, actions: Sequence[ActionProgress]) -> PackWentWell:
    """What went well in the quarter of the pack's month, among its indicators and actions."""
    found = went_well_of(store, card, series, as_at, None)
    covered = {action.ref for action in actions}
    return PackWentWell(label=found.label, newly_on_target=_successes(found.newly_on_target),
                        most_improved=_successes(found.most_improved), sustained=_successes(found.sustained),
                        completed=tuple(pack_action(action) for action in found.completed
                                        if action.ref in covered))


def _successes(found: Iterable[Success]) -> tuple[PackSuccess, ...]:
    return tuple(PackSuccess(code=success.indicator.code, title=success.indicator.title, text=success.text)
                 for success in found)


def _questions(audience: Audience, scoped: _Scoped, under: Sequence[UnderPerformance],
               actions: Sequence[ActionProgress]) -> tuple[PackQuestion, ...]:
    """None for Cabinet; a theme page's own; otherwise the rules' questions over the pack's indicators."""
    if audience is Audience.CABINET:
        return ()
    asked = scoped.questions
    if asked is None:
        unders: list[UnderPerformer] = [row.under for row in under]
        asked = questions_for(scoped.card, unders, actions)
    return tuple(PackQuestion(text=question.text, about=tuple(link.name for link in question.about))
                 for question in asked)


# --- a pack as JSON ------------------------------------------------------------------------------------------------

def to_json(pack: ReportPack) -> str:
    """The pack as canonical JSON (keys sorted, no spaces, PACK_VERSION inside, dates ISO, enums by value): the
    same pack is always the same text."""
    return json.dumps({"version": PACK_VERSION, "pack": _plain(pack)}, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False, allow_nan=False)


def from_json(text: str) -> ReportPack:
    """The pack to_json wrote, exactly; PackError for text that is not one, or of a version not known here."""
    try:
        found = json.loads(text)
    except (TypeError, ValueError) as error:
        raise PackError(f"Not a report pack: the text is not JSON ({error}).") from None
    if not isinstance(found, dict) or set(found) != {"version", "pack"}:
        raise PackError("Not a report pack: it should hold a version and a pack, and nothing else.")
    if found["version"] != PACK_VERSION or isinstance(found["version"], bool):
        raise PackError(f"A report pack of version {found['version']!r} cannot be read here: "
                        f"this version reads version {PACK_VERSION}.")
    try:
        return _typed(ReportPack, found["pack"], "pack")
    except (TypeError, ValueError, KeyError) as error:
        raise PackError(f"Not a report pack: {error}".replace("\n", " ")) from None


def _plain(value: Any) -> Any:
    """A pack's value as JSON's: dataclasses as objects of their fields, enums by value, dates ISO, tuples as
    lists."""
    if is_dataclass(value) and not isinstance(value, type):
        return {field.name: _plain(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return [_plain(item) for item in value]
    return value


def _typed(kind: Any, value: Any, where: str) -> Any:
    """JSON's `value` as the type `kind` (a field's type hint); TypeError or ValueError naming `where` when it is
    not one."""
    origin = get_origin(kind)
    if origin in (Union, types.UnionType):
        return _union(kind, value, where)
    if origin is tuple:
        return _tuple(get_args(kind), value, where)
    if is_dataclass(kind):
        return _dataclass(kind, value, where)
    if isinstance(kind, type) and issubclass(kind, Enum):
        return kind(_checked(str, value, where))
    if kind is date:
        return date.fromisoformat(_checked(str, value, where))
    if kind is float:
        return float(_checked((int, float), value, where))
    return _checked(kind, value, where)


# What a JSON value should have been, in words, for the message refusing one that is not.
_WORDS = {str: "text", int: "a whole number", bool: "true or false", list: "a list", dict: "an object"}


def _checked(kind: type | tuple[type, ...], value: Any, where: str) -> Any:
    """`value` when it is of `kind` (a bool is never a number here)."""
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):
        what = _WORDS.get(kind, "a number") if isinstance(kind, type) else "a number"
        raise TypeError(f"{where} should be {what}, not {json.dumps(value)[:40]}")
    return value


def _union(kind: Any, value: Any, where: str) -> Any:
    """An optional value (the packs' only unions are `X | None`)."""
    if value is None:
        return None
    chosen, = (arg for arg in get_args(kind) if arg is not type(None))
    return _typed(chosen, value, where)


def _tuple(args: tuple[Any, ...], value: Any, where: str) -> tuple[Any, ...]:
    """A tuple of any length (`tuple[X, ...]`) or of fixed types (`tuple[X, Y]`)."""
    items = _checked(list, value, where)
    if len(args) == 2 and args[1] is Ellipsis:
        return tuple(_typed(args[0], item, f"{where}[{at}]") for at, item in enumerate(items))
    if len(items) != len(args):
        raise ValueError(f"{where} should have {len(args)} items, not {len(items)}")
    return tuple(_typed(arg, item, f"{where}[{at}]") for at, (arg, item) in enumerate(zip(args, items, strict=True)))


def _dataclass(kind: Any, value: Any, where: str) -> Any:
    """One of the pack's dataclasses from an object holding its fields and no other; a field with a default may
    be missing (a pack written before the field was added), and takes its default."""
    found = _checked(dict, value, where)
    hints = get_type_hints(kind)
    names = [field.name for field in fields(kind)]
    required = {field.name for field in fields(kind) if field.default is MISSING}
    if not required <= set(found) <= set(names):
        raise ValueError(f"{where} should have the fields {', '.join(sorted(names))}")
    return kind(**{name: _typed(hints[name], found[name], f"{where}.{name}") for name in names if name in found})
