"""The deadlines list in the admin (scoped like cases) and the coordinators' non-working days."""

import datetime as dt

import pytest

from casetracker.deadlines.models import Deadline, DeadlineStatus, NonWorkingDay
from casetracker.deadlines.rules import DeadlineKind
from tests.conftest import client_for
from tests.deadlines.conftest import APPEAL_DUE
from tests.factories import CaseFactory, DocumentFactory

pytestmark = pytest.mark.django_db
LIST = "/admin/deadlines/deadline/"


def _appeal(hearing) -> Deadline:
    return Deadline.objects.get(hearing=hearing, kind=DeadlineKind.KOAP_APPEAL)


def test_the_list_shows_visible_cases_only(lawyer, coordinator, own_hearing, foreign_hearing):
    page = client_for(lawyer).get(LIST).content.decode()
    assert own_hearing.case.reference in page and foreign_hearing.case.reference not in page
    page = client_for(coordinator).get(LIST).content.decode()
    assert own_hearing.case.reference in page and foreign_hearing.case.reference in page
    assert client_for(lawyer).get(LIST, {"status": "missed"}).status_code == 200


def test_a_foreign_deadline_is_404(lawyer, foreign_hearing, analyst):
    deadline = _appeal(foreign_hearing)
    assert client_for(lawyer).get(f"{LIST}{deadline.pk}/change/").status_code == 404
    assert client_for(lawyer).post(f"{LIST}{deadline.pk}/change/", {"status": "dismissed"}).status_code == 404
    assert client_for(analyst).get(LIST).status_code == 403


def test_mark_done_in_the_admin(lawyer, own_hearing):
    deadline = _appeal(own_hearing)
    document = DocumentFactory(case=own_hearing.case)
    foreign_document = DocumentFactory(case=CaseFactory(lawyers=[lawyer]))
    url = f"{LIST}{deadline.pk}/change/"
    client = client_for(lawyer)
    refused = client.post(url, {"status": "done", "done_on": "2025-04-30", "document": foreign_document.pk})
    assert refused.status_code == 200 and "document" in refused.context["adminform"].form.errors
    response = client.post(url, {"status": "done", "done_on": "2025-04-30", "document": document.pk})
    assert response.status_code == 302
    deadline.refresh_from_db()
    assert (deadline.status, deadline.done_on, deadline.document_id) == ("done", dt.date(2025, 4, 30), document.pk)
    assert client.post(url, {"status": "dismissed", "dismissed_reason": ""}).status_code == 200
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.DONE


def test_only_coordinators_keep_the_non_working_days(lawyer, coordinator, own_hearing):
    url = "/admin/deadlines/nonworkingday/add/"
    assert client_for(lawyer).get(url).status_code == 403
    # A regional holiday on the last day of the term (Monday 5.05.2025) moves it to 6.05.
    response = client_for(coordinator).post(url, {"day": "2025-05-05", "reason": "regional holiday"})
    assert response.status_code == 302
    assert NonWorkingDay.objects.filter(day=dt.date(2025, 5, 5)).exists()
    own_hearing.refresh_from_db()
    assert own_hearing.appeal_deadline == dt.date(2025, 5, 6)
    assert _appeal(own_hearing).due_on == dt.date(2025, 5, 6)
    day = NonWorkingDay.objects.get()
    response = client_for(coordinator).post(f"/admin/deadlines/nonworkingday/{day.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    own_hearing.refresh_from_db()
    assert own_hearing.appeal_deadline == APPEAL_DUE == _appeal(own_hearing).due_on


def test_the_case_page_shows_each_hearings_deadlines_and_status(lawyer, own_hearing):
    from casetracker.deadlines.services import deadline_mark_done

    deadline_mark_done(deadline=_appeal(own_hearing), user=lawyer, done_on=dt.date(2025, 4, 30))
    page = client_for(lawyer).get(f"/admin/cases/case/{own_hearing.case_id}/change/").content.decode()
    assert "appeal (KoAP)" in page
    assert "2025-05-05, done 2025-04-30" in page


def test_the_case_page_loads_the_deadlines_in_one_query(lawyer, own_hearing, django_assert_max_num_queries):
    from casetracker.cases.workspace import case_for_workspace

    lawyer.has_perm("cases.view_case")
    with django_assert_max_num_queries(20) as captured:
        case = case_for_workspace(lawyer, own_hearing.case_id)
        facts = [fact for hearing in case.hearings.all() for fact in hearing.deadlines.all()]
    assert facts
    assert sum("deadlines_deadline" in q["sql"] for q in captured.captured_queries) == 1
