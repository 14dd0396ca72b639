"""The permission matrix: every resource, every role, own and foreign cases.

Lawyer: own cases read/write (no deleting cases or persons); another lawyer's case and
everything on it is 404. Coordinator and superuser: everything. Analyst: 403 on every
individual record (reference data is readable). Anonymous: 401.
"""

import pytest

from tests.api.conftest import api_client, url
from tests.api.payloads import CASE_RECORDS, CHANGES, NESTED, new_record

RESOURCES = ["cases", "persons", *NESTED]
ROLES = ["lawyer", "coordinator", "analyst", "superuser", "anonymous"]


def expected_status(role: str, tree: str, resource: str, method: str) -> int:
    if role == "anonymous":
        return 401
    if role == "analyst":
        return 403
    if role == "lawyer" and tree == "foreign":
        return 404
    if method in {"GET", "PATCH"}:
        return 200
    if resource in {"cases", "persons"} and role == "lawyer":
        return 403  # no delete permission for cases and persons
    if resource == "persons":
        return 409  # the person still has a case (PROTECT)
    return 204


MATRIX = [
    pytest.param(
        role,
        tree,
        resource,
        method,
        expected_status(role, tree, resource, method),
        id=f"{role}-{method}-{tree}-{resource}",
    )
    for role in ROLES
    for tree in ("own", "foreign")
    for resource in RESOURCES
    for method in ("GET", "PATCH", "DELETE")
]


@pytest.mark.parametrize(("role", "tree", "resource", "method", "status"), MATRIX)
def test_record_permission_matrix(users, own_tree, foreign_tree, role, tree, resource, method, status):
    record = (own_tree if tree == "own" else foreign_tree)[resource]
    client = api_client(users[role])
    target = url(resource, record.pk)
    if method == "GET":
        response = client.get(target)
    elif method == "PATCH":
        response = client.patch(target, CHANGES[resource], format="json")
    else:
        response = client.delete(target)
    assert response.status_code == status, response.content
    if status == 404:
        assert response.json() == {"detail": "Not found."}
    if method == "DELETE":
        gone = not type(record).objects.filter(pk=record.pk).exists()
        assert gone == (status == 204)


@pytest.mark.parametrize("resource", RESOURCES)
@pytest.mark.parametrize(
    ("role", "status", "sees_foreign"),
    [
        ("lawyer", 200, False),
        ("coordinator", 200, True),
        ("superuser", 200, True),
        ("analyst", 403, None),
        ("anonymous", 401, None),
    ],
)
def test_list_shows_only_visible_records(users, own_tree, foreign_tree, resource, role, status, sees_foreign):
    response = api_client(users[role]).get(url(resource))
    assert response.status_code == status
    if status != 200:
        return
    ids = {row["id"] for row in response.json()["results"]}
    assert own_tree[resource].pk in ids
    assert (foreign_tree[resource].pk in ids) is sees_foreign


@pytest.mark.parametrize("resource", NESTED)
@pytest.mark.parametrize(
    ("role", "tree", "status"),
    [
        ("lawyer", "own", 201),
        ("lawyer", "foreign", 400),
        ("coordinator", "foreign", 201),
        ("superuser", "own", 201),
        ("analyst", "own", 403),
        ("anonymous", "own", 401),
    ],
)
def test_create_record_on_case(users, own_tree, foreign_tree, resource, role, tree, status):
    body, fmt = new_record(resource, own_tree if tree == "own" else foreign_tree)
    model = type(own_tree[resource])
    before = model.objects.count()
    response = api_client(users[role]).post(url(resource), body, format=fmt)
    assert response.status_code == status, response.content
    assert model.objects.count() == before + (1 if status == 201 else 0)


@pytest.mark.parametrize("resource", CASE_RECORDS)
def test_lawyer_cannot_attach_a_record_to_a_case_they_cannot_see(users, foreign_tree, resource):
    body, fmt = new_record(resource, foreign_tree)
    response = api_client(users["lawyer"]).post(url(resource), body, format=fmt)
    assert response.status_code == 400
    # The case "does not exist" for them: the same message as for an unknown id.
    assert response.json()["case"] == [f'Invalid pk "{foreign_tree["cases"].pk}" - object does not exist.']


def test_lawyer_cannot_attach_a_claim_to_a_detention_they_cannot_see(users, foreign_tree):
    body, _ = new_record("evidence-claims", foreign_tree)
    response = api_client(users["lawyer"]).post(url("evidence-claims"), body, format="json")
    assert response.status_code == 400
    assert "detention" in response.json()


@pytest.mark.parametrize("resource", CASE_RECORDS)
def test_a_record_cannot_be_moved_to_another_case(users, own_tree, foreign_tree, resource):
    record = own_tree[resource]
    response = api_client(users["coordinator"]).patch(
        url(resource, record.pk), {"case": foreign_tree["cases"].pk}, format="json"
    )
    assert response.status_code == 400
    assert "case" in response.json()
    record.refresh_from_db()
    assert record.case_id == own_tree["cases"].pk


# --- Reference data -------------------------------------------------------------

REFERENCE = [
    # (role, method, events status, legal-articles status)
    ("lawyer", "GET", 200, 200),
    ("lawyer", "POST", 201, 403),
    ("lawyer", "PATCH", 403, 403),
    ("lawyer", "DELETE", 403, 403),
    ("analyst", "GET", 200, 200),
    ("analyst", "POST", 403, 403),
    ("analyst", "PATCH", 403, 403),
    ("coordinator", "GET", 200, 200),
    ("coordinator", "POST", 201, 201),
    ("coordinator", "PATCH", 200, 200),
    ("coordinator", "DELETE", 204, 204),
    ("superuser", "PATCH", 200, 200),
    ("anonymous", "GET", 401, 401),
]


@pytest.mark.parametrize(("role", "method", "event_status", "article_status"), REFERENCE)
def test_reference_data_permissions(users, role, method, event_status, article_status):
    from tests.factories import EventFactory, LegalArticleFactory

    client = api_client(users[role])
    samples = {
        "events": (EventFactory(), {"name": "Марш", "date": "2021-02-14", "city": "Москва"}, {"place": "Арбат"}),
        "legal-articles": (LegalArticleFactory(), {"code": "uk", "number": "212.1"}, {"title": "Нарушение"}),
    }
    for resource, status in (("events", event_status), ("legal-articles", article_status)):
        record, new, change = samples[resource]
        if method == "GET":
            response = client.get(url(resource, record.pk))
        elif method == "POST":
            response = client.post(url(resource), new, format="json")
        elif method == "PATCH":
            response = client.patch(url(resource, record.pk), change, format="json")
        else:
            response = client.delete(url(resource, record.pk))
        assert response.status_code == status, (resource, response.content)


def test_deleting_an_article_still_charged_is_a_conflict(users, own_tree):
    article = own_tree["charges"].article
    response = api_client(users["coordinator"]).delete(url("legal-articles", article.pk))
    assert response.status_code == 409
    assert "detail" in response.json()
