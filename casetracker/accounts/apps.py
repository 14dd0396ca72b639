from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "casetracker.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from casetracker.accounts import checks, signals  # noqa: F401 - registers the checks and receivers

        post_migrate.connect(signals.role_groups_after_migrate, sender=self, dispatch_uid="casetracker.accounts.roles")
