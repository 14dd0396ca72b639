"""The admin works under the Content-Security-Policy, in a real browser.

Chromium reports every blocked script, style or image as a console error, which the
`page` fixture collects; a listener for `securitypolicyviolation` names the directive.
"""

import re

import pytest

from casetracker.accounts.roles import LAWYER
from tests.factories import TEST_PASSWORD, PersonFactory, make_user

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI || "inline"}`);
});
"""


def test_case_form_and_case_page_work_under_the_content_security_policy(
    live_server, page, page_errors: list[str]
) -> None:
    lawyer = make_user(LAWYER, username="lawyer_csp")
    person = PersonFactory(full_name="Петров Иван Ильич", created_by=lawyer)
    page.add_init_script(REPORT_VIOLATIONS)

    response = page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.fill("#id_username", lawyer.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator('#login-form [type="submit"]').click()
    page.wait_for_url(f"{live_server.url}/admin/")

    response = page.goto(f"{live_server.url}/admin/cases/case/add/")
    assert "style-src 'self'" in response.headers["content-security-policy"]

    # select2 (the admin's autocomplete) is a script from our own origin; it must run,
    # and its styling must apply.
    page.locator("#id_person + .select2 .select2-selection").click()
    # Names are encrypted: the autocomplete matches the exact full name (blind index).
    page.locator(".select2-container--open .select2-search__field").press_sequentially(person.full_name)
    page.locator(".select2-results__option", has_text=person.full_name).click()
    expect(page.locator("#id_person")).to_have_value(str(person.pk))
    # The collapsed "Record" fieldset opens by script (collapse.js).
    page.locator("details summary", has_text=re.compile("Record")).click()
    page.locator('input[name="_save"]').click()
    page.wait_for_url(re.compile(r"/admin/cases/case/\d+/change/$"))

    # The case page's own script opens a record's form in place, with the admin's
    # pickers and calendar started on it.
    page.get_by_role("link", name="Add a detention", exact=True).click()
    expect(page.locator("#id_detention-new-city")).to_be_visible()
    page.locator("#id_detention-new-event + .select2 .select2-selection").click()
    expect(page.locator(".select2-container--open .select2-search__field")).to_be_visible()
    page.keyboard.press("Escape")
    # The "+" next to the event picker adds a missing event in a pop-up, which fills the picker.
    with page.expect_popup() as opened:
        page.locator("#add_id_detention-new-event").click()
    popup = opened.value
    popup.locator("#id_name").fill("Пикет у Госдумы")
    popup.locator("#id_date").fill("2021-02-02")
    popup.locator('input[name="_save"]').click()
    popup.wait_for_event("close")
    expect(page.locator("#id_detention-new-event option:checked")).to_contain_text("Пикет у Госдумы")
    page.locator(".ct-editing .datetimeshortcuts a", has_text="Today").first.click()
    expect(page.locator("#id_detention-new-detained_at_0")).not_to_have_value("")

    assert page_errors == []


def test_two_factor_enrolment_page_works_under_the_content_security_policy(
    live_server, page, page_errors: list[str], settings
) -> None:
    settings.CASETRACKER_REQUIRE_2FA = True
    lawyer = make_user(LAWYER, username="lawyer_2fa")
    page.add_init_script(REPORT_VIOLATIONS)

    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", lawyer.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator('#login-form [type="submit"]').click()

    # Sent to enrolment; the QR code is a data: image, which the policy allows.
    page.wait_for_url(re.compile(r"/account/2fa/"))
    qr_code = page.locator("img.ct-qr")
    expect(qr_code).to_be_visible()
    assert qr_code.evaluate("image => image.naturalWidth") > 0

    assert page_errors == []
