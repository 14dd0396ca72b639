"""What the API answers for a URL under /api/ that matches no route."""

from django.http import JsonResponse
from django.views import defaults
from rest_framework.exceptions import NotFound


def page_not_found(request, exception):
    """JSON for /api/ (a client parses the body as JSON), Django's page elsewhere.

    An id the router cannot match (`/api/v1/cases/1.5/`) never reaches DRF's exception
    handler, so without this an API client would get an HTML page.
    """
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(NotFound.default_detail)}, status=404)
    return defaults.page_not_found(request, exception)
