"""Russia's production calendar: which days are working days.

The days come from the `holidays` package (`RU`), which holds the public holidays of
Labour Code art. 112 and the days each year's government decree moves (the New Year and
May holidays, the working Saturdays); tests/deadlines/test_calendar.py checks it against
the decrees for 2021 to 2026. A coordinator adds what a release does not know yet (next
year's decree, a regional holiday such as Tatarstan's) as `NonWorkingDay` rows, which
override the package either way.
"""

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache

import holidays

# Overrides are read once per process and kept this long: a row a coordinator adds
# reaches every worker within a minute, and a bulk recount does not query per day.
OVERRIDES_TTL_SECONDS = 60
_overrides_cache: dict[str, object] = {"loaded_at": None, "days": {}, "pinned": False}


@lru_cache(maxsize=64)
def _russian_holidays(year: int) -> holidays.HolidayBase:
    return holidays.country_holidays("RU", years=year)


def _package_says_working(day: dt.date) -> bool:
    return _russian_holidays(day.year).is_working_day(day)


def _overrides() -> dict[dt.date, bool]:
    loaded_at = _overrides_cache["loaded_at"]
    expired = loaded_at is None or time.monotonic() - loaded_at > OVERRIDES_TTL_SECONDS
    if expired and not _overrides_cache["pinned"]:
        from casetracker.deadlines.models import NonWorkingDay

        _overrides_cache["days"] = dict(NonWorkingDay.objects.values_list("day", "is_working_day"))
        _overrides_cache["loaded_at"] = time.monotonic()
    return _overrides_cache["days"]


@contextmanager
def overrides_pinned() -> Iterator[None]:
    """Read the coordinators' days now and not again inside the block.

    For bulk writers that keep the connection busy (a COPY running in a thread on it,
    `protected/bulk_copy.py`): a query from the calendar then would wait for ever.
    """
    _overrides_cache["loaded_at"] = None
    _overrides()
    _overrides_cache["pinned"] = True
    try:
        yield
    finally:
        _overrides_cache["pinned"] = False


def overrides_forget() -> None:
    """Read the coordinators' days again on the next question (after one was saved or deleted)."""
    _overrides_cache["loaded_at"] = None


def is_working_day(day: dt.date) -> bool:
    """Whether courts and offices work on `day`: the coordinators' days first, then the package."""
    override = _overrides().get(day)
    return override if override is not None else _package_says_working(day)


def next_working_day(day: dt.date) -> dt.date:
    """`day` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day
