"""The deadlines under each hearing of the case page (`cases.workspace`'s hearing extension)."""

from django.db.models import Prefetch
from django.utils import timezone

from casetracker.cases.display import date_label
from casetracker.cases.models import Hearing
from casetracker.deadlines.models import Deadline, DeadlineStatus

# Loaded with the case page's hearings: one query for all of them.
HEARING_DEADLINES = Prefetch("deadlines", queryset=Deadline.objects.order_by("due_on", "pk"))


def hearing_deadline_facts(hearing: Hearing) -> list[tuple[str, str]]:
    """Each deadline of `hearing` as (kind, "due date, status"), from the prefetched rows."""
    today = timezone.localdate()
    facts = []
    for deadline in hearing.deadlines.all():
        status = deadline.status
        if status == DeadlineStatus.OPEN and deadline.due_on < today:
            status = DeadlineStatus.MISSED
        text = f"{date_label(deadline.due_on)}, {DeadlineStatus(status).label}"
        if deadline.done_on:
            text += f" {date_label(deadline.done_on)}"
        facts.append((str(deadline.get_kind_display()), text))
    return facts
