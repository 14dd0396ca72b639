"""Issue 13's acceptance story in a real browser: a decision's appeal term, from the hearing to "filed".

A lawyer records a hearing with a fine and the day the decision was received, sees the
appeal deadline on the start page's agenda and on the case's timeline, marks it filed,
and it leaves the agenda.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from casetracker.accounts.roles import LAWYER
from casetracker.deadlines.models import Deadline, DeadlineStatus
from tests.browser.test_lawyer_flow import _choose, _log_in, _open, _type
from tests.factories import CaseFactory, make_user

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_decisions_appeal_term_from_the_hearing_to_filed(live_server, page, page_errors: list[str]) -> None:
    lawyer = make_user(LAWYER, username="lawyer_terms", first_name="Olga", last_name="Ivanova")
    case = CaseFactory(lawyers=[lawyer])
    hearing_day = timezone.localdate() - dt.timedelta(days=3)
    received = hearing_day + dt.timedelta(days=1)

    _log_in(page, live_server.url, username=lawyer.username)
    page.goto(f"{live_server.url}/admin/cases/case/{case.pk}/change/")
    _open(page, "Add a hearing")
    _type(page, "hearing-new-date", hearing_day.isoformat())
    _type(page, "hearing-new-court", "Тверской районный суд")
    _choose(page, "#id_hearing-new-outcome", "f")  # fine
    _type(page, "hearing-new-fine_amount", "10000")
    _type(page, "hearing-new-decision_received_on", received.isoformat(), submit=True)
    expect(page.locator(".ct-editing")).to_have_count(0)

    deadline = Deadline.objects.get(case=case, kind="koap_appeal")
    assert deadline.due_on > received and deadline.status == DeadlineStatus.OPEN
    due = deadline.due_on.isoformat()
    # On the case page: under the hearing, and on the timeline (no reload needed).
    hearing_box = page.locator(f"#hearing-{deadline.hearing_id}")
    expect(hearing_box).to_contain_text("appeal (KoAP)")
    expect(hearing_box).to_contain_text(due)
    expect(page.locator("#timeline")).to_contain_text(f"{due} appeal (KoAP)")

    # On the start page's agenda, with the way to mark it.
    page.goto(f"{live_server.url}/admin/")
    agenda = page.locator("#ct-agenda")
    row = agenda.locator("tr", has_text=case.reference).filter(has_text="appeal (KoAP)")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(due)
    expect(page.locator(".ct-start-actions")).to_contain_text("Add case")

    # Filed today: marked on the deadline's own form.
    row.get_by_role("link", name="Mark filed or dismissed").click()
    page.select_option("#id_status", "done")
    page.fill("#id_done_on", timezone.localdate().isoformat())
    page.locator('input[name="_save"]').click()
    page.wait_for_url(re.compile(r"/admin/deadlines/deadline/"))
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.DONE and deadline.done_on == timezone.localdate()

    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#ct-agenda tr", has_text=case.reference).filter(has_text="appeal (KoAP)")).to_have_count(0)
    page.goto(f"{live_server.url}/admin/cases/case/{case.pk}/change/")
    expect(page.locator(f"#hearing-{deadline.hearing_id}")).to_contain_text("done")
    assert page_errors == []
