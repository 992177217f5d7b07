"""The benchmark harness's agreement check, at a tiny scale, so that it cannot rot: the floor (SQL and
data/vectorised.py) and the naive build (pandas and data/rules.py) show the same figures as the store."""

from __future__ import annotations

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


@pytest.mark.parametrize("view", ["overview", "priority", "indicator"])
def test_the_three_builds_agree_on_a_small_generated_council(tmp_path, sqlite_template, view):
    from data.db import make_engine, sqlite_url

    path = tmp_path / "large.sqlite3"
    path.write_bytes(sqlite_template.read_bytes())
    engine = make_engine(sqlite_url(path))
    for file in write_large_council(tmp_path, 12):
        load_file(engine, file)
    assert_agree(view, _answers(Store(engine), view,
                                {"overview": "", "priority": "priority-1", "indicator": "l0001"}[view], "Dec 2008"))
    engine.dispose()


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
