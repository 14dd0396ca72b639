"""Reads of the possible-duplicates queue, and who may see it."""

from django.db.models import Prefetch, Q, QuerySet

from casetracker.accounts.policy import AnyUser, user_may_merge_persons
from casetracker.cases.models import Case, PossibleDuplicate


def possible_duplicates_visible_to(user: AnyUser) -> QuerySet[PossibleDuplicate]:
    """Every queue entry for those who may merge persons; nothing for anyone else."""
    if not user_may_merge_persons(user):
        return PossibleDuplicate.objects.none()
    return PossibleDuplicate.objects.all()


def open_entries() -> Q:
    """Entries still to decide: unresolved, and both persons still there with their data.

    An erased person has no name left to compare, and a deleted one nothing to merge:
    their entries leave the queue.
    """
    return Q(
        resolved_at__isnull=True,
        person__isnull=False,
        other__isnull=False,
        person__erased_at__isnull=True,
        other__erased_at__isnull=True,
    )


def possible_duplicates_open(user: AnyUser) -> QuerySet[PossibleDuplicate]:
    """The entries `user` may resolve and that are still to decide (see `open_entries`)."""
    return possible_duplicates_visible_to(user).filter(open_entries())


def possible_duplicate_queue(queryset: QuerySet[PossibleDuplicate]) -> QuerySet[PossibleDuplicate]:
    """`queryset` with what the queue page shows (both persons and their case references), in fixed queries."""
    references = Case.objects.only("pk", "reference", "person_id").order_by("reference", "pk")
    return queryset.select_related("person", "other", "found_by", "resolved_by").prefetch_related(
        Prefetch("person__cases", queryset=references),
        Prefetch("other__cases", queryset=references),
    )


def possible_duplicates_of(person_pks: list[int]) -> Q:
    """Entries naming any of these persons, on either side."""
    return Q(person__in=person_pks) | Q(other__in=person_pks)
