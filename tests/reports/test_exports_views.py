"""Report exports on the web: who may start, follow and download them; expiry and purge."""

import datetime as dt
import io
import os
import re

import pytest
from django.core.management import call_command
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from casetracker.accounts.roles import ANALYST
from casetracker.audit.models import AuditEvent
from casetracker.reports.exports.selectors import export_panel
from casetracker.reports.exports.services import report_exports_purge_expired
from casetracker.reports.models import BatchStatus, ReportExport
from casetracker.reports.statistics.filters import ReportFilters
from tests.conftest import client_for, close_response
from tests.factories import make_user
from tests.reports.exports_data import build_export_data, csv_records, run_export

pytestmark = pytest.mark.django_db

CREATE = reverse("reports:export-create")
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)")


def status_url(export: ReportExport) -> str:
    return reverse("reports:export-status", args=[export.pk])


def download_url(export: ReportExport) -> str:
    return reverse("reports:export-download", args=[export.pk])


def read_download(response) -> bytes:
    try:
        return b"".join(response.streaming_content)
    finally:
        close_response(response)


@pytest.mark.parametrize(("role", "expected"), [("lawyer", 403), ("analyst", 302), ("coordinator", 302)])
def test_who_may_start_an_export(role, expected, users, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(users[role]).post(CREATE, {"format": "csv", "region": "Москва"})
    assert response.status_code == expected
    if expected == 302:
        export = ReportExport.objects.get(requested_by=users[role])
        assert response["Location"] == status_url(export)
        assert export.filters == {"region": "Москва"} and export.status == BatchStatus.DONE


def test_anonymous_is_sent_to_sign_in():
    response = client_for(None).post(CREATE, {"format": "csv"})
    assert response.status_code == 302 and "login" in response["Location"]


@pytest.mark.parametrize("data", [{"format": "docx"}, {"format": "csv", "date_from": "not a date"}, {}])
def test_invalid_filters_or_format_go_back_with_a_message(data, analyst):
    response = client_for(analyst).post(CREATE, data, follow=False)
    assert response.status_code == 302
    assert not ReportExport.objects.exists()
    messages = [str(message) for message in response.wsgi_request._messages]
    assert messages and "could not be started" in messages[0]


def test_lawyer_gets_403_on_status_and_download(lawyer, analyst, django_capture_on_commit_callbacks):
    export = run_export(django_capture_on_commit_callbacks, analyst, "csv")
    client = client_for(lawyer)
    assert client.get(status_url(export)).status_code == 403
    assert client.get(download_url(export)).status_code == 403


def test_another_analysts_export_is_404(analyst, superuser, django_capture_on_commit_callbacks):
    export = run_export(django_capture_on_commit_callbacks, analyst, "csv")
    colleague = make_user(ANALYST, username="analyst2")
    for user in (colleague, superuser):  # superusers too: only the requester holds the copy
        client = client_for(user)
        assert client.get(status_url(export)).status_code == 404
        assert client.get(download_url(export)).status_code == 404


def test_status_page_refreshes_while_running_and_links_the_download(analyst):
    export = ReportExport.objects.create(requested_by=analyst, format="dataset", language="en", total=10, done=4)
    page = client_for(analyst).get(status_url(export)).content.decode()
    assert '<meta http-equiv="refresh" content="3">' in page
    assert 'value="4"' in page
    assert not INLINE_SCRIPT.search(page) and "style=" not in page  # the strict CSP

    ReportExport.objects.filter(pk=export.pk).update(status=BatchStatus.FAILED, error="Building the export failed.")
    page = client_for(analyst).get(status_url(export)).content.decode()
    assert "http-equiv" not in page and "Building the export failed." in page


def test_download_decrypts_with_type_name_and_no_store(analyst, django_capture_on_commit_callbacks):
    build_export_data()
    export = run_export(django_capture_on_commit_callbacks, analyst, "dataset")
    page = client_for(analyst).get(status_url(export)).content.decode()
    assert download_url(export) in page and "http-equiv" not in page

    response = client_for(analyst).get(download_url(export))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    assert f'filename="casetracker-dataset-{export.pk}.csv"' in response["Content-Disposition"]
    body = read_download(response)
    assert int(response["Content-Length"]) == len(body)
    assert len(csv_records(body)) == 3
    assert AuditEvent.objects.filter(action="download", object_id=str(export.pk), user=analyst).exists()


def test_xlsx_download_content_type(analyst, django_capture_on_commit_callbacks):
    export = run_export(django_capture_on_commit_callbacks, analyst, "xlsx")
    response = client_for(analyst).get(download_url(export))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert read_download(response).startswith(b"PK")


def test_expired_export_is_410_then_purged(analyst, django_capture_on_commit_callbacks):
    export = run_export(django_capture_on_commit_callbacks, analyst, "csv")
    path = export.file.path
    ReportExport.objects.filter(pk=export.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    client = client_for(analyst)
    assert client.get(download_url(export)).status_code == 410
    assert client.get(status_url(export)).status_code == 410

    out = io.StringIO()
    call_command("purge_expired_exports", stdout=out)
    assert "Report exports: deleted 1 expired." in out.getvalue()
    assert not ReportExport.objects.filter(pk=export.pk).exists()
    assert not os.path.exists(path)


def test_purge_keeps_live_exports_and_sweeps_orphan_files(analyst, django_capture_on_commit_callbacks):
    export = run_export(django_capture_on_commit_callbacks, analyst, "csv")
    orphan = export.file.path.replace(f"report-export-{export.pk}.", "report-export-999999.")
    with open(orphan, "wb") as handle:
        handle.write(b"left behind")
    assert report_exports_purge_expired(now=timezone.now() + dt.timedelta(minutes=1)) == 0
    assert ReportExport.objects.filter(pk=export.pk).exists()
    later = timezone.now() + dt.timedelta(days=30)
    assert report_exports_purge_expired(now=later) == 1
    assert not os.path.exists(orphan)


def test_export_panel_lists_recent_exports_with_the_filters_as_hidden_inputs(
    analyst, lawyer, django_capture_on_commit_callbacks, rf
):
    export = run_export(django_capture_on_commit_callbacks, analyst, "csv")
    filters = ReportFilters(region="Москва", publish=True)
    request = rf.get("/reports/")
    request.user = analyst
    html = render_to_string(
        "reports/_export_panel.html",
        {**export_panel(analyst, filters), "filter_query": filters.as_query()},
        request=request,
    )
    assert f'action="{CREATE}"' in html and "csrfmiddlewaretoken" in html
    assert '<input type="hidden" name="region" value="Москва">' in html
    assert '<input type="hidden" name="publish" value="1">' in html
    for value in ("csv", "xlsx", "pdf", "dataset"):
        assert f'name="format" value="{value}"' in html
    assert download_url(export) in html
    assert export_panel(lawyer, filters)["can_export"] is False
