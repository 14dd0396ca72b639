from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casetracker.cases.choices import Consent, EventKind, Gender


class Person(models.Model):
    """A detainee. Personal fields are the most sensitive data in the system."""

    full_name = models.CharField(_("full name"), max_length=255)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    phone = models.CharField(_("phone"), max_length=64, blank=True)
    email = models.EmailField(_("email"), blank=True)
    social_media = models.TextField(
        _("social media"), blank=True, help_text=_("Handles and profile links, one per line.")
    )
    passport_last4 = models.CharField(
        _("passport, last 4 digits"),
        max_length=4,
        blank=True,
        # [0-9], not \d: \d also accepts other scripts' digits (１２３４, ١٢٣٤).
        validators=[RegexValidator(r"^[0-9]{4}\Z", _("Enter exactly four digits."))],
    )
    gender = models.CharField(_("gender"), max_length=16, choices=Gender.choices, default=Gender.UNKNOWN)
    region = models.CharField(_("region of residence"), max_length=128, blank=True)
    is_journalist = models.BooleanField(_("journalist"), default=False)
    consent = models.CharField(
        _("consent"),
        max_length=16,
        choices=Consent.choices,
        default=Consent.LEGAL_AID,
        help_text=_("What the person agreed their data may be used for."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
        editable=False,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["full_name", "pk"]

    def __str__(self) -> str:
        return self.full_name

    def clean(self) -> None:
        super().clean()
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError({"birth_date": _("The birth date cannot be in the future.")})

    def save(self, *args, **kwargs) -> None:
        birth_date_changed = self._birth_date_changed()
        super().save(*args, **kwargs)
        if birth_date_changed:
            # "Minor at detention" is stored on each detention so reports never need
            # the (later encrypted) birth date; keep it true when the date changes.
            from casetracker.cases.models.detentions import Detention

            for detention in Detention.objects.filter(case__person=self).only("pk", "detained_at"):
                detention.refresh_is_minor(birth_date=self.birth_date)

    def _birth_date_changed(self) -> bool:
        if self.pk is None:
            return False
        previous = Person.objects.filter(pk=self.pk).values_list("birth_date", flat=True).first()
        return previous != self.birth_date


class Event(models.Model):
    """A rally, picket or march that detentions (and camera footage) relate to."""

    name = models.CharField(_("name"), max_length=255)
    date = models.DateField(_("date"))
    city = models.CharField(_("city"), max_length=128, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=EventKind.choices, default=EventKind.RALLY)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-date", "name"]
        constraints = [
            # One row per rally: imports and the demo match events by these three.
            models.UniqueConstraint(fields=["name", "date", "city"], name="event_unique_name_date_city"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%Y-%m-%d})"
