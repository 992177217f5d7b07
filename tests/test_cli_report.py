"""The `report` command on a copy of the demo council, through `main([...])`: each format written and readable,
a freeze that later loads never change (the issue's test: a revised actual, a changed target and a late return,
then the frozen HTML again byte for byte and exactly those three restatements), and bad input refused in one line
with nothing stored and no file left (docs/formats.md#report)."""

from __future__ import annotations

import io
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import WCAG, postgres_schema_url, recording_page, skip_or_fail
from openpyxl import load_workbook

from dashboard.cli import main
from dashboard.pdf import pdf_available
from data import snapshots
from data.db import sqlite_url
from data.demo import build_demo
from data.store import Store

CABINET = "Cabinet 15 January 2009"
Q3 = ["--period", "Q3 2008/09"]
PACK = [*Q3, "--audience", "cabinet"]
FREEZE = [*PACK, "--freeze", CABINET, "--frozen-on", "2009-01-15"]
# The demo's Cabinet pack for Q3 2008/09 (as at Dec 2008), worked out from its figures: the headline sentence,
# and the under-performing indicators, most pressing first.
SUMMARY = "12 of 27 rated indicators on target (44%); 7 of 19 indicators improving (37%); 10 without a target"
UNDER_PERFORMING = ["REF-REPEAT", "BV161 / PAF A4", "BV163 / PAF C23", "PAF C21 (NI 64)", "BV12", "DWP-PS-14d",
                    "NI 181", "PAF A3 (NI 65)", "PAF D35 (NI 63)", "NI 136", "BV49 / PAF A1 (NI 62)", "NI 193",
                    "BV162 / PAF C20 (NI 67)", "PAF C64 (NI 60)", "IA-7WD (NI 59)", "PAF C68 (NI 66)", "BV8"]
THEMES = ("children-and-young-people, economic-development-and-enterprise, healthier-communities-and-older-people, "
          "organisational-improvement, safer-and-stronger-communities")
DIRECTORATES = ("adult-social-care-strategic-housing, chief-executive-s-office, children-young-people-s-services, "
                "corporate-customer-services, environment, resources")
FROZEN_AS = "the cabinet pack for Q3 2008/09 as at Dec 2008, 39 indicators, frozen on 15 January 2009"

# The changing import, by hand from the demo's figures as the pack shows them: BV8's Dec 2008 actual revised
# (94.2% to 95%, still Amber against 96.1%), NI 192's Q3 target changed (41.5% to 45%: 43.3% is then Amber, within
# 5%), and BV12's Dec 2008 return, late when the pack was frozen (it showed Nov 2008), arriving (9.5 days against
# 9: still Red).
REVISED = "indicator,period,actual\nBV8,Dec 2008,95\n"
TARGET = "indicator,period,target\nNI 192,Q3 2008/09,45\n"
LATE = "indicator,period,actual,target\nBV12,Dec 2008,9.5,9\n"
RESTATED = [
    "BV12 Nov 2008: late return for Dec 2008 arrived: 9.5 days per FTE",
    "BV8 Dec 2008: figure revised 94.2% → 95%",
    "NI 192 Q3 2008/09: target 41.5% → 45%; rating Green → Amber",
]


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """The demo council built once into a file that each test copies (it is not to be changed)."""
    path = tmp_path_factory.mktemp("demo") / "demo.sqlite3"
    store = Store.open(sqlite_url(path))
    build_demo(store.engine)
    store.engine.dispose()  # the write-ahead log checkpointed into the file
    return path


@pytest.fixture
def url(demo_file, tmp_path) -> str:
    """A copy of the demo council of this test's own."""
    copy = tmp_path / "council.sqlite3"
    shutil.copyfile(demo_file, copy)
    return sqlite_url(copy)


@pytest.fixture(scope="module")
def frozen_file(demo_file, tmp_path_factory) -> Path:
    """The demo council with its Cabinet pack for Q3 2008/09 frozen, once, for each test to copy."""
    path = tmp_path_factory.mktemp("frozen") / "frozen.sqlite3"
    shutil.copyfile(demo_file, path)
    assert main(["--database-url", sqlite_url(path), "report", *FREEZE, "-o", str(path.with_suffix(".html"))]) == 0
    return path


@pytest.fixture
def frozen_url(frozen_file, tmp_path) -> str:
    """A copy of the demo council with the Cabinet pack frozen, of this test's own."""
    copy = tmp_path / "frozen.sqlite3"
    shutil.copyfile(frozen_file, copy)
    return sqlite_url(copy)


@pytest.fixture
def out(tmp_path) -> Path:
    """A folder for what the command writes, and nothing else."""
    folder = tmp_path / "out"
    folder.mkdir()
    return folder


def cli(capsys, url: str, *args: str) -> tuple[int, str, str]:
    """Run the command line on `url`'s database: exit code, standard output and error."""
    code = main(["--database-url", url, "report", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def frozen(url: str) -> list[str]:
    """The names of the snapshots stored, newest first."""
    store = Store.open(url)
    try:
        return [summary.name for summary in snapshots.snapshots(store)]
    finally:
        store.engine.dispose()


class Text(HTMLParser):
    """An HTML document's headings (level and text), its text, and whether it holds any script."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[tuple[int, str]] = []
        self.text: list[str] = []
        self.scripts = 0
        self.feed(markup)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append((int(tag[1]), ""))
        self.scripts += tag == "script"

    def handle_data(self, data):
        self.text.append(data)
        if self.headings and not self.headings[-1][1]:
            self.headings[-1] = (self.headings[-1][0], " ".join(data.split()))


def needs_pdf() -> None:
    """Skip where WeasyPrint or Pango is missing, with the one line that says so (fail under CI's REQUIRE_ALL)."""
    reason = pdf_available()
    if reason is not None:
        skip_or_fail(reason)


# --- each format ----------------------------------------------------------------------------------------------


def test_the_html_pack_is_one_document_with_the_headline_numbers(capsys, url, out):
    code, _, err = cli(capsys, url, *PACK, "-o", str(out / "cabinet.html"))
    assert code == 0, err
    page = Text((out / "cabinet.html").read_text(encoding="utf-8"))
    assert page.headings[0] == (1, "Cabinet performance report, Q3 2008/09")
    assert all(later <= earlier + 1 for (earlier, _), (later, _) in pairwise(page.headings))
    assert page.scripts == 0
    text = " ".join(" ".join(page.text).split())
    assert "Demo County Council" in text
    assert SUMMARY in text
    assert all(code in text for code in UNDER_PERFORMING)
    assert err == f"Wrote Cabinet performance report, Q3 2008/09 ({(out / 'cabinet.html').stat().st_size:,} " \
                  f"bytes) to {out / 'cabinet.html'}\n"
    assert frozen(url) == []  # writing a pack stores nothing


def test_the_workbook_opens_with_a_sheet_per_section_and_the_headline_figures(capsys, url, out):
    code, _, err = cli(capsys, url, *PACK, "-o", str(out / "cabinet.xlsx"))
    assert code == 0, err
    book = load_workbook(out / "cabinet.xlsx")
    assert book.sheetnames == ["About", "Headlines", "Priorities", "Baskets", "Under-performance", "Went well",
                               "Actions due", "Without target"]
    about = dict(book["About"].iter_rows(min_row=2, max_row=6, values_only=True))
    assert about == {"Title": "Cabinet performance report, Q3 2008/09", "Council": "Demo County Council",
                     "Period": "Q3 2008/09", "As at": "Dec 2008", "Data version": about["Data version"]}
    headlines = dict(book["Headlines"].iter_rows(min_row=2, values_only=True))
    assert {name: headlines[name] for name in ("Indicators", "Green", "Amber", "Red", "No target",
                                               "Under-performing")} == {
        "Indicators": 39, "Green": 12, "Amber": 8, "Red": 7, "No target": 10, "Under-performing": 17}


@pytest.mark.slow  # prints the demo's pack twice
def test_the_pdf_holds_the_headline_numbers_and_every_under_performer_and_prints_again_the_same(capsys, url, out):
    needs_pdf()
    from pypdf import PdfReader

    code, _, err = cli(capsys, url, *FREEZE, "-o", str(out / "cabinet.pdf"))
    assert code == 0, err
    written = (out / "cabinet.pdf").read_bytes()
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(written)).pages).split())
    assert "As reported to Cabinet on 15 January 2009" in text
    assert SUMMARY in text
    assert "Under-performing 17" in text
    assert [code for code in UNDER_PERFORMING if code not in text] == []
    assert cli(capsys, url, "--snapshot", CABINET, "-o", str(out / "again.pdf"))[0] == 0
    assert (out / "again.pdf").read_bytes() == written  # printed from the stored HTML, dated by the freeze


@pytest.mark.parametrize(("name", "starts"), [("pack.html", b"<!DOCTYPE html>"), ("pack.HTM", b"<!DOCTYPE html>"),
                                              ("pack.xlsx", b"PK\x03\x04")])
def test_the_format_is_told_by_the_files_ending(capsys, url, out, name, starts):
    assert cli(capsys, url, *PACK, "-o", str(out / name))[0] == 0
    assert (out / name).read_bytes().startswith(starts)
    assert [path.name for path in out.iterdir()] == [name]  # the part written first is gone


@pytest.mark.parametrize("name", ["pack.docx", "pack", "pack.html.txt"])
def test_a_file_whose_ending_tells_no_format_is_refused_unless_format_says(capsys, url, out, name):
    code, printed, err = cli(capsys, url, *PACK, "--freeze", CABINET, "-o", str(out / name))
    assert (code, printed, err.splitlines()[-1]) == (
        2, "", f"python -m dashboard: error: -o {name}: the format is told by the file's ending, .html, .htm, "
               ".pdf or .xlsx; or give --format")
    assert (frozen(url), list(out.iterdir())) == ([], [])
    assert cli(capsys, url, *PACK, "--format", "html", "-o", str(out / name))[0] == 0
    assert (out / name).read_bytes().startswith(b"<!DOCTYPE html>")


def test_html_goes_to_standard_output_without_o_the_same_bytes(capsysbinary, url, out):
    assert main(["--database-url", url, "report", *PACK]) == 0
    on_screen = capsysbinary.readouterr().out
    assert main(["--database-url", url, "report", *PACK, "-o", str(out / "pack.html")]) == 0
    assert on_screen == (out / "pack.html").read_bytes()


def test_a_pack_goes_to_a_pipe_but_not_to_a_terminal(capsysbinary, monkeypatch, frozen_url):
    assert main(["--database-url", frozen_url, "report", *PACK, "--format", "xlsx"]) == 0
    assert capsysbinary.readouterr().out.startswith(b"PK\x03\x04")
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)  # a terminal: the pack would scroll the outcome away
    for args in ([*PACK, "--format", "xlsx"], [*PACK, "--format", "pdf"], PACK, ["--snapshot", CABINET],
                 [*PACK, "--freeze", "Cabinet 16 January 2009"]):
        assert main(["--database-url", frozen_url, "report", *args]) == 2
        printed = capsysbinary.readouterr()
        assert (printed.out, printed.err.decode().splitlines()[-1]) == (
            b"", "python -m dashboard: error: a report pack is not for the screen: give -o FILE, or pipe it "
                 "(> pack.html)")
    assert frozen(frozen_url) == [CABINET]


def test_a_scrutiny_pack_of_a_theme_is_frozen_and_stands_as_reported(capsys, url, out):
    code, _, err = cli(capsys, url, *Q3, "--audience", "scrutiny", "--theme", "children-and-young-people",
                       "--freeze", "Children's scrutiny 20 January 2009", "--frozen-on", "20/01/2009",
                       "-o", str(out / "scrutiny.html"))
    assert code == 0, err
    page = Text((out / "scrutiny.html").read_text(encoding="utf-8"))
    assert page.headings[0] == (1, "Scrutiny performance report: Children and Young People, Q3 2008/09")
    assert "As reported to Children's scrutiny on 20 January 2009" in " ".join(page.text)
    assert cli(capsys, url, "--restatements", "children-s-scrutiny-20-january-2009")[1] == \
        "No restatements: every figure in 'Children's scrutiny 20 January 2009' stands as reported on " \
        "20 January 2009.\n"


# --- the example in docs/examples ----------------------------------------------------------------------------

EXAMPLE = Path(__file__).resolve().parent.parent / "docs" / "examples" / "cabinet-Q3-2008-09.html"
DATA_VERSION = re.compile(r"<dt>Data version</dt><dd>[^<]*</dd>")  # when the demo was loaded: differs each time


def test_the_example_pack_is_what_the_command_writes_now(capsys, url):
    """docs/make_examples.py wrote it; it goes stale when the pack changes: run that script again."""
    code, written, _ = cli(capsys, url, *PACK)
    assert code == 0
    example = EXAMPLE.read_text(encoding="utf-8")
    assert DATA_VERSION.sub("", example) == DATA_VERSION.sub("", written)
    assert len(DATA_VERSION.findall(example)) == 1


@pytest.mark.parametrize("width", [1280])  # the renderer's own tests check a pack at 390 px too
def test_the_example_pack_has_no_accessibility_violations(browser, width):
    from axe_playwright_python.sync_playwright import Axe

    with recording_page(browser, width=width) as page:
        page.goto(EXAMPLE.as_uri())
        page.get_by_role("heading", level=1).wait_for()
        results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG}})
        violations = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
                      for v in results.response["violations"]]
        assert violations == [], "\n".join(violations)


# --- freezing, and what later loads do ------------------------------------------------------------------------


def load(capsys, url: str, folder: Path, name: str, content: str) -> None:
    path = folder / name
    path.write_text(content, encoding="utf-8")
    assert main(["--database-url", url, "import", str(path)]) == 0, capsys.readouterr().err
    capsys.readouterr()


def test_a_frozen_pack_is_the_same_bytes_after_a_revision_a_new_target_and_a_late_return(capsys, url, out,
                                                                                           tmp_path):
    code, _, err = cli(capsys, url, *FREEZE, "-o", str(out / "frozen.html"))
    assert code == 0, err
    assert err.splitlines()[0] == f"Stored the snapshot '{CABINET}': {FROZEN_AS}."
    reported = (out / "frozen.html").read_bytes()
    assert b"As reported to Cabinet on 15 January 2009" in reported
    assert cli(capsys, url, "--snapshot", CABINET, "-o", str(out / "frozen.xlsx"))[0] == 0
    for name, content in (("revised.csv", REVISED), ("target.csv", TARGET), ("late.csv", LATE)):
        load(capsys, url, tmp_path, name, content)

    assert cli(capsys, url, "--snapshot", CABINET, "-o", str(out / "again.html"))[0] == 0
    assert (out / "again.html").read_bytes() == reported
    assert cli(capsys, url, "--snapshot", "CABINET 15 january 2009", "-o", str(out / "again.xlsx"))[0] == 0
    assert (out / "again.xlsx").read_bytes() == (out / "frozen.xlsx").read_bytes()  # from the stored pack
    code, printed, err = cli(capsys, url, "--restatements", CABINET)
    assert code == 0
    assert printed.splitlines() == RESTATED
    assert err == f"3 indicators restated since '{CABINET}' ({FROZEN_AS}):\n"
    now = Text(cli(capsys, url, *PACK)[1])  # the pack drawn now shows the figures as they are
    assert "95%" in " ".join(now.text)


def test_a_figure_withdrawn_since_is_said_plainly_with_the_one_shown_now(capsys, frozen_url, tmp_path):
    """NI 192's Q3 actual (43.3%, Green against 41.5%) blanked: the pack shows Q2's 41.2%, Amber (within 5%)."""
    load(capsys, frozen_url, tmp_path, "withdrawn.csv", "indicator,period,actual\nNI 192,Q3 2008/09,\n")
    assert cli(capsys, frozen_url, "--restatements", CABINET)[1].splitlines() == [
        "NI 192 Q3 2008/09: Q3 2008/09 figure withdrawn (was 43.3%); now showing Q2 2008/09: 41.2%; "
        "rating Green → Amber"]


def test_restatements_right_after_a_freeze_are_none(capsys, frozen_url):
    assert cli(capsys, frozen_url, "--restatements", CABINET) == (
        0, f"No restatements: every figure in '{CABINET}' stands as reported on 15 January 2009.\n", "")


@pytest.mark.parametrize(("name", "frozen_on", "day", "said"), [
    ("Cabinet today", None, date.today(), None),
    (CABINET, None, date(2009, 1, 15), "Dated 15 January 2009, from its name; --frozen-on to date it otherwise."),
    ("Cabinet 15 Jan 2009", None, date(2009, 1, 15),
     "Dated 15 January 2009, from its name; --frozen-on to date it otherwise."),
    ("Cabinet 2009-01-15", None, date(2009, 1, 15),
     "Dated 15 January 2009, from its name; --frozen-on to date it otherwise."),
    ("Cabinet 15/01/2009", None, date(2009, 1, 15),
     "Dated 15 January 2009, from its name; --frozen-on to date it otherwise."),
    (CABINET, "16/01/2009", date(2009, 1, 16), None),  # as asked, whatever the name says
    ("Cabinet 31 February 2009", None, date.today(), None),
])
def test_a_freeze_is_dated_by_frozen_on_else_its_names_date_else_today(capsys, url, out, name, frozen_on, day,
                                                                       said):
    dated = ["--frozen-on", frozen_on] if frozen_on else []
    code, _, err = cli(capsys, url, *PACK, "--freeze", name, *dated, "-o", str(out / "pack.html"))
    assert code == 0, err
    assert [line for line in err.splitlines() if line.startswith("Dated")] == ([said] if said else [])
    store = Store.open(url)
    try:
        assert [(s.name, s.frozen_on) for s in snapshots.snapshots(store)] == [(name, day)]
    finally:
        store.engine.dispose()
    assert f" on {day.day} {day:%B %Y}</" in (out / "pack.html").read_text(encoding="utf-8")  # "As reported to ..."


# --- bad input: one line, exit 1, nothing stored, no file left -------------------------------------------------


@pytest.fixture
def no_pango(monkeypatch) -> None:
    monkeypatch.setattr("dashboard.report.pdf_available", lambda: "PDF packs need Pango (Debian: apt-get install "
                                                                  "libpango-1.0-0 libpangoft2-1.0-0): no library")


BAD = [
    pytest.param([*PACK[:1], "Q5 2008/09", *PACK[2:]],
                 "--period: not a period: expected 2006/07 (or 2006-07, 2006/2007); Q3 2006/07 (or 2006/07 Q3, "
                 "2006-07 Q3); Dec 2006 (or December 2006, 2006-12) (Q5 2008/09)", id="unknown period"),
    pytest.param(["--period", "Q3 2030/31", "--audience", "cabinet"],
                 "No figures for Q3 2030/31: the latest are for Dec 2008.", id="period with no data"),
    pytest.param(["--period", "2002/03", "--audience", "cabinet"],
                 "No figures for 2002/03: the earliest are for Apr 2003.", id="period before the data"),
    pytest.param([*Q3, "--audience", "scrutiny", "--theme", "children"],
                 f"There is no theme 'children'. Themes: {THEMES}.", id="unknown theme"),
    pytest.param([*Q3, "--audience", "scrutiny", "--directorate", "social-care"],
                 f"There is no directorate 'social-care'. Directorates: {DIRECTORATES}.", id="unknown directorate"),
    pytest.param([*PACK, "--theme", "children-and-young-people"],
                 "A Cabinet pack covers the whole council: leave out the theme or directorate.",
                 id="cabinet of a theme"),
    pytest.param(FREEZE, f"A snapshot named '{CABINET}' already exists (frozen on 15 January 2009)", id="name used"),
    pytest.param([*PACK, "--freeze", "cabinet  15 JANUARY 2009"],
                 f"A snapshot named '{CABINET}' already exists (frozen on 15 January 2009)",
                 id="name used, written anew"),
    pytest.param([*PACK, "--freeze", "  "], "A snapshot needs a name, such as 'Cabinet 15 January 2009'",
                 id="blank name"),
    pytest.param(["--snapshot", "Cabinet 16 January 2009"],
                 f"There is no snapshot named 'Cabinet 16 January 2009'. The snapshots are: {CABINET}.",
                 id="unknown snapshot"),
    pytest.param(["--snapshot", "Cabinet\n16 January\r\n2009"],
                 f"There is no snapshot named 'Cabinet 16 January 2009'. The snapshots are: {CABINET}.",
                 id="unknown snapshot, over lines"),
    pytest.param(["--restatements", "Scrutiny"], f"There is no snapshot named 'Scrutiny'. The snapshots are: "
                                                 f"{CABINET}.", id="restatements of no snapshot"),
    pytest.param(["--delete-snapshot", "Scrutiny", "--yes"],
                 f"There is no snapshot named 'Scrutiny'. The snapshots are: {CABINET}.", id="delete no snapshot"),
]


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_input_is_one_line_exit_1_nothing_stored_no_file(capsys, frozen_url, out, args, message):
    output = ["-o", str(out / "pack.html")] if args[0] in ("--period", "--snapshot") else []
    code, printed, err = cli(capsys, frozen_url, *args, *output)
    assert (code, err.splitlines()) == (1, [message])
    assert printed == ""
    assert frozen(frozen_url) == [CABINET]
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("args", [PACK, [*PACK, "--freeze", "Cabinet 16 January 2009"], ["--snapshot", CABINET]])
def test_a_pdf_without_pango_is_one_line_and_nothing_stored(capsys, frozen_url, out, no_pango, args):
    code, _, err = cli(capsys, frozen_url, *args, "-o", str(out / "pack.pdf"))
    assert (code, err) == (1, "PDF packs need Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0): "
                              "no library\n")
    assert frozen(frozen_url) == [CABINET]
    assert list(out.iterdir()) == []


@pytest.mark.parametrize(("where", "message"), [("missing/pack.html", "{out}/missing/pack.html: No such file or "
                                                                      "directory"),
                                                 ("", "{out}: Is a directory")])
def test_a_file_that_cannot_be_written_stores_no_freeze(capsys, url, out, where, message):
    code, _, err = cli(capsys, url, *FREEZE, "--format", "html", "-o", str(out / where if where else out))
    assert (code, err) == (1, message.format(out=out) + "\n")
    assert frozen(url) == []
    assert list(out.iterdir()) == []


MISTYPED = [
    pytest.param([], "one of the arguments --period --snapshot --restatements --delete-snapshot is required",
                 id="nothing asked"),
    pytest.param(Q3, "--audience: whom is the pack for, cabinet or scrutiny?", id="no audience"),
    pytest.param([*Q3, "--audience", "council"],
                 "argument --audience: invalid choice: 'council' (choose from 'cabinet', 'scrutiny')", id="audience"),
    pytest.param([*PACK, "--format", "docx"],
                 "argument --format: invalid choice: 'docx' (choose from 'html', 'pdf', 'xlsx')", id="format"),
    pytest.param([*Q3, "--audience", "scrutiny", "--theme", "a", "--directorate", "b"],
                 "argument --directorate: not allowed with argument --theme", id="theme and directorate"),
    pytest.param([*PACK, "--snapshot", CABINET],
                 "argument --snapshot: not allowed with argument --period", id="two uses"),
    pytest.param(["--snapshot", CABINET, "--audience", "cabinet"], "--audience does not go with --snapshot",
                 id="snapshot with audience"),
    pytest.param(["--restatements", CABINET, "-o", "x.html"], "-o/--output does not go with --restatements",
                 id="restatements to a file"),
    pytest.param(["--delete-snapshot", CABINET, "--format", "html"], "--format does not go with --delete-snapshot",
                 id="delete with format"),
    pytest.param([*PACK, "--yes"], "--yes does not go with --period", id="yes with a pack"),
    pytest.param([*PACK, "--frozen-on", "2009-01-15"], "--frozen-on dates a freeze: give --freeze NAME too",
                 id="frozen-on alone"),
    pytest.param([*PACK, "--freeze", CABINET, "--frozen-on", "15th Jan"],
                 "--frozen-on: not a date: expected 2006-10-01 or 01/10/2006 (15th Jan)", id="unreadable date"),
]


@pytest.mark.parametrize(("args", "message"), MISTYPED)
def test_a_mistyped_report_command_exits_2_with_the_reason(capsys, url, args, message):
    try:
        code = main(["--database-url", url, "report", *args])
    except SystemExit as refused:  # argparse refuses what it can read as mistyped by exiting
        code = refused.code
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err[0].startswith("usage: python -m dashboard")
    assert err[-1].endswith(f"error: {message}")
    assert frozen(url) == []


# --- deleting -------------------------------------------------------------------------------------------------


def test_deleting_needs_yes_and_says_what_it_removed(capsys, frozen_url):
    url = frozen_url
    assert cli(capsys, url, "--delete-snapshot", CABINET) == (
        1, "", f"Not deleted: '{CABINET}' is the record of what was reported ({FROZEN_AS}); add --yes to delete "
               "it.\n")
    assert frozen(url) == [CABINET]
    assert cli(capsys, url, "--delete-snapshot", "cabinet-15-january-2009", "--yes") == (
        0, f"Deleted the snapshot '{CABINET}': {FROZEN_AS}.\n", "")
    assert frozen(url) == []
    assert cli(capsys, url, "--snapshot", CABINET)[:2] == (1, "")
    assert cli(capsys, url, *FREEZE)[0] == 0  # the name is free again


# --- PostgreSQL -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def postgres_demo() -> str:
    url = postgres_schema_url("test_cli_report")
    store = Store.open(url)
    build_demo(store.engine)
    store.engine.dispose()
    return url


def test_freeze_revise_and_restate_on_postgresql(capsys, postgres_demo, out, tmp_path):
    code, _, err = cli(capsys, postgres_demo, *FREEZE, "-o", str(out / "frozen.html"))
    assert code == 0, err
    load(capsys, postgres_demo, tmp_path, "revised.csv", REVISED)
    assert cli(capsys, postgres_demo, "--snapshot", CABINET, "-o", str(out / "again.html"))[0] == 0
    assert (out / "again.html").read_bytes() == (out / "frozen.html").read_bytes()
    assert cli(capsys, postgres_demo, "--restatements", CABINET)[1].splitlines() == [RESTATED[1]]
