"""The request id: one per request, in every log line it causes and in the tasks it queues.

It comes from the proxy's `X-Request-ID` header when the app is behind a trusted proxy
(CASETRACKER_TRUSTED_PROXY_COUNT > 0; deploy/nginx sets it to its own `$request_id`),
otherwise it is generated. Only hexadecimal digits and dashes (16 to 64) are taken from
the header: an id can never carry a name, a phone number or anything else a client typed.
"""

import contextvars
import logging
import re
import uuid

from django.conf import settings
from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest

REQUEST_ID_HEADER = "X-Request-ID"
# Where the id travels in a Celery message's headers.
TASK_HEADER = "casetracker_request_id"
_VALID_REQUEST_ID = re.compile(r"[0-9A-Fa-f-]{16,64}")

_current: contextvars.ContextVar[str | None] = contextvars.ContextVar("casetracker_request_id", default=None)


def current_request_id() -> str | None:
    """The id of the request (or task) being handled in this context, if any."""
    return _current.get()


def bind_request_id(request_id: str | None) -> contextvars.Token:
    """Make `request_id` current; hand the token to `unbind_request_id` when done."""
    return _current.set(request_id)


def unbind_request_id(token: contextvars.Token) -> None:
    _current.reset(token)


@receiver(request_finished, dispatch_uid="casetracker_forget_request_id")
def forget_request_id(**kwargs) -> None:
    """The response is sent (and closed): what this thread logs next is not the request's."""
    _current.set(None)


def new_request_id() -> str:
    return uuid.uuid4().hex


def valid_request_id(value: object) -> str | None:
    """`value` when it has the shape of a request id (hex digits and dashes), else None."""
    if isinstance(value, str) and _VALID_REQUEST_ID.fullmatch(value):
        return value
    return None


def request_id_for(request: HttpRequest) -> str:
    """The trusted proxy's id for this request, or a new one."""
    if int(getattr(settings, "CASETRACKER_TRUSTED_PROXY_COUNT", 0) or 0) > 0:
        from_proxy = valid_request_id(request.headers.get(REQUEST_ID_HEADER))
        if from_proxy:
            return from_proxy
    return new_request_id()


class RequestIdFilter(logging.Filter):
    """Adds `request_id` to every record ("-" outside a request or task), for any formatter."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = _current.get() or "-"
        return True
