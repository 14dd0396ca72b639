"""Fixtures and helpers for the case summary tests: a fully recorded case, PDF reading."""

import datetime as dt
import io
import re
import zipfile

import pytest
from pypdf import PdfReader

from casetracker.cases import choices
from casetracker.cases.models import Case
from casetracker.reports.models import CaseSummaryBatch
from tests.factories import (
    MOSCOW,
    CaseFactory,
    CaseNoteFactory,
    ChargeFactory,
    DetentionFactory,
    DocumentFactory,
    EventFactory,
    EvidenceClaimFactory,
    HearingFactory,
    PersonFactory,
)

PERSONAL = {
    "full_name": "Соколова Анна Викторовна",
    "phone": "+7 916 555-12-34",
    "email": "anna.sokolova@example.org",
    "social_media": "@sokolova_anna_1990",
    "passport_last4": "4821",
    "birth_date": dt.date(1990, 5, 17),
}
NOTE_TEXT = "Позвонить матери Анны до заседания."
NARRATIVE = "Задержана у турникета; сотрудник назвал систему «Сфера»."
CLAIM_NOTES = "Сотрудник сказал, что Анну опознали по фото из ВКонтакте."
DOCUMENT_NAME = "protocol_sokolova.txt"
DOCUMENT_DESCRIPTION = "Протокол о задержании Соколовой"
HOME_ADDRESS = "ул. Тверская, д. 7, кв. 12"


def pdf_reader(pdf: bytes) -> PdfReader:
    assert pdf.startswith(b"%PDF-"), pdf[:40]
    return PdfReader(io.BytesIO(pdf))


def pdf_text(pdf: bytes) -> str:
    """All pages' text with runs of whitespace made one space (lines wrap anywhere)."""
    text = "\n".join(page.extract_text() or "" for page in pdf_reader(pdf).pages)
    return re.sub(r"\s+", " ", text)


def pdf_compact(pdf: bytes) -> str:
    """The text with no whitespace at all: for hashes, which may wrap mid-string."""
    return re.sub(r"\s+", "", pdf_text(pdf))


def page_count(pdf: bytes) -> int:
    return len(pdf_reader(pdf).pages)


@pytest.fixture
def full_case(lawyer) -> Case:
    """A case with every kind of record: a person with all personal fields, two
    detentions (one at home), claims, a charge, hearings with outcomes, a document, a note."""
    person = PersonFactory(**PERSONAL, region="Москва", is_journalist=True)
    case = CaseFactory(
        lawyers=[lawyer], person=person, status=choices.CaseStatus.IN_COURT, summary="Кратко: Анна задержана."
    )
    rally = EventFactory(name="Акция 23 января", date=dt.date(2021, 1, 23))
    metro = DetentionFactory(
        case=case,
        detained_at=dt.datetime(2021, 1, 28, 9, 15, tzinfo=MOSCOW),
        place="Пушкинская",
        authority="ОВД Тверской",
        event=rally,
        narrative=NARRATIVE,
    )
    home = DetentionFactory(
        case=case,
        detained_at=dt.datetime(2021, 2, 2, 7, 0, tzinfo=MOSCOW),
        place_type=choices.PlaceType.HOME,
        place=HOME_ADDRESS,
    )
    EvidenceClaimFactory(
        detention=metro,
        method=choices.IdentificationMethod.FACIAL_RECOGNITION_METRO,
        system_name="Sfera Face ID",
        camera_location="турникет, вестибюль 2",
        footage_event=rally,
        source=choices.ClaimSource.POLICE_STATEMENT,
        reliability=choices.Reliability.REPORTED,
        contested=True,
        notes=CLAIM_NOTES,
    )
    EvidenceClaimFactory(
        detention=home,
        method=choices.IdentificationMethod.PASSPORT_PHOTO_MATCH,
        system_name="",
        source=choices.ClaimSource.COURT_RECORD,
        reliability=choices.Reliability.DOCUMENTED,
    )
    ChargeFactory(case=case, filed_at=dt.date(2021, 1, 29))
    HearingFactory(case=case, date=dt.date(2021, 2, 3), outcome=choices.HearingOutcome.FINE, fine_amount=15000)
    HearingFactory(
        case=case,
        date=dt.date(2021, 2, 5),
        outcome=choices.HearingOutcome.ARREST,
        fine_amount=None,
        arrest_days=10,
        judge="Судья Петрова",
    )
    DocumentFactory(case=case, description=DOCUMENT_DESCRIPTION, original_name=DOCUMENT_NAME)
    CaseNoteFactory(case=case, text=NOTE_TEXT, author=lawyer)
    return case


@pytest.fixture
def three_cases(lawyer) -> list[Case]:
    cases = [CaseFactory(lawyers=[lawyer]) for _ in range(3)]
    for case in cases:
        EvidenceClaimFactory(detention=DetentionFactory(case=case), system_name=f"System of {case.reference}")
    return cases


def make_batch(user, cases, **fields) -> CaseSummaryBatch:
    return CaseSummaryBatch.objects.create(
        requested_by=user, case_ids=[case.pk for case in cases], language="en", total=len(cases), **fields
    )


def zip_members(batch: CaseSummaryBatch) -> dict[str, bytes]:
    """The members of a batch's ZIP, read through the storage, which decrypts it (the file on disk is encrypted)."""
    with batch.file.open("rb") as handle, zipfile.ZipFile(io.BytesIO(handle.read())) as zf:
        return {name: zf.read(name) for name in zf.namelist()}
