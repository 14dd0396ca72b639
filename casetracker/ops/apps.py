from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """What an operator watches: the health check, request ids in the logs, the metrics."""

    name = "casetracker.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        # Connects the Celery signals that carry the request id into tasks.
        from casetracker.ops import task_context  # noqa: F401
