"""Reads of the hotline's records. Who sees which intake is decided here and nowhere else.

- coordinators (and superusers) see every intake;
- a Hotline volunteer sees the intakes of the last 72 hours whose event is open (or
  that have no event yet), and no other;
- a lawyer sees the intakes of the stations they were sent to (the intake's `lawyer`).

An intake outside that does not exist for the user (404).
"""

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from casetracker.accounts.policy import (
    AnyUser,
    user_can_be_assigned_as_lawyer,
    user_may_take_calls,
    user_sees_all_intakes,
)
from casetracker.cases.models import Event
from casetracker.intake.choices import LawyerStatus
from casetracker.intake.models import Dispatch, Intake, PoliceStation
from casetracker.protected.crypto import blind_index

HOTLINE_WINDOW = dt.timedelta(hours=72)
# KoAP 27.5: three hours of administrative detention; 48 where arrest is a possible penalty.
SHORT_LIMIT = dt.timedelta(hours=3)
LONG_LIMIT = dt.timedelta(hours=48)


def open_events() -> QuerySet[Event]:
    """The events the hotline takes calls for (opened by a coordinator and not closed)."""
    return Event.objects.filter(hotline__isnull=False, hotline__closed_at__isnull=True)


def intakes_visible_to(user: AnyUser, *, now: dt.datetime | None = None) -> QuerySet[Intake]:
    """The intakes `user` may see and change (see the module's rule)."""
    if not user.is_authenticated or not user.is_active or not user.has_perm("intake.view_intake"):
        return Intake.objects.none()
    if user_sees_all_intakes(user):
        return Intake.objects.all()
    scope = Q(pk__in=[])
    if user_may_take_calls(user):
        since = (now or timezone.now()) - HOTLINE_WINDOW
        scope |= Q(created_at__gte=since) & (Q(event__isnull=True) | Q(event__in=open_events()))
    if user_can_be_assigned_as_lawyer(user):
        scope |= Q(lawyer=user)
    return Intake.objects.filter(scope)


def get_intake_for_user(user: AnyUser, pk: object) -> Intake:
    """The intake with this pk if `user` may see it; Http404 otherwise."""
    return get_object_or_404(intakes_visible_to(user), pk=pk)


def events_for_intake(user: AnyUser) -> QuerySet[Event]:
    """The events an intake of `user` may name: the open ones; coordinators any."""
    return Event.objects.all() if user_sees_all_intakes(user) else open_events()


def police_stations_matching(term: str, *, city: str = "", limit: int = 20) -> list[PoliceStation]:
    """Stations whose name holds every word typed (case and "ё" aside: the form's autocomplete).

    Matched in Python: the list is a few hundred rows, and SQLite's LIKE ignores the case
    of Latin letters only, so "тверс" would miss "ОВД Тверской" there.
    """
    words = blind_index.normalize_name(term).split()
    stations = PoliceStation.objects.all().order_by("city", "name")
    if city:
        stations = stations.filter(city=city)
    found = [station for station in stations if all(word in blind_index.normalize_name(station.name) for word in words)]
    return found[:limit]


def possible_duplicates_of(intake: Intake, *, among: QuerySet[Intake]) -> QuerySet[Intake]:
    """Other reports of the same person in the same event: the same name or the same phone (blind indexes)."""
    same = Q(pk__in=[])
    if intake.full_name_index:
        same |= Q(full_name_index=intake.full_name_index)
    if intake.phone_index:
        same |= Q(phone_index=intake.phone_index)
    return (
        among.filter(same, event_id=intake.event_id, duplicate_of__isnull=True, case__isnull=True)
        .exclude(pk=intake.pk)
        .order_by("created_at", "pk")
    )


def held_filter(now: dt.datetime, *, longer_than: dt.timedelta | None = None) -> Q:
    """Intakes at a station now (neither released nor taken to court), optionally held longer than a limit."""
    held = Q(police_station__isnull=False, released_at__isnull=True, taken_to_court_at__isnull=True)
    if longer_than is not None:
        held &= Q(delivered_at__lte=now - longer_than)
    return held


def station_board(user: AnyUser, *, event: Event | None, now: dt.datetime) -> list[dict]:
    """Per police station: held, released, taken to court, the lawyer's status, past 3 h and 48 h.

    One aggregate query over the intakes the user sees (duplicates merged into another
    report not counted twice) and one over the dispatches. Stations with people past
    48 hours first, then past 3 hours, then the most held.
    """
    intakes = intakes_visible_to(user, now=now).filter(duplicate_of__isnull=True, police_station__isnull=False)
    if event is not None:
        intakes = intakes.filter(event=event)
    rows = list(
        intakes.values("police_station", "police_station__name")
        .annotate(
            held=Count("pk", filter=held_filter(now)),
            released=Count("pk", filter=Q(released_at__isnull=False)),
            taken_to_court=Count("pk", filter=Q(released_at__isnull=True, taken_to_court_at__isnull=False)),
            over_3h=Count("pk", filter=held_filter(now, longer_than=SHORT_LIMIT)),
            over_48h=Count("pk", filter=held_filter(now, longer_than=LONG_LIMIT)),
        )
        .order_by()
    )
    statuses = lawyer_statuses(event=event, stations=[row["police_station"] for row in rows])
    board = [
        {
            "police_station": row["police_station"],
            "name": row["police_station__name"],
            "held": row["held"],
            "released": row["released"],
            "taken_to_court": row["taken_to_court"],
            "lawyer_status": str(statuses.get(row["police_station"], LawyerStatus.NONE)),
            "over_3h": row["over_3h"],
            "over_48h": row["over_48h"],
        }
        for row in rows
    ]
    board.sort(key=lambda row: (-row["over_48h"], -row["over_3h"], -row["held"], row["name"]))
    return board


def latest_dispatches(*, event: Event | None, stations: list[int] | None = None) -> dict[int, Dispatch]:
    """The latest dispatch of each station for `event` (None: dispatches with no event)."""
    dispatches = Dispatch.objects.filter(event=event).select_related("lawyer").order_by("sent_at", "pk")
    if stations is not None:
        dispatches = dispatches.filter(police_station_id__in=stations)
    return {dispatch.police_station_id: dispatch for dispatch in dispatches}


def lawyer_statuses(*, event: Event | None, stations: list[int]) -> dict[int, str]:
    return {pk: dispatch.lawyer_status for pk, dispatch in latest_dispatches(event=event, stations=stations).items()}


def dispatches_visible_to(user: AnyUser) -> QuerySet[Dispatch]:
    """Coordinators see every dispatch; a lawyer their own."""
    if not user.is_authenticated or not user.is_active or not user.has_perm("intake.view_dispatch"):
        return Dispatch.objects.none()
    if user_sees_all_intakes(user):
        return Dispatch.objects.all()
    return Dispatch.objects.filter(lawyer=user)


def published_list(station: PoliceStation, *, now: dt.datetime) -> list[dict]:
    """The public list for relatives: initials and detention time of those held who agreed; [] unless published."""
    if not station.publish_list:
        return []
    intakes = (
        Intake.objects.filter(
            held_filter(now),
            police_station=station,
            publish_consent=True,
            duplicate_of__isnull=True,
            case__isnull=True,
            created_at__gte=now - HOTLINE_WINDOW,
        )
        .only("full_name", "detained_at")
        .order_by("detained_at", "pk")
    )
    return [{"initials": initials(intake.full_name), "detained_at": intake.detained_at} for intake in intakes]


def initials(full_name: str) -> str:
    """ "Иванов Пётр Сергеевич" -> "И. П. С." (never more of the name)."""
    return " ".join(f"{word[0].upper()}." for word in full_name.split() if word[0].isalpha())
