"""Financial-year periods: every spelling of docs/formats.md#periods, canonical labels and arithmetic."""

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
        (date(2007, 2, 1), M, "Feb 2007"),
        (date(2008, 7, 1), Q, "Q2 2008/09"),
        (datetime(2009, 1, 1), Q, "Q4 2008/09"),
        (date(2008, 4, 1), A, "2008/09"),
        ("Apr 1990", M, "Apr 1990"),
        ("1990/91", A, "1990/91"),
        ("2099/2100", A, "2099/00"),
        ("Q4 2099/00", Q, "Q4 2099/00"),
        ("Mar 2100", M, "Mar 2100"),
        ("2006-12-31", M, "Dec 2006"),  # a date typed as text: its month, as before
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
        ("2006-13", M, "'2006-13' is not a month: there is no month 13; expected Dec 2006"),
        ("2006-00", M, "there is no month 0"),
        ("2006-13", A, "'2006-13' is not a financial year: the year starting April 2006 is 2006/07"),
        ("2006-02-30", M, "'2006-02-30' is not a real date: February has no day 30"),
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
    ("text", "message"),
    [
        ("2008-13", "'2008-13' is neither a month (there is no month 13) nor a financial year (the year starting "
                    "April 2008 is 2008/09)"),
        ("2006/08", "'2006/08' is not a financial year: the year starting April 2006 is 2006/07"),
        ("Q3 2006/08", "'Q3 2006/08' is not a financial year"),
        ("soon", "not a period: expected 2006/07"),
    ],
)
def test_without_a_frequency_the_message_covers_every_reading(text, message):
    with pytest.raises(PeriodError) as refused:
        parse_period(text)
    assert str(refused.value).startswith(message)


OUTSIDE = "is outside the years the dashboard covers: financial years 1990/91 to 2099/2100"


@pytest.mark.parametrize(
    ("value", "frequency", "shown"),
    [
        ("9999-12", M, "9999-12"),  # the URL's ?as_at=9999-12 once overflowed the date arithmetic
        ("0000-01", M, "0000-01"),
        ("0000-01", None, "0000-01"),
        ("Mar 1990", M, "Mar 1990"),  # 1989/90
        ("Apr 2100", None, "Apr 2100"),  # 2100/01
        ("1989/90", A, "1989/90"),
        ("9999/00", None, "9999/00"),
        ("Q1 0000/01", Q, "Q1 0000/01"),
        ("2100-01", A, "2100-01"),  # 2100/01: the month it could also be is not what an annual indicator wants
        (date(1900, 1, 1), M, "1900-01-01"),  # Excel's day 1
        (datetime(9999, 12, 1), M, "9999-12-01"),
    ],
)
def test_periods_outside_the_years_covered_are_refused(value, frequency, shown):
    with pytest.raises(PeriodError) as refused:
        parse_period(value, frequency)
    assert str(refused.value) == f"'{shown}' {OUTSIDE}"


def test_periods_far_off_can_still_be_counted():
    """Reading refuses them; arithmetic on periods (e.g. a year before the first) still works."""
    assert Period.of(A, 1989).label == "1989/90"
    assert Period.containing(M, date(1900, 1, 1)).next.label == "Feb 1900"


@pytest.mark.parametrize(
    ("day", "frequency", "message"),
    [
        (date(2008, 1, 11), M, "a date cell must be the first day of the month: 11 Jan 2008 may be 1 Nov 2008 read "
                               "in another locale; write the month as text (Nov 2008 or Jan 2008)"),
        (date(2008, 1, 15), M, "a date cell must be the first day of the month, and 15 Jan 2008 is not: write the "
                               "month as text, e.g. Jan 2008"),
        (datetime(2008, 3, 5), M, "a date cell must be the first day of the month, and 5 Mar 2008 is not: write the "
                                  "month as text, e.g. Mar 2008"),
        (date(2008, 8, 1), Q, "a date cell must be the first day of a quarter (1 Apr, 1 Jul, 1 Oct or 1 Jan), and "
                              "1 Aug 2008 is not: write the quarter as text, e.g. Q2 2008/09"),
        (date(2008, 1, 7), Q, "a date cell must be the first day of a quarter (1 Apr, 1 Jul, 1 Oct or 1 Jan): "
                              "7 Jan 2008 may be 1 Jul 2008 read in another locale; write the quarter as text "
                              "(Q2 2008/09 or Q4 2007/08)"),
        (date(2008, 1, 4), A, "a date cell must be 1 April, the first day of the financial year: 4 Jan 2008 may be "
                              "1 Apr 2008 read in another locale; write the year as text (2008/09 or 2007/08)"),
        (date(2008, 5, 1), A, "a date cell must be 1 April, the first day of the financial year, and 1 May 2008 is "
                              "not: write the year as text, e.g. 2008/09"),
    ],
)
def test_a_date_cell_must_be_the_first_day_of_its_period(day, frequency, message):
    """A spreadsheet reads `01/11/2008` as 1 Nov in the UK and 11 Jan in the US: only a first day is safe."""
    with pytest.raises(PeriodError) as refused:
        parse_period(day, frequency)
    assert str(refused.value) == message


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


@given(st.sampled_from(list(Frequency)), st.dates(date(1990, 4, 1), date(2100, 3, 31)))
def test_labels_read_back_and_periods_tile_time(frequency, day):
    period = Period.containing(frequency, day)
    assert period.start <= day <= period.end
    assert parse_period(period.label, frequency) == period
    assert (period.next.start - period.end).days == 1
    assert period.next.previous == period
    assert period.financial_year.start <= period.start and period.end <= period.financial_year.end


@pytest.mark.parametrize("as_at", ["9999-12", "0000-01", "Dec 1066", "2008-13"])
def test_a_url_asking_for_a_month_far_off_gets_a_note_not_an_error(as_at):
    """The router reads `?as_at=` with parse_period: a year beyond those covered is refused, not overflowed."""
    from callbacks.router import choose_period

    months = [Period.of(M, 2008, 9), Period.of(M, 2008, 8)]
    period, note = choose_period(months, f"?as_at={as_at}")
    assert period == months[0]
    assert note == f"'{as_at}' is not a month we can report at: showing Dec 2008."
