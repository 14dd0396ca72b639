"""Request rates per user (and per client IP for anonymous requests).

The rates are read from settings on every request rather than once at import (DRF's
default), so `CASETRACKER_API_THROTTLE_RATE` can be changed in tests and by operators.
Counters live in Django's cache: with several server processes, configure a shared
cache (e.g. Redis) or each process counts on its own.
"""

from django.conf import settings
from rest_framework import throttling

from casetracker.audit.ip import client_ip


class ApiUserRateThrottle(throttling.UserRateThrottle):
    def get_rate(self) -> str:
        return settings.CASETRACKER_API_THROTTLE_RATE

    def get_ident(self, request) -> str:
        # The audit trail's rule for the client address (trusted proxies counted from the right).
        return client_ip(request) or "unknown"


class ApiAnonRateThrottle(throttling.AnonRateThrottle):
    def get_rate(self) -> str:
        return settings.CASETRACKER_API_ANON_THROTTLE_RATE

    def get_ident(self, request) -> str:
        return client_ip(request) or "unknown"
