import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from casetracker.cases import domain
from casetracker.cases.choices import HearingOutcome, LegalCode
from casetracker.cases.display import date_label
from casetracker.cases.models.records import CaseRecord


class LegalArticle(models.Model):
    """An article of the administrative (KoAP) or criminal (UK) code. Reference data."""

    code = models.CharField(_("code"), max_length=8, choices=LegalCode.choices)
    number = models.CharField(_("article number"), max_length=16, help_text=_('E.g. "20.2".'))
    part = models.CharField(_("part"), max_length=16, blank=True)
    title = models.CharField(_("title"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("legal article")
        verbose_name_plural = _("legal articles")
        ordering = ["code", "number", "part"]
        constraints = [
            models.UniqueConstraint(fields=["code", "number", "part"], name="legal_article_unique"),
        ]

    def __str__(self) -> str:
        label = f"{self.get_code_display().split(' ')[0]} {self.number}"
        if self.part:
            label += " " + str(_("part %(part)s") % {"part": self.part})
        return label


class Charge(CaseRecord, models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="charges", verbose_name=_("case"))
    article = models.ForeignKey(
        LegalArticle, on_delete=models.PROTECT, related_name="charges", verbose_name=_("article")
    )
    filed_at = models.DateField(_("filed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("charge")
        verbose_name_plural = _("charges")
        ordering = ["filed_at", "pk"]

    def __str__(self) -> str:
        return str(self.article)


class Hearing(CaseRecord, models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="hearings", verbose_name=_("case"))
    court = models.CharField(_("court"), max_length=255)
    date = models.DateField(_("date"))
    judge = models.CharField(_("judge"), max_length=255, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, choices=HearingOutcome.choices, blank=True)
    fine_amount = models.DecimalField(
        _("fine, roubles"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("A fine cannot be negative."))],
    )
    arrest_days = models.PositiveIntegerField(
        _("arrest, days"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("Arrest days cannot be negative."))],
    )
    decision_received_on = models.DateField(_("decision received on"), null=True, blank=True)
    appeal_deadline = models.DateField(
        _("appeal deadline"),
        null=True,
        blank=True,
        help_text=_(
            "Left blank: counted from receipt of the decision as the law in force counts it "
            "(KoAP arts. 30.3 and 4.8, holidays included), from the hearing date while receipt is unknown."
        ),
    )

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["date", "pk"]
        indexes = [
            # The dashboard's "hearings and appeal deadlines of the next 14 days".
            models.Index(fields=["date"], name="hearing_date_idx"),
            models.Index(fields=["appeal_deadline"], name="hearing_appeal_deadline_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.court}, {date_label(self.date)}" if self.date else self.court

    def clean(self) -> None:
        super().clean()
        self.fill_appeal_deadline()
        errors = {}
        if self.date and self.decision_received_on and self.decision_received_on < self.date:
            errors["decision_received_on"] = _("The decision cannot be received before the hearing.")
        if self.date and self.appeal_deadline and self.appeal_deadline < self.date:
            errors["appeal_deadline"] = _("The appeal deadline cannot be before the hearing.")
        if self.fine_amount and self.outcome != HearingOutcome.FINE:
            errors["fine_amount"] = _("A fine amount needs the outcome “fine”.")
        if self.arrest_days and self.outcome != HearingOutcome.ARREST:
            errors["arrest_days"] = _("Arrest days need the outcome “administrative arrest”.")
        if self.arrest_days and self.arrest_days > domain.MAX_ARREST_DAYS:
            errors["arrest_days"] = _("Administrative arrest is at most %(days)s days (KoAP art. 3.9).") % {
                "days": domain.MAX_ARREST_DAYS
            }
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        self.fill_appeal_deadline()
        super().save(*args, **kwargs)
        self._stored_default_deadline = self._default_deadline()

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # The deadline computed from the dates as stored: a deadline still equal to it
        # was not set by hand, so it follows a corrected receipt or a postponed hearing.
        instance._stored_default_deadline = instance._default_deadline()
        return instance

    def _default_deadline(self) -> dt.date | None:
        date = self.__dict__.get("date")
        if not date:
            return None
        return domain.default_appeal_deadline(date, self.__dict__.get("decision_received_on"))

    def fill_appeal_deadline(self) -> None:
        """Compute the default deadline; refine it once the decision's receipt date is known.

        A deadline still equal to the provisional one (hearing date + 10) or to the one
        computed from the stored dates is treated as not set by hand and follows the
        current dates (receipt + 10 once known); any other value is the lawyer's.
        """
        if not self.date:
            return
        computed = {
            domain.default_appeal_deadline(self.date, None),
            getattr(self, "_stored_default_deadline", None),
        }
        if self.appeal_deadline is None or self.appeal_deadline in computed:
            self.appeal_deadline = domain.default_appeal_deadline(self.date, self.decision_received_on)
