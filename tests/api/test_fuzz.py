"""Schemathesis fuzzes every operation of the OpenAPI schema, as a coordinator and as a lawyer.

The schema is loaded from the WSGI application in-process (no server, no network) and
every request goes through the whole Django stack with a Bearer token. A run fails on
any 5xx and on any response the schema does not describe (status code, content type,
headers, body). Each example runs in a savepoint that is rolled back, so a DELETE or a
PUT never takes the case tree away from the examples after it.
"""

import os

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from casetracker.accounts.roles import COORDINATOR, LAWYER
from casetracker.api.tokens import token_issue
from casetracker.wsgi import application
from tests.api.conftest import case_tree
from tests.factories import CaseFactory, EventFactory, make_user

pytestmark = pytest.mark.fuzz

# Examples per operation and role: about 60 operations x 2 roles in about 1.5 minutes on
# a 2-core machine. derandomize: CI fuzzes the same inputs on every run, so a failure is
# reproducible rather than a flake. Search deeper locally with CASETRACKER_FUZZ_EXAMPLES=200.
MAX_EXAMPLES = int(os.environ.get("CASETRACKER_FUZZ_EXAMPLES", "15"))


@pytest.fixture
def _django_connection_kept_open():
    """Keep the test's database connection across the WSGI requests.

    Django closes "old" connections when a request starts and finishes; inside the
    test's transaction that would close it and fail every later query. Django's own test
    client disconnects the same handler, for the same reason.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Server errors, and responses the schema does not describe.
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


# Body fields that refer to other records, and the resource each refers to: random ids
# would only ever exercise the "does not exist" branch.
REFERENCES = {
    "case": "cases",
    "person": "persons",
    "detention": "detentions",
    "event": "events",
    "article": "legal-articles",
}


# Schemathesis's own pytest integration (`schemathesis.pytest.from_fixture` with
# `@schema.parametrize()`) renames the running item through `Item._nodeid`, which pytest 9
# no longer has; so each role's test walks the operations itself, one Hypothesis run each,
# and reports every failing operation at the end.
@pytest.mark.parametrize("role", [COORDINATOR, LAWYER])
def test_api_conforms_to_its_schema(role, db, settings, _django_connection_kept_open):
    # A few thousand requests in a minute: the per-user limit would answer 429 to most.
    settings.CASETRACKER_API_THROTTLE_RATE = "1000000/min"
    user = make_user(role, username=f"fuzz_{role}")
    tree = case_tree(CaseFactory(lawyers=[user] if role == LAWYER else []))
    token, secret = token_issue(user=user, name="fuzz")
    ids = {resource: record.pk for resource, record in tree.items()}
    detention = tree["detentions"]
    detention.event = EventFactory()
    detention.save(update_fields=["event"])
    ids["events"] = detention.event_id
    ids["legal-articles"] = tree["charges"].article_id
    headers = {"Authorization": f"Bearer {secret}"}
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application, headers=headers)

    failures = []
    for result in schema.get_all_operations():
        operation = result.ok()
        try:
            fuzz_operation(operation, headers=headers, ids=ids, token_id=token.pk)
        except (Exception, FailureGroup) as exc:
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)


def fuzz_operation(operation, *, headers: dict, ids: dict, token_id: int) -> None:
    """Examples of one operation: valid and invalid input (schema-wise), for the user's own records and random ids."""
    resource = operation.path.split("/")[3]  # /api/v1/<resource>/...
    strategies = [operation.as_strategy(), operation.as_strategy(GenerationMode.NEGATIVE)]
    if "{id}" in operation.path and resource in ids:
        strategies += [
            operation.as_strategy(path_parameters={"id": ids[resource]}),
            operation.as_strategy(GenerationMode.NEGATIVE, path_parameters={"id": ids[resource]}),
        ]

    @given(case=st.one_of(strategies), real_references=st.booleans())
    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def run(case, real_references):
        if case.method == "DELETE" and resource == "tokens" and case.path_parameters == {"id": token_id}:
            # Revoking the token the fuzzer signs in with would turn every later example into a 401.
            return
        if real_references and isinstance(case.body, dict):
            for field, referred in REFERENCES.items():
                if field in case.body:
                    case.body[field] = ids[referred]
        # Each example in a savepoint that is rolled back: a DELETE or PUT never takes the
        # case tree away from the examples after it.
        with transaction.atomic():
            case.call_and_validate(headers=headers, checks=CHECKS)
            transaction.set_rollback(True)

    run()
