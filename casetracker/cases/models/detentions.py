import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casetracker.cases import domain
from casetracker.cases.choices import (
    PRIVATE_PLACE_TYPES,
    ClaimSource,
    IdentificationMethod,
    PlaceType,
    PresentAtEvent,
    RecognitionMode,
    Reliability,
)
from casetracker.cases.display import datetime_label
from casetracker.cases.models.records import CaseRecord
from casetracker.protected.crypto.fields import EncryptedCharField, EncryptedTextField


class Detention(CaseRecord, models.Model):
    """The circumstances of one arrest. A case may have several."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="detentions", verbose_name=_("case"))
    detained_at = models.DateTimeField(_("detained at"))
    city = models.CharField(_("city"), max_length=128)
    region = models.CharField(_("region"), max_length=128)
    place_type = models.CharField(_("place type"), max_length=16, choices=PlaceType.choices)
    # Read in clear by reports (metro stations, squares), so never an address: a
    # detention at home or at work leaves it empty and keeps the address encrypted below.
    place = models.CharField(
        _("place"),
        max_length=255,
        blank=True,
        help_text=_("A public place, e.g. a metro station or a square. Left empty for a detention at home or at work."),
    )
    private_address = EncryptedCharField(
        _("address (home or work)"),
        max_length=255,
        blank=True,
        help_text=_(
            "Only for a detention at home or at work. Stored encrypted; never shown in reports or redacted summaries."
        ),
    )
    authority = models.CharField(_("police unit"), max_length=255, blank=True)
    held_at = models.CharField(_("held at"), max_length=255, blank=True, help_text=_("Police station where held."))
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    event = models.ForeignKey(
        "cases.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="detentions",
        verbose_name=_("event"),
        help_text=_("The rally this detention relates to."),
    )
    present_at_event = models.CharField(
        _("present at the event"), max_length=16, choices=PresentAtEvent.choices, default=PresentAtEvent.UNKNOWN
    )
    press_vest = models.BooleanField(_("wore a press vest"), default=False)
    force_used = models.BooleanField(_("force used"), default=False)
    narrative = EncryptedTextField(_("narrative"), blank=True)
    is_minor = models.BooleanField(
        _("minor at detention"),
        null=True,
        editable=False,
        help_text=_("Computed from the birth date; empty when the birth date is unknown."),
    )
    # Set by the bulk import: a keyed hash (blind-index key) of the person's name and
    # birth date, the detention time and place, so re-importing a file adds nothing.
    import_key = models.CharField(max_length=32, blank=True, default="", editable=False)

    class Meta:
        verbose_name = _("detention")
        verbose_name_plural = _("detentions")
        ordering = ["detained_at", "pk"]
        indexes = [
            # Reports filter and group detentions by date, then by region/city/place type.
            models.Index(fields=["detained_at"], name="detention_detained_at_idx"),
            models.Index(fields=["region", "city"], name="detention_region_city_idx"),
        ]
        constraints = [
            # The import's "already imported?" lookup, and two concurrent imports of the
            # same row cannot both commit (the second fails as a whole).
            models.UniqueConstraint(
                fields=["import_key"], condition=~models.Q(import_key=""), name="detention_import_key_unique"
            ),
        ]

    def __str__(self) -> str:
        # Never the address: the string ends up in lists, logs and the admin's history.
        where = self.get_place_type_display() if self.is_at_private_place else self.place
        return f"{datetime_label(self.detained_at)} {where}" if self.detained_at else str(where)

    @property
    def is_at_private_place(self) -> bool:
        return self.place_type in PRIVATE_PLACE_TYPES

    @property
    def location(self) -> str:
        """Where it happened, for the case's lawyer: the address of a home or work detention, else the place."""
        return self.private_address if self.is_at_private_place else self.place

    def keep_address_private(self) -> None:
        """Move an address typed into `place` of a home or work detention into `private_address`.

        Clients written before the address had a field of its own send it as `place`;
        moved here, it is stored encrypted instead of being refused or kept in clear.
        """
        if self.is_at_private_place and self.place and not self.private_address:
            self.private_address, self.place = self.place, ""

    @property
    def local_date(self) -> dt.date | None:
        return domain.local_date(self.detained_at) if self.detained_at else None

    def clean(self) -> None:
        super().clean()
        errors = self._place_errors()
        if self.detained_at and self.detained_at > timezone.now() + dt.timedelta(minutes=5):
            errors["detained_at"] = _("The detention time cannot be in the future.")
        if self.released_at and self.detained_at and self.released_at < self.detained_at:
            errors["released_at"] = _("Release cannot be before the detention.")
        birth_date = self._person_birth_date()
        if birth_date and self.detained_at and domain.local_date(self.detained_at) < birth_date:
            errors["detained_at"] = _("The detention cannot be before the person's birth date.")
        if errors:
            raise ValidationError(errors)

    def _place_errors(self) -> dict:
        self.keep_address_private()
        if self.is_at_private_place and self.place:
            return {
                "place": _(
                    "A detention at home or at work has no public place: "
                    "give the address once, under “address (home or work)”."
                )
            }
        if self.place_type in PlaceType.values and not self.is_at_private_place:
            errors = {}
            if not self.place:
                errors["place"] = self._meta.get_field("place").error_messages["blank"]
            if self.private_address:
                errors["private_address"] = _(
                    "Only a detention at home or at work has an address here; put the public place under “place”."
                )
            return errors
        return {}

    def save(self, *args, **kwargs) -> None:
        # Also for writes that skip full_clean() (scripts, fixtures): an address never
        # reaches the readable column.
        self.keep_address_private()
        if self.is_at_private_place and self.place:
            raise ValueError("A home or work detention with both a place and a private address: call full_clean().")
        birth_date, erased = self._person_birth_date_and_erased()
        if not erased:
            # An erased person's birth date is gone; the stored fact stays as it was.
            self.is_minor = domain.is_minor_at(birth_date, self.detained_at)
        super().save(*args, **kwargs)
        # The lag of every claim depends on the detention date.
        for claim in self.evidence_claims.all():
            lag = domain.footage_lag_days(claim.footage_date, self.detained_at)
            if lag != claim.footage_lag_days:
                type(claim).objects.filter(pk=claim.pk).update(footage_lag_days=lag)

    def refresh_is_minor(self, *, birth_date: dt.date | None) -> None:
        is_minor = domain.is_minor_at(birth_date, self.detained_at)
        Detention.objects.filter(pk=self.pk).update(is_minor=is_minor)

    def _person_birth_date_and_erased(self) -> tuple[dt.date | None, bool]:
        if not self.case_id:
            return None, False
        from casetracker.cases.models.people import Person

        row = Person.objects.filter(cases__pk=self.case_id).values_list("birth_date", "erased_at").first()
        return (row[0], row[1] is not None) if row else (None, False)

    def _person_birth_date(self) -> dt.date | None:
        if not self.case_id:
            return None
        from casetracker.cases.models.people import Person

        return Person.objects.filter(cases__pk=self.case_id).values_list("birth_date", flat=True).first()


class EvidenceClaim(models.Model):
    """How the police say they identified or incriminated the person: what lawyers contest."""

    detention = models.ForeignKey(
        Detention, on_delete=models.CASCADE, related_name="evidence_claims", verbose_name=_("detention")
    )
    method = models.CharField(_("method"), max_length=32, choices=IdentificationMethod.choices)
    system_name = models.CharField(_("system name"), max_length=128, blank=True, help_text=_('E.g. "Face ID".'))
    recognition_mode = models.CharField(
        _("recognition mode"), max_length=16, choices=RecognitionMode.choices, default=RecognitionMode.UNKNOWN
    )
    camera_location = models.CharField(_("camera location"), max_length=255, blank=True)
    footage_event = models.ForeignKey(
        "cases.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="footage_claims",
        verbose_name=_("footage of event"),
        help_text=_("The earlier event whose footage was matched."),
    )
    footage_date = models.DateField(
        _("footage date"), null=True, blank=True, help_text=_("Defaults to the date of the footage event.")
    )
    source = models.CharField(_("source"), max_length=32, choices=ClaimSource.choices)
    reliability = models.CharField(_("reliability"), max_length=16, choices=Reliability.choices)
    contested = models.BooleanField(_("contested"), default=False)
    notes = EncryptedTextField(_("notes"), blank=True)
    footage_lag_days = models.IntegerField(_("days from footage to detention"), null=True, editable=False)

    class Meta:
        verbose_name = _("evidence claim")
        verbose_name_plural = _("evidence claims")
        ordering = ["detention_id", "pk"]
        indexes = [
            # "Detentions with a claim of method X": the method filter and by_method.
            models.Index(fields=["method", "detention"], name="claim_method_detention_idx"),
        ]

    @property
    def audit_case(self):
        # The audit trail files a claim under its detention's case (see CaseRecord).
        return self.detention.case if self.detention_id is not None else None

    def __str__(self) -> str:
        return self.get_method_display()

    def clean(self) -> None:
        super().clean()
        if self.footage_date is None and self.footage_event_id:
            self.footage_date = self.footage_event.date
        detained_at = self._detained_at()
        if self.footage_date and detained_at and self.footage_date > domain.local_date(detained_at):
            raise ValidationError({"footage_date": _("The footage cannot be dated after the detention it led to.")})

    def save(self, *args, **kwargs) -> None:
        if self.footage_date is None and self.footage_event_id:
            self.footage_date = self.footage_event.date
        self.footage_lag_days = domain.footage_lag_days(self.footage_date, self._detained_at())
        super().save(*args, **kwargs)

    def _detained_at(self) -> dt.datetime | None:
        # In the case page's nested form the detention may not be saved yet, but the
        # formset has already attached the (validated) instance.
        detention = self._state.fields_cache.get("detention")
        if detention is None and self.detention_id:
            detention = self.detention
        return detention.detained_at if detention is not None else None
