"""Deadlines follow their hearing on every path that writes one: admin, API, import, demo."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from casetracker.cases import writes
from casetracker.cases.models import Hearing
from casetracker.cases.models.imports import ImportStatus
from casetracker.deadlines.models import Deadline, DeadlineStatus
from casetracker.deadlines.rules import DeadlineKind
from casetracker.deadlines.services import deadline_mark_done
from casetracker.imports import services as import_services
from tests.api.conftest import api_client
from tests.conftest import client_for
from tests.deadlines.conftest import APPEAL_DUE, RECEIVED, decided_hearing
from tests.factories import CaseFactory, LegalArticleFactory

pytestmark = pytest.mark.django_db


def _kinds(hearing) -> dict[str, dt.date]:
    return dict(Deadline.objects.filter(hearing=hearing).values_list("kind", "due_on"))


def test_admin_add_and_change_of_a_hearing(lawyer):
    case = CaseFactory(lawyers=[lawyer])
    client = client_for(lawyer)
    fields = {
        "date": "2025-04-21",
        "court": "Тверской районный суд",
        "outcome": "fine",
        "fine_amount": "15000",
        "decision_received_on": "2025-04-21",
        "appeal_deadline": "",
    }
    response = client.post(
        f"/admin/cases/case/{case.pk}/records/hearing/add/", {f"hearing-new-{k}": v for k, v in fields.items()}
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    hearing = Hearing.objects.get(case=case)
    assert hearing.appeal_deadline == APPEAL_DUE
    assert _kinds(hearing)[DeadlineKind.KOAP_APPEAL] == APPEAL_DUE
    change_url = f"/admin/cases/case/{case.pk}/records/hearing/{hearing.pk}/"
    # The decision was received later: the term moves with it (28.04 + 10 = 8.05 -> 12.05).
    fields.update(decision_received_on="2025-04-28", appeal_deadline=APPEAL_DUE.isoformat())
    response = client.post(change_url, {f"hearing-{hearing.pk}-{k}": v for k, v in fields.items()})
    assert response.status_code == 302
    assert _kinds(hearing)[DeadlineKind.KOAP_APPEAL] == dt.date(2025, 5, 12)
    # Acquitted on review of the record: the open deadlines go.
    fields.update(outcome="acquitted", fine_amount="")
    client.post(change_url, {f"hearing-{hearing.pk}-{k}": v for k, v in fields.items()})
    assert _kinds(hearing) == {}


def test_api_write_and_delete_of_a_hearing(lawyer):
    case = CaseFactory(lawyers=[lawyer])
    client = api_client(lawyer)
    payload = {
        "case": case.pk,
        "court": "Тверской районный суд",
        "date": RECEIVED.isoformat(),
        "outcome": "fine",
        "fine_amount": "15000",
        "decision_received_on": RECEIVED.isoformat(),
    }
    response = client.post("/api/v1/hearings/", payload, format="json")
    assert response.status_code == 201, response.json()
    hearing = Hearing.objects.get(pk=response.json()["id"])
    assert response.json()["appeal_deadline"] == APPEAL_DUE.isoformat()
    assert DeadlineKind.FINE_PAYMENT in _kinds(hearing)
    appeal = Deadline.objects.get(hearing=hearing, kind=DeadlineKind.KOAP_APPEAL)
    deadline_mark_done(deadline=appeal, user=lawyer, done_on=dt.date(2025, 4, 30))
    assert client.delete(f"/api/v1/hearings/{hearing.pk}/").status_code == 204
    # What was filed stays on the case, detached; what was only counted goes.
    kept = Deadline.objects.get(case=case)
    assert (kept.pk, kept.hearing_id, kept.status) == (appeal.pk, None, DeadlineStatus.DONE)


def test_a_done_deadline_is_not_recounted(lawyer):
    hearing = decided_hearing(CaseFactory(lawyers=[lawyer]))
    appeal = Deadline.objects.get(hearing=hearing, kind=DeadlineKind.KOAP_APPEAL)
    deadline_mark_done(deadline=appeal, user=lawyer, done_on=dt.date(2025, 4, 30))
    hearing.decision_received_on = dt.date(2025, 4, 28)
    hearing.save()
    writes.record_updated(record=hearing, user=lawyer, changed_fields=["decision_received_on"])
    appeal.refresh_from_db()
    assert (appeal.status, appeal.due_on, appeal.done_on) == (DeadlineStatus.DONE, APPEAL_DUE, dt.date(2025, 4, 30))


def test_a_charge_under_the_uk_makes_it_criminal(lawyer):
    hearing = decided_hearing(CaseFactory(lawyers=[lawyer]))
    assert DeadlineKind.KOAP_APPEAL in _kinds(hearing)
    client = api_client(lawyer)
    article = LegalArticleFactory(code="uk", number="212.1", part="")
    response = client.post("/api/v1/charges/", {"case": hearing.case_id, "article": article.pk}, format="json")
    assert response.status_code == 201, response.json()
    assert set(_kinds(hearing)) >= {DeadlineKind.UPK_APPEAL, DeadlineKind.CASSATION}
    assert DeadlineKind.KOAP_APPEAL not in _kinds(hearing)
    assert client.delete(f"/api/v1/charges/{response.json()['id']}/").status_code == 204
    assert DeadlineKind.KOAP_APPEAL in _kinds(hearing)


def test_the_bulk_import_counts_deadlines(lawyer):
    LegalArticleFactory(code="koap", number="20.2", part="5")
    content = (
        "full_name,detained_at,city,region,place_type,place,article,court,hearing_date,outcome,fine_amount\n"
        "Иванов Пётр,2025-04-19 08:15,Москва,Москва,metro,Пушкинская,koap 20.2 part 5,"
        "Тверской суд,2025-04-21,fine,20000\n"
    )
    upload = SimpleUploadedFile("list.csv", content.encode())
    job = import_services.import_job_create(user=lawyer, upload=upload, dry_run=False, source="api")
    import_services.import_job_start(job=job)
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE, job.errors
    hearing = Hearing.objects.get(court="Тверской суд")
    # Receipt unknown: counted from the hearing date, provisionally.
    appeal = Deadline.objects.get(hearing=hearing, kind=DeadlineKind.KOAP_APPEAL)
    assert (appeal.due_on, appeal.provisional) == (APPEAL_DUE, True)
    assert hearing.appeal_deadline == APPEAL_DUE


def test_recount_deadlines_refills_what_the_old_rule_stored(lawyer, capsys):
    from django.core.management import call_command

    from tests.factories import HearingFactory

    # Stored before the engine: receipt 22.12.2024 + 10 calendar days = 1.01.2025 (a holiday).
    hearing = HearingFactory(case=CaseFactory(lawyers=[lawyer]), date=dt.date(2024, 12, 22))
    by_hand = HearingFactory(case=CaseFactory(lawyers=[lawyer]), date=dt.date(2024, 12, 22))
    Hearing.objects.filter(pk=hearing.pk).update(
        decision_received_on=dt.date(2024, 12, 22), appeal_deadline=dt.date(2025, 1, 1)
    )
    Hearing.objects.filter(pk=by_hand.pk).update(appeal_deadline=dt.date(2025, 1, 10))
    call_command("recount_deadlines")
    hearing.refresh_from_db()
    by_hand.refresh_from_db()
    assert hearing.appeal_deadline == dt.date(2025, 1, 9)
    assert by_hand.appeal_deadline == dt.date(2025, 1, 10)
    assert _kinds(hearing)[DeadlineKind.KOAP_APPEAL] == dt.date(2025, 1, 9)
    assert _kinds(by_hand)[DeadlineKind.KOAP_APPEAL] == dt.date(2025, 1, 10)
    assert "1 appeal deadlines counted again; deadlines of 2 cases recounted." in capsys.readouterr().out
