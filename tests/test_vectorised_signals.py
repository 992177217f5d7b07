"""The process-behaviour chart's signals over many series at once (data/vectorised.py process_signals) give the
reference's (data/rules.py signals, with fired_at), signal for signal: series generated with gaps (None and
NaN), ties, runs on one side and trends, figures on and within 1e-12 of the centre line and the limits, and
too few figures; then the reference's own table of cases, run through both."""


import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data import rules
from data import vectorised as vec
from data.rules import ProcessLimits, SignalRule

NAN = float("nan")
SEARCH = settings(deadline=None, max_examples=200)
RULES = list(SignalRule)
NUDGES = [0.0, 1e-12, -1e-12, 1e-10, -1e-10, 2e-9, -2e-9, 0.01, -0.01]


@st.composite
def a_series(draw: st.DrawFn) -> tuple[list[float | None], ProcessLimits]:
    """A series and its limits: from its own default baseline, or set apart from it (a council's baseline)."""
    centre = draw(st.sampled_from([10.0, 0.0, -3.5, 1e6, 0.1]))
    spread = draw(st.sampled_from([1.0, 0.0, 0.25, 1000.0]))
    limits = ProcessLimits(centre, spread, 12)
    edges = [centre, limits.lower, limits.upper]
    step = st.sampled_from([-1.0, -0.5, 0.0, 0.5, 1.0, 3.0]).map(lambda x: x * max(spread, 1.0))
    figure = st.one_of(st.sampled_from(edges).flatmap(lambda edge: st.sampled_from(NUDGES).map(lambda n: edge + n)),
                       st.floats(min_value=-1e7, max_value=1e7, allow_nan=False, allow_infinity=False),
                       step.map(lambda s: centre + s))
    near = st.sampled_from([centre + nudge for nudge in NUDGES] + [centre + spread + 0.5, centre - spread - 0.5])
    kind = draw(st.sampled_from(["walk", "figures", "about the centre line"]))
    length = draw(st.integers(min_value=0, max_value=30))
    if kind == "walk":  # runs and trends: a walk of small steps from the centre line
        level, series = centre, []
        for _ in range(length):
            level += draw(step)
            series.append(level)
    else:
        series = [draw(figure if kind == "figures" else near) for _ in range(length)]
    gaps = draw(st.lists(st.sampled_from([None, NAN]), max_size=length))
    for gap, at in zip(gaps, draw(st.permutations(range(length))), strict=False):
        series[at] = gap
    if draw(st.booleans()):
        baseline = rules.default_baseline(series, "monthly")
        figures = baseline.figures(series) if baseline else []
        if len(figures) >= 2:
            limits = rules.process_limits(figures)
    return series, limits


def _reference(many: list[tuple[list[float | None], ProcessLimits]]) -> list[tuple]:
    return [(number, RULES.index(signal.rule), signal.first, signal.last, signal.upward,
             rules.fired_at(signal, series))
            for number, (series, limits) in enumerate(many)
            for signal in rules.signals(series, limits, "higher")]


def _vectorised(many: list[tuple[list[float | None], ProcessLimits]]) -> list[tuple]:
    figures = [NAN if figure is None else figure for series, _ in many for figure in series]
    numbers = [number for number, (series, _) in enumerate(many) for _ in series]
    found = vec.process_signals(np.array(figures, dtype=float), np.array(numbers, dtype=np.intp),
                                *(np.array([getattr(limits, name) for _, limits in many], dtype=float)
                                  for name in ("centre", "lower", "upper")))
    assert list(found.columns) == list(vec.SIGNAL_COLUMNS)
    return [(int(s), int(r), int(f), int(la), bool(u), int(at)) for s, r, f, la, u, at in found.itertuples(index=False)]


@SEARCH
@given(st.lists(a_series(), max_size=6))
def test_signals_equal_the_reference_series_by_series(many):
    assert _vectorised(many) == _reference(many)


LIMITS = ProcessLimits(10, 1, 12)  # the reference's table: limits 7.34 and 12.66


@pytest.mark.parametrize("series", [
    [10, 11, 9, 10, 13, 10, 9, 11],  # a point outside the limits
    [10, 11, 9, 10, 12.66, 10, 9, 11],  # on the limit is inside it
    [10, 11, 9, 10, 13, 10, 9],  # 7 figures in all: too few for any signal
    [10, 11, 9, None, 10, 13, 10, 9],  # 7 figures and a gap: still too few
    [9, 11, 11.5, 11, 11.5, 11, 11.5, 11, 11.5, 9],  # a run of 8 on one side
    [11, 11.5, 11, 11.5, 10, 11, 11.5, 11, 11.5],  # a point on the line breaks the run
    [11, 11.5, 11, 11.5, 10 + 1e-12, 11, 11.5, 11, 11.5],  # as does one within 1e-12 of it
    [10, 11, 9, 10, 12.66 + 1e-12, 10, 9, 11],  # within 1e-12 of the limit is on it
    [8, 8.5, 9, 9 + 1e-12, 9.5, 10.5, 10, 9],  # a tie within 1e-12 breaks a trend
    [11, 11.5, 11, 11.5, None, 11, 11.5, 11, 11.5],  # a gap is skipped
    [8, 8.5, None, 9, 9.5, 10.5, 11, 10, 9],  # a trend across a gap
    [8, 8.5, 9, 9, 9.5, 10.5, 10, 9],  # a tie breaks a trend
    [8, 8.5, 9, 9.5, 10.5, 11, 10.5, 10, 9.5, 9, 8.5],  # a peak ends one trend and starts the next
    [11, 11.5, 12, 12.5, 12.6, 12.65, 13, 11],  # one figure fires several rules
    [],
])
def test_the_reference_cases_alone_and_together(series):
    alone = [(series, LIMITS)]
    assert _vectorised(alone) == _reference(alone)
    together = [(series, LIMITS), ([12, 11.5, 11, 10.5, 9.5, 9, 10, 11], LIMITS), (series, LIMITS)]
    assert _vectorised(together) == _reference(together)
