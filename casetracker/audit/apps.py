from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "casetracker.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        from casetracker.audit import admin_checks, signals  # noqa: F401
