"""Sparklines as small SVG pictures, drawn on the server.

A basket's small multiples are static (nothing to hover or zoom), so they need no charting library in the
browser: up to 24 Plotly charts would cost a page 300 KiB of script and about a second of drawing, where
these cost 1-2 KB each and draw at once. The indicator page keeps the interactive Plotly trend."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from data.answers import Figure
from layouts import look
from layouts.components import target_edges, target_summary, trend_summary

WIDTH, HEIGHT = 240, 96
LEFT, RIGHT, TOP, BOTTOM = 40, 6, 8, 20  # room for the y labels on the left and the x labels below
FONT_SIZE = 11


def _number(value: float) -> str:
    """A y-axis label: whole numbers with thousands separators, small ones to 3 significant figures."""
    if abs(value) >= 100 or float(value).is_integer():
        return f"{value:,.0f}"
    return f"{value:.3g}"


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    """One point's rating shape; the same shapes as the trend chart's plotly symbols (look.RATINGS)."""
    filled = f'fill="{colour}"'
    hollow = f'fill="white" stroke="{colour}" stroke-width="1.5"'
    if shape.startswith("circle"):
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" {hollow if shape.endswith("-open") else filled}/>'
    if shape == "square":
        return f'<rect x="{x - 3.2:.1f}" y="{y - 3.2:.1f}" width="6.4" height="6.4" {filled}/>'
    if shape == "triangle-up":
        points = f"{x:.1f},{y - 4.5:.1f} {x + 4.2:.1f},{y + 3:.1f} {x - 4.2:.1f},{y + 3:.1f}"
        return f'<polygon points="{points}" {filled}/>'
    points = f"{x:.1f},{y - 4.5:.1f} {x + 4.5:.1f},{y:.1f} {x:.1f},{y + 4.5:.1f} {x - 4.5:.1f},{y:.1f}"
    return f'<polygon points="{points}" {hollow if shape.endswith("-open") else filled}/>'  # the diamonds


def _path(points: list[tuple[float, float | None]], step: bool) -> str:
    """An SVG path through the points, broken where a value is missing; `step` holds each value until the
    next period, as a target does."""
    parts, previous = [], None
    for x, y in points:
        if y is None:
            previous = None
            continue
        if previous is None:
            parts.append(f"M{x:.1f},{y:.1f}")
        elif step:
            parts.append(f"H{x:.1f}V{y:.1f}")
        else:
            parts.append(f"L{x:.1f},{y:.1f}")
        previous = y
    return " ".join(parts)


def _labels(history: Sequence[Figure], values: Sequence[float], y_at) -> list[str]:
    """Gridlines at the highest and lowest figure, labelled; the first and last period under the plot."""
    parts = []
    for value in values:
        y = y_at(value)
        parts.append(f'<line x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.1f}" y2="{y:.1f}" stroke="{look.GRID}"/>')
        parts.append(f'<text x="{LEFT - 4}" y="{y + 4:.1f}" text-anchor="end">{escape(_number(value))}</text>')
    parts.append(f'<text x="{LEFT}" y="{HEIGHT - 4}">{escape(history[0].period.label)}</text>')
    if len(history) > 1:
        parts.append(f'<text x="{WIDTH - RIGHT}" y="{HEIGHT - 4}" text-anchor="end">'
                     f'{escape(history[-1].period.label)}</text>')
    return parts


@dataclass(frozen=True)
class _Scale:
    """Where a period's index and a figure fall in the picture."""

    count: int  # periods across
    bottom: float  # the figure at the bottom edge of the plot
    top: float  # and at the top

    def x_at(self, i: int) -> float:
        width = WIDTH - LEFT - RIGHT
        return LEFT + (width * i / (self.count - 1) if self.count > 1 else width / 2)

    def y_of(self, value: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (self.top - value) / (self.top - self.bottom)

    def y_at(self, value: float | None) -> float | None:
        return None if value is None else self.y_of(value)

    def path(self, values: Sequence[float | None], step: bool) -> str:
        return _path([(self.x_at(i), self.y_at(v)) for i, v in enumerate(values)], step=step)


def _target_paths(scale: _Scale, low: list[float | None], high: list[float | None]) -> list[str]:
    """The target as a dashed step: one line, or a band's two edges."""
    dashed = f'fill="none" stroke="{look.TARGET}" stroke-width="1.5" stroke-dasharray="5 3"'
    paths = [scale.path(target, step=True) for target in ((low, high) if low != high else (low,))]
    return [f'<path d="{path}" {dashed}/>' for path in paths if path]


def _markers(scale: _Scale, history: Sequence[Figure]) -> list[str]:
    """Each figure's rating shape and colour at its point."""
    return [_marker(look.RATINGS[figure.rating].marker, scale.x_at(i), scale.y_of(figure.actual),
                    look.RATINGS[figure.rating].colour)
            for i, figure in enumerate(history) if figure.actual is not None]


def _mark(scale: _Scale, at: int | None) -> list[str]:
    """An upright dotted line at the period `at` (an action's start), labelled at its top; none for None."""
    if at is None:
        return []
    x = scale.x_at(at)
    return [f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{TOP}" y2="{HEIGHT - BOTTOM}" stroke="{look.INK}" '
            'stroke-width="1.5" stroke-dasharray="2 2"/>',
            f'<text x="{x + 3:.1f}" y="{TOP + 8}" fill="{look.INK}">Start</text>']


def sparkline_svg(history: Sequence[Figure], mark: int | None = None) -> str:
    """A small multiple as an SVG document: the actual as a line with each point's rating shape and colour,
    the target as a dashed step, the y range and the first and last period labelled; `mark` (a position in
    `history`) an upright dotted line there, labelled "Start"."""
    frame = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
             f'height="{HEIGHT}" font-family="{escape(look.FONT)}" font-size="{FONT_SIZE}" fill="{look.MUTED}">')
    actual = [figure.actual for figure in history]
    low, high = target_edges(history)
    figures = [v for v in actual + low + high if v is not None]
    if not figures:
        return frame + "</svg>"
    lowest, highest = min(figures), max(figures)
    pad = (highest - lowest) * 0.08 or 1  # a flat line sits in the middle
    scale = _Scale(len(actual), lowest - pad, highest + pad)
    return "".join([
        frame, *_labels(history, list(dict.fromkeys((highest, lowest))), scale.y_of),
        *_target_paths(scale, low, high), *_mark(scale, mark),
        f'<path d="{scale.path(actual, step=False)}" fill="none" stroke="{look.INK}" stroke-width="2"/>',
        *_markers(scale, history),
    ]) + "</svg>"


def sparkline_src(history: Sequence[Figure], mark: int | None = None) -> str:
    """The sparkline as a data: URL for an <img>, whose alt text then carries the chart's summary. The SVG goes
    as text, escaped only where a URL needs it: it compresses several times better than base64 would."""
    return "data:image/svg+xml," + quote(sparkline_svg(history, mark), safe=" /:=;,.'()-")


def sparkline_alt(history: Sequence[Figure], unit: str) -> str:
    """The sparkline's alt text: its story in words, the target line included ("Trend: From 41 days in Apr
    2008 to 38 days in Dec 2008; 9 figures rated 5 Red, 4 Amber. Target 33 days throughout.")."""
    target = target_summary(history, unit)
    return f"Trend: {trend_summary(history, unit)} {target[:1].upper()}{target[1:]}."
