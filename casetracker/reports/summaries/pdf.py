"""The case summary template as HTML, for the shared typesetter (reports/pdf/render.py)."""

from django.template.loader import render_to_string
from django.utils import translation

from casetracker.reports.summaries.summary_types import CaseSummary

TEMPLATE = "reports/case_summary.html"


def render_summary_html(summary: CaseSummary) -> str:
    """The summary as HTML in the active language (times already in the display zone)."""
    return render_to_string(TEMPLATE, {"s": summary, "language_code": translation.get_language() or "en"})
