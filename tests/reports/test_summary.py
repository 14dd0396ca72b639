"""GET /api/v1/reports/summary/ and the figures behind it, against tests/reports/report_data.py."""

import datetime as dt

import pytest
from django.urls import reverse

from casetracker.reports.statistics.filters import ReportFilters
from casetracker.reports.statistics.summary import SUMMARY_KEYS, report_summary
from tests.api.conftest import api_client
from tests.factories import DetentionFactory, EvidenceClaimFactory, HearingFactory
from tests.reports.report_data import EXPECTED, build_report_data, moscow

URL = reverse("api:report-summary")
pytestmark = pytest.mark.django_db


@pytest.fixture
def data(db):
    return build_report_data()


def summary(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_every_key_matches_the_hand_computed_figures(data, analyst):
    body = summary(api_client(analyst))
    assert list(body) == list(SUMMARY_KEYS)
    assert body == EXPECTED


def test_the_selector_returns_the_same_figures(data):
    assert report_summary(ReportFilters()) == EXPECTED


def test_empty_database_gives_zeros_empty_maps_and_null_lag(db, analyst):
    body = summary(api_client(analyst))
    assert body["detentions"] == body["people"] == body["cases"] == body["fines_total"] == 0
    assert body["by_month"] == body["by_method"] == body["outcomes"] == body["by_article"] == {}
    assert body["footage_lag_days"] == {"median": None, "max": None}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        # 00:30 Moscow time on 1 February is 31 January in UTC: still February here.
        ({"date_from": "2021-02-01", "date_to": "2021-02-28"}, {"detentions": 2, "by_month": {"2021-02": 2}}),
        ({"date_to": "2021-01-31"}, {"detentions": 2, "by_month": {"2021-01": 2}}),
        ({"date_from": "2021-02-01", "date_to": "2021-02-01"}, {"detentions": 1, "people": 1}),
        ({"region": "Москва"}, {"detentions": 3, "people": 2, "cases": 2, "minors": 1}),
        ({"city": "Химки"}, {"detentions": 1, "journalists": 1, "outcomes": {}, "by_article": {"koap 19.3 part 1": 1}}),
        ({"place_type": "metro"}, {"detentions": 2, "facial_recognition": 2, "delayed_identification": 2}),
        (
            {"method": "facial_recognition_metro"},
            {
                "detentions": 2,
                "by_method": {
                    "facial_recognition_metro": 2,
                    "cctv_review": 1,
                    "social_media_photos": 1,
                    "passport_photo_match": 1,
                },
                "footage_lag_days": {"median": 5, "max": 9},
            },
        ),
        ({"outcome": "arrest"}, {"detentions": 1, "journalists": 1, "arrest_days_total": 10, "fines_total": 0}),
        (
            {"region": "Москва", "method": "facial_recognition_metro", "date_from": "2021-02-02"},
            {"detentions": 1, "minors": 1, "people": 1, "outcomes": {"fine": 1}, "fines_total": 10000.5},
        ),
    ],
)
def test_each_filter_alone_and_combined(data, analyst, params, expected):
    body = summary(api_client(analyst), **params)
    for key, value in expected.items():
        assert body[key] == value, key


def test_event_filter_counts_the_repeat_detained_person(data, analyst):
    body = summary(api_client(analyst), event=data["events"]["A"].pk)
    assert (body["detentions"], body["people"], body["repeat_detained_people"]) == (2, 1, 1)
    assert body["outcomes"] == {"fine": 1, "postponed": 1}
    assert body["by_event"] == {"Акция A": 2}


def test_a_month_boundary_in_moscow_time(db, analyst):
    DetentionFactory(detained_at=moscow(2021, 3, 1, 0, 30))
    DetentionFactory(detained_at=moscow(2021, 2, 28, 23, 59))
    body = summary(api_client(analyst))
    assert body["by_month"] == {"2021-02": 1, "2021-03": 1}
    assert summary(api_client(analyst), date_from="2021-03-01")["detentions"] == 1


def test_an_even_number_of_lags_has_the_mean_of_the_middle_two_as_median(data, analyst):
    assert summary(api_client(analyst))["footage_lag_days"] == {"median": 3.5, "max": 9}


def test_a_claim_dated_the_same_day_is_not_delayed_identification(db, analyst):
    claim = EvidenceClaimFactory(footage_date=dt.date(2021, 1, 28))
    assert claim.footage_lag_days == 0
    body = summary(api_client(analyst))
    assert body["delayed_identification"] == 0
    assert body["facial_recognition"] == 1


def test_hearings_without_outcome_are_not_an_outcome_key(data, analyst):
    HearingFactory(case=data["cases"]["C4"], outcome="", fine_amount=None)
    assert summary(api_client(analyst))["outcomes"] == EXPECTED["outcomes"]


class TestPublication:
    def test_counts_below_k_become_null_with_the_default_k_of_5(self, data, analyst):
        body = summary(api_client(analyst), publish=1)
        assert body["detentions"] == 5
        for key in ("people", "repeat_detained_people", "cases", "facial_recognition", "journalists", "minors"):
            assert body[key] is None, key
        assert body["by_month"] == {"2021-01": None, "2021-02": None, "2021-03": None}
        assert set(body["by_method"].values()) == {None}
        assert body["footage_lag_days"] == {"median": None, "max": None}
        # Two fined hearings and one arrest: each total would be one or two people's sentence.
        assert body["fines_total"] is None
        assert body["arrest_days_total"] is None

    def test_k_comes_from_the_setting(self, data, analyst, settings):
        settings.CASETRACKER_PUBLISH_MIN_CELL = 2
        body = summary(api_client(analyst), publish="1")
        assert body["people"] == 4
        assert body["repeat_detained_people"] is None
        assert body["by_month"] == {"2021-01": 2, "2021-02": 2, "2021-03": None}
        assert body["by_region"] == {"Москва": 3, "Санкт-Петербург": None, "Московская область": None}
        assert body["footage_lag_days"] == {"median": 3.5, "max": 9}
        assert body["fines_total"] == 25000.5
        assert body["arrest_days_total"] is None

    def test_zero_stays_zero_and_is_not_hidden(self, db, analyst):
        body = summary(api_client(analyst), publish=1)
        assert body["detentions"] == 0
        assert body["fines_total"] == 0

    @pytest.mark.parametrize("value", ["0", "false"])
    def test_publish_off_values(self, data, analyst, value):
        assert summary(api_client(analyst), publish=value)["people"] == 4


class TestAccess:
    @pytest.mark.parametrize("role", ["analyst", "coordinator", "superuser"])
    def test_report_roles_may_read(self, request, data, role):
        assert summary(api_client(request.getfixturevalue(role)))["detentions"] == 5

    def test_a_lawyer_gets_403_even_with_own_cases(self, data, lawyer):
        data["cases"]["C1"].lawyers.add(lawyer)
        response = api_client(lawyer).get(URL)
        assert response.status_code == 403
        assert "detentions" not in response.json()

    def test_anonymous_gets_401(self, data):
        assert api_client().get(URL).status_code == 401


class TestBadInput:
    @pytest.mark.parametrize(
        ("params", "field"),
        [
            ({"date_from": "2021-02-30"}, "date_from"),
            ({"date_to": "yesterday"}, "date_to"),
            ({"date_from": "2021-03-01", "date_to": "2021-02-01"}, "date_to"),
            ({"event": "999999"}, "event"),
            ({"event": "abc"}, "event"),
            ({"method": "face"}, "method"),
            ({"place_type": "moon"}, "place_type"),
            ({"outcome": "prison"}, "outcome"),
            ({"region": "x" * 200}, "region"),
            ({"publish": "maybe"}, "publish"),
        ],
    )
    def test_a_bad_filter_is_400_naming_the_field(self, db, analyst, params, field):
        response = api_client(analyst).get(URL, params)
        assert response.status_code == 400
        assert list(response.json()) == [field]
        assert response.json()[field][0]


def test_the_number_of_queries_does_not_grow_with_rows(db, analyst, django_assert_max_num_queries):
    client = api_client(analyst)
    build_report_data()
    with django_assert_max_num_queries(16):
        summary(client, publish=1)
    for day in range(1, 28):
        detention = DetentionFactory(detained_at=moscow(2021, 4, day, 12), region=f"R{day}", city=f"C{day}")
        EvidenceClaimFactory(detention=detention, footage_date=dt.date(2021, 4, 1))
        HearingFactory(case=detention.case)
    with django_assert_max_num_queries(16):
        body = summary(client, method="facial_recognition_metro")
    assert body["detentions"] == 29
