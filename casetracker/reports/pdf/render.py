"""HTML to PDF: the case summary template, typeset by WeasyPrint with the safe fetcher."""

from typing import IO

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import HTML

from casetracker.reports.pdf.fetcher import BASE_URL, ProjectOnlyURLFetcher
from casetracker.reports.selectors import CaseSummary

TEMPLATE = "reports/case_summary.html"


def render_summary_html(summary: CaseSummary) -> str:
    """The summary as HTML in the active language (times already in the display zone)."""
    return render_to_string(TEMPLATE, {"s": summary, "language_code": translation.get_language() or "en"})


def html_to_pdf(html: str, target: IO[bytes] | None = None) -> bytes | None:
    """Typeset `html`; write into `target` (a file) if given, else return the bytes.

    Relative URLs resolve against BASE_URL, which only our fetcher understands: the
    stylesheet comes from the staticfiles finders, anything remote is refused.
    """
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=ProjectOnlyURLFetcher())
    return document.write_pdf(target)
