"""The report pack's pages (`/report`, `/snapshots/<slug>`), what a pack's download asks for (read and checked
here, for dashboard/packs.py to serve), and the restatements an indicator's page notes."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from dash import html
from flask import current_app, has_app_context

from data.filters import SLUG
from data.periods import Frequency, Period, PeriodError, parse_period
from data.report import Audience, PackError, ScopeKind
from data.snapshots import restated_since, snapshot, snapshots
from data.store import Store
from layouts.report import ReportChoices, report_page, snapshot_page
from layouts.shell import not_found

if TYPE_CHECKING:
    from callbacks.router import Route

# The app's config key holding what says why a PDF cannot be made here (dashboard/report.py's `unavailable`,
# which this layer cannot import): a function giving one line, or None when a PDF can be made.
PDF_UNAVAILABLE = "DASHBOARD_PDF_UNAVAILABLE"
MAX_VALUE = 200  # a longer value in a pack's address is refused unread
SHOWN = 40  # how much of a refused value a message repeats
CABINET_SCOPE = ("A Cabinet pack covers the whole council: choose Scrutiny for a theme or a directorate, or set "
                 "them back to Whole council.")
_QUARTER_PARAM = re.compile(r"^(?P<year>\d{4})-(?P<next>\d{2})-q(?P<q>[1-4])$")


class AskError(ValueError):
    """A pack asked for with a value that cannot be used (one line, for the 400 page)."""


@dataclass(frozen=True, slots=True)
class PackAsk:
    """A pack's download as asked for, every value checked: the quarter, the audience, the scope (None: the
    whole council) and the format (one of those the server can name)."""

    period: Period
    audience: Audience
    scope: tuple[ScopeKind, str] | None
    fmt: str

    @property
    def filename(self) -> str:
        """The file's name: 'cabinet-2008-09-q3.pdf', 'scrutiny-theme-children-and-young-people-2008-09-q3.html'."""
        scope = f"-{self.scope[0].value}-{self.scope[1]}" if self.scope is not None else ""
        return f"{self.audience.value}{scope}-{quarter_param(self.period)}.{self.fmt}"


def quarter_param(period: Period) -> str:
    """A quarter as a URL names it: Q3 2008/09 is `2008-09-q3` (the financial year, as `as_at` writes a month
    by its year first)."""
    return f"{period.year}-{(period.year + 1) % 100:02d}-q{period.number}"


def _shown(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= SHOWN else f"{value[:SHOWN].rstrip()}…"


def read_quarter(value: str) -> Period:
    """The quarter a URL names, as `2008-09-q3` or any spelling of one a person types ('Q3 2008/09')."""
    match = _QUARTER_PARAM.match(value.strip().lower())
    text = f"Q{match['q']} {match['year']}/{match['next']}" if match else value
    try:
        return parse_period(text, Frequency.QUARTERLY)
    except (PeriodError, ValueError, OverflowError):
        raise AskError(f"'{_shown(value)}' is not a quarter: write one as 2008-09-q3 or Q3 2008/09.") from None


def _one(args: Mapping[str, str], name: str) -> str:
    value = args.get(name, "")
    if len(value) > MAX_VALUE:
        raise AskError(f"The {name} asked for is {len(value):,} characters long: at most {MAX_VALUE} can be one.")
    return value.strip()


def _audience(value: str) -> Audience:
    if not value:
        raise AskError("Choose the audience the pack is for: cabinet or scrutiny.")
    try:
        return Audience(value.lower())
    except ValueError:
        raise AskError(f"'{_shown(value)}' is not an audience: choose cabinet or scrutiny.") from None


def _scope(theme: str, directorate: str) -> tuple[ScopeKind, str] | None:
    if theme and directorate:
        raise AskError("A scrutiny pack covers a theme or a directorate, not both: choose one.")
    for kind, slug in ((ScopeKind.THEME, theme.lower()), (ScopeKind.DIRECTORATE, directorate.lower())):
        if slug:
            if not SLUG.match(slug):
                raise AskError(f"There is no {kind.value} '{_shown(slug)}'.")
            return kind, slug
    return None


def read_pack_ask(args: Mapping[str, str], formats: Collection[str]) -> PackAsk:
    """What a pack's address asks for (`?period=2008-09-q3&audience=scrutiny&theme=SLUG&format=html`), every value
    checked in the form's order (quarter, audience, scope, format); AskError (one line) for the first that cannot
    be used, or is missing. Whether the theme or directorate exists, and the quarter has figures, is the pack's
    builder's to say."""
    period = _one(args, "period")
    if not period:
        raise AskError("Choose the quarter the pack is for.")
    quarter = read_quarter(period)
    audience = _audience(_one(args, "audience"))
    scope = _scope(_one(args, "theme"), _one(args, "directorate"))
    if audience is Audience.CABINET and scope is not None:
        raise AskError(CABINET_SCOPE)
    fmt = _one(args, "format").lower()
    if not fmt:
        raise AskError(f"Choose the format the pack is made in: {', '.join(formats)}.")
    if fmt not in formats:
        raise AskError(f"'{_shown(fmt)}' is not a format a pack can be made in: choose {', '.join(formats)}.")
    return PackAsk(quarter, audience, scope, fmt)


# --- the pages -------------------------------------------------------------------------------------------------

def quarters(months: Sequence[Period]) -> tuple[Period, ...]:
    """The quarters with figures, newest first, from the months with figures (newest first)."""
    found: dict[Period, None] = {}
    for month in months:
        found.setdefault(Period.containing(Frequency.QUARTERLY, month.start), None)
    return tuple(found)


def pdf_unavailable() -> str | None:
    """Why a PDF cannot be made here, as the app was told (PDF_UNAVAILABLE); None when it can."""
    says: Callable[[], str | None] | None = current_app.config.get(PDF_UNAVAILABLE) if has_app_context() else None
    return says() if says is not None else None


def _kept(choices: Mapping[str, str], period: Period) -> tuple[str, Audience, str, str]:
    """The form's choices the URL kept (a refused download's link back), each used only where it can be: the
    quarter (else that of the month chosen), the audience (else Cabinet), the theme and the directorate."""
    try:
        quarter = read_quarter(choices.get("period", ""))
    except AskError:
        quarter = Period.containing(Frequency.QUARTERLY, period.start)
    audience = Audience.SCRUTINY if choices.get("audience", "").lower() == Audience.SCRUTINY.value \
        else Audience.CABINET
    return (quarter_param(quarter), audience, choices.get("theme", "").lower(),
            choices.get("directorate", "").lower())


def report_view(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    """The report pack's page: the quarter of the month chosen selected (the latest by default), or the choices
    the URL kept."""
    choices = store.under_performance(period).choices  # every theme and directorate, by name
    chosen, audience, theme, directorate = _kept(dict(route.choices), period)
    found = ReportChoices(
        quarters=tuple((quarter.label, quarter_param(quarter)) for quarter in quarters(store.months())),
        chosen=chosen, themes=choices.themes, directorates=choices.directorates,
        pdf_unavailable=pdf_unavailable(), snapshots=snapshots(store),
        kept=(audience, theme, directorate))
    return "Report pack", report_page(found, as_at)


def snapshot_view(store: Store, route: Route, period: Period, as_at: str) -> tuple[str, html.Div]:
    """A frozen pack's page, with what has been restated since; the not-found page for a slug that names none."""
    found = snapshot(store, route.slug)
    if found is None:
        return "Pack not found", not_found("pack", as_at)
    pack = found.pack
    line = pack.frozen.line if pack.frozen is not None else found.summary.name
    try:
        restated_now, problem = restated_since(store, pack), None
    except PackError as error:
        restated_now, problem = None, str(error)
    return line, snapshot_page(found.summary, line, pack.title, restated_now, problem, as_at)
