"""An intake into a case: the Person (found or made), the Case with the dispatched lawyer, the Detention.

What the case holds is what a lawyer would have typed into the admin from the same
call; the writes go through `cases/writes.py` (creator, duplicates queue, audit). The
intake then keeps only the link: its personal fields are cleared, so the data lives
in one place.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casetracker.accounts.models import User
from casetracker.accounts.policy import user_can_be_assigned_as_lawyer
from casetracker.audit.models import AuditAction, AuditSource
from casetracker.audit.services import audit_record
from casetracker.cases import writes
from casetracker.cases.choices import PlaceType
from casetracker.cases.models import Case, CaseNote, Detention, Person
from casetracker.cases.selectors import person_matching_visible_to
from casetracker.intake.choices import IntakeStatus
from casetracker.intake.models import PERSONAL_FIELDS, Intake


def _missing(intake: Intake) -> dict[str, str]:
    errors = {}
    if not intake.full_name.strip():
        errors["full_name"] = _("A name is needed to open a case.")
    if intake.detained_at is None:
        errors["detained_at"] = _("The time of detention is needed for the case's detention record.")
    if not intake.police_station_id:
        # The detention's city and region are the station's.
        errors["police_station"] = _("The police station is needed for the case's detention record.")
    return errors


def intake_convert(
    *, intake: Intake, user: User, request: HttpRequest | None = None, source: AuditSource | str = AuditSource.WEB
) -> Case:
    """Make the case of `intake` (read and locked anew); ValidationError when it lacks what a case needs."""
    with transaction.atomic():
        intake = (
            Intake.objects.select_for_update(of=("self",)).select_related("police_station", "event").get(pk=intake.pk)
        )
        if intake.case_id is not None or intake.status == IntakeStatus.CONVERTED:
            raise ValidationError(_("This intake is already a case."))
        if intake.duplicate_of_id is not None:
            raise ValidationError(_("This report was merged into another one: convert that one."))
        errors = _missing(intake)
        if errors:
            raise ValidationError(errors)
        person = _person(intake, user, request, source)
        case = Case(person=person, created_by=user, opened_at=timezone.localdate(intake.detained_at))
        case.full_clean(exclude=["reference"])
        case.save()
        writes.record_created(record=case, user=user, changed_fields=["person"], request=request, source=source)
        if intake.lawyer_id and user_can_be_assigned_as_lawyer(intake.lawyer):
            case.lawyers.add(intake.lawyer)
        detention = _detention(intake, case)
        writes.record_created(
            record=detention, user=user, changed_fields=_filled(detention), request=request, source=source
        )
        if intake.notes.strip():
            note = CaseNote.objects.create(case=case, author=user, text=intake.notes)
            writes.record_created(record=note, user=user, changed_fields=["text"], request=request, source=source)
        for report in [intake, *intake.duplicates.all()]:
            _keep_only_link(report, case)
            audit_record(
                user=user,
                action=AuditAction.UPDATE,
                obj=report,
                case=case,
                changed_fields=["case", "status", *PERSONAL_FIELDS],
                request=request,
                source=source,
            )
    return case


def _person(intake: Intake, user: User, request, source) -> Person:
    match = person_matching_visible_to(user, full_name=intake.full_name)
    if match is not None:
        return match
    person = Person(full_name=intake.full_name.strip(), phone=intake.phone, created_by=user)
    person.full_clean()
    person.save()
    writes.record_created(record=person, user=user, changed_fields=_filled(person), request=request, source=source)
    return person


def _detention(intake: Intake, case: Case) -> Detention:
    station = intake.police_station
    detention = Detention(
        case=case,
        detained_at=intake.detained_at,
        city=station.city,
        region=station.region,
        place_type=PlaceType.AT_EVENT if intake.event_id else PlaceType.OTHER,
        place=intake.detained_place,
        held_at=station.name,
        released_at=intake.released_at,
        event=intake.event,
    )
    detention.full_clean()
    detention.save()
    return detention


def _filled(record) -> list[str]:
    return [
        field.name
        for field in record._meta.concrete_fields
        if field.editable and not field.primary_key and getattr(record, field.attname) not in (None, "", False)
    ]


def _keep_only_link(intake: Intake, case: Case) -> None:
    for name in PERSONAL_FIELDS:
        setattr(intake, name, "")
    intake.case = case
    intake.status = IntakeStatus.CONVERTED
    intake.version += 1
    intake.save()
