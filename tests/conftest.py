"""The base set of users every permission test draws from, and shared fixtures."""

import pytest
from django.conf import settings
from django.core.signals import request_finished
from django.db import close_old_connections
from django.test import Client
from django.utils import translation

from casetracker.accounts.roles import ANALYST, COORDINATOR, LAWYER, role_groups_sync
from tests.factories import CaseFactory, DetentionFactory, EvidenceClaimFactory, make_user


@pytest.fixture(autouse=True)
def _default_language():
    """A request in Russian leaves Russian active in this thread; start each test in English."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _calendar_overrides_read_afresh():
    """A coordinator's non-working day added by a test goes with its rollback: forget the cached days."""
    from casetracker.deadlines.calendar import overrides_forget

    overrides_forget()
    yield
    overrides_forget()


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Each test stores documents in its own directory (never the developer's files)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "documents"


@pytest.fixture(autouse=True)
def _role_groups_in_transactional_tests(request):
    """Re-create the role groups after a transactional test has flushed them.

    `transaction=True` tests (worker, browser) empty every table afterwards. The flush
    re-runs the post_migrate sync, but make sure here, with the same function, so a
    test never depends on another's teardown.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and (marker.kwargs.get("transaction") or "live_server" in request.fixturenames)
    if not transactional:
        return
    request.getfixturevalue("_django_db_helper")
    role_groups_sync()


@pytest.fixture
def lawyer(db):
    return make_user(LAWYER, username="lawyer")


@pytest.fixture
def other_lawyer(db):
    return make_user(LAWYER, username="other_lawyer")


@pytest.fixture
def coordinator(db):
    return make_user(COORDINATOR, username="coordinator")


@pytest.fixture
def analyst(db):
    return make_user(ANALYST, username="analyst")


@pytest.fixture
def superuser(db):
    return make_user(None, username="root", is_superuser=True)


@pytest.fixture
def users(lawyer, other_lawyer, coordinator, analyst, superuser):
    """Role name -> user; "anonymous" -> None."""
    return {
        "lawyer": lawyer,
        "other_lawyer": other_lawyer,
        "coordinator": coordinator,
        "analyst": analyst,
        "superuser": superuser,
        "anonymous": None,
    }


def close_response(response) -> None:
    """Close a response (and its file) as the test client would, keeping the DB connection.

    `response.close()` fires request_finished, whose close_old_connections handler drops
    a connection that is inside the test's transaction (PostgreSQL; SQLite's in-memory
    database ignores it).
    """
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def own_case(lawyer):
    """A case assigned to `lawyer`, with a detention and a facial-recognition claim."""
    case = CaseFactory(lawyers=[lawyer], person__full_name="Соколова Анна Викторовна")
    EvidenceClaimFactory(detention=DetentionFactory(case=case))
    return case


@pytest.fixture
def foreign_case(other_lawyer):
    """A case assigned only to `other_lawyer`: it must not exist for `lawyer`."""
    case = CaseFactory(lawyers=[other_lawyer], person__full_name="Кузнецов Дмитрий Олегович")
    EvidenceClaimFactory(detention=DetentionFactory(case=case, place="Маяковская"))
    return case
