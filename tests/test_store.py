"""The store's answers, on the demo council, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from helpers import DEFINITIONS, DEFINITIONS_HEADER, VALUES, VALUES_HEADER, csv_bytes

from data import rules
from data.importer import load_file
from data.periods import Frequency, Period, parse_period
from data.rules import Rating, Target, Tolerance

DEC_2008 = parse_period("Dec 2008")


def test_the_latest_period_is_the_demo_as_at_month(demo):
    assert demo.latest_period() == DEC_2008


def test_scorecard_without_a_period_rates_each_indicators_latest_actual(demo):
    card = demo.scorecard()
    assert len(card) == 63
    assert card["actual"].notna().all()
    assert set(card["rating"]) <= set(map(str, Rating))
    bv78a = card.set_index("code").loc["BV78a"]
    assert bv78a["period"] == "Mar 2008"  # the Best Value indicators ended in March 2008


def test_scorecard_at_a_period_uses_each_frequencys_latest_period_ended_by_then(demo):
    card = demo.scorecard(DEC_2008)
    periods = card.groupby("frequency")["period"].unique().map(list).to_dict()
    assert periods == {"monthly": ["Dec 2008"], "quarterly": ["Q3 2008/09"], "annual": ["2007/08"]}
    codes = set(card["code"])
    assert "BV78a" not in codes  # ended in March 2008
    assert "BV78b" not in codes
    assert {"NI 181", "BV9", "IA-7WD (NI 59)", "NI 171"} <= codes  # NI, kept locally, continued, baseline
    earlier = set(demo.scorecard(parse_period("Mar 2007"))["code"])
    assert "BV78a" in earlier
    assert "NI 181" not in earlier  # the National Indicators began in April 2008


def test_every_scorecard_row_is_rated_by_the_published_rule(demo):
    card = demo.scorecard(DEC_2008)
    for row in card.itertuples():
        actual = None if pd.isna(row.actual) else row.actual
        target = None if pd.isna(row.target_low) else Target(row.target_low, row.target_high)
        expected = rules.rate(actual, target, row.polarity, Tolerance(row.tolerance, row.tolerance_is_percent))
        assert row.rating == expected
        assert row.rating_text.startswith(f"{expected}:")
        if row.cumulative:
            assert row.short_term == ""
        if row.polarity == "none":
            assert (row.short_term, row.long_term) == ("", "")


def test_directions_compare_with_the_previous_period_and_a_year_earlier(demo):
    history = demo.indicator_history("bv8").set_index("period")
    now, before, year_ago = history.loc["Dec 2008"], history.loc["Nov 2008"], history.loc["Dec 2007"]
    assert now["short_term"] == rules.direction(before["actual"], now["actual"], "higher")
    assert now["long_term"] == rules.direction(year_ago["actual"], now["actual"], "higher")
    card = demo.scorecard(DEC_2008).set_index("code")
    assert card.loc["BV8", "short_term"] == now["short_term"]
    assert card.loc["BV8", "long_term"] == now["long_term"]


def test_an_annual_indicators_short_and_long_term_are_the_same_comparison(demo):
    card = demo.scorecard(parse_period("2006/07"))
    annual = card[(card.frequency == "annual") & (card.long_term != "")]
    assert not annual.empty
    assert (annual.short_term == annual.long_term).all()


def test_indicator_history_is_every_period_in_order(demo):
    history = demo.indicator_history("bv78a")
    assert history["period"].iloc[0] == "Apr 2003"
    assert history["period"].iloc[-1] == "Mar 2008"
    starts = list(history["period_start"])
    assert starts == sorted(starts)
    assert len(history) == 60
    assert demo.indicator_history("no-such-indicator").empty


def test_the_benefits_storyline_improves_after_remedial_action(demo):
    history = demo.indicator_history("bv78a").set_index("period")
    assert history.loc["Mar 2006", "actual"] > 40
    assert history.loc["Mar 2008", "actual"] < 30
    actions = demo.actions(date(2007, 9, 30), indicator="bv78a").set_index("ref")
    assert actions.loc["REM-BEN-01", "status"] == "Complete"


def test_a_band_indicator_is_rated_against_its_range(demo):
    history = demo.indicator_history("paf-a3-ni-65")
    assert (history["target"].dropna() == "10–15").all()
    inside = history[(history.actual >= 10) & (history.actual <= 15)]
    assert (inside["rating"] == "Green").all()


def test_indicator_metadata(demo):
    found = demo.indicator("bv78a")
    assert found["code"] == "BV78a"
    assert found["polarity"] == "lower"
    assert found["themes"] == ["Organisational improvement"]
    assert found["priorities"] == ["An efficient, customer-focused council"]
    assert found["tolerance_text"] == "5%"
    assert demo.indicator("nothing") is None


def test_priority_rollups_count_each_basket(demo):
    rollups = demo.priority_rollups(DEC_2008).set_index("slug")
    assert len(rollups) == 6
    card = demo.scorecard(DEC_2008, priority="children-and-young-people-safe-and-achieving")
    children = rollups.loc["children-and-young-people-safe-and-achieving"]
    assert children["indicators"] == len(card)
    assert children["Red"] == (card.rating == "Red").sum()
    rated = card.rating.isin(["Green", "Amber", "Red"]).sum()
    assert children["on_target_share"] == pytest.approx((card.rating == "Green").sum() / rated)
    assert children["summary"].startswith(f"{(card.rating == 'Green').sum()} of {rated} rated indicators on target")


def test_scorecard_by_theme(demo):
    themes = demo.themes()
    assert "Children and Young People" in set(themes["name"])
    card = demo.scorecard(DEC_2008, theme="children-and-young-people")
    assert not card.empty
    assert set(card["directorate"]) == {"Children & Young People's Services"}


def test_organisation_tree_counts_every_indicator_once(demo):
    tree = demo.organisation_tree(DEC_2008)
    assert set(tree["directorate"]) == {
        "Adult Social Care & Strategic Housing", "Children & Young People's Services", "Environment",
        "Corporate & Customer Services", "Resources", "Chief Executive's Office"}
    assert tree["indicators"].sum() == len(demo.scorecard(DEC_2008))
    rating_columns = list(map(str, Rating))
    assert (tree[rating_columns].sum(axis=1) == tree["indicators"]).all()


def test_actions_have_a_status_as_at_a_date(demo):
    late_2008 = demo.actions(date(2008, 12, 31))
    assert len(late_2008) == 40
    assert set(late_2008["kind"]) == {"service plan", "remedial", "director review"}
    assert {"Complete", "Overdue", "Behind", "On track"} <= set(late_2008["status"])
    mid_2006 = demo.actions(date(2006, 7, 31)).set_index("ref")
    assert mid_2006.loc["SP-ENV-03", "status"] == "Not started"  # starts in 2008
    assert mid_2006.loc["SP-ENV-03", "progress"] == 0
    for row in late_2008.itertuples():
        assert row.status == rules.action_status(date(2008, 12, 31), row.start, row.due, row.progress,
                                                 row.completed)


def test_action_progress_is_as_reported_by_the_date(demo):
    earlier = demo.actions(date(2006, 9, 30)).set_index("ref")
    later = demo.actions(date(2006, 12, 31)).set_index("ref")
    assert earlier.loc["REM-BEN-01", "progress"] < later.loc["REM-BEN-01", "progress"]


def test_actions_by_priority(demo):
    children = demo.actions(date(2008, 12, 31), priority="children-and-young-people-safe-and-achieving")
    assert set(children["priority"]) == {"Children and young people safe and achieving"}
    assert "REM-CYP-01" in set(children["ref"])


def test_exceptions_list_under_performance_with_its_remedial_action(demo):
    found = demo.exceptions(DEC_2008).set_index("code")
    assert "IA-7WD (NI 59)" in found.index  # children's social care remains the worry
    worry = found.loc["IA-7WD (NI 59)"]
    assert worry["rating"] == "Red"
    assert "red" in worry["reasons"].split("; ")
    assert worry["periods_missed"] >= 2
    assert worry["remedial_actions"] == "REM-CYP-02"
    assert not worry["unmanaged"]
    assert found["unmanaged"].any()  # and some under-performance nobody is acting on
    assert (found.loc[found.unmanaged, "remedial_actions"] == "").all()
    assert (found["rating"] != "Green").any()


def test_same_answers_on_sqlite_and_postgresql(demo_sqlite, request):
    demo_postgres = request.getfixturevalue("demo_postgresql")
    columns = ["code", "period", "actual", "target", "rating", "short_term", "long_term"]
    for period in (None, DEC_2008, parse_period("Q2 2005/06")):
        pd.testing.assert_frame_equal(demo_sqlite.scorecard(period)[columns],
                                      demo_postgres.scorecard(period)[columns])
    pd.testing.assert_frame_equal(demo_sqlite.exceptions(DEC_2008)[["code", "reasons"]],
                                  demo_postgres.exceptions(DEC_2008)[["code", "reasons"]])


def test_an_empty_database_answers_with_empty_frames(store):
    assert store.is_empty()
    assert store.latest_period() is None
    assert store.scorecard().empty
    assert store.scorecard(DEC_2008).empty
    assert store.priority_rollups(DEC_2008).empty
    assert store.actions(date(2008, 1, 1)).empty


def test_a_hand_made_council_in_a_fresh_database(store):
    load_file(store.engine, csv_bytes(DEFINITIONS_HEADER, DEFINITIONS), filename="d.csv")
    load_file(store.engine, csv_bytes(VALUES_HEADER, VALUES), filename="v.csv")
    card = store.scorecard(Period.of(Frequency.MONTHLY, 2006, 3)).set_index("code")  # Jun 2006
    assert card.loc["BV78a", "rating"] == "Green"  # 31.5 days against 33
    assert card.loc["BV78a", "short_term"] == "Improving"  # from 38 days
    assert card.loc["BV78a", "status"] == "provisional"
    assert card.loc["PAF A3 (NI 65)", "rating"] == "Green"  # 12 inside 10-15
    latest = store.scorecard().set_index("code")
    assert latest.loc["PAF A3 (NI 65)", "rating"] == "Red"  # 16.2 beyond 15 + 5%
    assert latest.loc["CPR-RATE", "rating"] == "Data only"
    assert latest.loc["NI 171", "actual"] == 1234


def test_a_late_return_keeps_its_last_known_rating_in_view(demo):
    """Sickness absence was Red in November and its December return is late: it must not vanish as No data."""
    card = demo.scorecard(DEC_2008).set_index("code")
    late = card.loc["BV12"]
    assert late["rating"] == "No data"  # the period asked keeps its own rating
    assert (late["late_by"], late["last_period"], late["last_rating"]) == (1, "Nov 2008", "Red")
    assert late["last_rating_text"].startswith("Red: ")
    assert late["late_text"] == "Return for Dec 2008 is 1 month late; latest figure Nov 2008"
    on_time = card.drop(index="BV12")
    assert (on_time["late_by"] == 0).all() and (on_time["late_text"] == "").all()
    listed = demo.exceptions(DEC_2008).set_index("code")
    assert listed.loc["BV12", "reasons"].split("; ")[:2] == ["late return (latest figure Nov 2008)", "red"]
    assert listed.loc["BV12", "rating"] == "No data"
    efficient = demo.priority_rollups(DEC_2008).set_index("slug").loc["an-efficient-customer-focused-council"]
    assert efficient["late"] == 1


def test_one_indicators_scorecard_row(demo):
    row = demo.scorecard(DEC_2008, indicator="bv12")
    assert row["code"].tolist() == ["BV12"]
    assert demo.scorecard(DEC_2008, indicator="no-such-indicator").empty


def test_actions_carry_links_to_their_indicators(demo):
    actions = demo.actions(date(2008, 12, 31)).set_index("ref")
    assert ("IA-7WD (NI 59)", "ia-7wd-ni-59") in actions.loc["REM-CYP-02", "indicator_links"]
    for links, codes in zip(actions["indicator_links"], actions["indicators"], strict=True):
        assert "; ".join(code for code, _ in links) == codes


MONTHLY_RED = ["RED-1", "Monthly indicator", "Resources", "", "", "", "days", "lower", "monthly", "no", "5%", "",
               "no", ""]


@pytest.mark.parametrize(
    ("actuals", "missed", "listed"),
    [
        # Apr 2006 to Mar 2007, newest last; None is a month with no figure (a target only)
        ([50, None, None, None, None, None, None, None, None, None, None, 50], 1, "red"),  # ten empty months end it
        ([50] * 12, 12, "red; missed two periods running"),
        ([*[None] * 9, 50, None, 50], 2, "red; missed two periods running"),  # one late return is bridged
        ([*[None] * 8, 50, None, None, 50], 1, "red"),  # two in a row end the run
        ([*[None] * 9, 50, 30, 50], 1, "red"),  # a met target ends it
    ],
)
def test_a_run_of_missed_targets_counts_gaps_by_the_rule(store, actuals, missed, listed):
    load_file(store.engine, csv_bytes(DEFINITIONS_HEADER, [MONTHLY_RED]), filename="d.csv")
    months = [Period.of(Frequency.MONTHLY, 2006, n) for n in range(1, 13)]
    rows = [["RED-1", m.label, "" if a is None else a, 33, "", ""] for m, a in zip(months, actuals, strict=True)]
    load_file(store.engine, csv_bytes(VALUES_HEADER, rows), filename="v.csv")
    found = store.exceptions(months[-1]).set_index("code")
    assert found.loc["RED-1", "periods_missed"] == missed
    assert found.loc["RED-1", "reasons"] == listed
