"""The first middleware: a request id for the request, one log line, the request metrics."""

import logging
import time

from django.http import HttpRequest, HttpResponse

from casetracker.ops.metrics import UNRESOLVED_VIEW, observe_request
from casetracker.ops.request_id import REQUEST_ID_HEADER, bind_request_id, request_id_for

logger = logging.getLogger("casetracker.requests")


class RequestObservationMiddleware:
    """Binds the request id (returned in `X-Request-ID`), logs and counts the request.

    First in MIDDLEWARE, so the id is in every log line of the other middleware and the
    duration covers them. The log line names the view, never the URL (see log_format).
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_id_for(request)
        # Bound until request_finished (request_id.forget_request_id): Django's own log
        # line of a 4xx/5xx answer is written after the middleware has returned.
        bind_request_id(request_id)
        started = time.perf_counter()
        response = self.get_response(request)
        seconds = time.perf_counter() - started
        match = getattr(request, "resolver_match", None)
        view = match.view_name if match is not None else UNRESOLVED_VIEW
        observe_request(view=view, method=request.method, status=response.status_code, seconds=seconds)
        logger.info(
            "%s %s %s %.1f ms",
            request.method,
            view,
            response.status_code,
            seconds * 1000,
            extra={"view": view, "method": request.method, "status": response.status_code,
                   "duration_ms": round(seconds * 1000, 1)},
        )  # fmt: skip
        response[REQUEST_ID_HEADER] = request_id
        return response
