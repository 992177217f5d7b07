"""Loading definitions, values and actions files (FORMATS.md §1-§4): all or nothing, every problem listed."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy import Engine, bindparam, delete, select, update
from sqlalchemy.orm import Session

from data.db import bulk_insert, writer
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
    ValueHistory,
)
from data.periods import FIRST_YEAR, LAST_YEAR, Frequency, Period, PeriodError, parse_period
from data.rules import ActionKind, Polarity
from data.tables import CONTROL, Percent, Table, read_file, read_table, visible

KINDS = ("definitions", "values", "actions")
_VALUE_FIELDS = ("actual", "target_low", "target_high", "note", "status")
MAX_TEXT = 10_000
MAX_NAME = 200
MAX_FIGURE = 1e12  # a trillion: beyond any council's figure, and well within what a float holds exactly enough


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, where the person who made it will find it."""

    row: int
    column: str | None
    message: str
    value: object = None

    def __str__(self) -> str:
        where = f"row {self.row}, column {visible(self.column)}" if self.column else f"row {self.row}"
        shown = "" if self.value is None or self.value == "" else f" ({_show(self.value)})"
        return f"{where}: {self.message}{shown}"


def _show(value: object) -> str:
    """A cell as a problem line shows it: short, on one line, its control characters written out."""
    if isinstance(value, datetime) and value.time() == datetime.min.time():
        text = value.date().isoformat()  # a date cell: shown as the date it is
    elif isinstance(value, date):
        text = value.isoformat()
    elif isinstance(value, int) and abs(value) > 10 ** 60:  # str() refuses an int of over 4,300 digits
        text = f"a number of about {value.bit_length() * 0.30103:,.0f} digits"
    else:
        text = str(value)
    text = text if len(text) <= 60 else text[:57] + "..."
    return visible(text)


class ImportRejected(ValueError):
    """The file has problems: nothing was stored."""

    def __init__(self, filename: str, problems: list[Problem]):
        self.filename = filename
        self.problems = sorted(problems, key=lambda p: (p.row, p.column or ""))
        super().__init__(f"{filename}: {len(problems)} problem(s); nothing was stored")


@dataclass
class ImportReport:
    """What a load added, changed and left unchanged (or, on a dry run, would have)."""

    kind: str
    filename: str
    rows: int
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    dry_run: bool = False
    created: dict[str, list[str]] = field(default_factory=dict)  # new directorates, themes, ...

    def lines(self) -> list[str]:
        verb = "would add" if self.dry_run else "added"
        things = {"definitions": "indicators", "values": "values", "actions": "actions"}[self.kind]
        lines = [f"{self.filename}: {self.rows} {self.kind} rows read."]
        if self.dry_run:
            lines.append(f"Dry run: nothing was stored. It {verb} {self.added}, would change {self.changed} "
                         f"and leave {self.unchanged} {things} unchanged.")
        elif not self.added and not self.changed:
            lines.append(f"Nothing changed: all {self.unchanged} {things} were already loaded as they are.")
        else:
            lines.append(f"Added {self.added}, changed {self.changed}, unchanged {self.unchanged} {things}.")
        for what, names in self.created.items():
            if names:
                lines.append(f"New {what}: {'; '.join(names)}")
        return lines


# --- cell parsers: each returns the value or raises ValueError with what is wrong ----------------------


def _text(cell: object) -> str | None:
    if cell.__class__ is str:  # the common case first: this runs for every cell of every row
        return cell.strip() or None
    if cell is None:
        return None
    if isinstance(cell, datetime | date):
        return cell.isoformat()
    if cell.__class__ is Percent:
        return str(cell)  # as the spreadsheet shows it: 10.8%
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    try:
        text = str(cell).strip()
    except ValueError:  # an int of thousands of digits, from a crafted workbook
        raise ValueError("a number far too long to be read as text") from None
    return text or None


_NUMBER = re.compile(r"^[+-]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:e[+-]?\d+)?$", re.ASCII | re.I)
_PLAIN_NUMBER = re.compile(r"\s*[+-]?\d+(\.\d+)?\s*", re.ASCII)
_SPREADSHEET_ERRORS = {"#n/a", "#div/0!", "#value!", "#ref!", "#name?", "#num!", "#null!", "#spill!", "#calc!"}


TOO_LARGE = f"too large: a figure must be between -{MAX_FIGURE:,.0f} and {MAX_FIGURE:,.0f}"


def _beyond(figure: float) -> str:
    return "not a number" if math.isnan(figure) else TOO_LARGE


def parse_number(cell: object) -> float | None:
    """A number as a spreadsheet gives it: `12.5%`, `1,234` and surrounding spaces accepted.

    A figure must be finite and within a trillion either way: anything beyond is a slip, not a measure."""
    if cell.__class__ is str and _PLAIN_NUMBER.fullmatch(cell):
        figure = float(cell)  # a 400-digit string makes inf here, refused below
        if -MAX_FIGURE <= figure <= MAX_FIGURE:
            return figure
        raise ValueError(_beyond(figure))
    if isinstance(cell, bool):
        raise ValueError("not a number")
    if isinstance(cell, int | float):
        try:
            figure = float(cell)
        except OverflowError:  # an int too large for a float
            raise ValueError(TOO_LARGE) from None
    else:
        text = _text(cell)
        if text is None:
            return None
        if text.lower() in _SPREADSHEET_ERRORS:
            raise ValueError("the spreadsheet shows an error here, not a figure: correct its formula")
        bare = text.removesuffix("%").strip().replace("£", "", 1)
        if not _NUMBER.match(bare):
            raise ValueError("not a number")
        figure = float(bare.replace(",", ""))
    if -MAX_FIGURE <= figure <= MAX_FIGURE:  # false for inf and nan too
        return figure
    raise ValueError(_beyond(figure))


_RANGE = re.compile(r"^\s*(?P<low>[+-]?[\d,.]+)\s*%?\s*(?:-|–|—|to)\s*(?P<high>[+-]?[\d,.]+)\s*%?\s*$", re.I)


def parse_target(cell: object) -> tuple[float, float] | None:
    """A target: one number, or a range `10-15` (also `10 – 15`, `10 to 15`) as (low, high)."""
    text = _text(cell) if not isinstance(cell, int | float) or isinstance(cell, bool) else None
    if text is not None and (match := _RANGE.match(text)):
        low, high = parse_number(match["low"]), parse_number(match["high"])
        if low > high:
            raise ValueError("a range goes from low to high")
        return low, high
    figure = parse_number(cell)
    return None if figure is None else (figure, figure)


_YES, _NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0"}


def parse_yes_no(cell: object) -> bool | None:
    if isinstance(cell, bool):
        return cell
    text = _text(cell)
    if text is None:
        return None
    if text.lower() in _YES | _NO:
        return text.lower() in _YES
    raise ValueError("expected yes or no")


def _choice(options: tuple[str, ...]) -> Callable[[object], str | None]:
    def parse(cell: object) -> str | None:
        text = _text(cell)
        if text is None:
            return None
        folded = " ".join(text.lower().replace("_", " ").replace("-", " ").split())
        for option in options:
            if folded == option.replace("-", " "):
                return option
        raise ValueError(f"expected one of {', '.join(options)}")
    return parse


parse_polarity = _choice(tuple(Polarity))
parse_frequency = _choice(tuple(Frequency))
parse_kind = _choice(tuple(ActionKind))
parse_status = _choice(("provisional", "validated"))


def parse_tolerance(cell: object) -> tuple[float, bool] | None:
    """`5%` of target (typed so, or a cell formatted as a percentage), or a plain amount in the indicator's
    unit, as (amount, is_percent)."""
    text = _text(cell)
    if text is None:
        return None
    figure = parse_number(cell)
    if figure < 0:
        raise ValueError("a tolerance cannot be negative")
    return figure, cell.__class__ is Percent or text.endswith("%")


_DAY_FIRST = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")


def parse_date(cell: object) -> date | None:
    """A date: `2006-10-01`, `01/10/2006` (day first, as in the UK), or an Excel date; from 1990 to 2100
    (the years periods are read in), as a date far off is a slip that date arithmetic cannot take."""
    if isinstance(cell, datetime):
        cell = cell.date()
    if isinstance(cell, date):
        found = cell
    else:
        text = _text(cell)
        if text is None:
            return None
        day_first = _DAY_FIRST.match(text)
        iso = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T][\d:.]+)?$", text)
        if not day_first and not iso:
            raise ValueError("not a date: expected 2006-10-01 or 01/10/2006")
        try:
            found = (date(int(day_first[3]), int(day_first[2]), int(day_first[1])) if day_first
                     else date(int(iso[1]), int(iso[2]), int(iso[3])))
        except ValueError:
            raise ValueError("not a real date") from None
    if not FIRST_YEAR <= found.year <= LAST_YEAR + 1:
        raise ValueError(f"outside the years the dashboard covers: {FIRST_YEAR} to {LAST_YEAR + 1}")
    return found


def _period_cell(cell: object) -> object:
    """A period is read once the indicator, and so its frequency, is known; here only trimmed."""
    return cell if isinstance(cell, date) else _text(cell)


def parse_progress(cell: object) -> float | None:
    figure = parse_number(cell)
    if figure is not None and not 0 <= figure <= 100:
        raise ValueError("progress is a percentage from 0 to 100")
    return figure


def parse_list(cell: object) -> list[str]:
    """A `;`-separated list, each item trimmed, blanks and repeats dropped."""
    text = _text(cell) or ""
    items = list(dict.fromkeys(part.strip() for part in text.split(";") if part.strip()))
    if any(len(item) > MAX_NAME for item in items):
        raise ValueError(f"an item is longer than {MAX_NAME} characters")
    return items


def slugify(text: str) -> str:
    """A URL-safe form of a name or code: `BV49 / PAF A1 (NI 62)` -> `bv49-paf-a1-ni-62`."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "item"


# --- the three kinds of file ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    required: bool
    parse: Callable[[object], object]


COLUMNS: dict[str, dict[str, Column]] = {
    "definitions": {
        "code": Column(True, _text), "title": Column(True, _text), "directorate": Column(True, _text),
        "service": Column(False, _text), "themes": Column(False, parse_list),
        "priorities": Column(False, parse_list), "unit": Column(True, _text),
        "polarity": Column(True, parse_polarity), "frequency": Column(True, parse_frequency),
        "cumulative": Column(False, parse_yes_no), "tolerance": Column(False, parse_tolerance),
        "owner": Column(False, _text), "partnership": Column(False, parse_yes_no),
        "definition": Column(False, _text),
    },
    "values": {
        "indicator": Column(True, _text), "period": Column(True, _period_cell),
        "actual": Column(False, parse_number), "target": Column(False, parse_target),
        "note": Column(False, _text), "status": Column(False, parse_status),
    },
    "actions": {
        "ref": Column(True, _text), "title": Column(True, _text), "kind": Column(True, parse_kind),
        "directorate": Column(True, _text), "priority": Column(False, _text),
        "indicators": Column(False, parse_list), "owner": Column(False, _text),
        "start": Column(True, parse_date), "due": Column(True, parse_date),
        "progress": Column(False, parse_progress), "completed": Column(False, parse_date),
        "note": Column(False, _text),
    },
}
LONG_TEXT = {"title", "definition", "note"}
SHORTER = {"code": 100, "ref": 100, "unit": 100}  # the database holds no more of these
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # as data.export has them: it puts an apostrophe before
_BREAK = re.compile("[\t\n\r\u2028\u2029]")


def _control(character: str) -> str:
    return "NUL" if character == "\x00" else f"U+{ord(character):04X}"


def _cell_text(cell: str, long_text: bool, check: bool) -> str:
    """A text cell ready for its column's parser: checked for characters no one types (when it may hold
    any), and without the apostrophe an export puts before text a spreadsheet would run as a formula."""
    if check and (found := CONTROL.search(cell)):
        raise ValueError(f"contains an invisible control character ({_control(found[0])}): remove it")
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_STARTS:
        cell = cell[1:]
    # a name, code or figure on two lines is a slip; notes, titles and definitions may have paragraphs
    if check and not long_text and _BREAK.search(cell.strip()):
        raise ValueError("has a line break or tab inside: write it on one line")
    if long_text and "\r" in cell:  # one kind of line break, so a note through .xlsx (which has no \r) is the same
        cell = cell.replace("\r\n", "\n").replace("\r", "\n")
    return cell


def infer_kind(columns: list[str]) -> str | None:
    """Which kind of file these columns make, when the person did not say."""
    names = set(columns)
    for kind, key in (("definitions", {"code", "polarity"}), ("values", {"indicator", "period"}),
                      ("actions", {"ref", "kind"})):
        if key <= names:
            return kind
    return None


def _check_header(table: Table, kind: str) -> list[Problem]:
    problems = []
    known = COLUMNS[kind]
    seen: set[str] = set()
    for position, column in enumerate(table.columns, start=1):
        if not column:
            problems.append(Problem(table.header_row, f"{position}", "a column has no name"))
        elif column in seen:
            problems.append(Problem(table.header_row, column, "this column appears twice"))
        elif column not in known:
            close = [name for name in known if name.startswith(column[:3])]
            hint = f"; did you mean {close[0]}?" if close else f"; the columns are {', '.join(known)}"
            problems.append(Problem(table.header_row, column, f"unknown column{hint}"))
        seen.add(column)
    for column, spec in known.items():
        if spec.required and column not in seen:
            problems.append(Problem(table.header_row, column, f"required column missing from the {kind} file"))
    if any("" in cells for _, cells in table.rows):
        row = next(number for number, cells in table.rows if "" in cells)
        problems.append(Problem(row, None, "there is data beyond the last named column"))
    return problems


_UNSEEN = object()


@dataclass(frozen=True, slots=True)
class _Refused:
    reason: str


def _parse_rows(table: Table, kind: str, problems: list[Problem]) -> list[tuple[int, dict[str, object]]]:
    """Each row's cells parsed by its column's rule; every unreadable or missing cell is a problem."""
    present = [(column, spec, column in LONG_TEXT, MAX_TEXT if column in LONG_TEXT else SHORTER.get(column, MAX_NAME))
               for column, spec in COLUMNS[kind].items() if column in table.columns]
    check = not table.plain
    parsed_rows = []
    # Codes, periods, statuses and targets repeat down a file: each distinct cell is parsed once.
    seen: dict[str, dict[object, object]] = {column: {} for column, _, _, _ in present}
    for number, cells in table.rows:
        parsed: dict[str, object] = {}
        for column, spec, long_text, limit in present:
            raw = cells.get(column)
            memo = seen[column]
            # 1 == 1.0 == True and Percent(5.0) == 5.0: a workbook's cells are told apart by kind as well
            key = raw if raw.__class__ is str else (raw.__class__, raw)
            value = memo.get(key, _UNSEEN)
            if value is _UNSEEN:
                try:
                    cell = _cell_text(raw, long_text, check) if raw.__class__ is str else raw
                    value = spec.parse(cell)
                except (ValueError, TypeError, ArithmeticError) as error:
                    value = _Refused(str(error) or "not readable")
                memo[key] = value
            if value.__class__ is _Refused:
                problems.append(Problem(number, column, value.reason, raw))
                continue
            if value is None or value == []:
                if spec.required:
                    problems.append(Problem(number, column, "required, but blank"))
                    continue
            elif value.__class__ is str and len(value) > limit:
                problems.append(Problem(number, column, f"longer than {limit:,} characters", raw))
                continue
            parsed[column] = value
        parsed_rows.append((number, parsed))
    return parsed_rows


def _duplicates(rows, key: Callable[[dict], object], column: str, problems: list[Problem]) -> None:
    first: dict[object, int] = {}
    for number, cells in rows:
        k = key(cells)
        if k is None:
            continue
        if k in first:
            problems.append(Problem(number, column, f"duplicate of row {first[k]}", _show_key(k)))
        else:
            first[k] = number


def _show_key(key: object) -> str:
    return " ".join(str(part) for part in key) if isinstance(key, tuple) else str(key)


def _now() -> datetime:
    return datetime.now(UTC)


class _Loader:
    """One import in one transaction: validates everything first, then writes, counting what changed."""

    def __init__(self, session: Session, table: Table, kind: str, as_of: date | None):
        self.session = session
        self.table = table
        self.kind = kind
        self.as_of = as_of or date.today()
        self.problems: list[Problem] = []
        self.now = _now()
        self.created: dict[str, list[str]] = {}
        self.batch: ImportBatch | None = None
        self.reports: list[ActionUpdate] = []  # progress reports this load wrote, stamped with its batch

    def present(self, column: str) -> bool:
        return column in self.table.columns

    # definitions ------------------------------------------------------------------------------------

    def definitions(self, rows) -> tuple[int, int, int]:
        _duplicates(rows, lambda c: (c.get("code") or "").casefold() or None, "code", self.problems)
        indicators = {i.code: i for i in self.session.scalars(select(Indicator))}
        with_values = set(self.session.scalars(select(Value.indicator_id).distinct()))
        for number, cells in rows:
            existing = indicators.get(cells.get("code"))
            frequency = cells.get("frequency")
            if existing and frequency and frequency != existing.frequency and existing.id in with_values:
                self.problems.append(Problem(
                    number, "frequency", f"{existing.code} already has {existing.frequency} values: its frequency "
                    "cannot change (define a new indicator instead)", frequency))
        if self.problems:
            return 0, 0, 0
        names = _NameCache(self.session, self.created)
        slugs = {i.slug for i in indicators.values()}
        added = changed = unchanged = 0
        for _, cells in rows:
            indicator = indicators.get(cells["code"])
            if indicator is None:
                indicator = Indicator(code=cells["code"], slug=_unique_slug(cells["code"], slugs))
                self.session.add(indicator)
                added += 1
                before = None
            else:
                before = _definition_state(indicator)
            directorate = names.directorate(cells["directorate"])
            indicator.title = cells["title"]
            indicator.directorate = directorate
            indicator.unit = cells["unit"]
            indicator.polarity = cells["polarity"]
            indicator.frequency = cells["frequency"]
            if self.present("service"):
                indicator.service = names.service(directorate, cells["service"]) if cells.get("service") else None
            elif indicator.service is not None and indicator.service.directorate is not directorate:
                indicator.service = None
            for column, default in (("cumulative", False), ("owner", None), ("partnership", False),
                                    ("definition", None)):
                if self.present(column) or before is None:  # a column left out of the file keeps its value
                    value = cells.get(column)
                    setattr(indicator, column, default if value is None else value)
            if self.present("tolerance") or before is None:
                indicator.tolerance, indicator.tolerance_is_percent = cells.get("tolerance") or (5.0, True)
            if self.present("themes"):
                indicator.themes = [names.theme(name) for name in cells["themes"]]
            if self.present("priorities"):
                indicator.priorities = [names.priority(name) for name in cells["priorities"]]
            if before is not None:
                if _definition_state(indicator) == before:
                    unchanged += 1
                else:
                    changed += 1
        if added or changed:
            self._batch()  # every load that changes something is recorded, definitions too
        return added, changed, unchanged

    # values -----------------------------------------------------------------------------------------

    def values(self, rows) -> tuple[int, int, int]:
        codes = {cells["indicator"] for _, cells in rows if cells.get("indicator")}
        # plain tuples, not ORM objects: this loop runs once for every row of files of 100,000 rows
        indicators = {row.code: row for row in self.session.execute(
            select(Indicator.id, Indicator.code, Indicator.frequency, Indicator.polarity)
            .where(Indicator.code.in_(codes)))} if codes else {}
        folded = {}
        if len(indicators) < len(codes):  # codes are matched exactly; suggest a near miss when there is one
            folded = {code.casefold().replace(" ", ""): code for code in self.session.scalars(select(Indicator.code))}
        periods: dict[tuple[object, str], Period] = {}  # the same few labels recur on every row
        records = []
        starts: dict[int, date] = {}
        seen: dict[tuple[int, int], int] = {}
        for number, cells in rows:
            code = cells.get("indicator")
            indicator = indicators.get(code)
            if indicator is None:
                if code:
                    near = folded.get(code.casefold().replace(" ", ""))
                    hint = f": did you mean {near}?" if near else ": define it in a definitions file first"
                    self.problems.append(Problem(number, "indicator", f"unknown indicator code{hint}", code))
                continue
            raw_period = cells.get("period")
            if raw_period is None:
                continue
            period = periods.get((raw_period, indicator.frequency))
            if period is None:
                try:
                    period = periods[raw_period, indicator.frequency] = parse_period(raw_period, indicator.frequency)
                except PeriodError as error:
                    message = str(error).replace("the indicator is", f"{indicator.code} is")
                    self.problems.append(Problem(number, "period", message, raw_period))
                    continue
            key = (indicator.id, period.ordinal)  # ints hash faster than Periods, 100,000 times over
            if key in seen:
                self.problems.append(Problem(number, "period", f"duplicate of row {seen[key]}",
                                             f"{indicator.code} {period.label}"))
                continue
            seen[key] = number
            target = cells.get("target")
            if target is not None and (indicator.polarity == "band") != (target[0] != target[1]):
                if indicator.polarity == "band":
                    self.problems.append(Problem(number, "target", f"{indicator.code} is a band indicator: its "
                                                 "target is a range such as 10-15", target[0]))
                else:
                    self.problems.append(Problem(number, "target", f"a range is only for band indicators; "
                                                 f"{indicator.code} is '{indicator.polarity}'",
                                                 f"{target[0]:g}-{target[1]:g}"))
            records.append((indicator.id, period.ordinal, cells))
            starts.setdefault(period.ordinal, period.start)
        if self.problems:
            return 0, 0, 0
        return self._store_values(records, starts)

    def _store_values(self, records, start_of: dict[int, date]) -> tuple[int, int, int]:
        """Insert new values, replace changed ones (keeping the old in the history), count the rest."""
        ids = {indicator_id for indicator_id, _, _ in records}
        starts = list(start_of.values())
        existing = {
            (row.indicator_id, row.period_start): row
            for row in self.session.connection().execute(  # Core rows: no ORM loading for 100,000 of them
                select(Value.id, Value.indicator_id, Value.period_start, Value.actual, Value.target_low,
                       Value.target_high, Value.note, Value.status, Value.recorded_at)
                .where(Value.indicator_id.in_(ids), Value.period_start.between(min(starts), max(starts))))
        }
        keep = {column: not self.present(column) for column in ("actual", "target", "note", "status")}
        new, changed, history = [], [], []
        unchanged = 0
        for indicator_id, ordinal, cells in records:
            start = start_of[ordinal]
            old = existing.get((indicator_id, start))
            target = cells.get("target") or (None, None)
            state = (cells.get("actual"), target[0], target[1], cells.get("note"), cells.get("status") or "validated")
            if old is None:
                new.append(dict(zip(_VALUE_FIELDS, state, strict=True), indicator_id=indicator_id, period_start=start))
                continue
            before = (old.actual, old.target_low, old.target_high, old.note, old.status)
            if any(keep.values()):  # columns the file leaves out keep what was there
                state = (before[0] if keep["actual"] else state[0], before[1] if keep["target"] else state[1],
                         before[2] if keep["target"] else state[2], before[3] if keep["note"] else state[3],
                         before[4] if keep["status"] else state[4])
            if state == before or all(_same_cell(a, b) for a, b in zip(before, state, strict=True)):
                unchanged += 1
                continue
            changed.append(dict(zip(_VALUE_FIELDS, state, strict=True), value_id=old.id))
            history.append(dict(zip(_VALUE_FIELDS, before, strict=True), indicator_id=indicator_id,
                                period_start=start, recorded_at=old.recorded_at, replaced_at=self.now))
        if new or changed:
            batch = self._batch()
            stamp = {"recorded_at": self.now, "batch_id": batch.id, "recorded_by": None}
            values, history_table = Value.__table__, ValueHistory.__table__
            connection = self.session.connection()
            bulk_insert(connection, values, [{**row, **stamp} for row in new])
            if history:
                bulk_insert(connection, history_table,
                            [{**row, "replaced_by_batch_id": batch.id, "replaced_by": None} for row in history])
                self.session.execute(update(values).where(values.c.id == bindparam("value_id")),
                                     [{**row, **stamp} for row in changed])
        return len(new), len(changed), unchanged

    # actions ----------------------------------------------------------------------------------------

    def actions(self, rows) -> tuple[int, int, int]:
        _duplicates(rows, lambda c: (c.get("ref") or "").casefold() or None, "ref", self.problems)
        directorates = {d.name.casefold(): d for d in self.session.scalars(select(Directorate))}
        priorities = {p.name.casefold(): p for p in self.session.scalars(select(Priority))}
        indicators = {i.code: i for i in self.session.scalars(select(Indicator))}
        actions = {a.ref: a for a in self.session.scalars(select(Action))}
        resolved = []
        for number, cells in rows:
            directorate = directorates.get((cells.get("directorate") or "").casefold())
            if cells.get("directorate") and directorate is None:
                known = "; ".join(sorted(d.name for d in directorates.values())) or "none yet"
                self.problems.append(Problem(number, "directorate", f"unknown directorate (known: {known})",
                                             cells["directorate"]))
            priority = priorities.get((cells.get("priority") or "").casefold())
            if cells.get("priority") and priority is None:
                self.problems.append(Problem(number, "priority", "unknown priority: priorities come from the "
                                             "definitions file", cells["priority"]))
            linked = []
            for code in cells.get("indicators", []):
                if code in indicators:
                    linked.append(indicators[code])
                else:
                    self.problems.append(Problem(number, "indicators", "unknown indicator code", code))
            if cells.get("kind") == "remedial" and self.present("indicators") and not cells.get("indicators"):
                self.problems.append(Problem(number, "indicators", "a remedial action names the indicators it "
                                             "is meant to move"))
            elif cells.get("kind") == "remedial" and not self.present("indicators"):
                self.problems.append(Problem(number, "indicators", "a remedial action names the indicators it "
                                             "is meant to move: add an indicators column"))
            start, due, completed = cells.get("start"), cells.get("due"), cells.get("completed")
            if start and due and due < start:
                self.problems.append(Problem(number, "due", f"due before its start ({start.isoformat()})", due))
            if start and completed and completed < start:
                self.problems.append(Problem(number, "completed", f"completed before its start "
                                             f"({start.isoformat()})", completed))
            resolved.append((cells, directorate, priority, linked))
        if self.problems:
            return 0, 0, 0
        added = changed = unchanged = 0
        for cells, directorate, priority, linked in resolved:
            action = actions.get(cells["ref"])
            before = _action_state(action) if action is not None else None
            if action is None:
                action = Action(ref=cells["ref"])
                self.session.add(action)
                added += 1
            action.title = cells["title"]
            action.kind = cells["kind"]
            action.directorate = directorate
            action.start, action.due = cells["start"], cells["due"]
            for column in ("priority", "indicators", "owner"):
                if self.present(column) or before is None:
                    value = {"priority": priority, "indicators": linked}.get(column, cells.get(column))
                    setattr(action, column, value)
            self._progress(action, cells, before is None)
            if before is not None:
                if _action_state(action) == before:
                    unchanged += 1
                else:
                    changed += 1
        if added or changed:
            batch = self._batch()
            for report in self.reports:
                report.batch_id = batch.id
        return added, changed, unchanged

    def _progress(self, action: Action, cells: dict, is_new: bool) -> None:
        """Record the progress reported at `as_of`; earlier reports stay as the action's history."""
        reports = sorted(action.updates, key=lambda u: u.as_of) if not is_new else []
        earlier = [u for u in reports if u.as_of < self.as_of]
        previous = earlier[-1] if earlier else None

        def reported(column: str, fallback: object) -> object:
            return cells.get(column) if self.present(column) else fallback

        report = (reported("progress", previous.progress if previous else 0.0) or 0.0,
                  reported("completed", previous.completed if previous else None),
                  reported("note", previous.note if previous else None))
        same_day = next((u for u in reports if u.as_of == self.as_of), None)
        if same_day is not None:
            if (same_day.progress, same_day.completed, same_day.note) != report:
                same_day.progress, same_day.completed, same_day.note = report
                same_day.recorded_at = self.now
                self.reports.append(same_day)
        elif previous is None or (previous.progress, previous.completed, previous.note) != report:
            same_day = ActionUpdate(as_of=self.as_of, progress=report[0], completed=report[1], note=report[2],
                                    recorded_at=self.now)
            action.updates.append(same_day)
            reports = sorted([*reports, same_day], key=lambda u: u.as_of)
            self.reports.append(same_day)
        if reports:  # the action shows its latest report, even when an older one is loaded late
            latest = reports[-1]
            action.progress, action.completed, action.note = latest.progress, latest.completed, latest.note

    # the batch ---------------------------------------------------------------------------------------

    def _batch(self) -> ImportBatch:
        if self.batch is None:
            self.batch = ImportBatch(kind=self.kind, filename="", sha256="", loaded_at=self.now, rows=0,
                                     added=0, changed=0, unchanged=0)
            self.session.add(self.batch)
            self.session.flush()
        return self.batch


def _same_cell(old: object, new: object) -> bool:
    if isinstance(old, float) and isinstance(new, float):
        return math.isclose(old, new, rel_tol=1e-12, abs_tol=1e-12)
    return old == new


def _definition_state(indicator: Indicator) -> tuple:
    return (indicator.title, indicator.directorate.name if indicator.directorate else None,
            indicator.service.name if indicator.service else None, indicator.unit, indicator.polarity,
            indicator.frequency, indicator.cumulative, indicator.tolerance, indicator.tolerance_is_percent,
            indicator.owner, indicator.partnership, indicator.definition,
            tuple(sorted(t.name for t in indicator.themes)), tuple(sorted(p.name for p in indicator.priorities)))


def _action_state(action: Action) -> tuple:
    return (action.title, action.kind, action.directorate.name if action.directorate else None,
            action.priority.name if action.priority else None, tuple(i.code for i in action.indicators),
            action.owner, action.start, action.due, action.progress, action.completed, action.note,
            tuple((u.as_of, u.progress, u.completed, u.note) for u in action.updates))


def _unique_slug(text: str, taken: set[str]) -> str:
    base = slug = slugify(text)[:180].strip("-") or "item"  # room for a `-2` within the database's 200
    n = 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


class _NameCache:
    """Directorates, services, themes and priorities by name (matched ignoring case), created when new."""

    def __init__(self, session: Session, created: dict[str, list[str]]):
        self.session = session
        self.created = created
        self.directorates = {d.name.casefold(): d for d in session.scalars(select(Directorate))}
        self.services = {(s.directorate.name.casefold(), s.name.casefold()): s
                         for s in session.scalars(select(Service))}
        self.themes = {t.name.casefold(): t for t in session.scalars(select(Theme))}
        self.priorities = {p.name.casefold(): p for p in session.scalars(select(Priority))}
        self.slugs = {model: set(session.scalars(select(model.slug))) for model in (Directorate, Theme, Priority)}

    def _named(self, model, cache: dict, name: str, what: str):
        found = cache.get(name.casefold())
        if found is None:
            found = model(name=name, slug=_unique_slug(name, self.slugs[model]))
            self.session.add(found)
            cache[name.casefold()] = found
            self.created.setdefault(what, []).append(name)
        return found

    def directorate(self, name: str) -> Directorate:
        return self._named(Directorate, self.directorates, name, "directorates")

    def service(self, directorate: Directorate, name: str) -> Service:
        key = (directorate.name.casefold(), name.casefold())
        if key not in self.services:
            self.services[key] = Service(directorate=directorate, name=name)
            self.session.add(self.services[key])
            self.created.setdefault("services", []).append(f"{name} ({directorate.name})")
        return self.services[key]

    def theme(self, name: str) -> Theme:
        return self._named(Theme, self.themes, name, "themes")

    def priority(self, name: str) -> Priority:
        return self._named(Priority, self.priorities, name, "priorities")


def load_file(engine: Engine, path: Path | bytes, *, kind: str | None = None, dry_run: bool = False,
              as_of: date | None = None, filename: str | None = None, loaded_by: str | None = None) -> ImportReport:
    """Validate a whole file and store it in one transaction, or store nothing and raise ImportRejected.
    `as_of` dates the progress reported in an actions file (default today). Raises UnreadableFile when
    the file cannot be read as a table at all."""
    if isinstance(path, Path):
        name = visible(filename or path.name)
        content = read_file(path, name)  # its size checked first; the hash below is of these very bytes
    else:
        content, name = path, visible(filename or "the file")
    table = read_table(content, name=name, sheet=kind)
    kind = kind or infer_kind(table.columns)
    if kind is None:
        raise ImportRejected(name, [Problem(table.header_row, None, "cannot tell what kind of file this is from its "
                                            "columns: say --kind definitions, values or actions")])
    if kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    problems = _check_header(table, kind)
    if problems:
        raise ImportRejected(name, problems)
    if not table.rows:
        raise ImportRejected(name, [Problem(table.header_row, None, "the file has a header but no rows to load")])
    rows = _parse_rows(table, kind, problems)
    with Session(writer(engine), expire_on_commit=False) as session, session.begin():
        loader = _Loader(session, table, kind, as_of)
        loader.problems = problems
        added, changed, unchanged = getattr(loader, kind)(rows)
        if loader.problems:
            session.rollback()
            raise ImportRejected(name, loader.problems)
        if loader.batch is not None:
            loader.batch.filename = name[:500]
            loader.batch.sha256 = hashlib.sha256(content).hexdigest()
            loader.batch.loaded_by = loaded_by
            loader.batch.rows, loader.batch.added = len(rows), added
            loader.batch.changed, loader.batch.unchanged = changed, unchanged
        report = ImportReport(kind, name, len(rows), added, changed, unchanged, dry_run, loader.created)
        if dry_run:
            session.rollback()
    return report


def remove_everything(engine: Engine) -> None:
    """Empty every table (used before the demo is rebuilt)."""
    from data.models import Base

    with writer(engine).begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))

