"""API reads and writes leave audit events (source "api"), in the same transaction as the write."""

import pytest

from casetracker.audit.models import AuditEvent
from tests.api.conftest import api_client, url
from tests.api.payloads import CHANGES
from tests.audit.helpers import all_audit_text, trail


@pytest.mark.parametrize("resource", ["cases", "persons", "detentions", "evidence-claims", "documents", "notes"])
def test_detail_read_is_recorded(lawyer, own_tree, resource):
    record = own_tree[resource]
    assert api_client(lawyer).get(url(resource, record.pk)).status_code == 200
    event = AuditEvent.objects.get(action="view")
    assert (event.user, event.object_type, event.object_id, event.source) == (
        lawyer,
        record._meta.label_lower,
        str(record.pk),
        "api",
    )
    assert event.path == url(resource, record.pk)


def test_list_reads_and_refused_reads_are_not_recorded(lawyer, own_tree, foreign_tree):
    client = api_client(lawyer)
    client.get(url("cases"))
    client.get(url("cases", foreign_tree["cases"].pk))
    assert trail() == []


def test_create_update_delete_are_recorded_with_field_names_only(lawyer, own_case):
    client = api_client(lawyer)
    response = client.post(url("notes"), {"case": own_case.pk, "text": "Адрес матери: ул. Ленина, 5"}, format="json")
    note_id = str(response.json()["id"])
    client.patch(url("notes", note_id), {"text": "Позвонить вечером"}, format="json")
    client.patch(url("cases", own_case.pk), {"status": "active", "summary": "Новое"}, format="json")
    client.delete(url("notes", note_id))
    assert trail() == [
        ("create", "cases.casenote", note_id, own_case.reference, ["case", "text"]),
        ("update", "cases.casenote", note_id, own_case.reference, ["text"]),
        ("update", "cases.case", str(own_case.pk), own_case.reference, ["summary"]),  # status was already active
        ("delete", "cases.casenote", note_id, own_case.reference, []),
    ]
    assert set(AuditEvent.objects.values_list("source", flat=True)) == {"api"}
    text = all_audit_text()
    assert "Ленина" not in text and "вечером" not in text


def test_case_delete_goes_through_the_service(coordinator, own_case):
    pk, reference = own_case.pk, own_case.reference
    assert api_client(coordinator).delete(url("cases", pk)).status_code == 204
    assert trail() == [("delete", "cases.case", str(pk), reference, [])]


def test_failed_write_leaves_no_event(coordinator, own_tree):
    # A person with a case cannot be deleted: the event rolls back with the deletion.
    assert api_client(coordinator).delete(url("persons", own_tree["persons"].pk)).status_code == 409
    assert trail() == []
    assert (
        api_client(coordinator).patch(url("hearings", own_tree["hearings"].pk), {"fine_amount": "-5"}).status_code
        == 400
    )
    assert trail() == []


@pytest.mark.parametrize("resource", list(CHANGES))
def test_every_resource_records_its_update(coordinator, own_tree, resource):
    record = own_tree[resource]
    assert api_client(coordinator).patch(url(resource, record.pk), CHANGES[resource], format="json").status_code == 200
    assert trail() == [
        (
            "update",
            record._meta.label_lower,
            str(record.pk),
            own_tree["cases"].reference if resource != "persons" else "",
            list(CHANGES[resource]),
        )
    ]
