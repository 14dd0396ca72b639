"""The Hotline role, and the intake's permissions for coordinators and lawyers (from the role table)."""

from django.db import migrations

from casetracker.accounts.roles import role_groups_sync


def sync_roles(apps, schema_editor):
    role_groups_sync(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0005_role_policy"),
        ("intake", "0001_initial"),
    ]

    # Reversing leaves the groups as they are: the permissions stay harmless rows.
    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
