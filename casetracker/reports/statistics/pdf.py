"""The aggregate report as a PDF: the page's figures, tables and charts, for exports.

The exports' Celery task calls `render_report_pdf`; it typesets with the same
WeasyPrint set-up as the case summaries (reports/pdf/render.py: the fetcher that serves only
our static files, DejaVu Sans). The charts are the page's SVG as data: images, which
that fetcher allows; their text stays text, so the PDF is searchable.
"""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from casetracker.reports.pdf.render import html_to_pdf
from casetracker.reports.statistics.filters import ReportFilters
from casetracker.reports.statistics.report import build_report

TEMPLATE = "reports/report_pdf.html"


def render_report_html(filters: ReportFilters, *, language: str) -> str:
    """The report's PDF layout as HTML in `language` (a fixed number of queries)."""
    with translation.override(language):
        report = build_report(filters)
        report.generated_at = timezone.localtime()
        # `pdf`: the sections the catalogue keeps out of print (`table_in_pdf=False`: the
        # per-day table, a row per day over years) show their chart without the table.
        return render_to_string(TEMPLATE, {"report": report, "language_code": language, "pdf": True})


def render_report_pdf(filters: ReportFilters, *, language: str) -> bytes:
    """The aggregate report for `filters` as PDF bytes, in `language`; publication mode
    (`filters.publish`) hides small counts exactly as on the page."""
    pdf = html_to_pdf(render_report_html(filters, language=language))
    assert pdf is not None  # no target given: html_to_pdf returns the bytes
    return pdf
