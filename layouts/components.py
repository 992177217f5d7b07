"""Small building blocks shared by the pages: badges, figures in words, tables, links."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

import pandas as pd
from dash import dcc, html

from data.rules import Rating
from layouts import ids
from layouts.look import ACTION_STATUSES, DIRECTIONS, RATINGS


def href(path: str, as_at: str | None) -> str:
    """A link that keeps the "as at" period chosen."""
    return f"{path}?{urlencode({'as_at': as_at})}" if as_at else path


def rating_badge(rating: str, *, small: bool = False) -> html.Span:
    """A rating as shape, word and colour together (never colour alone)."""
    look = RATINGS.get(rating, RATINGS[Rating.NO_DATA])
    return html.Span([html.Span(look.glyph, className="badge__shape", **{"aria-hidden": "true"}), rating],
                     className=f"badge rating rating--{look.css}" + (" badge--small" if small else ""))


def rating_text(rating: str) -> str:
    """A rating as text, its shape and its word: for tables of plain text."""
    return f"{RATINGS.get(rating, RATINGS[Rating.NO_DATA]).glyph} {rating}"


def direction_badge(direction: str | None, *, label: str = "") -> html.Span:
    """A direction of travel in words, with an arrow for those who scan."""
    if not direction:
        return html.Span(f"{label}no comparison" if label else "No comparison", className="direction direction--none")
    glyph, css = DIRECTIONS[direction]
    return html.Span([html.Span(glyph, className="direction__arrow", **{"aria-hidden": "true"}),
                      f"{label}{direction.lower() if label else direction}"],
                     className=f"direction direction--{css}")


def status_badge(status: str) -> html.Span:
    glyph, css = ACTION_STATUSES[status]
    return html.Span([html.Span(glyph, className="badge__shape", **{"aria-hidden": "true"}), status],
                     className=f"badge status status--{css}")


def figure_text(value: Any, unit: str = "") -> str:
    """A figure as a person would write it, with its unit."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    number = float(value)
    text = f"{number:,.0f}" if number.is_integer() else f"{number:,.2f}".rstrip("0").rstrip(".")
    if unit == "%":
        return f"{text}%"
    if unit == "£":
        return f"£{text}"
    return f"{text} {unit}".strip()


def target_text(low: Any, high: Any, unit: str = "") -> str:
    """A period's target in words: one figure, a range, or none."""
    if low is None or (isinstance(low, float) and math.isnan(low)):
        return "no target"
    if low == high:
        return f"a target of {figure_text(low, unit)}"
    return f"a target range of {figure_text(low, unit)} to {figure_text(high, unit)}"


def trend_summary(history: pd.DataFrame, unit: str) -> str:
    """A chart's story in one sentence, for those who cannot see it."""
    known = [(period, actual, rating) for period, actual, rating
             in zip(history["period"], history["actual"], history["rating"], strict=True)
             if actual is not None and actual == actual]  # NaN is not equal to itself
    if not known:
        return "No figures reported in this time."
    (first_period, first, _), (last_period, last, last_rating) = known[0], known[-1]
    if len(known) == 1:
        return f"One figure: {figure_text(last, unit)} in {last_period} ({last_rating})."
    counts = Counter(rating for _, _, rating in known)
    spread = ", ".join(f"{count} {rating}" for rating, count in counts.most_common())
    return (f"From {figure_text(first, unit)} in {first_period} to {figure_text(last, unit)} in {last_period}; "
            f"{len(known)} figures rated {spread}.")


def _known(value: Any) -> bool:
    return value is not None and not (isinstance(value, float) and math.isnan(value))


def _target_words(low: Any, high: Any, unit: str) -> str:
    return figure_text(low, unit) if low == high else f"{figure_text(low, unit)} to {figure_text(high, unit)}"


def target_summary(history: pd.DataFrame, unit: str) -> str:
    """The target line of a chart in words: "target 33 days throughout", "target moved from 35 days to 33
    days", "target range 10% to 15% throughout", "no target set"."""
    if history.empty:
        return "no target set"
    targets = [(low, high) for low, high in zip(history["target_low"], history["target_high"], strict=True)
               if _known(low)]
    if not targets:
        return "no target set"
    kind = "target range" if any(low != high for low, high in targets) else "target"
    (first_low, first_high), (last_low, last_high) = targets[0], targets[-1]
    gaps = " where set" if len(targets) < len(history) else ""
    if len(set(targets)) == 1:
        return f"{kind} {_target_words(first_low, first_high, unit)} throughout{gaps}"
    return (f"{kind} moved from {_target_words(first_low, first_high, unit)} to "
            f"{_target_words(last_low, last_high, unit)}")


def percent(share: float | None) -> str:
    return "–" if share is None or (isinstance(share, float) and math.isnan(share)) else f"{share:.0%}"


def table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[Any]], *, numeric: Sequence[int] = (),
          class_name: str = "", caption_hidden: bool = False) -> html.Div:
    """A semantic table with a caption and column headers; wide tables scroll inside a focusable region."""
    head = html.Thead(html.Tr([html.Th(h, scope="col", className="num" if i in numeric else None)
                               for i, h in enumerate(headers)]))
    body = html.Tbody([html.Tr([html.Td(cell, className="num" if i in numeric else None)
                                for i, cell in enumerate(row)]) for row in rows])
    caption_element = html.Caption(caption, className="visually-hidden" if caption_hidden else None)
    return html.Div(html.Table([caption_element, head, body], className=f"data-table {class_name}".strip()),
                    className="table-scroll", tabIndex="0", role="region", **{"aria-label": caption})


# dcc.Markdown's parser (remark, GFM) honours backslash escapes for these characters only
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|~])")
_LOCAL_LINK = re.compile(r"^/[A-Za-z0-9/_.?=&%-]*$")


def markdown_text(text: Any) -> str:
    """Text for a Markdown table cell, shown as written: markup characters backslash-escaped, '&' written as
    an entity (so '&amp;' stays as typed), ':' too (so 'http://…' is not made a link), and line breaks (which
    would end the row) as spaces. Raw HTML is shown as text by dcc.Markdown itself."""
    escaped = _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return escaped.replace("&", "&amp;").replace(":", "&#58;")


def _markdown_cell(cell: str | tuple[str, str]) -> str:
    if isinstance(cell, tuple):  # (text, a link within the dashboard)
        text, link = cell
        if not _LOCAL_LINK.match(link):
            raise ValueError(f"not a link within the dashboard: {link!r}")
        return f"[{markdown_text(text)}]({link})"
    return markdown_text(cell)


def text_table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[str | tuple[str, str]]], *,
               numeric: Sequence[int] = ()) -> html.Div:
    """A table of plain text (a cell may be a (text, local link) pair) as one component: Markdown with no
    HTML allowed. For long tables drawn by a callback, which Dash 4 otherwise turns into a component per
    cell, each mounted with a store update that every other component on the page re-checks (a 60-row
    table took 3.5 s to appear; as one component, 0.3 s)."""
    align = ["---:" if i in numeric else "---" for i in range(len(headers))]
    lines = ["| " + " | ".join(markdown_text(h) for h in headers) + " |", "| " + " | ".join(align) + " |"]
    lines += ["| " + " | ".join(_markdown_cell(cell) for cell in row) + " |" for row in rows]
    return html.Div([html.P(caption, className="data-table__caption"),
                     dcc.Markdown("\n".join(lines), className="data-table", dangerously_allow_html=False)],
                    className="table-scroll", tabIndex="0", role="region", **{"aria-label": caption})


def on_demand(summary: str, section: str) -> html.Details:
    """A closed <details> whose body is drawn when it is first opened. A table twin of hundreds of cells
    costs the browser more than the rest of its page (Dash re-checks every component on every update), so
    it is sent only to those who open it."""
    return html.Details([
        html.Summary(summary, id={"type": ids.SECTION_OPEN, "section": section}),
        html.Div(html.P("Loading…", className="muted"), id={"type": ids.SECTION_BODY, "section": section}),
    ], className="on-demand")


def key_figure(value: str, label: str, detail: str = "") -> html.Div:
    return html.Div([html.P(value, className="key-figure__value"), html.P(label, className="key-figure__label"),
                     html.P(detail, className="key-figure__detail") if detail else None], className="key-figure")


def notice(text: str, kind: str = "info") -> html.Div:
    return html.Div(html.P(text), className=f"notice notice--{kind}", role="status")


def empty(text: str) -> html.P:
    return html.P(text, className="empty")
