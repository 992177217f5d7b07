"""Report packs as reported ("snapshots"): stored once and never changed, and what has been restated since.

A snapshot keeps the pack as JSON and its HTML exactly as it went out, and each indicator's figure in a row of
its own, so that an indicator page can ask whether the figure it reported has been restated. Nothing here
changes a snapshot: `freeze` stores one and `delete` (the command line's, behind an explicit flag) removes one;
every other function only reads. The restatement words are in docs/rules.md ("Restatements")."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from enum import StrEnum
from types import MappingProxyType
from typing import Any

from sqlalchemy import ColumnElement, Connection, Select, func, insert, select
from sqlalchemy import delete as sql_delete
from sqlalchemy.exc import IntegrityError

from data import rules
from data.answers import Figure
from data.db import writer
from data.importer import slugify
from data.models import Snapshot as SnapshotRow
from data.models import SnapshotFigure
from data.periods import Frequency, Period, PeriodError, day_text, parse_period
from data.report import (
    Audience,
    Frozen,
    PackError,
    PackFigure,
    ReportPack,
    Scope,
    ScopeKind,
    build_pack,
    figures,
    from_json,
    to_json,
)
from data.store import Store

MAX_NAME = 200  # snapshots.name's length



class SnapshotError(ValueError):
    """A snapshot that cannot be stored or found as asked (one line, for the command line)."""


@dataclass(frozen=True, slots=True)
class SnapshotSummary:
    """A stored snapshot, without its pack and HTML: what a list of snapshots shows."""

    name: str  # the meeting's: "Cabinet 15 January 2009"
    slug: str
    audience: Audience
    scope: Scope | None  # None: the whole council
    period: str  # the period asked: "Q3 2008/09"
    as_at: str  # the month the pack was as at: "Dec 2008"
    frozen_on: date  # the freeze's own date, as the pack shows it
    data_version: str  # Store.data_version() when the pack was built
    created_at: datetime  # when it was stored (UTC)
    sha256: str  # of the HTML's UTF-8 bytes
    figures: int  # indicators the pack showed


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A snapshot whole: the pack as reported, and its HTML exactly as it went out."""

    summary: SnapshotSummary
    pack: ReportPack
    html: str


class Restated(StrEnum):
    """What can differ between an indicator's figure as reported and as it is now."""

    FIGURE_REVISED = "figure revised"
    TARGET_CHANGED = "target changed"
    RATING_CHANGED = "rating changed"
    LATE_RETURN_ARRIVED = "late return arrived"
    FIGURE_WITHDRAWN = "figure withdrawn"
    LATER_FIGURE = "later figure shown"
    ADDED = "added"
    NO_LONGER_SHOWN = "no longer shown"


@dataclass(frozen=True, slots=True)
class Change:
    """One difference, with the values as reported (`was`) and now, written as the rules write them; for a late
    return that arrived, `was` is the period that was awaited; `period` is the period of the figure reported."""

    kind: Restated
    was: str | None
    now: str | None
    period: str | None = None

    @property
    def text(self) -> str:
        """"figure revised 45% → 47.2%", "late return for Dec 2008 arrived: 47.2%", "no longer shown; ..."."""
        return PHRASES[self.kind].format(was=self.was, now=self.now, period=self.period)


# how each change is written (docs/rules.md#restatements)
PHRASES = MappingProxyType({
    Restated.FIGURE_REVISED: "figure revised {was} → {now}",
    Restated.TARGET_CHANGED: "target {was} → {now}",
    Restated.RATING_CHANGED: "rating {was} → {now}",
    Restated.LATE_RETURN_ARRIVED: "late return for {was} arrived: {now}",
    Restated.FIGURE_WITHDRAWN: "{period} figure withdrawn (was {was}); now showing {now}",
    Restated.LATER_FIGURE: "later figure now shown: {now} (was {period}: {was})",
    Restated.ADDED: "added since reported: {now}",
    Restated.NO_LONGER_SHOWN: "no longer shown; reported {was}",
})


@dataclass(frozen=True, slots=True)
class Restatement:
    """An indicator whose figure as reported differs from what the same pack would show now."""

    code: str
    reported: PackFigure | None  # None: added since
    now: PackFigure | None  # None: no longer shown
    changes: tuple[Change, ...]

    @property
    def text(self) -> str:
        """One line starting with the code: "NI 8 Dec 2008: figure revised 45% → 47.2%; rating Amber → Green"."""
        shown = self.reported or self.now
        assert shown is not None  # a restatement has a figure on one side at least
        return f"{self.code} {shown.period}: " + "; ".join(change.text for change in self.changes)


def freeze(store: Store, pack: ReportPack, html: str, *, name: str, on: date) -> SnapshotSummary:
    """Store `pack` and its `html` as reported to the meeting `name` on `on`, with each of its figures, in one
    transaction; refused (SnapshotError) for a blank or used name, or a pack not frozen as `name` on `on`."""
    _check_freeze(pack, name, on)
    snapshot = _snapshot_values(pack, html, name=name, on=on, pack_json=to_json(pack))
    rows = _figure_rows(figures(pack))
    try:
        with writer(store.engine).begin() as connection:
            refused = _taken(connection, name, snapshot["slug"])
            if refused is not None:
                raise refused
            snapshot_id = connection.execute(insert(SnapshotRow).values(**snapshot).returning(SnapshotRow.id)) \
                .scalar_one()
            if rows:
                connection.execute(insert(SnapshotFigure), [{"snapshot_id": snapshot_id, **row} for row in rows])
    except IntegrityError as error:  # another freeze took the name between the check and the insert
        with store.engine.connect() as connection:
            refused = _taken(connection, name, snapshot["slug"])
        if refused is None:
            raise
        raise refused from error
    return _summary({**snapshot, "figures": len(rows)})


def snapshots(store: Store) -> tuple[SnapshotSummary, ...]:
    """Every snapshot, newest first (by the freeze's date, then the order they were stored)."""
    with store.engine.connect() as connection:
        found = connection.execute(_summaries().order_by(SnapshotRow.frozen_on.desc(), SnapshotRow.id.desc()))
        return tuple(_summary(row._mapping) for row in found)


def snapshot(store: Store, name_or_slug: str) -> Snapshot | None:
    """The snapshot of that name or slug (written any way that gives the same slug), whole; None if none."""
    with store.engine.connect() as connection:
        row = connection.execute(_summaries(SnapshotRow.pack_json, SnapshotRow.html)
                                 .where(_named(name_or_slug))).first()
    if row is None:
        return None
    return Snapshot(_summary(row._mapping), from_json(row.pack_json), row.html)


def delete(store: Store, name: str) -> SnapshotSummary:
    """Remove the snapshot of that name or slug and its figures, and say which it was (the command line's, behind
    an explicit flag: the web app never deletes one)."""
    with writer(store.engine).begin() as connection:
        row = connection.execute(_summaries().where(_named(name))).first()
        if row is None:
            raise SnapshotError(f"There is no snapshot named '{name}'")
        connection.execute(sql_delete(SnapshotFigure).where(SnapshotFigure.snapshot_id == row.id))
        connection.execute(sql_delete(SnapshotRow).where(SnapshotRow.id == row.id))
    return _summary(row._mapping)


def reported_figures(store: Store, code: str) -> tuple[tuple[SnapshotSummary, PackFigure], ...]:
    """Each snapshot that showed the indicator `code`, newest first, with its figure as shown: for an indicator
    page's note where a reported figure has since been restated."""
    shown = select(SnapshotFigure.snapshot_id).where(SnapshotFigure.code == code)
    with store.engine.connect() as connection:
        found = connection.execute(_summaries(SnapshotRow.pack_json).where(SnapshotRow.id.in_(shown))
                                   .order_by(SnapshotRow.frozen_on.desc(), SnapshotRow.id.desc())).all()
    return tuple((_summary(row._mapping), figures(from_json(row.pack_json))[code])
                 for row in found)



def _named(name_or_slug: str) -> ColumnElement[bool]:
    """The snapshot of that name or slug, written any way that gives the same slug; none for a blank name."""
    return SnapshotRow.slug == (slugify(name_or_slug) if name_or_slug.strip() else "")  # a slug is never blank


def _check_freeze(pack: ReportPack, name: str, on: date) -> None:
    if not name.strip():
        raise SnapshotError("A snapshot needs a name, such as 'Cabinet 15 January 2009'")
    if len(name) > MAX_NAME:
        raise SnapshotError(f"A snapshot's name is at most {MAX_NAME} characters; this one has {len(name)}")
    if not name.isprintable() or name != name.strip():
        raise SnapshotError("A snapshot's name is one line of text, without line breaks, tabs or spaces at "
                            "either end, such as 'Cabinet 15 January 2009'")
    if pack.frozen != Frozen(name, on):
        raise SnapshotError(f"The pack was not drawn as frozen for '{name}' on {on.isoformat()}: it would not "
                            "show the freeze it is stored as")


def _taken(connection: Connection, name: str, slug: str) -> SnapshotError | None:
    """The refusal when a snapshot already has this name or slug (the message names the one there is)."""
    found = connection.execute(select(SnapshotRow.name, SnapshotRow.frozen_on)
                               .where((SnapshotRow.name == name) | (SnapshotRow.slug == slug)).limit(1)).first()
    if found is None:
        return None
    return SnapshotError(f"A snapshot named '{found.name}' already exists (frozen on {day_text(found.frozen_on)})")


def _snapshot_values(pack: ReportPack, html: str, *, name: str, on: date, pack_json: str) -> dict[str, Any]:
    """The snapshots row for `pack` (the scope's three columns None for the whole council)."""
    scope = pack.scope
    return {
        "name": name, "slug": slugify(name), "audience": pack.audience.value,
        "scope_kind": scope.kind.value if scope else None, "scope_slug": scope.slug if scope else None,
        "scope_name": scope.name if scope else None, "period": pack.period,
        "as_at": parse_period(pack.as_at).start, "frozen_on": on, "data_version": pack.data_version,
        "created_at": datetime.now(UTC), "pack_json": pack_json, "html": html,
        "sha256": hashlib.sha256(html.encode("utf-8")).hexdigest(),
    }


def _figure_rows(shown: Mapping[str, PackFigure]) -> list[dict[str, Any]]:
    return [{"code": code, "period": figure.period, "actual": figure.actual, "target_low": figure.target_low,
             "target_high": figure.target_high, "rating": figure.rating.value, "due": figure.due}
            for code, figure in shown.items()]


def _summaries(*more: Any) -> Select:
    """A select of what a summary needs (and `more` columns), with how many figures each snapshot showed."""
    figures = select(func.count()).where(SnapshotFigure.snapshot_id == SnapshotRow.id).scalar_subquery()
    return select(SnapshotRow.id, SnapshotRow.name, SnapshotRow.slug, SnapshotRow.audience, SnapshotRow.scope_kind,
                  SnapshotRow.scope_slug, SnapshotRow.scope_name, SnapshotRow.period, SnapshotRow.as_at,
                  SnapshotRow.frozen_on, SnapshotRow.data_version, SnapshotRow.created_at, SnapshotRow.sha256,
                  figures.label("figures"), *more)


def _summary(row: Mapping[Any, Any]) -> SnapshotSummary:
    """A summary from a row of _summaries (or the values stored as one, with their count of figures)."""
    scope = None if row["scope_kind"] is None else \
        Scope(ScopeKind(row["scope_kind"]), row["scope_slug"], row["scope_name"])
    created: datetime = row["created_at"]
    return SnapshotSummary(
        name=row["name"], slug=row["slug"], audience=Audience(row["audience"]), scope=scope, period=row["period"],
        as_at=Period.containing(Frequency.MONTHLY, row["as_at"]).label, frozen_on=row["frozen_on"],
        data_version=row["data_version"], sha256=row["sha256"], figures=row["figures"],
        # SQLite gives back the time without its zone: it was stored in UTC
        created_at=created if created.tzinfo is not None else created.replace(tzinfo=UTC))


# --- restatements (pure) ---------------------------------------------------------------------------------------


def restatements(reported: Mapping[str, PackFigure], now: Mapping[str, PackFigure]) -> tuple[Restatement, ...]:
    """What differs, indicator by indicator, between a pack's figures as reported and the same pack's now
    (each by code, as data.report.figures gives them): one Restatement per indicator, by code."""
    found = []
    for code in sorted(reported.keys() | now.keys(), key=lambda code: (code.casefold(), code)):
        was, is_now = reported.get(code), now.get(code)
        if was is None and is_now is not None:
            found.append(Restatement(code, None, is_now, (Change(Restated.ADDED, None, _rated(is_now)),)))
        elif is_now is None and was is not None:
            found.append(Restatement(code, was, None, (Change(Restated.NO_LONGER_SHOWN, _rated(was), None),)))
        elif was is not None and is_now is not None and (restatement := restated(was, is_now)) is not None:
            found.append(restatement)
    return tuple(found)


def restated(reported: PackFigure, now: PackFigure) -> Restatement | None:
    """How one indicator's figure now differs from its figure as reported; None when it stands as reported.
    A change of data status alone (provisional to validated) is not a restatement: the figure stands."""
    if reported.period == now.period:
        changes = _revised(reported, now)
    elif reported.due == now.period:
        changes = [Change(Restated.LATE_RETURN_ARRIVED, now.period, _figure(now))]
    else:  # not a late return's: the figure reported has gone (an earlier one shown), or a later one has come in
        kind = Restated.FIGURE_WITHDRAWN if _starts(now.period) < _starts(reported.period) else Restated.LATER_FIGURE
        changes = [Change(kind, _figure(reported), f"{now.period}: {_figure(now)}", reported.period)]
    if (reported.target_low, reported.target_high) != (now.target_low, now.target_high):
        changes.append(Change(Restated.TARGET_CHANGED, _target(reported), _target(now)))
    if reported.rating != now.rating:
        changes.append(Change(Restated.RATING_CHANGED, reported.rating.value, now.rating.value))
    return Restatement(reported.code, reported, now, tuple(changes)) if changes else None


def _revised(reported: PackFigure, now: PackFigure) -> list[Change]:
    """The figure's change within one period (the target's and the rating's are restated's)."""
    if reported.actual == now.actual:
        return []
    status = "" if reported.provisional == now.provisional else \
        f" (now {'provisional' if now.provisional else 'validated'})"
    return [Change(Restated.FIGURE_REVISED, _figure(reported), _figure(now) + status)]


def _starts(label: str) -> date:
    """When the period of a figure shown starts (its label read back), to tell an earlier period from a later."""
    return parse_period(label).start


def _figure(figure: PackFigure) -> str:
    """An actual as the rules write one: "45%", "41 days", "£1,200", "no figure"."""
    return rules._with_unit(figure.actual, figure.unit)


def _target(figure: PackFigure) -> str:
    """A target as the rules write one: "40%", a band's "10 to 15 days", or "none"."""
    low, high = figure.target_low, figure.target_high
    if low is None:
        return "none"
    if high is None or low == high:
        return rules._with_unit(low, figure.unit)
    return f"{rules._with_unit(low, figure.unit)} to {rules._with_unit(high, figure.unit)}"


def _rated(figure: PackFigure) -> str:
    """A figure and its rating: "45%, Amber"."""
    return f"{_figure(figure)}, {figure.rating}"


def restated_since(store: Store, pack: ReportPack) -> tuple[Restatement, ...]:
    """What differs between a frozen pack's figures and the same pack built now (the snapshot's page and the
    command line alike); PackError (one line) when it cannot be built now."""
    scope = (pack.scope.kind, pack.scope.slug) if pack.scope is not None else None
    try:
        period = parse_period(pack.period)
    except PeriodError as error:
        raise PackError(str(error)) from None
    now = build_pack(store, period, pack.audience, scope=scope, council=pack.council)
    return restatements(figures(pack), figures(now))


def _now(reported: PackFigure, history: Mapping[str, Figure]) -> PackFigure | None:
    """The reported figure as it stands now, from the indicator's history (by period label): the period
    reported, or the period whose return was late when it has come in, or, when the figure reported has been
    withdrawn, the latest before it (as the pack would show); None when the history holds none of them."""
    figure = history.get(reported.due) if reported.due is not None else None
    if figure is None or figure.actual is None:
        figure = history.get(reported.period)
    if figure is not None and figure.actual is None:
        figure = _latest_before(figure.period, history) or figure
    if figure is None:
        return None
    target = figure.target
    return dataclasses.replace(
        reported, period=figure.period.label, actual=figure.actual, provisional=figure.provisional,
        target_low=target.low if target is not None else None, target_high=target.high if target is not None else None,
        rating=figure.rating, rating_text=figure.rating_text)


def _latest_before(period: Period, history: Mapping[str, Figure]) -> Figure | None:
    """The latest figure with an actual for a period before `period`, if any."""
    earlier = [figure for figure in history.values() if figure.actual is not None and figure.period.end < period.start]
    return max(earlier, key=lambda figure: figure.period.start, default=None)


def restated_figures(reported: Sequence[tuple[SnapshotSummary, PackFigure]],
                   history: Sequence[Figure]) -> tuple[tuple[SnapshotSummary, Restatement], ...]:
    """Each snapshot whose figure for this indicator has since been restated (data.snapshots.restated's rule),
    newest first; only figures of periods the page shows (`history`) are compared."""
    by_period = {figure.period.label: figure for figure in history}
    found = []
    for summary, figure in reported:
        now = _now(figure, by_period)
        change = restated(figure, now) if now is not None else None
        if change is not None:
            found.append((summary, change))
    return tuple(found)
