"""A coordinator merges two records of one person from the queue, in a real browser, under the CSP."""

import os

import pytest

from casetracker.accounts.roles import COORDINATOR, LAWYER
from casetracker.cases.duplicates.services import possible_duplicates_record
from casetracker.cases.models import Person, PossibleDuplicate
from tests.browser.test_csp import REPORT_VIOLATIONS
from tests.factories import TEST_PASSWORD, CaseFactory, make_user

sync_api = pytest.importorskip("playwright.sync_api")
expect = sync_api.expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "Белова Ирина Петровна"


def test_coordinator_merges_from_the_queue_without_a_csp_violation(live_server, page, page_errors: list[str]):
    coordinator = make_user(COORDINATOR, username="coordinator_merge")
    lawyer, colleague = make_user(LAWYER, username="lawyer_merge"), make_user(LAWYER, username="colleague_merge")
    existing = CaseFactory(lawyers=[colleague], person__full_name=NAME, person__phone="+7 900 555-00-11")
    saved = CaseFactory(lawyers=[lawyer], person__full_name=NAME, person__email="belova@example.org")
    possible_duplicates_record(persons=[saved.person], user=lawyer)
    page.add_init_script(REPORT_VIOLATIONS)
    page.goto(f"{live_server.url}/admin/login/?next=/admin/")
    page.fill("#id_username", coordinator.username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator('#login-form [type="submit"]').click()
    page.wait_for_url(f"{live_server.url}/admin/")

    page.get_by_role("link", name="1 pair of person records to compare").click()
    page.get_by_role("link", name="Compare and merge…").click()
    # The e-mail only the saved record has is preselected; the phone is the existing record's.
    expect(page.locator("#id_field_email_1")).to_be_checked()
    page.locator("#id_field_phone_0").check()
    if os.environ.get("CT_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["CT_SCREENSHOTS"], "merge.png"), full_page=True)
    page.get_by_role("button", name="Review the merge").click()
    expect(page.get_by_role("button", name="Yes, merge")).to_be_visible()
    if os.environ.get("CT_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["CT_SCREENSHOTS"], "confirm.png"), full_page=True)
    page.get_by_role("button", name="Yes, merge").click()

    page.wait_for_url(f"{live_server.url}/admin/cases/person/{existing.person_id}/change/")
    kept = Person.objects.get(pk=existing.person_id)
    assert (kept.phone, kept.email) == ("+7 900 555-00-11", "belova@example.org")
    assert set(kept.cases.values_list("pk", flat=True)) == {existing.pk, saved.pk}
    assert PossibleDuplicate.objects.get().resolution == "merged"
    assert page_errors == []
