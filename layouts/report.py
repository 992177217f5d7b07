"""The report pack's pages: `/report` (a native form choosing a quarter, an audience, a scope and a format, that
downloads the pack from the server, with the packs as reported listed under it) and `/snapshots/<slug>` (a frozen
pack as it was reported, its files, and what has been restated since); and the plain page that answers a
download asked for with values that cannot be used."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from dash import dcc, html

from data.answers import Link
from data.importer import slugify
from data.periods import day_text
from data.report import Audience, PackFigure, Scope
from data.snapshots import Restatement, SnapshotSummary
from layouts.components import empty, figure_text, href, notice, rating_text, table, text_table
from layouts.shell import breadcrumbs

REPORT_PATH = "/report"
PACK_PATH = "/report/pack"  # the server's download of a pack (dashboard/packs.py)
SNAPSHOTS_PATH = "/snapshots"
APP_NAME = "Council Performance Dashboard"
ASSETS_PATH = "/assets"  # where Dash serves assets/ (dashboard/app.py keeps its default)
REFUSAL_SHEETS = ("style.css", "report.css")  # the app's own look, and the form's
# the form's formats, by the value dashboard/report.py's Format gives each (tests/test_report_pages.py checks
# the two agree), with what each is for
FORMATS = (("html", "HTML: one accessible web page, for the council's website"),
           ("pdf", "PDF: A4, for the agenda pack"),
           ("xlsx", "Excel workbook: one sheet per section"))
AUDIENCES = ((Audience.CABINET, "Cabinet: the whole council"),
             (Audience.SCRUTINY, "Scrutiny: a theme, a directorate or the whole council"))
WHOLE_COUNCIL = "Whole council"
SCOPE_HINT = ("For scrutiny packs only: a Cabinet pack always covers the whole council. Choose a theme or a "
              "directorate, or leave both at Whole council.")
SCOPE_HINT_ID = "pack-scope-hint"


@dataclass(frozen=True, slots=True)
class ReportChoices:
    """What the report pack's form offers, and the packs as reported."""

    quarters: tuple[tuple[str, str], ...]  # (label, as the URL names it), newest first
    chosen: str | None  # the quarter selected, as the URL names it
    themes: tuple[Link, ...]
    directorates: tuple[Link, ...]
    pdf_unavailable: str | None  # why a PDF cannot be made here (one line), or None when it can
    snapshots: tuple[SnapshotSummary, ...]
    kept: tuple[Audience, str, str] = (Audience.CABINET, "", "")  # the audience, theme and directorate chosen



def covered(audience: Audience, scope: Scope | None) -> str:
    """Who a pack is for and what it covers: 'Cabinet, whole council', 'Scrutiny, theme: Children and Young People'."""
    who = "Cabinet" if audience is Audience.CABINET else "Scrutiny"
    return f"{who}, {scope.kind.value}: {scope.name}" if scope is not None else f"{who}, whole council"


def _select(label: str, name: str, options: Sequence[tuple[str, str]], chosen: str | None = None,
            hint: str | None = None, described_by: str | None = None) -> html.Div:
    """A labelled native select (every browser and screen reader knows it) of `options`, each (label, value),
    described by its own hint or by another's (`described_by`, the id of a hint it shares)."""
    field = f"pack-{name}"
    hint_id = f"{field}-hint" if hint else described_by
    return html.Div([
        html.Label(label, htmlFor=field, className="pack-form__label"),
        html.P(hint, id=hint_id, className="pack-form__hint muted") if hint else None,
        html.Select([html.Option(text, value=value, selected=value == chosen) for text, value in options],
                    id=field, name=name, className="pack-form__select",
                    **({"aria-describedby": hint_id} if hint_id else {})),
    ], className="pack-form__field")


def _formats(pdf_unavailable: str | None) -> list[tuple[str, str]]:
    """The formats as options; where a PDF cannot be made here its option says so in one line."""
    return [(f"{text} (not available on this server: {pdf_unavailable})" if value == "pdf" and pdf_unavailable
             else text, value) for value, text in FORMATS]


def pack_form(choices: ReportChoices) -> html.Form:
    """The form: a plain GET to the server, which checks every value again and answers with the file."""
    audience, theme, directorate = choices.kept
    return html.Form([
        _select("Quarter", "period", choices.quarters, choices.chosen,
                hint="The quarters with figures, newest first."),
        _select("Audience", "audience", [(text, audience.value) for audience, text in AUDIENCES], audience.value),
        html.Fieldset([
            html.Legend("Scope (scrutiny packs only)"),
            html.P(SCOPE_HINT, id=SCOPE_HINT_ID, className="pack-form__hint muted"),
            _select("Theme", "theme", [(WHOLE_COUNCIL, "")] + [(link.name, link.slug) for link in choices.themes],
                    theme, described_by=SCOPE_HINT_ID),
            _select("Directorate", "directorate",
                    [(WHOLE_COUNCIL, "")] + [(link.name, link.slug) for link in choices.directorates], directorate,
                    described_by=SCOPE_HINT_ID),
        ], className="pack-form__scope"),
        _select("Format", "format", _formats(choices.pdf_unavailable)),
        html.P("PDF packs cannot be made on this server: " + choices.pdf_unavailable,
               className="notice notice--warning pack-form__pdf") if choices.pdf_unavailable else None,
        html.Button("Download", type="submit", className="pack-form__submit"),
    ], action=PACK_PATH, method="get", className="pack-form", **{"aria-labelledby": "pack-form-heading"})


def snapshots_table(found: Sequence[SnapshotSummary], as_at: str | None) -> html.Div | html.P:
    """The packs as reported, newest first, each linking to its page."""
    if not found:
        return empty("No pack has been frozen yet: the command line's 'report … --freeze NAME' stores one as "
                     "it is reported.")
    rows = [[dcc.Link(summary.name, href=href(f"{SNAPSHOTS_PATH}/{summary.slug}", as_at)),
             covered(summary.audience, summary.scope), summary.period, day_text(summary.frozen_on)]
            for summary in found]
    return table("Packs as reported, newest first", ["Name", "Audience and scope", "Period", "Frozen on"], rows,
                 caption_hidden=True)


def report_page(choices: ReportChoices, as_at: str | None = None) -> html.Div:
    """The report pack's page: the form, then the packs as reported."""
    form = pack_form(choices) if choices.quarters else empty("There are no figures yet to make a pack from.")
    return html.Div([
        html.H1("Report pack"),
        html.P("The quarterly performance report for Cabinet or a scrutiny committee, from the same rules as "
               "these pages: as a web page, a PDF or an Excel workbook.", className="lead"),
        html.Section([html.H2("Make a pack", id="pack-form-heading"), form],
                     className="section", **{"aria-labelledby": "pack-form-heading"}),
        html.Section([html.H2("Packs as reported", id="snapshots-heading"),
                      snapshots_table(choices.snapshots, as_at)],
                     className="section", **{"aria-labelledby": "snapshots-heading"}),
    ], className="page page--report")


# --- a snapshot ------------------------------------------------------------------------------------------------

def _rated(figure: PackFigure | None) -> str:
    """A figure as reported or now, with its period and rating: 'Dec 2008: 45% (Green)'; '–' for none."""
    if figure is None:
        return "–"
    return f"{figure.period}: {figure_text(figure.actual, figure.unit)} ({rating_text(figure.rating)})"


def restatements_section(found: Sequence[Restatement] | None, problem: str | None, as_at: str | None) -> list:
    """What differs now, indicator by indicator, with both values; or that nothing does."""
    if problem is not None:
        return [notice(f"What differs now cannot be worked out: {problem}", "warning")]
    if not found:
        return [empty("Nothing restated since.")]
    rows = [[(item.code, href(f"/indicators/{slugify(item.code)}", as_at)),
             "; ".join(change.text for change in item.changes), _rated(item.reported), _rated(item.now)]
            for item in found]
    return [text_table("What differs now, by indicator", ["Indicator", "What changed", "As reported", "Now"], rows)]


def _files(slug: str) -> html.Ul:
    base = f"{SNAPSHOTS_PATH}/{slug}"
    return html.Ul([
        html.Li(html.A("Open the pack as it was reported", href=f"{base}/view")),
        html.Li(html.A("Download as HTML (the file exactly as it went out)", href=f"{base}/pack.html")),
        html.Li(html.A("Download as PDF", href=f"{base}/pack.pdf")),
        html.Li(html.A("Download as an Excel workbook", href=f"{base}/pack.xlsx")),
    ], className="snapshot-files")


def snapshot_page(summary: SnapshotSummary, line: str, title: str, restated: Sequence[Restatement] | None,
                  problem: str | None = None, as_at: str | None = None) -> html.Div:
    """A frozen pack's page: as reported to whom and when (`line`), what it covered (`title`: the pack's own),
    its files, and what has been restated since (`problem` when that cannot be worked out)."""
    return html.Div([
        breadcrumbs([("Report pack", REPORT_PATH), (summary.name, None)], as_at),
        html.H1(line),
        html.Dl([
            html.Div([html.Dt("Report"), html.Dd(title)]),
            html.Div([html.Dt("Audience and scope"), html.Dd(covered(summary.audience, summary.scope))]),
            html.Div([html.Dt("Period"), html.Dd(f"{summary.period}, figures as at {summary.as_at}")]),
            html.Div([html.Dt("Indicators shown"), html.Dd(str(summary.figures))]),
            html.Div([html.Dt("Frozen on"), html.Dd(day_text(summary.frozen_on))]),
        ], className="metadata"),
        html.Section([html.H2("The pack as reported", id="files-heading"), _files(summary.slug)],
                     className="section", **{"aria-labelledby": "files-heading"}),
        html.Section([html.H2("Restated since", id="restated-heading"),
                      html.P("Each indicator whose figure, target or rating differs now from what this pack "
                             "showed, with both values.", className="muted"),
                      *restatements_section(restated, problem, as_at)],
                     className="section", **{"aria-labelledby": "restated-heading"}),
    ], className="page page--snapshot")


# --- the plain page a refused download gets ----------------------------------------------------------------------

def refusal_page(heading: str, message: str, back: str = "", council: str = APP_NAME) -> str:
    """A complete HTML page in the app's own look (its stylesheets, its header with the council's name) saying in
    one line why a file cannot be given, linking back to the form with the choices made (`back`: a query string
    without its '?'); every text escaped (a value from the URL may be in the message or the query)."""
    link = f"{REPORT_PATH}?{back}" if back else REPORT_PATH
    sheets = "".join(f'<link rel="stylesheet" href="{ASSETS_PATH}/{name}">' for name in REFUSAL_SHEETS)
    return ('<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{escape(heading)} – {APP_NAME}</title>{sheets}</head>\n<body>"
            '<a href="#main" class="skip-link">Skip to main content</a>\n'
            '<header class="header"><div class="header__bar"><a href="/" class="header__home">'
            f'<span class="header__council">{escape(council)}</span>'
            '<span class="header__product">Performance dashboard</span></a></div></header>\n'
            '<main id="main" class="main" tabindex="-1"><div class="page page--refusal">'
            f"<h1>{escape(heading)}</h1>\n"
            f'<p class="notice notice--warning refusal__message">{escape(message)}</p>\n'
            f'<p><a href="{escape(link)}">Back to the report pack</a>, with your choices kept.</p>'
            "</div></main></body></html>\n")
