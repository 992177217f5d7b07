"""Sparklines as small SVG pictures, drawn on the server.

A basket's small multiples are static (nothing to hover or zoom), so they need no charting library in the
browser: up to 24 Plotly charts would cost a page 300 KiB of script and about a second of drawing, where
these cost 1-2 KB each and draw at once. The indicator page keeps the interactive Plotly trend."""

from __future__ import annotations

from base64 import b64encode
from collections.abc import Sequence
from html import escape

from data.answers import Figure
from layouts import look
from layouts.components import target_summary, trend_summary

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


def _targets(history: Sequence[Figure]) -> tuple[list[float | None], list[float | None]]:
    """The target's lower and upper edges at each period (the same for a one-figure target)."""
    low = [None if figure.target is None else figure.target.low for figure in history]
    high = [None if figure.target is None else figure.target.high for figure in history]
    return low, high


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


def sparkline_svg(history: Sequence[Figure]) -> str:
    """A small multiple as an SVG document: the actual as a line with each point's rating shape and colour,
    the target as a dashed step, the y range and the first and last period labelled."""
    frame = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
             f'height="{HEIGHT}" font-family="{escape(look.FONT)}" font-size="{FONT_SIZE}" fill="{look.MUTED}">')
    actual = [figure.actual for figure in history]
    low, high = _targets(history)
    figures = [v for v in actual + low + high if v is not None]
    if not figures:
        return frame + "</svg>"
    lowest, highest = min(figures), max(figures)
    pad = (highest - lowest) * 0.08 or 1  # a flat line sits in the middle
    bottom, top = lowest - pad, highest + pad
    count = len(actual)
    plot_width, plot_height = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_at(i: int) -> float:
        return LEFT + (plot_width * i / (count - 1) if count > 1 else plot_width / 2)

    def y_of(value: float) -> float:
        return TOP + plot_height * (top - value) / (top - bottom)

    def y_at(value: float | None) -> float | None:
        return None if value is None else y_of(value)

    parts = [frame, *_labels(history, list(dict.fromkeys((highest, lowest))), y_of)]
    dashed = f'fill="none" stroke="{look.TARGET}" stroke-width="1.5" stroke-dasharray="5 3"'
    for target in (low, high) if low != high else (low,):
        path = _path([(x_at(i), y_at(v)) for i, v in enumerate(target)], step=True)
        if path:
            parts.append(f'<path d="{path}" {dashed}/>')
    line = _path([(x_at(i), y_at(v)) for i, v in enumerate(actual)], step=False)
    parts.append(f'<path d="{line}" fill="none" stroke="{look.INK}" stroke-width="2"/>')
    for i, (value, figure) in enumerate(zip(actual, history, strict=True)):
        if value is not None:
            seen = look.RATINGS[figure.rating]
            parts.append(_marker(seen.marker, x_at(i), y_of(value), seen.colour))
    return "".join(parts) + "</svg>"


def sparkline_src(history: Sequence[Figure]) -> str:
    """The sparkline as a data: URL for an <img>, whose alt text then carries the chart's summary."""
    return "data:image/svg+xml;base64," + b64encode(sparkline_svg(history).encode()).decode()


def sparkline_alt(history: Sequence[Figure], unit: str) -> str:
    """The sparkline's alt text: its story in words, the target line included ("Trend: From 41 days in Apr
    2008 to 38 days in Dec 2008; 9 figures rated 5 Red, 4 Amber. Target 33 days throughout.")."""
    target = target_summary(history, unit)
    return f"Trend: {trend_summary(history, unit)} {target[:1].upper()}{target[1:]}."
