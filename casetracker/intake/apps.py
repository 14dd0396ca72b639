from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    """The hotline on the night of a mass detention: intakes, police stations, the board."""

    name = "casetracker.intake"
    label = "intake"
    verbose_name = _("Hotline intake")
