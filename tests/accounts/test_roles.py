"""The role groups of the data migration and the one visibility rule built on them."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.http import Http404

from casetracker.accounts.policy import user_may_assign_lawyers, user_sees_all_cases
from casetracker.accounts.roles import ANALYST, COORDINATOR, HOTLINE, LAWYER, ROLES
from casetracker.cases.selectors import (
    cases_visible_to,
    documents_visible_to,
    get_case_for_user,
    get_document_for_user,
    persons_visible_to,
)
from tests.factories import CaseFactory, DocumentFactory, PersonFactory, make_user

CASE_RECORDS = ["detention", "evidenceclaim", "charge", "hearing", "document", "casenote"]
CRUD = ("view", "add", "change", "delete")


def group_permissions(name: str) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in Group.objects.get(name=name).permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


# --- The data migration -----------------------------------------------------------------


def test_migration_creates_the_four_role_groups(db):
    assert set(Group.objects.values_list("name", flat=True)) >= {COORDINATOR, LAWYER, ANALYST, HOTLINE}
    assert set(ROLES) == {COORDINATOR, LAWYER, ANALYST, HOTLINE}


def test_coordinator_may_see_all_cases_assign_lawyers_and_edit_everything(db):
    permissions = group_permissions(COORDINATOR)

    assert {"cases.view_all_cases", "cases.assign_lawyers"} <= permissions
    for model in ["case", "person", "event", "legalarticle", *CASE_RECORDS]:
        assert {f"cases.{action}_{model}" for action in CRUD} <= permissions
    assert not any(name.startswith("audit.") for name in permissions)


def test_lawyer_works_on_cases_but_cannot_delete_them_see_all_or_assign(db):
    permissions = group_permissions(LAWYER)

    assert {"cases.view_case", "cases.add_case", "cases.change_case"} <= permissions
    assert {"cases.view_person", "cases.add_person", "cases.change_person"} <= permissions
    for model in CASE_RECORDS:
        assert {f"cases.{action}_{model}" for action in CRUD} <= permissions
    assert {"cases.view_event", "cases.view_legalarticle"} <= permissions
    forbidden = {
        "cases.delete_case",
        "cases.delete_person",
        "cases.view_all_cases",
        "cases.assign_lawyers",
        "cases.change_legalarticle",
        "cases.add_legalarticle",
        "cases.delete_legalarticle",
        "cases.change_event",
        "cases.delete_event",
    }
    assert not permissions & forbidden
    # Of the accounts permissions only the capability to be chosen as a case's lawyer:
    # no view of the user list, nothing of auth.
    assert {name for name in permissions if name.startswith(("accounts.", "auth."))} == {
        "accounts.be_assigned_as_lawyer"
    }


def test_analyst_may_only_read_reference_data_and_view_reports(db):
    assert group_permissions(ANALYST) == {"cases.view_event", "cases.view_legalarticle", "accounts.view_reports"}


def test_custom_permissions_exist_on_case(db):
    codenames = set(Permission.objects.filter(content_type__app_label="cases").values_list("codename", flat=True))

    assert {"view_all_cases", "assign_lawyers"} <= codenames


@pytest.mark.parametrize(
    ("role", "sees_all", "assigns"),
    [
        ("lawyer", False, False),
        ("other_lawyer", False, False),
        ("coordinator", True, True),
        ("analyst", False, False),
        ("superuser", True, True),
    ],
)
def test_capabilities_of_each_role(users, role, sees_all, assigns):
    assert user_sees_all_cases(users[role]) is sees_all
    assert user_may_assign_lawyers(users[role]) is assigns


# --- cases_visible_to -----------------------------------------------------------------


@pytest.fixture
def unassigned_case(db):
    return CaseFactory(person__full_name="Никем не ведомый")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("lawyer", {"own"}),
        ("other_lawyer", {"foreign"}),
        ("coordinator", {"own", "foreign", "unassigned"}),
        ("analyst", set()),
        ("superuser", {"own", "foreign", "unassigned"}),
        ("anonymous", set()),
    ],
)
def test_cases_visible_to_each_role(users, own_case, foreign_case, unassigned_case, role, expected):
    names = {own_case.pk: "own", foreign_case.pk: "foreign", unassigned_case.pk: "unassigned"}
    user = users[role] or AnonymousUser()

    visible = {names[pk] for pk in cases_visible_to(user).values_list("pk", flat=True)}

    assert visible == expected


def test_lawyer_assigned_to_two_cases_sees_each_once(lawyer, own_case, foreign_case):
    foreign_case.lawyers.add(lawyer)

    assert sorted(cases_visible_to(lawyer).values_list("pk", flat=True)) == sorted([own_case.pk, foreign_case.pk])


def test_lawyer_unassigned_from_case_no_longer_sees_it(lawyer, own_case):
    own_case.lawyers.remove(lawyer)

    assert not cases_visible_to(lawyer).exists()


def test_view_all_cases_is_a_capability_not_a_group_name(own_case, foreign_case):
    user = make_user(None, username="auditor")
    user.user_permissions.add(
        Permission.objects.get(content_type__app_label="cases", codename="view_all_cases"),
    )

    assert set(cases_visible_to(user)) == {own_case, foreign_case}


def test_get_case_for_user_returns_visible_case(lawyer, own_case):
    assert get_case_for_user(lawyer, own_case.pk) == own_case


@pytest.mark.parametrize("role", ["lawyer", "analyst", "anonymous"])
def test_get_case_for_user_raises_404_for_invisible_case(users, foreign_case, role):
    with pytest.raises(Http404):
        get_case_for_user(users[role] or AnonymousUser(), foreign_case.pk)


def test_get_case_for_user_raises_404_for_missing_case(coordinator):
    with pytest.raises(Http404):
        get_case_for_user(coordinator, 999999)


# --- persons and documents ------------------------------------------------------------------


def test_persons_visible_to_lawyer_are_those_of_own_cases_and_own_caseless(
    lawyer, other_lawyer, own_case, foreign_case
):
    mine = PersonFactory(created_by=lawyer)
    colleagues = PersonFactory(created_by=other_lawyer)

    assert set(persons_visible_to(lawyer)) == {own_case.person, mine}
    assert set(persons_visible_to(other_lawyer)) == {foreign_case.person, colleagues}


def test_caseless_person_disappears_for_creator_once_opened_in_foreign_case(lawyer, other_lawyer):
    person = PersonFactory(created_by=lawyer)
    CaseFactory(person=person, lawyers=[other_lawyer])

    assert person not in persons_visible_to(lawyer)
    assert person in persons_visible_to(other_lawyer)


def test_person_with_own_and_foreign_cases_is_listed_once(lawyer, own_case):
    CaseFactory(person=own_case.person)
    CaseFactory(person=own_case.person, lawyers=[lawyer])

    assert list(persons_visible_to(lawyer)) == [own_case.person]
    assert persons_visible_to(lawyer).count() == 1


def test_coordinator_and_superuser_see_every_person(coordinator, superuser, lawyer, own_case, foreign_case):
    caseless = PersonFactory(created_by=lawyer)
    everyone = {own_case.person, foreign_case.person, caseless}

    assert set(persons_visible_to(coordinator)) == everyone
    assert set(persons_visible_to(superuser)) == everyone


def test_analyst_sees_no_person_even_one_they_created(analyst, own_case):
    PersonFactory(created_by=analyst)

    assert not persons_visible_to(analyst).exists()


def test_documents_visible_only_through_visible_cases(lawyer, analyst, coordinator, own_case, foreign_case):
    own = DocumentFactory(case=own_case)
    foreign = DocumentFactory(case=foreign_case)

    assert list(documents_visible_to(lawyer)) == [own]
    assert not documents_visible_to(analyst).exists()
    assert set(documents_visible_to(coordinator)) == {own, foreign}
    assert get_document_for_user(lawyer, own.pk) == own
    with pytest.raises(Http404):
        get_document_for_user(lawyer, foreign.pk)


# --- inactive users ---------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["lawyer", "coordinator", "superuser"])
def test_inactive_user_sees_nothing(users, own_case, foreign_case, role):
    user = users[role]
    PersonFactory(created_by=user)
    DocumentFactory(case=own_case)
    user.is_active = False
    user.save()

    assert not cases_visible_to(user).exists()
    assert not persons_visible_to(user).exists()
    assert not documents_visible_to(user).exists()
    assert user_sees_all_cases(user) is False
    assert user_may_assign_lawyers(user) is False
    with pytest.raises(Http404):
        get_case_for_user(user, own_case.pk)
