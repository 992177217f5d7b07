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
        frequency = Frequency(frequency)
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
        """Last day of the period."""
        last = Period(self.ordinal + self.frequency.months - 1, Frequency.MONTHLY).start
        return date(last.year, last.month, calendar.monthrange(last.year, last.month)[1])

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
        return f"{calendar.month_abbr[self.start.month]} {self.start.year}"

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


def _financial_year(y1: str, y2: str, text: str) -> int:
    start = int(y1)
    expected = [f"{(start + 1) % 100:02d}", str(start + 1)]
    if y2 not in expected:
        raise PeriodError(
            f"'{text}' is not a financial year: the year starting April {start} is "
            f"{start}/{expected[0]}")
    return start


def candidates(value: object) -> list[Period]:
    """Every period that `value` can be read as (a few spellings are ambiguous: `2006-07`)."""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return [Period.containing(Frequency.MONTHLY, value)]
    text = " ".join(str(value).split()).lower()
    found: list[Period] = []
    for pattern in (_QUARTER_FIRST, _QUARTER_LAST):
        if match := pattern.match(text):
            year = _financial_year(match["y1"], match["y2"], str(value).strip())
            found.append(Period.of(Frequency.QUARTERLY, year, int(match["q"])))
    if match := _MONTH_NAME.match(text):
        month = MONTH_NAMES.get(match["name"])
        if month is not None:
            found.append(Period.containing(Frequency.MONTHLY, date(int(match["year"]), month, 1)))
    for pattern in (_YEAR_MONTH, _ISO_DATE):
        if match := pattern.match(text):
            month = int(match["month"])
            if 1 <= month <= 12:
                found.append(Period.containing(Frequency.MONTHLY, date(int(match["year"]), month, 1)))
    if match := _ANNUAL.match(text):
        start, y2 = int(match["y1"]), match["y2"]
        if y2 in (f"{(start + 1) % 100:02d}", str(start + 1)):
            found.append(Period.of(Frequency.ANNUAL, start))
        elif not found:
            _financial_year(match["y1"], y2, str(value).strip())
    return found


def _an(frequency: Frequency) -> str:
    return f"an {frequency}" if frequency is Frequency.ANNUAL else f"a {frequency}"


def parse_period(value: object, frequency: Frequency | str | None = None) -> Period:
    """Read a period in any accepted spelling; with `frequency`, it must be a period of that frequency."""
    if value is None or (isinstance(value, str) and not value.strip()):
        raise PeriodError("a period is required")
    found = candidates(value)
    if not found:
        spelt = (SPELLINGS[Frequency(frequency)] if frequency else "; ".join(SPELLINGS.values()))
        raise PeriodError(f"not a period: expected {spelt}")
    if frequency is None:
        if len(found) > 1:
            raise PeriodError(
                f"'{value}' could be {' or '.join(p.label for p in found)}: write it as one of those")
        return found[0]
    frequency = Frequency(frequency)
    for period in found:
        if period.frequency is frequency:
            return period
    raise PeriodError(
        f"{found[0].label} is {_an(found[0].frequency)} period but the indicator is {frequency}: "
        f"expected {SPELLINGS[frequency]}")
