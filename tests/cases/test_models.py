"""Model validation that protects the record, and the values derived rather than typed."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from casetracker.cases.models import Case, Detention, EvidenceClaim, Hearing
from tests.admin_forms import change_form_data
from tests.conftest import client_for
from tests.factories import (
    CaseFactory,
    DetentionFactory,
    EventFactory,
    EvidenceClaimFactory,
    HearingFactory,
    PersonFactory,
)

MOSCOW = ZoneInfo("Europe/Moscow")

pytestmark = pytest.mark.django_db


def field_errors(instance) -> dict[str, list[str]]:
    """The errors full_clean() raises, by field; fails the test when it raises none."""
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    return excinfo.value.message_dict


# --- Person -------------------------------------------------------------------


def test_birth_date_in_the_future_is_rejected_on_the_field():
    person = PersonFactory.build(birth_date=timezone.localdate() + dt.timedelta(days=1))
    assert "birth_date" in field_errors(person)


def test_birth_date_today_is_accepted():
    PersonFactory.build(birth_date=timezone.localdate()).full_clean()


@pytest.mark.parametrize("value", ["123", "12a4", "abcd", "１２３４", "12345"])
def test_passport_last4_must_be_four_digits(value):
    person = PersonFactory.build(passport_last4=value)
    assert "passport_last4" in field_errors(person)


@pytest.mark.parametrize("value", ["0123", ""])
def test_passport_last4_accepts_four_digits_or_nothing(value):
    PersonFactory.build(passport_last4=value).full_clean()


# --- Case ---------------------------------------------------------------------


def test_case_closed_before_opened_is_rejected_on_closed_at():
    case = CaseFactory.build(person=PersonFactory(), opened_at=dt.date(2021, 2, 1), closed_at=dt.date(2021, 1, 31))
    assert "closed_at" in field_errors(case)


def test_case_closed_on_the_day_it_opened_is_accepted():
    CaseFactory.build(person=PersonFactory(), opened_at=dt.date(2021, 2, 1), closed_at=dt.date(2021, 2, 1)).full_clean()


@pytest.mark.parametrize("blank", [None, ""])
def test_blank_reference_is_generated_from_year_opened_and_pk(blank):
    case = CaseFactory(reference=blank, opened_at=dt.date(2021, 2, 1))
    assert case.reference == f"CT-2021-{case.pk:06d}"
    case.refresh_from_db()
    assert case.reference == f"CT-2021-{case.pk:06d}"


def test_generated_reference_uses_the_year_the_case_was_opened():
    case = CaseFactory(opened_at=dt.date(2022, 12, 31))
    assert case.reference.startswith("CT-2022-")


def test_given_reference_is_kept():
    case = CaseFactory(reference="OVD-INFO-17")
    case.refresh_from_db()
    assert case.reference == "OVD-INFO-17"


def test_reference_survives_later_saves():
    case = CaseFactory()
    reference = case.reference
    case.status = "closed"
    case.save()
    case.refresh_from_db()
    assert case.reference == reference


def test_blank_references_never_collide():
    first, second = CaseFactory(reference=""), CaseFactory(reference="")
    assert first.reference != second.reference


def test_reference_is_unique_in_validation():
    CaseFactory(reference="OVD-2021-17")
    duplicate = CaseFactory.build(person=PersonFactory(), reference="OVD-2021-17")
    errors = field_errors(duplicate)
    assert "reference" in errors
    assert "already exists" in " ".join(errors["reference"])


def test_reference_is_unique_in_the_database():
    CaseFactory(reference="CT-2021-000123")
    with pytest.raises(IntegrityError):
        CaseFactory(reference="CT-2021-000123")


# --- Detention ----------------------------------------------------------------


def test_release_before_detention_is_rejected_on_released_at():
    detention = DetentionFactory.build(
        case=CaseFactory(),
        detained_at=dt.datetime(2021, 1, 28, 9, 15, tzinfo=MOSCOW),
        released_at=dt.datetime(2021, 1, 28, 9, 0, tzinfo=MOSCOW),
    )
    errors = field_errors(detention)
    assert "released_at" in errors
    assert "detained_at" not in errors


def test_release_after_detention_is_accepted():
    DetentionFactory.build(
        case=CaseFactory(),
        detained_at=dt.datetime(2021, 1, 28, 9, 15, tzinfo=MOSCOW),
        released_at=dt.datetime(2021, 1, 29, 3, 0, tzinfo=MOSCOW),
    ).full_clean()


def test_detention_in_the_future_is_rejected_on_detained_at():
    detention = DetentionFactory.build(case=CaseFactory(), detained_at=timezone.now() + dt.timedelta(days=1))
    assert "detained_at" in field_errors(detention)


class TestDetentionIsMinor:
    def detain(self, birth_date, detained_at):
        case = CaseFactory(person__birth_date=birth_date)
        return DetentionFactory(case=case, detained_at=detained_at)

    def test_seventeen_year_old_is_minor(self):
        detention = self.detain(dt.date(2004, 3, 1), dt.datetime(2021, 1, 31, 14, 0, tzinfo=MOSCOW))
        detention.refresh_from_db()
        assert detention.is_minor is True

    def test_adult_is_not_minor(self):
        detention = self.detain(dt.date(1990, 5, 17), dt.datetime(2021, 1, 31, 14, 0, tzinfo=MOSCOW))
        detention.refresh_from_db()
        assert detention.is_minor is False

    def test_adult_from_the_first_minute_of_the_eighteenth_birthday_in_moscow(self):
        # 00:30 in Moscow on the birthday is still the previous evening in UTC.
        detention = self.detain(dt.date(2003, 1, 31), dt.datetime(2021, 1, 31, 0, 30, tzinfo=MOSCOW))
        detention.refresh_from_db()
        assert detention.is_minor is False

    def test_minor_until_the_eighteenth_birthday_in_moscow(self):
        detention = self.detain(dt.date(2003, 1, 31), dt.datetime(2021, 1, 30, 23, 59, tzinfo=MOSCOW))
        detention.refresh_from_db()
        assert detention.is_minor is True

    def test_unknown_when_birth_date_unknown(self):
        detention = self.detain(None, dt.datetime(2021, 1, 31, 14, 0, tzinfo=MOSCOW))
        detention.refresh_from_db()
        assert detention.is_minor is None

    def test_recomputed_for_every_detention_of_the_person_when_birth_date_changes(self):
        person = PersonFactory(birth_date=None)
        first = DetentionFactory(case=CaseFactory(person=person), detained_at=dt.datetime(2021, 1, 31, tzinfo=MOSCOW))
        second = DetentionFactory(case=CaseFactory(person=person), detained_at=dt.datetime(2022, 4, 21, tzinfo=MOSCOW))
        other = DetentionFactory(detained_at=dt.datetime(2021, 1, 31, tzinfo=MOSCOW))

        person.birth_date = dt.date(2004, 3, 1)  # 16 at the first, 18 at the second
        person.save()
        assert [Detention.objects.get(pk=d.pk).is_minor for d in (first, second, other)] == [True, False, False]

        person.birth_date = None
        person.save()
        assert [Detention.objects.get(pk=d.pk).is_minor for d in (first, second)] == [None, None]

    def test_recomputed_when_the_detention_time_changes(self):
        detention = self.detain(dt.date(2003, 1, 31), dt.datetime(2021, 1, 30, 12, 0, tzinfo=MOSCOW))
        assert detention.is_minor is True
        detention.detained_at = dt.datetime(2021, 2, 1, 12, 0, tzinfo=MOSCOW)
        detention.save()
        detention.refresh_from_db()
        assert detention.is_minor is False


# --- EvidenceClaim --------------------------------------------------------------


def claim_for(detained_at, **kwargs) -> EvidenceClaim:
    return EvidenceClaimFactory.build(detention=DetentionFactory(detained_at=detained_at), **kwargs)


def test_footage_after_the_detention_date_is_rejected_on_footage_date():
    claim = claim_for(dt.datetime(2021, 1, 28, 9, 15, tzinfo=MOSCOW), footage_date=dt.date(2021, 1, 29))
    assert "footage_date" in field_errors(claim)


def test_footage_date_is_compared_with_the_detention_date_in_moscow():
    # 00:30 on the 28th in Moscow is 21:30 on the 27th in UTC: footage of the 28th is
    # the same day, not a day after.
    detained_at = dt.datetime(2021, 1, 27, 21, 30, tzinfo=dt.UTC)
    claim_for(detained_at, footage_date=dt.date(2021, 1, 28)).full_clean()
    assert "footage_date" in field_errors(claim_for(detained_at, footage_date=dt.date(2021, 1, 29)))


def test_footage_event_after_the_detention_is_rejected_on_footage_date():
    event = EventFactory(date=dt.date(2021, 2, 2))
    claim = claim_for(dt.datetime(2021, 1, 28, 9, 15, tzinfo=MOSCOW), footage_event=event)
    assert "footage_date" in field_errors(claim)


def test_footage_lag_days_is_computed_in_moscow_dates():
    claim = EvidenceClaimFactory(
        detention=DetentionFactory(detained_at=dt.datetime(2021, 1, 27, 21, 30, tzinfo=dt.UTC)),
        footage_date=dt.date(2021, 1, 23),
    )
    claim.refresh_from_db()
    assert claim.footage_lag_days == 5  # 23rd -> 28th in Moscow


def test_footage_date_defaults_to_the_footage_event_date():
    event = EventFactory(date=dt.date(2021, 1, 23))
    claim = EvidenceClaimFactory(
        detention=DetentionFactory(detained_at=dt.datetime(2021, 1, 31, 10, 0, tzinfo=MOSCOW)),
        footage_event=event,
        footage_date=None,
    )
    claim.refresh_from_db()
    assert claim.footage_date == dt.date(2021, 1, 23)
    assert claim.footage_lag_days == 8


def test_footage_date_given_by_hand_wins_over_the_event_date():
    event = EventFactory(date=dt.date(2021, 1, 23))
    claim = EvidenceClaimFactory(
        detention=DetentionFactory(detained_at=dt.datetime(2021, 1, 31, 10, 0, tzinfo=MOSCOW)),
        footage_event=event,
        footage_date=dt.date(2021, 1, 24),
    )
    claim.refresh_from_db()
    assert (claim.footage_date, claim.footage_lag_days) == (dt.date(2021, 1, 24), 7)


def test_footage_lag_days_unknown_without_footage_date():
    claim = EvidenceClaimFactory(footage_date=None, footage_event=None)
    claim.refresh_from_db()
    assert claim.footage_lag_days is None


def test_footage_lag_days_recomputed_when_the_detention_time_changes():
    detention = DetentionFactory(detained_at=dt.datetime(2021, 1, 28, 9, 15, tzinfo=MOSCOW))
    claims = [EvidenceClaimFactory(detention=detention, footage_date=dt.date(2021, 1, day)) for day in (23, 27)]

    detention.detained_at = dt.datetime(2021, 2, 2, 0, 10, tzinfo=MOSCOW)
    detention.save()
    assert [EvidenceClaim.objects.get(pk=c.pk).footage_lag_days for c in claims] == [10, 6]


# --- Hearing ------------------------------------------------------------------


def hearing(**kwargs) -> Hearing:
    kwargs.setdefault("date", dt.date(2021, 2, 3))
    return HearingFactory.build(case=CaseFactory(), **kwargs)


def test_negative_fine_is_rejected_on_fine_amount():
    assert "fine_amount" in field_errors(hearing(fine_amount=Decimal("-1.00")))


def test_negative_arrest_days_are_rejected_on_arrest_days():
    assert "arrest_days" in field_errors(hearing(outcome="arrest", fine_amount=None, arrest_days=-1))


def test_zero_fine_and_arrest_are_accepted():
    hearing(fine_amount=Decimal("0"), arrest_days=0).full_clean()


def test_appeal_deadline_before_the_hearing_is_rejected_on_appeal_deadline():
    assert "appeal_deadline" in field_errors(hearing(appeal_deadline=dt.date(2021, 2, 2)))


def test_decision_received_before_the_hearing_is_rejected_on_decision_received_on():
    errors = field_errors(hearing(decision_received_on=dt.date(2021, 2, 2)))
    assert "decision_received_on" in errors


class TestAppealDeadline:
    def test_ten_days_from_the_hearing_while_receipt_unknown(self):
        h = HearingFactory(date=dt.date(2021, 2, 3), appeal_deadline=None)
        h.refresh_from_db()
        assert h.appeal_deadline == dt.date(2021, 2, 13)

    def test_filled_by_full_clean_too(self):
        h = hearing(appeal_deadline=None)
        h.full_clean()
        assert h.appeal_deadline == dt.date(2021, 2, 13)

    def test_moves_to_ten_days_from_receipt_once_the_decision_is_received(self):
        h = HearingFactory(date=dt.date(2021, 2, 3))
        assert h.appeal_deadline == dt.date(2021, 2, 13)
        h.decision_received_on = dt.date(2021, 2, 8)
        h.save()
        h.refresh_from_db()
        assert h.appeal_deadline == dt.date(2021, 2, 18)

    def test_receipt_known_from_the_start(self):
        h = HearingFactory(date=dt.date(2021, 2, 3), decision_received_on=dt.date(2021, 2, 5))
        h.refresh_from_db()
        assert h.appeal_deadline == dt.date(2021, 2, 15)

    def test_hand_set_deadline_is_kept(self):
        h = HearingFactory(date=dt.date(2021, 2, 3), appeal_deadline=dt.date(2021, 2, 20))
        h.decision_received_on = dt.date(2021, 2, 8)
        h.full_clean()
        h.save()
        h.refresh_from_db()
        assert h.appeal_deadline == dt.date(2021, 2, 20)

    def test_corrected_receipt_date_moves_the_computed_deadline(self):
        # A typo in the receipt date must not leave a wrong deadline behind.
        h = HearingFactory(date=dt.date(2021, 2, 3), decision_received_on=dt.date(2021, 2, 8))
        h = Hearing.objects.get(pk=h.pk)
        h.decision_received_on = dt.date(2021, 2, 9)
        h.full_clean()
        h.save()
        h.refresh_from_db()
        assert h.appeal_deadline == dt.date(2021, 2, 19)

    def test_postponed_hearing_moves_the_provisional_deadline(self):
        h = Hearing.objects.get(pk=HearingFactory(date=dt.date(2021, 2, 3)).pk)
        h.date = dt.date(2021, 2, 10)
        h.save()
        h.refresh_from_db()
        assert h.appeal_deadline == dt.date(2021, 2, 20)

    def test_hand_set_deadline_survives_a_corrected_receipt_date(self):
        h = HearingFactory(
            date=dt.date(2021, 2, 3), decision_received_on=dt.date(2021, 2, 8), appeal_deadline=dt.date(2021, 3, 1)
        )
        h = Hearing.objects.get(pk=h.pk)
        h.decision_received_on = dt.date(2021, 2, 9)
        h.save()
        h.refresh_from_db()
        assert h.appeal_deadline == dt.date(2021, 3, 1)


# --- The case page shows these errors -------------------------------------------


def detention_form(client, case) -> tuple[str, str, dict[str, list[str]]]:
    """The URL, field prefix and browser data of the form of the case's detention."""
    detention = case.detentions.get()
    url = reverse("admin:cases_case_record_change", args=[case.pk, "detention", detention.pk])
    prefix = f"detention-{detention.pk}"
    return url, prefix, change_form_data(client, url, form_id=f"{prefix}-form")


def test_case_page_shows_release_before_detention_on_the_field_and_saves_nothing(coordinator, own_case):
    client = client_for(coordinator)
    url, prefix, data = detention_form(client, own_case)
    assert data[f"{prefix}-detained_at_0"] == ["2021-01-28"]
    data[f"{prefix}-place"] = ["Must not be saved"]
    data[f"{prefix}-released_at_0"] = ["2021-01-28"]
    data[f"{prefix}-released_at_1"] = ["08:00:00"]  # detained at 09:15 the same day

    page = client.post(url, data)
    in_place = client.post(url, data, HTTP_X_WORKSPACE_FRAGMENT="1")

    assert (page.status_code, in_place.status_code) == (200, 422)
    for response in (page, in_place):
        html = response.content.decode()
        assert "errornote" in html
        # The message sits on the released_at field, not only at the top of the form.
        assert f'id="id_{prefix}-released_at_error"><li>Release cannot be before the detention.</li>' in html
    detention = own_case.detentions.get()
    assert detention.released_at is None
    assert detention.place == "Пушкинская"


def test_case_page_round_trip_without_changes_saves(coordinator, own_case):
    """The form data collected above is complete: unchanged, it saves (so the test above is meaningful)."""
    client = client_for(coordinator)
    url, prefix, data = detention_form(client, own_case)
    data[f"{prefix}-place"] = ["Saved"]
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert own_case.detentions.get().place == "Saved"
    case_url = f"/admin/cases/case/{own_case.pk}/change/"
    case_data = change_form_data(client, f"{case_url}?edit=details")
    case_data["summary"] = ["Saved"]
    case_data["_save"] = ["Save"]
    response = client.post(case_url, case_data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Case.objects.get(pk=own_case.pk).summary == "Saved"


@pytest.mark.parametrize("typed", ["CT-2021-000123", "CT-2021-1234567"])
def test_a_typed_reference_in_the_generated_form_is_refused(typed):
    case = CaseFactory.build(person=PersonFactory(), reference=typed)
    with pytest.raises(ValidationError) as error:
        case.full_clean()
    assert "reference" in error.value.message_dict
