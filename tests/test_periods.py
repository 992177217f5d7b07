"""Financial-year periods: every spelling of FORMATS.md §2, canonical labels and arithmetic."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from data.periods import Frequency, Period, PeriodError, parse_period

M, Q, A = Frequency.MONTHLY, Frequency.QUARTERLY, Frequency.ANNUAL


@pytest.mark.parametrize(
    ("text", "frequency", "label"),
    [
        ("2006/07", A, "2006/07"),
        ("2006-07", A, "2006/07"),
        ("2006/2007", A, "2006/07"),
        (" 1999/00 ", A, "1999/00"),
        ("Q3 2006/07", Q, "Q3 2006/07"),
        ("q3 2006/07", Q, "Q3 2006/07"),
        ("2006/07 Q3", Q, "Q3 2006/07"),
        ("2006-07 Q3", Q, "Q3 2006/07"),
        ("Q1  2008/2009", Q, "Q1 2008/09"),
        ("Q4 2006/07", Q, "Q4 2006/07"),
        ("Dec 2006", M, "Dec 2006"),
        ("December 2006", M, "Dec 2006"),
        ("dec. 2006", M, "Dec 2006"),
        ("Sept 2007", M, "Sep 2007"),
        ("2006-12", M, "Dec 2006"),
        ("2007-3", M, "Mar 2007"),
        ("2006-07", M, "Jul 2006"),  # ambiguous spelling: the indicator's frequency decides
        ("2006-12-15", M, "Dec 2006"),
        (datetime(2006, 12, 1), M, "Dec 2006"),
        (date(2007, 2, 28), M, "Feb 2007"),
    ],
)
def test_every_spelling_reads_as_its_canonical_label(text, frequency, label):
    assert parse_period(text, frequency).label == label


@pytest.mark.parametrize(
    ("text", "frequency", "message"),
    [
        ("", M, "a period is required"),
        ("Dec", M, "not a period: expected Dec 2006"),
        ("Q5 2006/07", Q, "not a period"),
        ("2006/08", A, "not a financial year: the year starting April 2006 is 2006/07"),
        ("Q3 2006/08", Q, "not a financial year"),
        ("Q3 2006/07", M, "Q3 2006/07 is a quarterly period but the indicator is monthly"),
        ("Dec 2006", A, "Dec 2006 is a monthly period but the indicator is annual"),
        ("2006/07", Q, "2006/07 is an annual period but the indicator is quarterly"),
        ("2006-13", M, "not a financial year"),
        ("Smarch 2006", M, "not a period"),
    ],
)
def test_bad_periods_say_what_is_wrong(text, frequency, message):
    with pytest.raises(PeriodError, match=message):
        parse_period(text, frequency)


def test_an_ambiguous_spelling_without_a_frequency_is_refused():
    with pytest.raises(PeriodError, match="could be Jul 2006 or 2006/07"):
        parse_period("2006-07")


@pytest.mark.parametrize(
    ("period", "start", "end", "previous", "last_year", "year_end"),
    [
        (Period.of(M, 2006, 1), date(2006, 4, 1), date(2006, 4, 30), "Mar 2006", "Apr 2005", "Mar 2007"),
        (Period.of(M, 2006, 12), date(2007, 3, 1), date(2007, 3, 31), "Feb 2007", "Mar 2006", "Mar 2007"),
        (Period.of(M, 2007, 11), date(2008, 2, 1), date(2008, 2, 29), "Jan 2008", "Feb 2007", "Mar 2008"),
        (Period.of(Q, 2006, 1), date(2006, 4, 1), date(2006, 6, 30), "Q4 2005/06", "Q1 2005/06", "Q4 2006/07"),
        (Period.of(Q, 2006, 3), date(2006, 10, 1), date(2006, 12, 31), "Q2 2006/07", "Q3 2005/06",
         "Q4 2006/07"),
        (Period.of(Q, 2006, 4), date(2007, 1, 1), date(2007, 3, 31), "Q3 2006/07", "Q4 2005/06", "Q4 2006/07"),
        (Period.of(A, 2006), date(2006, 4, 1), date(2007, 3, 31), "2005/06", "2005/06", "2006/07"),
    ],
)
def test_period_arithmetic(period, start, end, previous, last_year, year_end):
    assert (period.start, period.end) == (start, end)
    assert period.previous.label == previous
    assert period.same_period_last_year.label == last_year
    assert period.year_end.label == year_end
    assert Period.from_start(period.frequency, start) == period


@pytest.mark.parametrize(
    ("frequency", "day", "label"),
    [
        (M, date(2006, 12, 31), "Dec 2006"),
        (M, date(2006, 12, 30), "Nov 2006"),
        (Q, date(2006, 12, 31), "Q3 2006/07"),
        (Q, date(2006, 11, 30), "Q2 2006/07"),
        (A, date(2006, 12, 31), "2005/06"),
        (A, date(2007, 3, 31), "2006/07"),
    ],
)
def test_the_latest_period_ended_by_a_day(frequency, day, label):
    assert Period.ending_by(frequency, day).label == label


def test_from_start_refuses_a_day_that_does_not_begin_a_period():
    with pytest.raises(PeriodError, match="not the first day of a quarterly period"):
        Period.from_start(Q, date(2006, 5, 1))


@given(st.sampled_from(list(Frequency)), st.dates(date(1990, 1, 1), date(2090, 12, 31)))
def test_labels_read_back_and_periods_tile_time(frequency, day):
    period = Period.containing(frequency, day)
    assert period.start <= day <= period.end
    assert parse_period(period.label, frequency) == period
    assert (period.next.start - period.end).days == 1
    assert period.next.previous == period
    assert period.financial_year.start <= period.start and period.end <= period.financial_year.end
