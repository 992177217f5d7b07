"""Small building blocks shared by the pages: badges, figures in words, tables, links."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from dash import dcc, html

from data.answers import Figure
from data.rules import ActionStatus, Direction, Rating, Target
from layouts import ids
from layouts.look import ACTION_STATUSES, DIRECTIONS, RATINGS


def href(path: str, as_at: str | None) -> str:
    """A link that keeps the "as at" period chosen."""
    return f"{path}?{urlencode({'as_at': as_at})}" if as_at else path


def rating_badge(rating: Rating, *, small: bool = False) -> html.Span:
    """A rating as shape, word and colour together (never colour alone)."""
    look = RATINGS[rating]
    return html.Span([html.Span(look.glyph, className="badge__shape", **{"aria-hidden": "true"}), str(rating)],
                     className=f"badge rating rating--{look.css}" + (" badge--small" if small else ""))


def rating_text(rating: Rating) -> str:
    """A rating as text, its shape and its word: for tables of plain text."""
    return f"{RATINGS[rating].glyph} {rating}"


def direction_badge(direction: Direction | None, *, label: str = "") -> html.Span:
    """A direction of travel in words, with an arrow for those who scan."""
    if direction is None:
        return html.Span(f"{label}no comparison" if label else "No comparison", className="direction direction--none")
    glyph, css = DIRECTIONS[direction]
    return html.Span([html.Span(glyph, className="direction__arrow", **{"aria-hidden": "true"}),
                      f"{label}{direction.lower() if label else direction}"],
                     className=f"direction direction--{css}")


def status_badge(status: ActionStatus) -> html.Span:
    """An action's status as shape and word."""
    glyph, css = ACTION_STATUSES[status]
    return html.Span([html.Span(glyph, className="badge__shape", **{"aria-hidden": "true"}), str(status)],
                     className=f"badge status status--{css}")


def figure_text(value: float | None, unit: str = "") -> str:
    """A figure as a person would write it, with its unit."""
    if value is None:
        return "–"
    number = float(value)
    text = f"{number:,.0f}" if number.is_integer() else f"{number:,.2f}".rstrip("0").rstrip(".")
    if unit == "%":
        return f"{text}%"
    if unit == "£":
        return f"£{text}"
    return f"{text} {unit}".strip()


def target_text(target: Target | None, unit: str = "") -> str:
    """A period's target in words: one figure, a range, or none."""
    if target is None:
        return "no target"
    if target.low == target.high:
        return f"a target of {figure_text(target.low, unit)}"
    return f"a target range of {figure_text(target.low, unit)} to {figure_text(target.high, unit)}"


def trend_summary(history: Sequence[Figure], unit: str) -> str:
    """A chart's story in one sentence, for those who cannot see it."""
    known = [figure for figure in history if figure.actual is not None]
    if not known:
        return "No figures reported in this time."
    first, last = known[0], known[-1]
    if len(known) == 1:
        return f"One figure: {figure_text(last.actual, unit)} in {last.period.label} ({last.rating})."
    counts = Counter(figure.rating for figure in known)
    spread = ", ".join(f"{count} {rating}" for rating, count in counts.most_common())
    return (f"From {figure_text(first.actual, unit)} in {first.period.label} to {figure_text(last.actual, unit)} "
            f"in {last.period.label}; {len(known)} figures rated {spread}.")


def target_edges(history: Sequence[Figure]) -> tuple[list[float | None], list[float | None]]:
    """The target's lower and upper edges at each period (the same for a one-figure target; None where unset)."""
    low = [None if figure.target is None else figure.target.low for figure in history]
    high = [None if figure.target is None else figure.target.high for figure in history]
    return low, high


def _target_words(target: Target, unit: str) -> str:
    if target.low == target.high:
        return figure_text(target.low, unit)
    return f"{figure_text(target.low, unit)} to {figure_text(target.high, unit)}"


def target_summary(history: Sequence[Figure], unit: str) -> str:
    """The target line of a chart in words: "target 33 days throughout", "target moved from 35 days to 33
    days", "target range 10% to 15% throughout", "no target set"."""
    targets = [figure.target for figure in history if figure.target is not None]
    if not targets:
        return "no target set"
    kind = "target range" if any(target.low != target.high for target in targets) else "target"
    gaps = " where set" if len(targets) < len(history) else ""
    if len(set(targets)) == 1:
        return f"{kind} {_target_words(targets[0], unit)} throughout{gaps}"
    return f"{kind} moved from {_target_words(targets[0], unit)} to {_target_words(targets[-1], unit)}"


def percent(share: float | None) -> str:
    """A share as a whole percentage ("–" when there is none)."""
    return "–" if share is None else f"{share:.0%}"


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
