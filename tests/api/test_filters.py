"""Filtering, ordering, search and pagination of the list endpoints."""

import datetime as dt

import pytest

from casetracker.cases import choices
from tests.api.conftest import api_client, url
from tests.factories import MOSCOW, CaseFactory, DetentionFactory, EventFactory, EvidenceClaimFactory, HearingFactory


@pytest.fixture
def cases(coordinator, lawyer, other_lawyer):
    rally = EventFactory(name="Акция 23 января")
    metro = CaseFactory(reference="A-1", status="active", lawyers=[lawyer], person__full_name="Орлова Мария")
    DetentionFactory(
        case=metro, city="Москва", region="Москва", place_type="metro", place="Пушкинская", event=rally,
        detained_at=dt.datetime(2021, 1, 30, 23, 30, tzinfo=MOSCOW),
    )  # fmt: skip
    EvidenceClaimFactory(detention=metro.detentions.get(), method=choices.IdentificationMethod.FACIAL_RECOGNITION_METRO)
    home = CaseFactory(reference="B-2", status="closed", lawyers=[other_lawyer])
    # 00:30 in Moscow on the 31st is still the 30th in UTC: the local date counts.
    DetentionFactory(
        case=home, city="Казань", region="Татарстан", place_type="home", place="ул. Баумана",
        detained_at=dt.datetime(2021, 1, 31, 0, 30, tzinfo=MOSCOW),
    )  # fmt: skip
    EvidenceClaimFactory(detention=home.detentions.get(), method=choices.IdentificationMethod.PASSPORT_PHOTO_MATCH)
    HearingFactory(case=home, outcome="arrest", fine_amount=None, arrest_days=10)
    intake = CaseFactory(reference="C-3", status="intake", lawyers=[lawyer, other_lawyer])
    return {"metro": metro, "home": home, "intake": intake, "rally": rally}


def refs(response) -> list[str]:
    assert response.status_code == 200, response.content
    return sorted(row["reference"] for row in response.json()["results"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"status": "active"}, ["A-1"]),
        ({"status": ["active", "closed"]}, ["A-1", "B-2"]),
        ({"region": "Татарстан"}, ["B-2"]),
        ({"city": "Москва"}, ["A-1"]),
        ({"place_type": "home"}, ["B-2"]),
        ({"method": "facial_recognition_metro"}, ["A-1"]),
        ({"outcome": "arrest"}, ["B-2"]),
        ({"detained_from": "2021-01-31"}, ["B-2"]),
        ({"detained_to": "2021-01-30"}, ["A-1"]),
        ({"detained_from": "2021-01-30", "detained_to": "2021-01-30"}, ["A-1"]),
        ({"detained_from": "2021-01-30", "detained_to": "2021-01-31"}, ["A-1", "B-2"]),
        # (Same case as stored: SQLite's LIKE folds the case of ASCII letters only.)
        ({"search": "Пушкин"}, ["A-1"]),
        ({"search": "23 января"}, ["A-1"]),
        ({"search": "b-2"}, ["B-2"]),
        ({"search": "орлова мария"}, ["A-1"]),  # the exact name, through the blind index
        ({"search": "Орлова"}, ["A-1"]),  # one whole word of the name
        ({"search": "Орл"}, []),  # no partial word on an encrypted name
        ({"opened_from": "2021-02-01", "opened_to": "2021-02-01"}, ["A-1", "B-2", "C-3"]),
    ],
)
def test_case_filters(coordinator, cases, query, expected):
    assert refs(api_client(coordinator).get(url("cases"), query)) == expected


def test_case_filter_by_event_and_lawyer(coordinator, lawyer, cases):
    client = api_client(coordinator)
    assert refs(client.get(url("cases"), {"event": cases["rally"].pk})) == ["A-1"]
    assert refs(client.get(url("cases"), {"lawyer": lawyer.pk})) == ["A-1", "C-3"]


def test_filters_never_widen_the_scope(lawyer, cases):
    assert refs(api_client(lawyer).get(url("cases"), {"region": "Татарстан"})) == []
    assert refs(api_client(lawyer).get(url("cases"))) == ["A-1", "C-3"]


def test_unknown_choice_is_400(coordinator, cases):
    response = api_client(coordinator).get(url("cases"), {"status": "won"})
    assert response.status_code == 400
    assert "status" in response.json()


def test_ordering(coordinator, cases):
    client = api_client(coordinator)
    order = [row["reference"] for row in client.get(url("cases"), {"ordering": "-reference"}).json()["results"]]
    assert order == ["C-3", "B-2", "A-1"]
    detentions = client.get(url("detentions"), {"ordering": "-detained_at"}).json()["results"]
    assert [row["city"] for row in detentions] == ["Казань", "Москва"]


def test_detention_filters(coordinator, cases):
    client = api_client(coordinator)
    rows = client.get(url("detentions"), {"detained_from": "2021-01-31", "detained_to": "2021-01-31"}).json()
    assert [row["city"] for row in rows["results"]] == ["Казань"]
    rows = client.get(url("detentions"), {"method": "passport_photo_match"}).json()
    assert [row["city"] for row in rows["results"]] == ["Казань"]
    rows = client.get(url("detentions"), {"case": cases["metro"].pk}).json()
    assert [row["case"] for row in rows["results"]] == [cases["metro"].pk]


def test_nested_filters_by_case(coordinator, cases):
    client = api_client(coordinator)
    claims = client.get(url("evidence-claims"), {"case": cases["home"].pk}).json()["results"]
    assert [row["method"] for row in claims] == ["passport_photo_match"]
    hearings = client.get(url("hearings"), {"outcome": "arrest"}).json()["results"]
    assert [row["case"] for row in hearings] == [cases["home"].pk]


def test_pagination(coordinator, cases):
    client = api_client(coordinator)
    page = client.get(url("cases"), {"page_size": 2}).json()
    assert page["count"] == 3 and len(page["results"]) == 2 and page["next"]
    second = client.get(url("cases"), {"page_size": 2, "page": 2}).json()
    assert len(second["results"]) == 1 and second["next"] is None
    response = client.get(url("cases"), {"page": 3, "page_size": 2})
    assert response.status_code == 404
    assert "detail" in response.json()


def test_page_size_is_capped_at_200(coordinator, cases):
    from casetracker.api.pagination import ApiPagination

    assert ApiPagination.max_page_size == 200
    assert len(api_client(coordinator).get(url("cases"), {"page_size": 10_000}).json()["results"]) == 3
