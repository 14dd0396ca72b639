"""Retention: an intake never converted is erased CASETRACKER_INTAKE_TTL_DAYS after its event.

An intake without an event counts from the day it was taken. `purge_expired_exports`
(the command cron runs for every expiring file) calls `intakes_purge_expired`.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from casetracker.audit.models import AuditAction, AuditSource
from casetracker.audit.services import audit_record
from casetracker.intake.models import Intake


def intakes_expired(now: dt.datetime) -> QuerySet[Intake]:
    """Unconverted intakes whose event (or, without one, whose taking) is older than the TTL."""
    ttl = dt.timedelta(days=settings.CASETRACKER_INTAKE_TTL_DAYS)
    cutoff_day = timezone.localdate(now) - ttl
    return Intake.objects.filter(case__isnull=True).filter(
        Q(event__date__lt=cutoff_day) | Q(event__isnull=True, created_at__lt=now - ttl)
    )


def intakes_purge_expired(now: dt.datetime) -> int:
    """Delete the expired intakes, each with a `delete` event; the number deleted."""
    with transaction.atomic():
        expired = list(intakes_expired(now).select_for_update(of=("self",)).only("pk"))
        # Reports merged into an expiring one go with it, whatever their own age.
        Intake.objects.filter(duplicate_of__in=expired).update(duplicate_of=None)
        for intake in expired:
            audit_record(user=None, action=AuditAction.DELETE, obj=intake, source=AuditSource.COMMAND)
        Intake.objects.filter(pk__in=[intake.pk for intake in expired]).delete()
    return len(expired)
