from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo and synthetic data sets and their commands (`seed_demo`, `generate_cases`); no models."""

    name = "casetracker.demo"
    label = "demo"
    verbose_name = _("Demo data")
