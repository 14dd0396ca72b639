"""Dates and times on case pages, written as the active language's inputs write them."""

from django import template

from casetracker.cases.display import date_label, datetime_label

register = template.Library()


@register.filter
def input_date(value):
    """A date as the active language's date inputs write it (23.01.2021 in Russian)."""
    return date_label(value) if value else ""


@register.filter
def input_datetime(value):
    """An aware datetime in the current time zone, as the date and time inputs write it."""
    return datetime_label(value) if value else ""
