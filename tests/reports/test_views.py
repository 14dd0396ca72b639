"""Who gets a case summary, and how it is served."""

import pytest

from casetracker.audit.models import AuditEvent
from tests.conftest import client_for
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

# (role, own case status, foreign case status): "own" is relative to `lawyer`.
EXPECTED = [
    ("lawyer", 200, 404),
    ("other_lawyer", 404, 200),
    ("coordinator", 200, 200),
    ("analyst", 404, 404),
    ("superuser", 200, 200),
    ("anonymous", 302, 302),
]


@pytest.mark.parametrize(("role", "own_status", "foreign_status"), EXPECTED)
@pytest.mark.parametrize("query", ["", "?redacted=1"])
def test_summary_is_served_only_to_who_may_see_the_case(
    users, own_case, foreign_case, role, own_status, foreign_status, query
):
    client = client_for(users[role])

    for case, expected in ((own_case, own_status), (foreign_case, foreign_status)):
        response = client.get(f"/cases/{case.pk}/summary.pdf{query}")
        assert response.status_code == expected, (role, case.reference)
        if expected == 404:
            assert case.reference.encode() not in response.content
        if expected == 302:
            assert response["Location"].startswith("/admin/login/")


def test_unknown_case_is_404(coordinator):
    assert client_for(coordinator).get("/cases/999999/summary.pdf").status_code == 404


def test_summary_is_a_pdf_attachment_never_cached(lawyer, own_case):
    response = client_for(lawyer).get(f"/cases/{own_case.pk}/summary.pdf")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{own_case.reference}.pdf"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith(b"%PDF-")


def test_summary_only_answers_get(lawyer, own_case):
    assert client_for(lawyer).post(f"/cases/{own_case.pk}/summary.pdf").status_code == 405


def test_each_summary_is_audited(lawyer, own_case):
    client_for(lawyer).get(f"/cases/{own_case.pk}/summary.pdf?redacted=1")

    event = AuditEvent.objects.get(action="pdf")
    assert event.user == lawyer
    assert event.object_id == str(own_case.pk)
    assert event.case_reference == own_case.reference
    assert event.source == "web"


def test_case_page_links_both_summaries(lawyer, own_case):
    response = client_for(lawyer).get(f"/admin/cases/case/{own_case.pk}/change/")

    page = response.content.decode()
    assert f'href="/cases/{own_case.pk}/summary.pdf"' in page
    assert f'href="/cases/{own_case.pk}/summary.pdf?redacted=1"' in page


def test_add_page_has_no_summary_links(lawyer):
    response = client_for(lawyer).get("/admin/cases/case/add/")
    assert "summary.pdf" not in response.content.decode()


def test_file_name_of_an_odd_reference_is_safe(coordinator):
    case = CaseFactory(reference='A/2021 "x"')

    response = client_for(coordinator).get(f"/cases/{case.pk}/summary.pdf")

    assert response["Content-Disposition"] == 'attachment; filename="A_2021_x.pdf"'
