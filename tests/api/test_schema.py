"""OpenAPI schema and the Swagger UI page: complete, valid, and served without any CDN."""

import re

import pytest
import yaml
from django.core.management import call_command
from rest_framework.test import APIClient

from tests.api.conftest import api_client

RESOURCES = [
    "persons",
    "events",
    "cases",
    "detentions",
    "evidence-claims",
    "charges",
    "hearings",
    "documents",
    "legal-articles",
    "notes",
    "tokens",
]


@pytest.fixture
def schema(tmp_path, db):
    path = tmp_path / "schema.yml"
    # --validate checks against the OpenAPI 3 specification; --fail-on-warn makes any
    # field or parameter whose type could not be derived an error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    return yaml.safe_load(path.read_text())


def test_schema_validates_and_lists_every_endpoint(schema):
    assert schema["openapi"].startswith("3.")
    for resource in RESOURCES:
        assert f"/api/v1/{resource}/" in schema["paths"]
        assert f"/api/v1/{resource}/{{id}}/" in schema["paths"]
    assert schema["components"]["securitySchemes"]["tokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
        "description": schema["components"]["securitySchemes"]["tokenAuth"]["description"],
    }


def test_every_operation_parameter_and_field_is_described(schema):
    undescribed = []
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            if not operation.get("summary"):
                undescribed.append(f"{method} {path}")
            undescribed += [
                f"{method} {path} ?{p['name']}" for p in operation.get("parameters", []) if not p.get("description")
            ]
    for name, component in schema["components"]["schemas"].items():
        undescribed += [
            f"{name}.{prop}" for prop, spec in component.get("properties", {}).items() if not spec.get("description")
        ]
    assert undescribed == []


def test_error_answers_are_documented(schema):
    detail = schema["paths"]["/api/v1/cases/{id}/"]
    assert set(detail["patch"]["responses"]) == {"200", "400", "401", "403", "404", "429"}
    assert set(detail["delete"]["responses"]) == {"204", "401", "403", "404", "409", "429"}
    # A page past the end of a list is 404; a bad filter value is 400.
    assert {"400", "404"} <= set(schema["paths"]["/api/v1/cases/"]["get"]["responses"])
    assert "409" not in schema["paths"]["/api/v1/tokens/{id}/"]["delete"]["responses"]


def test_unmatched_api_url_answers_json_404(lawyer):
    response = api_client(lawyer).get("/api/v1/cases/1.5/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_choice_values_are_the_designs(schema):
    enums = schema["components"]["schemas"]
    assert enums["CaseStatusEnum"]["enum"] == ["intake", "active", "in_court", "appeal", "echr", "closed"]
    assert "facial_recognition_metro" in enums["IdentificationMethodEnum"]["enum"]
    assert enums["PlaceTypeEnum"]["enum"] == ["metro", "street", "home", "workplace", "at_event", "transport", "other"]


def test_schema_and_docs_need_a_signed_in_user(db):
    assert APIClient().get("/api/schema/").status_code == 401
    assert APIClient().get("/api/docs/").status_code == 401


def test_schema_is_served_to_users(lawyer):
    response = api_client(lawyer).get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/v1/cases/" in response.json()["paths"]


def _docs(user):
    client = APIClient()
    client.force_login(user)
    return client


def test_docs_page_loads_only_local_files(lawyer):
    response = _docs(lawyer).get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls, html
    for found in urls:
        assert found.startswith("/static/") or found.startswith("/api/docs/?"), found
    assert "//" not in "".join(u for u in urls if not u.startswith("/api/docs/"))
    assert "swagger-ui-bundle.js" in html
    # Nothing inline: script-src and style-src are 'self' (django-csp).
    assert re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html) is None
    assert "<style" not in html and "style=" not in html


def test_docs_script_is_a_separate_file(lawyer):
    response = _docs(lawyer).get("/api/docs/", {"script": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in response.content.decode()
    assert "http://" not in response.content.decode() and "https://" not in response.content.decode()


def test_swagger_ui_files_come_from_the_installed_sidecar(lawyer):
    from django.contrib.staticfiles import finders

    html = _docs(lawyer).get("/api/docs/").content.decode()
    for path in re.findall(r'(?:src|href)="/static/([^"?]+)', html):
        assert finders.find(path), path


def test_schema_documents_where_a_home_or_work_address_goes(schema):
    detention = schema["components"]["schemas"]["Detention"]
    properties = detention["properties"]

    assert "place" not in detention.get("required", [])  # required with a public place type only
    assert "home and workplace" in properties["place"]["description"]
    assert "Stored encrypted" in properties["private_address"]["description"]
    assert "Stored encrypted" in schema["components"]["schemas"]["Case"]["properties"]["summary"]["description"]
