"""The questions the pages ask, answered as pandas DataFrames with the council's rules applied.

Each method reads only the rows its question needs: a scorecard for a period touches three periods per
indicator (this one, the previous one and the same one a year earlier), never an indicator's whole history."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
from sqlalchemy import Engine, and_, exists, func, select
from sqlalchemy.orm import aliased

from data import rules
from data.db import make_engine, upgrade
from data.models import (
    Action,
    ActionUpdate,
    Directorate,
    ImportBatch,
    Indicator,
    Priority,
    Service,
    Theme,
    Value,
    action_indicators,
    indicator_themes,
    priority_indicators,
)
from data.periods import Frequency, Period
from data.rules import Polarity, Rating, Target, Tolerance

# A late return: no figure yet for the period asked, but an earlier one. The rating stays the period's own
# (No data); these say how late the return is and what the latest figure showed.
LATE_COLUMNS = ["late_by", "last_period", "last_actual", "last_rating", "last_rating_text", "last_short_term",
                "last_long_term", "late_text"]
_NOT_LATE = {"late_by": 0, "last_period": "", "last_actual": None, "last_rating": "", "last_rating_text": "",
             "last_short_term": "", "last_long_term": "", "late_text": ""}
LATE_LOOKS_BACK = 2  # years: a latest figure older than this is not a late return but a stopped indicator
_PERIOD_WORDS = {Frequency.MONTHLY: "month", Frequency.QUARTERLY: "quarter", Frequency.ANNUAL: "year"}

SCORECARD_COLUMNS = [
    "indicator_id", "code", "slug", "title", "directorate", "service", "unit", "polarity", "frequency",
    "cumulative", "partnership", "tolerance", "tolerance_is_percent", "period", "period_start", "actual",
    "target_low", "target_high", "target", "status", "note", "rating", "rating_text", "short_term", "long_term",
    "previous_rating", "improvement", *LATE_COLUMNS,
]

_INDICATOR_COLUMNS = (
    Indicator.id.label("indicator_id"), Indicator.code, Indicator.slug, Indicator.title,
    Directorate.name.label("directorate"), Service.name.label("service"), Indicator.unit, Indicator.polarity,
    Indicator.frequency, Indicator.cumulative, Indicator.partnership, Indicator.tolerance,
    Indicator.tolerance_is_percent,
)


def _target(low: Any, high: Any) -> Target | None:
    if low is None or pd.isna(low):
        return None
    return Target(float(low), float(high))


def _number(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


class Store:
    """Reads for the dashboard and the exports; writes go through the importer."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @classmethod
    def open(cls, url: str) -> Store:
        """Connect to `url`, bringing its schema up to date."""
        engine = make_engine(url)
        upgrade(engine)
        return cls(engine)

    def _frame(self, statement) -> pd.DataFrame:
        with self.engine.connect() as connection:
            result = connection.execute(statement)
            return pd.DataFrame(result.fetchall(), columns=list(result.keys()))

    # what there is -------------------------------------------------------------------------------------

    def is_empty(self) -> bool:
        with self.engine.connect() as connection:
            return connection.execute(select(Indicator.id).limit(1)).first() is None

    def latest_period(self) -> Period | None:
        """The latest month in which any indicator has an actual: the default "as at" period."""
        # each indicator's last actual, found through the (indicator, period) index, rather than one pass
        # over every value: this runs for every page drawn
        last_actual = (select(func.max(Value.period_start))
                       .where(Value.indicator_id == Indicator.id, Value.actual.is_not(None))
                       .correlate(Indicator).scalar_subquery())
        rows = self._frame(select(Indicator.frequency, func.max(last_actual).label("start"))
                           .group_by(Indicator.frequency))
        rows = rows[rows["start"].notna()]
        if rows.empty:
            return None
        last_day = max(Period.from_start(r.frequency, r.start).end for r in rows.itertuples())
        return Period.containing(Frequency.MONTHLY, last_day)

    def months(self) -> list[Period]:
        """The months one can report "as at", newest first: from the first month with an actual to the latest."""
        latest = self.latest_period()
        if latest is None:
            return []
        with self.engine.connect() as connection:
            first = connection.execute(select(func.min(Value.period_start))
                                       .where(Value.actual.is_not(None))).scalar()
        month = Period.containing(Frequency.MONTHLY, first)
        return [Period(ordinal, Frequency.MONTHLY) for ordinal in range(latest.ordinal, month.ordinal - 1, -1)]

    def last_loaded(self) -> datetime | None:
        """When data was last loaded."""
        with self.engine.connect() as connection:
            return connection.execute(select(func.max(ImportBatch.loaded_at))).scalar()

    def data_version(self) -> str:
        """Changes whenever an import changes anything: cached pages carry it in their keys, so no worker
        serves a page drawn from older data."""
        with self.engine.connect() as connection:
            count, latest = connection.execute(
                select(func.count(ImportBatch.id), func.max(ImportBatch.loaded_at))).one()
        return f"{count}-{latest.isoformat() if latest else 'none'}"

    def is_demo(self) -> bool:
        """Whether the data is the demo council's (loaded by `python -m dashboard demo`)."""
        with self.engine.connect() as connection:
            return connection.execute(select(ImportBatch.id).where(ImportBatch.loaded_by == "demo").limit(1)) \
                .first() is not None

    def priorities(self) -> pd.DataFrame:
        """Every corporate priority with the size of its basket."""
        return self._frame(
            select(Priority.id.label("priority_id"), Priority.name, Priority.slug,
                   func.count(priority_indicators.c.indicator_id).label("basket_size"))
            .outerjoin(priority_indicators, priority_indicators.c.priority_id == Priority.id)
            .group_by(Priority.id, Priority.name, Priority.slug).order_by(Priority.name))

    def themes(self) -> pd.DataFrame:
        return self._frame(select(Theme.id.label("theme_id"), Theme.name, Theme.slug).order_by(Theme.name))

    def indicator(self, slug: str) -> dict[str, Any] | None:
        """One indicator's metadata, with its themes and priorities, or None."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(*_INDICATOR_COLUMNS, Indicator.definition, Indicator.owner)
                .join(Directorate, Indicator.directorate_id == Directorate.id)
                .outerjoin(Service, Indicator.service_id == Service.id)
                .where(Indicator.slug == slug)).mappings().first()
            if row is None:
                return None
            found = dict(row)
            found["themes"] = list(connection.execute(
                select(Theme.name).join(indicator_themes).where(indicator_themes.c.indicator_id == row["indicator_id"])
                .order_by(Theme.name)).scalars())
            links = connection.execute(
                select(Priority.name, Priority.slug).join(priority_indicators)
                .where(priority_indicators.c.indicator_id == row["indicator_id"]).order_by(Priority.name)).all()
            found["priorities"] = [name for name, _ in links]
            found["priority_links"] = [(name, slug) for name, slug in links]
        found["tolerance_text"] = str(Tolerance(found["tolerance"], found["tolerance_is_percent"]))
        return found

    # the scorecard ---------------------------------------------------------------------------------------

    def scorecard(self, period: Period | None = None, *, priority: str | None = None,
                  theme: str | None = None, indicator: str | None = None) -> pd.DataFrame:
        """One row per indicator, rated: at `period` (each indicator's latest period of its own frequency
        ended by then, for indicators in use at that time), or at each indicator's latest actual. A row with
        no figure at `period` says how late its return is and what its latest figure showed (LATE_COLUMNS).
        `priority`, `theme` and `indicator` (slugs) narrow it to a basket, a theme or one indicator."""
        indicators = self._indicators(priority=priority, theme=theme, indicator=indicator)
        if indicators.empty:
            return pd.DataFrame(columns=SCORECARD_COLUMNS)
        ids = indicators["indicator_id"].tolist()
        current = self._latest_values(ids) if period is None else self._values_at(period, ids)
        if current.empty:
            return pd.DataFrame(columns=SCORECARD_COLUMNS)
        current = current.merge(indicators, on="indicator_id")
        current["period_obj"] = [Period.from_start(f, s) for f, s in zip(current.frequency, current.period_start,
                                                                          strict=True)]
        earlier = self._values_for({(row.indicator_id, p.start) for row, p in zip(
            current.itertuples(), current.period_obj, strict=True)
            for p in (row.period_obj.previous, row.period_obj.same_period_last_year)})
        card = self._late_returns(_rate(current, earlier))
        return card.sort_values(["directorate", "code"], ignore_index=True)[SCORECARD_COLUMNS]

    def _late_returns(self, card: pd.DataFrame) -> pd.DataFrame:
        """Fill LATE_COLUMNS for rows with no figure whose indicator has an earlier one (at most
        LATE_LOOKS_BACK years before), rated at that latest figure as the scorecard would have rated it then."""
        waiting = card[card["actual"].isna()]
        if waiting.empty:
            return card
        due = dict(zip(waiting.indicator_id, waiting.period_start, strict=True))
        with self.engine.connect() as connection:
            found = connection.execute(
                select(Value.indicator_id, *_VALUE_COLUMNS)
                .where(Value.indicator_id.in_(list(due)), Value.actual.is_not(None),
                       Value.period_start >= date(min(due.values()).year - LATE_LOOKS_BACK, 4, 1),
                       Value.period_start < max(due.values()))
                .order_by(Value.indicator_id, Value.period_start)).all()
        latest: dict[int, Any] = {}
        for row in found:  # oldest first, so the last kept is the latest before the period due
            if row.period_start < due[row.indicator_id]:
                latest[row.indicator_id] = row
        if not latest:
            return card
        known = waiting[waiting.indicator_id.isin(list(latest))].copy()
        for column in ("period_start", "actual", "target_low", "target_high", "status", "note"):
            known[column] = [getattr(latest[i], column) for i in known.indicator_id]
        known["period_obj"] = [Period.from_start(f, s) for f, s in zip(known.frequency, known.period_start,
                                                                        strict=True)]
        then = _rate(known, self._values_for({(i, p.start) for i, p in zip(known.indicator_id, known.period_obj,
                                                                            strict=True)
                                              for p in (p.previous, p.same_period_last_year)}))
        own_period = dict(zip(waiting.indicator_id, waiting.period_obj, strict=True))
        late: dict[int, dict[str, Any]] = {}
        for row in then.itertuples():
            own = own_period[row.indicator_id]
            behind = (own.ordinal - row.period_obj.ordinal) // own.frequency.months
            word = _PERIOD_WORDS[own.frequency] + ("s" if behind != 1 else "")
            late[row.indicator_id] = {
                "late_by": behind, "last_period": row.period, "last_actual": row.actual, "last_rating": row.rating,
                "last_rating_text": row.rating_text, "last_short_term": row.short_term,
                "last_long_term": row.long_term,
                "late_text": f"Return for {own.label} is {behind} {word} late; latest figure {row.period}"}
        filled = [late.get(i, _NOT_LATE) for i in card.indicator_id]
        return card.assign(**{column: [f[column] for f in filled] for column in LATE_COLUMNS})

    def _indicators(self, *, priority: str | None = None, theme: str | None = None, indicator: str | None = None,
                    ids: list[int] | None = None) -> pd.DataFrame:
        statement = (select(*_INDICATOR_COLUMNS)
                     .join(Directorate, Indicator.directorate_id == Directorate.id)
                     .outerjoin(Service, Indicator.service_id == Service.id))
        if priority is not None:
            statement = statement.join(priority_indicators).join(Priority).where(Priority.slug == priority)
        if theme is not None:
            statement = statement.join(indicator_themes).join(Theme).where(Theme.slug == theme)
        if indicator is not None:
            statement = statement.where(Indicator.slug == indicator)
        if ids is not None:
            statement = statement.where(Indicator.id.in_(ids))
        return self._frame(statement)

    def _latest_values(self, ids: list[int]) -> pd.DataFrame:
        latest = (select(func.max(Value.period_start))
                  .where(Value.indicator_id == Indicator.id, Value.actual.is_not(None))
                  .correlate(Indicator).scalar_subquery())
        return self._frame(
            select(Indicator.id.label("indicator_id"), *_VALUE_COLUMNS)
            .join(Value, and_(Value.indicator_id == Indicator.id, Value.period_start == latest))
            .where(Indicator.id.in_(ids)))

    def _values_at(self, period: Period, ids: list[int]) -> pd.DataFrame:
        """Each indicator's value at its own period ended by `period`, whether or not one was reported.
        An indicator is in use from its first period with a value (actual or target) to the end of the
        financial year of its last: a late return shows as No data, an indicator that has stopped drops out."""
        frames = []
        for frequency in Frequency:
            own = Period.ending_by(frequency, period.end)
            start = own.start
            other = aliased(Value)
            before = (select(other.id).where(other.indicator_id == Indicator.id, other.period_start <= start)
                      .correlate(Indicator))
            after = (select(other.id).where(other.indicator_id == Indicator.id,
                                            other.period_start >= own.financial_year.start)
                     .correlate(Indicator))
            statement = (
                select(Indicator.id.label("indicator_id"), *_VALUE_COLUMNS[1:])
                .outerjoin(Value, and_(Value.indicator_id == Indicator.id, Value.period_start == start))
                .where(Indicator.frequency == frequency.value, Indicator.id.in_(ids), exists(before), exists(after)))
            frame = self._frame(statement)
            if not frame.empty:
                frame.insert(1, "period_start", start)
                frames.append(frame)
        return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()

    def _values_for(self, keys: set[tuple[int, date]]) -> pd.DataFrame:
        """The values at these (indicator, period start) pairs."""
        if not keys:
            return pd.DataFrame(columns=["indicator_id", *(c.key for c in _VALUE_COLUMNS)])
        starts = sorted({start for _, start in keys})
        frame = self._frame(
            select(Value.indicator_id, *_VALUE_COLUMNS)
            .where(Value.indicator_id.in_({i for i, _ in keys}), Value.period_start.in_(starts)))
        wanted = pd.Series([(i, s) in keys for i, s in zip(frame.indicator_id, frame.period_start, strict=True)],
                           dtype=bool)
        return frame[wanted.to_numpy()] if not frame.empty else frame

    # an indicator through time -------------------------------------------------------------------------

    def indicator_history(self, slug: str) -> pd.DataFrame:
        """Every period of one indicator, rated, with its direction of travel at each point."""
        indicators = self._frame(select(*_INDICATOR_COLUMNS)
                                 .join(Directorate, Indicator.directorate_id == Directorate.id)
                                 .outerjoin(Service, Indicator.service_id == Service.id)
                                 .where(Indicator.slug == slug))
        if indicators.empty:
            return pd.DataFrame(columns=SCORECARD_COLUMNS)
        values = self._frame(select(Value.indicator_id, *_VALUE_COLUMNS)
                             .where(Value.indicator_id == int(indicators.indicator_id[0]))
                             .order_by(Value.period_start))
        if values.empty:
            return pd.DataFrame(columns=SCORECARD_COLUMNS)
        current = values.merge(indicators, on="indicator_id")
        current["period_obj"] = [Period.from_start(f, s) for f, s in zip(current.frequency, current.period_start,
                                                                          strict=True)]
        return _rate(current, values)[SCORECARD_COLUMNS]

    def histories(self, indicator_ids: list[int], first: date, last: date) -> pd.DataFrame:
        """Several indicators' values between two dates, rated (for small multiples): one query."""
        if not indicator_ids:
            return pd.DataFrame(columns=SCORECARD_COLUMNS)
        values = self._frame(select(Value.indicator_id, *_VALUE_COLUMNS)
                             .where(Value.indicator_id.in_(indicator_ids), Value.period_start >= first,
                                    Value.period_start <= last)
                             .order_by(Value.indicator_id, Value.period_start))
        if values.empty:
            return pd.DataFrame(columns=SCORECARD_COLUMNS)
        current = values.merge(self._indicators(ids=indicator_ids), on="indicator_id")
        current["period_obj"] = [Period.from_start(f, s) for f, s in zip(current.frequency, current.period_start,
                                                                          strict=True)]
        return _rate(current, values)[SCORECARD_COLUMNS]

    # priorities, themes and the organisation -------------------------------------------------------------

    def priority_rollups(self, period: Period | None = None, *, card: pd.DataFrame | None = None,
                         priority: str | None = None) -> pd.DataFrame:
        """Each priority's basket summed up: counts by rating, % on target, % improving, targets missing.
        Pass the scorecard at `period` as `card` when you have it; `priority` (a slug) sums up that one alone."""
        if card is None:
            card = self.scorecard(period, priority=priority)
        statement = select(Priority.id.label("priority_id"), Priority.name, Priority.slug,
                           priority_indicators.c.indicator_id).outerjoin(priority_indicators)
        if priority is not None:
            statement = statement.where(Priority.slug == priority)
        baskets = self._frame(statement)
        joined = baskets.merge(card[["indicator_id", "rating", "long_term", "late_by"]], on="indicator_id",
                               how="left")
        rows = []
        for (priority_id, name, slug), group in joined.groupby(["priority_id", "name", "slug"], sort=False):
            rated = group.dropna(subset=["rating"])  # basket members not reported at this period
            summary = rules.roll_up(rated["rating"], rated["long_term"])
            rows.append({"priority_id": priority_id, "name": name, "slug": slug, "indicators": summary.total,
                         **{str(r): summary.counts[r] for r in Rating},
                         "on_target_share": summary.on_target_share, "improving": summary.improvement.improving,
                         "comparable": summary.improvement.comparable,
                         "improving_share": summary.improvement.share, "summary": str(summary),
                         "late": int((rated["late_by"] > 0).sum())})
        columns = ["priority_id", "name", "slug", "indicators", *map(str, Rating), "on_target_share", "improving",
                   "comparable", "improving_share", "summary", "late"]
        return pd.DataFrame(rows, columns=columns).sort_values("name", ignore_index=True)

    def organisation_tree(self, period: Period | None = None) -> pd.DataFrame:
        """Directorate -> service, with how many indicators have each rating."""
        card = self.scorecard(period)
        card["service"] = card["service"].fillna("(no service)")
        counts = pd.crosstab([card["directorate"], card["service"]], card["rating"])
        for rating in map(str, Rating):
            if rating not in counts.columns:
                counts[rating] = 0
        counts = counts[list(map(str, Rating))].reset_index()
        counts.columns.name = None
        counts["indicators"] = counts[list(map(str, Rating))].sum(axis=1)
        return counts.sort_values(["directorate", "service"], ignore_index=True)

    # actions ------------------------------------------------------------------------------------------

    def actions(self, as_of: date, *, priority: str | None = None, indicator: str | None = None) -> pd.DataFrame:
        """Actions with their progress and status as at a date (progress as last reported by then)."""
        reported = (select(ActionUpdate.action_id, func.max(ActionUpdate.as_of).label("reported_on"))
                    .where(ActionUpdate.as_of <= as_of).group_by(ActionUpdate.action_id).subquery())
        report = aliased(ActionUpdate)
        statement = (
            select(Action.id.label("action_id"), Action.ref, Action.title, Action.kind,
                   Directorate.name.label("directorate"), Priority.name.label("priority"),
                   Priority.slug.label("priority_slug"), Action.owner, Action.start, Action.due,
                   report.progress, report.completed, report.note, reported.c.reported_on)
            .join(Directorate, Action.directorate_id == Directorate.id)
            .outerjoin(Priority, Action.priority_id == Priority.id)
            .outerjoin(reported, reported.c.action_id == Action.id)
            .outerjoin(report, and_(report.action_id == Action.id, report.as_of == reported.c.reported_on))
            .order_by(Action.due, Action.ref))
        if priority is not None:
            statement = statement.where(Priority.slug == priority)
        if indicator is not None:
            statement = statement.where(Action.id.in_(
                select(action_indicators.c.action_id).join(Indicator).where(Indicator.slug == indicator)))
        frame = self._frame(statement)
        links = self._frame(select(action_indicators.c.action_id, Indicator.code, Indicator.slug).join(Indicator)
                            .where(action_indicators.c.action_id.in_(frame["action_id"].tolist())))
        linked: dict[int, list[tuple[str, str]]] = {}
        for row in links.itertuples():
            linked.setdefault(row.action_id, []).append((row.code, row.slug))
        frame["indicator_links"] = [sorted(linked.get(i, [])) for i in frame["action_id"]]  # (code, slug), by code
        frame["indicators"] = ["; ".join(code for code, _ in links) for links in frame["indicator_links"]]
        frame["progress"] = frame["progress"].astype("float64").fillna(0.0)
        frame["completed"] = [None if pd.isna(c) else c for c in frame["completed"]]
        statuses = [rules.action_status(as_of, r.start, r.due, r.progress, r.completed) for r in frame.itertuples()]
        frame["status"] = [str(s) for s in statuses]
        frame["status_text"] = [rules.explain_action_status(s, as_of, r.start, r.due, r.progress)
                                for s, r in zip(statuses, frame.itertuples(), strict=True)]
        return frame

    # under-performance -----------------------------------------------------------------------------------

    def exceptions(self, period: Period, *, card: pd.DataFrame | None = None,
                   actions: pd.DataFrame | None = None) -> pd.DataFrame:
        """Under-performing indicators at `period` with their reasons and remedial actions (DESIGN §3).
        Pass the scorecard at `period` and the actions as at its end when you have them."""
        card = (self.scorecard(period) if card is None else card).copy()
        if card.empty:
            return pd.DataFrame(columns=[*SCORECARD_COLUMNS, "reasons", "periods_missed", "forecast",
                                         "remedial_actions", "unmanaged"])
        card["period_obj"] = [Period.from_start(f, s) for f, s in zip(card.frequency, card.period_start,
                                                                       strict=True)]
        rows = list(card.itertuples())
        # a late return is judged at its latest figure, and listed with that said first
        judged = [Period(p.ordinal - row.late_by * p.frequency.months, p.frequency)
                  for row, p in zip(rows, card.period_obj, strict=True)]
        # this financial year (to its end, for the targets forecasts aim at); a run of missed targets that
        # goes back beyond it is followed up to two years further, for those indicators only
        earliest = min(p.financial_year.start for p in judged)
        by_indicator = self._values_by_indicator(card.indicator_id.tolist(), earliest, period.financial_year.end)
        tolerances = [Tolerance(row.tolerance, row.tolerance_is_percent) for row in rows]

        def run_of(row, at: Period, tolerance: Tolerance) -> rules.MissedRun:
            return _missed_run(by_indicator.get(row.indicator_id, []), at, row.polarity, tolerance)

        runs = [run_of(row, at, tolerance) for row, at, tolerance in zip(rows, judged, tolerances, strict=True)]
        longer = [row.indicator_id for row, run in zip(rows, runs, strict=True) if not run.ended]
        if longer:
            before = self._values_by_indicator(longer, date(earliest.year - 2, 4, 1), earliest - timedelta(days=1))
            for indicator_id, values in before.items():
                by_indicator[indicator_id] = values + by_indicator.get(indicator_id, [])
            runs = [run if run.ended else run_of(row, at, tolerance)
                    for row, at, tolerance, run in zip(rows, judged, tolerances, runs, strict=True)]
        open_remedial = self._open_remedial_actions(period.end, actions)
        reasons, missed, forecasts, remedial = [], [], [], []
        for row, at, tolerance, run in zip(rows, judged, tolerances, runs, strict=True):
            values = by_indicator.get(row.indicator_id, [])
            forecast, misses = _forecast(at, row.polarity, bool(row.cumulative), values, tolerance)
            if row.late_by:
                found: list[str] = rules.under_performance(row.last_rating, row.last_short_term or None,
                                                           row.last_long_term or None, run.periods, misses)
                found = [f"late return (latest figure {row.last_period})", *found] if found else []
            else:
                found = rules.under_performance(row.rating, row.short_term or None, row.long_term or None,
                                                run.periods, misses)
            reasons.append("; ".join(found))
            missed.append(run.periods)
            forecasts.append(forecast)
            remedial.append("; ".join(open_remedial.get(row.indicator_id, [])))
        card["reasons"], card["periods_missed"], card["forecast"] = reasons, missed, forecasts
        card["remedial_actions"] = remedial
        card["unmanaged"] = [bool(r) and not a for r, a in zip(reasons, remedial, strict=True)]
        return card[card["reasons"] != ""].drop(columns="period_obj").reset_index(drop=True)

    def _values_by_indicator(self, ids: list[int], first: date, last: date) -> dict[int, list[tuple]]:
        """(start, actual, low, high) per indicator, oldest first, between two dates: plain tuples, as a
        DataFrame filtered per indicator costs more than the rules."""
        with self.engine.connect() as connection:
            rows = connection.execute(
                select(Value.indicator_id, Value.period_start, Value.actual, Value.target_low, Value.target_high)
                .where(Value.indicator_id.in_(ids), Value.period_start >= first, Value.period_start <= last)
                .order_by(Value.indicator_id, Value.period_start)).all()
        found: dict[int, list[tuple]] = {}
        for indicator_id, *values in rows:
            found.setdefault(indicator_id, []).append(tuple(values))
        return found

    def _open_remedial_actions(self, as_of: date, actions: pd.DataFrame | None) -> dict[int, list[str]]:
        actions = self.actions(as_of) if actions is None else actions
        open_refs = set(actions.loc[(actions.kind == "remedial") & (actions.status != "Complete"), "ref"])
        links = self._frame(select(action_indicators.c.indicator_id, Action.ref).join(Action)
                            .where(Action.kind == "remedial", Action.start <= as_of))
        found: dict[int, list[str]] = {}
        for row in links.itertuples():
            if row.ref in open_refs:
                found.setdefault(row.indicator_id, []).append(row.ref)
        return {k: sorted(v) for k, v in found.items()}


_VALUE_COLUMNS = (Value.period_start, Value.actual, Value.target_low, Value.target_high, Value.status, Value.note)


def _rate(current: pd.DataFrame, earlier: pd.DataFrame) -> pd.DataFrame:
    """Add rating, its explanation and directions of travel to rows that carry a `period_obj`."""
    lookup = {(i, s): (a, lo, hi) for i, s, a, lo, hi in zip(
        earlier.indicator_id, earlier.period_start, earlier.actual, earlier.target_low, earlier.target_high,
        strict=True)}
    ratings, texts, short, long, targets, previous_ratings, improvements = [], [], [], [], [], [], []
    for row in current.itertuples():
        actual, target = _number(row.actual), _target(row.target_low, row.target_high)
        tolerance = Tolerance(row.tolerance, row.tolerance_is_percent)
        rating = rules.rate(actual, target, row.polarity, tolerance)
        ratings.append(str(rating))
        texts.append(rules.explain_rating(rating, actual, target, row.polarity, tolerance, row.unit))
        targets.append(str(target) if target else "")
        directions = []
        for then in (row.period_obj.previous, row.period_obj.same_period_last_year):
            before = lookup.get((row.indicator_id, then.start))
            band = target or (_target(before[1], before[2]) if before else None)
            found = rules.direction(_number(before[0]) if before else None, actual, row.polarity, band)
            directions.append(str(found) if found else "")
        short.append("" if row.cumulative else directions[0])
        long.append(directions[1])
        before = lookup.get((row.indicator_id, row.period_obj.previous.start))
        previous_ratings.append(str(rules.rate(_number(before[0]), _target(before[1], before[2]), row.polarity,
                                               tolerance)) if before else str(Rating.NO_DATA))
        year_ago = lookup.get((row.indicator_id, row.period_obj.same_period_last_year.start))
        improvements.append(_improvement(_number(year_ago[0]) if year_ago else None, actual, row.polarity))
    return current.assign(rating=ratings, rating_text=texts, short_term=short, long_term=long, target=targets,
                          period=[p.label for p in current.period_obj], previous_rating=previous_ratings,
                          improvement=improvements, **{c: [v] * len(current) for c, v in _NOT_LATE.items()})


def _improvement(year_ago: float | None, actual: float | None, polarity: str) -> float | None:
    """Change on a year earlier as a share of the earlier figure, positive when better (one-way indicators)."""
    if year_ago is None or actual is None or not year_ago or polarity not in (Polarity.HIGHER, Polarity.LOWER):
        return None
    change = (actual - year_ago) / abs(year_ago)
    return change if polarity == Polarity.HIGHER else -change


def _missed_run(values: list[tuple], at: Period, polarity: str, tolerance: Tolerance) -> rules.MissedRun:
    """The run of missed targets up to the period `at`, from the indicator's (start, actual, low, high) oldest
    first; a period with no row has no figure. Rated back from `at` only as far as the run can go."""
    months = at.frequency.months
    ratings: list[Rating] = []  # newest first
    later: int | None = None  # the ordinal of the period rated just before (the next one in time)
    for start, actual, low, high in reversed(values):
        if start > at.start:
            continue
        ordinal = start.year * 12 + start.month
        if later is not None:
            ratings += [Rating.NO_DATA] * ((later - ordinal) // months - 1)
        later = ordinal
        rating = rules.rate(_number(actual), _target(low, high), polarity, tolerance)
        ratings.append(rating)
        if rating is not Rating.NO_DATA and not rating.missed:
            break  # a met target ends any run: nothing older matters
    return rules.missed_run(ratings[::-1])


def _forecast(period: Period, polarity: str, cumulative: bool, values: list[tuple],
              tolerance: Tolerance) -> tuple[float | None, bool]:
    """The year-end forecast from this year's actuals up to `period`, and whether it misses the year-end target;
    `values` are the indicator's (start, actual, low, high), oldest first."""
    if period.frequency is Frequency.ANNUAL or polarity in (Polarity.NONE, Polarity.BAND):
        return None, False
    year_start = period.financial_year.start
    year = [v for v in values if v[0] >= year_start]
    points = [(Period.from_start(period.frequency, start).number, _number(actual))
              for start, actual, _, _ in year if start <= period.start and _number(actual) is not None]
    targets = {start: _target(low, high) for start, _, low, high in year}
    now, end = targets.get(period.start), targets.get(period.year_end.start)
    forecast = rules.forecast_year_end(points, period.frequency.per_year, cumulative,
                                       now.low if now else None, end.low if end else None)
    if forecast is None or end is None:
        return forecast, False
    return forecast, rules.rate(forecast, end, polarity, tolerance) is not Rating.GREEN

