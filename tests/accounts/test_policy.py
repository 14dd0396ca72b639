"""The access policy: the role table against the database, each capability of each role
from the outside, and objects that belong to a user (import jobs, summary batches,
report exports, API tokens)."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from casetracker.accounts import policy
from casetracker.accounts.checks import role_table_checks
from casetracker.accounts.policy import (
    CAPABILITIES,
    UnknownCapability,
    owned_by,
    user_has_capability,
    users_assignable_as_lawyers,
)
from casetracker.accounts.roles import ANALYST, COORDINATOR, HOTLINE, LAWYER, ROLE_PERMISSIONS, ROLES, role_groups_sync
from casetracker.api.tokens import token_issue
from casetracker.cases.models import Case, ImportJob
from casetracker.imports import services as imports
from casetracker.reports.models import CaseSummaryBatch, ReportExport
from tests.conftest import client_for
from tests.factories import CaseFactory, make_user

ROLE_USERS = ("lawyer", "other_lawyer", "coordinator", "analyst", "superuser", "anonymous")


def group_permissions(name: str) -> set[str]:
    rows = Group.objects.get(name=name).permissions.values_list("content_type__app_label", "codename")
    return {f"{app_label}.{codename}" for app_label, codename in rows}


def permission(name: str) -> Permission:
    app_label, codename = name.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def assert_groups_match_the_table() -> None:
    for role in ROLES:
        assert group_permissions(role) == set(ROLE_PERMISSIONS[role]), role


# --- The role table -------------------------------------------------------------------------


def test_the_table_names_the_four_roles():
    assert set(ROLE_PERMISSIONS) == set(ROLES) == {COORDINATOR, LAWYER, ANALYST, HOTLINE}


def test_role_groups_hold_exactly_the_table_after_migrate(db):
    assert_groups_match_the_table()


def test_sync_removes_a_stray_permission_and_leaves_other_groups_alone(db):
    stray = permission("cases.delete_case")
    Group.objects.get(name=LAWYER).permissions.add(stray)
    auditors = Group.objects.create(name="Auditors")
    auditors.permissions.add(stray)

    role_groups_sync()

    assert "cases.delete_case" not in group_permissions(LAWYER)
    assert list(auditors.permissions.all()) == [stray]
    assert_groups_match_the_table()


def test_sync_removes_a_permission_taken_out_of_the_table(db, monkeypatch):
    monkeypatch.setitem(ROLE_PERMISSIONS, ANALYST, frozenset({"cases.view_event"}))

    role_groups_sync()

    assert group_permissions(ANALYST) == {"cases.view_event"}


def test_sync_is_idempotent_and_recreates_a_deleted_role(db):
    Group.objects.filter(name=ANALYST).delete()

    role_groups_sync()
    role_groups_sync()

    assert Group.objects.filter(name__in=ROLES).count() == len(ROLES)
    assert_groups_match_the_table()


def test_migrate_brings_the_groups_back_to_the_table(db):
    Group.objects.get(name=LAWYER).permissions.add(permission("cases.delete_person"))
    Group.objects.filter(name=COORDINATOR).delete()

    call_command("migrate", verbosity=0, interactive=False)

    assert_groups_match_the_table()


@pytest.mark.django_db(transaction=True)
def test_a_flush_brings_the_role_groups_back():
    # What a transactional test leaves behind: every table emptied, then post_migrate.
    call_command("flush", interactive=False, verbosity=0)

    assert_groups_match_the_table()


def test_system_check_accepts_the_table_and_names_a_misspelt_permission(monkeypatch):
    assert role_table_checks(None) == []

    monkeypatch.setitem(ROLE_PERMISSIONS, ANALYST, frozenset({"cases.view_evnt"}))
    errors = role_table_checks(None)

    assert [error.id for error in errors] == ["accounts.E001"]
    assert "cases.view_evnt" in errors[0].msg


# --- Capabilities -----------------------------------------------------------------------------

# (lawyer, other_lawyer, coordinator, analyst, superuser, anonymous)
CAPABILITY_MATRIX = {
    "view_reports": (False, False, True, True, True, False),
    "be_assigned_as_lawyer": (True, True, True, False, False, False),
    "import_cases": (True, True, True, False, True, False),
    "erase_persons": (False, False, True, False, True, False),
    "merge_persons": (False, False, True, False, True, False),
    "see_all_cases": (False, False, True, False, True, False),
    "assign_lawyers": (False, False, True, False, True, False),
    "take_calls": (False, False, True, False, True, False),
    "see_all_intakes": (False, False, True, False, True, False),
    "dispatch_lawyers": (False, False, True, False, True, False),
    "convert_intakes": (True, True, True, False, True, False),
}
NAMED = {
    "view_reports": policy.user_may_view_reports,
    "be_assigned_as_lawyer": policy.user_can_be_assigned_as_lawyer,
    "import_cases": policy.user_may_import,
    "erase_persons": policy.user_may_erase,
    "merge_persons": policy.user_may_merge_persons,
    "see_all_cases": policy.user_sees_all_cases,
    "assign_lawyers": policy.user_may_assign_lawyers,
    "take_calls": policy.user_may_take_calls,
    "see_all_intakes": policy.user_sees_all_intakes,
    "dispatch_lawyers": policy.user_may_dispatch_lawyers,
    "convert_intakes": policy.user_may_convert_intakes,
}


def test_the_vocabulary_is_exactly_the_listed_capabilities():
    assert set(CAPABILITIES) == set(CAPABILITY_MATRIX) == set(NAMED)


@pytest.mark.parametrize("capability", sorted(CAPABILITY_MATRIX))
def test_each_role_holds_its_capabilities(users, capability):
    for role, expected in zip(ROLE_USERS, CAPABILITY_MATRIX[capability], strict=True):
        user = users[role] or AnonymousUser()
        assert user_has_capability(user, capability) is expected, (role, capability)
        assert NAMED[capability](user) is expected, (role, capability)


@pytest.mark.parametrize("name", ["view_report", "", "is_lawyer", "cases.view_case"])
def test_an_unknown_capability_raises_even_for_a_visitor(lawyer, name):
    with pytest.raises(UnknownCapability):
        user_has_capability(lawyer, name)
    with pytest.raises(UnknownCapability):
        user_has_capability(None, name)


@pytest.mark.parametrize("role", ["lawyer", "coordinator", "analyst", "superuser"])
def test_an_inactive_user_holds_no_capability(users, role):
    user = users[role]
    user.is_active = False
    user.save()

    assert not any(user_has_capability(user, name) for name in CAPABILITIES)
    assert user not in users_assignable_as_lawyers()


def test_assignable_lawyers_are_the_lawyers_and_coordinators(users):
    assert set(users_assignable_as_lawyers()) == {users["lawyer"], users["other_lawyer"], users["coordinator"]}


def test_a_superuser_is_assignable_only_when_given_the_role(superuser):
    assert superuser not in users_assignable_as_lawyers()

    superuser.groups.add(Group.objects.get(name=LAWYER))

    assert list(users_assignable_as_lawyers()) == [superuser]
    assert policy.user_can_be_assigned_as_lawyer(superuser) is True


def test_a_user_in_two_granting_groups_is_listed_once(lawyer):
    lawyer.groups.add(Group.objects.get(name=COORDINATOR))
    lawyer.user_permissions.add(permission("accounts.be_assigned_as_lawyer"))

    assert list(users_assignable_as_lawyers()) == [lawyer]


# --- Capabilities from the outside --------------------------------------------------------------


@pytest.fixture
def auditor(db):
    """A user in a group of an administrator's own, not a role."""
    group = Group.objects.create(name="Auditors")
    group.permissions.add(permission("accounts.view_reports"))
    user = make_user(None, username="auditor")
    user.groups.add(group)
    return user


def test_a_custom_group_with_view_reports_opens_the_reports(auditor):
    client = client_for(auditor)

    assert client.get("/reports/").status_code == 200
    assert client.get("/api/v1/reports/summary/").status_code == 200


@pytest.mark.parametrize(
    ("role", "status"),
    [("lawyer", 403), ("other_lawyer", 403), ("coordinator", 200), ("analyst", 200), ("superuser", 200)],
)
def test_reports_answer_by_the_capability(users, role, status):
    assert client_for(users[role]).get("/api/v1/reports/summary/").status_code == status


def test_admin_offers_the_assignable_lawyers(users):
    response = client_for(users["coordinator"]).get("/admin/cases/case/add/")

    offered = set(response.context["adminform"].form.fields["lawyers"].queryset)
    assert offered == {users["lawyer"], users["other_lawyer"], users["coordinator"]}


@pytest.mark.parametrize(
    ("role", "status"),
    [("lawyer", 200), ("other_lawyer", 200), ("coordinator", 200), ("analyst", 400), ("superuser", 400)],
)
def test_api_assigns_only_who_can_be_assigned(users, role, status):
    case = CaseFactory()

    response = client_for(users["coordinator"]).patch(
        f"/api/v1/cases/{case.pk}/", {"lawyers": [users[role].pk]}, content_type="application/json"
    )

    assert response.status_code == status, response.content
    assert list(case.lawyers.all()) == ([users[role]] if status == 200 else [])


IMPORT_HEADER = "full_name,birth_date,detained_at,city,region,place_type,place,lawyer"


def import_naming(coordinator, username: str) -> ImportJob:
    row = f"Иванов Пётр,,2021-02-04 08:15,Москва,Москва,metro,Пушкинская,{username}"
    upload = SimpleUploadedFile("list.csv", f"{IMPORT_HEADER}\n{row}\n".encode())
    job = imports.import_job_create(user=coordinator, upload=upload, dry_run=False, source="admin")
    imports.import_job_start(job=job)
    job.refresh_from_db()
    return job


@pytest.mark.parametrize(
    ("role", "accepted"),
    [("lawyer", True), ("other_lawyer", True), ("coordinator", True), ("analyst", False), ("superuser", False)],
)
def test_import_assigns_the_same_lawyers_as_the_admin_and_the_api(users, role, accepted):
    job = import_naming(users["coordinator"], users[role].username)

    if accepted:
        assert job.errors == []
        assert list(Case.objects.get().lawyers.all()) == [users[role]]
    else:
        assert [error["column"] for error in job.errors] == ["lawyer"]
        assert not Case.objects.exists()


def test_import_refuses_a_user_who_may_edit_cases_but_is_no_lawyer(coordinator):
    # A group of an administrator's own that edits cases does not make its members lawyers.
    editors = Group.objects.create(name="Editors")
    editors.permissions.add(permission("cases.change_case"))
    editor = make_user(None, username="editor")
    editor.groups.add(editors)

    job = import_naming(coordinator, "editor")

    assert [error["column"] for error in job.errors] == ["lawyer"]
    assert not Case.objects.exists()


def test_a_direct_grant_makes_a_user_assignable_everywhere(coordinator):
    volunteer = make_user(None, username="volunteer")
    volunteer.user_permissions.add(permission("accounts.be_assigned_as_lawyer"))

    response = client_for(coordinator).get("/admin/cases/case/add/")
    job = import_naming(coordinator, "volunteer")

    assert volunteer in response.context["adminform"].form.fields["lawyers"].queryset
    assert job.errors == [] and list(Case.objects.get().lawyers.all()) == [volunteer]


# (url, lawyer, other_lawyer, coordinator, analyst, superuser, anonymous)
CAPABILITY_PAGES = [
    ("/admin/cases/case/import/", 200, 200, 200, 403, 200, 302),
    ("/admin/cases/possibleduplicate/", 403, 403, 200, 403, 200, 302),
    ("/reports/", 403, 403, 200, 200, 200, 302),
]


@pytest.mark.parametrize("row", CAPABILITY_PAGES, ids=[row[0] for row in CAPABILITY_PAGES])
@pytest.mark.parametrize("role", ROLE_USERS)
def test_capability_pages_answer_each_role(users, row, role):
    url, *statuses = row
    expected = statuses[ROLE_USERS.index(role)]

    assert client_for(users[role]).get(url).status_code == expected


@pytest.mark.parametrize(("role", "offered"), [("lawyer", False), ("coordinator", True), ("superuser", True)])
def test_erase_action_is_offered_by_the_capability(users, role, offered):
    response = client_for(users[role]).get("/admin/cases/person/")

    action_form = response.context["action_form"]  # None when the user has no action at all
    actions = {name for name, _label in action_form.fields["action"].choices} if action_form else set()
    assert response.status_code == 200
    assert ("erase_personal_data" in actions) is offered


# --- Objects that belong to a user ---------------------------------------------------------------


@pytest.fixture
def owned(lawyer, analyst, own_case):
    """One object of each kind; the export is the analyst's (a lawyer cannot export), the rest the lawyer's."""
    token, _secret = token_issue(user=lawyer, name="laptop")
    return {
        "import_job": ImportJob.objects.create(requested_by=lawyer, file_format="csv", dry_run=True, source="admin"),
        "batch": CaseSummaryBatch.objects.create(requested_by=lawyer, case_ids=[own_case.pk], language="en", total=1),
        "export": ReportExport.objects.create(requested_by=analyst, format="dataset", language="en"),
        "token": token,
    }


# (method, url, lawyer, other_lawyer, coordinator, analyst, superuser, anonymous)
# 404: the object does not exist for who does not own it. Superusers see every batch and
# token, but only their own import jobs and exports (a job quotes someone's file; an export
# is a copy of data its requester chose to take out). 403: the capability is missing.
OWNED_MATRIX = [
    ("GET", "/admin/cases/case/import/{import_job}/", 200, 404, 404, 403, 404, 302),
    ("POST", "/admin/cases/case/import/{import_job}/", 302, 404, 404, 403, 404, 302),
    ("GET", "/api/v1/imports/{import_job}/", 200, 404, 404, 403, 404, 401),
    ("GET", "/reports/batches/{batch}/", 200, 404, 404, 404, 200, 302),
    ("GET", "/reports/batches/{batch}/download/", 404, 404, 404, 404, 404, 302),
    ("GET", "/reports/exports/{export}/", 403, 403, 404, 200, 404, 302),
    ("GET", "/reports/exports/{export}/download/", 403, 403, 404, 404, 404, 302),
    ("GET", "/api/v1/tokens/{token}/", 200, 404, 404, 404, 200, 401),
    ("DELETE", "/api/v1/tokens/{token}/", 204, 404, 404, 404, 204, 401),
]


@pytest.mark.parametrize("row", OWNED_MATRIX, ids=[f"{row[0]} {row[1]}" for row in OWNED_MATRIX])
@pytest.mark.parametrize("role", ROLE_USERS)
def test_owned_objects_answer_each_role(users, owned, row, role):
    method, url, *statuses = row
    expected = statuses[ROLE_USERS.index(role)]
    path = url.format(**{kind: obj.pk for kind, obj in owned.items()})

    response = getattr(client_for(users[role]), method.lower())(path)

    assert response.status_code == expected, (role, method, path)


def test_token_list_shows_own_tokens_and_every_token_to_a_superuser(users, owned):
    mine = token_issue(user=users["other_lawyer"], name="phone")[0]

    def listed(role: str) -> set[int]:
        return {row["id"] for row in client_for(users[role]).get("/api/v1/tokens/").json()["results"]}

    assert listed("lawyer") == {owned["token"].pk}
    assert listed("other_lawyer") == {mine.pk}
    assert listed("coordinator") == set()
    assert listed("superuser") == {owned["token"].pk, mine.pk}


@pytest.mark.parametrize("superusers_see_all", [True, False])
def test_owned_by_scopes_rows_to_their_owner(users, owned, superusers_see_all):
    batches = CaseSummaryBatch.objects.all()

    def visible(role: str) -> list:
        return list(owned_by(batches, users[role] or AnonymousUser(), superusers_see_all=superusers_see_all))

    assert visible("lawyer") == [owned["batch"]]
    assert visible("other_lawyer") == []
    assert visible("coordinator") == []
    assert visible("anonymous") == []
    assert visible("superuser") == ([owned["batch"]] if superusers_see_all else [])


def test_owned_by_hides_an_inactive_owners_rows(lawyer, owned):
    lawyer.is_active = False
    lawyer.save()

    assert not owned_by(CaseSummaryBatch.objects.all(), lawyer, superusers_see_all=True).exists()
