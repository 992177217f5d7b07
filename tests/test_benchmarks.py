"""The benchmark harness's agreement check, at a tiny scale, so that it cannot rot: the floor (SQL and
data/vectorised.py) and the naive build (pandas and data/rules.py) show the same figures as the store."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from benchmarks import views
from benchmarks.agreement import Disagreement, check, differences
from benchmarks.run import REPORTED_ON, write_large_council
from data.importer import load_file
from data.periods import parse_period
from data.store import Store

PRIORITY = "children-and-young-people-safe-and-achieving"

# (view, slug, as at): months across the demo's years, a stopped indicator, quarterly and annual ones
CASES = [
    ("overview", "", "Dec 2008"),
    ("overview", "", "Mar 2008"),
    ("overview", "", "Jul 2007"),
    ("overview", "", "Apr 2006"),
    ("priority", PRIORITY, "Dec 2008"),
    ("priority", PRIORITY, "Sep 2007"),
    ("priority", "safer-and-stronger-communities", "Jan 2008"),
    ("priority", "a-thriving-local-economy", "Jun 2008"),
    ("indicator", "bv78a", "Dec 2008"),
    ("indicator", "bv78a", "Mar 2008"),
    ("indicator", "bv8", "Nov 2007"),
    # the scrutiny views: at a quarter's end and within one (the last column under way), before 2007/08
    ("grid", "children-and-young-people", "Dec 2008"),
    ("grid", "children-and-young-people", "Nov 2008"),
    ("grid", "safer-and-stronger-communities", "Apr 2006"),
    ("theme", "children-and-young-people", "Dec 2008"),
    ("theme", "healthier-communities-and-older-people", "Aug 2007"),
    ("directorate", "children-young-people-s-services", "Dec 2008"),
    ("directorate", "resources", "Feb 2008"),
    ("directorate", "environment", "Jun 2007"),
    # the council-wide pages: within a quarter and at its end, across the demo's years
    ("underperformance", "", "Dec 2008"),
    ("underperformance", "", "Mar 2008"),
    ("underperformance", "", "Jul 2007"),
    ("tracker", "", "Dec 2008"),
    ("tracker", "", "Sep 2007"),
    ("tracker", "", "Apr 2006"),
    ("assessment", "", "Dec 2008"),
    ("assessment", "", "Nov 2008"),
    ("assessment", "", "Mar 2008"),
    ("assessment", "", "Jan 2005"),
]
COUNCIL_WIDE = ("overview", *views.COUNCIL_WIDE)  # named by nothing but the month


def _answers(store: Store, view: str, slug: str, label: str) -> dict[str, views.Shown]:
    period = parse_period(label)
    found = {"ours": views.ours(store, view, slug, period)}
    for name, builder in (("floor", views.Floor(store.engine)), ("naive", views.Naive(store.engine))):
        draw = getattr(builder, view)
        found[name] = draw(period)[0] if view in COUNCIL_WIDE else draw(slug, period)[0]
    return found


def assert_agree(view: str, answers: dict[str, views.Shown]) -> None:
    """All three builds answered with figures, and agree on every one of them."""
    assert set(answers) == {"ours", "floor", "naive"} and all(answers.values())
    assert differences(view, answers) == []


@pytest.mark.parametrize(("view", "slug", "label"), CASES)
def test_the_three_builds_agree_on_the_demo(demo_sqlite, view, slug, label):
    if view == "priority":
        assert slug in [priority.slug for priority in demo_sqlite.priorities()]
    assert_agree(view, _answers(demo_sqlite, view, slug, label))


@pytest.mark.parametrize("view", ["overview", "priority", "indicator", "grid", "theme", "directorate",
                                  "underperformance", "tracker", "assessment"])
def test_the_three_builds_agree_on_a_small_generated_council(tmp_path, sqlite_template, view):
    from data.db import make_engine, sqlite_url

    path = tmp_path / "large.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    engine = make_engine(sqlite_url(path))
    for file in write_large_council(tmp_path, 12):
        load_file(engine, file, as_of=REPORTED_ON)
    slug = {"priority": "priority-1", "indicator": "l0001", "grid": "theme-2", "theme": "theme-0",
            "directorate": "directorate-1"}.get(view, "")
    assert_agree(view, _answers(Store(engine), view, slug, "Dec 2008"))
    engine.dispose()


@pytest.mark.parametrize("view", ["grid", "theme", "directorate", "underperformance", "tracker", "assessment"])
def test_the_harness_asks_the_real_callback_for_the_scrutiny_views(demo_sqlite, view):
    from benchmarks import run
    from dashboard.app import create_app
    from dashboard.settings import Settings
    from tests.dash_requests import request_body

    path, query, slug = run.views_for(demo_sqlite)[view]
    assert slug in path + query
    client = create_app(Settings(seed_demo=False, cache_seconds=0), demo_sqlite).server.test_client()
    builders = {"floor": views.Floor(demo_sqlite.engine), "naive": views.Naive(demo_sqlite.engine)}
    run.agree(view, request_body(path, query), slug, builders, demo_sqlite, client)  # raises on any difference


# (as at, months per period, the first months of the periods in the eight columns; -1: none ends in it)
COLUMNS = [
    ("Dec 2008", 1, ["Mar 2007", "Jun 2007", "Sep 2007", "Dec 2007", "Mar 2008", "Jun 2008", "Sep 2008", "Dec 2008"]),
    ("Nov 2008", 1, ["Mar 2007", "Jun 2007", "Sep 2007", "Dec 2007", "Mar 2008", "Jun 2008", "Sep 2008", "Nov 2008"]),
    ("Dec 2008", 3, ["Jan 2007", "Apr 2007", "Jul 2007", "Oct 2007", "Jan 2008", "Apr 2008", "Jul 2008", "Oct 2008"]),
    ("Nov 2008", 3, ["Jan 2007", "Apr 2007", "Jul 2007", "Oct 2007", "Jan 2008", "Apr 2008", "Jul 2008", None]),
    ("Dec 2008", 12, ["Apr 2006", None, None, None, "Apr 2007", None, None, None]),
    ("Apr 2009", 12, [None, None, "Apr 2007", None, None, None, "Apr 2008", None]),
    ("Mar 2009", 12, [None, None, None, "Apr 2007", None, None, None, "Apr 2008"]),
]


@pytest.mark.parametrize(("label", "step", "expected"), COLUMNS)
def test_the_grid_columns_hold_each_frequencys_own_latest_period(label, step, expected):
    from benchmarks import figures

    starts = figures.cell_starts(np.array([step]), figures.column_ends(parse_period(label)))[0]
    assert [None if start < 0 else _month(start) for start in starts.tolist()] == expected


def _month(number: int) -> str:
    return date(number // 12, number % 12 + 1, 1).strftime("%b %Y")


@pytest.mark.parametrize(("changed", "said"), [
    ({"latest": 1.0}, "floor says latest = 1.0"),
    ({"points": 0}, "floor says points = 0"),
    ({"rating": "Red"}, "floor says rating = 'Red'"),
])
def test_a_difference_fails_loudly_with_the_values(changed, said):
    ours = {"latest": 2.0, "rating": "Green", "points": 3}
    with pytest.raises(Disagreement, match=said):
        check("indicator", {"ours": ours, "floor": {**ours, **changed}, "naive": ours})
    assert differences("indicator", {"ours": ours, "naive": ours}) == []


# (what the series shows, its figures oldest first): the floor finds the signals data/rules.py finds
SERIES = [
    ("a point above the limits", [10, 11] * 6 + [30], True),
    ("a point below the limits", [10, 11] * 6 + [-10], True),
    ("eight above the centre", [10, 11] * 6 + [12, 11.6] * 4, True),
    ("six rising", [10, 12] * 6 + [9, 9.5, 10, 10.5, 11, 11.5], True),
    ("a tie breaks a trend", [10, 12] * 6 + [9, 9.5, 9.5, 10, 10.5, 11], False),
    ("on the centre line is on neither side", [10, 12] * 6 + [11.5, 11.5, 11] + [11.5] * 6, False),
    ("too few figures", [10, 11, 30, 11, 10, 11, 10], False),
]


@pytest.mark.parametrize(("name", "series", "fires"), SERIES, ids=[name for name, _, _ in SERIES])
@pytest.mark.parametrize("polarity", ["higher", "lower", "band"])
def test_the_floors_process_charts_find_the_rules_signals(name, series, fires, polarity):
    import pandas as pd

    from benchmarks import figures

    facts = pd.DataFrame({"code": ["A", "B"], "slug": ["a", "b"], "directorate": ["D", "D"], "service": [None, None],
                          "polarity": [polarity] * 2, "frequency": ["monthly", "quarterly"],
                          "cumulative": [False] * 2, "tolerance": [0.0] * 2, "percent": [False] * 2},
                         index=pd.Index([1, 2]))
    months = [24000 + n for n in range(len(series))]
    points = pd.DataFrame({"indicator": [1] * len(series) + [2] * len(series), "month": months * 2,
                           "own": [float(x) for x in series] * 2})
    inputs = figures.Inputs(facts, points.rename(columns={"own": "actual"}), lambda *_: pd.DataFrame())
    found = [figures.Rater().signals(points, inputs), figures.RowRater().signals(points, inputs)]
    columns = figures.SIGNAL_COLUMNS
    floor, naive = (frame.sort_values(columns).reset_index(drop=True).astype(
        {"indicator": int, "rule": int, "first": int, "last": int, "upward": bool}) for frame in found)
    assert floor.to_dict("records") == naive.to_dict("records")
    assert (len(floor) > 0) == fires


@pytest.mark.parametrize(("progress", "completed", "expected"), [
    (100, None, "Complete"), (40, "2008-11-30", "Complete"), (40, None, "Overdue"), (0, None, "Not started"),
    (10, None, "Behind"), (40, None, "Behind"), (41, None, "On track"),
])
def test_the_floors_action_statuses_are_the_rules(progress, completed, expected):
    from benchmarks import figures

    due = {"Overdue": date(2008, 11, 1), "Not started": date(2009, 6, 1)}.get(expected, date(2009, 12, 31))
    start = date(2009, 1, 1) if expected == "Not started" else date(2007, 12, 31)
    args = (date(2008, 12, 31), np.array([start.toordinal()]), np.array([due.toordinal()]),
            np.array([float(progress)]),
            np.array([date.fromisoformat(completed).toordinal() if completed else -1]))
    assert [figures.STATUSES[c].value for c in figures.Rater().action_status(*args)] == [expected]
    assert figures.RowRater().action_status(*args).tolist() == figures.Rater().action_status(*args).tolist()
