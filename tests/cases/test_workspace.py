"""The case page as a workspace: read as text, each record edited on its own, scoped to its case."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from casetracker.audit.models import AuditAction, AuditEvent
from casetracker.cases import choices
from casetracker.cases.models import CaseNote, Charge, Detention, EvidenceClaim, Hearing
from tests.conftest import client_for
from tests.factories import (
    CaseNoteFactory,
    DetentionFactory,
    EventFactory,
    HearingFactory,
    LegalArticleFactory,
    workspace_case_build,
)

FRAGMENT = {"HTTP_X_WORKSPACE_FRAGMENT": "1"}


def page_url(case) -> str:
    return reverse("admin:cases_case_change", args=[case.pk])


def add_url(case, kind: str) -> str:
    return reverse("admin:cases_case_record_add", args=[case.pk, kind])


def change_url(case, kind: str, record) -> str:
    return reverse("admin:cases_case_record_change", args=[case.pk, kind, record.pk])


def delete_url(case, kind: str, record) -> str:
    return reverse("admin:cases_case_record_delete", args=[case.pk, kind, record.pk])


def detention_data(prefix: str, **overrides) -> dict:
    data = {
        "detained_at_0": "2021-01-31",
        "detained_at_1": "14:05",
        "city": "Москва",
        "region": "Москва",
        "place_type": choices.PlaceType.METRO,
        "place": "Китай-город",
        "present_at_event": choices.PresentAtEvent.UNKNOWN,
    }
    data.update(overrides)
    return {f"{prefix}-{name}": value for name, value in data.items()}


@pytest.mark.django_db
class TestTheCasePageReadsAsText:
    def test_every_record_is_shown_as_text_with_no_form_field(self, lawyer):
        case = workspace_case_build(lawyer=lawyer)
        response = client_for(lawyer).get(page_url(case))
        assert response.status_code == 200
        html = response.content.decode()
        workspace = html.split('id="ct-workspace"')[1]
        assert "<input" not in workspace and "<select" not in workspace and "<textarea" not in workspace
        for detention in case.detentions.all():
            assert f'id="detention-{detention.pk}"' in html
        for note in case.notes.all():
            assert f'id="note-{note.pk}"' in html
        assert html.count('class="ct-record"') == 3 + 5 + 4 + 5 + 20 + case.charges.count()
        assert "Соколова Мария Андреевна" in html
        assert reverse("case-summary-pdf", args=[case.pk]) in html

    def test_timeline_lists_the_records_in_date_order(self, lawyer, own_case):
        first = own_case.detentions.get()
        HearingFactory(case=own_case, date=dt.date(2030, 1, 5), court="Тверской районный суд")
        CaseNoteFactory(case=own_case, text="Звонок матери")
        html = client_for(lawyer).get(page_url(own_case)).content.decode()
        timeline = html.split('id="timeline"')[1].split("</section>")[0]
        assert timeline.index(f"#detention-{first.pk}") < timeline.index("Тверской районный суд")
        assert "Тверской районный суд" in timeline

    def test_dates_read_as_the_russian_inputs_write_them(self, lawyer, own_case):
        HearingFactory(case=own_case, date=dt.date(2026, 12, 1))
        client = client_for(lawyer)
        client.cookies["django_language"] = "ru"
        html = client.get(page_url(own_case), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
        assert "01.12.2026" in html
        assert "2026-12-01" not in html

    def test_add_links_read_as_phrases_in_russian(self, lawyer, own_case):
        client = client_for(lawyer)
        client.cookies["django_language"] = "ru"
        html = client.get(page_url(own_case), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
        assert "Добавить задержание" in html
        assert "Добавить еще один" not in html

    def test_the_page_is_audited_as_a_read_of_the_case(self, lawyer, own_case):
        client_for(lawyer).get(page_url(own_case))
        assert AuditEvent.objects.filter(
            action=AuditAction.VIEW, case_reference=own_case.reference, user=lawyer
        ).exists()

    # Session, user, user and group permissions; the case with its person, then its
    # lawyers, detentions, claims, charges, hearings (with their deadlines: the deadlines
    # app's hearing extension), documents and notes; the audit event.
    PAGE_QUERIES = 14

    def test_query_count_does_not_grow_with_the_records(self, lawyer, django_assert_max_num_queries):
        case = workspace_case_build(lawyer=lawyer)
        client = client_for(lawyer)
        client.get(page_url(case))  # the session's first request also pushes its expiry
        with django_assert_max_num_queries(self.PAGE_QUERIES):
            assert client.get(page_url(case)).status_code == 200
        for _ in range(10):
            CaseNoteFactory(case=case)
            DetentionFactory(case=case)
        with django_assert_max_num_queries(self.PAGE_QUERIES):
            assert client.get(page_url(case)).status_code == 200

    def test_the_case_form_is_one_click_away(self, lawyer, own_case):
        response = client_for(lawyer).get(page_url(own_case) + "?edit=details")
        assert response.status_code == 200
        assert 'id="case_form"' in response.content.decode()


@pytest.mark.django_db
class TestEachRecordIsEditedOnItsOwn:
    def test_add_a_detention_without_the_script_redirects_to_it(self, lawyer, own_case):
        response = client_for(lawyer).post(add_url(own_case, "detention"), detention_data("detention-new"))
        created = Detention.objects.filter(case=own_case, place="Китай-город").get()
        assert response.status_code == 302
        assert response["Location"] == f"{page_url(own_case)}#detention-{created.pk}"
        assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(created.pk)).exists()

    def test_add_a_detention_from_the_page_answers_with_the_fresh_page_body(self, lawyer, own_case):
        response = client_for(lawyer).post(add_url(own_case, "detention"), detention_data("detention-new"), **FRAGMENT)
        created = Detention.objects.get(case=own_case, place="Китай-город")
        assert response.status_code == 200
        assert response["X-Record-Anchor"] == f"detention-{created.pk}"
        assert f'id="detention-{created.pk}"' in response.content.decode()

    def test_an_invalid_record_comes_back_with_the_message_next_to_its_field(self, lawyer, own_case):
        data = detention_data("detention-new", city="", released_at_0="2021-01-30", released_at_1="10:00")
        response = client_for(lawyer).post(add_url(own_case, "detention"), data, **FRAGMENT)
        assert response.status_code == 422
        html = response.content.decode()
        assert "field-city" in html and "errorlist" in html
        assert 'value="Китай-город"' in html  # the input is kept
        assert not Detention.objects.filter(place="Китай-город").exists()

    def test_edit_form_shows_derived_values_read_only(self, lawyer, own_case):
        detention = own_case.detentions.get()
        response = client_for(lawyer).get(change_url(own_case, "detention", detention), **FRAGMENT)
        assert response.status_code == 200
        html = response.content.decode()
        assert "minor at detention" in html.lower()
        assert f'name="detention-{detention.pk}-city"' in html
        assert f'name="detention-{detention.pk}-minor_at_detention"' not in html

    def test_the_event_picker_is_an_autocomplete_with_an_add_pop_up(self, lawyer, own_case):
        html = client_for(lawyer).get(add_url(own_case, "detention"), **FRAGMENT).content.decode()
        assert "admin-autocomplete" in html
        assert "add_id_detention-new-event" in html  # the "+" opening the event pop-up

    def test_change_a_hearing_updates_its_derived_appeal_deadline(self, lawyer, own_case):
        hearing = HearingFactory(case=own_case, date=dt.date(2021, 2, 1), outcome="", decision_received_on=None)
        prefix = f"hearing-{hearing.pk}"
        data = {
            f"{prefix}-date": "2021-02-01",
            f"{prefix}-court": hearing.court,
            f"{prefix}-outcome": choices.HearingOutcome.FINE,
            f"{prefix}-fine_amount": "15000",
            f"{prefix}-decision_received_on": "2021-02-03",
            f"{prefix}-appeal_deadline": "",
        }
        response = client_for(lawyer).post(change_url(own_case, "hearing", hearing), data)
        assert response.status_code == 302
        hearing.refresh_from_db()
        assert hearing.fine_amount == 15000
        assert hearing.appeal_deadline is not None and hearing.appeal_deadline > dt.date(2021, 2, 3)

    def test_a_claim_is_added_under_its_detention(self, lawyer, own_case):
        detention = own_case.detentions.get()
        event = EventFactory()
        data = {
            "claim-new-method": choices.IdentificationMethod.FACIAL_RECOGNITION_METRO,
            "claim-new-recognition_mode": choices.RecognitionMode.RETROSPECTIVE,
            "claim-new-footage_event": event.pk,
            "claim-new-source": choices.ClaimSource.OFFICIAL_DOCUMENT,
            "claim-new-reliability": choices.Reliability.DOCUMENTED,
        }
        response = client_for(lawyer).post(add_url(own_case, "claim") + f"?detention={detention.pk}", data)
        assert response.status_code == 302
        assert detention.evidence_claims.filter(footage_event=event).exists()

    def test_a_charge_and_a_note_are_added(self, lawyer, own_case):
        client = client_for(lawyer)
        article = LegalArticleFactory()
        client.post(
            add_url(own_case, "charge"), {"charge-new-article": article.pk, "charge-new-filed_at": "2021-02-01"}
        )
        client.post(add_url(own_case, "note"), {"note-new-text": "Позвонила мать, адвокат выехал"})
        assert Charge.objects.filter(case=own_case, article=article).exists()
        note = CaseNote.objects.get(case=own_case)
        assert note.author == lawyer and note.text == "Позвонила мать, адвокат выехал"

    def test_delete_a_record_after_confirmation(self, lawyer, own_case):
        detention = own_case.detentions.get()
        client = client_for(lawyer)
        confirmation = client.get(delete_url(own_case, "detention", detention))
        assert confirmation.status_code == 200
        assert "evidence claims go with it" in confirmation.content.decode()
        response = client.post(delete_url(own_case, "detention", detention))
        assert response.status_code == 302
        assert not Detention.objects.filter(pk=detention.pk).exists()
        assert AuditEvent.objects.filter(action=AuditAction.DELETE, object_id=str(detention.pk)).exists()

    def test_a_new_case_goes_to_its_page(self, lawyer):
        from tests.factories import PersonFactory

        person = PersonFactory(created_by=lawyer)
        client = client_for(lawyer)
        response = client.post(
            reverse("admin:cases_case_add"),
            {"reference": "", "status": "intake", "person": person.pk, "opened_at": "2026-12-01", "summary": ""},
        )
        case = person.cases.get()
        assert response.status_code == 302
        assert response["Location"] == page_url(case)
        assert lawyer in case.lawyers.all()


@pytest.mark.django_db
class TestNoRecordOfAnotherCaseCanBeReached:
    """Whatever id is posted, the page reaches the records of its own case only."""

    def test_a_foreign_record_id_in_the_url_is_not_found(self, lawyer, own_case, foreign_case):
        foreign_detention = foreign_case.detentions.get()
        client = client_for(lawyer)
        url = change_url(own_case, "detention", foreign_detention)
        assert client.get(url).status_code == 404
        response = client.post(url, detention_data(f"detention-{foreign_detention.pk}", place="Захвачено"))
        assert response.status_code == 404
        foreign_detention.refresh_from_db()
        assert foreign_detention.place == "Маяковская"
        assert client.post(delete_url(own_case, "detention", foreign_detention)).status_code == 404
        assert Detention.objects.filter(pk=foreign_detention.pk).exists()

    def test_a_foreign_claim_cannot_be_edited_through_an_own_case(self, lawyer, own_case, foreign_case):
        claim = EvidenceClaim.objects.get(detention__case=foreign_case)
        response = client_for(lawyer).post(change_url(own_case, "claim", claim), {f"claim-{claim.pk}-notes": "x"})
        assert response.status_code == 404

    def test_a_new_claim_cannot_hang_under_a_foreign_detention(self, lawyer, own_case, foreign_case):
        foreign_detention = foreign_case.detentions.get()
        data = {
            "claim-new-method": choices.IdentificationMethod.OTHER,
            "claim-new-recognition_mode": choices.RecognitionMode.UNKNOWN,
            "claim-new-source": choices.ClaimSource.DETAINEE_ACCOUNT,
            "claim-new-reliability": choices.Reliability.HEARSAY,
            "detention": foreign_detention.pk,
        }
        response = client_for(lawyer).post(add_url(own_case, "claim") + f"?detention={foreign_detention.pk}", data)
        assert response.status_code == 404
        assert foreign_detention.evidence_claims.count() == 1

    def test_posted_case_and_id_fields_are_ignored(self, lawyer, own_case, foreign_case):
        detention = own_case.detentions.get()
        data = detention_data(f"detention-{detention.pk}", place="Новая")
        data.update({f"detention-{detention.pk}-case": foreign_case.pk, f"detention-{detention.pk}-id": 999999})
        client_for(lawyer).post(change_url(own_case, "detention", detention), data)
        detention.refresh_from_db()
        assert detention.case_id == own_case.pk and detention.place == "Новая"
        assert foreign_case.detentions.count() == 1

    def test_a_foreign_case_page_and_its_record_urls_are_not_found(self, lawyer, foreign_case):
        client = client_for(lawyer)
        detention = foreign_case.detentions.get()
        assert client.get(page_url(foreign_case)).status_code == 404
        assert client.get(add_url(foreign_case, "note")).status_code == 404
        assert client.post(add_url(foreign_case, "note"), {"note-new-text": "x"}).status_code == 404
        assert client.get(change_url(foreign_case, "detention", detention)).status_code == 404
        assert not CaseNote.objects.filter(case=foreign_case).exists()

    def test_old_nested_formset_data_posted_to_the_case_form_touches_nothing(self, lawyer, own_case, foreign_case):
        foreign_hearing = HearingFactory(case=foreign_case, court="Чужой суд")
        data = {
            "reference": own_case.reference,
            "status": own_case.status,
            "person": own_case.person_id,
            "opened_at": own_case.opened_at.isoformat(),
            "hearings-TOTAL_FORMS": "1",
            "hearings-INITIAL_FORMS": "1",
            "hearings-0-id": foreign_hearing.pk,
            "hearings-0-case": own_case.pk,
            "hearings-0-court": "Захвачено",
            "hearings-0-date": "2021-01-01",
        }
        client_for(lawyer).post(page_url(own_case), data)
        foreign_hearing.refresh_from_db()
        assert foreign_hearing.case_id == foreign_case.pk and foreign_hearing.court == "Чужой суд"

    def test_an_unknown_kind_is_not_found(self, lawyer, own_case):
        assert client_for(lawyer).get(add_url(own_case, "person")).status_code == 404

    @pytest.mark.parametrize("role", ["analyst"])
    def test_roles_without_cases_get_403_everywhere(self, role, request, own_case):
        client = client_for(request.getfixturevalue(role))
        detention = own_case.detentions.get()
        assert client.get(page_url(own_case)).status_code == 403
        assert client.get(change_url(own_case, "detention", detention)).status_code == 403
        assert client.post(add_url(own_case, "note"), {"note-new-text": "x"}).status_code == 403

    def test_a_coordinator_edits_any_case(self, coordinator, foreign_case):
        response = client_for(coordinator).post(add_url(foreign_case, "note"), {"note-new-text": "Координатор"})
        assert response.status_code == 302
        assert Hearing.objects.filter(case=foreign_case).count() == 0
        assert foreign_case.notes.get().author == coordinator


@pytest.mark.django_db
def test_the_page_time_zone_is_the_display_one(lawyer, own_case):
    detention = own_case.detentions.get()
    local = timezone.localtime(detention.detained_at)
    html = client_for(lawyer).get(page_url(own_case)).content.decode()
    assert local.strftime("%H:%M") in html


@pytest.mark.django_db
def test_every_link_of_the_page_opens_its_form(lawyer):
    import re

    case = workspace_case_build(lawyer=lawyer)
    client = client_for(lawyer)
    html = client.get(page_url(case)).content.decode()
    links = re.findall(r'data-record-form href="([^"]+)"', html) + re.findall(
        r'data-record-delete [^>]*href="([^"]+)"', html
    )
    assert len(links) == 2 * (3 + 5 + case.charges.count() + 4 + 5 + 20) + 5 + 3  # edit+delete, add links
    for link in set(links):
        assert client.get(link.replace("&amp;", "&"), **FRAGMENT).status_code == 200, link
    downloads = re.findall(r'href="(/documents/\d+/download/)"', html)
    assert downloads == [
        f"/documents/{document.pk}/download/" for document in case.documents.order_by("uploaded_at", "pk")
    ]
