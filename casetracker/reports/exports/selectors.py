"""Reads for report exports: who may see which export, and the export panel of the report page."""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from casetracker.accounts.policy import AnyUser, user_may_view_reports
from casetracker.cases.models.jobs import jobs_owned_by
from casetracker.reports.models import ReportExport, ReportExportFormat
from casetracker.reports.statistics.filters import ReportFilters

# The panel lists this many of the user's latest exports; older ones are still reachable
# by their status URL until they expire.
RECENT_EXPORTS = 5


def report_exports_visible_to(user: AnyUser) -> QuerySet[ReportExport]:
    """Exports `user` may follow and download: their own while they may view reports.

    Superusers too see only their own: an export is a copy of data its requester chose
    to take out, and nobody needs someone else's copy (they can run the same export).
    Access is re-checked here, so an analyst who loses the role loses the downloads.
    """
    if not user_may_view_reports(user):
        return ReportExport.objects.none()
    return jobs_owned_by(ReportExport.objects.all(), user, superusers_see_all=False)


def get_report_export_for_user(user: AnyUser, pk: object) -> ReportExport:
    """An export of `user` (see report_exports_visible_to); Http404 for anyone else's."""
    if not user_may_view_reports(user):
        raise Http404
    return get_object_or_404(report_exports_visible_to(user), pk=pk)


def export_panel(user: AnyUser, filters: ReportFilters) -> dict:
    """Context for templates/reports/_export_panel.html (the page adds `filter_query`).

    `export_formats`: (value, label) of the buttons; `recent_exports`: the user's latest
    exports, newest first (one query); `can_export`: whether to show the panel at all.
    """
    allowed = user_may_view_reports(user)
    recent = list(report_exports_visible_to(user)[:RECENT_EXPORTS]) if allowed else []
    return {
        "can_export": allowed,
        "export_formats": ReportExportFormat.choices,
        "export_filters": filters,
        "recent_exports": recent,
    }
