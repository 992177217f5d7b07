"""The status grid's filters as they stand in a URL or on the command line: read, checked and written back.

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
from dataclasses import replace
from urllib.parse import parse_qs, urlencode

from data.answers import NO_FILTERS, GridFilters
from data.periods import Frequency
from data.rules import Rating

# the names of the filters in a URL, in the order a URL is written
FILTER_NAMES = ("theme", "directorate", "service", "priority", "rating", "frequency", "partnership",
                "underperforming", "search", "page")
SLUG_FILTERS = ("theme", "directorate", "service", "priority")
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{0,150}$")
MAX_QUERY = 500  # a longer query is read only this far (as the router reads it)
MAX_SEARCH = 100
MAX_PAGE = 10_000
SHOWN = 40  # how much of a value that cannot be used a note repeats
YES = ("1", "true", "yes", "on")
NO = ("0", "false", "no", "off", "")
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def rating_name(rating: Rating) -> str:
    """A rating as a URL or the CLI names it: `red`, `no-target`."""
    return rating.value.lower().replace(" ", "-")


RATINGS: Mapping[str, Rating] = {rating_name(rating): rating for rating in Rating}
FREQUENCIES: Mapping[str, Frequency] = {frequency.value: frequency for frequency in Frequency}


def _shown(value: str) -> str:
    """A value that could not be used, as a note repeats it: short, without control characters."""
    value = CONTROL.sub("", value)
    return value if len(value) <= SHOWN else f"{value[:SHOWN]}…"


def unknown_note(name: str, value: str) -> str:
    """The note for a filter whose value names nothing: "There is no theme 'x': showing every theme."."""
    every = "every priority" if name == "priority" else f"every {name}"
    return f"There is no {name} '{_shown(value)}': showing {every}."


def refusal(note: str) -> str:
    """A note as a refusal, without what the page shows instead: "There is no theme 'x'."."""
    return note.rpartition(": ")[0] + "."


def _choice(name: str, value: str, known: Mapping[str, object]) -> tuple[object | None, str | None]:
    wanted = "-".join(value.replace("_", " ").lower().split())  # `No target`, `no_target` and `no-target` alike
    if wanted in known:
        return known[wanted], None
    return None, f"'{_shown(value)}' is not a {name} the grid can show ({', '.join(known)}): showing every {name}."


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


def read_filters(search: str | None) -> tuple[GridFilters, tuple[str, ...]]:
    """The filters a URL's query asks for, and a plain-English note for each value that could not be used
    (that filter is then left out, never guessed). Other parameters (as_at) are ignored; of a repeated one,
    the first counts."""
    query = parse_qs((search or "").lstrip("?")[:MAX_QUERY], keep_blank_values=True)
    asked = {name: query[name][0] for name in FILTER_NAMES if name in query}
    return filters_from(asked)


def filters_from(asked: Mapping[str, str]) -> tuple[GridFilters, tuple[str, ...]]:
    """The filters from values by name (a URL's, or the CLI's options), with a note for each unusable one."""
    found: dict[str, object] = {}
    notes: list[str] = []
    for name, value in asked.items():
        if name in SLUG_FILTERS:
            wanted = value.strip().lower()  # slugs are lower case: `Children-and-young-people` names the same
            used, note = (wanted, None) if SLUG.fullmatch(wanted) else (None, unknown_note(name, value))
            if not wanted:
                used, note = None, None
        elif name == "rating":
            used, note = _choice("rating", value, RATINGS) if value.strip() else (None, None)
        elif name == "frequency":
            used, note = _choice("frequency", value, FREQUENCIES) if value.strip() else (None, None)
        elif name in ("partnership", "underperforming"):
            used, note = _flag(name, value)
        elif name == "search":
            used, note = _search(value)
        elif name == "page":
            used, note = _page(value)
        else:
            continue
        if note:
            notes.append(note)
        if used is not None:
            found[name] = used
    return replace(NO_FILTERS, **found), tuple(notes)


def filters_query(filters: GridFilters, as_at: str | None) -> str:
    """The query string for `filters` at a month, in FILTER_NAMES order then `as_at`; only the filters set
    (and the page when it is not the first): `?theme=x&rating=red&as_at=2008-12`."""
    pairs: list[tuple[str, str]] = []
    for name in FILTER_NAMES:
        value = getattr(filters, name)
        if name == "rating" and value is not None:
            pairs.append((name, rating_name(value)))
        elif name == "frequency" and value is not None:
            pairs.append((name, value.value))
        elif name in ("partnership", "underperforming"):
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
