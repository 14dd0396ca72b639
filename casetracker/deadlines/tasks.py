"""The morning digest, started by Celery beat at 08:00 in the display time zone (settings)."""

from celery import shared_task
from django.utils import timezone

from casetracker.deadlines.digest import digest_send


@shared_task(name="casetracker.deadlines.tasks.send_deadline_digest_task")
def send_deadline_digest_task() -> int:
    """Send each lawyer's digest for today (in the display time zone); returns the number of e-mails."""
    return len(digest_send(today=timezone.localdate()))
