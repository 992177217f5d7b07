"""The three views three ways: the floor (SQL for the fewest rows, rated in numpy), a naive build (tables read once
at start-up, pandas filters, data/rules.py row by row, plotly express), and the answer of ours (the store's typed
values). Each returns the figures the view shows as plain values (`Shown`), for benchmarks/agreement.py."""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
import plotly.express as px
from sqlalchemy import Engine, and_, case, exists, func, literal, or_, select
from sqlalchemy.orm import aliased

from benchmarks import figures
from benchmarks.figures import FACT_COLUMNS, RATINGS, Inputs, Rater, RowRater, month_of
from data.answers import GRID_PAGE_ROWS, Grid, GridFilters
from data.models import (
    Action,
    ActionUpdate,
    Directorate,
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
from data.rules import ActionKind, Rating, RollUp, _at_least
from data.store import Store

Shown = dict[str, Any]
DRAWN_YEARS = 3  # the priority page's small multiples: the last three years
SCRUTINY = ("grid", "theme", "directorate")  # the views named by a theme's or a directorate's slug
COUNCIL_WIDE = ("underperformance", "tracker", "assessment")  # as at a month, named by nothing else


def _months(starts: Any) -> np.ndarray:
    """Dates (or ISO date strings, as SQLite hands them back) as month numbers."""
    return np.array([int(d[:4]) * 12 + int(d[5:7]) - 1 if isinstance(d, str) else d.year * 12 + d.month - 1
                     for d in starts], dtype=np.int64)


def _value_frame(rows: Any) -> pd.DataFrame:
    """Value rows (indicator, start, actual, low, high) as VALUE_COLUMNS."""
    if not len(rows):
        return pd.DataFrame({"indicator": np.zeros(0, np.int64), "month": np.zeros(0, np.int64),
                             **{name: np.zeros(0) for name in ("actual", "low", "high")}})
    frame = pd.DataFrame.from_records(rows, columns=["indicator", "start", "actual", "low", "high"])
    return pd.DataFrame({"indicator": frame["indicator"].to_numpy(dtype=np.int64),
                         "month": _months([row[1] for row in rows]),
                         **{name: frame[name].to_numpy(dtype=float, na_value=np.nan)
                            for name in ("actual", "low", "high")}})


def _month_start(month: int) -> date:
    return date(month // 12, month % 12 + 1, 1)


def _by_frequency(period: Period, move: Callable[[Period], date]) -> Any:
    """A date per indicator depending on its frequency (each frequency's own period ended by `period`)."""
    whens = [(Indicator.frequency == f.value, literal(move(Period.ending_by(f, period.end)))) for f in Frequency]
    return case(*whens)


def _shown_counts(counts: tuple[int, ...]) -> dict[str, int]:
    names = [r.value for r in RATINGS] + ["improving", "comparable", "late"]
    return dict(zip(names, counts, strict=True))


# --- the floor ------------------------------------------------------------------------------------------------

class Floor:
    """The least work that answers each view: a query for the rows it needs, rated over whole columns."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.rater = Rater()

    def _rows(self, statement: Any) -> list[Any]:
        """The rows as the database driver hands them back (no SQLAlchemy row processing: dates may be text)."""
        with self.engine.connect() as connection:
            return connection.execute(statement).cursor.fetchall()

    def more(self, ids: list[int], first: int, last: int) -> pd.DataFrame:
        """The value rows of `ids` between two months, through the (indicator, period) index."""
        return _value_frame(self._rows(
            select(Value.indicator_id, Value.period_start, Value.actual, Value.target_low, Value.target_high)
            .where(Value.indicator_id.in_(ids), Value.period_start >= _month_start(first),
                   Value.period_start <= _month_start(last))))

    def _in_use(self, period: Period, window: Callable[[Period], date], last: date, where: Any,
                everyone: bool = False) -> Inputs:
        """The indicators in use at `period` (`everyone`: whether or not) that `where` picks, and their value rows
        from `window` (a date from each one's own period) to `last`: two indexed queries, the fewest rows."""
        due = _by_frequency(period, lambda own: own.start)
        year = _by_frequency(period, lambda own: own.financial_year.start)
        other = aliased(Value)
        facts = (select(Indicator.id, Indicator.code, Indicator.slug, Directorate.name, Service.name,
                        Indicator.polarity, Indicator.frequency, Indicator.cumulative, Indicator.tolerance,
                        Indicator.tolerance_is_percent)
                 .join(Directorate, Indicator.directorate_id == Directorate.id)
                 .outerjoin(Service, Indicator.service_id == Service.id).where(where))
        if not everyone:
            facts = facts.where(
                exists(select(other.id).where(other.indicator_id == Indicator.id, other.period_start <= due)),
                exists(select(other.id).where(other.indicator_id == Indicator.id, other.period_start >= year)))
        frame = pd.DataFrame(self._rows(facts), columns=["id", *FACT_COLUMNS]).set_index("id")
        frame = frame.astype({"cumulative": bool, "percent": bool, "tolerance": float})
        # then their rows, through the (indicator, period) index: from the earliest window of the frequencies
        # there are, each indicator's own window kept after
        own = {f.value: month_of(window(Period.ending_by(f, period.end))) for f in Frequency}
        first = min((own[f] for f in frame["frequency"].unique()), default=month_of(last))
        found = self.more(frame.index.tolist(), first, month_of(last)) if len(frame) else _value_frame([])
        found = found[found["month"] >= found["indicator"].map(frame["frequency"].map(own))]
        return Inputs(frame, found.reset_index(drop=True), self.more)

    def _open_remedial(self, as_of: date) -> pd.Series:
        """How many open remedial actions each indicator has (started by `as_of`, not complete by then)."""
        reported = (select(ActionUpdate.action_id, func.max(ActionUpdate.as_of).label("on"))
                    .where(ActionUpdate.as_of <= as_of).group_by(ActionUpdate.action_id).subquery())
        report = aliased(ActionUpdate)
        rows = self._rows(
            select(action_indicators.c.indicator_id, report.progress, report.completed)
            .join(Action, Action.id == action_indicators.c.action_id)
            .outerjoin(reported, reported.c.action_id == Action.id)
            .outerjoin(report, and_(report.action_id == Action.id, report.as_of == reported.c.on))
            .where(Action.kind == ActionKind.REMEDIAL.value, Action.start <= as_of))
        frame = pd.DataFrame(rows, columns=["indicator", "progress", "completed"])
        done = _complete(frame["progress"].fillna(0).to_numpy(dtype=float), frame["completed"], as_of)
        return frame[~done].groupby("indicator").size()

    def _actions(self, as_of: date, where: Any) -> list[Any]:
        """The actions a page lists, with their progress as last reported by `as_of` (status worked out by the
        page from these): one query."""
        reported = (select(ActionUpdate.action_id, func.max(ActionUpdate.as_of).label("on"))
                    .where(ActionUpdate.as_of <= as_of).group_by(ActionUpdate.action_id).subquery())
        report = aliased(ActionUpdate)
        return self._rows(
            select(Action.ref, Action.title, Action.kind, Action.start, Action.due, report.progress,
                   report.completed, report.note)
            .outerjoin(reported, reported.c.action_id == Action.id)
            .outerjoin(report, and_(report.action_id == Action.id, report.as_of == reported.c.on))
            .where(where).order_by(Action.due, Action.ref))

    def _details(self, slug: str) -> list[Any]:
        """An indicator's definition and owner, with the themes and priorities it belongs to: one query."""
        return self._rows(
            select(Indicator.definition, Indicator.owner, Theme.name, Priority.name)
            .outerjoin(indicator_themes, indicator_themes.c.indicator_id == Indicator.id)
            .outerjoin(Theme, Theme.id == indicator_themes.c.theme_id)
            .outerjoin(priority_indicators, priority_indicators.c.indicator_id == Indicator.id)
            .outerjoin(Priority, Priority.id == priority_indicators.c.priority_id)
            .where(Indicator.slug == slug))

    def _baskets(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        rows = self._rows(select(Priority.id, Priority.name, priority_indicators.c.indicator_id)
                          .outerjoin(priority_indicators).order_by(Priority.name))
        frame = pd.DataFrame(rows, columns=["priority", "name", "indicator"])
        return (frame.drop_duplicates("priority").set_index("priority")[["name"]],
                frame.dropna().astype({"indicator": np.int64}))

    def overview(self, period: Period) -> tuple[Shown, int]:
        inputs = self._in_use(period, lambda own: own.same_period_last_year.start, period.financial_year.end,
                              literal(True))
        shown, size = _overview(inputs, period, self.rater, self._baskets(), self._open_remedial(period.end))
        return shown, size + len(json.dumps(self._actions(period.end, literal(True)), default=str))

    def priority(self, slug: str, period: Period) -> tuple[Shown, int]:
        basket = select(priority_indicators.c.indicator_id).join(Priority).where(Priority.slug == slug)
        inputs = self._in_use(period, lambda own: own.same_period_last_year.start, period.end,
                              Indicator.id.in_(basket))
        shown, size = _priority(inputs, period, self.rater)
        actions = self._actions(period.end, Action.priority_id.in_(select(Priority.id).where(Priority.slug == slug)))
        return shown, size + len(json.dumps(actions, default=str))

    def indicator(self, slug: str, period: Period) -> tuple[Shown, int]:
        inputs = self._in_use(period, lambda own: date(1, 1, 1), period.end, Indicator.slug == slug, everyone=True)
        shown, size = _indicator(inputs, period, self.rater)
        linked = select(action_indicators.c.action_id).join(Indicator).where(Indicator.slug == slug)
        extra = [self._details(slug), self._actions(period.end, Action.id.in_(linked))]
        return shown, size + len(json.dumps(extra, default=str))

    # the under-performance list, the action tracker and the strategic assessment: council-wide, as at a month

    def underperformance(self, period: Period) -> tuple[Shown, int]:
        """The under-performance list: every under-performer in order, with its owner and remedial actions."""
        inputs = self._in_use(period, lambda own: own.same_period_last_year.start, period.financial_year.end,
                              literal(True))
        card = figures.scorecard(inputs, period, self.rater)
        under, unmanaged = figures.under_performance(inputs, card, self._open_remedial(period.end), self.rater)
        shown = {"under_performing": under, "unmanaged": unmanaged}
        owners = self._rows(select(Indicator.code, Indicator.owner).where(Indicator.code.in_(under))) if under else []
        remedial = self._actions(period.end, Action.kind == ActionKind.REMEDIAL.value)
        return shown, len(json.dumps(shown)) + len(json.dumps([owners, remedial], default=str))

    def tracker(self, period: Period) -> tuple[Shown, int]:
        """The action tracker: every action's status as at the month's end, with the columns its table shows
        (its directorate, priority and owner too), from one query."""
        reported = (select(ActionUpdate.action_id, func.max(ActionUpdate.as_of).label("on"))
                    .where(ActionUpdate.as_of <= period.end).group_by(ActionUpdate.action_id).subquery())
        report = aliased(ActionUpdate)
        rows = self._rows(
            select(Action.ref, Action.start, Action.due, report.progress, report.completed, Action.title,
                   Action.kind, Directorate.name, Priority.name, Action.owner, report.note)
            .join(Directorate, Action.directorate_id == Directorate.id)
            .outerjoin(Priority, Action.priority_id == Priority.id)
            .outerjoin(reported, reported.c.action_id == Action.id)
            .outerjoin(report, and_(report.action_id == Action.id, report.as_of == reported.c.on))
            .order_by(Action.due, Action.ref))
        shown = figures.tracker(_action_frame(rows), period.end, self.rater)
        return shown, len(json.dumps(rows, default=str))

    def assessment(self, period: Period) -> tuple[Shown, int]:
        """The strategic assessment: the scorecard, and every series in use read whole in one query."""
        inputs = self._in_use(period, lambda own: date(1, 1, 1), period.end, literal(True))
        card = figures.scorecard(inputs, period, self.rater)
        shown = figures.assessment(inputs, card, period, self.rater)
        return shown, len(json.dumps(shown))

    # the status grid and the scrutiny pages: the scorecard of the indicators a page is about, the cells of
    # its grid's first page only (one query for just those periods' rows), under-performers where shown

    def _cells(self, inputs: Inputs, page: pd.DataFrame, period: Period) -> np.ndarray:
        """The ratings of the grid's first page, from one query for just the rows at its cells' periods."""
        ids = page["indicator"].to_numpy(dtype=np.int64)
        step = inputs.of(ids)["step"]
        starts = figures.cell_starts(step, figures.column_ends(period))
        wanted = [and_(Value.indicator_id.in_(ids[step == each].tolist()),
                       Value.period_start.in_(sorted({_month_start(int(m)) for m in starts[step == each].ravel()
                                                      if m >= 0})))
                  for each in np.unique(step)]
        if wanted:
            inputs.include(_value_frame(self._rows(
                select(Value.indicator_id, Value.period_start, Value.actual, Value.target_low, Value.target_high)
                .where(or_(*wanted)))))
        return figures.cell_ratings(inputs, ids, starts, self.rater, self._first)

    def _first(self, ids: list[int]) -> dict[int, int]:
        """The month of each indicator's first value, through the (indicator, period) index."""
        rows = self._rows(select(Value.indicator_id, func.min(Value.period_start))
                          .where(Value.indicator_id.in_(ids)).group_by(Value.indicator_id))
        return dict(zip([int(i) for i, _ in rows], _months([start for _, start in rows]).tolist(), strict=True))

    def grid(self, theme: str, period: Period) -> tuple[Shown, int]:
        """The status grid with a theme filter: its counts and its first page's rows and cells."""
        inputs = self._in_use(period, lambda own: own.same_period_last_year.start, period.end,
                              Indicator.id.in_(_theme_members(theme)))
        card = figures.grid_order(figures.scorecard(inputs, period, self.rater))
        shown = _grid_shown(card, self._cells(inputs, card.iloc[:GRID_PAGE_ROWS], period))
        return shown, len(json.dumps(shown))

    def theme(self, slug: str, period: Period) -> tuple[Shown, int]:
        """A theme's page: its grid, its under-performers and the actions linked to its indicators."""
        members = _theme_members(slug)
        inputs = self._in_use(period, lambda own: own.same_period_last_year.start, period.financial_year.end,
                              Indicator.id.in_(members))
        card = figures.scorecard(inputs, period, self.rater)
        under = figures.under_performers(inputs, card, self._open_remedial(period.end), self.rater)
        ordered = figures.grid_order(card)
        shown = {**_grid_shown(ordered, self._cells(inputs, ordered.iloc[:GRID_PAGE_ROWS], period)),
                 "under_performing": under}
        linked = select(action_indicators.c.action_id).where(action_indicators.c.indicator_id.in_(members))
        return shown, len(json.dumps(shown)) + len(json.dumps(self._actions(period.end, Action.id.in_(linked)),
                                                              default=str))

    def directorate(self, slug: str, period: Period) -> tuple[Shown, int]:
        """A directorate's page: its roll-up, its services' roll-ups and under-performers, its grid."""
        inputs = self._in_use(period, lambda own: own.same_period_last_year.start, period.financial_year.end,
                              Directorate.slug == slug)
        card = figures.scorecard(inputs, period, self.rater)
        under = figures.under_performers(inputs, card, self._open_remedial(period.end), self.rater)
        services = [name for (name,) in self._rows(select(Service.name).join(Directorate)
                                                   .where(Directorate.slug == slug).order_by(Service.name))]
        ordered = figures.grid_order(card)
        shown = {**_grid_shown(ordered, self._cells(inputs, ordered.iloc[:GRID_PAGE_ROWS], period)),
                 **_parts(card, under, services)}
        return shown, len(json.dumps(shown))


def _theme_members(slug: str) -> Any:
    return select(indicator_themes.c.indicator_id).join(Theme).where(Theme.slug == slug)


def _grid_counts(counts: tuple[int, ...]) -> dict[str, int]:
    return dict(zip([r.value for r in RATINGS] + ["improving", "comparable"], counts, strict=True))


def _grid_shown(card: pd.DataFrame, cells: np.ndarray) -> Shown:
    """What a grid shows (`card` in the grid's order; `cells` of its first page): the counts by latest rating,
    how many rows, and the first page's codes, each with its cells' ratings (None: not due in that column)."""
    page = [[code, *(None if c < 0 else RATINGS[c].value for c in row)]
            for code, row in zip(card["code"].iloc[:GRID_PAGE_ROWS], cells.tolist(), strict=True)]
    return {"counts": _grid_counts(figures.shown_counts(card)), "rows": len(card), "page": page}


def _parts(card: pd.DataFrame, under: list[str], services: list[str]) -> Shown:
    """A directorate's own roll-up, its indicators without a target (shown: a late return at its latest figure),
    and each service's roll-up with how many of its indicators are under-performing; roll-ups of each row's
    figure at the period (a late return is No data), as the overview sums up the council (data/scrutiny.py)."""
    failing = card["code"].isin(under)
    parts = {name: {**_grid_counts(figures.counts(card[card["service"] == name])[:-1]),
                    "under_performing": int((failing & (card["service"] == name)).sum())} for name in services}
    without = card.loc[card["shown_rating"] == RATINGS.index(Rating.NO_TARGET), "code"]
    return {"roll_up": _grid_counts(figures.counts(card)[:-1]), "without_target": sorted(without),
            "parts": parts}


def _day_number(when: Any) -> int:
    """A date (or an ISO date string, as SQLite hands them back, or a pandas timestamp) as a day number; -1 for
    none."""
    if when is None or (not isinstance(when, (str, date)) and pd.isna(when)):
        return -1
    if isinstance(when, str):
        return date.fromisoformat(when[:10]).toordinal()
    return (when.date() if isinstance(when, pd.Timestamp) else when).toordinal()


def _action_frame(rows: list[Any]) -> pd.DataFrame:
    """Actions (ref, start, due, progress, completed) as figures.tracker takes them: dates as day numbers."""
    return pd.DataFrame({"ref": [row[0] for row in rows],
                         **{name: np.array([_day_number(row[at]) for row in rows], dtype=np.int64)
                            for name, at in (("start", 1), ("due", 2), ("completed", 4))},
                         "progress": np.array([np.nan if row[3] is None or pd.isna(row[3]) else float(row[3])
                                               for row in rows], dtype=float)})


def _complete(progress: np.ndarray, completed: pd.Series, as_of: date) -> np.ndarray:
    """rules.action_status's first test: 100% reported, or completed on or before the date."""
    finished = np.array([done is not None and not pd.isna(done) and pd.Timestamp(done).date() <= as_of
                         for done in completed], dtype=bool)
    return np.array([_at_least(p, 100) for p in progress], dtype=bool) | finished


def _overview(inputs: Inputs, period: Period, rater: Rater, baskets: tuple[pd.DataFrame, pd.DataFrame],
              remedial: pd.Series) -> tuple[Shown, int]:
    card = figures.scorecard(inputs, period, rater)
    priorities = {name: _shown_counts(found) for name, found in figures.roll_ups(card, *baskets).items()}
    under = figures.under_performers(inputs, card, remedial, rater)
    shown = {"priorities": priorities, "council": _shown_counts(figures.counts(card)),
             "under_performing": len(under), "listed": under[:figures.LISTED]}
    return shown, len(json.dumps(shown))


def _priority(inputs: Inputs, period: Period, rater: Rater) -> tuple[Shown, int]:
    from layouts.priority import SMALL_MULTIPLES  # a constant: how many the page draws

    card = figures.scorecard(inputs, period, rater)
    chosen = figures.drawn(card, SMALL_MULTIPLES)
    first, last = month_of(date(period.end.year - DRAWN_YEARS, period.end.month, 1)), month_of(period.end)
    ids = chosen["indicator"].to_numpy()
    inputs.add([int(i) for i in ids], first, last)
    drawn = figures.history(inputs, ids, first, last, rater)
    shown = {"roll_up": _shown_counts(figures.counts(card)), "drawn": chosen["code"].tolist()}
    points = {int(i): group["actual"].round(2).tolist() for i, group in drawn.groupby("indicator")}
    return shown, len(json.dumps({**shown, "points": points}))


def _indicator(inputs: Inputs, period: Period, rater: Rater) -> tuple[Shown, int]:
    if inputs.facts.empty:
        return {"latest": None, "rating": None, "points": 0}, 0
    step = figures.MONTHS[inputs.facts["frequency"].iloc[0]]
    last = month_of(period.end) - step + 1  # the last period ended by `period`
    found = figures.history(inputs, inputs.facts.index.to_numpy(), 0, last, rater)
    known = found[found["actual"].notna()]
    latest = known.iloc[-1] if len(known) else None
    shown = {"latest": None if latest is None else float(latest["actual"]),
             "rating": None if latest is None else RATINGS[int(latest["rating"])].value, "points": len(found)}
    return shown, len(json.dumps({**shown, "actual": found["actual"].tolist(), "target": found["low"].tolist()}))


# --- the naive build -------------------------------------------------------------------------------------------

class Naive:
    """A competent Dash developer's build: every table read into pandas once at start-up, each request filtered
    there, rated with data/rules.py one row at a time, drawn with plotly express."""

    def __init__(self, engine: Engine):
        with engine.connect() as connection:
            def read(statement: Any) -> pd.DataFrame:
                return pd.read_sql(statement, connection)

            indicators = read(select(Indicator.id, Indicator.code, Indicator.slug,
                                     Directorate.name.label("directorate"), Service.name.label("service"),
                                     Indicator.polarity, Indicator.frequency, Indicator.cumulative,
                                     Indicator.tolerance, Indicator.tolerance_is_percent.label("percent"),
                                     Directorate.slug.label("directorate_slug"), Indicator.owner)
                              .join(Directorate, Indicator.directorate_id == Directorate.id)
                              .outerjoin(Service, Indicator.service_id == Service.id))
            values = read(select(Value.indicator_id.label("indicator"), Value.period_start.label("start"),
                                 Value.actual, Value.target_low.label("low"), Value.target_high.label("high")))
            self.priorities = read(select(Priority.id.label("priority"), Priority.name, Priority.slug))
            self.members = read(select(priority_indicators.c.priority_id.label("priority"),
                                       priority_indicators.c.indicator_id.label("indicator")))
            self.actions = read(select(Action.id, Action.kind, Action.start))
            self.updates = read(select(ActionUpdate.action_id, ActionUpdate.as_of, ActionUpdate.progress,
                                       ActionUpdate.completed))
            self.links = read(select(action_indicators))
            self.themes = read(select(Theme.id.label("theme"), Theme.slug))
            self.theme_members = read(select(indicator_themes.c.theme_id.label("theme"),
                                             indicator_themes.c.indicator_id.label("indicator")))
            self.services = read(select(Service.name, Directorate.slug.label("directorate")).join(Directorate))
            self.action_table = read(select(Action.id, Action.ref, Action.title, Action.kind, Action.start,
                                            Action.due, Directorate.name.label("directorate"),
                                            Priority.name.label("priority"), Action.owner)
                                     .join(Directorate, Action.directorate_id == Directorate.id)
                                     .outerjoin(Priority, Action.priority_id == Priority.id))
        indicators["service"] = indicators["service"].astype(object).where(indicators["service"].notna(), None)
        self.indicators = indicators.astype({"cumulative": bool, "percent": bool}).set_index("id")
        self.values = _value_frame(list(values.itertuples(index=False)))
        self.actions["start"] = pd.to_datetime(self.actions["start"])
        self.updates["as_of"] = pd.to_datetime(self.updates["as_of"])
        self.rater = RowRater()

    def more(self, ids: list[int], first: int, last: int) -> pd.DataFrame:
        values = self.values
        return values[values["indicator"].isin(ids) & (values["month"] >= first) & (values["month"] <= last)]

    def _in_use(self, period: Period, ids: pd.Index, back: int, last: int) -> Inputs:
        """The indicators among `ids` in use at `period`, with their rows from `back` months before their own
        period to the month `last`."""
        facts = self.indicators.loc[ids]
        due = facts["frequency"].map(figures.due_months(period))
        values = self.values[self.values["indicator"].isin(ids)]
        span = values.groupby("indicator")["month"].agg(["min", "max"]).reindex(facts.index)
        used = (span["min"] <= due) & (span["max"] >= figures.year_start(due))
        facts = facts[used.to_numpy()]
        own = values["indicator"].map(due[used])
        values = values[own.notna() & (values["month"] >= own - back) & (values["month"] <= last)]
        return Inputs(facts, values.reset_index(drop=True), self.more)

    def _open_remedial(self, as_of: date) -> pd.Series:
        when = pd.Timestamp(as_of)
        actions = self.actions[(self.actions["kind"] == ActionKind.REMEDIAL.value) & (self.actions["start"] <= when)]
        updates = self.updates[self.updates["as_of"] <= when].sort_values("as_of").groupby("action_id").tail(1)
        actions = actions.merge(updates, left_on="id", right_on="action_id", how="left")
        done = _complete(actions["progress"].fillna(0).to_numpy(dtype=float), actions["completed"], as_of)
        open_ids = actions.loc[~done, "id"]
        return self.links[self.links["action_id"].isin(open_ids)].groupby("indicator_id").size()

    def overview(self, period: Period) -> tuple[Shown, int]:
        inputs = self._in_use(period, self.indicators.index, 12, month_of(period.financial_year.end))
        priorities = self.priorities.sort_values("name").set_index("priority")[["name"]]
        shown, _ = _overview(inputs, period, self.rater, (priorities, self.members), self._open_remedial(period.end))
        bars = pd.DataFrame([{"priority": name, "rating": rating, "count": count}
                             for name, found in shown["priorities"].items()
                             for rating, count in list(found.items())[:len(RATINGS)]])
        return shown, len(px.bar(bars, x="priority", y="count", color="rating").to_json())

    def priority(self, slug: str, period: Period) -> tuple[Shown, int]:
        from layouts.priority import SMALL_MULTIPLES

        chosen = self.priorities.loc[self.priorities["slug"] == slug, "priority"]
        ids = pd.Index(self.members.loc[self.members["priority"].isin(chosen), "indicator"])
        inputs = self._in_use(period, ids, 12, month_of(period.end))
        shown, _ = _priority(inputs, period, self.rater)
        first = month_of(date(period.end.year - DRAWN_YEARS, period.end.month, 1))
        drawn_ids = self.indicators.reset_index().set_index("code").loc[shown["drawn"], "id"]
        points = self.more(list(drawn_ids), first, month_of(period.end)).copy()
        points["code"] = points["indicator"].map(self.indicators["code"])
        points["when"] = [_month_start(int(m)) for m in points["month"]]
        figure = px.line(points, x="when", y="actual", facet_col="code", facet_col_wrap=4,
                         facet_row_spacing=0.2 / max(1, math.ceil(SMALL_MULTIPLES / 4)))
        return shown, len(figure.to_json())

    def indicator(self, slug: str, period: Period) -> tuple[Shown, int]:
        facts = self.indicators[self.indicators["slug"] == slug]
        inputs = Inputs(facts, self.values[self.values["indicator"].isin(facts.index)], self.more)
        shown, _ = _indicator(inputs, period, self.rater)
        values = inputs.values.assign(when=[_month_start(int(m)) for m in inputs.values["month"]])
        values = values[values["month"] <= month_of(period.end)]
        return shown, len(px.line(values, x="when", y=["actual", "low"], markers=True).to_json())

    # the under-performance list, the action tracker and the strategic assessment

    def underperformance(self, period: Period) -> tuple[Shown, int]:
        inputs = self._in_use(period, self.indicators.index, 12, month_of(period.financial_year.end))
        card = figures.scorecard(inputs, period, self.rater)
        under, unmanaged = figures.under_performance(inputs, card, self._open_remedial(period.end), self.rater)
        table = self.indicators.loc[self.indicators["code"].isin(under), ["code", "owner"]]
        return {"under_performing": under, "unmanaged": unmanaged}, len(table.to_json(orient="records"))

    def tracker(self, period: Period) -> tuple[Shown, int]:
        when = pd.Timestamp(period.end)
        updates = self.updates[self.updates["as_of"] <= when].sort_values("as_of").groupby("action_id").tail(1)
        actions = (self.action_table.merge(updates, left_on="id", right_on="action_id", how="left")
                   .sort_values(["due", "ref"], kind="stable"))
        frame = _action_frame(list(actions[["ref", "start", "due", "progress", "completed"]]
                                   .itertuples(index=False, name=None)))
        size = len(actions.to_json(orient="records", date_format="iso", default_handler=str))
        return figures.tracker(frame, period.end, self.rater), size

    def assessment(self, period: Period) -> tuple[Shown, int]:
        inputs = self._in_use(period, self.indicators.index, month_of(period.end), month_of(period.end))
        card = figures.scorecard(inputs, period, self.rater)
        shown = figures.assessment(inputs, card, period, self.rater)
        return shown, len(json.dumps(shown))

    # the status grid and the scrutiny pages: pandas filters on the tables read at start-up; what they show as
    # the tables they are, as JSON (no chart: a directorate's page and the grid draw none)

    def _grid_page(self, inputs: Inputs, card: pd.DataFrame, period: Period) -> tuple[Shown, int]:
        """The grid's shown figures, and the size of its first page as a table."""
        ordered = figures.grid_order(card)
        page = ordered.iloc[:GRID_PAGE_ROWS]
        ids = page["indicator"].to_numpy(dtype=np.int64)
        starts = figures.cell_starts(inputs.of(ids)["step"], figures.column_ends(period))
        if (starts >= 0).any():
            inputs.add(ids.tolist(), int(starts[starts >= 0].min()), month_of(period.end))
        cells = figures.cell_ratings(inputs, ids, starts, self.rater, self._first)
        shown = _grid_shown(ordered, cells)
        table = pd.DataFrame(shown["page"], columns=["code", *(f"column {n}" for n in range(figures.GRID_COLUMNS))])
        return shown, len(table.to_json(orient="records"))

    def _first(self, ids: list[int]) -> dict[int, int]:
        values = self.values
        return values[values["indicator"].isin(ids)].groupby("indicator")["month"].min().to_dict()

    def _theme_ids(self, slug: str) -> pd.Index:
        chosen = self.themes.loc[self.themes["slug"] == slug, "theme"]
        return pd.Index(self.theme_members.loc[self.theme_members["theme"].isin(chosen), "indicator"])

    def grid(self, theme: str, period: Period) -> tuple[Shown, int]:
        inputs = self._in_use(period, self._theme_ids(theme), 12, month_of(period.end))
        return self._grid_page(inputs, figures.scorecard(inputs, period, self.rater), period)

    def theme(self, slug: str, period: Period) -> tuple[Shown, int]:
        ids = self._theme_ids(slug)
        inputs = self._in_use(period, ids, 12, month_of(period.financial_year.end))
        card = figures.scorecard(inputs, period, self.rater)
        under = figures.under_performers(inputs, card, self._open_remedial(period.end), self.rater)
        shown, size = self._grid_page(inputs, card, period)
        linked = self.links.loc[self.links["indicator_id"].isin(ids), "action_id"]
        actions = self.action_table[self.action_table["id"].isin(linked)].sort_values(["due", "ref"])
        return {**shown, "under_performing": under}, size + len(actions.to_json(orient="records"))

    def directorate(self, slug: str, period: Period) -> tuple[Shown, int]:
        ids = self.indicators.index[self.indicators["directorate_slug"] == slug]
        inputs = self._in_use(period, ids, 12, month_of(period.financial_year.end))
        card = figures.scorecard(inputs, period, self.rater)
        under = figures.under_performers(inputs, card, self._open_remedial(period.end), self.rater)
        shown, size = self._grid_page(inputs, card, period)
        services = sorted(self.services.loc[self.services["directorate"] == slug, "name"])
        parts = _parts(card, under, services)
        table = pd.DataFrame.from_dict(parts["parts"], orient="index")  # the services as the table it shows
        return {**shown, **parts}, size + len(table.to_json(orient="index"))


# --- ours, as the store answers --------------------------------------------------------------------------------

def _store_counts(roll_up: RollUp, late: int) -> dict[str, int]:
    return _shown_counts((*(roll_up.counts[r] for r in RATINGS), roll_up.improvement.improving,
                          roll_up.improvement.comparable, late))


def _roll_up_counts(roll_up: RollUp) -> dict[str, int]:
    return _grid_counts((*(roll_up.counts[r] for r in RATINGS), roll_up.improvement.improving,
                         roll_up.improvement.comparable))


def _grid_answer(grid: Grid) -> Shown:
    """What the store's grid shows, as _grid_shown says it."""
    return {"counts": _roll_up_counts(grid.counts), "rows": len(grid.rows),
            "page": [[row.row.indicator.code, *(None if cell is None else cell.rating.value for cell in row.cells)]
                     for row in grid.page_rows]}


def _scrutiny(store: Store, view: str, slug: str, period: Period) -> Shown:
    """The figures the grid (with a theme filter), a theme's page or a directorate's page shows."""
    if view == "grid":
        return _grid_answer(store.grid(period, GridFilters(theme=slug)))
    if view == "theme":
        page = store.theme_page(slug, period)
        assert page is not None, f"no theme {slug}"
        return {**_grid_answer(page.grid),
                "under_performing": [under.row.indicator.code for under in page.under_performing]}
    level = store.drill_down(period, directorate=slug)
    assert level is not None, f"no directorate {slug}"
    return {**_grid_answer(level.grid), "roll_up": _roll_up_counts(level.roll_up),
            "without_target": sorted(link.name for link in level.without_target),
            "parts": {part.link.name: {**_roll_up_counts(part.roll_up), "under_performing": part.under_performing}
                      for part in level.parts}}


def _council_wide(store: Store, view: str, period: Period) -> Shown:
    """The figures the under-performance list, the action tracker or the strategic assessment shows."""
    if view == "underperformance":
        rows = store.under_performance(period).rows
        return {"under_performing": [row.under.row.indicator.code for row in rows],
                "unmanaged": sum(row.under.unmanaged for row in rows)}
    if view == "tracker":
        tracker = store.tracker(period)
        return {"refs": [action.ref for action in tracker.rows],
                "counts": {status.value: count for status, count in tracker.counts}}
    answer = store.assessment(period)
    return {"improved": answer.improved, "held": answer.held, "worsened": answer.worsened,
            "checked": answer.checked,
            "signals": [[change.indicator.code, change.rule.value] for change in answer.notable]}


def ours(store: Store, view: str, slug: str, period: Period) -> Shown:
    """The figures the view shows, from the store's typed values for the same request."""
    from layouts.priority import SMALL_MULTIPLES

    if view in SCRUTINY:
        return _scrutiny(store, view, slug, period)
    if view in COUNCIL_WIDE:
        return _council_wide(store, view, period)
    if view == "overview":
        answer = store.overview(period)
        codes = [under.row.indicator.code for under in answer.under_performing]
        return {"priorities": {basket.priority.name: _store_counts(basket.roll_up, basket.late)
                               for basket in answer.priorities},
                "council": _store_counts(answer.council, answer.late),
                "under_performing": len(codes), "listed": codes[:figures.LISTED]}
    if view == "priority":
        page = store.priority_page(slug, period, draw=SMALL_MULTIPLES)
        assert page is not None, f"no priority {slug}"
        return {"roll_up": _store_counts(page.roll_up.roll_up, page.roll_up.late),
                "drawn": [row.indicator.code for row in page.drawn]}
    found = store.indicator_page(slug, period)
    assert found is not None, f"no indicator {slug}"
    latest = found.latest
    return {"latest": None if latest is None else latest.actual,
            "rating": None if latest is None else latest.rating.value, "points": len(found.history)}
