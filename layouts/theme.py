"""How ratings and directions look: colour (Okabe-Ito, safe for colour-blind readers), shape and words.

A rating is never shown by colour alone: every badge carries its word and a shape, and every chart marker
a shape of its own."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Look:
    colour: str  # marker and shape colour
    glyph: str  # the shape in text
    marker: str  # the shape on a chart (plotly symbol)
    css: str  # class suffix


RATINGS: dict[str, Look] = {
    "Green": Look("#007a5a", "●", "circle", "green"),
    "Amber": Look("#b26b00", "▲", "triangle-up", "amber"),
    "Red": Look("#c2410c", "■", "square", "red"),
    "No target": Look("#595959", "◇", "diamond-open", "no-target"),
    "Data only": Look("#005a9c", "◆", "diamond", "data-only"),
    "No data": Look("#767676", "○", "circle-open", "no-data"),
}

DIRECTIONS: dict[str, tuple[str, str]] = {  # direction -> (glyph, css)
    "Improving": ("↗", "improving"),
    "No change": ("→", "no-change"),
    "Worsening": ("↘", "worsening"),
}

ACTION_STATUSES: dict[str, tuple[str, str]] = {
    "Complete": ("✓", "complete"),
    "On track": ("●", "on-track"),
    "Not started": ("○", "not-started"),
    "Behind": ("▲", "behind"),
    "Overdue": ("■", "overdue"),
}

INK = "#0b0c0c"
MUTED = "#505a5f"
GRID = "#dfe3e6"
TARGET = "#0b0c0c"
LAST_YEAR = "#6f777b"
TOLERANCE_FILL = "rgba(178, 107, 0, 0.14)"
BAND_FILL = "rgba(0, 122, 90, 0.12)"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif"
