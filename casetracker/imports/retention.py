"""How long an uploaded detention list is kept: it is a list of names, so not for long.

The file is deleted as soon as no step can need it any more: once the rows are
imported, or the job is invalid or failed (the lawyer fixes the spreadsheet on their
own machine and uploads it again; the stored copy cannot be corrected). Only a clean
dry run keeps its file, so that the lawyer can confirm it, and then for at most
`CASETRACKER_IMPORT_TTL_HOURS` after the upload: later, confirming is refused and
`manage.py purge_expired_exports` (run from cron) deletes the file. The job itself
stays, with its status, counts and row-numbered messages (never a value from the
file), as the record of what was imported.
"""

import datetime as dt
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from casetracker.cases.models import ImportJob
from casetracker.cases.models.imports import IMPORT_UPLOAD_DIRECTORY

logger = logging.getLogger(__name__)


def import_file_delete(*, job: ImportJob) -> None:
    """Delete the job's uploaded file; the job keeps its status, counts and messages."""
    storage = ImportJob._meta.get_field("file").storage
    with transaction.atomic():
        # The row lock: a rotate_keys run re-encrypting this file finishes first, so its
        # os.replace cannot bring the file back after it was deleted.
        stored = ImportJob.objects.select_for_update().filter(pk=job.pk).values_list("file", flat=True).first()
        for name in {stored, job.file.name} - {None, ""}:
            # Storage.delete ignores a file already gone (deleted by an earlier, rolled-back attempt).
            storage.delete(name)
        job.file = ""
        job.file_deleted_at = job.file_deleted_at or timezone.now()
        ImportJob.objects.filter(pk=job.pk).update(file="", file_deleted_at=job.file_deleted_at)


def import_files_purge_expired(*, now: dt.datetime | None = None) -> int:
    """Delete uploaded files older than CASETRACKER_IMPORT_TTL_HOURS; the number of jobs purged.

    Also removes upload files that no job refers to any more (a job deleted with the
    user who uploaded it, say) once they are older than the time-to-live.
    """
    now = now or timezone.now()
    cutoff = now - dt.timedelta(hours=settings.CASETRACKER_IMPORT_TTL_HOURS)
    expired = list(ImportJob.objects.filter(ImportJob.expired_filter(now=now)))
    for job in expired:
        import_file_delete(job=job)
    _delete_orphans(cutoff)
    return len(expired)


def _delete_orphans(cutoff: dt.datetime) -> None:
    storage = ImportJob._meta.get_field("file").storage
    if not storage.exists(IMPORT_UPLOAD_DIRECTORY):
        return
    owned = set(ImportJob.objects.exclude(file="").values_list("file", flat=True))
    for name in storage.listdir(IMPORT_UPLOAD_DIRECTORY)[1]:
        path = f"{IMPORT_UPLOAD_DIRECTORY}/{name}"
        if path not in owned and storage.get_modified_time(path) <= cutoff:
            storage.delete(path)
            logger.info("Deleted an upload no import job refers to: %s", path)
