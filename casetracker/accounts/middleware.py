"""Session limits and the two-factor requirement, checked on every request.

Both come after AuthenticationMiddleware, OTPMiddleware and MessageMiddleware.
"""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext

from casetracker.accounts import twofactor

# Set on user_logged_in (casetracker.accounts.signals); a session without it predates
# this rule or was not made by a login, and is treated as expired.
LOGIN_AT_SESSION_KEY = "casetracker_login_at"
# When the idle expiry was last pushed ahead (SessionIdleRefreshMiddleware).
SEEN_AT_SESSION_KEY = "casetracker_seen_at"
# Pushing it ahead is a write of the session row; once a minute is enough for a
# 30-minute limit, and spares every page view a database write.
IDLE_REFRESH_SECONDS = 60

# Pages an unverified staff user may still open: signing in and out, the language
# switch and the two-factor pages themselves (the whole `accounts` namespace), and the
# health check and metrics (`ops`), which need no sign-in at all and show no personal data.
TWO_FACTOR_EXEMPT_VIEWS = {"admin:login", "admin:logout", "set_language"}
TWO_FACTOR_EXEMPT_NAMESPACES = {"accounts", "ops"}


def _login_url() -> str:
    return reverse("admin:login")


class SessionIdleRefreshMiddleware:
    """Keeps an active session alive: its idle expiry (SESSION_COOKIE_AGE) moves ahead with use.

    Django's SESSION_SAVE_EVERY_REQUEST did it by writing the session row on every
    request. This marks the session changed (so Django saves it with a new expiry) only
    when the last push is a minute old or more: a session ends between 29 and 30
    minutes after its last request.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.session.session_key is not None:
            now = time.time()
            seen_at = request.session.get(SEEN_AT_SESSION_KEY)
            if not isinstance(seen_at, int | float) or now - seen_at >= IDLE_REFRESH_SECONDS:
                request.session[SEEN_AT_SESSION_KEY] = int(now)
        return self.get_response(request)


class SessionMaxAgeMiddleware:
    """Ends a session `CASETRACKER_SESSION_MAX_AGE_HOURS` after sign-in, however active it is.

    The idle limit (30 minutes) is Django's own SESSION_COOKIE_AGE, pushed ahead by
    SessionIdleRefreshMiddleware. This adds the absolute one, which activity cannot extend.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and self._expired(request):
            logout(request)
            messages.info(
                request,
                gettext("Your session has ended after %(hours)s hours. Please sign in again.")
                % {"hours": settings.CASETRACKER_SESSION_MAX_AGE_HOURS},
            )
            return redirect_to_login(request.get_full_path(), _login_url())
        return self.get_response(request)

    @staticmethod
    def _expired(request: HttpRequest) -> bool:
        login_at = request.session.get(LOGIN_AT_SESSION_KEY)
        if not isinstance(login_at, int | float):
            return True
        return time.time() - login_at > settings.CASETRACKER_SESSION_MAX_AGE_HOURS * 3600


class RequireTwoFactorMiddleware:
    """With CASETRACKER_REQUIRE_2FA on, a staff session must be verified by a second factor.

    A staff user without an authenticator is sent to enrolment; one with an
    authenticator whose session is not verified (it was opened before the
    authenticator existed, or by other means than the sign-in form) is signed out and
    asked to sign in with a code.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> HttpResponse | None:
        if not twofactor.required():
            return None
        user = request.user
        if not (user.is_authenticated and user.is_staff) or user.is_verified():
            return None
        match = request.resolver_match
        if match.view_name in TWO_FACTOR_EXEMPT_VIEWS or TWO_FACTOR_EXEMPT_NAMESPACES & set(match.namespaces):
            return None
        if twofactor.user_has_two_factor(user):
            logout(request)
            messages.info(request, gettext("Please sign in again with your authentication code."))
            return redirect_to_login(request.get_full_path(), _login_url())
        url = reverse("accounts:two_factor") + "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(url)
