"""The roles: their names and the permissions each one holds.

Roles are Django groups. ROLE_PERMISSIONS is the only statement of what each role
may do; `role_groups_sync` makes the groups hold exactly that, from a data migration
and after every `migrate` (the post_migrate receiver in casetracker.accounts.signals),
so a permission added to the table reaches running databases. Code never asks for a
group by name: it asks for a capability (casetracker.accounts.policy).
"""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db import DEFAULT_DB_ALIAS

from casetracker.accounts.policy import (
    ADD_CASE,
    ASSIGN_LAWYERS,
    BE_ASSIGNED_AS_LAWYER,
    ERASE_PERSON,
    MERGE_PERSONS,
    VIEW_ALL_CASES,
    VIEW_REPORTS,
)

COORDINATOR = "Coordinator"
LAWYER = "Lawyer"
ANALYST = "Analyst"
HOTLINE = "Hotline"
ROLES = (COORDINATOR, LAWYER, ANALYST, HOTLINE)

CRUD = ("view", "add", "change", "delete")
# The records inside a case: whoever works on the case edits them.
CASE_RECORDS = ("detention", "evidenceclaim", "charge", "hearing", "document", "casenote")
ALL_CASES_MODELS = ("person", "case", "event", "legalarticle", *CASE_RECORDS)
INTAKE_MODELS = ("intake", "policestation", "hotlineevent", "dispatch")

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    COORDINATOR: frozenset(
        {
            *(f"cases.{action}_{model}" for model in ALL_CASES_MODELS for action in CRUD),
            VIEW_ALL_CASES,
            ASSIGN_LAWYERS,
            ERASE_PERSON,
            MERGE_PERSONS,
            VIEW_REPORTS,
            BE_ASSIGNED_AS_LAWYER,
            # Deadlines of every case; the production calendar's days the package lacks.
            "deadlines.view_deadline",
            "deadlines.change_deadline",
            *(f"deadlines.{action}_nonworkingday" for action in CRUD),
            # Read-only user list: to see who the lawyers are when assigning them.
            "accounts.view_user",
            "accounts.view_lawyerprofile",
            *(f"intake.{action}_{model}" for model in INTAKE_MODELS for action in CRUD),
            "intake.view_all_intakes",
        }
    ),
    LAWYER: frozenset(
        {
            *(f"cases.{action}_person" for action in ("view", "add", "change")),
            "cases.view_case",
            ADD_CASE,
            "cases.change_case",
            *(f"cases.{action}_{model}" for model in CASE_RECORDS for action in CRUD),
            # Reference data is read-only for lawyers, except that a lawyer logging a
            # detention at night may record a rally nobody has entered yet.
            "cases.view_event",
            "cases.add_event",
            "cases.view_legalarticle",
            BE_ASSIGNED_AS_LAWYER,
            # Their cases' deadlines: marked done or dismissed, never created by hand.
            "deadlines.view_deadline",
            "deadlines.change_deadline",
            # The intakes of the stations the lawyer is sent to, and marking entry there.
            "intake.view_intake",
            "intake.change_intake",
            "intake.view_policestation",
            "intake.view_dispatch",
            "intake.change_dispatch",
        }
    ),
    # Counts, never names: reports, and the reference data their filters offer.
    ANALYST: frozenset({"cases.view_event", "cases.view_legalarticle", VIEW_REPORTS}),
    # Volunteers taking calls: recent intakes of open events and the board; nothing of cases.
    HOTLINE: frozenset(
        {
            "intake.view_intake",
            "intake.add_intake",
            "intake.change_intake",
            "intake.view_policestation",
            "cases.view_event",
        }
    ),
}


def role_groups_sync(*, apps=global_apps, using: str = DEFAULT_DB_ALIAS) -> None:
    """Make each role group hold exactly its permissions in ROLE_PERMISSIONS.

    Idempotent: creates a missing group and missing permission rows, grants what the
    table gives and REMOVES from a role group any permission the table does not give
    it (a right taken out of the table, or one added to the group by hand: give
    extra rights through a group of your own, which this leaves alone). Users' own
    permissions and other groups are not touched.

    `apps` is the migration state when run from a migration or post_migrate. A
    permission whose model that state does not have yet is skipped: the post_migrate
    run at the end of the same `migrate` grants it. A misspelt name is caught by the
    system check `accounts.E001`, not here.
    """
    app_labels = {name.split(".")[0] for names in ROLE_PERMISSIONS.values() for name in names}
    for app_label in sorted(app_labels):
        # Permission rows are normally created after all migrations; create them now
        # so this run can grant them. The live app config has models_module set.
        create_permissions(global_apps.get_app_config(app_label), apps=apps, using=using, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    rows = Permission.objects.using(using).filter(content_type__app_label__in=app_labels)
    pk_of = {
        f"{app_label}.{codename}": pk
        for pk, app_label, codename in rows.values_list("pk", "content_type__app_label", "codename")
    }
    for role, names in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.using(using).get_or_create(name=role)
        group.permissions.set([pk_of[name] for name in sorted(names) if name in pk_of])
