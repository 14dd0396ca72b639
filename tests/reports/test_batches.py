"""The "Case summary PDF" admin action, ZIP batches, their status page, download and expiry."""

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from casetracker.audit.models import AuditEvent
from casetracker.reports.models import BatchStatus, CaseSummaryBatch
from casetracker.reports.storage import private_export_storage
from casetracker.reports.summaries.services import batch_build
from tests.conftest import client_for
from tests.reports.conftest import make_batch, pdf_compact, pdf_text, zip_members

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/cases/case/"


def run_action(client, action: str, cases):
    return client.post(
        CHANGELIST, {"action": action, "_selected_action": [case.pk for case in cases], "index": 0, "select_across": 0}
    )


def test_action_with_one_case_returns_the_pdf(lawyer, own_case):
    response = run_action(client_for(lawyer), "case_summary_pdf", [own_case])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{own_case.reference}.pdf"'
    assert own_case.reference in pdf_text(response.content)
    assert AuditEvent.objects.get(action="pdf").source == "admin"


def test_redacted_action_with_one_case_returns_the_redacted_pdf(lawyer, own_case):
    response = run_action(client_for(lawyer), "case_summary_pdf_redacted", [own_case])

    text = pdf_text(response.content)
    assert "Person A" in text and own_case.person.full_name not in text


def test_action_with_three_cases_builds_a_zip(lawyer, three_cases, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(client_for(lawyer), "case_summary_pdf", three_cases)

    batch = CaseSummaryBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/reports/batches/{batch.pk}/"
    assert (batch.status, batch.done, batch.total, batch.requested_by) == (BatchStatus.DONE, 3, 3, lawyer)
    members = zip_members(batch)
    assert sorted(members) == sorted(f"{case.reference}.pdf" for case in three_cases)
    for case in three_cases:
        assert f"Systemof{case.reference}" in pdf_compact(members[f"{case.reference}.pdf"])  # a narrow column
    stored = Path(batch.file.path)
    assert stored.is_relative_to(private_export_storage().location)
    assert stored.stat().st_mode & 0o077 == 0
    events = AuditEvent.objects.filter(action="pdf")
    assert sorted(int(event.object_id) for event in events) == sorted(case.pk for case in three_cases)
    assert {event.source for event in events} == {"task"}


def test_batch_in_russian_when_the_admin_is_in_russian(lawyer, three_cases, django_capture_on_commit_callbacks):
    client = client_for(lawyer)
    selected = [case.pk for case in three_cases[:2]]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            CHANGELIST,
            {"action": "case_summary_pdf_redacted", "_selected_action": selected, "index": 0},
            HTTP_ACCEPT_LANGUAGE="ru",
        )

    batch = CaseSummaryBatch.objects.get()
    assert (batch.language, batch.redacted) == ("ru", True)
    members = zip_members(batch)
    assert len(members) == 2 and all(name.startswith("anonymized-") for name in members)
    text = pdf_text(next(iter(members.values())))
    assert "распознавание лиц (метро)" in text


def test_task_leaves_out_cases_the_requester_no_longer_sees(lawyer, three_cases, foreign_case):
    batch = make_batch(lawyer, [*three_cases[:2], foreign_case])
    three_cases[1].lawyers.remove(lawyer)

    batch_build(batch=batch)

    batch.refresh_from_db()
    assert sorted(zip_members(batch)) == [f"{three_cases[0].reference}.pdf"]
    assert (batch.done, batch.total) == (1, 1)


def test_task_is_idempotent(lawyer, three_cases):
    batch = make_batch(lawyer, three_cases)

    batch_build(batch=batch)
    batch.refresh_from_db()
    first = zip_members(batch)
    batch_build(batch=batch)
    batch.refresh_from_db()

    assert batch.status == BatchStatus.DONE
    assert sorted(zip_members(batch)) == sorted(first)
    assert not list(Path(private_export_storage().location).glob("*.part"))


def test_status_page_shows_progress_and_refreshes(lawyer, three_cases):
    batch = make_batch(lawyer, three_cases, done=1)

    response = client_for(lawyer).get(f"/reports/batches/{batch.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert '<meta http-equiv="refresh" content="3">' in page
    assert "1 / 3" in page
    assert "/download/" not in page


def test_status_page_of_a_finished_batch_links_the_download(lawyer, three_cases):
    batch = make_batch(lawyer, three_cases)
    batch_build(batch=batch)

    response = client_for(lawyer).get(f"/reports/batches/{batch.pk}/")

    page = response.content.decode()
    assert f'href="/reports/batches/{batch.pk}/download/"' in page
    assert 'http-equiv="refresh"' not in page


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("lawyer", 200),
        ("other_lawyer", 404),
        ("coordinator", 404),
        ("analyst", 404),
        ("superuser", 200),
        ("anonymous", 302),
    ],
)
def test_only_the_requester_and_superusers_see_a_batch(users, lawyer, three_cases, role, expected):
    batch = make_batch(lawyer, three_cases)
    batch_build(batch=batch)
    client = client_for(users[role])

    assert client.get(f"/reports/batches/{batch.pk}/").status_code == expected
    download = client.get(f"/reports/batches/{batch.pk}/download/")
    assert download.status_code == expected
    if expected == 200:
        assert download["Content-Type"] == "application/zip"
        assert "no-store" in download["Cache-Control"]
        assert f'filename="case-summaries-{batch.pk}.zip"' in download["Content-Disposition"]


def test_unfinished_batch_cannot_be_downloaded(lawyer, three_cases):
    batch = make_batch(lawyer, three_cases)
    assert client_for(lawyer).get(f"/reports/batches/{batch.pk}/download/").status_code == 404


def test_expired_batch_is_refused_and_purged(lawyer, three_cases, settings):
    expired = make_batch(lawyer, three_cases[:2])
    fresh = make_batch(lawyer, three_cases[2:])
    batch_build(batch=expired)
    batch_build(batch=fresh)
    expired.refresh_from_db()
    fresh.refresh_from_db()
    CaseSummaryBatch.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    client = client_for(lawyer)

    assert client.get(f"/reports/batches/{expired.pk}/").status_code == 410
    assert client.get(f"/reports/batches/{expired.pk}/download/").status_code == 410

    call_command("purge_expired_exports", stdout=io.StringIO())

    assert not Path(expired.file.path).exists()
    assert not CaseSummaryBatch.objects.filter(pk=expired.pk).exists()
    assert client.get(f"/reports/batches/{expired.pk}/download/").status_code == 404
    assert Path(fresh.file.path).exists()
    assert client.get(f"/reports/batches/{fresh.pk}/download/").status_code == 200


def test_expiry_follows_the_setting(lawyer, settings):
    settings.CASETRACKER_EXPORT_TTL_HOURS = 2
    batch = make_batch(lawyer, [])
    assert dt.timedelta(hours=1, minutes=59) < batch.expires_at - timezone.now() <= dt.timedelta(hours=2)


def test_purge_removes_orphaned_files(lawyer, settings):
    directory = Path(private_export_storage().location)
    directory.mkdir(parents=True)
    orphan = directory / "batch-999.zip.part"
    orphan.write_bytes(b"half a zip")
    old = (timezone.now() - dt.timedelta(hours=settings.CASETRACKER_EXPORT_TTL_HOURS + 1)).timestamp()
    os.utime(orphan, (old, old))

    call_command("purge_expired_exports", stdout=io.StringIO())

    assert not orphan.exists()


def test_analyst_has_no_action(analyst, own_case):
    assert run_action(client_for(analyst), "case_summary_pdf", [own_case]).status_code == 403
