"""List pages run a fixed number of queries, however many rows there are.

Each test builds 20 rows, counts the queries of the page, grows the data to 200 rows
and checks the page (a) stays within a pinned budget, (b) runs exactly as many
queries as at 20 rows, and (c) still lists the rows it should, so it can fail.
Budgets are the measured counts plus a margin of 2: see the constants.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from casetracker.cases import choices
from casetracker.cases.models import Case, Document, Person
from casetracker.deadlines.models import Deadline
from casetracker.deadlines.services import deadlines_recount
from tests.conftest import client_for
from tests.factories import (
    CaseFactory,
    DetentionFactory,
    DocumentFactory,
    EventFactory,
    EvidenceClaimFactory,
    HearingFactory,
)

MOSCOW = ZoneInfo("Europe/Moscow")

CASE_CHANGELIST = "/admin/cases/case/"
PERSON_CHANGELIST = "/admin/cases/person/"
DOCUMENT_CHANGELIST = "/admin/cases/document/"
ADMIN_INDEX = "/admin/"

# Measured on SQLite and PostgreSQL, the same at 20 and at 200 rows, coordinator and lawyer
# alike. Each page starts with 4 (session, user, user and group permissions) and ends
# with 3 when the idle expiry is pushed ahead, at most once a minute (savepoint, UPDATE, release):
#   case change list   18  = 4 + 4 filter choices (region, city, event, lawyer) + count
#                            + page + 3 prefetches (lawyers, detentions, claims)
#                            + 2 date hierarchy + 3
#   person change list 10;  document change list 12;  admin index (dashboard) 12.
CASE_CHANGELIST_BUDGET = 20
PERSON_CHANGELIST_BUDGET = 12
DOCUMENT_CHANGELIST_BUDGET = 14
ADMIN_INDEX_BUDGET = 14

pytestmark = pytest.mark.django_db


def add_cases(count: int, *, lawyers, start: int, events) -> list[Case]:
    """`count` cases, each with 2 detentions with claims, the given lawyers, a hearing and a document.

    Opening dates go back one day per case, so the change list's order (newest first)
    is known: case `start` is the newest of the batch.
    """
    today = timezone.localdate()
    cases = []
    for number in range(start, start + count):
        case = CaseFactory(
            lawyers=lawyers,
            opened_at=dt.date(2021, 2, 1) + dt.timedelta(days=5000 - number),
            person__full_name=f"Person {number:05d}",
        )
        for hour, method in ((9, choices.IdentificationMethod.FACIAL_RECOGNITION_METRO), (18, "cctv_review")):
            detention = DetentionFactory(
                case=case,
                detained_at=dt.datetime(2021, 1, 28, hour, tzinfo=MOSCOW),
                city=f"City {number % 7}",
                event=events[number % len(events)],
            )
            EvidenceClaimFactory(detention=detention, method=method, footage_event=events[0])
        # Hearings in the coming days, with appeal deadlines in the coming days too.
        HearingFactory(case=case, date=today + dt.timedelta(days=number % 5), outcome=choices.HearingOutcome.FINE)
        DocumentFactory(case=case)
        cases.append(case)
    # Factories write hearings directly; the write services would count their deadlines.
    deadlines_recount(case_ids=[case.pk for case in cases])
    return cases


@pytest.fixture
def events(db):
    return [EventFactory(date=dt.date(2021, 1, 23)), EventFactory(date=dt.date(2021, 1, 31))]


@pytest.fixture
def colleague(other_lawyer):
    return other_lawyer


def count_queries(client, url: str) -> tuple[int, str]:
    # The first request of a session pushes its idle expiry ahead (3 queries); the next
    # ones within a minute do not: count a steady request, as the later ones are.
    client.get(url)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries), response.content.decode()


@pytest.fixture(params=["coordinator", "lawyer"])
def viewer(request, coordinator, lawyer):
    """The coordinator sees all cases; the lawyer is assigned to every one of them."""
    return {"coordinator": coordinator, "lawyer": lawyer}[request.param]


def test_case_changelist_queries_do_not_grow_with_cases(
    viewer, lawyer, colleague, events, django_assert_max_num_queries
):
    client = client_for(viewer)
    add_cases(20, lawyers=[lawyer, colleague], start=0, events=events)
    at_20, _ = count_queries(client, CASE_CHANGELIST)
    add_cases(180, lawyers=[lawyer, colleague], start=20, events=events)

    with django_assert_max_num_queries(CASE_CHANGELIST_BUDGET) as captured:
        response = client.get(CASE_CHANGELIST)

    assert response.status_code == 200
    assert len(captured.captured_queries) == at_20
    body = response.content.decode()
    newest_first = list(Case.objects.order_by("-opened_at", "-pk").values_list("reference", flat=True))
    assert len(newest_first) == 200
    for reference in newest_first[:50]:  # list_per_page
        assert reference in body
    assert newest_first[50] not in body
    # Columns read from prefetched/annotated data, not from extra queries per row.
    assert "City 0" in body
    assert "CCTV review, facial recognition (metro)" in body


def test_case_changelist_filtered_by_method_stays_within_budget(
    viewer, lawyer, colleague, events, django_assert_max_num_queries
):
    client = client_for(viewer)
    add_cases(20, lawyers=[lawyer, colleague], start=0, events=events)
    url = f"{CASE_CHANGELIST}?method=cctv_review&lawyer={colleague.pk}"
    at_20, _ = count_queries(client, url)
    add_cases(180, lawyers=[lawyer, colleague], start=20, events=events)

    with django_assert_max_num_queries(CASE_CHANGELIST_BUDGET) as captured:
        response = client.get(url)

    assert response.status_code == 200
    assert len(captured.captured_queries) == at_20
    assert Case.objects.order_by("-opened_at", "-pk").first().reference in response.content.decode()


def test_person_changelist_queries_do_not_grow_with_persons(
    viewer, lawyer, colleague, events, django_assert_max_num_queries
):
    client = client_for(viewer)
    add_cases(20, lawyers=[lawyer, colleague], start=0, events=events)
    at_20, _ = count_queries(client, PERSON_CHANGELIST)
    add_cases(180, lawyers=[lawyer, colleague], start=20, events=events)

    with django_assert_max_num_queries(PERSON_CHANGELIST_BUDGET) as captured:
        response = client.get(PERSON_CHANGELIST)

    assert response.status_code == 200
    assert len(captured.captured_queries) == at_20
    body = response.content.decode()
    names = list(Person.objects.order_by("-created_at", "-pk").values_list("full_name", flat=True))
    assert len(names) == 200
    for name in names[:100]:  # list_per_page
        assert name in body
    assert names[100] not in body


def test_document_changelist_queries_do_not_grow_with_documents(
    viewer, lawyer, colleague, events, django_assert_max_num_queries
):
    client = client_for(viewer)
    add_cases(20, lawyers=[lawyer, colleague], start=0, events=events)
    at_20, _ = count_queries(client, DOCUMENT_CHANGELIST)
    add_cases(180, lawyers=[lawyer, colleague], start=20, events=events)

    with django_assert_max_num_queries(DOCUMENT_CHANGELIST_BUDGET) as captured:
        response = client.get(DOCUMENT_CHANGELIST)

    assert response.status_code == 200
    assert len(captured.captured_queries) == at_20
    body = response.content.decode()
    assert Document.objects.count() == 200
    newest = Document.objects.order_by("-uploaded_at", "-pk").select_related("case")
    for document in newest[:100]:  # list_per_page
        assert f"/documents/{document.pk}/download/" in body
        assert document.case.reference in body
    assert f"/documents/{newest[100].pk}/download/" not in body


def test_admin_index_dashboard_queries_do_not_grow_with_cases(lawyer, colleague, events, django_assert_max_num_queries):
    client = client_for(lawyer)
    add_cases(20, lawyers=[lawyer, colleague], start=0, events=events)
    at_20, _ = count_queries(client, ADMIN_INDEX)
    add_cases(180, lawyers=[lawyer, colleague], start=20, events=events)

    with django_assert_max_num_queries(ADMIN_INDEX_BUDGET) as captured:
        response = client.get(ADMIN_INDEX)

    assert response.status_code == 200
    assert len(captured.captured_queries) == at_20
    body = response.content.decode()
    assert "My open cases (200)" in body
    newest_first = list(Case.objects.order_by("-opened_at", "-pk").values_list("reference", flat=True))
    for reference in newest_first[:10]:  # the start page's open-case limit
        assert reference in body
    # The agenda lists every case's open deadline of the next 30 days (from its hearing).
    open_deadlines = Deadline.objects.filter(status="open", due_on__lte=timezone.localdate() + dt.timedelta(days=30))
    assert open_deadlines.count() >= 200
    assert body.count("Mark filed or dismissed") == open_deadlines.count()
