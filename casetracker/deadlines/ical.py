"""The calendar feed as RFC 5545 text (the `icalendar` package): hearings and deadlines.

An event names the case reference, the kind and the court only, never a person: a
calendar lives on phones and in other companies' clouds.
"""

import datetime as dt
from collections.abc import Iterable

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from casetracker.cases.models import Hearing
from casetracker.deadlines.models import Deadline, DeadlineStatus

PRODID = "-//casetracker//deadlines//EN"
UID_DOMAIN = "casetracker.invalid"


def _event(uid: str, day: dt.date, summary: str, location: str, stamp: dt.datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    # All-day: a deadline is a day, and a hearing's time is not recorded.
    event.add("dtstart", day)
    event.add("dtend", day + dt.timedelta(days=1))
    event.add("summary", summary)
    if location:
        event.add("location", location)
    event.add("transp", "TRANSPARENT")
    return event


def calendar_bytes(*, hearings: Iterable[Hearing], deadlines: Iterable[Deadline], name: str) -> bytes:
    """The iCalendar document of these hearings and deadlines (their cases and hearings selected)."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now()
    for hearing in hearings:
        summary = f"{hearing.case.reference}: {_('hearing')}"
        cal.add_component(_event(f"hearing-{hearing.pk}", hearing.date, summary, hearing.court, stamp))
    for deadline in deadlines:
        summary = f"{deadline.case.reference}: {deadline.get_kind_display()}"
        if deadline.status == DeadlineStatus.DONE:
            summary += f" ({DeadlineStatus.DONE.label})"
        court = deadline.hearing.court if deadline.hearing else ""
        cal.add_component(_event(f"deadline-{deadline.pk}", deadline.due_on, summary, court, stamp))
    return cal.to_ical()
