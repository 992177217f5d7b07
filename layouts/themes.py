"""Themes for scrutiny committees (audit R4, R11): the list of themes (`/themes`) and a theme's page
(`/themes/<slug>`): questions for members first, then the theme's grid, its under-performers and its actions."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from dash import dcc, html

from data.answers import ActionProgress, Question, ThemePage, ThemeSummary, UnderPerformer
from data.rules import Rating
from layouts.components import empty, href, percent, rating_badge
from layouts.grid import grid_section
from layouts.priority import actions_table
from layouts.rules_text import rules_explained
from layouts.shell import breadcrumbs

THEMES_PATH = "/themes"


def _theme_card(summary: ThemeSummary, as_at: str | None) -> html.Li:
    """A theme in the list: its name (a link to its page), its ratings and the figures members ask first."""
    roll_up, improvement = summary.roll_up, summary.roll_up.improvement
    return html.Li(html.Article([
        html.H2(dcc.Link(summary.theme.name, href=href(f"{THEMES_PATH}/{summary.theme.slug}", as_at),
                         className="card__link"), className="card__title"),
        html.Ul([html.Li([rating_badge(rating, small=True), html.Span(f" {roll_up.counts[rating]}")])
                 for rating in Rating if roll_up.counts[rating]],
                className="rating-counts", **{"aria-label": "Indicators by rating"})
        if roll_up.total else empty("No indicator of this theme is reported for this period."),
        html.Dl([
            html.Div([html.Dt("On target"), html.Dd(f"{percent(roll_up.on_target_share)} of rated"
                                                    if roll_up.rated else "none rated against a target")]),
            html.Div([html.Dt("Improving"),
                      html.Dd(f"{percent(improvement.share)} of {improvement.comparable} comparable"
                              if improvement.comparable else "no comparison yet")]),
            html.Div([html.Dt("Under-performing"), html.Dd(str(summary.under_performing))]),
        ], className="card__facts"),
    ], className="card"), className="cards__item")


def themes_list(themes: Sequence[ThemeSummary], period_label: str, as_at: str | None) -> html.Div:
    """Every theme with its ratings, % on target, % improving and under-performing count, each linking to
    its page."""
    return html.Div([
        html.H1(["Themes", html.Span(f" as at {period_label}", className="h1__period")]),
        html.P("A theme gathers the indicators of one subject across directorates: what a scrutiny committee "
               "looks at. Open one for its questions for members, its indicators, its under-performers and its "
               "actions.", className="lead"),
        rules_explained(),
        html.Ul([_theme_card(summary, as_at) for summary in themes], className="cards")
        if themes else empty("No themes have been defined yet."),
    ], className="page page--themes")


def _about(question: Question, actions: Sequence[ActionProgress], as_at: str | None) -> list:
    """What a question is about: each indicator a link to its page; an action (which has no page of its own)
    by its reference, listed under the theme's actions."""
    refs = {action.ref for action in actions}
    about: list = []
    for link in question.about:
        about += [html.Span(link.name, className="code") if link.name in refs else
                  dcc.Link(link.name, href=href(f"/indicators/{link.slug}", as_at)), ", "]
    return [html.Span("About: ", className="muted"), *about[:-1]] if about else []


def _questions(answer: ThemePage, as_at: str | None) -> html.Section:
    questions = answer.questions
    return html.Section([
        html.H2("Questions for members", id="questions-heading"),
        html.Ol([html.Li([html.P(question.text, className="question__text"),
                          html.P(_about(question, answer.actions, as_at), className="question__about")
                          if question.about else None], className="question")
                 for question in questions], className="questions") if questions else
        empty("The figures raise no question for members at this period."),
    ], className="section section--questions", **{"aria-labelledby": "questions-heading"})


def _under_performer(under: UnderPerformer, as_at: str | None) -> html.Li:
    """One under-performing indicator: its rating, why (the rules' reasons), and its remedial action or the lack
    of one."""
    row = under.row
    why = "; ".join(under.reasons)
    late = f" {row.late.text}." if row.late is not None else ""
    return html.Li([
        dcc.Link([html.Span(row.indicator.code, className="code"), f" {row.indicator.title}"],
                 href=href(f"/indicators/{row.indicator.slug}", as_at)), " ",
        rating_badge(row.shown.rating, small=True), " ",
        html.Span(f"{why[:1].upper()}{why[1:]}.{late}", className="muted"),
        html.Strong(" No remedial action.", className="unmanaged") if under.unmanaged else
        html.Span(f" Remedial action: {'; '.join(under.remedial_actions)}.", className="muted"),
    ])


def _under_performing(answer: ThemePage, as_at: str | None) -> html.Section:
    under = answer.under_performing
    return html.Section([
        html.H2("Under-performing", id="under-heading"),
        html.P(f"{len(under)} of the theme's indicators {'is' if len(under) == 1 else 'are'} under-performing, "
               "those with no remedial action first.", className="lead") if under else None,
        html.Ol([_under_performer(u, as_at) for u in under], className="attention-list") if under else
        empty("No indicator of this theme is under-performing at this period."),
    ], className="section strip--attention", **{"aria-labelledby": "under-heading"})


def theme_page(answer: ThemePage, path: str, as_at: str, months: Collection[str] | None = None) -> html.Div:
    """A theme at one period, for a scrutiny committee: questions for members, the grid (its cells linking to
    the `months` the dashboard reports at), the under-performers and the actions."""
    name = answer.theme.name
    # the theme's own figures, as the list of themes gives them, whatever the grid below is narrowed to
    summary = str(answer.roll_up)
    lead = f"{summary[:1].upper()}{summary[1:]}."
    return html.Div([
        breadcrumbs([("Themes", THEMES_PATH), (name, None)], as_at),
        html.H1([name, html.Span(f" as at {answer.grid.period.label}", className="h1__period")]),
        html.P(lead, className="lead"),
        _questions(answer, as_at),
        rules_explained(),
        grid_section(answer.grid, as_at, path, fixed=frozenset({"theme"}), months=months),
        _under_performing(answer, as_at),
        html.Section([
            html.H2("Actions", id="actions-heading"),
            actions_table(answer.actions, f"Actions on the indicators of {name}", as_at) if answer.actions else
            empty("No action is linked to this theme's indicators."),
        ], className="section", **{"aria-labelledby": "actions-heading"}),
    ], className="page page--theme")
