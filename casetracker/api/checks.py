"""A malformed throttle rate is a start-up error, not a 500 on the first API request."""

import re

from django.conf import settings
from django.core import checks

RATE = re.compile(r"^\d+/(s|sec|second|m|min|minute|h|hour|d|day)$")


@checks.register(checks.Tags.security)
def check_throttle_rates(app_configs, **kwargs) -> list[checks.CheckMessage]:
    errors = []
    for name in ("CASETRACKER_API_THROTTLE_RATE", "CASETRACKER_API_ANON_THROTTLE_RATE"):
        value = getattr(settings, name, "")
        if not RATE.match(str(value)):
            errors.append(
                checks.Error(
                    f"{name} must look like 600/min (a number, a slash, s|min|hour|day); got {value!r}.",
                    id="api.E001",
                )
            )
    return errors
