"""Report exports built by the real worker, against committed rows and shared storage."""

import os
import time
from pathlib import Path

import pytest

from casetracker.audit.models import AuditEvent
from casetracker.protected.crypto.files import MAGIC
from casetracker.reports.exports.services import report_export_delete, report_export_request
from casetracker.reports.models import BatchStatus, ReportExport
from casetracker.reports.statistics.filters import ReportFilters
from tests.factories import make_user
from tests.reports.exports_data import NAME, build_export_data, csv_records, export_bytes

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

WORKER_TIMEOUT_SECONDS = 60
POLL_INTERVAL_SECONDS = 0.5


def wait_until_finished(export_pk: int) -> ReportExport:
    deadline = time.monotonic() + WORKER_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        export = ReportExport.objects.get(pk=export_pk)
        if export.is_finished:
            return export
        time.sleep(POLL_INTERVAL_SECONDS)
    pytest.fail(
        f"No worker finished report export {export_pk} within {WORKER_TIMEOUT_SECONDS} s: is a Celery worker "
        "consuming CELERY_BROKER_URL, with the test database and CASETRACKER_PRIVATE_MEDIA_ROOT?"
    )


def test_worker_builds_the_dataset_and_the_report(celery_worker_app):
    # A superuser: transactional tests flush the role groups the migrations created.
    requester = make_user(None, username="report_export_requester", is_superuser=True)
    build_export_data()

    dataset = report_export_request(user=requester, filters=ReportFilters(), export_format="dataset", language="ru")
    report = report_export_request(user=requester, filters=ReportFilters(), export_format="csv", language="ru")

    finished = [wait_until_finished(dataset.pk), wait_until_finished(report.pk)]
    try:
        for export in finished:
            assert export.status == BatchStatus.DONE, export.error
            stored = Path(export.file.path)
            shared = os.environ.get("CASETRACKER_PRIVATE_MEDIA_ROOT")
            if shared:
                assert stored.is_relative_to(shared)
            assert stored.read_bytes().startswith(MAGIC)  # encrypted by the worker
        rows = csv_records(export_bytes(finished[0]))
        assert len(rows) == finished[0].rows == 3  # consent `none` left out
        assert NAME not in export_bytes(finished[0]).decode("utf-8-sig")
        labels = {row["key"]: row["label"] for row in csv_records(export_bytes(finished[1]))}
        assert labels["facial_recognition_metro"] == "распознавание лиц (метро)"  # the export's language
        assert AuditEvent.objects.filter(action="export", user=requester).count() == 2
    finally:
        for export in finished:
            report_export_delete(export=export)  # the storage directory is shared with other runs
