"""Writes of the hotline: intakes (with the optimistic version check), dispatches, merges.

Every write validates like the admin (the model's `full_clean`), runs in one
transaction and records its audit event there.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casetracker.accounts.models import User
from casetracker.accounts.policy import user_can_be_assigned_as_lawyer, user_sees_all_intakes
from casetracker.audit.models import AuditAction, AuditSource
from casetracker.audit.services import audit_record
from casetracker.cases.models import Event
from casetracker.intake.choices import DISPATCHABLE_STATUSES, IntakeStatus, LawyerStatus
from casetracker.intake.models import Dispatch, Intake, PoliceStation
from casetracker.intake.phones import phone_normalize
from casetracker.intake.selectors import latest_dispatches, open_events

# What a caller's report may set; the rest is derived or the server's.
WRITABLE_FIELDS = (
    "event",
    "full_name",
    "phone",
    "reported_by",
    "detained_at",
    "detained_place",
    "police_station",
    "delivered_at",
    "released_at",
    "taken_to_court_at",
    "notes",
    "publish_consent",
)
LAWYER_STATUS_TO_INTAKE = {
    LawyerStatus.SENT: IntakeStatus.LAWYER_SENT,
    LawyerStatus.ADMITTED: IntakeStatus.LAWYER_ADMITTED,
    LawyerStatus.REFUSED: IntakeStatus.LAWYER_REFUSED,
}


class VersionConflict(Exception):
    """Someone saved the intake after this user read it; `current` is what is stored now."""

    def __init__(self, current: Intake) -> None:
        super().__init__("The intake was changed by someone else.")
        self.current = current


def _audit(user, action, obj, *, changed=(), request=None, source=AuditSource.WEB) -> None:
    audit_record(user=user, action=action, obj=obj, changed_fields=changed, request=request, source=source)


def intake_derive(intake: Intake, *, dispatch: Dispatch | None) -> None:
    """The lawyer and status that follow from the intake's times and its station's dispatch."""
    if intake.status == IntakeStatus.CONVERTED:
        return
    if dispatch is not None:
        intake.lawyer_id = dispatch.lawyer_id
    if intake.released_at is not None:
        intake.status = IntakeStatus.RELEASED
    elif intake.taken_to_court_at is not None:
        intake.status = IntakeStatus.TAKEN_TO_COURT
    elif dispatch is not None:
        intake.status = LAWYER_STATUS_TO_INTAKE[dispatch.lawyer_status]
    elif intake.police_station_id:
        intake.status = IntakeStatus.AT_STATION
    else:
        intake.status = IntakeStatus.REPORTED


def _station_dispatch(intake: Intake) -> Dispatch | None:
    if not intake.police_station_id:
        return None
    return latest_dispatches(event=intake.event, stations=[intake.police_station_id]).get(intake.police_station_id)


def _clean_and_save(intake: Intake) -> None:
    try:
        intake.phone = phone_normalize(intake.phone)
    except ValidationError as error:
        raise ValidationError({"phone": error.error_list}) from None
    intake_derive(intake, dispatch=_station_dispatch(intake))
    intake.full_clean(exclude=["lawyer", "case", "duplicate_of", "created_by"])
    intake.save()


def _check_event(user: User, event: Event | None) -> None:
    if event is not None and not user_sees_all_intakes(user) and not open_events().filter(pk=event.pk).exists():
        raise ValidationError({"event": _("The hotline is not open for this event.")})


def intake_create(
    *, user: User, values: dict, request: HttpRequest | None = None, source: AuditSource | str = AuditSource.WEB
) -> Intake:
    """A new intake from a call (or the API); raises ValidationError with field messages."""
    unknown = set(values) - set(WRITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not writable: {', '.join(sorted(unknown))}")
    _check_event(user, values.get("event"))
    intake = Intake(**values, created_by=user)
    with transaction.atomic():
        _clean_and_save(intake)
        _audit(user, AuditAction.CREATE, intake, changed=sorted(values), request=request, source=source)
    return intake


def intake_update(
    *,
    intake: Intake,
    user: User,
    values: dict,
    version: int,
    request: HttpRequest | None = None,
    source: AuditSource | str = AuditSource.WEB,
) -> Intake:
    """Change an intake read at `version`; VersionConflict when it was saved since, nothing written."""
    unknown = set(values) - set(WRITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not writable: {', '.join(sorted(unknown))}")
    if intake.status == IntakeStatus.CONVERTED:
        raise ValidationError(_("This intake is now a case: change the case instead."))
    if "event" in values:
        _check_event(user, values["event"])
    with transaction.atomic():
        current = Intake.objects.select_for_update(of=("self",)).get(pk=intake.pk)
        if current.version != version:
            raise VersionConflict(current)
        changed = [name for name in values if getattr(current, name) != values[name]]
        for name, value in values.items():
            setattr(current, name, value)
        current.version += 1
        _clean_and_save(current)
        _audit(user, AuditAction.UPDATE, current, changed=changed, request=request, source=source)
    return current


def intake_read(*, intake: Intake, user: User, request: HttpRequest | None = None, source=AuditSource.WEB) -> None:
    """Record that `user` read an intake's personal fields."""
    _audit(user, AuditAction.VIEW, intake, request=request, source=source)


def intake_merge(
    *, duplicate: Intake, original: Intake, user: User, request: HttpRequest | None = None, source=AuditSource.WEB
) -> Intake:
    """Two reports of one person made one: `duplicate` points to `original`, which takes what it lacked.

    Both rows stay, with their own report times (created_at, detained_at, delivered_at);
    the board counts the original only.
    """
    if duplicate.pk == original.pk or original.duplicate_of_id or duplicate.duplicate_of_id:
        raise ValidationError(_("These two reports cannot be merged."))
    if original.case_id or duplicate.case_id:
        raise ValidationError(_("A report already converted into a case cannot be merged."))
    with transaction.atomic():
        original = Intake.objects.select_for_update(of=("self",)).get(pk=original.pk)
        duplicate = Intake.objects.select_for_update(of=("self",)).get(pk=duplicate.pk)
        filled = []
        for name in WRITABLE_FIELDS:
            if getattr(original, name) in (None, "", False) and getattr(duplicate, name) not in (None, "", False):
                setattr(original, name, getattr(duplicate, name))
                filled.append(name)
        original.version += 1
        _clean_and_save(original)
        duplicate.duplicate_of = original
        duplicate.version += 1
        duplicate.save(update_fields=["duplicate_of", "version", "updated_at"])
        # Reports merged into the duplicate before now follow it to the original.
        Intake.objects.filter(duplicate_of=duplicate).update(duplicate_of=original, updated_at=timezone.now())
        _audit(user, AuditAction.MERGE, original, changed=filled, request=request, source=source)
        _audit(user, AuditAction.MERGE, duplicate, changed=["duplicate_of"], request=request, source=source)
    return original


def dispatch_send(
    *,
    user: User,
    police_station: PoliceStation,
    event: Event | None,
    lawyer: User,
    request: HttpRequest | None = None,
    source=AuditSource.WEB,
) -> Dispatch:
    """Send a lawyer to a station: every intake held there for the event goes to them."""
    if not user_can_be_assigned_as_lawyer(lawyer):
        raise ValidationError({"lawyer": _("This user cannot be assigned as a lawyer.")})
    with transaction.atomic():
        dispatch = Dispatch.objects.create(
            police_station=police_station, event=event, lawyer=lawyer, sent_by=user, sent_at=timezone.now()
        )
        _audit(user, AuditAction.CREATE, dispatch, changed=["police_station", "event", "lawyer"], request=request)
        _station_intakes_follow(dispatch, user=user, request=request, source=source)
    return dispatch


def dispatch_mark_entry(
    *,
    dispatch: Dispatch,
    user: User,
    admitted: bool,
    at: dt.datetime | None = None,
    request: HttpRequest | None = None,
    source=AuditSource.WEB,
) -> Dispatch:
    """The lawyer at the station: admitted, or refused entry, at a time (now unless given)."""
    if dispatch.lawyer_id != user.pk and not user_sees_all_intakes(user):
        raise PermissionDenied
    at = at or timezone.now()
    if at > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationError({"at": _("This time is in the future.")})
    field = "admitted_at" if admitted else "refused_at"
    with transaction.atomic():
        setattr(dispatch, field, at)
        dispatch.save(update_fields=[field, "updated_at"])
        _audit(user, AuditAction.UPDATE, dispatch, changed=[field], request=request, source=source)
        _station_intakes_follow(dispatch, user=user, request=request, source=source)
    return dispatch


def _station_intakes_follow(dispatch: Dispatch, *, user: User, request, source) -> None:
    """The station's intakes take the dispatch's lawyer and status, each with its version bumped and an event."""
    intakes = Intake.objects.select_for_update(of=("self",)).filter(
        police_station=dispatch.police_station, event=dispatch.event, status__in=DISPATCHABLE_STATUSES
    )
    for intake in intakes:
        before = (intake.lawyer_id, intake.status)
        intake_derive(intake, dispatch=dispatch)
        if (intake.lawyer_id, intake.status) != before:
            intake.version += 1
            intake.save(update_fields=["lawyer", "status", "version", "updated_at"])
            _audit(user, AuditAction.UPDATE, intake, changed=["lawyer", "status"], request=request, source=source)
