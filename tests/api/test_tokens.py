"""API tokens: created from a session, shown once, stored hashed, revocable by owner and superuser."""

import hashlib

import pytest
from rest_framework.test import APIClient

from casetracker.api.models import ApiToken
from casetracker.api.tokens import token_issue
from casetracker.audit.models import AuditEvent
from tests.api.conftest import api_client, url


def session_client(user, *, csrf: bool = False) -> APIClient:
    client = APIClient(enforce_csrf_checks=csrf)
    client.force_login(user)
    return client


def bearer(secret: str) -> APIClient:
    client = APIClient(enforce_csrf_checks=True)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {secret}")
    return client


def test_token_is_issued_once_and_stored_hashed(lawyer, own_case):
    response = session_client(lawyer).post(url("tokens"), {"name": "hotline script"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    secret = body["token"]
    token = ApiToken.objects.get(pk=body["id"])
    assert token.user == lawyer and token.name == "hotline script"
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in repr(list(ApiToken.objects.values()))
    assert body["prefix"] == secret[:10]
    # Listed afterwards without the secret.
    listed = session_client(lawyer).get(url("tokens")).json()["results"]
    assert [row["id"] for row in listed] == [token.pk] and "token" not in listed[0]
    # It works, and marks when it was last used.
    response = bearer(secret).get(url("cases"))
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [own_case.pk]
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert AuditEvent.objects.filter(object_type="api.apitoken", action="create", source="api").count() == 1


def test_revoked_token_gets_401(lawyer):
    token, secret = token_issue(user=lawyer, name="laptop")
    assert bearer(secret).get(url("cases")).status_code == 200
    response = session_client(lawyer).delete(url("tokens", token.pk))
    assert response.status_code == 204
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = bearer(secret).get(url("cases"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    # Still listed, as revoked; revoking again changes nothing.
    assert session_client(lawyer).get(url("tokens", token.pk)).json()["revoked_at"] is not None
    assert session_client(lawyer).delete(url("tokens", token.pk)).status_code == 204
    assert AuditEvent.objects.filter(object_type="api.apitoken", action="delete").count() == 1


def test_a_token_can_revoke_itself(lawyer):
    token, secret = token_issue(user=lawyer, name="leaked")
    assert bearer(secret).delete(url("tokens", token.pk)).status_code == 204
    assert bearer(secret).get(url("tokens")).status_code == 401


@pytest.mark.parametrize("header", ["Bearer ct_wrong", "Bearer", "Bearer a b", "Bearer ct_\u00e9", "Token abc"])
def test_bad_tokens_get_401(db, header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get(url("cases")).status_code == 401


def test_token_of_a_deactivated_user_gets_401(lawyer):
    _, secret = token_issue(user=lawyer, name="old")
    lawyer.is_active = False
    lawyer.save()
    assert bearer(secret).get(url("cases")).status_code == 401


def test_other_users_tokens_do_not_exist_for_a_user(lawyer, other_lawyer):
    token, secret = token_issue(user=other_lawyer, name="theirs")
    client = session_client(lawyer)
    assert client.get(url("tokens")).json()["count"] == 0
    assert client.get(url("tokens", token.pk)).status_code == 404
    assert client.delete(url("tokens", token.pk)).status_code == 404
    assert bearer(secret).get(url("cases")).status_code == 200


def test_superuser_sees_and_revokes_every_token(superuser, lawyer):
    token, secret = token_issue(user=lawyer, name="lost laptop")
    client = session_client(superuser)
    assert [row["id"] for row in client.get(url("tokens")).json()["results"]] == [token.pk]
    assert client.delete(url("tokens", token.pk)).status_code == 204
    assert bearer(secret).get(url("cases")).status_code == 401


def test_a_token_cannot_create_tokens(lawyer):
    _, secret = token_issue(user=lawyer, name="script")
    response = bearer(secret).post(url("tokens"), {"name": "another"}, format="json")
    assert response.status_code == 403
    assert ApiToken.objects.count() == 1


def test_token_auth_needs_no_csrf_token(lawyer, own_case):
    _, secret = token_issue(user=lawyer, name="script")
    response = bearer(secret).patch(url("cases", own_case.pk), {"summary": "via token"}, format="json")
    assert response.status_code == 200


def test_session_auth_requires_csrf_on_writes(lawyer, own_case):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(lawyer)  # a real session (force_authenticate would skip the CSRF check)
    assert client.get(url("cases", own_case.pk)).status_code == 200
    response = client.patch(url("cases", own_case.pk), {"summary": "no csrf"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    response = client.post(url("tokens"), {"name": "no csrf"}, format="json")
    assert response.status_code == 403
    # With the CSRF token (here from the docs page's script, as Swagger UI sends it), it passes.
    assert client.get("/api/docs/", {"script": ""}).status_code == 200
    csrf = client.cookies["csrftoken"].value
    response = client.patch(url("cases", own_case.pk), {"summary": "with csrf"}, format="json", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 200


def test_anonymous_cannot_list_tokens(db):
    assert api_client().get(url("tokens")).status_code == 401


def test_token_name_is_required(lawyer):
    response = session_client(lawyer).post(url("tokens"), {}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()
