"""The whole organisation as a picture: a treemap of directorates and their services, drawn on the server as SVG.

Each directorate's rectangle holds its services', each sized by its indicators; a service's rectangle is split
into its ratings' shares, in rating order. A rating's share is filled with its colour and a repeating shape of
its own (the badges' shapes: ● ▲ ■ ◇ ◆ ○), so that colour is never alone; names are written where they fit
and where the picture is shown wide enough for them to be read (not on a phone: narrow_style), and the page gives
the picture's story in words and as a table. Like layouts/sparklines.py: not interactive,
so no charting library (the app's partial plotly.js has no treemap) and a few KB."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import quote

from data.answers import Part
from data.rules import Rating, RollUp
from layouts import look

WIDTH, HEIGHT = 960, 540
HEADER = 22  # a directorate's name band
LABEL = 18  # a service's name band
PAD = 3
FONT_SIZE = 12
MIN_TEXT = 12  # px: no name is drawn smaller; the picture hides its names where it is shown too narrow for that
CHAR = 0.6 * FONT_SIZE  # a character's width, near enough, to cut a name to its rectangle
TILE = 14  # the repeating shape's tile
NOT_IN_A_SERVICE = "Not in a service"
MOST_RED = 3  # services named in the summary


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle of the picture."""

    x: float
    y: float
    w: float
    h: float


@dataclass(frozen=True, slots=True)
class Block:
    """A service (or a directorate's indicators in none) as the picture draws it: its name and ratings."""

    name: str
    counts: dict[Rating, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _worst(areas: Sequence[float], side: float) -> float:
    """The worst aspect ratio of a row of areas laid along a side (squarified treemaps, Bruls et al. 2000)."""
    total = sum(areas)
    return max(max(side * side * area / (total * total), total * total / (side * side * area)) for area in areas)


def _lay_row(areas: Sequence[float], box: Box) -> tuple[list[Box], Box]:
    """A row of areas along the box's shorter side, and the box left over."""
    total = sum(areas)
    boxes = []
    if box.w >= box.h:  # a column at the left
        width = total / box.h
        y = box.y
        for area in areas:
            boxes.append(Box(box.x, y, width, area / width))
            y += area / width
        return boxes, Box(box.x + width, box.y, box.w - width, box.h)
    height = total / box.w
    x = box.x
    for area in areas:
        boxes.append(Box(x, box.y, area / height, height))
        x += area / height
    return boxes, Box(box.x, box.y + height, box.w, box.h - height)


def squarify(sizes: Sequence[float], box: Box) -> list[Box | None]:
    """A rectangle for each size (None for nothing to draw), areas in proportion, as near square as the
    squarified layout makes them; in the order of `sizes`."""
    order = sorted((i for i, size in enumerate(sizes) if size > 0), key=lambda i: -sizes[i])
    placed: list[Box | None] = [None] * len(sizes)
    total = sum(sizes[i] for i in order)
    if not order or box.w <= 0 or box.h <= 0:
        return placed
    scale = box.w * box.h / total
    rest = [(i, sizes[i] * scale) for i in order]
    while rest:
        side = min(box.w, box.h)
        row = [rest.pop(0)]
        while rest and _worst([a for _, a in row] + [rest[0][1]], side) <= _worst([a for _, a in row], side):
            row.append(rest.pop(0))
        boxes, box = _lay_row([a for _, a in row], box)
        for (i, _), laid in zip(row, boxes, strict=True):
            placed[i] = laid
    return placed


def split(box: Box, counts: dict[Rating, int]) -> list[tuple[Rating, Box]]:
    """A rectangle cut along its longer side into its ratings' shares, in rating order."""
    total = sum(counts.values())
    parts, start = [], 0.0
    for rating in Rating:
        if not counts.get(rating):
            continue
        share = counts[rating] / total
        if box.w >= box.h:
            parts.append((rating, Box(box.x + start * box.w, box.y, share * box.w, box.h)))
        else:
            parts.append((rating, Box(box.x, box.y + start * box.h, box.w, share * box.h)))
        start += share
    return parts


def blocks(directorate: Part) -> list[Block]:
    """A directorate's services as the picture draws them, and its indicators in no service as one more."""
    found = [Block(service.link.name, dict(service.roll_up.counts)) for service in directorate.parts]
    rest = {rating: max(0, directorate.roll_up.counts[rating] - sum(b.counts.get(rating, 0) for b in found))
            for rating in Rating}
    if any(rest.values()):
        found.append(Block(NOT_IN_A_SERVICE, rest))
    return found


def _fits(text: str, width: float) -> str:
    """The text cut to the width (with an ellipsis), or "" where not even a letter fits."""
    room = int((width - 6) // CHAR)
    if room < 2:
        return ""
    return text if len(text) <= room else text[:room - 1].rstrip() + "…"


def _shape(rating: Rating) -> str:
    """A rating's shape in white at the middle of its tile, filled or hollow as its badge's glyph is."""
    marker, c = look.RATINGS[rating].marker, TILE / 2
    paint = ('fill="none" stroke="white" stroke-width="1.4"' if marker.endswith("-open") else 'fill="white"')
    if marker.startswith("circle"):
        return f'<circle cx="{c}" cy="{c}" r="2.8" {paint}/>'
    if marker == "square":
        return f'<rect x="{c - 2.6}" y="{c - 2.6}" width="5.2" height="5.2" {paint}/>'
    if marker == "triangle-up":
        return f'<polygon points="{c},{c - 3.4} {c + 3.4},{c + 2.6} {c - 3.4},{c + 2.6}" {paint}/>'
    return f'<polygon points="{c},{c - 3.6} {c + 3.6},{c} {c},{c + 3.6} {c - 3.6},{c}" {paint}/>'  # diamonds


def pattern_id(rating: Rating) -> str:
    return f"rating-{look.RATINGS[rating].css}"


def _patterns() -> str:
    tiles = [f'<pattern id="{pattern_id(r)}" width="{TILE}" height="{TILE}" patternUnits="userSpaceOnUse">'
             f'<rect width="{TILE}" height="{TILE}" fill="{look.RATINGS[r].colour}"/>{_shape(r)}</pattern>'
             for r in Rating]
    return f"<defs>{''.join(tiles)}</defs>"


def _rect(box: Box, paint: str) -> str:
    return f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.w:.1f}" height="{box.h:.1f}" {paint}/>'


def _text(x: float, y: float, text: str, bold: bool = False) -> str:
    weight = ' font-weight="700"' if bold else ""
    return f'<text x="{x:.1f}" y="{y:.1f}"{weight}>{escape(text)}</text>' if text else ""


def _service(block: Block, box: Box) -> list[str]:
    """A service: its name and count in a white band where there is room, over its ratings' shares."""
    parts = []
    label = _fits(f"{block.name} ({block.total})", box.w) if box.h >= 2 * LABEL and box.w >= 40 else ""
    shares = Box(box.x, box.y + LABEL, box.w, box.h - LABEL) if label else box
    if label:
        parts += [_rect(Box(box.x, box.y, box.w, LABEL), 'fill="white"'),
                  _text(box.x + 3, box.y + LABEL - 5, label)]
    parts += [_rect(share, f'fill="url(#{pattern_id(rating)})" stroke="white" stroke-width="1"')
              for rating, share in split(shares, block.counts)]
    parts.append(_rect(box, f'fill="none" stroke="{look.INK}" stroke-width="1"'))
    return parts


def _directorate(directorate: Part, box: Box) -> list[str]:
    """A directorate: a framed rectangle with its name at the top and its services inside."""
    name = _fits(f"{directorate.link.name} ({directorate.roll_up.total})", box.w)
    header = HEADER if name and box.h >= 2 * HEADER + LABEL else 0
    parts = [_rect(box, f'fill="white" stroke="{look.INK}" stroke-width="2"')]
    if header:
        parts.append(_text(box.x + 4, box.y + HEADER - 6, name, bold=True))
    inner = Box(box.x + PAD, box.y + (header or PAD), box.w - 2 * PAD, box.h - (header or PAD) - PAD)
    found = blocks(directorate)
    for block, service_box in zip(found, squarify([b.total for b in found], inner), strict=True):
        if service_box is not None:
            parts += _service(block, service_box)
    return parts


def narrow_style() -> str:
    """The picture's own stylesheet: shown narrower than the width at which its names are MIN_TEXT px (on a
    phone, scaled to about a third), it leaves them out rather than draw them too small to read; the page's
    summary and table twin name every part. Inside an <img>, a media query measures the picture as shown."""
    narrowest = WIDTH * MIN_TEXT / FONT_SIZE  # shown at this width, FONT_SIZE is MIN_TEXT px
    return f"<style>@media (max-width: {narrowest - 0.02:g}px) {{ text {{ display: none; }} }}</style>"


def organisation_svg(directorates: Sequence[Part]) -> str:
    """The treemap as an SVG document: directorates, their services inside, each split by its ratings; its
    names only where they are shown at MIN_TEXT px or more (narrow_style)."""
    frame = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
             f'height="{HEIGHT}" font-family="{escape(look.FONT)}" font-size="{FONT_SIZE}" fill="{look.INK}">')
    parts = [frame, narrow_style(), _patterns()]
    boxes = squarify([d.roll_up.total for d in directorates], Box(1, 1, WIDTH - 2, HEIGHT - 2))
    for directorate, box in zip(directorates, boxes, strict=True):
        if box is not None:
            parts += _directorate(directorate, box)
    return "".join(parts) + "</svg>"


def organisation_src(directorates: Sequence[Part]) -> str:
    """The treemap as a data: URL for an <img> (whose alt text and the page carry its story)."""
    return "data:image/svg+xml," + quote(organisation_svg(directorates), safe=" /:=;,.'()-")


def _counted(counts: dict[Rating, int]) -> str:
    return ", ".join(f"{counts[r]} {r}" for r in Rating if counts.get(r))


def organisation_summary(directorates: Sequence[Part], council: RollUp) -> str:
    """The picture's story in words: how many indicators where, their ratings, and the services with the most
    Red (by count, then share)."""
    services = [block for d in directorates for block in blocks(d) if block.name != NOT_IN_A_SERVICE]
    served = sum(len(d.parts) for d in directorates)
    if not council.total:
        return f"No indicator is reported in the {len(directorates)} directorates at this period."
    head = (f"{council.total} indicators in {len(directorates)} directorates and {served} services: "
            f"{_counted(council.counts)}.")
    red = sorted((b for b in services if b.counts.get(Rating.RED)),
                 key=lambda b: (-b.counts[Rating.RED], -b.counts[Rating.RED] / b.total, b.name))[:MOST_RED]
    if not red:
        return f"{head} No service has a Red indicator."
    named = "; ".join(f"{b.name}, {b.counts[Rating.RED]} of {b.total}" for b in red)
    return f"{head} Most Red: {named}."
