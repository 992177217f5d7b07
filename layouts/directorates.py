"""The drill-down (`/directorates`, `/directorates/<slug>`, `/directorates/<slug>/<service>`): the council, a
directorate or a service, in the same layout at every level (audit R9)."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from dash import dcc, html

from data.answers import DrillDown, GoldenThread, Level, Link, Part
from data.rules import Rating, RollUp
from layouts.components import empty, href, key_figure, on_demand, percent, rating_badge, rating_text, table
from layouts.grid import grid_section
from layouts.organisation import blocks, organisation_src, organisation_summary
from layouts.rules_text import rules_explained
from layouts.shell import breadcrumbs
from layouts.thread import golden_thread_section

COUNCIL_PATH = "/directorates"
COUNCIL_HEADING = "Directorates"  # the council level is what the navigation's "Directorates" opens
BELOW = {Level.COUNCIL: "Directorates", Level.DIRECTORATE: "Services"}
FIXED = {Level.COUNCIL: frozenset(), Level.DIRECTORATE: frozenset({"directorate"}),
         Level.SERVICE: frozenset({"directorate", "service"})}
COUNT_HEADERS = [rating_text(rating) for rating in Rating]


def level_heading(answer: DrillDown) -> str:
    """The level's heading (and its page's title): its name, or at the council what the navigation calls it."""
    return COUNCIL_HEADING if answer.level is Level.COUNCIL else answer.name


def trail_path(trail: Sequence[Link], depth: int) -> str:
    """The path of the level `depth` steps below the council, from the slugs of the levels down to it."""
    return "/".join([COUNCIL_PATH, *(link.slug for link in trail[1:depth + 1])])


def _breadcrumbs(answer: DrillDown, as_at: str | None) -> html.Nav:
    steps: list[tuple[str, str | None]] = [(link.name, trail_path(answer.trail, depth))
                                           for depth, link in enumerate(answer.trail)]
    return breadcrumbs([*steps, (answer.name, None)], as_at)


def rating_counts(roll_up: RollUp) -> html.Ul:
    """The level's indicators by rating: shape, word and colour for each rating it has."""
    return html.Ul([html.Li([rating_badge(rating, small=True), html.Span(f" {roll_up.counts[rating]}")])
                    for rating in Rating if roll_up.counts[rating]],
                   className="rating-counts", **{"aria-label": "Indicators by rating"})


def _no_data_note(no_data: int) -> html.P | None:
    """Why the key figures and the grid's counts can differ: a return not yet in is No data here, while the grid
    counts each indicator's latest rating."""
    if not no_data:
        return None
    one = no_data == 1
    return html.P(f"No data: {no_data} return{' is' if one else 's are'} not yet in for this period; the grid below "
                  f"shows {'its' if one else 'their'} latest rating.", className="lead")


def _key_figures(roll_up: RollUp) -> html.Section:
    """The same figures at every level: the ratings, % on target, % improving, Red, without a target."""
    improvement = roll_up.improvement
    return html.Section([
        html.H2("Key figures", id="key-figures-heading"),
        rating_counts(roll_up) if roll_up.total else empty("No indicator is reported here for this period."),
        html.Div([
            key_figure(percent(roll_up.on_target_share), "of rated indicators on target",
                       f"{roll_up.counts[Rating.GREEN]} of {roll_up.rated}"),
            key_figure(percent(improvement.share), "improving on a year earlier",
                       f"{improvement.improving} of {improvement.comparable} with a figure a year earlier"),
            key_figure(str(roll_up.counts[Rating.RED]), "indicators Red", "more than the tolerance off target"),
            key_figure(str(roll_up.no_target), "indicators without a target", "a governance gap to close"),
        ], className="key-figures"),
        # the grid below counts each indicator's latest rating: say why the two can differ
        _no_data_note(roll_up.counts[Rating.NO_DATA]),
    ], className="section", **{"aria-labelledby": "key-figures-heading"})


def _counts_row(roll_up: RollUp) -> list[str]:
    return [str(roll_up.total), *(str(roll_up.counts[rating]) for rating in Rating),
            percent(roll_up.on_target_share), percent(roll_up.improvement.share)]


def _below(answer: DrillDown, path: str, as_at: str | None) -> html.Section | None:
    """The level below as a table: each part linked, with its counts (none below a service)."""
    what = BELOW.get(answer.level)
    if what is None:
        return None
    rows = [[dcc.Link(part.link.name, href=href(f"{path}/{part.link.slug}", as_at)), *_counts_row(part.roll_up),
             str(part.under_performing)] for part in answer.parts]
    caption = f"{what}, by rating" if answer.level is Level.COUNCIL else f"{what} of {answer.name}, by rating"
    return html.Section([
        html.H2(what, id="below-heading"),
        table(caption, [what[:-1], "Indicators", *COUNT_HEADERS, "On target", "Improving", "Under-performing"],
              rows, numeric=range(1, 12), class_name="counts-table") if rows else
        empty(f"{answer.name} has no {what.lower()}."),
    ], className="section", **{"aria-labelledby": "below-heading"})


def _without_target(answer: DrillDown, as_at: str | None) -> html.Section:
    """The level's indicators with no target for the period: each a link to its page."""
    links = answer.without_target
    return html.Section([
        html.H2("Indicators without a target", id="without-target-heading"),
        html.P(f"{len(links)} indicator{' has' if len(links) == 1 else 's have'} a figure but no target for this "
               "period: a gap to close.", className="lead") if links else None,
        html.Ul([html.Li(dcc.Link(link.name, href=href(f"/indicators/{link.slug}", as_at))) for link in links],
                className="link-list") if links else
        empty("Every indicator here that should have a target has one for this period."),
    ], className="section", **{"aria-labelledby": "without-target-heading"})


def organisation_table(directorates: Sequence[Part], as_at: str | None) -> html.Div:
    """The organisation picture's table twin: each directorate, then each of its services, with its counts."""
    rows: list[list] = []
    for directorate in directorates:
        path = f"{COUNCIL_PATH}/{directorate.link.slug}"
        rows.append([dcc.Link(directorate.link.name, href=href(path, as_at)), "All its services",
                     *_counts_row(directorate.roll_up)[:7]])
        slugs = {service.link.name: service.link.slug for service in directorate.parts}
        for block in blocks(directorate):
            slug = slugs.get(block.name)
            name = dcc.Link(block.name, href=href(f"{path}/{slug}", as_at)) if slug else block.name
            rows.append([directorate.link.name, name, str(block.total),
                         *(str(block.counts.get(rating, 0)) for rating in Rating)])
    return table("The organisation as a table: each directorate and service by rating",
                 ["Directorate", "Service", "Indicators", *COUNT_HEADERS], rows, numeric=range(2, 9),
                 class_name="counts-table")


def _legend() -> html.Ul:
    return html.Ul([html.Li(rating_badge(rating, small=True)) for rating in Rating],
                   className="rating-counts organisation__legend", **{"aria-label": "Key: the ratings' fills"})


def _organisation(answer: DrillDown, as_at: str | None) -> html.Section:
    """At the council level: the organisation picture, its story in words, its key and its table twin."""
    summary = organisation_summary(answer.parts, answer.roll_up)
    return html.Section([
        html.H2("The whole organisation", id="organisation-heading"),
        html.Figure([
            html.Img(src=organisation_src(answer.parts), className="organisation__picture",
                     alt="Each directorate's rectangle holds its services', sized by their indicators and "
                         "split by their ratings. " + summary),
            html.Figcaption([html.P(summary, className="organisation__summary"),
                             html.P("Each rectangle is a service inside its directorate, sized by its indicators "
                                    "and split into its ratings' shares; each share is filled with its rating's "
                                    "shape and colour:", className="muted"),
                             _legend()]),
        ], className="organisation"),
        html.Details([html.Summary("The organisation as a table"), organisation_table(answer.parts, as_at)]),
    ], className="section", **{"aria-labelledby": "organisation-heading"})


def drill_down(answer: DrillDown, path: str, as_at: str, months: Collection[str] | None = None,
               thread: GoldenThread | None = None) -> html.Div:
    """One level of the drill-down at one period: breadcrumbs from the council, key figures, the golden
    `thread` (at the council and a directorate), what went well (at a directorate, drawn when opened), (at the
    council) the organisation picture, the level below,
    the indicators without a target, and the level's grid (its cells linking to the `months` the dashboard
    reports at)."""
    summary = str(answer.roll_up)
    return html.Div([
        _breadcrumbs(answer, as_at),
        html.H1([level_heading(answer), html.Span(f" as at {answer.grid.period.label}", className="h1__period")]),
        html.P(summary[:1].upper() + summary[1:] + ".", className="lead"),
        rules_explained(),
        _key_figures(answer.roll_up),
        golden_thread_section(thread, as_at),
        # what went well (R14) in a directorate's quarter (the council's is the assessment's), drawn when opened
        html.Section([html.H2("What went well", id="went-well-on-demand"),
                      on_demand("Show what went well in this quarter", "went-well")],
                     className="section", **{"aria-labelledby": "went-well-on-demand"})
        if answer.level is Level.DIRECTORATE else None,
        _organisation(answer, as_at) if answer.level is Level.COUNCIL and answer.parts else None,
        _below(answer, path, as_at),
        _without_target(answer, as_at),
        grid_section(answer.grid, as_at, path, fixed=FIXED[answer.level], months=months),
    ], className=f"page page--drill-down page--{answer.level}")
