"""Swagger UI at /api/docs/ renders in a real browser under the Content-Security-Policy."""

import pytest

from casetracker.accounts.roles import LAWYER
from tests.browser.conftest import _allow_sync_orm_under_playwright, browser, page, page_errors  # noqa: F401
from tests.browser.test_csp import REPORT_VIOLATIONS
from tests.factories import TEST_PASSWORD, make_user

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_works_under_the_content_security_policy(live_server, page, page_errors) -> None:  # noqa: F811
    lawyer = make_user(LAWYER, username="lawyer_docs")
    page.add_init_script(REPORT_VIOLATIONS)
    requested_hosts = set()
    page.on("request", lambda request: requested_hosts.add(request.url.split("/")[2]))

    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", lawyer.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator('#login-form [type="submit"]').click()
    page.wait_for_url(f"{live_server.url}/admin/")

    response = page.goto(f"{live_server.url}/api/docs/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    # Swagger UI's scripts ran, fetched the schema and rendered its operations.
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("casetracker API")
    expect(page.locator(".opblock-tag", has_text="cases").first).to_be_visible()
    assert page.locator(".opblock").count() > 0 or page.locator(".opblock-tag").count() >= 10
    assert requested_hosts == {live_server.url.split("/")[2]}
    assert page_errors == []
