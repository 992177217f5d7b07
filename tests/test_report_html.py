"""The report pack as one HTML file (layouts/report_pack.py): structure read back with html.parser (no script,
no handler, nothing outside, headings in order, every table captioned with headers), hostile text shown as
text, the same bytes every time, and what each section must hold, from the hand-made pack in
tests/report_sample.py."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from itertools import pairwise

import pytest
from report_sample import (
    DELAYED,
    FORMULA,
    HEADLINE_NUMBERS,
    HOSTILE,
    MISSING,
    SPEND,
    VISITS,
    WASTE,
    sample_pack,
)

from data.report import Audience, Frozen
from data.rules import Direction, Rating
from layouts import look
from layouts.report_pack import direction_html, figure_words, pack_html, priority_ids, rating_html, trend_words

FROZEN = Frozen("Cabinet 15 January 2009", date(2009, 1, 15))


class Read(HTMLParser):
    """The document as the tests look at it: every start tag with its attributes, the headings in order, each
    table's caption and header cells, and the text."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.headings: list[tuple[int, str]] = []
        self.tables: list[dict] = []
        self.texts: list[str] = []
        self._open: list[str] = []
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append((int(tag[1]), ""))
        if tag == "table":
            self.tables.append({"caption": None, "th": []})
        if tag == "th":
            self.tables[-1]["th"].append(dict(attrs).get("scope"))

    def handle_endtag(self, tag):
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        self.texts.append(data)
        if any(tag in ("h1", "h2", "h3", "h4", "h5", "h6") for tag in self._open):
            level, text = self.headings[-1]
            self.headings[-1] = (level, text + data)
        if "caption" in self._open:
            self.tables[-1]["caption"] = (self.tables[-1]["caption"] or "") + data

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.texts).split())  # cells and elements apart by a space


PACKS = {
    "scrutiny": sample_pack(),
    "cabinet": sample_pack(Audience.CABINET),
    "frozen": sample_pack(frozen=FROZEN),
}


@pytest.fixture(params=list(PACKS), scope="module")
def read(request) -> Read:
    return Read(pack_html(PACKS[request.param]))


def test_one_complete_html5_file_in_british_english():
    markup = pack_html(sample_pack())
    assert markup.startswith("<!DOCTYPE html>\n<html lang=\"en-GB\"><head><meta charset=\"utf-8\">")
    assert markup.endswith("</body></html>\n")
    tags = [tag for tag, _ in Read(markup).tags]
    assert tags.count("title") == 1 and tags.count("style") == 1 and tags.count("main") == 1


def test_no_script_no_handler_and_nothing_from_outside(read):
    tags = [tag for tag, _ in read.tags]
    assert {"script", "link", "img", "iframe", "object", "embed", "base", "form"} & set(tags) == set()
    handlers = [(tag, name) for tag, attrs in read.tags for name in attrs if name.lower().startswith("on")]
    assert handlers == []
    assert [(tag, attrs) for tag, attrs in read.tags if {"src", "action", "srcset"} & set(attrs)] == []
    assert [attrs["href"] for tag, attrs in read.tags if "href" in attrs and not attrs["href"].startswith("#")] == []
    raw = pack_html(sample_pack())
    assert "http://" not in raw and "https://" not in raw and "url(" not in raw and "@import" not in raw


def test_headings_in_order(read):
    levels = [level for level, _ in read.headings]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in pairwise(levels)), read.headings


def test_every_table_has_a_caption_and_scoped_headers(read):
    assert read.tables
    for table in read.tables:
        assert table["caption"], table
        assert table["th"] and all(scope in ("col", "row") for scope in table["th"]), table


@pytest.mark.parametrize(("audience", "questions"), [(Audience.SCRUTINY, ["Questions for members"]),
                                                     (Audience.CABINET, [])])
def test_the_sections_in_order_a_committees_questions_straight_after_the_headlines(audience, questions):
    sections = [text for level, text in Read(pack_html(sample_pack(audience))).headings if level == 2]
    assert sections == ["Contents", "Headlines", *questions, "Priorities", "Under-performance",
                        "What went well in Q3 2008/09", "Actions due or overdue", "Indicators without a target",
                        "Appendix: the trend pictures' figures"]


def contents(markup: str) -> list[tuple[str, str]]:
    """The contents list's links: (href, text), in order."""
    nav = markup[markup.index('<nav aria-label="Contents"'):markup.index("</nav>")]
    return [(href, Read(text).text) for href, text in re.findall(r'<a href="([^"]*)">(.*?)</a>', nav)]


def test_the_contents_link_to_every_section_and_priority_by_its_id(read):
    ids = [attrs["id"] for _, attrs in read.tags if "id" in attrs]
    assert len(ids) == len(set(ids))
    links = [attrs["href"] for tag, attrs in read.tags if tag == "a"]
    assert links and all(href.startswith("#") and href[1:] in ids for href in links)
    sections = {attrs["id"] for tag, attrs in read.tags if tag == "h2" and "id" in attrs}
    assert sections <= {href[1:] for href in links}  # every section listed


def test_the_contents_in_the_packs_order_with_the_priorities_under_theirs():
    assert contents(pack_html(sample_pack())) == [
        ("#headlines", "Headlines"), ("#questions", "Questions for members"), ("#priorities", "Priorities"),
        ("#priority-healthier-communities", "Healthier communities"),
        ("#priority-cleaner-greener", f"A cleaner, greener borough {FORMULA}"), ("#priority-empty", "Empty priority"),
        ("#under-performance", "Under-performance"), ("#went-well", "What went well in Q3 2008/09"),
        ("#actions-due", "Actions due or overdue"), ("#without-target", "Indicators without a target"),
        ("#appendix", "Appendix: the trend pictures' figures")]
    assert '<nav aria-label="Contents"' in pack_html(sample_pack(Audience.CABINET))


@pytest.mark.parametrize(("slugs", "ids"), [
    (["a", "b"], ["priority-a", "priority-b"]),
    (["a", "a", "a"], ["priority-a", "priority-a-2", "priority-a-3"]),  # the same slug twice: made unique
    (["Road Safety!", "<x>"], ["priority-road-safety", "priority-x"]),  # an id is a slug whatever the pack holds
    (["", "a-2", "a", "a"], ["priority-item", "priority-a-2", "priority-a", "priority-a-3"]),
])
def test_each_priority_has_a_stable_unique_id(slugs, ids):
    baskets = [replace(sample_pack().baskets[0], slug=slug) for slug in slugs]
    assert priority_ids(baskets) == ids


@pytest.mark.parametrize(("audience", "questions"), [(Audience.SCRUTINY, True), (Audience.CABINET, False)])
def test_questions_for_members_only_in_a_scrutiny_pack(audience, questions):
    headings = [text for _, text in Read(pack_html(sample_pack(audience))).headings]
    assert ("Questions for members" in headings) is questions


def test_the_front_names_the_pack_council_month_and_data_version():
    read = Read(pack_html(sample_pack(Audience.CABINET)))
    assert read.headings[0] == (1, "Cabinet performance report, Q3 2008/09")
    for words in ("Council Ashdown & Brière District Council", "As at Dec 2008",
                  "Data version 2009-01-12T09:30:00+00:00 #42"):
        assert words in read.text
    assert "As reported to" not in read.text


@pytest.mark.parametrize(("token", "words"), [
    ("13-2026-12-02T16:14:19.824719", "Data version Figures as loaded on 2 December 2026 at 16:14 UTC (load 13)"),
    ("not-a-version", "Data version not-a-version"),  # one it cannot read: as it is
])
def test_the_data_version_is_in_words_on_the_front(token, words):
    read = Read(pack_html(replace(sample_pack(), data_version=token)))
    assert words in read.text
    assert "2026-12-02T16:14" not in read.text


def test_a_frozen_pack_says_to_whom_and_when_it_was_reported():
    read = Read(pack_html(sample_pack(frozen=FROZEN)))
    assert "As reported to Cabinet on 15 January 2009" in read.text


def test_hostile_text_is_shown_as_text():
    markup = pack_html(sample_pack())
    read = Read(markup)
    assert HOSTILE in read.text  # shown, as written
    assert FORMULA in read.text
    assert "<script>" not in markup and "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in markup
    assert [tag for tag, _ in read.tags].count("script") == 0


def test_the_same_pack_gives_the_same_bytes():
    assert pack_html(sample_pack(frozen=FROZEN)) == pack_html(sample_pack(frozen=FROZEN))


def test_headline_numbers_as_the_pages_write_them(read):
    for number in HEADLINE_NUMBERS:
        assert number in read.text


def test_every_under_performer_is_listed_with_the_unmanaged_first():
    pack = sample_pack()
    read = Read(pack_html(pack))
    text = read.text
    start = text.index("Under-performance 2 under-performing")
    section = text[start:text.index("What went well", start)]
    for under in pack.under_performance:
        assert under.figure.code in section
    assert section.index("No open remedial action") < section.index(WASTE.code) < section.index(
        "With remedial action") < section.index(DELAYED.code)


@pytest.mark.parametrize("words", [
    "Return for Dec 2008 is 12 days late: judged at its latest figure",  # a late return first
    "Amber and worsening", "Forecast to miss target", "Red", "Missed two periods running",  # the rules' Reasons
    "No remedial action linked Other open actions, not remedial: DR-CYP-02 (director review, Behind)",
    "Other open actions, not remedial: SP-004 (service plan, On track)",  # beside remedial ones too
    "Progress 40%, due 15 Dec 2008",
    "Latest note: Waiting on =SUM(A1:A9) & partners",
    "38.5 days",  # the forecast
    "No forecast: none is made for annual",
])
def test_under_performance_in_the_rules_words(words):
    assert words in Read(pack_html(sample_pack())).text


@pytest.mark.parametrize("rating", list(Rating))
def test_a_rating_is_a_word_a_shape_and_a_colour(rating):
    shown = look.RATINGS[rating]
    read = Read(rating_html(rating))
    assert read.text == f"{shown.glyph} {rating}"
    assert read.tags[0] == ("span", {"class": f"badge rating--{shown.css}"})
    assert f".rating--{shown.css} {{ color:" in pack_html(sample_pack())  # its colour is in the stylesheet


@pytest.mark.parametrize(("direction", "text"), [
    (Direction.IMPROVING, "↗ Improving"), (Direction.WORSENING, "↘ Worsening"), (Direction.NO_CHANGE, "→ No change"),
    (None, "No comparison"),
])
def test_a_direction_is_a_word_and_an_arrow(direction, text):
    assert Read(direction_html(direction)).text == text


@pytest.mark.parametrize(("figure", "words"), [
    (DELAYED, "41 days in Dec 2008"),
    (WASTE, "38.25% in Nov 2008 (provisional)"),
    (SPEND, "£1,234.5 in Q3 2008/09"),
    (MISSING, "No figure for Dec 2008"),
])
def test_figure_words(figure, words):
    assert figure_words(figure) == words


@pytest.mark.parametrize(("figure", "words"), [
    (DELAYED, "Trend: from 45 days in May 2008 to 41 days in Dec 2008, 7 figures; a target of 33 days."),
    (VISITS, "Trend: one figure, 15,200 visits in Dec 2008."),
    (MISSING, "Trend: no figures reported in this time."),
    (replace(WASTE, target_low=38.0, target_high=42.0),
     "Trend: from 36% in Jun 2008 to 38.25% in Nov 2008, 6 figures; a target range of 38% to 42%."),
])
def test_trend_words(figure, words):
    assert trend_words(figure) == words


@pytest.mark.parametrize(("figure", "words"), [
    (DELAYED, "41 days in Dec 2008 a target of 33 days Lower is better"),
    (WASTE, "38.25% in Nov 2008 (provisional) Return for Dec 2008 is 12 days late a target of 40% Higher is better"),
    (VISITS, "15,200 visits in Dec 2008 no target Higher is better"),
])
def test_a_baskets_figure_with_its_target_and_which_way_is_good(figure, words):
    assert words in Read(pack_html(sample_pack())).text


def test_each_trend_is_a_named_picture_with_its_text_and_a_table_twin():
    pack = sample_pack()
    read = Read(pack_html(pack))
    pictures = [attrs for tag, attrs in read.tags if tag == "svg"]
    figures = [figure for basket in pack.baskets for figure in basket.figures]
    assert [(attrs["role"], attrs["aria-label"]) for attrs in pictures] == [("img", trend_words(f)) for f in figures]
    assert read.text.count(trend_words(DELAYED)) == 1  # the picture's text beside it (its label is no text)
    captions = [table["caption"] for table in read.tables]
    for figure in figures:
        assert f"{figure.code} {figure.title}: trend figures" in captions
    twin = read.text[read.text.index("ASC 12 Delayed transfers of care, days per 1,000 people: trend figures"):]
    assert twin.startswith("ASC 12 Delayed transfers of care, days per 1,000 people: trend figures Period Figure "
                           "May 2008 45 days Jun 2008 44.5 days Jul 2008 no figure Aug 2008 43 days")


def test_the_stylesheet_prints_on_a4_with_page_numbers_and_repeated_table_headers():
    markup = pack_html(sample_pack())
    for rule in ("@page { size: A4;", 'counter(page) " of " counter(pages)', "@media print",
                 "thead { display: table-header-group; }", "break-after: avoid"):
        assert rule in markup


def test_a_note_on_the_data_is_on_the_front_and_only_where_the_pack_has_one():
    note = "Demo data: every value is synthetic."
    assert note in Read(pack_html(replace(sample_pack(), notice=note))).text
    assert "Demo data" not in Read(pack_html(sample_pack())).text
