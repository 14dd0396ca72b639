"""What happens around every write of case data, whatever the interface.

The admin and the API each stamped the creator, assigned the creating lawyer, queued
probable duplicates and wrote the audit event on their own, and the cross-case hole of
the security review lived on one of the two paths only. Both now call these, so each
rule is written once:

- `creator_values` / `record_prepare_new`: who made a new record, set before its first save;
- `record_created` / `record_updated`: after a save, in its transaction, the follow-up
  writes of the record's kind and the audit event;
- `record_deleting` (the event, before a record goes) and `record_delete` (event and delete);
- `records_written`: what the bulk writers (the import, the demo data) call for the rows
  they wrote without `save()`.

The bulk import writes thousands of rows with COPY and bulk_create; it applies the same
rules in bulk (creator, duplicates queue, a `create` event per case) in `imports/writing.py`.

Apps above this one follow writes of case records through `record_follow_up_register`
(the `deadlines` app recomputes a case's deadlines when a hearing or charge changes), so
every path that writes a record reaches them without this module importing them.
"""

from collections.abc import Callable, Iterable, Sequence

from django.db import models, transaction
from django.http import HttpRequest

from casetracker.accounts.models import User
from casetracker.audit.models import AuditAction, AuditSource
from casetracker.audit.services import audit_record
from casetracker.cases.duplicates.services import possible_duplicates_record
from casetracker.cases.models import Case, CaseNote, Document, Person
from casetracker.cases.services import case_assign_creator

# Who made a record, per model: set when it is created, never changed afterwards.
CREATOR_FIELDS: dict[type[models.Model], str] = {
    Case: "created_by",
    Person: "created_by",
    Document: "uploaded_by",
    CaseNote: "author",
}


# A follow-up receives the records just saved (`deleting=False`) or one record about to be
# deleted (`deleting=True`), inside the write's transaction.
RecordFollowUp = Callable[..., None]
_follow_ups: list[RecordFollowUp] = []


def record_follow_up_register(follow_up: RecordFollowUp) -> None:
    """Call `follow_up(records=[...], deleting=bool)` after every write of case records."""
    if follow_up not in _follow_ups:
        _follow_ups.append(follow_up)


def records_written(*, records: Sequence[models.Model]) -> None:
    """Run the registered follow-ups for records saved in bulk (without `save()` or these services)."""
    if records:
        for follow_up in _follow_ups:
            follow_up(records=records, deleting=False)


def creator_values(*, model: type[models.Model], user: User) -> dict:
    """The values the server sets on a new record of `model` (its creator, uploader or author)."""
    field = CREATOR_FIELDS.get(model)
    return {field: user} if field else {}


def record_prepare_new(*, record: models.Model, user: User) -> None:
    """Stamp who makes `record`, if it is new and nobody is named yet."""
    if record.pk is not None:
        return
    for field, value in creator_values(model=type(record), user=user).items():
        if getattr(record, f"{field}_id") is None:
            setattr(record, field, value)


def record_created(
    *,
    record: models.Model,
    user: User,
    changed_fields: Iterable[str] = (),
    request: HttpRequest | None = None,
    source: AuditSource | str = "",
) -> None:
    """Follow a new record's first save: its kind's follow-up writes, then the `create` event."""
    if isinstance(record, Case):
        # Or the case would vanish from its creator's view.
        case_assign_creator(case=record, user=user)
    _record_saved(record, user, AuditAction.CREATE, changed_fields, request, source)


def record_updated(
    *,
    record: models.Model,
    user: User,
    changed_fields: Iterable[str] = (),
    request: HttpRequest | None = None,
    source: AuditSource | str = "",
) -> None:
    """Follow a record's change: its kind's follow-up writes, then the `update` event."""
    _record_saved(record, user, AuditAction.UPDATE, changed_fields, request, source)


def _record_saved(record, user, action, changed_fields, request, source) -> None:
    if isinstance(record, Person):
        # A new or renamed person may match someone the user cannot see: the
        # coordinators' queue learns of it, the user is told nothing.
        possible_duplicates_record(persons=[record], user=user)
    records_written(records=[record])
    audit_record(user=user, action=action, obj=record, changed_fields=changed_fields, request=request, source=source)


def record_deleting(
    *, record: models.Model, user: User | None, request: HttpRequest | None = None, source: AuditSource | str = ""
) -> None:
    """The `delete` event of a record about to go (after the delete it has no pk to name)."""
    for follow_up in _follow_ups:
        follow_up(records=[record], deleting=True)
    audit_record(user=user, action=AuditAction.DELETE, obj=record, request=request, source=source)


def record_delete(
    *, record: models.Model, user: User | None, request: HttpRequest | None = None, source: AuditSource | str = ""
) -> None:
    """Delete a record (a case with all its records) with its event, in one transaction.

    The event stays when the record is gone, and only then: a failed delete (a protected
    record) rolls it back. Document files follow once the transaction commits.
    """
    with transaction.atomic():
        record_deleting(record=record, user=user, request=request, source=source)
        record.delete()
