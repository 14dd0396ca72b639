import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casetracker.cases.models.jobs import BackgroundJob, JobState, Progress
from casetracker.reports.storage import private_export_storage


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


def default_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=settings.CASETRACKER_EXPORT_TTL_HOURS)


class BackgroundFile(BackgroundJob):
    """A job whose result is a file built by a Celery task (a batch, an export); the file expires.

    Each job adds its own `done` and `total` counters (their labels name its unit).
    """

    STATUS_STATES = {
        BatchStatus.PENDING: JobState.RUNNING,
        BatchStatus.RUNNING: JobState.RUNNING,
        BatchStatus.DONE: JobState.FINISHED,
        BatchStatus.FAILED: JobState.FAILED,
    }

    status = models.CharField(_("status"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    file = models.FileField(_("file"), storage=private_export_storage, max_length=255, blank=True)
    expires_at = models.DateTimeField(_("expires at"), default=default_expiry)

    class Meta:
        abstract = True

    def job_progress(self) -> Progress:
        return Progress(done=self.done, total=self.total)

    def job_expires_at(self) -> dt.datetime:
        return self.expires_at

    @classmethod
    def expired_filter(cls, *, now: dt.datetime) -> Q:
        return Q(expires_at__lte=now)

    @property
    def is_downloadable(self) -> bool:
        return self.succeeded and bool(self.file) and not self.is_expired


class CaseSummaryBatch(BackgroundFile):
    """A ZIP of case summary PDFs built by a Celery task; the file expires."""

    # Ids only: the task re-checks that the requester still sees each case.
    case_ids = models.JSONField(_("case ids"), default=list)
    redacted = models.BooleanField(_("redacted"), default=False)
    language = models.CharField(_("language"), max_length=8)
    done = models.PositiveIntegerField(_("cases done"), default=0)
    total = models.PositiveIntegerField(_("cases in total"), default=0)

    class Meta:
        verbose_name = _("case summary batch")
        verbose_name_plural = _("case summary batches")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # purge_expired_exports: "batches whose expiry has passed".
            models.Index(fields=["expires_at"], name="summary_batch_expires_idx"),
        ]

    def __str__(self) -> str:
        return _("Case summaries #%(pk)s") % {"pk": self.pk}

    @property
    def download_name(self) -> str:
        return f"case-summaries-{self.pk}{'-redacted' if self.redacted else ''}.zip"


class ReportExportFormat(models.TextChoices):
    CSV = "csv", _("report as CSV")
    XLSX = "xlsx", _("report as XLSX")
    PDF = "pdf", _("report as PDF")
    DATASET = "dataset", _("anonymized dataset (CSV)")


# Per format: the file name extension and the Content-Type of the download.
REPORT_EXPORT_FILES = {
    ReportExportFormat.CSV: ("csv", "text/csv; charset=utf-8"),
    ReportExportFormat.XLSX: ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ReportExportFormat.PDF: ("pdf", "application/pdf"),
    ReportExportFormat.DATASET: ("csv", "text/csv; charset=utf-8"),
}


class ReportExport(BackgroundFile):
    """The aggregate report or the anonymized dataset as a file, built by a Celery task; it expires.

    `filters` holds `ReportFilters.as_query()`: the task validates them again, so a
    record written by an older version cannot smuggle in a filter the form refuses.
    """

    filters = models.JSONField(_("filters"), default=dict, blank=True)
    format = models.CharField(_("format"), max_length=16, choices=ReportExportFormat.choices)
    language = models.CharField(_("language"), max_length=8)
    done = models.PositiveIntegerField(_("steps done"), default=0)
    total = models.PositiveIntegerField(_("steps in total"), default=0)
    rows = models.PositiveIntegerField(_("rows written"), default=0)
    # A fixed, translatable sentence: never an exception text, which may quote a value.
    error = models.CharField(_("error"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("report export")
        verbose_name_plural = _("report exports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # purge_expired_exports: "exports whose expiry has passed".
            models.Index(fields=["expires_at"], name="report_export_expires_idx"),
            # The export panel: "this user's latest exports".
            models.Index(fields=["requested_by", "-created_at"], name="report_export_user_idx"),
        ]

    def __str__(self) -> str:
        return _("Report export #%(pk)s") % {"pk": self.pk}

    @property
    def content_type(self) -> str:
        return REPORT_EXPORT_FILES[ReportExportFormat(self.format)][1]

    @property
    def download_name(self) -> str:
        extension = REPORT_EXPORT_FILES[ReportExportFormat(self.format)][0]
        stem = "dataset" if self.format == ReportExportFormat.DATASET else "report"
        return f"casetracker-{stem}-{self.pk}.{extension}"
