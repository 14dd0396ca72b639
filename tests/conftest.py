"""The base set of users every permission test draws from, and shared fixtures."""

import pytest
from django.test import Client

from casetracker.accounts.roles import ANALYST, COORDINATOR, LAWYER
from tests.factories import CaseFactory, DetentionFactory, EvidenceClaimFactory, make_user


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Each test stores documents in its own directory (never the developer's files)."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "documents"


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
