"""Deadlines as records, the coordinators' calendar days and the users' calendar feeds."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from casetracker.cases.models.records import CaseRecord
from casetracker.deadlines.rules import RULES_BY_KEY, DeadlineKind


class NonWorkingDay(models.Model):
    """A day the production calendar package does not know yet, or knows wrongly."""

    day = models.DateField(_("day"), unique=True)
    is_working_day = models.BooleanField(
        _("working day"),
        default=False,
        help_text=_("Tick for a working day moved onto a weekend (a working Saturday); leave blank for a day off."),
    )
    reason = models.CharField(
        _("reason"), max_length=255, help_text=_("E.g. the government decree, or a regional holiday.")
    )

    class Meta:
        verbose_name = _("non-working day")
        verbose_name_plural = _("non-working days")
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day:%d.%m.%Y}"


class DeadlineStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("done")
    DISMISSED = "dismissed", _("dismissed")
    # Never stored: an open deadline whose day has passed reads as missed (selectors.with_status).
    MISSED = "missed", _("missed")


STORED_STATUSES = [DeadlineStatus.OPEN, DeadlineStatus.DONE, DeadlineStatus.DISMISSED]


class Deadline(CaseRecord, models.Model):
    """A procedural deadline of a case, counted from one of its hearings by a rule of `rules.py`."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("case"))
    # A deadline that was filed or dismissed outlives its hearing (the record of what was done).
    hearing = models.ForeignKey(
        "cases.Hearing",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("hearing"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DeadlineKind.choices)
    rule = models.CharField(_("rule"), max_length=32, editable=False)
    due_on = models.DateField(_("due on"))
    # Counted from the hearing date because the decision's receipt is not recorded yet.
    provisional = models.BooleanField(_("provisional"), default=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=[(value, label) for value, label in DeadlineStatus.choices if value in STORED_STATUSES],
        default=DeadlineStatus.OPEN,
    )
    done_on = models.DateField(_("filed on"), null=True, blank=True)
    document = models.ForeignKey(
        "cases.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deadlines",
        verbose_name=_("document"),
    )
    dismissed_reason = models.CharField(_("reason for not pursuing"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["hearing", "kind"], name="deadline_one_kind_per_hearing"),
        ]
        indexes = [
            # The agenda and the API: open deadlines by day.
            models.Index(fields=["status", "due_on"], name="deadline_status_due_idx"),
            models.Index(fields=["case", "due_on"], name="deadline_case_due_idx"),
            # The API's and the admin's order: a page of 50 walks this instead of sorting every row.
            models.Index(fields=["due_on", "id"], name="deadline_due_id_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.due_on:%d.%m.%Y}"

    @property
    def basis(self) -> str:
        rule = RULES_BY_KEY.get(self.rule)
        return rule.basis if rule else ""


class CalendarFeed(models.Model):
    """A user's secret calendar feed URL. Only a hash of the secret is kept; it is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds", verbose_name=_("user")
    )
    secret_hash = models.CharField(_("secret hash"), max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} ({self.created_at:%d.%m.%Y})"
