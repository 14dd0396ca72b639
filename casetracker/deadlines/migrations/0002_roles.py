"""The roles get the deadlines' permissions (casetracker.accounts.roles): lawyers and
coordinators see and mark deadlines, coordinators keep the non-working days."""

from django.db import migrations

from casetracker.accounts.roles import role_groups_sync


def sync_roles(apps, schema_editor):
    role_groups_sync(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("deadlines", "0001_deadlines_calendar_feeds"),
        ("accounts", "0005_role_policy"),
    ]

    operations = [migrations.RunPython(sync_roles, migrations.RunPython.noop)]
