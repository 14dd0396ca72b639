"""Coordinators may merge duplicate persons and resolve the queue of possible duplicates.

A data migration of its own, like 0003: the roles of 0002 already exist on running
databases, so the new permission is granted here. Superusers hold it implicitly.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLE = "Coordinator"
PERMISSION = ("cases", "merge_person")


def grant(apps, schema_editor):
    # The permission row is normally created after all migrations (post_migrate);
    # create it now so it can be granted in the same run.
    app_config = apps.get_app_config(PERMISSION[0])
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=ROLE)
    group.permissions.add(Permission.objects.get(content_type__app_label=PERMISSION[0], codename=PERMISSION[1]))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(content_type__app_label=PERMISSION[0], codename=PERMISSION[1]).first()
    group = Group.objects.filter(name=ROLE).first()
    if group is not None and permission is not None:
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_coordinator_erase_person"),
        ("cases", "0008_possible_duplicates"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
