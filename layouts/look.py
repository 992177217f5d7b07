"""How ratings and directions look: colour (Okabe-Ito, safe for colour-blind readers), shape and words.

A rating is never shown by colour alone: every badge carries its word and a shape, and every chart marker
a shape of its own."""

from __future__ import annotations

from dataclasses import dataclass

from data.rules import ActionStatus, Direction, Rating


@dataclass(frozen=True)
class Look:
    """How one rating looks."""

    colour: str  # marker and shape colour
    glyph: str  # the shape in text
    marker: str  # the shape on a chart (plotly symbol)
    css: str  # class suffix


RATINGS: dict[Rating, Look] = {
    Rating.GREEN: Look("#007a5a", "●", "circle", "green"),
    Rating.AMBER: Look("#b26b00", "▲", "triangle-up", "amber"),
    Rating.RED: Look("#c2410c", "■", "square", "red"),
    Rating.NO_TARGET: Look("#595959", "◇", "diamond-open", "no-target"),
    Rating.DATA_ONLY: Look("#005a9c", "◆", "diamond", "data-only"),
    Rating.NO_DATA: Look("#767676", "○", "circle-open", "no-data"),
}

DIRECTIONS: dict[Direction, tuple[str, str]] = {  # direction -> (glyph, css)
    Direction.IMPROVING: ("↗", "improving"),
    Direction.NO_CHANGE: ("→", "no-change"),
    Direction.WORSENING: ("↘", "worsening"),
}

ACTION_STATUSES: dict[ActionStatus, tuple[str, str]] = {
    ActionStatus.COMPLETE: ("✓", "complete"),
    ActionStatus.ON_TRACK: ("●", "on-track"),
    ActionStatus.NOT_STARTED: ("○", "not-started"),
    ActionStatus.BEHIND: ("▲", "behind"),
    ActionStatus.OVERDUE: ("■", "overdue"),
}

INK = "#0b0c0c"
MUTED = "#505a5f"
GRID = "#dfe3e6"
TARGET = "#0b0c0c"
LAST_YEAR = "#6f777b"
TOLERANCE_FILL = "rgba(178, 107, 0, 0.14)"
BAND_FILL = "rgba(0, 122, 90, 0.12)"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
