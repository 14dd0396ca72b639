"""Merging two records of one person: the cases move to the record kept, the other goes."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casetracker.accounts.models import User
from casetracker.accounts.policy import user_may_merge_persons
from casetracker.audit.models import AuditAction
from casetracker.audit.services import audit_record
from casetracker.cases.duplicates.selectors import possible_duplicates_of
from casetracker.cases.models import (
    PERSON_DETAIL_FIELDS,
    Case,
    Detention,
    DuplicateResolution,
    Person,
    PossibleDuplicate,
)
from casetracker.cases.selectors import persons_visible_to

# The personal fields a coordinator chooses one by one, from either record.
MERGE_FIELDS = PERSON_DETAIL_FIELDS
KEEP = "keep"
MERGE = "merge"


@dataclass(frozen=True)
class MergeResult:
    kept: Person
    moved_cases: list[Case]
    changed_fields: list[str]


def person_merge(
    *,
    keep: Person,
    merge: Person,
    field_choices: Mapping[str, str],
    user: User,
    request: HttpRequest | None = None,
) -> MergeResult:
    """Make `merge` and `keep` one person: `keep` stays with every case of both, `merge` is deleted.

    `field_choices` maps each name of MERGE_FIELDS to KEEP or MERGE: whose value the
    kept record gets (a field left out keeps its own). Derived values follow: the blind
    indexes and each detention's "minor at the time". Queue entries of the pair are
    resolved as merged; the merged person's entries with third persons pass to `keep`.
    The audit trail names both persons, every moved case and the fields whose value
    changed; never a value. Raises PermissionDenied for a user who may not merge,
    ValidationError for the same person twice, an erased or vanished person, an
    unknown field or a result that does not validate.
    """
    if not user_may_merge_persons(user):
        raise PermissionDenied
    _check_choices(field_choices)
    if keep.pk == merge.pk:
        raise ValidationError(_("A person cannot be merged with itself."))
    with transaction.atomic():
        # Both rows locked, in pk order (two merges of overlapping pairs never deadlock):
        # a concurrent merge, erasure or edit of either waits, then finds the result.
        locked = {
            person.pk: person
            for person in Person.objects.select_for_update().filter(pk__in=[keep.pk, merge.pk]).order_by("pk")
        }
        if len(locked) != 2 or persons_visible_to(user).filter(pk__in=list(locked)).count() != 2:
            raise ValidationError(_("One of the two persons no longer exists."))
        kept, merged = locked[keep.pk], locked[merge.pk]
        if kept.erased_at is not None or merged.erased_at is not None:
            raise ValidationError(_("An erased person cannot be merged."))
        changed = _take_fields(kept, merged, field_choices)
        kept.full_clean()
        moved = list(Case.objects.filter(person=merged).order_by("pk"))
        _audit(user=user, request=request, kept=kept, merged=merged, changed=changed, moved=moved)
        # save() recomputes the blind indexes, and "minor at the time" on the kept
        # record's own cases when the birth date changed; the moved ones follow below.
        kept.save()
        moved_pks = [case.pk for case in moved]
        Case.objects.filter(pk__in=moved_pks).update(person=kept, updated_at=timezone.now())
        _refresh_minor_flags(moved_pks, birth_date=kept.birth_date)
        _resolve_queue(kept=kept, merged=merged, user=user)
        merged.delete()
    return MergeResult(kept=kept, moved_cases=moved, changed_fields=changed)


def _check_choices(field_choices: Mapping[str, str]) -> None:
    unknown = set(field_choices) - set(MERGE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %(names)s.") % {"names": ", ".join(sorted(unknown))})
    if any(side not in (KEEP, MERGE) for side in field_choices.values()):
        raise ValidationError(_("Each field takes the value of one of the two persons."))


def _take_fields(kept: Person, merged: Person, field_choices: Mapping[str, str]) -> list[str]:
    """Copy the chosen values onto `kept`; the names of the fields whose value changed."""
    changed = []
    for name in MERGE_FIELDS:
        if field_choices.get(name, KEEP) != MERGE:
            continue
        value = getattr(merged, name)
        if getattr(kept, name) != value:
            setattr(kept, name, value)
            changed.append(name)
    return changed


def _refresh_minor_flags(case_pks: list[int], *, birth_date: dt.date | None) -> None:
    # The moved cases' detentions were computed from the other record's birth date.
    for detention in Detention.objects.filter(case__in=case_pks).only("pk", "detained_at"):
        detention.refresh_is_minor(birth_date=birth_date)


def _resolve_queue(*, kept: Person, merged: Person, user: User) -> None:
    pair = possible_duplicates_of([kept.pk]) & possible_duplicates_of([merged.pk])
    PossibleDuplicate.objects.filter(pair).filter(resolved_at__isnull=True).update(
        resolution=DuplicateResolution.MERGED, resolved_at=timezone.now(), resolved_by=user
    )
    # An open question about the merged record and a third person is now one about
    # the kept record, unless the kept record already has that question.
    third = PossibleDuplicate.objects.filter(possible_duplicates_of([merged.pk])).exclude(pair)
    asked = set(
        PossibleDuplicate.objects.filter(possible_duplicates_of([kept.pk]))
        .exclude(pair)
        .values_list("person_id", "other_id")
    )
    known = {pk for pks in asked for pk in pks} - {kept.pk}
    for entry in third.filter(resolved_at__isnull=True).order_by("pk"):
        if entry.person_id == merged.pk:
            entry.person_id = kept.pk
        else:
            entry.other_id = kept.pk
        third_person = entry.other_id if entry.person_id == kept.pk else entry.person_id
        if third_person in known:
            entry.delete()
            continue
        known.add(third_person)
        entry.save(update_fields=["person", "other"])


def _audit(
    *, user: User, request: HttpRequest | None, kept: Person, merged: Person, changed: list[str], moved: list[Case]
) -> None:
    audit_record(user=user, action=AuditAction.MERGE, obj=kept, changed_fields=changed, request=request)
    audit_record(user=user, action=AuditAction.MERGE, obj=merged, request=request)
    for case in moved:
        audit_record(user=user, action=AuditAction.MERGE, obj=case, changed_fields=["person"], request=request)
