"""The agenda the start page renders, the morning digest and its command."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from casetracker.cases.choices import CaseStatus
from casetracker.deadlines import selectors
from casetracker.deadlines.digest import digest_send
from casetracker.deadlines.models import Deadline
from casetracker.deadlines.rules import DeadlineKind
from casetracker.deadlines.services import deadline_mark_done
from tests.deadlines.conftest import decided_hearing
from tests.factories import CaseFactory, HearingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def week(lawyer, other_lawyer):
    """Hearings and deadlines around `today` (a Monday) on the lawyer's and a colleague's cases."""
    today = dt.date(2025, 6, 2)
    own = CaseFactory(lawyers=[lawyer], person__full_name="Соколова Анна Викторовна")
    # Received 23.05: appeal until Monday 2.06 (today).
    decided_hearing(own, date=dt.date(2025, 5, 23), decision_received_on=dt.date(2025, 5, 23))
    # Received 26.05: appeal until Thursday 5.06, within the week; due tomorrow is the urgent kind.
    tomorrow_case = CaseFactory(lawyers=[lawyer])
    decided_hearing(tomorrow_case, date=dt.date(2025, 5, 24), decision_received_on=dt.date(2025, 5, 24))
    HearingFactory(case=own, date=today + dt.timedelta(days=3), outcome="", fine_amount=None, judge="Петров П. П.")
    decided = HearingFactory(case=own, date=today + dt.timedelta(days=2), outcome="fine")  # already decided
    closed = CaseFactory(lawyers=[lawyer], status=CaseStatus.CLOSED)
    HearingFactory(case=closed, date=today + dt.timedelta(days=1), outcome="", fine_amount=None)
    foreign = CaseFactory(lawyers=[other_lawyer])
    decided_hearing(foreign, date=dt.date(2025, 5, 23), decision_received_on=dt.date(2025, 5, 23))
    return {"today": today, "own": own, "tomorrow_case": tomorrow_case, "decided": decided, "foreign": foreign}


def test_agenda_most_urgent_first_in_buckets(lawyer, week):
    today = week["today"]
    items = selectors.agenda(lawyer, today=today)
    references = {item.case_reference for item in items}
    assert week["foreign"].reference not in references
    assert all(item.hearing != week["decided"] or item.what == "deadline" for item in items)
    assert [item.day for item in items] == sorted(item.day for item in items)
    first = items[0]
    assert (first.bucket, first.what, first.case_reference) == ("today", "deadline", week["own"].reference)
    assert ("week", "hearing") in {(item.bucket, item.what) for item in items}
    grouped = selectors.agenda_by_bucket(items)
    assert [key for key, _label, _items in grouped][:2] == ["today", "week"]


def test_a_deadline_marked_done_leaves_the_agenda(lawyer, week):
    today = week["today"]
    deadline = next(i.deadline for i in selectors.agenda(lawyer, today=today) if i.what == "deadline")
    deadline_mark_done(deadline=deadline, user=lawyer, done_on=today)
    assert deadline.pk not in {i.deadline.pk for i in selectors.agenda(lawyer, today=today) if i.deadline}


def test_agenda_runs_two_queries(lawyer, week, django_assert_max_num_queries):
    for _ in range(10):
        decided_hearing(CaseFactory(lawyers=[lawyer]), date=dt.date(2025, 5, 30), decision_received_on=None)
    # A request's user has its permissions cached before any page renders.
    lawyer.has_perm("deadlines.view_deadline")
    with django_assert_max_num_queries(2):
        items = selectors.agenda(lawyer, today=week["today"])
    assert len(items) > 10


def test_deadlines_by_hearing_for_the_case_timeline(week):
    own = week["own"]
    grouped = selectors.deadlines_by_hearing(own, today=week["today"])
    hearing_id = Deadline.objects.filter(case=own).values_list("hearing_id", flat=True).first()
    assert {d.kind for d in grouped[hearing_id]} >= {DeadlineKind.KOAP_APPEAL, DeadlineKind.FINE_PAYMENT}
    assert all(hasattr(d, "current_status") for d in grouped[hearing_id])


def test_the_digest_has_references_kinds_and_dates_never_names(lawyer, other_lawyer, week):
    lawyer.email, other_lawyer.email = "lawyer@example.org", "other@example.org"
    lawyer.save()
    other_lawyer.save()
    messages = digest_send(today=week["today"])
    assert len(mail.outbox) == len(messages)
    mine = [m for m in mail.outbox if m.to == ["lawyer@example.org"]]
    subjects = [m.subject for m in mine]
    # 24.05 + 10 = 3.06: due tomorrow -> the urgent one first.
    assert subjects[0] == "Urgent: deadlines due tomorrow"
    assert week["tomorrow_case"].reference in mine[0].body
    weekly = mine[-1].body
    assert week["own"].reference in weekly and "hearing" in weekly and "02.06.2025" in weekly
    assert week["foreign"].reference not in weekly
    for message in mail.outbox:
        for secret_value in ("Соколова", "Анна", "Петров", "Тверской"):
            assert secret_value not in message.body + message.subject


def test_dry_run_prints_and_sends_nothing(lawyer, week, capsys):
    lawyer.email = "lawyer@example.org"
    lawyer.save()
    call_command("send_deadline_digest", "--dry-run", "--date", week["today"].isoformat())
    out = capsys.readouterr().out
    assert mail.outbox == []
    assert "To: lawyer@example.org" in out and week["own"].reference in out
    assert "e-mails would be sent." in out


def test_bad_date_is_one_readable_line(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--date must be YYYY-MM-DD"):
        call_command("send_deadline_digest", "--date", "tomorrow")


def test_the_beat_schedule_sends_at_eight_in_the_display_time_zone(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["deadline-digest"]
    assert entry["task"] == "casetracker.deadlines.tasks.send_deadline_digest_task"
    assert entry["schedule"].hour == {8} and entry["schedule"].minute == {0}
    assert settings.CELERY_TIMEZONE == settings.TIME_ZONE == timezone.get_default_timezone_name()


def test_the_coordinators_week_by_lawyer(coordinator, lawyer, other_lawyer, week, django_assert_max_num_queries):
    coordinator.has_perm("deadlines.view_deadline")
    with django_assert_max_num_queries(2):
        grouped = dict(selectors.deadlines_due_by_lawyer(coordinator, today=week["today"]))
    assert set(grouped) == {lawyer, other_lawyer}
    assert [d.due_on for d in grouped[lawyer]] == sorted(d.due_on for d in grouped[lawyer])
    assert {d.case_id for d in grouped[other_lawyer]} == {week["foreign"].pk}
    # A lawyer sees no one else's week through it.
    assert set(dict(selectors.deadlines_due_by_lawyer(lawyer, today=week["today"]))) == {lawyer}
