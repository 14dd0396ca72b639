"""Reads of import jobs: who may follow which one."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from casetracker.accounts.policy import AnyUser
from casetracker.cases.models import ImportJob
from casetracker.cases.models.jobs import jobs_owned_by


def import_jobs_visible_to(user: AnyUser) -> QuerySet[ImportJob]:
    """The jobs `user` uploaded; superusers too see only their own.

    A job's errors quote rows of someone's file, and only who uploaded it may
    confirm it: nobody else needs to open it.
    """
    return jobs_owned_by(ImportJob.objects.all(), user, superusers_see_all=False)


def get_import_job_for_user(user: AnyUser, pk: object) -> ImportJob:
    """A job of `user` (see import_jobs_visible_to); Http404 for anyone else's."""
    return get_object_or_404(import_jobs_visible_to(user), pk=pk)
