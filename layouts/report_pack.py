"""The committee report pack as one accessible HTML file (issue 13): what goes to Cabinet or to scrutiny, and
the PDF made from it (dashboard/pdf.py).

Pure: a data.report.ReportPack in, a complete HTML5 document out, with no script and no outside resource (it
is published on the council's website and printed into agenda packs). Every piece of the pack's text is
escaped here, never trusted as markup. The same pack always gives the same bytes: nothing in it depends on
when it was drawn, only on the pack (a frozen pack's date is the pack's own)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import NamedTuple

from data.importer import slugify
from data.periods import short_day
from data.report import (
    Audience,
    PackAction,
    PackBasket,
    PackFigure,
    PackHeadlines,
    PackQuestion,
    PackRollUp,
    PackSuccess,
    PackUnderPerformer,
    ReportPack,
    data_version_words,
)
from data.rules import SUSTAINED_PERIODS, ActionStatus, Direction, Rating, Target
from layouts import look
from layouts.components import figure_text, target_text
from layouts.rules_text import POLARITY_TEXT
from layouts.underperformance import NO_FORECAST, why_listed

# The pages' badge colours (assets/style.css: text colours that meet AA contrast on their backgrounds); the
# shapes and the pictures' marker colours come from layouts/look.py.
STYLE = """
:root { --ink: #0b0c0c; --muted: #505a5f; --line: #b1b4b6; --panel: #f3f2f1; --brand: #1d3b5c;
  --green: #007a5a; --green-bg: #e3f4ee; --amber: #8a5300; --amber-bg: #fdf0d9; --red: #b3300a;
  --red-bg: #fbe6df; --grey-bg: #eeefef; --blue: #005a9c; --blue-bg: #e2eef8; }
body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif; color: var(--ink);
  background: #fff; line-height: 1.45; margin: 0 auto; padding: 1rem; max-width: 72rem; }
h1 { font-size: 1.8rem; margin: 0 0 0.5rem; color: var(--brand); string-set: doctitle content(); }
h2 { font-size: 1.4rem; margin: 2rem 0 0.5rem; border-bottom: 2px solid var(--brand); }
h3 { font-size: 1.15rem; margin: 1.5rem 0 0.4rem; }
.muted { color: var(--muted); }
.code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.9em; background: var(--panel);
  padding: 0 0.25em; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.5rem 0 1rem; }
.facts dt { font-weight: 600; }
.facts dd { margin: 0; }
.frozen { border-left: 6px solid var(--brand); background: var(--panel); padding: 0.5rem 1rem; font-weight: 600; }
.notice { border-left: 6px solid var(--muted); padding: 0.25rem 1rem; }
.table-scroll { overflow-x: auto; margin: 0.5rem 0 1rem; }
.table-scroll:focus { outline: 3px solid var(--ink); outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
caption { text-align: left; font-weight: 600; padding: 0.3rem 0; }
th, td { text-align: left; padding: 0.35rem 0.5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { background: var(--panel); }
.num { text-align: right; }
.badge { display: inline-block; border: 2px solid currentColor; border-radius: 0.25rem; padding: 0 0.35em;
  font-weight: 600; white-space: nowrap; }
.rating--green { color: var(--green); background: var(--green-bg); }
.rating--amber { color: var(--amber); background: var(--amber-bg); }
.rating--red { color: var(--red); background: var(--red-bg); }
.rating--no-target { color: #3b3b3b; background: var(--grey-bg); border-style: dashed; }
.rating--data-only { color: var(--blue); background: var(--blue-bg); }
.rating--no-data { color: #4a4a4a; background: #fff; border-style: dotted; }
.status--complete, .status--on-track { color: var(--green); background: var(--green-bg); }
.status--behind { color: var(--amber); background: var(--amber-bg); }
.status--overdue { color: var(--red); background: var(--red-bg); }
.status--not-started { color: #3b3b3b; background: var(--grey-bg); }
.direction--improving { color: var(--green); font-weight: 600; }
.direction--worsening { color: var(--red); font-weight: 600; }
.direction--no-change, .direction--none { color: var(--muted); }
.unmanaged { color: var(--red); font-weight: 700; }
.trend svg { display: block; }
.trend__text { font-size: 0.85em; color: var(--muted); margin: 0.2rem 0 0; max-width: 16rem; }
ul.plain { padding-left: 1.2rem; margin: 0.2rem 0; }
.contents ol { margin: 0.2rem 0; padding-left: 1.5rem; }
.contents li { margin: 0.2rem 0; }
.contents a { color: var(--blue); display: inline-block; min-height: 24px; }
.contents a:focus { outline: 3px solid var(--ink); outline-offset: 2px; }
.contents h2 { bookmark-level: none; }
@media screen and (max-width: 40rem) { body { padding: 0.5rem; } .facts { grid-template-columns: 1fr; } }
ul.counts { list-style: none; padding: 0; margin: 0.4rem 0; }
ul.counts li { display: inline-block; margin: 0 0.9rem 0.3rem 0; }
.twins .table-scroll { display: inline-block; vertical-align: top; width: 16rem; margin-right: 1rem; }
@page { size: A4; margin: 18mm 14mm 20mm;
  @top-left { content: string(doctitle); font: 8pt Arial, sans-serif; color: #505a5f; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt Arial, sans-serif;
    color: #505a5f; } }
@media print {
  body { max-width: none; padding: 0; font-size: 9.5pt; }
  table { font-size: 8.5pt; }
  .table-scroll { overflow: visible; }
  .trend svg { width: 120px; height: 36px; }
  thead { display: table-header-group; }
  tr, .trend, li { break-inside: avoid; }
  h2, h3, caption, .lead, ul.counts { break-after: avoid; }
  .contents { break-after: page; }
  .contents a { color: var(--ink); text-decoration: none; }
  .contents a::after { content: ", page " target-counter(attr(href url), page); color: var(--muted); }
}
"""

WIDTH, HEIGHT, PAD = 160, 48, 6  # the small trend picture, in CSS pixels


def _t(text: object) -> str:
    """Any text of the pack's, safe as an element's content or an attribute's value."""
    return escape(str(text), quote=True)


def _attrs(attrs: dict[str, str | None]) -> str:
    return "".join(f' {name.rstrip("_").replace("_", "-")}="{_t(value)}"'
                   for name, value in attrs.items() if value is not None)


def _el(name: str, *content: str, **attrs: str | None) -> str:
    """An element around content already made safe (escaped text or elements made here)."""
    return f"<{name}{_attrs(attrs)}>{''.join(content)}</{name}>"


def rating_html(rating: Rating) -> str:
    """A rating as shape, word and colour together (never colour alone), as the pages' badges."""
    shown = look.RATINGS[rating]
    return _el("span", _el("span", _t(shown.glyph), aria_hidden="true"), " ", _t(rating),
               class_=f"badge rating--{shown.css}")


def status_html(status: ActionStatus) -> str:
    """An action's status as shape and word."""
    glyph, css = look.ACTION_STATUSES[status]
    return _el("span", _el("span", _t(glyph), aria_hidden="true"), " ", _t(status), class_=f"badge status--{css}")


def direction_html(direction: Direction | None) -> str:
    """A direction of travel in words, with an arrow for those who scan."""
    if direction is None:
        return _el("span", "No comparison", class_="direction--none")
    glyph, css = look.DIRECTIONS[direction]
    return _el("span", _el("span", _t(glyph), aria_hidden="true"), " ", _t(direction), class_=f"direction--{css}")


def _target(figure: PackFigure) -> Target | None:
    if figure.target_low is None or figure.target_high is None:
        return None
    return Target(figure.target_low, figure.target_high)


def figure_words(figure: PackFigure) -> str:
    """The shown figure with its period, marked provisional where it is."""
    if figure.actual is None:
        return f"No figure for {figure.period}"
    provisional = " (provisional)" if figure.provisional else ""
    return f"{figure_text(figure.actual, figure.unit)} in {figure.period}{provisional}"


def trend_words(figure: PackFigure) -> str:
    """The small picture's story in one sentence, for those who cannot see it."""
    known = [(label, value) for label, value in figure.trend if value is not None]
    if not known:
        return "Trend: no figures reported in this time."
    (first, start), (last, end) = known[0], known[-1]
    if len(known) == 1:
        return f"Trend: one figure, {figure_text(end, figure.unit)} in {last}."
    return (f"Trend: from {figure_text(start, figure.unit)} in {first} to {figure_text(end, figure.unit)} in "
            f"{last}, {len(known)} figures; {target_text(_target(figure), figure.unit)}.")


def _scale(values: Sequence[float]) -> tuple[float, float]:
    """The figures at the picture's bottom and top edges (a flat line sits in the middle)."""
    lowest, highest = min(values), max(values)
    pad = (highest - lowest) * 0.1 or 1
    return lowest - pad, highest + pad


def _points(figure: PackFigure, bottom: float, top: float) -> list[tuple[float, float] | None]:
    count = len(figure.trend)
    step = (WIDTH - 2 * PAD) / (count - 1) if count > 1 else 0
    return [None if value is None else
            (PAD + step * i if count > 1 else WIDTH / 2, PAD + (HEIGHT - 2 * PAD) * (top - value) / (top - bottom))
            for i, (_, value) in enumerate(figure.trend)]


def _line(points: list[tuple[float, float] | None]) -> str:
    """The actual as a line, broken where a figure is missing, with a dot at every figure."""
    path, joined = [], False
    for point in points:
        if point is not None:
            path.append(f"{'L' if joined else 'M'}{point[0]:.1f},{point[1]:.1f}")
        joined = point is not None
    dots = "".join(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{look.INK}"/>'
                   for x, y in (point for point in points if point is not None))
    return f'<path d="{" ".join(path)}" fill="none" stroke="{look.INK}" stroke-width="1.5"/>{dots}'


def _last_marker(figure: PackFigure, points: list[tuple[float, float] | None]) -> str:
    """The shown figure's rating shape and colour on its point (the same shapes as the pages' charts)."""
    if points[-1] is None:
        return ""
    x, y = points[-1]
    shown = look.RATINGS[figure.rating]
    return (f'<text x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle" font-size="12" '
            f'fill="{shown.colour}">{_t(shown.glyph)}</text>')


def trend_svg(figure: PackFigure) -> str:
    """The trend as a small inline picture: the actual's line, the target as a dashed line, the shown rating's
    shape at the end; named by its story in words (role img)."""
    target = _target(figure)
    values = [value for _, value in figure.trend if value is not None]
    edges = [] if target is None else sorted({target.low, target.high})
    frame = (f'<svg role="img" aria-label="{_t(trend_words(figure))}" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}">')
    if not values:
        return frame + "</svg>"
    bottom, top = _scale(values + edges)
    points = _points(figure, bottom, top)
    targets = "".join(
        f'<line x1="{PAD}" x2="{WIDTH - PAD}" y1="{y:.1f}" y2="{y:.1f}" stroke="{look.TARGET}" '
        f'stroke-dasharray="4 3"/>' for y in (PAD + (HEIGHT - 2 * PAD) * (top - edge) / (top - bottom)
                                            for edge in edges))
    return frame + targets + _line(points) + _last_marker(figure, points) + "</svg>"


def trend_cell(figure: PackFigure) -> str:
    """The small picture with its story beside it as text."""
    return _el("div", trend_svg(figure), _el("p", _t(trend_words(figure)), class_="trend__text"), class_="trend")


# --- tables --------------------------------------------------------------------------------------------------

def table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[str]], *, numeric: Sequence[int] = ()) -> str:
    """A table with a caption, column headers and each row's first cell its row header; cells are markup made
    here. Wide tables scroll inside a named, focusable region on screen."""
    head = _el("tr", *(_el("th", _t(name), scope="col", class_="num" if i in numeric else None)
                       for i, name in enumerate(headers)))
    body = "".join(_el("tr", _el("th", row[0], scope="row"),
                       *(_el("td", cell, class_="num" if i in numeric else None)
                         for i, cell in enumerate(row[1:], start=1))) for row in rows)
    return _el("div", _el("table", _el("caption", _t(caption)), _el("thead", head), _el("tbody", body)),
               class_="table-scroll", tabindex="0", role="region", aria_label=caption)


def _named(code: str, title: str) -> str:
    return _el("span", _t(code), class_="code") + " " + _t(title)


def _who(directorate: str, owner: str | None) -> str:
    return _t(directorate) + "<br>" + _el("span", _t(f"Owner: {owner or 'not named'}"), class_="muted")


def _figure_cell(figure: PackFigure) -> str:
    late = "" if figure.late is None else "<br>" + _el("strong", _t(figure.late))
    return _t(figure_words(figure)) + late


class Section(NamedTuple):
    """One of the pack's sections: its id, its heading (text) and its body (markup made here), and the parts the
    contents lists under it (id and name: the priorities)."""

    anchor: str
    heading: str
    body: str
    parts: tuple[tuple[str, str], ...] = ()


# --- the sections ------------------------------------------------------------------------------------------

def _front(pack: ReportPack) -> str:
    facts = [("Council", pack.council), ("Period", pack.period), ("As at", pack.as_at),
             ("Data version", data_version_words(pack.data_version))]
    if pack.scope is not None:
        facts.insert(1, (str(pack.scope.kind).capitalize(), pack.scope.name))
    frozen = "" if pack.frozen is None else _el(
        "p", _t(pack.frozen.line), class_="frozen")
    notice = "" if pack.notice is None else _el("p", _t(pack.notice), class_="notice")
    return _el("header", _el("h1", _t(pack.title)), frozen, notice,
               _el("dl", *(_el("dt", _t(name)) + _el("dd", _t(value)) for name, value in facts), class_="facts"))


def _sentence(text: str) -> str:
    """A roll-up's words (rules.RollUp) as a sentence of their own."""
    return _el("p", _t(f"{text[:1].upper()}{text[1:]}."), class_="lead")


def _counts(roll_up: PackRollUp) -> str:
    return _el("ul", *(_el("li", rating_html(rating), f" {count}") for rating, count in roll_up.counts),
               class_="counts", aria_label="Indicators by rating")


def _headlines(pack: ReportPack) -> Section:
    numbers: PackHeadlines = pack.headlines
    rows = [("Indicators reported", numbers.indicators), ("Under-performing", numbers.under_performing),
            ("Under-performing with no open remedial action", numbers.unmanaged),
            ("Returns late", numbers.late), ("Actions overdue", numbers.actions_overdue),
            ("Actions behind", numbers.actions_behind)]
    return Section("headlines", "Headlines", _sentence(numbers.roll_up.text) + _counts(numbers.roll_up)
                   + table(f"Headline figures at {pack.as_at}", ("Measure", "Number"),
                           [(_t(name), _t(value)) for name, value in rows], numeric=(1,)))


def _directions(figure: PackFigure) -> str:
    return ("Short term: " + direction_html(figure.short_term) + "<br>Long term: "
            + direction_html(figure.long_term))


def _basket_row(figure: PackFigure) -> list[str]:
    return [_named(figure.code, figure.title) + "<br>" + _el("span", _t(figure.directorate), class_="muted"),
            _figure_cell(figure) + "<br>" + _el("span", _t(target_text(_target(figure), figure.unit)),
                                                 class_="muted")
            + "<br>" + _el("span", _t(POLARITY_TEXT[figure.polarity]), class_="muted"),
            rating_html(figure.rating) + _el("p", _t(figure.rating_text), class_="trend__text"),
            _directions(figure), trend_cell(figure)]


def _basket(pack: ReportPack, basket: PackBasket, anchor: str) -> str:
    headers = ("Indicator and directorate", "Figure and target", "Rating", "Direction of travel", "Trend")
    rows = [_basket_row(figure) for figure in basket.figures]
    return _el("h3", _t(basket.priority), id=anchor) + _sentence(basket.roll_up.text) + _counts(basket.roll_up) + (
        table(f"{basket.priority}: indicators at {pack.as_at}", headers, rows) if rows
        else _el("p", "No indicator in this priority's basket.", class_="muted"))


def priority_ids(baskets: Sequence[PackBasket]) -> list[str]:
    """Each priority's id in the pack: 'priority-' and its slug, stable from one drawing to the next, and made
    unique by a number where two would be the same."""
    found: list[str] = []
    for basket in baskets:
        base = f"priority-{slugify(basket.slug)}"
        anchor, number = base, 1
        while anchor in found:
            number += 1
            anchor = f"{base}-{number}"
        found.append(anchor)
    return found


def _baskets(pack: ReportPack) -> Section:
    anchors = priority_ids(pack.baskets)
    return Section("priorities", "Priorities",
                   "".join(_basket(pack, basket, anchor) for basket, anchor in zip(pack.baskets, anchors, strict=True)),
                   tuple((anchor, basket.priority) for basket, anchor in zip(pack.baskets, anchors, strict=True)))


def reasons_words(under: PackUnderPerformer) -> list[str]:
    """Why it is listed, in the rules' own words (as the under-performance page), a late return first."""
    return why_listed(under.figure.late, under.reasons)


def _action_item(action: PackAction) -> str:
    note = "" if action.note is None else "<br>" + _el("span", _t(f"Latest note: {action.note}"), class_="muted")
    return _el("li", _named(action.ref, action.title), "<br>",
               _t(f"Progress {action.progress:.0f}%, due {short_day(action.due)} "), status_html(action.status),
               note)


def _others(under: PackUnderPerformer) -> str:
    """The open actions of other kinds linked to it, worded as the under-performance page words them: there, but
    not remedial, so it is still unmanaged."""
    if not under.others:
        return ""
    listed = ", ".join(f"{_el('span', _t(action.ref), class_='code')} {_t(f'({action.kind}, {action.status})')}"
                       for action in under.others)
    return _el("p", "Other open actions, not remedial: ", listed, class_="muted")


def _actions_cell(under: PackUnderPerformer) -> str:
    if not under.actions:
        return _el("strong", "No remedial action linked", class_="unmanaged") + _others(under)
    none_open = _el("p", "None open: every one linked is complete.", class_="unmanaged") if under.unmanaged else ""
    return none_open + _el("ul", *(_action_item(action) for action in under.actions), class_="plain") + _others(under)


def _forecast_cell(under: PackUnderPerformer) -> str:
    if under.forecast is None:
        return _el("span", _t(NO_FORECAST), class_="muted")
    return _el("strong", _t(figure_text(under.forecast, under.figure.unit))) + (
        "" if under.forecast_text is None else "<br>" + _t(under.forecast_text))


def _under_row(under: PackUnderPerformer) -> list[str]:
    figure = under.figure
    called_out = "<br>" + _el("strong", "No open remedial action", class_="unmanaged") if under.unmanaged else ""
    return [_named(figure.code, figure.title) + called_out, _who(figure.directorate, figure.owner),
            _figure_cell(figure) + "<br>" + rating_html(figure.rating),
            _el("ul", *(_el("li", _t(words)) for words in reasons_words(under)), class_="plain"),
            _t(under.periods_missed), _forecast_cell(under), _actions_cell(under)]


UNDER_HEADERS = ("Indicator", "Directorate and owner", "Figure and rating", "Why (the rules' reasons)",
                 "Periods missed in a row", "Year-end forecast", "Remedial actions")


def _under_part(heading: str, caption: str, rows: Sequence[PackUnderPerformer], none: str) -> str:
    return _el("h3", _t(heading)) + (table(caption, UNDER_HEADERS, [_under_row(row) for row in rows], numeric=(4,))
                                     if rows else _el("p", _t(none), class_="muted"))


def _under_performance(pack: ReportPack) -> Section:
    unmanaged = [row for row in pack.under_performance if row.unmanaged]
    managed = [row for row in pack.under_performance if not row.unmanaged]
    count = len(pack.under_performance)
    summary = (f"{count} under-performing indicator{'' if count == 1 else 's'} at {pack.as_at}: "
               f"{len(unmanaged)} with no open remedial action, {len(managed)} with one.")
    return Section("under-performance", "Under-performance", "".join([
        _el("p", _t(summary)),
        _under_part("No open remedial action", f"Under-performing with no open remedial action at {pack.as_at}",
                    unmanaged, "Every under-performing indicator has an open remedial action."),
        _under_part("With remedial action", f"Under-performing with an open remedial action at {pack.as_at}",
                    managed, "No under-performing indicator has an open remedial action.")]))


def _successes(heading: str, found: Sequence[PackSuccess], none: str) -> str:
    items = [_el("li", _named(success.code, success.title), _t(f": {success.text}.")) for success in found]
    return _el("h3", _t(heading)) + (_el("ul", *items, class_="plain") if items else _el("p", _t(none), class_="muted"))


def _completed(actions: Sequence[PackAction], label: str) -> str:
    items = [_el("li", _named(action.ref, action.title),
                 _t(f" ({action.directorate}; completed {short_day(action.completed)})" if action.completed
                    else f" ({action.directorate})")) for action in actions]
    return _el("h3", "Actions completed") + (_el("ul", *items, class_="plain") if items
                                             else _el("p", _t(f"No action was completed in {label}."), class_="muted"))


def _went_well(pack: ReportPack) -> Section:
    well = pack.went_well
    return Section("went-well", f"What went well in {well.label}", "".join([
        _successes("Newly on target", well.newly_on_target, f"No indicator came on target in {well.label}."),
        _successes("Most improved", well.most_improved, "No indicator is improving on a year earlier."),
        _successes("Sustained on target", well.sustained,
                   f"No indicator has been on target for {SUSTAINED_PERIODS} periods in a row."),
        _completed(well.completed, well.label)]))


def _action_row(action: PackAction) -> list[str]:
    note = _t(action.note) if action.note is not None else _el("span", "none", class_="muted")
    return [_named(action.ref, action.title), _who(action.directorate, action.owner), _t(short_day(action.due)),
            _t(f"{action.progress:.0f}%"), status_html(action.status) + "<br>" + _t(action.status_text), note,
            _t(", ".join(action.indicators) or "none")]


def _actions_due(pack: ReportPack) -> Section:
    headers = ("Action", "Directorate and owner", "Due", "Progress", "Status", "Latest note", "Indicators")
    body = (table(f"Actions due in {pack.period} or overdue or behind at {pack.as_at}", headers,
                  [_action_row(action) for action in pack.actions_due], numeric=(3,))
            if pack.actions_due else _el("p", "No action is due, overdue or behind.", class_="muted"))
    return Section("actions-due", "Actions due or overdue", body)


def _without_target(pack: ReportPack) -> Section:
    rows = [[_named(figure.code, figure.title), _who(figure.directorate, figure.owner), _figure_cell(figure),
             rating_html(figure.rating)] for figure in pack.without_target]
    body = (table(f"Indicators without a target at {pack.as_at}", ("Indicator", "Directorate and owner", "Figure",
                                                                    "Rating"), rows)
            if rows else _el("p", "Every indicator reported has a target.", class_="muted"))
    return Section("without-target", "Indicators without a target", body)


def _question(question: PackQuestion) -> str:
    about = "" if not question.about else " " + _el("span", _t(f"(About {', '.join(question.about)})"),
                                                     class_="muted")
    return _el("li", _t(question.text), about)


def _questions(pack: ReportPack) -> Section | None:
    """For scrutiny members (none for Cabinet)."""
    if pack.audience is not Audience.SCRUTINY:
        return None
    body = (_el("ol", *(_question(question) for question in pack.questions)) if pack.questions
            else _el("p", "No question is suggested by the rules for this period.", class_="muted"))
    return Section("questions", "Questions for members", body)


def _twin(figure: PackFigure) -> str:
    rows = [(_t(label), _t("no figure" if value is None else figure_text(value, figure.unit)))
            for label, value in figure.trend]
    return table(f"{figure.code} {figure.title}: trend figures", ("Period", "Figure"), rows, numeric=(1,))


def _appendix(pack: ReportPack) -> Section:
    parts = [_el("h3", _t(basket.priority)) + _el("div", *(_twin(figure) for figure in basket.figures),
                                                  class_="twins")
             for basket in pack.baskets if basket.figures]
    return Section("appendix", "Appendix: the trend pictures' figures",
                   _el("p", "Each small trend picture's figures as a table, oldest first.", class_="muted")
                   + "".join(parts))


def sections(pack: ReportPack) -> list[Section]:
    """The pack's sections in order: a scrutiny committee's questions straight after the headlines, as the theme
    page opens with them."""
    found = [_headlines(pack), _questions(pack), _baskets(pack), _under_performance(pack), _went_well(pack),
             _actions_due(pack), _without_target(pack), _appendix(pack)]
    return [section for section in found if section is not None]


def _section(section: Section) -> str:
    return _el("section", _el("h2", _t(section.heading), id=section.anchor), section.body,
               aria_labelledby=section.anchor)


def _link(anchor: str, name: str, inner: str = "") -> str:
    return _el("li", _el("a", _t(name), href=f"#{anchor}"), inner)


def _contents(found: Sequence[Section]) -> str:
    """Links to every section and every priority, by their ids (in the PDF, links to their pages)."""
    items = [_link(section.anchor, section.heading,
                   _el("ol", *(_link(anchor, name) for anchor, name in section.parts)) if section.parts else "")
             for section in found]
    return _el("nav", _el("h2", "Contents"), _el("ol", *items), aria_label="Contents", class_="contents")


def pack_html(pack: ReportPack) -> str:
    """The pack as one complete HTML5 file: no script, no outside resource, print rules for A4."""
    found = sections(pack)
    body = "".join([_front(pack), _contents(found), _el("main", *(_section(section) for section in found))])
    head = ('<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">'
            + _el("title", _t(f"{pack.title}: {pack.council}")) + _el("style", STYLE))
    return f'<!DOCTYPE html>\n<html lang="en-GB"><head>{head}</head><body>{body}</body></html>\n'
