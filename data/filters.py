"""A page's filters as they stand in a URL or on the command line: read, checked and written back. One
mechanism for every page with filters (the status grid, the under-performance list, the action tracker): each
kind of filters is a dataclass in data/answers.py whose fields, in order, are its URL's parameters; how a value is
read follows from the field's name (FILTER_KINDS).

`?theme=children-and-young-people&rating=red&as_at=2008-12`: each filter's name in the URL is the CLI's
option (`--theme SLUG`). Only the form is checked here (a slug's shape, a rating's name); whether a theme or
directorate exists is the store's to say (Grid.notes, with the same words: unknown_note). Pure: no database,
no Dash.

Every note reads "what could not be used: what is shown instead." (the second part without a colon), so that the
command line, which refuses such a value rather than showing something else, can say only the first part
(`refusal`)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import fields, replace
from enum import Enum
from typing import Any, TypeVar
from urllib.parse import parse_qs, urlencode

from data.answers import ActionFilters, Filters, GridFilters, UnderPerformanceFilters
from data.periods import Frequency
from data.rules import ActionKind, ActionStatus, Rating, Reason

# the names of the filters in a URL, in the order a URL is written
FILTER_NAMES = ("theme", "directorate", "service", "priority", "rating", "frequency", "partnership",
                "underperforming", "search", "page")
SLUG_FILTERS = ("theme", "directorate", "service", "priority")
FLAG_FILTERS = ("partnership", "underperforming", "unmanaged")
TEXT_FILTERS = ("search", "owner")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,199}$")  # as long as the database holds (String(200))
MAX_QUERY = 500  # a longer query is read only this far (as the router reads it)
MAX_SEARCH = 100
MAX_PAGE = 10_000
SHOWN = 40  # how much of a value that cannot be used a note repeats
YES = ("1", "true", "yes", "on")
NO = ("0", "false", "no", "off", "")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def url_name(member: Enum) -> str:
    """A rule's value as a URL or the CLI names it: `red`, `no-target`, `amber-and-worsening`, `on-track`."""
    return "-".join(str(member.value).lower().split())


def rating_name(rating: Rating) -> str:
    """A rating as a URL or the CLI names it: `red`, `no-target`."""
    return url_name(rating)


RATINGS: Mapping[str, Rating] = {rating_name(rating): rating for rating in Rating}
FREQUENCIES: Mapping[str, Frequency] = {frequency.value: frequency for frequency in Frequency}
REASONS: Mapping[str, Reason] = {url_name(reason): reason for reason in Reason}
KINDS: Mapping[str, ActionKind] = {url_name(kind): kind for kind in ActionKind}
STATUSES: Mapping[str, ActionStatus] = {url_name(status): status for status in ActionStatus}
# the filters that choose one of a rule's values, by their name in the URL
ENUM_FILTERS: Mapping[str, Mapping[str, Enum]] = {"rating": RATINGS, "frequency": FREQUENCIES, "reason": REASONS,
                                                  "kind": KINDS, "status": STATUSES}
FILTER_KINDS = (GridFilters, UnderPerformanceFilters, ActionFilters)
F = TypeVar("F", GridFilters, UnderPerformanceFilters, ActionFilters)


def filter_names(kind: type[Filters]) -> tuple[str, ...]:
    """A kind of filters' names in its URL, in the order a URL is written."""
    return tuple(field.name for field in fields(kind))


def _shown(value: str) -> str:
    """A value that could not be used, as a note repeats it: short, without control characters."""
    value = CONTROL.sub("", value)
    return value if len(value) <= SHOWN else f"{value[:SHOWN]}…"


def unknown_note(name: str, value: str) -> str:
    """The note for a filter whose value names nothing: "There is no theme 'x': showing every theme."."""
    every = "every priority" if name == "priority" else f"every {name}"
    return f"There is no {name} '{_shown(value)}': showing {every}."


def elsewhere_note(service: str, its: str, directorate: str) -> str:
    """The note for a service of another directorate than the one filtered to: "The service 'x' is in Children's
    Services, not Adult Social Care: showing every service of the directorate." (what is shown instead names no
    directorate, so that `refusal` cuts at the right colon whatever the directorates are called)."""
    return f"The service '{_shown(service)}' is in {its}, not {directorate}: showing every service of the directorate."


def refusal(note: str) -> str:
    """A note as a refusal, without what the page shows instead: "There is no theme 'x'."."""
    return note.rpartition(": ")[0] + "."


def _choice(name: str, value: str, known: Mapping[str, object]) -> tuple[object | None, str | None]:
    wanted = "-".join(value.replace("_", " ").lower().split())  # `No target`, `no_target` and `no-target` alike
    if wanted in known:
        return known[wanted], None
    return None, f"'{_shown(value)}' is not a {name} we can filter by ({', '.join(known)}): showing every {name}."


def _flag(name: str, value: str) -> tuple[bool, str | None]:
    wanted = value.strip().lower()
    if wanted in YES or wanted in NO:
        return wanted in YES, None
    return False, f"'{_shown(value)}' is not a yes or no for {name}: showing all."


def _search(value: str) -> tuple[str | None, str | None]:
    text = " ".join(CONTROL.sub(" ", value).split())
    if len(text) > MAX_SEARCH:
        return text[:MAX_SEARCH].rstrip(), \
            f"The search is longer than {MAX_SEARCH} characters: searching for its first {MAX_SEARCH}."
    return text or None, None


def _page(value: str) -> tuple[int, str | None]:
    wanted = value.strip()
    if wanted.isascii() and wanted.isdigit() and 1 <= int(wanted) <= MAX_PAGE:
        return int(wanted), None
    return 1, f"'{_shown(value)}' is not a page number: showing the first page."


def read_filters(search: str | None, kind: type[F] = GridFilters) -> tuple[F, tuple[str, ...]]:  # type: ignore[assignment]
    """The filters of `kind` a URL's query asks for, and a plain-English note for each value that could not be
    used (that filter is then left out, never guessed). Other parameters (as_at) are ignored; of a repeated one,
    the first counts."""
    query = parse_qs((search or "").lstrip("?")[:MAX_QUERY], keep_blank_values=True)
    asked = {name: query[name][0] for name in filter_names(kind) if name in query}
    return filters_from(asked, kind)


def _read(name: str, value: str) -> tuple[Any, str | None]:
    """One filter's value as its kind reads it, or None with a note."""
    if name in SLUG_FILTERS:
        wanted = value.strip().lower()  # slugs are lower case: `Children-and-young-people` names the same
        if not wanted:
            return None, None
        return (wanted, None) if SLUG.fullmatch(wanted) else (None, unknown_note(name, value))
    if name in ENUM_FILTERS:
        return _choice(name, value, ENUM_FILTERS[name]) if value.strip() else (None, None)
    if name in FLAG_FILTERS:
        return _flag(name, value)
    if name in TEXT_FILTERS:
        return _search(value)
    if name == "page":
        return _page(value)
    raise ValueError(f"no way to read the filter {name!r}")  # a field added without saying how it is read


def filters_from(asked: Mapping[str, str], kind: type[F] = GridFilters) -> tuple[F, tuple[str, ...]]:  # type: ignore[assignment]
    """The filters of `kind` from values by name (a URL's, or the CLI's options), with a note for each unusable
    one; names that are not `kind`'s are ignored."""
    known = filter_names(kind)
    found: dict[str, Any] = {}  # each filter's own type (the dataclass checks nothing at run time)
    notes: list[str] = []
    for name, value in asked.items():
        if name not in known:
            continue
        used, note = _read(name, value)
        if note:
            notes.append(note)
        if used is not None:
            found[name] = used
    return replace(kind(), **found), tuple(notes)


def filters_query(filters: Filters, as_at: str | None) -> str:
    """The query string for `filters` at a month, in their fields' order then `as_at`; only the filters set (and
    the page when it is not the first): `?theme=x&rating=red&as_at=2008-12`."""
    pairs: list[tuple[str, str]] = []
    for name in filter_names(type(filters)):
        value = getattr(filters, name)
        if isinstance(value, Enum):
            pairs.append((name, url_name(value)))
        elif name in FLAG_FILTERS:
            if value:
                pairs.append((name, "1"))
        elif name == "page":
            if value != 1:
                pairs.append((name, str(value)))
        elif value:
            pairs.append((name, value))
    if as_at:
        pairs.append(("as_at", as_at))
    return f"?{urlencode(pairs)}" if pairs else ""
