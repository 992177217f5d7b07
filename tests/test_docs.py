"""The README, docs/rules.md, docs/formats.md and the templates say what the code does: checked, so that they
cannot drift apart. The worked examples in docs/rules.md are run through the rules themselves."""

from __future__ import annotations

import argparse
import inspect
import re
import shlex
from datetime import date, datetime
from enum import StrEnum
from pathlib import Path

import pytest

from data import rules, store, tables
from data.export import ACTIONS, EXCEPTIONS, GRID_AFTER, GRID_BEFORE, SCORECARD, VALUES
from data.importer import COLUMNS, MAX_FIGURE, MAX_NAME, MAX_TEXT, SHORTER, load_file, parse_tolerance
from data.periods import FIRST_YEAR, LAST_YEAR, Frequency, Period, PeriodError, parse_period
from data.rules import (
    ActionKind,
    ActionStatus,
    Direction,
    FollowUp,
    Polarity,
    Rating,
    Reason,
    SignalRule,
    Target,
    Tolerance,
)

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
RULES = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
FORMATS = (ROOT / "docs" / "formats.md").read_text(encoding="utf-8")
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
NONE = "—"  # how a table of examples writes "nothing"

# --- reading the documents ------------------------------------------------------------------------------


def _lines_outside_code(text: str) -> list[str]:
    """The lines of a Markdown text, with fenced code blocks blanked (a `# comment` there is no heading)."""
    lines, fenced = [], False
    for line in text.splitlines():
        if line.startswith("```"):
            fenced = not fenced
        lines.append("" if fenced or line.startswith("```") else line)
    return lines


def headings(text: str, level: int) -> list[str]:
    """The headings of one level, in order."""
    mark = "#" * level + " "
    return [line[len(mark):].strip() for line in _lines_outside_code(text) if line.startswith(mark)]


def section(text: str, heading: str) -> str:
    """The text under a heading (`## Ratings`), up to the next heading of the same or a higher level."""
    level = len(heading) - len(heading.lstrip("#"))
    raw, shown = text.splitlines(), _lines_outside_code(text)
    start = shown.index(heading) + 1
    end = next((i for i in range(start, len(shown))
                if shown[i].startswith("#") and len(shown[i]) - len(shown[i].lstrip("#")) <= level
                and shown[i][len(shown[i]) - len(shown[i].lstrip("#")):].startswith(" ")), len(shown))
    return "\n".join(raw[start:end])


def prose(text: str) -> str:
    """Text on one line, its spaces and line breaks each made one space: for finding a phrase."""
    return " ".join(text.split())


def _cells(line: str) -> list[str]:
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


def tables_in(text: str) -> list[list[dict[str, str]]]:
    """Every Markdown table in `text`, each as rows keyed by its header's cells."""
    found, block = [], []
    for line in [*text.splitlines(), ""]:
        if line.startswith("|"):
            block.append(_cells(line))
            continue
        if len(block) > 2:
            found.append([dict(zip(block[0], row, strict=True)) for row in block[2:]])
        block = []
    return found


def table(text: str, *header: str) -> list[dict[str, str]]:
    """The one table in `text` whose header starts with these cells."""
    matches = [rows for rows in tables_in(text) if list(rows[0])[:len(header)] == list(header)]
    assert len(matches) == 1, f"expected one table headed {header}, found {len(matches)}"
    return matches[0]


def code(cell: str) -> str:
    return cell.strip().strip("`")


def figure(cell: str) -> float | None:
    cell = code(cell)
    return None if cell == NONE else float(cell.replace("−", "-").replace(",", ""))


def target(cell: str) -> Target | None:
    cell = code(cell)
    if cell == NONE:
        return None
    low, _, high = cell.partition("–")
    return Target(float(low.replace("−", "-")), float((high or low).replace("−", "-")))


def tolerance(cell: str) -> Tolerance:
    amount, percent = parse_tolerance(code(cell))
    return Tolerance(amount, percent)


def maybe(kind, cell: str):
    """An enum member, or None for a cell that says nothing."""
    return None if code(cell) == NONE else kind(code(cell))


def day(cell: str) -> date | None:
    return None if code(cell) == NONE else date.fromisoformat(code(cell))


def yes(cell: str) -> bool:
    assert cell in ("yes", "no"), cell
    return cell == "yes"


WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "eight": 8}


def number(text: str) -> float:
    """A figure as a page writes it: `1e-9`, `5`, or a word (`two`)."""
    return WORDS[text.lower()] if text.lower() in WORDS else float(text)


# --- the pages and their sections ------------------------------------------------------------------------

RULES_SECTIONS = ["Ratings", "Direction of travel", "Roll-ups", "Action status", "Under-performance",
                  "Late returns", "Year-end forecast", "Questions for members", "Statistical signals",
                  "Cumulative indicators", "What went well", "The golden thread", "Restatements"]
FORMATS_SECTIONS = ["Indicator definitions", "Values", "Actions", "Periods", "Loading: all or nothing", "Exports",
                    "Command line"]


@pytest.mark.parametrize(("text", "expected"), [(RULES, RULES_SECTIONS), (FORMATS, FORMATS_SECTIONS)],
                         ids=["rules", "formats"])
def test_each_reference_has_its_sections_in_order(text, expected):
    assert headings(text, 2) == expected


def test_the_readme_points_at_both_references():
    for page in ("docs/rules.md", "docs/formats.md"):
        assert f"]({page})" in README


# --- files in: the column tables ---------------------------------------------------------------------------

SECTIONS = {"definitions": "## Indicator definitions", "values": "## Values", "actions": "## Actions"}


def documented_columns(heading: str) -> dict[str, str]:
    """The `column | required` rows of the table under a heading of docs/formats.md, in order."""
    rows = table(section(FORMATS, heading), "column", "required")
    return {code(row["column"]): row["required"] for row in rows}


@pytest.mark.parametrize("kind", list(COLUMNS))
def test_the_formats_document_every_column_in_order_and_whether_it_is_required(kind):
    expected = {name: "yes" if column.required else "no" for name, column in COLUMNS[kind].items()}
    documented = documented_columns(SECTIONS[kind])
    assert documented == expected
    assert list(documented) == list(expected)  # the templates' order, too


def _choice_columns():
    """(kind, column, options) for every column that accepts one of a few words, as its parser says them."""
    for kind, columns in COLUMNS.items():
        for name, column in columns.items():
            try:
                column.parse("no such option")
            except ValueError as error:
                if str(error).startswith("expected one of "):
                    yield kind, name, str(error).removeprefix("expected one of ").split(", ")
            except TypeError:
                pass


@pytest.mark.parametrize(("kind", "column", "options"), list(_choice_columns()))
def test_the_formats_name_every_word_a_column_accepts(kind, column, options):
    rows = table(section(FORMATS, SECTIONS[kind]), "column", "required")
    row = next(row for row in rows if code(row["column"]) == column)
    for option in options:
        assert f"`{option}`" in row["accepts"]


def test_the_choice_columns_are_the_rules_own():
    found = {(kind, column): set(options) for kind, column, options in _choice_columns()}
    assert found[("definitions", "polarity")] == set(Polarity)
    assert found[("definitions", "frequency")] == set(Frequency)
    assert found[("actions", "kind")] == set(ActionKind)
    assert ("values", "status") in found


def test_the_templates_load_into_an_empty_database(engine):
    for kind in ("definitions", "values", "actions"):
        template = ROOT / "docs" / "templates" / f"{kind}.csv"
        header = template.read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == list(COLUMNS[kind])  # every column, in the documented order
        report = load_file(engine, template, as_of=date(2006, 9, 30))
        assert report.added > 0


# --- periods ------------------------------------------------------------------------------------------------


def _period_cell(cell: str) -> object:
    """A period as written in the table: text in backticks, or `a date cell, 1 Oct 2006`."""
    if cell.startswith("a date cell, "):
        return datetime.strptime(cell.removeprefix("a date cell, "), "%d %b %Y")
    return code(cell)


def _frequency(cell: str) -> Frequency | None:
    return None if cell == "any" else Frequency(cell)


PERIODS = section(FORMATS, "## Periods")


@pytest.mark.parametrize("row", table(PERIODS, "written", "frequency", "is read as"), ids=lambda r: str(r))
def test_every_period_spelling_shown_is_read_as_the_period_stated(row):
    found = parse_period(_period_cell(row["written"]), _frequency(row["frequency"]))
    assert found.label == row["is read as"]


@pytest.mark.parametrize("row", table(PERIODS, "written", "frequency", "why"), ids=lambda r: str(r))
def test_every_period_shown_as_refused_is_refused(row):
    with pytest.raises(PeriodError):
        parse_period(_period_cell(row["written"]), _frequency(row["frequency"]))


@pytest.mark.parametrize("frequency", list(Frequency))
def test_the_periods_table_shows_every_frequency_and_its_canonical_label(frequency):
    rows = table(PERIODS, "written", "frequency", "is read as")
    assert any(row["frequency"] == frequency and code(row["written"]) == row["is read as"] for row in rows)


def test_the_years_periods_are_read_in_are_those_stated():
    years = f"financial year {FIRST_YEAR}/{(FIRST_YEAR + 1) % 100:02d} to {LAST_YEAR}/{LAST_YEAR + 1}"
    assert years in prose(PERIODS)


# --- limits -------------------------------------------------------------------------------------------------

MB = 1024 * 1024
LIMITS = [
    ("file size", f"{tables.MAX_FILE_BYTES // MB} MB"),
    ("a workbook unpacked", f"{tables.MAX_UNPACKED_BYTES // MB} MB"),
    ("rows in a file", f"{tables.MAX_ROWS:,}"),
    ("columns in a file", f"{tables.MAX_COLUMNS:,}"),
    ("parts inside a workbook", f"{tables.MAX_ZIP_ENTRIES:,}"),
    ("a workbook's compression", f"{tables.MAX_COMPRESSION_RATIO} to 1"),
    ("a title, definition or note", f"{MAX_TEXT:,} characters"),
    ("a code, ref or unit", f"{SHORTER['code']} characters"),
    ("any other name, and each item of a `;`-separated list", f"{MAX_NAME} characters"),
    ("a figure", f"between −{MAX_FIGURE:,.0f} and {MAX_FIGURE:,.0f}"),
    ("dates", f"{FIRST_YEAR} to {LAST_YEAR + 1}"),
    ("periods", f"financial years {FIRST_YEAR}/{(FIRST_YEAR + 1) % 100:02d} to {LAST_YEAR}/{LAST_YEAR + 1}"),
]


def test_the_limits_are_the_codes_own():
    documented = {row["limit"]: row["figure"] for row in table(section(FORMATS, "## Loading: all or nothing"),
                                                                 "limit", "figure")}
    assert documented == dict(LIMITS)
    assert set(SHORTER.values()) == {SHORTER["code"]}  # code, ref and unit share one limit


# --- files out: the exports ---------------------------------------------------------------------------------

EXPORTS = [("scorecard", SCORECARD), ("exceptions", EXCEPTIONS), ("actions", ACTIONS), ("values", VALUES)]


@pytest.mark.parametrize(("name", "columns"), EXPORTS)
def test_the_readme_documents_every_export_column(name, columns):
    assert f"| {name} | `{', '.join(columns)}` |" in README


@pytest.mark.parametrize(("name", "columns"), EXPORTS)
def test_the_formats_document_every_export_column_in_order(name, columns):
    rows = table(section(FORMATS, f"### {name.capitalize()} export"), "column", "holds")
    assert [code(row["column"]) for row in rows] == columns


@pytest.mark.parametrize(("column", "kind"), [("rating", Rating), ("short_term", Direction),
                                              ("reasons", Reason), ("status", ActionStatus), ("kind", ActionKind)])
def test_the_export_columns_name_every_word_they_hold(column, kind):
    rows = [row for name, _ in EXPORTS for row in table(section(FORMATS, f"### {name.capitalize()} export"),
                                                        "column", "holds") if code(row["column"]) == column]
    assert rows
    for member in kind:
        assert any(f"`{member}`" in row["holds"] for row in rows), member


GRID = section(FORMATS, "### Grid export")


def test_the_formats_document_the_grid_exports_columns_in_order():
    documented = [code(row["column"]) for row in table(GRID, "column", "holds")]
    assert documented[:len(GRID_BEFORE)] == GRID_BEFORE
    assert documented[-len(GRID_AFTER):] == GRID_AFTER
    assert len(documented) == len(GRID_BEFORE) + 1 + len(GRID_AFTER)  # and one row for the quarters' columns


@pytest.mark.parametrize(("position", "kind"), [(len(GRID_BEFORE), Rating), (-2, Direction)],
                         ids=["the quarters' columns", "short_term"])
def test_the_grid_exports_columns_name_every_word_they_hold(position, kind):
    holds = table(GRID, "column", "holds")[position]["holds"]
    for member in kind:
        assert f"`{member}`" in holds, member


def test_the_grid_exports_filters_are_the_urls():
    from data.filters import FILTER_NAMES, RATINGS

    options = _options(COMMANDS[("export", "grid")])
    assert {name for name in FILTER_NAMES if name != "page"} <= {written.lstrip("-") for written in options}
    for name in RATINGS:
        assert f"`{name}`" in _documented_options(("export", "grid"))["--rating"]


# --- the command line ---------------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    from dashboard.cli import _parser

    return _parser()


def _commands(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    """Every command the parser takes, as (words, its parser): the root, `import`, `export scorecard`, ..."""
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers or not path:
        yield path, parser
    for action in subparsers:
        for name, sub in action.choices.items():
            yield from _commands(sub, (*path, name))


def _options(parser: argparse.ArgumentParser) -> dict[str, argparse.Action]:
    """A parser's options and positional arguments, by each way of writing them (help aside)."""
    found = {}
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction | argparse._SubParsersAction):
            continue
        for written in action.option_strings or [action.metavar or action.dest]:
            found[written] = action
    return found


COMMANDS = dict(_commands(_parser()))
CLI = section(FORMATS, "## Command line")


def _heading(path: tuple[str, ...]) -> str:
    return "### " + (" ".join(path) if path else "Options for every command")


def test_every_command_is_documented_and_every_documented_command_exists():
    assert headings(CLI, 3) == [_heading(path)[4:] for path in COMMANDS]


def _documented_options(path: tuple[str, ...]) -> dict[str, str]:
    """The options in a command's table, each way of writing one (`-o FILE`, `--output FILE`) with its row."""
    rows = {}
    for candidate in tables_in(section(CLI, _heading(path))):
        if list(candidate[0])[:2] == ["option", "meaning"]:
            for row in candidate:
                for written in re.findall(r"`(-{1,2}[a-z][a-z-]*|[A-Z]+)[^`]*`", row["option"]):
                    rows[written] = f"{row['option']} | {row['meaning']}"
    return rows


@pytest.mark.parametrize("path", list(COMMANDS), ids=lambda p: " ".join(p) or "every command")
def test_every_option_of_every_command_is_documented_with_its_choices_and_default(path):
    options = _options(COMMANDS[path])
    documented = _documented_options(path)
    assert set(documented) == set(options)
    for written, action in options.items():
        for choice in action.choices or ():
            assert choice in documented[written], (written, choice)
        if action.default not in (None, False):
            assert f"`{action.default}`" in documented[written], (written, action.default)


def _examples() -> list[tuple[str, str]]:
    """Every `python -m dashboard ...` line in a shell block of the README or the docs (synopses aside)."""
    found = []
    for document in DOCUMENTS:
        fenced = False
        for line in document.read_text(encoding="utf-8").splitlines():
            if line.startswith("```"):
                fenced = not fenced
            elif fenced and line.startswith("python -m dashboard") and not re.search(r"[\[|]", line):
                found.append((document.name, line))
    return found


@pytest.mark.parametrize(("document", "line"), _examples())
def test_every_example_command_is_one_the_command_line_takes(document, line):
    words = shlex.split(line, comments=True)[3:]
    try:
        _parser().parse_args(words)
    except SystemExit:
        pytest.fail(f"{document}: {line}")


def test_every_command_named_in_the_readme_and_docs_is_one_the_cli_has():
    named = {(document.name, match) for document in DOCUMENTS
             for match in re.findall(r"python -m dashboard ([a-z]+(?: [a-z]+)?)", document.read_text("utf-8"))}
    assert named
    first_words = {path[0] for path in COMMANDS if path}
    for document, words in named:
        command, _, what = words.partition(" ")
        assert command in first_words, (document, words)
        if command == "export":
            assert ("export", what) in COMMANDS, (document, words)


# --- the rules: figures, names and worked examples -----------------------------------------------------------

NO_CHANGE = inspect.signature(rules.direction).parameters["no_change"].default
FIGURES = [
    ("Ratings", r"the default is ([\d.]+)% of the target", rules.DEFAULT_TOLERANCE.amount),
    ("Ratings", r"within a billionth \(([\de.-]+)\) of their size", rules._REL),
    ("Direction of travel", r"no more than ([\d.]+)% of the earlier figure is \*\*No change\*\*", NO_CHANGE),
    ("Direction of travel", r"exactly ([\d.]+)% is still No change", NO_CHANGE),
    ("Action status", r"more than ([\d.]+) percentage points below", rules.BEHIND_BY),
    ("Action status", r"Exactly ([\d.]+) points below is not Behind", rules.BEHIND_BY),
    ("Under-performance", r"(\w+) or more periods in a row with no figure end it", rules.GAP_THAT_ENDS_A_RUN),
    ("Late returns", r"at most (\w+) years back", store.LATE_LOOKS_BACK),
    ("Late returns", r"more than (\w+) years old is not late", store.LATE_LOOKS_BACK),
    ("Statistical signals", r"the first (\d+) figures of a monthly", rules.BASELINE_FIGURES[Frequency.MONTHLY]),
    ("Statistical signals", r"the first (\d+) of a quarterly", rules.BASELINE_FIGURES[Frequency.QUARTERLY]),
    ("Statistical signals", r"the first (\d+) of an annual", rules.BASELINE_FIGURES[Frequency.ANNUAL]),
    ("Statistical signals", r"plus and minus ([\d.]+) times the average moving range", rules.NATURAL_LIMITS),
    ("Statistical signals", r"no signal at all from fewer than (\d+) figures", rules.MIN_FIGURES_FOR_SIGNALS),
    ("Statistical signals", r"(\w+) or more figures in a row all above", rules.RUN_ON_ONE_SIDE),
    ("Statistical signals", r"(\w+) or more figures in a row, each higher", rules.TREND),
    ("What went well", r"Green for (\d+) periods in a row or more", rules.SUSTAINED_PERIODS),
]


@pytest.mark.parametrize(("heading", "phrase", "expected"), FIGURES)
def test_every_figure_quoted_in_the_rules_is_the_codes_own(heading, phrase, expected):
    found = re.search(phrase, prose(section(RULES, f"## {heading}")))
    assert found, phrase
    assert number(found[1]) == expected


def test_the_default_tolerance_is_a_percentage():
    assert rules.DEFAULT_TOLERANCE.percent
    assert rules._ABS == rules._REL  # the page gives one figure for both


@pytest.mark.parametrize(("heading", "kind", "as_code"), [
    ("Ratings", Rating, False), ("Ratings", Polarity, True), ("Direction of travel", Direction, False),
    ("Action status", ActionStatus, False), ("Action status", ActionKind, True), ("Under-performance", Reason, True),
    ("Statistical signals", SignalRule, False), ("The golden thread", FollowUp, False),
])
def test_the_rules_name_every_member_of_their_words(heading, kind: type[StrEnum], as_code):
    text = section(RULES, f"## {heading}")
    for member in kind:
        assert (f"`{member}`" if as_code else f"**{member}**") in text, member


def test_the_forecast_methods_shown_on_screen_are_quoted():
    text = prose(section(RULES, "## Year-end forecast"))
    for method in rules.FORECAST_METHOD.values():
        assert f'"{method}"' in text


RATINGS = section(RULES, "## Ratings")


@pytest.mark.parametrize("row", table(RATINGS, "polarity", "target", "tolerance", "actual", "rating"),
                         ids=lambda r: f"{r['polarity']} {r['target']} {r['actual']}")
def test_the_rating_examples(row):
    rated = rules.rate(figure(row["actual"]), target(row["target"]), code(row["polarity"]), tolerance(row["tolerance"]))
    assert rated == Rating(row["rating"])


@pytest.mark.parametrize("row", table(RATINGS, "polarity", "target", "tolerance", "actual", "unit"),
                         ids=lambda r: r["the page says"])
def test_the_rating_explanations(row):
    args = (figure(row["actual"]), target(row["target"]), code(row["polarity"]), tolerance(row["tolerance"]))
    rated = rules.rate(*args)
    assert rules.explain_rating(rated, *args, unit=row["unit"]) == row["the page says"]


@pytest.mark.parametrize("row", table(section(RULES, "## Direction of travel"), "polarity", "earlier"),
                         ids=lambda r: f"{r['polarity']} {r['earlier']}->{r['later']}")
def test_the_direction_examples(row):
    found = rules.direction(figure(row["earlier"]), figure(row["later"]), code(row["polarity"]),
                            target(row["target range"]))
    assert found == maybe(Direction, row["direction"])


def test_the_roll_up_example():
    text = section(RULES, "## Roll-ups")
    rows = table(text, "indicator", "rating", "long term")
    summary = rules.roll_up([row["rating"] for row in rows], [maybe(Direction, row["long term"]) for row in rows])
    assert str(summary) == re.search(r"The roll-up reads: `([^`]+)`", text)[1]


@pytest.mark.parametrize("row", table(section(RULES, "## Action status"), "as at", "start", "due"),
                         ids=lambda r: r["why"])
def test_the_action_status_examples(row):
    found = rules.action_status(day(row["as at"]), day(row["start"]), day(row["due"]), figure(row["progress"]),
                                day(row["completed"]))
    assert found == ActionStatus(row["status"])


UNDER = section(RULES, "## Under-performance")


@pytest.mark.parametrize("row", table(UNDER, "ratings, oldest first", "periods missed"),
                         ids=lambda r: r["ratings, oldest first"])
def test_the_missed_run_examples(row):
    ratings = [Rating(word) for word in row["ratings, oldest first"].split(", ")]
    assert rules.periods_missed(ratings) == int(row["periods missed"])


@pytest.mark.parametrize("row", table(UNDER, "rating", "short term", "long term"), ids=lambda r: r["reasons"])
def test_the_under_performance_examples(row):
    found = rules.under_performance(Rating(row["rating"]), maybe(Direction, row["short term"]),
                                    maybe(Direction, row["long term"]), int(row["periods missed"]),
                                    yes(row["forecast misses"]))
    expected = [] if row["reasons"] == NONE else [Reason(r) for r in code(row["reasons"]).split("; ")]
    assert found == expected


@pytest.mark.parametrize("row", table(section(RULES, "## Year-end forecast"), "frequency", "cumulative"),
                         ids=lambda r: f"{r['frequency']} {r['figures so far']} -> {r['year-end target']}")
def test_the_forecast_examples(row):
    frequency = Frequency(row["frequency"])
    points = []
    for written in row["figures so far"].split("; "):
        label, _, actual = written.rpartition(": ")
        points.append((parse_period(label, frequency).number, float(actual)))
    now, year_end = figure(row["target now"]), figure(row["year-end target"])
    forecast = rules.forecast_year_end(points, frequency.per_year, yes(row["cumulative"]), now, year_end)
    expected = figure(row["forecast"])
    assert forecast == (None if expected is None else pytest.approx(expected))
    misses = forecast is not None and year_end is not None and \
        rules.rate(forecast, Target.single(year_end), code(row["polarity"])) is not Rating.GREEN
    assert misses == yes(row["misses"])


SIGNALS = section(RULES, "## Statistical signals")
EXAMPLE_LIMITS = rules.ProcessLimits(10, 1, 12)  # "a centre line of 10 and an average moving range of 1"


def figures(cell: str) -> list[float | None]:
    return [figure(written) for written in cell.split(", ")]


@pytest.mark.parametrize("row", table(SIGNALS, "baseline", "centre line"), ids=lambda r: r["baseline"])
def test_the_process_limits_examples(row):
    limits = rules.process_limits(figures(row["baseline"]))
    found = (limits.centre, limits.average_moving_range, limits.lower, limits.upper)
    written = [figure(row[name]) for name in ("centre line", "average moving range", "lower limit", "upper limit")]
    assert found == pytest.approx(written, abs=0.005)  # the page gives two decimal places


def test_the_process_limits_explanation():
    limits = rules.process_limits(figures(table(SIGNALS, "baseline", "centre line")[0]["baseline"]))
    said = re.search(r"The page shows how its limits were worked out: `([^`]+)`", SIGNALS)[1]
    assert rules.explain_process_limits(limits, "days") == said
    assert "centre line of 10 and an average moving range of 1" in prose(SIGNALS)


def _said(signal: rules.Signal) -> str:
    """A signal as the examples write it: "eight points in a row on one side, figures 2 to 9, above: Improving"."""
    where = f"figure {signal.first + 1}" if signal.first == signal.last else \
        f"figures {signal.first + 1} to {signal.last + 1}"
    way = ("above" if signal.upward else "below") if signal.rule is not SignalRule.TREND else \
        ("rising" if signal.upward else "falling")
    return f"{signal.rule}, {where}, {way}: {signal.direction or NONE}"


@pytest.mark.parametrize("row", table(SIGNALS, "figures, oldest first", "polarity", "signals"), ids=lambda r: r["why"])
def test_the_signal_examples(row):
    found = rules.signals(figures(row["figures, oldest first"]), EXAMPLE_LIMITS, code(row["polarity"]))
    assert ("; ".join(map(_said, found)) or NONE) == row["signals"]


@pytest.mark.parametrize("row", table(SIGNALS, "figures, oldest first", "polarity", "unit"),
                         ids=lambda r: r["the page says"])
def test_the_signal_explanations(row):
    series = figures(row["figures, oldest first"])
    first = parse_period(re.search(r"\(the figures from (\w+ \d+) on", SIGNALS)[1], Frequency.MONTHLY)
    months = [Period(first.ordinal + i, Frequency.MONTHLY).label for i in range(len(series))]
    (signal,) = rules.signals(series, EXAMPLE_LIMITS, code(row["polarity"]))
    assert rules.explain_signal(signal, series, EXAMPLE_LIMITS, months, row["unit"]) == row["the page says"]


def test_the_own_figures_example():
    rows = table(section(RULES, "## Cumulative indicators"), "period", "year to date", "own figure")
    series = [(parse_period(row["period"], Frequency.MONTHLY), figure(row["year to date"])) for row in rows]
    assert rules.own_increments(series) == [figure(row["own figure"]) for row in rows]


@pytest.mark.parametrize("row", table(section(RULES, "## What went well"), "ratings, oldest first"),
                         ids=lambda r: r["ratings, oldest first"])
def test_the_what_went_well_examples(row):
    ratings = [Rating(word) for word in row["ratings, oldest first"].split(", ")]
    assert rules.periods_on_target(ratings) == int(row["periods on target"])
    assert rules.sustained_on_target(ratings) == yes(row["sustained on target"])
    assert rules.newly_on_target(ratings) == yes(row["newly on target"])


def test_the_improvement_example():
    found = re.search(r"\(up (\d+) on (\d+) is (\d+)%\)", section(RULES, "## What went well"))
    assert rules.improvement(float(found[2]), float(found[2]) + float(found[1]), "higher") == float(found[3])


THREAD = section(RULES, "## The golden thread")


@pytest.mark.parametrize("row", table(THREAD, "part", "whole", "of"), ids=lambda r: r["the page says"])
def test_the_share_examples(row):
    assert rules.explain_share(int(row["part"]), int(row["whole"]), row["of"]) == row["the page says"]


@pytest.mark.parametrize("row", table(THREAD, "status", "start", "as at"), ids=lambda r: r["the page says"])
def test_the_follow_up_examples(row):
    reported = [] if row["progress reported on"] == NONE else \
        [date.fromisoformat(written) for written in row["progress reported on"].split(", ")]
    quarters = rules.quarters_open(day(row["start"]), day(row["as at"]))
    found = rules.follow_up(ActionStatus(row["status"]), reported, quarters)
    assert found is FollowUp(row["follow-up"])
    assert rules.explain_follow_up(found, reported, quarters) == row["the page says"]


# --- links ---------------------------------------------------------------------------------------------------


def anchors(path: Path) -> set[str]:
    """The anchors GitHub gives a Markdown file's headings (`## Loading: all or nothing` -> loading-all-or-nothing)."""
    found: set[str] = set()
    for level in range(1, 7):
        for heading in headings(path.read_text(encoding="utf-8"), level):
            slug = re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
            unique, n = slug, 1
            while unique in found:
                unique, n = f"{slug}-{n}", n + 1
            found.add(unique)
    return found


def _links():
    for document in DOCUMENTS:
        text = "\n".join(_lines_outside_code(document.read_text(encoding="utf-8")))
        for target_ in re.findall(r"\]\(([^)\s]+)\)", text):
            if not re.match(r"[a-z]+:", target_):
                yield document, target_


@pytest.mark.parametrize(("document", "link"), list(_links()),
                         ids=lambda x: str(x.relative_to(ROOT)) if isinstance(x, Path) else x)
def test_every_relative_link_in_the_readme_and_docs_resolves(document, link):
    path, _, anchor = link.partition("#")
    linked = (document.parent / path).resolve() if path else document
    assert linked.exists(), link
    if anchor:
        assert anchor in anchors(linked), link


def _citations():
    for folder in ("data", "dashboard", "callbacks", "layouts", "tests", "benchmarks"):
        for source in sorted((ROOT / folder).rglob("*.py")):
            for cited in re.findall(r"docs/[\w./-]+\.md(?:#[\w-]+)?", source.read_text(encoding="utf-8")):
                yield source.relative_to(ROOT), cited


@pytest.mark.parametrize(("source", "cited"), [*_citations(), ("(this test)", "docs/rules.md#ratings")])
def test_every_docs_citation_in_the_code_resolves(source, cited):
    path, _, anchor = cited.partition("#")
    assert (ROOT / path).exists(), (source, cited)
    if anchor:
        assert anchor in anchors(ROOT / path), (source, cited)
