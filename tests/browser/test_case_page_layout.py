"""The case page and the start page fit a laptop and a phone, in English and Russian.

Screenshots of every page, width and language go to test-results/layout/ (git-ignored)
for a look; the assertions are what a look would check: nothing is wider than the
window, the add links read as a sentence, and record titles write dates as the inputs
below them do.
"""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone

from casetracker.accounts.roles import LAWYER
from tests.factories import TEST_PASSWORD, CaseFactory, HearingFactory, make_user, workspace_case_build

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCREENSHOT_DIR = Path(__file__).resolve().parents[2] / "test-results" / "layout"
WIDTHS = {"laptop": 1366, "phone": 390}
LOCALES = {"en": "en-US", "ru": "ru-RU"}
# Per section of the case page (claims: one link under each detention).
ADD_LINKS = {
    "en": {
        "detentions": "Add a detention",
        "claims": "Add an evidence claim",
        "charges": "Add a charge",
        "hearings": "Add a hearing",
        "documents": "Add a document",
        "notes": "Add a note",
    },
    "ru": {
        "detentions": "Добавить задержание",
        "claims": "Добавить довод полиции об идентификации",
        "charges": "Добавить обвинение",
        "hearings": "Добавить заседание",
        "documents": "Добавить документ",
        "notes": "Добавить заметку",
    },
}
# The first detention of the case (Moscow time) and its first hearing, as each language's
# date inputs write them.
DETENTION_TITLES = {"en": "2021-01-23 14:30 · metro: Пушкинская", "ru": "23.01.2021 14:30 · метро: Пушкинская"}
HEARING_TITLES = {"en": "2021-02-03", "ru": "03.02.2021"}
OVERFLOW = "[document.documentElement.scrollWidth, window.innerWidth]"
# On failure: the innermost elements past the window's right edge, to name the culprit.
PAST_THE_EDGE = """
Array.from(document.querySelectorAll("body *"))
  .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1 && e.children.length < 2)
  .slice(0, 25)
  .map((e) => `${e.tagName}.${e.className}#${e.id} ends at ${Math.round(e.getBoundingClientRect().right)}`)
  .join("\\n")
"""


@pytest.fixture
def workspace(live_server):
    lawyer = make_user(LAWYER, username="lawyer_layout")
    case = workspace_case_build(lawyer=lawyer)
    soon = timezone.localdate() + dt.timedelta(days=3)
    # A hearing not decided yet: on the start page's agenda with its date.
    HearingFactory(
        case=CaseFactory(lawyers=[lawyer]),
        court="Мещанский районный суд г. Москвы",
        date=soon,
        outcome="",
        fine_amount=None,
    )
    return lawyer, case, soon


def _assert_fits(page, what: str) -> None:
    scroll_width, window_width = page.evaluate(OVERFLOW)
    assert scroll_width <= window_width, (
        f"{what} is {scroll_width} px wide in a {window_width} px window; past it:\n{page.evaluate(PAST_THE_EDGE)}"
    )


def _log_in(page, base_url: str, username: str) -> None:
    page.goto(f"{base_url}/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", TEST_PASSWORD)
    page.locator('#login-form [type="submit"]').click()
    page.wait_for_url(f"{base_url}/admin/")


@pytest.mark.parametrize("language", LOCALES)
@pytest.mark.parametrize("device", WIDTHS)
def test_case_page_and_start_page_fit_the_window(live_server, browser, workspace, language: str, device: str) -> None:
    lawyer, case, soon = workspace
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(locale=LOCALES[language], viewport={"width": WIDTHS[device], "height": 900})
    errors: list[str] = []
    try:
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        _log_in(page, live_server.url, lawyer.username)

        page.goto(f"{live_server.url}/admin/")
        expect(page.locator("#ct-dashboard")).to_be_visible()
        page.screenshot(path=str(SCREENSHOT_DIR / f"start-{device}-{language}.png"), full_page=True)
        _assert_fits(page, "the start page")
        coming = soon.strftime("%d.%m.%Y") if language == "ru" else soon.isoformat()
        expect(page.locator("#ct-dashboard")).to_contain_text(coming)

        page.goto(f"{live_server.url}/admin/cases/case/{case.pk}/change/")
        expect(page.locator("#hearings")).to_be_visible()
        page.screenshot(path=str(SCREENSHOT_DIR / f"case-{device}-{language}.png"), full_page=True)
        for section in ("detentions", "hearings", "documents"):
            path = SCREENSHOT_DIR / f"case-{section}-{device}-{language}.png"
            page.locator(f"#{section}").screenshot(path=str(path))
        _assert_fits(page, "the case page")

        for section, label in ADD_LINKS[language].items():
            where = ".ct-claims" if section == "claims" else f"#{section} > .ct-actions"
            links = page.locator(f"{where} .ct-add")
            assert links.count() == (3 if section == "claims" else 1), section
            for text in links.all_inner_texts():
                assert text.strip() == label
        titles = page.locator("#detentions .ct-records > .ct-record > h3").all_inner_texts()
        assert titles[0] == DETENTION_TITLES[language], titles
        hearing = page.locator("#hearings .ct-record h3").first.inner_text()
        assert hearing.strip().startswith(HEARING_TITLES[language])
        iso_date = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")
        if language == "ru":
            assert not iso_date.search(page.locator("#ct-workspace").inner_text())

        # A record's form, opened in place, fits too.
        page.locator("#hearings .ct-record [data-record-form]").first.click()
        expect(page.locator("#hearings .ct-editing form")).to_be_visible()
        page.screenshot(path=str(SCREENSHOT_DIR / f"case-form-{device}-{language}.png"), full_page=True)
        _assert_fits(page, "the case page with a hearing's form open")
        assert errors == []
    finally:
        context.close()
