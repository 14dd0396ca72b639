from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Bulk import of detention lists; its job model is `cases.ImportJob`, so this app has none."""

    name = "casetracker.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        from casetracker.cases.admin.case import case_admin_page_register
        from casetracker.imports import file_kinds
        from casetracker.imports.admin_views import import_job_view, import_upload_view

        # Rotation, backup and purge (below us) learn of the uploaded files here.
        file_kinds.register()
        # The case admin serves the import pages; it does not import us.
        case_admin_page_register(route="import/", view=import_upload_view, name="cases_case_import")
        case_admin_page_register(route="import/<int:job_id>/", view=import_job_view, name="cases_case_import_job")
