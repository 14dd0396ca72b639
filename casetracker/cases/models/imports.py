import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from casetracker.cases.models.jobs import BackgroundJob, JobState, Progress
from casetracker.protected.storage import private_document_storage


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    VALIDATING = "validating", _("validating")
    WRITING = "writing", _("writing")
    DONE = "done", _("done")
    INVALID = "invalid", _("invalid")
    FAILED = "failed", _("failed")


class ImportFormat(models.TextChoices):
    CSV = "csv", "CSV"
    XLSX = "xlsx", "XLSX"


# Where uploads are stored (under the private storage): the retention purge lists it.
IMPORT_UPLOAD_DIRECTORY = "imports"


def import_upload_to(instance: object, filename: str) -> str:
    # A random name: the uploaded file name may itself be personal data.
    return f"{IMPORT_UPLOAD_DIRECTORY}/{uuid.uuid4().hex}"


class ImportJob(BackgroundJob):
    """One uploaded detention list: validated (dry run) or imported, maybe by a Celery task.

    The file is stored encrypted; the task gets the job id only. `errors` holds row
    numbers, column names and messages, never a value from the file. The file is
    deleted once it is of no more use, or after CASETRACKER_IMPORT_TTL_HOURS (see
    `casetracker/imports/retention.py`); the job stays as the record.
    """

    # requested_by, created_at and finished_at: see BackgroundJob.
    # Blank once deleted (file_deleted_at says when).
    file = models.FileField(
        _("file"), storage=private_document_storage, upload_to=import_upload_to, max_length=255, blank=True
    )
    file_format = models.CharField(_("format"), max_length=8, choices=ImportFormat.choices)
    dry_run = models.BooleanField(_("dry run"), default=False)
    # The audit source of the cases it creates ("admin" or "api").
    source = models.CharField(_("source"), max_length=16)
    status = models.CharField(_("status"), max_length=16, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    rows_total = models.PositiveIntegerField(_("rows in total"), default=0)
    rows_done = models.PositiveIntegerField(_("rows checked"), default=0)
    # Progress of the writing transaction: rows created or skipped so far.
    rows_written = models.PositiveIntegerField(_("rows written"), default=0)
    created_count = models.PositiveIntegerField(_("detentions created"), default=0)
    skipped_count = models.PositiveIntegerField(_("rows skipped"), default=0)
    errors = models.JSONField(_("errors"), default=list, blank=True)
    skipped = models.JSONField(_("skipped rows"), default=list, blank=True)
    file_deleted_at = models.DateTimeField(_("file deleted at"), null=True, blank=True)

    STATUS_STATES = {
        ImportStatus.PENDING: JobState.RUNNING,
        ImportStatus.VALIDATING: JobState.RUNNING,
        ImportStatus.WRITING: JobState.RUNNING,
        # A clean dry run is finished too: its result is the preview the user confirms.
        ImportStatus.DONE: JobState.FINISHED,
        ImportStatus.INVALID: JobState.FAILED,
        ImportStatus.FAILED: JobState.FAILED,
    }

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(_("Import #%(pk)s") % {"pk": self.pk})

    @property
    def file_expires_at(self) -> dt.datetime | None:
        """When the uploaded file is deleted at the latest; None once it is gone."""
        if not self.file or self.created_at is None:
            return None
        return self.created_at + dt.timedelta(hours=settings.CASETRACKER_IMPORT_TTL_HOURS)

    def job_expires_at(self) -> dt.datetime | None:
        return self.file_expires_at

    @classmethod
    def expired_filter(cls, *, now: dt.datetime) -> Q:
        # file_expires_at as a query: a file is kept CASETRACKER_IMPORT_TTL_HOURS after the upload.
        cutoff = now - dt.timedelta(hours=settings.CASETRACKER_IMPORT_TTL_HOURS)
        return Q(created_at__lte=cutoff) & ~Q(file="")

    def job_progress(self) -> Progress:
        # An import checks and writes each chunk in turn: while writing, progress is the rows written.
        done = self.rows_written if self.status == ImportStatus.WRITING else self.rows_done
        return Progress(done=done, total=self.rows_total)
