"""The page's extra series against numbers computed by hand (tests/reports/report_data.py)."""

import datetime as dt
import itertools

import pytest

from casetracker.cases import choices
from casetracker.reports.statistics.filters import ReportFilters
from casetracker.reports.statistics.series import (
    LAG_BINS,
    fill_days,
    publish_series,
    region_city_pairs,
    report_series,
)
from tests.factories import DetentionFactory, EvidenceClaimFactory
from tests.reports.report_data import build_report_data, moscow

pytestmark = pytest.mark.django_db

M = choices.IdentificationMethod

# D2 at 00:30 Moscow time on Monday 1 February 2021 is Sunday 31 January in UTC: it
# belongs to 1 February, to the week of 1 February and to February.
EXPECTED = {
    "by_day": {"2021-01-23": 1, "2021-01-31": 1, "2021-02-01": 1, "2021-02-05": 1, "2021-03-10": 1},
    "by_week": {"2021-01-18": 1, "2021-01-25": 1, "2021-02-01": 2, "2021-03-08": 1},
    # Facial recognition: D2 (metro, February), D3 (street, January), D4 (metro, February).
    "facial_recognition_by_month": {"2021-01": 1, "2021-02": 2},
    # Delayed claims' lags: 9, 2, 1, 5 (D4's passport match has lag 0 and is left out).
    "footage_lag_histogram": dict(
        zip(["1", "2", "3", "4–7", "8–14", "15–30", "31–90", "91+"], [1, 1, 0, 1, 1, 0, 0, 0], strict=True)
    ),
    # D2 and D4 at Тверская, both with a facial_recognition_metro claim.
    "top_metro_stations": {"Тверская": 2},
}


@pytest.fixture
def data():
    return build_report_data()


def test_every_series_matches_the_hand_computed_numbers(data):
    series = report_series(ReportFilters()).as_dict()

    assert series == EXPECTED
    assert list(series["by_day"]) == sorted(EXPECTED["by_day"])  # time order


def test_detention_at_half_past_midnight_on_the_first_is_in_that_day_week_and_month(data):
    series = report_series(ReportFilters(date_from=dt.date(2021, 2, 1), date_to=dt.date(2021, 2, 1)))

    assert series.by_day == {"2021-02-01": 1}
    assert series.by_week == {"2021-02-01": 1}
    assert series.facial_recognition_by_month == {"2021-02": 1}


def test_series_follow_the_filters(data):
    series = report_series(ReportFilters(region="Москва", method=M.FACIAL_RECOGNITION_METRO))

    assert series.by_day == {"2021-02-01": 1, "2021-02-05": 1}
    assert series.facial_recognition_by_month == {"2021-02": 2}
    assert series.footage_lag_histogram["4–7"] == 1 and series.footage_lag_histogram["8–14"] == 1
    assert series.footage_lag_histogram["2"] == 1  # D2's social-media claim: the detention matches
    assert series.top_metro_stations == {"Тверская": 2}


def test_top_stations_list_only_metro_places_never_homes_or_workplaces(data):
    for place_type, place in ((choices.PlaceType.HOME, "ул. Тверская, д. 7, кв. 12"), ("workplace", "ООО Ромашка")):
        for _ in range(3):
            detention = DetentionFactory(detained_at=moscow(2021, 2, 2, 7), place_type=place_type, place=place)
            EvidenceClaimFactory(detention=detention, method=M.FACIAL_RECOGNITION_STREET)
    # A metro detention without facial recognition does not count either.
    DetentionFactory(place_type="metro", place="Арбатская")

    assert report_series(ReportFilters()).top_metro_stations == {"Тверская": 2}


def test_top_stations_are_the_ten_largest(data):
    for index in range(12):
        for _ in range(index + 1):
            EvidenceClaimFactory(detention=DetentionFactory(place=f"Станция {index:02d}", place_type="metro"))

    top = report_series(ReportFilters()).top_metro_stations

    assert list(top) == [f"Станция {index:02d}" for index in range(11, 1, -1)]
    assert top["Станция 11"] == 12


def test_lag_bins_are_contiguous_from_one_day():
    assert LAG_BINS[0][1] == 1
    for (_label, _low, high), (_next_label, next_low, _next_high) in itertools.pairwise(LAG_BINS):
        assert next_low == high + 1
    assert LAG_BINS[-1][2] is None


def test_publication_hides_every_count_below_the_threshold(data):
    for _ in range(5):
        DetentionFactory(detained_at=moscow(2021, 3, 10, 12))

    published = publish_series(report_series(ReportFilters()), 5)

    assert published.by_day == {
        "2021-01-23": None, "2021-01-31": None, "2021-02-01": None, "2021-02-05": None, "2021-03-10": 6,
    }  # fmt: skip
    assert published.footage_lag_histogram["3"] == 0  # zero reveals nobody
    assert published.top_metro_stations == {"Тверская": None}


def test_empty_selection_gives_empty_series_and_zero_bins(data):
    series = report_series(ReportFilters(region="Нигде"))

    assert series.by_day == {} and series.top_metro_stations == {}
    assert set(series.footage_lag_histogram.values()) == {0}


def test_fill_days_adds_the_days_without_detentions():
    assert fill_days({"2021-01-30": 2, "2021-02-02": None}) == {
        "2021-01-30": 2, "2021-01-31": 0, "2021-02-01": 0, "2021-02-02": None,
    }  # fmt: skip
    assert fill_days({}) == {}


def test_region_city_pairs_are_distinct_and_ordered(data):
    assert region_city_pairs() == [
        ("Москва", "Москва"),
        ("Московская область", "Химки"),
        ("Санкт-Петербург", "Санкт-Петербург"),
    ]
    assert region_city_pairs(limit=2) == [("Москва", "Москва"), ("Московская область", "Химки")]


def test_series_take_one_query_each(data, django_assert_num_queries):
    with django_assert_num_queries(5):
        report_series(ReportFilters(region="Москва"))
