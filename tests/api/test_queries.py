"""Every list endpoint runs a fixed number of queries however many rows it returns.

200 rows (the largest page) per endpoint, built in bulk; the budget counts everything
the request does (permissions, count, page, prefetches), and a per-row query would
blow it 200 times over.
"""

import datetime as dt

import pytest

from casetracker.api.tokens import token_issue
from casetracker.cases import choices
from casetracker.cases.models import Case, CaseNote, Charge, Detention, Document, EvidenceClaim, Hearing, Person
from tests.api.conftest import api_client, url
from tests.factories import MOSCOW, EventFactory, LegalArticleFactory

ROWS = 200

# Measured: 2 permission queries (user and group permissions, cached per request),
# COUNT, the page, and for cases the prefetch of lawyers.
BUDGETS = {
    "cases": 5,
    "persons": 4,
    "detentions": 4,
    "evidence-claims": 4,
    "charges": 4,
    "hearings": 4,
    "documents": 4,
    "notes": 4,
    "events": 4,
    "legal-articles": 4,
}


@pytest.fixture
def many_records(lawyer, other_lawyer):
    """ROWS cases of `lawyer`, each with one record of every kind (and some of a colleague's)."""
    event = EventFactory()
    article = LegalArticleFactory()
    persons = Person.objects.bulk_create(Person(full_name=f"Bench Person {n}", created_by=lawyer) for n in range(ROWS))
    cases = Case.objects.bulk_create(
        Case(reference=f"Q-{n:04d}", person=person, opened_at=dt.date(2021, 2, 1) + dt.timedelta(days=n))
        for n, person in enumerate(persons)
    )
    Case.lawyers.through.objects.bulk_create(
        Case.lawyers.through(case_id=case.pk, user_id=user.pk) for case in cases for user in (lawyer, other_lawyer)
    )
    detentions = Detention.objects.bulk_create(
        Detention(
            case=case,
            detained_at=dt.datetime(2021, 1, 23, 14, tzinfo=MOSCOW),
            city="Москва",
            region="Москва",
            place_type=choices.PlaceType.STREET,
            place="Тверская",
            event=event,
            narrative="Задержан у входа в метро.",
        )
        for case in cases
    )
    EvidenceClaim.objects.bulk_create(
        EvidenceClaim(
            detention=detention,
            method=choices.IdentificationMethod.CCTV_REVIEW,
            source=choices.ClaimSource.POLICE_STATEMENT,
            reliability=choices.Reliability.REPORTED,
            footage_event=event,
            notes="Видео с камеры.",
        )
        for detention in detentions
    )
    Charge.objects.bulk_create(Charge(case=case, article=article) for case in cases)
    Hearing.objects.bulk_create(Hearing(case=case, court="Тверской суд", date=dt.date(2021, 2, 3)) for case in cases)
    Document.objects.bulk_create(
        Document(case=case, kind=choices.DocumentKind.PHOTO, file=f"2021/02/{case.pk}.jpg", sha256="0" * 64, size=1)
        for case in cases
    )
    CaseNote.objects.bulk_create(CaseNote(case=case, author=lawyer, text="Заметка") for case in cases)
    EventFactory.create_batch(ROWS - 1)
    for n in range(ROWS - 1):
        LegalArticleFactory(number=f"{n}.1", part="")


@pytest.mark.parametrize("resource", list(BUDGETS))
@pytest.mark.parametrize("role", ["lawyer", "coordinator"])
def test_list_runs_a_fixed_number_of_queries(users, many_records, django_assert_max_num_queries, resource, role):
    client = api_client(users[role])
    with django_assert_max_num_queries(BUDGETS[resource]):
        response = client.get(url(resource), {"page_size": ROWS})
    assert response.status_code == 200
    assert len(response.json()["results"]) == ROWS


def test_filtered_case_list_with_a_token_stays_in_budget(lawyer, many_records, django_assert_max_num_queries):
    _, secret = token_issue(user=lawyer, name="bench")
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    query = {"page_size": ROWS, "region": "Москва", "method": "cctv_review", "detained_from": "2021-01-23"}
    # + the token lookup and its last-used stamp.
    with django_assert_max_num_queries(BUDGETS["cases"] + 2):
        response = client.get(url("cases"), query)
    assert response.status_code == 200
    assert response.json()["count"] == ROWS
