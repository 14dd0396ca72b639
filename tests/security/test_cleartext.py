"""A raw dump of the database holds no case summary, document name or description, or home address.

The review found them in clear: the summary written as free text, a document's file
name and description, and a home or work address in a detention's `place`. Each test
writes them the way a lawyer does (the API, the admin), reads every table with plain
SQL as a stolen dump would, and checks that the lawyer still reads them decrypted.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from casetracker.cases.choices import PlaceType
from casetracker.reports.summaries.selectors import SummaryOptions, case_summary_data
from tests.admin_forms import change_form_data
from tests.api.conftest import api_client, url
from tests.conftest import client_for
from tests.factories import CaseFactory, DetentionFactory, DocumentFactory, PersonFactory

pytestmark = pytest.mark.django_db

# Whole distinctive strings: short digit runs turn up by chance in hashes and tokens.
SUMMARY = "Позвонила на горячую линию 02.12: задержана в метро у турникетов станции Тургеневская"
FILE_NAME = "pasport_sokolova_anna_skan.pdf"
DESCRIPTION = "Скан паспорта Соколовой Анны Викторовны"
HOME_ADDRESS = "ул. Профсоюзная, д. 93, кв. 417"
WORK_ADDRESS = "ООО «Ромашка», Садовническая наб., д. 82"
SECRETS = [SUMMARY, FILE_NAME, DESCRIPTION, HOME_ADDRESS, WORK_ADDRESS]
DETENTION = {"detained_at": "2021-02-02T07:00:00+03:00", "city": "Москва", "region": "Москва"}


def raw_dump() -> str:
    """Every value of every table, as text, straight from SQL (what a stolen dump holds)."""
    quote = connection.ops.quote_name
    values = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {quote(table)}")  # noqa: S608 - names from introspection
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview):
                        value = bytes(value).decode("utf-8", "replace")
                    if value is not None:
                        values.append(str(value))
    return "\n".join(values)


@pytest.fixture
def written_by_api(lawyer) -> dict:
    """A case, a document and two private detentions, written through the API as a lawyer's client does.

    The responses, by name; their status is checked by the tests that read them back.
    """
    client = api_client(lawyer)
    person = client.post(url("persons"), {"full_name": "Соколова Анна Викторовна"}, format="json").json()
    case = client.post(url("cases"), {"person": person["id"], "status": "active", "summary": SUMMARY}, format="json")
    case_id = case.json()["id"]
    # An older client sends the home address as `place`; a newer one in private_address.
    home = client.post(
        url("detentions"), {"case": case_id, **DETENTION, "place_type": "home", "place": HOME_ADDRESS}, format="json"
    )
    work = client.post(
        url("detentions"),
        {"case": case_id, **DETENTION, "place_type": "workplace", "private_address": WORK_ADDRESS},
        format="json",
    )
    document = client.post(
        url("documents"),
        {
            "case": case_id,
            "kind": "protocol",
            "file": SimpleUploadedFile(FILE_NAME, b"%PDF-1.4"),
            "description": DESCRIPTION,
        },
        format="multipart",
    )
    return {"case": case, "home": home, "work": work, "document": document}


def created_id(response) -> int:
    assert response.status_code == 201, response.json()
    return response.json()["id"]


def test_a_raw_dump_holds_none_of_the_plaintexts(written_by_api):
    dump = raw_dump()

    for secret in SECRETS:
        assert secret not in dump, secret
    assert "Профсоюзная" not in dump and "Ромашка" not in dump and "sokolova" not in dump


def test_the_lawyer_reads_them_decrypted_through_the_api(lawyer, written_by_api):
    client = api_client(lawyer)
    ids = {name: created_id(response) for name, response in written_by_api.items()}

    assert client.get(url("cases", ids["case"])).json()["summary"] == SUMMARY
    document = client.get(url("documents", ids["document"])).json()
    assert (document["original_name"], document["description"]) == (FILE_NAME, DESCRIPTION)
    home = client.get(url("detentions", ids["home"])).json()
    work = client.get(url("detentions", ids["work"])).json()
    # `place` stays readable for reports, so it holds no address.
    assert (home["place"], home["private_address"]) == ("", HOME_ADDRESS)
    assert (work["place"], work["private_address"]) == ("", WORK_ADDRESS)


def test_the_lawyer_reads_them_decrypted_in_the_admin(lawyer, written_by_api):
    ids = {name: created_id(response) for name, response in written_by_api.items()}
    page = client_for(lawyer).get(f"/admin/cases/case/{ids['case']}/change/")

    assert page.status_code == 200
    html = page.content.decode()
    for secret in (SUMMARY, DESCRIPTION, HOME_ADDRESS, WORK_ADDRESS):
        assert secret in html, secret
    assert FILE_NAME in client_for(lawyer).get("/admin/cases/document/").content.decode()


def test_the_full_case_summary_shows_the_address_and_the_redacted_one_does_not(lawyer, written_by_api):
    case_id = created_id(written_by_api["case"])

    full = case_summary_data(case_id=case_id, user=lawyer, options=SummaryOptions())
    redacted = case_summary_data(case_id=case_id, user=lawyer, options=SummaryOptions(redacted=True))

    titles = " | ".join(entry.title for entry in full.timeline)
    assert HOME_ADDRESS in titles and WORK_ADDRESS in titles
    assert not any(address in repr(redacted) for address in (HOME_ADDRESS, WORK_ADDRESS, FILE_NAME, DESCRIPTION))


def test_another_lawyer_gets_none_of_them(other_lawyer, written_by_api):
    client = api_client(other_lawyer)
    ids = {name: created_id(response) for name, response in written_by_api.items()}

    for resource, name in (
        ("cases", "case"),
        ("detentions", "home"),
        ("detentions", "work"),
        ("documents", "document"),
    ):
        assert client.get(url(resource, ids[name])).status_code == 404


def test_a_detention_at_home_typed_in_the_admin_is_stored_encrypted(lawyer):
    case = CaseFactory(lawyers=[lawyer], person=PersonFactory())
    detention = DetentionFactory(case=case, place="Пушкинская")
    client = client_for(lawyer)
    page = f"/admin/cases/case/{case.pk}/change/"
    data = change_form_data(client, f"{page}?edit=details")
    data.update({"summary": [SUMMARY], "_save": ["Save"]})
    response = client.post(page, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    detention_form = reverse("admin:cases_case_record_change", args=[case.pk, "detention", detention.pk])
    prefix = f"detention-{detention.pk}"
    data = change_form_data(client, detention_form, f"{prefix}-form")
    # The lawyer types, as before the address had its own field, the address as the place.
    data.update({f"{prefix}-place_type": [PlaceType.HOME], f"{prefix}-place": [HOME_ADDRESS]})

    response = client.post(detention_form, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    detention.refresh_from_db()
    assert (detention.place, detention.private_address) == ("", HOME_ADDRESS)
    dump = raw_dump()
    assert HOME_ADDRESS not in dump and SUMMARY not in dump
    case_page = client.get(page).content.decode()
    assert HOME_ADDRESS in case_page and SUMMARY in case_page


def test_a_documents_file_name_and_description_are_not_in_the_dump(lawyer):
    case = CaseFactory(lawyers=[lawyer])
    DocumentFactory(case=case, file=SimpleUploadedFile(FILE_NAME, b"scan"), description=DESCRIPTION)

    dump = raw_dump()

    assert FILE_NAME not in dump and DESCRIPTION not in dump
