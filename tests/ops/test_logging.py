"""Logs: JSON lines with LOG_FORMAT=json, a request id that follows the request into its
tasks and comes back in the response, and never a personal value."""

import copy
import io
import json
import logging.config
import subprocess
import sys
import urllib.parse

import pytest
from celery.signals import task_prerun
from django.conf import settings as django_settings

from casetracker.celery import app
from casetracker.ops.request_id import REQUEST_ID_HEADER, TASK_HEADER, bind_request_id, current_request_id
from casetracker.ops.task_context import add_request_id_header, bind_task_request_id, unbind_task_request_id
from casetracker.ops.tasks import record_worker_heartbeat
from tests.conftest import client_for
from tests.factories import CaseFactory, PersonFactory

pytestmark = pytest.mark.django_db

SURNAME = "Сидорова"
FULL_NAME = f"{SURNAME} Анна Викторовна"
PHONE = "+7 916 123-45-67"
PHONE_DIGITS = "9161234567"


@pytest.fixture
def json_log():
    """The project's LOGGING with LOG_FORMAT=json, its console writing into a buffer."""
    config = copy.deepcopy(django_settings.LOGGING)
    config["handlers"]["console"]["formatter"] = "json"
    stream = io.StringIO()
    config["handlers"]["console"]["stream"] = stream
    logging.config.dictConfig(config)
    try:
        yield stream
    finally:
        logging.config.dictConfig(django_settings.LOGGING)


def _lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]


def test_a_request_touching_a_person_logs_neither_name_nor_phone(json_log, lawyer):
    case = CaseFactory(person=PersonFactory(full_name=FULL_NAME, phone=PHONE), lawyers=[lawyer])
    client = client_for(lawyer)
    answers = [
        client.get("/api/v1/persons/", {"name": SURNAME, "phone": PHONE}),
        client.get(f"/api/v1/persons/{case.person_id}/"),
        client.get("/admin/cases/case/", {"q": SURNAME}),
        client.get(f"/admin/cases/case/{case.pk}/change/"),
        # A 404 and a 405 whose URL holds the name: Django logs their path.
        client.get(f"/api/v1/persons/{SURNAME}/"),
        client.get(f"/nowhere/{SURNAME}/{PHONE_DIGITS}/"),
        client.post(f"/health/?q={SURNAME}"),
    ]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 200, 404, 404, 405]
    text = json_log.getvalue()
    lines = _lines(json_log)
    assert len(lines) >= len(answers)
    forbidden = {*FULL_NAME.split(), PHONE_DIGITS, "916 123", "123-45-67", urllib.parse.quote(SURNAME)}
    for value in forbidden:
        assert value not in text, value
        assert value.lower() not in text.lower(), value
    # Every answer's id is in its log lines; the 404s and the 405 are logged twice
    # (ours and Django's), both with the id.
    logged_ids = [line["request_id"] for line in lines]
    for answer in answers:
        assert logged_ids.count(answer[REQUEST_ID_HEADER]) >= 1
    for answer in answers[4:]:
        assert logged_ids.count(answer[REQUEST_ID_HEADER]) == 2
    request_lines = [line for line in lines if line["logger"] == "casetracker.requests"]
    assert {line["view"] for line in request_lines} >= {"api:person-list", "api:person-detail", "unresolved"}
    assert set(lines[0]) >= {"time", "level", "logger", "message", "request_id"}


def test_every_log_line_is_one_json_object_with_log_format_json():
    code = "import logging; logging.getLogger('casetracker.x').warning('one\\ntwo')"
    result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "manage.py", "shell", "-c", code],
        env={**_env(), "LOG_FORMAT": "json", "DEBUG": "1"},
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1
    record = json.loads(lines[0])
    assert record["message"] == "one\ntwo"
    assert record["level"] == "WARNING"
    assert record["logger"] == "casetracker.x"
    assert record["request_id"] == "-"


def test_an_unknown_log_format_stops_the_start_with_one_line():
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env={**_env(), "LOG_FORMAT": "xml", "DEBUG": "1"},
        capture_output=True,
        text=True,
        cwd=django_settings.BASE_DIR,
        timeout=120,
    )

    assert result.returncode != 0
    assert "LOG_FORMAT must be text or json, got 'xml'" in result.stderr


def _env() -> dict[str, str]:
    import os

    return {key: value for key, value in os.environ.items() if key not in {"DJANGO_SETTINGS_MODULE", "LOG_FORMAT"}}


def test_the_request_id_is_generated_and_returned(client):
    first = client.get("/health/")[REQUEST_ID_HEADER]
    second = client.get("/health/")[REQUEST_ID_HEADER]

    assert len(first) == 32
    assert first != second
    assert current_request_id() is None  # forgotten once the response is done


def test_the_proxys_request_id_is_taken_only_behind_a_trusted_proxy(client, settings):
    proxy_id = "5f0c4b1e9a7d4e2f8c3b6a1d0e9f8a7b"
    assert client.get("/health/", headers={"X-Request-ID": proxy_id})[REQUEST_ID_HEADER] != proxy_id

    settings.CASETRACKER_TRUSTED_PROXY_COUNT = 1
    assert client.get("/health/", headers={"X-Request-ID": proxy_id})[REQUEST_ID_HEADER] == proxy_id


@pytest.mark.parametrize("hostile", ["Sidorova-Anna-Viktorovna", "+79161234567", "abc", "0" * 65, "a\nb" * 10])
def test_a_request_id_that_could_carry_a_value_is_replaced(client, settings, hostile):
    settings.CASETRACKER_TRUSTED_PROXY_COUNT = 1

    returned = client.get("/health/", headers={"X-Request-ID": hostile})[REQUEST_ID_HEADER]

    assert returned != hostile
    assert len(returned) == 32


def test_a_published_task_carries_the_request_id(settings):
    """A real publish (kombu's in-memory transport): the id is in the message's headers."""
    token = bind_request_id("0123456789abcdef0123456789abcdef")
    always_eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        with app.connection_for_write("memory://") as connection:
            record_worker_heartbeat.apply_async(connection=connection, queue="ops-test")
            message = connection.SimpleQueue("ops-test").get(timeout=2)
    finally:
        app.conf.task_always_eager = always_eager
        from casetracker.ops.request_id import unbind_request_id

        unbind_request_id(token)

    assert message.headers[TASK_HEADER] == "0123456789abcdef0123456789abcdef"
    assert message.headers["task"] == "casetracker.ops.tasks.record_worker_heartbeat"


def test_a_worker_runs_the_task_under_the_request_id_from_its_headers():
    headers: dict = {}
    token = bind_request_id("fedcba9876543210fedcba9876543210")
    add_request_id_header(headers=headers)
    from casetracker.ops.request_id import unbind_request_id

    unbind_request_id(token)
    seen: list[str | None] = []

    def during_task(**kwargs) -> None:
        seen.append(current_request_id())

    task_prerun.connect(during_task)
    try:
        record_worker_heartbeat.apply(headers=headers)  # eager: headers under request.headers
        # A worker puts the message's headers on the request itself.
        record_worker_heartbeat.push_request(**headers)
        bind_task_request_id(task_id="t-1", task=record_worker_heartbeat)
        seen.append(current_request_id())
        unbind_task_request_id(task_id="t-1")
        record_worker_heartbeat.pop_request()
    finally:
        task_prerun.disconnect(during_task)

    assert seen == ["fedcba9876543210fedcba9876543210"] * 2
    assert current_request_id() is None
