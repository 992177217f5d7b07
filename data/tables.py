"""Reading a spreadsheet a person made (CSV or .xlsx) into rows, safely: size limits, XML bombs refused."""

from __future__ import annotations

import contextlib
import csv
import io
import re
import stat
import warnings
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 250 * 1024 * 1024  # an .xlsx is a zip: its unpacked size is what costs memory
MAX_COMPRESSION_RATIO = 200  # real workbooks compress 5-20x; a zip bomb, thousands
MAX_ZIP_ENTRIES = 2_000
MAX_ROWS = 1_000_000
MAX_COLUMNS = 200
SHEET_NAMES = ("definitions", "values", "actions")


# Characters no one types into a cell: C0 and C1 controls (tab and line breaks apart) and, from a workbook's
# `_xD800_` escapes, lone surrogates, which no database can store as text.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
# In a CSV file, what makes a cell worth checking one by one: a control, a tab, a Unicode line break, or a
# quote (only a quoted cell can hold a line break). Most files have none, and their cells need no check.
_CSV_SUSPECT = re.compile('[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029"]')
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")


class UnreadableFile(ValueError):
    """A file that cannot be read as a table at all; the message is one sentence for the person who gave it."""


class Percent(float):
    """A number a workbook shows as a percentage, as the percentage shown: 0.108 formatted `0.0%` is 10.8."""

    __slots__ = ()

    def __str__(self) -> str:
        figure = float(self)
        return f"{int(figure) if figure.is_integer() else figure!r}%"

    def __repr__(self) -> str:
        return f"Percent({float(self)!r})"


@dataclass
class Table:
    """A sheet's header (normalised) and its rows, each with the row number a person sees in the spreadsheet.

    `plain` says that no cell holds a control character, a tab or a line break, so no cell need be checked."""

    name: str
    columns: list[str]
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)
    header_row: int = 1
    plain: bool = False


def visible(text: str) -> str:
    """Text with its control characters written out (`\\x00`), safe to print on a terminal and to read."""
    return _UNPRINTABLE.sub(lambda found: repr(found[0])[1:-1], text) if _UNPRINTABLE.search(text) else text


def normalise_column(name: object) -> str:
    """Column names match case-insensitively, ignoring surrounding spaces."""
    return " ".join(str(name if name is not None else "").split()).lower()


def read_file(path: Path, name: str | None = None) -> bytes:
    """A file's content, its size checked before it is read: a file over the limit is never loaded."""
    name = visible(name or path.name)
    try:
        status = path.stat()
        if stat.S_ISDIR(status.st_mode):
            raise UnreadableFile(f"{name} is a folder, not a file")
        if not stat.S_ISREG(status.st_mode):
            raise UnreadableFile(f"{name} is not an ordinary file")
        if status.st_size > MAX_FILE_BYTES:
            raise UnreadableFile(f"{name} is {status.st_size / 1024 / 1024:.0f} MB: the limit is "
                                 f"{MAX_FILE_BYTES // 1024 // 1024} MB")
        with path.open("rb") as handle:
            content = handle.read(MAX_FILE_BYTES + 1)  # no more than the limit, should the file grow meanwhile
    except FileNotFoundError:
        raise UnreadableFile(f"{name}: there is no such file") from None
    except IsADirectoryError:
        raise UnreadableFile(f"{name} is a folder, not a file") from None
    except PermissionError:
        raise UnreadableFile(f"{name} cannot be opened: permission denied") from None
    except OSError as error:
        raise UnreadableFile(f"{name} cannot be opened: {error.strerror or error.__class__.__name__}") from None
    if len(content) > MAX_FILE_BYTES:
        raise UnreadableFile(f"{name} is over the {MAX_FILE_BYTES // 1024 // 1024} MB limit")
    return content


def read_table(source: Path | bytes, name: str | None = None, sheet: str | None = None) -> Table:
    """Read a CSV or .xlsx file (by its content, not only its name) into a Table."""
    if isinstance(source, Path):
        content, name = read_file(source, name), visible(name or source.name)
    else:
        content, name = source, visible(name or "the file")
    if len(content) > MAX_FILE_BYTES:
        raise UnreadableFile(f"{name} is over the {MAX_FILE_BYTES // 1024 // 1024} MB limit")
    if not content.strip():
        raise UnreadableFile(f"{name} is empty")
    suffix = Path(name).suffix.lower()
    if content[:4] == b"PK\x03\x04":
        return _read_xlsx(content, name, sheet)
    if suffix in (".xlsx", ".xlsm"):
        raise UnreadableFile(f"{name} is not an Excel workbook, although its name ends {suffix}: "
                             "save it from Excel as .xlsx, or as CSV UTF-8")
    if suffix == ".xls" or content[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise UnreadableFile(f"{name} is an old-style Excel file (.xls): save it as .xlsx or CSV UTF-8")
    return _read_csv(content, name)


def _read_csv(content: bytes, name: str) -> Table:
    head = content[:4096]
    # UTF-16 text and binary files have NULs all through their start; a stray NUL is a cell's problem
    binary = head.count(b"\x00") * 16 > len(head)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        if binary or b"\x00" in head:
            raise UnreadableFile(f"{name} is not a text file: save it as .xlsx or CSV UTF-8") from None
        line = content[:error.start].count(b"\n") + 1
        raise UnreadableFile(f"{name} is not UTF-8 text (line {line}): in Excel, "
                             "save it as 'CSV UTF-8 (Comma delimited)'") from None
    if binary:
        raise UnreadableFile(f"{name} is not a text file: save it as .xlsx or CSV UTF-8")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        rows = list(_numbered(reader))
    except csv.Error as error:
        raise UnreadableFile(f"{name} is not a well-formed CSV file: {visible(str(error))} "
                             f"(near line {reader.line_num})") from None
    table = _table(name, rows)
    table.plain = _CSV_SUSPECT.search(text) is None
    return table


def _numbered(reader):
    for index, row in enumerate(reader, start=1):
        if index > MAX_ROWS + 1:
            raise UnreadableFile(f"the file has more than {MAX_ROWS:,} rows: split it into smaller files")
        yield index, row  # a record, not a line: a quoted cell may span lines but is one spreadsheet row


def _read_xlsx(content: bytes, name: str, sheet: str | None) -> Table:
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        entries = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise UnreadableFile(f"{name} is damaged: it cannot be opened as an Excel workbook") from None
    if len(entries) > MAX_ZIP_ENTRIES:
        raise UnreadableFile(f"{name} has too many parts ({len(entries)}) to be an ordinary workbook")
    unpacked = sum(entry.file_size for entry in entries)
    packed = max(sum(entry.compress_size for entry in entries), 1)
    if unpacked > MAX_UNPACKED_BYTES or unpacked / packed > MAX_COMPRESSION_RATIO:
        raise UnreadableFile(f"{name} unpacks to {unpacked / 1024 / 1024:.0f} MB: too large to read safely")
    if "xl/workbook.xml" not in archive.namelist():
        raise UnreadableFile(f"{name} is a zip file but not an Excel workbook")

    # openpyxl parses through defusedxml when it is installed (it is a dependency), refusing XML bombs.
    # It warns of what it cannot keep (extensions, odd styles, dates out of range): none is the reader's concern.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return _read_workbook(content, name, sheet)


def _read_workbook(content: bytes, name: str, sheet: str | None) -> Table:
    import openpyxl

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file; all mean the same to a user
        raise UnreadableFile(f"{name} is damaged: it cannot be read as an Excel workbook "
                             f"({error.__class__.__name__})") from None
    try:
        try:
            worksheet = _choose_sheet(workbook, sheet)
            title = visible(str(worksheet.title))
        except Exception as error:
            raise UnreadableFile(f"{name} is damaged: its sheets cannot be read ({error.__class__.__name__})") from None
        if not hasattr(worksheet, "reset_dimensions"):
            raise UnreadableFile(f"{name}: the sheet {title!r} is a chart, not a table of rows")
        # The size a workbook declares is not trusted: openpyxl would pad every row to its width.
        worksheet.reset_dimensions()
        rows = []
        formats: dict[str, tuple[int, ...]] = {}
        cells = worksheet.iter_rows()  # one row a step, gaps included: the nth is the spreadsheet's row n
        number = 0
        try:
            for number in range(1, MAX_ROWS + 2):
                row = next(cells, None)
                if row is None:
                    break
                # a cell far to the right makes a long row; what is beyond any header's width is only counted
                rows.append((number, [_cell_value(cell, formats) for cell in row[:MAX_COLUMNS + 1]]))
            else:
                raise UnreadableFile(f"{name} has more than {MAX_ROWS:,} rows: split it into smaller files")
        except UnreadableFile:
            raise
        except Exception as error:  # a bad style, a date beyond the calendar, broken XML half way: all damage
            raise UnreadableFile(f"{name} is damaged: row {number} of sheet {title!r} cannot be read "
                                 f"({error.__class__.__name__})") from None
    finally:
        with contextlib.suppress(Exception):
            workbook.close()
    return _table(f"{name} (sheet {title!r})", rows)


def _cell_value(cell, formats: dict[str, tuple[int, ...]]) -> object:
    """A cell's value as the spreadsheet shows it: a number formatted as a percentage is that percentage."""
    value = cell.value
    if value.__class__ is not float and value.__class__ is not int:
        return value
    number_format = cell.number_format
    signs = formats.get(number_format)
    if signs is None:
        signs = formats[number_format] = percent_signs(number_format)
    if not any(signs):
        return value
    # sections: positive;negative;zero (a second section is for negatives, a third for zero)
    section = 1 if value < 0 and len(signs) > 1 else 2 if value == 0 and len(signs) > 2 else 0
    if not signs[section]:
        return value
    try:
        # rounded to 10 places: 0.108 * 100 is 10.799999999999999, and the person typed 10.8
        return Percent(round(float(value) * 100 ** signs[section], 10))
    except OverflowError:
        return value  # too large to be a figure at all: the importer refuses it


_LITERAL = re.compile(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.')


def percent_signs(number_format: str) -> tuple[int, ...]:
    """For each section of a number format, how many `%` scale its number by 100 (`0.0%`: one; `0.0"%"`: none)."""
    sections = _LITERAL.sub("", number_format or "").split(";")
    return tuple(section.count("%") for section in sections[:3])


def _choose_sheet(workbook, wanted: str | None):
    """The sheet named after the kind of file when there is one, else the first."""
    by_name = {normalise_column(title): title for title in workbook.sheetnames}
    for candidate in ([wanted] if wanted else list(SHEET_NAMES)):
        if candidate in by_name:
            return workbook[by_name[candidate]]
    return workbook[workbook.sheetnames[0]]


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _is_blank_row(row: list[object]) -> bool:
    try:
        return not "".join(row).strip()  # type: ignore[arg-type]  # a CSV row, all text: one join beats a test per cell
    except TypeError:  # a workbook row, with numbers, dates or empty cells
        return all(_blank(cell) for cell in row)


def _table(name: str, numbered_rows: list[tuple[int, list[object]]]) -> Table:
    numbered_rows = [(n, row) for n, row in numbered_rows if not _is_blank_row(row)]
    if not numbered_rows:
        raise UnreadableFile(f"{name} is empty")
    header_row, header = numbered_rows[0]
    while header and _blank(header[-1]):
        header = header[:-1]
    if len(header) > MAX_COLUMNS:
        raise UnreadableFile(f"{name} has {len(header)} columns: far more than any of our files")
    columns = [normalise_column(cell) for cell in header]
    table = Table(name, columns, header_row=header_row)
    width = len(columns)
    for number, row in numbered_rows[1:]:
        cells = dict(zip(columns, row, strict=False))
        if len(row) > width:
            beyond = [cell for cell in row[width:] if not _blank(cell)]
            if beyond:
                cells[""] = beyond[0]  # data beyond the last named column: reported by the importer
        table.rows.append((number, cells))
    return table
