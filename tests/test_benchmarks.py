"""The benchmark harness's agreement check, at a tiny scale, so that it cannot rot: the floor (SQL and
data/vectorised.py) and the naive build (pandas and data/rules.py) show the same figures as the store."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from benchmarks import views
from benchmarks.agreement import Disagreement, check, differences
from benchmarks.run import write_large_council
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
]


def _answers(store: Store, view: str, slug: str, label: str) -> dict[str, views.Shown]:
    period = parse_period(label)
    found = {"ours": views.ours(store, view, slug, period)}
    for name, builder in (("floor", views.Floor(store.engine)), ("naive", views.Naive(store.engine))):
        found[name] = builder.overview(period)[0] if view == "overview" else getattr(builder, view)(slug, period)[0]
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


@pytest.mark.parametrize("view", ["overview", "priority", "indicator", "grid", "theme", "directorate"])
def test_the_three_builds_agree_on_a_small_generated_council(tmp_path, sqlite_template, view):
    from data.db import make_engine, sqlite_url

    path = tmp_path / "large.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    engine = make_engine(sqlite_url(path))
    for file in write_large_council(tmp_path, 12):
        load_file(engine, file)
    slug = {"overview": "", "priority": "priority-1", "indicator": "l0001", "grid": "theme-2", "theme": "theme-0",
            "directorate": "directorate-1"}[view]
    assert_agree(view, _answers(Store(engine), view, slug, "Dec 2008"))
    engine.dispose()


@pytest.mark.parametrize("view", ["grid", "theme", "directorate"])
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
