"""HTML to PDF: typeset by WeasyPrint with the safe fetcher (case summaries and the aggregate report)."""

from typing import IO

from weasyprint import HTML

from casetracker.reports.pdf.fetcher import BASE_URL, ProjectOnlyURLFetcher


def html_to_pdf(html: str, target: IO[bytes] | None = None) -> bytes | None:
    """Typeset `html`; write into `target` (a file) if given, else return the bytes.

    Relative URLs resolve against BASE_URL, which only our fetcher understands: the
    stylesheet comes from the staticfiles finders, anything remote is refused.
    """
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=ProjectOnlyURLFetcher())
    return document.write_pdf(target)
