"""The production calendar against the government decrees on the moved days, 2021-2026."""

import datetime as dt

import pytest

from casetracker.deadlines import calendar
from casetracker.deadlines.models import NonWorkingDay


def _days(year: int, *spans: tuple[int, int] | tuple[int, int, int]) -> set[dt.date]:
    days = set()
    for span in spans:
        month, first, *rest = span
        last = rest[0] if rest else first
        days |= {dt.date(year, month, d) for d in range(first, last + 1)}
    return days


# Weekdays off (Labour Code art. 112 holidays and the days the decrees moved onto weekdays)
# and weekend days made working, typed from each year's decree of the Government:
# No. 1648 of 10.10.2020 (2021), No. 1466 of 16.09.2021 (2022), No. 1906 of 29.10.2022
# (2023), No. 1335 of 10.08.2023 (2024), No. 1335 of 04.10.2024 (2025), and the 2026 decree.
WEEKDAYS_OFF = {
    2021: _days(2021, (1, 1), (1, 4, 8), (2, 22, 23), (3, 8), (5, 3), (5, 10), (6, 14), (11, 4, 5), (12, 31)),
    2022: _days(2022, (1, 3, 7), (2, 23), (3, 7, 8), (5, 2, 3), (5, 9, 10), (6, 13), (11, 4)),
    2023: _days(2023, (1, 2, 6), (2, 23, 24), (3, 8), (5, 1), (5, 8, 9), (6, 12), (11, 6)),
    2024: _days(
        2024, (1, 1, 5), (1, 8), (2, 23), (3, 8), (4, 29, 30), (5, 1), (5, 9, 10), (6, 12), (11, 4), (12, 30, 31)
    ),
    2025: _days(2025, (1, 1, 3), (1, 6, 8), (5, 1, 2), (5, 8, 9), (6, 12, 13), (11, 3, 4), (12, 31)),
    2026: _days(2026, (1, 1, 2), (1, 5, 9), (2, 23), (3, 9), (5, 1), (5, 11), (6, 12), (11, 4), (12, 31)),
}
WORKING_WEEKENDS = {
    2021: _days(2021, (2, 20)),
    2022: _days(2022, (3, 5)),
    2023: set(),
    2024: _days(2024, (4, 27), (11, 2), (12, 28)),
    2025: _days(2025, (11, 1)),
    2026: set(),
}


@pytest.mark.parametrize("year", sorted(WEEKDAYS_OFF))
def test_the_package_knows_every_moved_day_of_the_decrees(year, db):
    day, wrong = dt.date(year, 1, 1), []
    while day.year == year:
        expected = (day.weekday() < 5 and day not in WEEKDAYS_OFF[year]) or day in WORKING_WEEKENDS[year]
        if calendar.is_working_day(day) != expected:
            wrong.append(day.isoformat())
        day += dt.timedelta(days=1)
    assert wrong == []


def test_a_coordinators_day_overrides_the_package_both_ways(db):
    regional_holiday = dt.date(2025, 8, 29)  # Friday: Tatarstan's Republic Day
    working_saturday = dt.date(2026, 6, 27)
    assert calendar.is_working_day(regional_holiday)
    assert not calendar.is_working_day(working_saturday)
    NonWorkingDay.objects.create(day=regional_holiday, reason="Tatarstan: Republic Day")
    NonWorkingDay.objects.create(day=working_saturday, is_working_day=True, reason="decree")
    assert not calendar.is_working_day(regional_holiday)
    assert calendar.is_working_day(working_saturday)
    assert calendar.next_working_day(regional_holiday) == dt.date(2025, 9, 1)


def test_pinned_days_are_read_once_for_bulk_writers(db, django_assert_num_queries, monkeypatch):
    with django_assert_num_queries(1), calendar.overrides_pinned():
        # Even past the cache's lifetime: a COPY may hold the connection.
        monkeypatch.setattr(calendar, "OVERRIDES_TTL_SECONDS", -1)
        assert not calendar.is_working_day(dt.date(2025, 1, 1))
        assert calendar.is_working_day(dt.date(2025, 1, 9))
