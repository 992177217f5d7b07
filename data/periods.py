"""UK financial-year periods (April to March): parsing every accepted spelling, labels and arithmetic."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum


class Frequency(StrEnum):
    """How often an indicator is measured."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    ANNUAL = "annual"

    @property
    def months(self) -> int:
        """Length of one period in months."""
        return {"monthly": 1, "quarterly": 3, "annual": 12}[self.value]

    @property
    def per_year(self) -> int:
        """Periods in one financial year."""
        return 12 // self.months


class PeriodError(ValueError):
    """A period that cannot be read, or does not fit the indicator's frequency."""


MONTH_NAMES = {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTH_NAMES.update({name.lower(): number for number, name in enumerate(calendar.month_name) if name})
MONTH_NAMES["sept"] = 9

_FY = r"(?P<y1>\d{4})\s*[/-]\s*(?P<y2>\d{2}|\d{4})"
_ANNUAL = re.compile(rf"^{_FY}$")
_QUARTER_FIRST = re.compile(rf"^q(?P<q>[1-4])\s*{_FY}$")
_QUARTER_LAST = re.compile(rf"^{_FY}\s*q(?P<q>[1-4])$")
_MONTH_NAME = re.compile(r"^(?P<name>[a-z]+)\.?\s*(?P<year>\d{4})$")
_YEAR_MONTH = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})$")
_ISO_DATE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$")

SPELLINGS = {
    Frequency.ANNUAL: "2006/07 (or 2006-07, 2006/2007)",
    Frequency.QUARTERLY: "Q3 2006/07 (or 2006/07 Q3, 2006-07 Q3)",
    Frequency.MONTHLY: "Dec 2006 (or December 2006, 2006-12)",
}


@dataclass(frozen=True, order=True, slots=True)
class Period:
    """One month, quarter or year of a financial year; `year` is the year the financial year starts in."""

    ordinal: int  # months since April 0000 of the period's first month: orders periods in time
    frequency: Frequency

    @classmethod
    def of(cls, frequency: Frequency | str, year: int, number: int = 1) -> Period:
        """The `number`th period (1-based: month 1 is April, quarter 1 is April-June) of financial year `year`."""
        frequency = Frequency(frequency)
        if not 1 <= number <= frequency.per_year:
            raise PeriodError(f"a {frequency} period number must be 1 to {frequency.per_year}, not {number}")
        return cls(year * 12 + (number - 1) * frequency.months, frequency)

    @classmethod
    def containing(cls, frequency: Frequency | str, day: date) -> Period:
        """The period of `frequency` that contains `day`."""
        frequency = frequency if isinstance(frequency, Frequency) else Frequency(frequency)
        month_of_year = (day.month - 4) % 12  # 0 = April
        year = day.year if day.month >= 4 else day.year - 1
        return cls(year * 12 + month_of_year - month_of_year % frequency.months, frequency)

    @classmethod
    def from_start(cls, frequency: Frequency | str, start: date) -> Period:
        """The period of `frequency` whose first day is `start`."""
        period = cls.containing(frequency, start)
        if period.start != start:
            raise PeriodError(f"{start.isoformat()} is not the first day of {_an(Frequency(frequency))} period")
        return period

    @classmethod
    def ending_by(cls, frequency: Frequency | str, day: date) -> Period:
        """The latest period of `frequency` that has ended on or before `day`."""
        period = cls.containing(frequency, day)
        return period if period.end <= day else period.previous

    @property
    def year(self) -> int:
        """The calendar year in which this period's financial year starts (2006 for 2006/07)."""
        return self.ordinal // 12

    @property
    def number(self) -> int:
        """Position in the financial year, from 1 (April, Q1 or the year itself)."""
        return self.ordinal % 12 // self.frequency.months + 1

    @property
    def start(self) -> date:
        """First day of the period."""
        month = (self.ordinal % 12 + 3) % 12 + 1
        return date(self.year + (month < 4), month, 1)

    @property
    def end(self) -> date:
        """Last day of the period (by arithmetic on the ordinal: pages ask this of every figure they hold)."""
        last = self.ordinal + self.frequency.months - 1  # the period's last month
        month = (last % 12 + 3) % 12 + 1
        year = last // 12 + (month < 4)
        return date(year, month, calendar.monthrange(year, month)[1])

    @property
    def financial_year(self) -> Period:
        """The financial year this period falls in."""
        return Period(self.year * 12, Frequency.ANNUAL)

    @property
    def label(self) -> str:
        """The canonical label: `2006/07`, `Q3 2006/07` or `Dec 2006`."""
        fy = f"{self.year}/{(self.year + 1) % 100:02d}"
        if self.frequency is Frequency.ANNUAL:
            return fy
        if self.frequency is Frequency.QUARTERLY:
            return f"Q{self.number} {fy}"
        month = (self.ordinal % 12 + 3) % 12 + 1  # by arithmetic, not `start`: any year has a label
        return f"{calendar.month_abbr[month]} {self.year + (month < 4)}"

    @property
    def previous(self) -> Period:
        """The period just before this one."""
        return Period(self.ordinal - self.frequency.months, self.frequency)

    @property
    def next(self) -> Period:
        """The period just after this one."""
        return Period(self.ordinal + self.frequency.months, self.frequency)

    @property
    def same_period_last_year(self) -> Period:
        """The same month, quarter or year a year earlier (for an annual period, the previous one)."""
        return Period(self.ordinal - 12, self.frequency)

    @property
    def year_end(self) -> Period:
        """The last period of this period's financial year (March, Q4 or the year)."""
        return Period(self.year * 12 + 12 - self.frequency.months, self.frequency)

    def __str__(self) -> str:
        return self.label


FIRST_YEAR, LAST_YEAR = 1990, 2099  # the financial years a period may be read in: 1990/91 to 2099/2100


def _fy_label(start: int) -> str:
    return f"{start}/{(start + 1) % 100:02d}"


def _month(year: int, month: int) -> Period:
    """The month `month` of calendar year `year`, by arithmetic alone (no date, so any year is safe)."""
    return Period((year if month >= 4 else year - 1) * 12 + (month - 4) % 12, Frequency.MONTHLY)


def _read(text: str) -> tuple[list[Period], dict[Frequency, tuple[str, str]]]:
    """Every period `text` spells, and for each frequency it nearly spells, what it is not and why."""
    found: list[Period] = []
    misses: dict[Frequency, tuple[str, str]] = {}

    def financial_year(y1: str, y2: str, frequency: Frequency) -> int | None:
        start = int(y1)
        if y2 in (f"{(start + 1) % 100:02d}", str(start + 1)):
            return start
        misses.setdefault(frequency, ("a financial year", f"the year starting April {start} is {_fy_label(start)}"))
        return None

    for pattern in (_QUARTER_FIRST, _QUARTER_LAST):
        if (match := pattern.match(text)) and (year := financial_year(match["y1"], match["y2"],
                                                                       Frequency.QUARTERLY)) is not None:
            found.append(Period.of(Frequency.QUARTERLY, year, int(match["q"])))
    if (match := _MONTH_NAME.match(text)) and (month := MONTH_NAMES.get(match["name"])) is not None:
        found.append(_month(int(match["year"]), month))
    _read_numbered_month(text, found, misses)
    if (match := _ANNUAL.match(text)) and (year := financial_year(match["y1"], match["y2"],
                                                                  Frequency.ANNUAL)) is not None:
        found.append(Period.of(Frequency.ANNUAL, year))
    return found, misses


def _read_numbered_month(text: str, found: list[Period], misses: dict[Frequency, tuple[str, str]]) -> None:
    """Add the month `text` spells as `2008-12` or `2008-12-01` to `found`, or why it is no month to `misses`."""
    for pattern in (_YEAR_MONTH, _ISO_DATE):
        if match := pattern.match(text):
            year, month = int(match["year"]), int(match["month"])
            if not 1 <= month <= 12:
                misses[Frequency.MONTHLY] = ("a month", f"there is no month {month}")
            elif "day" in match.groupdict() and not 1 <= int(match["day"]) <= _days_in(year, month):
                misses[Frequency.MONTHLY] = ("a real date", f"{calendar.month_name[month]} has no day "
                                                            f"{int(match['day'])}")
            else:
                found.append(_month(year, month))


def _days_in(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1] if 1 <= year <= 9999 else 31


def _day(day: date) -> str:
    return f"{day.day} {calendar.month_abbr[day.month]} {day.year}"


_FIRST_DAY = {
    Frequency.MONTHLY: ("the first day of the month", "month"),
    Frequency.QUARTERLY: ("the first day of a quarter (1 Apr, 1 Jul, 1 Oct or 1 Jan)", "quarter"),
    Frequency.ANNUAL: ("1 April, the first day of the financial year", "year"),
}


def _date_cell(day: date, frequency: Frequency) -> Period:
    """A date a spreadsheet holds stands for the period it begins: any other day may be a misread date.

    A spreadsheet reads a typed date by its own locale's rules: `01/11/2008` is 1 November in a UK
    spreadsheet but 11 January in a US one. Only the first day of a period reads the same either way round
    (or is refused), so only a period's first day is taken as that period."""
    period = Period.containing(frequency, day)
    if period.start == day:
        return period
    what, noun = _FIRST_DAY[frequency]
    # `01/MM/YYYY` read month first is MM January: the day a person typed as 1 MM is then the month
    swapped = date(day.year, day.day, 1) if day.month == 1 and day.day <= 12 else None
    if swapped is not None and Period.containing(frequency, swapped).start == swapped:
        other = Period.containing(frequency, swapped)
        raise PeriodError(f"a date cell must be {what}: {_day(day)} may be {_day(swapped)} read in another "
                          f"locale; write the {noun} as text ({other.label} or {period.label})")
    raise PeriodError(f"a date cell must be {what}, and {_day(day)} is not: write the {noun} as text, "
                      f"e.g. {period.label}")


def _an(frequency: Frequency) -> str:
    return f"an {frequency}" if frequency is Frequency.ANNUAL else f"a {frequency}"


def parse_period(value: object, frequency: Frequency | str | None = None) -> Period:
    """Read a period in any accepted spelling; with `frequency`, it must be a period of that frequency.

    Only periods of financial years 1990/91 to 2099/2100 are read: a year beyond is a typing slip."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PeriodError("a period is required")
    frequency = Frequency(frequency) if frequency else None
    found, misses, shown = _readings(value, frequency)
    if not found:
        raise PeriodError(_not_a_period(shown, frequency, misses))
    if frequency is not None:
        return _in_range(_of_frequency(found, frequency), shown)
    return _the_only_one(found, shown)


def _readings(value: object, frequency: Frequency | None) -> tuple[list[Period], dict[Frequency, tuple[str, str]], str]:
    """The periods `value` may be; for each frequency it nearly spells, why not; and how to show it in a message."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return [_date_cell(value, frequency or Frequency.MONTHLY)], {}, value.isoformat()
    shown = " ".join(str(value).split())
    found, misses = _read(shown.lower())
    return found, misses, shown


def _of_frequency(found: list[Period], frequency: Frequency) -> Period:
    """The reading of the indicator's frequency; refused, with the spellings expected, when there is none."""
    period = next((p for p in found if p.frequency is frequency), None)
    if period is None:
        raise PeriodError(
            f"{found[0].label} is {_an(found[0].frequency)} period but the indicator is {frequency}: "
            f"expected {SPELLINGS[frequency]}")
    return period


def _the_only_one(found: list[Period], shown: str) -> Period:
    """The one reading in the years covered; refused when there is none, or more than one (`2006-07`)."""
    sane = [p for p in found if FIRST_YEAR <= p.year <= LAST_YEAR]
    if not sane:
        _in_range(found[0], shown)
    if len(sane) > 1:
        raise PeriodError(f"'{shown}' could be {' or '.join(p.label for p in sane)}: write it as one of those")
    return sane[0]


def _in_range(period: Period, shown: str) -> Period:
    if not FIRST_YEAR <= period.year <= LAST_YEAR:
        raise PeriodError(f"'{shown}' is outside the years the dashboard covers: financial years "
                          f"{_fy_label(FIRST_YEAR)} to {LAST_YEAR}/{LAST_YEAR + 1}")
    return period


def _not_a_period(shown: str, frequency: Frequency | None, misses: dict[Frequency, tuple[str, str]]) -> str:
    """Why `shown` is no period: what it nearly is and what is wrong with it, else the spellings expected."""
    expected = SPELLINGS[frequency] if frequency else "; ".join(SPELLINGS.values())
    if frequency is not None and frequency in misses:
        what, why = misses[frequency]
        return f"'{shown}' is not {what}: {why}" + (f"; expected {expected}" if frequency is Frequency.MONTHLY
                                                    else "")
    if frequency is None and misses:
        reasons = list(misses.values())
        if len(reasons) == 1:
            return f"'{shown}' is not {reasons[0][0]}: {reasons[0][1]}"
        return f"'{shown}' is neither " + " nor ".join(f"{what} ({why})" for what, why in reasons)
    return f"not a period: expected {expected}"


def day_text(day: date) -> str:
    """A day as the council writes it in full: "15 January 2009"."""
    return f"{day.day} {day:%B %Y}"


def short_day(day: date) -> str:
    """A day as the pages' tables write it: "30 Jun 2008"."""
    return f"{day.day} {day:%b %Y}"
