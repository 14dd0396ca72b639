from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casetracker.cases.choices import Consent, EventKind, Gender
from casetracker.cases.display import date_label
from casetracker.protected.crypto import blind_index
from casetracker.protected.crypto.fields import (
    EncryptedCharField,
    EncryptedDateField,
    EncryptedEmailField,
    EncryptedTextField,
)

# The fields a person's record is written with (admin form, API, merge), in display order.
PERSON_DETAIL_FIELDS = (
    "full_name",
    "birth_date",
    "gender",
    "region",
    "is_journalist",
    "phone",
    "email",
    "social_media",
    "passport_last4",
    "consent",
)


class Person(models.Model):
    """A detainee. Personal fields are the most sensitive data in the system."""

    # Personal fields are encrypted at rest; the blind indexes below find a person by
    # exact name without the name ever being stored in clear (by a word of the name or a
    # phone number: `PersonSearchKey`).
    full_name = EncryptedCharField(_("full name"), max_length=255)
    birth_date = EncryptedDateField(_("birth date"), null=True, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=64, blank=True)
    email = EncryptedEmailField(_("email"), blank=True)
    social_media = EncryptedTextField(
        _("social media"), blank=True, help_text=_("Handles and profile links, one per line.")
    )
    passport_last4 = EncryptedCharField(
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
    full_name_index = models.CharField(max_length=32, blank=True, editable=False, db_index=True)
    name_birth_index = models.CharField(max_length=32, blank=True, editable=False, db_index=True)
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
    # Set by `casetracker.cases.erasure.person_erase`: the personal fields are gone and
    # the record stays only for the statistics, under a pseudonym.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)
    erased_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("erased by"),
        editable=False,
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        # Names are ciphertext in the database: order by creation, not by name.
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("erase_person", _("Can erase a person's personal data")),
            # Also the capability to see and resolve the queue of possible duplicates.
            ("merge_person", _("Can merge duplicate persons")),
        ]

    def __str__(self) -> str:
        if self.erased_at is not None:
            return str(_("Erased person #%(pk)s") % {"pk": self.pk})
        return self.full_name

    def clean(self) -> None:
        super().clean()
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError({"birth_date": _("The birth date cannot be in the future.")})

    def save(self, *args, **kwargs) -> None:
        self.full_name_index = blind_index.name_index(self.full_name)
        self.name_birth_index = blind_index.name_birth_index(self.full_name, self.birth_date)
        # Erasure clears the birth date, but whether the person was a minor at each
        # detention is a statistical fact that stays: only a correction recomputes it.
        birth_date_changed = self.erased_at is None and self._birth_date_changed()
        created = self._state.adding
        super().save(*args, **kwargs)
        from casetracker.cases.models.search import search_keys_sync

        # The word and phone digests live in their own table; an erasure removes them.
        search_keys_sync(self, created=created)
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
        return f"{self.name} ({date_label(self.date)})"
