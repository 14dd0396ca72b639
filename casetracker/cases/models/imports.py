import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

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


class ImportJob(models.Model):
    """One uploaded detention list: validated (dry run) or imported, maybe by a Celery task.

    The file is stored encrypted; the task gets the job id only. `errors` holds row
    numbers, column names and messages, never a value from the file. The file is
    deleted once it is of no more use, or after CASETRACKER_IMPORT_TTL_HOURS (see
    `casetracker/imports/retention.py`); the job stays as the record.
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    file_deleted_at = models.DateTimeField(_("file deleted at"), null=True, blank=True)

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

    @property
    def is_finished(self) -> bool:
        return self.status in {ImportStatus.DONE, ImportStatus.INVALID, ImportStatus.FAILED}
