"""Loading definitions, values and actions files (docs/formats.md): all or nothing, every problem listed.

Each kind of file is checked first, without writing (`check_definitions`, `check_values`, `check_actions`: rows
in, problems and a plan out), and its plan stored only when no row of the file has a problem."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple, Protocol, cast

from sqlalchemy import Engine, bindparam, delete, select, update
from sqlalchemy import Table as SQLTable
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
from data.rules import DEFAULT_TOLERANCE, ActionKind, Polarity, Target, Tolerance
from data.tables import CONTROL, Percent, Table, read_file, read_table, visible

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


MOST_ADDED_LISTED = 20  # more new rows than this are counted, not listed: a new period's file adds hundreds
MOST_CHANGED_LISTED = 50  # changed rows are what a dry run is for checking: all of them, up to this many
BLANK_REPLACES = ("A blank actual or target cell replaces the stored figure with none (docs/formats.md, Values): "
                  "to keep the stored figures, leave that column out of the file.")


@dataclass(frozen=True)
class RowChange:
    """One row a load changes: its key as the file names it, and each field that changes, old → new."""

    key: str
    fields: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.key}: {'; '.join(self.fields)}"


@dataclass
class ImportReport:
    """What a load added, changed and left unchanged (or, on a dry run, would have), row by row."""

    kind: str
    filename: str
    rows: int
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    dry_run: bool = False
    created: dict[str, list[str]] = field(default_factory=dict)  # new directorates, themes, ...
    added_keys: list[str] = field(default_factory=list)  # the first MOST_ADDED_LISTED rows added
    changes: list[RowChange] = field(default_factory=list)  # the first MOST_CHANGED_LISTED rows changed
    blank_replaces: bool = False  # a blank cell replaced a stored actual or target

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
        return lines + self._row_lines()

    def _row_lines(self) -> list[str]:
        """Each changed row with its fields, old → new, then each added row, up to their limits: what to check."""
        changing, adding = ("would change", "would be added") if self.dry_run else ("changed", "added")
        lines = [str(change) for change in self.changes]
        if self.changed > len(self.changes):
            lines.append(f"and {self.changed - len(self.changes)} more {changing}")
        if self.blank_replaces:
            lines.append(BLANK_REPLACES)
        lines += [f"{key}: {adding}" for key in self.added_keys]
        if self.added > len(self.added_keys):
            lines.append(f"and {self.added - len(self.added_keys)} more {adding}")
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


def _figure(cell: object) -> float:
    """A cell that is not blank as a number (only a blank cell is no number)."""
    figure = parse_number(cell)
    if figure is None:
        raise ValueError("not a number")
    return figure


def parse_target(cell: object) -> tuple[float, float] | None:
    """A target: one number, or a range `10-15` (also `10 – 15`, `10 to 15`) as (low, high)."""
    text = _text(cell) if not isinstance(cell, int | float) or isinstance(cell, bool) else None
    if text is not None and (match := _RANGE.match(text)):
        low, high = _figure(match["low"]), _figure(match["high"])
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
    figure = _figure(cell)  # not blank: its text is not
    if figure < 0:
        raise ValueError("a tolerance cannot be negative")
    return figure, cell.__class__ is Percent or text.endswith("%")


_DAY_FIRST = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T][\d:.]+)?$")


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
        if day_first := _DAY_FIRST.match(text):
            year, month, day = day_first[3], day_first[2], day_first[1]
        elif iso := _ISO_DATE.match(text):
            year, month, day = iso[1], iso[2], iso[3]
        else:
            raise ValueError("not a date: expected 2006-10-01 or 01/10/2006")
        try:
            found = date(int(year), int(month), int(day))
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


class FileKind(StrEnum):
    """What a file holds: each kind has its columns, its checks and its way of being stored."""

    DEFINITIONS = "definitions"
    VALUES = "values"
    ACTIONS = "actions"


KINDS = tuple(kind.value for kind in FileKind)  # plain strings: the command line lists them as its choices


@dataclass(frozen=True)
class Column:
    required: bool
    parse: Callable[[object], object]


COLUMNS: dict[FileKind, dict[str, Column]] = {
    FileKind.DEFINITIONS: {
        "code": Column(True, _text), "title": Column(True, _text), "directorate": Column(True, _text),
        "service": Column(False, _text), "themes": Column(False, parse_list),
        "priorities": Column(False, parse_list), "unit": Column(True, _text),
        "polarity": Column(True, parse_polarity), "frequency": Column(True, parse_frequency),
        "cumulative": Column(False, parse_yes_no), "tolerance": Column(False, parse_tolerance),
        "owner": Column(False, _text), "partnership": Column(False, parse_yes_no),
        "definition": Column(False, _text),
    },
    FileKind.VALUES: {
        "indicator": Column(True, _text), "period": Column(True, _period_cell),
        "actual": Column(False, parse_number), "target": Column(False, parse_target),
        "note": Column(False, _text), "status": Column(False, parse_status),
    },
    FileKind.ACTIONS: {
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


def infer_kind(columns: list[str]) -> FileKind | None:
    """Which kind of file these columns make, when the person did not say."""
    names = set(columns)
    for kind, key in ((FileKind.DEFINITIONS, {"code", "polarity"}), (FileKind.VALUES, {"indicator", "period"}),
                      (FileKind.ACTIONS, {"ref", "kind"})):
        if key <= names:
            return kind
    return None


def _check_header(table: Table, kind: FileKind) -> list[Problem]:
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


def _parse_rows(table: Table, kind: FileKind, problems: list[Problem]) -> Rows:
    """Each row's cells parsed by its column's rule; every unreadable or missing cell is a problem."""
    present = [(column, spec, column in LONG_TEXT, MAX_TEXT if column in LONG_TEXT else SHORTER.get(column, MAX_NAME))
               for column, spec in COLUMNS[kind].items() if column in table.columns]
    check = not table.plain
    parsed_rows = []
    # Codes, periods, statuses and targets repeat down a file: each distinct cell is parsed once.
    seen: dict[str, dict[object, object]] = {column: {} for column, _, _, _ in present}
    for number, cells in table.rows:
        parsed: Cells = {}
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


Cells = dict[str, Any]  # a row's cells, each of the type its column's parser gives
Rows = list[tuple[int, Cells]]  # with the row number a person sees in the spreadsheet
Counts = tuple[int, int, int]  # added, changed, unchanged


def _duplicates(rows: Rows, key: Callable[[Cells], str | None], column: str) -> list[Problem]:
    """A row whose key an earlier row has, named with that earlier row."""
    problems = []
    first: dict[str, int] = {}
    for number, cells in rows:
        k = key(cells)
        if k is None:
            continue
        if k in first:
            problems.append(Problem(number, column, f"duplicate of row {first[k]}", k))
        else:
            first[k] = number
    return problems


def _folded(cell: object) -> str | None:
    """A name or reference as it is matched: ignoring case (None when blank)."""
    return (cell.casefold() or None) if isinstance(cell, str) else None


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass
class _Load:
    """One load in one transaction: what storing a checked plan needs besides the plan itself."""

    session: Session
    kind: FileKind
    columns: frozenset[str]  # the file's columns: a column it leaves out keeps what is stored
    as_of: date
    now: datetime = field(default_factory=_now)
    created: dict[str, list[str]] = field(default_factory=dict)  # new directorates, themes, ...
    batch: ImportBatch | None = None
    reports: list[ActionUpdate] = field(default_factory=list)  # progress reports written, stamped with the batch
    added_keys: list[str] = field(default_factory=list)  # what the report lists, up to its limits
    changes: list[RowChange] = field(default_factory=list)
    blank_replaces: bool = False

    def added(self, key: str) -> None:
        if len(self.added_keys) < MOST_ADDED_LISTED:
            self.added_keys.append(key)

    def changed(self, key: str, fields: tuple[str, ...]) -> None:
        if len(self.changes) < MOST_CHANGED_LISTED:
            self.changes.append(RowChange(key, fields))

    def stamp(self) -> ImportBatch:
        """The load's record, made the first time something is written."""
        if self.batch is None:
            self.batch = ImportBatch(kind=self.kind.value, filename="", sha256="", loaded_at=self.now, rows=0,
                                     added=0, changed=0, unchanged=0)
            self.session.add(self.batch)
            self.session.flush()
        return self.batch


# Each kind of file: read what the database knows, check the rows against it (pure: rows in, problems and a
# plan out), and hand back how to store the plan, called only when no row of the file has a problem.
Apply = Callable[[], Counts]


# definitions (docs/formats.md#indicator-definitions) -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class KnownIndicator:
    """An indicator already defined, as a definitions file is checked against it."""

    code: str
    frequency: str
    has_values: bool


@dataclass(frozen=True, slots=True)
class Definition:
    """One row of a definitions file, checked; a column the file leaves out is None (or empty) here."""

    code: str
    title: str
    directorate: str
    unit: str
    polarity: str
    frequency: str
    service: str | None = None
    themes: tuple[str, ...] = ()
    priorities: tuple[str, ...] = ()
    cumulative: bool | None = None
    tolerance: tuple[float, bool] | None = None
    owner: str | None = None
    partnership: bool | None = None
    definition: str | None = None

    @classmethod
    def of(cls, cells: Cells) -> Definition:
        def cell(column: str) -> Any:
            return cells.get(column)
        return cls(cell("code"), cell("title"), cell("directorate"), cell("unit"), cell("polarity"),
                   cell("frequency"), cell("service"), tuple(cell("themes") or ()), tuple(cell("priorities") or ()),
                   cell("cumulative"), cell("tolerance"), cell("owner"), cell("partnership"), cell("definition"))


def check_definitions(rows: Rows, known: Mapping[str, KnownIndicator]) -> tuple[list[Problem], list[Definition]]:
    """A definitions file's rows against each other (a code twice) and the indicators already defined (a
    frequency cannot change under values already loaded); the plan is every row, in the file's order."""
    problems = _duplicates(rows, lambda cells: _folded(cells.get("code")), "code")
    for number, cells in rows:
        existing = known.get(cells.get("code"))  # type: ignore[arg-type]  # a blank code is no indicator
        frequency = cells.get("frequency")
        if existing and frequency and frequency != existing.frequency and existing.has_values:
            problems.append(Problem(
                number, "frequency", f"{existing.code} already has {existing.frequency} values: its frequency "
                "cannot change (define a new indicator instead)", frequency))
    return problems, [Definition.of(cells) for _, cells in rows]


def _definitions(load: _Load, rows: Rows) -> tuple[list[Problem], Apply]:
    indicators = {i.code: i for i in load.session.scalars(select(Indicator))}
    with_values = set(load.session.scalars(select(Value.indicator_id).distinct()))
    known = {code: KnownIndicator(code, i.frequency, i.id in with_values) for code, i in indicators.items()}
    problems, plan = check_definitions(rows, known)
    return problems, lambda: _apply_definitions(load, plan, indicators)


def _apply_definitions(load: _Load, plan: list[Definition], indicators: dict[str, Indicator]) -> Counts:
    names = _NameCache(load.session, load.created)
    slugs = {i.slug for i in indicators.values()}
    added = changed = unchanged = 0
    for definition in plan:
        indicator = indicators.get(definition.code)
        before = None if indicator is None else _definition_state(indicator)
        if indicator is None:
            indicator = Indicator(code=definition.code, slug=_unique_slug(definition.code, slugs))
            load.session.add(indicator)
            load.added(definition.code)
            added += 1
        _define(indicator, definition, names, load.columns, is_new=before is None)
        if before is not None:
            after = _definition_state(indicator)
            if after == before:
                unchanged += 1
            else:
                load.changed(definition.code, field_changes(_DEFINITION_FIELDS, before, after))
                changed += 1
    if added or changed:
        load.stamp()  # every load that changes something is recorded, definitions too
    return added, changed, unchanged


_DEFAULTS = (("cumulative", False), ("owner", None), ("partnership", False), ("definition", None))


def _define(indicator: Indicator, definition: Definition, names: _NameCache, columns: frozenset[str],
            is_new: bool) -> None:
    """Set what a definition says; a column left out of the file keeps its value (a new indicator, its default)."""
    directorate = names.directorate(definition.directorate)
    indicator.title = definition.title
    indicator.directorate = directorate
    indicator.unit = definition.unit
    indicator.polarity = definition.polarity
    indicator.frequency = definition.frequency
    if "service" in columns:
        indicator.service = names.service(directorate, definition.service) if definition.service else None
    elif indicator.service is not None and indicator.service.directorate is not directorate:
        indicator.service = None
    for column, default in _DEFAULTS:
        if column in columns or is_new:
            value = getattr(definition, column)
            setattr(indicator, column, default if value is None else value)
    if "tolerance" in columns or is_new:
        indicator.tolerance, indicator.tolerance_is_percent = definition.tolerance or (
            DEFAULT_TOLERANCE.amount, DEFAULT_TOLERANCE.percent)
    if "themes" in columns:
        indicator.themes = [names.theme(name) for name in definition.themes]
    if "priorities" in columns:
        indicator.priorities = [names.priority(name) for name in definition.priorities]


# values (docs/formats.md#values) ----------------------------------------------------------------------


class Measured(NamedTuple):
    """An indicator as a values file is checked against it."""

    id: int
    code: str
    frequency: str
    polarity: str
    unit: str = ""  # for the report's change lines


# A value's state, as stored: (actual, target_low, target_high, note, status)
ValueState = tuple[float | None, float | None, float | None, str | None, str]
_VALUE_FIELDS = ("actual", "target_low", "target_high", "note", "status")
_STATE_COLUMNS = ("actual", "target", "target", "note", "status")  # the file's column for each of the state's


class PlannedValue(NamedTuple):
    """One row of a values file, checked: its indicator, the start of its period, and what it says."""

    indicator_id: int
    period_start: date
    state: ValueState


def _near_miss(code: str) -> str:
    return code.casefold().replace(" ", "")


def check_values(rows: Rows, indicators: Mapping[str, Measured],
                 codes: Iterable[str] = ()) -> tuple[list[Problem], list[PlannedValue]]:
    """A values file's rows against the indicators they name: each code known (`codes`, every code defined,
    suggests a near miss), each period one of its indicator's, once, and each target a range just when the
    indicator is a band indicator; the plan is every row that names a known indicator and period."""
    near = {_near_miss(code): code for code in codes}
    problems = []
    periods: dict[tuple[object, str], Period] = {}  # the same few labels recur on every row
    plan = []
    seen: dict[tuple[int, int], int] = {}
    for number, cells in rows:
        code = cells.get("indicator")
        indicator = indicators.get(code)  # type: ignore[arg-type]  # a blank code is no indicator
        if indicator is None:
            if code:
                hint = f": did you mean {near[_near_miss(code)]}?" if _near_miss(code) in near \
                    else ": define it in a definitions file first"
                problems.append(Problem(number, "indicator", f"unknown indicator code{hint}", code))
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
                problems.append(Problem(number, "period", message, raw_period))
                continue
        key = (indicator.id, period.ordinal)  # ints hash faster than Periods, 100,000 times over
        if key in seen:
            problems.append(Problem(number, "period", f"duplicate of row {seen[key]}",
                                    f"{indicator.code} {period.label}"))
            continue
        seen[key] = number
        target = cells.get("target")
        if target is not None and (indicator.polarity == Polarity.BAND) != (target[0] != target[1]):
            problems.append(_target_problem(number, indicator, target))
        plan.append(PlannedValue(indicator.id, period.start, _value_state(cells, target)))
    return problems, plan


def _target_problem(number: int, indicator: Measured, target: tuple[float, float]) -> Problem:
    """A band indicator's target given as one figure, or another's given as a range."""
    if indicator.polarity == Polarity.BAND:
        return Problem(number, "target", f"{indicator.code} is a band indicator: its target is a range such as "
                       "10-15", target[0])
    return Problem(number, "target", f"a range is only for band indicators; {indicator.code} is "
                   f"'{indicator.polarity}'", f"{target[0]:g}-{target[1]:g}")


def _value_state(cells: Cells, target: tuple[float, float] | None) -> ValueState:
    low, high = target or (None, None)
    return cells.get("actual"), low, high, cells.get("note"), cells.get("status") or "validated"


def _values(load: _Load, rows: Rows) -> tuple[list[Problem], Apply]:
    codes = {cells["indicator"] for _, cells in rows if cells.get("indicator")}
    # plain tuples, not ORM objects: the check runs once for every row of files of 100,000 rows
    indicators = {row.code: Measured(*row) for row in load.session.execute(
        select(Indicator.id, Indicator.code, Indicator.frequency, Indicator.polarity, Indicator.unit)
        .where(Indicator.code.in_(codes)))} if codes else {}
    every_code: list[str] = []
    if len(indicators) < len(codes):  # codes are matched exactly; suggest a near miss when there is one
        every_code = list(load.session.scalars(select(Indicator.code)))
    problems, plan = check_values(rows, indicators, every_code)
    return problems, lambda: _apply_values(load, plan, {i.id: i for i in indicators.values()})


class StoredValue(Protocol):
    """A value as stored, as a new one is compared with it."""

    id: int
    actual: float | None
    target_low: float | None
    target_high: float | None
    note: str | None
    status: str
    recorded_at: datetime


@dataclass
class ValueChanges:
    """What storing a values file does: values to add, values to replace (the earlier ones to the history)."""

    new: list[dict[str, object]] = field(default_factory=list)
    changed: list[dict[str, object]] = field(default_factory=list)
    history: list[dict[str, object]] = field(default_factory=list)
    unchanged: int = 0


def compare_values(plan: list[PlannedValue], existing: Mapping[tuple[int, date], StoredValue],
                   columns: AbstractSet[str], now: datetime) -> ValueChanges:
    """New values, changed ones (with what they replace, for the history) and how many are unchanged; a column
    the file leaves out keeps what was there."""
    kept = tuple(column not in columns for column in _STATE_COLUMNS)
    changes = ValueChanges()
    for indicator_id, start, state in plan:
        old = existing.get((indicator_id, start))
        if old is None:
            changes.new.append(dict(zip(_VALUE_FIELDS, state, strict=True), indicator_id=indicator_id,
                                    period_start=start))
            continue
        before = (old.actual, old.target_low, old.target_high, old.note, old.status)
        if any(kept):
            state = tuple(b if keep else s for b, s, keep in zip(before, state, kept, strict=True))  # type: ignore[assignment]
        if state == before or all(_same_cell(a, b) for a, b in zip(before, state, strict=True)):
            changes.unchanged += 1
            continue
        changes.changed.append(dict(zip(_VALUE_FIELDS, state, strict=True), value_id=old.id))
        changes.history.append(dict(zip(_VALUE_FIELDS, before, strict=True), indicator_id=indicator_id,
                                    period_start=start, recorded_at=old.recorded_at, replaced_at=now))
    return changes


def _apply_values(load: _Load, plan: list[PlannedValue], indicators: Mapping[int, Measured]) -> Counts:
    """Insert new values, replace changed ones (keeping the old in the history), count the rest."""
    ids = {value.indicator_id for value in plan}
    starts = [value.period_start for value in plan]
    existing = {
        (row.indicator_id, row.period_start): row
        for row in load.session.connection().execute(  # Core rows: no ORM loading for 100,000 of them
            select(Value.id, Value.indicator_id, Value.period_start, Value.actual, Value.target_low,
                   Value.target_high, Value.note, Value.status, Value.recorded_at)
            .where(Value.indicator_id.in_(ids), Value.period_start.between(min(starts), max(starts))))
    }
    changes = compare_values(plan, existing, load.columns, load.now)  # Core rows serve as StoredValues
    _describe_values(load, changes, indicators)
    if changes.new or changes.changed:
        batch = load.stamp()
        stamp = {"recorded_at": load.now, "batch_id": batch.id, "recorded_by": None}
        values, history = cast(SQLTable, Value.__table__), cast(SQLTable, ValueHistory.__table__)
        connection = load.session.connection()
        bulk_insert(connection, values, [{**row, **stamp} for row in changes.new])
        if changes.history:
            bulk_insert(connection, history, [{**row, "replaced_by_batch_id": batch.id, "replaced_by": None}
                                              for row in changes.history])
            load.session.execute(update(values).where(values.c.id == bindparam("value_id")),
                                 [{**row, **stamp} for row in changes.changed])
    return len(changes.new), len(changes.changed), changes.unchanged


def _describe_values(load: _Load, changes: ValueChanges, indicators: Mapping[int, Measured]) -> None:
    """The rows a values file adds and changes, for its report: each changed field old → new in the indicator's
    unit, and whether a blank cell replaces a stored actual or target (the contract, docs/formats.md#values)."""
    def key(row: Mapping[str, Any]) -> str:
        indicator = indicators[cast(int, row["indicator_id"])]
        return f"{indicator.code} {Period.from_start(indicator.frequency, cast(date, row['period_start'])).label}"
    for row in changes.new[:MOST_ADDED_LISTED]:
        load.added(key(row))
    for old, new in zip(changes.history[:MOST_CHANGED_LISTED], changes.changed, strict=False):
        load.changed(key(old), value_changes(old, new, indicators[cast(int, old["indicator_id"])].unit))
    load.blank_replaces = any(_blanked(old, new) for old, new in zip(changes.history, changes.changed, strict=True))


def _blanked(old: Mapping[str, object], new: Mapping[str, object]) -> bool:
    """A stored actual or target replaced by none: what a blank cell in a file's actual or target column does."""
    return any(old[name] is not None and new[name] is None for name in ("actual", "target_low"))


def value_changes(old: Mapping[str, Any], new: Mapping[str, Any], unit: str) -> tuple[str, ...]:
    """A value's changed fields in the file's words, figures in the indicator's unit: `target 96.1% → blank`."""
    fields = []
    if not _same_cell(old["actual"], new["actual"]):
        fields.append(f"actual {_in_unit(old['actual'], None, unit)} → {_in_unit(new['actual'], None, unit)}")
    if not (_same_cell(old["target_low"], new["target_low"]) and _same_cell(old["target_high"], new["target_high"])):
        fields.append(f"target {_in_unit(old['target_low'], old['target_high'], unit)} → "
                      f"{_in_unit(new['target_low'], new['target_high'], unit)}")
    return (*fields, *field_changes(("note", "status"), (old["note"], old["status"]), (new["note"], new["status"])))


def _in_unit(low: float | None, high: float | None, unit: str) -> str:
    """A figure, or a band's range, with its unit as the dashboard writes it: `94.2%`, `£1,200`, `10–15 days`."""
    if low is None:
        return "blank"
    shown = str(Target(low, low if high is None else high))
    return f"£{shown}" if unit == "£" else f"{shown}%" if unit == "%" else f"{shown} {unit}".strip()


# actions (docs/formats.md#actions) --------------------------------------------------------------------


@dataclass(frozen=True)
class KnownNames:
    """What an actions file names that must already be defined."""

    directorates: Mapping[str, str]  # the name as stored, by the name folded (matched ignoring case)
    priorities: AbstractSet[str]  # names folded
    indicators: AbstractSet[str]  # codes, matched exactly


@dataclass(frozen=True, slots=True)
class PlannedAction:
    """One row of an actions file, checked: directorate and priority by their folded names."""

    ref: str
    title: str
    kind: str
    directorate: str
    priority: str | None
    indicators: tuple[str, ...]  # the codes known, in the file's order
    owner: str | None
    start: date
    due: date
    progress: float | None
    completed: date | None
    note: str | None

    @classmethod
    def of(cls, cells: Cells, known: KnownNames) -> PlannedAction:
        def cell(column: str) -> Any:
            return cells.get(column)
        return cls(cell("ref"), cell("title"), cell("kind"), _folded(cell("directorate")) or "",
                   _folded(cell("priority")), tuple(c for c in cells.get("indicators", []) if c in known.indicators),
                   cell("owner"), cell("start"), cell("due"), cell("progress"), cell("completed"), cell("note"))


def check_actions(rows: Rows, known: KnownNames, columns: AbstractSet[str]) -> tuple[list[Problem],
                                                                                      list[PlannedAction]]:
    """An actions file's rows against each other (a ref twice), the names already defined, and their own
    dates; a remedial action names the indicators it is meant to move. The plan is every row."""
    problems = _duplicates(rows, lambda cells: _folded(cells.get("ref")), "ref")
    plan = []
    for number, cells in rows:
        problems += _action_problems(number, cells, known, columns)
        plan.append(PlannedAction.of(cells, known))
    return problems, plan


def _action_problems(number: int, cells: Cells, known: KnownNames, columns: AbstractSet[str]) -> list[Problem]:
    return [*_unknown_names(number, cells, known), *_remedial_without_indicators(number, cells, columns),
            *_dates_out_of_order(number, cells)]


def _unknown_names(number: int, cells: Cells, known: KnownNames) -> list[Problem]:
    """A directorate, priority or indicator the actions file names but no definitions file has defined."""
    problems = []
    directorate = cells.get("directorate")
    if directorate and directorate.casefold() not in known.directorates:
        names = "; ".join(sorted(known.directorates.values())) or "none yet"
        problems.append(Problem(number, "directorate", f"unknown directorate (known: {names})", directorate))
    if cells.get("priority") and cells["priority"].casefold() not in known.priorities:
        problems.append(Problem(number, "priority", "unknown priority: priorities come from the definitions file",
                                cells["priority"]))
    problems += [Problem(number, "indicators", "unknown indicator code", code)
                 for code in cells.get("indicators", []) if code not in known.indicators]
    return problems


def _remedial_without_indicators(number: int, cells: Cells, columns: AbstractSet[str]) -> list[Problem]:
    """A remedial action names the indicators it is meant to move."""
    if cells.get("kind") != ActionKind.REMEDIAL:
        return []
    if "indicators" not in columns:
        return [Problem(number, "indicators", "a remedial action names the indicators it is meant to move: add an "
                        "indicators column")]
    if not cells.get("indicators"):
        return [Problem(number, "indicators", "a remedial action names the indicators it is meant to move")]
    return []


def _dates_out_of_order(number: int, cells: Cells) -> list[Problem]:
    """An action due, or completed, before it starts."""
    problems = []
    start, due, completed = cells.get("start"), cells.get("due"), cells.get("completed")
    if start and due and due < start:
        problems.append(Problem(number, "due", f"due before its start ({start.isoformat()})", due))
    if start and completed and completed < start:
        problems.append(Problem(number, "completed", f"completed before its start ({start.isoformat()})",
                                completed))
    return problems


@dataclass(frozen=True)
class _Named:
    """The stored objects an actions file's names stand for."""

    directorates: dict[str, Directorate]
    priorities: dict[str, Priority]
    indicators: dict[str, Indicator]
    actions: dict[str, Action]


def _actions(load: _Load, rows: Rows) -> tuple[list[Problem], Apply]:
    session = load.session
    named = _Named({d.name.casefold(): d for d in session.scalars(select(Directorate))},
                   {p.name.casefold(): p for p in session.scalars(select(Priority))},
                   {i.code: i for i in session.scalars(select(Indicator))},
                   {a.ref: a for a in session.scalars(select(Action))})
    known = KnownNames({key: d.name for key, d in named.directorates.items()}, named.priorities.keys(),
                       named.indicators.keys())
    problems, plan = check_actions(rows, known, load.columns)
    return problems, lambda: _apply_actions(load, plan, named)


def _apply_actions(load: _Load, plan: list[PlannedAction], named: _Named) -> Counts:
    added = changed = unchanged = 0
    for planned in plan:
        action = named.actions.get(planned.ref)
        before = _action_state(action) if action is not None else None
        if action is None:
            action = Action(ref=planned.ref)
            load.session.add(action)
            load.added(planned.ref)
            added += 1
        _describe(action, planned, named, load.columns, is_new=before is None)
        _record_progress(load, action, planned, is_new=before is None)
        if before is not None:
            after = _action_state(action)
            if after == before:
                unchanged += 1
            else:
                load.changed(planned.ref, field_changes(_ACTION_FIELDS, before, after))
                changed += 1
    if added or changed:
        batch = load.stamp()
        for report in load.reports:
            report.batch_id = batch.id
    return added, changed, unchanged


def _describe(action: Action, planned: PlannedAction, named: _Named, columns: frozenset[str],
              is_new: bool) -> None:
    """Set what an action's row says; a column left out of the file keeps its value."""
    action.title = planned.title
    action.kind = planned.kind
    action.directorate = named.directorates[planned.directorate]
    action.start, action.due = planned.start, planned.due
    if "priority" in columns or is_new:
        action.priority = named.priorities.get(planned.priority or "")
    if "indicators" in columns or is_new:
        action.indicators = [named.indicators[code] for code in planned.indicators]
    if "owner" in columns or is_new:
        action.owner = planned.owner


Progress = tuple[float, date | None, str | None]  # progress, completed, note


def reported_progress(planned: PlannedAction, previous: Progress | None, columns: AbstractSet[str]) -> Progress:
    """The progress an actions file reports; a column it leaves out carries the previous report forward."""
    progress = planned.progress if "progress" in columns else previous[0] if previous else 0.0
    completed = planned.completed if "completed" in columns else previous[1] if previous else None
    note = planned.note if "note" in columns else previous[2] if previous else None
    return progress or 0.0, completed, note


def _progress_of(update: ActionUpdate) -> Progress:
    return update.progress, update.completed, update.note


def _record_progress(load: _Load, action: Action, planned: PlannedAction, is_new: bool) -> None:
    """Record the progress reported at `as_of`; earlier reports stay as the action's history."""
    reports = sorted(action.updates, key=lambda u: u.as_of) if not is_new else []
    earlier = [u for u in reports if u.as_of < load.as_of]
    previous = _progress_of(earlier[-1]) if earlier else None
    report = reported_progress(planned, previous, load.columns)
    same_day = next((u for u in reports if u.as_of == load.as_of), None)
    if same_day is not None:
        if _progress_of(same_day) != report:
            same_day.progress, same_day.completed, same_day.note = report
            same_day.recorded_at = load.now
            load.reports.append(same_day)
    elif previous != report:
        same_day = ActionUpdate(as_of=load.as_of, progress=report[0], completed=report[1], note=report[2],
                                recorded_at=load.now)
        action.updates.append(same_day)
        reports = sorted([*reports, same_day], key=lambda u: u.as_of)
        load.reports.append(same_day)
    if reports:  # the action shows its latest report, even when an older one is loaded late
        action.progress, action.completed, action.note = _progress_of(reports[-1])


_KINDS: dict[FileKind, Callable[[_Load, Rows], tuple[list[Problem], Apply]]] = {
    FileKind.DEFINITIONS: _definitions, FileKind.VALUES: _values, FileKind.ACTIONS: _actions,
}


def _same_cell(old: object, new: object) -> bool:
    if isinstance(old, float) and isinstance(new, float):
        return math.isclose(old, new, rel_tol=1e-12, abs_tol=1e-12)
    return old == new


_DEFINITION_FIELDS = ("title", "directorate", "service", "unit", "polarity", "frequency", "cumulative", "tolerance",
                      "owner", "partnership", "definition", "themes", "priorities")


def _definition_state(indicator: Indicator) -> tuple:
    """An indicator as a definitions file describes it, field by field (_DEFINITION_FIELDS)."""
    tolerance = None if indicator.tolerance is None else Tolerance(indicator.tolerance,
                                                                   bool(indicator.tolerance_is_percent))
    return (indicator.title, indicator.directorate.name if indicator.directorate else None,
            indicator.service.name if indicator.service else None, indicator.unit, indicator.polarity,
            indicator.frequency, indicator.cumulative, tolerance, indicator.owner, indicator.partnership,
            indicator.definition, tuple(sorted(t.name for t in indicator.themes)),
            tuple(sorted(p.name for p in indicator.priorities)))


_ACTION_FIELDS = ("title", "kind", "directorate", "priority", "indicators", "owner", "start", "due", "progress",
                  "completed", "note", "progress reports")


def _action_state(action: Action) -> tuple:
    """An action as an actions file describes it, field by field (_ACTION_FIELDS), with its progress reports."""
    return (action.title, action.kind, action.directorate.name if action.directorate else None,
            action.priority.name if action.priority else None, tuple(sorted(i.code for i in action.indicators)),
            action.owner, action.start, action.due, action.progress, action.completed, action.note,
            tuple((u.as_of, u.progress, u.completed, u.note) for u in action.updates))


def field_changes(names: tuple[str, ...], before: tuple, after: tuple) -> tuple[str, ...]:
    """Each field that differs, in the file's words: `title Old → New`."""
    changed = [(name, old, new) for name, old, new in zip(names, before, after, strict=True)
               if not _same_cell(old, new)]
    shown = tuple(f"{name} {was} → {now}" for name, old, new in changed
                  if (was := _words(old, name)) != (now := _words(new, name)))
    # a difference too fine to show (an earlier progress report amended, a figure beyond six places) is named
    return shown or tuple(f"{name} changed" for name, _, _ in changed)


def _words(cell: object, name: str) -> str:
    """A stored field as a change line shows it: blank, yes/no, a figure as written, a list, a count of reports,
    free text in quotes (shortened), a code or choice as it is."""
    if cell is None or cell == "":
        return "blank"
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    if isinstance(cell, Tolerance):
        return str(cell)
    if isinstance(cell, float | int):
        return str(Target.single(cell))  # a figure as the dashboard writes one: 1,234.5
    if isinstance(cell, tuple):
        if cell and isinstance(cell[0], tuple):  # progress reports, by the date each was reported as of
            return "as of " + ", ".join(_words(report[0], name) for report in cell)
        return "; ".join(map(str, cell)) or "none"
    if isinstance(cell, date):
        return cell.isoformat()
    return f'"{_show(cell)}"' if name in LONG_TEXT else _show(cell)


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
        self.slugs = {model: set(session.scalars(select(model.slug)))
                      for model in (Directorate, Service, Theme, Priority)}

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
            self.services[key] = Service(directorate=directorate, name=name,
                                         slug=_unique_slug(name, self.slugs[Service]))
            self.session.add(self.services[key])
            self.created.setdefault("services", []).append(f"{name} ({directorate.name})")
        return self.services[key]

    def theme(self, name: str) -> Theme:
        return self._named(Theme, self.themes, name, "themes")

    def priority(self, name: str) -> Priority:
        return self._named(Priority, self.priorities, name, "priorities")


def load_file(engine: Engine, path: Path | bytes, *, kind: str | None = None, dry_run: bool = False,
              as_of: date | None = None, filename: str | None = None, loaded_by: str | None = None) -> ImportReport:
    """Validate a whole file and store it in one transaction, or store nothing and raise ImportRejected
    (docs/formats.md#loading-all-or-nothing).
    `as_of` dates the progress reported in an actions file (default today). Raises UnreadableFile when
    the file cannot be read as a table at all."""
    if isinstance(path, Path):
        name = visible(filename or path.name)
        content = read_file(path, name)  # its size checked first; the hash below is of these very bytes
    else:
        content, name = path, visible(filename or "the file")
    table = read_table(content, name=name, sheet=kind)
    if kind and kind not in KINDS:
        raise ValueError(f"unknown kind {kind!r}")
    file_kind = FileKind(kind) if kind else infer_kind(table.columns)
    if file_kind is None:
        raise ImportRejected(name, [Problem(table.header_row, None, "cannot tell what kind of file this is from its "
                                            "columns: say --kind definitions, values or actions")])
    problems = _check_header(table, file_kind)
    if problems:
        raise ImportRejected(name, problems)
    if not table.rows:
        raise ImportRejected(name, [Problem(table.header_row, None, "the file has a header but no rows to load")])
    rows = _parse_rows(table, file_kind, problems)
    with Session(writer(engine), expire_on_commit=False) as session, session.begin():
        load = _Load(session, file_kind, frozenset(table.columns), as_of or date.today())
        found, apply = _KINDS[file_kind](load, rows)
        problems += found
        if problems:
            raise ImportRejected(name, problems)  # leaving the block rolls the transaction back
        added, changed, unchanged = apply()
        if load.batch is not None:
            load.batch.filename = name[:500]
            load.batch.sha256 = hashlib.sha256(content).hexdigest()
            load.batch.loaded_by = loaded_by
            load.batch.rows, load.batch.added = len(rows), added
            load.batch.changed, load.batch.unchanged = changed, unchanged
        report = ImportReport(file_kind.value, name, len(rows), added, changed, unchanged, dry_run, load.created,
                              load.added_keys, load.changes, load.blank_replaces)
        if dry_run:
            session.rollback()
    return report


def remove_everything(engine: Engine) -> None:
    """Empty every table (used before the demo is rebuilt)."""
    from data.models import Base

    with writer(engine).begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(delete(table))

