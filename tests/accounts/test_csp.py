"""Security headers on every page: Content-Security-Policy, framing, referrer, opener."""

import pytest
from django.test import Client

from tests.factories import DocumentFactory

pytestmark = pytest.mark.django_db

EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "object-src": "'none'",
    "frame-ancestors": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}


def parse_policy(header: str) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {name: value for name, value in directives}


def test_the_login_page_carries_the_content_security_policy():
    response = Client().get("/admin/login/")

    assert parse_policy(response["Content-Security-Policy"]) == EXPECTED_POLICY
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_admin_pages_carry_the_content_security_policy(lawyer, own_case):
    client = Client()
    client.force_login(lawyer)

    for url in ["/admin/", "/admin/cases/case/", f"/admin/cases/case/{own_case.pk}/change/", "/account/2fa/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert parse_policy(response["Content-Security-Policy"]) == EXPECTED_POLICY, url


def test_a_document_download_keeps_its_own_stricter_policy(lawyer, own_case):
    document = DocumentFactory(case=own_case)
    client = Client()
    client.force_login(lawyer)

    response = client.get(f"/documents/{document.pk}/download/")

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
