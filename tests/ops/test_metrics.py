"""GET /metrics: a bearer token, request counts by view name, job queue depth and age."""

import datetime as dt

import pytest
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from casetracker.cases.models import ImportJob
from casetracker.cases.models.imports import ImportStatus
from casetracker.reports.models import BatchStatus, CaseSummaryBatch, ReportExport
from tests.conftest import client_for

pytestmark = pytest.mark.django_db

TOKEN = "metrics-test-token-0123456789"


@pytest.fixture
def token(settings):
    settings.CASETRACKER_METRICS_TOKEN = TOKEN


def _scrape(client) -> dict[tuple[str, tuple], float]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def test_unset_token_is_404(client, settings):
    settings.CASETRACKER_METRICS_TOKEN = ""

    assert client.get("/metrics", headers={"Authorization": "Bearer anything"}).status_code == 404


def test_no_token_is_401_with_a_challenge(client, token):
    response = client.get("/metrics")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", [f"Bearer {TOKEN}x", f"Basic {TOKEN}", "Bearer", f"Bearer {TOKEN[:-1]}"])
def test_a_wrong_token_is_refused(client, token, header):
    response = client.get("/metrics", headers={"Authorization": header})

    assert response.status_code in {401, 403}
    assert b"casetracker_" not in response.content


def test_a_session_is_no_substitute_for_the_token(token, superuser):
    assert client_for(superuser).get("/metrics").status_code == 401


def test_requests_are_counted_by_view_name_not_url(client, token, lawyer):
    signed_in = client_for(lawyer)
    before = _scrape(client)
    signed_in.get("/api/v1/cases/")
    signed_in.get("/api/v1/cases/")
    signed_in.get("/api/v1/persons/987654/")

    samples = _scrape(client)

    count = ("casetracker_http_requests_total", (("method", "GET"), ("status", "200"), ("view", "api:case-list")))
    assert samples[count] - before.get(count, 0) == 2
    missing = ("casetracker_http_requests_total", (("method", "GET"), ("status", "404"), ("view", "api:person-detail")))
    assert samples[missing] - before.get(missing, 0) == 1
    latency = ("casetracker_http_request_duration_seconds_count", (("method", "GET"), ("view", "api:case-list")))
    assert samples[latency] - before.get(latency, 0) == 2
    text = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"}).content.decode()
    assert "987654" not in text
    assert "/api/v1/" not in text


def test_job_queue_depth_and_age(client, token, lawyer, django_assert_max_num_queries):
    now = timezone.now()
    old = ImportJob.objects.create(requested_by=lawyer, file_format="csv", source="upload")
    ImportJob.objects.filter(pk=old.pk).update(created_at=now - dt.timedelta(minutes=10))
    ImportJob.objects.create(requested_by=lawyer, file_format="csv", source="upload", status=ImportStatus.WRITING)
    ImportJob.objects.create(requested_by=lawyer, file_format="csv", source="upload", status=ImportStatus.DONE)
    CaseSummaryBatch.objects.create(requested_by=lawyer, language="en", status=BatchStatus.RUNNING)
    CaseSummaryBatch.objects.create(requested_by=lawyer, language="en", status=BatchStatus.FAILED)
    ReportExport.objects.create(requested_by=lawyer, language="en", format="csv", status=BatchStatus.PENDING)

    with django_assert_max_num_queries(3):
        samples = _scrape(client)

    def depth(job: str, state: str) -> float:
        return samples[("casetracker_jobs", (("job", job), ("state", state)))]

    def age(job: str, state: str) -> float:
        return samples[("casetracker_jobs_oldest_age_seconds", (("job", job), ("state", state)))]

    assert (depth("import", "queued"), depth("import", "running")) == (1, 1)
    assert (depth("summary_batch", "queued"), depth("summary_batch", "running")) == (0, 1)
    assert (depth("report_export", "queued"), depth("report_export", "running")) == (1, 0)
    assert 590 <= age("import", "queued") <= 700
    assert age("summary_batch", "queued") == 0
    assert 0 <= age("report_export", "queued") < 60


def test_gunicorn_workers_counts_add_up_in_multiprocess_mode(tmp_path):
    """Two processes (as two gunicorn workers) count; a scrape of either sees both."""
    import os
    import subprocess
    import sys

    from django.conf import settings

    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update({"DEBUG": "1", "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)})
    observe = (
        "from casetracker.ops.metrics import observe_request as o; o(view='v:x', method='GET', status=200, seconds=0.1)"
    )
    # The job gauges (tested above) need a migrated database; this process has none.
    render = (
        "from casetracker.ops import metrics as m; m.JobQueueCollector.collect = lambda self: iter(()); "
        "print(m.render_metrics()[0].decode())"
    )

    def shell(code: str) -> str:
        result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
            [sys.executable, "manage.py", "shell", "-c", code],
            env=env, capture_output=True, text=True, cwd=settings.BASE_DIR, timeout=120,
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        return result.stdout

    shell(observe)
    text = shell(f"{observe}; {render}")

    assert 'casetracker_http_requests_total{method="GET",status="200",view="v:x"} 2.0' in text
