"""A report pack as a file, for the command line and the web alike: the one place that picks the renderer
for a format, and that draws a frozen pack again as it was reported."""

from __future__ import annotations

from enum import StrEnum

from dashboard.pdf import pack_pdf, pdf_available
from data.report import PackError, ReportPack
from data.snapshots import Snapshot


class Format(StrEnum):
    HTML = "html"
    PDF = "pdf"
    XLSX = "xlsx"


MEDIA_TYPES = {
    Format.HTML: "text/html; charset=utf-8",
    Format.PDF: "application/pdf",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def unavailable(fmt: Format) -> str | None:
    """Why this format cannot be made on this machine (one line), or None when it can."""
    return pdf_available() if fmt is Format.PDF else None


def pack_html(pack: ReportPack) -> str:
    """The pack as its one HTML file (layouts/report_pack.py). Imported when asked for: it brings Dash's
    components, which every other command of the command line would otherwise load for nothing."""
    from layouts.report_pack import pack_html as drawn

    return drawn(pack)


def _workbook(pack: ReportPack) -> bytes:
    from data.report_xlsx import pack_workbook  # openpyxl, likewise only when a workbook is asked for

    return pack_workbook(pack)


def pack_file(pack: ReportPack, fmt: Format) -> bytes:
    """The pack in a format; the same pack gives the same bytes. PackError when the format cannot be made."""
    if fmt is Format.XLSX:
        return _workbook(pack)
    html = pack_html(pack)
    if fmt is Format.HTML:
        return html.encode("utf-8")
    return _pdf(html, pack)


def frozen_file(snapshot: Snapshot, fmt: Format) -> bytes:
    """A frozen pack again: the HTML exactly as it went out; the PDF printed from that HTML; the workbook from
    the stored pack. Nothing loaded since changes any of them."""
    if fmt is Format.XLSX:
        return _workbook(snapshot.pack)
    if fmt is Format.HTML:
        return snapshot.html.encode("utf-8")
    return _pdf(snapshot.html, snapshot.pack)


def _pdf(html: str, pack: ReportPack) -> bytes:
    reason = pdf_available()
    if reason is not None:
        raise PackError(reason)
    return pack_pdf(html, created=pack.dated)
