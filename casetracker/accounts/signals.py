"""Receivers connected in AccountsConfig.ready()."""

import time

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from casetracker.accounts.middleware import LOGIN_AT_SESSION_KEY


@receiver(user_logged_in, dispatch_uid="casetracker.accounts.record_login_time")
def record_login_time(sender, request, user, **kwargs) -> None:
    """The start of the session's absolute lifetime (SessionMaxAgeMiddleware)."""
    if request is not None and hasattr(request, "session"):
        request.session[LOGIN_AT_SESSION_KEY] = int(time.time())
