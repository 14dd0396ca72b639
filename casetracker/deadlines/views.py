"""The calendar feeds: a page to create, see and revoke one's secret URLs, and the feed itself."""

import datetime as dt

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from casetracker.audit.models import AuditAction, AuditSource
from casetracker.audit.services import audit_record
from casetracker.deadlines import ical, selectors, services
from casetracker.deadlines.models import CalendarFeed

FEED_PAST_DAYS = 90


def feed_url(request: HttpRequest, secret: str) -> str:
    return request.build_absolute_uri(reverse("deadlines:feed", args=[secret]))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def calendar_feeds(request: HttpRequest) -> HttpResponse:
    """The user's feeds; POST makes a new one, whose URL is shown on this response only."""
    new_url = ""
    if request.method == "POST":
        _feed, secret = services.calendar_feed_create(user=request.user)
        new_url = feed_url(request, secret)
    context = {
        **admin.site.each_context(request),
        "title": _("Calendar feeds"),
        "feeds": selectors.calendar_feeds_of(request.user),
        "new_url": new_url,
    }
    return render(request, "deadlines/calendar_feeds.html", context)


@login_required
@require_POST
def calendar_feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    # Another user's feed is not found: 404, as for one that does not exist.
    feed = get_object_or_404(selectors.calendar_feeds_of(request.user), pk=pk)
    services.calendar_feed_revoke(feed=feed)
    return redirect("deadlines:calendar-feeds")


@require_GET
def feed(request: HttpRequest, secret: str) -> HttpResponse:
    """The feed a calendar application subscribes to: the secret in the URL is the sign-in."""
    subscription = selectors.calendar_feed_for_secret(secret)
    if subscription is None:
        raise Http404
    user = subscription.user
    CalendarFeed.objects.filter(pk=subscription.pk).update(last_used_at=timezone.now())
    audit_record(
        user=user,
        action=AuditAction.EXPORT,
        object_type=CalendarFeed._meta.label_lower,
        object_id=subscription.pk,
        request=request,
        source=AuditSource.WEB,
    )
    return calendar_response(user)


def calendar_response(user) -> HttpResponse:
    """The user's hearings and deadlines of visible cases as an iCalendar file, from `FEED_PAST_DAYS` ago on."""
    since = timezone.localdate() - dt.timedelta(days=FEED_PAST_DAYS)
    body = ical.calendar_bytes(
        hearings=selectors.feed_hearings(user, since=since).order_by("date", "pk"),
        deadlines=selectors.feed_deadlines(user, since=since).order_by("due_on", "pk"),
        name=str(_("casetracker: hearings and deadlines")),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    return response
