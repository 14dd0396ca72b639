"""Reads of deadlines, always through the cases the user may see (`cases.selectors`)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Case as When_
from django.db.models import CharField, Q, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from casetracker.accounts.policy import AnyUser, user_sees_all_cases
from casetracker.cases.choices import OPEN_CASE_STATUSES, HearingOutcome
from casetracker.cases.models import Case, Hearing
from casetracker.cases.selectors import cases_visible_to
from casetracker.deadlines.models import CalendarFeed, Deadline, DeadlineStatus
from casetracker.deadlines.services import feed_secret_hash

AGENDA_DAYS = 30
WEEK_DAYS = 7
# Missed deadlines and unrecorded hearings older than this leave the agenda (the API lists them all).
OVERDUE_DAYS = 30


def with_status(deadlines: QuerySet[Deadline], *, today: dt.date) -> QuerySet[Deadline]:
    """Annotate `current_status`: the stored status, or `missed` for an open deadline whose day has passed.

    Missed is computed on read, never stored, so it is right the moment the day ends
    whether or not a daily task has run.
    """
    return deadlines.annotate(
        current_status=When_(
            When(status=DeadlineStatus.OPEN, due_on__lt=today, then=Value(DeadlineStatus.MISSED.value)),
            default="status",
            output_field=CharField(),
        )
    )


def status_filter(status: str, *, today: dt.date) -> Q:
    """The rows whose current status is `status` (missed included), as a filter."""
    if status == DeadlineStatus.MISSED:
        return Q(status=DeadlineStatus.OPEN, due_on__lt=today)
    if status == DeadlineStatus.OPEN:
        return Q(status=DeadlineStatus.OPEN, due_on__gte=today)
    return Q(status=status)


def deadlines_visible_to(user: AnyUser) -> QuerySet[Deadline]:
    """Deadlines of the cases `user` may see (all for coordinators, assigned ones for lawyers)."""
    if not user.is_authenticated or not user.has_perm("deadlines.view_deadline"):
        return Deadline.objects.none()
    if user.is_active and user_sees_all_cases(user):
        # Every case: no `IN (SELECT id FROM cases)`, which kept the list from walking its index.
        return Deadline.objects.all()
    return Deadline.objects.filter(case__in=cases_visible_to(user))


def get_deadline_for_user(user: AnyUser, pk: object) -> Deadline:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(deadlines_visible_to(user).select_related("case"), pk=pk)


def _own_open_cases(user: AnyUser) -> QuerySet[Case]:
    return cases_visible_to(user).filter(lawyers=user, status__in=OPEN_CASE_STATUSES)


@dataclass(frozen=True)
class AgendaItem:
    """One line of a lawyer's agenda: a deadline or a hearing, on a day, in a bucket."""

    day: dt.date
    bucket: str  # "overdue", "today", "week", "month"
    case_id: int
    case_reference: str
    what: str  # "deadline" or "hearing"
    label: str  # the deadline's kind or "hearing", readable
    court: str
    deadline: Deadline | None = None
    hearing: Hearing | None = None


AGENDA_BUCKETS = (
    ("overdue", _("Overdue")),
    ("today", _("Today")),
    ("week", _("This week")),
    ("month", _("Next 30 days")),
)


def _bucket(day: dt.date, today: dt.date) -> str:
    if day < today:
        return "overdue"
    if day == today:
        return "today"
    return "week" if day <= today + dt.timedelta(days=WEEK_DAYS) else "month"


def agenda_deadlines(user: AnyUser, *, today: dt.date, days: int = AGENDA_DAYS) -> QuerySet[Deadline]:
    """Open deadlines of the user's own open cases from `OVERDUE_DAYS` ago to `days` ahead."""
    if not user.is_authenticated or not user.has_perm("deadlines.view_deadline"):
        return Deadline.objects.none()
    return (
        Deadline.objects.filter(
            case__in=_own_open_cases(user),
            status=DeadlineStatus.OPEN,
            due_on__range=(today - dt.timedelta(days=OVERDUE_DAYS), today + dt.timedelta(days=days)),
        )
        .select_related("case", "hearing")
        # Not the case's encrypted summary: nothing here shows it, and decrypting it per row
        # was most of the agenda's time (bench/deadlines.py).
        .defer("case__summary")
        .order_by("due_on", "pk")
    )


def agenda_hearings(user: AnyUser, *, today: dt.date, days: int = AGENDA_DAYS) -> QuerySet[Hearing]:
    """Hearings not decided yet on the user's own open cases; past ones are overdue (record the outcome)."""
    if not user.is_authenticated:
        return Hearing.objects.none()
    undecided = Q(outcome="") | Q(outcome=HearingOutcome.POSTPONED, date__gte=today)
    return (
        Hearing.objects.filter(
            undecided,
            case__in=_own_open_cases(user),
            date__range=(today - dt.timedelta(days=OVERDUE_DAYS), today + dt.timedelta(days=days)),
        )
        .select_related("case")
        .defer("case__summary")
        .order_by("date", "pk")
    )


def agenda(user: AnyUser, *, today: dt.date, days: int = AGENDA_DAYS) -> list[AgendaItem]:
    """The user's deadlines and hearings, overdue, today, this week and the next `days` days, most urgent first.

    Two queries whatever the number of cases. A postponed hearing counts as to come
    (its next date is usually recorded as a new hearing); a decided one is not on it.
    """
    items = [
        AgendaItem(
            day=d.due_on,
            bucket=_bucket(d.due_on, today),
            case_id=d.case_id,
            case_reference=d.case.reference,
            what="deadline",
            label=str(d.get_kind_display()),
            court=d.hearing.court if d.hearing else "",
            deadline=d,
            hearing=d.hearing,
        )
        for d in agenda_deadlines(user, today=today, days=days)
    ]
    items += [
        AgendaItem(
            day=h.date,
            bucket=_bucket(h.date, today),
            case_id=h.case_id,
            case_reference=h.case.reference,
            what="hearing",
            label=str(_("hearing")),
            court=h.court,
            hearing=h,
        )
        for h in agenda_hearings(user, today=today, days=days)
    ]
    # A deadline before a hearing of the same day: a missed term cannot be undone.
    items.sort(key=lambda item: (item.day, item.what != "deadline", item.case_reference))
    return items


def agenda_by_bucket(items: list[AgendaItem]) -> list[tuple[str, str, list[AgendaItem]]]:
    """The agenda's items under their headings (key, label, items), empty headings left out."""
    grouped = defaultdict(list)
    for item in items:
        grouped[item.bucket].append(item)
    return [(key, str(label), grouped[key]) for key, label in AGENDA_BUCKETS if grouped[key]]


def deadlines_due_by_lawyer(
    user: AnyUser, *, today: dt.date, days: int = WEEK_DAYS
) -> list[tuple[object, list[Deadline]]]:
    """Open deadlines of the next `days` days (and missed ones of the last `OVERDUE_DAYS`) of the
    cases `user` sees, under each assigned lawyer, overdue first; for the coordinator's start page.

    Two queries. A case with two lawyers is under both; one without a lawyer is under None.
    """
    deadlines = list(
        deadlines_visible_to(user)
        .filter(
            status=DeadlineStatus.OPEN,
            case__status__in=OPEN_CASE_STATUSES,
            due_on__range=(today - dt.timedelta(days=OVERDUE_DAYS), today + dt.timedelta(days=days)),
        )
        .select_related("case", "hearing")
        .defer("case__summary")
        .order_by("due_on", "pk")
    )
    lawyers_of = defaultdict(list)
    links = Case.lawyers.through.objects.filter(case_id__in={d.case_id for d in deadlines}).select_related("user")
    for link in links.order_by("user__last_name", "user__first_name", "user_id"):
        lawyers_of[link.case_id].append(link.user)
    grouped: dict[object, list[Deadline]] = {}
    for deadline in deadlines:
        for lawyer in lawyers_of.get(deadline.case_id) or [None]:
            grouped.setdefault(lawyer, []).append(deadline)
    return sorted(grouped.items(), key=lambda pair: (pair[0] is None, str(pair[0] or "")))


def deadlines_by_hearing(case: Case, *, today: dt.date) -> dict[int | None, list[Deadline]]:
    """A case's deadlines per hearing pk (None: those whose hearing was deleted), with `current_status`.

    One query. The case must already be one the user may see (`get_case_for_user`).
    """
    grouped: dict[int | None, list[Deadline]] = defaultdict(list)
    for deadline in with_status(Deadline.objects.filter(case=case), today=today).order_by("due_on", "pk"):
        grouped[deadline.hearing_id].append(deadline)
    return dict(grouped)


def calendar_feed_for_secret(secret: str) -> CalendarFeed | None:
    """The live feed of this secret, or None (unknown or revoked)."""
    if not secret:
        return None
    return (
        CalendarFeed.objects.select_related("user")
        .filter(secret_hash=feed_secret_hash(secret), revoked_at__isnull=True, user__is_active=True)
        .first()
    )


def calendar_feeds_of(user: AnyUser) -> QuerySet[CalendarFeed]:
    return CalendarFeed.objects.filter(user=user, revoked_at__isnull=True)


def feed_hearings(user: AnyUser, *, since: dt.date) -> QuerySet[Hearing]:
    """Hearings from `since` on of every case the user may see, for the calendar feed."""
    return (
        Hearing.objects.filter(case__in=cases_visible_to(user), date__gte=since)
        .select_related("case")
        .defer("case__summary")
    )


def feed_deadlines(user: AnyUser, *, since: dt.date) -> QuerySet[Deadline]:
    """Deadlines from `since` on, not dismissed, of every case the user may see, for the calendar feed."""
    return (
        deadlines_visible_to(user)
        .filter(due_on__gte=since)
        .exclude(status=DeadlineStatus.DISMISSED)
        .select_related("case", "hearing")
        .defer("case__summary")
    )
