"""Questions for scrutiny members, drawn from a scorecard, its under-performers and its actions by the rules
(docs/rules.md#questions-for-members): pure, so that each wording is table-tested without a database."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from data.answers import ActionProgress, Link, Question, ScorecardRow, UnderPerformer
from data.importer import slugify
from data.periods import Frequency
from data.rules import ActionStatus, Rating, Reason

# A run of missed targets in the indicators' own periods; "periods" where they are of more than one frequency.
RUNNING = {Frequency.MONTHLY: "months", Frequency.QUARTERLY: "quarters", Frequency.ANNUAL: "years"}
MIXED = "periods"


@dataclass(frozen=True, slots=True)
class Wording:
    """A question's words for one thing and for several: `{n}` is how many, `{running}` their periods."""

    one: str
    many: str

    def of(self, about: Sequence[Link], running: str = MIXED) -> Question | None:
        """The question about `about`, or None when there is nothing to ask about."""
        if not about:
            return None
        text = self.one if len(about) == 1 else self.many
        return Question(text=text.format(n=len(about), running=running), about=tuple(about))


# The questions in the order they are asked: most pressing first. Under-performance nobody is acting on comes
# first (the store lists those indicators first too), then targets missed again and again, then those forecast
# to be missed (there is still time to act), then the actions meant to put things right that are slipping
# (overdue before behind), and last the gaps in the data itself: indicators without a target, returns not in.
UNMANAGED = Wording("1 under-performing indicator has no open remedial action: who is acting on it?",
                    "{n} under-performing indicators have no open remedial action: who is acting on them?")
MISSED_TWICE = Wording("1 indicator missed its target two {running} running: what is the remedial plan?",
                       "{n} indicators missed their target two {running} running: what is the remedial plan?")
FORECAST_MISS = Wording(
    "1 indicator is forecast to miss its year-end target: what will bring it back on course?",
    "{n} indicators are forecast to miss their year-end target: what will bring them back on course?")
OVERDUE = Wording("1 action is overdue: when will it be finished?",
                  "{n} actions are overdue: when will they be finished?")
BEHIND = Wording("1 action is behind schedule: what is holding it up?",
                 "{n} actions are behind schedule: what is holding them up?")
NO_TARGET = Wording("1 indicator has no target: when will it be set?",
                    "{n} indicators have no target: when will targets be set?")
LATE = Wording("1 indicator's return is late: when will its figure be in?",
               "{n} indicators' returns are late: when will their figures be in?")
ORDER = (UNMANAGED, MISSED_TWICE, FORECAST_MISS, OVERDUE, BEHIND, NO_TARGET, LATE)  # as docs/rules.md lists them


def questions(card: Sequence[ScorecardRow], under_performing: Sequence[UnderPerformer],
              actions: Sequence[ActionProgress]) -> tuple[Question, ...]:
    """The questions the figures raise, most pressing first, each about the indicators or actions it names
    (under-performers in the order given, the store's most pressing first; the rest in the card's or the
    actions' order); none where there is nothing to ask about."""
    missed = [under for under in under_performing if Reason.MISSED_TWICE in under.reasons]
    asked = [
        UNMANAGED.of(_indicators(under for under in under_performing if under.unmanaged)),
        MISSED_TWICE.of(_indicators(missed), _running({under.row.indicator.frequency for under in missed})),
        FORECAST_MISS.of(_indicators(under for under in under_performing if Reason.FORECAST_MISS in under.reasons)),
        OVERDUE.of(_actions(actions, lambda action: action.status is ActionStatus.OVERDUE)),
        BEHIND.of(_actions(actions, lambda action: action.status is ActionStatus.BEHIND)),
        NO_TARGET.of([_indicator(row) for row in card if row.shown_rating is Rating.NO_TARGET]),
        LATE.of([_indicator(row) for row in card if row.late is not None]),
    ]
    return tuple(question for question in asked if question is not None)


def _indicator(row: ScorecardRow) -> Link:
    return Link(row.indicator.code, row.indicator.slug)


def _indicators(under_performing: Iterable[UnderPerformer]) -> list[Link]:
    return [_indicator(under.row) for under in under_performing]


def _actions(actions: Sequence[ActionProgress], chosen: Callable[[ActionProgress], bool]) -> list[Link]:
    """The chosen actions as links: name = ref, slug = the ref made URL-safe as the importer makes slugs."""
    return [Link(action.ref, slugify(action.ref)) for action in actions if chosen(action)]


def _running(frequencies: set[Frequency]) -> str:
    """The word for a run of the indicators' own periods: theirs when they share one frequency."""
    return RUNNING[next(iter(frequencies))] if len(frequencies) == 1 else MIXED
