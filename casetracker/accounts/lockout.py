"""What a locked-out sign-in sees (django-axes: 5 failures per username and IP, 30 minutes).

django-axes replaces the response of a locked-out attempt with the one built here
(`AXES_LOCKOUT_CALLABLE`). The sign-in form has already put the lockout message on
itself, so the login page is kept, with status 429; any other page that
authenticates gets a page with the same message.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.admin import site
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils.translation import gettext


def lockout_minutes() -> int:
    cooloff = settings.AXES_COOLOFF_TIME
    if isinstance(cooloff, timedelta):
        return int(cooloff.total_seconds() // 60)
    return int(float(cooloff) * 60)  # django-axes reads a bare number as hours


def lockout_message() -> str:
    return gettext(
        "Too many failed sign-in attempts for this username from your network. "
        "Sign-in is locked for %(minutes)s minutes; try again later or ask a coordinator to unlock it."
    ) % {"minutes": lockout_minutes()}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict | None = None
) -> HttpResponse:
    status = settings.AXES_HTTP_RESPONSE_CODE
    form = (getattr(original_response, "context_data", None) or {}).get("form")
    if isinstance(original_response, TemplateResponse) and form is not None and form.has_error("__all__", "locked_out"):
        original_response.status_code = status
        return original_response
    context = {**site.each_context(request), "title": gettext("Sign-in locked"), "message": lockout_message()}
    return render(request, "accounts/locked_out.html", context, status=status)
