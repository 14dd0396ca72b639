from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "casetracker.api"
    label = "api"
    verbose_name = _("REST API")

    def ready(self) -> None:
        # Registers the OpenAPI description of the token authentication and the
        # system check of the throttle rates.
        from casetracker.api import checks, schema  # noqa: F401
