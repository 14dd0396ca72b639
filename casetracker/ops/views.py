"""The health check and the metrics: no session, no audit, no personal data."""

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from casetracker.ops.health import health_report
from casetracker.ops.metrics import render_metrics


@never_cache
@require_safe
def health(request: HttpRequest) -> JsonResponse:
    """200 when every part works, 503 naming the parts that are down (keys: docs/deployment.md)."""
    healthy, report = health_report()
    return JsonResponse(report, status=200 if healthy else 503)


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics for a bearer of CASETRACKER_METRICS_TOKEN; 404 while it is unset."""
    expected = settings.CASETRACKER_METRICS_TOKEN
    if not expected:
        raise Http404
    scheme, _, presented = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not presented:
        response = HttpResponse("Bearer token required.\n", status=401, content_type="text/plain")
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    if not hmac.compare_digest(presented.strip().encode(), expected.encode()):
        return HttpResponse("Wrong token.\n", status=403, content_type="text/plain")
    body, content_type = render_metrics()
    return HttpResponse(body, content_type=content_type)
