"""Erasure is final through the API as well as in the admin."""

from casetracker.cases.erasure import person_erase
from tests.api.conftest import api_client


def test_an_erased_person_cannot_be_written_back_through_the_api(coordinator, own_case):
    person_erase(person=own_case.person, user=coordinator)
    client = api_client(coordinator)
    url = f"/api/v1/persons/{own_case.person.pk}/"

    response = client.patch(url, {"full_name": "Соколова Анна Викторовна"}, format="json")

    assert response.status_code == 403
    assert client.get(url).json()["erased_at"] is not None
