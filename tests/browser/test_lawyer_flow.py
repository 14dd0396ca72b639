"""The acceptance story, in a real browser: a phone call at night becomes a case on the case page.

A lawyer takes a call about a detention in the metro after a facial-recognition match:
opens a case for a new person (the person pop-up), then on the case page adds the
detention, the claim, the charge, the hearing with its fine, a document and a note,
each in its own form opened in place, typed with the keyboard and sent with Enter, with
no page reload, and prints the case summary PDF.
"""

import os
import re
from pathlib import Path

import pytest

from casetracker.accounts.roles import LAWYER
from casetracker.cases.choices import IdentificationMethod
from casetracker.cases.models import Case, Person
from tests.factories import TEST_PASSWORD, EventFactory, LegalArticleFactory, make_user
from tests.reports.conftest import pdf_text

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSON_NAME = "Глухин Николай Сергеевич"
PERSON_PHONE = "+7 916 123-45-67"
NOTE = "Звонок матери в 02:10: задержан у турникетов, везут в ОВД Тверской"


@pytest.fixture
def screenshot_dir(tmp_path: Path) -> Path:
    """Where the test's screenshots go; set CASETRACKER_SCREENSHOT_DIR to keep them for a look."""
    directory = Path(os.environ.get("CASETRACKER_SCREENSHOT_DIR") or tmp_path)
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def test_a_phone_call_becomes_a_case_on_the_case_page(
    live_server, page, page_errors: list[str], screenshot_dir: Path, tmp_path: Path
) -> None:
    lawyer = make_user(LAWYER, username="lawyer_anna", first_name="Anna", last_name="Petrova")
    rally = EventFactory(name="Акция 23 января", date="2021-01-23")
    LegalArticleFactory(
        code="koap", number="20.2", part="5", title="Нарушение порядка проведения публичного мероприятия"
    )

    _log_in(page, live_server.url, username=lawyer.username)

    # The case, with a new person typed in the "add person" pop-up.
    page.goto(f"{live_server.url}/admin/cases/case/add/")
    with page.expect_popup() as opened:
        page.locator("#add_id_person").click()
    popup = opened.value
    popup.locator("#id_full_name").fill(PERSON_NAME)
    popup.locator("#id_phone").fill(PERSON_PHONE)
    popup.locator('input[name="_save"]').click()
    popup.wait_for_event("close")
    expect(page.locator("#id_person option:checked")).to_have_text(PERSON_NAME)
    _choose(page, "#id_status", "a")  # active
    page.locator("#id_reference").press("Enter")  # left blank: the reference is generated
    page.wait_for_url(re.compile(r"/admin/cases/case/\d+/change/$"))
    case = Case.objects.get(person__in=Person.objects.filter(created_by=lawyer))
    # Set on the page, lost by any reload: checked at the end.
    page.evaluate("window.ctNoReload = true")

    # The detention in the metro.
    _open(page, "Add a detention")
    _type(page, "detention-new-detained_at_0", "2021-01-28")
    _type(page, "detention-new-detained_at_1", "09:15")
    _type(page, "detention-new-city", "Москва")
    _type(page, "detention-new-region", "Москва")
    _choose(page, "#id_detention-new-place_type", "m")  # metro
    _type(page, "detention-new-place", "Пушкинская", submit=True)
    detention = _saved(page, "detention", case.detentions)
    expect(page.locator(f"#detention-{detention.pk}")).to_contain_text("Пушкинская")

    # The facial-recognition claim under it, with the footage of the earlier rally.
    page.locator(f"#detention-{detention.pk} .ct-add").focus()
    page.keyboard.press("Enter")
    prefix = "claim-new"
    _choose(page, f"#id_{prefix}-method", "facial recognition (m")
    _type(page, f"{prefix}-system_name", "Face ID")
    _choose(page, f"#id_{prefix}-recognition_mode", "r")  # retrospective
    _autocomplete(page, f"#id_{prefix}-footage_event", "Акция")
    _type(page, f"{prefix}-footage_date", "2021-01-23")
    _choose(page, f"#id_{prefix}-source", "p")  # police statement
    _choose(page, f"#id_{prefix}-reliability", "r")  # reported
    page.locator(f"#id_{prefix}-system_name").press("Enter")
    claim = _saved(page, "claim", detention.evidence_claims)
    claim_box = page.locator(f"#claim-{claim.pk}")
    expect(claim_box).to_contain_text("facial recognition (metro)")
    expect(claim_box).to_contain_text("5 days before the detention")  # derived

    # The charge, picked by typing the article.
    _open(page, "Add a charge")
    _autocomplete(page, "#id_charge-new-article", "20.2")
    _type(page, "charge-new-filed_at", "2021-01-28", submit=True)
    charge = _saved(page, "charge", case.charges)
    expect(page.locator(f"#charge-{charge.pk}")).to_contain_text("20.2")

    # The hearing with a fine; the appeal deadline follows from the receipt date.
    _open(page, "Add a hearing")
    _type(page, "hearing-new-date", "2021-02-01")
    _type(page, "hearing-new-court", "Тверской районный суд")
    _choose(page, "#id_hearing-new-outcome", "f")  # fine
    _type(page, "hearing-new-fine_amount", "15000")
    _type(page, "hearing-new-decision_received_on", "2021-02-03", submit=True)
    hearing = _saved(page, "hearing", case.hearings)
    expect(page.locator(f"#hearing-{hearing.pk}")).to_contain_text("fine: 15,000 ₽")
    expect(page.locator(f"#hearing-{hearing.pk}")).to_contain_text("appeal (KoAP)")  # its deadline

    # A document: the file is chosen with the file picker, the rest with the keyboard.
    _open(page, "Add a document")
    _choose(page, "#id_document-new-kind", "p")  # protocol
    protocol = tmp_path / "protocol.pdf"
    protocol.write_bytes(_small_pdf())
    page.locator("#id_document-new-file").set_input_files(str(protocol))
    _type(page, "document-new-description", "Протокол задержания", submit=True)
    document = _saved(page, "document", case.documents)
    expect(page.locator(f"#document-{document.pk}")).to_contain_text("protocol.pdf")

    # A note: Tab from the text to Save, then Enter.
    _open(page, "Add a note")
    page.keyboard.type(NOTE)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    note = _saved(page, "note", case.notes)
    expect(page.locator(f"#note-{note.pk}")).to_contain_text("ОВД Тверской")

    timeline = page.locator("#timeline")
    for entry in ("Detained", "Charged", "Hearing", "Decision received", "Document", "Note"):
        expect(timeline).to_contain_text(entry)
    assert page.evaluate("window.ctNoReload") is True, "the case page reloaded"
    page.screenshot(path=str(screenshot_dir / "browser-case-page.png"), full_page=True)

    # Printed: the PDF button's file holds what was typed.
    href = page.get_by_role("link", name="Case summary PDF").get_attribute("href")
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.body())
    for expected in (case.reference, PERSON_NAME, "Пушкинская", "Face ID", "20.2", "15,000", "protocol.pdf"):
        assert expected in text, expected

    case.refresh_from_db()
    assert case.status == "active" and lawyer in case.lawyers.all()
    assert case.person.phone == PERSON_PHONE
    assert (detention.place_type, claim.method) == ("metro", IdentificationMethod.FACIAL_RECOGNITION_METRO)
    assert claim.footage_event == rally and hearing.fine_amount == 15000
    assert note.text == NOTE and note.author == lawyer
    assert page_errors == []


def _log_in(page, base_url: str, *, username: str) -> None:
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator('#login-form [type="submit"]').click()
    page.wait_for_url(f"{base_url}/admin/")
    expect(page.locator("#user-tools")).to_contain_text(re.compile("log out", re.IGNORECASE))


def _open(page, add_label: str) -> None:
    """Open a section's add form from the keyboard: focus its link and press Enter."""
    page.get_by_role("link", name=add_label, exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.locator(".ct-editing form")).to_have_count(1)


def _type(page, name: str, value: str, *, submit: bool = False) -> None:
    field = page.locator(f"#id_{name}")
    field.focus()
    page.keyboard.type(value)
    if submit:
        page.keyboard.press("Enter")


def _choose(page, select: str, typed: str) -> None:
    """Pick an option of a <select> by typing its first letters, as a keyboard user does."""
    page.locator(select).focus()
    page.keyboard.type(typed)


def _autocomplete(page, select: str, search: str) -> None:
    """Open a select2 picker with Enter, type, and take the first match with Enter."""
    page.locator(f"{select} + .select2 .select2-selection").focus()
    page.keyboard.press("Enter")
    page.keyboard.type(search)
    expect(page.locator(".select2-results__option--highlighted")).to_contain_text(search)
    page.keyboard.press("Enter")


def _saved(page, kind: str, records):
    """Wait for the form to close on its saved record, and return that record."""
    expect(page.locator(".ct-editing")).to_have_count(0)
    record = records.order_by("-pk").first()
    assert record is not None, f"no {kind} was saved"
    expect(page.locator(f"#{kind}-{record.pk}")).to_be_visible()
    return record


def _small_pdf() -> bytes:
    """A one-page PDF that the upload's content check accepts."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    body = b"%PDF-1.4\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n" % number + content + b"\nendobj\n"
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return body
