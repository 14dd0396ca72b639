"""Celery task of report exports (registered through casetracker/reports/tasks.py)."""

from celery import shared_task

from casetracker.reports.exports import services
from casetracker.reports.models import ReportExport


@shared_task
def report_export_task(export_id: int) -> None:
    """Build the file of one report export (in the export's language)."""
    export = ReportExport.objects.select_related("requested_by").filter(pk=export_id).first()
    if export is None:  # purged, or its requester deleted, since it was queued
        return
    services.report_export_build(export=export)
