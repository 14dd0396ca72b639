"""The case summary PDF, read back: what it shows, what the redacted copy hides."""

import datetime as dt
import re

import pytest
from django.utils import translation

from casetracker.cases import choices
from casetracker.cases.models import Document
from casetracker.reports.summaries.selectors import SummaryOptions, case_summary_data
from casetracker.reports.summaries.services import case_summary_render
from tests.conftest import client_for
from tests.factories import MOSCOW, CaseFactory, DetentionFactory, EvidenceClaimFactory, PersonFactory
from tests.reports.conftest import (
    CLAIM_NOTES,
    DOCUMENT_DESCRIPTION,
    DOCUMENT_NAME,
    HOME_ADDRESS,
    NARRATIVE,
    NOTE_TEXT,
    PERSONAL,
    page_count,
    pdf_compact,
    pdf_reader,
    pdf_text,
)

pytestmark = pytest.mark.django_db


def summary_url(case, query: str = "") -> str:
    return f"/cases/{case.pk}/summary.pdf{query}"


def render(case, user, language: str = "en", **options) -> bytes:
    # A test client request leaves its language active in the thread: pin one.
    with translation.override(language):
        return case_summary_render(case=case, user=user, options=SummaryOptions(**options), source="web")


def test_full_summary_shows_every_section(lawyer, full_case):
    response = client_for(lawyer).get(summary_url(full_case, "?notes=1"))

    assert response.status_code == 200
    pdf = response.content
    text = pdf_text(pdf)
    assert full_case.reference in text
    assert "CONFIDENTIAL — legal privilege" in text
    assert PERSONAL["full_name"] in text
    assert PERSONAL["phone"] in text and PERSONAL["email"] in text and PERSONAL["passport_last4"] in text
    assert "17.05.1990" in text
    assert str(lawyer) in text
    # Claims: method labels, system, footage event and date, days from footage to detention.
    assert "facial recognition (metro)" in text
    assert "passport photo match" in text
    assert "Sfera Face ID" in text
    assert "Акция 23 января" in text and "23.01.2021" in text
    assert "police statement" in text and "reported" in text
    # Outcomes: fine amount, arrest days, appeal deadline (10 days, KoAP art. 30.3).
    assert "administrative arrest" in text and "fine" in text
    assert "15,000" in text or "15 000" in text
    assert "13.02.2021" in text and "15.02.2021" in text
    document = Document.objects.get(case=full_case)
    assert document.sha256 in pdf_compact(pdf)
    assert DOCUMENT_NAME in text and DOCUMENT_DESCRIPTION in text
    assert NARRATIVE in text and CLAIM_NOTES in text and NOTE_TEXT in text
    assert HOME_ADDRESS in text
    assert re.search(r"page 1 of \d+", text)


def test_timeline_merges_detentions_charges_and_hearings_by_date(lawyer, full_case):
    text = pdf_text(render(full_case, lawyer))

    timeline = text[text.index("Timeline") :]
    order = ["28.01.2021 09:15", "29.01.2021", "02.02.2021 07:00", "03.02.2021", "05.02.2021"]
    positions = [timeline.index(moment) for moment in order]
    assert positions == sorted(positions)


def test_every_page_has_the_marking_and_its_number(lawyer, full_case):
    DetentionFactory.create_batch(30, case=full_case, narrative="Долгий рассказ. " * 40)

    reader = pdf_reader(render(full_case, lawyer))

    total = len(reader.pages)
    assert total > 2
    for number, page in enumerate(reader.pages, start=1):
        page_text = re.sub(r"\s+", " ", page.extract_text())
        assert "CONFIDENTIAL — legal privilege" in page_text
        assert f"page {number} of {total}" in page_text
        assert full_case.reference in page_text


def test_notes_only_when_asked(lawyer, full_case):
    assert NOTE_TEXT not in pdf_text(render(full_case, lawyer))


def test_redacted_summary_contains_no_personal_value(lawyer, full_case):
    response = client_for(lawyer).get(summary_url(full_case, "?redacted=1&notes=1"))

    assert response.status_code == 200
    assert re.search(r'filename="anonymized-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\.pdf"', response["Content-Disposition"])
    text = pdf_text(response.content)
    assert "Person A" in text
    for value in (
        PERSONAL["full_name"],
        "Соколова",
        PERSONAL["phone"],
        PERSONAL["email"],
        PERSONAL["social_media"],
        "17.05.1990",
        NOTE_TEXT,
        NARRATIVE,
        CLAIM_NOTES,
        DOCUMENT_NAME,
        DOCUMENT_DESCRIPTION,
        HOME_ADDRESS,
        "Кратко",
        full_case.reference,
        "Пушкинская",
        "ОВД Тверской",
        "Судья Петрова",
        "Sfera Face ID",
        "турникет, вестибюль 2",
        str(lawyer),
    ):
        assert value not in text, value
    # Whole numbers only: a copy label may hold these digits by chance.
    assert not re.search(r"(?<!\w)(4821|1990|09:15)(?!\w)", text)
    assert Document.objects.get(case=full_case).sha256 not in pdf_compact(response.content)
    # What the anonymized copy is for is still there.
    assert "ANONYMIZED COPY" in text and "CONFIDENTIAL" not in text
    assert "28.01.2021" in text and "place type: metro" in text
    assert "facial recognition (metro)" in text
    assert "administrative arrest" in text


def test_russian_summary_when_the_browser_asks_for_russian(lawyer, full_case):
    response = client_for(lawyer).get(summary_url(full_case), HTTP_ACCEPT_LANGUAGE="ru")

    text = pdf_text(response.content)
    assert PERSONAL["full_name"] in text
    assert "распознавание лиц (метро)" in text
    assert "сопоставление с фото из паспорта" in text or "паспорт" in text
    assert "административный арест" in text
    assert "Адвокаты" in text  # a heading, capitalised by the stylesheet
    assert "facial recognition (metro)" not in text


def test_empty_case_renders(lawyer):
    case = CaseFactory(lawyers=[lawyer], person=PersonFactory(full_name="Лицо без данных", birth_date=None))

    text = pdf_text(render(case, lawyer, include_notes=True))

    assert case.reference in text and "Лицо без данных" in text
    assert "No detentions, charges or hearings recorded." in text
    assert "No evidence claims recorded." in text
    assert "No hearings recorded." in text and "No documents." in text and "No notes." in text


def test_redacted_empty_case_renders(lawyer):
    case = CaseFactory(lawyers=[lawyer])
    assert "Person A" in pdf_text(render(case, lawyer, redacted=True))


def test_large_case_with_long_narratives_has_more_pages(lawyer):
    small = CaseFactory(lawyers=[lawyer])
    DetentionFactory(case=small)
    large = CaseFactory(lawyers=[lawyer])
    long_word = "Ж" * 3000  # no break opportunity: must wrap anywhere, not overflow
    for day in range(50):
        detention = DetentionFactory(
            case=large,
            detained_at=dt.datetime(2021, 1, 1, 12, tzinfo=MOSCOW) + dt.timedelta(days=day),
            narrative=("Очень длинный рассказ о задержании. " * 280)[:10000] if day == 0 else f"Рассказ {day}",
        )
        EvidenceClaimFactory(detention=detention)
    DetentionFactory(case=large, detained_at=dt.datetime(2021, 3, 1, 12, tzinfo=MOSCOW), narrative=long_word)

    small_pdf, large_pdf = render(small, lawyer), render(large, lawyer)

    assert page_count(large_pdf) > page_count(small_pdf) + 3
    text = pdf_text(large_pdf)
    assert "01.01.2021 12:00" in text and "19.02.2021 12:00" in text
    assert pdf_compact(large_pdf).count("Ж") >= 3000  # the long word is all there


def test_unusual_characters_are_printed_as_text(lawyer):
    # A combining diaeresis, emoji DejaVu covers, markup and quotes: text, never markup.
    name = "Zoë Ё̈ <script>alert('x')</script> & \"O'Brien\" 😀 ☃"
    case = CaseFactory(lawyers=[lawyer], person=PersonFactory(full_name=name))
    EvidenceClaimFactory(detention=DetentionFactory(case=case), system_name='<img src="http://example.com/x.png">')

    pdf = render(case, lawyer)

    text = pdf_text(pdf)
    assert "<script>alert('x')</script>" in text
    assert '& "O\'Brien"' in text
    assert '<imgsrc="http://example.com/x.png">' in pdf_compact(pdf)  # wrapped in a narrow column
    assert "😀 ☃" in text


def test_summary_reads_in_a_fixed_number_of_queries(lawyer, full_case, django_assert_max_num_queries):
    for _ in range(20):
        EvidenceClaimFactory(detention=DetentionFactory(case=full_case))

    with django_assert_max_num_queries(10):
        summary = case_summary_data(case_id=full_case.pk, user=lawyer, options=SummaryOptions(include_notes=True))

    assert len(summary.claims) == 22 and len(summary.timeline) == 22 + 1 + 2


def test_redacted_data_carries_no_personal_field(lawyer, full_case):
    summary = case_summary_data(case_id=full_case.pk, user=lawyer, options=SummaryOptions(redacted=True))

    flat = repr(summary)
    for value in PERSONAL.values():
        # Whole values only: an id, a reference or a timestamp may hold "4821" inside a longer number.
        assert not re.search(rf"(?<!\w){re.escape(str(value))}(?!\w)", flat), value
    assert "1990-05-17" not in flat and HOME_ADDRESS not in flat
    assert summary.notes == [] and summary.summary == ""


@pytest.mark.parametrize(
    ("status", "label"), [(choices.CaseStatus.CLOSED, "closed"), (choices.CaseStatus.ECHR, "ECHR")]
)
def test_status_is_in_the_header(lawyer, status, label):
    case = CaseFactory(lawyers=[lawyer], status=status, closed_at=dt.date(2021, 6, 1))
    assert f"Status {label}" in pdf_text(render(case, lawyer))
