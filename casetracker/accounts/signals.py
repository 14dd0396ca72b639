"""Receivers connected in AccountsConfig.ready()."""

import time

from django.apps import apps as global_apps
from django.contrib.auth.signals import user_logged_in
from django.db import router
from django.dispatch import receiver

from casetracker.accounts.middleware import LOGIN_AT_SESSION_KEY
from casetracker.accounts.roles import role_groups_sync


@receiver(user_logged_in, dispatch_uid="casetracker.accounts.record_login_time")
def record_login_time(sender, request, user, **kwargs) -> None:
    """The start of the session's absolute lifetime (SessionMaxAgeMiddleware)."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_SESSION_KEY] = int(time.time())


def role_groups_after_migrate(sender, using, apps=global_apps, **kwargs) -> None:
    """After every `migrate` (and the `flush` of a transactional test), the role groups as the table says.

    Connected for the accounts app only, so it runs once per `migrate`. `migrate` passes
    the migration state as `apps`; `flush` passes none: the installed models.
    """
    try:
        group_model = apps.get_model("auth", "Group")
        apps.get_model("accounts", "User")
    except LookupError:
        # Migrated back past the tables the roles live in: nothing to sync.
        return
    if router.allow_migrate_model(using, group_model):
        role_groups_sync(apps=apps, using=using)
