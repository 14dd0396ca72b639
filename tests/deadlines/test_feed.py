"""The secret calendar feed: RFC 5545, references, kinds and courts only; 404 for a wrong or revoked secret."""

import datetime as dt

import icalendar
import pytest
from django.utils import timezone

from casetracker.audit.models import AuditEvent
from casetracker.deadlines.models import CalendarFeed
from casetracker.deadlines.services import calendar_feed_create, calendar_feed_revoke
from tests.conftest import client_for
from tests.deadlines.conftest import decided_hearing
from tests.factories import CaseFactory, HearingFactory

PAGE = "/deadlines/calendar-feeds/"


@pytest.fixture
def recent_case(lawyer):
    case = CaseFactory(lawyers=[lawyer], person__full_name="Соколова Анна Викторовна")
    today = timezone.localdate()
    decided_hearing(case, date=today - dt.timedelta(days=2), decision_received_on=today - dt.timedelta(days=1))
    HearingFactory(case=case, date=today + dt.timedelta(days=5), outcome="", fine_amount=None, judge="Иванова И. И.")
    return case


def test_create_shows_the_secret_once_and_stores_only_its_hash(lawyer):
    client = client_for(lawyer)
    response = client.post(PAGE)
    assert response.status_code == 200
    url = response.context["new_url"]
    secret = url.rsplit("/", 1)[1].removesuffix(".ics")
    feed = CalendarFeed.objects.get(user=lawyer)
    assert secret not in feed.secret_hash and len(feed.secret_hash) == 64
    assert url not in client.get(PAGE).content.decode()


def test_the_feed_has_references_kinds_and_courts_never_names(lawyer, recent_case, other_lawyer):
    foreign = CaseFactory(lawyers=[other_lawyer])
    HearingFactory(case=foreign, date=timezone.localdate() + dt.timedelta(days=3), outcome="", fine_amount=None)
    _feed, secret = calendar_feed_create(user=lawyer)
    response = client_for(None).get(f"/deadlines/feed/{secret}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    calendar = icalendar.Calendar.from_ical(response.content)
    summaries = [str(event["SUMMARY"]) for event in calendar.walk("VEVENT")]
    assert any(s.startswith(recent_case.reference) and "appeal" in s for s in summaries)
    assert any(s == f"{recent_case.reference}: hearing" for s in summaries)
    assert foreign.reference not in body
    # All-day events as Google Calendar reads them: a DATE start and the next day as the end.
    assert "DTSTART;VALUE=DATE:" in body and "DTEND;VALUE=DATE:" in body
    assert "VERSION:2.0" in body and "PRODID:" in body
    for secret_value in ("Соколова", "Анна", "Иванова"):
        assert secret_value not in body
    assert AuditEvent.objects.filter(user=lawyer, action="export", object_type="deadlines.calendarfeed").exists()


def test_wrong_or_revoked_secret_is_404(lawyer):
    feed, secret = calendar_feed_create(user=lawyer)
    client = client_for(None)
    assert client.get("/deadlines/feed/not-the-secret.ics").status_code == 404
    calendar_feed_revoke(feed=feed)
    assert client.get(f"/deadlines/feed/{secret}.ics").status_code == 404


def test_revoke_from_the_page_and_not_someone_elses(lawyer, other_lawyer):
    feed, secret = calendar_feed_create(user=lawyer)
    assert client_for(other_lawyer).post(f"{PAGE}{feed.pk}/revoke/").status_code == 404
    assert client_for(None).get(f"/deadlines/feed/{secret}.ics").status_code == 200
    assert client_for(lawyer).post(f"{PAGE}{feed.pk}/revoke/").status_code == 302
    assert client_for(None).get(f"/deadlines/feed/{secret}.ics").status_code == 404


def test_the_deadlines_list_links_to_the_feed_page(lawyer):
    page = client_for(lawyer).get("/admin/deadlines/deadline/").content.decode()
    assert f'href="{PAGE}"' in page
