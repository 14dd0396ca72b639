"""The one exception handler of the API: every error is JSON, never an HTML page.

Validation errors (from serializers, and Django `ValidationError`s raised by models
and services) become 400 with a list of messages per field (`non_field_errors` for the
rest); other errors are `{"detail": "..."}` with their status.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Other records still refer to this one, so it cannot be deleted.")
    default_code = "protected"


def exception_handler(exc: Exception, context: dict):
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        # The same words for a record that does not exist and one the user may not
        # see: Django's message would name the model and nothing else should differ.
        exc = exceptions.NotFound()
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict()
    return drf_exception_handler(exc, context)
