"""Create the role groups with their model permissions.

Object-level scope (which cases) is not here: it is decided by
`casetracker.cases.selectors.cases_visible_to` from the capabilities granted below.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CASE_RECORDS = ["detention", "evidenceclaim", "charge", "hearing", "document", "casenote"]
ALL_CASES_MODELS = ["person", "case", "event", "legalarticle", *CASE_RECORDS]

ROLE_PERMISSIONS = {
    "Coordinator": [
        *[f"cases.{action}_{model}" for model in ALL_CASES_MODELS for action in ("view", "add", "change", "delete")],
        "cases.view_all_cases",
        "cases.assign_lawyers",
        "accounts.view_user",
        "accounts.view_lawyerprofile",
    ],
    "Lawyer": [
        *[f"cases.{action}_person" for action in ("view", "add", "change")],
        *[f"cases.{action}_case" for action in ("view", "add", "change")],
        *[f"cases.{action}_{model}" for model in CASE_RECORDS for action in ("view", "add", "change", "delete")],
        # Reference data is read-only for lawyers, except that a lawyer logging a
        # detention at night may record a rally nobody has entered yet.
        "cases.view_event",
        "cases.add_event",
        "cases.view_legalarticle",
    ],
    "Analyst": [
        "cases.view_event",
        "cases.view_legalarticle",
    ],
}


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        permissions = []
        for name in names:
            app_label, codename = name.split(".")
            permissions.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
        group.permissions.set(permissions)


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("cases", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
