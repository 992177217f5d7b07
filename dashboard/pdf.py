"""The report pack as PDF, printed from its HTML (layouts/report_pack.py) by WeasyPrint.

WeasyPrint needs Pango from the system (Debian: libpango-1.0-0 libpangoft2-1.0-0); where it is missing the PDF
format says so in one line (`pdf_available`) rather than failing when asked. The PDF is tagged (PDF/UA-1) so
that its headings and tables reach screen readers, its text is real text (every figure extractable), and its
dates are the pack's own, so the same HTML and date give the same bytes."""

from __future__ import annotations

from datetime import date


def pdf_available() -> str | None:
    """None when WeasyPrint and the system's Pango load; otherwise why not, in one line."""
    try:
        import weasyprint  # noqa: F401  (loading it loads Pango)
    except ImportError:
        return "PDF packs need WeasyPrint: pip install weasyprint"
    except OSError as error:  # WeasyPrint is there but a system library it opens is not
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        return f"PDF packs need Pango (Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0): {reason}"
    return None


def pack_pdf(html: str, *, created: date) -> bytes:
    """The pack's HTML printed to a tagged A4 PDF dated `created`; nothing outside the HTML is fetched."""
    from weasyprint import HTML, URLFetcher

    document = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=())).render(pdf_variant="pdf/ua-1")
    stamp = f"{created:%Y-%m-%d}T00:00:00Z"  # the pack's date, not the time of printing: stable bytes
    document.metadata.created = stamp
    document.metadata.modified = stamp
    return document.write_pdf(pdf_variant="pdf/ua-1")
