"""Every background job (import, summary batch, report export) answers the one base's questions."""

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from casetracker.cases.models import ImportJob
from casetracker.cases.models.imports import ImportStatus
from casetracker.cases.models.jobs import BackgroundJob, JobState, Progress, jobs_owned_by
from casetracker.reports.models import BatchStatus, CaseSummaryBatch, ReportExport, ReportExportFormat

JOB_MODELS = [ImportJob, CaseSummaryBatch, ReportExport]
NOW = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize("model", JOB_MODELS)
def test_every_job_inherits_the_base_with_its_shared_fields(model):
    assert issubclass(model, BackgroundJob)
    for name in ("requested_by", "created_at", "finished_at"):
        assert model._meta.get_field(name).model is model
    # The owner rule and the shared page need the owner under the one name.
    assert model.OWNER_FIELD == "requested_by"


@pytest.mark.parametrize("model", JOB_MODELS)
def test_every_status_of_a_job_has_a_state(model):
    statuses = {value for value, _label in model._meta.get_field("status").choices}
    assert set(model.STATUS_STATES) == statuses
    assert set(model.STATUS_STATES.values()) == set(JobState)


@pytest.mark.parametrize(
    ("status", "state", "finished"),
    [
        (ImportStatus.PENDING, JobState.RUNNING, False),
        (ImportStatus.VALIDATING, JobState.RUNNING, False),
        (ImportStatus.WRITING, JobState.RUNNING, False),
        (ImportStatus.DONE, JobState.FINISHED, True),
        (ImportStatus.INVALID, JobState.FAILED, True),
        (ImportStatus.FAILED, JobState.FAILED, True),
    ],
)
def test_an_import_maps_its_statuses(status, state, finished):
    job = ImportJob(status=status)
    assert job.job_state() is state
    assert job.is_finished is finished
    assert job.succeeded is (state is JobState.FINISHED)
    assert job.failed is (state is JobState.FAILED)


@pytest.mark.parametrize("model", [CaseSummaryBatch, ReportExport])
@pytest.mark.parametrize(
    ("status", "state"),
    [
        (BatchStatus.PENDING, JobState.RUNNING),
        (BatchStatus.RUNNING, JobState.RUNNING),
        (BatchStatus.DONE, JobState.FINISHED),
        (BatchStatus.FAILED, JobState.FAILED),
    ],
)
def test_a_file_job_maps_its_statuses(model, status, state):
    job = model(status=status)
    assert job.job_state() is state
    assert job.is_finished is (state is not JobState.RUNNING)


def test_an_import_counts_rows_checked_then_rows_written():
    checking = ImportJob(status=ImportStatus.VALIDATING, rows_total=200, rows_done=50, rows_written=0)
    writing = ImportJob(status=ImportStatus.WRITING, rows_total=200, rows_done=200, rows_written=30)
    assert checking.job_progress() == Progress(done=50, total=200)
    assert checking.job_progress().percent == 25
    assert writing.job_progress() == Progress(done=30, total=200)
    assert writing.job_progress().percent == 15


@pytest.mark.parametrize("model", [CaseSummaryBatch, ReportExport])
def test_a_file_job_counts_its_own_steps(model):
    job = model(status=BatchStatus.RUNNING, done=3, total=4)
    assert job.job_progress() == Progress(done=3, total=4)
    assert job.job_progress().percent == 75
    # Before the task has counted, the bar stays at zero instead of dividing by it.
    assert model(done=0, total=0).job_progress().percent == 0


def test_an_import_file_expires_a_ttl_after_the_upload_and_when_deleted(settings):
    settings.CASETRACKER_IMPORT_TTL_HOURS = 6
    kept = ImportJob(file="imports/abc", created_at=NOW)
    assert kept.job_expires_at() == NOW + dt.timedelta(hours=6)
    assert not kept.is_expired_at(NOW + dt.timedelta(hours=5, minutes=59))
    assert kept.is_expired_at(NOW + dt.timedelta(hours=6))
    # Once its file is deleted, nothing can be downloaded or confirmed any more.
    deleted = ImportJob(file="", created_at=NOW)
    assert deleted.job_expires_at() is None
    assert deleted.is_expired_at(NOW)


@pytest.mark.parametrize("model", [CaseSummaryBatch, ReportExport])
def test_a_file_job_expires_at_its_expiry(model):
    job = model(expires_at=NOW)
    assert job.job_expires_at() == NOW
    assert not job.is_expired_at(NOW - dt.timedelta(seconds=1))
    assert job.is_expired_at(NOW)
    assert model(expires_at=timezone.now() + dt.timedelta(hours=1)).is_expired is False
    assert model(expires_at=timezone.now() - dt.timedelta(hours=1)).is_expired is True


@pytest.mark.django_db
def test_the_expiry_query_finds_what_the_expiry_method_says(lawyer, settings):
    settings.CASETRACKER_IMPORT_TTL_HOURS = 1
    now = timezone.now()
    jobs = [
        ImportJob.objects.create(requested_by=lawyer, file="imports/a", file_format="csv", source="api"),
        ImportJob.objects.create(requested_by=lawyer, file="", file_format="csv", source="api"),
        CaseSummaryBatch.objects.create(requested_by=lawyer, language="en", expires_at=now),
        ReportExport.objects.create(
            requested_by=lawyer, language="en", format=ReportExportFormat.CSV, expires_at=now + dt.timedelta(days=1)
        ),
    ]
    later = now + dt.timedelta(hours=2)
    found = [type(job).objects.filter(type(job).expired_filter(now=later), pk=job.pk).exists() for job in jobs]
    # The upload kept past its hour and the batch past its expiry; a deleted upload is
    # expired too but has nothing left to purge; the export still has a day.
    assert found == [True, False, True, False]
    assert [job.is_expired_at(later) for job in jobs] == [True, True, True, False]


@pytest.mark.django_db
@pytest.mark.parametrize("model", JOB_MODELS)
def test_a_job_belongs_to_who_requested_it(model, lawyer, other_lawyer, superuser):
    job = model(requested_by=lawyer)
    assert job.is_owned_by(lawyer)
    assert not job.is_owned_by(other_lawyer)
    assert not job.is_owned_by(superuser)
    assert not job.is_owned_by(AnonymousUser())
    assert not job.is_owned_by(None)


@pytest.mark.django_db
def test_jobs_owned_by_keeps_the_owners_rows_only(lawyer, other_lawyer, superuser):
    mine = CaseSummaryBatch.objects.create(requested_by=lawyer, language="en")
    CaseSummaryBatch.objects.create(requested_by=other_lawyer, language="en")
    assert list(jobs_owned_by(CaseSummaryBatch.objects.all(), lawyer, superusers_see_all=False)) == [mine]
    assert jobs_owned_by(CaseSummaryBatch.objects.all(), superuser, superusers_see_all=False).count() == 0
    assert jobs_owned_by(CaseSummaryBatch.objects.all(), superuser, superusers_see_all=True).count() == 2
    assert jobs_owned_by(CaseSummaryBatch.objects.all(), AnonymousUser(), superusers_see_all=True).count() == 0


@pytest.mark.parametrize(
    "job",
    [
        ImportJob(pk=7, status=ImportStatus.WRITING, rows_total=10, rows_done=10, rows_written=4),
        CaseSummaryBatch(pk=7, status=BatchStatus.RUNNING, done=4, total=10, expires_at=NOW),
        ReportExport(pk=7, status=BatchStatus.RUNNING, done=4, total=10, expires_at=NOW),
    ],
    ids=lambda job: type(job).__name__,
)
def test_the_status_page_context_is_the_same_for_every_job(job):
    context = job.status_context()
    assert context["job"] is job
    assert context["title"] == str(job) and "7" in context["title"]
    assert context["state"] is JobState.RUNNING
    assert context["progress"] == Progress(done=4, total=10)
    assert context["expires_at"] == job.job_expires_at()
