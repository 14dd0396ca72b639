from django.apps import AppConfig
from django.conf import settings
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "casetracker.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from casetracker.cases import file_kinds, signals  # noqa: F401
        from casetracker.cases.upload_content import upload_content_check_setup
        from casetracker.protected.crypto.keys import key_ring

        # A missing or malformed key stops every start (server, worker, command) with
        # one clear message, before anything could be written unreadable.
        key_ring()
        # Likewise a document type whose content cannot be checked, or a missing libmagic.
        upload_content_check_setup(allowed_extensions=settings.CASETRACKER_ALLOWED_DOCUMENT_EXTENSIONS)
        file_kinds.register()
