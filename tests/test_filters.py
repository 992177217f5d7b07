"""The grid's filters as a URL and the command line give them (data/filters.py): read, checked, written back, as
tables of cases. Whether a slug names a theme is the store's to say (tests/test_grid.py); here only the form."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from data.answers import NO_FILTERS, ActionFilters, GridFilters, UnderPerformanceFilters
from data.filters import (
    FILTER_NAMES,
    FREQUENCIES,
    MAX_PAGE,
    MAX_QUERY,
    MAX_SEARCH,
    RATINGS,
    filters_from,
    filters_query,
    rating_name,
    read_filters,
    refusal,
    unknown_note,
)
from data.periods import Frequency
from data.rules import ActionKind, ActionStatus, Rating, Reason

CYP = "children-and-young-people"
NOT_A_RATING = "'{}' is not a rating we can filter by (green, amber, red, no-target, data-only, no-data): " \
               "showing every rating."
NOT_A_FREQUENCY = "'{}' is not a frequency we can filter by (monthly, quarterly, annual): showing every frequency."
CUT = f"The search is longer than {MAX_SEARCH} characters: searching for its first {MAX_SEARCH}."


@pytest.mark.parametrize(("search", "filters", "notes"), [
    (None, NO_FILTERS, ()),
    ("", NO_FILTERS, ()),
    ("?", NO_FILTERS, ()),
    ("?as_at=2008-12", NO_FILTERS, ()),  # not a filter: the router's
    (f"?theme={CYP}&rating=red&as_at=2008-12", GridFilters(theme=CYP, rating=Rating.RED), ()),
    (f"theme={CYP}", GridFilters(theme=CYP), ()),  # without the "?"
    ("?directorate=resources&service=benefits&priority=p-1", GridFilters(directorate="resources", service="benefits",
                                                                          priority="p-1"), ()),
    # slugs and names in any case; ratings with a space, an underscore or a hyphen
    ("?theme=Children-And-Young-People&rating=RED", GridFilters(theme=CYP, rating=Rating.RED), ()),
    ("?rating=No+target", GridFilters(rating=Rating.NO_TARGET), ()),
    ("?rating=no_data", GridFilters(rating=Rating.NO_DATA), ()),
    ("?rating=%20data-only%20", GridFilters(rating=Rating.DATA_ONLY), ()),
    ("?frequency=Quarterly", GridFilters(frequency=Frequency.QUARTERLY), ()),
    # flags: yes or no in several spellings
    ("?partnership=1&underperforming=yes", GridFilters(partnership=True, underperforming=True), ()),
    ("?partnership=TRUE&underperforming=on", GridFilters(partnership=True, underperforming=True), ()),
    ("?partnership=0&underperforming=no", NO_FILTERS, ()),
    ("?partnership=&underperforming=off", NO_FILTERS, ()),
    # the search: spaces collapsed, control characters as spaces, + and %20 as spaces
    ("?search=+Sickness++absence+", GridFilters(search="Sickness absence"), ()),
    ("?search=a%09b%00c", GridFilters(search="a b c"), ()),
    ("?search=%3Cscript%3E", GridFilters(search="<script>"), ()),
    ("?search=50%25+%26+more", GridFilters(search="50% & more"), ()),
    ("?search=caf%C3%A9", GridFilters(search="café"), ()),
    ("?search=", NO_FILTERS, ()),
    ("?search=%20%20", NO_FILTERS, ()),
    # pages
    ("?page=3", GridFilters(page=3), ()),
    ("?page=0003", GridFilters(page=3), ()),
    (f"?page={MAX_PAGE}", GridFilters(page=MAX_PAGE), ()),
    # blank values are no filter at all, without a note
    ("?theme=&directorate=&service=&priority=&rating=&frequency=", NO_FILTERS, ()),
    # the first of a repeated name counts
    ("?rating=red&rating=green", GridFilters(rating=Rating.RED), ()),
    # unknown names are ignored
    ("?colour=red&theme=t", GridFilters(theme="t"), ()),
])
def test_a_query_reads_as_filters(search, filters, notes):
    assert read_filters(search) == (filters, notes)


@pytest.mark.parametrize(("search", "filters", "notes"), [
    ("?theme=%3Cscript%3E", NO_FILTERS, (unknown_note("theme", "<script>"),)),
    ("?theme=Children+and+young+people", NO_FILTERS, (unknown_note("theme", "Children and young people"),)),
    ("?directorate=-resources", NO_FILTERS, (unknown_note("directorate", "-resources"),)),
    ("?service=a_b", NO_FILTERS, (unknown_note("service", "a_b"),)),
    ("?priority=%C3%A9", NO_FILTERS, (unknown_note("priority", "é"),)),
    ("?theme=a%0Ab", NO_FILTERS, (unknown_note("theme", "a\nb"),)),
    ("?theme=" + "a" * 201, NO_FILTERS, (unknown_note("theme", "a" * 201),)),
    ("?rating=purple", NO_FILTERS, (NOT_A_RATING.format("purple"),)),
    ("?rating=%3Cb%3Ered%3C%2Fb%3E", NO_FILTERS, (NOT_A_RATING.format("<b>red</b>"),)),
    ("?frequency=weekly", NO_FILTERS, (NOT_A_FREQUENCY.format("weekly"),)),
    ("?partnership=maybe", NO_FILTERS, ("'maybe' is not a yes or no for partnership: showing all.",)),
    ("?underperforming=2", NO_FILTERS, ("'2' is not a yes or no for underperforming: showing all.",)),
    ("?page=0", NO_FILTERS, ("'0' is not a page number: showing the first page.",)),
    ("?page=-1", NO_FILTERS, ("'-1' is not a page number: showing the first page.",)),
    ("?page=1.5", NO_FILTERS, ("'1.5' is not a page number: showing the first page.",)),
    (f"?page={MAX_PAGE + 1}", NO_FILTERS, (f"'{MAX_PAGE + 1}' is not a page number: showing the first page.",)),
    ("?page=%D9%A3", NO_FILTERS, ("'٣' is not a page number: showing the first page.",)),  # an Arabic-Indic 3
    ("?search=" + "x" * 150, GridFilters(search="x" * MAX_SEARCH), (CUT,)),
    ("?search=" + "x" * 99 + "+y", GridFilters(search="x" * 99), (CUT,)),  # cut at a space: no trailing space
    # each unusable value has its own note, in the order of the filters on the page; the rest still apply
    ("?rating=purple&theme=%3Cscript%3E&frequency=monthly",
     GridFilters(frequency=Frequency.MONTHLY), (unknown_note("theme", "<script>"), NOT_A_RATING.format("purple"))),
])
def test_a_value_that_cannot_be_used_gives_a_note_and_is_left_out(search, filters, notes):
    assert read_filters(search) == (filters, notes)


@pytest.mark.parametrize(("value", "shown"), [
    ("x" * 5000, "x" * 40 + "…"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("a\x00b\x1fc\x7fd", "abcd"),  # control characters are left out of a note
])
def test_a_note_quotes_at_most_forty_characters_of_a_value_without_control_characters(value, shown):
    assert unknown_note("theme", value) == f"There is no theme '{shown}': showing every theme."
    assert filters_from({"rating": value})[1] == (NOT_A_RATING.format(shown),)


def test_only_the_first_part_of_a_long_query_is_read():
    assert read_filters("?" + "x=1&" * (MAX_QUERY // 4) + "rating=red") == (NO_FILTERS, ())
    assert read_filters("?" + "x=1&" * (MAX_QUERY // 4 - 3) + "rating=red") == (GridFilters(rating=Rating.RED), ())


@pytest.mark.parametrize(("filters", "as_at", "query"), [
    (NO_FILTERS, None, ""),
    (NO_FILTERS, "2008-12", "?as_at=2008-12"),
    (GridFilters(theme=CYP, rating=Rating.RED), "2008-12", f"?theme={CYP}&rating=red&as_at=2008-12"),
    # always in FILTER_NAMES order, whatever order they were set in
    (GridFilters(search="x", page=2, underperforming=True, partnership=True, frequency=Frequency.ANNUAL,
                 rating=Rating.NO_TARGET, priority="p", service="s", directorate="d", theme="t"), None,
     "?theme=t&directorate=d&service=s&priority=p&rating=no-target&frequency=annual&partnership=1"
     "&underperforming=1&search=x&page=2"),
    (GridFilters(page=1), None, ""),  # the first page is no filter
    (GridFilters(search="50% & more =x"), None, "?search=50%25+%26+more+%3Dx"),
    (GridFilters(search="café <b>"), "2008-11", "?search=caf%C3%A9+%3Cb%3E&as_at=2008-11"),
])
def test_filters_are_written_as_a_query(filters, as_at, query):
    assert filters_query(filters, as_at) == query


ROUND_TRIPS = [
    NO_FILTERS,
    GridFilters(theme=CYP),
    GridFilters(directorate="resources", service="benefits", priority="p", rating=Rating.DATA_ONLY),
    GridFilters(frequency=Frequency.MONTHLY, partnership=True, underperforming=True, page=MAX_PAGE),
    GridFilters(search="50% & more = ?#/+"),
    GridFilters(search="café naïve «Ünïcode» 😀"),
    GridFilters(search="x" * MAX_SEARCH),
    *(GridFilters(rating=rating) for rating in Rating),
    *(GridFilters(frequency=frequency) for frequency in Frequency),
]


@pytest.mark.parametrize("filters", ROUND_TRIPS, ids=repr)
@pytest.mark.parametrize("as_at", [None, "2008-12"])
def test_filters_written_to_a_url_read_back_the_same(filters, as_at):
    assert read_filters(filters_query(filters, as_at)) == (filters, ())


def test_every_filter_has_a_name_in_the_url():
    assert set(FILTER_NAMES) == set(GridFilters.__dataclass_fields__)


@pytest.mark.parametrize(("rating", "name"), [(Rating.GREEN, "green"), (Rating.AMBER, "amber"), (Rating.RED, "red"),
                                              (Rating.NO_TARGET, "no-target"), (Rating.DATA_ONLY, "data-only"),
                                              (Rating.NO_DATA, "no-data")])
def test_every_rating_has_a_name_in_the_url(rating, name):
    assert rating_name(rating) == name
    assert RATINGS[name] is rating


def test_every_frequency_has_its_own_name():
    assert dict(FREQUENCIES) == {frequency.value: frequency for frequency in Frequency}


@pytest.mark.parametrize(("asked", "filters", "notes"), [
    ({"theme": CYP, "rating": "Red", "partnership": "yes"}, GridFilters(theme=CYP, rating=Rating.RED,
                                                                         partnership=True), ()),
    ({"frequency": "ANNUAL", "underperforming": "1", "search": " BV "}, GridFilters(
        frequency=Frequency.ANNUAL, underperforming=True, search="BV"), ()),
    ({"as_at": "2008-12", "colour": "red"}, NO_FILTERS, ()),  # not filters: ignored
    ({"directorate": "Resources & Finance"}, NO_FILTERS, (unknown_note("directorate", "Resources & Finance"),)),
])
def test_the_command_lines_options_read_as_the_urls(asked, filters, notes):
    assert filters_from(asked) == (filters, notes)


@pytest.mark.parametrize(("note", "refused"), [
    (unknown_note("theme", "x"), "There is no theme 'x'."),
    (unknown_note("theme", "a: b"), "There is no theme 'a: b'."),  # the value's own colon is kept
    (NOT_A_RATING.format("purple"),
     "'purple' is not a rating we can filter by (green, amber, red, no-target, data-only, no-data)."),
    (CUT, f"The search is longer than {MAX_SEARCH} characters."),
    ("'2' is not a yes or no for partnership: showing all.", "'2' is not a yes or no for partnership."),
])
def test_a_refusal_says_what_is_wrong_and_not_what_the_page_would_show(note, refused):
    assert refusal(note) == refused


SLUGS = st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,30}\Z")


@given(theme=st.none() | SLUGS, directorate=st.none() | SLUGS, service=st.none() | SLUGS,
       priority=st.none() | SLUGS, rating=st.none() | st.sampled_from(Rating),
       frequency=st.none() | st.sampled_from(Frequency), partnership=st.booleans(), underperforming=st.booleans(),
       search=st.none() | st.text(st.characters(blacklist_categories=("Cc", "Cs")), min_size=1, max_size=MAX_SEARCH)
       .map(lambda text: " ".join(text.split()) or None),  # a search as read: no control characters, spaces single
       page=st.integers(1, MAX_PAGE))
def test_any_filters_read_back_from_their_url(**fields):
    filters = GridFilters(**fields)
    query = filters_query(filters, "2008-12")
    if len(query) <= MAX_QUERY:  # a longer query is read only so far
        assert read_filters(query) == (filters, ())


@pytest.mark.parametrize(("kind", "search", "expected", "notes", "written"), [
    (UnderPerformanceFilters, "?reason=Missed two periods running&unmanaged=yes&directorate=resources",
     UnderPerformanceFilters(directorate="resources", reason=Reason.MISSED_TWICE, unmanaged=True), (),
     "?directorate=resources&reason=missed-two-periods-running&unmanaged=1&as_at=2008-12"),
    (UnderPerformanceFilters, "?reason=late&theme=%3Cscript%3E&rating=red",  # rating is not this list's filter
     UnderPerformanceFilters(),
     ("There is no theme '<script>': showing every theme.",
      "'late' is not a reason we can filter by (red, amber-and-worsening, missed-two-periods-running, "
      "forecast-to-miss-target): showing every reason."), "?as_at=2008-12"),
    (ActionFilters, "?status=On track&kind=director_review&owner=  Head of  Benefits &page=2",
     ActionFilters(kind=ActionKind.DIRECTOR_REVIEW, status=ActionStatus.ON_TRACK, owner="Head of Benefits", page=2),
     (), "?kind=director-review&status=on-track&owner=Head+of+Benefits&page=2&as_at=2008-12"),
    (ActionFilters, "?status=finished&search=" + "x" * 101, ActionFilters(search="x" * 100),
     ("'finished' is not a status we can filter by (complete, overdue, not-started, behind, on-track): showing "
      "every status.", "The search is longer than 100 characters: searching for its first 100."),
     "?search=" + "x" * 100 + "&as_at=2008-12"),
])
def test_every_page_s_filters_are_read_and_written_by_one_mechanism(kind, search, expected, notes, written):
    filters, said = read_filters(search, kind)
    assert (filters, said) == (expected, notes)
    assert filters_query(filters, "2008-12") == written
    assert read_filters(written, kind)[0] == filters  # the URL written reads back the same
