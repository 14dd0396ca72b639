from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "casetracker.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from casetracker.cases import file_kinds, signals  # noqa: F401
        from casetracker.cases.crypto.keys import key_ring

        # A missing or malformed key stops every start (server, worker, command) with
        # one clear message, before anything could be written unreadable.
        key_ring()
        file_kinds.register()
