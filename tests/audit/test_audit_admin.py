"""Superusers read the audit trail in the admin; no one else sees it, and no one edits it."""

import pytest

from casetracker.audit.models import AuditAction, AuditEvent
from casetracker.audit.services import audit_record
from tests.conftest import client_for
from tests.factories import CaseFactory, make_user

LIST_URL = "/admin/audit/auditevent/"


@pytest.fixture
def event(lawyer, own_case):
    return audit_record(user=lawyer, action=AuditAction.VIEW, obj=own_case)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("superuser", 200),
        ("coordinator", 403),
        ("lawyer", 403),
        ("other_lawyer", 403),
        ("analyst", 403),
        ("anonymous", 302),
    ],
)
def test_only_superusers_read_the_audit_list(users, event, role, status):
    response = client_for(users[role]).get(LIST_URL)

    assert response.status_code == status
    if status == 200:
        assert event.case_reference in response.content.decode()


@pytest.mark.parametrize("role", ["coordinator", "lawyer", "analyst"])
def test_others_cannot_open_an_event_either(users, event, role):
    assert client_for(users[role]).get(f"{LIST_URL}{event.pk}/change/").status_code == 403


def test_the_audit_trail_is_not_on_the_index_of_others(coordinator, superuser):
    assert "/admin/audit/" not in client_for(coordinator).get("/admin/").content.decode()
    assert "/admin/audit/" in client_for(superuser).get("/admin/").content.decode()


def test_superuser_reads_an_event_but_cannot_change_or_delete_it(superuser, event):
    client = client_for(superuser)
    url = f"{LIST_URL}{event.pk}/change/"

    page = client.get(url)
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.post(url, {"action": "delete"}).status_code == 403
    assert client.get(f"{LIST_URL}{event.pk}/delete/").status_code == 403
    assert client.post(f"{LIST_URL}{event.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.get(f"{LIST_URL}add/").status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).action == "view"


def test_the_list_has_no_bulk_actions(superuser, event):
    response = client_for(superuser).post(
        LIST_URL, {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    )

    assert response.status_code in (200, 302)
    assert AuditEvent.objects.filter(pk=event.pk).exists()
    assert 'name="action"' not in client_for(superuser).get(LIST_URL).content.decode()


def test_filters_and_search_find_the_events_of_one_case(superuser, lawyer, own_case, foreign_case):
    audit_record(user=lawyer, action=AuditAction.VIEW, obj=own_case)
    audit_record(user=lawyer, action=AuditAction.DOWNLOAD, obj=foreign_case)
    client = client_for(superuser)

    by_reference = client.get(LIST_URL, {"q": own_case.reference})
    by_action = client.get(LIST_URL, {"action__exact": "download"})

    assert [(event.action, event.case_reference) for event in by_reference.context["cl"].result_list] == [
        ("view", own_case.reference)
    ]
    assert [event.case_reference for event in by_action.context["cl"].result_list] == [foreign_case.reference]


def test_the_list_shows_events_of_deleted_users(superuser, own_case):
    gone = make_user(None, username="former_lawyer")
    audit_record(user=gone, action=AuditAction.VIEW, obj=own_case)
    gone.delete()

    response = client_for(superuser).get(LIST_URL)

    assert response.status_code == 200
    assert "former_lawyer" in response.content.decode()


def test_the_audit_list_runs_in_a_fixed_number_of_queries(superuser, django_assert_max_num_queries):
    actors = [make_user(None, username=f"staff{n}") for n in range(10)]
    cases = CaseFactory.create_batch(5)
    for n in range(200):
        audit_record(user=actors[n % 10], action=AuditAction.VIEW, obj=cases[n % 5])
    client = client_for(superuser)
    client.get(LIST_URL)  # sessions and caches warm

    # 11 today (session read and save, the user, the user filter's choices, count, rows, the
    # date hierarchy, the object type filter); a query per row would be 100 more.
    with django_assert_max_num_queries(12):
        response = client.get(LIST_URL)

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == 100
