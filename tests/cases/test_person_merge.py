"""The coordinators' queue of possible duplicates, and merging two records of one person."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError

from casetracker.accounts.policy import user_may_merge_persons
from casetracker.accounts.roles import MERGE_PERSONS
from casetracker.audit.models import AuditAction, AuditEvent
from casetracker.cases.admin import merge as merge_view
from casetracker.cases.choices import Consent, Gender
from casetracker.cases.duplicates.merge import KEEP, MERGE, MERGE_FIELDS, person_merge
from casetracker.cases.duplicates.services import possible_duplicates_record
from casetracker.cases.erasure import person_erase
from casetracker.cases.models import Case, CaseNote, Detention, Document, DuplicateResolution, Person, PossibleDuplicate
from casetracker.cases.selectors import persons_named
from tests.api.conftest import api_client, url
from tests.conftest import client_for
from tests.factories import (
    MOSCOW,
    CaseFactory,
    CaseNoteFactory,
    DetentionFactory,
    DocumentFactory,
    PersonFactory,
    make_user,
)

NAME = "Орлова Мария Игоревна"
QUEUE = "/admin/cases/possibleduplicate/"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)")
# 2006-03-01: a minor at a detention in 2021, an adult with the other record's 1990 date.
YOUNG = dt.date(2006, 3, 1)
DETAINED_AT = dt.datetime(2021, 1, 31, 12, 0, tzinfo=MOSCOW)


def merge_url(entry: PossibleDuplicate) -> str:
    return f"{QUEUE}{entry.pk}/merge/"


@pytest.fixture
def pair(lawyer, other_lawyer):
    """The review's situation: other_lawyer's client, then the same person saved by lawyer.

    The existing record has a phone and an adult's birth date; the new one a birth date
    that makes the detention of the existing record a minor's, and an e-mail.
    """
    existing = CaseFactory(
        lawyers=[other_lawyer],
        person__full_name=NAME,
        person__birth_date=None,
        person__phone="+7 900 111-22-33",
        person__gender=Gender.FEMALE,
        person__consent=Consent.LEGAL_AID,
    )
    DetentionFactory(case=existing, detained_at=DETAINED_AT)
    saved = CaseFactory(
        lawyers=[lawyer],
        person__full_name=NAME,
        person__birth_date=YOUNG,
        person__email="orlova@example.org",
        person__created_by=lawyer,
    )
    possible_duplicates_record(persons=[saved.person], user=lawyer)
    entry = PossibleDuplicate.objects.get()
    assert (entry.other, entry.person) == (existing.person, saved.person)
    return existing, saved, entry


def choices(**sides) -> dict[str, str]:
    return {name: sides.get(name, KEEP) for name in MERGE_FIELDS}


# --- The service --------------------------------------------------------------------------


def test_merge_moves_cases_takes_chosen_fields_and_deletes_the_other(pair, coordinator):
    existing, saved, entry = pair
    keep, merge = existing.person, saved.person

    result = person_merge(
        keep=keep, merge=merge, field_choices=choices(birth_date=MERGE, email=MERGE), user=coordinator
    )

    kept = Person.objects.get(pk=keep.pk)
    assert not Person.objects.filter(pk=merge.pk).exists()
    assert set(kept.cases.values_list("pk", flat=True)) == {existing.pk, saved.pk}
    assert (kept.birth_date, kept.email, kept.phone) == (YOUNG, "orlova@example.org", "+7 900 111-22-33")
    assert kept.gender == Gender.FEMALE
    assert sorted(result.changed_fields) == ["birth_date", "email"]
    assert [case.pk for case in result.moved_cases] == [saved.pk]
    # Derived values follow: the blind indexes find the one record by name and birth date.
    assert list(persons_named(NAME)) == [kept]
    assert kept.name_birth_index != ""
    # The kept record's own detention was an adult's (no birth date); with the chosen
    # date it is a minor's.
    assert Detention.objects.get(case=existing).is_minor is True
    entry.refresh_from_db()
    assert (entry.resolution, entry.resolved_by) == (DuplicateResolution.MERGED, coordinator)
    assert entry.resolved_at is not None


def test_merge_recomputes_minor_flags_of_the_moved_cases(pair, coordinator):
    existing, saved, _entry = pair
    moved_detention = DetentionFactory(case=saved, detained_at=DETAINED_AT)
    assert moved_detention.is_minor is True  # from the saved record's 2006 birth date

    # Keep the existing record and its (empty) birth date: nobody is known to be a minor.
    person_merge(keep=existing.person, merge=saved.person, field_choices=choices(), user=coordinator)

    moved_detention.refresh_from_db()
    assert moved_detention.is_minor is None  # unknown, as for any person without a birth date


def test_merge_audits_both_persons_and_each_moved_case_by_id_and_field_name_only(pair, coordinator):
    existing, saved, _entry = pair
    second_case = CaseFactory(person=saved.person)

    person_merge(
        keep=saved.person, merge=existing.person, field_choices=choices(phone=MERGE, gender=MERGE), user=coordinator
    )

    events = AuditEvent.objects.filter(action=AuditAction.MERGE)
    persons = {event.object_id: event for event in events.filter(object_type="cases.person")}
    assert set(persons) == {str(saved.person_id), str(existing.person_id)}
    assert sorted(persons[str(saved.person_id)].changed_fields) == ["gender", "phone"]
    moved = events.filter(object_type="cases.case")
    assert {event.case_reference for event in moved} == {existing.reference}
    assert all(event.changed_fields == ["person"] for event in moved)
    assert second_case.reference not in {event.case_reference for event in moved}
    stored = repr(list(AuditEvent.objects.values()))
    assert "900 111" not in stored and "Орлова" not in stored and "female" not in stored
    assert all(event.username == coordinator.username for event in events)


@pytest.mark.parametrize("role", ["lawyer", "other_lawyer", "analyst"])
def test_only_coordinators_merge(pair, users, role):
    existing, saved, _entry = pair

    with pytest.raises(PermissionDenied):
        person_merge(keep=existing.person, merge=saved.person, field_choices=choices(), user=users[role])

    assert Person.objects.filter(pk=saved.person_id).exists()


def test_a_person_is_not_merged_with_itself(pair, coordinator):
    existing, _saved, _entry = pair

    with pytest.raises(ValidationError):
        person_merge(keep=existing.person, merge=existing.person, field_choices=choices(), user=coordinator)

    assert existing.person.cases.count() == 1


def test_an_erased_person_is_not_merged(pair, coordinator):
    existing, saved, _entry = pair
    person_erase(person=saved.person, user=coordinator)

    with pytest.raises(ValidationError):
        person_merge(keep=existing.person, merge=saved.person, field_choices=choices(), user=coordinator)

    assert Case.objects.get(pk=saved.pk).person_id == saved.person_id


def test_unknown_fields_and_sides_are_refused(pair, coordinator):
    existing, saved, _entry = pair

    for field_choices in ({"created_by": MERGE}, {"full_name": "both"}):
        with pytest.raises(ValidationError):
            person_merge(keep=existing.person, merge=saved.person, field_choices=field_choices, user=coordinator)

    assert Person.objects.filter(pk=saved.person_id).exists()


def test_entries_with_third_persons_pass_to_the_kept_record(pair, coordinator, analyst):
    existing, saved, _entry = pair
    third = CaseFactory(person__full_name=NAME, person__birth_date=None).person
    # The third record saved by someone who sees nobody: it is queued against both.
    possible_duplicates_record(persons=[third], user=analyst)
    assert PossibleDuplicate.objects.filter(person=third).count() == 2

    person_merge(keep=existing.person, merge=saved.person, field_choices=choices(), user=coordinator)

    open_entries = PossibleDuplicate.objects.filter(resolved_at__isnull=True)
    assert [(entry.person_id, entry.other_id) for entry in open_entries] == [(third.pk, existing.person_id)]


def test_the_kept_person_can_still_be_erased_with_every_moved_case(pair, coordinator):
    existing, saved, _entry = pair
    DocumentFactory(case=saved)
    CaseNoteFactory(case=saved)
    person_merge(keep=existing.person, merge=saved.person, field_choices=choices(), user=coordinator)

    result = person_erase(person=existing.person, user=coordinator)

    assert (result.cases, result.documents, result.notes) == (2, 1, 1)
    assert not Document.objects.exists() and not CaseNote.objects.exists()


# --- The queue, from the outside ----------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "list_status", "merge_status"),
    [
        ("lawyer", 403, 403),
        ("other_lawyer", 403, 403),
        ("analyst", 403, 403),
        ("coordinator", 200, 200),
        ("superuser", 200, 200),
        ("anonymous", 302, 302),
    ],
)
def test_who_sees_the_queue_and_the_merge_page(pair, users, role, list_status, merge_status):
    _existing, _saved, entry = pair
    client = client_for(users[role])

    assert client.get(QUEUE).status_code == list_status
    assert client.get(merge_url(entry)).status_code == merge_status


@pytest.mark.parametrize("role", ["lawyer", "other_lawyer", "analyst"])
def test_a_merge_posted_by_a_non_coordinator_is_refused_and_changes_nothing(pair, users, role):
    existing, saved, entry = pair
    data = {"keep": "first", "confirm": "yes", **{f"field_{name}": "first" for name in MERGE_FIELDS}}

    response = client_for(users[role]).post(merge_url(entry), data)

    assert response.status_code == 403
    assert Person.objects.filter(pk__in=[existing.person_id, saved.person_id]).count() == 2
    entry.refresh_from_db()
    assert entry.resolved_at is None


def test_queue_is_on_the_coordinators_menu_and_start_page_only(pair, lawyer, coordinator, analyst):
    for user in (lawyer, analyst):
        body = client_for(user).get("/admin/").content.decode()
        assert QUEUE not in body and "Possible duplicates" not in body

    body = client_for(coordinator).get("/admin/").content.decode()
    assert QUEUE in body
    assert "Possible duplicates (1)" in body
    assert "1 pair of person records to compare" in body


def test_queue_lists_both_records_with_their_cases_for_coordinators(pair, coordinator):
    existing, saved, entry = pair

    response = client_for(coordinator).get(QUEUE)

    body = response.content.decode()
    assert body.count(NAME) == 2
    assert existing.reference in body and saved.reference in body
    assert merge_url(entry) in body


def test_queue_list_queries_do_not_grow_with_entries(lawyer, coordinator, django_assert_max_num_queries):
    def add_entries(count: int, start: int) -> None:
        for number in range(start, start + count):
            name = f"Повтор Человек {number}"
            CaseFactory(person__full_name=name)
            CaseFactory(person__full_name=name)
            saved = CaseFactory(lawyers=[lawyer], person__full_name=name).person
            possible_duplicates_record(persons=[saved], user=lawyer)

    client = client_for(coordinator)
    add_entries(3, 0)
    client.get(QUEUE)  # the session's first request pushes its idle expiry ahead (3 queries)
    with django_assert_max_num_queries(12) as small:
        assert client.get(QUEUE).status_code == 200
    add_entries(20, 3)

    with django_assert_max_num_queries(12) as large:
        response = client.get(QUEUE)

    assert len(large.captured_queries) == len(small.captured_queries)
    assert response.content.decode().count("/merge/") == 46


def test_marking_different_persons_resolves_the_entry_and_it_is_not_queued_again(pair, lawyer, coordinator):
    _existing, saved, entry = pair
    data = {"action": "mark_different_persons", "_selected_action": [entry.pk]}

    response = client_for(coordinator).post(QUEUE, data)

    assert response.status_code == 302
    entry.refresh_from_db()
    assert (entry.resolution, entry.resolved_by) == (DuplicateResolution.DISTINCT, coordinator)
    api_client(lawyer).patch(url("persons", saved.person_id), {"region": "Тверь"}, format="json")
    assert PossibleDuplicate.objects.count() == 1
    assert "Possible duplicates (0)" in client_for(coordinator).get("/admin/").content.decode()


def test_lawyer_cannot_mark_different_persons(pair, lawyer):
    _existing, _saved, entry = pair

    response = client_for(lawyer).post(QUEUE, {"action": "mark_different_persons", "_selected_action": [entry.pk]})

    assert response.status_code == 403
    entry.refresh_from_db()
    assert entry.resolved_at is None


def test_an_erased_persons_entry_leaves_the_queue_and_cannot_be_merged(pair, coordinator):
    existing, _saved, entry = pair
    person_erase(person=existing.person, user=coordinator)
    client = client_for(coordinator)

    assert client.get(merge_url(entry)).status_code == 404
    assert merge_url(entry) not in client.get(QUEUE).content.decode()
    assert "Possible duplicates (0)" in client.get("/admin/").content.decode()


def test_unknown_and_resolved_entries_are_not_found(pair, coordinator):
    _existing, _saved, entry = pair
    client = client_for(coordinator)
    assert client.get(f"{QUEUE}999999/merge/").status_code == 404
    PossibleDuplicate.objects.filter(pk=entry.pk).update(resolution="distinct", resolved_at=entry.found_at)

    assert client.get(merge_url(entry)).status_code == 404


# --- The merge page -----------------------------------------------------------------------


def test_merge_page_shows_both_values_per_field_with_no_inline_script(pair, coordinator):
    existing, saved, entry = pair

    response = client_for(coordinator).get(merge_url(entry))

    body = response.content.decode()
    assert "+7 900 111-22-33" in body and "orlova@example.org" in body
    assert "2006-03-01" in body
    assert body.count('type="radio"') == 2 * (1 + len(MERGE_FIELDS))
    assert not INLINE_SCRIPT.search(body) and "style=" not in body
    # Showing every personal value of both is a read of both records.
    viewed = AuditEvent.objects.filter(action=AuditAction.VIEW, object_type="cases.person")
    assert set(viewed.values_list("object_id", flat=True)) == {str(existing.person_id), str(saved.person_id)}


def test_merge_through_the_admin_is_confirmed_before_anything_changes(pair, coordinator):
    existing, saved, entry = pair
    client = client_for(coordinator)
    data = {"keep": "second", **{f"field_{name}": "second" for name in MERGE_FIELDS}}
    data["field_phone"] = "first"  # the existing record's phone

    review = client.post(merge_url(entry), data)

    assert review.status_code == 200
    body = review.content.decode()
    assert "Yes, merge" in body and "+7 900 111-22-33" in body
    assert f"Cases that move: {existing.reference}" in body
    assert Person.objects.filter(pk=existing.person_id).exists()

    done = client.post(merge_url(entry), {**data, "confirm": "yes"})

    assert done.status_code == 302
    assert done["Location"] == f"/admin/cases/person/{saved.person_id}/change/"
    kept = Person.objects.get(pk=saved.person_id)
    assert (kept.phone, kept.email, kept.birth_date) == ("+7 900 111-22-33", "orlova@example.org", YOUNG)
    assert set(kept.cases.values_list("pk", flat=True)) == {existing.pk, saved.pk}
    assert not Person.objects.filter(pk=existing.person_id).exists()
    # The entry is resolved: its page is gone, the list shows it among the merged.
    assert client.get(merge_url(entry)).status_code == 404
    assert "merged" in client.get(QUEUE, {"status": "merged"}).content.decode()


@pytest.mark.parametrize(
    "bad",
    [
        {"keep": "third"},
        {"keep": ""},
        {"field_full_name": "both"},
        {"field_birth_date": "<script>"},
        {"field_email": "merge"},
    ],
)
def test_bad_merge_input_is_a_form_error_and_changes_nothing(pair, coordinator, bad):
    existing, saved, entry = pair
    data = {"keep": "first", "confirm": "yes", **{f"field_{name}": "first" for name in MERGE_FIELDS}, **bad}

    response = client_for(coordinator).post(merge_url(entry), data)

    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert Person.objects.filter(pk__in=[existing.person_id, saved.person_id]).count() == 2


def test_missing_choices_are_form_errors(pair, coordinator):
    _existing, _saved, entry = pair

    response = client_for(coordinator).post(merge_url(entry), {"confirm": "yes"})

    assert response.status_code == 200
    assert response.content.decode().count("This field is required.") == 1 + len(MERGE_FIELDS)
    assert PossibleDuplicate.objects.get().resolved_at is None


def test_a_refusal_of_the_merge_service_is_a_form_error(pair, coordinator, monkeypatch):
    existing, saved, entry = pair
    data = {"keep": "first", "confirm": "yes", **{f"field_{name}": "first" for name in MERGE_FIELDS}}
    # The race the lock settles: the person is erased after the page found the entry open.
    real_open = merge_view.possible_duplicates_open
    monkeypatch.setattr(merge_view, "possible_duplicates_open", lambda user: real_open(user).model.objects.all())
    person_erase(person=saved.person, user=coordinator)

    response = client_for(coordinator).post(merge_url(entry), data)

    assert response.status_code == 200
    assert "An erased person cannot be merged." in response.content.decode()
    assert Case.objects.get(pk=saved.pk).person_id == saved.person_id
    assert Person.objects.filter(pk=existing.person_id).exists()


def test_api_no_longer_finds_the_merged_person(pair, coordinator):
    existing, saved, _entry = pair
    person_merge(keep=existing.person, merge=saved.person, field_choices=choices(), user=coordinator)

    assert api_client(coordinator).get(url("persons", saved.person_id)).status_code == 404
    assert api_client(coordinator).get(url("persons", existing.person_id)).status_code == 200


def test_a_caseless_person_can_be_merged(coordinator, lawyer, other_lawyer):
    existing = PersonFactory(full_name=NAME, created_by=other_lawyer)
    saved = PersonFactory(full_name=NAME, created_by=lawyer)
    possible_duplicates_record(persons=[saved], user=lawyer)

    person_merge(keep=existing, merge=saved, field_choices=choices(), user=coordinator)

    assert list(persons_named(NAME)) == [existing]


# --- The capability -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "may_merge"),
    [("lawyer", False), ("other_lawyer", False), ("analyst", False), ("coordinator", True), ("superuser", True)],
)
def test_merging_is_a_coordinator_capability(users, role, may_merge):
    assert user_may_merge_persons(users[role]) is may_merge
    assert users[role].has_perm(MERGE_PERSONS) is may_merge


def test_the_merge_permission_without_seeing_every_case_is_not_enough(db):
    user = make_user(None, username="merger", is_staff=True)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="cases", codename="merge_person"))
    user = type(user).objects.get(pk=user.pk)

    assert user.has_perm(MERGE_PERSONS)
    assert user_may_merge_persons(user) is False
    assert client_for(user).get(QUEUE).status_code == 403
