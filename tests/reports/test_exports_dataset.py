"""The anonymized row-level dataset: rows, pseudonyms, consent, no personal value, streaming."""

import datetime as dt
import io

import pytest

from casetracker.reports.exports import dataset
from casetracker.reports.exports.dataset import COLUMNS, Pseudonymizer, write_dataset_csv
from casetracker.reports.models import BatchStatus
from casetracker.reports.statistics.filters import ReportFilters
from tests.factories import MOSCOW, CaseFactory, DetentionFactory, EvidenceClaimFactory, HearingFactory
from tests.reports.exports_data import (
    BIRTH_DATE,
    EVIL_EVENT,
    HOME_ADDRESS,
    MINUS_PLACE,
    NAME,
    NARRATIVE,
    NO_CONSENT_NAME,
    PHONE,
    build_export_data,
    csv_records,
    export_bytes,
    run_export,
)

pytestmark = pytest.mark.django_db


def test_dataset_rows_one_per_detention_of_consenting_people(analyst, django_capture_on_commit_callbacks):
    data = build_export_data()
    export = run_export(django_capture_on_commit_callbacks, analyst, "dataset")

    assert export.status == BatchStatus.DONE, export.error
    assert (export.rows, export.done, export.total) == (3, 3, 3)
    assert export.download_name == f"casetracker-dataset-{export.pk}.csv"
    rows = csv_records(export_bytes(export))
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == 3  # the person with consent `none` is left out
    metro, minor, home = sorted(rows, key=lambda row: row["detention_date"])
    assert metro == {
        "person": metro["person"],
        "detention_date": "2021-01-28",
        "region": "Москва",
        "city": "Москва",
        "place_type": "metro",
        "place": "Пушкинская",
        "event": "'" + EVIL_EVENT,
        "event_date": "2021-01-23",
        "present_at_event": "yes",
        "press_vest": "false",
        "force_used": "false",
        "minor": "false",
        "methods": "cctv_review;facial_recognition_metro",
        "facial_recognition": "true",
        "footage_lag_days": "5",
        "charges": "koap 20.2 part 5",
        "outcomes": "fine;arrest",
        "fines_total": "15000",
        "arrest_days": "10",
    }
    assert home["person"] == metro["person"]  # the same person, the same pseudonym
    assert (home["place_type"], home["place"], home["methods"], home["footage_lag_days"]) == ("home", "", "", "")
    assert minor["person"] != metro["person"] and minor["person"].startswith("P-") and len(minor["person"]) == 18
    # 00:30 Moscow time on 1 February: that day, although 31 January in UTC.
    assert (minor["detention_date"], minor["minor"], minor["press_vest"], minor["force_used"]) == (
        "2021-02-01",
        "true",
        "true",
        "true",
    )
    assert minor["place"] == "'" + MINUS_PLACE
    assert minor["charges"] == minor["outcomes"] == "" and minor["fines_total"] == "0"
    assert data.refuser.pk  # counted in the aggregates, absent here


def test_dataset_holds_no_personal_value(analyst, django_capture_on_commit_callbacks):
    data = build_export_data()
    export = run_export(django_capture_on_commit_callbacks, analyst, "dataset")

    text = export_bytes(export).decode("utf-8-sig")
    for personal in (NAME, NO_CONSENT_NAME, PHONE, NARRATIVE, HOME_ADDRESS, BIRTH_DATE.isoformat()):
        assert personal not in text
    # The bare birth year is looked for outside the pseudonyms, whose hex digits hold "1990" by chance.
    assert not any(
        "1990" in value for row in csv_records(export_bytes(export)) for key, value in row.items() if key != "person"
    )
    for person in (data.anna, data.minor):
        assert person.cases.get().reference not in text
    assert "Санкт-Петербург" not in text  # the refuser's detention, in full


def test_pseudonyms_differ_between_exports(analyst, django_capture_on_commit_callbacks):
    build_export_data()
    first = run_export(django_capture_on_commit_callbacks, analyst, "dataset")
    second = run_export(django_capture_on_commit_callbacks, analyst, "dataset")

    assert {row["person"] for row in csv_records(export_bytes(first))}.isdisjoint(
        row["person"] for row in csv_records(export_bytes(second))
    )


def test_pseudonymizer_is_stable_for_one_secret_only():
    one, other = Pseudonymizer(), Pseudonymizer()
    assert one(42) == one(42) != one(43)
    assert one(42) != other(42)


def test_dataset_is_encrypted_on_disk(analyst, django_capture_on_commit_callbacks):
    build_export_data()
    export = run_export(django_capture_on_commit_callbacks, analyst, "dataset")

    with open(export.file.path, "rb") as handle:
        on_disk = handle.read()
    assert on_disk.startswith(b"CTF1")
    assert "Пушкинская".encode() not in on_disk and b"detention_date" not in on_disk


def test_dataset_respects_the_filters():
    build_export_data()
    stream = io.StringIO()
    count = write_dataset_csv(ReportFilters(date_from=dt.date(2021, 2, 1), date_to=dt.date(2021, 2, 1)), stream)
    assert count == 1
    assert stream.getvalue().splitlines()[1].split(",")[1] == "2021-02-01"


def _detentions(count: int) -> None:
    for index in range(count):
        detention = DetentionFactory(
            case=CaseFactory(), detained_at=dt.datetime(2021, 1, 28, 9, 15, tzinfo=MOSCOW) + dt.timedelta(hours=index)
        )
        EvidenceClaimFactory(detention=detention)
        HearingFactory(case=detention.case)


@pytest.mark.parametrize("detentions", [12, 24])
def test_dataset_reads_a_fixed_number_of_queries_per_chunk(detentions, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(dataset, "CHUNK_SIZE", 5)
    _detentions(detentions)
    chunks = -(-detentions // 5)
    progress: list[int] = []

    # Per chunk: detentions, claims, charges, hearings; then one empty read that ends it.
    with django_assert_num_queries(4 * chunks + 1):
        count = write_dataset_csv(ReportFilters(), io.StringIO(), progress=progress.append)

    assert count == detentions
    assert progress[-1] == detentions and len(progress) == chunks
