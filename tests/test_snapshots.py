"""Snapshots: a pack stored as reported reads back the same, byte for byte, on SQLite and PostgreSQL; a used or
blank name stores nothing; and what has been restated since is worked out, indicator by indicator."""

from __future__ import annotations

import dataclasses
import hashlib
import inspect
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from data import snapshots
from data.models import Snapshot as SnapshotRow
from data.models import SnapshotFigure
from data.periods import Frequency
from data.report import (
    Audience,
    Frozen,
    PackAction,
    PackBasket,
    PackFigure,
    PackHeadlines,
    PackRollUp,
    PackUnderPerformer,
    PackWentWell,
    ReportPack,
    Scope,
    ScopeKind,
    meeting_day,
)
from data.rules import ActionKind, ActionStatus, Direction, Polarity, Rating, Reason
from data.snapshots import SnapshotError, SnapshotSummary, restated, restatements

CABINET = "Cabinet 15 January 2009"
ON = date(2009, 1, 15)
FROZEN = Frozen(CABINET, ON)
# HTML as a renderer may write it: typographic quotes, a pound sign, an en dash, Windows line ends
HTML = ('<!DOCTYPE html>\r\n<html lang="en-GB"><head><title>Cabinet performance report, Q3 2008/09</title></head>'
        '\r\n<body><h1>“As reported” – £1,200 saved</h1>\n<p>Figures to 31 Dec 2008.</p></body></html>\n')


def figure(code: str = "NI 8", **changes: object) -> PackFigure:
    """NI 8 as a pack shows it in Dec 2008: 45% against a target of 40% or more, Green; `changes` replace any."""
    shown = PackFigure(
        code=code, title="Adult participation in sport", directorate="Community Services", owner="Head of Leisure",
        unit="%", polarity=Polarity.HIGHER, frequency=Frequency.MONTHLY, period="Dec 2008", actual=45.0,
        target_low=40.0, target_high=40.0, provisional=False, rating=Rating.GREEN,
        rating_text="Green: 45% against a target of 40% or more; tolerance 5%.", short_term=Direction.IMPROVING,
        long_term=None, late=None, due=None, trend=(("Nov 2008", 44.0), ("Dec 2008", 45.0)))
    return dataclasses.replace(shown, **changes)


ROLL_UP = PackRollUp(counts=tuple((rating, 0) for rating in Rating), improving=0, comparable=0,
                     text="0 of 0 rated indicators on target")
ACTION = PackAction(ref="CS-12", title="Free swimming for over-60s", kind=ActionKind.REMEDIAL,
                    directorate="Community Services", owner=None, start=date(2008, 4, 1), due=date(2009, 3, 31),
                    progress=60.0, completed=None, status=ActionStatus.ON_TRACK,
                    status_text="On track: 60% complete with 75% of the time gone.", note=None, indicators=("NI 8",))


def pack(*shown: PackFigure, frozen: Frozen | None = FROZEN, scope: Scope | None = None,
         under: PackFigure | None = None) -> ReportPack:
    """A Cabinet pack for Q3 2008/09 whose one basket holds `shown` (and `under` under-performing)."""
    under_performance = () if under is None else (PackUnderPerformer(
        figure=under, reasons=(Reason.RED,), periods_missed=1, forecast=None, forecast_text=None,
        unmanaged=False, actions=(ACTION,)),)
    return ReportPack(
        council="Demo Borough Council", audience=Audience.CABINET if scope is None else Audience.SCRUTINY,
        scope=scope, period="Q3 2008/09", as_at="Dec 2008", data_version="3-2009-01-10T09:00:00+00:00",
        headlines=PackHeadlines(indicators=len(shown), roll_up=ROLL_UP, late=0, under_performing=0, unmanaged=0,
                                actions_overdue=0, actions_behind=0),
        baskets=(PackBasket(priority="Healthy communities", slug="healthy-communities", roll_up=ROLL_UP,
                            figures=shown),),
        under_performance=under_performance,
        went_well=PackWentWell(label="Q3 2008/09", newly_on_target=(), most_improved=(), sustained=(),
                               completed=()),
        actions_due=(ACTION,), without_target=(), questions=(), frozen=frozen)


def stored(store) -> tuple[int, int]:
    """How many snapshots and snapshot figures the database holds."""
    with store.engine.connect() as connection:
        return (connection.execute(select(func.count()).select_from(SnapshotRow)).scalar_one(),
                connection.execute(select(func.count()).select_from(SnapshotFigure)).scalar_one())


# --- freezing and reading back ---------------------------------------------------------------------------------


def test_a_frozen_pack_reads_back_as_it_was_stored(store):
    frozen = pack(figure("NI 8"), figure("BV78a", unit="days", polarity=Polarity.LOWER, actual=41.0,
                                         target_low=33.0, target_high=33.0, rating=Rating.RED),
                  under=figure("BV78a", unit="days", polarity=Polarity.LOWER, actual=41.0, target_low=33.0,
                               target_high=33.0, rating=Rating.RED))
    before = datetime.now(UTC)
    summary = snapshots.freeze(store, frozen, HTML, name=CABINET, on=ON)
    found = snapshots.snapshot(store, CABINET)
    assert found is not None
    assert found.pack == frozen
    assert found.html == HTML  # every character, the \r\n included
    assert found.summary == summary
    assert summary == SnapshotSummary(
        name=CABINET, slug="cabinet-15-january-2009", audience=Audience.CABINET, scope=None, period="Q3 2008/09",
        as_at="Dec 2008", frozen_on=ON, data_version="3-2009-01-10T09:00:00+00:00", created_at=summary.created_at,
        sha256=hashlib.sha256(HTML.encode("utf-8")).hexdigest(), figures=2)
    assert before <= summary.created_at <= datetime.now(UTC)
    assert snapshots.snapshots(store) == (summary,)


def test_the_figures_a_pack_showed_are_stored_a_row_each(store):
    late = figure("NI 8", period="Nov 2008", late="Return for Dec 2008 is 1 month late; latest figure Nov 2008",
                  due="Dec 2008", actual=None, target_low=None, target_high=None, rating=Rating.NO_DATA)
    snapshots.freeze(store, pack(late, figure("NI 9", target_low=10.0, target_high=15.0)), HTML, name=CABINET,
                     on=ON)
    with store.engine.connect() as connection:
        rows = connection.execute(select(SnapshotFigure.code, SnapshotFigure.period, SnapshotFigure.actual,
                                         SnapshotFigure.target_low, SnapshotFigure.target_high,
                                         SnapshotFigure.rating, SnapshotFigure.due)
                                  .order_by(SnapshotFigure.code)).all()
    assert [tuple(row) for row in rows] == [("NI 8", "Nov 2008", None, None, None, "No data", "Dec 2008"),
                                            ("NI 9", "Dec 2008", 45.0, 10.0, 15.0, "Green", None)]


def test_a_pack_that_showed_no_indicator_is_stored_with_none(store):
    summary = snapshots.freeze(store, pack(), HTML, name=CABINET, on=ON)
    assert summary.figures == 0
    assert stored(store) == (1, 0)


@pytest.mark.parametrize("written", [CABINET, "cabinet-15-january-2009", "CABINET 15 January 2009",
                                     "  Cabinet, 15 January 2009 "])
def test_a_snapshot_is_found_by_its_name_or_slug_however_written(store, written):
    snapshots.freeze(store, pack(figure()), HTML, name=CABINET, on=ON)
    found = snapshots.snapshot(store, written)
    assert found is not None and found.summary.name == CABINET


@pytest.mark.parametrize("written", ["Cabinet 16 January 2009", "", "   "])
def test_no_snapshot_is_found_by_another_name(store, written):
    snapshots.freeze(store, pack(figure()), HTML, name=CABINET, on=ON)
    assert snapshots.snapshot(store, written) is None


def test_a_scrutiny_snapshot_keeps_its_scope(store):
    scope = Scope(ScopeKind.THEME, "children-and-young-people", "Children and Young People")
    name = "Children's Scrutiny 3 February 2009"
    snapshots.freeze(store, pack(figure(), scope=scope, frozen=Frozen(name, date(2009, 2, 3))), HTML, name=name,
                     on=date(2009, 2, 3))
    found = snapshots.snapshot(store, name)
    assert found is not None
    assert (found.summary.audience, found.summary.scope, found.pack.scope) == (Audience.SCRUTINY, scope, scope)


def test_snapshots_are_listed_newest_first(store):
    for name, on in [("Cabinet 16 October 2008", date(2008, 10, 16)), ("Cabinet 15 January 2009", ON),
                     ("Cabinet 15 January 2009 (reconvened)", ON), ("Cabinet 17 July 2008", date(2008, 7, 17))]:
        snapshots.freeze(store, pack(figure(), frozen=Frozen(name, on)), HTML, name=name, on=on)
    assert [summary.name for summary in snapshots.snapshots(store)] == [
        "Cabinet 15 January 2009 (reconvened)", "Cabinet 15 January 2009", "Cabinet 16 October 2008",
        "Cabinet 17 July 2008"]


# --- what is refused, with nothing stored ----------------------------------------------------------------------


@pytest.mark.parametrize("name", [CABINET, "cabinet 15 january 2009", "Cabinet: 15 January 2009!"])
def test_a_used_name_or_slug_is_refused_and_nothing_more_is_stored(store, name):
    snapshots.freeze(store, pack(figure()), HTML, name=CABINET, on=ON)
    again = pack(figure(), figure("NI 9"), frozen=Frozen(name, date(2009, 1, 20)))
    with pytest.raises(SnapshotError) as refused:
        snapshots.freeze(store, again, HTML, name=name, on=date(2009, 1, 20))
    assert str(refused.value) == "A snapshot named 'Cabinet 15 January 2009' already exists (frozen on 15 January 2009)"
    assert stored(store) == (1, 1)


ONE_LINE = ("A snapshot's name is one line of text, without line breaks, tabs or spaces at either end, such as "
            "'Cabinet 15 January 2009'")


@pytest.mark.parametrize(
    ("name", "on", "frozen", "message"),
    [
        ("", ON, Frozen("", ON), "A snapshot needs a name, such as 'Cabinet 15 January 2009'"),
        ("   ", ON, Frozen("   ", ON), "A snapshot needs a name, such as 'Cabinet 15 January 2009'"),
        ("C" * 201, ON, Frozen("C" * 201, ON), "A snapshot's name is at most 200 characters; this one has 201"),
        (CABINET, ON, None, "The pack was not drawn as frozen for 'Cabinet 15 January 2009' on 2009-01-15: "
                            "it would not show the freeze it is stored as"),
        (CABINET, ON + timedelta(days=1), Frozen(CABINET, ON),
         "The pack was not drawn as frozen for 'Cabinet 15 January 2009' on 2009-01-16: "
         "it would not show the freeze it is stored as"),
        ("Cabinet\n15 January 2009", ON, Frozen("Cabinet\n15 January 2009", ON), ONE_LINE),
        ("Cabinet\t15 January", ON, Frozen("Cabinet\t15 January", ON), ONE_LINE),
        (" Cabinet", ON, Frozen(" Cabinet", ON), ONE_LINE),
    ],
    ids=["blank", "spaces", "too long", "not frozen", "frozen on another day", "line break", "tab", "leading space"],
)
def test_a_freeze_that_cannot_be_stored_is_refused_and_nothing_is_stored(store, name, on, frozen, message):
    with pytest.raises(SnapshotError) as refused:
        snapshots.freeze(store, pack(figure(), frozen=frozen), HTML, name=name, on=on)
    assert str(refused.value) == message
    assert stored(store) == (0, 0)


def test_a_name_taken_by_another_freeze_at_the_same_moment_is_refused_the_same_way(store, monkeypatch):
    """The database's unique name catches what the check before the insert missed (a freeze in between)."""
    snapshots.freeze(store, pack(figure()), HTML, name=CABINET, on=ON)
    check, checks = snapshots._taken, []

    def missed_the_first_time(*args):  # the check before the insert saw nothing; the one after, the other
        checks.append(args)
        return None if len(checks) == 1 else check(*args)

    monkeypatch.setattr(snapshots, "_taken", missed_the_first_time)
    with pytest.raises(SnapshotError) as refused:
        snapshots.freeze(store, pack(figure()), HTML, name=CABINET, on=ON)
    assert str(refused.value) == "A snapshot named 'Cabinet 15 January 2009' already exists (frozen on 15 January 2009)"
    assert len(checks) == 2
    assert stored(store) == (1, 1)


def test_a_freeze_whose_figures_cannot_be_stored_stores_nothing(store, monkeypatch):
    """One transaction: the snapshot row goes when its figures fail (here, one code twice)."""
    monkeypatch.setattr(snapshots, "_figure_rows", lambda shown: [figure_row("NI 8"), figure_row("NI 8")])
    with pytest.raises(IntegrityError):
        snapshots.freeze(store, pack(figure()), HTML, name=CABINET, on=ON)
    assert stored(store) == (0, 0)


def figure_row(code: str) -> dict[str, object]:
    return {"code": code, "period": "Dec 2008", "actual": 45.0, "target_low": 40.0, "target_high": 40.0,
            "rating": "Green", "due": None}


# --- deleting --------------------------------------------------------------------------------------------------


def test_delete_removes_the_snapshot_and_its_figures_and_says_which_it_was(store):
    kept = "Cabinet 16 October 2008"
    snapshots.freeze(store, pack(figure(), frozen=Frozen(kept, date(2008, 10, 16))), HTML, name=kept,
                     on=date(2008, 10, 16))
    summary = snapshots.freeze(store, pack(figure(), figure("NI 9")), HTML, name=CABINET, on=ON)
    assert snapshots.delete(store, CABINET) == summary
    assert snapshots.snapshot(store, CABINET) is None
    assert [found.name for found in snapshots.snapshots(store)] == [kept]
    assert stored(store) == (1, 1)


@pytest.mark.parametrize("name", ["Cabinet 16 January 2009", ""])
def test_deleting_a_snapshot_there_is_not_is_refused(store, name):
    snapshots.freeze(store, pack(figure()), HTML, name=CABINET, on=ON)
    with pytest.raises(SnapshotError) as refused:
        snapshots.delete(store, name)
    assert str(refused.value) == f"There is no snapshot named '{name}'"
    assert stored(store) == (1, 1)


# --- an indicator's reported figures ---------------------------------------------------------------------------


def test_an_indicators_reported_figures_are_those_of_each_snapshot_that_showed_it_newest_first(store):
    october, january = "Cabinet 16 October 2008", CABINET
    in_october = figure("NI 8", period="Sep 2008", actual=41.0)
    snapshots.freeze(store, pack(in_october, frozen=Frozen(october, date(2008, 10, 16))), HTML, name=october,
                     on=date(2008, 10, 16))
    snapshots.freeze(store, pack(figure("NI 8"), figure("NI 9")), HTML, name=january, on=ON)
    found = snapshots.reported_figures(store, "NI 8")
    assert [(summary.name, shown) for summary, shown in found] == [(january, figure("NI 8")),
                                                                  (october, in_october)]
    assert [summary.name for summary, _ in snapshots.reported_figures(store, "NI 9")] == [january]
    assert snapshots.reported_figures(store, "NI 10") == ()


# --- restatements, worked by hand ------------------------------------------------------------------------------

LATE = {"period": "Nov 2008", "due": "Dec 2008", "actual": 44.0, "rating": Rating.GREEN,
        "late": "Return for Dec 2008 is 1 month late; latest figure Nov 2008"}


@pytest.mark.parametrize(
    ("reported", "now", "expected"),
    [
        ({}, {}, None),
        ({"provisional": True}, {}, None),  # validated, the figure as reported: it stands
        ({"title": "Old title", "trend": ()}, {}, None),  # only figures, targets and ratings are restated
        ({}, {"actual": 47.2}, "NI 8 Dec 2008: figure revised 45% → 47.2%"),
        ({"provisional": True}, {"actual": 47.2}, "NI 8 Dec 2008: figure revised 45% → 47.2% (now validated)"),
        ({}, {"actual": 38.0, "rating": Rating.RED}, "NI 8 Dec 2008: figure revised 45% → 38%; rating Green → Red"),
        # target 50 or more, 5% tolerance: Amber from 47.5, so 45 is Red
        ({}, {"target_low": 50.0, "target_high": 50.0, "rating": Rating.RED},
         "NI 8 Dec 2008: target 40% → 50%; rating Green → Red"),
        ({"target_low": None, "target_high": None, "rating": Rating.NO_TARGET}, {},
         "NI 8 Dec 2008: target none → 40%; rating No target → Green"),
        ({"unit": "days", "polarity": Polarity.BAND, "target_low": 40.0, "target_high": 50.0},
         {"unit": "days", "polarity": Polarity.BAND, "target_low": 40.0, "target_high": 44.0, "rating": Rating.AMBER},
         "NI 8 Dec 2008: target 40 days to 50 days → 40 days to 44 days; rating Green → Amber"),
        ({"unit": "£", "actual": 1200.0}, {"unit": "£", "actual": 1250.5},
         "NI 8 Dec 2008: figure revised £1,200 → £1,250.5"),
        (LATE, {}, "NI 8 Nov 2008: late return for Dec 2008 arrived: 45%"),
        ({**LATE, "rating": Rating.AMBER}, {"actual": 47.2},
         "NI 8 Nov 2008: late return for Dec 2008 arrived: 47.2%; rating Amber → Green"),
        (LATE, LATE, None),  # still late, and the figure shown as it was
        (LATE, {**LATE, "actual": 43.0}, "NI 8 Nov 2008: figure revised 44% → 43%"),
        ({}, {"period": "Nov 2008", "actual": 44.0},
         "NI 8 Dec 2008: Dec 2008 figure withdrawn (was 45%); now showing Nov 2008: 44%"),
        # NI 192 in the trial: Q3's 43.3% blanked by a later load, Q2's 41.2% shown against 41.5%: within 5%
        ({"period": "Q3 2008/09", "actual": 43.3, "target_low": 41.5, "target_high": 41.5,
          "frequency": Frequency.QUARTERLY},
         {"period": "Q2 2008/09", "actual": 41.2, "target_low": 41.5, "target_high": 41.5, "rating": Rating.AMBER,
          "frequency": Frequency.QUARTERLY},
         "NI 8 Q3 2008/09: Q3 2008/09 figure withdrawn (was 43.3%); now showing Q2 2008/09: 41.2%; "
         "rating Green → Amber"),
        ({}, {"period": "Nov 2008", "actual": 44.0, "target_low": 50.0, "target_high": 50.0, "rating": Rating.RED},
         "NI 8 Dec 2008: Dec 2008 figure withdrawn (was 45%); now showing Nov 2008: 44%; target 40% → 50%; "
         "rating Green → Red"),
        ({"period": "Nov 2008", "actual": 44.0}, {},
         "NI 8 Nov 2008: later figure now shown: Dec 2008: 45% (was Nov 2008: 44%)"),
        (LATE, {"target_low": 42.0, "target_high": 42.0},
         "NI 8 Nov 2008: late return for Dec 2008 arrived: 45%; target 40% → 42%"),
    ],
    ids=["unchanged", "validated", "words only", "revised", "revised and validated", "revised and rating",
         "target changed, so rating", "target set", "band target", "money", "late return arrived",
         "late return arrived and rating", "still late", "late and revised", "withdrawn", "withdrawn, a quarter",
         "withdrawn and target", "a later figure", "late return and target"],
)
def test_a_figures_restatement(reported, now, expected):
    found = restated(figure(**reported), figure(**now))
    assert (found.text if found else None) == expected


@pytest.mark.parametrize(("name", "day"), [
    ("Cabinet 15 January 2009", date(2009, 1, 15)),
    ("Cabinet 15 Jan 2009", date(2009, 1, 15)),
    ("Cabinet 2009-01-15", date(2009, 1, 15)),
    ("Cabinet 15/01/2009", date(2009, 1, 15)),  # day first, as in the UK
    ("Children's scrutiny 3 Sept 2009", date(2009, 9, 3)),
    ("Cabinet, 1st march 2010", date(2010, 3, 1)),
    ("Cabinet (15 January 2009)", date(2009, 1, 15)),
    ("15 January 2009", date(2009, 1, 15)),
    ("Cabinet", None),
    ("Cabinet 31 February 2009", None),  # not a day
    ("Cabinet 15/13/2009", None),
    ("Cabinet January 2009", None),  # a month, not a day
    ("Cabinet 15 Janvier 2009", None),
    ("Cabinet Q3 2008/09", None),
    ("Cabinet 15 January 2009 (reconvened)", None),  # the date does not end the name
    ("Cabinet 115 January 2009", None),
])
def test_a_meetings_day_is_read_from_the_end_of_its_name(name, day):
    assert meeting_day(name) == day


def test_restatements_are_one_per_indicator_by_code_with_those_added_and_no_longer_shown():
    reported = {"NI 8": figure("NI 8"), "BV9": figure("BV9", actual=98.1, target_low=98.5, target_high=98.5,
                                                      rating=Rating.AMBER),
                "NI 195": figure("NI 195", unit="days", actual=12.0, rating=Rating.RED)}
    now = {"NI 8": figure("NI 8", actual=38.0, rating=Rating.RED), "BV9": reported["BV9"],
           "NI 20": figure("NI 20", actual=3.5, target_low=None, target_high=None, rating=Rating.NO_TARGET)}
    assert [r.text for r in restatements(reported, now)] == [
        "NI 195 Dec 2008: no longer shown; reported 12 days, Red",
        "NI 20 Dec 2008: added since reported: 3.5%, No target",
        "NI 8 Dec 2008: figure revised 45% → 38%; rating Green → Red",
    ]
    assert [r.changes[0].kind for r in restatements(reported, now)] == [
        snapshots.Restated.NO_LONGER_SHOWN, snapshots.Restated.ADDED, snapshots.Restated.FIGURE_REVISED]


def test_nothing_is_restated_between_a_pack_and_itself():
    shown = {"NI 8": figure("NI 8"), "BV9": figure("BV9")}
    assert restatements(shown, dict(shown)) == ()


# --- immutable ------------------------------------------------------------------------------------------------


def test_the_only_ways_to_write_a_snapshot_are_freeze_and_delete():
    """No update, rename or replace: a snapshot, once stored, stays as reported."""
    functions = {name for name, value in vars(snapshots).items()
                 if not name.startswith("_") and inspect.isfunction(value) and value.__module__ == snapshots.__name__}
    assert functions == {"freeze", "delete", "snapshots", "snapshot", "reported_figures", "restatements",
                         "restated", "restated_since", "restated_figures"}
