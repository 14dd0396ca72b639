"""Pure rules of the domain: dates, ages and deadlines. No database access."""

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.conf import settings

# KoAP art. 30.3: an appeal against a decision is filed within 10 days of receiving
# a copy of it. How those days are counted (calendar days, or days whose last one moves
# past a non-working day) depends on the law in force and the production calendar: the
# `deadlines` app, above this one, registers the counter (`appeal_deadline_counter_register`).
APPEAL_PERIOD_DAYS = 10
ADULT_AGE = 18
# KoAP art. 3.9: administrative arrest is imposed for up to 30 days.
MAX_ARREST_DAYS = 30


def display_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar date of an aware moment in the display time zone (where it happened)."""
    return moment.astimezone(display_zone()).date()


def age_on(birth_date: dt.date, day: dt.date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - int(before_birthday)


def is_minor_at(birth_date: dt.date | None, moment: dt.datetime) -> bool | None:
    """Whether someone born on `birth_date` was under 18 at `moment`; None if unknown."""
    if birth_date is None or moment is None:
        return None
    return age_on(birth_date, local_date(moment)) < ADULT_AGE


AppealDeadlineCounter = Callable[[dt.date], dt.date]
_appeal_deadline_counter: list[AppealDeadlineCounter] = []


def appeal_deadline_counter_register(counter: AppealDeadlineCounter) -> None:
    """Count the KoAP appeal term with `counter` (the receipt date to the last day of the term)."""
    _appeal_deadline_counter[:] = [counter]


def _calendar_days_counter(start: dt.date) -> dt.date:
    return start + dt.timedelta(days=APPEAL_PERIOD_DAYS)


def default_appeal_deadline(hearing_date: dt.date, decision_received_on: dt.date | None) -> dt.date:
    """The last day of the KoAP appeal term from receipt of the decision (from the hearing while unknown).

    Counted by the registered counter (the law in force on that day and the production
    calendar); 10 calendar days when none is registered.
    """
    start = decision_received_on or hearing_date
    counter = _appeal_deadline_counter[0] if _appeal_deadline_counter else _calendar_days_counter
    return counter(start)


def footage_lag_days(footage_date: dt.date | None, detained_at: dt.datetime | None) -> int | None:
    if footage_date is None or detained_at is None:
        return None
    return (local_date(detained_at) - footage_date).days
