"""A person made from a hotline intake is found like any other: by a word of the name, by phone."""

import pytest

from casetracker.cases.models import Case
from casetracker.cases.selectors import persons_matching
from tests.intake.test_api import URL, api, call

pytestmark = pytest.mark.django_db


def test_a_converted_intake_person_is_found_by_surname_and_by_phone(coordinator, open_event, tverskoy):
    client = api(coordinator)
    created = client.post(URL, call(open_event, tverskoy), format="json").json()
    response = client.post(f"{URL}{created['id']}/convert/")
    assert response.status_code == 201, response.json()
    person = Case.objects.get(pk=response.json()["case"]).person

    assert list(persons_matching("Петров")) == [person]
    assert list(persons_matching("иван петров")) == [person]
    assert list(persons_matching("+7 916 123-45-67")) == [person]  # the intake was typed "8 (916) 123-45-67"
