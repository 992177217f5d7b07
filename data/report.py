"""The committee report pack: what goes to Cabinet or to a scrutiny committee for a quarter, as plain values.

A pack is built from the same store answers and rules as the pages (never a second rule), and holds only
what it shows, so that a frozen pack (data/snapshots.py) can be stored as JSON and drawn again the same,
whatever is loaded later. Renderers: layouts/report_pack.py (HTML, and the PDF made from it) and
data/report_xlsx.py (the workbook)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from data.periods import Frequency
from data.rules import ActionKind, ActionStatus, Direction, Polarity, Rating, Reason

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
    """An under-performing indicator (DESIGN §3) with its reasons and remedial actions."""

    figure: PackFigure
    reasons: tuple[Reason, ...]
    periods_missed: int
    forecast: float | None
    forecast_text: str | None  # the forecast against the year-end target, with the method, where made
    unmanaged: bool  # no open remedial action
    actions: tuple[PackAction, ...]  # its remedial actions, open ones first


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


@dataclass(frozen=True, slots=True)
class Frozen:
    """Set on a pack stored as reported: the meeting's name and the freeze's own date."""

    name: str  # "Cabinet 15 January 2009"
    on: date


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
    questions: tuple[PackQuestion, ...]  # for scrutiny members; none in a Cabinet pack
    frozen: Frozen | None = None

    @property
    def title(self) -> str:
        """'Cabinet performance report, Q3 2008/09' / 'Scrutiny performance report: Children's Services, ...'"""
        who = "Cabinet" if self.audience is Audience.CABINET else "Scrutiny"
        scope = f": {self.scope.name}" if self.scope is not None else ""
        return f"{who} performance report{scope}, {self.period}"
