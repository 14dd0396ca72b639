"""Bulk import of detention lists: validation, all-or-nothing writes, idempotency."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from openpyxl import Workbook

from casetracker.audit.models import AuditEvent
from casetracker.cases.models import Case, Detention, Event, EvidenceClaim, Hearing, ImportJob, Person
from casetracker.cases.models.imports import ImportStatus
from casetracker.imports import services
from tests.factories import CaseFactory, LegalArticleFactory, PersonFactory

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[2] / "fixtures" / "import_sample.csv"
HEADER = "full_name,birth_date,detained_at,city,region,place_type,place"


def upload(content: bytes | str, name: str = "list.csv") -> SimpleUploadedFile:
    data = content.encode() if isinstance(content, str) else content
    return SimpleUploadedFile(name, data)


def run(user, content, *, name="list.csv", dry_run=False) -> ImportJob:
    job = services.import_job_create(user=user, upload=upload(content, name), dry_run=dry_run, source="admin")
    services.import_job_start(job=job)
    job.refresh_from_db()
    return job


@pytest.fixture
def article():
    return LegalArticleFactory(code="koap", number="20.2", part="5")


def test_sample_file_imports_every_row(lawyer, article):
    job = run(lawyer, SAMPLE.read_bytes())

    assert job.status == ImportStatus.DONE, job.errors
    assert (job.created_count, job.skipped_count, job.rows_total) == (3, 0, 3)
    cases = Case.objects.filter(lawyers=lawyer)
    assert cases.count() == 3
    assert all(case.reference.startswith("CT-") for case in cases)
    detention = Detention.objects.get(place="Пушкинская")
    assert detention.event == Event.objects.get(name="Акция 31 января")
    claim = EvidenceClaim.objects.get(detention=detention)
    assert claim.system_name == "Face ID" and claim.footage_lag_days == 12
    assert claim.footage_event.name == "Акция 23 января"
    assert detention.case.charges.get().article == article
    hearing = Hearing.objects.get(case=detention.case)
    assert hearing.fine_amount == 20000 and hearing.appeal_deadline is not None
    minor = Detention.objects.get(place="Сретенский бульвар")
    assert minor.is_minor is True
    assert AuditEvent.objects.filter(action="create", object_type="cases.case", source="admin").count() == 3


def test_dry_run_writes_nothing(lawyer, article):
    job = run(lawyer, SAMPLE.read_bytes(), dry_run=True)

    assert job.status == ImportStatus.DONE and job.errors == []
    assert not Case.objects.exists() and not Person.objects.exists() and not Event.objects.exists()


def test_confirmed_dry_run_imports(lawyer, article):
    job = run(lawyer, SAMPLE.read_bytes(), dry_run=True)
    services.import_job_confirm(job=job, user=lawyer)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.created_count == 3


def test_reimport_creates_no_duplicates(lawyer, article):
    run(lawyer, SAMPLE.read_bytes())
    again = run(lawyer, SAMPLE.read_bytes())

    assert again.status == ImportStatus.DONE
    assert (again.created_count, again.skipped_count) == (0, 3)
    assert {row["message"] for row in again.skipped} == {"Already imported."}
    assert Detention.objects.count() == 3 and Person.objects.count() == 3


def test_repeated_row_in_one_file_is_skipped(lawyer):
    row = "Иванов Пётр,1990-05-14,2021-02-04 08:15,Москва,Москва,metro,Пушкинская"
    job = run(lawyer, f"{HEADER}\n{row}\n{row}\n")

    assert job.created_count == 1
    assert job.skipped == [{"row": 3, "message": "Same person, time and place as row 2."}]


def test_person_is_matched_by_blind_index(lawyer):
    existing = CaseFactory(lawyers=[lawyer], person__full_name="Иванов Пётр", person__birth_date=None).person
    job = run(lawyer, f"{HEADER}\nиванов  пётр,1990-05-14,2021-02-04 08:15,Москва,Москва,metro,Пушкинская\n")

    assert job.created_count == 1
    assert Person.objects.count() == 1
    assert Detention.objects.get().case.person == existing


def test_person_of_an_invisible_case_is_not_reused(lawyer, other_lawyer):
    CaseFactory(lawyers=[other_lawyer], person__full_name="Иванов Пётр")
    run(lawyer, f"{HEADER}\nИванов Пётр,,2021-02-04 08:15,Москва,Москва,metro,Пушкинская\n")
    assert Person.objects.count() == 2


def test_two_rows_of_one_person_share_the_person(lawyer):
    rows = (
        "Иванов Пётр,1990-05-14,2021-02-04 08:15,Москва,Москва,metro,Пушкинская\n"
        "Иванов Пётр,1990-05-14,2021-03-04 08:15,Москва,Москва,metro,Тверская\n"
    )
    run(lawyer, f"{HEADER}\n{rows}")
    assert Person.objects.count() == 1 and Case.objects.count() == 2


@pytest.mark.parametrize(
    ("cells", "column", "message"),
    [
        ("Иванов,1990-13-45,2021-02-04 08:15,Москва,Москва,metro,Пушкинская", "birth_date", "Enter a date"),
        ("Иванов,,04/02/2021,Москва,Москва,metro,Пушкинская", "detained_at", "Enter a date and time"),
        ("Иванов,,2021-02-04,Москва,Москва,metro,Пушкинская", "detained_at", "Enter a date and time"),
        ("Иванов,,2021-02-04 08:15,Москва,Москва,bus,Пушкинская", "place_type", "Unknown value"),
        (",,2021-02-04 08:15,Москва,Москва,metro,Пушкинская", "full_name", "This field is required."),
        ("Иванов,2030-01-01,2021-02-04 08:15,Москва,Москва,metro,Пушкинская", "birth_date", "future"),
        ("Иванов,2022-01-01,2021-02-04 08:15,Москва,Москва,metro,Пушкинская", "detained_at", "birth date"),
        ("Иванов,,2099-02-04 08:15,Москва,Москва,metro,Пушкинская", "detained_at", "future"),
    ],
)
def test_row_errors_name_row_and_column_and_import_nothing(lawyer, cells, column, message):
    good = "Петров,,2021-02-04 08:15,Москва,Москва,metro,Тверская"
    job = run(lawyer, f"{HEADER}\n{good}\n{cells}\n")

    assert job.status == ImportStatus.INVALID
    assert any(e["row"] == 3 and e["column"] == column and message in e["message"] for e in job.errors), job.errors
    assert not Case.objects.exists() and not Person.objects.exists()
    assert "Иванов" not in str(job.errors)  # never a value from the file


@pytest.mark.parametrize(
    ("extra_header", "extra_cells", "column", "message"),
    [
        ("article", "uk 999", "article", "Unknown article"),
        ("article", "statute 5", "article", "Write the article"),
        ("outcome,fine_amount", "arrest,100", "fine_amount", "outcome “fine”"),
        ("court", "Тверской суд", "hearing_date", "cannot be null"),
        ("event_name", "Акция", "event_date", "Needed with event_name"),
        ("system_name", "Face ID", "method", "Needed"),
        ("footage_date,method", "2021-03-01,cctv_review", "footage_date", "after the detention"),
        ("lawyer", "someone_else", "lawyer", "Only coordinators"),
        ("press_vest", "maybe", "press_vest", "yes or no"),
        ("arrest_days,outcome", "45,arrest", "arrest_days", "at most 30"),
    ],
)
def test_record_errors(lawyer, extra_header, extra_cells, column, message):
    job = run(
        lawyer, f"{HEADER},{extra_header}\nИванов,,2021-02-04 08:15,Москва,Москва,metro,Пушкинская,{extra_cells}\n"
    )
    assert job.status == ImportStatus.INVALID
    assert any(e["column"] == column and message in e["message"] for e in job.errors), job.errors


def test_missing_and_unknown_columns(lawyer):
    job = run(lawyer, "full_name,detained_at,nickname\nИванов,2021-02-04 08:15,x\n")
    assert job.status == ImportStatus.INVALID
    (error,) = job.errors
    assert error["row"] == 1
    assert "Unknown columns: nickname" in error["message"]
    assert "Required columns are missing: city, region, place_type, place" in error["message"]


def test_wrong_encoding_gets_a_clear_answer(lawyer):
    content = f"{HEADER}\nИванов,,2021-02-04 08:15,Москва,Москва,metro,Пушкинская\n".encode("cp1251")
    job = run(lawyer, content)
    assert job.status == ImportStatus.INVALID
    assert "not UTF-8" in job.errors[0]["message"]


def test_semicolon_csv_with_bom(lawyer):
    content = "\ufeff" + HEADER.replace(",", ";") + "\nИванов;;04.02.2021 08:15;Москва;Москва;metro;Пушкинская\n"
    job = run(lawyer, content)
    assert job.status == ImportStatus.DONE and job.created_count == 1


def test_not_a_workbook_is_refused_before_it_is_stored(lawyer):
    with pytest.raises(ValidationError) as refused:
        run(lawyer, b"not a zip", name="list.xlsx")
    assert "does not match its extension “xlsx”" in refused.value.message_dict["file"][0]
    assert not ImportJob.objects.exists()


def test_unreadable_workbook_gets_a_clear_answer(lawyer):
    # An OOXML package by its parts (so the content check lets it through), but no workbook openpyxl can read.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("xl/workbook.xml", "not xml")
    job = run(lawyer, buffer.getvalue(), name="list.xlsx")
    assert job.status == ImportStatus.INVALID and "XLSX" in job.errors[0]["message"]


def test_too_many_rows_is_refused(lawyer, monkeypatch):
    monkeypatch.setattr(services, "MAX_ROWS", 2)
    row = "Иванов,,2021-02-04 08:15,Москва,Москва,metro,Пушкинская"
    job = run(lawyer, f"{HEADER}\n{row}\n{row}\n{row}\n")
    assert job.status == ImportStatus.INVALID and "at most 2" in job.errors[0]["message"]
    assert job.rows_total == 3


def test_large_file_runs_as_task(lawyer, monkeypatch):
    monkeypatch.setattr(services, "SYNC_MAX_ROWS", 1)
    rows = "".join(f"Иванов {i},,2021-02-04 08:15,Москва,Москва,metro,Пушкинская\n" for i in range(3))
    job = services.import_job_create(user=lawyer, upload=upload(f"{HEADER}\n{rows}"), dry_run=False, source="api")
    with TestCase.captureOnCommitCallbacks(execute=True):
        queued = services.import_job_start(job=job)
    assert queued
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and (job.rows_done, job.created_count) == (3, 3)


def test_xlsx_import(coordinator, lawyer):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Full name", "Detained at", "City", "Region", "Place type", "Place", "Lawyer", "Phone"])
    sheet.append(
        [
            "Иванов Пётр",
            dt.datetime(2021, 2, 4, 8, 15),
            "Москва",
            "Москва",
            "metro",
            "Пушкинская",
            "lawyer",
            79000000001,
        ]
    )
    sheet.append([None] * 8)
    sheet.append(["Сидоров", "2021-02-04 09:00", "Москва", "Москва", "home", "ул. Ленина", None, None])
    buffer = io.BytesIO()
    workbook.save(buffer)

    job = run(coordinator, buffer.getvalue(), name="list.xlsx")

    assert job.status == ImportStatus.DONE, job.errors
    assert job.created_count == 2
    assigned = Detention.objects.get(place="Пушкинская").case
    assert list(assigned.lawyers.all()) == [lawyer]
    assert assigned.person.phone == "79000000001"
    assert Detention.objects.get(place="Пушкинская").detained_at.isoformat() == "2021-02-04T05:15:00+00:00"
    home = Detention.objects.get(place_type="home")
    assert (home.place, home.private_address) == ("", "ул. Ленина")  # the address is stored encrypted
    assert not home.case.lawyers.exists()  # coordinator: unassigned


def test_analyst_may_not_import(analyst):
    with pytest.raises(services.PermissionDenied):
        services.import_job_create(user=analyst, upload=upload(HEADER), dry_run=True, source="api")


def test_stored_file_is_encrypted(lawyer, article):
    job = run(lawyer, SAMPLE.read_bytes(), dry_run=True)
    assert "Иванов".encode() not in Path(job.file.path).read_bytes()


def test_existing_person_with_birth_date_counts_for_minor(lawyer):
    PersonFactory(full_name="Юный Иван", birth_date=dt.date(2010, 1, 1), created_by=lawyer)
    run(lawyer, f"{HEADER}\nЮный Иван,,2021-02-04 08:15,Москва,Москва,metro,Пушкинская\n")
    assert Detention.objects.get().is_minor is True


# --- "already imported" only for what the user can see ---

ROW = "Иванов Пётр,1990-05-14,2021-02-04 08:15,Москва,Москва,metro,Пушкинская"


def test_dry_run_does_not_reveal_a_row_of_an_invisible_case(lawyer, other_lawyer):
    run(other_lawyer, f"{HEADER}\n{ROW}\n")
    job = run(lawyer, f"{HEADER}\n{ROW}\n", dry_run=True)

    assert job.status == ImportStatus.DONE
    assert (job.skipped_count, job.skipped) == (0, [])


def test_import_skips_a_row_of_an_invisible_case_without_naming_it(lawyer, other_lawyer):
    run(other_lawyer, f"{HEADER}\n{ROW}\n")
    other_case = Case.objects.get()
    job = run(lawyer, f"{HEADER}\n{ROW}\n")

    assert job.status == ImportStatus.DONE
    assert (job.created_count, job.skipped_count) == (0, 1)
    (skipped,) = job.skipped
    assert skipped["row"] == 2 and "case you cannot see" in skipped["message"]
    assert other_case.reference not in str(job.skipped) and str(other_case.pk) not in skipped["message"]
    assert Detention.objects.count() == 1 and not Case.objects.filter(lawyers=lawyer).exists()


def test_coordinator_is_told_already_imported(coordinator, other_lawyer):
    run(other_lawyer, f"{HEADER}\n{ROW}\n")
    job = run(coordinator, f"{HEADER}\n{ROW}\n", dry_run=True)
    assert job.skipped == [{"row": 2, "message": "Already imported."}]


def test_lawyer_is_told_already_imported_for_own_case(lawyer):
    run(lawyer, f"{HEADER}\n{ROW}\n")
    job = run(lawyer, f"{HEADER}\n{ROW}\n", dry_run=True)
    assert job.skipped == [{"row": 2, "message": "Already imported."}]


def test_unique_key_refuses_a_duplicate_written_meanwhile(lawyer, other_lawyer, monkeypatch):
    # The check found nothing (as if another import committed just after it): the
    # constraint refuses the write, and the whole import writes nothing.
    monkeypatch.setattr(services, "_stored_keys", lambda user, keys: {})
    run(other_lawyer, f"{HEADER}\n{ROW}\n")
    other = "Петров,,2021-02-04 08:15,Москва,Москва,metro,Тверская"
    job = run(lawyer, f"{HEADER}\n{other}\n{ROW}\n")

    assert job.status == ImportStatus.INVALID and "finished first" in job.errors[0]["message"]
    assert Detention.objects.count() == 1


# --- progress of the writing phase ---


@pytest.fixture
def progress_reports(monkeypatch):
    from casetracker.imports.progress import JobProgress

    reports = []
    original = JobProgress.report

    def spy(self, **values):
        reports.append(dict(values, status=values.get("status", self.job.status)))
        original(self, **values)

    monkeypatch.setattr(JobProgress, "report", spy)
    monkeypatch.setattr(services, "CHUNK_ROWS", 2)
    return reports


def numbered_rows(count: int) -> str:
    return "".join(f"Иванов {i},,2021-02-04 08:{i:02d},Москва,Москва,metro,Пушкинская\n" for i in range(count))


def test_import_reports_rows_written_chunk_by_chunk(lawyer, progress_reports):
    job = run(lawyer, f"{HEADER}\n{numbered_rows(5)}")

    assert [(r["status"], r["rows_done"], r["rows_written"]) for r in progress_reports] == [
        ("writing", 2, 2),
        ("writing", 4, 4),
        ("writing", 5, 5),
    ]
    assert (job.status, job.rows_done, job.rows_written, job.created_count) == ("done", 5, 5, 5)


def test_import_stops_writing_at_the_first_error_and_checks_the_rest(lawyer, progress_reports):
    good = "Сидоров,,2021-02-04 09:00,Москва,Москва,metro,Лубянка\n"
    bad_place_type = "Иванов,,2021-02-04 08:15,Москва,Москва,bus,Пушкинская\n"
    in_the_future = "Петров,,2099-01-01 08:00,Москва,Москва,metro,Тверская\n"
    # Chunks of two: rows 2-3 are written, row 4 is wrong, rows 5-6 are only checked.
    job = run(lawyer, f"{HEADER}\n{numbered_rows(2)}{bad_place_type}{good}{in_the_future}")

    assert [r["status"] for r in progress_reports] == ["writing", "validating", "validating"]
    assert progress_reports[1]["rows_written"] == 0
    assert job.status == ImportStatus.INVALID and {e["row"] for e in job.errors} == {4, 6}
    assert job.rows_written == 0
    assert not Case.objects.exists() and not Person.objects.exists()


def test_dry_run_reports_rows_checked_only(lawyer, progress_reports):
    job = run(lawyer, f"{HEADER}\n{numbered_rows(3)}", dry_run=True)
    assert [(r["status"], r["rows_done"]) for r in progress_reports] == [("validating", 2), ("validating", 3)]
    assert all("rows_written" not in r for r in progress_reports) and job.rows_written == 0
