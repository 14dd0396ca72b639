"""A batch of case summaries asked for with only ids the requester cannot see.

The review's finding: the admin action posted with an invisible id created a batch of
nothing (a 22-byte ZIP), and the batch service accepted it. Now the action answers
with a message and creates no batch, and the service refuses an empty batch itself.
"""

import pytest

from casetracker.audit.models import AuditEvent
from casetracker.reports.models import BatchStatus, CaseSummaryBatch
from casetracker.reports.summaries.services import EmptyBatchError, batch_build, batch_request
from tests.conftest import client_for
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/cases/case/"
MESSAGE = "None of the selected cases is available to you: no summary was made."


@pytest.mark.parametrize("action", ["case_summary_pdf", "case_summary_pdf_redacted"])
def test_action_with_only_an_invisible_id_creates_no_batch(
    lawyer, foreign_case, action, django_capture_on_commit_callbacks
):
    client = client_for(lawyer)
    with django_capture_on_commit_callbacks(execute=True):
        # The exact tampered POST: the change list never offers this id to this lawyer.
        response = client.post(CHANGELIST, {"action": action, "_selected_action": foreign_case.pk}, follow=True)

    assert not CaseSummaryBatch.objects.exists()
    assert not AuditEvent.objects.filter(action="pdf").exists()
    assert response.status_code == 200
    assert response.redirect_chain[-1][0].startswith(CHANGELIST)
    page = response.content.decode()
    assert MESSAGE in page
    # The message says nothing about the case: not whether it exists, not its reference.
    assert foreign_case.reference not in page and foreign_case.person.full_name not in page


def test_action_with_several_invisible_ids_creates_no_batch(lawyer, other_lawyer, foreign_case):
    second = CaseFactory(lawyers=[other_lawyer])

    response = client_for(lawyer).post(
        CHANGELIST,
        {"action": "case_summary_pdf", "_selected_action": [foreign_case.pk, second.pk, 999999]},
        follow=True,
    )

    assert not CaseSummaryBatch.objects.exists()
    assert MESSAGE in response.content.decode()


def test_batch_request_refuses_cases_the_user_cannot_see(lawyer, foreign_case):
    with pytest.raises(EmptyBatchError):
        batch_request(user=lawyer, cases=[foreign_case], redacted=True, language="en")

    assert not CaseSummaryBatch.objects.exists()


def test_batch_request_refuses_no_case(lawyer):
    with pytest.raises(EmptyBatchError):
        batch_request(user=lawyer, cases=[], redacted=False, language="en")

    assert not CaseSummaryBatch.objects.exists()


def test_batch_whose_cases_were_all_taken_away_builds_no_zip(lawyer, own_case):
    batch = batch_request(user=lawyer, cases=[own_case], redacted=False, language="en")
    own_case.lawyers.remove(lawyer)  # access lost between the request and the build

    batch_build(batch=batch)

    batch.refresh_from_db()
    assert (batch.status, batch.total, batch.file.name) == (BatchStatus.FAILED, 0, "")
    client = client_for(lawyer)
    assert client.get(f"/reports/batches/{batch.pk}/download/").status_code == 404
    page = client.get(f"/reports/batches/{batch.pk}/").content.decode()
    assert "None of the selected cases is available to you any more" in page


def test_batch_request_keeps_only_the_visible_cases(lawyer, own_case, foreign_case):
    batch = batch_request(user=lawyer, cases=[own_case, foreign_case], redacted=False, language="en")

    assert (batch.case_ids, batch.total) == ([own_case.pk], 1)
