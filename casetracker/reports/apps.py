from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "casetracker.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from casetracker.reports import file_kinds

        # Rotation, backup, purge and erasure (in the cases app) learn of these files here.
        file_kinds.register()
