"""Celery tasks: they take ids, fetch, and call one service. Safe to run twice."""

from celery import shared_task

from casetracker.reports import services
from casetracker.reports.models import CaseSummaryBatch


@shared_task
def case_summary_batch_task(batch_id: int) -> None:
    """Build the ZIP of one batch of case summaries (in the batch's language)."""
    batch = CaseSummaryBatch.objects.select_related("requested_by").filter(pk=batch_id).first()
    if batch is None:  # purged, or its requester deleted, since it was queued
        return
    services.batch_build(batch=batch)


# Celery's autodiscovery imports only `<app>.tasks`: register the export task from here.
from casetracker.reports.exports.tasks import report_export_task  # noqa: E402, F401
