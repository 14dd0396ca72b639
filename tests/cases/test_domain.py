"""The pure rules of casetracker.cases.domain: dates in Moscow, ages, deadlines."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from casetracker.cases import domain

MOSCOW = ZoneInfo("Europe/Moscow")
UTC = dt.UTC


class TestLocalDate:
    def test_utc_evening_is_next_day_in_moscow(self):
        # 21:30 UTC on the 27th is 00:30 on the 28th in Moscow (UTC+3).
        assert domain.local_date(dt.datetime(2021, 1, 27, 21, 30, tzinfo=UTC)) == dt.date(2021, 1, 28)

    def test_last_minute_before_moscow_midnight_stays_on_the_day(self):
        assert domain.local_date(dt.datetime(2021, 1, 27, 20, 59, tzinfo=UTC)) == dt.date(2021, 1, 27)

    def test_exactly_moscow_midnight_is_the_new_day(self):
        assert domain.local_date(dt.datetime(2021, 1, 27, 21, 0, tzinfo=UTC)) == dt.date(2021, 1, 28)

    def test_moment_given_in_moscow_keeps_its_date(self):
        assert domain.local_date(dt.datetime(2021, 1, 28, 0, 30, tzinfo=MOSCOW)) == dt.date(2021, 1, 28)

    def test_follows_the_configured_display_zone(self, settings):
        settings.TIME_ZONE = "Asia/Vladivostok"  # UTC+10
        assert domain.local_date(dt.datetime(2021, 1, 27, 14, 0, tzinfo=UTC)) == dt.date(2021, 1, 28)


class TestAgeOn:
    @pytest.mark.parametrize(
        ("day", "age"),
        [
            (dt.date(2021, 5, 16), 30),
            (dt.date(2021, 5, 17), 31),  # the birthday itself counts
            (dt.date(2021, 12, 31), 31),
        ],
    )
    def test_ordinary_birthday(self, day, age):
        assert domain.age_on(dt.date(1990, 5, 17), day) == age

    # Born on 29 February: in a common year the birthday is taken to be 1 March (the
    # age changes once 28 February has fully passed).
    @pytest.mark.parametrize(
        ("day", "age"),
        [
            (dt.date(2022, 2, 28), 17),
            (dt.date(2022, 3, 1), 18),
            (dt.date(2023, 2, 28), 18),
            (dt.date(2024, 2, 28), 19),
            (dt.date(2024, 2, 29), 20),  # a leap year: the real birthday
        ],
    )
    def test_leap_day_birthday(self, day, age):
        assert domain.age_on(dt.date(2004, 2, 29), day) == age

    def test_on_the_day_of_birth_age_is_zero(self):
        assert domain.age_on(dt.date(2004, 2, 29), dt.date(2004, 2, 29)) == 0


class TestIsMinorAt:
    def test_seventeen_year_old_is_minor(self):
        moment = dt.datetime(2021, 1, 31, 12, 0, tzinfo=MOSCOW)
        assert domain.is_minor_at(dt.date(2004, 3, 1), moment) is True

    def test_adult_is_not_minor(self):
        moment = dt.datetime(2021, 1, 31, 12, 0, tzinfo=MOSCOW)
        assert domain.is_minor_at(dt.date(1990, 5, 17), moment) is False

    def test_eighteenth_birthday_in_moscow_is_adult_although_still_the_eve_in_utc(self):
        # 00:30 on the 18th birthday in Moscow is 21:30 the evening before in UTC.
        moment = dt.datetime(2021, 1, 30, 21, 30, tzinfo=UTC)
        assert domain.is_minor_at(dt.date(2003, 1, 31), moment) is False

    def test_last_minute_before_eighteenth_birthday_is_minor(self):
        moment = dt.datetime(2021, 1, 30, 23, 59, tzinfo=MOSCOW)
        assert domain.is_minor_at(dt.date(2003, 1, 31), moment) is True

    def test_leap_day_born_is_minor_on_28_february_of_eighteenth_year(self):
        assert domain.is_minor_at(dt.date(2004, 2, 29), dt.datetime(2022, 2, 28, 12, tzinfo=MOSCOW)) is True
        assert domain.is_minor_at(dt.date(2004, 2, 29), dt.datetime(2022, 3, 1, 0, 1, tzinfo=MOSCOW)) is False

    def test_unknown_birth_date_is_unknown(self):
        assert domain.is_minor_at(None, dt.datetime(2021, 1, 31, tzinfo=MOSCOW)) is None

    def test_unknown_moment_is_unknown(self):
        assert domain.is_minor_at(dt.date(2004, 3, 1), None) is None


class TestDefaultAppealDeadline:
    def test_ten_days_from_hearing_while_receipt_unknown(self):
        assert domain.default_appeal_deadline(dt.date(2021, 2, 3), None) == dt.date(2021, 2, 13)

    def test_ten_days_from_receipt_of_the_decision(self):
        assert domain.default_appeal_deadline(dt.date(2021, 2, 3), dt.date(2021, 2, 8)) == dt.date(2021, 2, 18)

    def test_crosses_month_end_in_a_leap_year(self):
        assert domain.default_appeal_deadline(dt.date(2024, 2, 25), None) == dt.date(2024, 3, 6)

    def test_period_is_ten_days(self):
        assert domain.APPEAL_PERIOD_DAYS == 10


class TestFootageLagDays:
    def test_days_from_footage_to_detention(self):
        detained_at = dt.datetime(2021, 1, 28, 9, 15, tzinfo=MOSCOW)
        assert domain.footage_lag_days(dt.date(2021, 1, 23), detained_at) == 5

    def test_counts_in_moscow_dates(self):
        # 21:30 UTC on the 27th is already the 28th in Moscow.
        detained_at = dt.datetime(2021, 1, 27, 21, 30, tzinfo=UTC)
        assert domain.footage_lag_days(dt.date(2021, 1, 28), detained_at) == 0
        assert domain.footage_lag_days(dt.date(2021, 1, 23), detained_at) == 5

    def test_same_day_is_zero(self):
        assert domain.footage_lag_days(dt.date(2021, 1, 31), dt.datetime(2021, 1, 31, 23, 59, tzinfo=MOSCOW)) == 0

    @pytest.mark.parametrize(
        ("footage_date", "detained_at"),
        [(None, dt.datetime(2021, 1, 28, tzinfo=MOSCOW)), (dt.date(2021, 1, 23), None), (None, None)],
    )
    def test_unknown_when_either_side_is_missing(self, footage_date, detained_at):
        assert domain.footage_lag_days(footage_date, detained_at) is None
