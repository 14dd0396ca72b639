"""Dates in the labels of records, written as the active language's date inputs write them.

A record's label (`__str__`) titles its form on the case page, right above inputs that
show dates in the language's input format (2021-01-23 in English, 23.01.2021 in
Russian); a label in another format would read as a different date.
"""

import datetime as dt

from django.utils import timezone
from django.utils.formats import get_format


def date_label(value: dt.date) -> str:
    """`value` as the active language's date inputs show it."""
    return value.strftime(get_format("DATE_INPUT_FORMATS")[0])


def datetime_label(value: dt.datetime) -> str:
    """`value` in the current time zone, as its date input shows it, with hours and minutes."""
    return f"{date_label(timezone.localtime(value))} {timezone.localtime(value):%H:%M}"
