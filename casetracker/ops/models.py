from django.db import models
from django.utils.translation import gettext_lazy as _


class Heartbeat(models.Model):
    """When a background component last proved alive: one row per component, overwritten.

    The worker's row is written by a task that Celery beat queues every minute, so a
    fresh row means beat, the broker and a worker all work.
    """

    component = models.CharField(_("component"), max_length=32, unique=True)
    beat_at = models.DateTimeField(_("last heartbeat"))

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return f"{self.component} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
