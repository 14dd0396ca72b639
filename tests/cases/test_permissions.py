"""The roles table (docs/guide/index.md, "Roles"), checked from the outside through the admin and downloads.

A case a user may not see does not exist for them: 404 on every view, and neither its
reference nor its person's name in any page, filter or autocomplete they receive.
"""

import datetime as dt
import json
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from casetracker.cases.models import Case, Document
from casetracker.cases.selectors import persons_named
from tests.admin_forms import change_form_data
from tests.conftest import client_for, close_response
from tests.factories import (
    CaseFactory,
    ChargeFactory,
    DetentionFactory,
    DocumentFactory,
    EventFactory,
    HearingFactory,
    PersonFactory,
)

ROLES = ("lawyer", "other_lawyer", "coordinator", "analyst", "superuser", "anonymous")

PERSON_AUTOCOMPLETE = "/admin/autocomplete/?app_label=cases&model_name=case&field_name=person"
CASE_AUTOCOMPLETE = "/admin/autocomplete/?app_label=cases&model_name=document&field_name=case"

# "own" is relative to `lawyer`: other_lawyer is assigned to the foreign case only.
# (method, url, lawyer, other_lawyer, coordinator, analyst, superuser, anonymous)
MATRIX = [
    ("GET", "/admin/", 200, 200, 200, 200, 200, 302),
    # Cases
    ("GET", "/admin/cases/case/", 200, 200, 200, 403, 200, 302),
    ("GET", "/admin/cases/case/add/", 200, 200, 200, 403, 200, 302),
    ("GET", "/admin/cases/case/{own_case}/change/", 200, 404, 200, 403, 200, 302),
    ("GET", "/admin/cases/case/{foreign_case}/change/", 404, 200, 200, 403, 200, 302),
    ("GET", "/admin/cases/case/{own_case}/history/", 200, 404, 200, 403, 200, 302),
    ("GET", "/admin/cases/case/{foreign_case}/history/", 404, 200, 200, 403, 200, 302),
    # Lawyers have no delete_case permission: 403 on their own case, 404 on a foreign one.
    ("GET", "/admin/cases/case/{own_case}/delete/", 403, 404, 200, 403, 200, 302),
    ("GET", "/admin/cases/case/{foreign_case}/delete/", 404, 403, 200, 403, 200, 302),
    ("POST", "/admin/cases/case/{own_case}/delete/", 403, 404, 302, 403, 302, 302),
    ("POST", "/admin/cases/case/{foreign_case}/delete/", 404, 403, 302, 403, 302, 302),
    ("GET", "/admin/cases/case/999999/change/", 404, 404, 404, 403, 404, 302),
    # Persons
    ("GET", "/admin/cases/person/", 200, 200, 200, 403, 200, 302),
    ("GET", "/admin/cases/person/add/", 200, 200, 200, 403, 200, 302),
    ("GET", "/admin/cases/person/{own_person}/change/", 200, 404, 200, 403, 200, 302),
    ("GET", "/admin/cases/person/{foreign_person}/change/", 404, 200, 200, 403, 200, 302),
    ("GET", "/admin/cases/person/{own_person}/history/", 200, 404, 200, 403, 200, 302),
    ("GET", "/admin/cases/person/{foreign_person}/history/", 404, 200, 200, 403, 200, 302),
    ("GET", "/admin/cases/person/{own_person}/delete/", 403, 404, 200, 403, 200, 302),
    ("GET", "/admin/cases/person/{foreign_person}/delete/", 404, 403, 200, 403, 200, 302),
    ("GET", "/admin/cases/person/{caseless_person}/change/", 200, 404, 200, 403, 200, 302),
    # Documents
    ("GET", "/admin/cases/document/", 200, 200, 200, 403, 200, 302),
    ("GET", "/admin/cases/document/add/", 200, 200, 200, 403, 200, 302),
    ("GET", "/admin/cases/document/{own_document}/change/", 200, 404, 200, 403, 200, 302),
    ("GET", "/admin/cases/document/{foreign_document}/change/", 404, 200, 200, 403, 200, 302),
    ("GET", "/admin/cases/document/{own_document}/history/", 200, 404, 200, 403, 200, 302),
    ("GET", "/admin/cases/document/{foreign_document}/history/", 404, 200, 200, 403, 200, 302),
    ("GET", "/admin/cases/document/{own_document}/delete/", 200, 404, 200, 403, 200, 302),
    ("GET", "/admin/cases/document/{foreign_document}/delete/", 404, 200, 200, 403, 200, 302),
    ("POST", "/admin/cases/document/{foreign_document}/delete/", 404, 302, 302, 403, 302, 302),
    ("GET", "/documents/{own_document}/download/", 200, 404, 200, 404, 200, 302),
    ("GET", "/documents/{foreign_document}/download/", 404, 200, 200, 404, 200, 302),
    ("GET", "/documents/999999/download/", 404, 404, 404, 404, 404, 302),
    # Autocomplete (the source model and field, not the searched one, go in the URL)
    ("GET", PERSON_AUTOCOMPLETE + "&term=", 200, 200, 200, 403, 200, 302),
    ("GET", CASE_AUTOCOMPLETE + "&term=", 200, 200, 200, 403, 200, 302),
]

MATRIX_PARAMS = [
    pytest.param(role, method, url, statuses[index], id=f"{role}-{method}-{url}")
    for method, url, *statuses in MATRIX
    for index, role in enumerate(ROLES)
]


@pytest.fixture
def caseless_person(lawyer):
    return PersonFactory(full_name="Орлова Мария Ильинична", created_by=lawyer)


@pytest.fixture
def objects(own_case, foreign_case, caseless_person):
    return {
        "own_case": own_case.pk,
        "foreign_case": foreign_case.pk,
        "own_person": own_case.person_id,
        "foreign_person": foreign_case.person_id,
        "caseless_person": caseless_person.pk,
        "own_document": DocumentFactory(case=own_case).pk,
        "foreign_document": DocumentFactory(case=foreign_case).pk,
    }


@pytest.mark.parametrize(("role", "method", "url", "expected"), MATRIX_PARAMS)
def test_permission_matrix(users, objects, role, method, url, expected):
    client = client_for(users[role])

    if method == "POST":
        response = client.post(url.format(**objects), {"post": "yes"})
    else:
        response = client.get(url.format(**objects))

    assert response.status_code == expected
    if role == "anonymous":
        assert response["Location"].startswith("/admin/login/?next=")
    close_response(response)


# --- Nothing of an invisible case in any page the lawyer gets --------------------------

FOREIGN_MARKERS = [
    "Кузнецов",  # the foreign person's name
    "Дмитрий Олегович",
    "Маяковская",  # the place of the foreign detention
    "Екатеринбург",
    "Свердловская область",
    "Митинг на Плотинке",
    "Ленинский районный суд",
    "kuznetsov-protocol",
    "Секретова",  # the only lawyer of the foreign case
]


@pytest.fixture
def foreign_details(foreign_case, other_lawyer):
    """Values that exist only on the foreign case, each a candidate for a leak."""
    other_lawyer.first_name, other_lawyer.last_name = "Евгения", "Секретова"
    other_lawyer.save()
    DetentionFactory(
        case=foreign_case,
        city="Екатеринбург",
        region="Свердловская область",
        place="Плотинка",
        event=EventFactory(name="Митинг на Плотинке", city="Екатеринбург"),
    )
    HearingFactory(
        case=foreign_case,
        court="Ленинский районный суд",
        date=timezone.localdate() + dt.timedelta(3),
        outcome="",
        fine_amount=None,
    )
    ChargeFactory(case=foreign_case)
    DocumentFactory(case=foreign_case, original_name="kuznetsov-protocol.pdf")
    return foreign_case


@pytest.fixture
def own_details(own_case):
    # Not decided yet: the start page's agenda lists it with its court.
    HearingFactory(
        case=own_case,
        court="Тверской районный суд",
        date=timezone.localdate() + dt.timedelta(2),
        outcome="",
        fine_amount=None,
    )
    DocumentFactory(case=own_case, original_name="sokolova-protocol.pdf")
    return own_case


def response_text(response) -> str:
    """The body as text; JSON with its non-ASCII characters unescaped, so names match."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode()


# (url, a string of the lawyer's own data the page must show, so the check is not vacuous)
LAWYER_PAGES = [
    ("/admin/", "Тверской районный суд"),
    ("/admin/cases/case/", "{own_reference}"),
    ("/admin/cases/case/?q=Кузнецов", None),
    ("/admin/cases/case/?q={foreign_reference}", None),
    ("/admin/cases/case/?city=Екатеринбург", None),
    ("/admin/cases/case/?lawyer={other_lawyer}", None),
    ("/admin/cases/case/{own_case}/change/", "Соколова"),
    ("/admin/cases/case/{own_case}/history/", "{own_reference}"),
    ("/admin/cases/case/add/", None),
    ("/admin/cases/person/", "Соколова"),
    ("/admin/cases/person/?q=Кузнецов", None),
    ("/admin/cases/document/", "sokolova-protocol"),
    ("/admin/cases/document/add/", None),
    ("/admin/cases/person/add/?_to_field=id&_popup=1", None),
    ("/admin/cases/person/{own_person}/change/?_to_field=id&_popup=1", "Соколова"),
    (PERSON_AUTOCOMPLETE + "&term=", "Соколова"),
    (PERSON_AUTOCOMPLETE + "&term=Кузнецов", None),
    (CASE_AUTOCOMPLETE + "&term=", "{own_reference}"),
    (CASE_AUTOCOMPLETE + "&term=CT-", "{own_reference}"),
    (CASE_AUTOCOMPLETE + "&term=Кузнецов", None),
    ("/admin/autocomplete/?app_label=cases&model_name=casenote&field_name=case&term=", "{own_reference}"),
]


@pytest.mark.parametrize(("url", "own_marker"), LAWYER_PAGES)
def test_lawyer_never_receives_reference_or_names_of_foreign_case(
    lawyer, other_lawyer, own_details, foreign_details, url, own_marker
):
    values = {
        "own_case": own_details.pk,
        "own_person": own_details.person_id,
        "own_reference": own_details.reference,
        "foreign_reference": foreign_details.reference,
        "other_lawyer": other_lawyer.pk,
    }

    url = url.format(**values)

    response = client_for(lawyer).get(url)

    body = response_text(response)
    assert response.status_code == 200
    # A searched or filtered term is echoed back in the search box: not a leak.
    for marker in [foreign_details.reference, *FOREIGN_MARKERS]:
        if marker not in url:
            assert marker not in body
    if own_marker:
        assert own_marker.format(**values) in body


def test_changelist_filters_offer_only_values_of_visible_cases(lawyer, own_details, foreign_details):
    response = client_for(lawyer).get("/admin/cases/case/")

    filter_html = response.content.decode().split('id="changelist-filter"', 1)[1]
    assert "?city=%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0" in filter_html  # Москва, of the own case
    assert f"?lawyer={lawyer.pk}" in filter_html
    assert "Екатеринбург" not in filter_html
    assert "Свердловская" not in filter_html
    assert "Плотинке" not in filter_html
    assert f"?lawyer={foreign_details.lawyers.get().pk}" not in filter_html


def test_coordinator_filters_offer_values_of_all_cases(coordinator, own_details, foreign_details):
    response = client_for(coordinator).get("/admin/cases/case/")

    body = response.content.decode()
    assert "Екатеринбург" in body
    assert "Митинг на Плотинке" in body
    assert foreign_details.reference in body


# --- Autocomplete -----------------------------------------------------------------------


def autocomplete_results(client, url: str) -> dict[str, str]:
    response = client.get(url)
    assert response.status_code == 200
    return {result["id"]: result["text"] for result in response.json()["results"]}


def test_person_autocomplete_returns_only_visible_persons_to_lawyer(lawyer, own_case, foreign_case, caseless_person):
    results = autocomplete_results(client_for(lawyer), PERSON_AUTOCOMPLETE + "&term=")

    assert results == {
        str(own_case.person_id): own_case.person.full_name,
        str(caseless_person.pk): caseless_person.full_name,
    }


def test_person_autocomplete_search_does_not_find_foreign_person(lawyer, own_case, foreign_case):
    results = autocomplete_results(client_for(lawyer), PERSON_AUTOCOMPLETE + "&term=Кузнецов")

    assert results == {}


def test_person_autocomplete_returns_every_person_to_coordinator(coordinator, own_case, foreign_case, caseless_person):
    results = autocomplete_results(client_for(coordinator), PERSON_AUTOCOMPLETE + "&term=")

    assert set(results) == {str(own_case.person_id), str(foreign_case.person_id), str(caseless_person.pk)}


def test_case_autocomplete_of_document_form_returns_only_visible_cases(lawyer, own_case, foreign_case):
    client = client_for(lawyer)

    assert autocomplete_results(client, CASE_AUTOCOMPLETE + "&term=") == {str(own_case.pk): own_case.reference}
    assert autocomplete_results(client, CASE_AUTOCOMPLETE + f"&term={foreign_case.reference}") == {}


def test_analyst_cannot_use_person_autocomplete(analyst, own_case):
    response = client_for(analyst).get(PERSON_AUTOCOMPLETE + "&term=")

    assert response.status_code == 403
    assert own_case.person.full_name not in response.content.decode()


# --- Persons ------------------------------------------------------------------------------


def test_person_added_by_lawyer_is_visible_only_to_that_lawyer(lawyer, other_lawyer):
    response = client_for(lawyer).post(
        "/admin/cases/person/add/", {"full_name": "Новикова Ольга", "gender": "unknown", "consent": "legal_aid"}
    )

    assert response.status_code == 302
    person = persons_named("Новикова Ольга").get()
    assert person.created_by == lawyer
    assert client_for(lawyer).get(f"/admin/cases/person/{person.pk}/change/").status_code == 200
    assert client_for(other_lawyer).get(f"/admin/cases/person/{person.pk}/change/").status_code == 404


def test_lawyer_cannot_change_person_of_foreign_case(lawyer, foreign_case):
    response = client_for(lawyer).post(
        f"/admin/cases/person/{foreign_case.person_id}/change/",
        {"full_name": "Изменено", "gender": "unknown", "consent": "none"},
    )

    assert response.status_code == 404
    foreign_case.person.refresh_from_db()
    assert foreign_case.person.full_name == "Кузнецов Дмитрий Олегович"


# --- Bulk delete is not offered -----------------------------------------------------------

BULK_MODELS = {
    "case": lambda own_case: own_case,
    "person": lambda own_case: PersonFactory(),
    "document": lambda own_case: DocumentFactory(case=own_case),
}


@pytest.mark.parametrize("model_name", BULK_MODELS)
@pytest.mark.parametrize("role", ["coordinator", "superuser"])
def test_delete_selected_is_not_offered(users, own_case, role, model_name):
    obj = BULK_MODELS[model_name](own_case)
    model = type(obj)
    client = client_for(users[role])
    changelist = f"/admin/cases/{model_name}/"

    page = client.get(changelist)
    # The confirmation step, then the confirmed deletion.
    asked = client.post(changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "index": 0})
    confirmed = client.post(changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"})

    assert page.status_code == 200
    assert 'value="delete_selected"' not in page.content.decode()
    for response in (asked, confirmed):
        assert response.status_code in (200, 302)
        assert "Are you sure" not in response.content.decode()
    assert model.objects.filter(pk=obj.pk).exists()


def test_lawyer_cannot_bulk_delete_own_documents(lawyer, own_case):
    document = DocumentFactory(case=own_case)

    client_for(lawyer).post(
        "/admin/cases/document/", {"action": "delete_selected", "_selected_action": [document.pk], "post": "yes"}
    )

    assert Document.objects.filter(pk=document.pk).exists()


# --- Deleting a case ---------------------------------------------------------------------


def test_coordinator_deletes_case_with_its_documents_files(coordinator, own_case, django_capture_on_commit_callbacks):
    document = DocumentFactory(case=own_case)
    stored = document.file.path
    client = client_for(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/admin/cases/case/{own_case.pk}/delete/", {"post": "yes"})

    assert response.status_code == 302
    assert not Case.objects.filter(pk=own_case.pk).exists()
    assert not Document.objects.filter(pk=document.pk).exists()
    assert not os.path.exists(stored)


def test_lawyer_cannot_delete_own_case(lawyer, own_case):
    response = client_for(lawyer).post(f"/admin/cases/case/{own_case.pk}/delete/", {"post": "yes"})

    assert response.status_code == 403
    assert Case.objects.filter(pk=own_case.pk).exists()


# --- Adding and changing cases through the case's own admin form ---------------------


def case_form_data(client, url: str, **fields) -> dict[str, object]:
    """What a browser posts from the case form at `url` (a change URL's form is `?edit=details`), with `fields`."""
    form_url = url if url.endswith("/add/") else f"{url}?edit=details"
    data: dict[str, object] = change_form_data(client, form_url)
    data.update({"reference": "", "status": "intake", "opened_at": "2021-02-01", "summary": ""})
    data.update(fields)
    return data


def test_lawyer_who_adds_case_is_assigned_to_it_and_sees_it(lawyer, other_lawyer, caseless_person):
    client = client_for(lawyer)
    data = case_form_data(client, "/admin/cases/case/add/", person=caseless_person.pk, lawyers=[other_lawyer.pk])

    response = client.post("/admin/cases/case/add/", data)

    assert response.status_code == 302, response.content.decode()
    case = Case.objects.get(person=caseless_person)
    assert list(case.lawyers.all()) == [lawyer]  # the posted colleague is ignored
    assert case.created_by == lawyer
    assert case.reference.startswith("CT-2021-")
    assert client.get(f"/admin/cases/case/{case.pk}/change/").status_code == 200
    assert client_for(other_lawyer).get(f"/admin/cases/case/{case.pk}/change/").status_code == 404


def test_lawyer_cannot_open_case_for_person_of_foreign_case(lawyer, foreign_case):
    client = client_for(lawyer)
    data = case_form_data(client, "/admin/cases/case/add/", person=foreign_case.person_id)

    response = client.post("/admin/cases/case/add/", data)

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Case.objects.filter(person=foreign_case.person).count() == 1
    assert "Кузнецов" not in response.content.decode()


@pytest.fixture
def bare_case(lawyer):
    """An own case without records: the case form is all there is to post."""
    return CaseFactory(lawyers=[lawyer])


def test_lawyer_cannot_change_assigned_lawyers(lawyer, other_lawyer, bare_case):
    client = client_for(lawyer)
    url = f"/admin/cases/case/{bare_case.pk}/change/"
    data = case_form_data(client, url, person=bare_case.person_id, status="active", lawyers=[other_lawyer.pk])

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()
    bare_case.refresh_from_db()
    assert bare_case.status == "active"
    assert list(bare_case.lawyers.all()) == [lawyer]


def test_coordinator_can_change_assigned_lawyers(coordinator, lawyer, other_lawyer, bare_case):
    client = client_for(coordinator)
    url = f"/admin/cases/case/{bare_case.pk}/change/"
    data = case_form_data(client, url, person=bare_case.person_id, lawyers=[other_lawyer.pk])

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()
    assert list(bare_case.lawyers.all()) == [other_lawyer]
    assert client_for(lawyer).get(url).status_code == 404
    assert client_for(other_lawyer).get(url).status_code == 200


def test_coordinator_who_adds_case_assigns_the_chosen_lawyers_only(coordinator, lawyer, caseless_person):
    client = client_for(coordinator)
    data = case_form_data(client, "/admin/cases/case/add/", person=caseless_person.pk, lawyers=[lawyer.pk])

    response = client.post("/admin/cases/case/add/", data)

    assert response.status_code == 302, response.content.decode()
    assert list(Case.objects.get(person=caseless_person).lawyers.all()) == [lawyer]


def test_lawyer_cannot_change_foreign_case(lawyer, foreign_case):
    response = client_for(lawyer).post(f"/admin/cases/case/{foreign_case.pk}/change/", {"status": "closed"})

    assert response.status_code == 404
    foreign_case.refresh_from_db()
    assert foreign_case.status == "active"


# --- Documents admin ------------------------------------------------------------------------


def test_lawyer_cannot_attach_document_to_foreign_case(lawyer, foreign_case):
    upload = SimpleUploadedFile("protocol.pdf", b"%PDF-1.4 protocol", content_type="application/pdf")

    response = client_for(lawyer).post(
        "/admin/cases/document/add/", {"case": foreign_case.pk, "kind": "protocol", "file": upload}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Document.objects.exists()


def test_lawyer_attaches_document_to_own_case(lawyer, own_case):
    upload = SimpleUploadedFile("protocol.pdf", b"%PDF-1.4 protocol", content_type="application/pdf")

    response = client_for(lawyer).post(
        "/admin/cases/document/add/", {"case": own_case.pk, "kind": "protocol", "file": upload}
    )

    assert response.status_code == 302
    document = Document.objects.get()
    assert document.case == own_case
    assert document.uploaded_by == lawyer


def test_index_recent_actions_forget_case_after_lawyer_is_unassigned(lawyer, bare_case):
    client = client_for(lawyer)
    url = f"/admin/cases/case/{bare_case.pk}/change/"
    client.post(url, case_form_data(client, url, person=bare_case.person_id, status="active"), follow=True)
    bare_case.lawyers.remove(lawyer)

    body = client.get("/admin/").content.decode()

    assert bare_case.reference not in body
