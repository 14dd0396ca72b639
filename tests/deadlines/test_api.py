"""GET/PATCH /api/v1/deadlines/ and the calendar: visibility exactly as for cases."""

import datetime as dt

import pytest

from casetracker.deadlines.models import Deadline, DeadlineStatus
from casetracker.deadlines.rules import DeadlineKind
from tests.api.conftest import api_client
from tests.deadlines.conftest import APPEAL_DUE, decided_hearing
from tests.factories import CaseFactory, DocumentFactory

URL = "/api/v1/deadlines/"


def _appeal(hearing) -> Deadline:
    return Deadline.objects.get(hearing=hearing, kind=DeadlineKind.KOAP_APPEAL)


def test_a_lawyer_lists_the_deadlines_of_own_cases_only(lawyer, own_hearing, foreign_hearing):
    response = api_client(lawyer).get(URL, {"kind": "koap_appeal"})
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [row["hearing"] for row in rows] == [own_hearing.pk]
    row = rows[0]
    assert set(row) >= {"id", "case", "case_reference", "hearing", "kind", "due_on", "basis", "status"}
    assert row["case_reference"] == own_hearing.case.reference
    assert row["due_on"] == APPEAL_DUE.isoformat()
    assert "KoAP art. 30.3 part 1" in row["basis"] and "364-FZ" in row["basis"]
    # Past due and not done: missed, computed on read.
    assert row["status"] == "missed"


def test_filters(lawyer, coordinator, own_hearing, foreign_hearing):
    client = api_client(coordinator)
    assert (
        client.get(URL, {"case": own_hearing.case_id}).json()["count"]
        == Deadline.objects.filter(case=own_hearing.case).count()
    )
    assert (
        client.get(URL, {"lawyer": lawyer.pk}).json()["count"] == Deadline.objects.filter(case=own_hearing.case).count()
    )
    due = client.get(URL, {"due_from": APPEAL_DUE.isoformat(), "due_to": APPEAL_DUE.isoformat()}).json()
    assert {row["kind"] for row in due["results"]} == {"koap_appeal"} and due["count"] == 2
    assert (
        client.get(URL, {"status": "open"}).json()["count"]
        == Deadline.objects.filter(due_on__gte=dt.date.today()).count()
    )
    assert client.get(URL, {"status": "nonsense"}).status_code == 400


@pytest.mark.parametrize("role", ["analyst", "other_lawyer"])
def test_others_do_not_find_a_lawyers_deadline(request, role, own_hearing):
    user = request.getfixturevalue(role)
    client = api_client(user)
    deadline = _appeal(own_hearing)
    assert client.get(URL).status_code in (200, 403)
    assert client.get(URL).json().get("results", []) == []
    response = client.patch(f"{URL}{deadline.pk}/", {"status": "done", "done_on": "2025-04-30"})
    assert response.status_code in (403, 404)
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.OPEN


def test_other_lawyer_gets_404_not_403(other_lawyer, own_hearing):
    deadline = _appeal(own_hearing)
    client = api_client(other_lawyer)
    assert client.get(f"{URL}{deadline.pk}/").status_code == 404
    assert client.patch(f"{URL}{deadline.pk}/", {"status": "dismissed", "dismissed_reason": "x"}).status_code == 404


def test_mark_done_with_a_document_of_the_same_case(lawyer, own_hearing):
    deadline = _appeal(own_hearing)
    document = DocumentFactory(case=own_hearing.case)
    response = api_client(lawyer).patch(
        f"{URL}{deadline.pk}/", {"status": "done", "done_on": "2025-04-30", "document": document.pk}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "done"
    deadline.refresh_from_db()
    assert (deadline.status, deadline.done_on, deadline.document_id) == ("done", dt.date(2025, 4, 30), document.pk)
    # A filed appeal: the decision is not in force, so the fine's term is not counted.
    assert not Deadline.objects.filter(hearing=own_hearing, kind=DeadlineKind.FINE_PAYMENT).exists()


def test_a_document_of_another_case_is_a_400_on_its_field(lawyer, own_hearing):
    other_case = CaseFactory(lawyers=[lawyer])
    foreign_document = DocumentFactory(case=other_case)
    deadline = _appeal(own_hearing)
    response = api_client(lawyer).patch(
        f"{URL}{deadline.pk}/", {"status": "done", "done_on": "2025-04-30", "document": foreign_document.pk}
    )
    assert response.status_code == 400
    assert "document" in response.json()
    deadline.refresh_from_db()
    assert deadline.status == DeadlineStatus.OPEN


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"status": "done"}, "done_on"),
        ({"status": "dismissed", "dismissed_reason": "  "}, "dismissed_reason"),
        ({"status": "missed"}, "status"),
        ({"status": "done", "done_on": "yesterday"}, "done_on"),
    ],
)
def test_bad_marks_are_400_with_the_field(lawyer, own_hearing, payload, field):
    response = api_client(lawyer).patch(f"{URL}{_appeal(own_hearing).pk}/", payload)
    assert response.status_code == 400
    assert field in response.json()


def test_dismiss_keeps_the_reason_and_reopen_counts_again(lawyer, own_hearing):
    deadline = _appeal(own_hearing)
    client = api_client(lawyer)
    response = client.patch(f"{URL}{deadline.pk}/", {"status": "dismissed", "dismissed_reason": "client declined"})
    assert response.json()["status"] == "dismissed"
    assert response.json()["dismissed_reason"] == "client declined"
    # Not appealed: the decision enters into force, the fine's term stays.
    assert Deadline.objects.filter(hearing=own_hearing, kind=DeadlineKind.FINE_PAYMENT).exists()
    assert client.patch(f"{URL}{deadline.pk}/", {"status": "open"}).json()["status"] == "missed"


def test_no_create_or_delete(lawyer, own_hearing):
    client = api_client(lawyer)
    count = Deadline.objects.count()
    # No one has the add permission (403 before the method is looked at); delete is no method here.
    assert client.post(URL, {}).status_code == 403
    assert client.delete(f"{URL}{_appeal(own_hearing).pk}/").status_code == 405
    assert Deadline.objects.count() == count


def test_the_list_runs_a_fixed_number_of_queries(lawyer, django_assert_max_num_queries):
    for _ in range(15):
        decided_hearing(CaseFactory(lawyers=[lawyer]))
    client = api_client(lawyer)
    with django_assert_max_num_queries(4):
        response = client.get(URL, {"page_size": 50})
    assert response.json()["count"] == Deadline.objects.count() > 30


def test_calendar_ics_under_the_api_sign_in(lawyer, own_hearing, foreign_hearing):
    assert api_client().get("/api/v1/deadlines/calendar.ics").status_code in (401, 403)
    response = api_client(lawyer).get("/api/v1/deadlines/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert own_hearing.case.reference in body
    assert foreign_hearing.case.reference not in body
