"""The Hotline role from the outside: what it reaches (the board, intakes, events, stations) and nothing else.

Every admin page of every registered model, every API resource, the document download,
the case summary PDF, the reports and their exports: 403 or 404 for a Hotline
volunteer, except the few listed as theirs.
"""

import datetime as dt

import pytest
from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from rest_framework.test import APIClient

from casetracker.api.urls import router
from casetracker.intake.models import Intake
from tests.conftest import client_for
from tests.factories import CaseFactory, DocumentFactory, HotlineEventFactory, IntakeFactory

pytestmark = pytest.mark.django_db
DENIED = {403, 404}
# The admin pages a Hotline volunteer may open: reference data, read-only.
HOTLINE_ADMIN_MODELS = {"cases.event", "intake.policestation"}
# The API resources they may list (tokens: their own, for a bot that posts intakes).
HOTLINE_API = {"event", "intake", "police-station", "token"}


def _admin_urls():
    for model in admin.site._registry:
        info = model._meta.app_label, model._meta.model_name
        for page in ("changelist", "add"):
            try:
                yield f"{info[0]}.{info[1]}", reverse(f"admin:{info[0]}_{info[1]}_{page}")
            except NoReverseMatch:  # a list without an add page
                continue


@pytest.mark.parametrize(("label", "url"), sorted(set(_admin_urls())))
def test_every_admin_page_but_reference_data_is_closed_to_the_hotline(hotline, label, url):
    response = client_for(hotline).get(url)
    if label in HOTLINE_ADMIN_MODELS:
        expected = DENIED if url.endswith("/add/") else {200}
        assert response.status_code in expected, (url, response.status_code)
    else:
        assert response.status_code in DENIED, (url, response.status_code)


def test_admin_index_lists_only_reference_data(hotline):
    response = client_for(hotline).get(reverse("admin:index"))
    assert response.status_code == 200
    shown = {f"{model['object_name'].lower()}" for app in response.context["app_list"] for model in app["models"]}
    assert shown == {"event", "policestation"}


@pytest.mark.parametrize("prefix,basename", [(prefix, basename) for prefix, _viewset, basename in router.registry])
def test_every_api_resource_but_the_hotlines_is_closed(hotline, prefix, basename):
    client = APIClient()
    client.force_authenticate(hotline)
    response = client.get(f"/api/v1/{prefix}/")
    if basename in HOTLINE_API:
        assert response.status_code == 200, (prefix, response.status_code)
    else:
        assert response.status_code in DENIED, (prefix, response.status_code)


@pytest.mark.parametrize("path", ["reports/summary/", "intake/dispatches/"])
def test_other_api_endpoints_are_closed(hotline, path):
    client = APIClient()
    client.force_authenticate(hotline)
    assert client.get(f"/api/v1/{path}").status_code in DENIED


def test_cases_documents_pdfs_and_reports_do_not_exist_for_the_hotline(hotline, lawyer):
    case = CaseFactory(lawyers=[lawyer])
    document = DocumentFactory(case=case, uploaded_by=lawyer)
    client = client_for(hotline)
    for url in (
        f"/documents/{document.pk}/download/",
        f"/cases/{case.pk}/summary.pdf",
        f"/cases/{case.pk}/summary.pdf?redacted=1",
        "/reports/",
        f"/admin/cases/case/{case.pk}/change/",
        f"/admin/cases/person/{case.person.pk}/change/",
        "/admin/audit/auditevent/",
        "/admin/cases/case/import/",
    ):
        response = client.get(url)
        assert response.status_code in DENIED, (url, response.status_code)
    assert client.post("/reports/exports/").status_code in DENIED
    api = APIClient()
    api.force_authenticate(hotline)
    for url in (f"/api/v1/cases/{case.pk}/", f"/api/v1/persons/{case.person.pk}/", f"/api/v1/documents/{document.pk}/"):
        assert api.get(url).status_code in DENIED, url


def test_the_hotline_may_not_convert_dispatch_or_see_old_or_closed_event_intakes(hotline, open_event, tverskoy):
    mine = IntakeFactory(event=open_event, police_station=tverskoy)
    closed_event = HotlineEventFactory(closed_at=timezone.now()).event
    closed = IntakeFactory(event=closed_event)
    old = IntakeFactory(event=open_event)
    Intake.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(hours=73))
    api = APIClient()
    api.force_authenticate(hotline)
    assert api.post(f"/api/v1/intake/{mine.pk}/convert/").status_code == 403
    assert api.post("/api/v1/intake/dispatches/", {}, format="json").status_code == 403
    assert api.get(f"/api/v1/intake/{closed.pk}/").status_code == 404
    assert api.get(f"/api/v1/intake/{old.pk}/").status_code == 404
    assert api.patch(f"/api/v1/intake/{old.pk}/", {"version": 1, "notes": "x"}, format="json").status_code == 404
    listed = [row["id"] for row in api.get("/api/v1/intake/").json()["results"]]
    assert listed == [mine.pk]
