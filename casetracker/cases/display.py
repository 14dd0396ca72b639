"""Dates in the labels of records, written as the active language's date inputs write them.

A record's label (`__str__`) titles its form on the case page, right above inputs that
show dates in the language's input format (2021-01-23 in English, 23.01.2021 in
Russian); a label in another format would read as a different date.
"""

import datetime as dt

from django.utils import timezone
from django.utils.formats import get_format


def date_input_format() -> str:
    """The active language's format of a date input (a page writing many dates looks it up once)."""
    return get_format("DATE_INPUT_FORMATS")[0]


def date_label(value: dt.date, date_format: str | None = None) -> str:
    """`value` as the active language's date inputs show it (`date_format`: `date_input_format()`)."""
    return value.strftime(date_format or date_input_format())


def datetime_label(value: dt.datetime, date_format: str | None = None) -> str:
    """`value` in the current time zone, as its date input shows it, with hours and minutes."""
    local = timezone.localtime(value)
    return f"{date_label(local, date_format)} {local:%H:%M}"
