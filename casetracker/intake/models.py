"""The hotline's records: police stations, the events the hotline is open for, dispatches, intakes."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casetracker.intake.choices import IntakeStatus, LawyerStatus, ReportedBy
from casetracker.intake.phones import validate_phone
from casetracker.protected.crypto import blind_index
from casetracker.protected.crypto.fields import EncryptedCharField, EncryptedTextField

# Intake fields that name or reach the person: cleared on conversion and by the purge.
PERSONAL_FIELDS = ("full_name", "phone", "notes")
# The times of a report: not before this, and not later than now plus a clock's drift.
EARLIEST_REPORTED = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
CLOCK_SKEW = dt.timedelta(minutes=5)


def same_city(first: str, second: str) -> bool:
    """Whether two city names are one city (case, spacing and "ё" aside)."""
    return blind_index.normalize_name(first) == blind_index.normalize_name(second)


class PoliceStation(models.Model):
    """A police station (ОВД) where detainees are taken; reference data."""

    name = models.CharField(_("name"), max_length=255)
    city = models.CharField(_("city"), max_length=128)
    region = models.CharField(_("region"), max_length=128)
    address = models.CharField(_("address"), max_length=255, blank=True)
    publish_list = models.BooleanField(
        _("publish the list for relatives"),
        default=False,
        help_text=_("Initials and detention time of the people held here who agreed to it, on a public page."),
    )

    class Meta:
        verbose_name = _("police station")
        verbose_name_plural = _("police stations")
        ordering = ["city", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "city"], name="police_station_unique_name_city")]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})"


class HotlineEvent(models.Model):
    """An event the hotline takes calls for; open until a coordinator closes it."""

    event = models.OneToOneField(
        "cases.Event", on_delete=models.CASCADE, related_name="hotline", verbose_name=_("event")
    )
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("hotline event")
        verbose_name_plural = _("hotline events")
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return str(self.event)


class Dispatch(models.Model):
    """A lawyer sent to a station for an event; every intake held there goes to them."""

    event = models.ForeignKey(
        "cases.Event", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("event")
    )
    police_station = models.ForeignKey(
        PoliceStation, on_delete=models.PROTECT, related_name="dispatches", verbose_name=_("police station")
    )
    lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("lawyer")
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("sent by"),
        editable=False,
    )
    sent_at = models.DateTimeField(_("sent at"))
    # Refusals are evidence ("Крепость"): the time the lawyer says it happened is kept.
    admitted_at = models.DateTimeField(_("admitted at"), null=True, blank=True)
    refused_at = models.DateTimeField(_("refused entry at"), null=True, blank=True)
    # The board's fingerprint notices a marked entry by it.
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("dispatch")
        verbose_name_plural = _("dispatches")
        ordering = ["-sent_at", "-pk"]
        indexes = [models.Index(fields=["police_station", "event"], name="dispatch_station_event_idx")]

    def __str__(self) -> str:
        return f"{self.police_station} — {self.lawyer}"

    @property
    def lawyer_status(self) -> str:
        """Admitted or refused, whichever the lawyer marked last; sent before either."""
        if self.admitted_at and (not self.refused_at or self.admitted_at >= self.refused_at):
            return LawyerStatus.ADMITTED
        if self.refused_at:
            return LawyerStatus.REFUSED
        return LawyerStatus.SENT


class Intake(models.Model):
    """One detainee as a caller reported them, until it becomes a case or is erased."""

    event = models.ForeignKey(
        "cases.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intakes",
        verbose_name=_("event"),
    )
    full_name = EncryptedCharField(_("full name"), max_length=255, blank=True)
    phone = EncryptedCharField(_("phone"), max_length=64, blank=True, validators=[validate_phone])
    reported_by = models.CharField(
        _("reported by"), max_length=16, choices=ReportedBy.choices, default=ReportedBy.OTHER
    )
    detained_at = models.DateTimeField(_("detained at"), null=True, blank=True)
    detained_place = models.CharField(
        _("place of detention"), max_length=255, blank=True, help_text=_("A public place, e.g. a metro station.")
    )
    police_station = models.ForeignKey(
        PoliceStation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="intakes",
        verbose_name=_("police station"),
    )
    delivered_at = models.DateTimeField(
        _("delivered at"), null=True, blank=True, help_text=_("Arrival at the police station: the clock runs from it.")
    )
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    taken_to_court_at = models.DateTimeField(_("taken to court at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=IntakeStatus.choices, default=IntakeStatus.REPORTED)
    lawyer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lawyer"),
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("case")
    )
    notes = EncryptedTextField(_("notes"), blank=True)
    publish_consent = models.BooleanField(
        _("agrees to be listed for relatives"),
        default=False,
        help_text=_("Initials and detention time on the station's public list, if a coordinator publishes it."),
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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    duplicate_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    # Optimistic concurrency: a save names the version it read; another save in between is refused.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    full_name_index = models.CharField(max_length=32, blank=True, editable=False, db_index=True)
    phone_index = models.CharField(max_length=32, blank=True, editable=False, db_index=True)

    class Meta:
        verbose_name = _("intake")
        verbose_name_plural = _("intakes")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["event", "police_station"], name="intake_event_station_idx")]
        permissions = [("view_all_intakes", _("Can see every intake, of any event and time"))]

    def __str__(self) -> str:
        return str(_("Intake #%(pk)s") % {"pk": self.pk})

    def clean(self) -> None:
        super().clean()
        errors: dict[str, ValidationError] = {}
        # A report is about tonight: a time in the future or before 2000 is a typing slip
        # (and a year 448 would come back in a time-zone offset no client can read).
        now = timezone.now()
        for name in ("detained_at", "delivered_at", "released_at", "taken_to_court_at"):
            moment = getattr(self, name)
            if moment is not None and moment > now + CLOCK_SKEW:
                errors[name] = ValidationError(_("This time is in the future."), code="future")
            elif moment is not None and moment < EARLIEST_REPORTED:
                errors[name] = ValidationError(_("This time is before 2000: check the year."), code="too_early")
        if self.detained_at and self.delivered_at and self.delivered_at < self.detained_at:
            errors["delivered_at"] = ValidationError(
                _("The delivery to the station cannot be before the detention."), code="delivered_before_detained"
            )
        started = self.delivered_at or self.detained_at
        if started and self.released_at and self.released_at < started:
            errors["released_at"] = ValidationError(
                _("The release cannot be before the delivery to the station."), code="released_before_delivered"
            )
        if (
            self.police_station_id
            and self.event_id
            and self.event.city
            and not same_city(self.police_station.city, self.event.city)
        ):
            errors["police_station"] = ValidationError(
                _("This station is in %(station_city)s; the event was in %(event_city)s."),
                code="other_city",
                params={"station_city": self.police_station.city, "event_city": self.event.city},
            )
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs) -> None:
        self.full_name_index = blind_index.name_index(self.full_name)
        self.phone_index = blind_index.phone_index(self.phone)
        super().save(*args, **kwargs)

    @property
    def is_held(self) -> bool:
        """At the station now: delivered there, neither released nor taken to court."""
        return bool(self.police_station_id) and self.released_at is None and self.taken_to_court_at is None

    def held_for(self, now: dt.datetime) -> dt.timedelta | None:
        """How long since delivery, while held; None otherwise."""
        if not self.is_held or self.delivered_at is None:
            return None
        return now - self.delivered_at
