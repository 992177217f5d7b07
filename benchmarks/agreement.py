"""The agreement check: floor, naive and ours must show the same figures, or the timings mean nothing."""

from __future__ import annotations

import math
from typing import Any

Shown = dict[str, Any]


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)
    return a == b


def differences(view: str, answers: dict[str, Shown]) -> list[str]:
    """Each figure on which the builds disagree with ours, as a line naming the view, the figure and the values."""
    found = []
    reference = answers["ours"]
    for build, shown in answers.items():
        for key, expected in reference.items():
            got = shown.get(key)
            if not _same(got, expected):
                found.append(f"{view}: {build} says {key} = {got!r}; ours says {expected!r}")
    return found


class Disagreement(AssertionError):
    """The builds answered differently: their timings cannot be compared."""


def check(view: str, answers: dict[str, Shown]) -> None:
    """Raise Disagreement listing every difference."""
    found = differences(view, answers)
    if found:
        raise Disagreement("the builds disagree:\n  " + "\n  ".join(found))
