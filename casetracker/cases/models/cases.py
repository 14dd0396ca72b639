import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casetracker.cases.choices import CaseStatus
from casetracker.cases.display import date_label
from casetracker.cases.models.records import CaseRecord
from casetracker.protected.crypto.fields import EncryptedTextField

# Six digits or more: past pk 999,999 the generated number simply grows.
GENERATED_REFERENCE = re.compile(r"^CT-\d{4}-\d{6,}$")


class Case(models.Model):
    """Legal aid for one person: the unit every permission is decided on."""

    reference = models.CharField(
        _("reference"),
        max_length=32,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Generated when left blank, e.g. CT-2021-000123."),
    )
    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="cases", verbose_name=_("person"))
    status = models.CharField(_("status"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.INTAKE)
    lawyers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("lawyers"),
    )
    opened_at = models.DateField(_("opened on"), default=timezone.localdate)
    closed_at = models.DateField(_("closed on"), null=True, blank=True)
    # Free text about a named person ("called the hotline on 02.12: detained in the metro..."):
    # encrypted like the narratives.
    summary = EncryptedTextField(_("summary"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at", "-pk"]
        permissions = [
            ("view_all_cases", _("Can see and edit every case, not only assigned ones")),
            ("assign_lawyers", _("Can assign lawyers to cases")),
        ]
        indexes = [
            # The lawyer's dashboard and the change-list status filter.
            models.Index(fields=["status", "-opened_at"], name="case_status_opened_idx"),
            # The change list's and the dashboard's default order (-opened_at, -pk): the
            # newest page is read off the index instead of sorting every visible case.
            models.Index(fields=["-opened_at", "-id"], name="case_opened_idx"),
        ]

    @property
    def audit_case(self) -> "Case":
        # The audit trail files a case's own events under its reference (CaseRecord).
        return self

    def __str__(self) -> str:
        return self.reference or str(_("new case"))

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.closed_at and self.opened_at and self.closed_at < self.opened_at:
            errors["closed_at"] = _("A case cannot be closed before it was opened.")
        if self.reference and GENERATED_REFERENCE.match(self.reference) and self.reference != self._stored_reference():
            # A typed CT-… reference would collide with a generated one later on.
            errors["reference"] = _(
                "References of the form CT-YYYY-NNNNNN are generated; leave the field blank or use another form."
            )
        if errors:
            raise ValidationError(errors)

    def _stored_reference(self) -> str | None:
        if self.pk is None:
            return None
        return Case.objects.filter(pk=self.pk).values_list("reference", flat=True).first()

    def save(self, *args, **kwargs) -> None:
        if self.reference == "":
            self.reference = None
        person_changed = self.pk is not None and not Case.objects.filter(pk=self.pk, person_id=self.person_id).exists()
        with transaction.atomic():
            super().save(*args, **kwargs)
            if self.reference is None:
                # Derived from the primary key, so two lawyers saving at once can never
                # get the same number.
                self.reference = f"CT-{self.opened_at:%Y}-{self.pk:06d}"
                Case.objects.filter(pk=self.pk).update(reference=self.reference)
            if person_changed:
                birth_date = self.person.birth_date
                for detention in self.detentions.only("pk", "detained_at"):
                    detention.refresh_is_minor(birth_date=birth_date)


class CaseNote(CaseRecord, models.Model):
    """A lawyer's working note on a case (kept out of redacted summaries)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes", verbose_name=_("case"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("author"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    text = EncryptedTextField(_("text"))

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        # The day in the current time zone: a note written after 21:00 UTC is Moscow's next day.
        return _("Note of %(date)s") % {"date": self.created_at and date_label(timezone.localtime(self.created_at))}
