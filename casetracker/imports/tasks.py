"""Celery task of a large import: it takes the job id (never a value from the file)."""

from celery import shared_task

from casetracker.cases.models import ImportJob
from casetracker.cases.models.imports import ImportStatus
from casetracker.imports import services


# The name is the one this task had before it moved here: queued messages carry it.
@shared_task(name="casetracker.cases.imports.tasks.import_job_task")
def import_job_task(job_id: int) -> None:
    job = ImportJob.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None or job.status not in {ImportStatus.PENDING, ImportStatus.VALIDATING, ImportStatus.WRITING}:
        return
    services.import_job_run(job=job)
