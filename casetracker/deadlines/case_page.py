"""The deadlines under each hearing of the case page (`cases.workspace`'s hearing extension)."""

from django.db.models import Prefetch
from django.utils import timezone

from casetracker.cases.display import date_label
from casetracker.cases.models import Case, Hearing
from casetracker.cases.workspace import TimelineEntry
from casetracker.deadlines.models import Deadline, DeadlineStatus

# Loaded with the case page's hearings: one query for all of them.
HEARING_DEADLINES = Prefetch("deadlines", queryset=Deadline.objects.order_by("due_on", "pk"))


def _current_status(deadline: Deadline, today) -> str:
    if deadline.status == DeadlineStatus.OPEN and deadline.due_on < today:
        return DeadlineStatus.MISSED
    return deadline.status


# The timeline's mark of a deadline by its status (the page's CSS hints).
TIMELINE_STATE = {
    DeadlineStatus.OPEN: "deadline",
    DeadlineStatus.MISSED: "overdue",
    DeadlineStatus.DONE: "done",
    DeadlineStatus.DISMISSED: "done",
}


def case_deadline_timeline(case: Case) -> list[TimelineEntry]:
    """The deadlines of the case page's hearings as timeline entries (from the prefetched rows, no query)."""
    today = timezone.localdate()
    entries = []
    for hearing in case.hearings.all():
        for deadline in hearing.deadlines.all():
            status = _current_status(deadline, today)
            text = f"{DeadlineStatus(status).label}; {deadline.basis}"
            entries.append(
                TimelineEntry(
                    deadline.due_on,
                    None,
                    deadline.get_kind_display(),
                    text,
                    f"hearing-{hearing.pk}",
                    TIMELINE_STATE[DeadlineStatus(status)],
                )
            )
    return entries


def hearing_deadline_facts(hearing: Hearing) -> list[tuple[str, str]]:
    """Each deadline of `hearing` as (kind, "due date, status"), from the prefetched rows."""
    today = timezone.localdate()
    facts = []
    for deadline in hearing.deadlines.all():
        status = _current_status(deadline, today)
        text = f"{date_label(deadline.due_on)}, {DeadlineStatus(status).label}"
        if deadline.done_on:
            text += f" {date_label(deadline.done_on)}"
        facts.append((str(deadline.get_kind_display()), text))
    return facts
