"""Celery task of case summary batches (registered through casetracker/reports/tasks.py)."""

from celery import shared_task

from casetracker.reports.models import CaseSummaryBatch
from casetracker.reports.summaries import services


# The name is the one this task had before it moved here: queued messages carry it.
@shared_task(name="casetracker.reports.tasks.case_summary_batch_task")
def case_summary_batch_task(batch_id: int) -> None:
    """Build the ZIP of one batch of case summaries (in the batch's language)."""
    batch = CaseSummaryBatch.objects.select_related("requested_by").filter(pk=batch_id).first()
    if batch is None:  # purged, or its requester deleted, since it was queued
        return
    services.batch_build(batch=batch)
