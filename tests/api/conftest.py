"""API clients per role and a case tree with one record of every kind."""

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from tests.factories import (
    CaseFactory,
    CaseNoteFactory,
    ChargeFactory,
    DetentionFactory,
    DocumentFactory,
    EvidenceClaimFactory,
    HearingFactory,
)


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    # Throttle counters live in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


def api_client(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def case_tree(case) -> dict:
    """One record of every kind on `case`, by resource name."""
    detention = DetentionFactory(case=case)
    return {
        "cases": case,
        "persons": case.person,
        "detentions": detention,
        "evidence-claims": EvidenceClaimFactory(detention=detention),
        "charges": ChargeFactory(case=case),
        "hearings": HearingFactory(case=case),
        "documents": DocumentFactory(case=case),
        "notes": CaseNoteFactory(case=case),
    }


@pytest.fixture
def own_tree(lawyer):
    return case_tree(CaseFactory(lawyers=[lawyer], person__full_name="Соколова Анна Викторовна"))


@pytest.fixture
def foreign_tree(other_lawyer):
    return case_tree(CaseFactory(lawyers=[other_lawyer], person__full_name="Кузнецов Дмитрий Олегович"))


def url(resource: str, pk=None) -> str:
    return f"/api/v1/{resource}/" if pk is None else f"/api/v1/{resource}/{pk}/"
