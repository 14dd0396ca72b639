"""Erasure on request: destroy a person's personal data, keep the statistical facts.

What goes: the person's name (replaced by a pseudonym), birth date, contacts, passport
digits and consent; every free text on their cases (case summary, detention narratives,
evidence notes, case notes) and every document with its file; the address of a
detention at home or at work. What stays, because the NGO's totals are built from it:
dates, places of public detentions, methods, outcomes, charges, hearings, fines, the
person's gender, region and journalist flag, and the "minor at detention" flag already
stored on each detention.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from casetracker.accounts.models import User
from casetracker.accounts.policy import user_may_erase
from casetracker.audit.models import AuditAction, AuditSource
from casetracker.audit.services import audit_record
from casetracker.cases.choices import PRIVATE_PLACE_TYPES, Consent
from casetracker.cases.file_kinds import DOCUMENTS
from casetracker.cases.models import Case, CaseNote, Detention, Document, EvidenceClaim, Person
from casetracker.cases.selectors import persons_visible_to
from casetracker.protected.crypto.file_kinds import ErasureScope, file_kinds

# The fields an erasure changes on the person, as recorded in the audit trail.
ERASED_PERSON_FIELDS = (
    "full_name",
    "birth_date",
    "phone",
    "email",
    "social_media",
    "passport_last4",
    "consent",
    "erased_at",
    "erased_by",
)
# What an erasure changes on each of the person's cases (dotted paths from the case).
ERASED_CASE_FIELDS = (
    "summary",
    "detentions.narrative",
    "detentions.private_address",
    "detentions.evidence_claims.notes",
    "detentions.evidence_claims.camera_location",
    "notes",
    "documents",
)


@dataclass(frozen=True)
class ErasureResult:
    cases: int
    notes: int
    # Per registered kind of encrypted file with an erasure hook: how many were removed.
    files: dict[str, int] = field(default_factory=dict)

    @property
    def documents(self) -> int:
        return self.files.get(DOCUMENTS, 0)


def erased_label(pk: object) -> str:
    """The pseudonym an erased person is stored under (in the site's default language)."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("Erased person #%(pk)s") % {"pk": pk}


def erased_place() -> str:
    """What the address of a detention at home or at work becomes."""
    with translation.override(settings.LANGUAGE_CODE):
        return gettext("[erased]")


def person_erase(
    *, person: Person, user: User, request: HttpRequest | None = None, source: AuditSource | str = ""
) -> ErasureResult:
    """Irreversibly destroy the personal data of `person`, in one transaction.

    Raises PermissionDenied unless `user` may erase and sees the person, and
    ValidationError when the person is already erased. Every registered kind of
    encrypted file removes what it holds of the person's cases (documents, case summary
    ZIPs); the files themselves go once the transaction has committed.
    """
    if not user_may_erase(user) or not persons_visible_to(user).filter(pk=person.pk).exists():
        raise PermissionDenied
    with transaction.atomic():
        # Locked: two coordinators erasing at once must not both pass the check below.
        locked = Person.objects.select_for_update().get(pk=person.pk)
        if locked.erased_at is not None:
            raise ValidationError(_("This person's personal data has already been erased."))
        cases = list(Case.objects.filter(person=locked).order_by("pk"))
        _erase_person_fields(locked, user=user)
        audit_record(
            user=user,
            action=AuditAction.UPDATE,
            obj=locked,
            changed_fields=ERASED_PERSON_FIELDS,
            request=request,
            source=source,
        )
        scope = ErasureScope(case_ids=tuple(case.pk for case in cases), user=user, request=request, source=source)
        files = {kind.name: kind.erase(scope) for kind in file_kinds() if kind.erase is not None}
        notes = 0
        for case in cases:
            notes += _delete_notes(case, user=user, request=request, source=source)
            _erase_case_texts(case)
            audit_record(
                user=user,
                action=AuditAction.UPDATE,
                obj=case,
                changed_fields=ERASED_CASE_FIELDS,
                request=request,
                source=source,
            )
        _scrub_admin_log(locked)
    person.refresh_from_db()
    return ErasureResult(cases=len(cases), notes=notes, files=files)


def _erase_person_fields(person: Person, *, user: User) -> None:
    person.full_name = erased_label(person.pk)
    person.birth_date = None
    person.phone = ""
    person.email = ""
    person.social_media = ""
    person.passport_last4 = ""
    person.consent = Consent.NONE
    person.erased_at = timezone.now()
    person.erased_by = user
    person.full_clean()
    # Person.save() keeps each detention's stored is_minor for an erased person and
    # recomputes the blind indexes: the old name's digest is overwritten.
    person.save()


def _erase_case_texts(case: Case) -> None:
    # Queryset updates: one statement per column and none of the save() side effects
    # (is_minor, footage lags) that must not move. Encrypted fields still encrypt "".
    Case.objects.filter(pk=case.pk).update(summary="")
    detentions = Detention.objects.filter(case=case)
    detentions.update(narrative="")
    # The address; `place` of such a detention is already empty (a row older than that
    # rule is emptied too).
    detentions.filter(place_type__in=PRIVATE_PLACE_TYPES).update(place="", private_address=erased_place())
    claims = EvidenceClaim.objects.filter(detention__case=case)
    claims.update(notes="")
    claims.filter(detention__place_type__in=PRIVATE_PLACE_TYPES).update(camera_location="")


def documents_erase(scope: ErasureScope) -> int:
    """Delete the documents of the erased cases, each recorded in the audit trail; how many.

    The erasure hook of the document files: Model.delete() sends post_delete, and the
    file is removed once the erasure commits.
    """
    documents = list(Document.objects.filter(case_id__in=scope.case_ids).select_related("case").order_by("pk"))
    for document in documents:
        audit_record(
            user=scope.user,
            action=AuditAction.DELETE,
            obj=document,
            case=document.case,
            request=scope.request,
            source=scope.source,
        )
        document.delete()
    return len(documents)


def _delete_notes(case: Case, *, user: User, request: HttpRequest | None, source: AuditSource | str) -> int:
    notes = list(CaseNote.objects.filter(case=case).only("pk", "case_id"))
    for note in notes:
        audit_record(user=user, action=AuditAction.DELETE, obj=note, case=case, request=request, source=source)
    CaseNote.objects.filter(pk__in=[note.pk for note in notes]).delete()
    return len(notes)


def _scrub_admin_log(person: Person) -> None:
    """Django's admin log names objects by `str(obj)`; older rows may name the person.

    Current admin classes log "person #<pk>" (NoPersonalDataInAdminLogMixin); rows
    written before that, or by another ModelAdmin, are made to match.
    """
    content_type = ContentType.objects.get_for_model(Person)
    LogEntry.objects.filter(content_type=content_type, object_id=str(person.pk)).update(
        object_repr=f"{Person._meta.verbose_name} #{person.pk}"
    )
