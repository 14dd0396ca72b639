"""Celery tasks of the operations app."""

from celery import shared_task
from django.utils import timezone

from casetracker.ops.models import Heartbeat

WORKER_COMPONENT = "worker"


@shared_task(name="casetracker.ops.tasks.record_worker_heartbeat")
def record_worker_heartbeat() -> None:
    """Record that a worker ran a task just now (queued every minute by Celery beat)."""
    Heartbeat.objects.update_or_create(component=WORKER_COMPONENT, defaults={"beat_at": timezone.now()})
