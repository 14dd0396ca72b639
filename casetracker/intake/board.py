"""What the board page shows besides the per-station figures: each person's line, the dispatches."""

import datetime as dt

from django.db.models import Case as DbCase
from django.db.models import Count, IntegerField, Max, QuerySet, Value, When

from casetracker.accounts.policy import (
    AnyUser,
    user_can_be_assigned_as_lawyer,
    user_may_take_calls,
    user_sees_all_intakes,
)
from casetracker.cases.models import Event
from casetracker.intake.models import Intake
from casetracker.intake.selectors import (
    LONG_LIMIT,
    SHORT_LIMIT,
    dispatches_visible_to,
    held_filter,
    intakes_visible_to,
)

PEOPLE_FIELDS = (
    "pk",
    "full_name",
    "police_station_id",
    "police_station__name",
    "delivered_at",
    "detained_at",
    "status",
    "version",
    "duplicate_of_id",
    "case_id",
    "lawyer__username",
)


def board_people(user: AnyUser, *, event: Event | None, now: dt.datetime) -> list[dict]:
    """Every intake of the event the user sees: those held first, longest since delivery at the top."""
    intakes: QuerySet[Intake] = intakes_visible_to(user, now=now)
    if event is not None:
        intakes = intakes.filter(event=event)
    intakes = intakes.annotate(
        held_rank=DbCase(When(held_filter(now), then=Value(0)), default=Value(1), output_field=IntegerField())
    ).order_by("held_rank", "delivered_at", "-created_at", "pk")
    people = []
    for row in intakes.values(*PEOPLE_FIELDS, "held_rank"):
        held = row["held_rank"] == 0
        since = now - row["delivered_at"] if held and row["delivered_at"] else None
        people.append(
            {
                "id": row["pk"],
                "full_name": row["full_name"],
                "police_station": row["police_station_id"],
                "station_name": row["police_station__name"] or "",
                "delivered_at": row["delivered_at"].isoformat() if row["delivered_at"] else None,
                "status": row["status"],
                "version": row["version"],
                "duplicate_of": row["duplicate_of_id"],
                "case": row["case_id"],
                "lawyer": row["lawyer__username"] or "",
                "held": held,
                "held_minutes": int(since.total_seconds() // 60) if since is not None else None,
                "over_3h": since is not None and since >= SHORT_LIMIT,
                "over_48h": since is not None and since >= LONG_LIMIT,
            }
        )
    return people


def board_dispatches(user: AnyUser, *, event: Event | None) -> list[dict]:
    """The dispatches of the event the user may see."""
    rows = dispatches_visible_to(user).filter(event=event).select_related("lawyer", "police_station")
    return [
        {
            "id": dispatch.pk,
            "police_station": dispatch.police_station_id,
            "station_name": dispatch.police_station.name,
            "lawyer": dispatch.lawyer.get_full_name() or dispatch.lawyer.get_username(),
            "lawyer_status": str(dispatch.lawyer_status),
            "lawyer_id": dispatch.lawyer_id,
        }
        for dispatch in rows.order_by("-sent_at", "-pk")
    ]


def board_scope(user: AnyUser) -> str:
    """Who sees the same board: every coordinator, every volunteer who is only a volunteer; others alone."""
    if user_sees_all_intakes(user):
        return "all"
    if user_may_take_calls(user) and not user_can_be_assigned_as_lawyer(user):
        return "hotline"
    return f"user:{user.pk}"


def board_fingerprint(user: AnyUser, *, event: Event | None, now: dt.datetime) -> tuple:
    """What changes whenever the board would: its intakes and dispatches, and the minute (the clocks).

    Two aggregate queries; equal fingerprints of one scope mean equal boards.
    """
    intakes = intakes_visible_to(user, now=now)
    dispatches = dispatches_visible_to(user)
    if event is not None:
        intakes = intakes.filter(event=event)
    dispatches = dispatches.filter(event=event)
    seen = intakes.aggregate(count=Count("pk"), changed=Max("updated_at"))
    sent = dispatches.aggregate(count=Count("pk"), changed=Max("updated_at"))
    minute = now.replace(second=0, microsecond=0)
    return (minute, seen["count"], seen["changed"], sent["count"], sent["changed"])
