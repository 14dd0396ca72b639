"""The anonymized case summary (`?redacted=1`) must not identify the person.

The review's finding: the copy for journalists named no one, yet printed the exact
detention time and metro station, the police unit, the judge, the lawyer with their bar
number, the case reference and the documents' hashes, headed "legal privilege". Time and
station, read next to a press report, point to one person. Each test sends the request the
review sent and reads the PDF back.
"""

import datetime as dt
import re

import pytest
from django.utils import translation

from casetracker.accounts.models import LawyerProfile
from casetracker.audit.models import AuditEvent
from casetracker.cases import choices
from casetracker.cases.models import Case, Document
from casetracker.reports.models import CaseSummaryBatch
from casetracker.reports.summaries.selectors import SummaryOptions, case_summary_data
from tests.conftest import client_for
from tests.factories import (
    MOSCOW,
    CaseFactory,
    ChargeFactory,
    DetentionFactory,
    DocumentFactory,
    EventFactory,
    EvidenceClaimFactory,
    HearingFactory,
    PersonFactory,
)
from tests.reports.conftest import pdf_reader, pdf_text, zip_members

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/cases/case/"
LABEL = r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}"

LAWYER_FIRST, LAWYER_LAST = "Игорь", "Беляев"
BAR_NUMBER = "77/12345"
# Every value here, printed on the anonymized copy, would help to find the person.
IDENTIFYING = {
    "detention time": "14:37",
    "metro station": "Трубная",
    "police unit": "ОМВД по Мещанскому району",
    "held at": "ОМВД по району Якиманка",
    "release time": "23:05",
    "court": "Мещанский районный суд",
    "judge": "Ковалёва",
    "lawyer": LAWYER_LAST,
    "bar number": BAR_NUMBER,
    "bar association": "Адвокатская палата Москвы",
    "lawyer phone": "+7 495 111-22-33",
    "camera location": "вестибюль 1",
    "system name": "Сфера",
    "claim notes": "ВКонтакте",
    "footage date": "24.01.2021",
    "charge filed": "29.01.2021",
    "hearing date": "03.02.2021",
    "decision received": "05.02.2021",
    "appeal deadline": "15.02.2021",
    "case opened": "01.02.2021",
    "person": "Орлова",
    "birth date": "09.04.1995",
    "gender": "female",
    "document name": "protocol_orlova.txt",
    "document description": "Протокол Орловой",
}


def whole(value: str) -> re.Pattern:
    """`value` as a whole word: "14:37" must not match inside a longer number or a label."""
    return re.compile(rf"(?<![\w:./-]){re.escape(value)}(?![\w:./-])")


def assert_identifies_no_one(text: str, case: Case) -> None:
    for what, value in {**IDENTIFYING, "case reference": case.reference}.items():
        assert not whole(value).search(text), what
    for document in Document.objects.filter(case=case):
        # Hashes may wrap mid-string: compare without whitespace, and any 16 hex digits of one.
        compact = re.sub(r"\s+", "", text)
        assert document.sha256[:16] not in compact and document.sha256[-16:] not in compact


@pytest.fixture
def identifying_case(lawyer) -> Case:
    """A case recorded with everything that could point to the person."""
    lawyer.first_name, lawyer.last_name = LAWYER_FIRST, LAWYER_LAST
    lawyer.save()
    LawyerProfile.objects.create(
        user=lawyer, bar_association="Адвокатская палата Москвы", bar_number=BAR_NUMBER, phone="+7 495 111-22-33"
    )
    person = PersonFactory(
        full_name="Орлова Мария Денисовна",
        birth_date=dt.date(1995, 4, 9),
        gender=choices.Gender.FEMALE,
        is_journalist=True,
    )
    case = CaseFactory(lawyers=[lawyer], person=person, opened_at=dt.date(2021, 2, 1))
    rally = EventFactory(name="Акция 23 января", date=dt.date(2021, 1, 23))
    detention = DetentionFactory(
        case=case,
        detained_at=dt.datetime(2021, 1, 28, 14, 37, tzinfo=MOSCOW),
        city="Москва",
        region="Москва",
        place_type=choices.PlaceType.METRO,
        place="Трубная",
        authority="ОМВД по Мещанскому району",
        held_at="ОМВД по району Якиманка",
        released_at=dt.datetime(2021, 1, 28, 23, 5, tzinfo=MOSCOW),
        event=rally,
    )
    EvidenceClaimFactory(
        detention=detention,
        method=choices.IdentificationMethod.FACIAL_RECOGNITION_METRO,
        system_name="Сфера",
        camera_location="Трубная, вестибюль 1",
        footage_event=rally,
        footage_date=dt.date(2021, 1, 24),
        source=choices.ClaimSource.POLICE_STATEMENT,
        reliability=choices.Reliability.REPORTED,
        contested=True,
        notes="Сказали, что нашли по фото из ВКонтакте",
    )
    ChargeFactory(case=case, filed_at=dt.date(2021, 1, 29))
    HearingFactory(
        case=case,
        court="Мещанский районный суд г. Москвы",
        judge="Ковалёва Е. А.",
        date=dt.date(2021, 2, 3),
        decision_received_on=dt.date(2021, 2, 5),
        outcome=choices.HearingOutcome.FINE,
        fine_amount=15000,
    )
    DocumentFactory(case=case, original_name="protocol_orlova.txt", description="Протокол Орловой")
    return case


def get_anonymized(client, case: Case):
    return client.get(f"/cases/{case.pk}/summary.pdf?redacted=1")


def test_anonymized_summary_identifies_no_one(lawyer, identifying_case):
    response = get_anonymized(client_for(lawyer), identifying_case)

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert_identifies_no_one(text, identifying_case)
    assert identifying_case.reference.encode() not in response.content  # not in the metadata either
    assert identifying_case.reference not in str(pdf_reader(response.content).metadata)


def test_anonymized_summary_keeps_what_a_journalist_needs(lawyer, identifying_case):
    text = pdf_text(get_anonymized(client_for(lawyer), identifying_case).content)

    assert whole("28.01.2021").search(text)  # the date of detention, without its time
    assert "Москва" in text and "place type: metro" in text
    assert "Акция 23 января" in text and "23.01.2021" in text  # the rally is public
    assert "facial recognition (metro)" in text
    assert "police statement" in text and "reported" in text
    assert re.search(r"Акция 23 января 4 ", text)  # days from footage to detention
    assert "15,000" in text or "15 000" in text
    assert "Person A" in text
    assert "Journalist yes" in text


def test_anonymized_summary_is_headed_as_such_on_every_page(lawyer, identifying_case):
    DetentionFactory.create_batch(25, case=identifying_case, narrative="Долгий рассказ. " * 40)

    reader = pdf_reader(get_anonymized(client_for(lawyer), identifying_case).content)

    assert len(reader.pages) > 1
    label = re.search(rf"copy ({LABEL})", reader.pages[0].extract_text()).group(1)
    for page in reader.pages:
        page_text = re.sub(r"\s+", " ", page.extract_text())
        assert "ANONYMIZED COPY" in page_text
        assert "legal privilege" not in page_text and "CONFIDENTIAL" not in page_text
        assert f"copy {label}" in page_text
    first = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    assert "it contains no personal data beyond what is listed here" in first


def test_full_summary_is_still_headed_as_legal_privilege(lawyer, identifying_case):
    text = pdf_text(client_for(lawyer).get(f"/cases/{identifying_case.pk}/summary.pdf").content)

    assert "CONFIDENTIAL — legal privilege" in text and "ANONYMIZED" not in text
    assert "14:37" in text and "Трубная" in text and BAR_NUMBER in text


def test_file_name_holds_a_label_not_the_reference(lawyer, identifying_case):
    response = get_anonymized(client_for(lawyer), identifying_case)

    disposition = response["Content-Disposition"]
    assert re.fullmatch(rf'attachment; filename="anonymized-{LABEL}\.pdf"', disposition), disposition
    assert identifying_case.reference not in disposition


def test_each_copy_has_a_label_of_its_own_recorded_in_the_audit_trail(lawyer, identifying_case):
    client = client_for(lawyer)
    labels = []
    for _ in range(2):
        response = get_anonymized(client, identifying_case)
        label = re.search(rf"anonymized-({LABEL})\.pdf", response["Content-Disposition"]).group(1)
        assert f"Copy label {label}" in pdf_text(response.content)
        labels.append(label)

    assert labels[0] != labels[1]  # random per rendering: two copies cannot be matched
    events = AuditEvent.objects.filter(action="pdf", object_id=str(identifying_case.pk)).order_by("pk")
    assert [event.copy_label for event in events] == labels
    assert all(event.user == lawyer for event in events)


def test_audit_trail_finds_the_case_of_a_leaked_label(superuser, lawyer, identifying_case):
    response = get_anonymized(client_for(lawyer), identifying_case)
    label = re.search(rf"anonymized-({LABEL})\.pdf", response["Content-Disposition"]).group(1)

    page = client_for(superuser).get("/admin/audit/auditevent/", {"q": label}).content.decode()

    assert identifying_case.reference in page and lawyer.username in page


def test_anonymized_data_carries_no_identifying_value(lawyer, identifying_case):
    # What reaches the template: nothing withheld, so no template change can leak it.
    with translation.override("en"):
        summary = case_summary_data(case_id=identifying_case.pk, user=lawyer, options=SummaryOptions(redacted=True))

    flat = repr(summary)
    assert_identifies_no_one(flat, identifying_case)
    assert "14, 37" not in flat  # the time as a datetime's repr
    assert "2021, 1, 24" not in flat and "2021, 2, 3" not in flat and "1995" not in flat
    assert summary.lawyers == [] and summary.generated_by == "" and summary.reference == ""


def test_admin_action_on_one_case_serves_the_anonymized_copy(lawyer, identifying_case):
    response = client_for(lawyer).post(
        CHANGELIST, {"action": "case_summary_pdf_redacted", "_selected_action": [identifying_case.pk], "index": 0}
    )

    assert re.fullmatch(rf'attachment; filename="anonymized-{LABEL}\.pdf"', response["Content-Disposition"])
    assert_identifies_no_one(pdf_text(response.content), identifying_case)


def test_anonymized_batch_zip_identifies_no_one(lawyer, identifying_case, django_capture_on_commit_callbacks):
    other = CaseFactory(lawyers=[lawyer])
    EvidenceClaimFactory(detention=DetentionFactory(case=other))
    with django_capture_on_commit_callbacks(execute=True):
        client_for(lawyer).post(
            CHANGELIST,
            {"action": "case_summary_pdf_redacted", "_selected_action": [identifying_case.pk, other.pk], "index": 0},
        )

    batch = CaseSummaryBatch.objects.get()
    assert batch.redacted and str(identifying_case.reference) not in batch.download_name
    members = zip_members(batch)
    assert len(members) == 2
    labels = set()
    for name, pdf in members.items():
        match = re.fullmatch(rf"anonymized-({LABEL})\.pdf", name)
        assert match, name
        labels.add(match.group(1))
        text = pdf_text(pdf)
        assert f"Copy label {match.group(1)}" in text and "ANONYMIZED COPY" in text
        assert_identifies_no_one(text, identifying_case)
        assert other.reference not in text and other.reference not in name
    assert len(labels) == 2
    recorded = set(AuditEvent.objects.filter(action="pdf", source="task").values_list("copy_label", flat=True))
    assert recorded == labels


def test_anonymized_summary_reads_in_a_fixed_number_of_queries(lawyer, identifying_case, django_assert_max_num_queries):
    for _ in range(20):
        EvidenceClaimFactory(detention=DetentionFactory(case=identifying_case))

    with django_assert_max_num_queries(10):
        summary = case_summary_data(case_id=identifying_case.pk, user=lawyer, options=SummaryOptions(redacted=True))

    assert len(summary.claims) == 21 and len(summary.timeline) == 21 + 1 + 1
