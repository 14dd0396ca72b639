"""Two capabilities become permissions (view reports, be assigned as lawyer), and the
role groups are set from the role table in code (casetracker.accounts.roles).

Earlier migrations granted the roles' permissions one data migration at a time; from
here the table is the only statement of them. The same sync runs after every
`migrate` (post_migrate), so later changes to the table need no migration of their own.
"""

from django.db import migrations

from casetracker.accounts.roles import role_groups_sync


def sync_roles(apps, schema_editor):
    role_groups_sync(apps=apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_coordinator_merge_persons"),
        # The table grants permissions of every cases model up to the duplicates queue.
        ("cases", "0009_encrypt_summary_document_names_private_place"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="user",
            options={
                "ordering": ["last_name", "first_name", "username"],
                "permissions": [
                    ("view_reports", "Can view aggregate reports and export them"),
                    ("be_assigned_as_lawyer", "Can be assigned to cases as their lawyer"),
                ],
                "verbose_name": "user",
                "verbose_name_plural": "users",
            },
        ),
        # Reversing leaves the groups as they are: the permissions stay harmless rows.
        migrations.RunPython(sync_roles, migrations.RunPython.noop),
    ]
