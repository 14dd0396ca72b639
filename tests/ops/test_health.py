"""GET /health/: each part's state, 503 naming what is down, no sign-in, few queries."""

import datetime as dt

import pytest
from django.db import DatabaseError
from django.utils import timezone

from casetracker.accounts.roles import LAWYER
from casetracker.audit.models import AuditEvent
from casetracker.ops import health
from casetracker.ops.models import Heartbeat
from casetracker.ops.tasks import WORKER_COMPONENT, record_worker_heartbeat
from tests.conftest import client_for
from tests.factories import make_user

pytestmark = pytest.mark.django_db

KEYS = {"status", "down", "database", "broker", "worker", "migrations", "storage"}


@pytest.fixture
def eager(settings):
    settings.CELERY_BROKER_URL = ""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.CASETRACKER_HEALTH_MIN_FREE_MB = 1


@pytest.fixture
def with_broker(settings):
    # A port nothing listens on: the connection is refused at once.
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CASETRACKER_HEALTH_BROKER_TIMEOUT = 1
    settings.CASETRACKER_HEALTH_MIN_FREE_MB = 1


def test_all_well_without_a_broker_is_200_with_every_key(client, eager, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        response = client.get("/health/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == KEYS
    assert body["status"] == "ok"
    assert body["down"] == []
    assert body["database"] == {"status": "ok"}
    assert body["broker"] == {"status": "eager"}
    assert body["worker"] == {"status": "eager"}
    assert body["migrations"] == {"status": "ok", "pending": 0}
    assert body["storage"]["status"] == "ok"
    assert body["storage"]["free_mb"] > 0
    assert response["Cache-Control"].startswith("max-age=0")


def test_broken_database_is_503_naming_it(client, eager, monkeypatch):
    def broken_cursor(*args, **kwargs):
        raise DatabaseError("could not connect to server: Connection refused, host db.internal port 5432")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", broken_cursor)

    response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["database"] == {"status": "down", "detail": "query failed"}
    # The parts that read the database say why, without a second wait.
    assert body["migrations"]["status"] == "down"
    assert set(body["down"]) == {"database", "migrations"}
    # The error's own text (a host name) stays in the log, out of the public answer.
    assert "db.internal" not in response.content.decode()


def test_unreachable_broker_is_503(client, with_broker):
    response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["broker"] == {"status": "down", "detail": "no connection"}
    assert "broker" in body["down"]
    assert "127.0.0.1" not in response.content.decode()


def test_worker_heartbeat_states(with_broker, monkeypatch):
    now = timezone.now()
    assert health.check_worker(now=now)["status"] == "unknown"

    record_worker_heartbeat()
    fresh = health.check_worker(now=now + dt.timedelta(seconds=30))
    assert fresh["status"] == "ok"
    assert 0 <= fresh["age_seconds"] <= 31

    stale = health.check_worker(now=now + dt.timedelta(minutes=10))
    assert stale["status"] == "down"
    assert stale["age_seconds"] >= 599


def test_heartbeat_task_overwrites_one_row():
    record_worker_heartbeat()
    first = Heartbeat.objects.get(component=WORKER_COMPONENT).beat_at
    record_worker_heartbeat()

    assert Heartbeat.objects.count() == 1
    assert Heartbeat.objects.get(component=WORKER_COMPONENT).beat_at >= first


def test_the_beat_schedule_queues_the_heartbeat(settings):
    from casetracker.celery import app

    app.loader.import_default_modules()
    entry = settings.CELERY_BEAT_SCHEDULE["worker-heartbeat"]
    assert entry["task"] in app.tasks
    assert entry["schedule"] <= settings.CASETRACKER_HEALTH_HEARTBEAT_MAX_AGE / 2


def test_pending_migrations_are_503(client, eager, monkeypatch):
    monkeypatch.setattr(
        "django.db.migrations.executor.MigrationExecutor.migration_plan", lambda self, targets: [("x", False)]
    )

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["migrations"] == {"status": "down", "detail": "1 migration(s) not applied", "pending": 1}


def test_storage_not_writable_is_503(client, eager, settings, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a directory")
    settings.PRIVATE_MEDIA_ROOT = blocker / "documents"

    response = client.get("/health/")

    assert response.status_code == 503
    assert response.json()["storage"] == {"status": "down", "detail": "not writable"}


def test_storage_short_of_space_is_503(client, eager, settings):
    settings.CASETRACKER_HEALTH_MIN_FREE_MB = 10**12

    response = client.get("/health/")

    assert response.status_code == 503
    body = response.json()
    assert body["storage"]["status"] == "down"
    assert body["down"] == ["storage"]


def test_the_storage_check_leaves_no_file(client, eager, settings):
    client.get("/health/")

    assert list(settings.PRIVATE_MEDIA_ROOT.iterdir()) == []


def test_no_sign_in_no_session_no_audit_even_for_an_unverified_staff_user(eager, settings):
    settings.CASETRACKER_REQUIRE_2FA = True
    client = client_for(make_user(LAWYER, username="lawyer_2fa"))  # signed in: the login is audited
    audited = AuditEvent.objects.count()

    response = client.get("/health/")

    assert response.status_code == 200
    assert AuditEvent.objects.count() == audited


def test_an_anonymous_probe_gets_no_cookie(client, eager):
    response = client.get("/health/")

    assert response.status_code == 200
    assert not response.cookies


def test_only_safe_methods(client, eager):
    assert client.post("/health/").status_code == 405
