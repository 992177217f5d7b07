"""The command line: load files, export the scorecard and the figures, write and freeze the report pack, build
the demo council.

Exit codes: 0 done; 1 the data or file was refused (nothing stored); 2 the command was mistyped."""

from __future__ import annotations

import argparse
import difflib
import errno
import getpass
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from types import MappingProxyType

from sqlalchemy.exc import OperationalError, SQLAlchemyError

from dashboard.report import Format, frozen_file, pack_file, pack_html, unavailable
from dashboard.settings import Settings
from data import export, filters, snapshots
from data.answers import Grid
from data.db import display_url, first_line
from data.demo import NOTICE, build_demo
from data.importer import KINDS, ImportRejected, load_file, parse_date
from data.periods import Frequency, Period, PeriodError, day_text, parse_period
from data.report import Audience, Frozen, PackError, ReportPack, ScopeKind, build_pack, meeting_day
from data.rules import Rating
from data.snapshots import Snapshot, SnapshotError, SnapshotSummary
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
    # serve's options also before any command, as `python -m dashboard --port 8063` (serve is the default); kept
    # apart from serve's own (`_where`), whose unset values would otherwise overwrite them
    parser.add_argument("--host", dest="serve_host", help="serving: address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", dest="serve_port", type=int, help="serving: port to listen on (default 8050)")
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

    report = commands.add_parser("report", help="write the Cabinet or a scrutiny report pack for a quarter as HTML, "
                                                "PDF or .xlsx; freeze it as reported, and see what has been restated",
                                 description="Write a report pack, freeze it as reported to a meeting, write a "
                                             "frozen pack again, list what has been restated since, or delete one.")
    _report_options(report)

    demo = commands.add_parser("demo", help="build the demo council (real definitions, synthetic values)")
    demo.add_argument("--replace", action="store_true", help="empty the database first, then rebuild the demo")
    commands.add_parser("summary", help="print the priorities' roll-up for the latest month")
    serve = commands.add_parser("serve", help="serve the dashboard (the default command)")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port to listen on (default 8050)")
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


def _report_options(sub: argparse.ArgumentParser) -> None:
    """Build a pack (--period), or use a frozen one (--snapshot, --restatements, --delete-snapshot): one of the four."""
    use = sub.add_mutually_exclusive_group(required=True)
    use.add_argument("--period", metavar="P", help="the period the pack reports, e.g. 'Q3 2008/09'")
    use.add_argument("--snapshot", metavar="NAME", help="write the frozen pack of this name again, as reported")
    use.add_argument("--restatements", metavar="NAME",
                     help="print what differs now from the frozen pack of this name, a line per indicator")
    use.add_argument("--delete-snapshot", metavar="NAME", help="delete the frozen pack of this name (with --yes)")
    sub.add_argument("--audience", choices=[audience.value for audience in Audience],
                     help="whom the pack is for (needed with --period)")
    scope = sub.add_mutually_exclusive_group()
    scope.add_argument("--theme", metavar="SLUG", help="a scrutiny pack of this theme, by its slug")
    scope.add_argument("--directorate", metavar="SLUG", help="a scrutiny pack of this directorate, by its slug")
    sub.add_argument("--format", choices=[fmt.value for fmt in Format], help="default: told by -o's ending, else html")
    sub.add_argument("-o", "--output", type=Path, metavar="FILE", help="default: standard output")
    sub.add_argument("--freeze", metavar="NAME", help="store the pack as reported to this meeting, e.g. "
                                                      "'Cabinet 15 January 2009'")
    sub.add_argument("--frozen-on", metavar="DATE",
                     help="with --freeze: the freeze's date (default: the date its name ends with, else today)")
    sub.add_argument("--yes", action="store_true", help="with --delete-snapshot: delete it")


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
    except (UnreadableFile, ImportRejected, PackError, SnapshotError, SQLAlchemyError, OSError) as error:
        print(_refusal(error, url), file=sys.stderr)
        return 1
    finally:
        if store is not None:
            store.engine.dispose()


def _refusal(error: Exception, url: str) -> str:
    """What to say when the data, the file or the database refused: nothing was stored (exit 1)."""
    if isinstance(error, UnreadableFile):
        return f"{error}. Nothing was stored."
    if isinstance(error, PackError | SnapshotError):
        return " ".join(str(error).split())  # one line, whatever a name asked for held
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
    if args.command not in (None, "serve") and (args.serve_host, args.serve_port) != (None, None):
        raise UsageError("--host and --port are for serving the dashboard, not for " + args.command)
    if args.command == "import":
        return _import(args, store)
    if args.command == "export":
        return _export(args, store)
    if args.command == "demo":
        return _demo(args, store)
    if args.command == "report":
        return _report(args, store, settings)
    if store.is_empty() and settings.seed_demo:
        print("First run: building the demo council...", file=sys.stderr)
        build_demo(store.engine)
    if args.command == "summary":
        _summary(store, settings)
        return 0
    return _serve(store, settings, *_where(args))


def _where(args: argparse.Namespace) -> tuple[str, int]:
    """Where to serve: serve's own options, else those given before any command, else 127.0.0.1:8050."""
    host = next(given for given in (getattr(args, "host", None), args.serve_host, "127.0.0.1") if given is not None)
    port = next(given for given in (getattr(args, "port", None), args.serve_port, 8050) if given is not None)
    return host, port


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


# --- report ----------------------------------------------------------------------------------------------------

# The options each use of `report` takes besides the one naming it; any other given is refused (exit 2).
REPORT_USES = MappingProxyType({
    "period": ("audience", "theme", "directorate", "format", "output", "freeze", "frozen_on"),
    "snapshot": ("format", "output"),
    "restatements": (),
    "delete_snapshot": ("yes",),
})
REPORT_OPTIONS = ("audience", "theme", "directorate", "format", "output", "freeze", "frozen_on", "yes")
# the endings of -o that tell the format; any other, without --format, is refused (exit 2)
SUFFIXES = MappingProxyType({".html": Format.HTML, ".htm": Format.HTML, ".pdf": Format.PDF, ".xlsx": Format.XLSX})


def _report(args: argparse.Namespace, store: Store, settings: Settings) -> int:
    """A pack written (and frozen), a frozen pack written again, its restatements printed, or it deleted."""
    use = _report_use(args)
    if use == "delete_snapshot":
        return _delete_snapshot(store, args.delete_snapshot, args.yes)
    if use == "restatements":
        return _restatements(store, args.restatements)
    fmt = Format(args.format) if args.format else _told_format(args.output)
    if args.output is None and sys.stdout.isatty():  # pages of markup (or bytes) that scroll the outcome away
        raise UsageError("a report pack is not for the screen: give -o FILE, or pipe it (> pack.html)")
    reason = unavailable(fmt)
    if reason is not None:
        raise PackError(reason)
    if use == "snapshot":
        found = _snapshot(store, args.snapshot)
        _deliver(frozen_file(found, fmt), args.output, found.pack)
    else:
        _new_pack(args, store, settings, fmt)
    return 0


def _report_use(args: argparse.Namespace) -> str:
    """Which of the four uses of `report` is asked for, refusing (exit 2) an option that does not go with it."""
    use = next(name for name in REPORT_USES if getattr(args, name) is not None)
    for name in REPORT_OPTIONS:
        if getattr(args, name) not in (None, False) and name not in REPORT_USES[use]:
            raise UsageError(f"{_flag(name)} does not go with {_flag(use)}")
    if use == "period" and args.audience is None:
        raise UsageError("--audience: whom is the pack for, cabinet or scrutiny?")
    if args.frozen_on is not None and args.freeze is None:
        raise UsageError("--frozen-on dates a freeze: give --freeze NAME too")
    return use


def _flag(name: str) -> str:
    return "-o/--output" if name == "output" else "--" + name.replace("_", "-")


def _told_format(output: Path | None) -> Format:
    """The format -o's ending tells (HTML on standard output); another ending is refused, not written as HTML
    under a name that says otherwise."""
    if output is None:
        return Format.HTML
    told = SUFFIXES.get(output.suffix.lower())
    if told is None:
        endings = f"{', '.join(list(SUFFIXES)[:-1])} or {list(SUFFIXES)[-1]}"
        raise UsageError(f"-o {output.name}: the format is told by the file's ending, {endings}; "
                         "or give --format")
    return told


def _new_pack(args: argparse.Namespace, store: Store, settings: Settings, fmt: Format) -> None:
    """Build the pack asked for and write it; with --freeze, store it as reported (pack, HTML and figures) just
    before the file is put in place, so that a refused freeze leaves no file and a file that cannot be written
    leaves nothing stored."""
    scope = (ScopeKind.THEME, args.theme) if args.theme is not None else \
        (ScopeKind.DIRECTORATE, args.directorate) if args.directorate is not None else None
    frozen = _frozen(args.freeze, args.frozen_on) if args.freeze is not None else None
    pack = build_pack(store, _pack_period(args.period), Audience(args.audience), scope=scope,
                      council=settings.council_name)
    if frozen is None:
        _deliver(pack_file(pack, fmt), args.output, pack)
        return
    pack = replace(pack, frozen=frozen)
    html = pack_html(pack)
    content = html.encode("utf-8") if fmt is Format.HTML else pack_file(pack, fmt)

    def freeze() -> None:
        stored = snapshots.freeze(store, pack, html, name=frozen.name, on=frozen.on)
        print(f"Stored the snapshot '{stored.name}': {_described(stored)}.", file=sys.stderr)
        if args.frozen_on is None and meeting_day(frozen.name) is not None:
            print(f"Dated {day_text(frozen.on)}, from its name; --frozen-on to date it otherwise.", file=sys.stderr)

    _deliver(content, args.output, pack, before=freeze)


def _frozen(name: str, frozen_on: str | None) -> Frozen:
    """The freeze asked for: dated --frozen-on, else the day the meeting's name ends with, else today."""
    if frozen_on is not None:
        return Frozen(name, _date(frozen_on, "--frozen-on"))
    return Frozen(name, meeting_day(name) or date.today())


def _pack_period(text: str) -> Period:
    """--period read: a period that cannot be read is a pack that cannot be made (exit 1, as the issue asks)."""
    try:
        return parse_period(text)
    except PeriodError as error:
        raise PackError(f"--period: {error} ({text})") from None


def _deliver(content: bytes, output: Path | None, pack: ReportPack,
             before: Callable[[], None] | None = None) -> None:
    """Write `content` to `output` (standard output when None) whole or not at all, after `before` (the freeze):
    the file is written beside its place first and renamed into it only once `before` has succeeded."""
    if output is None:
        if before is not None:
            before()
        sys.stdout.flush()  # bytes, not text: exactly what -o would write, whatever the terminal's encoding
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
        return
    if output.is_dir():
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(output))
    part = output.with_name(f".{output.name}.{os.getpid()}.part")
    try:
        with part.open("xb") as handle:
            handle.write(content)
    except OSError as error:
        part.unlink(missing_ok=True)
        raise OSError(error.errno, error.strerror, str(output)) from None  # named as asked, not as the part
    try:
        if before is not None:
            before()
        part.replace(output)
    finally:
        part.unlink(missing_ok=True)
    print(f"Wrote {pack.title} ({len(content):,} bytes) to {output}", file=sys.stderr)


def _snapshot(store: Store, name: str) -> Snapshot:
    """The snapshot of that name (or slug); refused, with the names there are, when there is none."""
    found = snapshots.snapshot(store, name)
    if found is not None:
        return found
    names = [summary.name for summary in snapshots.snapshots(store)]
    there = f"The snapshots are: {'; '.join(names)}." if names else "No pack has been frozen yet (report --freeze)."
    raise SnapshotError(f"There is no snapshot named '{name}'. {there}")


def _restatements(store: Store, name: str) -> int:
    """Print what differs now from a frozen pack, a line per indicator starting with its code."""
    found = _snapshot(store, name)
    summary = found.summary
    try:
        restated = snapshots.restated_since(store, found.pack)
    except PackError as error:
        raise PackError(f"Cannot say what has been restated since '{summary.name}': {error}") from None
    if not restated:
        print(f"No restatements: every figure in '{summary.name}' stands as reported on "
              f"{day_text(summary.frozen_on)}.")
        return 0
    print(f"{len(restated)} indicator{'s' if len(restated) != 1 else ''} restated since '{summary.name}' "
          f"({_described(summary)}):", file=sys.stderr)
    for restatement in restated:
        print(restatement.text)
    return 0


def _delete_snapshot(store: Store, name: str, yes: bool) -> int:
    """Delete a snapshot, only with --yes, and say which it was; without, refuse (exit 1) and change nothing."""
    found = _snapshot(store, name).summary
    if not yes:
        print(f"Not deleted: '{found.name}' is the record of what was reported ({_described(found)}); "
              "add --yes to delete it.", file=sys.stderr)
        return 1
    removed = snapshots.delete(store, found.slug)
    print(f"Deleted the snapshot '{removed.name}': {_described(removed)}.")
    return 0


def _described(summary: SnapshotSummary) -> str:
    """"the cabinet pack for Q3 2008/09 as at Dec 2008, 39 indicators, frozen on 15 January 2009"."""
    scope = f" of {summary.scope.name}" if summary.scope is not None else ""
    count = f"{summary.figures} indicator{'s' if summary.figures != 1 else ''}"
    return (f"the {summary.audience.value} pack{scope} for {summary.period} as at {summary.as_at}, {count}, "
            f"frozen on {day_text(summary.frozen_on)}")


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
