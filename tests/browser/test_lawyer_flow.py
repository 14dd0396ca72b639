"""The acceptance story, in a real browser: a lawyer logs a metro Face ID detention."""

import os
import re
from pathlib import Path

import pytest

from casetracker.accounts.roles import LAWYER
from casetracker.cases.choices import IdentificationMethod
from casetracker.cases.models import Case
from tests.factories import TEST_PASSWORD, PersonFactory, make_user

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSON_NAME = "Глухин Николай Сергеевич"
DETENTION = "detentions-0"
CLAIM = "detentions-0-evidence_claims-0"


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """Where the test's screenshots go; set CASETRACKER_SCREENSHOT_DIR to keep them for a look."""
    directory = Path(os.environ.get("CASETRACKER_SCREENSHOT_DIR") or tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def test_lawyer_adds_case_with_detention_and_facial_recognition_claim(
    live_server, page, page_errors: list[str], screenshot_dir: Path
) -> None:
    lawyer = make_user(LAWYER, username="lawyer_anna", first_name="Anna", last_name="Petrova")
    # A person with no case yet is visible to the lawyer who created them.
    person = PersonFactory(full_name=PERSON_NAME, created_by=lawyer)

    _log_in(page, live_server.url, username=lawyer.username)

    page.goto(f"{live_server.url}/admin/cases/case/add/")
    # Names are encrypted: the autocomplete matches the exact full name (blind index).
    _pick_in_autocomplete(page, "#id_person", search=PERSON_NAME.lower(), option=PERSON_NAME)
    expect(page.locator("#id_person")).to_have_value(str(person.pk))
    page.select_option("#id_status", "active")

    page.locator(".djn-add-handler.djn-model-cases-detention").click()
    page.fill(f"#id_{DETENTION}-detained_at_0", "2021-01-28")
    page.fill(f"#id_{DETENTION}-detained_at_1", "09:15:00")
    page.fill(f"#id_{DETENTION}-city", "Москва")
    page.fill(f"#id_{DETENTION}-region", "Москва")
    page.select_option(f"#id_{DETENTION}-place_type", "metro")
    page.fill(f"#id_{DETENTION}-place", "Пушкинская")

    # The claim's "add" link inside the new detention, not the one of the empty template.
    page.locator(f"#{DETENTION} .djn-add-handler.djn-model-cases-evidenceclaim").click()
    page.select_option(f"#id_{CLAIM}-method", IdentificationMethod.FACIAL_RECOGNITION_METRO)
    page.fill(f"#id_{CLAIM}-system_name", "Face ID")
    page.select_option(f"#id_{CLAIM}-source", "police_statement")
    page.select_option(f"#id_{CLAIM}-reliability", "reported")
    page.screenshot(path=str(screenshot_dir / "browser-case-form.png"), full_page=True)

    page.locator('input[name="_save"]').click()
    page.wait_for_url(re.compile(r"/admin/cases/case/(\?.*)?$"))
    expect(page.locator(".messagelist .success")).to_be_visible()

    case = Case.objects.get(person=person)
    assert re.fullmatch(r"CT-\d{4}-\d{6,}", case.reference)
    row = page.locator("#result_list tbody tr", has_text=case.reference)
    expect(row).to_have_count(1)
    expect(row).to_contain_text(PERSON_NAME)
    expect(row).to_contain_text("facial recognition (metro)")
    page.screenshot(path=str(screenshot_dir / "browser-case-list.png"), full_page=True)

    assert case.status == "active"
    assert lawyer in case.lawyers.all()
    detention = case.detentions.get()
    assert (detention.place_type, detention.place) == ("metro", "Пушкинская")
    claim = detention.evidence_claims.get()
    assert claim.method == IdentificationMethod.FACIAL_RECOGNITION_METRO
    assert claim.system_name == "Face ID"
    assert page_errors == []


def _log_in(page, base_url: str, *, username: str) -> None:
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator('#login-form [type="submit"]').click()
    page.wait_for_url(f"{base_url}/admin/")
    expect(page.locator("#user-tools")).to_contain_text(re.compile("log out", re.IGNORECASE))


def _pick_in_autocomplete(page, select: str, *, search: str, option: str) -> None:
    """Open the select2 widget next to `select`, type `search` and click the matching result."""
    page.locator(f"{select} + .select2 .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").press_sequentially(search)
    page.locator(".select2-results__option", has_text=option).click()
