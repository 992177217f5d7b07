"""The report pack as PDF (dashboard/pdf.py), read back with pypdf: the headline numbers and every
under-performer's code in its text, A4 pages, tagged, dated by the pack and the same bytes every time; and the
one line said where WeasyPrint or Pango is missing.

Skips with that line where Pango is missing; fails instead under DASHBOARD_TEST_REQUIRE_ALL=1 (as in CI)."""

from __future__ import annotations

import io
import sys
from datetime import date

import pytest
from conftest import skip_or_fail
from report_sample import HEADLINE_NUMBERS, HOSTILE, sample_pack

from dashboard.pdf import pack_pdf, pdf_available
from data.report import Frozen
from layouts.report_pack import pack_html

FROZEN_ON = date(2009, 1, 15)
A4 = (595.28, 841.89)  # in points: 210 x 297 mm


@pytest.fixture(scope="module")
def pdf() -> bytes:
    reason = pdf_available()
    if reason is not None:
        skip_or_fail(reason)
    pack = sample_pack(frozen=Frozen("Cabinet 15 January 2009", FROZEN_ON))
    return pack_pdf(pack_html(pack), created=FROZEN_ON)


@pytest.fixture(scope="module")
def reader(pdf):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(pdf))


@pytest.fixture(scope="module")
def text(reader) -> str:
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_the_headline_numbers_are_text(text):
    for number in HEADLINE_NUMBERS:
        assert number in text


def test_every_under_performers_code_is_text(text):
    for under in sample_pack().under_performance:
        assert under.figure.code in text


def test_the_pack_reads_as_it_was_reported(text):
    assert "As reported to Cabinet on 15 January 2009" in text
    assert HOSTILE in text  # shown as text, as in the HTML
    assert "Page 1 of " in text  # the footer's page numbers


def test_every_page_is_a4(reader):
    assert len(reader.pages) > 1
    for page in reader.pages:
        assert (round(float(page.mediabox.width), 2), round(float(page.mediabox.height), 2)) == A4


def test_it_is_tagged_and_dated_by_the_pack(reader):
    root = reader.trailer["/Root"]
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert "/StructTreeRoot" in root
    assert root["/Lang"] == "en-GB"
    assert reader.metadata["/CreationDate"] == reader.metadata["/ModDate"] == "D:20090115000000Z"
    assert reader.metadata["/Title"].startswith("Scrutiny performance report: Health & wellbeing")


def test_the_outline_holds_every_section_and_priority(reader):
    """The headings become the PDF's bookmarks (WeasyPrint's default), the contents list's own left out."""
    def titles(outline, depth=0):
        for item in outline:
            yield from titles(item, depth + 1) if isinstance(item, list) else [(depth, item.title)]

    found = list(titles(reader.outline))
    pack = sample_pack()
    sections = ["Headlines", "Questions for members", "Priorities", "Under-performance",
                "What went well in Q3 2008/09", "Actions due or overdue", "Indicators without a target",
                "Appendix: the trend pictures' figures"]
    assert [title for depth, title in found if depth == 1] == sections
    assert found[0] == (0, pack.title)
    at = found.index((1, "Priorities"))
    assert found[at + 1:at + 4] == [(2, basket.priority) for basket in pack.baskets]
    assert "Contents" not in [title for _, title in found]


def test_the_contents_are_links_to_the_sections_pages(reader, text):
    links = [annot.get_object() for page in reader.pages[:1] for annot in page.get("/Annots", [])]
    assert {link.get("/Dest") for link in links} >= {"headlines", "questions", "priorities", "appendix"}
    assert "Headlines, page 2" in text


@pytest.mark.slow  # draws the PDF twice more
def test_the_same_html_and_date_give_the_same_bytes(pdf):
    html = pack_html(sample_pack(frozen=Frozen("Cabinet 15 January 2009", FROZEN_ON)))
    assert pack_pdf(html, created=FROZEN_ON) == pdf
    assert pack_pdf(html, created=date(2009, 2, 1)) != pdf  # the date is in it


class _Refuse:
    """An import finder standing in for a machine where loading WeasyPrint fails as `error` says."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    def find_spec(self, name, path=None, target=None):
        """Refuse WeasyPrint; leave every other module to the finders after."""
        if name == "weasyprint":
            raise self.error


@pytest.mark.parametrize(("error", "said"), [
    (ImportError("No module named 'weasyprint'"), "PDF packs need WeasyPrint: pip install weasyprint"),
    (OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file\nmore"),
     "PDF packs need Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0): cannot load library "
     "'libpango-1.0-0': libpango-1.0-0: cannot open shared object file"),
])
def test_what_is_missing_is_said_in_one_line(monkeypatch, error, said):
    monkeypatch.delitem(sys.modules, "weasyprint", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_Refuse(error), *sys.meta_path])
    assert pdf_available() == said
