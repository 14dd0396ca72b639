"""Logins, failed logins and logouts are in the audit trail, with the IP address and never a password."""

import pytest
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.middleware import SessionMiddleware
from django.test import Client

from casetracker.audit.models import AuditEvent
from tests.audit.helpers import all_audit_text
from tests.conftest import client_for
from tests.factories import TEST_PASSWORD

WRONG_PASSWORD = "tverskaya-wrong-guess-7"


@pytest.fixture
def signin_request(rf):
    request = rf.post("/admin/login/", REMOTE_ADDR="203.0.113.7")
    SessionMiddleware(lambda request: None).process_request(request)
    request.user = AnonymousUser()
    return request


def test_login_through_the_admin_records_a_login_with_the_ip(lawyer):
    response = Client(REMOTE_ADDR="198.51.100.4").post(
        "/admin/login/?next=/admin/", {"username": "lawyer", "password": TEST_PASSWORD}
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action="login")
    assert (event.user, event.username, event.ip_address, event.source) == (lawyer, "lawyer", "198.51.100.4", "admin")
    assert (event.object_type, event.object_id, event.case_reference) == ("", "", "")


def test_a_failed_login_records_the_account_tried_and_never_the_password(lawyer):
    response = Client(REMOTE_ADDR="198.51.100.4").post(
        "/admin/login/?next=/admin/", {"username": "lawyer", "password": WRONG_PASSWORD}
    )

    assert response.status_code == 200
    event = AuditEvent.objects.get(action="login_failed")
    assert (event.user, event.username, event.ip_address) == (None, "lawyer", "198.51.100.4")
    assert not AuditEvent.objects.filter(action="login").exists()
    assert WRONG_PASSWORD not in all_audit_text()


def test_a_failed_login_for_an_unknown_account_is_recorded_too(db, signin_request):
    assert authenticate(signin_request, username="nobody", password=WRONG_PASSWORD) is None

    event = AuditEvent.objects.get()
    assert (event.action, event.user, event.username, event.ip_address) == (
        "login_failed",
        None,
        "nobody",
        "203.0.113.7",
    )
    assert WRONG_PASSWORD not in all_audit_text()


def test_login_and_logout_from_any_path_are_recorded(lawyer, signin_request):
    login(signin_request, lawyer, backend="django.contrib.auth.backends.ModelBackend")
    logout(signin_request)

    assert list(AuditEvent.objects.order_by("pk").values_list("action", "user", "ip_address")) == [
        ("login", lawyer.pk, "203.0.113.7"),
        ("logout", lawyer.pk, "203.0.113.7"),
    ]


def test_logout_through_the_admin_records_a_logout(lawyer):
    client = client_for(lawyer)

    response = client.post("/admin/logout/")

    assert response.status_code in (200, 302)
    event = AuditEvent.objects.get(action="logout")
    assert (event.user, event.ip_address, event.source) == (lawyer, "127.0.0.1", "admin")


def test_logging_out_without_a_session_records_nothing(db):
    Client().post("/admin/logout/")

    assert not AuditEvent.objects.filter(action="logout").exists()
