"""The board page `/intake/` (form for calls and the station board) and its JSON, and the relatives' list."""

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from casetracker.accounts.policy import (
    user_may_convert_intakes,
    user_may_dispatch_lawyers,
    user_may_take_calls,
    users_assignable_as_lawyers,
)
from casetracker.audit.models import AuditAction, AuditSource
from casetracker.audit.services import audit_record
from casetracker.cases.models import Event
from casetracker.intake.board import (
    board_dispatches,
    board_fingerprint,
    board_people,
    board_scope,
)
from casetracker.intake.board_cache import BoardCache
from casetracker.intake.choices import ReportedBy
from casetracker.intake.models import PoliceStation
from casetracker.intake.selectors import events_for_intake, open_events, published_list, station_board

# The words the board's script writes (json_script keeps them safe in the page).
BOARD_WORDS = {
    "saved": gettext_lazy("Saved"),
    "edit": gettext_lazy("Edit"),
    "released": gettext_lazy("Released"),
    "court": gettext_lazy("To court"),
    "convert": gettext_lazy("Into a case"),
    "admitted": gettext_lazy("Admitted"),
    "refused": gettext_lazy("Refused entry"),
    "merge": gettext_lazy("Same person: merge into this report"),
    "possible": gettext_lazy("Possibly the same person as"),
    "conflict": gettext_lazy(
        "Someone saved this intake after you opened it. Your entries are still in the form; what is stored now:"
    ),
    "editing": gettext_lazy("editing"),
    "updated": gettext_lazy("updated"),
    "failed": gettext_lazy("Not saved: see the messages."),
    "offline": gettext_lazy("The board could not be refreshed; retrying."),
    "merged": gettext_lazy("merged"),
    "case": gettext_lazy("case"),
    "none": gettext_lazy("none"),
    "sent": gettext_lazy("sent"),
    "my_station": gettext_lazy("You were sent to"),
    "bad_time": gettext_lazy("Type a time as 23:15, or 23.01 23:15; N for now."),
    "h": gettext_lazy("h"),
    "min": gettext_lazy("min"),
}


# Thirty people watching one board ask for the same figures every few seconds: built once
# per change and scope, in this process's memory only (never a shared cache: it holds names).
_BOARD_CACHE = BoardCache(size=32)


def _may_see_board(user) -> bool:
    return user.is_authenticated and user.is_active and user.has_perm("intake.view_intake")


def _event(request: HttpRequest) -> Event | None:
    """The event in `?event=`; the latest open one when left out; Http404 for a bad id."""
    raw = request.GET.get("event", "")
    if not raw:
        return open_events().order_by("-date", "-pk").first()
    if not raw.isdigit():
        raise Http404
    return get_object_or_404(Event, pk=int(raw))


@require_GET
@never_cache
@login_required
def board_page(request: HttpRequest) -> HttpResponse:
    """The hotline's page: the intake form (for those who take calls) and the board; 403 for other roles."""
    user = request.user
    if not _may_see_board(user):
        raise PermissionDenied
    event = _event(request)
    audit_record(
        user=user,
        action=AuditAction.VIEW,
        object_type="intake.board",
        object_id=event.pk if event else "",
        request=request,
        source=AuditSource.WEB,
    )
    context = {
        **admin.site.each_context(request),
        "title": _("Hotline: calls and police stations"),
        "event": event,
        "events": events_for_intake(user).order_by("-date", "-pk")[:50],
        "reported_by": ReportedBy.choices,
        "takes_calls": user_may_take_calls(user),
        "dispatches_lawyers": user_may_dispatch_lawyers(user),
        "converts": user_may_convert_intakes(user),
        "words": {key: str(word) for key, word in BOARD_WORDS.items()},
        "lawyers": users_assignable_as_lawyers().order_by("last_name", "username")
        if user_may_dispatch_lawyers(user)
        else [],
    }
    return render(request, "intake/board.html", context)


@require_GET
@never_cache
@login_required
def board_data(request: HttpRequest) -> JsonResponse:
    """The board as JSON, polled by the page every few seconds: stations, people, dispatches."""
    user = request.user
    if not _may_see_board(user):
        raise PermissionDenied
    event = _event(request)
    now = timezone.now()
    scope = board_scope(user)
    key = (scope, event.pk if event else None, board_fingerprint(user, event=event, now=now))
    body = _BOARD_CACHE.get(key)
    if body is None:
        body = {
            "stations": station_board(user, event=event, now=now),
            "people": board_people(user, event=event, now=now),
            # Whose dispatch it is differs within a scope: marked per user below.
            "dispatches": board_dispatches(user, event=event),
        }
        _BOARD_CACHE.put(key, body)
    dispatches = [{**dispatch, "mine": dispatch["lawyer_id"] == user.pk} for dispatch in body["dispatches"]]
    return JsonResponse(
        {"now": now.isoformat(), "event": event.pk if event else None, **body, "dispatches": dispatches}
    )


@require_GET
@never_cache
def published_station_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The public list for relatives: initials and detention time, for those who agreed; 404 unless published."""
    station = get_object_or_404(PoliceStation, pk=pk, publish_list=True)
    people = published_list(station, now=timezone.now())
    return render(request, "intake/published_list.html", {"station": station, "people": people})
