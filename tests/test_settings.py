"""Settings come from the environment and fail loudly where a default would be unsafe."""

import os
import subprocess
import sys

from django.conf import settings

from casetracker.celery import app as celery_app


def _load_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean_env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}}
    clean_env.update(env, DJANGO_SETTINGS_MODULE="casetracker.settings")
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'])"
    )
    return subprocess.run(  # noqa: S603 - fixed interpreter and code
        [sys.executable, "-c", code],
        env=clean_env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        timeout=60,
    )


def test_production_refuses_to_start_without_secret_key():
    result = _load_settings({"DEBUG": "0"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_postgres_database_url_selects_the_postgresql_backend():
    result = _load_settings({"SECRET_KEY": "x" * 50, "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/anything"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


def test_sqlite_is_the_default_database():
    result = _load_settings({"SECRET_KEY": "x" * 50})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_a_malformed_boolean_is_a_clear_error():
    result = _load_settings({"SECRET_KEY": "x" * 50, "DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr


def test_times_are_stored_in_utc_and_shown_in_moscow_by_default():
    assert settings.USE_TZ is True
    assert os.environ.get("TIME_ZONE", "Europe/Moscow") == settings.TIME_ZONE


def test_tasks_are_acknowledged_late_and_store_no_results():
    conf = celery_app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.task_ignore_result is True
    assert conf.result_backend is None
    assert conf.task_serializer == "json"


def test_tests_use_a_fast_password_hasher():
    assert settings.PASSWORD_HASHERS[0].endswith("MD5PasswordHasher")


def test_passwords_need_twelve_characters():
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password("short-pass1")
    except ValidationError as error:
        assert any("12" in message for message in error.messages)
    else:
        raise AssertionError("an 11-character password was accepted")


def test_a_publication_threshold_below_two_is_refused():
    result = _load_settings({"DEBUG": "1", "CASETRACKER_PUBLISH_MIN_CELL": "1"})
    assert result.returncode != 0
    assert "CASETRACKER_PUBLISH_MIN_CELL must be at least 2" in result.stderr
