"""The command line: load files, export the scorecard and the figures, build the demo council.

Exit codes: 0 done; 1 the data or file was refused (nothing stored); 2 the command was mistyped."""

from __future__ import annotations

import argparse
import difflib
import getpass
import sys
from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from dashboard.settings import Settings
from data import export, filters
from data.answers import Grid
from data.db import display_url, first_line
from data.demo import NOTICE, build_demo
from data.importer import KINDS, ImportRejected, load_file, parse_date
from data.periods import Frequency, Period, PeriodError, parse_period
from data.rules import Rating
from data.store import Store
from data.tables import UnreadableFile


class UsageError(Exception):
    """A mistyped command: exit 2."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m dashboard",
        description="Council Performance Dashboard: load a period's data, export the scorecard, build the demo.",
        epilog="Without a command: serve the dashboard (building the demo council on first run).")
    parser.add_argument("--database-url", metavar="URL",
                        help="any SQLAlchemy URL (default: $DASHBOARD_DATABASE_URL, else the embedded SQLite file)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    load = commands.add_parser("import", help="load a definitions, values or actions file (CSV or .xlsx)",
                               description="Load a file: all or nothing; every problem listed by row and column.")
    load.add_argument("file", type=Path, metavar="FILE")
    load.add_argument("--kind", choices=KINDS, help="what the file holds (default: told by its columns)")
    load.add_argument("--dry-run", action="store_true", help="check the file and say what would change; store nothing")
    load.add_argument("--as-of", metavar="DATE", help="for actions: the date the progress was reported (default today)")

    out = commands.add_parser("export", help="write the scorecard, exceptions, actions, values or the status grid "
                                             "as CSV or .xlsx")
    what = out.add_subparsers(dest="what", metavar="WHAT", required=True)
    for name, help_text in (("scorecard", "one row per indicator, rated"),
                            ("exceptions", "the under-performing indicators and their remedial actions"),
                            ("actions", "every action with its status"),
                            ("values", "the figures as a values file, to correct and load back"),
                            ("grid", "the status grid: each indicator's rating over the last eight quarters")):
        sub = what.add_parser(name, help=help_text, description=help_text[0].upper() + help_text[1:] + ".")
        if name == "actions":
            sub.add_argument("--as-of", metavar="DATE", help="status as at this date (default today)")
        elif name == "values":
            sub.add_argument("--indicator", metavar="CODE", help="one indicator's figures (default: every one)")
            sub.add_argument("--from", dest="first", metavar="P",
                             help="values from this period on, e.g. 'Apr 2008', 'Q1 2008/09', 2008/09")
            sub.add_argument("--to", dest="last", metavar="P", help="values up to the end of this period")
        elif name == "grid":
            _grid_options(sub)
        else:
            sub.add_argument("--period", metavar="P", help="e.g. 2006/07, 'Q3 2006/07', 'Dec 2006' "
                             "(default: each indicator's latest)" if name == "scorecard" else
                             "e.g. 'Dec 2008' (default: the latest month with data)")
        sub.add_argument("--format", choices=("csv", "xlsx"), help="default: told by -o's ending, else csv")
        sub.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: standard output")

    demo = commands.add_parser("demo", help="build the demo council (real definitions, synthetic values)")
    demo.add_argument("--replace", action="store_true", help="empty the database first, then rebuild the demo")
    commands.add_parser("summary", help="print the priorities' roll-up for the latest month")
    serve = commands.add_parser("serve", help="serve the dashboard (the default command)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8050, help="port to listen on (default 8050)")
    return parser


def _grid_options(sub: argparse.ArgumentParser) -> None:
    """The grid's filters, named as in the grid's URL (data/filters.py reads both)."""
    sub.add_argument("--period", metavar="P", help="as at the last month of this period, e.g. 'Dec 2008' "
                     "(default: the latest month with data)")
    for name, what in (("theme", "theme"), ("directorate", "directorate"), ("service", "service"),
                       ("priority", "corporate priority")):
        sub.add_argument(f"--{name}", metavar="SLUG", help=f"only the indicators of this {what}, by its slug")
    sub.add_argument("--rating", metavar="NAME", help=f"only this latest rating: {', '.join(filters.RATINGS)}")
    sub.add_argument("--frequency", metavar="NAME", help=f"only this frequency: {', '.join(filters.FREQUENCIES)}")
    sub.add_argument("--partnership", action="store_true", help="only partnership indicators")
    sub.add_argument("--underperforming", action="store_true", help="only under-performing indicators")
    sub.add_argument("--search", metavar="TEXT", help="only indicators whose code or title holds this text")


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    settings = Settings.from_environment()
    url = args.database_url or settings.database_url
    store = None
    try:
        store = Store.open(url)
        return _run(args, store, settings)
    except UsageError as error:
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except (UnreadableFile, ImportRejected, SQLAlchemyError, OSError) as error:
        print(_refusal(error, url), file=sys.stderr)
        return 1
    finally:
        if store is not None:
            store.engine.dispose()


def _refusal(error: Exception, url: str) -> str:
    """What to say when the data, the file or the database refused: nothing was stored (exit 1)."""
    if isinstance(error, UnreadableFile):
        return f"{error}. Nothing was stored."
    if isinstance(error, ImportRejected):
        count = len(error.problems)
        return "\n".join([*map(str, error.problems),
                          f"{error.filename}: {count} problem{'s' if count != 1 else ''}; nothing was stored."])
    if isinstance(error, OperationalError):
        return f"Cannot use the database at {display_url(url)}: {first_line(error)}"
    if isinstance(error, SQLAlchemyError):
        return f"The database refused the change: {error.__class__.__name__}. Nothing was stored."
    assert isinstance(error, OSError)
    return f"{error.filename or ''}: {error.strerror}"


def _run(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    if args.command == "import":
        return _import(args, store)
    if args.command == "export":
        return _export(args, store)
    if args.command == "demo":
        return _demo(args, store)
    if store.is_empty() and settings.seed_demo:
        print("First run: building the demo council...", file=sys.stderr)
        build_demo(store.engine)
    if args.command == "summary":
        _summary(store, settings)
        return 0
    return _serve(store, settings, getattr(args, "host", "127.0.0.1"), getattr(args, "port", 8050))


def _import(args: argparse.Namespace, store: Store) -> int:
    as_of = _date(args.as_of, "--as-of") if args.as_of else None
    if as_of and args.kind not in (None, "actions"):
        raise UsageError("--as-of is for actions files")
    report = load_file(store.engine, args.file, kind=args.kind, dry_run=args.dry_run, as_of=as_of,
                       loaded_by=_user())
    print("\n".join(report.lines()))
    return 0


def _demo(args: argparse.Namespace, store: Store) -> int:
    if not args.replace and not store.is_empty():
        raise UsageError("the database already holds data: use 'demo --replace' to empty it and rebuild the demo")
    reports = build_demo(store.engine, replace=args.replace)
    for report in reports:
        print(f"{report.filename}: added {report.added}, changed {report.changed}")
    print(NOTICE)
    return 0


def _serve(store: Store, settings: Settings, host: str, port: int) -> int:
    """The development server; production runs `gunicorn dashboard.wsgi:server`."""
    from dashboard.app import create_app

    if not 0 < port < 65536:
        raise UsageError(f"--port: {port} is not a port number")
    app = create_app(settings, store)
    print(f"Serving the dashboard at http://{host}:{port}/ (press Ctrl+C to stop)", flush=True)
    app.run(host=host, port=port, debug=False)
    return 0


def _export(args: argparse.Namespace, store: Store) -> int:
    columns, rows = _export_rows(args, store)
    output_format = args.format or ("xlsx" if args.output and args.output.suffix.lower() == ".xlsx" else "csv")
    if output_format == "xlsx":
        if args.output is None and sys.stdout.isatty():
            raise UsageError("an .xlsx file is not for the screen: give -o FILE")
        content = export.to_xlsx(columns, rows, args.what)
    else:
        content = export.to_csv(columns, rows)
    if args.output is None:
        # bytes, not text: standard output gives exactly what -o would write, whatever the terminal's encoding
        sys.stdout.flush()
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        args.output.write_bytes(content)
        print(f"Wrote {len(rows)} rows to {args.output}", file=sys.stderr)
    return 0


def _export_rows(args: argparse.Namespace, store: Store) -> tuple[list[str], list[list[object]]]:
    """The columns and rows of the export asked for."""
    if args.what == "actions":
        as_of = _date(args.as_of, "--as-of") if args.as_of else date.today()
        return export.ACTIONS, export.action_rows(store, as_of)
    if args.what == "values":
        return export.VALUES, _values(args, store)
    period = _period(args.period) if args.period else None
    if args.what == "grid":
        return export.grid_table(_grid(args, store, period))
    if args.what == "scorecard":
        return export.SCORECARD, export.scorecard_rows(store, period)
    period = period or store.latest_period()
    if period is None:
        raise UsageError("there is no data yet to find exceptions in")
    return export.EXCEPTIONS, export.exception_rows(store, period)


def _grid(args: argparse.Namespace, store: Store, period: Period | None) -> Grid:
    """The grid the options ask for: a filter that cannot be used is refused (exit 2), never dropped, as the
    page would drop it: whoever scripts an export wants an error, not every theme."""
    asked = {name: getattr(args, name) for name in ("theme", "directorate", "service", "priority", "rating",
                                                    "frequency", "search") if getattr(args, name) is not None}
    asked.update({name: "yes" for name in ("partnership", "underperforming") if getattr(args, name)})
    wanted, notes = filters.filters_from(asked)
    month = Period.containing(Frequency.MONTHLY, period.end) if period else store.latest_period()
    if month is None:
        raise UsageError("there is no data yet to draw the grid from")
    found = store.grid(month, wanted)
    if notes or found.notes:  # every one at once, so that one run shows all there is to correct
        refused = [filters.refusal(note) for note in (*notes, *found.notes)]
        raise UsageError(" ".join(refused + _known_slugs(found, asked)))
    return found


def _known_slugs(grid: Grid, asked: dict[str, str]) -> list[str]:
    """For each slug option asked for that names nothing, the slugs it can take (the pages show names, the
    URL and this command take slugs: `children-and-young-people` for "Children and Young People")."""
    choices = grid.choices
    known = {"theme": choices.themes, "directorate": choices.directorates, "service": choices.services,
             "priority": choices.priorities}
    said = []
    for name, links in known.items():
        if name in asked and getattr(grid.filters, name) is None and links:
            said.append(f"--{name} takes one of: {', '.join(link.slug for link in links)}.")
    return said


def _values(args: argparse.Namespace, store: Store) -> list[list[object]]:
    """The values to export, chosen by --indicator, --from and --to."""
    code = None
    if args.indicator is not None:
        codes = export.indicator_codes(store)
        code = export.match_code(args.indicator, codes)
        if code is None:
            close = difflib.get_close_matches(args.indicator, codes, n=3, cutoff=0.6)
            hint = f": did you mean {' or '.join(close)}?" if close else ": the codes are as in the definitions file"
            raise UsageError(f"--indicator: no indicator has the code '{args.indicator}'{hint}")
    first = _period(args.first, "--from") if args.first else None
    last = _period(args.last, "--to") if args.last else None
    if first and last and first.start > last.end:
        raise UsageError(f"--from {first.label} is after --to {last.label}")
    return export.value_rows(store, code=code, first=first, last=last)


def _period(text: str, option: str = "--period") -> Period:
    try:
        return parse_period(text)
    except PeriodError as error:
        raise UsageError(f"{option}: {error}") from None


def _date(text: str, option: str) -> date:
    try:
        found = parse_date(text)
    except ValueError as error:
        raise UsageError(f"{option}: {error} ({text})") from None
    if found is None:
        raise UsageError(f"{option}: a date is required")
    return found


def _user() -> str | None:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


def _summary(store: Store, settings: Settings) -> None:
    """The cabinet's high-level picture as text, until the dashboard itself is served."""
    period = store.latest_period()
    if period is None:
        print("The database holds no values yet: load some with 'python -m dashboard import FILE'.")
        return
    print(f"{settings.council_name}: performance as at {period.label}")
    rollups = store.priority_rollups(period)
    width = max((len(rollup.priority.name) for rollup in rollups), default=10)
    print(f"{'Priority':<{width}}  Green Amber  Red  No target  Summary")
    for rollup in rollups:
        counts = rollup.roll_up.counts
        print(f"{rollup.priority.name:<{width}}  {counts[Rating.GREEN]:>5} {counts[Rating.AMBER]:>5} "
              f"{counts[Rating.RED]:>4} {counts[Rating.NO_TARGET]:>10}  {rollup.roll_up}")
    print(NOTICE if store.is_demo() else _as_loaded(store.last_loaded()))


def _as_loaded(loaded: datetime | None) -> str:
    """Where the figures come from, when they are the council's own."""
    if loaded is None:
        return "The figures are as loaded into this database."
    when = (loaded if loaded.tzinfo else loaded.replace(tzinfo=UTC)).astimezone(UTC)
    return f"The figures are as loaded into this database (last load {when.day} {when:%b %Y %H:%M} UTC)."
