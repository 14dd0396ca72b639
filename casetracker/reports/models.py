import datetime as dt

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casetracker.reports.storage import private_export_storage


class BatchStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


def default_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(hours=settings.CASETRACKER_EXPORT_TTL_HOURS)


class CaseSummaryBatch(models.Model):
    """A ZIP of case summary PDFs built by a Celery task; the file expires."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("requested by"),
    )
    # Ids only: the task re-checks that the requester still sees each case.
    case_ids = models.JSONField(_("case ids"), default=list)
    redacted = models.BooleanField(_("redacted"), default=False)
    language = models.CharField(_("language"), max_length=8)
    status = models.CharField(_("status"), max_length=16, choices=BatchStatus.choices, default=BatchStatus.PENDING)
    done = models.PositiveIntegerField(_("cases done"), default=0)
    total = models.PositiveIntegerField(_("cases in total"), default=0)
    file = models.FileField(_("file"), storage=private_export_storage, max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), default=default_expiry)

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
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_finished(self) -> bool:
        return self.status in {BatchStatus.DONE, BatchStatus.FAILED}

    @property
    def download_name(self) -> str:
        return f"case-summaries-{self.pk}{'-redacted' if self.redacted else ''}.zip"
