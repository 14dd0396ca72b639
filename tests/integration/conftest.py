"""Integration tests run tasks through a real Celery worker, not in-process.

They need a broker and a worker that reads the same database and document storage as
the tests; `.ci/run` provides both in its PostgreSQL run. Without `CELERY_BROKER_URL`
they skip, so the default (SQLite, eager Celery) run stays self-contained.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from celery import Celery

from casetracker.celery import app


@pytest.fixture(autouse=True)
def _private_media(settings) -> None:
    """Overrides the per-test document directory of tests/conftest.py: the worker must
    read the files a test writes, so both use the shared CASETRACKER_PRIVATE_MEDIA_ROOT."""
    shared = os.environ.get("CASETRACKER_PRIVATE_MEDIA_ROOT")
    if shared:
        settings.PRIVATE_MEDIA_ROOT = Path(shared)


@pytest.fixture
def celery_worker_app() -> Iterator[Celery]:
    """The project's Celery app, switched from eager mode to the real broker for one test."""
    broker_url = os.environ.get("CELERY_BROKER_URL")
    if not broker_url:
        pytest.skip("needs a running Celery worker: set CELERY_BROKER_URL (see .ci/run)")
    previous = (app.conf.task_always_eager, app.conf.broker_url)
    app.conf.task_always_eager = False
    app.conf.broker_url = broker_url
    try:
        yield app
    finally:
        app.conf.task_always_eager, app.conf.broker_url = previous
