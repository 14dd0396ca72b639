from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "casetracker.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from casetracker.cases.admin.case import case_list_action_register
        from casetracker.reports import file_kinds
        from casetracker.reports.summaries.admin_actions import case_summary_pdf, case_summary_pdf_redacted

        # Rotation, backup, purge and erasure (in the cases app) learn of these files here.
        file_kinds.register()
        # The case list offers the summaries' PDF actions; the case admin does not import us.
        case_list_action_register(case_summary_pdf)
        case_list_action_register(case_summary_pdf_redacted)
