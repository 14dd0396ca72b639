"""The base of every background job: work a user started that a Celery task carries out.

An import of a detention list, a batch of case summaries and a report export each
keep their own status vocabulary, counters and file; what a page, a download, the
owner rule and the purge ask of any of them is answered here, through a few methods
each job implements over its own fields (every job has a `status` field):

- `STATUS_STATES` maps each of its statuses to a `JobState` (running, finished, failed);
- `job_progress()` gives (done, total);
- `job_expires_at()` says when its file stops being available, and `expired_filter()`
  says the same as a query, for the purge.

It sits in the lowest app that has models, so that every app with a job may inherit
it; it knows nothing of cases.
"""

import datetime as dt
import enum
from typing import ClassVar, NamedTuple, TypeVar

from django.conf import settings
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from casetracker.accounts.policy import AnyUser, owned_by

J = TypeVar("J", bound="BackgroundJob")


class JobState(enum.StrEnum):
    """Where a job is, whatever its own status names say."""

    # Not ended yet: waiting for a worker, or at work.
    RUNNING = "running"
    # Ended with its result (a file, imported rows, a clean dry run).
    FINISHED = "finished"
    # Ended without a result (an error, an invalid file).
    FAILED = "failed"


class Progress(NamedTuple):
    done: int
    total: int

    @property
    def percent(self) -> int:
        """0 to 100; 0 while the total is not known yet."""
        return min(100, int(100 * self.done / self.total)) if self.total else 0


class BackgroundJob(models.Model):
    """The owner and the times every job has, and the questions every job answers.

    Only the fields defined the same way in every job are here: each job's status
    choices, counters and file differ, so they stay on the job.
    """

    # Status value -> JobState; every status a job can take must be in it.
    STATUS_STATES: ClassVar[dict[str, JobState]] = {}
    # The owner rule of `jobs_owned_by`: one field, for every job.
    OWNER_FIELD: ClassVar[str] = "requested_by"

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("requested by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True

    # --- What each job implements ------------------------------------------------------------

    def job_progress(self) -> Progress:
        """(done, total) of the work, in the job's own unit (rows, cases, steps)."""
        raise NotImplementedError

    def job_expires_at(self) -> dt.datetime | None:
        """When the job's file stops being available; None when it has none (any more)."""
        raise NotImplementedError

    @classmethod
    def expired_filter(cls, *, now: dt.datetime) -> Q:
        """The jobs whose file `job_expires_at` says is past at `now` and that the purge must act on."""
        raise NotImplementedError

    # --- What the base answers from them -----------------------------------------------------

    def job_state(self) -> JobState:
        """The job's status in the shared vocabulary; KeyError for a status left out of STATUS_STATES."""
        return self.STATUS_STATES[self.status]

    @property
    def is_finished(self) -> bool:
        """Ended, with or without a result: nothing will change any more (pages stop refreshing)."""
        return self.job_state() is not JobState.RUNNING

    @property
    def succeeded(self) -> bool:
        """Ended with its result."""
        return self.job_state() is JobState.FINISHED

    @property
    def failed(self) -> bool:
        return self.job_state() is JobState.FAILED

    def is_expired_at(self, now: dt.datetime) -> bool:
        """Whether the job's file is gone or past its expiry at `now`."""
        expires_at = self.job_expires_at()
        return expires_at is None or expires_at <= now

    @property
    def is_expired(self) -> bool:
        return self.is_expired_at(timezone.now())

    def is_owned_by(self, user: AnyUser | None) -> bool:
        """Whether `user` started the job (superusers are not owners of everyone's)."""
        return bool(user is not None and user.is_authenticated and self.requested_by_id == user.pk)

    def status_context(self) -> dict[str, object]:
        """What a status page shows of any job: the job, its state, progress, expiry."""
        return {
            "job": self,
            "title": str(self),
            "state": self.job_state(),
            "progress": self.job_progress(),
            "expires_at": self.job_expires_at(),
        }


def jobs_owned_by(queryset: QuerySet[J], user: AnyUser | None, *, superusers_see_all: bool) -> QuerySet[J]:
    """The jobs of `queryset` that `user` started (see `owned_by`); fetch one through it for a 404."""
    return owned_by(queryset, user, field=queryset.model.OWNER_FIELD, superusers_see_all=superusers_see_all)
