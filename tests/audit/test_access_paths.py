"""Every read of a case or person and every change leaves an audit event: path by path, role by role."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casetracker.audit.models import AuditEvent
from casetracker.cases.models import Case, Detention, Document, EvidenceClaim
from tests.admin_forms import change_form_data
from tests.audit.helpers import all_audit_text, trail
from tests.conftest import client_for
from tests.factories import CaseFactory, DetentionFactory, DocumentFactory, PersonFactory

NARRATIVE = "Задержан у турникета, полицейский сказал: «Вас узнала камера»."

# --- Reads: the admin change pages -------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "which"),
    [
        ("lawyer", "own_case"),
        ("coordinator", "own_case"),
        ("coordinator", "foreign_case"),
        ("superuser", "foreign_case"),
    ],
)
def test_viewing_a_case_page_records_a_view_with_its_reference(request, users, role, which):
    case = request.getfixturevalue(which)
    user = users[role]

    response = client_for(user).get(f"/admin/cases/case/{case.pk}/change/")

    assert response.status_code == 200
    event = AuditEvent.objects.get(action="view")
    assert (event.user, event.username) == (user, user.username)
    assert (event.object_type, event.object_id, event.case_reference) == ("cases.case", str(case.pk), case.reference)
    assert event.ip_address == "127.0.0.1"
    assert event.source == "admin"
    assert event.path == f"/admin/cases/case/{case.pk}/change/"


@pytest.mark.parametrize(("role", "status"), [("lawyer", 404), ("analyst", 403)])
def test_a_case_page_refused_records_no_view(users, foreign_case, role, status):
    response = client_for(users[role]).get(f"/admin/cases/case/{foreign_case.pk}/change/")

    assert response.status_code == status
    assert trail() == []


def test_viewing_a_person_page_records_a_view_without_a_case_reference(lawyer, own_case):
    person = own_case.person

    response = client_for(lawyer).get(f"/admin/cases/person/{person.pk}/change/")

    assert response.status_code == 200
    assert trail(user=lawyer) == [("view", "cases.person", str(person.pk), "", [])]


def test_a_person_page_of_a_foreign_case_records_no_view(lawyer, foreign_case):
    response = client_for(lawyer).get(f"/admin/cases/person/{foreign_case.person_id}/change/")

    assert response.status_code == 404
    assert trail() == []


def test_viewing_a_document_page_records_a_view_with_its_case(lawyer, own_case):
    document = DocumentFactory(case=own_case)

    response = client_for(lawyer).get(f"/admin/cases/document/{document.pk}/change/")

    assert response.status_code == 200
    assert trail() == [("view", "cases.document", str(document.pk), own_case.reference, [])]


def test_the_history_and_delete_confirmation_pages_record_views(coordinator, own_case):
    client = client_for(coordinator)

    assert client.get(f"/admin/cases/case/{own_case.pk}/history/").status_code == 200
    assert client.get(f"/admin/cases/case/{own_case.pk}/delete/").status_code == 200

    assert trail() == [("view", "cases.case", str(own_case.pk), own_case.reference, [])] * 2
    assert list(AuditEvent.objects.filter(action="view").order_by("pk").values_list("path", flat=True)) == [
        f"/admin/cases/case/{own_case.pk}/history/",
        f"/admin/cases/case/{own_case.pk}/delete/",
    ]


def test_the_case_list_records_no_view(lawyer, own_case):
    # A list is not a read of one case; the change page is.
    assert client_for(lawyer).get("/admin/cases/case/").status_code == 200
    assert trail() == []


# --- Reads: downloads ---------------------------------------------------------------------


def test_downloading_a_document_records_a_download(lawyer, own_case):
    document = DocumentFactory(case=own_case)

    response = client_for(lawyer).get(f"/documents/{document.pk}/download/", REMOTE_ADDR="198.51.100.23")

    assert response.status_code == 200
    event = AuditEvent.objects.get(action="download")
    assert (event.user, event.object_type, event.object_id) == (lawyer, "cases.document", str(document.pk))
    assert event.case_reference == own_case.reference
    assert event.ip_address == "198.51.100.23"
    assert event.source == "web"


def test_a_refused_download_records_nothing(lawyer, foreign_case):
    document = DocumentFactory(case=foreign_case)

    assert client_for(lawyer).get(f"/documents/{document.pk}/download/").status_code == 404
    assert trail() == []


def test_a_download_of_a_missing_file_records_nothing(lawyer, own_case):
    document = DocumentFactory(case=own_case)
    document.file.storage.delete(document.file.name)

    assert client_for(lawyer).get(f"/documents/{document.pk}/download/").status_code == 404
    assert trail() == []


# --- Changes through the admin --------------------------------------------------------------


def record_url(case, kind: str, record=None, *, delete: bool = False) -> str:
    """A record form's URL on the case page: add (no `record`), change, or delete."""
    if record is None:
        return reverse("admin:cases_case_record_add", args=[case.pk, kind])
    name = "admin:cases_case_record_delete" if delete else "admin:cases_case_record_change"
    return reverse(name, args=[case.pk, kind, record.pk])


def test_adding_a_case_with_a_detention_and_claim_records_each_creation(lawyer):
    person = PersonFactory(created_by=lawyer)
    client = client_for(lawyer)
    case_data = {"reference": "", "person": person.pk, "status": "intake", "opened_at": "2021-02-01", "summary": ""}
    response = client.post("/admin/cases/case/add/", case_data)
    assert response.status_code == 302, response.content.decode()
    case = Case.objects.get(person=person)
    detention_data = {
        "detention-new-detained_at_0": "2021-01-28",
        "detention-new-detained_at_1": "09:15:00",
        "detention-new-city": "Москва",
        "detention-new-region": "Москва",
        "detention-new-place_type": "metro",
        "detention-new-place": "Пушкинская",
        "detention-new-present_at_event": "unknown",
        "detention-new-narrative": NARRATIVE,
    }
    response = client.post(record_url(case, "detention"), detention_data)
    assert response.status_code == 302, response.content.decode()
    detention = Detention.objects.get(case=case)
    claim_data = {
        "claim-new-method": "facial_recognition_metro",
        "claim-new-recognition_mode": "live",
        "claim-new-source": "police_statement",
        "claim-new-reliability": "reported",
    }
    response = client.post(f"{record_url(case, 'claim')}?detention={detention.pk}", claim_data)
    assert response.status_code == 302, response.content.decode()

    claim = EvidenceClaim.objects.get(detention=detention)
    events = trail(user=lawyer)
    created = [event for event in events if event[0] == "create"]
    assert [event[1:4] for event in created] == [
        ("cases.case", str(case.pk), case.reference),
        ("cases.detention", str(detention.pk), case.reference),
        ("cases.evidenceclaim", str(claim.pk), case.reference),
    ]
    assert "person" in created[0][4]  # "status" stayed at its default, so it is no change
    assert {"detained_at", "place", "narrative"} <= set(created[1][4])
    assert "method" in created[2][4]
    assert [event[0] for event in events] == ["create", "create", "create"]  # the add forms are no read
    assert NARRATIVE not in all_audit_text()


def test_changing_a_case_records_field_names_never_values(coordinator, own_case):
    client = client_for(coordinator)
    url = f"/admin/cases/case/{own_case.pk}/change/"
    data = change_form_data(client, f"{url}?edit=details", "case_form")
    data["summary"] = ["Соколова Анна Викторовна: позвонить адвокату"]
    data["_save"] = ["Save"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    detention = own_case.detentions.get()
    detention_url = record_url(own_case, "detention", detention)
    prefix = f"detention-{detention.pk}"
    data = change_form_data(client, detention_url, f"{prefix}-form")
    data[f"{prefix}-narrative"] = [NARRATIVE]
    response = client.post(detention_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]

    changes = trail(action="update")
    assert changes == [
        ("update", "cases.case", str(own_case.pk), own_case.reference, ["summary"]),
        ("update", "cases.detention", str(detention.pk), own_case.reference, ["narrative"]),
    ]
    text = all_audit_text()
    assert "Соколова" not in text
    assert NARRATIVE not in text


def test_deleting_a_record_of_the_case_page_records_its_deletion(lawyer, own_case):
    client = client_for(lawyer)
    document = DocumentFactory(case=own_case)

    response = client.post(record_url(own_case, "document", document, delete=True))

    assert response.status_code == 302, response.content.decode()[:3000]
    assert not Document.objects.filter(pk=document.pk).exists()
    assert trail(action="delete") == [("delete", "cases.document", str(document.pk), own_case.reference, [])]


def test_adding_a_note_on_the_case_page_records_its_creation(lawyer, own_case):
    client = client_for(lawyer)

    response = client.post(record_url(own_case, "note"), {"note-new-text": "Позвонить матери задержанного."})

    assert response.status_code == 302, response.content.decode()[:3000]
    note = own_case.notes.get()
    assert trail(action="create") == [("create", "cases.casenote", str(note.pk), own_case.reference, ["text"])]
    assert "Позвонить" not in all_audit_text()


def test_adding_and_changing_a_person_records_create_and_update(lawyer):
    client = client_for(lawyer)
    data = {"full_name": "Орлова Мария Ильинична", "gender": "unknown", "consent": "legal_aid", "region": "Москва"}

    response = client.post("/admin/cases/person/add/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    (created,) = trail(action="create")
    assert created[:2] == ("create", "cases.person")
    assert {"full_name", "region"} <= set(created[4])
    person_id = created[2]
    data["phone"] = "+7 913 572-46-81"
    response = client.post(f"/admin/cases/person/{person_id}/change/", {**data, "_save": "Save"})
    assert response.status_code == 302, response.content.decode()[:3000]
    assert trail(action="update") == [("update", "cases.person", person_id, "", ["phone"])]
    text = all_audit_text()
    assert "Орлова" not in text
    # A fragment with a dash: bare digits can turn up in any timestamp's microseconds.
    assert "572-46" not in text


def test_uploading_a_document_in_its_admin_records_a_creation(lawyer, own_case):
    upload = SimpleUploadedFile("protocol.pdf", b"%PDF-1.4 protocol", content_type="application/pdf")

    response = client_for(lawyer).post(
        "/admin/cases/document/add/", {"case": own_case.pk, "kind": "protocol", "file": upload}
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get()
    (created,) = trail(action="create")
    assert created[:4] == ("create", "cases.document", str(document.pk), own_case.reference)
    assert {"case", "kind", "file"} <= set(created[4])


def test_coordinator_deleting_a_case_records_the_deletion_and_keeps_earlier_events(coordinator, own_case):
    client = client_for(coordinator)
    url = f"/admin/cases/case/{own_case.pk}/"
    assert client.get(f"{url}change/").status_code == 200

    response = client.post(f"{url}delete/", {"post": "yes"}, REMOTE_ADDR="192.0.2.10")

    assert response.status_code == 302
    assert not Case.objects.filter(pk=own_case.pk).exists()
    assert trail() == [
        ("view", "cases.case", str(own_case.pk), own_case.reference, []),
        ("delete", "cases.case", str(own_case.pk), own_case.reference, []),
    ]
    deletion = AuditEvent.objects.get(action="delete")
    assert (deletion.user, deletion.ip_address, deletion.source) == (coordinator, "192.0.2.10", "admin")


def test_a_refused_case_deletion_records_nothing(lawyer, own_case):
    response = client_for(lawyer).post(f"/admin/cases/case/{own_case.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert trail() == []


def test_a_change_that_fails_validation_records_nothing(coordinator):
    case = CaseFactory(lawyers=[coordinator])
    DetentionFactory(case=case)
    client = client_for(coordinator)
    url = f"/admin/cases/case/{case.pk}/change/"
    data = change_form_data(client, url, "case_form")
    data["summary"] = ["Not saved"]
    data["detentions-0-released_at_0"] = ["2021-01-28"]
    data["detentions-0-released_at_1"] = ["08:00:00"]  # before the detention at 09:15
    data["_save"] = ["Save"]

    response = client.post(url, data)

    assert response.status_code == 200
    assert [event[0] for event in trail()] == ["view"]  # the GET that collected the form
