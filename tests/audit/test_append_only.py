"""No one changes or deletes the audit trail through the app; on PostgreSQL, not even with raw SQL."""

import pytest
from django.db import DatabaseError, connection, transaction

from casetracker.audit.models import AuditAction, AuditEvent, AuditTrailIsAppendOnly
from casetracker.audit.services import audit_record
from casetracker.cases.models import Case
from tests.factories import CaseFactory, DocumentFactory, EvidenceClaimFactory


@pytest.fixture
def event(lawyer, own_case):
    return audit_record(user=lawyer, action=AuditAction.VIEW, obj=own_case)


def test_saving_a_stored_event_again_is_refused(event):
    event.action = AuditAction.DELETE

    with pytest.raises(AuditTrailIsAppendOnly):
        event.save()

    assert AuditEvent.objects.get(pk=event.pk).action == "view"


def test_saving_a_copy_with_the_same_pk_is_refused(event):
    copy = AuditEvent(pk=event.pk, action=AuditAction.LOGIN)

    # Always an INSERT, never Django's UPDATE-or-INSERT: the stored row cannot be overwritten.
    with pytest.raises(DatabaseError), transaction.atomic():
        copy.save()

    assert AuditEvent.objects.get(pk=event.pk).action == "view"


def test_deleting_an_event_is_refused(event):
    with pytest.raises(AuditTrailIsAppendOnly):
        event.delete()

    assert AuditEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.parametrize(
    "change",
    [
        lambda events: events.update(action="delete"),
        lambda events: events.delete(),
        lambda events: events.bulk_update(list(events), ["action"]),
        lambda events: events.update_or_create(pk=events[0].pk, defaults={"action": "delete"}),
        lambda events: AuditEvent._base_manager.all().delete(),
    ],
    ids=["update", "delete", "bulk_update", "update_or_create", "base_manager_delete"],
)
def test_queryset_changes_are_refused(event, change):
    with pytest.raises(AuditTrailIsAppendOnly):
        change(AuditEvent.objects.all())

    assert list(AuditEvent.objects.values_list("pk", "action")) == [(event.pk, "view")]


def test_deleting_a_user_keeps_their_events_and_name(lawyer, own_case, event):
    # Django's collector leaves the events alone (DO_NOTHING, no database constraint):
    # no cascade and no UPDATE to NULL, either of which the trail would refuse.
    lawyer.delete()

    event = AuditEvent.objects.get(pk=event.pk)
    assert (event.username, event.case_reference) == ("lawyer", own_case.reference)


def test_deleting_a_case_keeps_its_events(coordinator, own_case, event):
    reference = own_case.reference
    DocumentFactory(case=own_case)

    own_case.delete()

    assert not Case.objects.filter(reference=reference).exists()
    assert AuditEvent.objects.filter(pk=event.pk, case_reference=reference).exists()


def test_an_event_rolls_back_with_the_change_it_records(lawyer, own_case):
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_record(user=lawyer, action=AuditAction.UPDATE, obj=own_case, changed_fields=["status"])
        raise RuntimeError("the change failed")

    assert not AuditEvent.objects.filter(action="update").exists()


def test_an_unknown_action_is_refused(lawyer, own_case):
    with pytest.raises(ValueError):
        audit_record(user=lawyer, action="peek", obj=own_case)


@pytest.mark.parametrize("not_a_name", ["Соколова Анна", "+7 900 000-00-00", "narrative text"])
def test_changed_fields_refuse_anything_but_field_names(lawyer, own_case, not_a_name):
    with pytest.raises(ValueError) as raised:
        audit_record(user=lawyer, action=AuditAction.UPDATE, obj=own_case, changed_fields=["status", not_a_name])

    assert not_a_name not in str(raised.value)  # nor is it echoed into a log
    assert not AuditEvent.objects.exists()


def test_the_case_reference_is_found_from_a_nested_record(lawyer):
    claim = EvidenceClaimFactory(detention__case=CaseFactory())

    event = audit_record(user=lawyer, action=AuditAction.VIEW, obj=claim)

    assert (event.object_type, event.object_id) == ("cases.evidenceclaim", str(claim.pk))
    assert event.case_reference == claim.detention.case.reference


def test_an_event_has_no_personal_value_in_its_description(lawyer, own_case, event):
    assert str(event) == f"view cases.case {own_case.pk}"


# --- PostgreSQL: the trigger ------------------------------------------------------------------


@pytest.fixture
def postgresql(db):
    if connection.vendor != "postgresql":
        pytest.skip("the append-only trigger exists on PostgreSQL only")


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditevent SET action = 'login' WHERE id = %s",
        "UPDATE audit_auditevent SET username = 'someone else'",
        "DELETE FROM audit_auditevent WHERE id = %s",
        "DELETE FROM audit_auditevent",
    ],
)
def test_postgresql_refuses_raw_update_and_delete(postgresql, event, sql):
    params = [event.pk] if "%s" in sql else []

    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)

    assert list(AuditEvent.objects.values_list("pk", "action", "username")) == [(event.pk, "view", "lawyer")]


def test_postgresql_refuses_delete_even_on_an_empty_table(postgresql):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE false")


def test_postgresql_still_accepts_new_events(postgresql, lawyer, own_case):
    audit_record(user=lawyer, action=AuditAction.VIEW, obj=own_case)
    audit_record(user=lawyer, action=AuditAction.DOWNLOAD, obj=own_case)

    assert AuditEvent.objects.filter(user=lawyer).count() == 2


@pytest.mark.django_db(transaction=True)
def test_events_commit_outside_a_transaction_and_the_test_flush_still_empties_the_table(lawyer, own_case):
    # After this test the runner empties every table with TRUNCATE on PostgreSQL: the
    # trigger refuses UPDATE and DELETE only, or every transactional test would fail.
    audit_record(user=lawyer, action=AuditAction.VIEW, obj=own_case)

    assert AuditEvent.objects.count() == 1
